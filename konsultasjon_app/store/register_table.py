"""The agreement table as files: CSV that Excel with Norwegian settings opens as it is, XLSX, and reading both back.

It sits in `store` beside the bundle's import and export rather than in `reports`: the importer (`exchange`) reads
tables through it, and the layers import downward only. What a cell holds is decided in
`domain/agreement_table.py`; this module only puts cells into a file format and takes them out again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import files
from ..domain.agreement_table import COLUMNS, FORMULA_STARTS, CellError, Formula, agreement_to_row, column_letter, rows_to_agreements
from ..domain.bundle import LIST_LIMIT
from ..domain.model import Register
from ..domain.problems import InvalidInput, Problem, ValueDescription, safe_text

TABLE_SUFFIXES = (".csv", ".xlsx")

_BOM = "\ufeff"
# Excel with Norwegian settings uses the semicolon as list separator (the comma is the decimal sign), and reads
# a CSV file as UTF-8 only when it starts with a byte order mark.
CSV_DELIMITER = ";"
XLSX_DATE_FORMAT = "dd.mm.yyyy"
XLSX_SHEET_TITLE = "Avtaler"
XLSX_CELL_LIMIT = 32_767  # characters in one Excel cell
# What a workbook may unpack to: a real register is a few megabytes; a zip bomb would fill the memory.
XLSX_UNPACKED_LIMIT = 512 * 1024 * 1024
# Reading stops a little past the register's limit; the table reader then names the limit.
_ROW_LIMIT = LIST_LIMIT + 2
_MIN_WIDTH, _MAX_WIDTH = 8, 60


# -- writing -------------------------------------------------------------------------------------------


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def csv_bytes(register: Register) -> bytes:
    """The register's agreements as CSV: UTF-8 with BOM, semicolons, CRLF, quotes where a cell needs them."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for agreement in register.agreements:
        writer.writerow([_csv_cell(value) for value in agreement_to_row(agreement)])
    return (_BOM + buffer.getvalue()).encode("utf-8")


def write_csv(register: Register, path: Path | str) -> None:
    files.write_atomic(path, csv_bytes(register))


# XML turns a carriage return into a line feed when it is read, so Excel's own escape `_x000D_` keeps it; a text
# that already holds such a sequence gets its underscore escaped (`_x005F_`), as Excel does. U+FFFE and U+FFFF are
# no characters XML may hold at all, not even as a reference, but a text may have them (the readers refuse control
# characters and lone surrogates only): Excel writes them `_xFFFE_` and `_xFFFF_`. Was: written as they were, which
# made the sheet's XML unreadable: the export did not import again, and Excel could not open it.
_XLSX_ESCAPED_RE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_XLSX_ESCAPE_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def xlsx_escape(text: str) -> str:
    return _XLSX_ESCAPED_RE.sub("_x005F_", text).replace("\r", "_x000D_").replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")


def xml_text(text: str) -> str:
    """`text` without U+FFFE and U+FFFF, for a workbook's properties (its title), which hold no Excel escapes."""
    return text.replace("\ufffe", "").replace("\uffff", "")


def put_xlsx_text(cell, value: str, where: str, problems: list) -> None:
    """Put user text in a worksheet cell as a plain string: escaped for Excel, never a formula (openpyxl makes a
    formula of any text that starts with "=", and the formula guard is not the only writer), and a
    "cell-too-long" problem naming `where` when Excel could not hold it."""
    text = xlsx_escape(value)
    if len(text) > XLSX_CELL_LIMIT:
        problems.append(Problem.make(where, "cell-too-long", length=len(text), limit=XLSX_CELL_LIMIT))
    cell.value = text
    cell.data_type = "s"


def xlsx_unescape(text: str) -> str:
    def one(m: re.Match) -> str:
        code = int(m[1], 16)
        # A lone surrogate is no character; it would fail later, in the database, instead of here.
        return m[0] if 0xD800 <= code <= 0xDFFF else chr(code)

    return _XLSX_ESCAPE_RE.sub(one, text) if "_x" in text else text


def _width(values: Sequence[Any], header: str) -> float:
    longest = len(header)
    for value in values:
        if isinstance(value, dt.date):
            longest = max(longest, len("dd.mm.yyyy"))
        elif value is not None:
            longest = max(longest, max(len(line) for line in str(value).splitlines() or [""]))
    return min(max(longest, _MIN_WIDTH), _MAX_WIDTH) + 2


def xlsx_bytes(register: Register, *, source: str | None = None) -> bytes:
    """The register's agreements as an XLSX workbook: one sheet, a bold frozen header, dates as Excel dates,
    text always stored as text. InvalidInput if a cell is longer than Excel allows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = XLSX_SHEET_TITLE
    bold = Font(bold=True)
    for c, name in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=c, value=name)
        cell.font = bold
    rows = [agreement_to_row(a, typed=True) for a in register.agreements]
    problems = []
    for r, (agreement, values) in enumerate(zip(register.agreements, rows), start=2):
        for c, value in enumerate(values, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c)
            if isinstance(value, str):
                put_xlsx_text(cell, value, f'agreement "{agreement.key}".{COLUMNS[c - 1]}', problems)
                if value.startswith(FORMULA_STARTS):  # Excel's own text prefix, not shown: edited there, it stays text
                    cell.quotePrefix = True
            elif isinstance(value, dt.date):
                cell.value = value
                cell.number_format = XLSX_DATE_FORMAT
            else:
                cell.value = value
    if problems:
        raise InvalidInput(problems, source=source)
    for c, name in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = _width([row[c - 1] for row in rows], name)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_xlsx(register: Register, path: Path | str) -> None:
    files.write_atomic(path, xlsx_bytes(register, source=str(path)))


# -- reading -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableFile:
    """A table file as read: its header row, its data rows (data row i is spreadsheet row i + 2), and how it was read.

    encoding: a CSV file's text encoding, "utf-8" or "cp1252" (Windows-1252: what Excel with Norwegian settings
    saves as «CSV (semikolondelt)»); None for a workbook. sheet: the worksheet read, when the workbook has more than
    one a user sees (which one was read is then worth saying).
    """

    path: str
    header: list[Any]
    rows: list[list[Any]]
    encoding: str | None = None
    sheet: str | None = None

    @property
    def source(self) -> str:
        """The file as messages name it: with the sheet read, as «avtaler.xlsx [Notater]» (a sheet name holds no
        brackets, and the words are the same in English and bokmål)."""
        return f"{self.path} [{safe_text(self.sheet)}]" if self.sheet else self.path


def read_table(path: Path | str) -> tuple[list[Any], list[list[Any]]]:
    """The header row and the data rows of a .csv or .xlsx table (data row i is spreadsheet row i + 2).

    CSV cells are text (an empty field is None); XLSX cells are text, numbers, booleans, date-times, or
    `Formula` for a formula cell. InvalidInput names the file when it is not a table of that format.
    """
    table = read_table_file(path)
    return table.header, table.rows


def read_table_file(path: Path | str) -> TableFile:
    """The table as `read_table` reads it, with the encoding and sheet it was read in."""
    suffix = Path(path).suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise ValueError(f"{path}: not a table file")  # the callers choose the reader by extension
    data = files.read_bytes(path)
    encoding = sheet = None
    if suffix == ".csv":
        rows, encoding = _read_csv(data, str(path))
    else:
        rows, sheet = _read_xlsx(data, str(path))
    table = TableFile(str(path), rows[0] if rows else [], rows[1:], encoding, sheet)
    if not rows or all(cell is None for row in rows for cell in row):
        raise InvalidInput([Problem.make("", "empty-file")], source=table.source)
    return table


# Windows-1252 leaves these five bytes undefined: a file holding one is neither UTF-8 nor Windows-1252 text.
_CP1252_UNDEFINED_RE = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
# A non-ASCII letter as UTF-8 writes it ("ø" is "Ã¸" read as Windows-1252). Text in Windows-1252 holds one only by
# chance («PÅ» ends in one), text in UTF-8 at every such letter: a file with more of these than places that are not
# UTF-8 is UTF-8 with stray bytes, and read as Windows-1252 each of its letters would be stored garbled.
_UTF8_LETTER_RE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# æ, ø, å, é … as UTF-8 writes them ("Ã¦", "Ã¸", "Ã¥"): in Windows-1252 text «Ã» before a sign of that range does not
# occur, so one of these in a file that is not UTF-8 throughout means UTF-8 with a stray byte (a tie of the count
# above read «Bostøtte» as «BostÃ¸tte»): refused, not stored garbled.
_UTF8_LATIN_RE = re.compile(rb"\xc3[\x80-\xbf]")


def _decode_csv(data: bytes, source: str) -> tuple[str, str]:
    """The file's text and its encoding: UTF-8, or Windows-1252, which Excel with Norwegian settings writes by
    default («CSV (semikolondelt)»; was refused, «lagre den som CSV UTF-8»). A file with a byte order mark is UTF-8
    or refused; so is UTF-16 (NUL bytes), and UTF-8 with a stray byte in it."""
    offset = 0
    bom = data.startswith(_BOM.encode("utf-8"))
    if bom:
        data, offset = data[3:], 3
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if bom or b"\x00" in data or _UTF8_LATIN_RE.search(data) or len(_UTF8_LETTER_RE.findall(data)) > data.decode("utf-8", "replace").count("\ufffd"):
            raise InvalidInput(
                [Problem.make("", "csv-not-utf8", at=exc.start + offset + 1, byte=f"{data[exc.start]:02X}")], source=source
            ) from None
    # An undefined byte becomes U+FFFD, which Windows-1252 never gives otherwise: its row is named once the rows are read.
    return data.decode("cp1252", errors="replace"), "cp1252"


def _refuse_undefined_byte(data: bytes, rows: list[list[Any]], source: str) -> InvalidInput:
    """The refusal of a file read as Windows-1252 that holds a byte it leaves undefined, naming its row and column."""
    found = _CP1252_UNDEFINED_RE.search(data)
    byte = f"0x{found[0][0]:02X}"
    path, where, where_nb = "", "", ""
    for number, row in enumerate(rows, start=1):
        column = next((i for i, cell in enumerate(row) if cell and "\ufffd" in cell), None)
        if column is not None:
            path, where, where_nb = f"row {number}", f"column {column_letter(column)}", f"kolonne {column_letter(column)}"
            break
    else:  # past the rows read (the table is too long anyway)
        line = data.count(b"\n", 0, found.start()) + 1
        where, where_nb = f"line {line}", f"linje {line}"
    detail = ValueDescription((  # (at most 80 characters: a message's values are cut there)
        f'{where}: byte {byte} is not UTF-8 or Windows-1252; save as "CSV UTF-8"',
        f"{where_nb}: byte {byte} er ikke UTF-8 eller Windows-1252; lagre som «CSV UTF-8»",
    ))
    return InvalidInput([Problem.make(path, "bad-csv", detail=detail)], source=source)


def _read_csv(data: bytes, source: str) -> tuple[list[list[Any]], str]:
    text, encoding = _decode_csv(data, source)
    # The header holds field keys only, so its first line tells the separator: Excel writes ";" with Norwegian
    # settings and "," with English ones.
    first_line = text.split("\n", 1)[0]
    delimiter = "," if first_line.count(",") > first_line.count(";") else ";"
    rows: list[list[Any]] = []
    # strict: a quote never closed is an error (not the rest of the file swallowed into one cell); cells as long
    # as the whole file may be, so that an over-long one reaches the length check that names row and column.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for row in reader:
            rows.append([cell if cell != "" else None for cell in row])
            if len(rows) > _ROW_LIMIT:
                break
    except csv.Error as exc:
        said = str(exc)
        nb = ("filen slutter inne i en tekst i anførselstegn (avkortet?)" if "unexpected end of data" in said
              else "anførselstegn eller skilletegn står feil")
        raise InvalidInput([Problem.make(f"row {len(rows) + 1}", "bad-csv", detail=ValueDescription((said, nb)))], source=source) from None
    if encoding == "cp1252" and "\ufffd" in text:
        raise _refuse_undefined_byte(data, rows, source)
    return rows, encoding


def _xlsx_value(cell: Any) -> Any:
    value = cell.value
    if value is None:
        return None
    if cell.data_type == "f":
        return Formula(str(getattr(value, "text", value)))
    if cell.data_type == "e":
        return CellError(str(value))
    if isinstance(value, str):
        return xlsx_unescape(value)
    return value


def _is_table(sheet: Any) -> bool:
    """Whether the sheet's first row has the key and title columns, under any heading the table reader takes."""
    first = next(sheet.iter_rows(min_row=1, max_row=1), ())
    header = [_xlsx_value(cell) for cell in first]
    return not any(p.code == "missing-column" for p in rows_to_agreements(header, []).table_problems)


def _visible_sheets(wb) -> list[Any]:
    """The worksheets a user sees (not the hidden ones)."""
    return [ws for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]


def _sheet_shown(wb) -> Any:
    """The worksheet that holds the table: of the sheets a user sees (hidden ones never: the list behind a
    drop-down), the one shown on opening the workbook (the active one, else the first) if its first row has the key
    and title columns, else the first sheet that has them, else the one shown (whose refusal names it). Was: the
    active one always: a workbook saved with its notes sheet in front was refused as «ukjent kolonne «noe»»,
    naming no sheet."""
    visible = _visible_sheets(wb)
    try:
        active = wb.active
    except (IndexError, AttributeError):  # a workbook naming an active sheet it does not have
        active = None
    shown = active if active is not None and active in visible else (visible[0] if visible else None)
    if len(visible) > 1:
        return next((ws for ws in [shown, *(ws for ws in visible if ws is not shown)] if _is_table(ws)), shown)
    return shown


_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+):([A-Z]+[0-9]+)"')


def _merged_ranges(data: bytes, sheet_path: str) -> list[tuple[int, int, int, int]]:
    """The merged ranges of the sheet (min_col, min_row, max_col, max_row, 1-based), read from its XML: a read-only
    worksheet does not give them."""
    from openpyxl.utils.cell import range_boundaries

    if not sheet_path:
        return []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read(sheet_path.lstrip("/"))
    except (KeyError, zipfile.BadZipFile, OSError):
        return []
    return [range_boundaries(f"{a.decode()}:{b.decode()}") for a, b in _MERGE_RE.findall(xml)]


def _fill_merged(rows: list[list[Any]], ranges: list[tuple[int, int, int, int]]) -> None:
    """A merged range's value is in every row it spans, as the sheet shows it on each of them; only in its first
    column. Was: the rows under the first were read as empty (an agreement stored with no ministry, or its stored one
    cleared); and then its value went into every column it spans too (a title merged across the notes column gave
    notes = title). Across columns the cells are read as empty, which is what Excel keeps of them (merging keeps only
    the top-left value, and Excel says so): which field a value spread over two is meant for cannot be told, and an
    emptied stored field is shown before it is written («tømmer» in the preview, "empties" on the command line)."""
    for min_col, min_row, _max_col, max_row in ranges:
        if min_row - 1 >= len(rows):
            continue
        top = rows[min_row - 1]
        value = top[min_col - 1] if min_col - 1 < len(top) else None
        for r in range(min_row - 1, min(max_row, len(rows))):
            row = rows[r]
            if len(row) < min_col:
                row.extend([None] * (min_col - len(row)))
            row[min_col - 1] = value


def _read_xlsx(data: bytes, source: str) -> tuple[list[list[Any]], str | None]:
    """The rows of the sheet that holds the table, and its name when the workbook has more than one sheet a user sees."""
    from openpyxl import load_workbook

    def refuse(english: str, norwegian: str) -> InvalidInput:
        return InvalidInput([Problem.make("", "not-xlsx", detail=ValueDescription((english, norwegian)))], source=source)

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, NotImplementedError, UnicodeDecodeError, ValueError, OSError, EOFError) as exc:
        # a damaged or foreign zip fails in many ways (a too-new version, a name that is not the UTF-8 it claims)
        if isinstance(exc, zipfile.BadZipFile):
            raise refuse("not a zip archive", "ikke et zip-arkiv") from None
        raise refuse(f"a damaged zip archive ({type(exc).__name__})", f"et skadet zip-arkiv ({type(exc).__name__})") from None
    if unpacked > XLSX_UNPACKED_LIMIT:
        megabytes, limit = unpacked // 1_048_576, XLSX_UNPACKED_LIMIT // 1_048_576
        raise refuse(f"it unpacks to {megabytes} MB; at most {limit} MB are read", f"den pakkes ut til {megabytes} MB; høyst {limit} MB leses")
    rows: list[list[Any]] = []
    named = None
    try:
        with warnings.catch_warnings():
            # openpyxl warns about workbook features it does not read (extensions, odd styles); they say
            # nothing about the values in the cells.
            warnings.simplefilter("ignore")
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            try:
                sheet = _sheet_shown(wb)
                if sheet is None:
                    raise refuse("it has no worksheet", "den har ikke noe regneark")
                if len(_visible_sheets(wb)) > 1:
                    named = sheet.title
                for cells in sheet.iter_rows(min_row=1):
                    rows.append([_xlsx_value(cell) for cell in cells])
                    if len(rows) > _ROW_LIMIT:
                        break
                _fill_merged(rows, _merged_ranges(data, getattr(sheet, "_worksheet_path", "")))
            finally:
                wb.close()
    except InvalidInput:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged workbook makes openpyxl fail in many ways; all are bad input
        raise refuse(f"{type(exc).__name__}: {exc}"[:200], f"den er skadet eller ufullstendig ({type(exc).__name__})") from None
    return rows, named
