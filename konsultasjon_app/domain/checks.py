"""Checks of one agreement against the model agreement (seed 000 ch. 4.8): warnings, never blocking."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .calendar import format_date, listed
from .lifecycle import Lifetime, beyond_term
from .model import Agreement, Party, Settings, Signing, new_party

CHECK_CODES = (
    "no-purpose",
    "no-obligations",
    "economy-without-reservation",
    "no-evaluation-clause",
    "no-end-date",
    "beyond-term",
    "no-notice-period",
    "administrative-signatory",
    "earmarked-grant",
)
# Short Norwegian labels for the register's list of warnings.
CHECK_LABELS_NB = {
    "no-purpose": "Mangler formål",
    "no-obligations": "Mangler partenes forpliktelser",
    "economy-without-reservation": "Økonomi uten forbehold om Stortingets bevilgning",
    "no-evaluation-clause": "Sier ikke at avtalen skal evalueres",
    "no-end-date": "Mangler sluttdato eller varighet",
    "beyond-term": "Varer ut over stortingsperioden",
    "no-notice-period": "Mangler oppsigelsestid",
    "administrative-signatory": "Ikke undertegnet av KS' leder og berørte statsråder",
    "earmarked-grant": "Nevner øremerkede tilskudd",
}
_EARMARK = re.compile(r"øremerk|earmark", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class CheckWarning:
    """A model-agreement warning about one agreement: its code (CHECK_CODES) and the message in Norwegian."""

    agreement: str
    code: str
    message: str


def check_agreement(
    a: Agreement, settings: Settings, parties: dict[str, Party] | None = None, signings: tuple[Signing, ...] = ()
) -> list[CheckWarning]:
    """The model-agreement warnings for one agreement, in the order of CHECK_CODES. `signings` are its recorded
    signings, by date: `no-end-date` and `beyond-term` look at the end date and the term as the planner's TERM-LIMIT
    does (a signing may set a new end date, and the latest signing starts the term that counts)."""
    parties = parties or {}
    out: list[CheckWarning] = []

    def warn(code: str, detail: str = "") -> None:
        out.append(CheckWarning(a.key, code, CHECK_LABELS_NB[code] + (f": {detail}" if detail else ".")))

    if not (a.purpose and a.purpose.strip()):
        warn("no-purpose", "mønsteravtalen § 1 ber om bakgrunn og mål")
    if a.obligations is None or a.obligations.is_empty():
        warn("no-obligations", "mønsteravtalen § 2 (felles plikter, KS' plikter, statens plikter)")
    if a.economy_text and a.economy_text.strip() and a.storting_reservation is not True:
        warn("economy-without-reservation", "kompensasjon må tas med forbehold om Stortingets bevilgning (§ 3)")
    if not a.has_evaluation_clause:
        warn("no-evaluation-clause", "det bør alltid framgå at avtalen skal evalueres (§ 4)")
    life = Lifetime(a, signings)
    if life.end_before(None) is None:
        # A duration with no date to count it from gives no end date either.
        warn("no-end-date", f"varer {a.duration_months} {'måned' if a.duration_months == 1 else 'måneder'}, men har verken start- eller undertegningsdato"
                            if a.duration_months else "varigheten må gå klart fram (§ 5)")
    elif not a.term_exception and (over := beyond_term(life, settings.first_election_year)) is not None:
        end, first, last = over
        warn("beyond-term", f"varer til {format_date(end)}, perioden {first.year}–{last.year} slutter {format_date(last)}")
    if a.notice_months is None and not (a.notice_text and a.notice_text.strip()):
        warn("no-notice-period", "oppsigelsestid bør gå fram (§ 5)")
    if reasons := _signatory_reasons(a, parties):
        warn("administrative-signatory", "; ".join(reasons))
    texts = [a.title, a.purpose, a.economy_text, a.notes]
    if a.obligations:
        texts += [a.obligations.joint, a.obligations.ks, a.obligations.state]
    if any(t and _EARMARK.search(t) for t in texts):
        warn("earmarked-grant", "avtaler skal ikke legge opp til øremerkede tilskudd")
    return out


# Rule 34: a ministry signs by its minister («statsråd», or a title such as «kommunal- og regionalminister»), KS by
# its leader («leder», «styreleder», «KS-leder», «KS-styreleder»), not by a deputy («nestleder»), a head of department or a director.
_MINISTER_ROLE = re.compile(r"\bstatsråd(?:en)?\b|minister(?:en)?\b", re.IGNORECASE)
# Someone signing for the minister («statssekretær for statsråden», «på vegne av statsråden») is not the minister;
# «statsråd for Kunnskapsdepartementet» is.
_FOR_SOMEONE = re.compile(r"sekretær|\b(?:for|på vegne av|pva\.?)\s+(?:statsråd|\w*minister)", re.IGNORECASE)
_KS_LEADER_ROLE = re.compile(r"(?<![\w-])(?:ks-)?(?:styre)?le(?:de|ia)r(?:en)?\b", re.IGNORECASE)


def find_party(name: str, parties: dict[str, Party]) -> Party | None:
    """The party a free text names (a signatory's, an agreement's list's) in `parties` (party_index: by key, name,
    former name or its abbreviation), as written, else case aside («hod», «Ks», «krd»)."""
    name = name.strip()
    found = parties.get(name)
    if found is None:
        folded = name.casefold()
        found = next((p for spelling, p in parties.items() if spelling.casefold() == folded), None)
    return found


def parties_to_add(parties: dict[str, Party], named: Iterable[tuple[str, str]]) -> list[Party]:
    """The parties to add to the list (`parties`: party_index) for the (side, name) pairs that agreements name (an
    import's, the agreement form's), in order: a name find_party finds there (by key, name or former name, case
    aside: «krd» is KDD, once KRD; «ks» is KS) is no new party, and one new party spelt two ways («Digdir»,
    «digdir», by party_ident) is added once, as first spelt, its kind guessed from the side (model.new_party).
    Added under another spelling, «ks» would be a party of its own beside KS, which the checks then could not
    take for KS."""
    new: dict[str, Party] = {}
    for side, name in named:
        ident = party_ident(name)
        if ident not in new and find_party(name, parties) is None:
            new[ident] = new_party(name, side)
    return list(new.values())


def _same_party(name: str, other: str, parties: dict[str, Party]) -> bool:
    """Whether two spellings name one party: both resolve (by key, former abbreviation or name, case aside) to the
    same one, or neither is in the party list and they are the same text."""
    mine, theirs = find_party(name, parties), find_party(other, parties)
    if mine is not None and theirs is not None:
        return mine.key == theirs.key
    return mine is None and theirs is None and name.strip().casefold() == other.strip().casefold()


def signatories_required(a: Agreement, parties: dict[str, Party]) -> tuple[list[str], str | None]:
    """Who rule 34 wants to sign: the agreement's ministries (as it spells them; a state party not in the party list
    counts as one, as it does for the directorate check), each by its minister, and KS (its spelling, or None when
    KS is no party) by its leader. `parties` is `party_index(...)`."""
    ministries: list[str] = []
    for name in a.state_parties:
        party = find_party(name, parties)
        if (party is None or party.kind == "ministry") and not any(_same_party(name, m, parties) for m in ministries):
            ministries.append(name)
    ks = next((n for n in (*a.other_parties, *a.state_parties) if _same_party(n, "KS", parties)), None)
    return ministries, ks


def _signatory_reasons(a: Agreement, parties: dict[str, Party]) -> list[str]:
    """Why the agreement is not signed by the KS leader and the ministers concerned (rule 34), for the detail of
    `administrative-signatory`; empty when nothing says so. Who signed is only judged when signatories are recorded:
    an agreement entered without them says nothing about who signed."""
    reasons = []
    directorates = [p for p in a.state_parties if p in parties and parties[p].kind == "directorate"]
    if a.ks_signatory_level == "administrative":
        reasons.append("inngått på administrativt nivå")
    elif directorates:
        reasons.append(f"part er direktorat ({', '.join(directorates)})")
    if not a.signatories:
        return reasons

    def signed(party: str, role: re.Pattern[str], not_role: re.Pattern[str] | None = None) -> bool:
        return any(s.party and s.role and role.search(s.role) and not (not_role and not_role.search(s.role))
                   and _same_party(s.party, party, parties) for s in a.signatories)

    ministries, ks = signatories_required(a, parties)
    unsigned = [m for m in ministries if not signed(m, _MINISTER_ROLE, _FOR_SOMEONE)]
    if unsigned:
        reasons.append(f"ingen statsråd har undertegnet for {listed(unsigned)}")
    # At the administrative level the first reason already says KS' leader did not sign.
    if ks is not None and a.ks_signatory_level != "administrative" and not signed(ks, _KS_LEADER_ROLE):
        reasons.append("KS' leder har ikke undertegnet")
    return reasons


def party_index(parties: tuple[Party, ...]) -> dict[str, Party]:
    """Parties by key, by the abbreviation of each former name ("… (KRD)"), so old agreements resolve, by their
    name: an agreement (an imported file's) that spells out «Kunnskapsdepartementet» is KD's, and by each former
    name itself: a minister who signed for «Kommunal- og regionaldepartementet» signed for what is KDD now."""
    index: dict[str, Party] = {}
    for p in parties:
        for former in p.former_names:
            m = re.search(r"\(([^()]+)\)\s*$", former)
            if m:
                index.setdefault(m.group(1), p)
    for p in parties:
        index.setdefault(p.name, p)
    for p in parties:
        for former in p.former_names:
            name = re.sub(r"\s*\([^()]+\)\s*$", "", former).strip()
            if name:
                index.setdefault(name, p)
    for p in parties:
        index[p.key] = p
    return index


def party_ident(name: str) -> str:
    """What two spellings of one party in an agreement's list are the same by: as a key is looked up (surrounding
    spaces dropped, letters composed: bundle.normal_key), case aside, as the party list finds a party ("krd" is KRD).
    An agreement naming one party twice so is refused by the bundle reader."""
    return unicodedata.normalize("NFC", name.strip()).casefold()


def distinct_parties(names: Sequence[str]) -> tuple[str, ...]:
    """`names` with each party once: of the spellings that are the same by `party_ident`, the first, in order. What
    an older version stored («KRD», «krd») reads so, and its export imports again."""
    if len(names) < 2:  # nearly every list: read at every load, for each agreement
        return tuple(names)
    seen: set[str] = set()
    out = []
    for name in names:
        ident = party_ident(name)
        if ident not in seen:
            seen.add(ident)
            out.append(name)
    return tuple(out)
