"""Python's cyclic garbage collector, paced for a program that starts, works and exits.

Starting makes a few hundred thousand objects that live until the program exits (modules, classes, Qt's enums,
the register read from the database) and next to no garbage. At Python's default pace (a collection for every
700 new container objects) the collector still runs some eighty times while the window is built, and when the
program exits it goes through everything once more: about 25 ms of a 300 ms start (bench/RESULTS.md).

The program's entry points call `starting()` first: `python -m konsultasjon_app` and the built program's launcher
and run-time hook before they import the command line's modules, `run_program()` before it reads the code it keeps
(codecache: some 3,700 containers); at Python's pace those made some thirteen collections, 2-3 ms. Collections then
come far less often: at 100,000 new objects between two, the window's start with a register of 1,000 agreements
makes none; at 25,000 it made one while reading the register, 5-7 ms, which freed 55 objects (bench/RESULTS.md,
twenty-third round). `started()`, once the window is up (or a command has done its work), freezes what exists,
so that later collections skip it, and returns to the default pace. Almost all of it lives as long as the program
does; what of it is dropped later is freed as usual, except objects that refer to each other in a circle, which stay
until the program exits (after opening another database, some 160 objects of the first register's: bounded, since
only one freeze is made). A process that never called `starting()` (the tests, which call `cli.main()` many times)
is left as Python set it up.
"""

from __future__ import annotations

import gc

STARTING_THRESHOLD = 100_000  # new container objects between two collections while the program starts
_default: tuple[int, int, int] | None = None


def starting() -> None:
    global _default
    if _default is None:
        _default = gc.get_threshold()
        gc.set_threshold(STARTING_THRESHOLD, *_default[1:])


def started() -> None:
    global _default
    if _default is not None:
        gc.freeze()
        gc.set_threshold(*_default)
        _default = None
