"""The agreement table's cells: the mapping both ways, the formula guard, and every problem named by row and column."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from konsultasjon_app.domain import agreement_table as table
from konsultasjon_app.domain.agreement_table import (
    COLUMNS,
    Formula,
    agreement_to_row,
    neutralise,
    restore,
    rows_to_agreements,
    typed_text,
)
from konsultasjon_app.domain.bundle import AGREEMENT_FIELDS, Reader, agreement_to_json, normal_key, read_agreement
from konsultasjon_app.domain.model import Agreement, Obligations, Signatory
from konsultasjon_app.domain.problems import InvalidInput

FULL = Agreement(
    key="barnevern",
    title="Avtale om videreutvikling av barnevernet",
    category="consultation",
    state_parties=("BLD", "Barne-, ungdoms- og familiedirektoratet"),
    other_parties=("KS",),
    ks_signatory_level="political",
    signatories=(
        Signatory("Halvdan Skard", "leder", "KS"),
        Signatory("Karita Bekkemellem", "statsråd", None),
        Signatory("Ola Nordmann", None, "BLD"),
    ),
    signed_date=dt.date(2005, 9, 15),
    start_date=dt.date(2005, 10, 1),
    end_date=dt.date(2008, 9, 14),
    duration_months=36,
    notice_months=3,
    notice_text="rimeleg førehandsvarsling",
    purpose="Bedre barnevern.\nI hele landet.",
    obligations=Obligations(joint="Felles innsats", ks=None, state="Staten betaler"),
    economy_text="KS kompenseres",
    storting_reservation=True,
    evaluation_clause="Avtalen skal vurderes årlig.",
    evaluation_annual=False,
    followup_text="Kvartalsvise møter",
    term_exception="Unntak: lengre periode",
    status="I kraft",
    notes="Æ, ø og å",
)


def read_one(header, row, **kw):
    return rows_to_agreements(header, [row], "t.csv", **kw)


def messages(header, rows, **kw) -> list[str]:
    return [p.message for p in rows_to_agreements(header, rows, "t.csv", **kw).problems]


# -- the columns and the mapping -----------------------------------------------------------------------


def test_the_columns_are_the_bundle_fields_with_obligations_split():
    expected = []
    for name in AGREEMENT_FIELDS:
        expected += ["obligations_joint", "obligations_ks", "obligations_state"] if name == "obligations" else [name]
    assert COLUMNS == tuple(expected)
    assert set(table.COLUMN_KINDS) == set(COLUMNS)


def test_a_full_agreement_as_a_row():
    row = dict(zip(COLUMNS, agreement_to_row(FULL)))
    assert row["state_parties"] == "BLD; Barne-, ungdoms- og familiedirektoratet"
    assert row["other_parties"] == "KS"
    assert row["signatories"] == "Halvdan Skard, leder, KS | Karita Bekkemellem, statsråd | Ola Nordmann, , BLD"
    assert row["signed_date"] == dt.date(2005, 9, 15)  # the file writer decides how a date looks
    assert row["duration_months"] == 36
    assert row["storting_reservation"] == "ja" and row["evaluation_annual"] == "nei"
    assert (row["obligations_joint"], row["obligations_ks"], row["obligations_state"]) == ("Felles innsats", None, "Staten betaler")
    assert row["purpose"] == "Bedre barnevern.\nI hele landet."
    read = read_one(COLUMNS, list(row.values()))
    assert read.problems == []
    assert read.rows[0].agreement == FULL and read.rows[0].number == 2


def test_a_minimal_agreement_leaves_empty_cells():
    row = dict(zip(COLUMNS, agreement_to_row(Agreement("k", "T"))))
    assert row["category"] == "consultation"
    assert [c for c, v in row.items() if v is not None] == ["key", "title", "category"]


def test_the_row_read_from_text_only_cells_as_a_csv_file_gives_them():
    cells = [v.isoformat() if isinstance(v, dt.date) else (str(v) if v is not None else "") for v in agreement_to_row(FULL)]
    assert read_one(COLUMNS, cells).rows[0].agreement == FULL


@pytest.mark.parametrize(
    ("items", "cell"),
    [
        (("BLD",), "BLD"),
        (("BLD", "HOD"), "BLD; HOD"),
        (("Kommunal; og regional", "KRD"), '"Kommunal; og regional"; KRD'),
        (('"Sitat" departement',), '"""Sitat"" departement"'),
        (('Midt "i"',), 'Midt "i"'),
    ],
)
def test_list_cells(items, cell):
    assert table.format_list(items) == cell
    assert table.parse_list(cell) == list(items)


def test_list_cells_as_people_type_them():
    assert table.parse_list("BLD;HOD") == ["BLD", "HOD"]
    assert table.parse_list(" BLD ; ; HOD; ") == ["BLD", "HOD"]
    assert table.parse_list(' "A; B" ;C') == ["A; B", "C"]


@pytest.mark.parametrize(
    ("signatories", "cell"),
    [
        ((Signatory("Kari Nordmann"),), "Kari Nordmann"),
        ((Signatory("Nordmann, Kari", "statsråd"),), '"Nordmann, Kari", statsråd'),
        ((Signatory("A | B", "", None),), '"A | B", ""'),
        ((Signatory(" Kari ", None, "KS"),), '" Kari ", , KS'),
        ((Signatory("Kari", "leder", "KS"), Signatory("Ola", None, "BLD")), "Kari, leder, KS | Ola, , BLD"),
    ],
)
def test_signatory_cells(signatories, cell):
    assert table.format_signatories(signatories) == cell
    read = read_one(["key", "title", "signatories"], ["k", "T", cell])
    assert read.rows[0].agreement.signatories == signatories


def test_signatory_cells_as_people_type_them():
    assert table.parse_signatories("Kari,leder,KS|Ola") == [["Kari", "leder", "KS"], ["Ola"]]
    assert table.parse_signatories("Kari, leder | | ") == [["Kari", "leder"]]


# -- the round trip --------------------------------------------------------------------------------------

# Characters that the encoding must survive: its own separators and quotes, the formula starts, spaces that
# are not plain, Norwegian letters, and the escapes of the XLSX format.
_NASTY = list(";,|\"'=+-@ \u00a0\\_x000D_æøåÆØÅ«»") + ["\t", "\r", "\n"]
# Text the bundle reader accepts: no surrogates or control characters, and (in one-line fields) no line or
# paragraph separators and no bidirectional controls.
_PLAIN = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_line = st.text(st.sampled_from([c for c in _NASTY if c not in "\t\r\n"]) | _PLAIN, max_size=25)
_multiline = st.text(st.sampled_from(_NASTY) | _PLAIN, max_size=40)
_stripped = _line.map(str.strip).filter(bool)
# A key as the reader stores it: composed (NFC), without invisible characters.
_key = _stripped.filter(lambda k: len(k) <= 64 and unicodedata.is_normalized("NFC", k) and not any(unicodedata.category(c) == "Cf" for c in k))
_dates = st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31))
# An agreement's parties: none named twice, case aside ("KRD", "krd"), which the reader refuses.
_parties = st.lists(_stripped, max_size=3, unique_by=lambda party: normal_key(party).casefold())


@st.composite
def agreements(draw) -> Agreement:
    signed, start, end = draw(_dates), draw(_dates), draw(_dates)
    if end is not None and any(d is not None and end < d for d in (signed, start)):
        end = None  # the reader refuses an end before the start; that rule has its own test
    obligations = draw(st.none() | st.builds(Obligations, st.none() | _multiline, st.none() | _multiline, st.none() | _multiline))
    if obligations is not None and obligations.is_empty():
        obligations = None  # the reader reads all-empty obligations as none
    return Agreement(
        key=draw(_key),
        title=draw(_stripped),
        category=draw(st.sampled_from(("consultation", "other"))),
        state_parties=tuple(draw(_parties)),
        other_parties=tuple(draw(_parties)),
        ks_signatory_level=draw(st.none() | st.sampled_from(("political", "administrative"))),
        signatories=tuple(draw(st.lists(st.builds(Signatory, _line.filter(str.strip), st.none() | _line, st.none() | _line), max_size=3))),
        signed_date=signed,
        start_date=start,
        end_date=end,
        duration_months=draw(st.none() | st.integers(1, 1200)),
        notice_months=draw(st.none() | st.integers(0, 120)),
        notice_text=draw(st.none() | _multiline),
        purpose=draw(st.none() | _multiline),
        obligations=obligations,
        economy_text=draw(st.none() | _multiline),
        storting_reservation=draw(st.none() | st.booleans()),
        evaluation_clause=draw(st.none() | _multiline),
        evaluation_annual=draw(st.none() | st.booleans()),
        followup_text=draw(st.none() | _multiline),
        term_exception=draw(st.none() | _multiline),
        status=draw(st.none() | _line),
        notes=draw(st.none() | _multiline),
    )


def accepted_by_the_bundle_reader(a: Agreement) -> None:
    """The generator makes only agreements the JSON reader gives back unchanged (else it tests nothing)."""
    r = Reader()
    assert read_agreement(r, agreement_to_json(a), "a") == a, r.problems


@settings(max_examples=300, deadline=None)
@given(agreements())
def test_every_agreement_the_bundle_reader_accepts_round_trips_through_a_row(a):
    accepted_by_the_bundle_reader(a)
    for typed in (False, True):  # guarded as for CSV, and as for XLSX
        read = rows_to_agreements(COLUMNS, [agreement_to_row(a, typed=typed)], "t")
        assert read.problems == []
        assert read.rows[0].agreement == a


@settings(max_examples=100, deadline=None)
@given(st.lists(agreements(), max_size=4, unique_by=lambda a: a.key))
def test_a_whole_table_round_trips_with_text_cells_only(agreement_list):
    text_rows = [
        [v.isoformat() if isinstance(v, dt.date) else (None if v is None else str(v)) for v in agreement_to_row(a)] for a in agreement_list
    ]
    if not agreement_list:
        return
    read = rows_to_agreements(COLUMNS, text_rows, "t")
    assert read.problems == [] and read.agreements == tuple(agreement_list)


# -- the formula guard ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+47 22 00 00 00", "'+47 22 00 00 00"),
        ("- første punkt", "'- første punkt"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tinnrykk", "'\tinnrykk"),
        ("\rlinje", "'\rlinje"),
        ("'=A1", "''=A1"),  # a text that itself starts with the guard keeps it
        ("", "'"),  # the empty text (an empty cell is null)
        ("'", "''"),
        ("'hei", "'hei"),  # an apostrophe before ordinary text needs no guard and gets none
        ("Vanlig tekst", "Vanlig tekst"),
        ("a=b", "a=b"),
    ],
)
def test_the_formula_guard_and_its_inverse(text, cell):
    assert neutralise(text) == cell
    assert restore(cell) == text


@given(st.text(st.sampled_from(list("'=+-@\t\rab ")), max_size=8))
def test_the_guard_is_undone_exactly_and_never_leaves_a_formula(text):
    cell = neutralise(text)
    assert restore(cell) == text
    assert not cell.startswith(table.FORMULA_STARTS)


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://x")', '=HYPERLINK("http://x")'),  # a text cell (XLSX) is never run
        ("- første punkt", "- første punkt"),
        ("+47 22 00 00 00", "+47 22 00 00 00"),
        ("'=A1", "''=A1"),  # reading would take its own apostrophe off
        ("'", "''"),
        ("", "'"),  # the empty text (an empty cell is null)
        ("'hei", "'hei"),
        ("Vanlig tekst", "Vanlig tekst"),
    ],
)
def test_a_typed_text_cell_gets_an_apostrophe_only_where_reading_takes_one_off(text, cell):
    assert typed_text(text) == cell
    assert restore(cell) == text


@given(st.text(st.sampled_from(list("'=+-@\t\rab ")), max_size=8))
def test_a_typed_text_cell_and_a_guarded_one_read_as_the_same_text(text):
    """An XLSX of this version and one of an earlier version, which guarded its cells as CSV does, give one text."""
    assert restore(typed_text(text)) == restore(neutralise(text)) == text


def test_a_row_for_a_typed_format_holds_the_text_as_it_stands():
    a = Agreement("k", "T", purpose="- første punkt", obligations=Obligations(ks="=2"), status="@status", followup_text="")
    row = dict(zip(COLUMNS, agreement_to_row(a, typed=True)))
    assert (row["purpose"], row["obligations_ks"], row["status"], row["followup_text"]) == ("- første punkt", "=2", "@status", "'")
    assert read_one(COLUMNS, list(row.values())).rows[0].agreement == a


def test_text_people_type_without_the_guard_is_read_as_it_stands():
    read = read_one(["key", "title", "purpose", "notes"], ["k", "-tittel", "- første punkt", "'hei"])
    a = read.rows[0].agreement
    assert (a.title, a.purpose, a.notes) == ("-tittel", "- første punkt", "'hei")


def test_every_text_cell_of_a_row_is_guarded():
    a = Agreement(
        "=key",
        "+title",
        state_parties=("-BLD",),
        signatories=(Signatory("@Kari"),),
        purpose="=1+1",
        obligations=Obligations(ks="=2"),
        status="@status",
        notes="\tnotat",
        followup_text="",
    )
    row = dict(zip(COLUMNS, agreement_to_row(a)))
    for column in ("key", "title", "state_parties", "signatories", "purpose", "obligations_ks", "status", "notes", "followup_text"):
        assert row[column].startswith("'"), column
    assert read_one(COLUMNS, list(row.values())).rows[0].agreement == a


# -- problems, each named by row and column -------------------------------------------------------------

HEADER = ["key", "title", "end_date"]


def test_header_problems():
    # An unknown column is named, and once what the columns are called (a table of one's own says «Navn»).
    names = "the columns are named as in an exported agreement table (export FILE.csv): key, title, state_parties, end_date … or Nøkkel, Tittel, Gjelder til …"
    # First: a refusal shows its first lines only, and such a table has an unknown heading in every column.
    assert messages(["key", "title", "Colour"], [["a", "A", "red"]]) == [names, 'column C: unknown column "Colour"']
    assert messages(["navn", "end_date"], [["a", "2006-01-01"]]) == [
        names,
        'column A: unknown column "navn"',
        'the column "key" is required',
        'the column "title" is required',
    ]
    assert messages(["key", "title", "key"], [["a", "A", "b"]]) == ['column C: the column "key" appears twice (also column A)']
    assert messages(["key", "title", None], [["a", "A", None], ["b", "B", "x"]]) == [
        "column C: has values (the first in row 3) but no name in the header row"
    ]
    assert messages(["key", "title"], [["a", "A", "", "  "], ["b", "B", None, None, "z"]]) == [
        "column E: has values (the first in row 3) but no name in the header row"
    ]
    assert messages(["key", "title"], [[None, None], ["", " "]]) == ["holds no agreements"]


def test_header_names_ignore_case_and_surrounding_spaces_and_columns_come_in_any_order():
    read = read_one([" Title", "KEY ", "end_date"], ["A", "a", "2008-09-14"])
    assert read.problems == [] and read.rows[0].agreement == Agreement("a", "A", end_date=dt.date(2008, 9, 14))
    assert read.columns == ("title", "key", "end_date")


@pytest.mark.parametrize(
    ("header", "cells", "expected"),
    [
        (HEADER, ["x", "X", "2006-13-01"], 'row 2 (key "x").end_date: "2006-13-01" is not a date (dd.mm.yyyy, or YYYY-MM-DD)'),
        (HEADER, ["x", "X", "31.02.2006"], 'row 2 (key "x").end_date: "31.02.2006" is not a date (dd.mm.yyyy, or YYYY-MM-DD)'),
        (HEADER, ["x", "X", dt.datetime(2006, 1, 1, 10, 30)], 'row 2 (key "x").end_date: "2006-01-01T10:30:00" is not a date (dd.mm.yyyy, or YYYY-MM-DD)'),
        (HEADER, ["x", "X", 2008], 'row 2 (key "x").end_date: the number 2008 is not a date; format the cell as a date (dd.mm.yyyy)'),
        (HEADER, ["x", "X", 38000.5], 'row 2 (key "x").end_date: the number 38000.5 is not a date; format the cell as a date (dd.mm.yyyy)'),
        (HEADER, ["x", "X", "15.9"], 'row 2 (key "x").end_date: "15.9" is not a date (dd.mm.yyyy, or YYYY-MM-DD)'),
        (
            ["key", "title", "start_date", "end_date"],
            ["x", "X", "2009-01-01", "2008-09-14"],
            'row 2 (key "x").end_date: the end date 2008-09-14 is before the start date 2009-01-01',
        ),
        (["key", "title", "notice_months"], ["x", "X", "tre"], 'row 2 (key "x").notice_months: must be a whole number, not the text "tre"'),
        (["key", "title", "notice_months"], ["x", "X", "121"], 'row 2 (key "x").notice_months: 121 is not between 0 and 120'),
        (["key", "title", "notice_months"], ["x", "X", "9" * 5000], 'row 2 (key "x").notice_months: must be a whole number, not the text "9999999999999999999999999999999999999..."'),
        (
            ["key", "title", "duration_months"],
            ["x", "X", 2.5],
            'row 2 (key "x").duration_months: must be a whole number, not the number 2.5',
        ),
        (
            ["key", "title", "evaluation_annual"],
            ["x", "X", "kanskje"],
            'row 2 (key "x").evaluation_annual: "kanskje" is not "ja" or "nei" (yes/no, true/false, SANN/USANN and 1/0 are read too, and x for yes)',
        ),
        (["key", "title", "category"], ["x", "X", "bilateral"], 'row 2 (key "x").category: "bilateral" is not one of consultation, other'),
        (["key", "title"], ["x", "Linje\tto"], 'row 2 (key "x").title: contains a control character (U+0009, tab) at character 6'),
        (["key", "title"], ["x", "T" * 501], 'row 2 (key "x").title: is 501 characters long; at most 500 are allowed'),
        (["key", "title"], ["x", "'"], 'row 2 (key "x").title: must not be empty'),
        (["key", "title"], ["  ", "X"], "row 2.key: must not be empty"),
        (["key", "title"], ["k" * 65, "X"], "row 2.key: is 65 characters long; at most 64 are allowed"),
        (["key", "title"], ["x", None], 'row 2 (key "x").title: is required'),
        (["key", "title"], ["x", dt.datetime(2006, 1, 1)], 'row 2 (key "x").title: must be text, not datetime'),
        (["key", "title", "state_parties"], ["x", "X", "BLD; A\tB"], 'row 2 (key "x").state_parties[1]: contains a control character (U+0009, tab) at character 2'),
        (
            ["key", "title", "other_parties"],
            ["x", "X", 'KS; "Uni'],
            'row 2 (key "x").other_parties: the double quote at character 5 is not closed, or text follows it; write an item as "…", with any " inside doubled',
        ),
        (["key", "title", "signatories"], ["x", "X", "Kari, leder | , statsråd"], 'row 2 (key "x").signatories[1].name: is required'),
        (
            ["key", "title", "signatories"],
            ["x", "X", "Nordmann, Kari, statsråd, KS"],
            'row 2 (key "x").signatories[0]: has 4 parts; a signatory is "name, role, party", and signatories are separated by "|" '
            'or a line break (put a part that holds a comma in double quotes)',
        ),
        (
            ["key", "title", "signatories"],
            ["x", "X", '"Kari" Nordmann'],
            'row 2 (key "x").signatories: the double quote at character 1 is not closed, or text follows it; write an item as "…", with any " inside doubled',
        ),
        (["key", "title", "obligations_ks"], ["x", "X", "a\x01b"], 'row 2 (key "x").obligations_ks: contains a control character (U+0001) at character 2'),
        (["key", "title"], ["x", Formula("=A1&B1")], 'row 2 (key "x").title: is a formula ("=A1&B1"), not a value; copy the cells and paste them as values'),
    ],
)
def test_a_problem_names_the_row_and_the_column(header, cells, expected):
    result = rows_to_agreements(header, [cells], "t.csv")
    assert [p.message for p in result.problems] == [expected]
    assert result.rows[0].agreement is None


@pytest.mark.parametrize(
    ("column", "cell", "english", "bokmal"),
    [
        ("title", dt.datetime(2007, 1, 10), "must be text, not datetime", "må være tekst, ikke en dato (10.01.2007)"),
        ("title", dt.datetime(2007, 1, 10, 12, 30), "must be text, not datetime", "må være tekst, ikke et tidspunkt (10.01.2007 12:30)"),
        ("title", dt.time(12, 30), "must be text, not time", "må være tekst, ikke et klokkeslett (12:30)"),
        ("title", True, "must be text, not true", "må være tekst, ikke en ja/nei-verdi"),
        ("notice_months", 1.5, "must be a whole number, not the number 1.5", "må være et heltall, ikke tallet 1,5"),
    ],
)
def test_a_cell_of_the_wrong_kind_is_named_in_the_users_terms(column, cell, english, bokmal):
    """The import preview said «ikke datetime» (Python's name), «ikke true» (Excel shows SANN) and «ikke tallet 1.5»
    (Excel shows 1,5); the command line keeps its English."""
    header, row = (["key", "title"], ["x", cell]) if column == "title" else (["key", "title", column], ["x", "X", cell])
    (problem,) = read_one(header, row).problems
    assert problem.message == f'row 2 (key "x").{column}: {english}'
    assert problem.message_nb == f"rad 2 (nøkkel «x»).{column}: {bokmal}"


def test_row_numbers_are_the_spreadsheets_and_empty_rows_count():
    rows = [["a", "A", None], [None, None, None], [], ["b", "B", "2006-13-01"]]
    result = rows_to_agreements(HEADER, rows, "t.csv")
    assert [r.number for r in result.rows] == [2, 5]
    assert [p.message for p in result.problems] == ['row 5 (key "b").end_date: "2006-13-01" is not a date (dd.mm.yyyy, or YYYY-MM-DD)']
    assert [a.key for a in result.agreements] == ["a"]


def test_duplicate_keys_name_both_rows_even_when_one_is_invalid():
    """Every row of a duplicated key is invalid, naming the other: was the first imported in the window and the later,
    often the corrected, one skipped."""
    rows = [["a", "A", None], ["b", "B", None], [" a", "A igjen", None], ["b", "B", "nei"], ["c", "C", None]]
    result = rows_to_agreements(HEADER, rows, "t.csv")
    assert [p.message for p in result.problems] == [
        'row 2 (key "a"): agreement "a" appears twice (also at row 4)',
        'row 3 (key "b"): agreement "b" appears twice (also at row 5)',
        'row 4 (key "a"): agreement "a" appears twice (also at row 2)',
        'row 5 (key "b").end_date: "nei" is not a date (dd.mm.yyyy, or YYYY-MM-DD)',
        'row 5 (key "b"): agreement "b" appears twice (also at row 3)',
    ]
    assert [a.key for a in result.agreements] == ["c"]
    assert result.problems[0].message_nb == "rad 2 (nøkkel «a»): avtalen «a» forekommer to ganger (også i rad 4)"
    # Three of one key, one of them apart from case: each names all the others.
    result = rows_to_agreements(["key", "title"], [["n1", "A"], ["N1", "B"], ["n1", "C"]], "t.csv")
    assert [p.message for p in result.problems] == [
        'row 2 (key "n1"): agreement "n1" appears twice (also at row 4)',
        'row 2 (key "n1"): the key "n1" is the same as "N1" at row 3 apart from upper and lower case',
        'row 3 (key "N1"): the key "N1" is the same as "n1" at row 2, row 4 apart from upper and lower case',
        'row 4 (key "n1"): agreement "n1" appears twice (also at row 2)',
        'row 4 (key "n1"): the key "n1" is the same as "N1" at row 3 apart from upper and lower case',
    ]
    assert result.agreements == ()


def test_every_problem_of_every_row_is_reported():
    rows = [["a", "", "2006-13-01"], ["b", "B", "1.1.2006"], ["c", None, "x"]]
    result = rows_to_agreements(HEADER, rows, "t.csv")
    assert [p.path for p in result.problems] == [
        'row 2 (key "a").title',
        'row 2 (key "a").end_date',
        'row 4 (key "c").title',
        'row 4 (key "c").end_date',
    ]
    with pytest.raises(InvalidInput) as info:
        result.raise_if_invalid()
    assert info.value.source == "t.csv"
    assert result.agreements == (Agreement("b", "B", end_date=dt.date(2006, 1, 1)),)


def test_too_many_rows(monkeypatch):
    monkeypatch.setattr(table, "LIST_LIMIT", 2)
    assert messages(["key", "title"], [["a", "A"], ["b", "B"], ["c", "C"]]) == ["holds 3 records; at most 2 are allowed"]


# -- cells as spreadsheets and people write them -------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2008-09-14", dt.date(2008, 9, 14)),
        ("14.09.2008", dt.date(2008, 9, 14)),
        ("4.9.2008", dt.date(2008, 9, 4)),
        (" 14.09.2008 ", dt.date(2008, 9, 14)),
        # As the agreement form reads a typed date (calendar.parse_typed_date): was refused.
        ("1.2.06", dt.date(2006, 2, 1)),
        ("15092005", dt.date(2005, 9, 15)),
        ("150905", dt.date(2005, 9, 15)),
        ("15/9/2005", dt.date(2005, 9, 15)),
        # A date cell formatted as General: the number Excel counts it by (was: «must be a date as text»).
        (38749, dt.date(2006, 2, 1)),
        (38749.0, dt.date(2006, 2, 1)),
        (dt.datetime(2008, 9, 14), dt.date(2008, 9, 14)),
        (dt.date(2008, 9, 14), dt.date(2008, 9, 14)),
        ("", None),
        ("  ", None),
        (None, None),
    ],
)
def test_dates(cell, expected):
    assert read_one(HEADER, ["k", "T", cell]).rows[0].agreement.end_date == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("ja", True),
        ("Nei", False),
        ("YES", True),
        ("no", False),
        ("true", True),
        ("False", False),
        ("1", True),
        ("0", False),
        # Norwegian Excel's TRUE/FALSE in a CSV, and a cross for yes (was: refused).
        ("SANN", True),
        ("usann", False),
        ("x", True),
        (" X ", True),
        (True, True),
        (0, False),
        (1.0, True),
        ("", None),
        (None, None),
    ],
)
def test_yes_no(cell, expected):
    assert read_one(["key", "title", "storting_reservation"], ["k", "T", cell]).rows[0].agreement.storting_reservation is expected


def test_numbers_and_typed_cells_from_a_workbook():
    header = ["key", "title", "notice_months", "duration_months", "status", "category", "ks_signatory_level"]
    a = read_one(header, [2006, 12.0, 3.0, " 36 ", 1.5, " Other ", "Political"]).rows[0].agreement
    assert a == Agreement("2006", "12", category="other", ks_signatory_level="political", notice_months=3, duration_months=36, status="1.5")


def test_obligations_from_their_three_columns():
    header = ["key", "title", "obligations_joint", "obligations_ks", "obligations_state"]
    assert read_one(header, ["k", "T", None, "KS gjør", None]).rows[0].agreement.obligations == Obligations(ks="KS gjør")
    assert read_one(header, ["k", "T", None, None, None]).rows[0].agreement.obligations is None
    assert read_one(header, ["k", "T", "'", "x", None]).rows[0].agreement.obligations == Obligations(joint="", ks="x")


def test_columns_left_out_keep_what_is_stored_and_empty_cells_clear_it():
    stored = {"barnevern": FULL}
    # Only the end date and one part of the obligations: the rest of the stored agreement stays.
    header = ["key", "title", "end_date", "obligations_ks"]
    a = read_one(header, ["barnevern", FULL.title, "2009-09-14", "KS gjør"], stored=stored).rows[0].agreement
    assert a == replace(FULL, end_date=dt.date(2009, 9, 14), obligations=Obligations("Felles innsats", "KS gjør", "Staten betaler"))
    # An empty cell is a value: it clears.
    a = (
        read_one(
            ["key", "title", "notes", "obligations_joint", "obligations_state"], ["barnevern", FULL.title, None, None, None], stored=stored
        )
        .rows[0]
        .agreement
    )
    assert a.notes is None and a.obligations is None and a.purpose == FULL.purpose
    # A new key starts from nothing.
    a = read_one(header, ["ny", "Ny", None, None], stored=stored).rows[0].agreement
    assert a == Agreement("ny", "Ny")


def test_a_key_typed_decomposed_finds_the_stored_agreement():
    # "bål" with the ring typed as a combining character: the reader stores the key composed, so the columns a
    # table leaves out must come from the stored "bål", not from nothing (which would empty its other fields).
    stored = {"bål": replace(FULL, key="bål")}
    typed = unicodedata.normalize("NFD", "bål")
    assert typed != "bål"
    a = read_one(["key", "title"], [typed, "Ny tittel"], stored=stored).rows[0].agreement
    assert a == replace(FULL, key="bål", title="Ny tittel")


def test_keys_that_differ_only_in_composition_are_duplicates_even_in_an_invalid_row():
    typed = unicodedata.normalize("NFD", "bål")
    assert messages(HEADER, [["bål", "B", None], [typed, "B", "nei"]])[-1] == f'row 3 (key "{typed}"): agreement "bål" appears twice (also at row 2)'


def test_what_is_stored_counts_in_the_checks_across_fields():
    stored = {"barnevern": FULL}
    assert messages(["key", "title", "end_date"], [["barnevern", "T", "2005-09-30"]], stored=stored) == [
        'row 2 (key "barnevern").end_date: the end date 2005-09-30 is before the start date 2005-10-01'
    ]


def test_column_letters():
    assert [table.column_letter(i) for i in (0, 25, 26, 27, 51, 52, 701, 702)] == ["A", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]


# -- keys with case aside -------------------------------------------------------------------------------


def test_a_key_that_differs_from_a_stored_one_only_in_case_is_refused_naming_the_stored_key():
    """Was: «Skole» beside the stored «skole» imported as a second agreement (the form refuses such a key)."""
    stored = {"skole": replace(FULL, key="skole", title="Skole")}
    (problem,) = read_one(["key", "title"], ["Skole", "Skole"], stored=stored).problems
    assert problem.message == (
        'row 2 (key "Skole").key: the key "Skole" is the same as the stored agreement "skole" apart from upper and lower case; '
        'write "skole" to change that one'
    )
    assert problem.message_nb == (
        "rad 2 (nøkkel «Skole»).key: nøkkelen «Skole» er den samme som den lagrede avtalen «skole» bortsett fra store og små "
        "bokstaver; skriv «skole» for å endre den"
    )
    assert read_one(["key", "title"], ["Skole", "Skole"], stored=stored).agreements == ()
    # The stored key as it stands changes that agreement; two stored apart from case (as an old import made them) each
    # take their own row.
    both = {**stored, "SKOLE": replace(FULL, key="SKOLE")}
    read = rows_to_agreements(["key", "title"], [["skole", "Ny"], ["SKOLE", "Ny 2"]], "t.csv", stored=both)
    assert read.problems == [] and [a.key for a in read.agreements] == ["skole", "SKOLE"]


def test_keys_in_one_sheet_that_differ_only_in_case_are_duplicates():
    result = rows_to_agreements(HEADER, [["n1", "A", None], ["N1", "B", None]], "t.csv")
    assert [p.message for p in result.problems][-1] == 'row 3 (key "N1"): the key "N1" is the same as "n1" at row 2 apart from upper and lower case'
    assert result.problems[-1].message_nb == "rad 3 (nøkkel «N1»): nøkkelen «N1» er den samme som «n1» i rad 2 bortsett fra store og små bokstaver"
    assert "N1" not in [a.key for a in result.agreements]


# -- line breaks in a cell (Alt+Enter) ------------------------------------------------------------------


def test_a_line_break_separates_parties_and_signatories():
    """Was: «BLD⏎KDD» refused as a control character in one party, one signatory per line as «has 5 parts»."""
    header = ["key", "title", "state_parties", "other_parties", "signatories"]
    cells = ["k", "T", "BLD\nKDD", '"KS, Oslo"\r\nUnio;\n\nLO', "Kari Nordmann, statsråd, BLD\nHalvdan Skard, leder, KS\n"]
    read = read_one(header, cells)
    assert read.problems == []
    a = read.rows[0].agreement
    assert a.state_parties == ("BLD", "KDD") and a.other_parties == ("KS, Oslo", "Unio", "LO")
    assert a.signatories == (Signatory("Kari Nordmann", "statsråd", "BLD"), Signatory("Halvdan Skard", "leder", "KS"))
    assert read.rows[0].remarks == ()


def test_a_signatory_wrapped_at_a_comma_stays_one_signatory():
    """A line break next to the comma between one signatory's parts is where the cell wrapped, not a new person. Was:
    «Jens Stoltenberg,⏎statsminister, SMK» read as two people, one of them called «statsminister»."""
    cell = "Jens Stoltenberg,\nstatsminister, SMK\nHalvdan Skard, leder\r\n, KS"
    read = read_one(["key", "title", "signatories"], ["k", "T", cell])
    assert read.problems == []
    assert read.rows[0].agreement.signatories == (Signatory("Jens Stoltenberg", "statsminister", "SMK"), Signatory("Halvdan Skard", "leder", "KS"))
    # A comma after a role, or at the end of a whole person, leaves the next line a person of its own; so does an
    # empty line (review: «…, statsråd,⏎Halvdan Skard» stored Halvdan Skard as the party).
    assert table.parse_signatories("Bjarne Håkon Hanssen, statsråd,\nHalvdan Skard") == [["Bjarne Håkon Hanssen", "statsråd", None], ["Halvdan Skard"]]
    assert table.parse_signatories("Kari Nordmann, statsråd, BLD,\nHalvdan Skard, leder, KS") == [["Kari Nordmann", "statsråd", "BLD"], ["Halvdan Skard", "leder", "KS"]]
    assert table.parse_signatories("Kari Nordmann,\n\nHalvdan Skard") == [["Kari Nordmann", None], ["Halvdan Skard"]]


def test_a_heading_wrapped_or_with_two_spaces_is_read():
    """«Oppsigelsestid i⏎måneder» (a wrapped heading cell) and «Gjelder  til»: the window's names with their spaces as
    written. Was: refused as unknown columns."""
    read = read_one(["key", "Tittel", "Oppsigelsestid i\nmåneder", "Gjelder  til"], ["k", "T", "3", "31.12.2009"])
    assert read.problems == []
    assert (read.rows[0].agreement.notice_months, read.rows[0].agreement.end_date) == (3, dt.date(2009, 12, 31))


def test_a_date_typed_as_digits_into_a_workbook_cell_is_read_as_typed():
    """15092005 typed into Excel is kept as a number: read as the form reads it typed (was: «format the cell as a
    date», which shows #######)."""
    read = read_one(HEADER, ["k", "T", 15092005])
    assert read.problems == [] and read.rows[0].agreement.end_date == dt.date(2005, 9, 15)
    assert [(r.field, r.code, r.value, r.name) for r in read.rows[0].remarks] == [("end_date", "date-number", "2005-09-15", "15092005")]
    # Seven digits (01092005 without its 0) could be 1.09 or 10.9: refused, as a number that is no date.
    (problem,) = read_one(HEADER, ["k", "T", 1092005]).problems
    assert "formater cellen som dato" in problem.message_nb


def test_a_line_break_in_a_one_line_field_is_a_space_with_a_remark():
    read = read_one(["key", "title", "status", "purpose"], ["k", "Avtale om \nbarnevern\r\n", "I\nkraft", "Linje\nto"])
    assert read.problems == []
    a = read.rows[0].agreement
    assert (a.title, a.status, a.purpose) == ("Avtale om barnevern", "I kraft", "Linje\nto")  # purpose keeps its lines
    assert [(r.field, r.code, r.value) for r in read.rows[0].remarks] == [
        ("title", "line-break", "Avtale om barnevern"),
        ("status", "line-break", "I kraft"),
    ]


def test_too_many_parts_names_the_separator_between_signatories():
    (problem,) = read_one(["key", "title", "signatories"], ["k", "T", "Kari Nordmann, statsråd, BLD, Halvdan Skard, leder"]).problems
    assert problem.message.endswith('has 5 parts; a signatory is "name, role, party", and signatories are separated by "|" or a line break '
                                    "(put a part that holds a comma in double quotes)")
    assert "flere undertegnere skilles med «|» eller linjeskift" in problem.message_nb


def test_a_number_read_as_a_date_is_said_and_an_implausible_one_refused_with_what_to_do():
    read = read_one(HEADER, ["k", "T", 38749])
    assert [(r.field, r.code, r.value, r.name) for r in read.rows[0].remarks] == [("end_date", "date-number", "2006-02-01", "38749")]
    (problem,) = read_one(HEADER, ["k", "T", 12]).problems
    assert problem.message_nb == "rad 2 (nøkkel «k»).end_date: tallet 12 er ikke en dato; formater cellen som dato (dd.mm.åååå)"
    # From 1950 (a smaller number is more likely a year or a count) to the last year the program plans.
    assert (table.excel_date(18263), table.excel_date(18264)) == (None, dt.date(1950, 1, 1))
    assert (table.excel_date(109939), table.excel_date(109940)) == (dt.date(2200, 12, 31), None)
    # A yes/no cell is no number of days.
    (problem,) = read_one(HEADER, ["k", "T", True]).problems
    assert problem.message == 'row 2 (key "k").end_date: must be a date as text (YYYY-MM-DD), not true'


# -- a table of one's own: Norwegian headings and words ------------------------------------------------


def test_the_windows_norwegian_column_names_and_choices_are_read():
    """Was: «Nøkkel / Tittel / Gjelder til» refused as unknown columns, «konsultasjon» and «politisk» as not one of
    consultation, other."""
    header = ["Nøkkel", " tittel ", "GJELDER TIL", "Kategori", "KS undertegner på nivå", "KS' plikter", "Evalueres årlig"]
    read = read_one(header, ["k", "T", "1.2.2006", "Annen avtale", "politisk", "KS gjør", "x"])
    assert read.problems == [] and read.columns == (
        "key", "title", "end_date", "category", "ks_signatory_level", "obligations_ks", "evaluation_annual"
    )
    assert read.rows[0].agreement == Agreement(
        "k", "T", category="other", ks_signatory_level="political", end_date=dt.date(2006, 2, 1), obligations=Obligations(ks="KS gjør"),
        evaluation_annual=True,
    )
    for cell, code in (("konsultasjon", "consultation"), ("Konsultasjonsavtale", "consultation"), ("annen", "other")):
        assert read_one(["key", "title", "category"], ["k", "T", cell]).rows[0].agreement.category == code
    assert read_one(["key", "title", "ks_signatory_level"], ["k", "T", "Administrativt"]).rows[0].agreement.ks_signatory_level == "administrative"
    # A field named twice, once in each language, is named as twice.
    assert messages(["key", "Tittel", "title"], [["k", "T", "T"]]) == ['column C: the column "title" appears twice (also column B)']


def test_every_column_has_a_norwegian_name_of_its_own():
    assert set(table.COLUMN_LABELS_NB) == set(COLUMNS)
    labels = [label.casefold() for label in table.COLUMN_LABELS_NB.values()]
    assert len(set(labels)) == len(labels)
    assert set(labels) & set(COLUMNS) == {"status"}  # «Status» is the column of that name
