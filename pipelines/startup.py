"""How hkclose's processes start: the code they import once and keep is left out of Python's
garbage collections.

Importing Dagster, dagster-dbt and dbt-core builds some 360,000 objects that live as long as the
process. Python's collector would walk them during the imports, in every full collection after,
and once more when the interpreter shuts down: about 1.5 s of a one-day `hkclose report`, whose
run itself takes about 4 s. `gc.freeze` moves such objects to a generation no collection visits.

Bottom layer: imports nothing of `pipelines`.
"""

import atexit
import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def long_lived_imports() -> Iterator[None]:
    """Import without collecting, then freeze what the imports built. At exit, freeze the rest:
    the process is ending, and its memory goes back to the system whole."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()
        atexit.unregister(gc.freeze)  # once per process, however many times this runs
        atexit.register(gc.freeze)


def dbt_main() -> None:
    """`hkclose-dbt`: dbt's own command line (`dbt.cli.main.cli`, as the `dbt` script runs it),
    started as above. dagster-dbt runs it as a subprocess once per run (pipelines/defs/resources.py)."""
    with long_lived_imports():
        from dbt.cli.main import cli
    sys.exit(cli())
