"""Benchmark baseline (not part of the program): lay out an agenda's items with reportlab alone.

    python bench/bare_agenda.py ITEMS.json OUT.pdf

The least any agenda PDF can cost: the same items (read from a JSON list that bench/agenda_pdf.py writes), the same
embedded DejaVu fonts, A4, one layout pass, a plain page number. No database, no planner, no program modules.
`layout(items)` is the in-process part, for warm timings.
"""

from __future__ import annotations

import html
import json
import sys
from io import BytesIO
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"
_registered = False


def _fonts() -> None:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONTS / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(FONTS / "DejaVuSans-Bold.ttf")))
        _registered = True


def _text(value: str) -> str:
    return html.escape(value, quote=False).replace("\n", "<br/>")


def layout(items: list[dict], title: str = "Dagsorden") -> bytes:
    _fonts()
    body = ParagraphStyle("body", fontName="DejaVuSans", fontSize=10, leading=13.5, spaceAfter=4)
    head = ParagraphStyle("head", parent=body, fontName="DejaVuSans-Bold", fontSize=11, leading=14.5)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11)
    story = [Paragraph(_text(title), ParagraphStyle("title", parent=head, fontSize=17, leading=21)), Spacer(0, 12)]
    for item in items:
        flow = [Paragraph(_text(f"{item['case']}  {item['title']}"), head), Paragraph(_text(item["kind"]), small)]
        flow += [Paragraph(_text(p), body) for p in item["background"].split("\n\n")]
        flow += [Paragraph("Forslag til vedtak:", small), Paragraph(_text(item["proposal"]), body)]
        flow += [Paragraph(_text(f"{n}. {a}"), body) for n, a in enumerate(item["attachments"], 1)]
        story.append(KeepTogether(flow))

    def footer(canvas, doc):
        canvas.setFont("DejaVuSans", 8)
        canvas.drawRightString(A4[0] - 20 * mm, 18 * mm, f"Side {doc.page}")

    out = BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, initialFontName="DejaVuSans", leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=20 * mm, bottomMargin=26 * mm)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def main(argv: list[str]) -> int:
    items = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    Path(argv[1]).write_bytes(layout(items))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
