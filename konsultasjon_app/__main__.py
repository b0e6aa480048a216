"""`python -m konsultasjon_app`: the window, or a command (see `--help`)."""

import sys

if __name__ == "__main__":
    from . import gcpolicy

    gcpolicy.starting()  # before the command line's modules are imported (see gcpolicy); run_program keeps it so
    from .cli import run_program

    sys.exit(run_program())
