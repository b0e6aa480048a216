"""The JSON interchange bundle (DOMAIN §6): strict reading with every problem named by record and field, and canonical writing."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .calendar import TIME_RE, YEAR_RANGE, format_date, in_year_range, parse_date
from .checks import party_ident
from .model import (
    ACTION_MEETINGS,
    ACTIONS,
    CASE_NUMBERINGS,
    CATEGORIES,
    DECISIONS,
    KS_SIGNATORY_LEVELS,
    OWN_ACTION,
    RATINGS,
    RECORD_KINDS,
    AgendaEntry,
    Agreement,
    Assessment,
    CriteriaSet,
    Criterion,
    Decision,
    Deviation,
    Government,
    Meeting,
    MeetingRef,
    Obligations,
    Register,
    Settings,
    Signatory,
    Signing,
)
from .problems import UNPRINTABLE_RE, InvalidInput, Problem, ValueDescription, describe_control, describe_value

FORMAT = "konsultasjon-bundle"
VERSION = 1
AGENDA_ACTIONS = (*ACTIONS, OWN_ACTION)
AGREEMENT_FREE_ACTIONS = ("scope", "overview")

# Limits on text, stated in the messages when exceeded. Generous for real documents, small enough
# that a runaway file cannot fill the database or the printed agenda.
KEY_LIMIT = 64
LINE_LIMIT = 500  # titles, names, short one-line texts
TEXT_LIMIT = 20_000  # purpose, notes and other free text
LIST_LIMIT = 100_000  # records of one kind in one file
MAX_PROBLEMS = 200

# Control characters: C0 (tab and line breaks allowed in free text), DEL and C1 (U+0085, U+009B the 8-bit ESC[ …).
# A one-line text (key, title, name) also takes no line or paragraph separator and no bidirectional override:
# problems.UNPRINTABLE_RE.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")

TOP_LEVEL_KEYS = (
    "format",
    "version",
    "settings",
    "governments",
    "meetings",
    "agreements",
    "decisions",
    "signings",
    "criteria_sets",
    "assessments",
    "deviations",
    "agenda",
)
SETTINGS_FIELDS = ("resign_on_every_continue", "first_election_year", "case_numbering")
AGREEMENT_FIELDS = (
    "key",
    "title",
    "category",
    "state_parties",
    "other_parties",
    "ks_signatory_level",
    "signatories",
    "signed_date",
    "start_date",
    "end_date",
    "duration_months",
    "notice_months",
    "notice_text",
    "purpose",
    "obligations",
    "economy_text",
    "storting_reservation",
    "evaluation_clause",
    "evaluation_annual",
    "followup_text",
    "term_exception",
    "status",
    "notes",
)


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


MISSING = _Missing()


class DuplicateKeyDict(dict):
    """A JSON object in which a key appeared more than once (kept so that the reader can name it)."""

    def __init__(self, pairs: list[tuple[str, Any]]):
        super().__init__(pairs)
        seen: set[str] = set()
        self.duplicates = [k for k, _ in pairs if k in seen or seen.add(k)]


def _pairs_hook(pairs: list[tuple[str, Any]]) -> dict:
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        return DuplicateKeyDict(pairs)
    return dict(pairs)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


def loads(data: bytes | str) -> Any:
    """Parse JSON text, keeping track of duplicate keys. Raises InvalidInput for undecodable input."""
    if isinstance(data, bytes):
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.reason == "unexpected end of data":  # a copy cut off in the middle of "å" or "ø"
                detail = ValueDescription((f"the file ends in the middle of a character at byte {exc.start} (cut off?)",
                                           f"filen slutter midt i et tegn ved byte {exc.start} (avkortet?)"))
            else:
                detail = ValueDescription((f"byte {exc.start}", f"byte {exc.start}"))
            raise InvalidInput([Problem.make("", "not-utf8", detail=detail)]) from None
    else:
        text = data
    if not text.strip():
        raise InvalidInput([Problem.make("", "empty-file")])
    try:
        return json.loads(text, object_pairs_hook=_pairs_hook, parse_constant=_reject_constant)
    except (json.JSONDecodeError, ValueError, RecursionError) as exc:
        raise InvalidInput([Problem.make("", "not-json", detail=_json_detail(exc, text))]) from None


# What Python's JSON reader says, in bokmål (its messages start with these words).
_JSON_NB = (
    ("Expecting value", "her mangler en verdi"),
    ("Expecting property name enclosed in double quotes", "her mangler et feltnavn i doble anførselstegn"),
    ("Expecting ',' delimiter", "her mangler et komma"),
    ("Expecting ':' delimiter", "her mangler et kolon"),
    ("Unterminated string starting at", "teksten som begynner her, slutter aldri"),
    ("Invalid control character at", "et kontrolltegn står inne i en tekst"),
    ("Invalid \\uXXXX escape", "en ugyldig \\u-kode"),
    ("Invalid \\escape", "en ugyldig \\-kode"),
    ("Extra data", "det står mer etter slutten av dataene"),
)


def _json_detail(exc: Exception, text: str) -> ValueDescription:
    """Where and what, in English and bokmål. A file that ends where a value was still open is called cut off."""
    if isinstance(exc, RecursionError):
        return ValueDescription(("the values are nested too deeply", "verdiene er nestet for dypt"))
    if not isinstance(exc, json.JSONDecodeError):
        said = str(exc)
        if said.endswith("is not allowed in JSON"):  # NaN, Infinity (_reject_constant)
            name = said.split()[0]
            return ValueDescription((said, f"{name} er ikke tillatt i JSON"))
        if "digits" in said:  # a number of thousands of digits
            return ValueDescription(("a number has too many digits", "et tall har for mange sifre"))
        return ValueDescription((said, said))
    english = f"line {exc.lineno}, column {exc.colno}: {exc.msg}"
    if not text[exc.pos:].strip() or exc.msg.startswith("Unterminated string"):
        return ValueDescription((f"{english} (the file ends early: cut off?)",
                                 f"linje {exc.lineno}, kolonne {exc.colno}: filen slutter før dataene er avsluttet (avkortet?)"))
    said = next((nb for en, nb in _JSON_NB if exc.msg.startswith(en)), exc.msg)
    return ValueDescription((english, f"linje {exc.lineno}, kolonne {exc.colno}: {said}"))


def normal_key(text: str) -> str:
    """A key as it is stored and looked up: surrounding spaces dropped, letters composed (NFC: "å" typed as one
    character or as "a" and a ring is one key). Whatever looks a key up by what a user typed must go through this
    too, or a key typed decomposed finds nothing where the reader finds the stored record."""
    return unicodedata.normalize("NFC", text.strip())


@dataclass
class Reader:
    """Reads untrusted JSON values, collecting a Problem (path + what) for everything wrong."""

    problems: list[Problem] = field(default_factory=list)
    count: int = 0  # every problem found, also those beyond the ones kept for the message

    def add(self, path: str, code: str, **params: object) -> None:
        self.count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem.make(path, code, **params))

    def obj(self, value: Any, path: str, allowed: Iterable[str]) -> dict | None:
        if not isinstance(value, dict):
            self.add(path, "not-object", got=describe_value(value))
            return None
        for dup in getattr(value, "duplicates", ()):
            self.add(path, "duplicate-json-key", key=dup)
        allowed = set(allowed)
        for key in value:
            if key not in allowed:
                self.add(f"{path}.{key}" if path else key, "unknown-key", key=key)
        return value

    def list(self, value: Any, path: str) -> list:
        if value is MISSING or value is None:
            return []
        if not isinstance(value, list):
            self.add(path, "not-list", got=describe_value(value))
            return []
        if len(value) > LIST_LIMIT:
            self.add(path, "too-many", count=len(value), limit=LIST_LIMIT)
            return []
        return value

    def text(
        self,
        value: Any,
        path: str,
        *,
        required: bool = False,
        limit: int = TEXT_LIMIT,
        one_line: bool = False,
    ) -> str | None:
        if value is MISSING or value is None:
            if required:
                self.add(path, "missing")
            return None
        if not isinstance(value, str):
            self.add(path, "not-string", got=describe_value(value))
            return None
        if required and not value.strip():
            self.add(path, "blank")
            return None
        if len(value) > limit:
            self.add(path, "too-long", length=len(value), limit=limit)
            return None
        if found := (UNPRINTABLE_RE if one_line else _CONTROL_RE).search(value):
            # the first one, and where: in a long text pasted from Word it cannot be found otherwise
            self.add(path, "control-chars", char=describe_control(found.group()), at=found.start() + 1)
            return None
        if _SURROGATE_RE.search(value):  # "\ud800" is valid JSON but no character: it cannot be stored or printed
            self.add(path, "bad-chars")
            return None
        return value

    def key(self, value: Any, path: str, *, required: bool = True) -> str | None:
        """An identifier such as an agreement key: one line, short; surrounding spaces are dropped. Two keys that
        look the same are the same: no invisible characters (a zero-width space, a byte order mark), and letters
        are stored composed (see `normal_key`)."""
        text = self.text(value, path, required=required, limit=KEY_LIMIT, one_line=True)
        if text is None:
            return None
        if any(unicodedata.category(c) == "Cf" for c in text):
            self.add(path, "invisible-chars")
            return None
        return normal_key(text)

    def integer(self, value: Any, path: str, *, low: int, high: int, required: bool = False) -> int | None:
        if value is MISSING or value is None:
            if required:
                self.add(path, "missing")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                self.add(path, "not-int", got=describe_value(value))
                return None
        if not low <= value <= high:
            self.add(path, "out-of-range", value=value, low=low, high=high)
            return None
        return value

    def boolean(self, value: Any, path: str) -> bool | None:
        if value is MISSING or value is None:
            return None
        if not isinstance(value, bool):
            self.add(path, "not-bool", got=describe_value(value))
            return None
        return value

    def date(self, value: Any, path: str, *, required: bool = False) -> dt.date | None:
        if value is MISSING or value is None:
            if required:
                self.add(path, "missing")
            return None
        if not isinstance(value, str):
            self.add(path, "not-date-type", got=describe_value(value))
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.add(path, "not-date", value=value[:40])
        elif not self.in_years(parsed.year, value, path):
            return None
        return parsed

    def in_years(self, year: int, value: str, path: str) -> bool:
        """Whether a date's or time's year lies in YEAR_RANGE; if not, the problem is recorded."""
        if in_year_range(year):
            return True
        self.add(path, "out-of-range", value=value, low=f"{YEAR_RANGE[0]}-01-01", high=f"{YEAR_RANGE[1]}-12-31")
        return False

    def choice(self, value: Any, path: str, choices: tuple[str, ...], *, required: bool = False) -> str | None:
        if value is MISSING or value is None:
            if required:
                self.add(path, "missing")
            return None
        if not isinstance(value, str) or value not in choices:
            shown = value[:40] if isinstance(value, str) else describe_value(value)
            self.add(path, "bad-choice", value=shown, choices=", ".join(choices))
            return None
        return value

    def meeting_ref(self, value: Any, path: str, *, required: bool = True) -> MeetingRef | None:
        if value is MISSING or value is None:
            if required:
                self.add(path, "missing")
            return None
        obj = self.obj(value, path, ("year", "number"))
        if obj is None:
            return None
        year = self.integer(obj.get("year", MISSING), f"{path}.year", low=YEAR_RANGE[0], high=YEAR_RANGE[1], required=True)
        number = self.integer(obj.get("number", MISSING), f"{path}.number", low=1, high=4, required=True)
        if year is None or number is None:
            return None
        return MeetingRef(year, number)


# -- reading -------------------------------------------------------------------------------------------


def _settings(r: Reader, value: Any) -> tuple[Settings, frozenset[str]]:
    """The settings, absent ones at their defaults, and the names of those the file gives (a merge changes only
    those: see Bundle.settings_given)."""
    if value is MISSING or value is None:
        return Settings(), frozenset()
    obj = r.obj(value, "settings", SETTINGS_FIELDS)
    if obj is None:
        return Settings(), frozenset()
    given = {
        "resign_on_every_continue": r.boolean(obj.get("resign_on_every_continue", MISSING), "settings.resign_on_every_continue"),
        "first_election_year": r.integer(
            obj.get("first_election_year", MISSING), "settings.first_election_year", low=YEAR_RANGE[0], high=YEAR_RANGE[1]
        ),
        "case_numbering": r.choice(obj.get("case_numbering", MISSING), "settings.case_numbering", CASE_NUMBERINGS),
    }
    given = {name: value for name, value in given.items() if value is not None}  # null is as good as absent
    return Settings(**given), frozenset(given)


def _government(r: Reader, value: Any, path: str) -> Government | None:
    obj = r.obj(value, path, ("name", "took_office"))
    if obj is None:
        return None
    name = r.text(obj.get("name", MISSING), f"{path}.name", required=True, limit=LINE_LIMIT, one_line=True)
    took = r.date(obj.get("took_office", MISSING), f"{path}.took_office", required=True)
    if name is None or took is None:
        return None
    return Government(name, took)


def _meeting(r: Reader, value: Any, path: str) -> Meeting | None:
    obj = r.obj(value, path, ("year", "number", "date", "location", "time", "chair", "participants", "notes"))
    if obj is None:
        return None
    year = r.integer(obj.get("year", MISSING), f"{path}.year", low=YEAR_RANGE[0], high=YEAR_RANGE[1], required=True)
    number = r.integer(obj.get("number", MISSING), f"{path}.number", low=1, high=4, required=True)
    date = r.date(obj.get("date", MISSING), f"{path}.date", required=True)
    location = r.text(obj.get("location", MISSING), f"{path}.location", limit=LINE_LIMIT, one_line=True)
    time = r.text(obj.get("time", MISSING), f"{path}.time", limit=5, one_line=True)
    if time is not None and not TIME_RE.match(time):
        r.add(f"{path}.time", "not-time", value=time)
        time = None
    chair = r.text(obj.get("chair", MISSING), f"{path}.chair", limit=LINE_LIMIT, one_line=True)
    participants = _string_list(r, obj.get("participants", MISSING), f"{path}.participants")
    notes = r.text(obj.get("notes", MISSING), f"{path}.notes")
    if year is None or number is None or date is None:
        return None
    if date.year != year:
        r.add(f"{path}.date", "date-not-in-year", value=date.isoformat(), year=year)
        return None
    return Meeting(year, number, date, location, time, chair, participants, notes)


def _string_list(r: Reader, value: Any, path: str, *, unique: str | ValueDescription | None = None,
                 same: Callable[[str], str] = str) -> tuple[str, ...]:
    """A list of one-line texts. With `unique` (what an item is, for the message), an item given twice is an error;
    `same(text)` is what two items are the same by."""
    out = []
    seen: dict[str, int] = {}
    for i, item in enumerate(r.list(value, path)):
        text = r.text(item, f"{path}[{i}]", required=True, limit=LINE_LIMIT, one_line=True)
        if text is None:
            continue
        text = text.strip()
        ident = same(text)
        if unique is not None and ident in seen:
            r.add(f"{path}[{i}]", "duplicate", what=unique, ident=f'"{text}"', other=f"{path}[{seen[ident]}]")
            continue
        seen.setdefault(ident, i)
        out.append(text)
    return tuple(out)


_PARTY = ValueDescription(("party", "parten"))


def _signatory(r: Reader, value: Any, path: str) -> Signatory | None:
    obj = r.obj(value, path, ("name", "role", "party"))
    if obj is None:
        return None
    name = r.text(obj.get("name", MISSING), f"{path}.name", required=True, limit=LINE_LIMIT, one_line=True)
    role = r.text(obj.get("role", MISSING), f"{path}.role", limit=LINE_LIMIT, one_line=True)
    party = r.text(obj.get("party", MISSING), f"{path}.party", limit=LINE_LIMIT, one_line=True)
    if name is None:
        return None
    return Signatory(name, role, party)


def _obligations(r: Reader, value: Any, path: str) -> Obligations | None:
    if value is MISSING or value is None:
        return None
    obj = r.obj(value, path, ("joint", "ks", "state"))
    if obj is None:
        return None
    return Obligations.of(
        joint=r.text(obj.get("joint", MISSING), f"{path}.joint"),
        ks=r.text(obj.get("ks", MISSING), f"{path}.ks"),
        state=r.text(obj.get("state", MISSING), f"{path}.state"),
    )


def read_agreement(r: Reader, value: Any, path: str) -> Agreement | None:
    """Read one agreement object; shared by the bundle and the GUI's import of spreadsheet rows."""
    obj = r.obj(value, path, AGREEMENT_FIELDS)
    if obj is None:
        return None
    g = lambda name: obj.get(name, MISSING)  # noqa: E731
    p = lambda name: f"{path}.{name}"  # noqa: E731
    before = r.count
    key = r.key(g("key"), p("key"))
    title = r.text(g("title"), p("title"), required=True, limit=LINE_LIMIT, one_line=True)
    category = r.choice(g("category"), p("category"), CATEGORIES) or "consultation"
    signatories = tuple(
        s for i, item in enumerate(r.list(g("signatories"), p("signatories"))) if (s := _signatory(r, item, f"{p('signatories')}[{i}]"))
    )
    agreement = Agreement(
        key=key or "",
        title=(title or "").strip(),
        category=category,
        # A party named twice ("KRD", "krd") would be stored and printed twice («Parter: KRD, krd og KRD»).
        state_parties=_string_list(r, g("state_parties"), p("state_parties"), unique=_PARTY, same=party_ident),
        other_parties=_string_list(r, g("other_parties"), p("other_parties"), unique=_PARTY, same=party_ident),
        ks_signatory_level=r.choice(g("ks_signatory_level"), p("ks_signatory_level"), KS_SIGNATORY_LEVELS),
        signatories=signatories,
        signed_date=r.date(g("signed_date"), p("signed_date")),
        start_date=r.date(g("start_date"), p("start_date")),
        end_date=r.date(g("end_date"), p("end_date")),
        duration_months=r.integer(g("duration_months"), p("duration_months"), low=1, high=1200),
        notice_months=r.integer(g("notice_months"), p("notice_months"), low=0, high=120),
        notice_text=r.text(g("notice_text"), p("notice_text"), limit=LINE_LIMIT),
        purpose=r.text(g("purpose"), p("purpose")),
        obligations=_obligations(r, g("obligations"), p("obligations")),
        economy_text=r.text(g("economy_text"), p("economy_text")),
        storting_reservation=r.boolean(g("storting_reservation"), p("storting_reservation")),
        evaluation_clause=r.text(g("evaluation_clause"), p("evaluation_clause")),
        evaluation_annual=r.boolean(g("evaluation_annual"), p("evaluation_annual")),
        followup_text=r.text(g("followup_text"), p("followup_text")),
        term_exception=r.text(g("term_exception"), p("term_exception")),
        status=r.text(g("status"), p("status"), limit=LINE_LIMIT, one_line=True),
        notes=r.text(g("notes"), p("notes")),
    )
    if agreement.end_date:
        for which, which_nb, other in (
            ("start date", "startdatoen", agreement.start_date),
            ("signed date", "undertegningsdatoen", agreement.signed_date),
        ):
            if other and agreement.end_date < other:
                r.add(p("end_date"), "end-before", end=agreement.end_date.isoformat(), which=which, which_nb=which_nb, other=other.isoformat())
    if r.count > before or key is None or title is None:
        return None
    return agreement


def _decision(r: Reader, value: Any, path: str) -> Decision | None:
    obj = r.obj(value, path, ("agreement", "meeting", "decision", "note"))
    if obj is None:
        return None
    agreement = r.key(obj.get("agreement", MISSING), f"{path}.agreement")
    meeting = r.meeting_ref(obj.get("meeting", MISSING), f"{path}.meeting")
    decision = r.choice(obj.get("decision", MISSING), f"{path}.decision", DECISIONS, required=True)
    note = r.text(obj.get("note", MISSING), f"{path}.note")
    if agreement is None or meeting is None or decision is None:
        return None
    return Decision(agreement, meeting, decision, note)


def _signing(r: Reader, value: Any, path: str) -> Signing | None:
    obj = r.obj(value, path, ("agreement", "date", "meeting", "end_date"))
    if obj is None:
        return None
    agreement = r.key(obj.get("agreement", MISSING), f"{path}.agreement")
    date = r.date(obj.get("date", MISSING), f"{path}.date", required=True)
    meeting = r.meeting_ref(obj.get("meeting", MISSING), f"{path}.meeting", required=False)
    end_date = r.date(obj.get("end_date", MISSING), f"{path}.end_date")
    if agreement is None or date is None:
        return None
    if end_date and end_date < date:
        r.add(f"{path}.end_date", "end-before", end=end_date.isoformat(), which="signing date", which_nb="undertegningsdatoen", other=date.isoformat())
        return None
    if meeting is not None and meeting.year != date.year:
        # The planner places a signed item on the signing's meeting: one of another year would take the item
        # out of the year it was signed in and put it, signed, into that other year.
        r.add(f"{path}.meeting", "meeting-not-in-signing-year", meeting=f"{meeting.number}/{meeting.year}", year=date.year, date=date.isoformat())
        return None
    return Signing(agreement, date, meeting, end_date)


def _criteria_set(r: Reader, value: Any, path: str) -> CriteriaSet | None:
    obj = r.obj(value, path, ("key", "title", "criteria"))
    if obj is None:
        return None
    key = r.key(obj.get("key", MISSING), f"{path}.key")
    title = r.text(obj.get("title", MISSING), f"{path}.title", required=True, limit=LINE_LIMIT, one_line=True)
    criteria = []
    seen: dict[str, int] = {}
    for i, item in enumerate(r.list(obj.get("criteria", MISSING), f"{path}.criteria")):
        cpath = f"{path}.criteria[{i}]"
        cobj = r.obj(item, cpath, ("key", "title", "description", "subpoints"))
        if cobj is None:
            continue
        ckey = r.key(cobj.get("key", MISSING), f"{cpath}.key")
        ctitle = r.text(cobj.get("title", MISSING), f"{cpath}.title", required=True, limit=LINE_LIMIT, one_line=True)
        description = r.text(cobj.get("description", MISSING), f"{cpath}.description")
        # A sub-point twice would count twice when a rating is derived from the ticks (one missing would be two).
        before = r.count
        subpoints = _string_list(r, cobj.get("subpoints", MISSING), f"{cpath}.subpoints", unique="sub-point")
        if ckey is None or ctitle is None:
            continue
        if ckey in seen:
            r.add(f"{cpath}.key", "duplicate", what="criterion", ident=f'"{ckey}"', other=f"{path}.criteria[{seen[ckey]}]")
            continue
        seen[ckey] = i
        if r.count != before:
            # Sub-points that could not all be read are not the criterion's: a rating ticking one would be told it
            # "names a sub-point the criterion does not have" besides the real error (the file is refused anyway).
            continue
        criteria.append(Criterion(ckey, ctitle, description, subpoints))
    if key is None or title is None:
        return None
    return CriteriaSet(key, title, tuple(criteria))


def _assessment(r: Reader, value: Any, path: str) -> Assessment | None:
    obj = r.obj(value, path, ("agreement", "criteria_set", "criterion", "rating", "justification", "subpoints_met", "override_reason"))
    if obj is None:
        return None
    agreement = r.key(obj.get("agreement", MISSING), f"{path}.agreement")
    cset = r.key(obj.get("criteria_set", MISSING), f"{path}.criteria_set")
    criterion = r.key(obj.get("criterion", MISSING), f"{path}.criterion")
    rating = r.choice(obj.get("rating", MISSING), f"{path}.rating", RATINGS, required=True)
    justification = r.text(obj.get("justification", MISSING), f"{path}.justification")
    met_raw = obj.get("subpoints_met", MISSING)
    subpoints_met = None if met_raw is MISSING or met_raw is None else _string_list(r, met_raw, f"{path}.subpoints_met", unique="sub-point")
    override = r.text(obj.get("override_reason", MISSING), f"{path}.override_reason")
    if None in (agreement, cset, criterion, rating):
        return None
    return Assessment(agreement, cset, criterion, rating, justification, subpoints_met, override)


def _deviation(r: Reader, value: Any, path: str) -> Deviation | None:
    obj = r.obj(value, path, ("action", "agreement", "from", "to", "to_date", "reason"))
    if obj is None:
        return None
    action = r.choice(obj.get("action", MISSING), f"{path}.action", ACTIONS, required=True)
    agreement = r.key(obj.get("agreement", MISSING), f"{path}.agreement", required=False)
    from_meeting = r.meeting_ref(obj.get("from", MISSING), f"{path}.from")
    to_meeting = r.meeting_ref(obj.get("to", MISSING), f"{path}.to", required=False)
    to_date = r.date(obj.get("to_date", MISSING), f"{path}.to_date")
    reason = r.text(obj.get("reason", MISSING), f"{path}.reason")
    has_to = obj.get("to") is not None
    has_date = obj.get("to_date") is not None
    if not has_to and not has_date:
        r.add(path, "to-missing")
        return None
    if has_to and has_date:
        r.add(path, "to-both")
        return None
    if action is None or from_meeting is None or (to_meeting is None and to_date is None):
        return None
    if not _agreement_fits(r, path, action, agreement):
        return None
    allowed = ACTION_MEETINGS[action]
    if from_meeting.number not in allowed:
        # The planner looks a deviation up by where it put the item: from elsewhere it would be stored, exported
        # and shown nowhere, and the item would stay where it was without a word.
        r.add(f"{path}.from", "deviation-from-elsewhere", action=action, allowed=_meetings_text(allowed),
              meeting=f"{from_meeting.number}/{from_meeting.year}")
        return None
    return Deviation(action, agreement, from_meeting, to_meeting, to_date, reason)


def _meetings_text(numbers: tuple[int, ...]) -> ValueDescription:
    """Meeting numbers as a message names them: "meeting 2", "meetings 2, 3 or 4" (bokmål "2. møte" …)."""
    if len(numbers) == 1:
        return ValueDescription((f"meeting {numbers[0]}", f"{numbers[0]}. møte"))
    head, last = ", ".join(str(n) for n in numbers[:-1]), numbers[-1]
    return ValueDescription((f"meetings {head} or {last}", f"{', '.join(f'{n}.' for n in numbers[:-1])} eller {last}. møte"))


def _agreement_fits(r: Reader, path: str, action: str, agreement: str | None) -> bool:
    """An item about one agreement names it; an agreement-free one (the scope, the overview, the secretariat's own
    items) names none."""
    free = action == OWN_ACTION or action in AGREEMENT_FREE_ACTIONS
    if free and agreement is not None:
        r.add(f"{path}.agreement", "agreement-not-allowed", action=action)
        return False
    if not free and agreement is None:
        r.add(f"{path}.agreement", "agreement-needed", action=action)
        return False
    return True


def _agenda_entry(r: Reader, value: Any, path: str) -> AgendaEntry | None:
    fields_ = ("meeting", "action", "agreement", "key", "title", "background", "proposed_decision", "position", "minutes", "taken_at", "attachments")
    obj = r.obj(value, path, fields_)
    if obj is None:
        return None
    meeting = r.meeting_ref(obj.get("meeting", MISSING), f"{path}.meeting")
    action = r.choice(obj.get("action", MISSING), f"{path}.action", AGENDA_ACTIONS, required=True)
    agreement = r.key(obj.get("agreement", MISSING), f"{path}.agreement", required=False)
    # A key or title the reader refused (a line break in it) is not also "required": the count tells whether it did.
    counted = r.count
    key = r.key(obj.get("key", MISSING), f"{path}.key", required=False) or ""
    key_refused, counted = r.count > counted, r.count
    title = r.text(obj.get("title", MISSING), f"{path}.title", limit=LINE_LIMIT, one_line=True)
    title_refused = r.count > counted
    background = r.text(obj.get("background", MISSING), f"{path}.background")
    proposed = r.text(obj.get("proposed_decision", MISSING), f"{path}.proposed_decision")
    position = r.integer(obj.get("position", MISSING), f"{path}.position", low=0, high=10_000)
    minutes = r.text(obj.get("minutes", MISSING), f"{path}.minutes")
    taken_raw = obj.get("taken_at", MISSING)
    taken_at = None
    if taken_raw is not MISSING and taken_raw is not None:
        taken_at = parse_datetime(taken_raw) if isinstance(taken_raw, str) else None
        if taken_at is None:
            r.add(f"{path}.taken_at", "not-datetime", value=str(taken_raw)[:40])
        elif not r.in_years(taken_at.year, taken_raw, f"{path}.taken_at"):
            taken_at = None
    attachments = _string_list(r, obj.get("attachments", MISSING), f"{path}.attachments")
    if meeting is None or action is None:
        return None
    if action == OWN_ACTION:
        if not key:
            if not key_refused:
                r.add(f"{path}.key", "missing")
            return None
        if not title:
            if not title_refused:
                r.add(f"{path}.title", "missing")
            return None
    if not _agreement_fits(r, path, action, agreement):
        return None
    return AgendaEntry(meeting, action, agreement, key, title, background, proposed, position, minutes, taken_at, attachments)


def parse_datetime(value: str) -> dt.datetime | None:
    """ISO date and time (`2006-04-26T10:15`, seconds and a UTC offset optional); None for anything else."""
    if not re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?$", value):
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _both(english: str, norwegian: str) -> ValueDescription:
    """A record named in a message, in English and in bokmål."""
    return ValueDescription((english, norwegian))


def _action_nb(action: str) -> str:
    from .planner import ACTION_NB

    return ACTION_NB.get(action, "Sak" if action == "own" else action)


def _records(r: Reader, top: dict, name: str, read: Callable, what: str, show: Callable, stored: tuple = ()) -> list[tuple[int, Any]]:
    """Read one top-level list as (position, record) pairs; a second record with the same identity (the kind's in
    RECORD_KINDS) is an error naming both positions.

    `stored` (a merge: the records of this kind already stored) gives each field a record leaves out: see
    `_with_stored_fields`."""
    identity = RECORD_KINDS[name]
    kept = {identity(record): record for record in stored}
    out = []
    seen: dict[Any, int] = {}
    for i, item in enumerate(r.list(top.get(name, MISSING), name)):
        path = f"{name}[{i}]"
        before = r.count
        record = read(r, item, path)
        if record is None:
            continue
        ident = identity(record)
        old = kept.get(ident)
        if old is not None and r.count == before:
            fuller, left_out = _with_stored_fields(name, item, old, read)
            if left_out:
                # Read again as a whole: what the file gives must fit what it keeps (an end date before a new
                # signed date), and the message says where the other value came from.
                record = read(r, fuller, path)
                if r.count > before:
                    r.add(path, "kept-fields", fields=", ".join(left_out))
                if record is None:
                    continue
        if ident in seen:
            r.add(path, "duplicate", what=what, ident=show(record), other=f"{name}[{seen[ident]}]")
            continue
        seen[ident] = i
        out.append((i, record))
    return out


def _with_stored_fields(name: str, item: dict, stored: Any, read: Callable) -> tuple[dict, list[str]]:
    """A record of a merged file that is already stored, with the stored value of each field the file leaves out,
    and the names of those fields.

    A merge changes what the file says and keeps what it does not, as it keeps the records and the settings the
    file does not name: a bundle from the previous release (meetings without time or chair, ratings without their
    ticks) or from a tool that writes only the fields of DOMAIN §6's example emptied those fields of every record
    it named, and the report said only "changed". A field given as null still empties it; `--replace` takes the
    file as it is.

    Not kept: a rating's ticks and override reason when the file gives another rating (they were the stored
    rating's reasons, and would refuse the new one), and anything of a stored record that this version's reader
    would refuse on its own (a text an older version let in, with a control character): that record is taken as
    the file gives it, as before, rather than refusing the file for a field it does not have."""
    written = _WRITERS[name](stored)
    left_out = [key for key in written if key not in item]
    if name == "deviations" and ("to" in item or "to_date" in item):
        left_out = [key for key in left_out if key not in ("to", "to_date")]  # a deviation goes to one or the other
    if name == "assessments" and item.get("rating") != written["rating"]:
        left_out = [key for key in left_out if key not in ("subpoints_met", "override_reason")]
    fuller = {**item, **{key: written[key] for key in left_out}}
    if name == "criteria_sets" and isinstance(item.get("criteria"), list):
        stored_criteria = {c.key: _criterion_to_json(c) for c in stored.criteria}
        criteria = []
        for criterion in item["criteria"]:
            own = stored_criteria.get(criterion.get("key")) if isinstance(criterion, dict) else None
            missing = [key for key in own or () if key not in criterion]
            if missing:
                criterion = {**criterion, **{key: own[key] for key in missing}}
                left_out += [f"criteria[{criterion['key']}].{key}" for key in missing]
            criteria.append(criterion)
        fuller["criteria"] = criteria
    if not left_out:
        return item, []
    alone = Reader()
    read(alone, written, "stored")
    return (item, []) if alone.count else (fuller, left_out)


def _check_subpoints(r: Reader, path: str, criterion: Criterion, a: Assessment) -> None:
    """Ticked sub-points must be the criterion's, with a rating they can give; a rating other than the one they
    give needs its reason (DOMAIN §5; the rule is evaluation.subpoint_problem)."""
    from .evaluation import subpoint_problem

    found = subpoint_problem(criterion, a)
    if found is None:
        return
    field, code, details = found
    if code == "unknown-subpoint":
        r.add(f"{path}.{field}", code, subpoint=details["unknown"][0], criterion=criterion.key)
    else:
        r.add(f"{path}.{field}", code, **details)


def _keys_present(items: Any) -> set[str]:
    """The keys of the records in a list as given in the file, those refused for a bad field included (a key
    that cannot be read is left out). Read quietly: the record's own reading names its problems."""
    quiet = Reader()
    keys = (quiet.key(item.get("key", MISSING), "") for item in (items if isinstance(items, list) else ()) if isinstance(item, dict))
    return {key for key in keys if key is not None}


def _criteria_present(items: Any) -> dict[str, set[str] | None]:
    """The criteria sets in the file by key, each with the keys of its criteria as given, refused ones included;
    None for a set some of whose criteria cannot be read by key (any criterion may be the one meant)."""
    out: dict[str, set[str] | None] = {}
    quiet = Reader()
    for item in items if isinstance(items, list) else ():
        if not isinstance(item, dict) or (key := quiet.key(item.get("key", MISSING), "")) is None:
            continue
        criteria = item.get("criteria", MISSING)
        criteria = [] if criteria is MISSING or criteria is None else criteria
        keys = [quiet.key(c.get("key", MISSING), "") if isinstance(c, dict) else None for c in criteria] if isinstance(criteria, list) else [None]
        known = out.get(key, set())
        out[key] = None if known is None or None in keys else known | set(keys)
    return out


def _values(pairs: list[tuple[int, Any]]) -> tuple:
    return tuple(record for _, record in pairs)


@dataclass(frozen=True)
class Bundle:
    """A bundle as read: the records it holds, whether `settings` was given at all, and which settings it names.

    `register.settings` has the absent ones at their defaults: what a new or replaced database gets (DOMAIN §6).
    A merge takes only `settings_given` (None: all of them) and keeps the stored value of the others, so that a
    file written by a tool that knows only some settings does not reset the rest."""

    register: Register
    has_settings: bool
    settings_given: frozenset[str] | None = None


def meeting_problems(meeting: Meeting) -> list[Problem]:
    """What an import would refuse in this meeting (a text too long, control characters): the window's meeting
    dialog refuses the same, so that a bundle exported from the database can always be imported again."""
    r = Reader()
    _meeting(r, _meeting_to_json(meeting), "meeting")
    return r.problems


def agenda_entry_problems(entry: AgendaEntry) -> list[Problem]:
    """What an import would refuse in this agenda item (see meeting_problems)."""
    r = Reader()
    _agenda_entry(r, _agenda_to_json(entry), "agenda")
    return r.problems


def read_bundle(data: Any, *, existing: Register | None = None) -> Bundle:
    """Validate a parsed JSON bundle completely; raise InvalidInput listing every problem, else return it.

    References (decisions, signings, assessments, deviations → agreements and criteria) may point into
    the bundle itself or, when merging, into `existing`, the register already stored.
    """
    r = Reader()
    top = r.obj(data, "", TOP_LEVEL_KEYS)
    if top is None:
        raise InvalidInput(r.problems, total=r.count)
    fmt = top.get("format", MISSING)
    if fmt is MISSING:
        r.add("format", "missing")
    elif fmt != FORMAT:
        r.add("format", "bad-format", got=describe_value(fmt))
    version = top.get("version", MISSING)
    if version is MISSING:
        r.add("version", "missing")
    elif isinstance(version, bool) or version != VERSION:
        r.add("version", "bad-version", got=describe_value(version))

    def records(r: Reader, top: dict, name: str, read: Callable, what: str, show: Callable) -> list[tuple[int, Any]]:
        return _records(r, top, name, read, what, show, getattr(existing, name) if existing is not None else ())

    settings, settings_given = _settings(r, top.get("settings", MISSING))
    governments = records(r, top, "governments", _government, "a government that took office", lambda g: _both(g.took_office.isoformat(), format_date(g.took_office)))
    meetings = records(r, top, "meetings", _meeting, "meeting", lambda m: f"{m.number}/{m.year}")
    agreements = records(r, top, "agreements", read_agreement, "agreement", lambda a: _both(f'"{a.key}"', f"«{a.key}»"))
    decisions = records(
        r, top, "decisions", _decision, "decision",
        lambda d: _both(f'on "{d.agreement}" at meeting {d.meeting.number}/{d.meeting.year}', f"for «{d.agreement}» på møte {d.meeting.number}/{d.meeting.year}"),
    )
    signings = records(
        r, top, "signings", _signing, "signing", lambda s: _both(f'of "{s.agreement}" on {s.date.isoformat()}', f"av «{s.agreement}» {format_date(s.date)}")
    )
    criteria_sets = records(r, top, "criteria_sets", _criteria_set, "criteria set", lambda c: _both(f'"{c.key}"', f"«{c.key}»"))
    assessments = records(
        r,
        top,
        "assessments",
        _assessment,
        "assessment",
        lambda a: _both(f'of "{a.agreement}" on "{a.criteria_set}/{a.criterion}"', f"av «{a.agreement}» etter «{a.criteria_set}/{a.criterion}»"),
    )
    agenda = records(
        r,
        top,
        "agenda",
        _agenda_entry,
        "agenda item",
        lambda e: _both(
            f"{e.action}{' ' + repr(e.agreement) if e.agreement else ''}{' ' + repr(e.key) if e.key else ''} at meeting {e.meeting.number}/{e.meeting.year}",
            f"«{_action_nb(e.action)}»{' for «' + e.agreement + '»' if e.agreement else ''}{' «' + e.key + '»' if e.key else ''} på møte {e.meeting.number}/{e.meeting.year}",
        ),
    )
    deviations = records(
        r,
        top,
        "deviations",
        _deviation,
        "deviation",
        lambda d: _both(
            f'of the {d.action} item{" of " + repr(d.agreement) if d.agreement else ""} from meeting {d.from_meeting.number}/{d.from_meeting.year}',
            f"av saken «{_action_nb(d.action)}»{' for «' + d.agreement + '»' if d.agreement else ''} fra møte {d.from_meeting.number}/{d.from_meeting.year}",
        ),
    )

    # References: into the bundle, or into what is stored. A record that is in the file but was refused for a bad
    # field counts as there: its bad field is the error, and a "neither in the file nor in the database" for every
    # record referring to it would send the user looking for a record that is not missing.
    known_agreements = (
        {a.key for _, a in agreements} | _keys_present(top.get("agreements")) | ({a.key for a in existing.agreements} if existing else set())
    )
    known_criteria: dict[str, set[str] | None] = {}  # None: the set's criteria could not all be read
    if existing:
        for cs in existing.criteria_sets:
            known_criteria[cs.key] = {c.key for c in cs.criteria}
    for _, cs in criteria_sets:
        known_criteria[cs.key] = {c.key for c in cs.criteria}
    present_sets = _criteria_present(top.get("criteria_sets"))
    refused_sets = present_sets.keys() - {cs.key for _, cs in criteria_sets}
    for key, criteria_keys in present_sets.items():
        known = known_criteria.get(key, set())
        known_criteria[key] = None if criteria_keys is None or known is None else known | criteria_keys

    for name, pairs in (("decisions", decisions), ("signings", signings), ("assessments", assessments), ("deviations", deviations), ("agenda", agenda)):
        for i, record in pairs:
            if record.agreement is not None and record.agreement not in known_agreements:
                r.add(f"{name}[{i}].agreement", "unknown-agreement", key=record.agreement)
    criteria_of = {cs.key: cs for cs in (existing.criteria_sets if existing else ()) if cs.key not in refused_sets} | {cs.key: cs for _, cs in criteria_sets}
    for i, a in assessments:
        if a.criteria_set not in known_criteria:
            r.add(f"assessments[{i}].criteria_set", "unknown-criteria-set", key=a.criteria_set)
        elif known_criteria[a.criteria_set] is not None and a.criterion not in known_criteria[a.criteria_set]:
            r.add(f"assessments[{i}].criterion", "unknown-criterion", key=a.criterion, set=a.criteria_set)
        elif a.subpoints_met is not None and a.criteria_set in criteria_of:
            criterion = criteria_of[a.criteria_set].criterion(a.criterion)
            if criterion is not None:  # None: the criterion is in the file but refused; its own problem is named
                _check_subpoints(r, f"assessments[{i}]", criterion, a)

    if r.problems:
        raise InvalidInput(r.problems, total=r.count)
    register = Register(
        settings=settings,
        governments=_values(governments),
        meetings=_values(meetings),
        agreements=_values(agreements),
        decisions=_values(decisions),
        signings=_values(signings),
        criteria_sets=_values(criteria_sets),
        assessments=_values(assessments),
        deviations=_values(deviations),
        agenda=_values(agenda),
    )
    return Bundle(register, has_settings=top.get("settings") is not None, settings_given=settings_given)


# -- writing -------------------------------------------------------------------------------------------


def _d(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _ref(ref: MeetingRef | None) -> dict | None:
    return {"year": ref.year, "number": ref.number} if ref else None


def agreement_to_json(a: Agreement) -> dict:
    return {
        "key": a.key,
        "title": a.title,
        "category": a.category,
        "state_parties": list(a.state_parties),
        "other_parties": list(a.other_parties),
        "ks_signatory_level": a.ks_signatory_level,
        "signatories": [{"name": s.name, "role": s.role, "party": s.party} for s in a.signatories],
        "signed_date": _d(a.signed_date),
        "start_date": _d(a.start_date),
        "end_date": _d(a.end_date),
        "duration_months": a.duration_months,
        "notice_months": a.notice_months,
        "notice_text": a.notice_text,
        "purpose": a.purpose,
        "obligations": (
            {"joint": a.obligations.joint, "ks": a.obligations.ks, "state": a.obligations.state} if a.obligations else None
        ),
        "economy_text": a.economy_text,
        "storting_reservation": a.storting_reservation,
        "evaluation_clause": a.evaluation_clause,
        "evaluation_annual": a.evaluation_annual,
        "followup_text": a.followup_text,
        "term_exception": a.term_exception,
        "status": a.status,
        "notes": a.notes,
    }


def _criterion_to_json(c: Criterion) -> dict:
    out: dict[str, Any] = {"key": c.key, "title": c.title}
    # Extensions beyond the contract's example are written only when used, so that a bundle made by
    # another tool comes back out exactly as it went in.
    if c.description is not None:
        out["description"] = c.description
    if c.subpoints:
        out["subpoints"] = list(c.subpoints)
    return out


def _deviation_to_json(d: Deviation) -> dict:
    out: dict[str, Any] = {"action": d.action, "agreement": d.agreement, "from": _ref(d.from_meeting)}
    if d.to_meeting is not None:
        out["to"] = _ref(d.to_meeting)
    else:
        out["to_date"] = _d(d.to_date)
    out["reason"] = d.reason
    return out


def _meeting_to_json(m: Meeting) -> dict:
    out: dict[str, Any] = {"year": m.year, "number": m.number, "date": _d(m.date), "location": m.location}
    # Written when set; an empty text is set too, so that importing the export gives the same meeting.
    if m.time is not None:
        out["time"] = m.time
    if m.chair is not None:
        out["chair"] = m.chair
    if m.participants:
        out["participants"] = list(m.participants)
    if m.notes is not None:
        out["notes"] = m.notes
    return out


def _assessment_to_json(a: Assessment) -> dict:
    out: dict[str, Any] = {
        "agreement": a.agreement,
        "criteria_set": a.criteria_set,
        "criterion": a.criterion,
        "rating": a.rating,
        "justification": a.justification,
    }
    if a.subpoints_met is not None:
        out["subpoints_met"] = list(a.subpoints_met)
    if a.override_reason is not None:
        out["override_reason"] = a.override_reason
    return out


def _agenda_to_json(e: AgendaEntry) -> dict:
    out: dict[str, Any] = {"meeting": _ref(e.meeting), "action": e.action, "agreement": e.agreement}
    if e.key:
        out["key"] = e.key
    for name in ("title", "background", "proposed_decision", "position", "minutes"):
        value = getattr(e, name)
        if value is not None:
            out[name] = value
    if e.taken_at is not None:
        out["taken_at"] = e.taken_at.isoformat(timespec="seconds")
    if e.attachments:
        out["attachments"] = list(e.attachments)
    return out


def write_bundle(register: Register) -> dict:
    """The canonical bundle of a register: every documented field, dates as ISO text, records in stored order.

    What goes beyond DOMAIN §6's example (meeting details, the agenda's texts, sub-point ratings, the case
    numbering) is written only when used, so that a bundle made by another tool comes back out exactly as it went in.
    """
    s = register.settings
    settings: dict[str, Any] = {"resign_on_every_continue": s.resign_on_every_continue, "first_election_year": s.first_election_year}
    if s.case_numbering != Settings().case_numbering:
        settings["case_numbering"] = s.case_numbering
    out = {
        "format": FORMAT,
        "version": VERSION,
        "settings": settings,
        **{kind: [write(r) for r in getattr(register, kind)] for kind, write in _WRITERS.items() if kind != "agenda"},
    }
    if register.agenda:
        out["agenda"] = [_agenda_to_json(e) for e in register.agenda]
    return out


def _government_to_json(g: Government) -> dict:
    return {"name": g.name, "took_office": _d(g.took_office)}


def _decision_to_json(d: Decision) -> dict:
    return {"agreement": d.agreement, "meeting": _ref(d.meeting), "decision": d.decision, "note": d.note}


def _signing_to_json(x: Signing) -> dict:
    return {"agreement": x.agreement, "date": _d(x.date), "meeting": _ref(x.meeting), "end_date": _d(x.end_date)}


def _criteria_set_to_json(c: CriteriaSet) -> dict:
    return {"key": c.key, "title": c.title, "criteria": [_criterion_to_json(k) for k in c.criteria]}


# Each kind's record as the bundle writes it, in the bundle's order of kinds.
_WRITERS: dict[str, Callable[[Any], dict]] = {
    "governments": _government_to_json,
    "meetings": _meeting_to_json,
    "agreements": agreement_to_json,
    "decisions": _decision_to_json,
    "signings": _signing_to_json,
    "criteria_sets": _criteria_set_to_json,
    "assessments": _assessment_to_json,
    "deviations": _deviation_to_json,
    "agenda": _agenda_to_json,
}


def dumps(register: Register) -> str:
    return json.dumps(write_bundle(register), ensure_ascii=False, indent=2) + "\n"
