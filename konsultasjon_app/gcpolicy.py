"""Python's cyclic garbage collector, paced for a program that starts, works and exits.

Starting makes a few hundred thousand objects that live until the program exits (modules, classes, Qt's enums,
the register read from the database) and next to no garbage. At Python's default pace (a collection for every
700 new container objects) the collector still runs some eighty times while the window is built, and when the
program exits it goes through everything once more: about 25 ms of a 300 ms start (bench/RESULTS.md).

The program's entry point calls `starting()` first: collections then come far less often. `started()`, once the
window is up (or a command has done its work), freezes what exists, so that later collections skip it, and
returns to the default pace. Almost all of it lives as long as the program does; what of it is dropped later is
freed as usual, except objects that refer to each other in a circle, which stay until the program exits (after
opening another database, some 160 objects of the first register's: bounded, since only one freeze is made).
A process that never called `starting()` (the tests, which call `cli.main()` many times) is left as Python set
it up.
"""

from __future__ import annotations

import gc

STARTING_THRESHOLD = 25_000  # new container objects between two collections while the program starts
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
