"""Entry point of the frozen program (PyInstaller): the same as `python -m konsultasjon_app`."""

import sys

from konsultasjon_app.cli import run_program

if __name__ == "__main__":
    sys.exit(run_program())
