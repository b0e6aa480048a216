"""Benchmark (not a test): the Fellesdokumentet overview of about 1,000 agreements in force, warm (in-process).

    python bench/overview_pdf.py [--runs N]

The register of bench/plan_scaling.make_register(5500) is planned for 2015 (about a thousand agreements in force at
meeting 4), then `overview_pdf()` is timed against a bare reportlab table of the same cells (same fonts, same
landscape page, header row repeated, one layout pass), alternating. Prints the medians and the ratio.
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


def bare_table(cells: list[list[str]]) -> bytes:
    """reportlab alone: the same cells as Paragraphs in a table with a repeated header row."""
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    from konsultasjon_app.reports.overview_pdf import COLUMN_WIDTHS, PAGE
    from konsultasjon_app.reports.pdf import BOTTOM_MARGIN, MARGIN, styles, table_style_commands

    cell = styles()["cell"]
    data = [[Paragraph(c, cell) for c in row] for row in cells]
    out = BytesIO()
    # The program's page and margins, so that the same table breaks over the same pages.
    doc = SimpleDocTemplate(out, pagesize=PAGE, initialFontName="DejaVuSans", leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=BOTTOM_MARGIN)
    doc.build([Table(data, colWidths=COLUMN_WIDTHS, repeatRows=1, style=table_style_commands())])
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    from plan_scaling import make_register

    from konsultasjon_app.domain.planner import plan
    from konsultasjon_app.reports.overview_pdf import HEADERS, overview_pdf, overview_rows
    from konsultasjon_app.reports.pdf import text
    from konsultasjon_app.domain.calendar import format_date

    register = make_register(5500)
    year_plan = plan(register, YEAR, YEAR, dt.date(YEAR, 12, 31))
    _, rows = overview_rows(register, year_plan, YEAR)
    cells = [list(HEADERS)] + [
        [text(r.agreement.title), text(", ".join(r.agreement.state_parties)), text(", ".join(r.agreement.other_parties)), format_date(r.signed), format_date(r.ends), text(r.notice or ""), text(r.evaluation or "")]
        for r in rows
    ]
    overview_pdf(register, year_plan, YEAR)
    bare_table(cells)
    app, bare = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        bare_table(cells)
        bare.append(time.perf_counter() - start)
        start = time.perf_counter()
        data = overview_pdf(register, year_plan, YEAR)
        app.append(time.perf_counter() - start)
    a, b = statistics.median(app), statistics.median(bare)
    print(f"Overview for Fellesdokumentet {YEAR}: {len(rows)} agreements in force; median of {args.runs}, alternating, warm")
    print(f"  bare reportlab table   {b * 1000:7.0f} ms   1.00")
    print(f"  overview_pdf()         {a * 1000:7.0f} ms   {a / b:4.2f}   ({pdf_pages(data)} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
