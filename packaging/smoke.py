"""Smoke test of the built program (after `pyinstaller packaging/konsultasjon.spec`): it starts, finds its
resources, opens the demo database, renders the window, prints an agenda and minutes and writes a calendar, with a private data folder;
reportlab's C accelerator is in the bundle.

    python packaging/smoke.py [dist/Konsultasjon]

Exit code 0 when every check passes; each failure is printed."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from konsultasjon_app.codecache import BUNDLED  # noqa: E402 - the cache file's place in the built program's folder


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    return struct.unpack(">II", data[16:24])


def main(folder: Path) -> int:
    exe = ".exe" if os.name == "nt" else ""
    window, cli = folder / f"Konsultasjon{exe}", folder / f"konsultasjon-cli{exe}"
    failures = []
    before = {p.relative_to(folder) for p in folder.rglob("*")}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = dict(os.environ, KONSULTASJON_DATA_DIR=str(tmp / "data"))
        env.setdefault("QT_QPA_PLATFORM", "windows" if os.name == "nt" else "offscreen")
        shot = tmp / "vindu.png"
        run = subprocess.run([str(window), "--demo", "--screenshot", str(shot), "--tab", "agenda"], env=env, capture_output=True, text=True, timeout=180)
        if run.returncode != 0 or not shot.exists():
            failures.append(f"screenshot: exit {run.returncode}: {run.stderr.strip()}")
        else:
            width, height = png_size(shot)
            if (width, height) != (1280, 800) and (width, height) != (1920, 1200):
                failures.append(f"screenshot is {width}×{height}, not 1280×800")
            elif shot.stat().st_size < 30_000:
                failures.append(f"screenshot is only {shot.stat().st_size} bytes: the window looks empty")
        db = tmp / "data" / "demo.sqlite3"
        pdf = tmp / "dagsorden.pdf"
        run = subprocess.run([str(cli), "--db", str(db), "agenda", "--year", "2006", "--meeting", "2", "--pdf", str(pdf)], env=env, capture_output=True, text=True, timeout=180)
        if run.returncode != 0 or not pdf.exists() or not pdf.read_bytes().startswith(b"%PDF"):
            failures.append(f"agenda: exit {run.returncode}: {run.stderr.strip()}")
        elif b"DejaVuSans" not in pdf.read_bytes():
            failures.append("agenda: the bundled font is not in the PDF")
        run = subprocess.run([str(cli), "--db", str(db), "plan", "--from-year", "2006", "--format", "json"], env=env, capture_output=True, text=True, timeout=180)
        if run.returncode != 0 or '"M2-REVIEW"' not in run.stdout:
            failures.append(f"plan: exit {run.returncode}: {run.stderr.strip()}")
        # The calendar and the minutes need the Europe/Oslo time zone, which Windows has only from tzdata.
        ics = tmp / "møter.ics"
        run = subprocess.run([str(cli), "--db", str(db), "calendar", "--year", "2006", "--ics", str(ics)], env=env, capture_output=True, text=True, timeout=180)
        if run.returncode != 0 or not ics.exists() or b"Europe/Oslo" not in ics.read_bytes():
            failures.append(f"calendar: exit {run.returncode}: {run.stderr.strip()}")
        minutes = tmp / "protokoll.pdf"
        run = subprocess.run([str(cli), "--db", str(db), "minutes", "--year", "2006", "--meeting", "2", "--pdf", str(minutes)], env=env, capture_output=True, text=True, timeout=180)
        if run.returncode != 0 or not minutes.exists():
            failures.append(f"minutes: exit {run.returncode}: {run.stderr.strip()}")
    # The code compiled at every start (the record types' methods, PySide6's support modules, patterns) is made with
    # the build (konsultasjon_app/codecache.py), and the program, in Program Files, writes nothing into its own folder.
    if not any(folder.rglob(BUNDLED.as_posix())):
        failures.append("the compiled code of codecache is not in the bundle: every start compiles it")
    written = sorted({p.relative_to(folder) for p in folder.rglob("*")} - before)
    if written:
        failures.append(f"the program wrote into its own folder: {', '.join(map(str, written[:5]))}")
    # reportlab falls back to Python without a word when its C accelerator is missing: look for it in the folder.
    if not any(folder.rglob("_rl_accel*")):
        failures.append("reportlab's C accelerator (_rl_accel) is not in the bundle: PDFs would lay out slower")
    for failure in failures:
        print("FAIL", failure)
    print("smoke test:", "passed" if not failures else f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist" / "Konsultasjon"))
