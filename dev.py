#!/usr/bin/env python3
"""Set up and run the project with nothing but Python ≥ 3.11 (Windows or Linux).

    python dev.py run     install into .venv, then open the application on the demo database
    python dev.py test    install into .venv (with the test tools), then run the whole test suite
    python dev.py bench   install, then run the benchmarks under bench/ (or only those named: startup, …)
    python dev.py build   install PyInstaller, build dist/Konsultasjon (one folder), then smoke-test it

Installation happens again only when pyproject.toml changes. Extra arguments go to the program or pytest.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_environment(extras: str) -> Path:
    """Create .venv and install the project (editable) with the given extras, unless already done."""
    if sys.version_info < (3, 11):
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    python = venv_python()
    if not python.exists():
        print(f"Creating {VENV} …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    stamp_file = VENV / f".installed-{extras or 'base'}"
    stamp = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if not stamp_file.exists() or stamp_file.read_text() != stamp:
        target = f".[{extras}]" if extras else "."
        print(f"Installing {target} into {VENV} …", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True, cwd=ROOT)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-e", target], check=True, cwd=ROOT)
        stamp_file.write_text(stamp)
    return python


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "run"
    rest = argv[1:]
    if command == "run":
        python = ensure_environment("")
        return subprocess.call([str(python), "-m", "konsultasjon_app", "--demo", *rest], cwd=ROOT)
    if command == "test":
        python = ensure_environment("test")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        return subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT, env=env)
    if command == "build":
        python = ensure_environment("build")
        built = subprocess.call([str(python), "-m", "PyInstaller", "--noconfirm", "--clean", "--distpath", "dist", "--workpath", "build",
                                 str(ROOT / "packaging" / "konsultasjon.spec")], cwd=ROOT)
        if built != 0:
            return built
        return subprocess.call([str(python), str(ROOT / "packaging" / "smoke.py"), str(ROOT / "dist" / "Konsultasjon")], cwd=ROOT)
    if command == "bench":
        python = ensure_environment("test")
        return subprocess.call([str(python), str(ROOT / "bench" / "run.py"), *rest], cwd=ROOT)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
