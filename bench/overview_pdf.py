"""Benchmark (not a test): the Fellesdokumentet overview of about 1,000 agreements in force, warm (in-process).

    python bench/overview_pdf.py [--runs N]

The register of bench/plan_scaling.make_register(5500) is planned for 2015 (about a thousand agreements in force at
meeting 4), then `overview_pdf()` is timed against a bare reportlab table, alternating. Prints the medians and the
ratio, and both documents' page counts.

The baseline lays out the same cells the program prints: their strings and styles are taken, once and untimed, from
the table the overview report builds (`overview_pdf._table`: «Ikke angitt» in grey for an empty field, the signed
date with its latest re-signing, "(sagt opp)" under a terminated agreement's end date, the bold header, the parties
kept whole where they fit), and the columns have the program's fitted widths (`column_widths`). It lays them out with
reportlab alone: plain Paragraphs in a plain Table with the header row repeated, in a SimpleDocTemplate with the
program's page (landscape A4), margins and font, one layout pass (no heading lines above the table, no page
footer). The benchmark fails (SystemExit) when the two documents' page counts differ: the two would then not be
laying out the same table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from harness import pdf_pages  # noqa: E402

YEAR = 2015


def program_cells(rows) -> tuple[list[list[tuple[str, str]]], tuple[float, ...]]:
    """The overview table's cells as the program prints them, each as (markup, style name), and its column widths:
    read off the table the report builds, so that the baseline sets the very strings the program sets."""
    from konsultasjon_app.reports.overview_pdf import _table

    table = _table(rows)
    cells = [[(paragraph.text, paragraph.style.name) for paragraph in row] for row in table._cellvalues]
    return cells, tuple(table._argW)


def bare_table(cells: list[list[tuple[str, str]]], widths: tuple[float, ...]) -> bytes:
    """reportlab alone: the cells as Paragraphs in a table with a repeated header row."""
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    from konsultasjon_app.reports.overview_pdf import PAGE
    from konsultasjon_app.reports.pdf import BOTTOM_MARGIN, MARGIN, styles, table_style_commands

    style = styles()
    data = [[Paragraph(markup, style[name]) for markup, name in row] for row in cells]
    out = BytesIO()
    # The program's page and margins, so that the same table breaks over the same pages.
    doc = SimpleDocTemplate(out, pagesize=PAGE, initialFontName="DejaVuSans", leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=BOTTOM_MARGIN)
    doc.build([Table(data, colWidths=widths, repeatRows=1, style=table_style_commands())])
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    from plan_scaling import make_register

    from konsultasjon_app.domain.planner import plan
    from konsultasjon_app.reports.overview_pdf import overview_pdf, overview_rows

    register = make_register(5500)
    year_plan = plan(register, YEAR, YEAR, dt.date(YEAR, 12, 31))
    _, rows = overview_rows(register, year_plan, YEAR)
    cells, widths = program_cells(rows)
    data = overview_pdf(register, year_plan, YEAR)
    bare_data = bare_table(cells, widths)
    pages, bare_pages = pdf_pages(data), pdf_pages(bare_data)
    if pages != bare_pages:
        raise SystemExit(f"overview_pdf.py: the baseline prints {bare_pages} pages and the program {pages}: they do not "
                         "lay out the same table, so their times cannot be compared")
    app, bare = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        bare_table(cells, widths)
        bare.append(time.perf_counter() - start)
        start = time.perf_counter()
        data = overview_pdf(register, year_plan, YEAR)
        app.append(time.perf_counter() - start)
    a, b = statistics.median(app), statistics.median(bare)
    print(f"Overview for Fellesdokumentet {YEAR}: {len(rows)} agreements in force; median of {args.runs}, alternating, warm")
    print(f"  bare reportlab table   {b * 1000:7.0f} ms   1.00")
    print(f"  overview_pdf()         {a * 1000:7.0f} ms   {a / b:4.2f}   ({pdf_pages(data)} pages)")
    print(f"  pages: program {pages}, bare reportlab table {bare_pages} (the same cells, widths and page)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
