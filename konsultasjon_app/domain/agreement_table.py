"""The agreement register as a flat table, one row per agreement: the mapping between an Agreement and its cells.

Pure: the file formats (CSV, XLSX) live in `store/register_table.py`. Reading goes through the bundle's own
`read_agreement`, so that every rule of the JSON reader (dates, lengths, control characters, end before start)
applies to a spreadsheet row exactly as to a bundle record.

How the cells are written, for people who edit the table by hand:

- The header row holds the bundle's field keys (DOMAIN §6), with `obligations` split into `obligations_joint`,
  `obligations_ks` and `obligations_state`, or the Norwegian names the window gives them (`Nøkkel`, `Tittel`,
  `Gjelder til`: COLUMN_LABELS_NB). Columns may come in any order and may be left out, except `key` and
  `title`. A column left out keeps what is stored for an agreement that already exists (an empty cell clears it).
  A column of another name is refused, as an unknown field of a bundle is (DOMAIN §6: not silently dropped).
- An empty cell is null. A cell holding only an apostrophe (`'`) is the empty text.
- Lists (`state_parties`, `other_parties`): items separated by ";", as in `BLD; HOD`, or each on a line of its own
  (Alt+Enter in Excel).
- `signatories`: each one as `name, role, party`, separated by "|" or a line break, as in
  `Jens Stoltenberg, statsminister, SMK | Halvdan Skard, leder, KS`. Role and party may be left off the end
  (`Kari Nordmann`) or left empty in the middle (`Kari Nordmann, , KS`).
- A line break in a one-line field (`title`, `status`) is read as a space, and said in the import's preview.
- In list and signatory cells an item that contains a separator (";" in lists, "," or "|" among signatories),
  starts with a double quote, or starts or ends with a space is written in double quotes, with any double quote
  inside doubled, as in CSV: `"Nordmann, Kari", statsråd`. `""` is the empty text, an empty place is null.
- Yes/no fields: `ja` or `nei` (`yes`/`no`, `true`/`false`, Norwegian Excel's `SANN`/`USANN`, `1`/`0` are read
  too, in any case, and `x` for yes).
- `category` and `ks_signatory_level`: the bundle's codes, or the Norwegian words the window shows
  (`konsultasjonsavtale`, `annen avtale`, `politisk`, `administrativt`: CHOICES_NB).
- Dates: real dates in XLSX, `YYYY-MM-DD` in CSV; a date as the agreement form reads it is read as well
  (`15.09.2005`, `1.9.05`, `15092005`: calendar.parse_typed_date), but only with its year. A number in a date
  column of a workbook (a date cell whose format was set to General, as 38610) is read as the date Excel counts
  it for, if that lies from 1950 on (a smaller number is more likely a year or a count typed there), and said;
  eight digits typed there (15092005, which Excel keeps as a number) are read as typed, and said.
- Formula guard (OWASP, "CSV injection"), in CSV: a text that starts with `=`, `+`, `-`, `@`, a tab or a carriage
  return — after any apostrophes — gets one apostrophe in front, so that a spreadsheet shows it instead of running
  it. Reading removes that one apostrophe again, so `'=SUM(A1)` in a file is the text `=SUM(A1)`, and a text the
  user types as `- first point` without the apostrophe is read as it stands.
- In XLSX a text cell is stored as text, which a spreadsheet never runs: a text is written as it stands
  (`- first point`, shown so in Excel, with Excel's own text prefix so that it stays text when edited). It gets the
  apostrophe only where reading would otherwise take one off — a text that itself starts with apostrophes before
  what CSV guards (`'=A1` is written `''=A1`) — and as the empty text. Reading is the same for both formats, so an
  XLSX written with the guard in every cell (by earlier versions) gives the same texts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .calendar import parse_date, parse_typed_date
from .bundle import AGREEMENT_FIELDS, KEY_LIMIT, LIST_LIMIT, MISSING, Reader, agreement_to_json, normal_key, read_agreement
from .import_review import Remark
from .model import Agreement, Signatory
from .problems import InvalidInput, Problem, ValueDescription, describe_value

OBLIGATION_PARTS = ("joint", "ks", "state")


def _columns() -> tuple[str, ...]:
    out: list[str] = []
    for name in AGREEMENT_FIELDS:
        out.extend(f"obligations_{part}" for part in OBLIGATION_PARTS) if name == "obligations" else out.append(name)
    return tuple(out)


COLUMNS = _columns()
REQUIRED_COLUMNS = ("key", "title")

_TEXT, _CHOICE, _LIST, _SIGNATORIES, _DATE, _INT, _BOOL = "text", "choice", "list", "signatories", "date", "int", "bool"
_SPECIAL_KINDS = {
    "category": _CHOICE,
    "ks_signatory_level": _CHOICE,
    "state_parties": _LIST,
    "other_parties": _LIST,
    "signatories": _SIGNATORIES,
    "signed_date": _DATE,
    "start_date": _DATE,
    "end_date": _DATE,
    "duration_months": _INT,
    "notice_months": _INT,
    "storting_reservation": _BOOL,
    "evaluation_annual": _BOOL,
}
_TEXT_COLUMNS = frozenset(
    {"key", "title", "notice_text", "purpose", "economy_text", "evaluation_clause", "followup_text", "term_exception", "status", "notes"}
    | {f"obligations_{part}" for part in OBLIGATION_PARTS}
)


def _kind(column: str) -> str:
    if column in _SPECIAL_KINDS:
        return _SPECIAL_KINDS[column]
    if column in _TEXT_COLUMNS:
        return _TEXT
    # A field added to the bundle must be given a place here, or the table would drop it without a word.
    raise RuntimeError(f"the agreement table has no column kind for the field {column!r}")


COLUMN_KINDS: dict[str, str] = {column: _kind(column) for column in COLUMNS}

# The columns as the window names them (the agreement form's labels, ui/register/import_preview.py FIELD_NB and
# COLUMN_NB, which a test holds to these): a heading of a table of one's own, read as the column's key.
COLUMN_LABELS_NB = {
    "key": "Nøkkel",
    "title": "Tittel",
    "category": "Kategori",
    "state_parties": "Statlige parter",
    "other_parties": "Andre parter",
    "ks_signatory_level": "KS undertegner på nivå",
    "signatories": "Undertegnere",
    "signed_date": "Undertegnet",
    "start_date": "Gjelder fra",
    "end_date": "Gjelder til",
    "duration_months": "Varighet i måneder",
    "notice_months": "Oppsigelsestid i måneder",
    "notice_text": "Oppsigelsesbestemmelse",
    "purpose": "Formål",
    "obligations_joint": "Felles plikter",
    "obligations_ks": "KS' plikter",
    "obligations_state": "Statens plikter",
    "economy_text": "Økonomi",
    "storting_reservation": "Forutsatt Stortingets bevilgning",
    "evaluation_clause": "Evalueringsklausul",
    "evaluation_annual": "Evalueres årlig",
    "followup_text": "Administrativ oppfølging",
    "term_exception": "Unntak fra stortingsperioden",
    "status": "Status",
    "notes": "Notater",
}
_HEADINGS = {**{label.casefold(): column for column, label in COLUMN_LABELS_NB.items()}, **{c: c for c in COLUMNS}}

# The choices in the words the window shows them (the register's and the form's), case aside -> the bundle's code.
CHOICES_NB = {
    "category": {"konsultasjonsavtale": "consultation", "konsultasjon": "consultation", "annen avtale": "other", "annen": "other"},
    "ks_signatory_level": {"politisk": "political", "administrativt": "administrative", "administrativ": "administrative"},
}

YES = ("ja", "yes", "true", "sann", "x", "1")
NO = ("nei", "no", "false", "usann", "0")
LIST_SEPARATOR = ";"
SIGNATORY_SEPARATOR = "|"
PART_SEPARATOR = ","
# A line break in a list or signatory cell (Alt+Enter in Excel: one ministry or person per line) separates as ";"
# and "|" do. No item holds one: the bundle reader refuses a line break in a party or a signatory's part.
LINE_BREAKS = "\r\n"
# The one-line text fields, in which a line break (a wrapped title from an old register) is read as a space.
ONE_LINE_COLUMNS = ("title", "status")
_BREAK_RE = re.compile(r"[ \t]*(?:\r\n|\r|\n)(?:[ \t]*(?:\r\n|\r|\n))*[ \t]*")

# -- the formula guard ---------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _needs_guard(text: str) -> bool:
    # Apostrophes at the start are looked through, so that a text that really starts with "'=" gets a second
    # apostrophe and comes back whole; the empty text is guarded too, since an empty cell means null.
    rest = text.lstrip("'")
    return rest == "" or rest.startswith(FORMULA_STARTS)


def neutralise(text: str) -> str:
    """The text as it is written in a cell: an apostrophe in front when a spreadsheet would run it as a formula."""
    return "'" + text if _needs_guard(text) else text


def restore(cell: str) -> str:
    """The inverse of `neutralise` (and of `typed_text`): the apostrophe it adds is removed, any other is part of the
    text."""
    return cell[1:] if cell.startswith("'") and _needs_guard(cell[1:]) else cell


def typed_text(text: str) -> str:
    """The text as it is written in a cell typed as text (XLSX), which no spreadsheet runs: as it stands, with an
    apostrophe in front only where `restore` would otherwise take one off, and for the empty text (an empty cell is
    null). Was: guarded as in CSV, which Excel showed as a stray apostrophe before every bullet list."""
    return "'" + text if text == "" or restore(text) != text else text


# -- quoting inside list and signatory cells -----------------------------------------------------------


def _quote(item: str, separators: str) -> str:
    if item == "" or item != item.strip() or item.startswith('"') or any(s in item for s in separators):
        return '"' + item.replace('"', '""') + '"'
    return item


class CellSyntaxError(ValueError):
    def __init__(self, at: int):
        super().__init__(at)
        self.at = at  # 1-based position of the offending double quote


def _split(cell: str, separators: str) -> list[tuple[str | None, str]]:
    """Split a cell into (item, separator that ended it) pairs; an empty item without quotes is None.

    An item is either bare text (surrounding spaces dropped; it may hold a double quote after its first
    character) or a double-quoted text in which "" stands for one double quote.
    """
    out: list[tuple[str | None, str]] = []
    i, n = 0, len(cell)
    while True:
        while i < n and cell[i].isspace() and cell[i] not in separators:
            i += 1
        if i < n and cell[i] == '"':
            start = i
            i += 1
            chars = []
            while True:
                if i >= n:
                    raise CellSyntaxError(start + 1)
                if cell[i] == '"':
                    if i + 1 < n and cell[i + 1] == '"':
                        chars.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                chars.append(cell[i])
                i += 1
            while i < n and cell[i].isspace() and cell[i] not in separators:
                i += 1
            if i < n and cell[i] not in separators:
                raise CellSyntaxError(start + 1)
            item: str | None = "".join(chars)
        else:
            start = i
            while i < n and cell[i] not in separators:
                i += 1
            item = cell[start:i].strip() or None
        if i >= n:
            out.append((item, ""))
            return out
        out.append((item, cell[i]))
        i += 1


def format_list(items: Sequence[str]) -> str | None:
    return f"{LIST_SEPARATOR} ".join(_quote(item, LIST_SEPARATOR) for item in items) if items else None


def parse_list(cell: str) -> list[str]:
    """The items of a list cell, separated by ";" or a line break; empty places (as in a trailing ";") are skipped."""
    return [item for item, _ in _split(cell, LIST_SEPARATOR + LINE_BREAKS) if item is not None]


def format_signatories(signatories: Sequence[Signatory]) -> str | None:
    entries = []
    for s in signatories:
        parts = [s.name, s.role, s.party]
        while parts[-1] is None:  # the name is never None, so this stops there
            parts.pop()
        entries.append(f"{PART_SEPARATOR} ".join("" if p is None else _quote(p, PART_SEPARATOR + SIGNATORY_SEPARATOR) for p in parts))
    return f" {SIGNATORY_SEPARATOR} ".join(entries) if entries else None


def parse_signatories(cell: str) -> list[list[str | None]]:
    """The signatories of a cell as lists of parts (name, role, party; more than three is the caller's error), one
    after another separated by "|" or a line break. Entries with nothing in them (as in a trailing "|") are skipped.

    A line break is where a person's parts wrapped, not a new person, in two cases: just after a name alone and its
    comma («Jens Stoltenberg,⏎statsminister, SMK»), and just before a comma that starts the next line («…, leder⏎,
    KS») when the person then has at most three parts. Not across an empty line, and not after a role and its comma
    («Bjarne Håkon Hanssen, statsråd,⏎Halvdan Skard»: the comma leaves the party empty, the next line is a person)."""
    lines: list[tuple[list[str | None], str]] = []  # each line's parts, and the separator that ended it
    parts: list[str | None] = []
    for item, separator in _split(cell.replace("\r\n", "\n").replace("\r", "\n"), PART_SEPARATOR + SIGNATORY_SEPARATOR + "\n"):
        parts.append(item)
        if separator != PART_SEPARATOR:
            lines.append((parts, separator))
            parts = []
    entries: list[list[str | None]] = []
    current: list[str | None] | None = None  # the entry a wrapped line goes on with
    for number, (parts, separator) in enumerate(lines):
        if current is not None:
            leading = len(parts) > 1 and parts[0] is None
            current = current + (parts[1:] if leading else parts)
        else:
            current = parts
        after = lines[number + 1][0] if number + 1 < len(lines) else None
        wraps = separator == "\n" and after is not None and any(part is not None for part in after) and (
            (len(current) == 2 and current[0] is not None and current[1] is None)  # a name alone and its comma
            or (len(after) > 1 and after[0] is None and len(current) + len(after) - 1 <= 3)  # the next line starts with a comma
        )
        if wraps:
            if current[-1] is None and len(current) == 2:
                current = current[:1]  # the name's comma: the role comes on the next line
            continue
        while len(current) > 3 and current[-1] is None:
            current = current[:-1]  # a comma left at the end of a person's line («A, leder, KS,»): nothing after it
        if any(part is not None for part in current):
            entries.append(current)
        current = None
    return entries


# -- agreement to row ----------------------------------------------------------------------------------

Cell = str | int | dt.date | None


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("ja" if value else "nei")


def agreement_to_row(a: Agreement, *, typed: bool = False) -> tuple[Cell, ...]:
    """The cells of one agreement in COLUMNS order: text (formula-guarded, or for a format whose cells are `typed`
    as text, XLSX, written as `typed_text`), whole numbers, dates, or None."""
    ob = a.obligations
    values: dict[str, Any] = {
        "key": a.key,
        "title": a.title,
        "category": a.category,
        "state_parties": format_list(a.state_parties),
        "other_parties": format_list(a.other_parties),
        "ks_signatory_level": a.ks_signatory_level,
        "signatories": format_signatories(a.signatories),
        "signed_date": a.signed_date,
        "start_date": a.start_date,
        "end_date": a.end_date,
        "duration_months": a.duration_months,
        "notice_months": a.notice_months,
        "notice_text": a.notice_text,
        "purpose": a.purpose,
        "obligations_joint": ob.joint if ob else None,
        "obligations_ks": ob.ks if ob else None,
        "obligations_state": ob.state if ob else None,
        "economy_text": a.economy_text,
        "storting_reservation": _yes_no(a.storting_reservation),
        "evaluation_clause": a.evaluation_clause,
        "evaluation_annual": _yes_no(a.evaluation_annual),
        "followup_text": a.followup_text,
        "term_exception": a.term_exception,
        "status": a.status,
        "notes": a.notes,
    }
    text = typed_text if typed else neutralise
    return tuple(text(v) if isinstance(v, str) else v for v in (values[c] for c in COLUMNS))


# -- rows to agreements --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Formula:
    """A spreadsheet cell that holds a formula rather than a value: never imported (its text would run again
    when the register is exported and opened)."""

    text: str


@dataclass(frozen=True, slots=True)
class CellError:
    """A spreadsheet cell that shows an error (#DIV/0!, #REF! …) instead of a value: never imported as text."""

    text: str


@dataclass(frozen=True, slots=True)
class TableRow:
    """One data row as read: its spreadsheet row number (the header is row 1), and the agreement or why not."""

    number: int
    key: str | None
    agreement: Agreement | None
    problems: tuple[Problem, ...]
    title: str | None = None  # as typed, also in a row that cannot be read
    label: str = ""  # how the problems name the row ("row 3 (key "skole")"); a column is `label.column`
    remarks: tuple[Remark, ...] = ()  # what in the cells was read otherwise than it stands (imported all the same)


@dataclass(frozen=True)
class TableRead:
    """A table as read: the recognised columns, the rows, and the problems with the table as a whole."""

    source: str
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]
    table_problems: tuple[Problem, ...] = ()

    @property
    def problems(self) -> list[Problem]:
        return [*self.table_problems, *(p for row in self.rows for p in row.problems)]

    @property
    def agreements(self) -> tuple[Agreement, ...]:
        return tuple(row.agreement for row in self.rows if row.agreement is not None)

    def raise_if_invalid(self) -> None:
        problems = self.problems
        if problems:
            raise InvalidInput(problems, source=self.source or None)


def column_letter(index: int) -> str:
    """The spreadsheet name of a 0-based column index: A … Z, AA …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _is_empty(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _header_name(cell: Any) -> str:
    """A heading as written, its spaces made one: «Oppsigelsestid i» and «måneder» on two lines of the cell (Alt+Enter
    or a wrapped heading), or two spaces typed, are the window's «Oppsigelsestid i måneder»."""
    if cell is None:
        return ""
    return " ".join((cell.text if isinstance(cell, (Formula, CellError)) else str(cell)).split())


def _read_header(header: Sequence[Any], rows: list[Sequence[Any]]) -> tuple[dict[str, int], list[Problem]]:
    problems: list[Problem] = []
    index: dict[str, int] = {}
    names = [_header_name(c) for c in header]
    for i, name in enumerate(names):
        if not name:
            continue
        column = _HEADINGS.get(name.casefold(), name.lower())
        if column not in COLUMN_KINDS:
            problems.append(Problem.make(f"column {column_letter(i)}", "unknown-column", key=name[:40]))
        elif column in index:
            problems.append(Problem.make(f"column {column_letter(i)}", "duplicate-column", key=column, other=column_letter(index[column])))
        else:
            index[column] = i
    for column in REQUIRED_COLUMNS:
        if column not in index:
            problems.append(Problem.make("", "missing-column", key=column))
    if any(p.code == "unknown-column" for p in problems):  # a table of one's own, with headings as one writes them:
        # said first, for a refusal shows only its first lines and such a table has an unknown heading in every column
        # (the window's Norwegian names are read too: said, in under 80 characters, where a message cuts a value)
        problems.insert(0, Problem.make("", "column-names", names=ValueDescription((
            "key, title, state_parties, end_date … or Nøkkel, Tittel, Gjelder til …",
            "key, title, state_parties, end_date … eller Nøkkel, Tittel, Gjelder til …",
        ))))
    # A value under no name would be dropped without a word: name the column instead.
    reported: set[int] = set()
    for number, cells in enumerate(rows, start=2):
        for i, cell in enumerate(cells):
            if (i >= len(names) or not names[i]) and i not in reported and not _is_empty(cell):
                reported.add(i)
                problems.append(Problem.make(f"column {column_letter(i)}", "unnamed-column", row=number))
    return index, problems


# Excel counts days from 30.12.1899 (its day 60 is a 29 February 1900 that never was: the count is right from
# day 61 on). A number read as such a date must be a plausible one: from 1950 to the last year the program plans.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_DATES = (dt.date(1950, 1, 1), dt.date(2200, 12, 31))
# ASCII digits only, and few of them: int() of thousands of digits is refused by Python itself (and slow).
_INT_RE = re.compile(r"^[+-]?[0-9]{1,12}$")


def _text_of(cell: Any) -> Any:
    """A cell as the JSON reader would see it: text with the formula guard taken off, numbers as their digits
    (a spreadsheet turns typed digits into a number); other values go on as they are, for the reader to refuse."""
    if isinstance(cell, str):
        return restore(cell)
    if isinstance(cell, int) and not isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    return cell


def _date_of(cell: Any) -> Any:
    if isinstance(cell, dt.datetime):
        # XLSX has no dates, only date-times shown as dates; a time of day other than midnight is not a date.
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, str):
        text = restore(cell).strip()
        if not text or parse_date(text) is not None:
            return text or None
        day = _typed_date(text)
        # Not a date (or an impossible one): the reader names it as the user wrote it.
        return day.isoformat() if day is not None else text
    return cell


def _typed_date(text: str) -> dt.date | None:
    """A date as the agreement form reads one typed (parse_typed_date), but with its year: the form fills in a year
    left out from the day it is typed on, which in a file would make one table give different dates from year to
    year."""
    day = parse_typed_date(text, dt.date(2000, 1, 1))
    return day if day is not None and day == parse_typed_date(text, dt.date(2001, 1, 1)) else None


def excel_date(number: int | float) -> dt.date | None:
    """The date a number in a workbook's date column stands for (the cell's format set to General), or None when it
    is no plausible date: not a whole day, or outside _EXCEL_DATES."""
    if isinstance(number, float) and not number.is_integer():
        return None
    days = int(number)
    if not (_EXCEL_DATES[0] - _EXCEL_EPOCH).days <= days <= (_EXCEL_DATES[1] - _EXCEL_EPOCH).days:
        return None
    return _EXCEL_EPOCH + dt.timedelta(days=days)


def _int_of(cell: Any) -> Any:
    if isinstance(cell, str):
        text = restore(cell).strip()
        return int(text) if _INT_RE.match(text) else (text or None)
    return cell


class _NotYesNo:
    pass


def _bool_of(cell: Any) -> Any:
    if cell is None or isinstance(cell, bool):
        return cell
    if isinstance(cell, (int, float)) and cell in (0, 1):
        return cell == 1
    text = restore(cell).strip().lower() if isinstance(cell, str) else None
    if text == "":
        return None
    if text in YES:
        return True
    if text in NO:
        return False
    return _NotYesNo


def _row_label(number: int, key_cell: Any) -> str:
    key = _text_of(key_cell)
    if isinstance(key, str):
        key = key.strip()
        if key and len(key) <= KEY_LIMIT and key.isprintable():
            return f'row {number} (key "{key}")'
    return f"row {number}"


def _cell_value(r: Reader, column: str, cell: Any, path: str, remarks: list[Remark]) -> Any:
    """The JSON value for one cell, or MISSING when the cell is wrong in a way only a table can be (its
    problem recorded here); everything else is left to the bundle reader. What is read otherwise than it stands
    goes to `remarks`."""
    if isinstance(cell, Formula):
        r.add(path, "formula-cell", text=cell.text[:40])  # what the cell holds, not what Excel shows of it
        return MISSING
    if isinstance(cell, CellError):
        r.add(path, "cell-error", value=cell.text[:20])
        return MISSING
    kind = COLUMN_KINDS[column]
    if kind == _DATE and isinstance(cell, (int, float)) and not isinstance(cell, bool):
        # Was: «must be a date as text (YYYY-MM-DD), not the number 38749», the JSON format's advice.
        day = excel_date(cell)
        if day is None and float(cell).is_integer() and 10_000_000 <= cell < 100_000_000:
            # 15092005 typed into a cell: Excel keeps the digits as a number; read as the form reads eight digits
            # typed, and said (was: «format the cell as a date», which then shows #######). Seven (01092005 having
            # lost its 0) could be 1.09 or 10.9: refused as a number.
            typed = _typed_date(str(int(cell)))
            if typed is not None:
                remarks.append(Remark(column, "date-number", typed.isoformat(), _text_of(cell)))
                return typed.isoformat()
        if day is None:
            r.add(path, "date-number", got=describe_value(cell))
            return MISSING
        remarks.append(Remark(column, "date-number", day.isoformat(), _text_of(cell)))
        return day.isoformat()
    if kind == _DATE:
        value = _date_of(cell)
        if isinstance(value, str) and parse_date(value) is None:  # in a table, a date is written as in Norway
            r.add(path, "not-table-date", value=value[:40])
            return MISSING
        return value
    if kind == _INT:
        return _int_of(cell)
    if kind == _BOOL:
        value = _bool_of(cell)
        if value is _NotYesNo:
            shown = restore(cell).strip()[:40] if isinstance(cell, str) else str(cell)
            r.add(path, "not-yes-no", value=shown)
            return MISSING
        return value
    if cell is None or cell == "":  # a CSV file has no null: its empty field is one
        return None
    text = _text_of(cell)
    if not isinstance(text, str):
        return text  # a date or a yes/no in a text column: the reader says what it wanted
    if kind == _CHOICE:
        choice = text.strip().lower()
        return CHOICES_NB[column].get(choice.casefold(), choice) or None
    if kind == _LIST:
        try:
            return parse_list(text)
        except CellSyntaxError as exc:
            r.add(path, "bad-quoting", at=exc.at)
            return MISSING
    if kind == _SIGNATORIES:
        try:
            entries = parse_signatories(text)
        except CellSyntaxError as exc:
            r.add(path, "bad-quoting", at=exc.at)
            return MISSING
        out = []
        for i, parts in enumerate(entries):
            if len(parts) > 3:
                r.add(f"{path}[{i}]", "too-many-parts", count=len(parts))
                return MISSING
            parts = parts + [None] * (3 - len(parts))
            out.append({"name": parts[0], "role": parts[1], "party": parts[2]})
        return out
    if column in ONE_LINE_COLUMNS and _BREAK_RE.search(text):
        text = _BREAK_RE.sub(" ", text.strip())
        remarks.append(Remark(column, "line-break", text))
    return text


def _row_object(
    r: Reader, cells: Sequence[Any], index: Mapping[str, int], label: str, base: Agreement | None, remarks: list[Remark]
) -> dict:
    """The JSON object the bundle reader checks: the row's cells over what is stored for the columns left out."""
    obj: dict[str, Any] = agreement_to_json(base) if base else {}
    obligations = dict(obj.get("obligations") or dict.fromkeys(OBLIGATION_PARTS))
    has_obligations = False
    for column, i in index.items():
        cell = cells[i] if i < len(cells) else None
        value = _cell_value(r, column, cell, f"{label}.{column}", remarks)
        if column.startswith("obligations_"):
            has_obligations = True
            part = column.removeprefix("obligations_")
            if value is MISSING:
                obligations.pop(part, None)
            else:
                obligations[part] = value
        elif value is MISSING:
            obj.pop(column, None)
        else:
            obj[column] = value
    if has_obligations:
        obj["obligations"] = obligations if any(v is not None for v in obligations.values()) else None
    return obj


def _column_path(problem: Problem, label: str) -> Problem:
    """Name the table's column in a reader problem: `obligations.ks` is the column `obligations_ks`."""
    prefix = f"{label}.obligations."
    if problem.path.startswith(prefix):
        return Problem(f"{label}.obligations_{problem.path[len(prefix) :]}", problem.code, problem.params)
    return problem


def _duplicated(row: TableRow, others: list[TableRow]) -> TableRow:
    """A row whose key other rows have too: invalid, naming them. Every one of them, not only the later ones: which
    one is meant is the user's to say (was: the first imported and the later, often the corrected, one skipped)."""
    problems = list(row.problems)
    same = [other.number for other in others if other.key == row.key]
    if same:
        key = row.key
        problems.append(Problem.make(row.label, "duplicate", what="agreement", ident=ValueDescription((f'"{key}"', f"«{key}»")), other=_rows(same)))
    spellings: dict[str, list[int]] = {}
    for other in others:
        if other.key != row.key:
            spellings.setdefault(other.key, []).append(other.number)
    for spelling, numbers in spellings.items():
        problems.append(Problem.make(row.label, "duplicate-case", key=row.key, other_key=spelling, other=_rows(numbers)))
    return replace(row, agreement=None, problems=tuple(problems))


def _rows(numbers: list[int]) -> str:
    return ", ".join(f"row {number}" for number in numbers)


def rows_to_agreements(
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    source: str = "",
    *,
    stored: Mapping[str, Agreement] | None = None,
) -> TableRead:
    """Read a table: the header row (field keys) and the data rows, the first of them spreadsheet row 2.

    `stored` (the agreements already in the database, by key) fills the columns a table leaves out, so that a
    table of only some columns changes only those. Rows with nothing in them are skipped; their numbers count.
    """
    rows = list(rows)
    index, problems = _read_header(header, rows)
    if problems:
        return TableRead(source, (), (), tuple(problems))
    columns = tuple(sorted(index, key=index.__getitem__))
    out: list[TableRow] = []
    # Keys compared with case aside, as the agreement form compares a new key: «Skole» beside «skole» reads as one
    # agreement (as Windows reads two such file names as one). Was: exact, and «Skole» became a second «skole».
    same_key: dict[str, list[int]] = {}  # the key, case aside -> the rows' places in `out`
    stored_by_fold: dict[str, str] = {}
    for stored_key in stored or ():
        stored_by_fold.setdefault(stored_key.casefold(), stored_key)
    for number, cells in enumerate(rows, start=2):
        if all(_is_empty(c) for c in cells):
            continue
        if len(out) >= LIST_LIMIT:
            return TableRead(source, columns, tuple(out), (Problem.make("", "too-many", count=len(rows), limit=LIST_LIMIT),))
        key_cell = cells[index["key"]] if index["key"] < len(cells) else None
        label = _row_label(number, key_cell)
        key_text = _text_of(key_cell)
        # The key as the reader will store it (composed): a key typed decomposed ("a" and a ring) must find the
        # stored record, or a table of only some columns would replace it with one of only those columns.
        typed_key = normal_key(key_text) if isinstance(key_text, str) else None
        base = None
        if stored and len(columns) < len(COLUMNS) and typed_key:
            base = stored.get(typed_key)
        r = Reader()
        remarks: list[Remark] = []
        obj = _row_object(r, cells, index, label, base, remarks)
        cell_problems = list(r.problems)
        agreement = read_agreement(r, obj, label)
        # A cell refused here is left out of the object; the reader's "is required" for it would say it twice.
        refused = {p.path for p in cell_problems}
        reader_problems = [p for p in r.problems[len(cell_problems) :] if p.path not in refused]
        row_problems = [_column_path(p, label) for p in cell_problems + reader_problems]
        key = agreement.key if agreement else (typed_key or None)
        if key is not None and stored and key not in stored and key.casefold() in stored_by_fold:
            # Two agreements stored so already stay as they are; a key of the file's own must not make a third.
            row_problems.append(Problem.make(f"{label}.key", "stored-key-case", key=key, stored=stored_by_fold[key.casefold()]))
        # In the columns' order, whether a cell or the reader found it (a user reads the row from the left).
        row_problems.sort(key=lambda p: index.get(p.path[len(label) + 1 :].split(".")[0].split("[")[0], len(index)))
        if row_problems:
            agreement = None
        # Invalid rows count too: once fixed, the two would still clash.
        if key is not None:
            # Two stored apart from case (an import took them before) keep their own rows: an export imports again.
            same_key.setdefault(key if stored and key in stored else key.casefold(), []).append(len(out))
        title_text = _text_of(cells[index["title"]]) if index["title"] < len(cells) else None
        title = agreement.title if agreement else (title_text.strip() or None if isinstance(title_text, str) else None)
        out.append(TableRow(number, key, agreement, tuple(row_problems), title, label, tuple(remarks)))
    for places in same_key.values():
        if len(places) > 1:
            for place in places:
                out[place] = _duplicated(out[place], [out[other] for other in places if other != place])
    if not out:
        return TableRead(source, columns, (), (Problem.make("", "no-rows"),))
    return TableRead(source, columns, tuple(out))
