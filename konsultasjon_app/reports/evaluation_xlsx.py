"""The evaluation as a workbook: a summary sheet in the shape of seed 001's Tabell 4.1, a sheet with every rating
and its justification of the agreements rated, and a sheet that lists the agreements in the selection with no rating
in the set, as the PDF does. Text is always stored as text (never a formula); openpyxl is imported here only."""

from __future__ import annotations

import datetime as dt
import io

from ..domain.calendar import format_date
from ..domain.evaluation import CRITERION_HEADING, RATING_NB, RATING_TINTS, SHARE_NOTE, SUMMARY_HEADINGS, EvaluationReport, assessed_text, is_override
from ..domain.model import RATINGS
from ..domain.problems import InvalidInput, Problem
from ..store.register_table import put_xlsx_text, xml_text

SUMMARY_SHEET = "Oppsummering"
RATINGS_SHEET = "Vurderinger"
UNRATED_SHEET = "Ikke vurdert"
SUMMARY_HEADERS = (CRITERION_HEADING, *SUMMARY_HEADINGS)
RATINGS_HEADERS = (
    "Avtale (nøkkel)",
    "Avtale",
    "Kriterium (nøkkel)",
    "Kriterium",
    "Vurdering",
    "Vurdering (kode)",
    "Begrunnelse",
    "Delpunkter oppfylt",
    "Delpunkter ikke oppfylt",
    "Begrunnelse for avvik fra delpunktene",
)
# The summary's table starts below three lines that say what it is (set, scope, date).
SUMMARY_HEADER_ROW = 5
UNRATED_HEADERS = RATINGS_HEADERS[:2]
_WIDTHS = {SUMMARY_SHEET: (48, 11, 14, 12, 13, 13, 13), RATINGS_SHEET: (18, 48, 20, 36, 15, 15, 70, 45, 45, 45), UNRATED_SHEET: (18, 48)}
# Each sheet's row of column headings, repeated at the top of every printed page.
_HEADER_ROW = {SUMMARY_SHEET: SUMMARY_HEADER_ROW, RATINGS_SHEET: 1, UNRATED_SHEET: 1}


def evaluation_xlsx(report: EvaluationReport, today: dt.date | None = None, *, source: str | None = None) -> bytes:
    """The report as an XLSX workbook. InvalidInput if a text is longer than an Excel cell holds."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
    from openpyxl.styles.borders import DEFAULT_BORDER
    from openpyxl.styles.fonts import DEFAULT_FONT
    from openpyxl.utils import get_column_letter

    today = today or dt.date.today()
    summary = report.summary
    problems: list[Problem] = []
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    def put(ws, row: int, column: int, value, where: str = ""):
        cell = ws.cell(row=row, column=column)
        if isinstance(value, str):
            put_xlsx_text(cell, value, where or f"{ws.title}!{get_column_letter(column)}{row}", problems)
        else:
            cell.value = value
        return cell

    wb = Workbook()
    wb.properties.title = xml_text(f"Status og evaluering – {summary.criteria_set.title}")
    wb.properties.creator = "Konsultasjon"  # was openpyxl's name, which Excel shows as the author
    ws = wb.active
    ws.title = SUMMARY_SHEET
    put(ws, 1, 1, f"Status og evaluering – {summary.criteria_set.title}").font = Font(bold=True, size=13)  # (the PDF names no key)
    put(ws, 2, 1, f"Utvalg: {report.scope}" if report.scope else "Utvalg: alle avtaler")
    unrated = len(report.unrated)
    # The summary counts the agreements rated, as the PDF's does; the others are counted here and listed on their own
    # sheet, as the PDF lists them under «Ikke vurdert».
    noun = "avtale" if unrated == 1 else "avtaler"
    not_rated = f" · {unrated} {noun} i utvalget har ingen vurdering (arket «{UNRATED_SHEET}»)" if unrated else ""
    put(ws, 3, 1, f"{assessed_text(len(summary.agreements))}{not_rated} · skrevet ut {format_date(today)}")
    for column, head in enumerate(SUMMARY_HEADERS, start=1):
        cell = put(ws, SUMMARY_HEADER_ROW, column, head)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left" if column == 1 else "right")
        if 2 <= column <= len(RATINGS) + 1:
            cell.fill = PatternFill("solid", fgColor=RATING_TINTS[RATINGS[column - 2]].lstrip("#"))
    for offset, row in enumerate(summary.rows, start=1):
        r = SUMMARY_HEADER_ROW + offset
        put(ws, r, 1, row.title, f'criteria_set "{summary.criteria_set.key}".criteria["{row.criterion}"].title').alignment = wrap
        for column, rating in enumerate(RATINGS, start=2):
            put(ws, r, column, row.counts[rating])
        share = put(ws, r, len(RATINGS) + 2, row.share_in_line)
        share.number_format = "0 %"
    # The note across the table's width, wrapped in two lines: in one cell it ran past the last column, and the page
    # fitted to the table's width cut it off.
    note_row = SUMMARY_HEADER_ROW + len(summary.rows) + 2
    put(ws, note_row, 1, SHARE_NOTE).alignment = wrap
    ws.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=len(RATINGS) + 2)
    ws.row_dimensions[note_row].height = 30  # two lines: Excel does not fit a merged cell's row to its text
    ws.freeze_panes = ws.cell(row=SUMMARY_HEADER_ROW + 1, column=1)

    # The sheet of ratings has a cell for each text of every rating (160,000 for 4,000 agreements rated on six
    # criteria). Its looks, wrapped text and wrapped text on a rating's tint, are named styles made once (Excel lists
    # them among its cell styles): an alignment or fill set on each cell was looked up among the workbook's styles
    # by its hash every time. The workbook's own font and border (its style "Normal"): the cells look as they did.
    text_style = NamedStyle(f"{RATINGS_SHEET} – tekst", font=DEFAULT_FONT, border=DEFAULT_BORDER, alignment=wrap)
    rating_styles = {
        rating: NamedStyle(f"{RATINGS_SHEET} – {RATING_NB[rating]}", font=DEFAULT_FONT, border=DEFAULT_BORDER, alignment=wrap,
                           fill=PatternFill("solid", fgColor=tint.lstrip("#")))
        for rating, tint in RATING_TINTS.items()
    }
    for style in (text_style, *rating_styles.values()):
        wb.add_named_style(style)
    ws = wb.create_sheet(RATINGS_SHEET)
    for column, head in enumerate(RATINGS_HEADERS, start=1):
        put(ws, 1, column, head).font = bold
    r = 1
    # The agreements rated, by title as the PDF lists them (evaluation_report): the sheet's ratings count back to
    # the summary. Those with no rating at all are on a sheet of their own (below). Was: they were here too, six
    # «Ikke vurdert» rows each, which the summary does not count («Ikke vurdert 0»).
    for rated in report.rated:
        a = rated.agreement
        for criterion, assessment in rated.cells:
            r += 1
            where = f'assessments["{a.key}"/"{criterion.key}"]'
            rating = assessment.rating if assessment else "ikke_vurdert"
            met = assessment.subpoints_met if assessment else None
            values = (
                a.key,
                a.title,
                criterion.key,
                criterion.title,
                RATING_NB[rating],
                rating,
                assessment.justification if assessment else None,
                "\n".join(s for s in criterion.subpoints if s in met) if met is not None else None,
                "\n".join(s for s in criterion.subpoints if s not in met) if met is not None else None,
                assessment.override_reason if assessment and is_override(criterion, rating, met) else None,
            )
            for column, value in enumerate(values, start=1):
                if value:
                    put(ws, r, column, value, f"{where}.{RATINGS_HEADERS[column - 1]}").style = text_style.name
            ws.cell(row=r, column=5).style = rating_styles[rating].name
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(RATINGS_HEADERS))}{r}"
    if report.unrated:
        # The work left, as the PDF's «Ikke vurdert» list: the agreements in the selection with no rating in the set.
        ws = wb.create_sheet(UNRATED_SHEET)
        for column, head in enumerate(UNRATED_HEADERS, start=1):
            put(ws, 1, column, head).font = bold
        for r, a in enumerate(report.unrated, start=2):
            put(ws, r, 1, a.key, f'agreements["{a.key}"].key')
            put(ws, r, 2, a.title, f'agreements["{a.key}"].title')
        ws.freeze_panes = "A2"
    if problems:
        raise InvalidInput(problems, source=source)
    for sheet in wb.worksheets:
        for column, width in enumerate(_WIDTHS[sheet.title], start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        # Printed on A4 across, as wide as the page, the column headings on every page.
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = f"{_HEADER_ROW[sheet.title]}:{_HEADER_ROW[sheet.title]}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
