"""What a meeting's printed documents (agenda and minutes) share: the heading with the meeting's facts, and the item layout."""

from __future__ import annotations

import re
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, KeepTogether, Spacer, Table
from reportlab.platypus import paragraph as _rl_paragraph

from ..domain.calendar import WEEKDAYS_NB, format_date
from ..domain.meetings import MeetingSlot
from ..domain.model import MEETING_NUMBERS, Agreement, Register
from ..domain.planner import Plan
from . import ReportError
from .pdf import FONT, FONT_BOLD, SCHEME, Paragraph, frame_size, markup, para, styles, text

ACCENT = colors.HexColor("#1f3a5f")
RULE = colors.HexColor("#9aa3b0")
HAIRLINE = colors.HexColor("#cfd4db")
LABEL_WIDTH = 28 * mm
CASE_WIDTH = 30 * mm  # the gutter that holds "Sak 12/2006"; an item's text lines up to the right of it
FRAME_WIDTH, FRAME_HEIGHT = frame_size()  # what build_pdf lays an upright A4 story into
# An item at most this tall is kept on one page; a taller one may split (see ItemBlock).
KEEP_WHOLE_HEIGHT = FRAME_HEIGHT / 3
# Every table names its font: a table sets its cells' font even when they hold Paragraphs, and reportlab's default,
# Helvetica, would then be referenced in the PDF without being embedded.
PLAIN_TABLE = [
    ("FONT", (0, 0), (-1, -1), FONT, 10),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
]


def meeting_slot(plan: Plan, year: int, number: int) -> MeetingSlot:
    """The planner's slot for a meeting: the user's date, or a provisional one the plan made up."""
    if number not in MEETING_NUMBERS:
        raise ReportError(f"{number} is not a meeting number (1–4)", f"{number} er ikke et møtenummer (1–4).")
    for slot in plan.meetings:
        if slot.year == year and slot.number == number:
            return slot
    raise ReportError(f"the plan does not cover {year}", f"Planen gjelder ikke {year}.")


def meeting_name(year: int, number: int) -> str:
    return f"{number}. konsultasjonsmøte {year}"


def weekday_date(slot: MeetingSlot) -> str:
    return f"{WEEKDAYS_NB[slot.date.weekday()]} {format_date(slot.date)}"


def join_nb(values: list[str] | tuple[str, ...]) -> str:
    """A list as written in Norwegian: "A, B og C"."""
    values = [v for v in values if v]
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + " og " + values[-1]


def signatory_names(agreement: Agreement | None) -> list[str]:
    """The agreement's signatories, each as its signature page names them (Signatory.line; rule 55)."""
    return [line for line in (s.line() for s in (agreement.signatories if agreement is not None else ())) if line]


def signatory_rows(label: str, agreement: Agreement | None) -> list[list]:
    """An item body's rows for the agreement's signatories under `label` ("Undertegnes av:"), one line each; none
    when the register records none."""
    names = signatory_names(agreement)
    if not names:
        return []
    return labelled(label, [Paragraph(text(name), item_styles()["listed"]) for name in names])


def meeting_header(register: Register, slot: MeetingSlot, document: str, *, participants_label: str,
                   participants_missing: str | None = None) -> list:
    """Title line, then the meeting's facts as a label/value list, then a rule.

    A field the secretariat has not filled in is left out rather than printed empty; only the date is always
    there, marked when it is the planner's provisional date and not one the meeting was given. Where the document
    must say who took part (the minutes), `participants_missing` is printed when no one is recorded.
    """
    meeting = register.meeting(slot.ref)
    when = weekday_date(slot)
    rows = [("Dato", text(when) + (' <font color="#8a5a00">(foreløpig dato)</font>' if slot.provisional else ""))]
    if meeting is not None and meeting.time:
        rows.append(("Tid", text(f"kl. {meeting.time}")))
    location = meeting.location if meeting is not None else slot.location
    if location:
        rows.append(("Sted", text(location)))
    if meeting is not None and meeting.chair:
        rows.append(("Møteleder", text(meeting.chair)))
    continued: list[int] = []  # the rows that continue the participants list, without a label of their own
    if meeting is not None and meeting.participants:
        # One row per participant: a table row never splits between pages, so a list that is longer than a page
        # in one cell could not be printed at all, and one that only fits the next page left page 1 empty.
        for index, participant in enumerate(meeting.participants):
            if index:
                continued.append(len(rows))
            rows.append((participants_label if index == 0 else "", text(participant)))
    elif participants_missing:
        rows.append((participants_label, f'<font color="#666666">{text(participants_missing)}</font>'))
    commands = [
        *PLAIN_TABLE,
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        # The label sits a little lower so that its smaller type shares the value's baseline.
        ("TOPPADDING", (0, 0), (0, -1), 2.5),
    ]
    for row in continued:  # the participants' lines follow each other at the type's leading, as lines of one cell
        commands += [("BOTTOMPADDING", (0, row - 1), (-1, row - 1), 0), ("TOPPADDING", (0, row), (-1, row), 0)]
    facts = Table(
        [[markup(label, "label"), markup(value, "body")] for label, value in rows],
        colWidths=[LABEL_WIDTH, None],
        hAlign="LEFT",
        style=commands,
    )
    return [
        para(SCHEME, "small"),
        Spacer(0, 2),
        markup(f"{document} – {meeting_name(slot.year, slot.number)}", "title"),
        Spacer(0, 4),
        facts,
        Spacer(0, 6),
        HRFlowable(width="100%", thickness=0.8, color=RULE, spaceBefore=2, spaceAfter=8),
    ]


def _with_bullet_colour(style: ParagraphStyle, colour=ACCENT) -> ParagraphStyle:
    # Not a declared ParagraphStyle field, but the one reportlab reads for a bullet's colour.
    style.bulletColor = colour
    return style


@lru_cache(maxsize=1)
def item_styles() -> dict[str, ParagraphStyle]:
    base = styles()
    body = ParagraphStyle("item_body", parent=base["body"], leftIndent=CASE_WIDTH, spaceAfter=5)
    return {
        "heading": _with_bullet_colour(ParagraphStyle(
            "item_heading", parent=base["h3"], fontSize=11, leading=14.5, leftIndent=CASE_WIDTH, spaceBefore=0, spaceAfter=2,
            bulletIndent=0, bulletFontName=FONT_BOLD, bulletFontSize=10.5,
        )),
        # The list of items at the top of the agenda: the same gutter, in the table type size.
        "list": _with_bullet_colour(ParagraphStyle(
            "item_list_line", parent=base["cell"], leftIndent=CASE_WIDTH, spaceAfter=2.5,
            bulletIndent=0, bulletFontName=FONT_BOLD, bulletFontSize=base["cell"].fontSize,
        ), colour=colors.black),
        "kind": ParagraphStyle("item_kind", parent=base["small"], leftIndent=CASE_WIDTH, spaceBefore=1, spaceAfter=6),
        "body": body,
        "label": ParagraphStyle("item_label", parent=base["label"], leftIndent=CASE_WIDTH, spaceBefore=4, spaceAfter=3),
        # Set off from the background by a tint and an inset, as a proposed decision is in a printed case paper.
        "proposal": ParagraphStyle(
            "item_proposal", parent=body, leftIndent=CASE_WIDTH + 6, rightIndent=6, backColor=colors.HexColor("#eef1f5"),
            borderPadding=(5, 6, 5, 6), spaceBefore=4, spaceAfter=9,
        ),
        "numbered": ParagraphStyle("item_numbered", parent=body, leftIndent=CASE_WIDTH + 12, firstLineIndent=-12, spaceAfter=1.5),
        # A list of names (an agreement's signatories), one a line, as tight as the numbered list.
        "listed": ParagraphStyle("item_listed", parent=body, spaceAfter=1.5),
    }


def item_heading(case: str, title: str) -> Paragraph:
    """The item heading: its number ("Sak 3/2006") in the gutter and its title beside it, wrapping within its column.
    The number is the paragraph's bullet: one paragraph lays out faster than a two-cell table, and reads the same."""
    return Paragraph(text(title), item_styles()["heading"], bulletText=case)


def item_head(case: str, title: str, under: str | None, *, first: bool) -> list:
    """An item's head, as the agenda and the minutes print it: a hairline above (not above the first item), the
    numbered heading, then `under` in the small type (what kind of item; when it was taken) or a little space."""
    head = ([] if first else [item_separator()]) + [item_heading(case, title)]
    head.append(Paragraph(text(under), item_styles()["kind"]) if under else Spacer(0, 4))
    return head


def labelled(label: str, content: list) -> list[list]:
    """An item body's rows for a label ("Forslag til vedtak:", "Vedtak:") and what it labels: the label stays on
    the page with (the start of) it."""
    return [[Paragraph(text(label), item_styles()["label"]), *content[:1]], *([c] for c in content[1:])]


def paragraphs(value: str | None, style: str | ParagraphStyle) -> list[Paragraph]:
    """User text as paragraphs (an item style's name, or a style): a blank line starts a new one, so that a long
    text can split between them."""
    if not value or not value.strip():
        return []
    chosen = item_styles()[style] if isinstance(style, str) else style
    blocks = [b.strip() for b in re.split(r"\n[ \t]*\n", value.replace("\r\n", "\n"))]
    return [Paragraph(text(b), chosen) for b in blocks if b]


class ItemBlock(KeepTogether):
    """One item: `head` (heading and kind line) and `body`, a list of groups that must not be parted (a label and
    the start of what it labels).

    A short item is kept on one page, moving to the next whole if it does not fit. A long one (taller than
    KEEP_WHOLE_HEIGHT; of one group, taller than a page) keeps only its heading with its first group, so that a
    heading never ends a page, and lets the rest flow on: moving it whole would leave most of a page blank. When
    that first group does not fit in the room left either (a long first paragraph), the heading keeps only the
    group's first OPENING_LINES lines, and the rest runs on: else the item would move on whole and leave the page
    blank (page 1 of an agenda, below the meeting's facts). Its height is the one KeepTogether measures while
    laying it out, so deciding costs no extra pass over the text.

    Each later group is laid out the same way, its label as its head: kept whole when it fits on a page, else (a
    proposal or a decision longer than a page, which must split anyway) the label keeps only the first lines of
    what it labels and the rest runs on where it falls. Was: kept together, such a group went on to the next page
    whole and left the rest of the page blank.
    """

    def __init__(self, head: list, body: list[list]):
        first, *rest = body or [[]]
        self._head_length = len(head)
        self._groups = [head + first, *rest]
        super().__init__([f for group in self._groups for f in group])

    def split(self, aW, aH):
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self._H <= KEEP_WHOLE_HEIGHT or (len(self._groups) == 1 and self._H <= FRAME_HEIGHT):
            return super().split(aW, aH)
        # The heading's group decides here whether it fits or moves on (the frame must be able to place the first
        # piece a split returns); the later groups each keep themselves together when their turn comes.
        opening = self._kept(self._groups[0])
        rest = [group[0] if len(group) == 1 else ItemBlock(group[:1], [group[1:]]) for group in self._groups[1:]]
        opening.wrap(aW, aH)  # measures it (KeepTogether.wrap answers a height that forces a split, not its own)
        if opening._H > aH:
            kept, running_on = _first_lines(self._groups[0], self._head_length, aW)
            opening = self._kept(kept)
            rest = [*running_on, *rest]
        return [*opening.split(aW, aH), *rest]

    def _kept(self, flowables: list) -> KeepTogether:
        kept = KeepTogether(flowables)
        kept.canv, kept._frame = self.canv, getattr(self, "_frame", None)
        return kept


OPENING_LINES = 3  # lines of an item's text kept on the page with its heading when the text must split


def _first_lines(group: list, head_length: int, aW: float) -> tuple[list, list]:
    """An item's first group (its head, then a label or a paragraph or two) cut after the first OPENING_LINES lines
    of text below the head, as (what stays with the heading, what runs on); nothing runs on when the text is no
    longer than that, or the paragraph in which the cut falls cannot be cut (it is not a paragraph)."""
    lines = 0
    for index in range(head_length, len(group)):
        flowable = group[index]
        if not isinstance(flowable, _rl_paragraph.Paragraph):
            return group, []
        flowable.wrap(aW, FRAME_HEIGHT)
        count = len(flowable.blPara.lines)
        if lines + count > OPENING_LINES:
            # At least two lines: reportlab leaves no single line (an orphan) at the foot of a page.
            parts = flowable.split(aW, max(OPENING_LINES - lines, 2) * flowable.style.leading)
            if len(parts) != 2:
                return group, []
            # The two parts usually follow each other on one page: no paragraph space between them, so that the
            # lines run on at the leading, as in the paragraph uncut.
            parts[0].spaceAfter = parts[1].spaceBefore = 0
            return [*group[:index], parts[0]], [parts[1], *group[index + 1:]]
        lines += count
    return group, []


class ItemRule(HRFlowable):
    """The hairline above an item. It travels with the item (inside its KeepTogether) and is not drawn at the top of
    a page, so that a rule never dangles at the foot of a page nor opens one."""

    _hidden = False

    def wrap(self, availWidth, availHeight):
        frame = getattr(self, "_frame", None)  # set by the frame just before it places the flowable
        self._hidden = bool(frame is not None and frame._atTop)
        if self._hidden:
            return availWidth, 0
        return super().wrap(availWidth, availHeight)

    def getSpaceAfter(self) -> float:
        return 0 if self._hidden else super().getSpaceAfter()

    def draw(self) -> None:
        if not self._hidden:
            super().draw()


def item_separator() -> HRFlowable:
    return ItemRule(width="100%", thickness=0.4, color=HAIRLINE, spaceBefore=6, spaceAfter=9)
