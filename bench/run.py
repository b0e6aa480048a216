"""All the benchmarks, one after the other (`python dev.py bench`), or those named (`python dev.py bench startup
plan_scaling`). Each prints its figures as ratios to a baseline measured in the same run; see bench/RESULTS.md for
the figures recorded and what was optimised."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = (
    ("start-up, register tab", ["startup.py", "--tab", "register"]),
    ("start-up, agenda tab", ["startup.py", "--tab", "agenda"]),
    ("planner scaling", ["plan_scaling.py"]),
    ("undo of a batch, scaling", ["undo_scaling.py"]),
    ("edit to refreshed agenda", ["edit_refresh.py"]),
    ("agreement form with a long history", ["form_open.py"]),
    ("agenda PDF, cold and warm", ["agenda_pdf.py"]),
    ("overview PDF of ~1,000 agreements", ["overview_pdf.py"]),
)


def main(argv: list[str] | None = None) -> int:
    names = {script.removesuffix(".py") for _, (script, *_) in BENCHES}
    wanted = set(sys.argv[1:] if argv is None else argv)
    if wanted - names:
        print(f"unknown benchmark: {', '.join(sorted(wanted - names))} (there are: {', '.join(sorted(names))})", file=sys.stderr)
        return 2
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # users run with compiled bytecode cached
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    failed = 0
    for title, (script, *args) in BENCHES:
        if wanted and script.removesuffix(".py") not in wanted:
            continue
        print(f"\n== {title} ==", flush=True)
        done = subprocess.run([sys.executable, str(HERE / script), *args], env=env, cwd=HERE.parent)
        failed += done.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
