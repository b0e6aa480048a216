"""Benchmark (not a test): does undoing a batch cost what the batch cost, growing linearly with its size?

    python bench/undo_scaling.py [--strict]

The secretary reaches for Ctrl+Z right after a bulk action: an import of a thousand agreements, «Godta alle
forslag» on a criteria set. Undo applies the batch's inverse: a Delete for every record the batch made, in reverse
order. Registers of 1,000 … 4,000 agreements (bench/plan_scaling.make_register) are imported as one command (as
Fil → Importer does) and the inverse is applied, in the domain (`changes.apply`), best of five per size, sizes in
turns. Printed: each size's import and undo, the undo as a ratio to its import, and 4,000 over 1,000 for the undo.
PASS when the undo of 4,000 takes at most 4.5 × the undo of 1,000 (linear; it was quadratic until the ninth round:
2.4 s for 4,000 agreements against 20 ms for their import). The exit code is 0 unless --strict is given and the
check fails.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "bench"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from plan_scaling import make_register  # noqa: E402

from konsultasjon_app.domain.changes import RECORD_KINDS, Put, apply  # noqa: E402
from konsultasjon_app.domain.model import Register  # noqa: E402

SIZES = (1_000, 2_000, 4_000)
REPEATS = 5
LINEAR_LIMIT = 4.5


def measure() -> dict[int, tuple[float, float, int]]:
    """Per size: (best import, best undo, records made)."""
    batches = {}
    for n in SIZES:
        incoming = make_register(n)
        ops = tuple(Put(kind, record) for kind in RECORD_KINDS for record in getattr(incoming, kind))  # as an import's
        batches[n] = (ops, apply(Register(), ops))
    best = {n: [float("inf"), float("inf")] for n in SIZES}
    gc.disable()
    try:
        for _ in range(REPEATS):
            for n, (ops, done) in batches.items():
                start = time.perf_counter()
                apply(Register(), ops)
                middle = time.perf_counter()
                apply(done.register, done.inverse)
                end = time.perf_counter()
                best[n][0] = min(best[n][0], middle - start)
                best[n][1] = min(best[n][1], end - middle)
    finally:
        gc.enable()
    return {n: (best[n][0], best[n][1], len(batches[n][0])) for n in SIZES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 when the undo does not grow linearly")
    args = parser.parse_args(argv)
    figures = measure()
    print(f"Undo of an import as one command, in the domain; best of {REPEATS}, sizes in turns")
    for n, (made, undone, records) in figures.items():
        print(f"  {n:5,} agreements ({records:6,} records): import {made * 1000:7.1f} ms   undo {undone * 1000:7.1f} ms   undo/import {undone / made:5.2f}")
    ratio = figures[SIZES[-1]][1] / figures[SIZES[0]][1]
    passed = ratio <= LINEAR_LIMIT
    print(f"  undo {SIZES[-1]:,} / {SIZES[0]:,}: {ratio:.2f} (goal ≤ {LINEAR_LIMIT}: {'PASS' if passed else 'FAIL'})")
    return 1 if args.strict and not passed else 0


if __name__ == "__main__":
    sys.exit(main())
