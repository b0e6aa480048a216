"""The minutes (protokoll) of one consultation meeting: who took part, and per agenda item what was recorded.

An item shows the decision and the signing recorded at this meeting for its agreement (for a signing item, the
signing the plan settled it with: one recorded, or the date the register gives as signed), the protokoll text and
the time it was taken; the scope item of meeting 2 shows the new agreements decided there. Nothing is made up: an
item with nothing recorded says so. And nothing recorded is left out: a decision or signing for an agreement with no
item on the agenda, or a protokoll text kept for an item the plan no longer puts on this meeting, is listed at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import replace
from functools import lru_cache
from zoneinfo import ZoneInfo

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Spacer

from ..domain.agenda import SIGNING_ACTIONS, AgendaLine, year_agenda
from ..domain.calendar import format_date
from ..domain.lifecycle import Lifetime, lifetime, termination_date
from ..domain.meetings import MeetingSlot
from ..domain.model import AgendaEntry, Decision, Register, Signing, norwegian_key
from ..domain.planner import ACTION_NB, Plan
from .meeting_docs import (
    ItemBlock,
    item_head,
    item_styles,
    labelled,
    meeting_header,
    meeting_name,
    meeting_slot,
    paragraphs,
    signatory_names,
    signatory_rows,
)
from .pdf import Paragraph, build_pdf, para, styles, text

OSLO = ZoneInfo("Europe/Oslo")

DECISION_TEXT = {
    "continue": "Avtalen videreføres.",
    "renegotiate": "Avtalen reforhandles.",
    "terminate": "Avtalen sies opp.",
    "new": "Ny avtale skal inngås.",
    "postpone": "Saken er utsatt.",
}
# Which of an agreement's items a record belongs to when the meeting has more than one for it (meeting 3 may
# hold both its status item and its signing): a postponement or a signing concerns the signing item, the other
# decisions the review. Failing those, the agreement's first item at the meeting.
_DECISION_ITEMS = {"postpone": SIGNING_ACTIONS, "new": ("sign",)}
_DEFAULT_DECISION_ITEMS = ("review",)
# A new agreement with no item of its own at the meeting (not yet in force, so no review): deciding which new
# agreements to enter is the scope item's business (M2-SCOPE; seed 000: meeting 2 decides «hvilke nye avtaler som
# skal inngås»), not something outside the agenda.
_MEETING_ITEMS = {"new": "scope"}
NOTHING_RECORDED = "Ikke behandlet – ingenting er registrert på saken."
DRAFT = "Utkast til protokoll"  # the minutes of a meeting not yet held (after the plan's as-of day)
LEFTOVERS = "Registrert på møtet utenom dagsordenen"


def minutes_pdf(register: Register, plan: Plan, year: int, meeting_number: int) -> bytes:
    """The minutes of meeting `meeting_number` of `year` as an A4 PDF; `plan` must cover `year`. For a meeting after
    the plan's as-of day (not yet held), a draft: titled «Utkast til protokoll», an item with nothing recorded left
    blank rather than said not to have been dealt with."""
    slot = meeting_slot(plan, year, meeting_number)
    ref = slot.ref
    draft = plan.as_of is not None and slot.date > plan.as_of
    document = DRAFT if draft else "Protokoll"
    lines = year_agenda(register, plan, year)[meeting_number]
    agreements = {a.key: a for a in register.agreements}
    decisions = [d for d in register.decisions if d.meeting == ref]
    # A termination's sentence says when the agreement ends: the lifetimes of the agreements terminated here.
    lives = {d.agreement: lifetime(register, agreements[d.agreement]) for d in decisions if d.decision == "terminate" and d.agreement in agreements}
    signings = [s for s in register.signings if s.meeting == ref]
    for line in lines:  # signed between meetings: the plan settles the item on this meeting (M4-FALLBACK)
        settled = line.settled_signing
        if settled is not None and settled not in signings:
            signings.append(settled)
    signings.sort(key=lambda s: (s.date, s.agreement))
    placed_decisions, placed_signings, leftover_decisions, leftover_signings = _place(lines, decisions, signings)
    # A postponement at meeting 3 moved the agreement's signing on to a later place (meeting 4, M4-FALLBACK; it
    # may since have been signed or moved on from there); the item stays on this agenda (held_items), and its
    # decision says that it was the signing it postponed. A signing item the user moved away from this meeting,
    # or one signed before it, was not moved by the postponement.
    postponed = {line.agreement for line in lines if line.held}
    on_agenda = {line.ident for line in lines}
    leftover_entries = [
        e for e in register.agenda
        if e.meeting == ref and (e.action, e.agreement or "", e.key) not in on_agenda and ((e.minutes or "").strip() or e.taken_at)
    ]
    name = meeting_name(year, meeting_number)

    def story() -> list:
        out = meeting_header(register, slot, document, participants_label="Til stede", participants_missing="Ikke registrert")
        if not lines:
            out.append(para("Det var ingen saker på dagsordenen for dette møtet.", "body"))
        printed = set()
        for index, line in enumerate(lines):
            # Two items of one identity (another year's review moved beside the meeting's own, from before the move
            # was refused, or imported): one entry holds the protokoll text, printed under the first of them only.
            shown = line if line.ident not in printed else replace(line, entry=None)
            printed.add(line.ident)
            out.extend(_item(shown, slot, lives, placed_decisions.get(index, []), placed_signings.get(index, []), postponed, agreements,
                             first=index == 0, draft=draft))
        if leftover_decisions or leftover_signings or leftover_entries:
            out.extend(_leftovers(leftover_decisions, leftover_signings, leftover_entries, slot, agreements, lives, postponed))
        return out

    return build_pdf(story, title=f"{document} – {name}", footer_left=f"{document} {name}")


def _place(lines: list[AgendaLine], decisions: list[Decision], signings: list[Signing]):
    """Give every decision and signing of the meeting to one item of its agreement (or to the leftovers), by the
    item's place in `lines`: two items of one identity (AgendaLine.ident) are two places, and a decision is printed
    under one of them (was: under both)."""
    by_agreement: dict[str, list[tuple[int, AgendaLine]]] = {}
    for index, line in enumerate(lines):
        if line.agreement:
            by_agreement.setdefault(line.agreement, []).append((index, line))

    def target(agreement: str, preferred: tuple[str, ...]) -> int | None:
        candidates = by_agreement.get(agreement, [])
        for action in preferred:
            for index, line in candidates:
                if line.action == action:
                    return index
        # None of those: the item the meeting took last (meeting mode notes when an item is taken), else the first.
        # Was: the first, so O pressed on the status item printed the termination under the re-signing not taken up.
        taken = [(_moment(line.entry.taken_at), -index) for index, line in candidates if line.entry is not None and line.entry.taken_at is not None]
        if taken:
            return -max(taken)[1]
        return candidates[0][0] if candidates else None

    def meeting_item(action: str | None) -> int | None:
        return next((i for i, line in enumerate(lines) if line.action == action and line.agreement is None), None) if action else None

    # An agreement's item holds its one decision (one per agreement and meeting: the register's identity); the
    # scope item those of every new agreement decided at the meeting.
    placed_decisions: dict[int, list[Decision]] = {}
    placed_signings: dict[int, list[Signing]] = {}
    leftover_decisions: list[Decision] = []
    leftover_signings: list[Signing] = []
    for d in decisions:
        at = target(d.agreement, _DECISION_ITEMS.get(d.decision, _DEFAULT_DECISION_ITEMS))
        if at is None:
            at = meeting_item(_MEETING_ITEMS.get(d.decision))
        if at is None:
            leftover_decisions.append(d)
        else:
            placed_decisions.setdefault(at, []).append(d)
    for s in signings:
        at = target(s.agreement, SIGNING_ACTIONS)
        if at is None:
            leftover_signings.append(s)
        else:
            placed_signings.setdefault(at, []).append(s)
    return placed_decisions, placed_signings, leftover_decisions, leftover_signings


def _moment(taken_at: dt.datetime) -> dt.datetime:
    """A time an item was taken, comparable with any other: one without a time zone (meeting mode's) is Oslo's; an
    imported bundle may give one with an offset."""
    return taken_at if taken_at.tzinfo is not None else taken_at.replace(tzinfo=OSLO)


def decision_text(decision: Decision, slot: MeetingSlot, life: Lifetime | None, postponed: Collection[str] = ()) -> str:
    """The decision as the minutes state it. A termination with a notice period says when the agreement ends, as
    the planner and the register have it (rule TERMINATE): the notice period later, unless the agreement ends
    before that anyway, or an earlier termination already ends it. A postponement that moved the agreement's
    signing off the meeting (the agreements in `postponed`) says that it was the signing it postponed."""
    if decision.decision == "postpone" and decision.agreement in postponed:
        return "Undertegningen er utsatt."
    out = DECISION_TEXT[decision.decision]
    if decision.decision != "terminate" or life is None or life.agreement.notice_months is None:
        return out
    months = life.agreement.notice_months
    period = f"{months} {'måned' if months == 1 else 'måneder'}"
    effective = termination_date(slot.date, months)
    end = life.end_before(slot.date + dt.timedelta(days=1))  # as it stood with this meeting's signings
    earlier = life.ending_termination(slot.date) if life.terminated_on(slot.date) else None  # the version of that day's
    if earlier is not None and earlier.effective < effective:
        return out + f" Avtalen er allerede sagt opp og gjelder til og med {format_date(earlier.effective)}."
    if end is not None and end < effective:
        verb = "utløper" if end >= slot.date else "utløp"
        return out + f" Avtalen {verb} {format_date(end)}, før oppsigelsestiden på {period} er ute."
    return out + f" Med oppsigelsestid på {period} gjelder den til og med {format_date(effective)}."


def signing_text(signing: Signing) -> str:
    out = f"Undertegnet {format_date(signing.date)}."
    if signing.end_date:
        out += f" Avtalen gjelder til og med {format_date(signing.end_date)}."
    return out


def taken_text(taken: dt.datetime, meeting_date: dt.date) -> str:
    """When the item was taken, as "Behandlet kl. 10:15" (Oslo time), with the date when it was not the meeting's day."""
    local = taken.astimezone(OSLO) if taken.tzinfo is not None else taken
    when = f"kl. {local:%H:%M}"
    if local.date() != meeting_date:
        when = f"{format_date(local.date())} {when}"
    return f"Behandlet {when}"


def _item(
    line: AgendaLine, slot: MeetingSlot, lives: dict[str, Lifetime], decisions: list[Decision], signings: list[Signing], postponed: set[str],
    agreements: dict, *, first: bool, draft: bool = False,
) -> list:
    s = item_styles()
    entry = line.entry
    taken = taken_text(entry.taken_at, slot.date) if entry is not None and entry.taken_at is not None else None
    head = item_head(line.case, line.title, taken, first=first)
    body: list[list] = [[p] for p in paragraphs(entry.minutes if entry else None, "body")]
    minutes = (entry.minutes or "").strip() if entry is not None else ""
    boxes = []
    if line.agreement is None:  # the scope item's new agreements, in the order of their titles
        decisions = sorted(decisions, key=lambda d: (norwegian_key(_title(agreements, d.agreement)), d.agreement))
    for decision in decisions:
        said = decision_text(decision, slot, lives.get(decision.agreement), postponed)
        if line.agreement is None:  # the scope item: which agreement each decision is about
            said = f"{_title(agreements, decision.agreement)}: {said}"
        boxed = [said]
        note = (decision.note or "").strip()
        if note and note != minutes:  # the item's protokoll text is printed above; meeting mode once copied it here
            boxed.append(decision.note)
        boxes.append(Paragraph("<br/>".join(text(b) for b in boxed), s["proposal"]))
    if boxes:
        body.extend(labelled("Vedtak:", boxes))
    for signing in signings:
        body.append([Paragraph(text(signing_text(signing)), s["body"])])
    if signings and line.agreement:  # who signed for the parties (rule 55)
        body.extend(signatory_rows("Undertegnet av:", agreements.get(line.agreement)))
    if not body and (entry is None or entry.taken_at is None) and not draft:  # a draft's item is yet to be dealt with
        body.append([Paragraph(text(NOTHING_RECORDED), s["kind"])])
    return [ItemBlock(head, body)]


def _leftovers(decisions: list[Decision], signings: list[Signing], entries: list[AgendaEntry], slot: MeetingSlot,
               agreements: dict, lives: dict[str, Lifetime], postponed: set[str]) -> list:
    """What was recorded at the meeting outside the agenda's items: decisions and signings for agreements the
    planner put no item for, and protokoll texts of items that are no longer on this meeting's agenda."""
    out = [Spacer(0, 10), para(LEFTOVERS, "h2")]
    groups: dict[tuple[str, str], list] = {}

    def group(key: str, title: str) -> list:
        return groups.setdefault((title, key), [Paragraph(text(title), styles()["h3"])])

    for d in decisions:
        note = f" {d.note}" if d.note and d.note.strip() else ""
        group(d.agreement, _title(agreements, d.agreement)).append(
            Paragraph(text(f"Vedtak: {decision_text(d, slot, lives.get(d.agreement), postponed)}{note}"), _flush()))
    for x in signings:
        group(x.agreement, _title(agreements, x.agreement)).append(Paragraph(text(signing_text(x)), _flush()))
    for key in dict.fromkeys(x.agreement for x in signings):  # who signed for the parties (rule 55), once an agreement
        names = signatory_names(agreements.get(key))
        if names:
            group(key, _title(agreements, key)).append(Paragraph(text("Undertegnet av: " + "; ".join(names)), _flush()))
    for e in entries:
        if e.agreement:
            title = f"{ACTION_NB.get(e.action, e.action)}: {_title(agreements, e.agreement)}"
        else:
            title = e.title or ACTION_NB.get(e.action, e.action)
        target = group(f"{e.action}/{e.agreement or e.key}", title)
        if e.taken_at is not None:
            target.append(Paragraph(text(taken_text(e.taken_at, slot.date)), _flush()))
        target.extend(paragraphs(e.minutes, _flush()))
    for _, flowables in sorted(groups.items()):
        out.append(ItemBlock([Spacer(0, 4)], [flowables]))
    return out


def _title(agreements: dict, key: str) -> str:
    a = agreements.get(key)
    return a.title if a is not None else key


@lru_cache(maxsize=1)
def _flush() -> ParagraphStyle:
    """The item body style without the gutter: the leftovers have no case number to line up with."""
    return ParagraphStyle("item_body_flush", parent=item_styles()["body"], leftIndent=0)

