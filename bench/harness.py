"""Timing whole processes fairly: the program and its baseline in turn (A B A B …), after a warm-up, with the
median and the ratio pair by pair, and each run's peak memory from the operating system's accounting."""

from __future__ import annotations

import contextlib
import io
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass


@dataclass
class Run:
    seconds: float
    peak_kb: int | None  # the largest resident set of the process (None where the OS does not tell)


def run_once(argv: list[str], env: dict | None = None, cwd=None) -> Run:
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss  # kilobytes on Linux
    else:  # pragma: no cover - Windows: time only
        process.wait()
        peak = None
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited with {process.returncode}")
    return Run(seconds, peak)


@dataclass
class Comparison:
    app: list[Run]
    base: list[Run]

    @property
    def app_median(self) -> float:
        return statistics.median(r.seconds for r in self.app)

    @property
    def base_median(self) -> float:
        return statistics.median(r.seconds for r in self.base)

    @property
    def ratio(self) -> float:
        """The median of the pairwise ratios: robust when the machine's speed drifts during the runs."""
        return statistics.median(a.seconds / b.seconds for a, b in zip(self.app, self.base))

    @property
    def memory_ratio(self) -> float | None:
        if any(r.peak_kb is None for r in (*self.app, *self.base)):
            return None
        return statistics.median(a.peak_kb / b.peak_kb for a, b in zip(self.app, self.base))

    def peak_mb(self, which: str) -> float | None:
        runs = self.app if which == "app" else self.base
        if any(r.peak_kb is None for r in runs):
            return None
        return statistics.median(r.peak_kb for r in runs) / 1024


def compare(app: list[str], base: list[str], *, runs: int = 7, warmup: int = 1, env: dict | None = None, cwd=None) -> Comparison:
    for _ in range(warmup):  # the file cache and compiled bytecode then favour neither
        run_once(app, env, cwd)
        run_once(base, env, cwd)
    result = Comparison([], [])
    for _ in range(runs):
        result.base.append(run_once(base, env, cwd))
        result.app.append(run_once(app, env, cwd))
    return result


def bench_env(data_dir) -> dict:
    """A private data folder and settings as a user has them: bytecode cached, offscreen rendering."""
    env = dict(os.environ, KONSULTASJON_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def pdf_pages(data: bytes) -> int:
    """The number of pages of a PDF reportlab wrote (each page object is /Type /Page, the tree /Type /Pages)."""
    return data.count(b"/Type /Page\n") or data.count(b"/Type /Page ")


def import_bundle(bundle, db) -> None:
    """Make the database `db` from the bundle file `bundle` through the program's own import command (quietly)."""
    from konsultasjon_app.cli import main

    with contextlib.redirect_stdout(io.StringIO()):
        if main(["--db", str(db), "import", str(bundle)]) != 0:
            raise SystemExit(f"{bundle} did not import")


def quiet_application():
    """The QApplication of a benchmark that drives the window in its own process (offscreen), with the offscreen
    platform's "This plugin does not support propagateSizeHints()" (printed at every dialog shown, some forty lines
    a run) left out of the figures; every other message of Qt's is printed as before."""
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    def handler(mode, context, message):
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)
    return QApplication.instance() or QApplication([])
