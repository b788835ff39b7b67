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
import gc
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


def dbt_main() -> None:
    """`hkclose-dbt`: dbt's own command line (`dbt.cli.main.cli`, as the `dbt` script runs it),
    started as above. dagster-dbt runs it as a subprocess once per run (pipelines/defs/resources.py)."""
    with long_lived_imports():
        from dbt.cli.main import cli
    sys.exit(cli())
