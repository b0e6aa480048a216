"""A meeting's agenda (saksliste): the planner's items and the secretariat's own, in order, numbered `Sak n/YYYY`."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from functools import partial

from .calendar import format_date, listed, provisional_meeting_date
from .meetings import Calendar, MeetingSlot
from .model import (
    DECISION_NB,
    OWN_ACTION,
    AgendaEntry,
    Agreement,
    Deviation,
    Meeting,
    MeetingRef,
    Register,
    Signing,
    agenda_id,
    deviation_id,
    signing_id,
    title_words,
    unique_key,
)
from .planner import ACTION_NB, ACTION_ORDER, Plan, PlanItem, forget_too, title_key

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

SIGNING_ACTIONS = ("sign", "re-sign")
# The rules that put a signing item on the meeting 3 it was held on before it moved on (held_items).
HELD_RULES = {"sign": "M3-SIGN", "re-sign": "M3-RESIGN"}

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


def missing_standard_items(meeting: MeetingRef, lines: list[AgendaLine]) -> list[AgendaEntry]:
    """The standard items the meeting lacks (among its items `lines`, in agenda order), each in its place: the
    budget frame first on meeting 1 also when the meeting already has items, those moved down one (was: it tied at
    position 0 with an item placed there before and could come second), and "Eventuelt" at the end."""
    have = {line.key for line in lines if line.action == OWN_ACTION}
    out = []
    for entry in standard_items(meeting):
        if entry.key in have:
            continue
        out.extend(placed_at(lines, entry, 0) if entry.key == BUDGET_FRAME_KEY and lines else [entry])
    return out


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
        """"Sak n/YYYY"; an item moved to a date outside the meetings has no number: its kind and date."""
        if self.number == 0 and self.plan_item is not None and self.plan_item.meeting is None:
            return f"{self.action_label} {format_date(self.plan_item.meeting_date)}"
        return f"Sak {self.number}/{self.year}"

    @property
    def settled_signing(self) -> Signing | None:
        """The signing the planner settled this signing item with (M4-FALLBACK), if it was made at this item's
        meeting or between meetings by its day; one recorded at another meeting belongs to that meeting's record,
        and one made after the meeting (the item stays on meeting 4 all the same) is no part of what it did."""
        if self.plan_item is None or self.plan_item.ref != self.meeting:
            return None  # a held item (held_items) or one moved to a plain date: its signing came after this meeting
        signing = self.plan_item.signing
        if signing is None or signing.meeting not in (None, self.meeting):
            return None
        return signing if signing.meeting == self.meeting or signing.date <= self.plan_item.meeting_date else None

    @property
    def held(self) -> bool:
        """A signing item this meeting dealt with that has since moved on to a later meeting or a plain day
        (held_items): it is that meeting's or day's item now, to be moved or reordered there."""
        return self.plan_item is not None and _held_on(self.plan_item, self.meeting, self.number)

    @property
    def rule(self) -> str | None:
        """The rule that put the planner's item on this meeting (None for the secretariat's own): on a meeting an
        item is held on (`held`), the rule that put it there (M3-SIGN, M3-RESIGN), not the M4-FALLBACK that moved
        it on from there."""
        item = self.plan_item
        if item is None:
            return None
        return HELD_RULES[item.action] if self.held else item.rule

    @property
    def reason(self) -> str | None:
        """Why the planner's item is on this meeting (None for the secretariat's own): on a meeting it is held on,
        the reason as it stood there (as that meeting's agenda prints it), and where it went on to."""
        item = self.plan_item
        if item is None:
            return None
        if not self.held:
            return item.reason
        return f"{item.origin_reason or item.reason} Flyttet videre til {item.place}."

    @property
    def ident(self) -> tuple[str, str, str]:
        """The item's identity within its meeting (that of its AgendaEntry)."""
        return (self.action, self.agreement or "", self.key)

    @property
    def action_label(self) -> str:
        return "Sak" if self.action == OWN_ACTION else ACTION_NB[self.action]


# First words of an agreement's title that are common nouns or adjectives, capitalised only because they begin it:
# inside the agenda's sentence they are written in lower case ("Gjennomgang av avtale om …", "… av ny avtale om …").
_GENERIC_FIRST_WORDS = frozenset({"ny", "nytt", "nye", "felles", "lokal", "lokale", "overordnet", "overordna", "nasjonal", "nasjonale"})
_GENERIC_ENDINGS = (  # Avtale, Samarbeidsavtalen, Rammeavtale, Intensjonserklæring, Handlingsplan, Program, Klimasamarbeid, …
    "avtale", "avtalen", "avtaler", "avtalene", "erklæring", "erklæringen", "plan", "planen", "program", "programmet",
    "samarbeid", "samarbeidet",
)
_GENERIC_BEGINNING = "samarbeid"  # Samarbeid, Samarbeidet, Samarbeidsavtale, …


def title_in_sentence(title: str) -> str:
    """An agreement's title as it reads after "Gjennomgang av": its first letter in lower case when the first word is
    a generic common noun or adjective ("Avtale om …", "Samarbeidsavtalen om …", "Ny arbeids- og …"), and
    otherwise as written. A name keeps its capital ("Sámediggi og KS: …", "Oslo-avtalen", "NAV-…": a hyphenated
    word is named after its first part), and so does an abbreviation ("KS' …")."""
    first = title.split(" ", 1)[0]
    word = first.rstrip(",.:;–-").casefold()
    generic = word in _GENERIC_FIRST_WORDS or word.startswith(_GENERIC_BEGINNING) or (
        word.endswith(_GENERIC_ENDINGS) and word.isalpha()
    )
    if generic and len(first) > 1 and first[0].isupper() and first[1].islower():
        return title[0].lower() + title[1:]
    return title


# The default titles made, by (action, agreement's title): a year's agenda makes some 470, nearly all as the last one
# did. Pure text of text; emptied when it reaches _TITLES_KEPT (a register's worth, several times over).
_default_titles: dict[tuple[str, str], str] = {}
_TITLES_KEPT = 20_000


def _default_title(item: PlanItem, titles: dict[str, str]) -> str:
    title = titles.get(item.agreement or "", item.agreement or "")
    made = _default_titles.get((item.action, title))
    if made is None:
        if len(_default_titles) >= _TITLES_KEPT:
            _default_titles.clear()
        # after "Status og evaluering:" the title stands on its own
        made = _default_titles[(item.action, title)] = _TITLES[item.action].format(
            title=title if item.action == "status" else title_in_sentence(title))
    return made


def _on(item: PlanItem, ref: MeetingRef) -> bool:
    """Whether `item` lies on meeting `ref` (item.ref == ref, without making a MeetingRef: ~1,000 a year's agenda)."""
    return item.meeting == ref.number and item.year == ref.year and bool(item.meeting)


def _held_on(item: PlanItem, ref: MeetingRef, number: int) -> bool:
    """Whether `item`, numbered `number` on meeting `ref`'s agenda, is held there (held_items): it has moved on to
    another meeting or to a plain day (was: only a move to a meeting counted, and one moved on to a day printed
    the move and meeting 3's own outcome on meeting 3's agenda). A line of dated_lines, unnumbered at the
    meeting the rules put it on, is the item where it lies now, not held."""
    return not _on(item, ref) and number != 0


def _default_background(item: PlanItem, titles: dict[str, str], held: bool) -> str:
    # An agenda describes the item as it stood before the meeting, and does not tell the meeting's own outcome or a
    # later one: a signing item held on the meeting it has since moved on from (held_items) as it stood there (was:
    # «Ikke undertegnet på 3. møte …: flyttet til 4. møte. Undertegnet 25.10.2006.» above «Forslag til vedtak:
    # Avtalen undertegnes.»), and one on its own meeting as it stood on arriving there (was: «Ikke undertegnet innen
    # 4. møte …: partene tar stilling på nytt …» on meeting 4's agenda printed after it, «Undertegnet 31.08.2022.»
    # on that of meeting 3 of 31.08.2022 printed before it).
    if held and item.origin_reason is not None:
        text = item.origin_reason
    else:
        text = item.arrival_reason if item.arrival_reason is not None else item.reason
    if item.agreements is not None:
        listed = "; ".join(titles.get(k, k) for k in item.agreements)
        text += f" Avtaler i kraft: {listed}." if listed else ""
    return text


def signed_before(item: PlanItem, ref: MeetingRef) -> bool:
    """Whether `item`, on meeting `ref`, is a signing already made before that meeting (the plan settled the item
    with it); not on a meeting that holds an item since moved on (it was signed later, if at all)."""
    signing = item.signing
    return item.action in SIGNING_ACTIONS and _on(item, ref) and signing is not None and signing.date < item.meeting_date


def _default_proposal(item: PlanItem, ref: MeetingRef) -> str:
    """What the secretariat proposes for an item on meeting `ref`: for a signing already made before the meeting,
    to take note of it, else the action's usual proposal."""
    if signed_before(item, ref):
        return f"Undertegningen {format_date(item.signing.date)} tas til orientering."
    return _PROPOSALS[item.action]


def _plan_line(item: PlanItem, ref: MeetingRef, entry: AgendaEntry | None, titles: dict[str, str], number: int = 0) -> AgendaLine:
    """A planner item as a line of the agenda (number 0: not numbered), with the secretariat's texts where it wrote
    its own."""
    return AgendaLine(
        number=number,
        year=ref.year,
        meeting=ref,
        action=item.action,
        agreement=item.agreement,
        key="",
        title=(entry.title if entry and entry.title else _default_title(item, titles)),
        background=entry.background if entry and entry.background is not None else _default_background(item, titles, _held_on(item, ref, number)),
        proposed_decision=(entry.proposed_decision if entry and entry.proposed_decision is not None else _default_proposal(item, ref)),
        attachments=entry.attachments if entry else (),
        plan_item=item,
        entry=entry,
    )


def held_items(register: Register, plan: Plan, ref: MeetingRef) -> list[PlanItem]:
    """Signing items the rules put on this meeting (M3-SIGN, M3-RESIGN) and then moved on to a later one, because
    the meeting passed without a signing or a postponement was recorded at it (M4-FALLBACK): the item was on
    this meeting's agenda and stays there too. Its case number is then the one on the agenda handed out, and
    its minutes have the item the meeting dealt with. An item the user moved away (a deviation) is not held."""
    slot = next((s for s in plan.meetings if s.ref == ref), None)
    if slot is None:
        return []
    moved_away = {(d.action, d.agreement) for d in register.deviations if d.from_meeting == ref}
    return [
        i for i in plan.items
        if i.action in SIGNING_ACTIONS and i.origin == ref and i.ref != ref and i.meeting_date > slot.date and (i.action, i.agreement) not in moved_away
    ]


def _agenda_order(item: PlanItem) -> tuple:
    """The planner's order of the items on one meeting (Planner.sort_key within a meeting)."""
    return (ACTION_ORDER[item.action], title_key(item.title), item.agreement or "")


def meeting_lines(register: Register, plan: Plan, ref: MeetingRef, *, first: int = 1, titles: dict[str, str] | None = None,
                  entries: list[AgendaEntry] | None = None, kept: tuple[dict, dict] | None = None) -> list[AgendaLine]:
    """The meeting's items in agenda order, numbered from `first`. `titles` (the agreements' by key) and `entries`
    (the meeting's AgendaEntries), when the caller has them for several meetings. Each line is made once, with its
    number (was: made unnumbered, sorted and made again numbered, a third of a year's agenda). `kept`: the lines
    of planner items made for the last year's agenda, and those of this one (year_agenda: _lines_kept)."""
    if titles is None:
        titles = {a.key: a.title for a in register.agreements}
    if entries is None:
        entries = [e for e in register.agenda if e.meeting == ref]
    by_item = {(e.action, e.agreement or "", e.key): e for e in entries}
    # The meeting's items as (position, planner item or None, entry): a planner item's position is its entry's, if
    # the secretariat placed it, else its place in the planner's order; the secretariat's own items follow.
    order: list[tuple[float, PlanItem | None, AgendaEntry | None]] = []
    default = 0
    items = [i for i in plan.items if i.year == ref.year and i.meeting == ref.number]
    held = held_items(register, plan, ref)
    if held:
        items = sorted(items + held, key=_agenda_order)
    for item in items:
        entry = by_item.get((item.action, item.agreement or "", ""))
        order.append((float(entry.position) if entry and entry.position is not None else default + 0.5, item, entry))
        default += 1
    for entry in by_item.values():
        if entry.action != OWN_ACTION:
            continue
        order.append((float(entry.position) if entry.position is not None else default + 0.5, None, entry))
        default += 1
    order = _before_the_close(order)
    order.sort(key=lambda placed: placed[0])
    line = _plan_line if kept is None else partial(_kept_line, kept)
    return [
        line(item, ref, entry, titles, number) if item is not None else
        AgendaLine(number, ref.year, ref, OWN_ACTION, None, entry.key, entry.title or "", entry.background, entry.proposed_decision, entry.attachments, None, entry)
        for number, (_, item, entry) in enumerate(order, first)
    ]


def _kept_line(kept: tuple[dict, dict], item: PlanItem, ref: MeetingRef, entry: AgendaEntry | None, titles: dict[str, str],
               number: int) -> AgendaLine:
    """_plan_line's line, the one made for the last year's agenda when it was made of the same plan item and
    AgendaEntry (the same objects: the planner gives most items of an agreement and a meeting unchanged again), on the
    same meeting with the same number and the same title of its agreement: what _plan_line reads. An overview (whose
    text lists the titles of the agreements in force) is made again. Those made or given again are put in kept[1]."""
    last, made = kept
    title = titles.get(item.agreement or "", item.agreement or "")
    found = last.get(id(item))
    if found is not None and found[0] is item and found[1] is entry and found[2] == number and found[3] == ref and found[4] == title:
        made[id(item)] = found
        return found[5]
    line = _plan_line(item, ref, entry, titles, number)
    if item.agreements is None:
        made[id(item)] = (item, entry, number, ref, title, line)
    return line


# The lines of planner items year_agenda made last: {id of the plan item: (item, entry, number, meeting, title, line)}.
# One year's agenda's worth (each year_agenda starts a new one); planner.forget_kept drops it.
_lines_kept: dict[int, tuple] = {}


def forget_kept() -> None:
    """Keep no agenda lines from the agendas made so far (planner.forget_kept)."""
    global _lines_kept
    _lines_kept = {}


forget_too(forget_kept)


def _before_the_close(order: list[tuple[float, PlanItem | None, AgendaEntry | None]]) -> list[tuple[float, PlanItem | None, AgendaEntry | None]]:
    """The items without a position of their own (`order`: sort position, planner item or None, entry) that would
    come after the "Eventuelt" closing the items the secretariat placed, moved in front of it, in their order: any
    other business ends the meeting also for an item the plan brings after the meeting was arranged (a new
    agreement's status, a signing a decision brings). A reorder gives every item its row (Eventuelt n-1, no longer
    999), and such an item took its place in the planner's order after that (was: «Sak 14/2027 Status og evaluering:
    …» after «Sak 13/2027 Eventuelt»). An item the user put after Eventuelt has a position of its own, and then
    Eventuelt closes nothing."""
    placed = [(at, i) for i, (at, _, entry) in enumerate(order) if entry is not None and entry.position is not None]
    if not placed:
        return order
    end, last = max(placed, key=lambda pair: pair[0])
    _, item, entry = order[last]
    if item is not None or entry.key != ANY_OTHER_KEY or any(at >= end for at, i in placed if i != last):
        return order
    after = sorted((at, i) for i, (at, _, entry) in enumerate(order) if at > end and (entry is None or entry.position is None))
    if not after:
        return order
    out = list(order)
    for k, (_, i) in enumerate(after, 1):  # between end - 0.5 (the last item of the planner's order before it) and end
        out[i] = (end - 0.5 + k / (2 * (len(after) + 1)), *order[i][1:])
    return out


def year_agenda(register: Register, plan: Plan, year: int) -> dict[int, list[AgendaLine]]:
    """Every meeting's agenda in a year, numbered as the settings say (running through the year, or per meeting)."""
    global _lines_kept
    kept = (_lines_kept, {})
    _lines_kept = kept[1]
    titles = {a.key: a.title for a in register.agreements}
    entries: dict[int, list[AgendaEntry]] = {1: [], 2: [], 3: [], 4: []}
    for e in register.agenda:
        if e.meeting.year == year and e.meeting.number in entries:
            entries[e.meeting.number].append(e)
    out: dict[int, list[AgendaLine]] = {}
    number = 0
    for meeting in (1, 2, 3, 4):
        if register.settings.case_numbering == "meeting":
            number = 0
        out[meeting] = meeting_lines(register, plan, MeetingRef(year, meeting), first=number + 1, titles=titles, entries=entries[meeting], kept=kept)
        number += len(out[meeting])
    return out


# What no plan and no agenda reads (planner.py, lifecycle.py and the agenda's titles): an agreement's parties,
# signatories, the texts of the model agreement and the notes, and the register's ratings, parties and attachments.
# The form saves these all day; a change that leaves everything else as it was cannot touch a held agenda. Anything
# not named here is taken to matter (a field added later too), so the quick answer never hides a change.
_AGREEMENT_FIELDS_NOT_PLANNED = frozenset({
    "state_parties", "other_parties", "ks_signatory_level", "signatories", "purpose", "obligations", "economy_text",
    "storting_reservation", "followup_text", "status", "notes",
})
_KINDS_NOT_PLANNED = frozenset({"criteria_sets", "assessments", "parties", "attachments"})
_AGREEMENT_FIELDS_PLANNED = tuple(f.name for f in fields(Agreement) if f.name not in _AGREEMENT_FIELDS_NOT_PLANNED)
# The planner reads all the agenda reads but the agenda's own entries (its texts and order).
_REGISTER_PARTS_PLANNED = tuple(f.name for f in fields(Register) if f.name not in _KINDS_NOT_PLANNED and f.name not in ("agreements", "agenda"))


def planned_alike(before: Register, after: Register) -> bool:
    """Whether two registers give the same plans and agendas because all they differ in is what no plan or agenda
    reads (the agreements in the same order; a record the change did not touch is the same object, so this is
    quick). Dagsorden keeps its plan after such a change, and the held-meeting question plans nothing for it."""
    return plans_alike(before, after) and before.agenda == after.agenda


def plans_alike(before: Register, after: Register) -> bool:
    """Whether two registers give the same plans (their agendas may differ: an item's texts, the order of a
    meeting's items): Flytt opp/ned and Rediger sak change what a meeting's agenda lists, not what the rules put
    on it, so the plan made before is the plan after (was: planned again, twice with the held-meeting question)."""
    if any(getattr(before, part) != getattr(after, part) for part in _REGISTER_PARTS_PLANNED):
        return False
    if len(before.agreements) != len(after.agreements):
        return False
    return all(
        old is new or all(getattr(old, name) == getattr(new, name) for name in _AGREEMENT_FIELDS_PLANNED)
        for old, new in zip(before.agreements, after.agreements)
    )


class KnownPlans:
    """The last few plans made, each with the register, the years and the as-of date it was made for, to be taken
    again for a register that plans alike (plans_alike): the held-meeting question plans the register before a
    change, which is the one after the change before it (the question planned that too), or the one Dagsorden
    shows (planned already). A register is kept by value, not by object: the question works out the register
    after a change itself, and the session makes its own of the same operations. With each plan, the agendas
    worked out from it (year_agenda) for the last few agenda entries it was shown with, which the question
    compares too."""

    AGENDAS_KEPT = 3  # of one plan and year: the agenda before and after a change of its order, and one more

    def __init__(self, keep: int = 4):
        # (register, first year, last year, as of, plan, {year: [(agenda entries, the year's agendas), …]})
        self._plans: deque[tuple[Register, int, int, dt.date, Plan, dict[int, list[tuple[tuple, dict[int, list[AgendaLine]]]]]]] = deque(maxlen=keep)

    def find(self, register: Register, first: int, last: int, as_of: dt.date) -> Plan | None:
        """The plan kept of `register` (or of one that plans alike) for these years as of that day; None if none is."""
        for kept, from_year, to_year, day, made, _ in reversed(self._plans):
            if (from_year, to_year, day) == (first, last, as_of) and (kept is register or plans_alike(kept, register)):
                return made
        return None

    def keep(self, register: Register, first: int, last: int, as_of: dt.date, made: Plan) -> None:
        """Keep `made`, the plan of `register` for these years as of that day (the oldest kept goes)."""
        self._plans.append((register, first, last, as_of, made, {}))

    def year_agenda(self, register: Register, made: Plan, year: int) -> dict[int, list[AgendaLine]]:
        """year_agenda(register, made, year), worked out once for a plan kept here and the register's agenda
        entries: `register` is the one planned or one that plans alike, which gives the same agendas when its
        entries are the same."""
        agendas = next((kept for *_, plan_kept, kept in self._plans if plan_kept is made), None)
        if agendas is None:
            return year_agenda(register, made, year)
        shown = agendas.setdefault(year, [])
        for entries, lines in shown:
            if entries is register.agenda or entries == register.agenda:
                return lines
        lines = year_agenda(register, made, year)
        shown.append((register.agenda, lines))
        del shown[:-self.AGENDAS_KEPT]
        return lines

    def clear(self) -> None:
        self._plans.clear()


def _held_meetings(register: Register, years: tuple[int, ...], today: dt.date) -> dict[int, list[MeetingSlot]]:
    """The meetings of `years` held before `today`: those with a date of the user's before it (as a plan of those
    years has them in its meetings)."""
    calendar = Calendar(register)
    slots = {year: [calendar.slot(year, number) for number in (1, 2, 3, 4)] for year in years}
    return {year: [s for s in found if not s.provisional and s.date < today] for year, found in slots.items()}


def _lands_in(register: Register, year: int) -> bool:
    """Whether an item may land in `year` or later from a meeting of an earlier year, and so be held there
    (held_items): a signing item goes to the meeting its signing was recorded at, and any item where the user moved
    it. Without either, a plan of the earlier years alone holds all of their meetings' items."""
    return any(d.to_year >= year for d in register.deviations) or any(
        s.meeting is not None and s.meeting.year >= year for s in register.signings
    )


def agenda_plan(register: Register, year: int, as_of: dt.date) -> Plan:
    """The plan behind the year's agendas and minutes (Dagsorden, meeting mode, the printed agenda and minutes), as
    of `as_of`: the year's plan, with the signing items of its meetings that have since moved on into a later year
    (held_items), so that a meeting's agenda keeps them however late it is printed. Was: a signing item not signed
    at meeting 3 and moved on from meeting 4 into next year left the plan of the year once meeting 3 had passed, and
    meeting 3's agenda and minutes lost it, their later cases renumbered.

    Those items are looked up in a plan of the year and the next (or up to a later year the user moved one on to,
    _moved_on_until) only when one can have moved on into it
    (_moves_on); the rest, and the warnings, are the year's own plan's, so that what is shown stays the year's."""
    from .planner import plan

    made = plan(register, year, year, as_of)
    if not _moves_on(register, year):
        return made
    wider = plan(register, year, _moved_on_until(register, (year,), year + 1), as_of)
    moved_on = tuple(i for i in wider.items if i.year > year and i.action in SIGNING_ACTIONS and i.origin is not None and i.origin.year == year)
    return replace(made, items=made.items + moved_on) if moved_on else made


def _moved_on_until(register: Register, years: tuple[int, ...], last: int) -> int:
    """The last year to plan for the signing items of `years`' meetings: `last`, or a later year the user moved one
    on to from meeting 3 or 4 (was: only the next year was planned, and a signing moved on two years left meeting
    3's agenda all the same)."""
    return max([last] + [d.to_year for d in register.deviations
                         if d.action in SIGNING_ACTIONS and d.from_meeting.year in years and d.from_meeting.number in (3, 4)])


def _moves_on(register: Register, year: int) -> bool:
    """Whether a signing item of `year`'s meetings may have moved on into a later year (held_items): the user moved
    one from that year's meeting 3 or 4 into a later year, or a signing recorded at a later year's meeting is dated
    before meeting 2 of the next year (up to which a signing settles the item where it was signed, M4-FALLBACK).
    Narrower than _lands_in, which any signing recorded in a later year makes true: with a few years of records,
    every past year's agendas would be planned twice."""
    if any(d.action in SIGNING_ACTIONS and d.from_meeting.year == year and d.to_year > year for d in register.deviations):
        return True
    later = [s for s in register.signings if s.meeting is not None and s.meeting.year > year]
    if not later:
        return False
    settles_until = Calendar(register).slot(year + 1, 2).date
    return any(s.date < settles_until for s in later)


def held_agenda_changes(before: Register, after: Register, today: dt.date, renamed: dict[str, str] | None = None,
                        known: KnownPlans | None = None) -> list[str]:
    """What a change (the register `before` it and `after` it) would do to the agendas of the meetings already held:
    those of this year and the last with a date of the user's before `today`. Their agendas were handed out and
    their minutes cite the case numbers, but an agenda is worked out from the register, so a change of an
    agreement's title (the order of the items), a move, a setting or a delete may take items away from them, bring
    new ones, or give them other numbers. `renamed` maps an agreement's key before the change to its key after it
    (its items are the same items). One short sentence per meeting it changes (at most three cases named of each
    kind); empty when it changes none.

    The window asks this before every save of the agreement form, so the answer is quick where it can be, and
    always the one a plan of this year, the last and the next (where an item held on this year's meetings may have
    moved on to; or up to a later year the user moved one on to) before and after the change gives (the tests hold it to that):
    nothing, without planning, for a change of what no plan reads (notes, parties, signatories, …) or when no
    meeting is held yet; else a plan of only the years the held meetings need, before and after the change. With
    `known`, a register planned alike before (for these years, as of today) is not planned again, and the plans
    made are kept there: a title changed and saved again plans only the register after each change."""
    from .planner import plan

    renamed = renamed or {}
    if not renamed and planned_alike(before, after):
        return []
    year = today.year
    held_in = _held_meetings(before, (year - 1, year), today)
    if not any(held_in.values()):
        return []  # no meeting held: nothing to plan
    # Last year's meetings need this year planned too only when an item of theirs can have moved on into it.
    first = year - 1 if held_in[year - 1] else year
    last = year if held_in[year] or _lands_in(before, year) or _lands_in(after, year) else year - 1
    # This year's meetings need the next year too when a signing item of theirs can have moved on into it, as their
    # printed agendas have it (agenda_plan).
    if held_in[year] and (_lands_in(before, year + 1) or _lands_in(after, year + 1)):
        last = year + 1
    # A signing item of a held meeting moved on further than that: up to the year it was moved to.
    held_years = tuple(y for y, slots in held_in.items() if slots)
    last = max(_moved_on_until(before, held_years, last), _moved_on_until(after, held_years, last))
    plans = []
    for register in (before, after):
        made = known.find(register, first, last, today) if known is not None else None
        if made is None:
            made = plan(register, first, last, today)
            if known is not None:
                known.keep(register, first, last, today, made)
        plans.append(made)
    return _changes_to_held(before, after, *plans, held_in, renamed, known.year_agenda if known is not None else year_agenda)


def _changes_to_held(before: Register, after: Register, was_plan: Plan, now_plan: Plan, held_in: dict[int, list[MeetingSlot]],
                     renamed: dict[str, str], agenda: Callable[[Register, Plan, int], dict[int, list[AgendaLine]]] = year_agenda,
                     ) -> list[str]:
    """held_agenda_changes' sentences, from plans of the register before and after the change that hold the years of
    the held meetings (`held_in`, by year); `agenda` works out a year's agendas from a register and its plan."""

    def same(line: AgendaLine) -> tuple[str, str, str]:  # the item's identity across the change
        action, agreement, key = line.ident
        return (action, renamed.get(agreement, agreement), key)

    out = []
    for year, held in held_in.items():
        if not held:
            continue
        was, now = agenda(before, was_plan, year), agenda(after, now_plan, year)
        for slot in held:
            old, new = was[slot.number], now[slot.number]
            new_of = {ln.ident: ln for ln in new}
            # An item kept with its number whose flags change (a change of government gives every review of the
            # meeting 2 after it «regjeringsskifte», and the sentence that goes with it): its text as handed out
            # changes too. Not an item held there before and after (held_items): it prints as it stood there, whatever
            # its flags where it lies now (was: «ny merknad og sakstekst» for meeting 3 when the user moved on a
            # signing fallen back to meeting 4).
            reworded = [ln for ln in old if same(ln) in new_of and new_of[same(ln)].number == ln.number
                        and not (ln.held and new_of[same(ln)].held) and _flags(ln) != _flags(new_of[same(ln)])]
            # An item kept (with its number or a new one) whose texts the secretariat wrote are new (Rediger sak): the
            # agenda as handed out said otherwise. (Was: not counted, so a retitled case on a held meeting was never
            # asked about; then, one also renumbered was said to be renumbered only.)
            retexted = [ln for ln in old if same(ln) in new_of and ln not in reworded and _texts(ln) != _texts(new_of[same(ln)])]
            if [(same(ln), ln.number) for ln in old] == [(ln.ident, ln.number) for ln in new] and not reworded and not retexted:
                continue
            old_idents = {same(ln) for ln in old}
            parts = []
            gone = [ln for ln in old if same(ln) not in new_of]
            if gone:
                parts.append("går ut: " + _some([f"{ln.case} «{ln.title}»" for ln in gone]))
            added = [ln for ln in new if ln.ident not in old_idents]
            if added:
                parts.append("kommer til: " + _some([f"«{ln.title}» som {ln.case}" for ln in added]))
            renumbered = [(ln, new_of[same(ln)]) for ln in old if same(ln) in new_of and new_of[same(ln)].number != ln.number]
            if renumbered:
                parts.append("nye saksnumre: " + _some([f"{a.case} blir {b.case}" for a, b in renumbered]))
            if reworded:
                parts.append("ny merknad og sakstekst: " + _some([f"{ln.case} «{ln.title}»" for ln in reworded]))
            if retexted:
                parts.append("nye tekster: " + _some([f"{ln.case} «{new_of[same(ln)].title}»" for ln in retexted]))
            out.append(f"{slot.number}. møte {year} ({format_date(slot.date)}): " + "; ".join(parts) + ".")
    return out


def _flags(line: AgendaLine) -> frozenset[str]:
    return frozenset(line.plan_item.flags) if line.plan_item is not None else frozenset()


def _texts(line: AgendaLine) -> tuple:
    """The texts the secretariat wrote for the item (its AgendaEntry's; none: the planner's, which follow the
    register and are counted as the rest of the plan is)."""
    entry = line.entry
    return (entry.title, entry.background, entry.proposed_decision, entry.attachments) if entry is not None else (None, None, None, ())


def _some(named: list[str], most: int = 3) -> str:
    """The first `most` of a list, and how many more: a question that names them all may not fit on the screen."""
    more = f" og {len(named) - most} til" if len(named) > most else ""
    return ", ".join(named[:most]) + more


def _origin(item: PlanItem) -> MeetingRef:
    """The meeting the rules put a planner item on, before any move by the user (a deviation's `from`)."""
    return item.origin or MeetingRef(item.year, item.meeting or 1)


def _texts_wait_at(item: PlanItem) -> MeetingRef:
    """The meeting whose agenda keeps the texts of planner item `item` while it lies on a plain date (dated_lines):
    the one the rules put it on; for a review that took in others (PlanItem.merged_origins), the latest of theirs,
    where a moved-back case leaves its texts (move_ops), not an earlier meeting, perhaps held."""
    return max((_origin(item), *item.merged_origins))


def dated_lines(register: Register, plan: Plan, year: int) -> list[AgendaLine]:
    """The year's planner items the user moved to a date outside the meetings, unnumbered, in the plan's order.
    Each keeps its texts at the meeting the rules put it on (_texts_wait_at), ready for when it is moved back."""
    titles = {a.key: a.title for a in register.agreements}
    entries = {agenda_id(e): e for e in register.agenda}
    lines = []
    for item in plan.items:
        if item.year == year and item.meeting is None:
            home = _texts_wait_at(item)
            lines.append(_plan_line(item, home, entries.get((home, item.action, item.agreement or "", "")), titles))
    return lines


def reorder(lines: list[AgendaLine], moved: int, to: int) -> list[AgendaEntry]:
    """Entries giving every item of a meeting its new position after moving one item (drag and drop)."""
    order = list(lines)
    item = order.pop(moved)
    order.insert(max(0, min(to, len(order))), item)
    out = []
    for position, line in enumerate(order):
        base = entry_for(line)
        if base.position != position:
            out.append(replace(base, position=position))
    return out


# -- changes the agenda makes (operations for one command each) -------------------------------------------------


def year_meetings(register: Register, year: int) -> list[Meeting]:
    """The meetings of a year not yet in the calendar, with their provisional dates (one step creates all four)."""
    have = {m.ref for m in register.meetings}
    return [Meeting(year, n, provisional_meeting_date(year, n)) for n in (1, 2, 3, 4) if MeetingRef(year, n) not in have]


def meeting_ops(register: Register, meeting: Meeting) -> list:
    """Operations that store `meeting` as edited (Dagsorden's Rediger møte, meeting mode's «Til stede …»), with the
    signings recorded at it and dated by it (their `meeting` is this one, their date its stored date until now)
    moved to its new date. A signing made at a meeting was made on the day the meeting was held: when that day is
    corrected, so is the signing (was: it kept the old date, a day on which nothing was signed, and the agreement's
    time in force, gap and term were counted from it). One command: one undo step, one history row per signing.

    A signing the user dated otherwise stays where it is, and so does one whose agreement already has another
    signing on the new date (moving it would write over that one). A signing whose new version then ends before
    it is signed is moved all the same: the command path refuses the whole change, naming the signing and its
    end date, rather than leave it behind on the old date."""
    from .changes import Delete, Put  # only an edit needs the change machinery (as move_ops)

    ops: list = [Put("meetings", meeting)]
    was = register.meeting(meeting.ref)
    if was is None or was.date == meeting.date:
        return ops  # a provisional date was no day a signing was made on (meeting mode records none on one)
    taken = {signing_id(s) for s in register.signings}
    moving = [signing_id(s) for s in register.signings
              if s.meeting == meeting.ref and s.date == was.date and (s.agreement, meeting.date) not in taken]
    if not moving:
        return ops
    ops += [Delete("signings", ident) for ident in moving]
    moved = set(moving)
    # Each is put back where it was in the list, before the first signing after it that stays.
    puts, staying_next = [], None
    for s in reversed(register.signings):
        if signing_id(s) in moved:
            puts.append(Put("signings", replace(s, date=meeting.date), staying_next))
        else:
            staying_next = signing_id(s)
    return ops + puts[::-1]


def meeting_delete_refused(register: Register, ref: MeetingRef) -> str | None:
    """Why the meeting cannot be deleted (None when it can): decisions or signings recorded at it would be left
    pointing at a meeting the calendar no longer has, and the minutes and the plan would place them on the made-up
    date that takes its place. Said with how many and which, and where they are removed."""
    def title(key: str) -> str:
        agreement = register.agreement(key)
        return f"«{agreement.title if agreement is not None else key}»"

    decisions = [d for d in register.decisions if d.meeting == ref]
    signings = [s for s in register.signings if s.meeting == ref]
    if not decisions and not signings:
        return None
    parts = []
    if decisions:
        parts.append(f"{len(decisions)} vedtak (" + _some([f"{title(d.agreement)}: {DECISION_NB.get(d.decision, d.decision)}" for d in decisions]) + ")")
    if signings:
        counted = "1 undertegning" if len(signings) == 1 else f"{len(signings)} undertegninger"
        parts.append(f"{counted} (" + _some([f"{title(s.agreement)} {format_date(s.date)}" for s in signings]) + ")")
    return (f"{ref} kan ikke slettes: det er registrert {listed(parts)} på møtet, og de ville miste møtet sitt. "
            "Fjern dem først under «Vedtak og undertegninger» i avtalens skjema i Avtaleregister, eller rett møtets dato "
            "med «Rediger møte» hvis det er datoen som er feil.")


@dataclass(frozen=True, slots=True)
class MeetingDeletion:
    """A meeting's deletion: its operations, and what goes with the meeting (counted, for the question first)."""

    ops: list
    own_items: int  # the secretariat's own items on it
    texts: int  # the planner's items there with texts written for them (not those that only hold their place)
    moved_here: int  # items moved to it, which go back where the rules put them
    minutes: int  # items with a protokoll text or the time they were taken (recorded in meeting mode)
    details: tuple[str, ...]  # what the meeting itself records besides its date and place: "møteleder", "deltakere", "notater"


def meeting_delete_ops(register: Register, ref: MeetingRef) -> MeetingDeletion:
    """Delete the meeting (after meeting_delete_refused has found nothing recorded at it) with what belongs to it
    alone: its agenda entries (the secretariat's own items and the texts written for the planner's items there) and
    the deviations that moved an item to it (the item goes back where the rules put it; one moved away from it is
    about the rules' meeting, which the year still has, on its provisional date). One command: one undo step."""
    from .changes import Delete  # only an edit needs the change machinery (as meeting_ops)

    entries = [e for e in register.agenda if e.meeting == ref]
    moved_here = [deviation_id(d) for d in register.deviations if d.to_meeting == ref]
    ops = [Delete("agenda", agenda_id(e)) for e in entries] + [Delete("deviations", d) for d in moved_here] + [Delete("meetings", ref)]
    own = sum(1 for e in entries if e.action == OWN_ACTION)
    texts = sum(1 for e in entries if e.action != OWN_ACTION and (e.title or e.background or e.proposed_decision or e.attachments))
    minutes = sum(1 for e in entries if e.minutes or e.taken_at is not None)
    meeting = register.meeting(ref)
    details = tuple(name for name, value in (("møteleder", meeting and meeting.chair), ("deltakere", meeting and meeting.participants),
                                             ("notater", meeting and meeting.notes)) if value)
    return MeetingDeletion(ops, own, texts, len(moved_here), minutes, details)


def new_own_key(register: Register, meeting: MeetingRef, title: str) -> str:
    """A key for a new item of the secretariat's, unique within its meeting."""
    base = "-".join(title_words(title))[:30] or "sak"
    return unique_key(base, {e.key for e in register.agenda if e.meeting == meeting and e.action == OWN_ACTION})


def rules_meeting(line: AgendaLine) -> MeetingRef | None:
    """The meeting the rules put a planner item on (DOMAIN §3 DEVIATION): moving it there is no deviation and needs
    no reason. None for the secretariat's own items, which the rules put nowhere. A signing item not signed at
    meeting 3 is put on meeting 4 (M4-FALLBACK): that is where the rules put it now (_fallen_back)."""
    item = line.plan_item
    if item is None:
        return None
    return _fallen_back(item) or _origin(item)


def _fallen_back(item: PlanItem) -> MeetingRef | None:
    """Meeting 4, for a signing item the rules moved on to it from meeting 3 (M4-FALLBACK: not signed or postponed
    there), also one the user has since moved on from meeting 4 (it keeps the fallback's «postponed»); else None."""
    origin = item.origin
    if item.action not in SIGNING_ACTIONS or origin is None or origin.number != 3:
        return None
    if item.rule == "M4-FALLBACK" or (item.rule == "DEVIATION" and "postponed" in item.flags):
        return MeetingRef(origin.year, 4)
    return None


def _moved_from(register: Register, item: PlanItem) -> MeetingRef:
    """The meeting a move of planner item `item` is recorded from (the deviation's `from`): where the rules put it.
    For a signing item on meeting 4 by the fallback (M4-FALLBACK), meeting 4, as the planner honours it (settle),
    so that meeting 3, which dealt with the item, keeps it on its agenda (held_items; was: recorded from meeting 3,
    the item counted as moved away from there, and meeting 3's agenda, already handed out, lost it and renumbered
    its later cases). A deviation the item already has is moved on from where it is keyed: from meeting 3 (the
    planner takes that first), else from meeting 4 if the item lies where that one put it."""
    origin = _origin(item)
    if item.action not in SIGNING_ACTIONS or origin.number != 3:
        return origin
    meeting_4 = MeetingRef(origin.year, 4)
    keyed = {d.from_meeting for d in register.deviations if (d.action, d.agreement) == (item.action, item.agreement)}
    if origin in keyed:
        return origin
    if meeting_4 in keyed and item.rule == "DEVIATION":
        return meeting_4
    return _fallen_back(item) or origin


def move_refused(line: AgendaLine, to_meeting: MeetingRef | None, lines_there: list[AgendaLine]) -> str | None:
    """Why the item cannot move to `to_meeting` (its items `lines_there`, as shown), or None when it can.

    A planner item is known on its meeting by its action and agreement (AgendaLine.ident): moved onto a meeting that
    has the same item of its own (another year's review of the agreement onto a meeting 2 with its own review of it,
    another year's scope item), the two would be one, sharing their texts, their place and the meeting's one decision
    on the agreement (was: an edit of one retitled both, Flytt ned moved both, and the minutes printed the decision
    under each). The item held on a meeting it has moved on from (held_items) is the same item, not another."""
    item = line.plan_item
    if item is None or to_meeting is None:
        return None  # the secretariat's own take a key of their own there; a plain date holds no other item
    other = next((ln for ln in lines_there if ln.ident == line.ident and ln.plan_item is not None and _origin(ln.plan_item) != _origin(item)), None)
    if other is None:
        return None
    if line.agreement:
        has = f"Avtalen har allerede en {ACTION_NB[line.action].lower()} på {to_meeting}"
    else:
        has = f"{to_meeting} har allerede sin egen sak «{ACTION_NB[line.action]}»"
    return (f"{has}: {other.case} «{other.title}». To like saker på ett møte blir én sak, med felles tekster, plass og vedtak. "
            "Velg et annet møte, eller flytt den andre saken bort først.")


def move_ops(
    register: Register,
    line: AgendaLine,
    to_meeting: MeetingRef | None,
    to_date: dt.date | None,
    reason: str | None,
    lines_there: list[AgendaLine] | None = None,
    position: int | None = None,
) -> list:
    """Operations that move an item to another meeting (or, for a planner item, to a plain date).

    A planner item is moved by a deviation from where the rules put it (DOMAIN §3 DEVIATION); moving it back
    there removes the deviation. The item's texts move with it; to a plain date, they wait at the meeting the
    rules put it on. The secretariat's own items simply move, under a key of their own in the new meeting (two
    "Eventuelt" rather than one overwriting the other); they have no deviation, so `reason` is not theirs.

    `lines_there` are the target meeting's items as shown (agenda order) and `position` the place among them where
    the item was dropped: it goes there, the items after it down one. Without a position an own item goes last,
    before a closing "Eventuelt" (placed_last), as a new one does; a planner item takes the planner's order, unless
    that would put it after the closing "Eventuelt" (then it goes before it too). Without `lines_there` the item
    takes a place by its order among the meeting's items (no position of its own).
    """
    from .changes import Delete, Put  # only a move needs the change machinery (see store.database)

    ops: list = []
    entry = line.entry
    if line.action == OWN_ACTION:
        assert entry is not None and to_meeting is not None
        others = [ln for ln in lines_there or () if (ln.meeting, ln.ident) != (line.meeting, line.ident)]  # when moved to its own meeting
        taken = {e.key for e in register.agenda if e.meeting == to_meeting and e.action == OWN_ACTION and e != entry}
        ops.append(Delete("agenda", agenda_id(entry)))
        moved = replace(entry, meeting=to_meeting, key=unique_key(entry.key, taken), position=None)
        if lines_there is None:
            ops.append(Put("agenda", moved))
        else:
            ops.extend(Put("agenda", e) for e in (placed_last(others, moved) if position is None else placed_at(others, moved, position)))
        return ops
    item = line.plan_item
    assert item is not None
    origin = _origin(item)
    source = _moved_from(register, item)
    back = to_meeting in (source, origin)  # back to meeting 3, which holds a signing fallen back from it: no move either
    # A review that took in others of its agreement (PlanItem.merged_origins) is one case: every review it holds
    # moves, each by its own deviation from where the rules put it (a review is moved from its origin), with the one
    # reason (was: only the leading review moved, and the other stayed behind, without the texts written for the
    # case). Moved back where the rules put the leading one, they part: each goes back to its own meeting.
    stored = {deviation_id(d) for d in register.deviations}
    for moving in (source, *item.merged_origins):
        ident = (item.action, item.agreement, moving)
        if back or to_meeting == moving:  # where the rules put it: no deviation
            if ident in stored:
                ops.append(Delete("deviations", ident))
        else:
            ops.append(Put("deviations", Deviation(item.action, item.agreement, moving, to_meeting, to_date if to_meeting is None else None, reason)))
    origins = (origin, *item.merged_origins)
    target = to_meeting or _texts_wait_at(item)  # on a plain date, its texts wait at a meeting's agenda
    texts_to = target
    if back and item.merged_origins:
        # The case parted: its texts stay on the meeting they were written for, with the review whose own meeting
        # that is (not sent with the leading one to an earlier meeting, perhaps held); on a meeting none of them
        # belongs to, they go with the latest.
        texts_to = line.meeting if line.meeting in origins else max(origins)
    # The texts there: the meeting's own for the item (held_items: each meeting keeps its own), else those moved
    # with it, else none (a new entry then, only if the item needs a place of its own there).
    same = agenda_id(entry_for(line))[1:]  # the item's entry on any meeting: its action, agreement and key

    def stored_at(meeting: MeetingRef) -> AgendaEntry | None:
        return next((e for e in register.agenda if e.meeting == meeting and agenda_id(e)[1:] == same), None)

    there = stored_at(target)
    moved = None
    if entry is not None and texts_to != entry.meeting and stored_at(texts_to) is None:
        ops.append(Delete("agenda", agenda_id(entry)))
        moved = replace(entry, meeting=texts_to, position=None)
        if texts_to == target:
            there = moved
    placed: list[AgendaEntry] = []
    if to_meeting is not None and lines_there is not None:
        others = [ln for ln in lines_there if ln.ident != line.ident]  # the item, shown there too when held there
        base = there or AgendaEntry(target, item.action, item.agreement)
        if position is not None:
            placed = placed_at(others, base, position)
        elif base.position is None and _after_the_end(others, item):
            placed = placed_last(others, base)  # the planner's order would put it after "Eventuelt" (a reordered meeting)
    if placed:
        ops.extend(Put("agenda", e) for e in placed)
    if moved is not None and not (placed and texts_to == target):  # placed: `moved` was put with its place
        ops.append(Put("agenda", moved))
    return ops


def _after_the_end(lines: list[AgendaLine], item: PlanItem) -> bool:
    """Whether a planner item without a position of its own would come after the "Eventuelt" that ends the meeting's
    other items (`lines`): after a reorder every item has a position (Eventuelt its row's, not 999), while the
    item takes its place in the planner's order among the meeting's planner items (meeting_lines)."""
    last = lines[-1] if lines else None
    if last is None or last.action != OWN_ACTION or last.key != ANY_OTHER_KEY or last.entry is None or last.entry.position is None:
        return False
    default = sum(1 for ln in lines if ln.plan_item is not None and _agenda_order(ln.plan_item) < _agenda_order(item))
    return default + 0.5 > last.entry.position


def placed_at(lines: list[AgendaLine], entry: AgendaEntry, position: int) -> list[AgendaEntry]:
    """`entry`, an item new on its meeting, at `position` among the meeting's other items (`lines`, in agenda order),
    every item given its place as a drop within the meeting does (reorder): the entries that change."""
    order = [entry_for(ln) for ln in lines]
    order.insert(max(0, min(position, len(order))), entry)
    return [replace(e, position=at) for at, e in enumerate(order) if e is entry or e.position != at]


def placed_last(lines: list[AgendaLine], entry: AgendaEntry) -> list[AgendaEntry]:
    """A new item of the secretariat's at the end of its meeting's agenda (`lines`), but before "Eventuelt" when
    that ends it; with the entries that move down to make room."""
    at = len(lines) - 1 if lines and lines[-1].action == OWN_ACTION and lines[-1].key == ANY_OTHER_KEY else len(lines)
    out = [replace(entry, position=at)]
    previous = at
    for line in lines[at:]:
        base = entry_for(line)
        if base.position is None or base.position <= previous:
            base = replace(base, position=previous + 1)
            out.append(base)
        previous = base.position
    return out


def entry_for(line: AgendaLine) -> AgendaEntry:
    """The line's stored entry, or a new one to hold the secretariat's text for a planner item."""
    return line.entry or AgendaEntry(line.meeting, line.action, line.agreement, line.key)
