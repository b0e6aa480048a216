"""`python -m konsultasjon_app`: the window, or a command (see `--help`)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
