"""The agreement table as CSV and XLSX files, and importing it: read back exactly, safe to open, all or nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from konsultasjon_app import files
from konsultasjon_app.domain import bundle
from konsultasjon_app.domain.agreement_table import COLUMNS, rows_to_agreements
from konsultasjon_app.domain.model import Agreement, Obligations, Register, Signatory
from konsultasjon_app.domain.problems import InvalidInput
from konsultasjon_app.store import exchange, register_table
from konsultasjon_app.store.session import Session
from tests.domain.test_agreement_table import accepted_by_the_bundle_reader, agreements


@pytest.fixture
def demo(demo_bundle_path) -> Register:
    return bundle.read_bundle(bundle.loads(demo_bundle_path.read_bytes())).register


def read_back(path) -> tuple[Agreement, ...]:
    header, rows = register_table.read_table(path)
    result = rows_to_agreements(header, rows, str(path))
    assert result.problems == []
    return result.agreements


def sheet_xml(path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode("utf-8")


TRICKY = Agreement(
    key="tricky",
    title='=HYPERLINK("http://x")',
    state_parties=("Kommunal; og regional", "KRD"),
    signatories=(Signatory("Nordmann, Kari", "statsråd", "KRD"), Signatory(" Ola ", "", None)),
    signed_date=dt.date(1900, 1, 1),
    end_date=dt.date(2200, 12, 31),
    purpose='- første punkt\r\n- andre punkt; med «sitat» og "anførsel"',
    obligations=Obligations(ks="@KS"),
    notes="literal _x000D_ and _x005F_ stay",
    followup_text="",
    status="+ Æ Ø Å æ ø å",
)


# -- CSV ---------------------------------------------------------------------------------------------


def test_csv_is_what_excel_with_norwegian_settings_opens(tmp_path, demo):
    path = tmp_path / "avtaler.csv"
    register_table.write_csv(demo, path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data[3:].split(b"\r\n", 1)[0] == ";".join(COLUMNS).encode("ascii")
    # Every line ends in CRLF (no text in the demo holds a line break of its own).
    assert data.count(b"\n") == data.count(b"\r\n") == len(demo.agreements) + 1
    assert "Bjarne Håkon Hansen".encode() in data and "førehandsvarsling".encode() in data
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert rows[0] == list(COLUMNS)
    first = dict(zip(rows[0], rows[1]))
    expected = demo.agreements[0]
    assert first["key"] == expected.key and first["title"] == expected.title
    assert first["signed_date"] == expected.signed_date.isoformat()
    assert first["duration_months"] == "36" and first["notice_months"] == ""
    assert first["evaluation_annual"] == "ja"
    nav = dict(zip(rows[0], rows[1 + [a.key for a in demo.agreements].index("nav")]))
    assert nav["signatories"] == "Halvdan Skard, leder, KS | Bjarne Håkon Hansen, statsråd, AID"
    assert read_back(path) == demo.agreements


def test_csv_quotes_what_needs_it_and_neutralises_formulas(tmp_path):
    path = tmp_path / "t.csv"
    register_table.write_csv(Register(agreements=(TRICKY,)), path)
    text = path.read_bytes().decode("utf-8-sig")
    assert '\'=HYPERLINK(""http://x"")' in text  # guarded, and quoted because of its quotes
    row = next(r for r in csv.reader(io.StringIO(text, newline=""), delimiter=";") if r[0] == "tricky")
    cells = dict(zip(COLUMNS, row))
    assert cells["title"] == '\'=HYPERLINK("http://x")'
    assert cells["purpose"].startswith("'- første punkt\r\n")
    assert cells["obligations_ks"] == "'@KS"
    assert cells["state_parties"] == '"Kommunal; og regional"; KRD'
    assert cells["followup_text"] == "'"
    assert cells["signed_date"] == "1900-01-01"
    assert read_back(path) == (TRICKY,)


def test_csv_with_commas_and_no_bom_is_read_too(tmp_path):
    path = tmp_path / "engelsk.csv"
    path.write_text('key,title,end_date,state_parties\r\nb,"Barnevern, avtale",14.09.2008,BLD; HOD\r\n', encoding="utf-8")
    assert read_back(path) == (Agreement("b", "Barnevern, avtale", state_parties=("BLD", "HOD"), end_date=dt.date(2008, 9, 14)),)


def test_csv_that_norwegian_excel_saves_by_default_is_read_as_windows_1252(tmp_path, session):
    """«CSV (semikolondelt)», Excel's default, is Windows-1252: it was refused («er ikke UTF-8-tekst (byte 95 er
    0xF8); lagre den som CSV UTF-8»), though export → edit in Excel → save is the secretariat's obvious way."""
    path = tmp_path / "ansi.csv"
    title = "Avtale om barnevern i kommunene – særlig «ÆØÅ» €"
    path.write_bytes(f"key;title;notes\r\nb;{title};Merknad: æøå\r\n".encode("cp1252"))
    read = register_table.read_table_file(path)
    assert (read.encoding, read.header, read.rows) == ("cp1252", ["key", "title", "notes"], [["b", title, "Merknad: æøå"]])
    # Said with the import: the preview's plan and the command line's carry it.
    assert exchange.read_agreement_table_file(path, session.register).plan.encoding == "cp1252"
    assert exchange.plan_file(path, session.register).encoding == "cp1252"
    utf8 = tmp_path / "utf8.csv"
    utf8.write_bytes(register_table.csv_bytes(Register(agreements=(Agreement("b", title),))))
    assert exchange.read_agreement_table_file(utf8, session.register).plan.encoding == "utf-8"


def test_csv_neither_utf8_nor_windows_1252_is_refused_naming_row_and_column(tmp_path):
    """Windows-1252 leaves five bytes undefined: a file with one is refused, naming where it is (not a byte offset)."""
    path = tmp_path / "ukjent.csv"
    path.write_bytes(b"key;title;notes\r\nb;Bost\xf8tte;\r\nc;Skole;Merk\x81\r\n")
    with pytest.raises(InvalidInput) as info:
        register_table.read_table(path)
    assert str(info.value) == f'{path}: row 3: cannot be read as CSV: column C: byte 0x81 is not UTF-8 or Windows-1252; save as "CSV UTF-8"'
    assert info.value.describe(norwegian=True) == (
        f"{path}: rad 3: kan ikke leses som CSV: kolonne C: byte 0x81 er ikke UTF-8 eller Windows-1252; lagre som «CSV UTF-8»")


@pytest.mark.parametrize("data, byte", [
    (b"\xef\xbb\xbf" + "key;title\r\nb;Avtale – særlig\r\n".encode("cp1252"), "0x96"),  # a UTF-8 byte order mark
    ("key;title\r\nb;Bostøtte\r\n".encode("utf-16"), "0xFF"),  # UTF-16 (a BOM, and NUL bytes)
    ("key;title\r\nb;Bostøtte – særlig\r\n".encode("utf-8").replace("–".encode("utf-8"), b"\x96"), "0x96"),  # UTF-8 with a stray byte
    # One «ø» and one stray byte: a tie of letters and stray bytes, read as Windows-1252 before («BostÃ¸tte»).
    ("key;title\r\nb;Bostøtte\r\n".encode("utf-8") + b"c;Caf\xe9\r\n", "0xE9"),
], ids=["utf-8-bom", "utf-16", "utf-8-with-a-stray-byte", "utf-8-one-letter-one-stray-byte"])
def test_csv_that_says_or_shows_it_is_unicode_but_is_not_utf8_is_still_refused(tmp_path, data, byte):
    """A byte order mark says UTF-8, and a file with UTF-8 letters in it is UTF-8 with a stray byte: read as
    Windows-1252, its «ø» would be stored as «Ã¸». Refused as before."""
    path = tmp_path / "blandet.csv"
    path.write_bytes(data)
    with pytest.raises(InvalidInput) as info:
        register_table.read_table(path)
    message = str(info.value)
    assert message.startswith(f"{path}: is not UTF-8 text (byte ")
    assert f"is {byte}); in Excel, save it as \"CSV UTF-8\"" in message


def test_empty_and_unreadable_csv(tmp_path):
    empty = tmp_path / "tom.csv"
    empty.write_bytes(b"\xef\xbb\xbf\r\n;;\r\n")
    with pytest.raises(InvalidInput, match="tom.csv: is empty"):
        register_table.read_table(empty)
    # A cell far over the length limit is read, so that the limit check can name its row and column.
    huge = tmp_path / "stor.csv"
    huge.write_text("key;title\r\nk;" + "x" * 200_000 + "\r\n", encoding="utf-8")
    header, rows = register_table.read_table(huge)
    assert len(rows[0][1]) == 200_000
    from konsultasjon_app.domain.agreement_table import rows_to_agreements

    table = rows_to_agreements(header, rows, str(huge))
    assert [p.message for p in table.problems] == ['row 2 (key "k").title: is 200000 characters long; at most 500 are allowed']


# -- XLSX --------------------------------------------------------------------------------------------


def test_xlsx_has_a_bold_frozen_header_real_dates_and_text_as_text(tmp_path, demo):
    path = tmp_path / "avtaler.xlsx"
    register_table.write_xlsx(demo, path)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == list(COLUMNS)
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    signed = ws.cell(row=2, column=COLUMNS.index("signed_date") + 1)
    assert isinstance(signed.value, dt.datetime) and signed.value.date() == demo.agreements[0].signed_date
    assert signed.number_format == "dd.mm.yyyy"
    assert ws.cell(row=2, column=COLUMNS.index("duration_months") + 1).value == 36
    assert ws.cell(row=2, column=COLUMNS.index("title") + 1).data_type == "s"
    widths = {c: ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width for i, c in enumerate(COLUMNS)}
    assert widths["purpose"] == 62 and widths["key"] >= len("kommunesammenslaing") and widths["signed_date"] >= 12
    assert read_back(path) == demo.agreements


def test_xlsx_never_holds_a_formula_and_reads_back_exactly(tmp_path):
    path = tmp_path / "t.xlsx"
    formulas = Agreement("f", "=1+1", purpose='=HYPERLINK("http://x")', notes="+A1", status="@x")
    register_table.write_xlsx(Register(agreements=(TRICKY, formulas)), path)
    xml = sheet_xml(path)
    assert "<f>" not in xml and "<f " not in xml
    wb = openpyxl.load_workbook(path)
    assert all(cell.data_type != "f" for row in wb.worksheets[0].iter_rows() for cell in row)
    assert read_back(path) == (TRICKY, formulas)


def test_xlsx_shows_text_as_typed_without_the_csv_guards_apostrophe(tmp_path):
    """A bullet list in the notes showed in Excel as "'- møte hvert kvartal": the CSV formula guard's apostrophe
    was written into the string cell, which Excel never runs. Now the text as typed, marked with Excel's own text
    prefix (not shown, and kept when the cell is edited there); the CSV keeps its guard."""
    a = Agreement(
        "punkter",
        '=HYPERLINK("http://x")',
        notes="- møte hvert kvartal\n- rapport til KS innen 1. mars",
        obligations=Obligations(joint="-Felles styringsgruppe", ks="+ KS informerer kommunene"),
        status="@status",
        purpose="'=A1",  # itself starting with the apostrophe before "=": keeps the one that reading takes off
        followup_text="",  # the empty text, not null
        term_exception="'hei",
    )
    path = tmp_path / "avtaler.xlsx"
    register_table.write_xlsx(Register(agreements=(a,)), path)
    ws = openpyxl.load_workbook(path).worksheets[0]
    cells = {name: ws.cell(row=2, column=COLUMNS.index(name) + 1) for name in COLUMNS}
    typed = {
        "title": '=HYPERLINK("http://x")',
        "notes": "- møte hvert kvartal\n- rapport til KS innen 1. mars",
        "obligations_joint": "-Felles styringsgruppe",
        "obligations_ks": "+ KS informerer kommunene",
        "status": "@status",
    }
    for name, text in typed.items():
        assert (cells[name].value, cells[name].data_type, cells[name].quotePrefix) == (text, "s", True), name
    assert (cells["purpose"].value, cells["followup_text"].value, cells["term_exception"].value) == ("''=A1", "'", "'hei")
    assert cells["key"].quotePrefix is False
    assert read_back(path) == (a,)
    register_table.write_csv(Register(agreements=(a,)), tmp_path / "avtaler.csv")
    with open(tmp_path / "avtaler.csv", encoding="utf-8-sig", newline="") as fh:
        row = dict(zip(*csv.reader(fh, delimiter=";")))
    assert row["notes"].startswith("'- møte") and row["obligations_joint"] == "'-Felles styringsgruppe"  # CSV: guarded


def test_an_xlsx_of_an_earlier_version_with_the_guard_in_every_cell_reads_the_same(tmp_path):
    """Earlier versions wrote the CSV guard into the workbook's cells too: such a workbook gives the same texts."""
    from konsultasjon_app.domain.agreement_table import agreement_to_row

    a = Agreement("punkter", "=1+1", notes="- første punkt", obligations=Obligations(ks="@KS"), purpose="'=A1", followup_text="")
    earlier = tmp_path / "tidligere.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(COLUMNS))
    for c, value in enumerate(agreement_to_row(a), start=1):  # guarded as for CSV, as they were
        if value is not None:
            cell = ws.cell(row=2, column=c)
            cell.value, cell.data_type = value, "s"
    wb.save(earlier)
    assert ws.cell(row=2, column=COLUMNS.index("notes") + 1).value == "'- første punkt"
    now = tmp_path / "nå.xlsx"
    register_table.write_xlsx(Register(agreements=(a,)), now)
    assert read_back(earlier) == read_back(now) == (a,)


def test_xlsx_keeps_a_carriage_return_that_xml_would_turn_into_a_line_feed(tmp_path):
    path = tmp_path / "cr.xlsx"
    a = Agreement("cr", "CR", purpose="a\r\nb\rc", notes="_x000D_")
    register_table.write_xlsx(Register(agreements=(a,)), path)
    assert "a_x000D_\nb_x000D_c" in sheet_xml(path)  # Excel's own escape, which Excel shows as the character
    assert read_back(path) == (a,)


def test_xlsx_holds_the_two_characters_xml_cannot(tmp_path):
    """U+FFFE and U+FFFF (a title the readers let in, as hypothesis found): written as Excel writes them, so that
    the sheet is XML Excel opens, and read back as they were. Was: written as they were, and the export did not
    import again ("not well-formed")."""
    import xml.etree.ElementTree as ET

    path = tmp_path / "nc.xlsx"
    a = Agreement("nc", "\ufffe", notes="a\uffffb _xFFFE_")
    register_table.write_xlsx(Register(agreements=(a,)), path)
    xml = sheet_xml(path)
    ET.fromstring(xml)  # well-formed
    assert "_xFFFE_" in xml and "a_xFFFF_b _x005F_xFFFE_" in xml
    assert read_back(path) == (a,)


def test_a_formula_a_person_typed_in_a_workbook_is_refused(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["key", "title", "end_date"])
    ws.append(["a", '=CONCAT("A","B")', dt.date(2008, 9, 14)])
    ws.append(["b", "B", "14.09.2008"])
    path = tmp_path / "formel.xlsx"
    wb.save(path)
    header, rows = register_table.read_table(path)
    result = rows_to_agreements(header, rows, str(path))
    assert [p.message for p in result.problems] == ['row 2 (key "a").title: is a formula ("=CONCAT("A","B")"), not a value; copy the cells and paste them as values']
    assert result.agreements == (Agreement("b", "B", end_date=dt.date(2008, 9, 14)),)


def test_xlsx_reads_the_first_sheet_only_and_its_gaps_keep_the_row_numbers(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["key", "title", "end_date"])
    ws["A5"], ws["B5"], ws["C5"] = "a", "A", dt.datetime(2006, 13 - 1, 1, 9, 0)
    wb.create_sheet("Annet").append(["x", "y"])
    path = tmp_path / "hull.xlsx"
    wb.save(path)
    header, rows = register_table.read_table(path)
    result = rows_to_agreements(header, rows, str(path))
    assert [p.message for p in result.problems] == ['row 5 (key "a").end_date: "2006-12-01T09:00:00" is not a date (dd.mm.yyyy, or YYYY-MM-DD)']


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        (b"not a zip at all", "not a zip archive"),
        (None, "KeyError"),  # a zip, but no workbook inside
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused_naming_the_file(tmp_path, content, detail):
    path = tmp_path / "falsk.xlsx"
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hei.txt", "hei")
    else:
        path.write_bytes(content)
    with pytest.raises(InvalidInput) as info:
        register_table.read_table(path)
    assert str(info.value).startswith(f"{path}: is not an Excel workbook (.xlsx): ")
    assert detail in str(info.value)


def test_a_workbook_that_unpacks_to_too_much_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(register_table, "XLSX_UNPACKED_LIMIT", 1000)
    path = tmp_path / "bombe.xlsx"
    register_table.write_xlsx(Register(agreements=(TRICKY,)), path)
    with pytest.raises(InvalidInput, match="unpacks to"):
        register_table.read_table(path)


def test_a_cell_longer_than_excel_allows_is_refused_and_nothing_is_written(tmp_path):
    many = Agreement("mange", "Mange", state_parties=tuple(f"Departement nummer {i:05d}" for i in range(1500)))
    path = tmp_path / "lang.xlsx"
    with pytest.raises(InvalidInput) as info:
        register_table.write_xlsx(Register(agreements=(many,)), path)
    assert str(info.value).startswith(
        f'{path}: agreement "mange".state_parties: is 38998 characters long; an Excel cell holds at most 32767'
    )
    assert not path.exists()
    register_table.write_csv(Register(agreements=(many,)), tmp_path / "lang.csv")  # CSV has no such limit
    assert read_back(tmp_path / "lang.csv") == (many,)


def test_writing_is_atomic(tmp_path, demo, monkeypatch):
    path = tmp_path / "avtaler.xlsx"
    path.write_bytes(b"old")

    def full_disk(target, data):
        raise files.FileAccessError("disk-full", target)

    monkeypatch.setattr(files, "write_atomic", full_disk)
    with pytest.raises(files.FileAccessError):
        register_table.write_xlsx(demo, path)
    assert path.read_bytes() == b"old"


# -- both formats, for any agreement -------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(agreements(), min_size=1, max_size=4, unique_by=lambda a: a.key))
def test_any_register_round_trips_through_csv_and_xlsx(tmp_path, agreement_list):
    for a in agreement_list:
        accepted_by_the_bundle_reader(a)
    register = Register(agreements=tuple(agreement_list))
    for name in ("r.csv", "r.xlsx"):
        path = tmp_path / name
        (register_table.write_csv if name.endswith(".csv") else register_table.write_xlsx)(register, path)
        assert read_back(path) == register.agreements, name


# -- importing a table ---------------------------------------------------------------------------------


@pytest.fixture
def session(tmp_path, demo_bundle_path):
    s = Session.open(tmp_path / "db.sqlite3")
    exchange.import_bundle(s, demo_bundle_path)
    yield s
    s.close()


def write_table(path, header, *rows) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def test_the_demo_register_through_xlsx_into_an_empty_database_gives_the_same_agreements(tmp_path, demo, demo_bundle_path):
    path = tmp_path / "avtaler.xlsx"
    exchange.export_file(demo, path)
    empty = Session.open(tmp_path / "tom.sqlite3")
    try:
        report = exchange.import_file(empty, path)
        assert len(report.new["agreements"]) == len(demo.agreements)
        out = tmp_path / "ut.json"
        exchange.export_file(empty.register, out)
    finally:
        empty.close()
    exported = json.loads(out.read_text(encoding="utf-8"))
    original = json.loads(demo_bundle_path.read_text(encoding="utf-8"))
    assert exported["agreements"] == original["agreements"]
    assert exported["meetings"] == [] and exported["decisions"] == []  # a table brings agreements only


def test_the_preview_tells_each_row_new_changed_unchanged_or_invalid(tmp_path, session):
    path = tmp_path / "endring.csv"
    stored = session.register.agreement("barnevern")
    write_table(
        path,
        ["key", "title", "end_date"],
        ["barnevern", "Ny tittel", stored.end_date.isoformat()],
        ["skole", session.register.agreement("skole").title, ""],
        ["ny", "Ny avtale", "14.09.2010"],
        ["feil", "Feil", "2010-02-30"],
    )
    result = exchange.read_agreement_table_file(path, session.register)
    assert [(r.number, r.key, r.status) for r in result.rows] == [
        (2, "barnevern", "changed"),
        (3, "skole", "unchanged"),
        (4, "ny", "new"),
        (5, "feil", "invalid"),
    ]
    assert [p.message for p in result.rows[3].problems] == ['row 5 (key "feil").end_date: "2010-02-30" is not a date (dd.mm.yyyy, or YYYY-MM-DD)']
    assert not result.is_valid
    assert result.plan.report.new == {"agreements": ["ny"]} and result.plan.report.changed == {"agreements": ["barnevern"]}
    # The columns the table leaves out keep what is stored.
    changed = next(op.record for op in result.plan.ops if getattr(op, "kind", None) == "agreements" and op.record.key == "barnevern")
    assert changed.purpose == stored.purpose and changed.title == "Ny tittel"


def test_one_invalid_row_and_nothing_is_written(tmp_path, session):
    before = session.register
    path = tmp_path / "feil.csv"
    write_table(path, ["key", "title", "end_date"], ["barnevern", "Ny tittel", ""], ["ny", "Ny", "2010-02-30"])
    with pytest.raises(InvalidInput) as info:
        exchange.import_file(session, path)
    assert str(info.value) == f'{path}: row 3 (key "ny").end_date: "2010-02-30" is not a date (dd.mm.yyyy, or YYYY-MM-DD)'
    assert session.register == before
    assert session.store.load() == before


def test_a_valid_table_merges_by_key_in_one_command(tmp_path, session):
    path = tmp_path / "ok.csv"
    write_table(path, ["key", "title", "state_parties"], ["barnevern", "Ny tittel", "BLD; Bufdir"], ["ny", "Ny avtale", "Nyttdirektoratet"])
    report = exchange.import_file(session, path)
    assert report.new == {"agreements": ["ny"], "parties": ["Bufdir", "Nyttdirektoratet"]} and report.changed == {"agreements": ["barnevern"]}
    assert session.register.agreement("barnevern").state_parties == ("BLD", "Bufdir")
    assert len(session.register.meetings) > 0  # the rest of the register is untouched
    assert any(p.key == "Nyttdirektoratet" and p.kind == "directorate" for p in session.register.parties)
    # One command: the import's history rows all carry its label, and are the newest.
    newest = session.store.history()[:3]
    assert {row["command"] for row in newest} == {"Importer ok.csv"}
    assert {row["record"] for row in newest} >= {"ny", "barnevern"}


def test_a_table_cannot_replace_the_database_and_unknown_formats_are_named(tmp_path, session):
    path = tmp_path / "ok.csv"
    write_table(path, ["key", "title"], ["ny", "Ny"])
    with pytest.raises(InvalidInput, match=r"ok.csv: a table holds only agreements and cannot replace the whole database"):
        exchange.import_file(session, path, replace_all=True)
    with pytest.raises(
        InvalidInput, match=r"avtaler.ods: cannot be imported: import reads a .json bundle, or a .csv or .xlsx agreement table"
    ):
        exchange.import_file(session, tmp_path / "avtaler.ods")
    with pytest.raises(InvalidInput, match=r"ut.txt: cannot be written: the format follows the extension"):
        exchange.export_file(session.register, tmp_path / "ut.txt")
    assert not (tmp_path / "ut.txt").exists()


def test_a_table_with_a_bad_header_is_refused_whole(tmp_path, session):
    path = tmp_path / "hode.csv"
    write_table(path, ["key", "overskrift"], ["ny", "Ny"])
    with pytest.raises(InvalidInput) as info:
        exchange.read_agreement_table_file(path, session.register)
    assert str(info.value).splitlines() == [
        f"{path}: the columns are named as in an exported agreement table (export FILE.csv): key, title, state_parties, end_date … or Nøkkel, Tittel, Gjelder til …",
        f'{path}: column B: unknown column "overskrift"', f'{path}: the column "title" is required',
    ]


def test_export_file_follows_the_extension(tmp_path, demo):
    for name in ("a.json", "a.CSV", "a.xlsx"):
        exchange.export_file(demo, tmp_path / name)
    assert json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["format"] == "konsultasjon-bundle"
    assert (tmp_path / "a.CSV").read_bytes().startswith(b"\xef\xbb\xbfkey;title;")
    assert zipfile.is_zipfile(tmp_path / "a.xlsx")
    assert re.search(r"<sheetView[^>]*>.*?<pane [^>]*topLeftCell=\"A2\"", sheet_xml(tmp_path / "a.xlsx"))


def test_a_table_problem_names_its_column_and_the_workbook_in_bokmal(tmp_path):
    """Was: "avtaler.csv: column C: ukjent kolonne «farge»" and "… (.xlsx): not a zip archive" in the window."""
    table = tmp_path / "avtaler.csv"
    table.write_text("key;title;farge\nskole;Skole;blå\n", encoding="utf-8")
    header, rows = register_table.read_table(table)
    problems = rows_to_agreements(header, rows, str(table)).problems
    assert [p.message_nb for p in problems][1] == "kolonne C: ukjent kolonne «farge»"
    assert [p.message for p in problems][1] == 'column C: unknown column "farge"'  # the command line's, as before
    # And once, first, what the columns are called (a table of one's own, with «Tittel» for title, said nothing
    # of it; and a refusal shows only its first lines, so a table with many such headings hid it).
    names = problems[0]
    assert len(problems) == 2
    assert names.message_nb == "kolonnene skal hete som i en eksportert avtaletabell (Fil → Eksporter): key, title, state_parties, end_date … eller Nøkkel, Tittel, Gjelder til …"
    assert names.message == "the columns are named as in an exported agreement table (export FILE.csv): key, title, state_parties, end_date … or Nøkkel, Tittel, Gjelder til …"
    workbook = tmp_path / "avtaler.xlsx"
    workbook.write_bytes(b"PK not really")
    with pytest.raises(InvalidInput) as info:
        register_table.read_table(workbook)
    assert [p.message_nb for p in info.value.problems] == ["er ikke en Excel-arbeidsbok (.xlsx): ikke et zip-arkiv"]
    table.write_text('key;title\n"skole;Skole\n', encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        register_table.read_table(table)
    assert info.value.problems[0].message_nb.endswith("kan ikke leses som CSV: filen slutter inne i en tekst i anførselstegn (avkortet?)")


def test_a_merged_cell_gives_its_value_to_every_row_it_spans(tmp_path):
    """Two agreements of one ministry signed the same day, the cells merged over both rows (Excel shows the value
    once for both): the second was stored with no ministry and no date, and a merged cell over a stored agreement
    cleared its ministry (found by the audit of a migration from Excel)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["key", "title", "state_parties", "signed_date"])
    ws.append(["bolig-a", "Boligsosialt arbeid", "KRD", dt.datetime(2006, 3, 1)])
    ws.append(["bolig-b", "Bostøtte", None, None])
    ws.merge_cells("C2:C3")
    ws.merge_cells("D2:D3")
    path = tmp_path / "avtaler.xlsx"
    wb.save(path)
    header, rows = register_table.read_table(path)
    table = rows_to_agreements(header, rows, str(path))
    assert table.problems == []
    assert [(a.key, a.state_parties, a.signed_date) for a in table.agreements] == [
        ("bolig-a", ("KRD",), dt.date(2006, 3, 1)), ("bolig-b", ("KRD",), dt.date(2006, 3, 1))]


def test_a_cell_merged_across_columns_gives_its_value_to_its_own_column_only(tmp_path):
    """A title merged across the notes column (to make room for it) gave a new agreement notes = its title, and a
    status merged across notes overwrote the stored notes with the status. Excel keeps only the top-left value of a
    merge: the cells it spans to the right are read as empty (for a stored agreement the preview says «tømmer»)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["key", "title", "notes", "status"])
    ws.append(["ny", "Avtale om bostøtte", None, "I kraft"])
    ws.append(["skole", "Skole", None, None])
    ws.append(["skole-2", None, None, None])
    ws.merge_cells("B2:C2")  # across columns
    ws.merge_cells("C3:D4")  # across columns and down: filled down its first column
    path = tmp_path / "flettet.xlsx"
    wb.save(path)
    header, rows = register_table.read_table(path)
    assert rows == [["ny", "Avtale om bostøtte", None, "I kraft"], ["skole", "Skole", None, None], ["skole-2", None, None, None]]
    table = rows_to_agreements(header, rows[:1], str(path))
    assert [(a.title, a.notes, a.status) for a in table.agreements] == [("Avtale om bostøtte", None, "I kraft")]


def test_the_sheet_with_the_table_is_read_when_another_was_active(tmp_path, session):
    """A workbook saved with its notes sheet in front was refused as «ukjent kolonne «noe»», naming no sheet."""
    wb = openpyxl.Workbook()
    agreements = wb.active
    agreements.title = "Avtaler"
    agreements.append(["key", "title"])
    agreements.append(["ny", "Ny avtale"])
    notes = wb.create_sheet("Notater")
    notes.append(["noe"])
    notes.append(["husk å sende til KS"])
    wb.active = wb.worksheets.index(notes)
    path = tmp_path / "register.xlsx"
    wb.save(path)
    read = register_table.read_table_file(path)
    assert (read.sheet, read.header, read.rows) == ("Avtaler", ["key", "title"], [["ny", "Ny avtale"]])
    assert [r.status for r in exchange.read_agreement_table_file(path, session.register).rows] == ["new"]
    # No sheet has the key and title columns: the one shown is read, and the refusal names it.
    agreements.delete_rows(1, 2)
    agreements.append(["nøkkel?"])
    wb.save(path)
    with pytest.raises(InvalidInput) as info:
        exchange.read_agreement_table_file(path, session.register)
    assert str(info.value).splitlines()[1] == f'{path} [Notater]: column A: unknown column "noe"'
    assert info.value.describe(norwegian=True).splitlines()[1] == f"{path} [Notater]: kolonne A: ukjent kolonne «noe»"
    # A row's problem in a workbook of several sheets names the sheet too (the command line's refusal).
    notes.delete_rows(1, 2)
    notes.append(["key", "title", "end_date"])
    notes.append(["ny", "Ny avtale", "31.02.2006"])
    wb.save(path)
    with pytest.raises(InvalidInput) as info:
        exchange.plan_file(path, session.register)
    assert str(info.value).startswith(f'{path} [Notater]: row 2 (key "ny").end_date: ')
    # One sheet: nothing to choose, and the file is named as before.
    single = tmp_path / "ett.xlsx"
    one = openpyxl.Workbook()
    one.active.append(["noe"])
    one.save(single)
    with pytest.raises(InvalidInput) as info:
        exchange.read_agreement_table_file(single, session.register)
    assert str(info.value).splitlines()[1] == f'{single}: column A: unknown column "noe"'


def test_the_sheet_read_is_the_one_the_user_sees(tmp_path):
    """A hidden first sheet (the list behind a drop-down) and the active sheet "Avtaler": the hidden one was read,
    and the file refused for columns the user could not see."""
    wb = openpyxl.Workbook()
    lists = wb.active
    lists.title = "Lister"
    lists.append(["Departement"])
    lists.append(["KRD"])
    lists.sheet_state = "hidden"
    agreements = wb.create_sheet("Avtaler")
    agreements.append(["key", "title"])
    agreements.append(["skole", "Skole"])
    cover = wb.create_sheet("Forside", 0)  # a visible cover sheet in front, not the active one
    cover.append(["Avtaleregister 2006"])
    wb.active = wb.worksheets.index(agreements)
    path = tmp_path / "register.xlsx"
    wb.save(path)
    header, rows = register_table.read_table(path)
    assert [a.key for a in rows_to_agreements(header, rows, str(path)).agreements] == ["skole"]


def test_a_formula_cell_is_told_as_a_formula_with_what_to_do(tmp_path):
    """Was: "begynner med «=»", though the cell shows a value in Excel."""
    wb = openpyxl.Workbook()
    wb.active.append(["key", "title"])
    wb.active.append(['=LOWER("Skole")', "Skole"])
    path = tmp_path / "formel.xlsx"
    wb.save(path)
    header, rows = register_table.read_table(path)
    (problem,) = rows_to_agreements(header, rows, str(path)).problems
    assert problem.message_nb == 'rad 2.key: er en formel («=LOWER("Skole")»), ikke en verdi; kopier cellene og lim dem inn som verdier'


def test_a_date_a_table_cannot_read_is_told_in_the_tables_own_format(tmp_path):
    """In a spreadsheet dates are written as in Norway: "31.02.2006" was told "er ikke en dato (ÅÅÅÅ-MM-DD)", the
    bundle's format, which the user never wrote."""
    table = tmp_path / "avtaler.csv"
    table.write_text("key;title;end_date\nskole;Skole;31.02.2006\n", encoding="utf-8")
    header, rows = register_table.read_table(table)
    (problem,) = rows_to_agreements(header, rows, str(table)).problems
    assert problem.message_nb == "rad 2 (nøkkel «skole»).end_date: «31.02.2006» er ikke en dato (dd.mm.åååå, eller ÅÅÅÅ-MM-DD)"
