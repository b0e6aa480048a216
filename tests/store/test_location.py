"""The files a database keeps beside it, as the store knows them: what no document may be written over; and where
a database lies that SQLite's locking does not hold (a folder OneDrive syncs)."""

from __future__ import annotations

import os

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


def test_a_database_in_a_folder_onedrive_syncs_is_known_on_windows(tmp_path, monkeypatch):
    """Documents redirected to «C:\\Users\\…\\OneDrive - Departementet» is a local fixed drive: nothing warned, and
    two PCs each took the lock OneDrive does not sync. The folders OneDrive's variables name count, whatever the
    case of their names, and only on Windows (the variables mean nothing elsewhere)."""
    from konsultasjon_app.store import location

    synced = tmp_path / "OneDrive - Departementet"
    for variable in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("OneDriveCommercial", str(tmp_path / "onedrive - DEPARTEMENTET") + os.sep)
    monkeypatch.setattr(location, "_WINDOWS", True)
    assert location.is_cloud_synced(synced / "Konsultasjon" / "k.sqlite3")
    assert location.is_cloud_synced(synced)
    assert not location.is_cloud_synced(tmp_path / "OneDrive - Departementet (lokal)" / "k.sqlite3")
    assert not location.is_cloud_synced(tmp_path / "k.sqlite3")
    monkeypatch.setattr(location, "_WINDOWS", False)
    assert not location.is_cloud_synced(synced / "Konsultasjon" / "k.sqlite3")


def test_a_file_marked_as_a_cloud_file_is_known_wherever_it_lies(tmp_path, monkeypatch):
    """A SharePoint or Teams library that OneDrive syncs lies outside OneDrive's own folders: its files are known by
    their attributes. Only a file whose content is not on the disk counts as lying in the cloud only."""
    from konsultasjon_app.store import location

    from ..windows import file_attributes

    for variable in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr(location, "_WINDOWS", True)
    names = {"online": 0x400000 | 0x100000, "offline": 0x1000, "pinned": 0x80000 | 0x20, "unpinned": 0x100000, "plain": 0x20}
    for name in names:
        (tmp_path / f"{name}.sqlite3").write_bytes(b"")
    team = tmp_path / "Teams-mappe"
    team.mkdir()
    file_attributes(monkeypatch, {tmp_path / f"{name}.sqlite3": attributes for name, attributes in names.items()} | {team: 0x10 | 0x80000})
    assert [name for name in names if location.is_cloud_synced(tmp_path / f"{name}.sqlite3")] == ["online", "offline", "pinned", "unpinned"]
    assert [name for name in names if location.is_in_the_cloud_only(tmp_path / f"{name}.sqlite3")] == ["online", "offline"]
    assert location.is_cloud_synced(team / "ny.sqlite3")  # a new database, made in a synced folder
    assert not location.is_in_the_cloud_only(tmp_path / "gone.sqlite3")
