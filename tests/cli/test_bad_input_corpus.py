"""Nothing lost, nothing broken by bad input: every file of the corpus in tests/fixtures/bad is refused by `import`.

For each bad file: exit code 2, every line of the message names the file, the message holds the expected record and
field (tests/fixtures/bad/expected.json), no traceback, and the database (which holds the demo register) is the same
byte for byte, with no backup made. The valid files that look dangerous (markup, formula-looking text;
tests/fixtures/bad/must_import.json) import, and come back out of every export exactly as they went in.

The corpus is written by tests/fixtures/bad/make_bad_files.py; the files are kept, and this test reads them.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from konsultasjon_app.cli import EXIT_INPUT, EXIT_OK, main
from konsultasjon_app.store.demo import demo_bundle_path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "bad"
DEMO = demo_bundle_path()
EXPECTED: dict[str, str] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
MUST_IMPORT: dict[str, dict[str, dict[str, str]]] = json.loads((CORPUS / "must_import.json").read_text(encoding="utf-8"))
META = {"make_bad_files.py", "expected.json", "must_import.json"}

# Files the program got wrong when this corpus was written (all fixed since; kept empty so that a new one can be
# pinned the same way: an xfail(strict=True) that fails as soon as the fix lands).
KNOWN_BUGS: dict[str, str] = {}
KNOWN_CRASHES: dict[str, tuple[str, type]] = {}
assert set(KNOWN_BUGS) <= set(EXPECTED) and set(KNOWN_CRASHES) <= set(EXPECTED)


def cli(*argv: str | Path) -> tuple[int, str, str]:
    """Run the command line in this process: (exit code, stdout, stderr). Any exception other than argparse's exit is
    a crash (the real program would print a traceback and exit 1) and fails the test with that traceback."""
    out, err = io.StringIO(), io.StringIO()  # StringIO takes any str: the messages may echo a lone surrogate
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def db_bytes(db: Path) -> bytes:
    """The database's bytes after a checkpoint (with WAL, the main file alone is then the whole content)."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return db.read_bytes()


@pytest.fixture(scope="module")
def prepared_db(tmp_path_factory) -> tuple[Path, bytes]:
    """The demo register imported once; each test works on a copy of the file."""
    folder = tmp_path_factory.mktemp("prepared")
    db = folder / "register.sqlite3"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KONSULTASJON_DATA_DIR", str(folder / "data"))
        code, _, err = cli("--db", db, "import", DEMO)
    assert code == EXIT_OK, err
    return db, db_bytes(db)


@pytest.fixture
def db(prepared_db, tmp_path) -> tuple[Path, bytes]:
    source, content = prepared_db
    copy = tmp_path / "register" / "register.sqlite3"
    copy.parent.mkdir()
    shutil.copyfile(source, copy)
    assert db_bytes(copy) == content
    return copy, content


def _folder(db: Path) -> list[tuple[str, bool]]:
    return sorted((p.name, p.is_dir()) for p in db.parent.iterdir() if not p.name.startswith(db.name))


def assert_refused_and_unchanged(db: Path, before: bytes, path: Path, fragment: str) -> str:
    beside = _folder(db)
    code, out, err = cli("--db", db, "import", path)
    assert code == EXIT_INPUT, f"exit {code}\nstdout: {out[:1000]}\nstderr: {err[:1000]}"
    assert "Traceback" not in err
    assert out == ""
    lines = err.splitlines()
    assert lines, "no message"
    for line in lines:
        assert line.startswith((f"{path}: ", f"error: {path}: ")), f"a line that does not name the file: {line[:300]!r}"
    assert fragment in err, f"expected {fragment!r} in:\n{err[:2000]}"
    assert len(err) < 20_000, f"a message of {len(err)} characters"
    assert db_bytes(db) == before, "the database changed"
    # Nothing else was written either: no backup ("before import" is made only for a write). The database's own
    # files (the lock, -wal, -shm) may come and go.
    assert _folder(db) == beside
    return err


def _bad_params():
    for name in sorted(EXPECTED):
        marks = []
        if name in KNOWN_BUGS:
            marks = [pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[name])]
        elif name in KNOWN_CRASHES:
            reason, exception = KNOWN_CRASHES[name]
            marks = [pytest.mark.xfail(strict=True, raises=exception, reason=reason)]
        yield pytest.param(name, marks=marks, id=name)


@pytest.mark.parametrize("name", list(_bad_params()))
def test_a_bad_file_exits_2_names_file_record_and_field_and_changes_nothing(db, name):
    path, before = db
    assert_refused_and_unchanged(path, before, CORPUS / name, EXPECTED[name])


def test_the_corpus_is_complete_and_covers_every_kind_of_bad_input():
    files = {p.name for p in CORPUS.iterdir() if p.is_file()}
    assert files - META == set(EXPECTED) | set(MUST_IMPORT), "a file without an expectation, or an expectation without a file"
    assert not set(EXPECTED) & set(MUST_IMPORT)
    assert all(fragment.strip() for fragment in EXPECTED.values())
    assert len(EXPECTED) >= 110
    kinds = {name.split("--")[0] for name in EXPECTED}
    for kind in (
        "json-type", "json-date", "json-range", "json-dup", "json-ref", "json-field", "json-enum", "json-meeting", "json-text",
        "json-bytes", "json-empty", "json-truncated", "json-shape", "json-number", "json-deep", "json-format", "json-version",
        "json-ext", "csv-date", "csv-type", "csv-text", "csv-table", "csv-bytes", "csv-empty", "xlsx-formula", "xlsx-file",
    ):
        assert kind in kinds
    # The 5 MB title is really 5 MB, and the deep nesting really 100,000 levels.
    assert (CORPUS / "json-text--title-5mb.json").stat().st_size > 5 * 1024 * 1024
    assert (CORPUS / "json-deep--100000-arrays.json").read_bytes().count(b"[") == 100_000


# -- valid files that look dangerous ---------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@")


def exported_agreements(db: Path, tmp_path: Path) -> dict[str, dict]:
    out = tmp_path / "ut.json"
    code, _, err = cli("--db", db, "export", out)
    assert code == EXIT_OK, err
    return {a["key"]: a for a in json.loads(out.read_text(encoding="utf-8"))["agreements"]}


def csv_cells(path: Path) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    return {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}


def xlsx_cells(path: Path) -> dict[str, dict[str, object]]:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    rows = [list(r) for r in wb.worksheets[0].iter_rows()]
    header = [c.value for c in rows[0]]
    return {str(r[0].value): {h: c for h, c in zip(header, r)} for r in rows[1:]}


@pytest.mark.parametrize("name", sorted(MUST_IMPORT))
def test_valid_markup_and_formula_looking_text_imports_and_every_export_gives_it_back(db, tmp_path, name):
    path, before = db
    code, out, err = cli("--db", path, "import", CORPUS / name)
    assert code == EXIT_OK, err
    assert err == "" and "imported" in out
    assert db_bytes(path) != before  # (so the byte-for-byte comparison of the bad files can see a write)
    wanted = MUST_IMPORT[name]
    stored = exported_agreements(path, tmp_path)
    for key, fields in wanted.items():
        for field, text in fields.items():
            assert stored[key][field] == text, (key, field)

    # The agreement table: each text in a cell, never as a formula cell; in CSV with the formula guard's apostrophe
    # where a spreadsheet would run it, in XLSX (a text cell, never run) as it stands, with Excel's own text prefix,
    # and an apostrophe only before one of its own; and importing the exported table changes nothing.
    as_csv, as_xlsx = tmp_path / "ut.csv", tmp_path / "ut.xlsx"
    for table in (as_csv, as_xlsx):
        code, _, err = cli("--db", path, "export", table)
        assert code == EXIT_OK, err
    csv_rows, xlsx_rows = csv_cells(as_csv), xlsx_cells(as_xlsx)
    for key, fields in wanted.items():
        for field, text in fields.items():
            guarded = "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text
            assert csv_rows[key][field] == guarded, (key, field)
            typed = "'" + text if guarded != text and text.startswith("'") else text
            cell = xlsx_rows[key][field]
            assert cell.data_type == "s" and cell.value == typed, (key, field, cell.data_type, cell.value)
            assert cell.quotePrefix or not text.startswith(FORMULA_STARTS), (key, field)  # stays text when edited in Excel
    for table in (as_csv, as_xlsx, tmp_path / "ut.json"):
        code, out, err = cli("--db", path, "import", table)
        assert (code, err) == (EXIT_OK, ""), err
        assert out == f"{table}: nothing new or changed\n"


def test_a_formula_text_in_a_csv_is_stored_literally_but_a_formula_cell_in_a_workbook_is_refused(db, tmp_path):
    """What the table reader does with "=": a CSV has no formulas, so its cell is the text (exports guard it); a
    workbook's formula cell holds a formula, not the text, and is refused."""
    path, _ = db
    text = "=cmd|' /C calc'!A0"
    table = tmp_path / "formel.csv"
    table.write_text(f"key;title\r\nny;{text}\r\n", encoding="utf-8")
    assert cli("--db", path, "import", table)[0] == EXIT_OK
    assert exported_agreements(path, tmp_path)["ny"]["title"] == text

    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["key", "title"])
    wb.active.append(["ny2", text])
    assert wb.active["B2"].data_type == "f"  # a real formula cell
    book = tmp_path / "formel.xlsx"
    wb.save(book)
    assert_refused_and_unchanged(path, db_bytes(path), book, 'row 2 (key "ny2").title: is a formula ("=cmd|\' /C calc\'!A0"), not a value')
    assert "ny2" not in exported_agreements(path, tmp_path)


# -- limits stated in the message ----------------------------------------------------------------------


def _limit_file(tmp_path: Path, kind: str, field: str, length: int) -> Path:
    values = {"key": "grense", "title": "Tittel", "notes": "Notat"}
    values[field] = "x" * length
    if kind == "json":
        path = tmp_path / "grense.json"
        path.write_text(json.dumps({"format": "konsultasjon-bundle", "version": 1, "agreements": [values]}), encoding="utf-8")
    else:
        path = tmp_path / "grense.csv"
        path.write_text("key;title;notes\r\n" + ";".join(values[c] for c in ("key", "title", "notes")) + "\r\n", encoding="utf-8")
    return path


LIMITS = [("key", 64), ("title", 500), ("notes", 20_000)]


@pytest.mark.parametrize("kind", ["json", "csv"])
@pytest.mark.parametrize(("field", "limit"), LIMITS)
def test_text_length_limits_are_stated_in_the_message_in_english_and_bokmal(db, tmp_path, kind, field, limit):
    from konsultasjon_app.domain.problems import InvalidInput
    from konsultasjon_app.store.exchange import read_agreement_table_file, read_bundle_file
    from konsultasjon_app.store.session import Session

    path, before = db
    too_long = _limit_file(tmp_path, kind, field, limit + 1)
    if kind == "json":
        where = f"agreements[0].{field}"
    else:
        where = "row 2" if field == "key" else 'row 2 (key "grense")'
        where = f"{where}.{field}"
    assert_refused_and_unchanged(path, before, too_long, f"{too_long}: {where}: is {limit + 1} characters long; at most {limit} are allowed")

    session = Session.open(path, read_only=True)
    try:
        if kind == "json":
            with pytest.raises(InvalidInput) as info:
                read_bundle_file(too_long, session.register)
            problems = info.value.problems
        else:
            problems = read_agreement_table_file(too_long, session.register).problems
    finally:
        session.close()
    where_nb = where.replace("row 2", "rad 2").replace('(key "grense")', "(nøkkel «grense»)")  # the window names the row in bokmål
    assert [p.message_nb for p in problems] == [f"{where_nb}: er {limit + 1} tegn lang; høyst {limit} tegn er tillatt"]

    # Exactly at the limit is allowed.
    at_limit = _limit_file(tmp_path, kind, field, limit)
    code, _, err = cli("--db", path, "import", at_limit)
    assert code == EXIT_OK, err


def test_a_file_larger_than_the_import_limit_is_refused_before_it_is_read(db, tmp_path):
    from konsultasjon_app import files

    path, before = db
    huge = tmp_path / "stor.json"
    with open(huge, "wb") as fh:  # sparse: no disk space, no time
        fh.truncate(files.MAX_INPUT_BYTES + 1)
    err = assert_refused_and_unchanged(path, before, huge, f"at most {files.MAX_INPUT_BYTES // 1_048_576} MB can be imported")
    assert "Traceback" not in err


# -- messages: bounded, and safe for a terminal ------------------------------------------------------------


def test_an_unknown_field_with_a_huge_name_gives_a_short_message(db, tmp_path):
    path, before = db
    bad = tmp_path / "felt.json"
    bad.write_text(json.dumps({"format": "konsultasjon-bundle", "version": 1, "f" * 100_000: 1}), encoding="utf-8")
    code, _, err = cli("--db", path, "import", bad)
    assert code == EXIT_INPUT and "unknown field" in err
    assert db_bytes(path) == before
    assert len(err) < 2_000, f"a message of {len(err)} characters"


def test_messages_do_not_pass_control_characters_from_the_file_to_the_terminal(db, tmp_path):
    path, before = db
    bad = tmp_path / "escape.json"
    data = {
        "format": "konsultasjon-bundle",
        "version": 1,
        "\u001b[2J": 1,
        "agreements": [{"key": "a", "title": "A", "end_date": "\u001b]0;eid\u0007", "category": "\u001b[31m"}],
    }
    bad.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = cli("--db", path, "import", bad)
    assert code == EXIT_INPUT and "agreements[0].end_date" in err
    assert db_bytes(path) == before
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", err), repr(err)


# -- nothing lost by a merge -----------------------------------------------------------------------------


def test_merging_a_criteria_set_does_not_silently_delete_stored_ratings(db, tmp_path):
    path, _ = db
    criteria = [{"key": "styringsgrunnlag", "title": "Felles styringsgrunnlag"}, {"key": "ledelse", "title": "Ledelse"}]
    first = tmp_path / "sett.json"
    first.write_text(
        json.dumps(
            {
                "format": "konsultasjon-bundle",
                "version": 1,
                "criteria_sets": [{"key": "nav2017", "title": "NAV", "criteria": criteria}],
                "assessments": [{"agreement": "nav", "criteria_set": "nav2017", "criterion": "ledelse", "rating": "delvis", "justification": "Ja"}],
            }
        ),
        encoding="utf-8",
    )
    assert cli("--db", path, "import", first)[0] == EXIT_OK
    second = tmp_path / "sett2.json"
    second.write_text(
        json.dumps({"format": "konsultasjon-bundle", "version": 1, "criteria_sets": [{"key": "nav2017", "title": "NAV", "criteria": criteria[:1]}]}),
        encoding="utf-8",
    )
    code, out, _ = cli("--db", path, "import", second)
    exported = tmp_path / "ut.json"
    cli("--db", path, "export", exported)
    ratings = json.loads(exported.read_text(encoding="utf-8"))["assessments"]
    kept = any(a["criterion"] == "ledelse" for a in ratings)
    told = "assessments" in out
    assert kept or (code == EXIT_OK and told), f"exit {code}; the rating is gone and the report says: {out!r}"


def test_merging_a_set_whose_sub_points_changed_leaves_a_database_whose_export_imports_again(db, tmp_path):
    """A criterion gains a sub-point in an imported set: a stored rating ticked point by point no longer matches
    its list. It keeps its rating and justification and loses its ticks, the report says so, and the export can be
    imported again (it used to keep ticks the criterion no longer had, which the bundle reader refuses)."""
    path, _ = db
    points = ["Felles mål", "Felles planer", "Felles oppfølging"]

    def bundle(name: str, subpoints: list[str], assessments: list[dict]) -> Path:
        file = tmp_path / name
        criteria = [{"key": "styringsgrunnlag", "title": "Felles styringsgrunnlag", "subpoints": subpoints}]
        file.write_text(json.dumps({"format": "konsultasjon-bundle", "version": 1,
                                    "criteria_sets": [{"key": "nav2017", "title": "NAV", "criteria": criteria}],
                                    "assessments": assessments}), encoding="utf-8")
        return file

    rating = {"agreement": "nav", "criteria_set": "nav2017", "criterion": "styringsgrunnlag", "rating": "delvis",
              "justification": "To av tre", "subpoints_met": points[:2]}
    assert cli("--db", path, "import", bundle("sett.json", points, [rating]))[0] == EXIT_OK
    code, out, err = cli("--db", path, "import", bundle("sett2.json", [*points, "Felles evaluering"], []))
    assert code == EXIT_OK, err
    assert "assessments: 1 lost their sub-point ticks" in out

    exported = tmp_path / "ut.json"
    assert cli("--db", path, "export", exported)[0] == EXIT_OK
    (stored,) = json.loads(exported.read_text(encoding="utf-8"))["assessments"]
    assert (stored["rating"], stored["justification"], stored.get("subpoints_met")) == ("delvis", "To av tre", None)
    code, _, err = cli("--db", tmp_path / "ny.sqlite3", "import", exported)
    assert code == EXIT_OK, err
