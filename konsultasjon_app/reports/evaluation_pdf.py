"""The status and evaluation report for meeting 3 of a year (without a year: over the agreements selected, for no
meeting): the summary per criterion (seed 001's Tabell 4.1), a stacked bar chart, then every agreement's ratings and
justifications, and the criteria themselves. A4 upright."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache, lru_cache

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Spacer, Table

from ..domain.evaluation import (
    CRITERION_HEADING,
    RATING_COLOURS,
    RATING_NB,
    RATING_TEXT_COLOURS,
    RATING_TINTS,
    SHARE_NOTE,
    SUMMARY_HEADINGS,
    AgreementRatings,
    EvaluationReport,
    Summary,
    SummaryRow,
    assessed_text,
    derive_rating,
    derived_rating,
)
from ..domain.model import RATINGS, Assessment, Criterion
from .meeting_docs import FRAME_HEIGHT, FRAME_WIDTH, RULE, SCHEME, meeting_name
from .pdf import (
    FONT,
    FONT_BOLD,
    FOOTER_FONT_SIZE,
    Gap,
    HeadedTable,
    Paragraph,
    TallRowTable,
    build_pdf,
    markup,
    para,
    printable,
    printed_on,
    register_fonts,
    styles,
    table_style_commands,
    text,
)

TITLE = "Status og evaluering av samarbeidsavtalene"
# What the title says is evaluated, by the categories of the agreements listed: `other` ones (local NAV partnership
# agreements, say) are evaluated too (DOMAIN §4, §5), and are no samarbeidsavtaler between the state and KS.
_OTHER_TITLE = "Status og evaluering av andre avtaler"
_MIXED_TITLE = "Status og evaluering av samarbeidsavtalene og andre avtaler"
NUMBER_WIDTH = 19 * mm
SUMMARY_WIDTHS = (FRAME_WIDTH - 6 * NUMBER_WIDTH, *(NUMBER_WIDTH,) * 6)
RATINGS_WIDTHS = (52 * mm, 27 * mm, FRAME_WIDTH - 79 * mm)
CHART_ROW = 20  # points per criterion's bar
CHART_ROW_MIN = 12  # the thinnest bar, for many criteria: its label (CHART_FONT_SIZE) still reads
CHART_FRAME = 16 + 22  # the chart's height besides its bars: the legend, the scale and the space between
CHART_LABELS = 62 * mm  # room for the criterion titles left of the bars
CHART_FONT_SIZE = 7.5
# In an agreement's table longer than a page (which splits anyway), a rating's row up to this tall (about ten lines
# of justification) is kept on one page; a taller one splits where it falls, so that it does not leave the foot of
# a page blank. A table that fits on a page is kept whole, with its heading (HeadedTable).
ROW_KEPT_WHOLE = 110


def report_title(report: EvaluationReport) -> str:
    """The title, naming what the report lists: the samarbeidsavtaler (category `consultation`, those meeting 3's status
    items deal with), other agreements, or both. Was «… av samarbeidsavtalene» over any selection: a report for
    meeting 3 with a year chosen listed the `other` agreements in force under it too."""
    listed = {r.agreement.category for r in report.rated} | {a.category for a in report.unrated}
    if "other" not in listed:
        return TITLE
    return _MIXED_TITLE if listed - {"other"} else _OTHER_TITLE


# Room the footer's right-hand «Side x av y» takes, with a gap: the left-hand text is cut short before it.
FOOTER_PAGE_ROOM = 32 * mm


def footer_left(report: EvaluationReport) -> str:
    """The footer names the set by its title, as the reader knows it. Was its key («monsteravtale»), which reads
    as a misspelling of «mønsteravtale» on every page. A long title is cut short before «Side x av y»."""
    register_fonts()  # measured before build_pdf registers the fonts (once: it is cached)
    return _elide(f"Status og evaluering – {report.summary.criteria_set.title}", FRAME_WIDTH - FOOTER_PAGE_ROOM, FOOTER_FONT_SIZE)


def evaluation_pdf(report: EvaluationReport, today: dt.date | None = None) -> bytes:
    """The report as a PDF. `report` comes from `domain.evaluation.evaluation_report` (set, filter, ratings)."""
    today = today or dt.date.today()
    summary = report.summary
    title = report_title(report)

    def story() -> list:
        out = [para(SCHEME, "small"), Spacer(0, 2), markup(title, "title")]
        if report.year is not None:
            # Headed for that meeting 3: the selection is the agreements its status items deal with (the filter).
            out.append(para(f"Til {meeting_name(report.year, 3)}", "subtitle"))
        else:
            # No year chosen: every agreement (of a category or party), whenever it was in force, which is no
            # meeting's list. Was: headed «Til 3. konsultasjonsmøte <this year>» all the same, with no selection line.
            out.append(para(f"Utvalg: {report.scope or 'alle avtaler'}", "subtitle"))
        out += [
            Spacer(0, 4),
            markup(f"<b>Kriteriesett:</b> {text(summary.criteria_set.title)}", "body"),  # the key is the database's, not the reader's
        ]
        if report.year is not None:
            out.append(markup(f"<b>Utvalg:</b> {text(report.scope)}", "body"))
        count = len(summary.agreements)
        criteria = len(summary.rows)
        against = f"{criteria} {'kriterium' if criteria == 1 else 'kriterier'}"
        out.append(para(f"{assessed_text(count)} mot {against}. {printed_on(today)}.", "body"))
        out += [markup("Oppsummering", "h2"), _summary_table(summary), Spacer(0, 3), para(SHARE_NOTE, "small"), Gap(0, 8)]
        if count:
            out += _charts(summary)
        else:
            out.append(para("Ingen avtaler er vurdert mot dette kriteriesettet ennå.", "body"))
        if report.rated:
            # The section's heading goes with its first agreement's heading and first rows (HeadedTable).
            above = [Paragraph("Vurderinger per avtale", styles()["h2"])]
            cell = _fixed_cells()
            for rated in report.rated:  # by title (evaluation_report)
                out += _agreement(rated, cell, above)
                above = []
        if report.unrated:
            out.append(markup("Ikke vurdert", "h2"))
            noun = "avtale" if len(report.unrated) == 1 else "avtaler"
            out.append(para(f"{len(report.unrated)} {noun} i utvalget har ingen vurdering mot dette kriteriesettet:", "body"))
            out += [para(f"• {a.title}", "body") for a in report.unrated]
        out.append(Paragraph("Kriteriene", _keep_with_next("h2")))
        for criterion in summary.criteria_set.criteria:
            out += _criterion(criterion)
        return out

    return build_pdf(story, title=f"{title} – {summary.criteria_set.title}", footer_left=footer_left(report), italics=True)


def _summary_table(summary: Summary) -> Table:
    cell, bold = styles()["cell"], styles()["cell_bold"]
    data = [[Paragraph(CRITERION_HEADING, bold), *(Paragraph(h, _right(bold)) for h in SUMMARY_HEADINGS)]]
    for row in summary.rows:
        data.append([Paragraph(text(row.title), cell), *(Paragraph(v, _right(cell)) for v in row.cells())])
    table = Table(data, colWidths=SUMMARY_WIDTHS, repeatRows=1, hAlign="LEFT")
    commands = [*table_style_commands(1), ("LINEABOVE", (0, 0), (-1, 0), 0.8, RULE)]
    # Each rating's column header carries its colour, the key to the chart below.
    for column, rating in enumerate(RATINGS, start=1):
        commands.append(("BACKGROUND", (column, 0), (column, 0), colors.HexColor(RATING_TINTS[rating])))
    table.setStyle(commands)
    return table


def _elide(value: str, width: float, size: float = CHART_FONT_SIZE) -> str:
    if stringWidth(value, FONT, size) <= width:
        return value
    while value and stringWidth(value + "…", FONT, size) > width:
        value = value[:-1]
    return value.rstrip() + "…"


def _charts(summary: Summary) -> list[Drawing]:
    """The chart of the summary, as one drawing that fits on a page: with many criteria the bars are made thinner,
    down to CHART_ROW_MIN; beyond that the criteria are shared evenly between charts of a page each (a drawing
    taller than the page cannot be printed: reportlab cannot split it)."""
    rows = list(summary.rows)
    if not rows:
        return []
    room = FRAME_HEIGHT - CHART_FRAME  # for the bars, on a page of its own
    per_chart = max(1, int(room // CHART_ROW_MIN))
    charts = -(-len(rows) // per_chart)  # rounded up
    size = -(-len(rows) // charts)
    row_height = min(CHART_ROW, room / size)
    total = len(summary.agreements)
    return [_chart(rows[start:start + size], total, row_height) for start in range(0, len(rows), size)]


def _chart(summary_rows: list[SummaryRow], total: int, row_height: float = CHART_ROW) -> Drawing:
    """Stacked horizontal bars, one per criterion (the first at the top), a segment per rating, and a legend;
    `total` (the number of agreements) is the end of the scale."""
    rows = list(reversed(summary_rows))  # the chart counts categories from the bottom
    legend_height = 16
    height = CHART_FRAME + row_height * len(rows)
    drawing = Drawing(FRAME_WIDTH, height)
    # Else the drawing starts in Helvetica, a font the PDF would reference without embedding it.
    drawing.initialFontName = FONT
    drawing.initialFontSize = CHART_FONT_SIZE
    chart = HorizontalBarChart()
    chart.x = CHART_LABELS
    chart.y = legend_height + 18
    chart.width = FRAME_WIDTH - CHART_LABELS - 8
    chart.height = row_height * len(rows)
    chart.data = [tuple(r.counts[rating] for r in rows) for rating in RATINGS]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.categoryNames = [_elide(printable(r.title), CHART_LABELS - 8) for r in rows]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = CHART_FONT_SIZE
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = colors.HexColor("#777777")
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = total
    chart.valueAxis.valueStep = _step(total)
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = CHART_FONT_SIZE
    chart.valueAxis.strokeColor = colors.HexColor("#777777")
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e3e3e3")
    chart.barWidth = row_height * 0.7
    chart.groupSpacing = row_height * 0.3
    chart.barSpacing = 0
    for index, rating in enumerate(RATINGS):
        chart.bars[index].fillColor = colors.HexColor(RATING_COLOURS[rating])
        chart.bars[index].strokeColor = colors.white
        chart.bars[index].strokeWidth = 0.5
    # The count inside each segment that has one; an empty segment has no label.
    chart.barLabelFormat = lambda value: str(int(value)) if value else ""
    chart.barLabels.fontName = FONT_BOLD
    chart.barLabels.fontSize = CHART_FONT_SIZE
    chart.barLabels.boxTarget = "mid"
    for index, rating in enumerate(RATINGS):  # white, or dark on the light colours (as on the screen)
        chart.barLabels[index].fillColor = colors.HexColor(RATING_TEXT_COLOURS[rating])
    drawing.add(chart)

    legend = Legend()
    legend.x = 0
    legend.y = legend_height / 2
    legend.alignment = "right"
    legend.columnMaximum = 1  # one row: each entry starts a column
    legend.deltax = FRAME_WIDTH / len(RATINGS)
    legend.dxTextSpace = 4
    legend.fontName = FONT
    legend.fontSize = CHART_FONT_SIZE
    legend.boxAnchor = "w"
    legend.colorNamePairs = [(colors.HexColor(RATING_COLOURS[r]), RATING_NB[r]) for r in RATINGS]
    legend.strokeColor = None
    drawing.add(legend)
    return drawing


def _step(total: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if total / step <= 12:
            return step
    return max(1, total // 10)


def _fixed_cells() -> Callable[..., Paragraph]:
    """`cell(text, style)`: one Paragraph for each text of the agreements' tables, made once for the report and
    shared by the tables. Most of the texts recur in every table (the headings, the criteria's titles, the ratings'
    names, and the justifications of suggestions accepted as they stand), and reportlab parses a paragraph's
    markup when it is made and breaks its lines once per width (pdf.Paragraph): a Paragraph for every cell, 92,000
    for 4,000 agreements, made the report take 10 s instead of 5.5. A table wraps each cell before it draws it, as
    it does with the header row it repeats on every page it spans, so the pages are byte for byte the same."""

    @cache
    def cell(value: str, style: str = "cell") -> Paragraph:
        return Paragraph(value, styles()[style])

    return cell


def _agreement(rated: AgreementRatings, cell: Callable[..., Paragraph], above: list) -> list:
    """The agreement's heading, its parties, and the table of its ratings, with `above` (a section heading) at the
    head. The register key is not printed: it is the database's name for the agreement, not the reader's (was
    «digi · KDD, DFD, KS»)."""
    a = rated.agreement
    parties = ", ".join((*a.state_parties, *a.other_parties))
    data = [[cell("Kriterium", "cell_bold"), cell("Vurdering", "cell_bold"), cell("Begrunnelse", "cell_bold")]]
    commands = [*table_style_commands(1)]
    for row, (criterion, assessment) in enumerate(rated.cells, start=1):
        rating = assessment.rating if assessment else "ikke_vurdert"
        data.append([cell(text(criterion.title)), cell(RATING_NB[rating]), _justification(criterion, assessment, cell)])
        commands.append(("BACKGROUND", (1, row), (1, row), colors.HexColor(RATING_TINTS[rating])))
    # A long justification splits its row between pages (reportlab keeps rows whole).
    table = TallRowTable(data, colWidths=RATINGS_WIDTHS, repeatRows=1, hAlign="LEFT", split_rows_taller_than=ROW_KEPT_WHOLE)
    table.setStyle(commands)
    headings = [*above, Paragraph(text(a.title), styles()["h3"])]
    if parties:
        headings.append(Paragraph(text(parties), styles()["small"]))
    return [HeadedTable(headings, table, keep_whole=FRAME_HEIGHT), Gap(0, 6)]


def _justification(criterion: Criterion, assessment: Assessment | None, cell: Callable[..., Paragraph]) -> Paragraph:
    if assessment is None:
        # Counted as "not assessed" in the summary; said here, so that no one takes it for a recorded rating.
        return cell("<i>Ingen vurdering registrert.</i>", "cell_muted")
    parts = [text(assessment.justification)] if assessment.justification else []
    if assessment.subpoints_met is not None and criterion.subpoints:
        met = [s for s in criterion.subpoints if s in assessment.subpoints_met]
        missing = [s for s in criterion.subpoints if s not in assessment.subpoints_met]
        if met:
            parts.append("<i>Oppfylt:</i> " + "; ".join(text(s) for s in met))
        if missing:
            parts.append("<i>Ikke oppfylt:</i> " + "; ".join(text(s) for s in missing))
        derived = derived_rating(criterion, assessment)
        if derived is not None and derived != assessment.rating:
            reason = text(assessment.override_reason) if assessment.override_reason else "(ingen begrunnelse)"
            parts.append(f"<i>Delpunktene gir «{RATING_NB[derived]}»; vurdert annerledes fordi:</i> {reason}")
    return cell("<br/>".join(parts))


def _criterion(criterion: Criterion) -> list:
    out = [Paragraph(text(criterion.title), _keep_with_next())]
    if criterion.description:
        out.append(para(criterion.description, "body"))
    if criterion.subpoints:
        label = "Delpunkt" if len(criterion.subpoints) == 1 else "Delpunkter"
        out.append(markup(f"<i>{label}</i> ({_derivation_rule(criterion.subpoints)}):", "body"))
        out += [para(f"• {s}", "body") for s in criterion.subpoints]
    return out


def _derivation_rule(subpoints: tuple[str, ...]) -> str:
    """How the sub-points give the rating, as derive_rating applies it to this many: read off the rule itself, so
    that the text cannot say otherwise. With one sub-point, one missing is "ikke i tråd" (nothing is met), not
    the "delvis i tråd" that one missing of several gives."""

    def rating(missing: int) -> str:
        name = RATING_NB[derive_rating(subpoints, subpoints[missing:])]
        return name[0].lower() + name[1:]

    if len(subpoints) == 1:
        return f"oppfylt: {rating(0)}; ikke oppfylt: {rating(1)}"
    return f"alle oppfylt: {rating(0)}; ett mangler: {rating(1)}; flere mangler: {rating(2)}"


@lru_cache(maxsize=4)
def _right(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}_right", parent=style, alignment=2)


@lru_cache(maxsize=4)
def _keep_with_next(base: str = "h3") -> ParagraphStyle:
    # A heading never ends a page with its table on the next.
    return ParagraphStyle(f"{base}_keep", parent=styles()[base], keepWithNext=1)
