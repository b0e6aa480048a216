"""The overview of all agreements in force, for Fellesdokumentet (meeting 4): one table row per agreement."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Spacer

from ..domain.calendar import format_date
from ..domain.lifecycle import lifetimes
from ..domain.model import Agreement, MeetingRef, Register
from ..domain.planner import Plan, PlanItem
from . import ReportError
from .meeting_docs import RULE, SCHEME, meeting_name, meeting_slot
from .pdf import Paragraph, TallRowTable, build_pdf, frame_size, markup, para, styles, table_style_commands, text

# Both kinds of party (DOMAIN §4): the ministries, and KS with any others bound by it (the unions of seed 002), so
# that a multi-party agreement does not read as one between a ministry and KS alone.
HEADERS = ("Avtale", "Statlige parter", "Andre parter", "Undertegnet", "Gjelder til", "Oppsigelse", "Evaluering")
# Across the page: upright A4 leaves the title and evaluation columns so narrow that words such as
# "konsultasjonssammenheng" break in the middle. The dates get what "25.10.2006" needs, the texts the rest, the
# evaluation at least what "konsultasjonssammenheng." needs (47 mm).
PAGE = landscape(A4)
TABLE_WIDTH = frame_size(PAGE)[0]
_FIXED = (30 * mm, 26 * mm, 27 * mm, 24 * mm, 32 * mm)  # state parties, other parties, signed, ends, notice
_TITLE = 64 * mm
COLUMN_WIDTHS = (_TITLE, *_FIXED, TABLE_WIDTH - _TITLE - sum(_FIXED))
# A ministry named in full has one long word ("moderniseringsdepartementet,": 47 mm at the cell's size): the parties
# columns are widened to hold the longest, inside the cells' padding (6 pt each side). So are the signed column for
# "sist 15.06.2014" (kept on one line) and the notice column for a word of a notice text ("førehandsvarsling;" needs
# 32.6 mm), each up to its maximum (column_widths).
_CELL_PADDING = 12
_PARTIES_MAX = 70 * mm
_OTHER_PARTIES_MAX = 45 * mm
_TITLE_KEEPS = 50 * mm  # what the title column keeps when the other parties' column widens for whole names
_SIGNED_MAX = 32 * mm
_NOTICE_MAX = 45 * mm
NBSP = "\u00a0"
NOT_GIVEN = "Ikke angitt"


@dataclass(frozen=True, slots=True)
class OverviewRow:
    """One agreement as the overview shows it, as of the day the list is made for."""

    agreement: Agreement
    signed: dt.date | None
    resigned: dt.date | None  # the latest signing after the first, up to the day
    ends: dt.date | None
    terminated: bool  # `ends` is the effective date of a termination

    @property
    def signed_text(self) -> str | None:
        """The signed date, and the latest re-signing under it: "sist" and its date on one line (a no-break
        space), not "sist" alone above the date."""
        if self.signed is None:
            return None
        if self.resigned is None:
            return format_date(self.signed)
        return f"{format_date(self.signed)}\nsist{NBSP}{format_date(self.resigned)}"

    @property
    def notice(self) -> str | None:
        a = self.agreement
        if a.notice_months is not None:
            return f"{a.notice_months} mnd."
        # A text of only white space is none, as the register's check (no-notice-period) has it: «Ikke angitt».
        return (a.notice_text or "").strip() or None

    @property
    def evaluation(self) -> str | None:
        a = self.agreement
        clause = (a.evaluation_clause or "").strip()
        if clause:
            return clause if not a.evaluation_annual or "årlig" in clause.lower() else f"{clause} (årlig)"
        return "Årlig" if a.evaluation_annual else None


def overview_item(plan: Plan, year: int) -> PlanItem:
    """The overview item of `year`'s meeting 4 (rule M4-OVERVIEW); wherever the user moved it (another meeting or
    day, in another year too: `planner.overview_years` says which years `plan` must cover), its list is the one for
    that meeting 4."""
    origin = MeetingRef(year, 4)
    for item in plan.items:
        if item.action == "overview" and item.origin == origin and item.agreements is not None:
            return item
    raise ReportError(f"the plan has no overview of the agreements for {year}", f"Planen har ingen oversikt over avtalene for {year}.")


def overview_rows(register: Register, plan: Plan, year: int) -> tuple[dt.date, list[OverviewRow]]:
    """The day the overview is made for (meeting 4's date) and its rows, in the plan's order (by title).

    Which agreements are listed is the plan's decision, so that this list and the agenda always agree; the dates
    shown are worked out the way the planner works them out (a signing may set a new end date, a termination with a
    notice period ends the agreement early; one without leaves its own end date, and is shown all the same).
    """
    day = meeting_slot(plan, year, 4).date
    keys = overview_item(plan, year).agreements or ()
    lives = lifetimes(register)
    rows = []
    for key in keys:
        life = lives[key]
        agreement = life.agreement
        # Its own signed date, else its first recorded signing; a start date alone says nothing of signing.
        signed = agreement.signed_date or (life.signings[0].date if life.signings else None)
        later = [s.date for s in life.signings if signed is not None and signed < s.date <= day]
        # As it stands on the day: a signing on the day itself may set a new end date, a termination ends it early.
        rows.append(OverviewRow(agreement, signed, max(later) if later else None, life.end_on(day), life.terminated_on(day)))
    return day, rows


def overview_pdf(register: Register, plan: Plan, year: int) -> bytes:
    """The overview for Fellesdokumentet of `year` as a PDF, A4 across; `plan` must cover `year`."""
    slot = meeting_slot(plan, year, 4)
    day, rows = overview_rows(register, plan, year)
    count = len(rows)

    def story() -> list:
        date_note = " (foreløpig dato)" if slot.provisional else ""
        out = [
            para(SCHEME, "small"),
            Spacer(0, 2),
            markup(f"Oversikt over samarbeidsavtaler {year}", "title"),
            para(f"Til Fellesdokumentet – {meeting_name(year, 4)}", "subtitle"),
            Spacer(0, 6),
        ]
        if not rows:
            out.append(para(f"Ingen samarbeidsavtaler er i kraft per {format_date(day)}{date_note}.", "body"))
            return out
        noun = "samarbeidsavtale" if count == 1 else "samarbeidsavtaler"
        out.append(para(f"{count} {noun} mellom staten og KS i kraft per {format_date(day)}{date_note}.", "body"))
        out.append(Spacer(0, 4))
        out.append(_table(rows))
        return out

    return build_pdf(
        story,
        title=f"Oversikt over samarbeidsavtaler {year}",
        footer_left=f"Oversikt over samarbeidsavtaler – Fellesdokumentet {year}",
        pagesize=PAGE,
    )


def column_widths(rows: list[OverviewRow]) -> tuple[float, ...]:
    """COLUMN_WIDTHS, with the signed, notice and both parties columns each wide enough for the longest word of their
    texts (no word broken in the middle), up to their maximum. The width comes first from the end-date column,
    wider than a date needs, then from the title column, as long as each keeps its own longest word; the
    evaluation column keeps its width. With no such word the widths are COLUMN_WIDTHS. Last, the other parties'
    column is widened for the longest whole name of a party, from the title column only as long as that keeps
    _TITLE_KEEPS.

    A word wider than a column can ever be (a URL or a reference code in a title, a notice text) is broken
    whatever the column's width: it neither keeps width in its column nor claims any, so that it does not cost
    every other row its ministry names broken in the middle."""
    cell, bold = styles()["cell"], styles()["cell_bold"]

    def widest(texts, style=cell, room: float | None = None) -> float:
        # Lines break at plain spaces and line breaks only (not at a no-break space). With `room`, the words
        # wider than that are left out: they break anyway.
        words = (word for t in texts for line in t.split("\n") for word in line.split(" "))
        needs = (stringWidth(word, style.fontName, style.fontSize) + _CELL_PADDING + 1 for word in words)
        return max((need for need in needs if room is None or need <= room), default=_CELL_PADDING + 1)

    widths = list(COLUMN_WIDTHS)
    spare = {  # what a column can give: its width less what its longest word needs
        _ENDS: widths[_ENDS] - max(widest((format_date(dt.date(2000, 1, 1)), "(sagt opp)", NOT_GIVEN)), widest((HEADERS[_ENDS],), bold)),
        0: widths[0] - widest((row.agreement.title for row in rows), room=widths[0]),
    }
    for column, texts, most, title_keeps in (
        (_SIGNED, (row.signed_text or "" for row in rows), _SIGNED_MAX, 0.0),
        (_NOTICE, (row.notice or "" for row in rows), _NOTICE_MAX, 0.0),
        (_STATE, (_parties(row.agreement.state_parties) for row in rows), _PARTIES_MAX, 0.0),
        (_OTHERS, (_parties(row.agreement.other_parties) for row in rows), _OTHER_PARTIES_MAX, 0.0),
        # Then, as far as the title column can spare it above _TITLE_KEEPS, room for a party's whole name
        # («Akademikerne Kommune») on one line (_party_cell): a name broken after its first word reads as two parties.
        (_OTHERS, (name for row in rows for name in _kept_names(row.agreement.other_parties)), _OTHER_PARTIES_MAX, _TITLE_KEEPS),
    ):
        wanted = max(0.0, widest(texts, room=most) - widths[column])
        for donor in (_ENDS, 0):
            can_give = spare[donor] if donor == _ENDS else min(spare[donor], widths[donor] - title_keeps)
            given = max(0.0, min(wanted, can_give))
            widths[donor] -= given
            spare[donor] -= given
            widths[column] += given
            wanted -= given
    return tuple(widths)


_STATE, _OTHERS, _SIGNED, _ENDS, _NOTICE = 1, 2, 3, 4, 5  # the columns of HEADERS that column_widths adjusts


def _parties(parties: tuple[str, ...]) -> str:
    return ", ".join(parties)


def _kept_names(parties: tuple[str, ...]) -> list[str]:
    """Each party's name with its comma as the cell prints it, as one word (its spaces no-break)."""
    return [name.replace(" ", NBSP) + ("," if index + 1 < len(parties) else "") for index, name in enumerate(parties)]


def _party_cell(parties: tuple[str, ...], width: float) -> str:
    """The parties, each name kept on one line (no-break spaces) where it fits the column's `width`; a longer one
    breaks at its spaces as any text."""
    cell = styles()["cell"]
    room = width - _CELL_PADDING
    shown = []
    for index, (kept, name) in enumerate(zip(_kept_names(parties), parties, strict=True)):
        comma = "," if index + 1 < len(parties) else ""
        shown.append(kept if stringWidth(kept, cell.fontName, cell.fontSize) <= room else name + comma)
    return " ".join(shown)


def _table(rows: list[OverviewRow]) -> TallRowTable:
    cell, bold = styles()["cell"], styles()["cell_bold"]

    def value(v: str | None) -> Paragraph:
        # An empty field says so, in grey, rather than leaving a hole a reader might take for a printing fault.
        return Paragraph(text(v), cell) if v else Paragraph(NOT_GIVEN, styles()["cell_muted"])

    widths = column_widths(rows)
    data = [[Paragraph(h, bold) for h in HEADERS]]
    for row in rows:
        a = row.agreement
        signed = row.signed_text
        ends = format_date(row.ends) if row.ends else None
        if row.terminated and ends is None:  # without a notice period in months, before its end date is set
            muted = styles()["cell_muted"].textColor.hexval()[2:]
            ends_cell = Paragraph(f'<font color="#{muted}">{NOT_GIVEN}</font><br/>(sagt opp)', cell)  # grey as every «Ikke angitt»
        else:
            ends_cell = value(ends + "\n(sagt opp)" if row.terminated else ends)
        data.append([
            Paragraph(text(a.title), cell),
            value(_parties(a.state_parties) or None),
            value(_party_cell(a.other_parties, widths[_OTHERS]) or None),
            value(signed),
            ends_cell,
            value(row.notice),
            value(row.evaluation),
        ])
    # A row taller than a page (a long evaluation clause) splits between pages: the year's list is always printed.
    table = TallRowTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT", frame_height=frame_size(PAGE)[1])
    table.setStyle([*table_style_commands(1), ("LINEABOVE", (0, 0), (-1, 0), 0.8, RULE)])
    return table
