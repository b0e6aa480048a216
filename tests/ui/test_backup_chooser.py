"""The backup chooser: what each backup offered holds, so that the user can tell which one to restore."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from konsultasjon_app.store import backup as backups
from konsultasjon_app.store.session import Session
from konsultasjon_app.ui import backup_chooser
from konsultasjon_app.ui.backup_chooser import BackupChooser

from ..processes import add


def _rows(chooser: BackupChooser) -> list[list[str]]:
    """The chooser's rows as shown: each cell's text (when, why, what it holds, its newest change)."""
    model = chooser.view.model()
    cells = [[model.index(row, column) for column in range(4)] for row in range(model.rowCount())]
    return [[cell.data() for cell in row if cell.isValid()] for row in cells]


def backed_up(db: Path, keys: list[str], times: list[dt.datetime]) -> list[backups.Backup]:
    """A database backed up by the user at each of `times`, after adding one more of `keys` each time."""
    session = Session.open(db, lock=True)
    made = []
    try:
        for key, at in zip(keys, times, strict=True):
            add(session, key)
            made.append(backups.make_backup(session.store.conn, db, "manual", keep=100, now=at))
    finally:
        session.close()
    return made


def test_each_backup_shows_when_it_was_made_and_what_it_holds(qtbot, tmp_path, qtmodeltester):
    """The secretary choosing a backup sees, for each, the time in Norwegian form, why it was made, how many
    agreements and meetings it holds and when its newest change was made; a damaged one says «kan ikke leses» in its
    row, and the dialog still opens. Was: a list of times only (with seconds, 26.04.2026 10:15:00)."""
    db = tmp_path / "db.sqlite3"
    older, damaged, newest = backed_up(db, ["a", "b", "c"], [dt.datetime(2026, 4, 26, 9, 5), dt.datetime(2026, 4, 26, 10, 15),
                                                             dt.datetime(2026, 4, 27, 8, 30)])
    damaged.path.write_bytes(b"SQLite format 3\x00" + b"\xde\xad" * 3000)
    changed = backups.contents(newest).changed

    chooser = BackupChooser(db, "Velg en sikkerhetskopi.")
    qtbot.addWidget(chooser)
    chooser.show()

    rows = _rows(chooser)
    assert rows[0][:3] == ["27.04.2026 kl. 08.30", "tatt av brukeren", "3 avtaler, 0 møter"]
    assert rows[0][3] == f"{changed:%d.%m.%Y} kl. {changed:%H.%M}"
    assert rows[1][:3] == ["26.04.2026 kl. 10.15", "tatt av brukeren", "kan ikke leses"]
    assert rows[2][:3] == ["26.04.2026 kl. 09.05", "tatt av brukeren", "1 avtale, 0 møter"]
    assert chooser.chosen() == newest
    qtmodeltester.check(chooser.view.model())


def test_the_chooser_reads_only_the_backups_it_shows(qtbot, tmp_path, monkeypatch):
    """With many backups (30 here; up to 100 are kept) the chooser opens without reading every file: what a backup
    holds is read when its row is shown, once."""
    db = tmp_path / "db.sqlite3"
    start = dt.datetime(2026, 1, 1, 12)
    backed_up(db, [f"k{i}" for i in range(30)], [start + dt.timedelta(hours=i) for i in range(30)])
    read: list[Path] = []
    contents = backups.contents
    monkeypatch.setattr(backup_chooser.backups, "contents", lambda backup: read.append(backup.path) or contents(backup))

    chooser = BackupChooser(db, "Velg en sikkerhetskopi.")
    qtbot.addWidget(chooser)
    chooser.show()
    qtbot.waitExposed(chooser)
    chooser.grab()  # painted as on screen

    assert 0 < len(read) < 30
    assert len(read) == len(set(read))
    assert _rows(chooser)[-1][2] == "1 avtale, 0 møter"  # the oldest, read when asked for
