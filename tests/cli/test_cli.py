"""The command line: import, export, check, help; exit codes and messages; nothing written on bad input."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from konsultasjon_app.cli import EXIT_ENVIRONMENT, EXIT_INPUT, EXIT_OK, main
from konsultasjon_app.store.session import Session

from ..processes import SCHEMAS, add, lacking

ROOT = Path(__file__).resolve().parents[2]


def run(*argv: str) -> int:
    try:
        return main(list(argv))
    except SystemExit as exc:  # argparse's own exits (help, usage errors)
        return int(exc.code or 0)


def write(path: Path, data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_import_then_export_gives_back_the_same_bundle(tmp_path, demo_bundle_path, capsys):
    db = tmp_path / "db.sqlite3"
    assert run("--db", str(db), "import", str(demo_bundle_path)) == EXIT_OK
    assert "agreements: 10 new, 0 changed" in capsys.readouterr().out
    out = tmp_path / "ut.json"
    assert run("--db", str(db), "export", str(out)) == EXIT_OK
    assert out.read_text(encoding="utf-8") == demo_bundle_path.read_text(encoding="utf-8")


def test_the_domain_example_round_trips(tmp_path):
    example = {
        "format": "konsultasjon-bundle",
        "version": 1,
        "settings": {"resign_on_every_continue": False, "first_election_year": 2005},
        "governments": [{"name": "Stoltenberg II", "took_office": "2005-10-17"}],
        "meetings": [{"year": 2006, "number": 2, "date": "2006-04-26", "location": "Oslo"}],
        "agreements": [{"key": "barnevern", "title": "Avtale om videreutvikling av barnevernet", "category": "consultation", "state_parties": ["BLD"], "other_parties": ["KS"], "ks_signatory_level": "political", "signed_date": "2005-09-15", "start_date": None, "end_date": "2008-09-14", "notice_months": 3, "notice_text": None, "evaluation_clause": "Avtalen skal vurderes i konsultasjonssammenheng.", "evaluation_annual": False, "economy_text": None, "storting_reservation": None, "purpose": None, "notes": None}],
        "decisions": [{"agreement": "barnevern", "meeting": {"year": 2006, "number": 2}, "decision": "terminate"}],
        "signings": [{"agreement": "barnevern", "date": "2006-08-30", "meeting": {"year": 2006, "number": 3}}],
        "criteria_sets": [{"key": "nav2017", "title": "…", "criteria": [{"key": "styringsgrunnlag", "title": "Felles styringsgrunnlag"}]}],
        "assessments": [{"agreement": "barnevern", "criteria_set": "nav2017", "criterion": "styringsgrunnlag", "rating": "delvis", "justification": "…"}],
    }
    db = tmp_path / "db.sqlite3"
    assert run("--db", str(db), "import", str(write(tmp_path / "inn.json", example))) == EXIT_OK
    out = tmp_path / "ut.json"
    assert run("--db", str(db), "export", str(out)) == EXIT_OK
    exported = json.loads(out.read_text(encoding="utf-8"))
    # Every given value comes back; fields the example leaves out come back as their empty value.
    for kind, records in example.items():
        if isinstance(records, list):
            assert len(exported[kind]) == len(records)
            for given, got in zip(records, exported[kind]):
                assert {k: got[k] for k in given} == given
    assert exported["decisions"][0]["note"] is None
    assert exported["signings"][0]["end_date"] is None
    # And the export is a fixed point: importing it into a new database and exporting again changes nothing.
    db2 = tmp_path / "db2.sqlite3"
    assert run("--db", str(db2), "import", str(out)) == EXIT_OK
    out2 = tmp_path / "ut2.json"
    assert run("--db", str(db2), "export", str(out2)) == EXIT_OK
    assert out2.read_bytes() == out.read_bytes()


def test_merge_updates_by_key_and_reports_it(tmp_path, demo_bundle_path, capsys):
    db = tmp_path / "db.sqlite3"
    run("--db", str(db), "import", str(demo_bundle_path))
    capsys.readouterr()
    data = json.loads(demo_bundle_path.read_text(encoding="utf-8"))
    update = {"format": "konsultasjon-bundle", "version": 1, "agreements": [dict(data["agreements"][0], title="Ny tittel"), {"key": "ny", "title": "Ny avtale"}]}
    assert run("--db", str(db), "import", str(write(tmp_path / "u.json", update))) == EXIT_OK
    assert "agreements: 1 new, 1 changed" in capsys.readouterr().out
    out = tmp_path / "ut.json"
    run("--db", str(db), "export", str(out))
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert len(exported["agreements"]) == 11
    assert exported["agreements"][0]["title"] == "Ny tittel"
    assert exported["settings"] == data["settings"]  # absent settings in a merge leave the stored ones alone


def test_a_merge_keeps_the_stored_settings_the_file_leaves_out_and_replace_does_not(tmp_path, capsys):
    db = tmp_path / "db.sqlite3"
    first = {"format": "konsultasjon-bundle", "version": 1, "agreements": [{"key": "a", "title": "A"}],
             "settings": {"resign_on_every_continue": False, "first_election_year": 2009, "case_numbering": "meeting"}}
    assert run("--db", str(db), "import", str(write(tmp_path / "1.json", first))) == EXIT_OK

    def exported_settings() -> dict:
        out = tmp_path / "ut.json"
        assert run("--db", str(db), "export", str(out)) == EXIT_OK
        return json.loads(out.read_text(encoding="utf-8"))["settings"]

    # The contract's two settings (DOMAIN §6), as another tool writes them: the case numbering stays.
    contract = {"format": "konsultasjon-bundle", "version": 1, "settings": {"resign_on_every_continue": True, "first_election_year": 2009}}
    assert run("--db", str(db), "import", str(write(tmp_path / "2.json", contract))) == EXIT_OK
    assert exported_settings() == {"resign_on_every_continue": True, "first_election_year": 2009, "case_numbering": "meeting"}
    # One setting alone changes that one.
    one = {"format": "konsultasjon-bundle", "version": 1, "settings": {"first_election_year": 2013}}
    assert run("--db", str(db), "import", str(write(tmp_path / "3.json", one))) == EXIT_OK
    assert exported_settings() == {"resign_on_every_continue": True, "first_election_year": 2013, "case_numbering": "meeting"}
    # --replace takes the file's settings whole: those it leaves out are the defaults.
    assert run("--db", str(db), "import", "--replace", str(tmp_path / "3.json")) == EXIT_OK
    assert exported_settings() == {"resign_on_every_continue": False, "first_election_year": 2013}


def test_replace_replaces_everything(tmp_path, demo_bundle_path):
    db = tmp_path / "db.sqlite3"
    run("--db", str(db), "import", str(demo_bundle_path))
    small = {"format": "konsultasjon-bundle", "version": 1, "agreements": [{"key": "ny", "title": "Ny avtale"}]}
    assert run("--db", str(db), "import", "--replace", str(write(tmp_path / "s.json", small))) == EXIT_OK
    out = tmp_path / "ut.json"
    run("--db", str(db), "export", str(out))
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert [a["key"] for a in exported["agreements"]] == ["ny"]
    assert exported["meetings"] == [] and exported["governments"] == []


def test_replace_says_what_it_removed(tmp_path, demo_bundle_path, capsys):
    db = tmp_path / "db.sqlite3"
    run("--db", str(db), "import", str(demo_bundle_path))
    data = json.loads(demo_bundle_path.read_text(encoding="utf-8"))
    capsys.readouterr()
    small = {"format": "konsultasjon-bundle", "version": 1, "settings": data["settings"], "agreements": [data["agreements"][0]]}
    assert run("--db", str(db), "import", "--replace", str(write(tmp_path / "s.json", small))) == EXIT_OK
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{tmp_path / 's.json'}: replaced the database content"
    assert f"  agreements: 0 new, 0 changed, {len(data['agreements']) - 1} removed" in out
    assert f"  meetings: 0 new, 0 changed, {len(data['meetings'])} removed" in out
    assert f"  governments: 0 new, 0 changed, {len(data['governments'])} removed" in out


def test_an_agenda_only_merge_and_the_parties_it_adds_are_reported(tmp_path, demo_bundle_path, capsys):
    db = tmp_path / "db.sqlite3"
    run("--db", str(db), "import", str(demo_bundle_path))
    capsys.readouterr()
    agenda = {"format": "konsultasjon-bundle", "version": 1,
              "agenda": [{"meeting": {"year": 2006, "number": 2}, "action": "own", "agreement": None, "key": "budsjett", "title": "Budsjettrammen"}]}
    assert run("--db", str(db), "import", str(write(tmp_path / "a.json", agenda))) == EXIT_OK
    assert capsys.readouterr().out == f"{tmp_path / 'a.json'}: imported\n  agenda: 1 new, 0 changed\n"
    # Parties named by new agreements are added to the party list: the report says how many.
    parties = {"format": "konsultasjon-bundle", "version": 1,
               "agreements": [{"key": f"ny{i}", "title": f"Ny {i}", "state_parties": [f"Etat {i}"], "other_parties": ["KS"]} for i in range(3)]}
    assert run("--db", str(db), "import", str(write(tmp_path / "p.json", parties))) == EXIT_OK
    out = capsys.readouterr().out
    assert "  agreements: 3 new, 0 changed\n" in out
    assert "  parties: 3 new (named by the file's agreements and added to the party list; check their kind)\n" in out
    # Again: nothing new, and no party either.
    assert run("--db", str(db), "import", str(tmp_path / "p.json")) == EXIT_OK
    assert capsys.readouterr().out == f"{tmp_path / 'p.json'}: nothing new or changed\n"


def test_an_import_adds_a_party_once_and_not_under_another_spelling(tmp_path, demo_bundle_path, capsys):
    """A file naming «krd» (KDD's former name), «ks» beside «KS», and «Digdir» beside «digdir» (review 2): one new
    party, «Digdir», as the agreement form adds them. Was: four, «krd» as a new directorate and «ks» as a party of
    its own, which the KS-signatory checks then did not take for KS."""
    from konsultasjon_app.domain.checks import party_index, signatories_required
    from konsultasjon_app.store.database import Store

    db = tmp_path / "db.sqlite3"
    run("--db", str(db), "import", str(demo_bundle_path))
    before = {p.key for p in Store(db).load().parties}
    capsys.readouterr()
    case = {"format": "konsultasjon-bundle", "version": 1,
            "agreements": [{"key": "t1", "title": "Avtale om test", "state_parties": ["krd", "Digdir"], "other_parties": ["ks"]},
                           {"key": "t2", "title": "Avtale om test to", "state_parties": ["digdir"], "other_parties": ["KS"]}]}
    assert run("--db", str(db), "import", str(write(tmp_path / "p.json", case))) == EXIT_OK
    out = capsys.readouterr().out
    assert "  agreements: 2 new, 0 changed\n" in out
    assert "  parties: 1 new (named by the file's agreements and added to the party list; check their kind)\n" in out
    register = Store(db).load()
    assert [(p.key, p.kind) for p in register.parties if p.key not in before] == [("Digdir", "directorate")]
    assert signatories_required(register.agreement("t1"), party_index(register.parties)) == (["krd"], "ks")


def db_state(db: Path) -> bytes:
    """The database's bytes after a checkpoint (with WAL, the main file alone is the content)."""
    import sqlite3

    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return db.read_bytes()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["agreements"][3].update(end_date="2006-13-01"), 'agreements[3].end_date: "2006-13-01" is not a date (YYYY-MM-DD)'),
        (lambda d: d["agreements"][0].update(colour="red"), 'agreements[0].colour: unknown field "colour"'),
        (lambda d: d["agreements"].append(dict(d["agreements"][1])), "agreements[10]: agreement "),
        (lambda d: d["agreements"][2].update(notice_months="tre"), "agreements[2].notice_months: must be a whole number"),
        (lambda d: d["agreements"][0].update(start_date="2010-01-01"), "agreements[0].end_date: the end date 2006-06-19 is before the start date 2010-01-01"),
        (lambda d: d["decisions"].append({"agreement": "finnes-ikke", "meeting": {"year": 2006, "number": 2}, "decision": "continue"}), 'decisions[0].agreement: refers to the agreement "finnes-ikke"'),
        (lambda d: d["signings"][0].update(meeting={"year": 2006, "number": 7}), "signings[0].meeting.number: 7 is not between 1 and 4"),
        (lambda d: d["deviations"].append({"action": "review", "agreement": "nav", "from": {"year": 2006, "number": 3}, "to": {"year": 2006, "number": 4}}),
         'deviations[0].from: the planner puts "review" items only on meeting 2; a deviation from meeting 3/2006 would move nothing'),
        (lambda d: d["signings"][0].update(meeting={"year": 2008, "number": 3}), "signings[0].meeting: the meeting 3/2008 is not in 2006, the year of the signing date 2006-04-21"),
        (lambda d: d["agreements"][4].update(signed_date="9999-12-01"), "agreements[4].signed_date: 9999-12-01 is not between 1900-01-01 and 2200-12-31"),
    ],
)
def test_bad_input_exits_2_names_record_and_field_and_changes_nothing(tmp_path, demo_bundle_path, capsys, change, expected):
    db = tmp_path / "db.sqlite3"
    run("--db", str(db), "import", str(demo_bundle_path))
    before = db_state(db)
    data = json.loads(demo_bundle_path.read_text(encoding="utf-8"))
    data["agreements"][0]["title"] = "Endret, men skal ikke lagres"  # a valid change in the same file
    change(data)
    bad = write(tmp_path / "feil.json", data)
    capsys.readouterr()
    assert run("--db", str(db), "import", str(bad)) == EXIT_INPUT
    err = capsys.readouterr().err
    assert str(bad) in err and expected in err
    assert db_state(db) == before


def test_missing_and_wrong_files(tmp_path, capsys):
    db = tmp_path / "db.sqlite3"
    assert run("--db", str(db), "import", str(tmp_path / "finnes-ikke.json")) == EXIT_INPUT
    assert "finnes-ikke.json: the file does not exist" in capsys.readouterr().err
    text = tmp_path / "avtaler.txt"
    text.write_text("x")
    fresh = tmp_path / "ny.sqlite3"
    assert run("--db", str(fresh), "import", str(text)) == EXIT_INPUT
    assert f"{text}: cannot be imported: import reads a .json bundle, or a .csv or .xlsx agreement table" in capsys.readouterr().err
    assert not fresh.exists()  # refused before the database is created
    assert run("--db", str(db), "export", str(tmp_path / "ut.txt")) == EXIT_INPUT
    assert "ut.txt: cannot be written: the format follows the extension, one of .json, .csv and .xlsx" in capsys.readouterr().err
    assert run("--db", str(tmp_path / "ingen.sqlite3"), "export", str(tmp_path / "ut.json")) == EXIT_INPUT
    assert "does not exist" in capsys.readouterr().err


def test_an_import_refused_as_bad_input_leaves_an_older_database_as_it_was(tmp_path, capsys):
    """Exit 2 says nothing was written; into an older database the upgrade (and its backup) was made first, and older
    versions of the program could no longer open the shared file. The file is now checked against the register the
    database holds, read through an upgraded copy in memory, before anything is opened for writing."""
    db = tmp_path / "gammel.sqlite3"
    shutil.copy(SCHEMAS / "schema-v2.sqlite3", db)
    before = db.read_bytes()
    decision = {"agreement": "barnevern", "meeting": {"year": 2007, "number": 2}, "decision": "continue"}
    unknown = write(tmp_path / "ukjent.json", {"format": "konsultasjon-bundle", "version": 1, "decisions": [{**decision, "agreement": "finnes-ikke"}]})
    bad_date = write(tmp_path / "dato.json", {"format": "konsultasjon-bundle", "version": 1, "agreements": [{"key": "a", "title": "A", "end_date": "2026-02-30"}]})
    for bad, expected in ((unknown, 'decisions[0].agreement: refers to the agreement "finnes-ikke"'), (bad_date, '"2026-02-30" is not a date'),
                          (tmp_path / "finnes-ikke.json", "the file does not exist")):
        assert run("--db", str(db), "import", str(bad)) == EXIT_INPUT
        assert expected in capsys.readouterr().err
        assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("gammel")) == ["gammel.sqlite3"]  # no backup, no lock
    # A good file, checked against what the database holds (its agreement "barnevern"), is imported into it upgraded.
    good = write(tmp_path / "vedtak.json", {"format": "konsultasjon-bundle", "version": 1, "decisions": [decision]})
    assert run("--db", str(db), "import", str(good)) == EXIT_OK
    assert "decisions: 1 new, 0 changed" in capsys.readouterr().out
    session = Session.open(db)
    try:
        assert session.store.schema_version == 3 and len(session.register.decisions) == 2
    finally:
        session.close()


def test_a_command_that_upgrades_an_older_database_says_so_on_standard_error_and_names_the_backup(tmp_path, capsys, demo_bundle_path):
    """Was silent: colleagues still running the older version were refused the shared file from then on ("made by a
    newer version"), and nobody had been told, nor which backup they could open. Standard output stays the command's."""
    from konsultasjon_app.store import backup as backups

    for command in (["check", "--format", "json"], ["import", str(demo_bundle_path)]):
        db = tmp_path / f"gammel-{command[0]}.sqlite3"
        shutil.copy(SCHEMAS / "schema-v2.sqlite3", db)
        capsys.readouterr()
        assert run("--db", str(db), *command) == EXIT_OK
        captured = capsys.readouterr()
        (made,) = [b for b in backups.list_backups(db) if b.reason == "migration"]
        assert captured.err == (f"note: the database {db} was upgraded from schema 2 to 3: older versions of this program can no "
                                f"longer open it; the backup made before the upgrade is {made.path}\n")
        if command[0] == "check":
            assert json.loads(captured.out)["integrity"]["ok"] is True
        else:
            assert captured.out.startswith(f"{demo_bundle_path}: imported")
        assert run("--db", str(db), *command) == EXIT_OK
        assert capsys.readouterr().err == ""  # once


def test_a_file_that_cannot_be_imported_creates_no_database(tmp_path, demo_bundle_path, capsys):
    """Into a database that does not exist yet, a bad or missing file leaves nothing behind: no database, no lock
    file, no folders (the message says nothing was written)."""
    bad = write(tmp_path / "feil.json", {"format": "konsultasjon-bundle", "version": 1, "agreements": [{"key": "a", "title": "A", "end_date": "2026-02-30"}]})
    for db in (tmp_path / "ny" / "mappe" / "db.sqlite3", tmp_path / "db.sqlite3"):
        assert run("--db", str(db), "import", str(bad)) == EXIT_INPUT
        assert 'agreements[0].end_date: "2026-02-30" is not a date' in capsys.readouterr().err
        assert run("--db", str(db), "import", str(tmp_path / "finnes-ikke.json")) == EXIT_INPUT
        assert "the file does not exist" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feil.json"]
    # A good file checked against what a new database holds (its ministries) is imported as before (into a folder
    # that is there: a --db in one that is not is bad input, test_paths_cli).
    (tmp_path / "ny").mkdir()
    db = tmp_path / "ny" / "db.sqlite3"
    assert run("--db", str(db), "import", str(demo_bundle_path)) == EXIT_OK
    assert "agreements: 10 new" in capsys.readouterr().out


def test_many_problems_are_counted_beyond_those_listed(tmp_path, capsys):
    agreements = [{"key": f"a{i}", "title": f"A{i}", "end_date": "2026-02-30"} for i in range(1000)]
    bad = write(tmp_path / "feil.json", {"format": "konsultasjon-bundle", "version": 1, "agreements": agreements})
    assert run("--db", str(tmp_path / "db.sqlite3"), "import", str(bad)) == EXIT_INPUT
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 51 and lines[-1] == f"{bad}: … and 950 more"


def test_a_database_that_is_not_one_exits_3_with_a_message(tmp_path, demo_bundle_path, capsys):
    db = tmp_path / "db.sqlite3"
    db.write_bytes(b"\x00garbage" * 1000)
    assert run("--db", str(db), "import", str(demo_bundle_path)) == EXIT_ENVIRONMENT
    assert "is not a database of this program" in capsys.readouterr().err


def test_export_to_a_folder_that_cannot_be_written(tmp_path, demo_bundle_path, capsys):
    db = tmp_path / "db.sqlite3"
    run("--db", str(db), "import", str(demo_bundle_path))
    capsys.readouterr()
    assert run("--db", str(db), "export", str(tmp_path / "mangler" / "ut.json")) != EXIT_OK
    err = capsys.readouterr().err
    assert "ut.json" in err and "Traceback" not in err


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")
def test_a_written_file_gets_the_mode_of_any_new_file_and_keeps_its_own_when_written_over(tmp_path, demo_bundle_path):
    db = tmp_path / "db.sqlite3"
    assert run("--db", str(db), "import", str(demo_bundle_path)) == EXIT_OK
    old = os.umask(0o022)
    try:
        for name in ("ut.json", "ut.csv", "ut.xlsx"):  # was 0600 (tempfile.mkstemp's) for every one
            assert run("--db", str(db), "export", str(tmp_path / name)) == EXIT_OK
            assert (tmp_path / name).stat().st_mode & 0o777 == 0o644, name
        assert run("--db", str(db), "agenda", "--year", "2006", "--meeting", "2", "--pdf", str(tmp_path / "a.pdf")) == EXIT_OK
        assert (tmp_path / "a.pdf").stat().st_mode & 0o777 == 0o644
        os.umask(0o077)
        assert run("--db", str(db), "export", str(tmp_path / "privat.json")) == EXIT_OK
        assert (tmp_path / "privat.json").stat().st_mode & 0o777 == 0o600
        # Written over, a file keeps the mode its owner gave it.
        os.chmod(tmp_path / "ut.json", 0o664)
        assert run("--db", str(db), "export", str(tmp_path / "ut.json")) == EXIT_OK
        assert (tmp_path / "ut.json").stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(old)


def test_check_reports_integrity_and_rule_warnings(tmp_path, demo_bundle_path, capsys):
    db = tmp_path / "db.sqlite3"
    run("--db", str(db), "import", str(demo_bundle_path))
    capsys.readouterr()
    assert run("--db", str(db), "check", "--format", "json") == EXIT_OK
    report = json.loads(capsys.readouterr().out)
    assert report["integrity"] == {"ok": True, "problems": []}
    codes = {(w["agreement"], w["code"]) for w in report["warnings"]}
    assert ("skole", "administrative-signatory") in codes
    assert ("skole", "no-end-date") in codes
    assert ("barnevern", "beyond-term") in codes
    assert ("nav", "no-evaluation-clause") in codes
    assert ("landbruk", "no-evaluation-clause") not in codes
    assert run("--db", str(db), "check") == EXIT_OK
    assert "Integrity: ok" in capsys.readouterr().out



def test_check_warns_about_a_meeting_calendar_out_of_the_meetings_order(tmp_path, capsys):
    """Meeting 3 of 2010 dated 20.04, meeting 2 25.08 (04 typed for 08): the import takes it (the secretariat may mean
    it), and `check` says so, naming the year, the meetings and their dates; the file is sound (exit 0), and the plan's
    warnings keep DOMAIN's codes. Was: nothing said it anywhere but the meeting dialog."""
    db = tmp_path / "db.sqlite3"
    bundle = {"format": "konsultasjon-bundle", "version": 1,
              "meetings": [{"year": 2010, "number": 2, "date": "2010-08-25"}, {"year": 2010, "number": 3, "date": "2010-04-20"}]}
    assert run("--db", str(db), "import", str(write(tmp_path / "inn.json", bundle))) == EXIT_OK
    capsys.readouterr()
    message = "Møtedatoene for 2010 følger ikke møtenes nummer: 3. møte (20.04.2010) er før 2. møte (25.08.2010)."

    assert run("--db", str(db), "check", "--format", "json") == EXIT_OK
    report = json.loads(capsys.readouterr().out)
    assert report["integrity"]["ok"] is True
    assert report["calendar"] == {"warnings": [{"agreement": None, "code": "meeting-order", "message": message, "year": 2010}]}
    assert run("--db", str(db), "check") == EXIT_OK
    assert f"Meeting calendar: 1 warning(s)\n  2010: meeting-order — {message}\n" in capsys.readouterr().out
    assert run("--db", str(db), "plan", "--from-year", "2010", "--format", "json") == EXIT_OK
    assert "meeting-order" not in capsys.readouterr().out


@pytest.mark.parametrize("form", ["json", "text"])
def test_check_of_a_database_damaged_past_reading_prints_its_report(tmp_path, demo_bundle_path, capsys, form):
    """README: `check` exits 3 when it finds the database damaged, "its report on standard output". Damaged past
    reading, it printed nothing there (only the error on standard error): a tool reading the JSON had nothing to
    read (found by the second audit of the command line)."""
    db = tmp_path / "db.sqlite3"
    run("--db", str(db), "import", str(demo_bundle_path))
    with open(db, "r+b") as f:  # three pages overwritten
        f.seek(4096 * 20)
        f.write(b"\xff" * 4096 * 3)
    capsys.readouterr()
    assert run("--db", str(db), "check", "--format", form) == EXIT_ENVIRONMENT
    out = capsys.readouterr().out
    if form == "json":
        report = json.loads(out)
        assert report["integrity"]["ok"] is False and "damaged" in report["integrity"]["problems"][0]
        assert str(db) in report["integrity"]["problems"][0]
        # Not read, so not checked: null, where [] would say none was found (the keys kept, for a tool that reads them).
        year = report["plan"]["year"]
        assert {key: report[key] for key in ("checked", "warnings", "calendar", "plan")} == {
            "checked": False, "warnings": [], "calendar": {"warnings": []}, "plan": {"year": year, "warnings": []}}
    else:
        assert out.startswith("Integrity: PROBLEMS\n") and "damaged" in out
        # Was: "Model-agreement checks: 0 warning(s)" and the like, which read like a clean result.
        assert "warning(s)" not in out
        unread = "not checked (the database could not be read)"
        assert out.endswith(f"Model-agreement checks: {unread}\nMeeting calendar: {unread}\nPlan {dt.date.today().year}: {unread}\n")


def _damage(db: Path, at: int) -> None:
    with open(db, "r+b") as f:
        f.seek(at)
        f.write(b"\xff" * (4096 * 3 if at else 100))


@pytest.mark.parametrize("where", ["pages", "header"])
def test_a_damaged_database_is_told_with_where_its_backups_are_and_how_to_restore_one(tmp_path, demo_bundle_path, capsys, where):
    """The command line has no restore. Was: «… is damaged; restore a backup», with no word of where the backups are
    or how to restore one, and the same where there was none; a damaged header, «not a database of this program», said
    nothing of the backups the window offers for it (found by the audit of opening a damaged file). Now: the backups
    folder and the newest backup, and that opening the file in the window offers them; or that there is none."""
    db = tmp_path / "db.sqlite3"
    assert run("--db", str(db), "import", str(demo_bundle_path)) == EXIT_OK
    session = Session.open(db, lock=True)
    newest = session.backup("manual")
    session.close()
    for side in tmp_path.glob("db.sqlite3-*"):
        side.unlink()
    _damage(db, 4096 * 20 if where == "pages" else 0)
    before = db.read_bytes()
    fact = f"the database {db} is damaged" if where == "pages" else f"{db} is not a database of this program (not an SQLite file)"
    window = f"opening the database in the window (python -m konsultasjon_app --db \"{db}\", or Fil → Åpne …)"
    folder = tmp_path / "db.sikkerhetskopier"
    named = f"{newest.path.name}, made {newest.made:%Y-%m-%d %H:%M:%S}"
    with_backups = (f"{fact}; its backups lie in {folder} (the newest: {named}): restore one by {window}, which offers them and keeps the damaged file aside"
                    if where == "pages" else
                    f"{fact}; if it was one, backups of a database by its name lie in {folder} (the newest: {named}): restore one by {window}, which offers them")
    commands = (["plan", "--from-year", "2026"], ["export", str(tmp_path / "ut.json")], ["import", str(demo_bundle_path)], ["check"])
    capsys.readouterr()
    for command in commands:
        assert run("--db", str(db), *command) == EXIT_ENVIRONMENT
        assert capsys.readouterr().err == f"error: {with_backups}\n", command
    shutil.rmtree(folder)
    without = (f"{fact}; there is no backup of it (none in {folder}): put back a copy of the file if there is one, or start an empty "
               f"register by {window}, which offers to keep the damaged file aside") if where == "pages" else fact
    for command in commands:
        assert run("--db", str(db), *command) == EXIT_ENVIRONMENT
        assert capsys.readouterr().err == f"error: {without}\n", command
    assert db.read_bytes() == before and not (tmp_path / "ut.json").exists()


def test_a_database_lacking_a_table_or_column_is_told_by_every_command_and_check_reports_it(tmp_path, demo_bundle_path, capsys):
    """A table or column dropped with another tool: every command said it with a traceback (exit 1), and `check`
    passed one without its history table ("Integrity: ok"). Now it is named as damaged or incomplete (exit 3), and
    `check` compares the tables and columns with what the schema version has, its report on standard output."""
    db = tmp_path / "db.sqlite3"
    run("--db", str(db), "import", str(demo_bundle_path))
    for sql, missing in (("DROP TABLE history", "table history missing"), ("ALTER TABLE agreements DROP COLUMN notes", "column agreements.notes missing")):
        damaged = tmp_path / f"skadet-{len(missing)}.sqlite3"
        shutil.copy(db, damaged)
        lacking(damaged, sql)
        told = (f"the database {damaged} is damaged or incomplete: {missing} (schema version 3); there is no backup of it (none in "
                f"{tmp_path / damaged.stem}.sikkerhetskopier): put back a copy of the file if there is one, or start an empty register by "
                f"opening the database in the window (python -m konsultasjon_app --db \"{damaged}\", or Fil → Åpne …), which offers to keep the damaged file aside")
        capsys.readouterr()
        assert run("--db", str(damaged), "check", "--format", "json") == EXIT_ENVIRONMENT
        captured = capsys.readouterr()
        report = json.loads(captured.out)
        assert report["integrity"]["ok"] is False
        assert report["integrity"]["problems"] == [told]
        assert run("--db", str(damaged), "check") == EXIT_ENVIRONMENT
        assert capsys.readouterr().out.startswith(f"Integrity: PROBLEMS\n  the database {damaged} is damaged or incomplete: {missing}")
        for command in (["export", str(tmp_path / "ut.json")], ["plan", "--from-year", "2006"], ["import", str(demo_bundle_path)]):
            if missing == "table history missing" and command[0] != "import":
                assert run("--db", str(damaged), *command) == EXIT_OK  # a command that only reads needs no history
                capsys.readouterr()
                continue
            assert run("--db", str(damaged), *command) == EXIT_ENVIRONMENT
            assert capsys.readouterr().err == f"error: {told}\n"


def test_check_sees_the_end_date_and_term_a_signing_sets_as_the_planner_does(tmp_path, capsys):
    """DOMAIN §3 TERM-LIMIT: the term that counts is the one of the latest signing, and a signing may set a new end
    date; `check` gives the model-agreement warnings with the same codes, so it must see the signings too."""
    agreement = {"notice_months": 3, "purpose": "p", "obligations": {"joint": "j"}, "evaluation_annual": True}
    bundle = tmp_path / "signed.json"
    bundle.write_text(json.dumps({
        "format": "konsultasjon-bundle", "version": 1,
        "agreements": [
            {"key": "resigned", "title": "Undertegnet på nytt", "signed_date": "2004-01-15", "end_date": "2008-12-31", **agreement},
            {"key": "signing-end", "title": "Sluttdato ved undertegning", "signed_date": "2006-01-15", **agreement},
            {"key": "too-long", "title": "For lang", "signed_date": "2006-01-15", "end_date": "2008-12-31", **agreement},
        ],
        "signings": [
            {"agreement": "resigned", "date": "2006-08-30"},  # term 2005–2009: 31.12.2008 is inside it
            {"agreement": "signing-end", "date": "2006-08-30", "end_date": "2008-12-31"},
            {"agreement": "too-long", "date": "2006-08-30", "end_date": "2010-06-30"},  # past the term's end
        ],
    }), encoding="utf-8")
    db = tmp_path / "db.sqlite3"
    run("--db", str(db), "import", str(bundle))
    capsys.readouterr()
    assert run("--db", str(db), "check", "--format", "json") == EXIT_OK
    warnings = json.loads(capsys.readouterr().out)["warnings"]
    assert [(w["agreement"], w["code"]) for w in warnings] == [("too-long", "beyond-term")]
    assert "varer til 30.06.2010, perioden 2005–2009" in warnings[0]["message"]
    assert run("--db", str(db), "plan", "--from-year", "2006", "--to-year", "2008", "--as-of", "2006-09-01", "--format", "json") == EXIT_OK
    planned = {(w["agreement"], w["code"]) for w in json.loads(capsys.readouterr().out)["warnings"]}
    assert {c for c in planned if c[1] in ("beyond-term", "no-end-date")} == {("too-long", "beyond-term")}


def test_a_date_argument_outside_the_planned_years_is_a_usage_error(tmp_path, demo_bundle_path, capsys):
    db = tmp_path / "db.sqlite3"
    run("--db", str(db), "import", str(demo_bundle_path))
    capsys.readouterr()
    assert run("--db", str(db), "plan", "--from-year", "2006", "--as-of", "9999-01-01") == EXIT_INPUT
    err = capsys.readouterr().err
    assert '"9999-01-01" is not between 1900-01-01 and 2200-12-31' in err and "Traceback" not in err


def test_help_lists_the_commands(capsys):
    assert run("--help") == 0
    out = capsys.readouterr().out
    for command in ("import", "export", "check", "plan", "--screenshot", "--db"):
        assert command in out


def test_unknown_command_is_a_usage_error(capsys):
    assert run("fly") == EXIT_INPUT
    assert "invalid choice" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["--db", "x.sqlite3", "--tab", "register"],
        ["--demo", "--screenshot", "out.png", "--tab", "evaluation"],
        ["--db=plan", "--tab=agenda"],
        [],
    ],
)
def test_the_window_opens_with_the_same_arguments_as_the_full_parser_gives(argv):
    """Opening the window skips building the commands' parsers; what it opens must not differ for that."""
    from konsultasjon_app.cli import _window_args, build_parser

    full = build_parser()[0].parse_args(argv)
    assert vars(_window_args(argv)) == vars(full)


@pytest.mark.parametrize("argv", [["plan"], ["--db", "x", "check"], ["--help"], ["-h"], ["--tab", "nowhere"], ["--db"], ["--frobnicate"]])
def test_a_command_help_or_mistake_goes_to_the_full_parser(argv):
    from konsultasjon_app.cli import _window_args

    assert _window_args(argv) is None


def test_the_command_names_known_before_the_parsers_are_the_parsers_commands():
    """`_entry_point` tells the commands by these names before any parser is built, and each names a file of kept
    code (codecache): a name codecache refused would stop every start of its command."""
    from konsultasjon_app import codecache
    from konsultasjon_app.cli import COMMANDS, build_parser

    assert sorted(COMMANDS) == sorted(build_parser()[1])
    for name in (*COMMANDS, "window", "other"):
        codecache.cache_file(name)  # raises for a name it refuses


def test_the_window_options_known_before_the_parsers_are_the_parsers_own():
    """`_entry_point` reads the options before a command from `_WINDOW_OPTIONS`: each, and whether it takes a value."""
    from konsultasjon_app.cli import _WINDOW_OPTIONS, build_parser

    parser = build_parser()[0]
    own = {option: action.nargs != 0 for action in parser._actions for option in action.option_strings if option.startswith("--")}
    assert _WINDOW_OPTIONS == own


def _parsed_entry(parser, argv: list[str]) -> str | None:
    """The entry point the full parser reads in `argv` ("window" or a command), or None if it refuses `argv` or
    prints help."""
    import contextlib
    import io

    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            return parser.parse_args(argv).command or "window"
    except SystemExit:
        return None


@pytest.mark.parametrize(
    ("argv", "entry"),
    [
        ([], "window"),
        (["--demo"], "window"),
        (["--db", "plan", "--tab", "agenda"], "window"),  # option values that are command names
        (["--db=x.sqlite3", "--screenshot", "check", "--tab", "register"], "window"),
        (["--ta", "agenda"], "window"),  # abbreviated, as argparse allows
        (["--scr=o.png", "--de"], "window"),
        (["plan", "--from-year", "2006"], "plan"),
        (["--db", "x.sqlite3", "agenda", "--year", "2026", "--meeting", "1", "--pdf", "a.pdf"], "agenda"),
        (["--demo", "overview", "--year", "2026", "--pdf", "o.pdf"], "overview"),
        (["--db", "import", "import", "b.json"], "import"),
        (["--help"], "other"),
        (["--he"], "other"),
        (["-h", "plan"], "other"),
        (["fly"], "other"),
        (["--d", "x"], "other"),  # --db or --demo: the parser refuses it
        (["--demo=yes"], "other"),
        (["--", "plan"], "other"),
        (["-x"], "other"),
    ],
)
def test_the_entry_point_is_told_from_the_arguments_as_the_parser_reads_them(argv, entry):
    from konsultasjon_app.cli import _entry_point, build_parser

    assert _entry_point(argv) == entry
    assert _parsed_entry(build_parser()[0], argv) == (None if entry == "other" else entry)


_TOKENS = ["--db", "--d", "--demo", "--de", "--screenshot", "--scr", "--tab", "--ta", "--t", "--help", "-h", "--", "-",
           "--db=x.sqlite3", "--tab=agenda", "--scr=o.png", "--demo=1", "--frob", "-x", "agenda", "register", "plan",
           "import", "export", "check", "b.json", "--year", "2026", "--from-year", "2006", "æøå", ""]
_PARSER: list = []  # built once for the examples below


@settings(max_examples=300, deadline=None)
@given(argv=st.lists(st.sampled_from(_TOKENS), max_size=6))
def test_any_arguments_the_parser_reads_give_the_entry_point_it_reads_and_any_other_a_file_name(argv):
    """Whatever the arguments, the entry point names a file codecache accepts (else the start would fail), and where
    the parser reads a window or a command, it is that one."""
    from konsultasjon_app import codecache
    from konsultasjon_app.cli import _entry_point, build_parser

    if not _PARSER:
        _PARSER.append(build_parser()[0])
    entry = _entry_point(argv)
    codecache.cache_file(entry)
    parsed = _parsed_entry(_PARSER[0], argv)
    if parsed is not None:
        assert entry == parsed


def test_a_wrong_window_option_is_a_usage_error_naming_it(capsys):
    assert run("--tab", "nowhere") == EXIT_INPUT
    assert "--tab" in capsys.readouterr().err


def test_the_module_runs_as_a_program(tmp_path, demo_bundle_path):
    """`python -m konsultasjon_app` in a fresh process: what scripts and other tools call."""
    db = tmp_path / "db.sqlite3"
    env = dict(os.environ)
    done = subprocess.run([sys.executable, "-m", "konsultasjon_app", "--db", str(db), "import", str(demo_bundle_path)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    bad = tmp_path / "tom.json"
    bad.write_text("")
    done = subprocess.run([sys.executable, "-m", "konsultasjon_app", "--db", str(db), "import", str(bad)], capture_output=True, text=True, env=env)
    assert done.returncode == 2
    assert done.stderr.strip() == f"{bad}: is empty"


def test_output_is_utf8_and_a_refused_output_is_an_environment_error(tmp_path):
    """JSON goes out as UTF-8 even where the console's code page is cp1252 (Windows, output to a file or pipe): a
    Sami name must not crash the command. Output to a full disk is exit 3 with a message; a reader that stops
    early (`… | head -1`) ends the command quietly. Neither shows a traceback."""
    db = tmp_path / "db.sqlite3"
    bundle = write(tmp_path / "inn.json", {"format": "konsultasjon-bundle", "version": 1, "agreements": [{"key": "sami", "title": "Avtale med Porsáŋgu gielda", "signed_date": "2005-09-15"}]})
    assert run("--db", str(db), "import", str(bundle)) == EXIT_OK
    command = [sys.executable, "-m", "konsultasjon_app", "--db", str(db), "plan", "--from-year", "2006", "--to-year", "2030", "--format", "json"]
    env = dict(os.environ, PYTHONIOENCODING="cp1252")
    done = subprocess.run(command, capture_output=True, env=env, check=False)
    assert done.returncode == EXIT_OK, done.stderr
    assert "Porsáŋgu gielda" in json.dumps(json.loads(done.stdout.decode("utf-8"))["warnings"], ensure_ascii=False)
    if Path("/dev/full").exists():
        with open("/dev/full", "w") as full:
            done = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, env=env, check=False)
        assert done.returncode == EXIT_ENVIRONMENT
        assert done.stderr == "error: the output could not be written: No space left on device\n"
    longer = [*command[:-4], "--to-year", "2200", "--format", "json"]  # some 300 KB: more than a pipe holds
    reader = subprocess.Popen(longer, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    reader.stdout.read(10)
    reader.stdout.close()  # the reader stops early
    assert reader.wait(timeout=60) == EXIT_OK
    assert reader.stderr.read() == b""
    reader.stderr.close()


@pytest.mark.parametrize(("argv", "encoding", "expected"), [
    (["--help"], "cp1252", "1280×800"),
    (["--help"], "cp437", "1280×800"),
    (["agenda", "--help"], "cp850", "1–4"),
])
def test_help_is_utf8_whatever_the_code_page(argv, encoding, expected):
    """Help redirected to a file on Windows (code page cp1252). Was: written in that code page ("1280\\xd7800", not
    UTF-8), and a traceback (exit 1) where the code page has no "×" or "–"."""
    done = subprocess.run([sys.executable, "-m", "konsultasjon_app", *argv], capture_output=True, env=dict(os.environ, PYTHONIOENCODING=encoding),
                          check=False, cwd=ROOT)
    assert done.returncode == EXIT_OK, done.stderr
    assert expected in done.stdout.decode("utf-8")


def test_standard_error_is_utf8_too(tmp_path):
    """Where the console's code page is cp1252 (Windows, output to a file or pipe) a message naming a Sami file name
    is UTF-8 like standard output, not cp1252 with the letters it lacks as \\u escapes (nor mixed with UTF-8
    standard output in one file)."""
    missing = tmp_path / "Porsáŋgu.json"
    command = [sys.executable, "-m", "konsultasjon_app", "--db", str(tmp_path / "db.sqlite3"), "import", str(missing)]
    done = subprocess.run(command, capture_output=True, env=dict(os.environ, PYTHONIOENCODING="cp1252"), check=False)
    assert done.returncode == EXIT_INPUT
    assert done.stderr.decode("utf-8") == f"error: {missing}: the file does not exist\n"


def test_an_overview_moved_to_next_year_prints_as_its_own_years_list(tmp_path, capsys):
    """Meeting 4 of 2010 cancelled, its overview moved to meeting 1 of 2011 (DEVIATION): `overview --year 2010`
    prints 2010's list, as of that meeting 4, and `overview --year 2011` 2011's own. Was: 2010's failed ("no
    overview") and 2011's printed the moved 2010 list under 2011's date."""
    from pypdf import PdfReader

    dates = {1: "03-10", 2: "04-21", 3: "08-25", 4: "10-20"}
    meetings = [{"year": y, "number": n, "date": f"{y}-{md}"} for y in (2010, 2011) for n, md in dates.items()]
    agreements = [
        {"key": "lang", "title": "Avtale som varer", "signed_date": "2009-01-15", "end_date": "2013-12-31"},
        {"key": "kort", "title": "Avtale som utløp i 2010", "signed_date": "2009-01-15", "end_date": "2010-12-31"},
    ]
    moved = {"action": "overview", "agreement": None, "from": {"year": 2010, "number": 4}, "to": {"year": 2011, "number": 1},
             "reason": "4. møte 2010 avlyst"}
    bundle = write(tmp_path / "b.json", {"format": "konsultasjon-bundle", "version": 1, "meetings": meetings,
                                          "agreements": agreements, "deviations": [moved]})
    db = str(tmp_path / "db.sqlite3")
    assert run("--db", db, "import", str(bundle)) == EXIT_OK

    def printed(year: int) -> str:
        out = tmp_path / f"oversikt-{year}.pdf"
        assert run("--db", db, "overview", "--year", str(year), "--as-of", "2011-01-01", "--pdf", str(out)) == EXIT_OK
        return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out).pages)

    first, second = printed(2010), printed(2011)
    assert "2 samarbeidsavtaler mellom staten og KS i kraft per 20.10.2010." in first
    assert "Avtale som utløp i 2010" in first
    assert "1 samarbeidsavtale mellom staten og KS i kraft per 20.10.2011." in second
    assert "Avtale som utløp i 2010" not in second
    capsys.readouterr()


def test_the_commands_that_only_read_read_a_database_that_cannot_be_written(tmp_path, demo_bundle_path, monkeypatch, capsys):
    """A database on a write-protected USB stick or a share one may only read (as tests/store/test_environment.py
    makes one: nothing may be written, and SQLite cannot open the -wal file beside it)."""
    from konsultasjon_app.store import database

    db = tmp_path / "db.sqlite3"
    assert run("--db", str(db), "import", str(demo_bundle_path)) == EXIT_OK
    Path(f"{db}-wal").unlink(missing_ok=True)
    Path(f"{db}-wal").mkdir()
    monkeypatch.setattr(database, "_writable", lambda path: False)
    capsys.readouterr()
    assert run("--db", str(db), "check") == EXIT_OK
    assert run("--db", str(db), "plan", "--from-year", "2006", "--format", "json") == EXIT_OK
    assert run("--db", str(db), "export", str(tmp_path / "ut.json")) == EXIT_OK
    assert (tmp_path / "ut.json").read_text(encoding="utf-8") == demo_bundle_path.read_text(encoding="utf-8")
    assert run("--db", str(db), "import", str(demo_bundle_path)) == EXIT_ENVIRONMENT  # writing: refused, told
    assert "cannot be written" in capsys.readouterr().err


def test_on_windows_the_commands_that_only_read_read_a_database_on_a_read_only_drive(tmp_path, demo_bundle_path, monkeypatch, capsys,
                                                                                     read_only_drive):
    """A real read-only drive, with os.access answering as on Windows (a folder, and a file there without the
    read-only attribute, "writable"). Was: every one of them exit 3, «the database … cannot be opened»."""
    from ..windows import access_as_on_windows

    drive, make_read_only = read_only_drive
    db = drive / "db.sqlite3"
    assert run("--db", str(db), "import", str(demo_bundle_path)) == EXIT_OK
    make_read_only()
    access_as_on_windows(monkeypatch)
    capsys.readouterr()
    assert run("--db", str(db), "check") == EXIT_OK
    capsys.readouterr()
    assert run("--db", str(db), "plan", "--from-year", "2006", "--format", "json") == EXIT_OK
    assert json.loads(capsys.readouterr().out)["items"]
    assert run("--db", str(db), "agenda", "--year", "2006", "--meeting", "2", "--pdf", str(tmp_path / "a.pdf")) == EXIT_OK
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
    assert run("--db", str(db), "export", str(tmp_path / "ut.json")) == EXIT_OK
    assert (tmp_path / "ut.json").read_text(encoding="utf-8") == demo_bundle_path.read_text(encoding="utf-8")
    assert run("--db", str(db), "import", str(demo_bundle_path)) == EXIT_ENVIRONMENT  # writing: refused, told
    assert "cannot be written" in capsys.readouterr().err


def test_check_finds_records_the_import_of_an_export_would_refuse(tmp_path, demo_bundle_path, capsys):
    """A database from an older version may hold a signing at a meeting of another year (import refuses it now):
    its bundle would fail on the laptop it was made for. `check` says so first, naming the record."""
    import datetime as dt

    from konsultasjon_app.domain.changes import Put, apply
    from konsultasjon_app.domain.model import MeetingRef, Signing
    from konsultasjon_app.store.session import Session

    db = tmp_path / "db.sqlite3"
    assert run("--db", str(db), "import", str(demo_bundle_path)) == EXIT_OK
    session = Session.open(db)
    # Written past the command path, as an older version stored it (Session.execute refuses it now).
    ops = (Put("signings", Signing("barnevern", dt.date(2006, 8, 30), MeetingRef(2008, 3))),)
    session.store.write("Gammel", ops, apply(session.register, ops))
    session.close()
    capsys.readouterr()
    assert run("--db", str(db), "check") == EXIT_ENVIRONMENT
    out = capsys.readouterr().out
    assert "Integrity: PROBLEMS" in out and "export: signings[" in out and "meeting" in out


def test_a_party_an_older_version_stored_twice_is_read_once_and_the_export_imports(tmp_path, demo_bundle_path, capsys):
    """An older version stored «BLD» beside «bld» and « BLD » (the form and every import let it in), which the
    bundle reader now refuses: the database's own export failed to import (DOMAIN §6), and the agenda printed
    «Parter: BLD, bld, BLD og KS». Read with each party once (the first spelling), all of it works again."""
    from pypdf import PdfReader

    db = tmp_path / "db.sqlite3"
    assert run("--db", str(db), "import", str(demo_bundle_path)) == EXIT_OK
    conn = sqlite3.connect(db)  # as an older version wrote it, past today's checks
    with conn:
        conn.executemany("INSERT INTO agreement_parties (agreement, side, position, party) VALUES ('barnevern', ?, ?, ?)",
                         [("state", 1, "bld"), ("state", 2, " BLD "), ("other", 1, "ks")])
    conn.close()
    capsys.readouterr()
    run("--db", str(db), "check")
    assert "export:" not in capsys.readouterr().out  # nothing left for the user to put right
    out = tmp_path / "ut.json"
    assert run("--db", str(db), "export", str(out)) == EXIT_OK
    [barnevern] = [a for a in json.loads(out.read_text(encoding="utf-8"))["agreements"] if a["key"] == "barnevern"]
    assert (barnevern["state_parties"], barnevern["other_parties"]) == (["BLD"], ["KS"])
    fresh = tmp_path / "ny.sqlite3"
    assert run("--db", str(fresh), "import", str(out)) == EXIT_OK
    assert run("--db", str(fresh), "import", "--replace", str(out)) == EXIT_OK

    def pdf_text(path: Path) -> str:
        return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)

    agenda, overview = tmp_path / "dagsorden.pdf", tmp_path / "oversikt.pdf"
    assert run("--db", str(db), "agenda", "--year", "2006", "--meeting", "2", "--pdf", str(agenda)) == EXIT_OK
    assert run("--db", str(db), "overview", "--year", "2006", "--pdf", str(overview)) == EXIT_OK
    assert "Parter: BLD og KS" in pdf_text(agenda)
    assert "bld" not in pdf_text(agenda) + pdf_text(overview) and "BLD BLD" not in pdf_text(overview)


def test_the_command_line_keeps_as_many_backups_as_chosen_in_the_window(tmp_path, demo_bundle_path):
    """Behold sikkerhetskopier (Rediger → Innstillinger) is the user's choice for the database, whichever program
    makes the backup: an import, and the upgrade of an older database by a command that only reads."""
    import datetime as dt
    import shutil
    import sqlite3

    from konsultasjon_app.store import backup as backups
    from konsultasjon_app.ui.settings import AppSettings

    settings = AppSettings()
    settings.set("backups/keep", 30)
    settings.sync()
    start = dt.datetime(2026, 1, 1, 12, 0)
    old = SCHEMAS / "schema-v2.sqlite3"
    for db, command in ((tmp_path / "db.sqlite3", ("import", str(demo_bundle_path))), (tmp_path / "gammel.sqlite3", ("check",))):
        if command[0] == "check":
            shutil.copy(old, db)
        else:
            Session.open(db).close()  # a register (an emptied file with backups is refused: it is to be restored)
        conn = sqlite3.connect(db)
        for i in range(12):
            backups.make_backup(conn, db, "manual", keep=30, now=start + dt.timedelta(minutes=i))
        conn.close()
        # Changed since: the backup before the import or the upgrade is a new one (one that holds the same content
        # as the newest backup takes that one instead).
        if command[0] == "import":
            session = Session.open(db)
            add(session, "x")
            session.close()
        else:  # changed by the older version, which keeps its schema
            conn = sqlite3.connect(db)
            with conn:
                conn.execute("INSERT INTO history (at, user, command, kind) VALUES ('2026-01-02T09:00:00', 'kari', 'Endret', 'settings')")
            conn.close()
        assert run("--db", str(db), *command) == EXIT_OK
        assert len(backups.list_backups(db)) == 13, command


@pytest.mark.parametrize(("text", "keep"), [
    ("[backups]\nkeep=30\n", 30),
    ('[window]\ntab=2\n\n[backups]\nkeep = "4"\n', 4),
    ("[backups]\nkeep=mange\n", 10),
    ("[backups]\nkeep=0\n", 1),  # as the window counts it (options.BACKUPS_KEEP: 1 to 100)
    ("[backups]\nkeep=1000\n", 100),
    ("[General]\nkeep=30\n", 10),
    (None, 10),
])
def test_the_kept_backups_setting_is_read_without_qt(private_data_dir, text, keep):
    from konsultasjon_app.store.backup import keep_setting

    if text is not None:
        (private_data_dir / "konsultasjon.ini").write_text(text, encoding="utf-8")
    assert keep_setting() == keep


def test_the_kept_backups_setting_loads_no_qt(private_data_dir):
    """The window's settings file is read as text: a command that makes a backup starts without Qt (which would
    cost it a second, and is not there at all on a server that only runs the scripts)."""
    (private_data_dir / "konsultasjon.ini").write_text("[backups]\nkeep=30\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from konsultasjon_app.store.backup import keep_setting\n"
        "assert keep_setting() == 30\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'PySide6'), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, env=dict(os.environ))
    assert result.stderr.strip() == "[]"


def test_a_command_that_only_reads_leaves_an_emptied_database_as_it_is(tmp_path, capsys, demo_bundle_path):
    """A database emptied by a crash or a sync tool (0 bytes), no backups beside it: `export`, `check` … say it holds
    no register (exit 3), and leave it empty, so that the window still sees it as emptied. Was: a new, empty schema
    written into it, and "exported 0 agreements"; then "damaged; restore a backup", where there was none to restore
    (and the command line has no restore)."""
    db = tmp_path / "db.sqlite3"
    db.write_bytes(b"")
    for command in (["export", str(tmp_path / "ut.json")], ["check"]):
        assert main(["--db", str(db), *command]) == EXIT_ENVIRONMENT
        err = capsys.readouterr().err
        assert err == (f"error: the database {db} holds no register: the file is empty (emptied by a sync tool or a crash, or never made a "
                       "database), and no backups lie beside it; put back a copy of the file if there is one, or import a bundle into it "
                       "to start a new register\n")
        assert db.stat().st_size == 0
    assert main(["--db", str(db), "import", str(demo_bundle_path)]) == EXIT_OK  # as the message says
    assert "agreements: 10 new" in capsys.readouterr().out
    assert not (tmp_path / "ut.json").exists() and not (tmp_path / "skjerm.png").exists()


def test_an_import_into_an_emptied_database_with_backups_is_refused(tmp_path, capsys, demo_bundle_path):
    """Emptied by a sync tool or a crash, its backups beside it: an import would start a new, empty register there,
    and its backup push a real one out of the rotation. It is refused (exit 3) and the file left as it is."""
    from konsultasjon_app.store.session import Session

    db = tmp_path / "db.sqlite3"
    assert main(["--db", str(db), "import", str(demo_bundle_path)]) == EXIT_OK
    session = Session.open(db, lock=True)
    session.backup("manual")  # a backup of the register
    session.close()
    for side in tmp_path.glob("db.sqlite3-*"):
        side.unlink()
    db.write_bytes(b"")
    capsys.readouterr()
    before = sorted(p.name for p in (tmp_path / "db.sikkerhetskopier").iterdir())
    assert main(["--db", str(db), "import", str(demo_bundle_path)]) == EXIT_ENVIRONMENT
    assert "empty or missing" in capsys.readouterr().err
    assert db.stat().st_size == 0 and sorted(p.name for p in (tmp_path / "db.sikkerhetskopier").iterdir()) == before


@pytest.mark.parametrize("lose", ["deleted", "emptied"])
def test_a_lost_database_with_backups_is_to_be_restored_whatever_the_command(tmp_path, capsys, demo_bundle_path, lose):
    """Deleted (or emptied) with its backups beside it, the first command a script or an administrator runs, `check`,
    said «the database does not exist (import a bundle first)» (exit 2), and `import` then refused. Each command now
    says what `import` says: restore one, and how (found by the backups audit)."""
    db = tmp_path / "db.sqlite3"
    assert main(["--db", str(db), "import", str(demo_bundle_path)]) == EXIT_OK
    Session.open(db, lock=True, backup_on_open=True).close()
    for side in tmp_path.glob("db.sqlite3*"):
        side.unlink()
    if lose == "emptied":
        db.write_bytes(b"")
    capsys.readouterr()
    commands = (["check"], ["export", str(tmp_path / "ut.json")], ["import", str(demo_bundle_path)],
                ["--screenshot", str(tmp_path / "skjerm.png")])  # (was: "does not exist", exit 2, or "damaged")
    for command in commands:
        assert main(["--db", str(db), *command]) == EXIT_ENVIRONMENT, command
        err = capsys.readouterr().err
        assert err == (f"error: the database {db} is empty or missing, but its backups lie beside it: restore one by opening the "
                       f"database in the window (python -m konsultasjon_app --db \"{db}\", or Fil → Åpne …), which offers them, or move "
                       "them away to start a new register\n"), command
    assert not (tmp_path / "ut.json").exists()


def test_an_import_whose_backup_cannot_be_made_says_why_and_imports_nothing(tmp_path, capsys, monkeypatch, demo_bundle_path):
    """The backups folder cannot be written (a colleague made it): the import is refused, exit 3, with the reason.
    Was: «the database …/db.sikkerhetskopier/db-….sqlite3 cannot be opened» (found by the backups audit)."""
    from konsultasjon_app.store import backup as backups

    from ..processes import new_files_refused, refused_in

    db = tmp_path / "db.sqlite3"
    session = Session.open(db)
    add(session, "x")  # a register to back up (a new, empty one has nothing: see below)
    session.close()
    backups.folder(db).mkdir()
    with monkeypatch.context() as scoped:
        new_files_refused(scoped, refused_in(backups.folder(db)))
        assert main(["--db", str(db), "import", str(demo_bundle_path)]) == EXIT_ENVIRONMENT
    err = capsys.readouterr().err
    assert err.startswith(f"error: the backup {backups.folder(db)}{os.sep}db-") and "cannot be opened" not in err
    assert f"could not be made: the backups folder {backups.folder(db)} cannot be written (no permission, or a read-only drive)" in err
    assert err.endswith("; nothing was imported (the database is backed up before every import)\n")
    session = Session.open(db)
    assert [a.key for a in session.register.agreements] == ["x"]
    session.close()


def test_the_first_import_into_a_new_database_backs_up_nothing(tmp_path, capsys, demo_bundle_path):
    """There is no register before the first import: its backup held an empty one, so that a database deleted to be
    built again from the bundle was refused as lost beside its backups (restoring one would restore nothing), and a
    backups folder that cannot be written kept `import` from ever making a database (found by the contract audit)."""
    from konsultasjon_app.store import backup as backups

    db = tmp_path / "db.sqlite3"
    assert main(["--db", str(db), "import", str(demo_bundle_path)]) == EXIT_OK
    assert backups.list_backups(db) == []
    for side in tmp_path.glob("db.sqlite3*"):
        side.unlink()
    assert main(["--db", str(db), "import", str(demo_bundle_path)]) == EXIT_OK  # built again from the bundle
    other = tmp_path / "annen.sqlite3"
    backups.folder(other).write_text("x")  # the backups folder cannot be made
    assert main(["--db", str(other), "import", str(demo_bundle_path)]) == EXIT_OK
    assert "agreements: 10 new" in capsys.readouterr().out
    session = Session.open(other)
    assert len(session.register.agreements) == 10
    session.close()


def test_an_import_refused_after_it_created_the_database_leaves_none_behind(tmp_path, capsys, monkeypatch, demo_bundle_path):
    """The import into a new database is refused by the environment once the file is made (a full disk, say):
    the empty database it made goes again, with its lock file, as a file that cannot be imported creates none."""
    from konsultasjon_app.store.errors import StoreError
    from konsultasjon_app.store.session import Session as Sessions

    def full(self, command):
        raise StoreError("disk-full", self.path)

    monkeypatch.setattr(Sessions, "execute", full)
    db = tmp_path / "db.sqlite3"
    assert main(["--db", str(db), "import", str(demo_bundle_path)]) == EXIT_ENVIRONMENT
    assert "error:" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_an_emptied_database_that_cannot_be_written_is_not_read_as_an_empty_register(tmp_path, capsys, monkeypatch):
    """Where it can only be read (a read-only file, folder or drive), an emptied database was read through an
    upgraded copy as a sound register with nothing in it: `check` said "ok", `export` wrote an empty bundle."""
    from konsultasjon_app.store import database

    db = tmp_path / "db.sqlite3"
    db.write_bytes(b"")
    monkeypatch.setattr(database, "_writable", lambda path: False)  # as on a write-protected stick
    assert main(["--db", str(db), "check"]) == EXIT_ENVIRONMENT
    assert "holds no register: the file is empty" in capsys.readouterr().err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_an_import_or_export_done_whose_report_cannot_be_printed_says_it_was_done(tmp_path, demo_bundle_path):
    """Standard output on a full disk: exit 3 (the environment refused), but the import was committed and the export
    written, and the message says so; it said only «the output could not be written» (found by the contract audit)."""
    db = tmp_path / "db.sqlite3"
    out = tmp_path / "ut.json"
    for command, said in ((["import", str(demo_bundle_path)], f"; {demo_bundle_path} was imported all the same"),
                          (["export", str(out)], f"; {out} was written all the same")):
        with open("/dev/full", "w") as full:
            done = subprocess.run([sys.executable, "-m", "konsultasjon_app", "--db", str(db), *command], stdout=full,
                                  stderr=subprocess.PIPE, text=True, check=False)
        assert done.returncode == EXIT_ENVIRONMENT
        assert done.stderr == f"error: the output could not be written: No space left on device{said} (only the report was lost)\n"
    assert out.read_text(encoding="utf-8") == demo_bundle_path.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [["plan", "--from-year", "2006", "--format", "json"], ["import", "{bundle}"]])
def test_no_standard_output_is_an_environment_error_and_nothing_is_done(tmp_path, demo_bundle_path, monkeypatch, capsys, command):
    """No standard output at all (closed, or the windowed program run by a scheduler: sys.stdout is None). Was:
    exit 0 and the plan printed nowhere. Now exit 3, said on standard error, before anything is done: an import
    makes no database."""
    db = tmp_path / "db.sqlite3"
    if command[0] == "plan":
        assert run("--db", str(db), "import", str(demo_bundle_path)) == EXIT_OK
        capsys.readouterr()
    argv = [str(demo_bundle_path) if part == "{bundle}" else part for part in command]
    monkeypatch.setattr(sys, "stdout", None)
    assert run("--db", str(db), *argv) == EXIT_ENVIRONMENT
    monkeypatch.undo()
    assert capsys.readouterr().err == "error: the output could not be written: there is no standard output (it is closed); nothing was done\n"
    assert db.exists() == (command[0] == "plan")


@pytest.mark.skipif(not Path("/bin/sh").exists(), reason="closes standard output with a POSIX shell")
def test_a_closed_standard_output_exits_3(tmp_path, demo_bundle_path):
    """`… plan --format json >&-`: was exit 0 with the plan gone nowhere."""
    db = tmp_path / "db.sqlite3"
    assert run("--db", str(db), "import", str(demo_bundle_path)) == EXIT_OK
    command = ["/bin/sh", "-c", 'exec "$0" "$@" >&-', sys.executable, "-m", "konsultasjon_app", "--db", str(db), "plan", "--from-year", "2006", "--format", "json"]
    done = subprocess.run(command, stderr=subprocess.PIPE, text=True, check=False, cwd=ROOT)
    assert done.returncode == EXIT_ENVIRONMENT, done.stderr
    assert done.stderr == "error: the output could not be written: there is no standard output (it is closed); nothing was done\n"


@pytest.mark.parametrize("length", [253, 256])
def test_a_database_too_long_for_windows_is_told_so_on_the_command_line(tmp_path, monkeypatch, capsys, demo_bundle_path, length):
    """`--db` deep in a OneDrive folder: the database's own path fits, but not its lock file (5 characters longer) or
    the -journal SQLite makes it with (8), or, for one already there, its -wal (4). Was: "could not be read or written
    (disk or network error)", exit 3, which sends the user after the disk (Windows simulated without long paths)."""
    from ..store.test_environment import closed_database, too_long_en, windows_path_limit
    from ..test_files import deep_folder

    new = deep_folder(tmp_path / "ny", "Åse Ødegård.sqlite3", length) / "Åse Ødegård.sqlite3"
    there = deep_folder(tmp_path / "der", "k.sqlite3", 256) / "k.sqlite3"
    there.write_bytes(closed_database(tmp_path, "a").read_bytes())
    windows_path_limit(monkeypatch)
    capsys.readouterr()
    assert run("--db", str(new), "import", str(demo_bundle_path)) == EXIT_ENVIRONMENT
    assert capsys.readouterr().err == f"error: {too_long_en(new)}\n"
    assert os.listdir(new.parent) == []
    assert run("--db", str(there), "check") == EXIT_ENVIRONMENT
    assert capsys.readouterr().err == f"error: {too_long_en(there)}\n"


def test_a_database_named_by_a_folder_is_told_so_as_bad_input(tmp_path, capsys, demo_bundle_path):
    """--db H:\\Konsultasjon (the data folder named for the file): every command said only "cannot be opened", exit 3,
    where the window and every output say it is a folder (found by the README audit)."""
    for command in (["plan", "--from-year", "2006"], ["check"], ["import", str(demo_bundle_path)]):
        assert run("--db", str(tmp_path), *command) == EXIT_INPUT, command
        assert capsys.readouterr().err == f"error: {tmp_path}: is a folder, not a file\n"
    assert list(tmp_path.iterdir()) == []


def test_on_a_full_disk_the_commands_that_only_read_work_and_an_import_says_the_disk_is_full(tmp_path, capsys, monkeypatch, demo_bundle_path):
    """SQLite cannot open a WAL database without room for its -shm: `plan`, `agenda --pdf` and `export` exited 3 with
    "nothing was saved — free some space". They read it as it stands, with a note; an import is refused as before."""
    from konsultasjon_app.store.demo import ensure_demo

    from ..processes import no_room_for_the_shm

    db = tmp_path / "db.sqlite3"
    ensure_demo(db)
    out = tmp_path / "ut"
    out.mkdir()  # (the outputs on another disk, which has room)
    no_room_for_the_shm(monkeypatch, db)
    for argv in (["plan", "--from-year", "2006", "--format", "json"], ["agenda", "--year", "2006", "--meeting", "2", "--pdf", str(out / "d.pdf")],
                 ["export", str(out / "ut.json")]):
        capsys.readouterr()
        assert main(["--db", str(db), *argv]) == EXIT_OK, argv
        assert f"note: the disk holding {db} is full: the database is read as it stands" in capsys.readouterr().err
    assert (out / "d.pdf").stat().st_size > 0 and '"bostedsloshet"' in (out / "ut.json").read_text(encoding="utf-8")
    assert main(["--db", str(db), "import", str(demo_bundle_path)]) == EXIT_ENVIRONMENT
    assert f"error: the disk holding {db} is full; nothing was saved" in capsys.readouterr().err
    assert not Path(f"{db}-shm").exists() and not Path(f"{db}-wal").exists()  # a later reader finds no broken -shm
    Path(f"{db}-wal").write_bytes(b"\1" * 4096)  # changes not yet in the file: they cannot be read without the -shm
    assert main(["--db", str(db), "plan", "--from-year", "2006"]) == EXIT_ENVIRONMENT
    err = capsys.readouterr().err
    assert "cannot be read while the disk holding it is full" in err and "nothing was saved" not in err
