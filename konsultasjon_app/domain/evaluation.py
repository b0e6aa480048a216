"""The yearly evaluation: ratings against a criteria set, sub-point derivation, the model-agreement suggestions, the
filters, and the summary of counts per criterion and rating (seed 001, Tabell 4.1)."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field, replace

from .calendar import format_date, listed
from .changes import Op, Put, dropped_ratings, refitted_ratings
from .checks import check_agreement, party_index, signatories_required
from .colours import text_on
from .criteria_builtin import BUILTIN_SETS, MODEL_AGREEMENT
from .lifecycle import lifetimes, signings_by_agreement
from .meetings import Calendar, MeetingSlot
from .model import RATINGS, Agreement, Assessment, CriteriaSet, Criterion, Party, Register, Signing, assessment_id, norwegian_key

RATING_NB = {
    "i_traad": "I tråd",
    "delvis": "Delvis i tråd",
    "ikke_i_traad": "Ikke i tråd",
    "ikke_relevant": "Ikke relevant",
    "ikke_vurdert": "Ikke vurdert",
}
# One palette for the screen, the PDF and the workbook, so that a colour means the same rating everywhere.
# `RATING_COLOURS` fill bars and legends; `RATING_TINTS` are light enough to put black text on.
RATING_COLOURS = {
    "i_traad": "#2e7d32",
    "delvis": "#f2a900",
    "ikke_i_traad": "#c62828",
    "ikke_relevant": "#8d8d8d",
    "ikke_vurdert": "#d5d5d5",
}
# The colour of a count painted on a rating's colour: white, or dark on the fills too light for white to be read.
RATING_TEXT_COLOURS = {rating: text_on(colour) for rating, colour in RATING_COLOURS.items()}
RATING_TINTS = {
    "i_traad": "#d4ecd5",
    "delvis": "#fff0c2",
    "ikke_i_traad": "#f8d3d3",
    "ikke_relevant": "#e8e8e8",
    "ikke_vurdert": "#f5f5f5",
}
# Ratings a judgement of sub-points can give; "not relevant" and "not assessed" say the points were not weighed.
JUDGED = ("i_traad", "delvis", "ikke_i_traad")
# The summary's columns, as the text, the PDF and the workbook print them: the criterion, then its counts.
CRITERION_HEADING = "Kriterium"
SUMMARY_HEADINGS = (*(RATING_NB[r] for r in RATINGS), "Andel i tråd")
# What «Andel i tråd» is out of, under the summary in the workbook and the PDF. Without it a reader checks «I tråd 2»
# of «8 avtaler vurdert» against 33 % and takes it for wrong: the base is the agreements judged on the criterion.
SHARE_NOTE = ("Andel i tråd: andelen «I tråd» av vurderingene som er i tråd, delvis i tråd eller ikke i tråd. "
              "«Ikke relevant» og «Ikke vurdert» er holdt utenfor.")


# -- criteria sets: stored, or built in ---------------------------------------------------------------------


def resolve_criteria_set(register: Register, key: str) -> CriteriaSet | None:
    """The set stored under `key`, else the built-in template of that key (not stored yet), else None."""
    return register.criteria_set(key) or BUILTIN_SETS.get(key)


def is_stored(register: Register, key: str) -> bool:
    return register.criteria_set(key) is not None


def unstored_builtin_sets(register: Register) -> list[CriteriaSet]:
    return [s for key, s in BUILTIN_SETS.items() if register.criteria_set(key) is None]


def ensure_stored(register: Register, criteria_set: CriteriaSet) -> tuple[Op, ...]:
    """The operation that stores a built-in set with the first rating against it (none if it is stored)."""
    return () if is_stored(register, criteria_set.key) else (Put("criteria_sets", criteria_set),)


# -- ratings and sub-points ---------------------------------------------------------------------------------


def derive_rating(subpoints: tuple[str, ...], met: tuple[str, ...] | set[str]) -> str:
    """The rating the sub-points give (DOMAIN §5, seed 001 ch. 3.2): all met → in line; one missing → partly;
    more → not in line. Nothing met is never "partly": a criterion with a single sub-point that is missing is not
    in line, not partly in line."""
    if not subpoints:
        raise ValueError("a criterion without sub-points has no derived rating")
    missing = sum(1 for s in subpoints if s not in met)
    if missing == 0:
        return "i_traad"
    if missing == 1 and missing < len(subpoints):
        return "delvis"
    return "ikke_i_traad"


def derived_rating(criterion: Criterion, assessment: Assessment | None) -> str | None:
    """The rating the ticked sub-points give, when the assessment was made point by point; else None."""
    if assessment is None or assessment.subpoints_met is None or not criterion.subpoints:
        return None
    return derive_rating(criterion.subpoints, assessment.subpoints_met)


def is_override(criterion: Criterion, rating: str, met: tuple[str, ...] | None) -> bool:
    """Whether `rating` departs from what the ticked sub-points give (and so needs a reason)."""
    return met is not None and bool(criterion.subpoints) and rating != derive_rating(criterion.subpoints, met)


def subpoint_problem(criterion: Criterion, assessment: Assessment) -> tuple[str, str, dict] | None:
    """The first thing wrong with an assessment's ticked sub-points (DOMAIN §5): (the field, the problem's code,
    its details), or None. The sub-points must be the criterion's, with a rating they can give, and a rating other
    than the one they give needs its reason. The bundle reader reports it for an import and for the dialogs."""
    met = assessment.subpoints_met
    if met is None:
        return None
    unknown = [s for s in met if s not in criterion.subpoints]
    if unknown:
        return ("subpoints_met", "unknown-subpoint", {"unknown": unknown})
    if assessment.rating not in JUDGED:
        return ("rating", "subpoints-not-judged", {"rating": assessment.rating})
    if is_override(criterion, assessment.rating, met) and not (assessment.override_reason or "").strip():
        return ("override_reason", "override-reason-needed", {"derived": derive_rating(criterion.subpoints, met), "rating": assessment.rating})
    return None


def assessment_problems(criterion: Criterion, assessment: Assessment) -> list[str]:
    """What is wrong with an assessment of this criterion, in Norwegian (empty when it is sound)."""
    found = subpoint_problem(criterion, assessment)
    if found is None:
        return []
    _, code, details = found
    if code == "unknown-subpoint":
        return ["ukjente delpunkter: " + ", ".join(f"«{s}»" for s in details["unknown"])]
    if code == "subpoints-not-judged":
        return ["delpunkter kan bare krysses av når vurderingen er i tråd, delvis i tråd eller ikke i tråd"]
    return [f"delpunktene gir «{RATING_NB[details['derived']]}»; en annen vurdering må begrunnes"]


class ReasonRequired(ValueError):
    """The rating departs from what the ticked sub-points give, and no reason was given."""

    def __init__(self, derived: str):
        super().__init__(f"the sub-points give {derived}; another rating needs a reason")
        self.derived = derived


def with_rating(
    criterion: Criterion,
    agreement: str,
    set_key: str,
    existing: Assessment | None,
    rating: str,
    override_reason: str | None = None,
) -> Assessment:
    """The assessment after the user sets `rating`, keeping the justification.

    A point-by-point assessment keeps its ticks; a rating other than the derived one needs a reason (the one given,
    or the one already recorded), else ReasonRequired. "Not relevant" and "not assessed" say the points were not
    weighed, so they drop the ticks and any reason.
    """
    justification = existing.justification if existing else None
    met = existing.subpoints_met if existing else None
    if rating not in JUDGED:
        return Assessment(agreement, set_key, criterion.key, rating, justification, None, None)
    reason = None
    if is_override(criterion, rating, met):
        reason = (override_reason or (existing.override_reason if existing else None) or "").strip() or None
        if reason is None:
            raise ReasonRequired(derive_rating(criterion.subpoints, met))
    return Assessment(agreement, set_key, criterion.key, rating, justification, met, reason)


# -- suggestions from the register (the model agreement only) -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A rating the register's fields suggest for a criterion, and what in the register gives it."""

    rating: str
    basis: str  # what in the register gives it, in Norwegian; becomes the justification when accepted


_ANNUAL = re.compile(r"årlig|hvert år|3\.\s*(konsultasjons)?møte", re.IGNORECASE)


def suggest_model_agreement(
    agreement: Agreement, register: Register, parties: dict[str, Party] | None = None, signings: tuple[Signing, ...] | None = None
) -> dict[str, Suggestion]:
    """Suggested ratings on the model-agreement criteria from the register's fields, keyed by criterion key.

    They agree with the register's model-agreement warnings (`checks.check_agreement`), which they build on. A
    criterion the register says nothing about (economy without any economy text; signatures with no signatories
    recorded, unless the KS level or a directorate already tells against them: "political" as the KS level says
    nothing of the ministers) gets no suggestion. Obligations that are only partly set out are rated as the
    criterion's three sub-points derive it (one part missing: partly in line; two: not in line), so that accepting
    the suggestion and ticking the same parts give one rating.
    Suggestions are never written without the user's action, and they tick no sub-points. `parties` is
    `party_index(register.parties)` and `signings` the agreement's recorded signings by date, for a caller that
    suggests for many agreements.
    """
    if parties is None:
        parties = party_index(register.parties)
    if signings is None:
        signings = signings_by_agreement(register).get(agreement.key, ())
    warnings = {w.code: w for w in check_agreement(agreement, register.settings, parties, signings)}
    codes = warnings.keys()
    out: dict[str, Suggestion] = {}

    if "no-purpose" in codes:
        out["formal"] = Suggestion("ikke_i_traad", "Avtalen har ikke registrert noe formål.")
    else:
        out["formal"] = Suggestion("i_traad", "Formålet er registrert.")

    ob = agreement.obligations
    named = [label for label, text in (("felles plikter", ob.joint if ob else None), ("KS' plikter", ob.ks if ob else None),
                                        ("statens plikter", ob.state if ob else None)) if text and text.strip()]
    if not named:
        out["forpliktelser"] = Suggestion("ikke_i_traad", "Partenes forpliktelser er ikke registrert.")
    elif len(named) < 3:
        # As the criterion's sub-points (the three parts) derive it: one missing, partly in line; two, not in line.
        missing = [x for x in ("felles plikter", "KS' plikter", "statens plikter") if x not in named]
        out["forpliktelser"] = Suggestion("delvis" if len(missing) == 1 else "ikke_i_traad", f"Registrert: {', '.join(named)}; mangler: {', '.join(missing)}.")
    else:
        out["forpliktelser"] = Suggestion("i_traad", "Felles plikter, KS' plikter og statens plikter er registrert.")

    if agreement.economy_text and agreement.economy_text.strip():
        if "economy-without-reservation" in codes:
            out["okonomi"] = Suggestion("delvis", "Økonomi er omtalt, men uten forbehold om Stortingets bevilgning.")
        elif "earmarked-grant" in codes:
            out["okonomi"] = Suggestion("delvis", "Avtalen nevner øremerkede tilskudd.")
        else:
            out["okonomi"] = Suggestion("i_traad", "Økonomi er omtalt, med forbehold om Stortingets bevilgning.")

    if "no-evaluation-clause" in codes:
        out["evaluering"] = Suggestion("ikke_i_traad", "Avtalen sier ikke at den skal evalueres.")
    elif agreement.evaluation_annual is True or _ANNUAL.search(agreement.evaluation_clause or ""):
        out["evaluering"] = Suggestion("i_traad", "Avtalen skal evalueres årlig.")
    else:
        out["evaluering"] = Suggestion("delvis", "Avtalen skal evalueres, men det går ikke fram at det skal skje årlig på 3. konsultasjonsmøte.")

    if "no-end-date" in codes:
        out["varighet"] = Suggestion("ikke_i_traad", "Verken sluttdato eller varighet er registrert.")
    else:
        faults = []
        if "beyond-term" in codes:
            faults.append("varer ut over stortingsperioden")
        if "no-notice-period" in codes:
            faults.append("oppsigelsestid mangler")
        if faults:
            out["varighet"] = Suggestion("delvis", "Varigheten går fram, men " + listed(faults) + ".")
        else:
            out["varighet"] = Suggestion("i_traad", "Varighet og oppsigelse går fram.")

    if "administrative-signatory" in codes:
        message = warnings["administrative-signatory"].message
        out["underskrifter"] = Suggestion("ikke_i_traad", message if message.endswith(".") else message + ".")
    elif agreement.signatories:
        ministries, ks = signatories_required(agreement, parties)
        signers = (["KS' leder"] if ks else []) + ([f"statsråd{'en' if len(ministries) == 1 else 'ene'} for {listed(ministries)}"] if ministries else [])
        if signers:
            text = listed(signers) + " har undertegnet."
            out["underskrifter"] = Suggestion("i_traad", text[0].upper() + text[1:])
    return out


def model_suggestions(register: Register, criteria_set: CriteriaSet, agreements: tuple[Agreement, ...] | list[Agreement]) -> dict[tuple[str, str], Suggestion]:
    """What the register's fields suggest for each cell (agreement, criterion), rated or not: it depends on the
    agreements, the settings and the parties, never on the ratings.

    Only the model agreement's criteria have rules; a criterion is taken to be the model agreement's when its key
    is, so a copy of the built-in set (which keeps the keys) keeps its suggestions.
    """
    model_keys = {c.key for c in MODEL_AGREEMENT.criteria}
    wanted = [c.key for c in criteria_set.criteria if c.key in model_keys]
    if not wanted:
        return {}
    out: dict[tuple[str, str], Suggestion] = {}
    parties = party_index(register.parties)
    signings = signings_by_agreement(register)
    for agreement in agreements:
        found = suggest_model_agreement(agreement, register, parties, signings.get(agreement.key, ()))
        for key in wanted:
            if key in found:
                out[(agreement.key, key)] = found[key]
    return out


def suggestions(
    register: Register,
    criteria_set: CriteriaSet,
    agreements: tuple[Agreement, ...] | list[Agreement],
    suggested: dict[tuple[str, str], Suggestion] | None = None,
) -> dict[tuple[str, str], Suggestion]:
    """Suggestions for the cells (agreement, criterion) that have no rating yet. `suggested` is what
    `model_suggestions` gives for these agreements, for a caller that keeps it between ratings."""
    if suggested is None:
        suggested = model_suggestions(register, criteria_set, agreements)
    rated = {(a.agreement, a.criterion) for a in register.assessments if a.criteria_set == criteria_set.key}
    return {cell: found for cell, found in suggested.items() if cell not in rated}


def accept_suggestions(register: Register, criteria_set: CriteriaSet, found: dict[tuple[str, str], Suggestion]) -> tuple[Op, ...]:
    """The operations that accept suggestions: each becomes a rating with its basis as the justification; the set
    is stored first if it is a built-in one not stored yet. Cells rated meanwhile are left as they are."""
    rated = {(a.agreement, a.criterion) for a in register.assessments if a.criteria_set == criteria_set.key}
    ops = [
        Put("assessments", Assessment(agreement, criteria_set.key, criterion, s.rating, s.basis))
        for (agreement, criterion), s in found.items()
        if (agreement, criterion) not in rated and criteria_set.criterion(criterion) is not None
    ]
    return (*ensure_stored(register, criteria_set), *ops) if ops else ()


# -- which agreements: the filters --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EvaluationFilter:
    """Which agreements the evaluation shows: a category, a state party (by its current key, so that an agreement
    recorded with a ministry's former name is found under the ministry as it is now), and a year: the agreements in
    force on the day of that year's meeting 3, those its status items deal with (rule M3-STATUS), for the report
    headed for that meeting."""

    category: str | None = None
    state_party: str | None = None
    year: int | None = None

    @property
    def is_empty(self) -> bool:
        return self.category is None and self.state_party is None and self.year is None


CATEGORY_NB = {"consultation": "konsultasjonsavtaler", "other": "andre avtaler"}


def status_meeting(register: Register, year: int, calendar: Calendar | None = None) -> MeetingSlot:
    """Meeting 3 of `year`, where each agreement in force gets its status and evaluation item (rule M3-STATUS): its
    date in the register, else its provisional date, as the planner has it."""
    return (calendar or Calendar(register)).slot(year, 3)


def status_meeting_text(slot: MeetingSlot) -> str:
    """The meeting and its date in words: "3. møte 2006 (30.08.2006)", a provisional date said to be one."""
    return f"{slot.number}. møte {slot.year} ({format_date(slot.date)}{', foreløpig dato' if slot.provisional else ''})"


def describe_filter(flt: EvaluationFilter, register: Register) -> str:
    """The filter in words, for the printed report ("" when it lets everything through)."""
    parts = []
    if flt.category:
        parts.append(CATEGORY_NB.get(flt.category, flt.category))
    if flt.state_party:
        party = next((p for p in register.parties if p.key == flt.state_party), None)
        parts.append(f"statlig part {flt.state_party}" + (f" ({party.name})" if party and party.name != party.key else ""))
    if flt.year is not None:
        parts.append(f"i kraft på {status_meeting_text(status_meeting(register, flt.year))}")
    return ", ".join(parts)


def canonical_party(key: str, index: dict) -> str:
    party = index.get(key)
    return party.key if party is not None else key


def filter_agreements(register: Register, flt: EvaluationFilter) -> tuple[Agreement, ...]:
    """The agreements the filter lets through, in the register's order."""
    if flt.is_empty:
        return register.agreements
    index = party_index(register.parties)
    day, lives = None, {}
    if flt.year is not None:
        # The planner's calendar and lifetimes (a termination dated by its meeting's date, user-set or provisional):
        # the consultation agreements let through are those with a status item at that meeting 3 (was: those in
        # force on any day of the year, ended before the meeting or signed after it included).
        calendar = Calendar(register)
        day = status_meeting(register, flt.year, calendar).date
        lives = lifetimes(register, calendar)
    out = []
    for a in register.agreements:
        if flt.category is not None and a.category != flt.category:
            continue
        if flt.state_party is not None and flt.state_party not in {canonical_party(p, index) for p in a.state_parties}:
            continue
        if day is not None and not lives[a.key].in_force(day):
            continue
        out.append(a)
    return tuple(out)


def state_party_choices(register: Register) -> list[tuple[str, str]]:
    """(current key, label) of every state party named by an agreement, former names merged into the current one."""
    index = party_index(register.parties)
    seen: dict[str, str] = {}
    for a in register.agreements:
        for p in a.state_parties:
            key = canonical_party(p, index)
            party = index.get(key)
            seen.setdefault(key, f"{key} – {party.name}" if party and party.name != key else key)
    return sorted(seen.items(), key=lambda kv: kv[0].lower())


def year_choices(register: Register, today: dt.date) -> list[int]:
    """The years the year filter offers, latest first: from the first year an agreement began to this year (or the
    last end date, if later)."""
    lives = lifetimes(register).values()
    begins = [life.begins.year for life in lives if life.begins]
    if not begins:
        return []
    ends = [life.ends.year for life in lives if life.begins and life.ends]
    last = max([today.year, *ends])
    return list(range(last, min(begins) - 1, -1))


# -- the summary --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One criterion's line of the summary: how many agreements got each rating."""

    criterion: str
    title: str
    counts: dict[str, int]

    @property
    def share_in_line(self) -> float | None:
        """The share rated in line among those rated relevant and assessed."""
        assessed = sum(self.counts[r] for r in JUDGED)
        return self.counts["i_traad"] / assessed if assessed else None

    def cells(self) -> list[str]:
        """The line's values under SUMMARY_HEADINGS: the count of each rating, and the share in line."""
        return [str(self.counts[r]) for r in RATINGS] + [format_share(self.share_in_line)]


@dataclass(frozen=True, slots=True)
class Summary:
    """The summary of a criteria set: counts per criterion and rating over the agreements rated in it."""

    criteria_set: CriteriaSet
    agreements: tuple[str, ...]  # the agreements with at least one rating in the set
    rows: tuple[SummaryRow, ...]


def rating_count(register: Register, set_key: str) -> int:
    """How many ratings the register holds in the criteria set."""
    return sum(1 for a in register.assessments if a.criteria_set == set_key)


def changed_rows(old: Summary | None, new: Summary | None) -> list[int] | None:
    """The lines whose counts alone differ between two summaries (a rating given, undone or done again); None when
    more than the counts does: another criterion or title, or no summary on one side."""
    if old is None or new is None or [(r.criterion, r.title) for r in old.rows] != [(r.criterion, r.title) for r in new.rows]:
        return None
    return [i for i, (before, after) in enumerate(zip(old.rows, new.rows)) if before.counts != after.counts]


def summarize(register: Register, set_key: str, only: set[str] | None = None) -> Summary:
    """Counts per criterion and rating. An agreement rated on some criterion of the set but not on this one
    counts as `ikke_vurdert` here. `only` limits the summary to some agreements (a filter).

    A built-in set that is not stored has no ratings: its summary has every criterion and no agreements.
    KeyError if the key is neither stored nor built in."""
    criteria_set = resolve_criteria_set(register, set_key)
    if criteria_set is None:
        raise KeyError(set_key)
    ratings: dict[tuple[str, str], str] = {}
    seen: set[str] = set()
    for a in register.assessments:
        if a.criteria_set != set_key or (only is not None and a.agreement not in only):
            continue
        ratings[(a.agreement, a.criterion)] = a.rating
        seen.add(a.agreement)
    rated = tuple(a.key for a in register.agreements if a.key in seen)
    rows = []
    for criterion in criteria_set.criteria:
        counts = dict.fromkeys(RATINGS, 0)
        for agreement in rated:
            counts[ratings.get((agreement, criterion.key), "ikke_vurdert")] += 1
        rows.append(SummaryRow(criterion.key, criterion.title, counts))
    return Summary(criteria_set, rated, tuple(rows))


def summary_to_json(summary: Summary) -> dict:
    return {
        "criteria_set": summary.criteria_set.key,
        "agreements": len(summary.agreements),
        "rows": [{"criterion": r.criterion, "title": r.title, "counts": dict(r.counts)} for r in summary.rows],
    }


def format_share(share: float | None) -> str:
    """A share as a whole percentage, a half rounded up as a spreadsheet shows it (5 of 8: 63 %; Python's round()
    gave 62 %, and the workbook, formatted "0 %", showed 63 %)."""
    if share is None:
        return "–"
    return f"{math.floor(round(share * 100, 9) + 0.5)} %"  # round(…, 9): 0.285 × 100 is 28.499999999999996


def assessed_text(count: int) -> str:
    """The number of agreements rated, as the summaries say it: "1 avtale vurdert", "21 avtaler vurdert"."""
    return f"{count} {'avtale' if count == 1 else 'avtaler'} vurdert"


def summary_to_text(summary: Summary) -> str:
    width = max([len(CRITERION_HEADING), *(len(r.title) for r in summary.rows)])
    lines = [f"{summary.criteria_set.title} ({summary.criteria_set.key}): {assessed_text(len(summary.agreements))}", ""]
    lines.append(CRITERION_HEADING.ljust(width) + "".join(f"  {h:>13}" for h in SUMMARY_HEADINGS))
    for r in summary.rows:
        lines.append(r.title.ljust(width) + "".join(f"  {c:>13}" for c in r.cells()))
    return "\n".join(lines) + "\n"


# -- the report: the summary and every agreement's ratings ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AgreementRatings:
    """An agreement's ratings across a criteria set, criterion by criterion."""

    agreement: Agreement
    cells: tuple[tuple[Criterion, Assessment | None], ...]  # every criterion of the set, None where not rated


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    """What the printed and exported evaluation holds."""

    summary: Summary
    rated: tuple[AgreementRatings, ...]  # the agreements with at least one rating, by title (by_title)
    unrated: tuple[Agreement, ...]  # the agreements in scope without any rating in the set, by title
    scope: str  # the filter in words ("" for every agreement)
    year: int | None  # the filter's year, if any


def by_title(agreement: Agreement) -> tuple[str, str]:
    """The agreements in the order of their titles, as Norwegian sorts them (as the other documents list them): with
    forty, one is found by its title. The PDF and the workbook both list them so."""
    return norwegian_key(agreement.title), agreement.key


def evaluation_report(register: Register, set_key: str, flt: EvaluationFilter | None = None) -> EvaluationReport:
    """The summary and the ratings of the agreements the filter lets through, by title. KeyError for an unknown set."""
    flt = flt or EvaluationFilter()
    scope = sorted(filter_agreements(register, flt), key=by_title)
    only = None if flt.is_empty else {a.key for a in scope}
    summary = summarize(register, set_key, only)
    by_cell = {(a.agreement, a.criterion): a for a in register.assessments if a.criteria_set == set_key}
    rated_keys = set(summary.agreements)
    rated = tuple(
        AgreementRatings(a, tuple((c, by_cell.get((a.key, c.key))) for c in summary.criteria_set.criteria))
        for a in scope
        if a.key in rated_keys
    )
    unrated = tuple(a for a in scope if a.key not in rated_keys)
    return EvaluationReport(summary, rated, unrated, describe_filter(flt, register), flt.year)


# -- editing a criteria set -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetChange:
    """The operations that store an edited criteria set, and what they cost the ratings (to warn before)."""

    ops: tuple[Op, ...]
    dropped: dict[str, int]  # title of a removed criterion -> ratings that go with it
    reset: dict[str, int]  # title of a criterion whose sub-points changed -> point-by-point ratings un-ticked
    reasons: dict[str, int] = field(default_factory=dict)  # title -> of those, ratings whose override reason goes too


def criteria_set_change(register: Register, new: CriteriaSet, renames: dict[str, dict[str, str]] | None = None,
                        ratings_from: CriteriaSet | None = None) -> SetChange:
    """Store `new` (a new set, or an edit of the stored one with the same key).

    Ratings of criteria no longer in the set are deleted (by the store, as by `changes.apply`). Ratings made point
    by point are refitted to the new sub-points (`changes.refitted_ratings`: ticks follow a sub-point that is only
    moved or renamed, `renames[criterion][old text] = new text`; when sub-points are added or removed, the rating
    loses its ticks and its override reason).

    `ratings_from`: a new set copied from this stored one with its ratings (a new yearly round: last year's ratings
    stay in the old set, as they were, and the new round starts from a copy of them), each rating of a criterion
    the copy keeps, refitted as an edit's would be (`renames` relative to the old set). Nothing of the old set is
    lost, so nothing is counted as dropped or reset.
    """
    old = register.criteria_set(new.key)
    ops: list[Op] = [Put("criteria_sets", new)]
    if ratings_from is not None and old is None:
        kept = [a for a in register.assessments if a.criteria_set == ratings_from.key and new.criterion(a.criterion) is not None]
        as_edit = replace(new, key=ratings_from.key)  # the copy seen as an edit of the old set, to refit its ratings
        refitted = {assessment_id(a): a for a in refitted_ratings(kept, ratings_from, as_edit, renames)}
        ops += [Put("assessments", replace(refitted.get(assessment_id(a), a), criteria_set=new.key)) for a in kept]
    dropped: dict[str, int] = {}
    reset: dict[str, int] = {}
    reasons: dict[str, int] = {}
    stored_reason = {assessment_id(a): a.override_reason for a in register.assessments if a.criteria_set == new.key}
    if old is not None:
        for _, _, criterion in dropped_ratings(register.assessments, (new,)):
            before = old.criterion(criterion)
            title = before.title if before else criterion
            dropped[title] = dropped.get(title, 0) + 1
        for refitted in refitted_ratings(register.assessments, old, new, renames):
            ops.append(Put("assessments", refitted))
            if refitted.subpoints_met is None:
                title = new.criterion(refitted.criterion).title
                reset[title] = reset.get(title, 0) + 1
                if stored_reason.get(assessment_id(refitted)):
                    reasons[title] = reasons.get(title, 0) + 1
    return SetChange(tuple(ops), dropped, reset, reasons)
