"""How hkclose's processes start: the code they import once and keep is left out of Python's
garbage collections.

Importing Dagster, dagster-dbt and dbt-core builds some 360,000 objects that live as long as the
process. Python's collector would walk them during the imports, in every full collection after,
and once more when the interpreter shuts down: about 1.5 s of a one-day `hkclose report`, whose
run itself takes about 4 s, and about 1 s of any process that loads the code location (a run
launched by the daemon or the UI, `dagster asset materialize`). `gc.freeze` moves such objects to a
generation no collection visits.

Bottom layer: imports nothing of `pipelines`.
"""

import atexit
import ctypes
import gc
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager


def keep_for_the_process() -> None:
    """Leave every object that exists now out of every later collection; at exit, freeze the rest
    too, so the interpreter's last collection has nothing to walk (the memory goes back whole)."""
    gc.freeze()
    atexit.unregister(gc.freeze)  # once per process, however many times this runs
    atexit.register(gc.freeze)


@contextmanager
def long_lived_imports() -> Iterator[None]:
    """Import without collecting, then keep what the imports built for the process."""
    gc.disable()
    try:
        yield
    finally:
        keep_for_the_process()
        gc.enable()


def die_with_parent() -> None:
    """Have the kernel kill this process when the process that started it dies (Linux).

    dagster-dbt starts dbt as a child of the run's process. A run killed alone (the OOM killer, a
    `kill -9` of the run worker) would leave its dbt running, still writing the working database
    while the run's retry starts: the retry's dbt would then find the database locked.
    """
    if sys.platform != "linux":
        return
    parent = os.getppid()
    pr_set_pdeathsig = 1  # from <sys/prctl.h>
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the call took effect
        sys.exit("hkclose-dbt: the run that started this dbt is gone")


def dbt_main() -> None:
    """`hkclose-dbt`: dbt's own command line (`dbt.cli.main.cli`, as the `dbt` script runs it),
    started as above, and killed with the run that started it. dagster-dbt runs it as a subprocess
    once per run (pipelines/defs/resources.py)."""
    die_with_parent()
    with long_lived_imports():
        from dbt.cli.main import cli
    sys.exit(cli())
