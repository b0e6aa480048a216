"""The paths a command is given (--db, its outputs): one in a folder the user may not open, and a --db in a folder
that is not there. Each is told in words naming the path, with the contract's exit code; nothing is made."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from konsultasjon_app.cli import EXIT_ENVIRONMENT, EXIT_INPUT, EXIT_OK

from .test_reports_cli import DEMO, ROOT, db, run  # noqa: F401 - the demo database (a fixture) and the runner


@pytest.fixture
def closed(tmp_path, monkeypatch) -> Path:
    """A folder the user may not open (another user's home, a share folder without access): the system refuses to
    look at anything in it (EACCES), as it refuses an ordinary user. The tests run as root too, whom permissions do
    not stop, so the refusal is made here, where every look goes: os.stat (Path.is_dir and Path.exists), os.lstat
    and os.open."""
    folder = tmp_path / "stengt"
    folder.mkdir()

    def refusing(real):
        def look(path, *args, **kwargs):
            if isinstance(path, (str, bytes, os.PathLike)):
                here = Path(os.path.abspath(os.fsdecode(path)))
                if here != folder and here.is_relative_to(folder):
                    raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
            return real(path, *args, **kwargs)

        return look

    for name in ("stat", "lstat", "open"):
        monkeypatch.setattr(os, name, refusing(getattr(os, name)))
    return folder


DB_COMMANDS = {
    "import": ["import", str(DEMO)],
    "check": ["check"],
    "plan": ["plan", "--from-year", "2006"],
    "export": ["export", "{out}/ut.json"],
    "evaluation": ["evaluation", "--criteria-set", "nav2017"],
    "agenda": ["agenda", "--year", "2006", "--meeting", "2", "--pdf", "{out}/dagsorden.pdf"],
    "screenshot": ["--screenshot", "{out}/skjerm.png"],
}


@pytest.mark.parametrize("command", DB_COMMANDS.values(), ids=DB_COMMANDS.keys())
def test_a_database_in_a_folder_the_user_may_not_open_is_said_so(tmp_path, closed, capsys, command):
    """`--db` on a share folder the user has no access to. Was: a traceback (PermissionError from Path.is_dir() or
    exists(), which Python 3.11 raises), exit 1, which a script takes for a bug; `import /root/b.json` already said
    "permission denied", exit 3."""
    db = closed / "register.sqlite3"
    argv = [part.format(out=tmp_path) for part in command]
    assert run("--db", str(db), *argv) == EXIT_ENVIRONMENT
    assert capsys.readouterr().err == f"error: {db}: permission denied\n"


OUTPUT_COMMANDS = {
    "export": ["export", "{out}"],
    "agenda": ["agenda", "--year", "2006", "--meeting", "2", "--pdf", "{out}"],
    "calendar": ["calendar", "--year", "2006", "--ics", "{out}"],
    "evaluation-pdf": ["evaluation", "--criteria-set", "nav2017", "--pdf", "{out}"],
    "evaluation-xlsx": ["evaluation", "--criteria-set", "nav2017", "--xlsx", "{out}"],
    "screenshot": ["--screenshot", "{out}"],
}
SUFFIX = {"export": ".json", "calendar": ".ics", "evaluation-xlsx": ".xlsx", "screenshot": ".png"}


@pytest.mark.parametrize("inside", ["", "undermappe"], ids=["in-it", "in-a-folder-in-it"])
@pytest.mark.parametrize("command", OUTPUT_COMMANDS, ids=OUTPUT_COMMANDS.keys())
def test_an_output_in_a_folder_the_user_may_not_open_is_said_so(db, closed, capsys, command, inside):
    """An output in a folder the user may not open, or in a folder inside it (which cannot be told missing or
    there). Was: a traceback, exit 1."""
    out = closed / inside / f"ut{SUFFIX.get(command, '.pdf')}"
    argv = [part.format(out=out) for part in OUTPUT_COMMANDS[command]]
    assert run("--db", str(db), *argv) == EXIT_ENVIRONMENT
    captured = capsys.readouterr()
    assert captured.err == f"error: {out}: permission denied\n"
    assert captured.out == ""  # (evaluation's summary included: every output is checked before anything is printed)


@pytest.mark.skipif(not (hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("setpriv")),
                    reason="needs root to run the command as `nobody` (setpriv), for whom a folder of root's is closed")
def test_a_real_folder_the_user_may_not_open(tmp_path_factory):
    """The same, with the system's own refusal: the command run as `nobody` against a root-owned folder of mode 700."""
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="konsultasjon-stengt-"))
    try:
        base.chmod(0o755)
        folder = base / "stengt"
        folder.mkdir(mode=0o700)
        data = base / "data"
        data.mkdir(mode=0o777)
        db = folder / "register.sqlite3"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "KONSULTASJON_DATA_DIR": str(data), "HOME": str(data)}
        done = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-m", "konsultasjon_app",
                               "--db", str(db), "import", str(DEMO)], env=env, cwd=data, capture_output=True, timeout=120)
        assert (done.returncode, done.stderr.decode("utf-8")) == (EXIT_ENVIRONMENT, f"error: {db}: permission denied\n")
        assert not any(folder.iterdir())
    finally:
        shutil.rmtree(base)


@pytest.mark.parametrize("missing", ["skrivefeil/Konsultasjn", "skrivefeil"])
def test_import_into_a_database_in_a_folder_that_does_not_exist_is_bad_input(tmp_path, capsys, missing):
    """A typo in a shared drive's path. Was: exit 0, the whole chain of folders made, and the import went into a
    second, empty register there without a word."""
    db = tmp_path / missing / "register.sqlite3"
    assert run("--db", str(db), "import", str(DEMO)) == EXIT_INPUT
    assert capsys.readouterr().err == f"error: {db}: the folder {db.parent} does not exist\n"
    assert not (tmp_path / "skrivefeil").exists()


def test_import_into_a_database_under_a_file_is_bad_input(tmp_path, capsys):
    """Was: "could not be read or written (disk or network error)", exit 3, which sent the user after the disk."""
    (tmp_path / "enfil").write_text("x", encoding="utf-8")
    db = tmp_path / "enfil" / "register.sqlite3"
    assert run("--db", str(db), "import", str(DEMO)) == EXIT_INPUT
    assert capsys.readouterr().err == f"error: {db}: {tmp_path / 'enfil'} is a file, not a folder\n"


def test_import_makes_the_data_folder_on_first_use(tmp_path, monkeypatch, capsys):
    """Without --db the register lies in the data folder, made when it is not there yet (a first start)."""
    data = tmp_path / "ny" / "Konsultasjon"
    monkeypatch.setenv("KONSULTASJON_DATA_DIR", str(data))
    assert run("import", str(DEMO)) == EXIT_OK
    assert (data / "konsultasjon.sqlite3").is_file()


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="a file name that is not UTF-8 is possible on Linux only")
@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_a_file_name_that_is_not_utf8_is_printed_not_a_traceback(tmp_path, encoding):
    """Linux allows any bytes in a name. Was: the import done, then a traceback printing "…: imported" (exit 1)
    wherever standard output is strict UTF-8 (a UTF-8 locale other than C.UTF-8; or made UTF-8 from a code page)."""
    odd = tmp_path / os.fsdecode(b"avtaler-\xff.json")
    shutil.copyfile(DEMO, odd)
    command = [sys.executable, "-m", "konsultasjon_app", "--db", str(tmp_path / "db.sqlite3"), "import", str(odd)]
    done = subprocess.run(command, capture_output=True, env=dict(os.environ, PYTHONIOENCODING=encoding), check=False, cwd=ROOT)
    assert (done.returncode, done.stderr) == (EXIT_OK, b"")
    # Shown as standard error shows it (backslashreplace): the lone surrogate Python holds the byte 0xff as.
    assert done.stdout.decode("utf-8").startswith(f"{tmp_path}/avtaler-\\udcff.json: imported\n")


@pytest.mark.parametrize("name", ["mappe", "mappe.json"])
def test_export_to_a_folder_says_it_is_a_folder(db, tmp_path, capsys, name):
    """As every other output. Was: "cannot be written: the format follows the extension" for `export mappe`."""
    folder = tmp_path / name
    folder.mkdir()
    assert run("--db", str(db), "export", str(folder)) == EXIT_INPUT
    assert capsys.readouterr().err == f"error: {folder}: is a folder, not a file\n"


@pytest.mark.parametrize(("count", "said"), [(1, "1 agreement"), (2, "2 agreements")])
def test_export_counts_its_agreements_in_words(tmp_path, capsys, count, said):
    bundle = tmp_path / "inn.json"
    bundle.write_text(json.dumps({"format": "konsultasjon-bundle", "version": 1,
                                  "agreements": [{"key": f"a{i}", "title": f"A{i}"} for i in range(count)]}), encoding="utf-8")
    db = tmp_path / "db.sqlite3"
    assert run("--db", str(db), "import", str(bundle)) == EXIT_OK
    capsys.readouterr()
    out = tmp_path / "ut.json"
    assert run("--db", str(db), "export", str(out)) == EXIT_OK
    assert capsys.readouterr().out == f"{out}: exported {said}\n"  # was "exported 1 agreements"
