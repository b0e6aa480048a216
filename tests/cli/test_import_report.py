"""What `import` says it did: the counts (as before, line for line), then which agreements and parties, and how a
table's text was read."""

from __future__ import annotations

from konsultasjon_app.cli import EXIT_OK
from tests.cli.test_cli import run
from tests.cli.test_table_cli import agreements_of, csv_rows, demo_db, write_rows  # noqa: F401 - demo_db is a fixture

PARTIES_LINE = "  parties: 1 new (named by the file's agreements and added to the party list; check their kind)\n"


def test_a_table_import_names_the_agreements_the_fields_it_empties_and_changes_and_the_new_parties(tmp_path, demo_db, capsys):
    """Was: «agreements: 1 new, 2 changed / parties: 1 new» only, though a blank cell empties a stored field and
    «KD, KDD» in a cell becomes one new party; the window's preview says both («tømmer», «blir én ny part»)."""
    table = tmp_path / "avtaler.csv"
    assert run("--db", str(demo_db), "export", str(table)) == EXIT_OK
    rows = csv_rows(table)
    column = {name: i for i, name in enumerate(rows[0])}
    by_key = {row[0]: row for row in rows[1:]}
    by_key["pleie-omsorg"][column["purpose"]] = by_key["pleie-omsorg"][column["notes"]] = ""
    by_key["skole"][column["title"]] = "Samarbeidsavtalen om kvalitet i skolen"
    by_key["skole"][column["state_parties"]] = "KD, KDD"  # meant as two; read as one
    new = [""] * len(rows[0])
    new[column["key"]], new[column["title"]] = "ny-avtale", "Ny avtale"
    write_rows(table, [*rows, new])
    capsys.readouterr()
    assert run("--db", str(demo_db), "import", str(table)) == EXIT_OK
    assert capsys.readouterr().out == (
        f"{table}: imported\n"
        "  agreements: 1 new, 2 changed\n"
        + PARTIES_LINE
        + '  new agreements: "ny-avtale"\n'
        '  changed agreement "pleie-omsorg": empties purpose, notes\n'
        '  changed agreement "skole": changes title, state_parties\n'
        '  new parties: "KD, KDD" (directorate)\n'
        '  row 3 ("skole"): state_parties: "KD, KDD" becomes one new party: separate parties with ";"\n'
    )


def test_a_large_import_names_the_first_twenty_and_counts_the_rest(tmp_path, capsys):
    db = tmp_path / "ny.sqlite3"
    table = tmp_path / "mange.csv"
    keys = [f"avtale-{n:02}" for n in range(1, 26)]
    write_rows(table, [["key", "title"], *([key, "Avtale"] for key in keys)])
    assert run("--db", str(db), "import", str(table)) == EXIT_OK
    named = ", ".join(f'"{key}"' for key in keys[:20])
    assert capsys.readouterr().out == f"{table}: imported\n  agreements: 25 new, 0 changed\n  new agreements: {named}, … and 5 more\n"
    write_rows(table, [["key", "title"], *([key, "Endret"] for key in keys[:23])])
    assert run("--db", str(db), "import", str(table)) == EXIT_OK
    changed = "".join(f'  changed agreement "{key}": changes title\n' for key in keys[:20])
    assert capsys.readouterr().out == f"{table}: imported\n  agreements: 0 new, 23 changed\n{changed}  … and 3 more changed agreements\n"


def test_a_csv_saved_by_norwegian_excel_is_imported_and_said_to_be_windows_1252(tmp_path, capsys):
    """«CSV (semikolondelt)» was refused as not UTF-8; it is read as Windows-1252, and the report says so (a letter
    Windows-1252 lacks, such as the Sami «ŋ», Excel saved as «?»)."""
    db = tmp_path / "ny.sqlite3"
    table = tmp_path / "semikolondelt.csv"
    title = "Avtale om bostøtte – «Æ, Ø og Å»"
    table.write_bytes(f"key;title\r\nbostotte;{title}\r\n".encode("cp1252"))
    assert run("--db", str(db), "import", str(table)) == EXIT_OK
    assert capsys.readouterr().out == (
        f"{table}: imported\n  agreements: 1 new, 0 changed\n"
        '  new agreements: "bostotte"\n'
        '  read as Windows-1252 text (Excel\'s "CSV (semicolon delimited)", not "CSV UTF-8"): a letter it lacks was saved as "?"\n'
    )
    assert [(a["key"], a["title"]) for a in agreements_of(db, tmp_path)] == [("bostotte", title)]


def test_a_table_import_says_what_it_read_otherwise_than_it_stands_as_the_preview_does(tmp_path, demo_db, capsys):
    """A title typed over two lines of a cell is imported as one line, and a date cell formatted as a number as its
    date: the window's preview says so, and the command line now too (was: only the counts)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["key", "title", "end_date"])
    sheet.append(["ny-avtale", "Avtale om\nførstehjelp", 38749])
    table = tmp_path / "avtaler.xlsx"
    book.save(table)
    capsys.readouterr()
    assert run("--db", str(demo_db), "import", str(table)) == EXIT_OK
    out = capsys.readouterr().out
    assert '  row 2 ("ny-avtale"): title: line breaks read as spaces: "Avtale om førstehjelp"\n' in out
    assert '  row 2 ("ny-avtale"): end_date: the number 38749 read as the date 2006-02-01 (format the cell as a date)\n' in out


def test_a_replacing_import_names_the_agreements_it_removes(tmp_path, demo_db, capsys):
    """`import --replace` counted «2 removed» but named only the new and changed agreements, not the ones the user
    loses."""
    import json

    bundle = tmp_path / "avtaler.json"
    assert run("--db", str(demo_db), "export", str(bundle)) == EXIT_OK
    data = json.loads(bundle.read_text(encoding="utf-8"))
    kept = [a for a in data["agreements"] if a["key"] not in ("skole", "barnevern")]
    data["agreements"] = kept
    keys = {a["key"] for a in kept}
    for name in ("decisions", "signings", "deviations", "agenda", "assessments"):
        if name in data:
            data[name] = [r for r in data[name] if r.get("agreement") in keys or r.get("agreement") is None]
    bundle.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert run("--db", str(demo_db), "import", "--replace", str(bundle)) == EXIT_OK
    assert '  removed agreements: "skole", "barnevern"\n' in capsys.readouterr().out  # in the stored order
