"""`python -m konsultasjon_app`: the window, or a command (see `--help`)."""

import sys

from .cli import run_program

if __name__ == "__main__":
    sys.exit(run_program())
