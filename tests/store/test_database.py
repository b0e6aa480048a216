"""The database file: migrations, refusing files that are not ours, one transaction per command, history."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from konsultasjon_app.domain.changes import Command, Delete, Put, PutSettings, RenameAgreement
from konsultasjon_app.domain.model import (
    AgendaEntry,
    Agreement,
    Attachment,
    Assessment,
    CriteriaSet,
    Criterion,
    Decision,
    Deviation,
    Government,
    Meeting,
    MeetingRef,
    Obligations,
    Settings,
    Signatory,
    Signing,
)
from konsultasjon_app.domain.problems import InvalidInput
from konsultasjon_app.store import backup as backups
from konsultasjon_app.store.database import APPLICATION_ID, Store, latest_version
from konsultasjon_app.store.errors import StoreError
from konsultasjon_app.store.session import Session

from ..processes import SCHEMAS, add, lacking


def dump(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_a_new_file_gets_the_whole_schema(tmp_path):
    store = Store(tmp_path / "ny.sqlite3")
    try:
        assert store.schema_version == latest_version() >= 2
        assert store.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"agreements", "meetings", "decisions", "signings", "criteria_sets", "assessments", "deviations", "history", "parties"} <= tables
        register = store.load()
        assert register.agreements == ()
        assert any(p.key == "HOD" and "Sosialdepartementet (SOS)" in p.former_names for p in register.parties)
    finally:
        store.close()


def test_an_empty_file_is_migrated(tmp_path):
    path = tmp_path / "tom.sqlite3"
    path.write_bytes(b"")
    store = Store(path)
    assert store.schema_version == latest_version()
    store.close()


def test_migrations_run_once(tmp_path):
    path = tmp_path / "db.sqlite3"
    Store(path).close()
    store = Store(path)
    try:
        assert store.migrate() == []
        assert len(store.load().parties) == 28  # the reference data was inserted once, not twice
    finally:
        store.close()


def test_a_file_that_is_not_sqlite_is_refused_with_a_message(tmp_path):
    path = tmp_path / "notater.sqlite3"
    path.write_bytes(b"Dette er ikke en database, men et notat." * 100)
    with pytest.raises(StoreError) as info:
        Store(path)
    assert info.value.kind == "not-a-database"
    assert "notater.sqlite3" in info.value.message and "not an SQLite file" in info.value.message


def test_another_programs_sqlite_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "annet.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE kunder (navn TEXT)")
    conn.commit()
    conn.close()
    _refused_and_left_as_it_was(path, "foreign")


def _refused_and_left_as_it_was(path, kind: str) -> None:
    """Opening the file for writing is refused (StoreError `kind`), and the file is left byte for byte as it was."""
    before = path.read_bytes()
    with pytest.raises(StoreError) as refused:
        Store(path)
    assert refused.value.kind == kind
    assert path.read_bytes() == before


def _sixty_agreements(db):
    """A database of 60 agreements, each added as the user adds one (a change history of 60 commands); its register."""
    session = Session.open(db, lock=True)
    for i in range(60):
        add(session, f"k{i}")
    session.close()
    return session.register


def _damaged_in_its_history(db, damage: str, journal: str = "wal") -> None:
    """A database of 60 agreements whose change history (pages the register is not read from) is damaged: two
    cells of its last page in the wrong order (SQLite's quick check reports it), or the page's count of cells made
    impossible (the check fails on it). The register itself reads as before."""
    _sixty_agreements(db)
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA journal_mode = {journal}").fetchone()
    page = max(row[0] for row in conn.execute("SELECT pageno FROM dbstat WHERE name = 'history' AND pagetype = 'leaf'"))
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(db.read_bytes())
    at = (page - 1) * size
    if damage == "order":
        data[at + 8 : at + 10], data[at + 10 : at + 12] = data[at + 10 : at + 12], data[at + 8 : at + 10]
    else:
        data[at + 3 : at + 5] = b"\x7f\xff"
    db.write_bytes(bytes(data))


def _read_as(how: str, db):
    if how == "reader":
        store = Store(db, read_only=True)
    elif how == "writer":
        store = Store(db)
    elif how == "for_reading":
        store = Store.for_reading(db)
    else:
        session = Session.open(db, lock=True, backup_on_open=True)
        session.close()
        return session.register
    try:
        return store.load()
    finally:
        store.close()


@pytest.mark.parametrize("damage", ["order", "cells"])
@pytest.mark.parametrize("how", ["reader", "writer", "for_reading", "session"])
def test_a_file_damaged_where_the_register_is_not_read_is_refused_on_opening(tmp_path, damage, how):
    """SQLite's quick check of the whole file is made while the register is read (on a connection and a thread of
    its own: the start-up's second core), and a damaged file is refused all the same, though the register read
    from it is whole: by the window and the commands alike, before anything is shown or written (no backup made)."""
    db = tmp_path / "db.sqlite3"
    _damaged_in_its_history(db, damage)
    with pytest.raises(StoreError) as refused:
        _read_as(how, db)
    assert refused.value.kind == "corrupt" and refused.value.path == str(db)
    assert backups.list_backups(db) == []


def test_the_check_is_made_on_the_reading_connection_when_no_second_one_can_be_opened(tmp_path, monkeypatch):
    """A second connection refused (too many files open, a share that allows one): the check is made all the same."""
    import threading

    from konsultasjon_app.store import database

    db = tmp_path / "db.sqlite3"
    _damaged_in_its_history(db, "order")
    real = database.sqlite3.connect
    refused = []

    def connect(*args, **kwargs):
        if threading.current_thread().name == "quick_check":
            refused.append(args[0])
            raise sqlite3.OperationalError("unable to open database file")
        return real(*args, **kwargs)

    monkeypatch.setattr(database.sqlite3, "connect", connect)
    for how in ("reader", "writer", "session"):
        with pytest.raises(StoreError) as told:
            _read_as(how, db)
        assert told.value.kind == "corrupt"
    assert len(refused) == 3


def test_the_check_on_its_own_connection_keeps_a_few_pages(tmp_path, monkeypatch):
    """The check reads every page of the file once; its connection keeps a few of them, not the 2 MB SQLite keeps
    by default, which the check's thread filled a page at a time while the window's start read the register (its
    heap grown by some 400 calls that each held the process's memory map). Said as what the check's connection
    had when it closed."""
    import threading

    from konsultasjon_app.store import database

    db = tmp_path / "db.sqlite3"
    _sixty_agreements(db)
    kept = []

    class Watched(sqlite3.Connection):
        def close(self):
            if threading.current_thread().name == "quick_check":
                pages = self.execute("PRAGMA cache_size").fetchone()[0]
                kept.append(pages if pages >= 0 else -pages * 1024 // self.execute("PRAGMA page_size").fetchone()[0])
            super().close()

    real = database.sqlite3.connect
    monkeypatch.setattr(database.sqlite3, "connect", lambda *args, **kwargs: real(*args, factory=Watched, **kwargs))
    assert [a.key for a in _read_as("reader", db).agreements] == [f"k{i}" for i in range(60)]
    assert len(kept) == 1 and 10 <= kept[0] <= 64


def test_a_damaged_file_used_before_its_register_is_read_is_refused(tmp_path):
    """What reads the file before the register (the change history, a backup) checks it first."""
    db = tmp_path / "db.sqlite3"
    _damaged_in_its_history(db, "order")
    store = Store(db, read_only=True)
    try:
        with pytest.raises(StoreError) as refused:
            store.history()
        assert refused.value.kind == "corrupt"
    finally:
        store.close()


def test_a_damaged_file_not_in_wal_mode_is_refused_before_opening_writes_to_it(tmp_path):
    """A writer switches the file to WAL mode, which writes its header: a damaged one is checked first, and left as
    it was."""
    db = tmp_path / "db.sqlite3"
    _damaged_in_its_history(db, "order", journal="delete")
    _refused_and_left_as_it_was(db, "corrupt")


def test_a_damaged_file_that_lacks_a_column_too_is_told_as_damaged(tmp_path):
    """Damaged, and lacking a column the schema has: told as damaged (as when the check came first), not as incomplete."""
    db = tmp_path / "db.sqlite3"
    _damaged_in_its_history(db, "order")
    conn = sqlite3.connect(db)
    conn.execute("ALTER TABLE agreements RENAME COLUMN notes TO notater")  # (the history's pages are not read)
    conn.commit()
    conn.close()
    for how in ("writer", "session", "for_reading"):
        with pytest.raises(StoreError) as refused:
            _read_as(how, db)
        assert refused.value.kind == "corrupt", how


def test_an_interrupt_while_the_register_is_read_is_an_interrupt(tmp_path, monkeypatch):
    """Ctrl+C while reading a damaged file stops the command as an interrupt, not as a damaged file."""
    db = tmp_path / "db.sqlite3"
    _damaged_in_its_history(db, "order")

    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(Store, "_load", interrupted)
    store = Store(db, read_only=True)
    try:
        with pytest.raises(KeyboardInterrupt):
            store.load()
    finally:
        store.close()


def test_the_check_is_made_where_no_thread_can_be_started(tmp_path, monkeypatch):
    import threading

    db = tmp_path / "db.sqlite3"
    _damaged_in_its_history(db, "order")

    def refused(self):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refused)
    with pytest.raises(StoreError) as told:
        _read_as("reader", db)
    assert told.value.kind == "corrupt"


def test_a_reader_following_its_file_keeps_the_one_it_has_when_a_damaged_one_replaces_it(tmp_path):
    """A read-only window follows the writer (Session.follow): a damaged file put in place of its own is refused each
    time it looks, and it keeps the file it has (its history too) until a sound one comes."""
    import os

    db = tmp_path / "db.sqlite3"
    _sixty_agreements(db)
    damaged = tmp_path / "damaged.sqlite3"
    _damaged_in_its_history(damaged, "order")
    reader = Session.open(db, read_only=True)
    try:
        kept = reader.store
        os.replace(damaged, db)
        for _ in range(2):
            with pytest.raises(StoreError) as refused:
                reader.follow()
            assert refused.value.kind == "corrupt"
        assert reader.store is kept
        assert len(reader.store.history(limit=5)) == 5
    finally:
        reader.close()


def test_a_sound_file_opens_and_reads_as_before_in_every_way(tmp_path):
    db = tmp_path / "db.sqlite3"
    expected = _sixty_agreements(db)
    for how in ("reader", "writer", "for_reading", "session"):
        assert _read_as(how, db) == expected


def test_a_database_from_a_newer_program_is_refused(tmp_path):
    path = tmp_path / "ny.sqlite3"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    conn.close()
    with pytest.raises(StoreError) as info:
        Store(path)
    assert info.value.kind == "newer-schema"


@pytest.mark.parametrize(
    "sql, missing, missing_nb",
    [
        ("DROP TABLE signings", "table signings missing", "tabellen signings mangler"),
        ("ALTER TABLE agreements DROP COLUMN notes", "column agreements.notes missing", "kolonnen agreements.notes mangler"),
        ("DROP TABLE history", "table history missing", "tabellen history mangler"),
    ],
    ids=["table", "column", "history"],
)
def test_a_database_lacking_a_table_or_column_is_refused_naming_what_is_missing(tmp_path, sql, missing, missing_nb):
    """A table or column dropped with another tool, or a partial copy: told as damaged or incomplete, naming the
    file and what is missing; nothing is written. A writer is told on opening; a reader when reading needs what is
    missing, and `integrity_problems` (the `check` command) names it in any case. Was: a traceback ("no such
    table", "No item with that key") from every command and the window, or, without `history`, opened as sound,
    and the first change failed."""
    db = tmp_path / "db.sqlite3"
    session = Session.open(db)
    add(session, "a")
    session.close()
    before = lacking(db, sql)
    message = (f"the database {db} is damaged or incomplete: {missing} (schema version {latest_version()}); there is no backup of it "
               f"(none in {backups.folder(db)}): put back a copy of the file if there is one, or start an empty register by opening the "
               f"database in the window (python -m konsultasjon_app --db \"{db}\", or Fil → Åpne …), which offers to keep the damaged file aside")

    def read(opened: Store) -> None:
        try:
            opened.load()
        finally:
            opened.close()

    needed_to_read = missing != "table history missing"  # a reader never reads the history it would log to
    openings = [lambda: Session.open(db, lock=True)]
    readings = [lambda: read(Store(db, read_only=True)), lambda: read(Store.for_reading(db))]
    for reading in readings if not needed_to_read else ():
        reading()
    for opening in openings + (readings if needed_to_read else []):
        with pytest.raises(StoreError) as refused:
            opening()
        told = refused.value
        assert told.kind == "incomplete" and told.message == message
        assert f"databasen {db} er skadet eller ufullstendig: {missing_nb}" in told.message_nb
    if not needed_to_read:
        reader = Store(db, read_only=True)
        assert reader.integrity_problems() == [message]
        reader.close()
    assert db.read_bytes() == before


def test_an_older_database_lacking_a_table_is_refused_before_it_is_upgraded_or_backed_up(tmp_path):
    """What its own version has, not the newest: the upgrade would fail half-way (or the copy in memory would)."""
    db = tmp_path / "gammel.sqlite3"
    db.write_bytes((SCHEMAS / "schema-v2.sqlite3").read_bytes())
    before = lacking(db, "DROP TABLE deviations")
    for opening in (lambda: Store(db), lambda: Store(db, read_only=True), lambda: Store.for_reading(db)):
        with pytest.raises(StoreError) as refused:
            opening()
        assert refused.value.kind == "incomplete" and "table deviations missing (schema version 2)" in refused.value.message
    assert db.read_bytes() == before and not backups.folder(db).exists()


def test_a_database_with_a_table_or_column_more_than_its_version_has_opens(tmp_path):
    """Another tool's addition harms nothing the program reads or writes: not refused."""
    db = tmp_path / "db.sqlite3"
    Store(db).close()
    lacking(db, "CREATE TABLE notater (tekst TEXT); ALTER TABLE agreements ADD COLUMN farge TEXT")
    session = Session.open(db)
    try:
        add(session, "a")
        assert [a.key for a in session.register.agreements] == ["a"]
    finally:
        session.close()


FULL_AGREEMENT = Agreement(
    key="barnevern",
    title="Avtale om videreutvikling av barnevernet",
    state_parties=("BLD",),
    other_parties=("KS",),
    ks_signatory_level="political",
    signatories=(Signatory("Karita Bekkemellem", "statsråd", "BLD"), Signatory("Halvdan Skard", "leder", "KS")),
    signed_date=dt.date(2005, 9, 15),
    end_date=dt.date(2008, 9, 14),
    duration_months=36,
    notice_months=3,
    purpose="Mer systematisk samarbeid",
    obligations=Obligations(joint="Kartlegge årsaker", state="Finansiere forskning"),
    economy_text="Departementet finansierer utviklingsarbeid",
    storting_reservation=False,
    evaluation_clause="Avtalen skal vurderes i konsultasjonssammenheng.",
    evaluation_annual=False,
    term_exception=None,
    status="I kraft",
    notes="æøå ÆØÅ čđŋšŧž",
)


def test_a_read_only_drive_is_reported_as_read_only():
    """EROFS (a write-protected USB stick, a read-only network share) says so, as a read-only file does."""
    import errno

    from konsultasjon_app.files import os_error
    from konsultasjon_app.store.errors import classify

    for exc in (OSError(errno.EROFS, "Read-only file system"), PermissionError(errno.EACCES, "Permission denied")):
        assert classify(exc, "db.sqlite3").kind == "read-only"
    # A document saved onto a write-protected drive says so, that nothing was written and what to do (was: «ingen
    # tilgang» alone, as for a folder the user may not write).
    drive = os_error(OSError(errno.EROFS, "Read-only file system"), "ut.pdf")
    assert drive.kind == "read-only-drive"
    assert drive.message_nb == "ut.pdf: stasjonen eller mappen er skrivebeskyttet; ingenting ble skrevet – velg en annen mappe"
    assert os_error(PermissionError(errno.EACCES, "Permission denied"), "ut.pdf").kind == "denied"
    # On Windows a write-protected stick or share is ERROR_WRITE_PROTECT (19), raised as a PermissionError (EACCES).
    stick = PermissionError(errno.EACCES, "The media is write protected")
    stick.winerror = 19
    assert os_error(stick, "E:/Dagsorden.pdf").kind == "read-only-drive"
    assert classify(OSError(errno.EIO, "I/O error"), "db.sqlite3").kind == "io"


def test_every_field_survives_the_database(tmp_path):
    session = Session.open(tmp_path / "db.sqlite3")
    ops = (
        PutSettings(Settings(resign_on_every_continue=True, first_election_year=2009)),
        Put("governments", Government("Stoltenberg II", dt.date(2005, 10, 17))),
        Put("meetings", Meeting(2006, 2, dt.date(2006, 4, 26), "Oslo", "10:00", "Kommunalministeren", ("KRD", "FIN", "KS"), "Møterom 1")),
        Put("meetings", Meeting(2006, 3, dt.date(2006, 8, 30))),
        Put("agreements", FULL_AGREEMENT),
        Put("decisions", Decision("barnevern", MeetingRef(2006, 2), "terminate", "Ny avtale i 2007")),
        Put("signings", Signing("barnevern", dt.date(2006, 8, 30), MeetingRef(2006, 3), dt.date(2009, 8, 29))),
        Put("criteria_sets", CriteriaSet("nav2017", "NAV", (Criterion("mål", "Mål", "Beskrivelse", ("a", "b")),))),
        Put("assessments", Assessment("barnevern", "nav2017", "mål", "delvis", "Begrunnelse", ("a",), None)),
        Put("agenda", AgendaEntry(MeetingRef(2006, 2), "own", None, "eventuelt", "Eventuelt", position=9)),
        Put("agenda", AgendaEntry(MeetingRef(2006, 2), "review", "barnevern", background="Bakgrunn", proposed_decision="Avtalen sies opp.",
                                  minutes="Vedtatt.", taken_at=dt.datetime(2006, 4, 26, 10, 15), attachments=("Avtaletekst.pdf",))),
        Put("attachments", Attachment("barnevern", "barnevern-1.pdf", "Signert avtale.pdf", dt.date(2006, 9, 1))),
        Put("deviations", Deviation("sign", "barnevern", MeetingRef(2006, 3), to_date=dt.date(2006, 9, 1), reason="Statsråden var syk")),
        Put("deviations", Deviation("scope", None, MeetingRef(2006, 2), to_meeting=MeetingRef(2006, 3), reason="Tidsnød")),
    )
    session.execute(Command("Alt", ops))
    in_memory = session.register
    session.close()
    reopened = Session.open(tmp_path / "db.sqlite3")
    assert reopened.register == in_memory
    reopened.close()


def test_a_command_is_logged_field_by_field_with_user_and_time(tmp_path):
    session = Session.open(tmp_path / "db.sqlite3")
    session.execute(Command("Ny avtale", (Put("agreements", FULL_AGREEMENT),)))
    session.execute(Command("Endre tittel", (Put("agreements", _retitled("Ny tittel")),)))
    rows = session.store.history("agreements", "barnevern")
    session.close()
    latest = rows[0]
    assert (latest["command"], latest["field"], latest["old"], latest["new"]) == ("Endre tittel", "title", '"Avtale om videreutvikling av barnevernet"', '"Ny tittel"')
    assert latest["user"] and dt.datetime.fromisoformat(latest["at"])
    assert rows[-1]["command"] == "Ny avtale" and rows[-1]["field"] is None


def _retitled(title: str) -> Agreement:
    from dataclasses import replace

    return replace(FULL_AGREEMENT, title=title)


def test_a_command_with_a_dangling_reference_writes_nothing(tmp_path):
    path = tmp_path / "db.sqlite3"
    session = Session.open(path)
    session.execute(Command("Ny", (Put("agreements", FULL_AGREEMENT),)))
    before = dump(path)
    with pytest.raises(InvalidInput) as info:
        session.execute(Command("Vedtak", (Put("decisions", Decision("finnes-ikke", MeetingRef(2006, 2), "continue")),)))
    assert "finnes-ikke" in info.value.describe()
    assert dump(path) == before
    session.close()


PASTED = "Første linje\x0bandre linje (limt inn fra Word)"  # Word's Shift+Enter is U+000B


@pytest.mark.parametrize(("kind", "record", "path"), [
    ("assessments", Assessment("barnevern", "k", "a", "i_traad", PASTED), "assessments[barnevern@k/a].justification"),
    ("deviations", Deviation("review", "barnevern", MeetingRef(2006, 2), MeetingRef(2006, 3), None, "Side\x0cskift"),
     "deviations[review:barnevern@2006/2].reason"),
    ("decisions", Decision("barnevern", MeetingRef(2006, 2), "continue", PASTED), "decisions[barnevern@2006/2].note"),
    ("agenda", AgendaEntry(MeetingRef(2006, 2), "review", "barnevern", minutes="Protokoll. " * 2000),
     "agenda[review:barnevern@2006/2].minutes"),
])
def test_a_record_the_import_of_the_export_would_refuse_is_not_stored(tmp_path, kind, record, path):
    """Was: a line break pasted from Word, or a protokoll text over 20 000 characters, was stored; the database's
    own export was then refused by import (on the other laptop, or into this one), DOMAIN §6. Now the one command
    path refuses it before anything is written, naming the record and the field, in English and in bokmål."""
    from konsultasjon_app.domain.bundle import dumps, loads, read_bundle

    db = tmp_path / "db.sqlite3"
    session = Session.open(db)
    session.execute(Command("Ny", (Put("agreements", FULL_AGREEMENT),
                                   Put("criteria_sets", CriteriaSet("k", "K", (Criterion("a", "A"),))))))
    before, file_before = session.register, dump(db)
    with pytest.raises(InvalidInput) as info:
        session.execute(Command("Lim inn", (Put(kind, record),)))
    [problem] = info.value.problems
    assert problem.path == path
    assert info.value.describe().startswith(f"{path}: ")
    assert info.value.describe(norwegian=True).startswith(f"{path}: ")
    assert problem.code in ("control-chars", "too-long")
    assert session.register == before and dump(db) == file_before
    read_bundle(loads(dumps(session.store.load())))  # the export still imports
    session.close()


def test_a_text_an_older_version_stored_holds_up_no_other_change_and_undo_restores_it(tmp_path):
    """A record stored before this check (by an older version) with a line break from Word: a change of its other
    fields goes through (a decision key in the meeting must not be refused for a note nobody touched), a change
    of that field must take the break out, and undoing the agreement's delete puts the record back as it was."""
    from konsultasjon_app.domain.changes import apply

    session = Session.open(tmp_path / "db.sqlite3")
    session.execute(Command("Ny", (Put("agreements", FULL_AGREEMENT),)))
    old = Decision("barnevern", MeetingRef(2006, 2), "continue", PASTED)
    ops = (Put("decisions", old),)
    session.store.write("Eldre versjon", ops, apply(session.register, ops))  # past the check, as it was then
    session.register = session.store.load()
    session.execute(Command("Reforhandle", (Put("decisions", Decision("barnevern", MeetingRef(2006, 2), "renegotiate", PASTED)),)))
    with pytest.raises(InvalidInput):
        session.execute(Command("Merknad", (Put("decisions", Decision("barnevern", MeetingRef(2006, 2), "renegotiate", PASTED + "\x0c")),)))
    before = session.register
    deleted = session.execute(Command("Slett avtale", (Delete("agreements", "barnevern"),)))
    session.execute(Command("Angre", deleted.inverse, checked=True))  # as the window's undo does
    assert session.register == before and session.store.load() == before
    session.close()


def test_a_party_an_older_version_stored_twice_is_read_once_and_the_next_save_writes_it_once(tmp_path):
    """«BLD», «bld», « BLD » (an older version's form and imports stored them): read as the first, in order, so the
    register, its export and its documents name the party once; a save of the agreement writes the list clean,
    with no change of the parties in its history (nobody changed them)."""
    from dataclasses import replace

    db = tmp_path / "db.sqlite3"
    session = Session.open(db)
    session.execute(Command("Ny", (Put("agreements", replace(FULL_AGREEMENT, state_parties=("BLD", "HOD"))),)))
    with session.store.conn:
        session.store.conn.executemany(
            "INSERT INTO agreement_parties (agreement, side, position, party) VALUES ('barnevern', ?, ?, ?)",
            [("state", 2, "bld"), ("state", 3, " BLD "), ("state", 4, "hod"), ("other", 1, "ks"), ("other", 2, "LO Kommune")])
    session.close()
    session = Session.open(db)
    [agreement] = session.register.agreements
    assert (agreement.state_parties, agreement.other_parties) == (("BLD", "HOD"), ("KS", "LO Kommune"))
    session.execute(Command("Endre tittel", (Put("agreements", replace(agreement, title="Barnevern")),)))
    rows = session.store.conn.execute("SELECT side, party FROM agreement_parties ORDER BY side, position").fetchall()
    assert [tuple(r) for r in rows] == [("other", "KS"), ("other", "LO Kommune"), ("state", "BLD"), ("state", "HOD")]
    assert [h["field"] for h in session.store.agreement_history("barnevern") if h.get("field")] == ["title"]
    session.close()


def test_a_write_that_fails_half_way_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "db.sqlite3"
    session = Session.open(path)
    session.execute(Command("Ny", (Put("agreements", FULL_AGREEMENT),)))
    before_dump = dump(path)
    before_register = session.register
    calls = {"n": 0}
    original = Store._put_agreements

    def failing(self, agreement):
        calls["n"] += 1
        if calls["n"] == 3:
            raise sqlite3.OperationalError("database or disk is full")
        original(self, agreement)

    monkeypatch.setattr(Store, "_put_agreements", failing)
    ops = tuple(Put("agreements", Agreement(f"ny{i}", f"Ny avtale {i}")) for i in range(5))
    with pytest.raises(StoreError) as info:
        session.execute(Command("Import", ops))
    assert info.value.kind == "disk-full"
    assert calls["n"] == 3  # it did fail half-way, after two agreements were written
    assert session.register == before_register
    session.close()
    assert dump(path) == before_dump


def test_rename_and_delete_cascade_in_the_database_as_in_memory(tmp_path):
    session = Session.open(tmp_path / "db.sqlite3")
    session.execute(
        Command(
            "Oppsett",
            (
                Put("agreements", FULL_AGREEMENT),
                Put("decisions", Decision("barnevern", MeetingRef(2006, 2), "continue")),
                Put("criteria_sets", CriteriaSet("s", "S", (Criterion("k", "K"),))),
                Put("assessments", Assessment("barnevern", "s", "k", "i_traad")),
            ),
        )
    )
    session.execute(Command("Gi ny nøkkel", (RenameAgreement("barnevern", "bv"),)))
    assert session.store.load() == session.register
    session.execute(Command("Slett", (Delete("agreements", "bv"),)))
    assert session.store.load() == session.register
    assert session.register.decisions == () and session.register.assessments == ()
    session.close()


# -- the database and the in-memory register never disagree, whatever the commands -------------------------

keys = st.sampled_from(["a", "b", "c"])
op = st.one_of(
    st.builds(lambda k, t, y: Put("agreements", Agreement(k, t, signed_date=dt.date(y, 1, 1), state_parties=("KDD",) if y % 2 else ())), keys, st.text("abcæøå ", min_size=1, max_size=5).filter(str.strip), st.integers(2004, 2008)),
    st.builds(lambda k: Delete("agreements", k), keys),
    st.builds(lambda k, n, d: Put("decisions", Decision(k, MeetingRef(2006, n), d)), keys, st.integers(1, 4), st.sampled_from(["continue", "renegotiate"])),
    st.builds(lambda k, d: Put("signings", Signing(k, dt.date(2006, 8, d))), keys, st.integers(1, 3)),
    st.builds(lambda n, d: Put("meetings", Meeting(2006, n, dt.date(2006, 3 + n, d))), st.integers(1, 4), st.integers(1, 28)),
    st.builds(lambda n: Delete("meetings", MeetingRef(2006, n)), st.integers(1, 4)),
    st.builds(lambda a, b: RenameAgreement(a, b), keys, st.sampled_from(["x", "y"])),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(op, min_size=1, max_size=4), max_size=6))
def test_database_matches_memory_after_any_commands(tmp_path_factory, commands):
    path = tmp_path_factory.mktemp("prop") / "db.sqlite3"
    session = Session.open(path)
    try:
        for ops in commands:
            try:
                session.execute(Command("c", tuple(ops)))
            except InvalidInput:
                pass  # a dangling reference or a clashing rename: refused, nothing written
        assert session.store.load() == session.register
    finally:
        session.close()


def test_replacing_everything_keeps_the_attachments_of_the_agreements_that_remain(tmp_path, demo_bundle_path):
    """import --replace writes the same register to the file as it has in memory: the attached files of agreements
    still there stay recorded after the database is opened again."""
    from konsultasjon_app.store.exchange import import_bundle

    session = Session.open(tmp_path / "db.sqlite3")
    import_bundle(session, demo_bundle_path)
    session.execute(Command("Vedlegg", (Put("attachments", Attachment("barnevern", "barnevern-1.pdf", "Signert avtale.pdf", dt.date(2006, 9, 1))),)))
    import_bundle(session, demo_bundle_path, replace_all=True)
    in_memory = session.register
    session.close()
    reopened = Session.open(tmp_path / "db.sqlite3")
    assert [x.stored for x in reopened.register.attachments] == ["barnevern-1.pdf"]
    assert reopened.register == in_memory
    reopened.close()


def test_undoing_a_delete_puts_the_records_back_where_they_were_in_memory_and_in_the_file(tmp_path, demo_bundle_path):
    """Undo put a deleted record back at the end of its list (and an agreement's decisions in reverse): the
    evaluation grid, an export and the agenda's case numbers follow the list, so they changed with Ctrl+Z."""
    from konsultasjon_app.domain.model import Decision, MeetingRef
    from konsultasjon_app.store.exchange import import_bundle

    session = Session.open(tmp_path / "db.sqlite3")
    import_bundle(session, demo_bundle_path)
    session.execute(Command("Vedtak", tuple(Put("decisions", Decision("barnevern", MeetingRef(2006, n), "continue")) for n in (2, 4))))
    before = session.register
    applied = session.execute(Command("Slett avtale", (Delete("agreements", "barnevern"),)))
    session.execute(Command("Angre", applied.inverse))
    assert session.register == before
    assert session.store.load() == before  # the rows in the file in the same order (rowid)
    again = session.execute(Command("Slett avtale", (Delete("agreements", "barnevern"),)))  # and once more, redone
    assert session.store.load() == session.register == again.register


def test_undoing_a_move_keeps_every_case_number(tmp_path, demo_bundle_path):
    """Moving an item to another meeting and back with Ctrl+Z renumbered items that were never touched: a moved-in
    item (no position of its own) is placed by its place in the list, and undo had put the moved one last."""
    from konsultasjon_app.domain.agenda import move_ops, new_own_key, placed_last, standard_items, year_agenda
    from konsultasjon_app.domain.model import AgendaEntry, MeetingRef
    from konsultasjon_app.domain.planner import plan
    from konsultasjon_app.store.exchange import import_bundle

    session = Session.open(tmp_path / "db.sqlite3")
    import_bundle(session, demo_bundle_path)

    def lines(n: int):
        return year_agenda(session.register, plan(session.register, 2006, 2006, dt.date(2006, 6, 1)), 2006)[n]

    def new_item(n: int, title: str) -> None:  # as Dagsorden's "Ny sak" does
        entry = AgendaEntry(MeetingRef(2006, n), "own", key=new_own_key(session.register, MeetingRef(2006, n), title), title=title)
        session.execute(Command("Ny sak", tuple(Put("agenda", e) for e in placed_last(lines(n), entry))))

    def move(n: int, key: str, to: int):  # as Dagsorden's "Flytt sak" does
        line = next(ln for ln in lines(n) if ln.key == key)
        return session.execute(Command("Flytt", tuple(move_ops(session.register, line, MeetingRef(2006, to), None, None))))

    session.execute(Command("Faste saker", tuple(Put("agenda", e) for n in (1, 2, 3, 4) for e in standard_items(MeetingRef(2006, n)))))
    new_item(1, "Sak A")
    move(3, "eventuelt", 1)  # a moved-in item, without a position of its own
    new_item(1, "Sak C")
    before = [(ln.case, ln.key) for ln in lines(1)]
    session.execute(Command("Angre", move(1, "sak-a", 2).inverse))
    assert [(ln.case, ln.key) for ln in lines(1)] == before
    assert session.store.load() == session.register


def test_an_agreements_history_follows_it_through_its_renames(tmp_path):
    """The history of an agreement holds what was logged under its earlier keys, each up to the rename that
    gave it the next one; a new agreement given a key the first one left has only its own. Was: only the rows
    logged under the present key (after a rename, the rename alone)."""
    from dataclasses import replace

    session = Session.open(tmp_path / "db.sqlite3")

    def run(label: str, *ops) -> None:
        session.execute(Command(label, ops))

    run("Ny avtale", Put("agreements", FULL_AGREEMENT))
    run("Vedtak", Put("decisions", Decision("barnevern", MeetingRef(2006, 2), "continue")))
    run("Endre tittel", Put("agreements", _retitled("Ny tittel")))
    run("Ny nøkkel", RenameAgreement("barnevern", "barnevern-2005"))
    run("Ny avtale med den gamle nøkkelen", Put("agreements", replace(FULL_AGREEMENT, title="Ny barnevernsavtale")))
    run("Utløpt", Put("agreements", replace(session.register.agreement("barnevern-2005"), status="Utløpt")))
    run("Undertegning", Put("signings", Signing("barnevern-2005", dt.date(2006, 8, 30), None, dt.date(2009, 8, 29))))
    run("Nøkkel igjen", RenameAgreement("barnevern-2005", "barnevern-gammel"))

    def commands(key: str) -> list[str]:
        return [row["command"] for row in session.store.agreement_history(key)]

    assert commands("barnevern-gammel") == ["Nøkkel igjen", "Undertegning", "Utløpt", "Ny nøkkel", "Endre tittel", "Vedtak", "Ny avtale"]
    assert commands("barnevern") == ["Ny avtale med den gamle nøkkelen"]
    assert [row["command"] for row in session.store.agreement_history("barnevern-gammel", limit=2)] == ["Nøkkel igjen", "Undertegning"]
    session.close()


def test_an_agreements_history_is_whole_after_its_rename_is_undone(tmp_path):
    from dataclasses import replace

    session = Session.open(tmp_path / "db.sqlite3")
    session.execute(Command("Ny avtale", (Put("agreements", FULL_AGREEMENT),)))
    renamed = session.execute(Command("Ny nøkkel", (RenameAgreement("barnevern", "barnevern-2005"),)))
    session.execute(Command("Endre tittel", (Put("agreements", replace(_retitled("Ny tittel"), key="barnevern-2005")),)))
    session.execute(Command("Angre", renamed.inverse))
    assert [row["command"] for row in session.store.agreement_history("barnevern")] == ["Angre", "Endre tittel", "Ny nøkkel", "Ny avtale"]
    session.close()


def test_undoing_the_delete_of_a_rated_criteria_set_puts_every_rating_back_in_its_place(tmp_path, demo_bundle_path):
    """Thousands of ratings come back in one undo: each goes where it was (placed once for the whole command, in
    memory and in the file: placing them one by one cost minutes for a thousand agreements)."""
    from konsultasjon_app.domain.criteria_builtin import MODEL_AGREEMENT
    from konsultasjon_app.domain.model import Assessment
    from konsultasjon_app.store.exchange import import_bundle

    session = Session.open(tmp_path / "db.sqlite3")
    import_bundle(session, demo_bundle_path)
    ratings = [Assessment(a.key, MODEL_AGREEMENT.key, c.key, "delvis") for a in session.register.agreements for c in MODEL_AGREEMENT.criteria]
    session.execute(Command("Sett", (Put("criteria_sets", MODEL_AGREEMENT), *(Put("assessments", r) for r in reversed(ratings)))))
    before = session.register
    applied = session.execute(Command("Slett sett", (Delete("criteria_sets", MODEL_AGREEMENT.key),)))
    assert session.register.assessments == ()
    session.execute(Command("Angre", applied.inverse))
    assert session.register == before and session.store.load() == before


def test_a_new_agreement_given_a_deleted_agreements_key_has_only_its_own_history(tmp_path):
    """The secretariat deletes an agreement and later registers a new one under the same key: the new one's history
    starts at its creation. Undoing the delete brings the first agreement back, with the whole of its history. Was:
    the new agreement showed the deleted one's edits and decisions as its own."""
    from dataclasses import replace

    session = Session.open(tmp_path / "db.sqlite3")

    def run(label: str, *ops):
        return session.execute(Command(label, ops))

    def commands() -> list[str]:  # one entry per command (a delete logs the agreement and its decisions)
        rows = [row["command"] for row in session.store.agreement_history("barnevern")]
        return [c for i, c in enumerate(rows) if i == 0 or rows[i - 1] != c]

    run("Ny avtale", Put("agreements", FULL_AGREEMENT))
    run("Vedtak", Put("decisions", Decision("barnevern", MeetingRef(2006, 2), "continue")))
    deleted = run("Slett avtale", Delete("agreements", "barnevern"))
    assert session.register.agreement("barnevern") is None
    session.execute(Command("Angre", deleted.inverse))  # the same agreement back: its history goes on
    assert commands() == ["Angre", "Slett avtale", "Vedtak", "Ny avtale"]

    run("Slett avtale", Delete("agreements", "barnevern"))
    new = replace(FULL_AGREEMENT, title="Ny barnevernsavtale")
    created = run("Ny avtale", Put("agreements", new))
    session.execute(Command("Angre", created.inverse))
    run("Ny avtale", Put("agreements", new))  # the creation redone: the same new agreement
    run("Endre tittel", Put("agreements", replace(new, title="Nyere tittel")))
    assert commands() == ["Endre tittel", "Ny avtale", "Angre", "Ny avtale"]
    session.close()


def test_an_agreements_history_holds_none_of_another_agreements_records(tmp_path):
    """A rating of «skole» in a criteria set the secretariat keyed «nav», and the decisions, ratings, moved items
    and attachments of an agreement keyed «nav@kommune», are not in the history of «nav»; each is in its own
    agreement's. Was: nav's Historikk showed skole's rating and nav@kommune's «si opp» as nav's."""
    from dataclasses import replace

    session = Session.open(tmp_path / "db.sqlite3")

    def run(label: str, *ops) -> None:
        session.execute(Command(label, ops))

    def commands(key: str) -> list[str]:
        return [row["command"] for row in session.store.agreement_history(key)]

    run("Ny nav", Put("agreements", Agreement("nav", "NAV-kontorene")))
    run("Ny skole", Put("agreements", Agreement("skole", "Skolen")))
    run("Nytt sett nav", Put("criteria_sets", CriteriaSet("nav", "NAV-kontorene (egne kriterier)", (Criterion("styring", "Felles styring"),))))
    run("Vurder skole", Put("assessments", Assessment("skole", "nav", "styring", "ikke_i_traad")))
    run("Ny vurdering av skole", Put("assessments", Assessment("skole", "nav", "styring", "delvis")))
    run("Ny nav@kommune", Put("agreements", Agreement("nav@kommune", "NAV i kommunene")))
    run("Si opp nav@kommune", Put("decisions", Decision("nav@kommune", MeetingRef(2007, 2), "terminate")))
    rating = Assessment("nav@kommune", "nav", "styring", "i_traad")  # logged as "nav@kommune@nav@styring"
    run("Vurder nav@kommune", Put("assessments", rating))
    run("Ny vurdering av nav@kommune", Put("assessments", replace(rating, rating="delvis")))  # a row of the rating field only
    run("Legg ved", Put("attachments", Attachment("nav@kommune", "0123456789ab.pdf", "avtale.pdf", dt.date(2007, 3, 1))))
    moved = Deviation("review", "nav@kommune", MeetingRef(2007, 2), MeetingRef(2007, 3), None, "partene ba om mer tid")
    run("Flytt", Put("deviations", moved))
    run("Flytt igjen", Put("deviations", replace(moved, to_meeting=MeetingRef(2007, 4))))
    run("Vedtak nav", Put("decisions", Decision("nav", MeetingRef(2007, 2), "continue")))

    assert commands("nav") == ["Vedtak nav", "Ny nav"]
    assert commands("skole") == ["Ny vurdering av skole", "Vurder skole", "Ny skole"]
    assert commands("nav@kommune") == ["Flytt igjen", "Flytt", "Legg ved", "Ny vurdering av nav@kommune", "Vurder nav@kommune",
                                       "Si opp nav@kommune", "Ny nav@kommune"]
    session.close()


def test_a_replacing_import_is_in_the_history_of_every_agreement_it_changes_adds_or_removes(tmp_path):
    """`import --replace` is logged record by record, as an import that merges is: Historikk shows a title it
    replaced, field by field, and an agreement it removed (was: one row for the whole register, in no agreement's
    history: the new title looked as if it had always been there)."""
    from konsultasjon_app.domain.changes import ReplaceAll
    from konsultasjon_app.domain.model import Register

    session = Session.open(tmp_path / "db.sqlite3")
    session.execute(Command("Importer a", (ReplaceAll(Register(agreements=(Agreement("nav", "Gammel tittel", notice_months=3), Agreement("skole", "Skole")))),)))
    session.execute(Command("Importer b", (ReplaceAll(Register(agreements=(Agreement("nav", "Ny tittel", notice_months=6),))),)))
    rows = [(row["command"], row["field"], row["old"], row["new"]) for row in session.store.agreement_history("nav")]
    assert ("Importer b", "title", '"Gammel tittel"', '"Ny tittel"') in rows
    assert ("Importer b", "notice_months", "3", "6") in rows
    assert [(row["command"], row["new"]) for row in session.store.agreement_history("skole")][0] == ("Importer b", None)
    session.close()


def test_a_rating_changed_after_a_replacing_import_is_in_its_agreements_history(tmp_path):
    """Where no row tells how a rating came to be (a replacing import by a version that logged one row for the whole
    register), a later change to the rating of agreement «a@b» in set «c» (logged as "a@b@c@d", which also reads as
    agreement «a», set «b@c») is «a@b»'s: there is no agreement «a»."""
    from konsultasjon_app.domain.changes import ReplaceAll
    from konsultasjon_app.domain.model import Register

    session = Session.open(tmp_path / "db.sqlite3")
    rating = Assessment("a@b", "c", "d", "i_traad")
    session.execute(Command("Importer", (ReplaceAll(Register(agreements=(Agreement("a@b", "A"),), criteria_sets=(CriteriaSet("c", "C", (Criterion("d", "D"),)),),
                                                            assessments=(rating,))),)))
    with session.store.conn:
        session.store.conn.execute("DELETE FROM history WHERE kind != 'register'")
    session.execute(Command("Ny vurdering", (Put("assessments", Assessment("a@b", "c", "d", "delvis")),)))
    assert [row["command"] for row in session.store.agreement_history("a@b")] == ["Ny vurdering"]
    assert session.store.agreement_history("a") == []
    session.close()


@pytest.mark.parametrize(("kind", "record", "readings"), [
    ("decisions", "nav@kommune@2007/2", ["nav@kommune"]),
    ("signings", "nav@2006-08-30", ["nav"]),
    ("deviations", "review@nav@kommune@2007/2", ["nav@kommune"]),
    ("deviations", "scope@@2007/2", [""]),
    ("assessments", "skole@nav@styring", ["skole"]),
    ("assessments", "nav@kommune@sett@styring", ["nav", "nav@kommune"]),  # also agreement "nav", set "kommune@sett"
    ("agenda", "2007/2@review@nav@kommune@", ["nav", "nav@kommune"]),
    ("agenda", "2007/1@own@@budsjettramme", [""]),
    ("attachments", "nav@kommune@0123456789ab.pdf", ["nav", "nav@kommune"]),
])
def test_the_history_name_of_a_childs_record_is_read_for_its_agreements_key(kind, record, readings):
    """The agreement's key is read from the parts around it that hold no "@" (a meeting, a date, an action);
    only keys after it make more than one reading, which the history's rows then tell apart."""
    from konsultasjon_app.store.database import _agreement_readings

    assert _agreement_readings(kind, record) == readings


def test_a_reader_loads_the_register_as_of_one_moment_while_the_writer_commits(tmp_path):
    """A read-only window reads table after table while another program writes: what it loads is the register
    before that program's command or after it, never a mix of the two (agreements before a rename and their
    decisions after it would be decisions about an agreement that is not there)."""
    db = tmp_path / "db.sqlite3"
    writer = Session.open(db, lock=True)
    reader = Session.open(db, read_only=True)
    try:
        writer.execute(Command("Ny", (Put("agreements", Agreement("a", "Avtale A")),
                                       Put("decisions", Decision("a", MeetingRef(2006, 2), "continue")))))
        store = reader.store
        real_tuples = store._tuples
        committed = []

        def tuples(sql):
            if "FROM decisions" in sql and not committed:  # the agreements are read: the writer commits a rename
                writer.execute(Command("Nytt navn", (RenameAgreement("a", "a2"),)))
                committed.append(sql)
            return real_tuples(sql)

        store._tuples = tuples
        loaded = store.load()
        assert committed
        assert ([a.key for a in loaded.agreements], [d.agreement for d in loaded.decisions]) == (["a"], ["a"])  # before it
        del store._tuples
        again = store.load()
        assert ([a.key for a in again.agreements], [d.agreement for d in again.decisions]) == (["a2"], ["a2"])  # after it
    finally:
        reader.close()
        writer.close()


def test_the_window_command_named_in_a_message_is_the_one_the_user_has(monkeypatch):
    """A damaged or lost database's message names the command that opens the window on it: on the laptops the
    installed Konsultasjon.exe (there is no `python -m` there), the path quoted (a user name with a space in it)."""
    import os
    import sys

    from konsultasjon_app.store.errors import window_command

    path = r"C:\Users\Kari Nordmann\Documents\avtaler.sqlite3"
    assert window_command(path) == f'python -m konsultasjon_app --db "{path}"'
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(os, "name", "nt")
    assert window_command(path) == f'Konsultasjon.exe --db "{path}"'


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="a file name that is not UTF-8 is possible on Linux only")
def test_an_import_from_a_file_whose_name_is_not_utf8_is_in_the_history(tmp_path, demo_bundle_path):
    """Linux allows any bytes in a name; Python holds those it cannot decode as lone surrogates, which SQLite cannot
    store. Was: UnicodeEncodeError writing the history (a traceback, exit 1), and the import undone."""
    import os
    import shutil

    from konsultasjon_app.store.exchange import import_file

    odd = tmp_path / os.fsdecode(b"avtaler-\xff.json")
    shutil.copyfile(demo_bundle_path, odd)
    session = Session.open(tmp_path / "db.sqlite3")
    import_file(session, odd)
    assert [row["command"] for row in session.store.agreement_history("skole")] == ["Importer avtaler-\\xff.json"]
    session.close()
