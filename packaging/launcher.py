"""Entry point of the frozen program (PyInstaller): the same as `python -m konsultasjon_app`."""

import sys

if __name__ == "__main__":
    from konsultasjon_app import gcpolicy

    gcpolicy.starting()  # before the command line's modules are imported (see gcpolicy); run_program keeps it so
    from konsultasjon_app.cli import run_program

    sys.exit(run_program())
