"""Domain tests of the planner (DOMAIN §3): registers built in memory, `plan()` called directly. No Qt, no SQL, no CLI.

Three parts:
- scenarios over the demo register (db/demo/demo-bundle.json), the real 2006 agreements;
- one table-driven test per flag and warning code, each with a positive case and a negative twin that differs in
  one boundary (the CLI contract tests cover the ordinary cases);
- property-based tests (hypothesis) over small random registers, checked against an oracle written from §3.

The end of the file holds regression tests for the planner bugs found while writing these tests (all fixed).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from konsultasjon_app.domain import bundle
from konsultasjon_app.domain.calendar import add_months, end_from_duration, provisional_meeting_date
from konsultasjon_app.domain.model import (
    DECISIONS,
    Agreement,
    Decision,
    Deviation,
    Government,
    Meeting,
    MeetingRef,
    Register,
    Settings,
    Signing,
    norwegian_key,
)
from konsultasjon_app.domain.planner import ACTIONS, Plan, PlanItem, plan

DEMO_BUNDLE = Path(__file__).resolve().parents[2] / "db" / "demo" / "demo-bundle.json"

FLAGS = {
    "government-change", "expiring", "overdue-signing", "signed", "postponed", "overdue",
    "no-evaluation-clause", "deviation", "provisional-date",
}
ACTION_ORDER = {a: i for i, a in enumerate(ACTIONS)}
# The rule a non-moved item of each action may carry.
RULES_OF = {
    "review": {"M2-REVIEW"},
    "scope": {"M2-SCOPE"},
    "sign": {"M3-SIGN", "M4-FALLBACK"},
    "re-sign": {"M3-RESIGN", "M4-FALLBACK"},
    "status": {"M3-STATUS"},
    "overview": {"M4-OVERVIEW"},
}

# -- small constructors ---------------------------------------------------------------------------------


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def agreement(key: str, *, signed: str | None = "2006-01-15", end: str | None = "2009-06-30", **fields) -> Agreement:
    """A consultation agreement in force 2006-01-15 … 2009-06-30 (inside the 2005–2009 term), with a notice period
    and an evaluation clause: it raises no warning unless a test changes a field."""
    values = {
        "title": f"Avtale om {key}",
        "signed_date": d(signed) if signed else None,
        "end_date": d(end) if end else None,
        "notice_months": 3,
        "evaluation_clause": "Avtalen skal evalueres på det 3. konsultasjonsmøtet.",
    }
    values.update(fields)
    return Agreement(key=key, **values)


def meeting(year: int, number: int, date: str) -> Meeting:
    return Meeting(year, number, d(date), "Oslo")


# Ordinary weekdays, no public holidays (Easter 2006: 16 April, 2007: 8 April, 2008: 23 March).
CALENDAR = {
    2006: ("2006-03-13", "2006-04-26", "2006-08-30", "2006-10-18"),
    2007: ("2007-03-12", "2007-04-25", "2007-08-29", "2007-10-17"),
    2008: ("2008-03-10", "2008-04-23", "2008-08-27", "2008-10-15"),
}


def meetings(*years: int, omit: tuple = ()) -> tuple[Meeting, ...]:
    return tuple(
        meeting(y, n, CALENDAR[y][n - 1]) for y in years for n in (1, 2, 3, 4) if (y, n) not in omit
    )


def decision(key: str, year: int, number: int, what: str) -> Decision:
    return Decision(key, MeetingRef(year, number), what)


def signing(key: str, date: str, at: tuple[int, int] | None = None, end: str | None = None) -> Signing:
    return Signing(key, d(date), MeetingRef(*at) if at else None, d(end) if end else None)


def moved(action: str, key: str | None, frm: tuple[int, int], to: tuple[int, int] | None = None, to_date: str | None = None) -> Deviation:
    return Deviation(action, key, MeetingRef(*frm), MeetingRef(*to) if to else None, d(to_date) if to_date else None, "Etter avtale")


STOLTENBERG_II = Government("Stoltenberg II", d("2005-10-17"))


def register(*agreements: Agreement, years=(2006, 2007, 2008), **fields) -> Register:
    fields.setdefault("meetings", meetings(*years))
    return Register(agreements=tuple(agreements), **fields)


def with_agreement(reg: Register, key: str, **changes) -> Register:
    """The register with one agreement's fields changed."""
    return dataclasses.replace(
        reg, agreements=tuple(dataclasses.replace(a, **changes) if a.key == key else a for a in reg.agreements)
    )


def adding(reg: Register, **records) -> Register:
    """The register with records appended to its lists (decisions=[…], signings=[…], …)."""
    return dataclasses.replace(reg, **{name: getattr(reg, name) + tuple(values) for name, values in records.items()})


# -- reading a plan -------------------------------------------------------------------------------------


def items(p: Plan, **match) -> list[PlanItem]:
    return [i for i in p.items if all(getattr(i, k) == v for k, v in match.items())]


def one(p: Plan, **match) -> PlanItem:
    found = items(p, **match)
    assert len(found) == 1, f"expected one item matching {match}, found {found}"
    return found[0]


def keys(found: list[PlanItem]) -> set[str | None]:
    return {i.agreement for i in found}


def codes(p: Plan, key: str | None) -> set[str]:
    return {w.code for w in p.warnings if w.agreement == key}


def warned(p: Plan, code: str) -> set[str | None]:
    return {w.agreement for w in p.warnings if w.code == code}


def where(item: PlanItem) -> tuple:
    return (item.year, item.meeting, item.meeting_date)


# =======================================================================================================
# Scenarios over the demo register
# =======================================================================================================


@lru_cache(maxsize=1)
def demo() -> Register:
    return bundle.read_bundle(bundle.loads(DEMO_BUNDLE.read_bytes())).register


# Demo agreements in force at meeting 2 of 2006 (2006-04-26). Not: løslatelse (never signed), kommunesammenslåing (2016).
DEMO_IN_FORCE_2006_M2 = {
    "pleie-omsorg", "skole", "bosetting-flyktninger", "bostedsloshet", "barnevern", "landbruk", "nav", "livskraftig",
}


def test_demo_register_premises():
    reg = demo()
    assert reg.meeting(MeetingRef(2006, 2)).date == d("2006-04-26")
    assert reg.meeting(MeetingRef(2006, 3)).date == d("2006-08-30")
    assert STOLTENBERG_II.took_office in {g.took_office for g in reg.governments}
    assert reg.decisions == () and reg.deviations == ()


def test_demo_first_meeting_2_after_change_of_government_flags_every_review():
    p = plan(demo(), 2006, 2007, d("2006-04-01"))  # meeting 2 of 2006 still lies ahead

    reviews_2006 = items(p, year=2006, action="review")
    assert keys(reviews_2006) == DEMO_IN_FORCE_2006_M2
    assert all(where(i) == (2006, 2, d("2006-04-26")) for i in reviews_2006)
    assert all("government-change" in i.flags for i in reviews_2006)
    assert warned(p, "decision-missing") == set()  # not yet: the meeting has not been held

    reviews_2007 = items(p, year=2007, action="review")
    assert reviews_2007
    assert not any("government-change" in i.flags for i in reviews_2007)


def test_demo_decision_missing_for_every_in_force_agreement_once_meeting_2_has_passed():
    p = plan(demo(), 2006, 2007, d("2006-05-01"))

    assert warned(p, "decision-missing") == DEMO_IN_FORCE_2006_M2
    assert len([w for w in p.warnings if w.code == "decision-missing"]) == len(DEMO_IN_FORCE_2006_M2)


def test_demo_decisions_recorded_for_all_silence_decision_missing():
    decided = [decision(k, 2006, 2, "continue") for k in sorted(DEMO_IN_FORCE_2006_M2 - {"pleie-omsorg"})]
    reg = adding(demo(), decisions=decided)

    p = plan(reg, 2006, 2007, d("2006-05-01"))

    assert warned(p, "decision-missing") == {"pleie-omsorg"}
    # Continued after a change of government: every one of them is re-signed at meeting 3 (M3-RESIGN).
    resigned = items(p, year=2006, action="re-sign")
    assert keys(resigned) == DEMO_IN_FORCE_2006_M2 - {"pleie-omsorg"}
    assert all((i.meeting, i.rule) == (3, "M3-RESIGN") for i in resigned)


def test_demo_pleie_omsorg_ending_mid_2006_is_expiring_with_a_gap_to_meeting_3():
    p = plan(demo(), 2006, 2006, d("2006-04-01"))

    review = one(p, year=2006, action="review", agreement="pleie-omsorg")
    assert "expiring" in review.flags
    gaps = [w for w in p.warnings if (w.agreement, w.code) == ("pleie-omsorg", "gap")]
    assert len(gaps) == 1
    # Ends 2006-06-19; 2006-06-20 … 2006-08-29 lie between its end and meeting 3 on 2006-08-30.
    uncovered = (d("2006-08-30") - d("2006-06-19")).days - 1
    assert uncovered == 71
    assert " 71 " in gaps[0].message
    assert "30.08.2006" in gaps[0].message
    # Not in force at meeting 3: no status item, not in the overview.
    assert items(p, action="status", agreement="pleie-omsorg") == []
    assert "pleie-omsorg" not in one(p, action="overview").agreements


def test_demo_pleie_omsorg_no_gap_when_the_review_terminates_it():
    reg = adding(demo(), decisions=[decision("pleie-omsorg", 2006, 2, "terminate")])

    p = plan(reg, 2006, 2006, d("2006-05-01"))

    assert "expiring" in one(p, action="review", agreement="pleie-omsorg").flags
    assert "gap" not in codes(p, "pleie-omsorg")
    # No notice period in months («rimeleg førehandsvarsling»): the user sets the end date.
    assert "notice-unspecified" in codes(p, "pleie-omsorg")


def test_demo_barnevern_terminated_at_meeting_2_with_three_months_notice():
    reg = adding(demo(), decisions=[decision("barnevern", 2006, 2, "terminate")])

    p = plan(reg, 2006, 2007, d("2006-05-01"))

    # In force at meeting 2 (reviewed there), ends 2006-04-26 + 3 months = 2006-07-26, before meeting 3 (08-30).
    assert len(items(p, year=2006, meeting=2, action="review", agreement="barnevern")) == 1
    assert items(p, action="status", agreement="barnevern") == []
    assert "barnevern" not in one(p, year=2006, action="overview").agreements
    assert items(p, year=2007, agreement="barnevern") == []
    assert items(p, action="sign", agreement="barnevern") == items(p, action="re-sign", agreement="barnevern") == []
    assert "notice-unspecified" not in codes(p, "barnevern")
    # The other agreements are untouched.
    assert "nav" in one(p, year=2006, action="overview").agreements


def test_demo_barnevern_terminated_without_notice_months_keeps_its_end_date():
    reg = with_agreement(adding(demo(), decisions=[decision("barnevern", 2006, 2, "terminate")]), "barnevern", notice_months=None)

    p = plan(reg, 2006, 2007, d("2006-05-01"))

    assert "notice-unspecified" in codes(p, "barnevern")
    # Its own end date (2008-09-14) stands.
    assert len(items(p, year=2006, meeting=3, action="status", agreement="barnevern")) == 1
    assert "barnevern" in one(p, year=2006, action="overview").agreements
    assert len(items(p, year=2007, meeting=2, action="review", agreement="barnevern")) == 1


def test_a_termination_ends_an_agreement_only_when_it_comes_before_its_end_date():
    """What the register and meeting mode show (lifecycle.lifetime/lifetimes): the termination's effective date is
    the end when it comes first, and the agreement counts as terminated only then."""
    from konsultasjon_app.domain.lifecycle import lifetime, lifetimes, termination_dates

    reg = adding(
        with_agreement(
            with_agreement(demo(), "bostedsloshet", notice_months=6),  # ends 2007-12-31
            "landbruk", end_date=d("2006-07-26"), notice_months=3,  # ends the day a termination at meeting 2 would end it
        ),
        decisions=[decision(k, y, n, "terminate") for k, y, n in (("barnevern", 2006, 2), ("bostedsloshet", 2007, 4), ("landbruk", 2006, 2))],
    )

    dates = {key: [t.effective for t in terminations] for key, terminations in termination_dates(reg).items()}
    assert termination_dates(reg)["barnevern"][0].decided == d("2006-04-26")
    assert dates["barnevern"] == [d("2006-07-26")]
    assert dates["bostedsloshet"][0] > d("2007-12-31")  # six months after meeting 4 of 2007
    lives = lifetimes(reg)
    assert (lives["barnevern"].ends, lives["barnevern"].terminated) == (d("2006-07-26"), True)
    assert (lives["bostedsloshet"].ends, lives["bostedsloshet"].terminated) == (d("2007-12-31"), False)
    # On the same day: it ends by its own date, as the overview has it (no "sagt opp" there either).
    assert dates["landbruk"] == [d("2006-07-26")]
    assert (lives["landbruk"].ends, lives["landbruk"].terminated) == (d("2006-07-26"), False)
    assert not lives["nav"].terminated and lives["nav"].termination is None
    assert all(lifetime(reg, a) == lives[a.key] for a in reg.agreements)
    assert termination_dates(demo()) == {}


def test_demo_nav_beyond_term_accepted_because_of_its_term_exception():
    # Signed 2006-04-21 (term 2005-10-01 … 2009-09-30), runs to 2009-12-31.
    p = plan(demo(), 2006, 2006, d("2006-05-01"))

    assert "beyond-term-accepted" in codes(p, "nav")
    assert "beyond-term" not in codes(p, "nav")
    message = next(w.message for w in p.warnings if (w.agreement, w.code) == ("nav", "beyond-term-accepted"))
    # Worded as beyond-term, with the term's years (was: «… forbi stortingsperioden som slutter 30.09.2009; …»).
    nav = demo().agreement("nav")
    assert message == (f"«{nav.title}» varer til 31.12.2009, forbi stortingsperioden 2005–2009 som den ble undertegnet i "
                       f"(slutter 30.09.2009); unntak registrert: {nav.term_exception}")


def test_demo_nav_without_its_term_exception_is_beyond_term():
    p = plan(with_agreement(demo(), "nav", term_exception=None), 2006, 2006, d("2006-05-01"))

    assert "beyond-term" in codes(p, "nav")
    assert "beyond-term-accepted" not in codes(p, "nav")


def test_demo_barnevern_signed_in_the_old_term_is_beyond_term():
    # Signed 2005-09-15: the 2001–2005 term, which ended 2005-09-30; the agreement runs to 2008-09-14.
    p = plan(demo(), 2006, 2006, d("2006-05-01"))

    assert "beyond-term" in codes(p, "barnevern")
    message = next(w.message for w in p.warnings if (w.agreement, w.code) == ("barnevern", "beyond-term"))
    assert "2001–2005" in message


def test_demo_nav_status_items_carry_no_evaluation_clause():
    p = plan(demo(), 2006, 2008, d("2006-05-01"))

    nav_status = items(p, action="status", agreement="nav")
    assert [i.year for i in nav_status] == [2006, 2007, 2008]
    assert all("no-evaluation-clause" in i.flags for i in nav_status)
    # barnevern's clause ("skal vurderes i konsultasjonssammenheng") counts, even with evaluation_annual false.
    assert all("no-evaluation-clause" not in i.flags for i in items(p, action="status", agreement="barnevern"))


def test_demo_warnings_only_for_agreements_the_plan_deals_with():
    # kommunesammenslåing (2016–2019, signed 2016-09-01, in the 2013–2017 term) has no place in a 2006 plan …
    assert codes(plan(demo(), 2006, 2006, d("2006-05-01")), "kommunesammenslaing") == set()
    # … but is beyond its term once it is in force at a meeting 4 of the plan.
    assert "beyond-term" in codes(plan(demo(), 2017, 2017, d("2017-05-01")), "kommunesammenslaing")


PLEIE_RENEGOTIATED = decision("pleie-omsorg", 2006, 2, "renegotiate")


def pleie_sign_item(as_of: str, *signings: Signing, years=(2006, 2007)) -> tuple[Plan, PlanItem]:
    reg = adding(demo(), decisions=[PLEIE_RENEGOTIATED], signings=signings)
    p = plan(reg, *years, d(as_of))
    return p, one(p, action="sign", agreement="pleie-omsorg")


def test_demo_pleie_omsorg_renegotiated_gets_a_sign_item_at_meeting_3():
    _, item = pleie_sign_item("2006-05-01")

    assert where(item) == (2006, 3, d("2006-08-30"))
    assert item.rule == "M3-SIGN"
    assert not item.flags & {"signed", "postponed", "overdue"}


def test_demo_pleie_omsorg_unsigned_after_meeting_3_moves_to_meeting_4():
    _, item = pleie_sign_item("2006-09-15")

    assert where(item) == (2006, 4, d("2006-10-25"))
    assert item.rule == "M4-FALLBACK"
    assert "postponed" in item.flags
    assert "overdue" not in item.flags


def test_demo_pleie_omsorg_unsigned_after_meeting_4_is_overdue_and_decided_on_again():
    p, item = pleie_sign_item("2006-11-01")

    assert where(item) == (2006, 4, d("2006-10-25"))
    assert item.rule == "M4-FALLBACK"
    assert {"postponed", "overdue"} <= item.flags
    # The parties decide again at the 2007 review, although the agreement has expired (no status item in 2007).
    review = one(p, year=2007, meeting=2, action="review", agreement="pleie-omsorg")
    assert "overdue-signing" in review.flags
    assert "overdue-signing" not in one(p, year=2006, action="review", agreement="pleie-omsorg").flags
    assert items(p, year=2007, action="status", agreement="pleie-omsorg") == []


def test_demo_pleie_omsorg_signed_at_meeting_3_stays_there():
    p, item = pleie_sign_item("2006-11-01", signing("pleie-omsorg", "2006-08-30", at=(2006, 3), end="2009-08-29"))

    assert where(item) == (2006, 3, d("2006-08-30"))
    assert "signed" in item.flags
    assert not item.flags & {"postponed", "overdue"}
    # Signed on the day of meeting 3 with a new end date: in force there again, and in the overview.
    assert len(items(p, year=2006, action="status", agreement="pleie-omsorg")) == 1
    assert "pleie-omsorg" in one(p, year=2006, action="overview").agreements


# =======================================================================================================
# M2-SCOPE: the numbers the scope item is about (rules-2006 rule 14)
# =======================================================================================================


def scope_reason(p: Plan, year: int) -> str:
    return one(p, year=year, action="scope").reason


def test_demo_scope_item_states_the_agreements_in_force_on_its_day():
    """The item asks the parties to judge «antall avtaler»: it gives the number, as the overview of meeting 4 does.
    Was: «Samlet omfang av samarbeidsavtaler: antall avtaler og hvilke nye områder som skal åpnes» and no number."""
    reason = scope_reason(plan(demo(), 2006, 2006, d("2006-12-31")), 2006)
    assert reason == ("Samlet omfang av samarbeidsavtaler: antall avtaler og hvilke nye områder som skal åpnes (årlig på 2. møte). "
                      f"{len(DEMO_IN_FORCE_2006_M2)} samarbeidsavtaler er i kraft 26.04.2006.")


def test_scope_item_counts_the_new_agreements_proposed_and_not_yet_entered_into():
    """Proposed at a meeting 2: decided at a meeting up to it («ny avtale») and not yet signed or started; or
    planned in the register (no signed or start date, no signing) when the meeting lies ahead. Not: one planned
    today at a meeting 2 of the past, nor one signed later without a decision to enter it (nothing tells that it
    was proposed then)."""
    reg = register(
        agreement("running"),
        agreement("ended", signed="2004-01-10", end="2006-03-31"),
        agreement("summer", signed="2006-06-15"),  # entered into after meeting 2 of 2006, no «ny avtale» recorded
        agreement("planned", signed=None, end=None),  # neither date nor signing
    )
    ahead = plan(reg, 2006, 2007, d("2006-01-01"))
    assert scope_reason(ahead, 2006).endswith(
        "1 samarbeidsavtale er i kraft 26.04.2006. I tillegg er 1 ny avtale foreslått, men ennå ikke inngått.")
    assert scope_reason(ahead, 2007).endswith(
        "2 samarbeidsavtaler er i kraft 25.04.2007. I tillegg er 1 ny avtale foreslått, men ennå ikke inngått.")
    # Both meetings held: the agreement only planned today was not proposed at them.
    held = plan(reg, 2006, 2007, d("2008-01-01"))
    assert scope_reason(held, 2006).endswith("1 samarbeidsavtale er i kraft 26.04.2006.")
    assert scope_reason(held, 2007).endswith("2 samarbeidsavtaler er i kraft 25.04.2007.")
    # Decided at meeting 2 (of 2006 for «summer», of 2007 for «planned»): proposed there until entered into.
    decided = plan(adding(reg, decisions=[decision("summer", 2006, 2, "new"), decision("planned", 2007, 2, "new")]), 2006, 2007, d("2008-01-01"))
    assert scope_reason(decided, 2006).endswith("I tillegg er 1 ny avtale foreslått, men ennå ikke inngått.")  # «summer»
    assert scope_reason(decided, 2007).endswith("2 samarbeidsavtaler er i kraft 25.04.2007. I tillegg er 1 ny avtale foreslått, men ennå ikke inngått.")


def test_scope_item_counts_an_agreement_once_when_two_records_share_its_key():
    """Two records under one key (a register from before keys were checked) are one agreement to the parties: the
    scope item counts it once, as its review is one case. Was, for a while: 2 counted."""
    reg = register(agreement("delt", title="Avtale A"), agreement("delt", title="Avtale B"), agreement("annen"))
    assert scope_reason(plan(reg, 2006, 2006, d("2006-01-01")), 2006).endswith("2 samarbeidsavtaler er i kraft 26.04.2006.")


def test_scope_item_with_no_agreement_in_force_says_so():
    reason = scope_reason(plan(register(agreement("late", signed="2006-09-01")), 2006, 2006, d("2006-01-01")), 2006)
    assert reason.endswith("Ingen samarbeidsavtaler er i kraft 26.04.2006.")


# =======================================================================================================
# One test per flag and warning code (positive case and its negative twin)
# =======================================================================================================


def flag_on(flag: str, **match):
    def probe(p: Plan) -> bool:
        return any(flag in i.flags for i in items(p, **match))

    return probe


def warning_on(code: str, key: str | None):
    def probe(p: Plan) -> bool:
        return code in codes(p, key)

    return probe


def _gov_change(on):
    # No calendar: meeting 2 of 2006 is provisional, 2006-04-18 (15th a Saturday, 16–17 Easter). A government
    # that took office the day before counts; one that took office on the day of the meeting does not.
    took = "2006-04-17" if on else "2006-04-18"
    return register(agreement("a"), meetings=(), governments=(Government("Ny", d(took)),)), 2006, 2006, d("2006-01-01")


def _expiring(on):
    # Meeting 2 of 2007 is 2007-04-25: ending the day before it is expiring, ending on it is not.
    end = "2007-04-24" if on else "2007-04-25"
    return register(agreement("a", end=end)), 2006, 2006, d("2006-01-01")


def _overdue_signing(on):
    # Continued after a change of government, never re-signed. Meeting 4 (2006-10-18) has passed only after it.
    reg = register(agreement("a"), governments=(STOLTENBERG_II,), decisions=(decision("a", 2006, 2, "continue"),))
    return reg, 2006, 2007, d("2006-10-19" if on else "2006-10-18")


def _signed(on):
    # A re-signing after meeting 4 counts (settled there); one the day before the decision does not.
    reg = register(agreement("a"), governments=(STOLTENBERG_II,), decisions=(decision("a", 2006, 2, "continue"),),
                   signings=(signing("a", "2006-12-20" if on else "2006-04-25"),))
    return reg, 2006, 2006, d("2007-01-10")


def _postponed(on):
    # A renewal (ends 2006-12-31, before meeting 2 of 2007) continued; meeting 3 is 2006-08-30.
    reg = register(agreement("a", end="2006-12-31"), decisions=(decision("a", 2006, 2, "continue"),))
    return reg, 2006, 2006, d("2006-08-31" if on else "2006-08-30")


def _overdue(on):
    reg = register(agreement("a"), decisions=(decision("a", 2006, 2, "renegotiate"),))
    return reg, 2006, 2006, d("2006-10-19" if on else "2006-10-18")


def _no_evaluation_clause(on):
    if on:
        a = agreement("a", evaluation_clause="   ", evaluation_annual=False)  # blank text says nothing
    else:
        a = agreement("a", evaluation_clause=None, evaluation_annual=True)
    return register(a), 2006, 2006, d("2006-01-01")


def _deviation(on):
    dev = moved("scope", None, (2006 if on else 2007, 2), to=(2006 if on else 2007, 3))
    return register(agreement("a"), deviations=(dev,)), 2006, 2006, d("2006-01-01")


def _provisional(on):
    return register(agreement("a"), meetings=meetings(2006, 2007, omit=((2006, 4),) if on else ())), 2006, 2006, d("2006-01-01")


def _m1_agreement(on):
    dev = moved("review", "a", (2006, 2), to=(2007, 1) if on else (2006, 3))
    return register(agreement("a"), deviations=(dev,)), 2006, 2007, d("2006-01-01")


def _decision_missing(on):
    # "once that meeting lies before the as-of date": not on the day of the meeting itself.
    reg = register(agreement("a"), governments=(STOLTENBERG_II,))
    return reg, 2006, 2006, d("2006-04-27" if on else "2006-04-26")


def _notice_unspecified(on):
    # Zero months is a notice period (the termination takes effect at the meeting); None is none.
    reg = register(agreement("a", notice_months=None if on else 0), decisions=(decision("a", 2006, 2, "terminate"),))
    return reg, 2006, 2006, d("2006-05-01")


def _gap(on):
    # No calendar: meeting 3 of 2006 is provisional, 2006-08-15. Ending 08-13 leaves one day uncovered.
    reg = register(agreement("a", end="2006-08-13" if on else "2006-08-14"), meetings=())
    return reg, 2006, 2006, d("2006-01-01")


def _beyond_term(on):
    # Signed the last day of the 2001–2005 term, or the first day of the 2005–2009 term; runs to 2009-09-30.
    reg = register(agreement("a", signed="2005-09-30" if on else "2005-10-01", end="2009-09-30"))
    return reg, 2006, 2006, d("2006-01-01")


def _beyond_term_accepted(on):
    reg = register(agreement("a", end="2010-12-31", term_exception="Femårig program" if on else None))
    return reg, 2006, 2006, d("2006-01-01")


def _no_end_date(on):
    a = agreement("a", end=None, duration_months=None if on else 24)
    return register(a), 2006, 2006, d("2006-01-01")


def _meeting_weekend(on):
    # 2024-08-17 is a Saturday, 08-16 a Friday.
    dated = meeting(2024, 3, "2024-08-17" if on else "2024-08-16")
    reg = register(agreement("a", signed="2024-01-15", end="2025-06-30"), meetings=(dated,))
    return reg, 2024, 2024, d("2024-01-01")


def _meeting_holiday(on):
    # Whit Monday 2024 is 20 May (Easter Sunday 31 March + 50 days).
    dated = meeting(2024, 2, "2024-05-20" if on else "2024-05-21")
    reg = register(agreement("a", signed="2024-01-15", end="2025-06-30"), meetings=(dated,))
    return reg, 2024, 2024, d("2024-01-01")


CODE_CASES = {
    # flags
    "government-change": (_gov_change, flag_on("government-change", year=2006, action="review", agreement="a")),
    "expiring": (_expiring, flag_on("expiring", year=2006, action="review", agreement="a")),
    "overdue-signing": (_overdue_signing, flag_on("overdue-signing", year=2007, action="review", agreement="a")),
    "signed": (_signed, flag_on("signed", action="re-sign", agreement="a")),
    "postponed": (_postponed, flag_on("postponed", action="re-sign", agreement="a")),
    "overdue": (_overdue, flag_on("overdue", action="sign", agreement="a")),
    "no-evaluation-clause": (_no_evaluation_clause, flag_on("no-evaluation-clause", action="status", agreement="a")),
    "deviation": (_deviation, flag_on("deviation", year=2006, action="scope")),
    "provisional-date": (_provisional, flag_on("provisional-date", year=2006, meeting=4, action="overview")),
    # warnings
    "m1-agreement": (_m1_agreement, warning_on("m1-agreement", "a")),
    "decision-missing": (_decision_missing, warning_on("decision-missing", "a")),
    "notice-unspecified": (_notice_unspecified, warning_on("notice-unspecified", "a")),
    "gap": (_gap, warning_on("gap", "a")),
    "beyond-term": (_beyond_term, warning_on("beyond-term", "a")),
    "beyond-term-accepted": (_beyond_term_accepted, warning_on("beyond-term-accepted", "a")),
    "no-end-date": (_no_end_date, warning_on("no-end-date", "a")),
    "meeting-weekend": (_meeting_weekend, warning_on("meeting-weekend", None)),
    "meeting-holiday": (_meeting_holiday, warning_on("meeting-holiday", None)),
}


def test_every_flag_and_warning_code_of_domain_section_3_has_a_case():
    warning_codes = {
        "m1-agreement", "decision-missing", "notice-unspecified", "gap", "beyond-term", "beyond-term-accepted",
        "no-end-date", "meeting-weekend", "meeting-holiday",
    }
    assert set(CODE_CASES) == FLAGS | warning_codes


@pytest.mark.parametrize("on", [True, False], ids=["present", "absent"])
@pytest.mark.parametrize("code", sorted(CODE_CASES))
def test_flag_or_warning_code(code, on):
    build, probe = CODE_CASES[code]
    reg, from_year, to_year, as_of = build(on)

    p = plan(reg, from_year, to_year, as_of)

    assert probe(p) is on, (code, [(i.year, i.meeting, i.action, i.agreement, sorted(i.flags)) for i in p.items], p.warnings)


def test_deviation_to_a_provisional_meeting_carries_provisional_date():
    reg = register(agreement("a"), meetings=meetings(2006), deviations=(moved("status", "a", (2006, 3), to=(2007, 3)),))

    p = plan(reg, 2006, 2007, d("2006-01-01"))

    moved_item = next(i for i in items(p, action="status", agreement="a") if "deviation" in i.flags)
    assert where(moved_item) == (2007, 3, provisional_meeting_date(2007, 3))
    assert moved_item.flags == {"deviation", "provisional-date"}
    assert moved_item.rule == "DEVIATION"
    assert items(p, year=2006, action="status") == []


def test_meeting_1_user_date_weekend_and_holiday_warnings_name_no_agreement():
    reg = register(agreement("a"), meetings=(meeting(2006, 1, "2006-01-01"),) + meetings(2006, omit=((2006, 1),)))

    p = plan(reg, 2006, 2006, d("2006-01-01"))

    found = {(w.code, w.agreement) for w in p.warnings if w.code.startswith("meeting-")}
    assert found == {("meeting-weekend", None), ("meeting-holiday", None)}


def test_provisional_meetings_on_holidays_never_warn():
    # Without a calendar, every meeting is provisional: no weekend or holiday warnings in any year.
    p = plan(Register(), 2000, 2030, d("2000-01-01"))
    assert not any(w.code.startswith("meeting-") for w in p.warnings)
    assert {i.meeting_date.weekday() for i in p.items} <= {0, 1, 2, 3, 4}


def test_signing_recorded_at_meeting_1_keeps_the_item_there_with_a_warning():
    # §3 M4-FALLBACK: a signed item "stays at the meeting where it was signed (its meeting …)"; M1-NONE: a signing
    # at meeting 1 gets m1-agreement. The planner honours both: the item sits at meeting 1, and is warned about.
    reg = register(agreement("a"), decisions=(decision("a", 2006, 2, "renegotiate"),),
                   signings=(signing("a", "2007-03-12", at=(2007, 1)),))

    p = plan(reg, 2006, 2007, d("2007-06-01"))

    item = one(p, action="sign", agreement="a")
    assert where(item) == (2007, 1, d("2007-03-12"))
    assert "signed" in item.flags
    assert "m1-agreement" in codes(p, "a")


# =======================================================================================================
# Property-based tests
# =======================================================================================================

FIRST_YEAR, LAST_YEAR = 2004, 2010  # decisions and planned years
DATE_MIN, DATE_MAX = dt.date(2000, 1, 1), dt.date(2012, 12, 31)
MEETING_YEARS = range(2003, 2012)
# User meeting dates stay in their meeting's part of the year, so meetings 1–4 are in date order also next to
# provisional dates (1: 15 March…, 2: 15 April…, 3: 15 August…, 4: 15 October…).
WINDOWS = {1: ((1, 2), (3, 31)), 2: ((4, 1), (5, 31)), 3: ((6, 1), (9, 30)), 4: ((10, 1), (12, 31))}
NATURAL_FROM = {"review": (2,), "scope": (2,), "sign": (3, 4), "re-sign": (3, 4), "status": (3,), "overview": (4,)}

def days(lo: dt.date, hi: dt.date) -> st.SearchStrategy[dt.date]:
    """A date in lo … hi (cheaper to draw than st.dates)."""
    return st.integers(0, (hi - lo).days).map(lambda n: lo + dt.timedelta(days=n))


dates = days(DATE_MIN, DATE_MAX)
maybe_dates = st.none() | dates
KEYS = st.text("abcdefghijklmnopqrstuvwxyzæøå0123456789-", min_size=1, max_size=6)
TITLES = st.sampled_from(["Avtale om barnevern", "Avtale om skole", "Ålesund", "avtale", "Zeta", "Avtale om skole "])


# One agreement's fields, drawn as plain values (strategies built once: building them per draw is slow).
AGREEMENT_FIELDS = st.tuples(
    TITLES,  # titles may repeat: the key breaks the tie
    st.sampled_from(["consultation", "consultation", "consultation", "other"]),
    maybe_dates,  # signed
    maybe_dates,  # start
    st.none() | st.integers(0, 3000),  # end: days after the later of signed and start (never before them)
    st.none() | st.integers(1, 72),  # duration_months
    st.none() | st.integers(0, 12),  # notice_months
    st.sampled_from([None, "rimeleg førehandsvarsling"]),
    st.sampled_from([None, "", "  ", "Avtalen skal evalueres."]),
    st.sampled_from([None, False, True]),
    st.sampled_from([None, "Femårig program"]),
)


def make_agreement(key: str, fields: tuple) -> Agreement:
    title, category, signed, start, end_days, duration, notice, notice_text, clause, annual, exception = fields
    floor = max([x for x in (signed, start) if x], default=DATE_MIN)
    return Agreement(
        key=key, title=title, category=category, signed_date=signed, start_date=start,
        end_date=None if end_days is None else min(floor + dt.timedelta(days=end_days), DATE_MAX),
        duration_months=duration, notice_months=notice, notice_text=notice_text, evaluation_clause=clause,
        evaluation_annual=annual, term_exception=exception,
    )


MEETINGS = st.lists(
    st.tuples(st.sampled_from(MEETING_YEARS), st.integers(1, 4), st.integers(0, 90)), max_size=24, unique_by=lambda t: t[:2],
)
SIGNING_FIELDS = st.tuples(st.integers(0, 7), dates, st.none() | st.integers(1, 4), st.booleans(), st.none() | st.integers(0, 2000))
# Decisions lean towards meeting 2, towards the signing decisions and towards the planned years (a year offset
# from the plan's first year). Every kind of decision occurs.
DECISION_KINDS = ("continue", "continue", "renegotiate", "renegotiate", "renegotiate", "new", "new", "terminate", "postpone")
assert set(DECISION_KINDS) == set(DECISIONS)
DECISION_FIELDS = st.tuples(
    st.integers(0, 7), st.sampled_from([-1, 0, 0, 1, 1, 2, 3]), st.sampled_from([1, 2, 2, 2, 2, 3, 3, 4]), st.sampled_from(DECISION_KINDS),
)
# Signings that follow a decision: at meeting 3 or 4 of its year, or some days after it (outside meetings).
FOLLOW_UP_FIELDS = st.tuples(
    st.integers(0, 11), st.sampled_from(["at-3", "at-4", "after"]), st.integers(0, 400), st.none() | st.integers(0, 2000),
)
DEVIATION_FIELDS = st.tuples(
    st.sampled_from(ACTIONS), st.integers(0, 7), st.integers(FIRST_YEAR, LAST_YEAR), st.integers(0, 1),
    st.none() | st.tuples(st.integers(FIRST_YEAR, LAST_YEAR), st.integers(1, 4)),
    days(dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)),
)
# Changes of government and the as-of date, in days from 1 January of the year before the plan's first year.
GOVERNMENT_DAYS = st.lists(st.integers(0, 6 * 365), max_size=3, unique=True)
AS_OF_DAYS = st.integers(0, 7 * 365)


@st.composite
def scenarios(draw):
    """(register, from_year, to_year, as_of): a small random but valid register (unique identities, end dates
    not before start dates) and a plan request."""
    keys_ = draw(st.lists(KEYS, max_size=8, unique=True))
    agreements = [make_agreement(k, draw(AGREEMENT_FIELDS)) for k in keys_]

    user_meetings = []
    for year, number, offset in draw(MEETINGS):
        (m1, d1), (m2, d2) = WINDOWS[number]
        first, last = dt.date(year, m1, d1), dt.date(year, m2, d2)
        user_meetings.append(Meeting(year, number, min(first + dt.timedelta(days=offset), last)))
    dated = {m.ref: m.date for m in user_meetings}

    def date_of(year: int, number: int) -> dt.date:
        return dated.get(MeetingRef(year, number)) or provisional_meeting_date(year, number)

    from_year = draw(st.integers(FIRST_YEAR, LAST_YEAR))
    to_year = draw(st.integers(from_year, min(from_year + 3, LAST_YEAR)))

    decisions: list[Decision] = []
    signings: list[Signing] = []

    def sign(key: str, day: dt.date, ref: MeetingRef | None, end: int | None) -> None:
        if not any((s.agreement, s.date) == (key, day) for s in signings):  # a signing is identified by agreement and date
            signings.append(Signing(key, day, ref, None if end is None else day + dt.timedelta(days=end)))

    if keys_:
        for pick, offset, number, what in (draw(DECISION_FIELDS) for _ in range(draw(st.integers(0, 12)))):
            key, year = keys_[pick % len(keys_)], min(max(from_year + offset, FIRST_YEAR), LAST_YEAR)
            if not any(x.agreement == key and x.meeting == MeetingRef(year, number) for x in decisions):  # identity
                decisions.append(Decision(key, MeetingRef(year, number), what))
        for pick, day, at, on_meeting_date, end in draw(st.lists(SIGNING_FIELDS, max_size=6)):
            if at is not None and on_meeting_date:
                day = date_of(day.year, at)  # signed at the meeting, on its date
            sign(keys_[pick % len(keys_)], day, MeetingRef(day.year, at) if at is not None else None, end)
    if decisions:
        for pick, mode, offset, end in (draw(FOLLOW_UP_FIELDS) for _ in range(draw(st.integers(0, 4)))):
            x = decisions[pick % len(decisions)]
            if mode == "after":
                sign(x.agreement, date_of(x.meeting.year, x.meeting.number) + dt.timedelta(days=offset), None, end)
            else:
                ref = MeetingRef(x.meeting.year, 3 if mode == "at-3" else 4)
                sign(x.agreement, date_of(ref.year, ref.number), ref, end)

    origin = dt.date(from_year - 1, 1, 1)
    governments = [Government(f"Regjering {i}", origin + dt.timedelta(days=n)) for i, n in enumerate(draw(GOVERNMENT_DAYS))]

    deviations = []
    for action, key_pick, moved_from_year, from_pick, to_ref, to_date in draw(st.lists(DEVIATION_FIELDS, max_size=3)):
        if action in ("scope", "overview"):
            key = None
        elif keys_:
            key = keys_[key_pick % len(keys_)]
        else:
            continue
        numbers = NATURAL_FROM[action]
        frm = MeetingRef(moved_from_year, numbers[from_pick % len(numbers)])
        if any((x.action, x.agreement, x.from_meeting) == (action, key, frm) for x in deviations):
            continue  # a deviation is identified by action, agreement and origin
        deviations.append(Deviation(action, key, frm, MeetingRef(*to_ref) if to_ref else None, None if to_ref else to_date, "Etter avtale"))

    reg = Register(
        settings=Settings(draw(st.booleans()), draw(st.sampled_from([2005, 2001, 2009]))),
        governments=tuple(governments),
        meetings=tuple(user_meetings),
        agreements=tuple(agreements),
        decisions=tuple(decisions),
        signings=tuple(signings),
        deviations=tuple(deviations),
    )
    as_of = origin + dt.timedelta(days=draw(AS_OF_DAYS))
    return reg, from_year, to_year, as_of


PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


# -- the oracle: §3 read literally ----------------------------------------------------------------------


class Oracle:
    """What §3 says about a register, computed without the planner."""

    def __init__(self, reg: Register):
        self.reg = reg
        self.dated = {m.ref: m.date for m in reg.meetings}
        self.planned = {a.key: a for a in reg.agreements if a.category == "consultation"}
        self.other = {a.key for a in reg.agreements} - set(self.planned)
        self.signings = {k: sorted((s for s in reg.signings if s.agreement == k), key=lambda s: s.date) for k in self.planned}
        self.deviated = {(x.action, x.agreement, x.from_meeting) for x in reg.deviations}

    def date(self, year: int, number: int) -> dt.date:
        return self.dated.get(MeetingRef(year, number)) or provisional_meeting_date(year, number)

    def decision(self, key: str, year: int, number: int) -> Decision | None:
        return next((x for x in self.reg.decisions if x.agreement == key and x.meeting == MeetingRef(year, number)), None)

    def decisions_of(self, key: str) -> list[Decision]:
        return [x for x in self.reg.decisions if x.agreement == key]

    def begins(self, a: Agreement) -> dt.date | None:
        own = [x for x in (a.signed_date, a.start_date) if x]
        if own:
            return min(own)
        return self.signings[a.key][0].date if self.signings[a.key] else None

    def own_end(self, a: Agreement) -> dt.date | None:
        """The agreement's own end: its end date, or its duration counted from its start or signed date, failing
        both its first recorded signing."""
        base = a.start_date or a.signed_date or (self.signings[a.key][0].date if self.signings[a.key] else None)
        if a.end_date is None and a.duration_months and base:
            return end_from_duration(base, a.duration_months)
        return a.end_date

    def version(self, a: Agreement, upto: dt.date) -> tuple[dt.date | None, dt.date | None, dt.date | None]:
        """The version of the agreement in force as it stood on `upto` (signings and termination decisions dated on
        or before it): (the day it began, its end date, the effective date of the termination that ends it).

        TERMINATE ends the version in force when it is decided (a signing on the day of that meeting belongs to it);
        without a notice period in months the agreement's own end date stands, whatever the signings said, once it
        is one set for the termination (not before the decision: that one is the date the signings replaced). A
        signing dated after the decision that gives an end not before itself starts the agreement again (a new
        version)."""
        own = self.own_end(a)
        begins, end, terminated, effective, decided_on = self.begins(a), own, False, None, None
        events = [(s.date, 0, s) for s in self.signings[a.key] if s.date <= upto]
        for x in self.reg.decisions:
            decided = self.date(x.meeting.year, x.meeting.number)
            if x.agreement == a.key and x.decision == "terminate" and decided <= upto:
                events.append((decided, 1, None if a.notice_months is None else add_months(decided, a.notice_months)))
        for day, kind, what in sorted(events, key=lambda e: e[:2]):
            if kind == 1:
                if not terminated:
                    terminated, effective, decided_on = True, what, day
                continue
            renewed_to = what.end_date or own
            if terminated and (renewed_to is None or renewed_to >= day):
                begins, end, terminated, effective = day, renewed_to, False, None
            elif what.end_date:
                end = what.end_date
        if terminated and effective is None and own is not None and own >= decided_on:  # no notice period in months
            end = own
        return begins, end, effective

    def end(self, a: Agreement, upto: dt.date) -> dt.date | None:
        """The end date as it stood on `upto` (the termination's effective date aside)."""
        return self.version(a, upto)[1]

    def in_force(self, key: str, day: dt.date) -> bool:
        """Begun on or before `day`, and neither ended (end date as it stood that day) nor terminated before it. A
        termination decided after `day` takes effect after it too: it does not matter here."""
        begins, end, terminated = self.version(self.planned[key], day)
        if begins is None or begins > day:
            return False
        if terminated is not None and terminated < day:
            return False
        return end is None or end >= day

    def government_change(self, year: int) -> bool:
        previous, this = self.date(year - 1, 2), self.date(year, 2)
        return any(previous <= g.took_office < this for g in self.reg.governments)

    def review_held(self, key: str, year: int) -> MeetingRef:
        """Where the review of meeting 2 of `year` is decided: the meeting the user moved it to, the first of
        meetings 2–4 on or after the day it was moved to (else meeting 2 of the next year), or that meeting 2."""
        moved = next((x for x in self.reg.deviations if (x.action, x.agreement, x.from_meeting) == ("review", key, MeetingRef(year, 2))), None)
        if moved is None:
            return MeetingRef(year, 2)
        if moved.to_meeting is not None:
            return moved.to_meeting
        day = moved.to_date
        number = next((n for n in (2, 3, 4) if self.date(day.year, n) >= day), None)
        return MeetingRef(day.year, number) if number else MeetingRef(day.year + 1, 2)

    def government_change_review_decided_at(self, key: str, ref: MeetingRef) -> bool:
        """Whether a decision at `ref` settles a government-change review: at its meeting 2, or where it was moved."""
        years = {ref.year} | {x.from_meeting.year for x in self.reg.deviations if (x.action, x.agreement) == ("review", key)}
        return any(self.government_change(y) and ref in (MeetingRef(y, 2), self.review_held(key, y)) for y in years)


# -- the checks: each takes a scenario and its plan ----------------------------------------------------


def check_structure(reg: Register, from_year: int, to_year: int, as_of: dt.date, p: Plan, o: Oracle) -> None:
    """Shape, M1-NONE, category `other`, meeting dates and provisional-date, and the order of the items."""
    titles = {a.key: norwegian_key(a.title) for a in reg.agreements}
    for i in p.items:
        assert from_year <= i.year <= to_year
        assert i.action in ACTION_ORDER and i.flags <= FLAGS
        assert (i.agreement is None) is (i.action in ("scope", "overview"))
        # Category `other` never appears.
        assert i.agreement not in o.other
        assert not set(i.agreements or ()) & o.other
        if "deviation" in i.flags:
            assert i.rule == "DEVIATION"
        else:
            assert i.rule in RULES_OF[i.action], i
            assert i.meeting is not None  # only the user puts an item on a plain date
        # M1-NONE: nothing at meeting 1 unless the user put it there (a deviation, or a signing recorded at meeting 1;
        # see test_signing_recorded_at_meeting_1_keeps_the_item_there_with_a_warning), and then with a warning.
        if i.meeting == 1:
            signed_at_1 = "signed" in i.flags and any(
                s.agreement == i.agreement and s.meeting == MeetingRef(i.year, 1) for s in reg.signings)
            assert "deviation" in i.flags or signed_at_1, i
            assert "m1-agreement" in codes(p, i.agreement)
        # Meeting items are on the meeting's date, flagged provisional-date iff the user has not dated the meeting.
        if i.meeting is not None:
            assert i.meeting_date == o.date(i.year, i.meeting)
            assert ("provisional-date" in i.flags) is (MeetingRef(i.year, i.meeting) not in o.dated)
        else:
            assert "provisional-date" not in i.flags and i.meeting_date.year == i.year
    assert not {w.agreement for w in p.warnings} & o.other
    # One signing item per agreement and meeting 3 (the origin a deviation names), however many decisions aim at it;
    # besides it, one already signed before a later decision aimed there too.
    aimed = [(i.agreement, i.origin) for i in p.items if i.action in ("sign", "re-sign") and "signed" not in i.flags]
    assert len(aimed) == len(set(aimed)), aimed
    # One review item per agreement and meeting (or day): one moved onto another review of the agreement is one case.
    reviews = [(i.agreement, i.year, i.meeting, i.meeting_date) for i in p.items if i.action == "review"]
    assert len(reviews) == len(set(reviews)), reviews

    # Sorted by year, meeting (a plain date after the meetings on or before it), action order, title in Norwegian
    # alphabetical order (then key).
    order = [(i.year, i.meeting_date, i.meeting is None, i.meeting or 0, ACTION_ORDER[i.action], titles.get(i.agreement, ""),
              i.agreement or "") for i in p.items]
    assert order == sorted(order)


def check_in_force_items(reg: Register, from_year: int, to_year: int, as_of: dt.date, p: Plan, o: Oracle) -> None:
    """M2-REVIEW, M2-SCOPE, GOV-CHANGE, M3-STATUS and M4-OVERVIEW against the in-force definition."""
    stay = [i for i in p.items if "deviation" not in i.flags]  # the items the user did not move
    for year in range(from_year, to_year + 1):
        m2, m3, m4 = o.date(year, 2), o.date(year, 3), o.date(year, 4)
        # M2-SCOPE and M4-OVERVIEW: one each, unless the user moved it.
        scope = [i for i in stay if (i.year, i.meeting, i.action) == (year, 2, "scope")]
        assert len(scope) == (0 if ("scope", None, MeetingRef(year, 2)) in o.deviated else 1)
        for item in scope:  # the count of agreements in force that it states (rules-2006 rule 14)
            count = sum(1 for key in o.planned if o.in_force(key, m2))
            stated = f" {count} samarbeidsavtale{'' if count == 1 else 'r'} er i kraft " if count else " Ingen samarbeidsavtaler er i kraft "
            assert stated + f"{m2:%d.%m.%Y}." in item.reason, (year, item.reason)
        overview = [i for i in stay if (i.year, i.meeting, i.action) == (year, 4, "overview")]
        if ("overview", None, MeetingRef(year, 4)) in o.deviated:
            assert overview == []
        else:
            assert len(overview) == 1
            listed = overview[0].agreements
            assert len(listed) == len(set(listed))
            assert set(listed) <= set(o.planned)
            assert set(listed) == {key for key in o.planned if o.in_force(key, m4)}, year
        for key, a in o.planned.items():
            # M2-REVIEW: every agreement in force; one that is not only when an unsigned item is decided on again.
            # A review the user moved onto this meeting takes the yearly one in (one case; see check_structure).
            reviews = [i for i in stay if (i.year, i.meeting, i.action, i.agreement) == (year, 2, "review", key)]
            moved_in = [i for i in p.items if (i.year, i.meeting, i.action, i.agreement) == (year, 2, "review", key) and "deviation" in i.flags]
            taken_in = [i for i in moved_in if "Saken omfatter også: Årlig gjennomgang på 2. møte" in i.reason]
            if ("review", key, MeetingRef(year, 2)) in o.deviated:
                assert reviews == []
            elif o.in_force(key, m2):
                assert len(reviews + taken_in) == 1, (year, key)
                if taken_in:
                    event("review: a moved review takes in the yearly one")
            else:
                assert len(reviews) <= 1 and all("overdue-signing" in i.flags for i in reviews), (year, key)
            assert not (reviews and moved_in), (year, key)
            for review in reviews + taken_in:
                if o.government_change(year):
                    assert "government-change" in review.flags
                    event("review: government-change")
                elif review in reviews:
                    assert "government-change" not in review.flags
            # M3-STATUS: every agreement in force, only those.
            statuses = [i for i in stay if (i.year, i.action, i.agreement) == (year, "status", key)]
            assert all(i.meeting == 3 for i in statuses)
            expected = o.in_force(key, m3)
            moved_away = ("status", key, MeetingRef(year, 3)) in o.deviated
            assert len(statuses) == (1 if expected and not moved_away else 0), (year, key)
            event("status: an agreement checked" + (" in force" if expected else " not in force"))
            for status in statuses:
                clause = bool(a.evaluation_clause and a.evaluation_clause.strip()) or a.evaluation_annual is True
                assert ("no-evaluation-clause" in status.flags) is (not clause)


def expected_sign_place(o: Oracle, x: Decision, as_of: dt.date) -> tuple[tuple[int, int], set[str], set[str]]:
    """Where §3 puts the (re-)sign item of decision `x` at meeting 2 of Y: (year, meeting); the flags it must have;
    the flags it must not have."""
    year = x.meeting.year
    decided, next_2 = o.date(year, 2), o.date(year + 1, 2)
    settling = next((s for s in o.signings[x.agreement] if decided <= s.date < next_2), None)
    signed = o.planned[x.agreement].signed_date
    if settling is None and signed is not None and decided <= signed < next_2:
        settling = Signing(x.agreement, signed)  # the register's signed date is a signing too, made between meetings
    at_3 = o.decision(x.agreement, year, 3)
    postponed_at_3 = at_3 is not None and at_3.decision == "postpone"
    if settling is not None:
        if settling.meeting is not None:
            place = (settling.meeting.year, settling.meeting.number)
        else:
            place = (year, next((n for n in (2, 3, 4) if o.date(year, n) >= settling.date), 4))
        if o.date(*place) > o.date(year, 3):  # not signed at meeting 3 (postponed, or passed): moved on, then signed
            return place, {"signed", "postponed"}, {"overdue"}
        return place, {"signed"}, {"postponed", "overdue"}
    # TERMINATE: terminated after the decision, by the meeting that was to sign it, nothing is to be signed; the item
    # stays where it was then, neither moved on nor overdue.
    terminations = [o.date(d.meeting.year, d.meeting.number) for d in o.decisions_of(x.agreement) if d.decision == "terminate"]
    if any(decided < day <= o.date(year, 3) for day in terminations):
        return (year, 3), set(), {"signed", "postponed", "overdue"}
    if o.date(year, 3) < as_of or postponed_at_3:
        if any(decided < day <= o.date(year, 4) for day in terminations):
            return (year, 4), {"postponed"}, {"signed", "overdue"}
        overdue = o.date(year, 4) < as_of
        return (year, 4), {"postponed"} | ({"overdue"} if overdue else set()), {"signed"} | (set() if overdue else {"overdue"})
    return (year, 3), set(), {"signed", "postponed", "overdue"}


def lone_decision(reg: Register, x: Decision, kinds: tuple[str, ...], action: str) -> bool:
    """No other decision of these kinds for the agreement near x's year, and no deviation of its items: then every
    `action` item of the agreement in those years comes from x. (Any signing decision counts, whatever the item
    looked for: a later one aimed at the same meeting 3 replaces x's item.)"""
    year = x.meeting.year
    return not any(y.agreement == x.agreement and y != x and y.decision in kinds and year - 2 <= y.meeting.year <= year + 1
                   for y in reg.decisions) and not any(dev.action == action and dev.agreement == x.agreement for dev in reg.deviations)


SIGNING_KINDS = ("continue", "renegotiate", "new")


def check_sign_items(reg: Register, from_year: int, to_year: int, as_of: dt.date, p: Plan, o: Oracle) -> None:
    """M3-SIGN and M4-FALLBACK: a renegotiate/new decision at meeting 2 of Y gives exactly one sign item, placed
    and flagged as §3 says; `signed` iff a signing on or after the decision and before meeting 2 of Y+1 exists."""
    for x in reg.decisions:
        year = x.meeting.year
        if x.agreement not in o.planned or x.meeting.number != 2 or x.decision not in ("renegotiate", "new"):
            continue
        if not from_year <= year <= to_year or not lone_decision(reg, x, SIGNING_KINDS, "sign"):
            continue
        place, must, must_not = expected_sign_place(o, x, as_of)
        signs = [i for i in p.items if i.action == "sign" and i.agreement == x.agreement and i.year == place[0]]
        in_range = from_year <= place[0] <= to_year
        assert len(signs) == (1 if in_range else 0), (x, place, signs)
        if in_range:
            item = signs[0]
            assert (item.year, item.meeting) == place, (x, item)
            assert must <= item.flags and not must_not & item.flags, (x, item)
            assert item.rule == ("M4-FALLBACK" if "postponed" in must else "M3-SIGN")
            event("sign item checked: " + ("signed" if "signed" in must else "postponed" if "postponed" in must else "at meeting 3"))
        # Not signed by meeting 4 once it has passed: the parties decide again at meeting 2 of Y+1, in force or not.
        if "overdue" in must and from_year <= year + 1 <= to_year and ("review", x.agreement, MeetingRef(year + 1, 2)) not in o.deviated:
            again = [i for i in p.items if (i.year, i.meeting, i.action, i.agreement) == (year + 1, 2, "review", x.agreement)]
            assert len(again) == 1 and "overdue-signing" in again[0].flags, (x, again)
            event("overdue-signing checked")


def check_re_sign_items(reg: Register, from_year: int, to_year: int, as_of: dt.date, p: Plan, o: Oracle) -> None:
    """M3-RESIGN: a continue decision at meeting 2 of Y gives a re-sign item iff the review it settles was a
    government-change review (that of Y, or one the user moved to this meeting), or the agreement (as it stood)
    ends before meeting 2 of Y+1, or resign_on_every_continue is on."""
    for x in reg.decisions:
        year = x.meeting.year
        if x.agreement not in o.planned or x.meeting.number != 2 or x.decision != "continue" or not from_year <= year <= to_year:
            continue
        if not lone_decision(reg, x, SIGNING_KINDS, "re-sign"):
            continue
        place, must, must_not = expected_sign_place(o, x, as_of)
        end = o.end(o.planned[x.agreement], o.date(year, 2) - dt.timedelta(days=1))  # as it stood at the decision
        resign = (o.government_change_review_decided_at(x.agreement, x.meeting) or (end is not None and end < o.date(year + 1, 2))
                  or reg.settings.resign_on_every_continue)
        found = [i for i in p.items if i.action == "re-sign" and i.agreement == x.agreement and i.year in (year, place[0])]
        assert len(found) == (1 if resign and from_year <= place[0] <= to_year else 0), (x, resign, place, found)
        if found:
            assert (found[0].year, found[0].meeting) == place
            assert must <= found[0].flags and not must_not & found[0].flags, (x, found[0])
        event("continue checked: " + ("re-signed" if resign else "no re-sign"))


# -- properties -----------------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(scenarios())
def test_property_plan_follows_section_3(scenario):
    reg, from_year, to_year, as_of = scenario
    p = plan(reg, from_year, to_year, as_of)
    o = Oracle(reg)

    check_structure(reg, from_year, to_year, as_of, p, o)
    check_in_force_items(reg, from_year, to_year, as_of, p, o)
    check_sign_items(reg, from_year, to_year, as_of, p, o)
    check_re_sign_items(reg, from_year, to_year, as_of, p, o)


@PROPERTY_SETTINGS
@given(scenarios(), st.randoms(use_true_random=False))
def test_property_plan_is_deterministic_and_independent_of_input_order(scenario, rnd):
    reg, from_year, to_year, as_of = scenario
    shuffled = {}
    for name in ("governments", "meetings", "agreements", "decisions", "signings", "deviations"):
        values = list(getattr(reg, name))
        rnd.shuffle(values)
        shuffled[name] = tuple(values)

    first = plan(reg, from_year, to_year, as_of)
    assert plan(reg, from_year, to_year, as_of) == first
    assert plan(dataclasses.replace(reg, **shuffled), from_year, to_year, as_of) == first


@PROPERTY_SETTINGS
@given(scenarios())
def test_property_a_years_items_do_not_depend_on_the_plan_range(scenario):
    # The agenda tab plans one year at a time (plan(register, year, year, today)); the CLI plans ranges. A year's
    # items must be the same either way, also those that come from another year (a decision at meeting 4, a
    # signing recorded next year, a deviation to a later or an earlier year).
    reg, from_year, to_year, as_of = scenario
    whole = plan(reg, from_year, to_year, as_of)
    for year in range(from_year, to_year + 1):
        single = plan(reg, year, year, as_of)
        assert [i for i in whole.items if i.year == year] == list(single.items), year


# =======================================================================================================
# Regressions: bugs found in the planner while writing these tests (all fixed since)
# =======================================================================================================


@pytest.mark.parametrize("case", ["demo-pleie-omsorg-expired", "new-agreement-never-signed"])
def test_overdue_signing_is_carried_to_next_years_review(case):
    # Was: only agreements in force got a review, so an overdue item of an agreement that had expired meanwhile
    # (pleie-omsorg ended 2006-06-19) or of a new agreement never signed vanished: no 2007 review to carry
    # overdue-signing (§3 M4-FALLBACK "where the parties decide again"; rules-2006 ambiguity (c)).
    if case == "demo-pleie-omsorg-expired":
        reg, key = adding(demo(), decisions=[PLEIE_RENEGOTIATED]), "pleie-omsorg"
    else:
        reg, key = register(agreement("ny", signed=None, end=None, duration_months=36), decisions=(decision("ny", 2006, 2, "new"),)), "ny"

    p = plan(reg, 2006, 2007, d("2006-11-01"))

    assert {"postponed", "overdue"} <= one(p, year=2006, action="sign", agreement=key).flags
    review = one(p, year=2007, meeting=2, action="review", agreement=key)
    assert "overdue-signing" in review.flags
    assert items(p, year=2007, action="status", agreement=key) == []  # still not in force


def test_a_review_of_an_agreement_that_ran_out_before_the_meeting_says_it_ran_out():
    # The 2007 review of pleie-omsorg (ended 2006-06-19, its signing overdue) goes into the agenda's background:
    # it must not read "utløper 19.06.2006, før 2. møte 2008", a past date told as a coming expiry.
    reg = adding(demo(), decisions=[PLEIE_RENEGOTIATED])
    review = one(plan(reg, 2006, 2007, d("2007-11-01")), year=2007, meeting=2, action="review", agreement="pleie-omsorg")

    assert "expiring" in review.flags
    assert "Avtalen utløp 19.06.2006, før dette møtet." in review.reason
    assert "utløper" not in review.reason
    # An agreement still in force at its review keeps the coming expiry.
    coming = one(plan(register(agreement("a", end="2007-03-31")), 2006, 2006, d("2006-01-01")), action="review", agreement="a")
    assert "Avtalen utløper 31.03.2007, før 2. møte 2007." in coming.reason


def test_in_force_not_extended_backwards_by_a_later_signing():
    # Was: in force used the end date of the LATEST signing whatever its date, so pleie-omsorg (ended 2006-06-19,
    # signed again only at meeting 3 of 2007) had a status item at meeting 3 of 2006 and stood in the 2006 overview,
    # while the same plan's gap warning said "71 dager uten avtale".
    late = signing("pleie-omsorg", "2007-08-15", at=(2007, 3), end="2010-06-30")  # the demo's provisional meeting 3
    reg = adding(demo(), decisions=[PLEIE_RENEGOTIATED], signings=[late])

    p = plan(reg, 2006, 2008, d("2008-11-01"))

    assert "gap" in codes(p, "pleie-omsorg")
    assert items(p, year=2006, meeting=3, action="status", agreement="pleie-omsorg") == []
    assert "pleie-omsorg" not in one(p, year=2006, action="overview").agreements
    # From the day it was signed again it is in force: status at that meeting 3 and in the later overviews.
    assert len(items(p, year=2007, meeting=3, action="status", agreement="pleie-omsorg")) == 1
    assert "pleie-omsorg" in one(p, year=2007, action="overview").agreements
    assert "pleie-omsorg" in one(p, year=2008, action="overview").agreements


def test_signing_early_next_year_settles_at_meeting_4_of_the_decision_year():
    # Was: the settled item went to the first of meetings 2–4 of the SIGNING's year, i.e. meeting 2 of 2007, and
    # disappeared from a plan of 2006 alone. §3: "the first of meetings 2–4 of Y on or after its date, else meeting 4".
    reg = register(agreement("a"), decisions=(decision("a", 2006, 2, "renegotiate"),), signings=(signing("a", "2007-01-10"),))

    for years in ((2006, 2007), (2006, 2006)):
        p = plan(reg, *years, d("2007-06-01"))

        item = one(p, action="sign", agreement="a")
        assert where(item) == (2006, 4, d("2006-10-18"))
        assert "signed" in item.flags


def test_decision_at_meeting_4_is_signed_at_meeting_3_next_year():
    # Was: the item aimed at meeting 3 of 2007 was judged against meetings 3 and 4 of 2006, so a fortnight after
    # the decision (meeting 4, 2006-10-18) it was "postponed" to that same meeting, "overdue", and marked the 2007
    # review overdue-signing.
    reg = register(agreement("a"), decisions=(decision("a", 2006, 4, "renegotiate"),))

    p = plan(reg, 2006, 2007, d("2006-11-01"))

    item = one(p, action="sign", agreement="a")
    assert (item.year, item.meeting, item.rule) == (2007, 3, "M3-SIGN")
    assert not item.flags & {"postponed", "overdue"}
    assert "overdue-signing" not in one(p, year=2007, action="review", agreement="a").flags
    # Once meeting 3 of 2007 has passed unsigned it falls back to meeting 4 of 2007, not of 2006.
    late = one(plan(reg, 2006, 2007, d("2007-09-15")), action="sign", agreement="a")
    assert (late.year, late.meeting, late.rule) == (2007, 4, "M4-FALLBACK")


@pytest.mark.parametrize(
    ("case", "records", "expected"),
    [
        ("signed-at-meeting-1-next-year",
         {"decisions": (decision("a", 2006, 2, "renegotiate"),), "signings": (signing("a", "2007-03-12", at=(2007, 1)),)},
         ("sign", 1, "signed")),
        ("deviation-to-next-year", {"deviations": (moved("status", "a", (2006, 3), to=(2007, 2)),)}, ("status", 2, "deviation")),
        ("decided-at-meeting-4", {"decisions": (decision("a", 2006, 4, "renegotiate"),)}, ("sign", 3, None)),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_single_year_plan_shows_items_that_come_from_the_previous_year(case, records, expected):
    # Was: a plan from year Y never placed items that come from year Y-1, so the agenda tab (which plans one year at
    # a time: plan(register, year, year, today)) missed them while plan(2006, 2007) showed them.
    reg = register(agreement("a"), **records)
    action, number, flag = expected
    as_of = d("2007-06-01")

    single = plan(reg, 2007, 2007, as_of)

    item = one(single, year=2007, meeting=number, action=action, agreement="a")
    assert flag is None or flag in item.flags
    assert [i for i in plan(reg, 2006, 2007, as_of).items if i.year == 2007] == list(single.items)


def test_duration_counts_from_the_first_recorded_signing():
    # Was: a duration only counted from signed_date or start_date, so a new 36-month agreement whose signing is
    # recorded as a Signing (the app's normal way) never ended and got no-end-date.
    reg = register(agreement("ny", signed=None, end=None, duration_months=36),
                   decisions=(decision("ny", 2006, 2, "new"),), signings=(signing("ny", "2006-08-30", at=(2006, 3)),))

    p = plan(reg, 2006, 2010, d("2006-09-01"))

    assert "no-end-date" not in codes(p, "ny")
    assert "ny" in one(p, year=2008, action="overview").agreements
    assert "ny" not in one(p, year=2009, action="overview").agreements  # ended 2009-08-29
    assert "expiring" in one(p, year=2009, action="review", agreement="ny").flags


# Was a bug (items moved in from outside the planned years were missing from a one-year plan); now a regression test.
@pytest.mark.parametrize("case", ["moved-back-from-a-later-year", "moved-from-an-earlier-year-with-history"])
def test_single_year_plan_shows_items_moved_in_from_outside_the_planned_years(case):
    if case == "moved-back-from-a-later-year":
        reg = adding(demo(), deviations=[moved("review", "pleie-omsorg", (2006, 2), to=(2005, 4))])
        year, as_of, key = 2005, d("2005-11-01"), "pleie-omsorg"
    else:
        reg = register(agreement("a", signed="2001-01-15", end="2002-06-30"), decisions=(decision("a", 2002, 2, "renegotiate"),),
                       deviations=(moved("review", "a", (2003, 2), to=(2007, 3)),))
        year, as_of, key = 2007, d("2008-01-01"), "a"

    whole = plan(reg, year - 4, year + 1, as_of)
    (moved_item,) = [i for i in whole.items if (i.year, i.action, i.agreement) == (year, "review", key) and "deviation" in i.flags]

    assert [i for i in plan(reg, year, year, as_of).items if i.agreement == key and "deviation" in i.flags] == [moved_item]


def test_the_registers_signed_date_settles_a_sign_item_as_a_recorded_signing_does():
    """A new agreement decided at meeting 2 whose "Undertegnet" the user filled in (no signing recorded in meeting
    mode): M4-FALLBACK's "a signing of the agreement dated on or after the decision" is that date. Was: the item
    stayed unsigned, went overdue, and the next review said the signing never happened, while the register showed
    the agreement in force."""
    reg = register(agreement("a", signed="2006-08-30"), decisions=(decision("a", 2006, 2, "new"),))

    p = plan(reg, 2006, 2007, d("2007-06-01"))

    item = one(p, action="sign", agreement="a")
    assert where(item) == (2006, 3, d("2006-08-30"))
    assert item.flags == {"signed"} and item.signing == Signing("a", d("2006-08-30"))
    assert "overdue-signing" not in one(p, year=2007, action="review", agreement="a").flags
    # A signed date from before the decision is the old version's: the new one is still to be signed.
    earlier = one(plan(with_agreement(reg, "a", signed_date=d("2006-01-15")), 2006, 2007, d("2007-06-01")), action="sign", agreement="a")
    assert {"overdue", "postponed"} <= earlier.flags


def test_no_end_date_says_when_a_duration_has_no_date_to_count_from():
    reg = register(agreement("a", signed=None, end=None, duration_months=36), decisions=(decision("a", 2006, 2, "new"),))

    (warning,) = [w for w in plan(reg, 2006, 2006, d("2006-05-01")).warnings if w.code == "no-end-date"]

    assert warning.message == "«Avtale om a» varer 36 måneder, men har verken start- eller undertegningsdato å regne sluttdatoen fra."
    # The register's check says the same.
    from konsultasjon_app.domain.checks import check_agreement

    (checked,) = [w for w in check_agreement(reg.agreements[0], reg.settings, {}, ()) if w.code == "no-end-date"]
    assert checked.message.endswith(": varer 36 måneder, men har verken start- eller undertegningsdato")


def test_a_sign_item_moved_to_next_year_is_judged_where_the_user_put_it():
    """DEVIATION: "the planner leaves it where the user put it". Was: the moved item was still judged against
    meetings 3 and 4 of the decision's year: overdue (and next year's review overdue-signing) before the meeting
    it was moved to, and even when it was signed there."""
    reg = register(agreement("a"), decisions=(decision("a", 2006, 2, "renegotiate"),),
                   deviations=(moved("sign", "a", (2006, 3), to=(2007, 3)),))

    waiting = plan(reg, 2006, 2007, d("2006-11-01"))
    item = one(waiting, action="sign", agreement="a")
    assert (where(item), item.flags) == ((2007, 3, d("2007-08-29")), {"deviation"})
    assert "overdue-signing" not in one(waiting, year=2007, action="review", agreement="a").flags

    signed_there = adding(reg, signings=[signing("a", "2007-08-29", at=(2007, 3))])
    item = one(plan(signed_there, 2006, 2007, d("2007-09-01")), action="sign", agreement="a")
    assert (where(item), item.flags) == ((2007, 3, d("2007-08-29")), {"deviation", "signed"})

    missed = plan(reg, 2006, 2008, d("2007-11-01"))
    assert one(missed, action="sign", agreement="a").flags == {"deviation", "overdue"}
    review = one(missed, year=2008, action="review", agreement="a")
    assert "overdue-signing" in review.flags and "ikke gjennomført innen 3. møte 29.08.2007" in review.reason
    assert "overdue-signing" not in one(missed, year=2007, action="review", agreement="a").flags


def test_a_sign_item_moved_to_a_day_is_overdue_once_that_day_passes_unsigned_and_never_moved_to_meeting_4():
    reg = register(agreement("a"), decisions=(decision("a", 2006, 2, "renegotiate"),),
                   deviations=(moved("sign", "a", (2006, 3), to_date="2006-06-15"),))

    assert one(plan(reg, 2006, 2006, d("2006-06-01")), action="sign", agreement="a").flags == {"deviation"}
    p = plan(reg, 2006, 2007, d("2006-09-10"))
    item = one(p, action="sign", agreement="a")
    assert (where(item), item.flags) == ((2006, None, d("2006-06-15")), {"deviation", "overdue"})
    assert "4. møte" not in item.reason
    assert "overdue-signing" in one(p, year=2007, action="review", agreement="a").flags
    # Signed on the day it was moved to: settled.
    signed = adding(reg, signings=[signing("a", "2006-06-15")])
    assert one(plan(signed, 2006, 2007, d("2006-09-10")), action="sign", agreement="a").flags == {"deviation", "signed"}


def test_a_postponed_government_change_review_is_said_to_be_postponed_and_still_undecided():
    """GOV-CHANGE asks for an explicit decision (continue, renegotiate or terminate); a postponement is none, so the
    warning stays, but says what was recorded. Was: «ikke noe vedtak registrert på 2. møte …» while the minutes print
    «Vedtak: Saken er utsatt.»."""
    reg = adding(register(agreement("a", signed="2005-06-15"), governments=(STOLTENBERG_II,)), decisions=[decision("a", 2006, 2, "postpone")])
    (warning,) = [w for w in plan(reg, 2006, 2006, d("2006-05-10")).warnings if w.code == "decision-missing"]
    assert warning.message == ("«Avtale om a»: gjennomgangen ble utsatt på 2. møte 26.04.2006, det første 2. møtet etter regjeringsskiftet "
                               "17.10.2005; den trenger fortsatt et vedtak om å videreføre, reforhandle eller si opp avtalen.")
    moved_on = adding(reg, deviations=[moved("review", "a", (2006, 2), to=(2006, 3))])
    (warning,) = [w for w in plan(moved_on, 2006, 2006, d("2006-09-10")).warnings if w.code == "decision-missing"]
    assert warning.message == ("«Avtale om a»: gjennomgangen fra det første 2. møtet etter regjeringsskiftet 17.10.2005 ble utsatt på "
                               "2. møte 26.04.2006; den trenger fortsatt et vedtak om å videreføre, reforhandle eller si opp avtalen.")
    decided = adding(moved_on, decisions=[decision("a", 2006, 3, "continue")])
    assert "decision-missing" not in codes(plan(decided, 2006, 2006, d("2006-09-10")), "a")


def test_a_government_change_review_moved_to_meeting_3_is_decided_there():
    """GOV-CHANGE and M3-RESIGN follow a review the user moved from the first meeting 2 after the change: its
    decision is recorded at the meeting it was moved to. Was: 'decision-missing' for meeting 2 (even while
    meeting 3 was still ahead) and no re-sign item for the 'continue' recorded at meeting 3."""
    reg = register(agreement("a", signed="2005-06-15"), governments=(STOLTENBERG_II,),
                   deviations=(moved("review", "a", (2006, 2), to=(2006, 3)),))

    assert "decision-missing" not in codes(plan(reg, 2006, 2006, d("2006-05-10")), "a")
    missed = plan(reg, 2006, 2006, d("2006-09-10"))
    (warning,) = [w for w in missed.warnings if w.code == "decision-missing"]
    assert warning.message == ("«Avtale om a»: ikke noe vedtak registrert på 3. møte 30.08.2006, der gjennomgangen fra det første "
                               "2. møtet etter regjeringsskiftet 17.10.2005 skal avgjøres.")

    decided = adding(reg, decisions=[decision("a", 2006, 3, "continue")])
    p = plan(decided, 2006, 2006, d("2006-05-10"))
    assert "decision-missing" not in codes(p, "a")
    assert one(p, action="re-sign", agreement="a").rule == "M3-RESIGN"


def test_a_sign_item_moved_to_the_day_it_was_signed_before_the_decision_was_minuted_is_signed():
    """The NAV framework agreement was signed 21 April 2006, five days before the meeting 2 that decided it (§3,
    DEVIATION). Was: the signing, before the decision, did not count, and the item was overdue at once."""
    reg = register(agreement("a"), decisions=(decision("a", 2006, 2, "new"),), signings=(signing("a", "2006-04-21"),),
                   deviations=(moved("sign", "a", (2006, 3), to_date="2006-04-21"),))

    p = plan(reg, 2006, 2007, d("2006-05-01"))

    assert one(p, action="sign", agreement="a").flags == {"deviation", "signed"}
    assert "overdue-signing" not in one(p, year=2007, action="review", agreement="a").flags


def test_a_moved_sign_item_keeps_its_move_when_signed_at_a_meeting_and_marks_the_next_review_when_missed():
    # Moved from meeting 4, where the fallback had put it, and signed at the meeting it was moved to.
    reg = register(agreement("a"), decisions=(decision("a", 2006, 2, "renegotiate"),),
                   deviations=(moved("sign", "a", (2006, 4), to=(2007, 3)),), signings=(signing("a", "2007-08-29", at=(2007, 3)),))
    item = one(plan(reg, 2006, 2007, d("2007-09-01")), action="sign", agreement="a")
    assert (item.rule, item.flags, where(item)) == ("DEVIATION", {"deviation", "signed"}, (2007, 3, d("2007-08-29")))
    # Decided at meeting 4 of 2005, moved to 1 April 2006 and not signed: the parties decide again at meeting 2
    # of 2006, three weeks later, not a year later; a plan of 2008 alone agrees with one of 2006–2008.
    late = register(agreement("a", signed="2005-01-15"), decisions=(decision("a", 2005, 4, "renegotiate"),),
                    deviations=(moved("sign", "a", (2006, 3), to_date="2006-04-01"),))
    p = plan(late, 2006, 2007, d("2006-05-01"))
    assert "overdue-signing" in one(p, year=2006, action="review", agreement="a").flags
    assert "overdue-signing" not in one(p, year=2007, action="review", agreement="a").flags
    far = register(agreement("a", end="2012-12-31"), years=(2006, 2007, 2008), decisions=(decision("a", 2006, 2, "renegotiate"),),
                   deviations=(moved("sign", "a", (2006, 3), to=(2007, 3)),))
    whole = plan(far, 2006, 2008, d("2008-06-01"))
    assert "overdue-signing" in one(whole, year=2008, action="review", agreement="a").flags
    assert [i for i in whole.items if i.year == 2008] == list(plan(far, 2008, 2008, d("2008-06-01")).items)


def test_a_moved_government_change_review_accepts_its_decision_at_meeting_2_or_where_it_was_moved():
    base = register(agreement("a", signed="2005-06-15"), governments=(STOLTENBERG_II,))
    # Moved to meeting 3, decided at meeting 2 all the same: no warning, and the re-sign item of M3-RESIGN.
    at_2 = adding(base, deviations=[moved("review", "a", (2006, 2), to=(2006, 3))], decisions=[decision("a", 2006, 2, "continue")])
    p = plan(at_2, 2006, 2006, d("2006-09-10"))
    assert "decision-missing" not in codes(p, "a") and items(p, action="re-sign", agreement="a")
    # Moved to a day: decided at the first meeting from that day on, and not missing before it.
    to_day = adding(base, deviations=[moved("review", "a", (2006, 2), to_date="2006-06-01")])
    assert "decision-missing" not in codes(plan(to_day, 2006, 2006, d("2006-06-10")), "a")
    assert "decision-missing" in codes(plan(to_day, 2006, 2006, d("2006-09-10")), "a")
    decided = adding(to_day, decisions=[decision("a", 2006, 3, "continue")])
    assert "decision-missing" not in codes(plan(decided, 2006, 2006, d("2006-09-10")), "a")


def test_items_and_the_overview_list_are_in_norwegian_alphabetical_order():
    """… z, æ, ø, å, case aside (code points put å before æ, and capitals before small letters)."""
    titles = ["Avtale om zink", "åpenhet i forvaltningen", "Ærlighet", "Økonomi", "avtale om Bosetting"]
    reg = register(*(agreement(f"a{n}", title=t) for n, t in enumerate(titles)))

    p = plan(reg, 2006, 2006, d("2006-01-01"))

    expected = ["avtale om Bosetting", "Avtale om zink", "Ærlighet", "Økonomi", "åpenhet i forvaltningen"]
    assert [i.title for i in items(p, action="review")] == expected
    by_key = {a.key: a.title for a in reg.agreements}
    assert [by_key[k] for k in one(p, action="overview").agreements] == expected


def test_a_sign_item_moved_back_before_its_decision_is_not_settled_by_the_previous_versions_signing():
    # Renegotiated at meeting 2 of 2006, the item moved to 20 January: the register's signed date of 1 February is
    # the old version's (only a recorded signing reaches back before the decision).
    reg = register(agreement("a", signed="2006-02-01"), decisions=(decision("a", 2006, 2, "renegotiate"),),
                   deviations=(moved("sign", "a", (2006, 3), to_date="2006-01-20"),))
    assert "signed" not in one(plan(reg, 2006, 2006, d("2006-05-01")), action="sign", agreement="a").flags
    # Nor a signing recorded for the agreement's previous decision.
    again = adding(reg, decisions=[decision("a", 2005, 2, "renegotiate")], signings=[signing("a", "2005-09-01")])
    again = dataclasses.replace(again, deviations=(moved("sign", "a", (2006, 3), to_date="2005-06-01"),))
    moved_item = [i for i in plan(again, 2005, 2006, d("2006-05-01")).items if i.action == "sign" and "deviation" in i.flags]
    assert len(moved_item) == 1 and "signed" not in moved_item[0].flags


def test_a_postponement_where_a_government_change_review_was_moved_does_not_hide_a_decision_at_meeting_2():
    reg = register(agreement("a", signed="2005-06-15"), governments=(STOLTENBERG_II,),
                   deviations=(moved("review", "a", (2006, 2), to=(2006, 3)),),
                   decisions=(decision("a", 2006, 2, "continue"), decision("a", 2006, 3, "postpone")))
    assert "decision-missing" not in codes(plan(reg, 2006, 2006, d("2006-09-10")), "a")


def test_norwegian_alphabetical_order_puts_z_before_ae_oe_aa_and_accents_with_their_letters():
    titles = ["åpen", "Zink", "idrett", "idé", "Øl", "a\u030apen", "ærlig", "über", "Zebra", "{klammer}", "Yngre", "Ytre"]
    assert sorted(titles, key=norwegian_key) == [
        "idé", "idrett", "über", "Yngre", "Ytre", "Zebra", "Zink", "{klammer}", "ærlig", "Øl", "åpen", "a\u030apen"]


def _norwegian_key_translating_all(text: str) -> str:
    """norwegian_key as it was written before it left ASCII text untranslated (the table then changes nothing)."""
    import unicodedata

    from konsultasjon_app.domain.model import _NORWEGIAN_ORDER

    folded = unicodedata.normalize("NFC", text).casefold().translate(_NORWEGIAN_ORDER)
    if folded.isascii():
        return folded
    return "".join(c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c))


@PROPERTY_SETTINGS
@given(st.text(alphabet=st.sampled_from("aAzZ {}\x7f0æÆøØåÅäÄöÖüÜéÉß\u030a\u0301ﬁİ") | st.characters(), max_size=20))
def test_property_norwegian_key_is_the_key_that_translated_every_text(text):
    assert norwegian_key(text) == _norwegian_key_translating_all(text)


def test_a_sign_item_moved_back_to_where_it_was_signed_is_settled_by_the_signed_date_or_a_signing_at_that_meeting():
    # The NAV case with only the register's signed date (no signing recorded in meeting mode).
    nav = register(agreement("a", signed="2006-04-21"), decisions=(decision("a", 2006, 2, "new"),),
                   deviations=(moved("sign", "a", (2006, 3), to_date="2006-04-21"),))
    assert one(plan(nav, 2006, 2007, d("2007-06-01")), action="sign", agreement="a").flags == {"deviation", "signed"}
    # Decided at meeting 3, moved back to meeting 2, where it was signed.
    early = register(agreement("b"), decisions=(decision("b", 2006, 3, "renegotiate"),),
                     deviations=(moved("sign", "b", (2006, 3), to=(2006, 2)),), signings=(signing("b", "2006-04-26", at=(2006, 2)),))
    assert one(plan(early, 2006, 2007, d("2007-06-01")), action="sign", agreement="b").flags == {"deviation", "signed"}


# =======================================================================================================
# Regressions from the 2008 audit (bundles t8, t10–t13)
# =======================================================================================================


def test_a_termination_without_notice_months_lets_the_agreements_own_end_date_stand():
    """§3 TERMINATE: "No notice period in the agreement: warning notice-unspecified, and the agreement's own end
    date (which the user edits) stands." Was (audit t10): a renegotiated version signed before the termination, with
    its end date 2009-08-31, overrode the end date the user set (2007-12-31): reviewed in 2008 and 2009, listed in
    the 2008 overview, "I kraft" in the register."""
    from konsultasjon_app.domain.lifecycle import lifetimes

    reg = register(
        agreement("bv", signed="2005-09-15", end="2007-12-31", notice_months=None, notice_text="rimeleg førehandsvarsling"),
        decisions=(decision("bv", 2006, 2, "renegotiate"), decision("bv", 2007, 2, "terminate")),
        signings=(signing("bv", "2006-08-30", at=(2006, 3), end="2009-08-31"),),
    )

    p = plan(reg, 2007, 2009, d("2008-01-10"))

    assert "bv" in one(p, year=2007, action="overview").agreements  # to 2007-12-31
    assert items(p, year=2008, agreement="bv") == items(p, year=2009, agreement="bv") == []
    assert "bv" not in one(p, year=2008, action="overview").agreements
    assert "notice-unspecified" in codes(p, "bv")
    assert codes(plan(reg, 2008, 2009, d("2008-01-10")), "bv") == set()  # not dealt with after it ended
    life = lifetimes(reg)["bv"]
    # "Utløper 31.12.2007", status "Sagt opp": without a notice period it is a terminated agreement all the same.
    assert (life.ends, life.terminated) == (d("2007-12-31"), True)
    # Until the termination was decided, the renegotiated version's end date was the end.
    assert life.end_before(d("2007-04-25")) == d("2009-08-31")
    assert life.end_on(d("2007-04-25")) == d("2007-12-31")
    assert not life.in_force(d("2008-01-01"))


def test_an_agreement_signed_again_after_its_termination_is_in_force_again():
    """Audit t11: terminated at meeting 2 of 2006 (3 months' notice), decided anew at meeting 2 of 2007 and signed at
    meeting 3 with an end date of 2009-08-31. Was: the sign item was "signed", but the first termination cut the
    agreement for good: no status item, absent from the overviews, no 2008 review."""
    from konsultasjon_app.domain.lifecycle import lifetimes

    reg = register(
        agreement("p", signed="2004-01-01", end="2006-12-31"),
        decisions=(decision("p", 2006, 2, "terminate"), decision("p", 2007, 2, "new")),
        signings=(signing("p", "2007-08-29", at=(2007, 3), end="2009-08-31"),),
    )

    p = plan(reg, 2006, 2008, d("2008-01-10"))

    assert "p" not in one(p, year=2006, action="overview").agreements  # ended 2006-07-26
    assert items(p, year=2006, action="status", agreement="p") == []
    assert one(p, action="sign", agreement="p").flags == {"signed"}
    assert len(items(p, year=2007, meeting=3, action="status", agreement="p")) == 1
    assert "p" in one(p, year=2007, action="overview").agreements
    assert len(items(p, year=2008, meeting=2, action="review", agreement="p")) == 1
    assert "p" in one(p, year=2008, action="overview").agreements
    life = lifetimes(reg)["p"]  # what the register's status, the overview's dates and the minutes read
    assert (life.ends, life.terminated) == (d("2009-08-31"), False)
    assert life.terminated_on(d("2006-04-26")) and life.end_on(d("2006-10-18")) == d("2006-07-26")
    assert life.termination == d("2006-07-26")  # the minutes of meeting 2 of 2006 say so (was: None, and they failed)
    assert life.end_on(d("2007-10-17")) == d("2009-08-31") and not life.terminated_on(d("2007-10-17"))

    # A later termination ends the new version in turn: meeting 2 of 2008 + 3 months.
    again = adding(reg, decisions=[decision("p", 2008, 2, "terminate")])
    p = plan(again, 2008, 2008, d("2008-06-01"))
    assert len(items(p, meeting=2, action="review", agreement="p")) == 1
    assert items(p, action="status", agreement="p") == []
    assert "p" not in one(p, action="overview").agreements
    life = lifetimes(again)["p"]
    assert (life.ends, life.terminated, life.termination) == (d("2008-07-23"), True, d("2008-07-23"))


@pytest.mark.parametrize(
    ("signed_on", "end", "in_force_after"),
    [
        ("2006-05-15", "2009-08-31", True),  # signed after the decision, in the notice period: the new version runs on
        ("2006-04-26", "2009-08-31", False),  # signed at the meeting that terminated it: that is the version it ended
        ("2007-08-29", None, False),  # signed again without an end date, the agreement's own (2006-12-31) long past
    ],
    ids=["during-notice", "same-day", "no-end"],
)
def test_which_signings_start_a_terminated_agreement_again(signed_on, end, in_force_after):
    from konsultasjon_app.domain.lifecycle import lifetimes

    reg = register(agreement("p", signed="2004-01-01", end="2006-12-31"), decisions=(decision("p", 2006, 2, "terminate"),),
                   signings=(signing("p", signed_on, end=end),))

    life = lifetimes(reg)["p"]

    assert life.in_force(d("2008-01-01")) is in_force_after
    assert life.terminated is not in_force_after
    assert ("p" in one(plan(reg, 2007, 2007, d("2007-01-01")), action="overview").agreements) is in_force_after


@pytest.mark.parametrize(
    ("signed", "uncovered"),
    [
        (None, 60),  # 2006-07-01 … 2006-08-29, up to meeting 3 (2006-08-30)
        (signing("po", "2006-05-15"), 60),  # signed without an end date: it renews nothing, the agreement still ends 06-30
        (signing("po", "2006-05-15", end="2006-06-30"), 60),  # signed with the same end date: no renewal either
        (signing("po", "2006-07-15", end="2009-06-30"), 14),  # renewed on 07-15: 2006-07-01 … 2006-07-14 uncovered
        (signing("po", "2006-05-15", end="2009-06-30"), None),  # renewed before it ended: no gap
    ],
    ids=["unsigned", "no-end-date", "same-end-date", "renewed-late", "renewed-in-time"],
)
def test_gap_counts_only_a_signing_that_renews_the_agreement(signed, uncovered):
    """§3 EXPIRY: the gap runs from the end date to "the meeting 3 where its renewal would be signed". Was (audit
    t12): any signing on or after meeting 2 counted as the renewal, so one without a new end date hid the gap,
    while the same plan had the agreement ended (no status item, not in the overview)."""
    reg = register(agreement("po", signed="2004-06-01", end="2006-06-30"), decisions=(decision("po", 2006, 2, "renegotiate"),),
                   signings=(signed,) if signed else ())

    p = plan(reg, 2006, 2006, d("2006-01-10"))

    gaps = [w.message for w in p.warnings if (w.agreement, w.code) == ("po", "gap")]
    assert len(gaps) == (0 if uncovered is None else 1)
    if uncovered is not None:
        assert f": {uncovered} dager uten avtale" in gaps[0]
    # The plan agrees: in force at meeting 3 only when renewed.
    renewed = signed is not None and signed.end_date is not None and signed.end_date > d("2006-06-30")
    assert len(items(p, action="status", agreement="po")) == (1 if renewed else 0)


def test_a_moved_reviews_warnings_go_where_the_review_lands():
    """§3: warnings are for "the agreements that the plan deals with"; GOV-CHANGE gives decision-missing "once that
    meeting lies before the as-of date". Was (audit t8): the government-change review of 2007, moved by the user to
    meeting 2 of 2008, gave decision-missing and gap in a plan of 2007, where the agreement has no item, and no
    decision-missing in a plan of 2008, where the review is, although that meeting had passed undecided."""
    reg = register(agreement("x", signed=None, start_date=d("2007-01-01"), end="2007-06-30", notice_months=None),
                   governments=(Government("G", d("2006-10-01")),), deviations=(moved("review", "x", (2007, 2), to=(2008, 2)),))

    assert codes(plan(reg, 2007, 2007, d("2008-06-01")), "x") == set()

    p = plan(reg, 2008, 2008, d("2008-06-01"))
    review = one(p, action="review", agreement="x")
    assert (where(review), review.rule) == ((2008, 2, d("2008-04-23")), "DEVIATION")
    assert codes(p, "x") == {"decision-missing", "gap"}
    (missing,) = [w.message for w in p.warnings if w.code == "decision-missing"]
    assert "2. møte 23.04.2008" in missing
    # The renewal would be signed at meeting 3 of 2008, after the review where it is now decided.
    (gap,) = [w.message for w in p.warnings if w.code == "gap"]
    assert f"{(d('2008-08-27') - d('2007-06-30')).days - 1} dager uten avtale" in gap
    # A plan of both years says the same, once.
    assert [w for w in plan(reg, 2007, 2008, d("2008-06-01")).warnings if w.agreement == "x"] == [w for w in p.warnings if w.agreement == "x"]
    # Not missing before that meeting; settled by a decision where the review was moved to.
    assert "decision-missing" not in codes(plan(reg, 2008, 2008, d("2008-04-23")), "x")
    decided = adding(reg, decisions=[decision("x", 2008, 2, "terminate")])
    assert codes(plan(decided, 2008, 2008, d("2008-06-01")), "x") == {"notice-unspecified"}


def test_a_government_change_review_moved_to_next_years_meeting_2_is_re_signed_when_continued_there():
    """GOV-CHANGE and M3-RESIGN: the review of the first meeting 2 after the change, moved to the next year's
    meeting 2 and decided 'continue' there, is re-signed at meeting 3 of that year. Was: the change of government
    was looked up by the decision's year only, so no re-sign item."""
    reg = register(agreement("a", signed="2005-06-15"), governments=(STOLTENBERG_II,),
                   deviations=(moved("review", "a", (2006, 2), to=(2007, 2)),), decisions=(decision("a", 2007, 2, "continue"),))

    p = plan(reg, 2006, 2007, d("2007-05-01"))

    item = one(p, action="re-sign", agreement="a")
    assert (where(item), item.rule) == ((2007, 3, d("2007-08-29")), "M3-RESIGN")
    assert "regjeringsskiftet 17.10.2005" in item.reason
    assert "decision-missing" not in codes(p, "a")


@pytest.mark.parametrize("frm, to, end", [((2006, 2), (2007, 2), "2007-12-31"), ((2008, 2), (2007, 2), "2008-12-31"),
                                          ((2006, 2), (2007, 3), "2007-12-31")])
def test_a_review_moved_onto_another_review_of_the_agreement_is_one_case(frm, to, end):
    """One review item per agreement and meeting: the government-change review moved onto next year's meeting 2 (or
    a later year's brought back to it) is one case with that year's own review, decided once; so are two reviews
    moved to the same meeting. Was: two review items for the agreement on one agenda (found by the property test:
    an unsigned renegotiation's overdue-signing review beside the moved one)."""
    others = [moved("review", "a", (2007, 2), to=(2007, 3))] if to == (2007, 3) else []
    reg = register(agreement("a", signed="2005-06-15", end=end), governments=(STOLTENBERG_II,),
                   deviations=(moved("review", "a", frm, to=to), *others))

    p = plan(reg, 2006, 2008, d("2006-01-01"))

    review = one(p, year=to[0], meeting=to[1], action="review", agreement="a")
    assert (review.rule, review.origin) == ("DEVIATION", MeetingRef(*frm))
    # What each review says is kept: the moved one leads; the expiry of the other (or its own) is told.
    assert {"deviation", "expiring"} <= review.flags
    assert ("government-change" in review.flags) is (frm == (2006, 2))
    assert review.reason.startswith(f"Flyttet av brukeren fra {MeetingRef(*frm)}")
    assert "Saken omfatter også:" in review.reason and f"Avtalen utløper {d(end):%d.%m.%Y}" in review.reason
    # The same in a plan of that year alone.
    assert [i for i in plan(reg, to[0], to[0], d("2006-01-01")).items if i.action == "review"] == [review]


@pytest.mark.parametrize("recorded", ["decision", "signing"])
def test_a_decision_or_signing_at_meeting_1_alone_gives_only_m1_agreement(recorded):
    """M1-NONE: "A decision, signing or moved item at meeting 1 gets the warning m1-agreement"; the agreement's other
    warnings are for the agreements the plan deals with (an item in it, or in force at one of its meetings 4). Was
    (audit t13): a termination recorded at meeting 1 for an agreement that ended in 2004 made the plan deal with it:
    beyond-term and notice-unspecified too. (The signing case keeps m1-agreement; its other warnings do not apply.)"""
    old = agreement("old", signed="2001-01-01", end="2004-12-31", notice_months=None, notice_text="rimeleg")
    records = ({"decisions": (decision("old", 2007, 1, "terminate"),)} if recorded == "decision"
               else {"signings": (signing("old", "2007-03-12", at=(2007, 1)),)})
    reg = register(old, **records)

    p = plan(reg, 2007, 2007, d("2008-06-01"))

    assert [i for i in p.items if i.agreement == "old"] == []
    assert codes(p, "old") == {"m1-agreement"}


@pytest.mark.parametrize(
    ("signed_on", "at", "fell_back"),
    [
        ("2006-10-18", (2006, 4), True),  # signed at meeting 4, where the postponement sent it
        ("2006-11-20", None, True),  # signed after meeting 4, before meeting 2 of 2007: settled at meeting 4
        ("2006-06-15", None, False),  # signed before meeting 3 all the same: settled there, nothing was postponed
    ],
    ids=["at-meeting-4", "after-meeting-4", "before-meeting-3"],
)
def test_a_sign_item_postponed_at_meeting_3_and_signed_later_keeps_its_fallback(signed_on, at, fell_back):
    """§3 M4-FALLBACK: "a postpone decision was recorded at meeting 3 — moves to meeting 4 of Y (rule M4-FALLBACK,
    flag postponed)", and a signing settles the item there "with the flag signed". Was: once signed at meeting 4 the
    item said M3-SIGN with only `signed`, as if meeting 3 had not postponed it."""
    reg = register(agreement("a"), decisions=(decision("a", 2006, 2, "renegotiate"), decision("a", 2006, 3, "postpone")),
                   signings=(signing("a", signed_on, at=at),))

    item = one(plan(reg, 2006, 2007, d("2007-01-10")), action="sign", agreement="a")

    if fell_back:
        assert (item.meeting, item.rule, item.flags) == (4, "M4-FALLBACK", {"postponed", "signed"})
        assert "Utsatt på 3. møte: flyttet til 4. møte." in item.reason and "Undertegnet" in item.reason
    else:
        assert (item.meeting, item.rule, item.flags) == (3, "M3-SIGN", {"signed"})



@pytest.mark.parametrize("action", ["sign", "re-sign"])
@pytest.mark.parametrize(("signed_on", "at"), [("2006-10-18", (2006, 4)), ("2006-09-20", None)], ids=["at-meeting-4", "between-3-and-4"])
def test_an_item_meeting_3_passed_without_signing_and_signed_later_names_the_fallback(action, signed_on, at):
    """Rule 9: «Avtaler som evt. ikke ble inngått på det 3. møtet, inngås på det 4. møtet» (M4-FALLBACK). An item
    meeting 3 did not sign and meeting 4 (or a day before it) did is on meeting 4 by that rule, as one postponed at
    meeting 3 is. Was: M3-SIGN/M3-RESIGN on meeting 4, its reason saying «undertegnes på 3. møte» only."""
    decided = "renegotiate" if action == "sign" else "continue"
    end = "2007-01-31" if action == "re-sign" else None  # ends before meeting 2 of 2007: continued, it is re-signed
    reg = register(agreement("a", end=end), decisions=(decision("a", 2006, 2, decided),), signings=(signing("a", signed_on, at=at),))

    item = one(plan(reg, 2006, 2007, d("2007-01-10")), action=action, agreement="a")

    assert (item.meeting, item.rule, item.flags) == (4, "M4-FALLBACK", {"postponed", "signed"})
    assert "Ikke undertegnet på 3. møte" in item.reason and "flyttet til 4. møte" in item.reason


def test_a_termination_without_notice_months_keeps_the_end_the_signings_gave_until_one_is_set_for_it():
    """The agreement's own end date stands (rule TERMINATE) once it is one set for the termination. One from before
    the decision is the date a renewal replaced: taking it made the agreement end years back, and the review the
    termination was decided on vanished from the meeting, with the warning that asks for an end date."""
    from konsultasjon_app.domain.lifecycle import lifetimes

    renewed = register(agreement("p", signed="2004-01-01", end="2006-12-31", notice_months=None, notice_text="rimeleg førehandsvarsling"),
                       decisions=(decision("p", 2006, 2, "renegotiate"),), signings=(signing("p", "2006-08-30", at=(2006, 3), end="2009-08-31"),))
    terminated = adding(renewed, decisions=[decision("p", 2008, 2, "terminate")])
    p = plan(terminated, 2008, 2008, d("2008-06-01"))
    assert [(i.action, i.meeting) for i in items(p, agreement="p")] == [("review", 2), ("status", 3)]
    assert "notice-unspecified" in codes(p, "p")
    assert lifetimes(terminated)["p"].ends == d("2009-08-31")
    # The user then sets the end date, as the warning asks: it stands.
    set_end = dataclasses.replace(terminated, agreements=(dataclasses.replace(terminated.agreements[0], end_date=d("2008-06-30")),))
    assert lifetimes(set_end)["p"].ends == d("2008-06-30")
    assert items(plan(set_end, 2008, 2008, d("2008-06-01")), agreement="p", action="status") == []


def test_notice_unspecified_names_the_termination_of_the_version_the_plan_deals_with():
    """Terminated without notice months in 2006 and signed anew in 2007: the 2008 plan has nothing to warn about;
    once the new version is terminated too, the warning names that decision, not the first one ever."""
    reg = register(agreement("p", signed="2004-01-01", end="2006-12-31", notice_months=None),
                   decisions=(decision("p", 2006, 2, "terminate"), decision("p", 2007, 2, "new")),
                   signings=(signing("p", "2007-08-29", at=(2007, 3), end="2009-08-31"),))
    assert "notice-unspecified" not in codes(plan(reg, 2008, 2008, d("2008-06-01")), "p")
    assert "notice-unspecified" in codes(plan(reg, 2006, 2006, d("2008-06-01")), "p")
    again = adding(reg, decisions=[decision("p", 2008, 2, "terminate")])
    [warning] = [w for w in plan(again, 2008, 2008, d("2008-06-01")).warnings if w.code == "notice-unspecified"]
    assert "sagt opp på 2. møte 2008" in warning.message


def test_notice_unspecified_asks_for_a_check_of_the_end_date_once_it_is_set():
    """Audit aud_year #5: NAV terminated at meeting 2 of 2007 without a notice period in months, and its end date
    then set to 31.12.2007 as the warning asked: the warning stays (TERMINATE gives it whenever there is no notice
    period), but said still that the end date must be set. It now names the date that stands, to be checked."""
    reg = register(agreement("a", end=None, notice_months=None, notice_text="rimeleg førehandsvarsling"),
                   decisions=(decision("a", 2007, 2, "terminate"),))

    def warning(register) -> str:
        [found] = [w.message for w in plan(register, 2007, 2007, d("2007-06-01")).warnings if w.code == "notice-unspecified"]
        return found

    assert warning(reg).endswith("men avtalen har ingen oppsigelsestid i måneder («rimeleg førehandsvarsling»): "
                                 "sluttdatoen må settes i registeret.")
    set_end = with_agreement(reg, "a", end_date=d("2007-12-31"))
    assert warning(set_end) == (
        "«Avtale om a» er sagt opp på 2. møte 2007. Avtalen har ingen oppsigelsestid i måneder («rimeleg "
        "førehandsvarsling») og gjelder til og med sin egen sluttdato 31.12.2007: kontroller at den er riktig.")
    # One from before the decision is not one set for it (it is the date a signing replaced): still to be set.
    stale = adding(with_agreement(reg, "a", end_date=d("2006-12-31")), signings=[signing("a", "2006-08-30", end="2009-08-31")])
    assert "sluttdatoen må settes i registeret" in warning(stale)


def test_the_overview_says_how_many_agreements_it_lists_in_plain_norwegian():
    """Was "Oversikt over alle 1 samarbeidsavtaler i kraft …"."""
    one = register(agreement("a", signed="2006-01-15", end="2009-06-30"), years=(2006,))
    none = register(agreement("a", signed="2006-01-15", end="2006-06-30"), years=(2006,))
    [item] = items(plan(one, 2006, 2006, d("2006-06-01")), action="overview")
    assert item.reason.startswith("Oversikt til Fellesdokumentet over den ene samarbeidsavtalen som er i kraft")
    [item] = items(plan(none, 2006, 2006, d("2006-06-01")), action="overview")
    assert item.reason.startswith("Oversikt til Fellesdokumentet: ingen samarbeidsavtaler er i kraft")


def test_the_text_plan_counts_the_overviews_agreements_in_the_singular_and_plural():
    """`plan --format text` printed "1 avtaler" on the overview's line."""
    from konsultasjon_app.domain.planner import plan_to_text

    def overview_line(reg) -> str:
        [line] = [line for line in plan_to_text(plan(reg, 2006, 2006, d("2006-06-01"))).splitlines() if "M4-OVERVIEW" in line]
        return line.split()[1] + " " + line.split()[2]

    one = register(agreement("a", signed="2006-01-15", end="2009-06-30"), years=(2006,))
    two = register(agreement("a", signed="2006-01-15", end="2009-06-30"), agreement("b", signed="2006-01-15", end="2009-06-30"), years=(2006,))
    none = register(agreement("a", signed="2006-01-15", end="2006-06-30"), years=(2006,))
    assert overview_line(one) == "1 avtale"
    assert overview_line(two) == "2 avtaler"
    assert overview_line(none) == "0 avtaler"


def test_the_text_plan_keeps_a_reason_with_line_breaks_and_tabs_under_its_column():
    """`plan --format text`: a deviation's reason pasted with a line break and a tab went on at column 0 with the tab,
    out of the item it belongs to; so did a term exception in a warning."""
    from konsultasjon_app.domain.planner import plan_to_text

    dev = dataclasses.replace(moved("review", "a", (2006, 2), (2006, 3)), reason="Statsråden kan ikke\n\tkomme i april.\r\nNy dato.")
    reg = register(agreement("a", end="2010-12-31", term_exception="Femårig program\nvedtatt av KS-styret"), years=(2006,), deviations=(dev,))
    text = plan_to_text(plan(reg, 2006, 2006, d("2006-01-01")))
    assert "\t" not in text and "\r" not in text
    lines = text.splitlines()
    start = lines.index("  review    a                        DEVIATION    [deviation]") + 1
    assert lines[start].endswith("Begrunnelse: Statsråden kan ikke")
    assert lines[start + 1 : start + 3] == [
        " " * 12 + " " * 8 + "komme i april.",  # the tab as spaces, after the item's indent
        " " * 12 + "Ny dato. (Opprinnelig: Årlig gjennomgang på 2. møte 26.04.2006: videreføre, reforhandle eller si opp.)",
    ]
    [warning] = [i for i, line in enumerate(lines) if line.startswith("  beyond-term-accepted")]
    assert lines[warning].endswith("unntak registrert: Femårig program")
    assert lines[warning + 1] == " " * lines[warning].index("«Avtale om a»") + "vedtatt av KS-styret"
    # Every line is a heading, an item, or indented under one: nothing at column 0 but the meetings and "Advarsler:".
    assert [line for line in lines if line and not line.startswith(" ")] == [
        "2. møte 2006 — 26.04.2006", "3. møte 2006 — 30.08.2006", "4. møte 2006 — 18.10.2006", "Advarsler:",
    ]


def test_a_gap_of_one_day_and_a_duration_of_one_month_are_said_in_the_singular():
    """«1 dag uten avtale», «varer 1 måned»: was «1 dager», «1 måneder» in the warnings the plan, the Dagsorden tab
    and the register's details pane show."""
    from konsultasjon_app.domain.checks import check_agreement

    # Ends the day before meeting 3 (30.08.2006), renegotiated at meeting 2: one day uncovered before the renewal.
    reg = register(agreement("po", signed="2004-06-01", end="2006-08-28"), decisions=(decision("po", 2006, 2, "renegotiate"),))
    (gap,) = [w.message for w in plan(reg, 2006, 2006, d("2006-01-10")).warnings if (w.agreement, w.code) == ("po", "gap")]
    assert ": 1 dag uten avtale" in gap

    reg = register(agreement("a", signed=None, end=None, duration_months=1), decisions=(decision("a", 2006, 2, "new"),))
    (warning,) = [w for w in plan(reg, 2006, 2006, d("2006-05-01")).warnings if w.code == "no-end-date"]
    assert "varer 1 måned, men" in warning.message
    (checked,) = [w for w in check_agreement(reg.agreements[0], reg.settings, {}, ()) if w.code == "no-end-date"]
    assert checked.message.endswith(": varer 1 måned, men har verken start- eller undertegningsdato")


def test_no_gap_warning_for_an_agreement_terminated_at_an_earlier_meeting():
    """Terminated at meeting 2 of 2006, without notice months (its own end date, 30.06.2007, stands) or with 12
    (ends 26.04.2007): the 2007 review (still in force on 25.04.2007) carries no `gap` warning suggesting its
    renegotiation; the register calls both «Sagt opp» (audit of the command line: was «… dager uten avtale.
    Vurder å starte reforhandlingen»). One not terminated still gets it."""
    def agreement(key, **fields):
        return {"key": key, "title": f"Avtale {key}", "state_parties": ["HOD"], "other_parties": ["KS"], "signed_date": "2006-01-10",
                "evaluation_clause": "Evalueres årlig.", **fields}

    register = bundle.read_bundle({
        "format": "konsultasjon-bundle", "version": 1,
        "meetings": [{"year": y, "number": n, "date": f"{y}-{md}"} for y in (2006, 2007)
                     for n, md in ((1, "03-15"), (2, "04-25"), (3, "08-30"), (4, "10-18"))],
        "agreements": [agreement("own-end", end_date="2007-06-30"), agreement("notice12", notice_months=12, end_date="2009-06-30"),
                       agreement("running", end_date="2007-06-30")],
        "decisions": [{"agreement": k, "meeting": {"year": 2006, "number": 2}, "decision": "terminate"} for k in ("own-end", "notice12")],
    }).register
    p = plan(register, 2007, 2007, dt.date(2007, 1, 15))
    assert {i.agreement for i in p.items if i.action == "review"} >= {"own-end", "running"}
    assert [w.agreement for w in p.warnings if w.code == "gap"] == ["running"]


# Two signing decisions aimed at the same meeting 3 (audit of the planner rules, finding 1): was a sign or re-sign
# item for each, twice on the agendas of meetings 3 and 4, moved by one deviation and settled by one signing.
SAME_MEETING_3 = {
    # The minutes of meeting 3 say the negotiations go on.
    "renegotiate-again-at-3": ((decision("a", 2007, 2, "renegotiate"), decision("a", 2007, 3, "renegotiate")), "sign",
                               "«reforhandle» på 2. møte"),
    # Continued at the first meeting 2 after the change of government (a re-sign item), renegotiated at meeting 3.
    "continue-after-government-change-then-renegotiate": (
        (decision("a", 2007, 2, "continue"), decision("a", 2007, 3, "renegotiate")), "sign", "«videreføre» på 2. møte"),
    # Renegotiation decided at meeting 4 of 2006 (signed at meeting 3 of 2007), a new agreement at meeting 3 of 2007.
    "renegotiate-at-4-then-new-at-3-next-year": ((decision("a", 2006, 4, "renegotiate"), decision("a", 2007, 3, "new")), "sign",
                                                 "«reforhandle» på 4. møte"),
}


def same_meeting_3(case: str, **records) -> Register:
    decisions, _, _ = SAME_MEETING_3[case]
    government = Government("Stoltenberg III", d("2006-10-16"))  # meeting 2 of 2007 is the first after it
    return register(agreement("a", end="2009-06-30"), decisions=decisions, governments=(government,), **records)


@pytest.mark.parametrize("case", SAME_MEETING_3)
def test_two_signing_decisions_for_the_same_meeting_3_give_one_item_from_the_latest(case):
    reg = same_meeting_3(case)
    latest, action, earlier = SAME_MEETING_3[case][0][-1], SAME_MEETING_3[case][1], SAME_MEETING_3[case][2]

    ahead = plan(reg, 2007, 2008, d("2007-01-15"))
    signs = [i for i in ahead.items if i.agreement == "a" and i.action in ("sign", "re-sign")]
    assert [(i.year, i.meeting, i.action, i.rule) for i in signs] == [(2007, 3, action, "M3-SIGN")]
    what = "Ny avtale" if latest.decision == "new" else "Reforhandlet avtale"
    assert signs[0].reason.startswith(f"{what} vedtatt på 3. møte 29.08.2007")
    assert f"Erstatter vedtaket {earlier}" in signs[0].reason

    # Unsigned by meeting 3: one item on meeting 4; unsigned by meeting 4: one overdue item, and next year's review
    # carries overdue-signing (from the latest decision).
    fallen = plan(reg, 2007, 2008, d("2007-09-15"))
    assert [(i.meeting, i.rule) for i in fallen.items if i.agreement == "a" and i.action in ("sign", "re-sign")] == [(4, "M4-FALLBACK")]
    late = plan(reg, 2007, 2008, d("2007-11-01"))
    overdue = one(late, action=action, agreement="a")
    assert {"postponed", "overdue"} <= overdue.flags
    review = one(late, year=2008, action="review", agreement="a")
    assert "overdue-signing" in review.flags and "vedtatt på 3. møte 2007" in review.reason

    # A signing at meeting 3 settles the one item there.
    signed = plan(same_meeting_3(case, signings=(signing("a", "2007-08-29", at=(2007, 3), end="2011-06-30"),)), 2007, 2008, d("2007-11-01"))
    item = one(signed, action=action, agreement="a")
    assert (item.meeting, item.flags & {"signed", "postponed", "overdue"}) == (3, {"signed"})
    assert "overdue-signing" not in one(signed, year=2008, action="review", agreement="a").flags


@pytest.mark.parametrize("case", SAME_MEETING_3)
def test_a_move_of_the_signing_item_aimed_at_a_meeting_3_moves_the_one_item(case):
    # A deviation is keyed by action, agreement and meeting 3: was, both items moved as one.
    reg = same_meeting_3(case, deviations=(moved("sign", "a", (2007, 3), to=(2007, 4)),))

    p = plan(reg, 2007, 2007, d("2007-01-15"))

    signs = [i for i in p.items if i.agreement == "a" and i.action in ("sign", "re-sign")]
    assert [(i.meeting, i.rule) for i in signs] == [(4, "DEVIATION")]


def test_the_agenda_of_meeting_4_lists_a_signing_decided_twice_for_meeting_3_once():
    from konsultasjon_app.domain.agenda import year_agenda

    reg = same_meeting_3("renegotiate-again-at-3")
    p = plan(reg, 2007, 2007, d("2007-09-15"))

    lines = year_agenda(reg, p, 2007)[4]
    assert [line.action for line in lines if line.agreement == "a"] == ["sign"]


def test_a_continue_that_asks_for_no_signing_does_not_replace_a_renegotiation_for_the_same_meeting_3():
    # Pressing «videreføre» on the sign item at meeting 3 (no change of government, no expiry): the agreement is
    # still to be signed as renegotiated at meeting 2.
    reg = register(agreement("a", end="2009-06-30"), decisions=(decision("a", 2007, 2, "renegotiate"), decision("a", 2007, 3, "continue")))

    item = one(plan(reg, 2007, 2007, d("2007-01-15")), action="sign", agreement="a")

    assert (item.meeting, item.rule) == (3, "M3-SIGN") and "Erstatter" not in item.reason


def test_the_gap_of_an_agreement_that_ran_out_before_the_review_is_said_in_the_past_without_advice():
    # Ended 30.06.2006, renegotiation decided at meeting 2 of 2006 and never signed (audit of the planner rules,
    # finding 4): the 2007 review warned «utløper 30.06.2006 … Vurder å starte reforhandlingen før 2. møte», advice
    # a year too late. The days are still counted to the meeting 3 where the renewal would be signed (DOMAIN §3).
    reg = register(agreement("a", end="2006-06-30"), decisions=(decision("a", 2006, 2, "renegotiate"),))
    late = d("2007-12-01")

    message = next(w.message for w in plan(reg, 2007, 2007, late).warnings if (w.agreement, w.code) == ("a", "gap"))
    uncovered = (d("2007-08-29") - d("2006-06-30")).days - 1
    assert message == f"«Avtale om a» utløp 30.06.2006, før 3. møte 29.08.2007: {uncovered} dager uten avtale."
    # At the 2006 review it had not yet run out: the future tense and the advice, as before.
    before = next(w.message for w in plan(reg, 2006, 2006, late).warnings if (w.agreement, w.code) == ("a", "gap"))
    assert before.startswith("«Avtale om a» utløper 30.06.2006, før 3. møte 30.08.2006: 60 dager uten avtale. "
                             "Vurder å starte reforhandlingen")


def test_a_re_sign_item_for_an_agreement_that_ran_out_before_the_continue_says_it_ran_out():
    # Was: «avtalen utløper 30.06.2006, før 2. møte 2008 (fornyelse)» in a reason of 2007.
    reg = register(agreement("a", end="2006-06-30"), decisions=(decision("a", 2006, 2, "renegotiate"), decision("a", 2007, 2, "continue")))

    item = one(plan(reg, 2007, 2007, d("2007-06-01")), action="re-sign", agreement="a")

    assert item.reason == ("Videreført på 2. møte 25.04.2007; avtalen utløp 30.06.2006, før vedtaket (fornyelse): "
                           "undertegnes på nytt på 3. møte 29.08.2007.")
    ahead = register(agreement("a", end="2007-06-30"), decisions=(decision("a", 2007, 2, "continue"),))
    renewal = one(plan(ahead, 2007, 2007, d("2007-01-15")), action="re-sign")
    assert "avtalen utløper 30.06.2007, før 2. møte 2008 (fornyelse)" in renewal.reason


def test_the_m1_agreement_warning_of_an_item_moved_to_meeting_1_names_the_agreement():
    # As the warnings of a decision or signing recorded at meeting 1 do (audit of the planner rules, finding 5): was
    # «Gjennomgang er flyttet til 1. møte 2007, …», which agreement's not said in the message. The overview, which
    # has no agreement, keeps its own name.
    reg = register(agreement("a"), deviations=(moved("review", "a", (2007, 2), to=(2007, 1)),
                                               moved("overview", None, (2007, 4), to=(2008, 1))))

    p = plan(reg, 2007, 2008, d("2006-01-01"))

    assert {(w.agreement, w.message) for w in p.warnings if w.code == "m1-agreement"} == {
        ("a", "«Avtale om a»: gjennomgang er flyttet til 1. møte 2007, som gjelder budsjettrammen."),
        (None, "Oversikt til Fellesdokumentet er flyttet til 1. møte 2008, som gjelder budsjettrammen."),
    }


def test_a_signing_decision_carried_out_before_a_later_one_aimed_at_the_same_meeting_3_keeps_its_item():
    """Renegotiated at meeting 4 of 2005 and signed in February 2006; continued at meeting 2 of 2006 (the first after
    a change of government: a re-sign item). Both aim at meeting 3 of 2006, but the first was carried out before the
    second was taken: its signed item stands (review of the day's change: it went, and the re-sign item said it
    replaced a decision that had been signed)."""
    government = Government("Stoltenberg II", d("2005-10-17"))
    reg = register(agreement("a", signed="2005-01-14", end="2009-06-30"), decisions=(decision("a", 2005, 4, "renegotiate"), decision("a", 2006, 2, "continue")),
                   signings=(Signing("a", d("2006-02-01")),), governments=(government,))
    p = plan(reg, 2006, 2006, d("2006-12-31"))
    signs = [(i.meeting, i.action, i.rule, "signed" in i.flags) for i in p.items if i.agreement == "a" and i.action in ("sign", "re-sign")]
    assert signs == [(2, "sign", "M3-SIGN", True), (4, "re-sign", "M4-FALLBACK", False)]
    assert not any("Erstatter" in i.reason for i in p.items)
    # Not signed before the later decision: replaced, as before.
    unsigned = dataclasses.replace(reg, signings=(Signing("a", d("2006-06-01")),))
    p = plan(unsigned, 2006, 2006, d("2006-12-31"))
    signs = [i for i in p.items if i.agreement == "a" and i.action in ("sign", "re-sign")]
    assert [(i.action, "signed" in i.flags) for i in signs] == [("re-sign", True)]
    assert "Erstatter vedtaket «reforhandle» på 4. møte" in signs[0].reason
