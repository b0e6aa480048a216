"""The secretariat's records as immutable dataclasses: agreements, meetings, decisions, signings and the rest."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

CATEGORIES = ("consultation", "other")
KS_SIGNATORY_LEVELS = ("political", "administrative")
DECISIONS = ("continue", "renegotiate", "terminate", "new", "postpone")
DECISION_NB = {  # the decisions as the minutes and the register name them
    "continue": "videreføre",
    "renegotiate": "reforhandle",
    "terminate": "si opp",
    "new": "ny avtale",
    "postpone": "utsette",
}
RATINGS = ("i_traad", "delvis", "ikke_i_traad", "ikke_relevant", "ikke_vurdert")
MEETING_NUMBERS = (1, 2, 3, 4)


@dataclass(frozen=True, slots=True, order=True)
class MeetingRef:
    """Identifies a consultation meeting: the year and its number (1–4) within the year."""

    year: int
    number: int

    def __str__(self) -> str:
        return f"{self.number}. møte {self.year}"


CASE_NUMBERINGS = ("year", "meeting")


@dataclass(frozen=True, slots=True)
class Settings:
    """The register's settings: whether every continue decision is signed again (rule M3-RESIGN), the first
    parliamentary election year from which terms are counted (TERM-LIMIT), and how agenda items are numbered."""

    resign_on_every_continue: bool = False
    first_election_year: int = 2005
    # Agenda items are numbered "Sak n/YYYY": running through the year, or starting at 1 at each meeting.
    case_numbering: str = "year"


@dataclass(frozen=True, slots=True)
class Government:
    """A government and the day it took office (the first meeting 2 after it reviews every agreement)."""

    name: str
    took_office: dt.date


@dataclass(frozen=True, slots=True)
class Party:
    """A ministry, directorate or organisation that can be party to an agreement.

    Ministries are renamed often; `former_names` keeps the old names (and abbreviations) so that a
    search for "Sosialdepartementet" still finds agreements with HOD.
    """

    key: str
    name: str
    kind: str = "ministry"
    former_names: tuple[str, ...] = ()


def new_party(name: str, side: str) -> Party:
    """A party first named on an agreement (an import, the agreement form), added to the list with the name as key
    and name, and a kind until the user says otherwise: on the state's side an abbreviation such as "KDD" or a name
    with "departement" is a ministry, anything else there (NAV Akershus, Husbanken) an agency; on the other side an
    organisation."""
    if side != "state":
        return Party(name, name, "other")
    lowered = name.lower()
    if "departement" in lowered or (name.isupper() and name.isalpha() and len(name) <= 6):
        return Party(name, name, "ministry")
    return Party(name, name, "directorate")


@dataclass(frozen=True, slots=True)
class Meeting:
    """A consultation meeting as the secretariat records it: its date and, for the agenda, place, time,
    chair, participants and notes."""

    year: int
    number: int
    date: dt.date
    location: str | None = None
    time: str | None = None  # "HH:MM", when the meeting starts
    chair: str | None = None
    participants: tuple[str, ...] = ()
    notes: str | None = None

    @property
    def ref(self) -> MeetingRef:
        return MeetingRef(self.year, self.number)


@dataclass(frozen=True, slots=True)
class Signatory:
    """A person who signed an agreement, with the role and the party signed for."""

    name: str
    role: str | None = None
    party: str | None = None

    def line(self) -> str:
        """As an agreement's signature page names them (rule 55, seed 000 § 6: «Ola Normann, statsråd,
        Kunnskapsdepartementet»): name, role and party as recorded, a part not recorded left out."""
        return ", ".join(part.strip() for part in (self.name, self.role, self.party) if part and part.strip())


@dataclass(frozen=True, slots=True)
class Obligations:
    """What the agreement says the parties undertake: jointly, KS, and the state (model agreement § 2)."""

    joint: str | None = None
    ks: str | None = None
    state: str | None = None

    def is_empty(self) -> bool:
        return not (self.joint or self.ks or self.state)

    @staticmethod
    def of(joint: str | None, ks: str | None, state: str | None) -> Obligations | None:
        """The obligations an agreement sets out, or None when it sets out none (as the register stores it)."""
        found = Obligations(joint, ks, state)
        return None if found.is_empty() else found


@dataclass(frozen=True, slots=True)
class Agreement:
    """A cooperation agreement between one or more ministries and KS: the register's fields (DOMAIN.md)."""

    key: str
    title: str
    category: str = "consultation"
    state_parties: tuple[str, ...] = ()
    other_parties: tuple[str, ...] = ()
    ks_signatory_level: str | None = None
    signatories: tuple[Signatory, ...] = ()
    signed_date: dt.date | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    duration_months: int | None = None
    notice_months: int | None = None
    notice_text: str | None = None
    purpose: str | None = None
    obligations: Obligations | None = None
    economy_text: str | None = None
    storting_reservation: bool | None = None
    evaluation_clause: str | None = None
    evaluation_annual: bool | None = None
    followup_text: str | None = None
    term_exception: str | None = None
    status: str | None = None
    notes: str | None = None

    @property
    def is_planned(self) -> bool:
        """Only consultation agreements are placed on meetings by the planner."""
        return self.category == "consultation"

    @property
    def has_evaluation_clause(self) -> bool:
        return bool(self.evaluation_clause and self.evaluation_clause.strip()) or self.evaluation_annual is True


@dataclass(frozen=True, slots=True)
class Decision:
    """What a meeting decided about an agreement: continue, renegotiate, terminate, new or postpone."""

    agreement: str
    meeting: MeetingRef
    decision: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Signing:
    """A recorded signing of an agreement: its date, the meeting it belongs to, and the end date of the new
    version it signs (if it gives one)."""

    agreement: str
    date: dt.date
    meeting: MeetingRef | None = None
    end_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Criterion:
    """One evaluation criterion of a criteria set, with the sub-points a rating may be derived from."""

    key: str
    title: str
    description: str | None = None
    subpoints: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CriteriaSet:
    """A named set of evaluation criteria (the 2017 set of seed 001 is one)."""

    key: str
    title: str
    criteria: tuple[Criterion, ...] = ()

    def criterion(self, key: str) -> Criterion | None:
        return next((c for c in self.criteria if c.key == key), None)


@dataclass(frozen=True, slots=True)
class Assessment:
    """An agreement's rating on one criterion of a set (one of RATINGS), with its justification."""

    agreement: str
    criteria_set: str
    criterion: str
    rating: str
    justification: str | None = None
    # For a criterion with sub-points: the sub-points judged met (None: not assessed point by point).
    subpoints_met: tuple[str, ...] | None = None
    # Why the rating differs from the one the sub-points give (required when it does).
    override_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Deviation:
    """A planner item the user moved to another meeting, or to a plain date, with a reason."""

    action: str
    agreement: str | None
    from_meeting: MeetingRef
    to_meeting: MeetingRef | None = None
    to_date: dt.date | None = None
    reason: str | None = None

    @property
    def to_year(self) -> int:
        """The year the item was moved to."""
        return self.to_meeting.year if self.to_meeting is not None else self.to_date.year


ACTIONS = ("review", "scope", "sign", "re-sign", "status", "overview")  # what the planner puts on a meeting
# The meetings the planner (planner.py) puts each action on: meeting 2 the review and the scope, meeting 3 the
# status, meeting 4 the overview; a signing item meeting 3, meeting 4 by M4-FALLBACK, or the meeting from 2 to 4
# it was signed at. A deviation names where the planner put the item it moves: from any other meeting it would
# match nothing and move nothing.
ACTION_MEETINGS: dict[str, tuple[int, ...]] = {
    "review": (2,),
    "scope": (2,),
    "sign": (2, 3, 4),
    "re-sign": (2, 3, 4),
    "status": (3,),
    "overview": (4,),
}
OWN_ACTION = "own"


@dataclass(frozen=True, slots=True)
class AgendaEntry:
    """The secretariat's part of an agenda item at one meeting.

    For the planner's items (`action` one of the plan's actions) it adds text and order; for the secretariat's
    own items (`action` "own": the budget frame, reports, "Eventuelt") it is the item itself, identified by `key`.
    In the meeting the protokoll text (`minutes`) and the time the item was taken are recorded here too.
    """

    meeting: MeetingRef
    action: str
    agreement: str | None = None
    key: str = ""
    title: str | None = None
    background: str | None = None
    proposed_decision: str | None = None
    position: int | None = None
    minutes: str | None = None
    taken_at: dt.datetime | None = None
    attachments: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Attachment:
    """A document attached to an agreement (the signed PDF): a copy kept in the data folder."""

    agreement: str
    stored: str  # the copy's file name under the data folder's attachments/
    name: str  # the original file name, shown to the user
    added: dt.date


# -- keys made from titles ----------------------------------------------------------------------------------


# Æ, Ø and Å after Z and after every other ASCII character ("zink" before "åpen"); Ä, Ö and Ü as Æ, Ø and Y (as
# Norwegian dictionaries have them).
_NORWEGIAN_ORDER = str.maketrans({"æ": "\x7f0", "ø": "\x7f1", "å": "\x7f2", "ä": "\x7f0", "ö": "\x7f1", "ü": "y"})


def norwegian_key(text: str) -> str:
    """Sort key in Norwegian alphabetical order, case aside: … x y z æ ø å (Unicode puts å before æ), and other
    accented letters as their base letter ("idé" as "ide"). An "å" written as "a" and a ring sorts as "å"."""
    folded = unicodedata.normalize("NFC", text).casefold()
    if folded.isascii():
        # The table maps only letters beyond ASCII, so it would change nothing here; and str.translate with a dict
        # raises and clears a KeyError for each character the dict does not hold (some 14 M instructions for the
        # thousand titles the first plan sorts, against under 1 M without it).
        return folded
    folded = folded.translate(_NORWEGIAN_ORDER)
    if folded.isascii():
        return folded
    return "".join(c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c))


def title_words(title: str) -> list[str]:
    """A title's words as a key is made of them: lowercase ASCII letters and digits (æ→ae, ø→o, å→a)."""
    text = title.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return [w for w in re.split(r"[^a-z0-9]+", text) if w]


def unique_key(base: str, taken: set[str] | frozenset[str]) -> str:
    """`base`, or `base-2`, `base-3` … the first that is not taken."""
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


# -- identities: how records of each kind are matched when merging and diffing ----------------------


def government_id(g: Government) -> dt.date:
    return g.took_office


def meeting_id(m: Meeting) -> MeetingRef:
    return m.ref


def agreement_id(a: Agreement) -> str:
    return a.key


def decision_id(d: Decision) -> tuple[str, MeetingRef]:
    return (d.agreement, d.meeting)


def signing_id(s: Signing) -> tuple[str, dt.date]:
    return (s.agreement, s.date)


def criteria_set_id(c: CriteriaSet) -> str:
    return c.key


def assessment_id(a: Assessment) -> tuple[str, str, str]:
    return (a.agreement, a.criteria_set, a.criterion)


def deviation_id(d: Deviation) -> tuple[str, str | None, MeetingRef]:
    return (d.action, d.agreement, d.from_meeting)


def party_id(p: Party) -> str:
    return p.key


def agenda_id(e: AgendaEntry) -> tuple[MeetingRef, str, str, str]:
    return (e.meeting, e.action, e.agreement or "", e.key)


def attachment_id(a: Attachment) -> tuple[str, str]:
    return (a.agreement, a.stored)


@dataclass(frozen=True, slots=True)
class Register:
    """Everything the secretariat keeps, as one immutable value (the planner's and the exporter's input)."""

    settings: Settings = field(default_factory=Settings)
    governments: tuple[Government, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    decisions: tuple[Decision, ...] = ()
    signings: tuple[Signing, ...] = ()
    criteria_sets: tuple[CriteriaSet, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    deviations: tuple[Deviation, ...] = ()
    agenda: tuple[AgendaEntry, ...] = ()
    parties: tuple[Party, ...] = ()
    attachments: tuple[Attachment, ...] = ()

    def agreement(self, key: str) -> Agreement | None:
        return next((a for a in self.agreements if a.key == key), None)

    def meeting(self, ref: MeetingRef) -> Meeting | None:
        return next((m for m in self.meetings if m.ref == ref), None)

    def criteria_set(self, key: str) -> CriteriaSet | None:
        return next((c for c in self.criteria_sets if c.key == key), None)


# The record kinds of a register, in the order a bundle lists them, with their identity functions.
RECORD_KINDS: dict[str, object] = {
    "governments": government_id,
    "meetings": meeting_id,
    "agreements": agreement_id,
    "decisions": decision_id,
    "signings": signing_id,
    "criteria_sets": criteria_set_id,
    "assessments": assessment_id,
    "deviations": deviation_id,
    "agenda": agenda_id,
    "parties": party_id,
    "attachments": attachment_id,
}
# Kinds that are the user's reference data or files, kept when a bundle replaces the register's content.
LOCAL_KINDS = ("parties", "attachments")
