"""The files a database keeps beside it, as the store knows them: what no document may be written over."""

from __future__ import annotations

from konsultasjon_app.store.location import DATABASE_SIDE_FILES, database_file
from konsultasjon_app.store.session import Session

from ..processes import add


def test_every_file_the_store_keeps_beside_a_database_is_known_as_the_databases(tmp_path):
    """One list of them (SQLite's -wal and -shm, the writer's .lock), used by the command line, the window and the
    backups alike."""
    db = tmp_path / "db.sqlite3"
    session = Session.open(db, lock=True)
    try:
        add(session, "a")
        beside = {p.name[len(db.name):] for p in tmp_path.iterdir() if p.name.startswith(db.name) and p != db}
        assert beside == {"-wal", "-shm", ".lock"} and beside <= set(DATABASE_SIDE_FILES)
        for suffix in beside:
            assert database_file(tmp_path / f"{db.name}{suffix}", db) == suffix
        assert database_file(tmp_path / "sub" / ".." / db.name, db) == ""
        assert database_file(tmp_path / "db.pdf", db) is None
    finally:
        session.close()
