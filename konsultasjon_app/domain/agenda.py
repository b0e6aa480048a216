"""A meeting's agenda (saksliste): the planner's items and the secretariat's own, in order, numbered `Sak n/YYYY`."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .calendar import format_date
from .model import OWN_ACTION, AgendaEntry, MeetingRef, Register
from .planner import ACTION_NB, MeetingSlot, Plan, PlanItem

# The title and the proposed decision (forslag til vedtak) a planner item gets until the secretariat writes its own.
_TITLES = {
    "review": "Gjennomgang av {title}",
    "scope": "Samlet omfang av samarbeidsavtaler og nye avtaleområder",
    "sign": "Undertegning av {title}",
    "re-sign": "Undertegning på nytt av {title}",
    "status": "Status og evaluering: {title}",
    "overview": "Oversikt over samarbeidsavtaler til Fellesdokumentet",
}
_PROPOSALS = {
    "review": "Partene tar stilling til om avtalen skal videreføres, reforhandles eller sies opp.",
    "scope": "Partene drøfter det samlede omfanget av samarbeidsavtaler og hvilke nye områder det kan inngås avtaler på.",
    "sign": "Avtalen undertegnes.",
    "re-sign": "Avtalen undertegnes på nytt.",
    "status": "Partene tar status for og evaluering av avtalen til orientering.",
    "overview": "Oversikten over samarbeidsavtalene tas inn i Fellesdokumentet.",
}

# The secretariat's usual items, offered when a meeting's agenda is made.
BUDGET_FRAME_KEY = "budsjettramme"
ANY_OTHER_KEY = "eventuelt"


def standard_items(meeting: MeetingRef) -> list[AgendaEntry]:
    """Meeting 1's budget frame (seed 000 ch. 4.7) and "Eventuelt" at the end of every meeting."""
    items = []
    if meeting.number == 1:
        items.append(
            AgendaEntry(
                meeting,
                OWN_ACTION,
                key=BUDGET_FRAME_KEY,
                title=f"Rammene for kommuneopplegget i statsbudsjettet for {meeting.year + 1}",
                position=0,
            )
        )
    items.append(AgendaEntry(meeting, OWN_ACTION, key=ANY_OTHER_KEY, title="Eventuelt", position=999))
    return items


@dataclass(frozen=True, slots=True)
class AgendaLine:
    """One numbered item of a meeting's agenda, as printed and as shown in the meeting."""

    number: int
    year: int
    meeting: MeetingRef
    action: str  # a plan action, or "own"
    agreement: str | None
    key: str
    title: str
    background: str | None
    proposed_decision: str | None
    attachments: tuple[str, ...]
    plan_item: PlanItem | None
    entry: AgendaEntry | None

    @property
    def case(self) -> str:
        return f"Sak {self.number}/{self.year}"

    @property
    def ident(self) -> tuple[str, str, str]:
        """The item's identity within its meeting (that of its AgendaEntry)."""
        return (self.action, self.agreement or "", self.key)

    @property
    def action_label(self) -> str:
        return "Sak" if self.action == OWN_ACTION else ACTION_NB[self.action]


def _entry_for(register: Register, ref: MeetingRef) -> dict[tuple[str, str, str], AgendaEntry]:
    return {(e.action, e.agreement or "", e.key): e for e in register.agenda if e.meeting == ref}


def _default_title(item: PlanItem, titles: dict[str, str]) -> str:
    title = titles.get(item.agreement or "", item.agreement or "")
    return _TITLES[item.action].format(title=title)


def _default_background(item: PlanItem, titles: dict[str, str]) -> str:
    text = item.reason
    if item.agreements is not None:
        listed = "; ".join(titles.get(k, k) for k in item.agreements)
        text += f" Avtaler i kraft: {listed}." if listed else ""
    return text


def meeting_lines(register: Register, plan: Plan, ref: MeetingRef) -> list[tuple[AgendaLine, float]]:
    """The meeting's items in agenda order, unnumbered (number 0), with their sort positions."""
    titles = {a.key: a.title for a in register.agreements}
    entries = _entry_for(register, ref)
    lines: list[tuple[AgendaLine, float]] = []
    default = 0
    for item in plan.items:
        if item.year != ref.year or item.meeting != ref.number:
            continue
        ident = (item.action, item.agreement or "", "")
        entry = entries.get(ident)
        lines.append(
            (
                AgendaLine(
                    number=0,
                    year=ref.year,
                    meeting=ref,
                    action=item.action,
                    agreement=item.agreement,
                    key="",
                    title=(entry.title if entry and entry.title else _default_title(item, titles)),
                    background=entry.background if entry and entry.background is not None else _default_background(item, titles),
                    proposed_decision=(entry.proposed_decision if entry and entry.proposed_decision is not None else _PROPOSALS[item.action]),
                    attachments=entry.attachments if entry else (),
                    plan_item=item,
                    entry=entry,
                ),
                float(entry.position) if entry and entry.position is not None else default + 0.5,
            )
        )
        default += 1
    for entry in entries.values():
        if entry.action != OWN_ACTION:
            continue
        lines.append(
            (
                AgendaLine(0, ref.year, ref, OWN_ACTION, None, entry.key, entry.title or "", entry.background, entry.proposed_decision, entry.attachments, None, entry),
                float(entry.position) if entry.position is not None else default + 0.5,
            )
        )
        default += 1
    lines.sort(key=lambda pair: pair[1])
    return lines


def year_agenda(register: Register, plan: Plan, year: int) -> dict[int, list[AgendaLine]]:
    """Every meeting's agenda in a year, numbered as the settings say (running through the year, or per meeting)."""
    out: dict[int, list[AgendaLine]] = {}
    number = 0
    for meeting in (1, 2, 3, 4):
        if register.settings.case_numbering == "meeting":
            number = 0
        numbered = []
        for line, _ in meeting_lines(register, plan, MeetingRef(year, meeting)):
            number += 1
            numbered.append(_renumber(line, number))
        out[meeting] = numbered
    return out


def _renumber(line: AgendaLine, number: int) -> AgendaLine:
    return replace(line, number=number)


def agenda_heading(slot: MeetingSlot, register: Register) -> list[str]:
    """The lines under an agenda's title: date and time, place, chair."""
    meeting = register.meeting(slot.ref)
    when = format_date(slot.date)
    if meeting and meeting.time:
        when += f" kl. {meeting.time}"
    lines = [f"Tid: {when}" + (" (foreløpig dato)" if slot.provisional else "")]
    if meeting and meeting.location:
        lines.append(f"Sted: {meeting.location}")
    if meeting and meeting.chair:
        lines.append(f"Møteleder: {meeting.chair}")
    return lines


def reorder(lines: list[AgendaLine], moved: int, to: int) -> list[AgendaEntry]:
    """Entries giving every item of a meeting its new position after moving one item (drag and drop)."""
    order = list(lines)
    item = order.pop(moved)
    order.insert(max(0, min(to, len(order))), item)
    out = []
    for position, line in enumerate(order):
        base = line.entry or AgendaEntry(line.meeting, line.action, line.agreement, line.key)
        if base.position != position:
            out.append(replace(base, position=position))
    return out
