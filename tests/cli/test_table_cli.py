"""`import` and `export` of the agreement table (.csv, .xlsx) on the command line: exit codes, messages, all or nothing."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest

from konsultasjon_app.cli import EXIT_INPUT, EXIT_OK
from tests.cli.test_cli import db_state, run


@pytest.fixture
def demo_db(tmp_path, demo_bundle_path, capsys) -> Path:
    db = tmp_path / "demo.sqlite3"
    assert run("--db", str(db), "import", str(demo_bundle_path)) == EXIT_OK
    capsys.readouterr()
    return db


def agreements_of(db: Path, tmp_path: Path) -> list[dict]:
    out = tmp_path / f"{db.stem}-agreements.json"
    assert run("--db", str(db), "export", str(out)) == EXIT_OK
    return json.loads(out.read_text(encoding="utf-8"))["agreements"]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_into_a_new_database_gives_the_same_agreements(tmp_path, demo_db, demo_bundle_path, capsys, suffix):
    table = tmp_path / f"avtaler{suffix}"
    assert run("--db", str(demo_db), "export", str(table)) == EXIT_OK
    assert f"{table}: exported 10 agreements" in capsys.readouterr().out
    fresh = tmp_path / "ny.sqlite3"
    assert run("--db", str(fresh), "import", str(table)) == EXIT_OK
    assert capsys.readouterr().out.startswith(f"{table}: imported\n  agreements: 10 new, 0 changed\n  new agreements: ")
    assert agreements_of(fresh, tmp_path) == json.loads(demo_bundle_path.read_text(encoding="utf-8"))["agreements"]
    # Importing the same table again changes nothing.
    capsys.readouterr()
    assert run("--db", str(fresh), "import", str(table)) == EXIT_OK
    assert capsys.readouterr().out == f"{table}: nothing new or changed\n"


def csv_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh, delimiter=";"))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";", lineterminator="\r\n").writerows(rows)


def test_a_bad_date_in_row_4_exits_2_names_row_and_field_and_changes_nothing(tmp_path, demo_db, capsys):
    table = tmp_path / "avtaler.csv"
    run("--db", str(demo_db), "export", str(table))
    rows = csv_rows(table)
    end = rows[0].index("end_date")
    rows[1][rows[0].index("title")] = "Endret, men skal ikke lagres"  # a valid change in the same file
    rows[3][end] = "2006-13-01"  # spreadsheet row 4: the header is row 1
    key = rows[3][0]
    write_rows(table, rows)
    before = db_state(demo_db)
    capsys.readouterr()
    assert run("--db", str(demo_db), "import", str(table)) == EXIT_INPUT
    err = capsys.readouterr().err
    assert err == f'{table}: row 4 (key "{key}").end_date: "2006-13-01" is not a date (dd.mm.yyyy, or YYYY-MM-DD)\n'
    assert db_state(demo_db) == before


def test_a_formula_in_a_title_round_trips_literally_and_is_neutralised_in_the_files(tmp_path, demo_db, capsys):
    formula = '=HYPERLINK("http://x")'
    change = tmp_path / "formel.csv"
    write_rows(change, [["key", "title"], ["barnevern", formula]])
    assert run("--db", str(demo_db), "import", str(change)) == EXIT_OK
    assert "agreements: 0 new, 1 changed" in capsys.readouterr().out
    assert next(a for a in agreements_of(demo_db, tmp_path) if a["key"] == "barnevern")["title"] == formula

    as_csv, as_xlsx = tmp_path / "ut.csv", tmp_path / "ut.xlsx"
    assert run("--db", str(demo_db), "export", str(as_csv)) == EXIT_OK
    assert run("--db", str(demo_db), "export", str(as_xlsx)) == EXIT_OK
    rows = csv_rows(as_csv)
    assert next(r for r in rows if r[0] == "barnevern")[1] == "'" + formula
    with zipfile.ZipFile(as_xlsx) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet and "<f " not in sheet and "<t>=HYPERLINK(" in sheet  # a text cell: shown, never run

    for table in (as_csv, as_xlsx):
        fresh = tmp_path / f"fra-{table.suffix[1:]}.sqlite3"
        assert run("--db", str(fresh), "import", str(table)) == EXIT_OK
        assert next(a for a in agreements_of(fresh, tmp_path) if a["key"] == "barnevern")["title"] == formula


def test_a_table_merges_only_the_columns_it_has(tmp_path, demo_db, capsys):
    before = {a["key"]: a for a in agreements_of(demo_db, tmp_path)}
    change = tmp_path / "slutt.csv"
    write_rows(change, [["key", "title", "end_date"], ["barnevern", before["barnevern"]["title"], "01.01.2010"], ["ny", "Ny avtale", ""]])
    assert run("--db", str(demo_db), "import", str(change)) == EXIT_OK
    assert "agreements: 1 new, 1 changed" in capsys.readouterr().out
    after = {a["key"]: a for a in agreements_of(demo_db, tmp_path)}
    assert after["barnevern"] == dict(before["barnevern"], end_date="2010-01-01")
    assert after["ny"]["title"] == "Ny avtale" and after["ny"]["purpose"] is None
    assert len(after) == 11


def test_a_table_of_some_columns_with_a_key_typed_decomposed_keeps_the_other_fields(tmp_path, capsys):
    import unicodedata

    db = tmp_path / "db.sqlite3"
    bundle = {"format": "konsultasjon-bundle", "version": 1,
              "agreements": [{"key": "bål", "title": "Bål", "notes": "Viktig notat", "purpose": "Formål", "notice_months": 3}]}
    (tmp_path / "b.json").write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    assert run("--db", str(db), "import", str(tmp_path / "b.json")) == EXIT_OK
    change = tmp_path / "nfd.csv"
    write_rows(change, [["key", "title"], [unicodedata.normalize("NFD", "bål"), "Bål ny tittel"]])
    assert run("--db", str(db), "import", str(change)) == EXIT_OK
    assert "agreements: 0 new, 1 changed" in capsys.readouterr().out
    [after] = agreements_of(db, tmp_path)
    assert (after["key"], after["title"], after["notes"], after["purpose"], after["notice_months"]) == ("bål", "Bål ny tittel", "Viktig notat", "Formål", 3)


def test_replace_with_a_table_is_refused_before_anything_is_opened(tmp_path, capsys):
    table = tmp_path / "avtaler.csv"
    write_rows(table, [["key", "title"], ["ny", "Ny"]])
    db = tmp_path / "ingen.sqlite3"
    assert run("--db", str(db), "import", "--replace", str(table)) == EXIT_INPUT
    assert capsys.readouterr().err == (
        f"{table}: a table holds only agreements and cannot replace the whole database; import it without --replace (it merges by key)\n"
    )
    assert not db.exists()


def test_other_extensions_exit_2_for_import_and_export(tmp_path, demo_db, capsys):
    ods = tmp_path / "avtaler.ods"
    ods.write_bytes(b"x")
    assert run("--db", str(demo_db), "import", str(ods)) == EXIT_INPUT
    assert f"{ods}: cannot be imported" in capsys.readouterr().err
    out = tmp_path / "ut.pdf"
    assert run("--db", str(demo_db), "export", str(out)) == EXIT_INPUT
    assert capsys.readouterr().err == f"{out}: cannot be written: the format follows the extension, one of .json, .csv and .xlsx\n"
    assert not out.exists()


def test_a_table_that_is_not_one_exits_2(tmp_path, demo_db, capsys):
    fake = tmp_path / "falsk.xlsx"
    fake.write_text("key;title\n")
    assert run("--db", str(demo_db), "import", str(fake)) == EXIT_INPUT
    assert f"{fake}: is not an Excel workbook (.xlsx): not a zip archive" in capsys.readouterr().err
    ansi = tmp_path / "ansi.csv"
    ansi.write_bytes(b"\xef\xbb\xbf" + "key;title\r\nø;Ø\r\n".encode("cp1252"))  # a BOM says UTF-8 (Windows-1252 without one is read)
    assert run("--db", str(demo_db), "import", str(ansi)) == EXIT_INPUT
    assert 'save it as "CSV UTF-8"' in capsys.readouterr().err


def test_a_key_that_differs_from_a_stored_one_only_in_case_is_refused(tmp_path, demo_db, capsys):
    """Was: «BARNEVERN» beside the stored «barnevern» imported as a new agreement with the same title."""
    table = tmp_path / "avtaler.csv"
    write_rows(table, [["key", "title"], ["BARNEVERN", "Endret tittel"]])
    before = db_state(demo_db)
    capsys.readouterr()
    assert run("--db", str(demo_db), "import", str(table)) == EXIT_INPUT
    assert capsys.readouterr().err == (
        f'{table}: row 2 (key "BARNEVERN").key: the key "BARNEVERN" is the same as the stored agreement "barnevern" apart from '
        'upper and lower case; write "barnevern" to change that one\n'
    )
    assert db_state(demo_db) == before
