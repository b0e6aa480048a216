"""What every printed document shares: A4 pages, the bundled DejaVu font embedded, "Side x av y", safe text.

reportlab is imported here, and this module is imported only when a document is made (never at start-up).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.geomutils import normalizeTRBL
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table
from reportlab.platypus import paragraph as _rl_paragraph

from .. import paths
from ..domain.calendar import format_date

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FOOTER_FONT_SIZE = 8  # the page footer's text (build_pdf)
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_BOLD_ITALIC = "DejaVuSans-BoldOblique"
MARGIN = 20 * mm
# Every document's subject in its metadata (reportlab's default is "unspecified", which a PDF reader shows as is);
# the title says which document it is.
SCHEME = "Konsultasjonsordningen mellom staten og KS"
BOTTOM_MARGIN = MARGIN + 6 * mm  # room for the footer ("Side x av y")


def frame_size(pagesize=A4) -> tuple[float, float]:
    """The width and height a document's story is laid out in (the page less the margins, and the 6 pt padding
    reportlab's frame keeps on every side)."""
    return pagesize[0] - 2 * MARGIN - 12, pagesize[1] - MARGIN - BOTTOM_MARGIN - 12


# Word's list bullets, pasted as text, are characters of the Symbol and Wingdings fonts' private use area (U+F0xx),
# which no other font has; here is each as it looks in that font, in Unicode (DejaVu has them). And two emoji of
# Teams and Outlook that have a plain sign in DejaVu.
SUBSTITUTES = {
    "\uf0b7": "•",  # Symbol: bullet (Word's first bullet)
    "\uf0a7": "▪",  # Wingdings: small square (Word's third)
    "\uf0d8": "➢",  # Wingdings: arrowhead
    "\uf076": "❖",  # Wingdings: four diamonds
    "\uf06c": "●",  # Wingdings: black circle
    "\uf06e": "■",  # Wingdings: black square
    "\uf0fb": "✗",  # Wingdings: ballot x
    "\uf0fc": "✓",  # Wingdings: check mark
    "\uf0fd": "☒",  # Wingdings: ballot box with x
    "\uf0fe": "☑",  # Wingdings: ballot box with check
    "\u2705": "✔",  # white heavy check mark (an emoji)
    "\u274c": "✘",  # cross mark (an emoji)
}
# What a character the font has no glyph for is printed as, for a reader to see that something is missing there
# (reportlab would draw the font's empty box, which reads as a printing fault, or as a ballot box).
REPLACEMENT = "\ufffd"


def printable(value: str, font: str = FONT) -> str:
    """`value` with every character `font` has no glyph for made one it has: a Word bullet or an emoji of
    SUBSTITUTES its look-alike, an invisible control or format character (a right-to-left mark, say) nothing, and
    any other REPLACEMENT, once for a run of them (an emoji may be several characters). Right-to-left text is
    printed left to right, as stored."""
    if value.isascii():
        return value
    out = value.translate(_glyphs(font))
    return _REPLACED_RUN.sub(REPLACEMENT, out) if REPLACEMENT in out else out


# An emoji of several characters (a flag's two letters, a skin tone, a sequence joined by ZWJ) is one sign.
_REPLACED_RUN = re.compile(f"{REPLACEMENT}(?:[\u200d\ufe0e\ufe0f]*{REPLACEMENT})+")


@lru_cache(maxsize=8)
def _glyphs(font: str) -> dict:
    register_fonts()
    return _Glyphs(getattr(getattr(pdfmetrics.getFont(font), "face", None), "charToGlyph", None))


class _Glyphs(dict):
    """str.translate's table for one font, filled in as characters come (a TrueType font's character map; None for
    one of the standard fonts, which is left alone)."""

    def __init__(self, font_map: dict | None):
        super().__init__()
        self._map = font_map

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if self._map is None or code in self._map or char.isspace():  # reportlab breaks lines at white space
            out = char
        elif (substitute := SUBSTITUTES.get(char)) and all(ord(c) in self._map for c in substitute):
            out = substitute
        elif unicodedata.category(char) in ("Cc", "Cf"):
            out = ""
        else:
            out = REPLACEMENT
        self[code] = out
        return out


class Paragraph(_rl_paragraph.Paragraph):
    """reportlab's Paragraph, breaking its text into lines once for each width it is laid out at.

    A KeepTogether measures its flowables before the frame lays them out again at the same width, and an agenda
    item that may split is measured once more; breaking lines is most of the time a document takes, and was done
    two to four times for each paragraph. The lines depend only on the text, the style, the bullet and the width
    (never on the height offered), and a split makes new paragraphs, so the lines broken for a width are kept for
    it. What reportlab's breakLines leaves on the paragraph besides the lines (the widest line, the first line's
    width narrowed for a wide bullet, counts of split words) is kept with them and put back on a repeat, so the
    paragraph is in the state reportlab's own call would leave. The documents are byte for byte the same as with
    reportlab's class (tests/reports/test_pdf.py); the agenda of 40 items lays out in 72 ms instead of 94."""

    def _setup(self, text, style, bulletText, frags, cleaner):  # noqa: N803 - reportlab's naming
        """reportlab's, then each piece of the text made printable in the font it is set in (the bold face lacks
        some letters the regular has): a character the font lacks prints as a sign of its own, not as an empty box."""
        super()._setup(text, style, bulletText, frags, cleaner)
        if frags is None:  # parsed here (a split part has its text from the paragraph it was cut from)
            for frag in self.frags:
                value = getattr(frag, "text", "")
                if value and not value.isascii():
                    frag.text = printable(value, frag.fontName)

    def breakLines(self, width):  # noqa: N802 - reportlab's naming
        key = tuple(width) if isinstance(width, (list, tuple)) else width
        kept = self.__dict__.get("_lines_for_width")
        if kept is not None and kept[0] == key:
            _, lines, state, widths = kept
            self.__dict__.update(state)
            if widths is not None:
                width[:] = widths
            return lines
        before = dict(self.__dict__)
        lines = super().breakLines(width)
        state = {name: value for name, value in self.__dict__.items() if before.get(name, _ABSENT) is not value}
        self._lines_for_width = (key, lines, state, list(width) if isinstance(width, list) else None)
        return lines

    def split(self, availWidth, availHeight):  # noqa: N803 - reportlab's naming
        """reportlab's split, except that the part that runs on does not start with an empty line.

        A line ends at the line break (<br/>, a line break of the user's text) that starts the next line's words,
        so a paragraph cut at a line break hands that break on to its second part, which then begins with a line
        of its own: an empty line the author never wrote, in the middle of a page where ItemBlock cuts an item's
        text, and at the top of every page a text or a table cell runs on to."""
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2 and parts[1].frags and _is_line_break(parts[1].frags[0]):
            del parts[1].frags[0]
        if len(parts) == 2:
            # A part of a paragraph cut before (ItemBlock sets the space between the two parts to none, so that
            # its lines run on at the leading) keeps that space when it is cut again: reportlab's new paragraphs
            # would take their style's, and a proposal's box would open a gap below its first lines.
            if "spaceBefore" in self.__dict__:
                parts[0].spaceBefore = self.spaceBefore
            if "spaceAfter" in self.__dict__:
                parts[1].spaceAfter = self.spaceAfter
            style = parts[1].style
            if style.backColor is not None and style.borderPadding:
                # The box (a proposal's tint) runs on without its padding above: where the two parts follow each
                # other on one page, it would be painted over the last line of the first.
                _, right, bottom, left = normalizeTRBL(style.borderPadding)
                parts[1].style = ParagraphStyle(f"{style.name}_continued", parent=style, borderPadding=(0, right, bottom, left))
        return parts


def _is_line_break(word) -> bool:
    """Whether a word of a paragraph's frags is a bare line break: a processed word is [width, (frag, text), …],
    an unprocessed one a frag."""
    pieces = word[1:] if isinstance(word, list) else [(word, getattr(word, "text", ""))]
    return bool(pieces) and all(getattr(frag, "lineBreak", False) and not value for frag, value in pieces)


_ABSENT = object()


class TallRowTable(Table):
    """reportlab's Table, except that a row taller than a whole page splits between pages.

    reportlab keeps every row whole (a row that fits no page stops the document with a LayoutError); its own
    `splitInRow` splits any row that does not fit where it falls, and repeats the header in the middle of the page
    before doing it. Here only a row that cannot fit on a page of its own (below the repeated header rows) is
    split, where it falls, at a line of its tallest cell; every other row is kept whole and moves on as before,
    so a table of ordinary rows is laid out exactly as reportlab's. `frame_height` is the height a fresh page
    offers the table (pdf.frame_size). With `split_rows_taller_than`, a row taller than that splits where it falls
    too: a long row moved on whole leaves as much of the page blank."""

    def __init__(self, *args, frame_height: float | None = None, split_rows_taller_than: float | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.frame_height = frame_height if frame_height is not None else frame_size()[1]
        self.split_rows_taller_than = split_rows_taller_than

    def split(self, availWidth, availHeight):  # noqa: N803 - reportlab's naming
        self._calc(availWidth, availHeight)
        fitting = self._getFirstPossibleSplitRowPosition(availHeight)  # rows [0, fitting) fit in the room left
        limit = self.frame_height - self._header_height()
        if self.split_rows_taller_than is not None:
            limit = min(limit, self.split_rows_taller_than)
        parts = []
        if fitting < len(self._rowHeights) and self._rowHeights[fitting] > limit:
            parts = self._splitRows(availHeight, doInRowSplit=True)  # [] when not even two lines fit here
        if not parts:
            parts = super().split(availWidth, availHeight)
        for part in parts:  # the parts are new tables that reportlab made with its own arguments
            part.frame_height, part.split_rows_taller_than = self.frame_height, self.split_rows_taller_than
        return parts

    def _header_height(self) -> float:
        rows = self.repeatRows
        count = rows if isinstance(rows, int) else max(rows) + 1 if rows else 0
        return sum(self._rowHeights[:count])


class HeadedTable(KeepTogether):
    """Headings and the table they head. A block no taller than `keep_whole` is kept on one page (it moves on
    whole when it does not fit); a taller one keeps the headings on the page with the table's first rows (its
    header and at least one row, or the first lines of a row taller than a page), and the rest of the table runs
    on where it falls, under its repeated header.

    reportlab's keepWithNext keeps a heading with the whole of the table that follows it: a table longer than the
    room left went on to the next page whole (to be split there all the same), and left the page before it
    mostly blank."""

    def __init__(self, headings: list, table: Table, *, keep_whole: float):
        self._headings, self._table, self._keep_whole = headings, table, keep_whole
        super().__init__([*headings, table])

    def split(self, aW, aH):  # noqa: N803 - reportlab's naming
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self._keep_whole < self._H and aH < self._H:
            room = aH - self._headings_height(aW, aH)
            parts = self._table.split(aW, room) if room > 0 else []
            if len(parts) > 1:
                # Kept together, in case the headings measured here are not quite what the frame makes of them:
                # then they move on with the first rows.
                opening = KeepTogether([*self._headings, parts[0]])
                opening.canv, opening._frame = self.canv, getattr(self, "_frame", None)
                return [*opening.split(aW, aH), *parts[1:]]
        return super().split(aW, aH)

    def _headings_height(self, aW, aH) -> float:
        """The room the headings take above the table, with the space between them as the frame lays it out (the
        larger of one's space after and the next one's space before)."""
        height, after = 0.0, None
        for heading in self._headings:
            height += heading.wrapOn(self.canv, aW, aH)[1] + (0 if after is None else max(after, heading.getSpaceBefore()))
            after = heading.getSpaceAfter()
        return height + max(after or 0, self._table.getSpaceBefore())


class Gap(Spacer):
    """Space between two blocks that a page does not start with, as a paragraph's space before: at the top of a page
    it takes no room. A Spacer there pushed down what follows it, so that a block as tall as a page (the chart of
    many criteria) no longer fitted below it and went on to the next page, leaving a page with only its footer."""

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's naming
        frame = getattr(self, "_frame", None)  # set by the frame just before it places the flowable
        if frame is not None and frame._atTop:
            return availWidth, 0  # the frame stays at its top: what follows is laid out as the page's first
        return super().wrap(availWidth, availHeight)


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Register the bundled DejaVu fonts (æøå and the Sámi letters), embedded as subsets in every PDF.

    Regular and bold only: reading a TrueType font costs about 25 ms, and only the evaluation report uses
    italics (`build_pdf(..., italics=True)`). Until then <i> is set in the upright face: those placeholder
    mappings go in first, because reportlab's addMapping also records the reverse (font name -> bold, italic),
    and the last mapping of a font name wins; the upright ones must be last, or every later document would take
    "DejaVuSans" for an italic face once the italic fonts are registered."""
    from reportlab.lib.fonts import addMapping

    for name, filename in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(paths.resource("fonts", filename))))
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, FONT_BOLD)
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)


@lru_cache(maxsize=1)
def register_italic_fonts() -> None:
    from reportlab.lib.fonts import addMapping

    register_fonts()
    for name, filename in ((FONT_ITALIC, "DejaVuSans-Oblique.ttf"), (FONT_BOLD_ITALIC, "DejaVuSans-BoldOblique.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(paths.resource("fonts", filename))))
    addMapping(FONT, 0, 1, FONT_ITALIC)
    addMapping(FONT, 1, 1, FONT_BOLD_ITALIC)


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, alignment=TA_LEFT, spaceAfter=4)
    small = ParagraphStyle("small", parent=base, fontSize=8.5, leading=11, textColor=colors.HexColor("#444444"))
    cell = ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5, spaceAfter=0)
    return {
        "body": base,
        "small": small,
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=17, leading=21, spaceAfter=6),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=11, leading=15, textColor=colors.HexColor("#333333")),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=12.5, leading=16, spaceBefore=10, spaceAfter=4),
        "h3": ParagraphStyle("h3", parent=base, fontName=FONT_BOLD, fontSize=10.5, leading=14, spaceBefore=6, spaceAfter=2),
        "label": ParagraphStyle("label", parent=base, fontName=FONT_BOLD, fontSize=9, leading=12, spaceAfter=1),
        "cell": cell,
        "cell_bold": ParagraphStyle("cell_bold", parent=cell, fontName=FONT_BOLD),
        "cell_muted": ParagraphStyle("cell_muted", parent=cell, textColor=small.textColor),
    }


def text(value: str | None) -> str:
    """User text for a Paragraph, printed literally: `<b>`, `&` and `</para>` appear as written, never as markup.
    Line breaks are kept."""
    if not value:
        return ""
    return html.escape(value, quote=False).replace("\n", "<br/>")


def para(value: str | None, style: str = "body") -> Paragraph:
    """A paragraph of user text (escaped)."""
    return Paragraph(text(value), styles()[style])


def markup(value: str, style: str = "body") -> Paragraph:
    """A paragraph of the program's own markup; every piece of user text in it must have gone through text()."""
    return Paragraph(value, styles()[style])


class _Doc(SimpleDocTemplate):
    """A4 with the program's margins and metadata."""

    def __init__(self, target, *, title: str, pagesize=A4, **kwargs):
        super().__init__(
            target,
            pagesize=pagesize,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=BOTTOM_MARGIN,
            title=title,
            subject=SCHEME,
            author="Konsultasjonsordningen – sekretariatet",
            creator="Konsultasjon",
            initialFontName=FONT,  # else the canvas starts in Helvetica, a font the PDF would not embed
            initialFontSize=10,
            **kwargs,
        )


def _numbered_canvas(footer_left: str):
    """A canvas that holds its pages back until the document is done, then draws each page's footer with
    "Side x av y": the total is known without laying the document out twice."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's naming
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.saveState()
                self.setFont(FONT, FOOTER_FONT_SIZE)
                self.setFillColor(colors.HexColor("#555555"))
                y = MARGIN - 2 * mm
                self.drawString(MARGIN, y, footer_left)
                self.drawRightString(self._pagesize[0] - MARGIN, y, f"Side {number} av {total}")
                self.restoreState()
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def build_pdf(story_factory, *, title: str, footer_left: str, pagesize=A4, italics: bool = False) -> bytes:
    """Lay out a document once and return the PDF bytes, each page with the footer and "Side x av y".

    `story_factory()` returns the list of flowables. It is called after the fonts are registered: a paragraph
    chooses its fonts when it is made, so a document with <i> (`italics`) needs the italic faces first.
    `pagesize` is A4 upright unless a wide table reads better across the page (`landscape(A4)`).
    """
    register_fonts()
    if italics:
        register_italic_fonts()
    story = story_factory()
    out = BytesIO()
    _Doc(out, title=title, pagesize=pagesize).build(story, canvasmaker=_numbered_canvas(printable(footer_left)))
    return out.getvalue()


def printed_on(today: dt.date | None = None) -> str:
    return f"Skrevet ut {format_date(today or dt.date.today())}"


def table_style_commands(header_rows: int = 1) -> Sequence[tuple]:
    """A plain, readable table: a shaded header row, thin rules, top-aligned cells."""
    return [
        ("FONT", (0, 0), (-1, -1), FONT, 8.5),
        ("FONT", (0, 0), (-1, header_rows - 1), FONT_BOLD, 8.5),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#e8eaf0")),
        ("LINEBELOW", (0, 0), (-1, header_rows - 1), 0.8, colors.HexColor("#555555")),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]


__all__ = [
    "Gap",
    "HeadedTable",
    "Paragraph",
    "TallRowTable",
    "build_pdf",
    "markup",
    "para",
    "printable",
    "printed_on",
    "register_fonts",
    "styles",
    "table_style_commands",
    "text",
]
