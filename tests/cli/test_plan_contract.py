"""Black-box acceptance tests for `plan`, written from DOMAIN §3 and §6 alone (no knowledge of the planner's code).

Every test builds a small bundle, imports it into a fresh database through the command line and reads the plan
back as JSON. Meeting dates are given explicitly (ordinary weekdays) and `--as-of` is always passed, so that the
expectations follow from the rule table and nothing else.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from pathlib import Path

import pytest
from dateutil.easter import easter

# -- test data ------------------------------------------------------------------------------------------

# User meeting dates: weekdays that are not Norwegian public holidays (Easter 2006 is 16 April, 2007 is 8 April,
# 2008 is 23 March; none of these dates is a holiday).
CALENDAR = {
    2006: ("2006-03-13", "2006-04-26", "2006-08-30", "2006-10-18"),
    2007: ("2007-03-12", "2007-04-25", "2007-08-29", "2007-10-17"),
    2008: ("2008-03-10", "2008-04-23", "2008-08-27", "2008-10-15"),
}
ACTION_ORDER = ("review", "scope", "sign", "re-sign", "status", "overview")
ITEM_KEYS = {"year", "meeting", "meeting_date", "action", "agreement", "rule", "reason", "flags"}
WARNING_KEYS = {"agreement", "code", "message"}
STOLTENBERG_II = {"name": "Stoltenberg II", "took_office": "2005-10-17"}


def meeting_date(year: int, number: int) -> str:
    return CALENDAR[year][number - 1]


def meetings(*years: int, dates: dict | None = None, omit: tuple = ()) -> list[dict]:
    """All four meetings of each year on the CALENDAR dates; `dates` overrides some, `omit` leaves some out."""
    dates = dates or {}
    out = []
    for year in years:
        for number in (1, 2, 3, 4):
            if (year, number) in omit:
                continue
            date = dates.get((year, number)) or meeting_date(year, number)
            out.append({"year": year, "number": number, "date": date, "location": "Oslo"})
    return out


def agreement(key: str, **fields) -> dict:
    """A consultation agreement in force from 2006-01-15 to 2009-06-30, well inside the 2005–2009 term, with a
    notice period and an evaluation clause, so that it raises no warnings unless a test changes a field."""
    record = {
        "key": key,
        "title": f"Avtale om {key}",
        "category": "consultation",
        "state_parties": ["KRD"],
        "other_parties": ["KS"],
        "ks_signatory_level": "political",
        "signed_date": "2006-01-15",
        "start_date": None,
        "end_date": "2009-06-30",
        "notice_months": 3,
        "evaluation_clause": "Avtalen skal evalueres på det 3. konsultasjonsmøtet.",
        "evaluation_annual": False,
    }
    record.update(fields)
    return record


def decision(key: str, year: int, number: int, what: str) -> dict:
    return {"agreement": key, "meeting": {"year": year, "number": number}, "decision": what}


def signing(key: str, date: str, meeting: tuple[int, int] | None = None, end_date: str | None = None) -> dict:
    record: dict = {"agreement": key, "date": date}
    if meeting is not None:
        record["meeting"] = {"year": meeting[0], "number": meeting[1]}
    if end_date is not None:
        record["end_date"] = end_date
    return record


def make_bundle(
    *,
    agreements=(),
    meetings=(),  # noqa: A002 - the bundle's own name for the list
    decisions=(),
    signings=(),
    governments=(),
    deviations=(),
    settings: dict | None = None,
) -> dict:
    bundle: dict = {
        "format": "konsultasjon-bundle",
        "version": 1,
        "governments": list(governments),
        "meetings": list(meetings),
        "agreements": list(agreements),
        "decisions": list(decisions),
        "signings": list(signings),
        "deviations": list(deviations),
    }
    if settings is not None:
        bundle["settings"] = settings
    return bundle


# -- running the command line ---------------------------------------------------------------------------


def cli(capsys, *argv) -> tuple[int, str, str]:
    """Run the command line in-process; returns (exit code, stdout, stderr)."""
    from konsultasjon_app.cli import main  # imported here so that the file is collected before cli exists

    capsys.readouterr()
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse exits instead of returning; the exit code is what the contract fixes
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


_runs = itertools.count(1)


def load(tmp_path: Path, capsys, bundle_dict: dict) -> Path:
    """Check the bundle with the strict reader, write it, import it into a fresh database; returns the database."""
    from konsultasjon_app.domain import bundle as bundle_module

    bundle_module.read_bundle(bundle_dict)  # the test data itself must be a valid bundle
    n = next(_runs)
    path = tmp_path / f"bundle-{n}.json"
    path.write_text(json.dumps(bundle_dict, ensure_ascii=False, indent=2), encoding="utf-8")
    db = tmp_path / f"db-{n}.sqlite3"
    code, _, err = cli(capsys, "--db", db, "import", path)
    assert code == 0, f"import failed: {err}"
    return db


def plan_argv(db: Path, years, as_of: str, fmt: str = "json") -> list:
    first, last = (years, years) if isinstance(years, int) else years
    return ["--db", db, "plan", "--from-year", first, "--to-year", last, "--as-of", as_of, "--format", fmt]


def read_plan(capsys, db: Path, years, as_of: str) -> dict:
    code, out, err = cli(capsys, *plan_argv(db, years, as_of))
    assert code == 0, f"plan failed: {err}"
    return json.loads(out)


@pytest.fixture
def plan_for(tmp_path, capsys):
    """plan_for(bundle, years=2006 or (2006, 2007), as_of="YYYY-MM-DD") -> the parsed JSON plan."""

    def run(bundle_dict: dict, *, years, as_of: str) -> dict:
        return read_plan(capsys, load(tmp_path, capsys, bundle_dict), years, as_of)

    return run


# -- reading a plan -------------------------------------------------------------------------------------


def items(plan: dict, **match) -> list[dict]:
    return [item for item in plan["items"] if all(item.get(k) == v for k, v in match.items())]


def one(plan: dict, **match) -> dict:
    found = items(plan, **match)
    assert len(found) == 1, f"expected one item matching {match}, found {found}"
    return found[0]


def flags(item: dict) -> set[str]:
    return set(item["flags"])


def keys(found: list[dict]) -> set:
    return {item["agreement"] for item in found}


def warnings(plan: dict, **match) -> list[dict]:
    return [w for w in plan["warnings"] if all(w.get(k) == v for k, v in match.items())]


def codes(plan: dict, agreement_key: str) -> set[str]:
    return {w["code"] for w in warnings(plan, agreement=agreement_key)}


# -- M1-NONE --------------------------------------------------------------------------------------------


def test_m1_none_never_places_items_at_meeting_1(plan_for):
    # An unsigned renegotiation that goes overdue must not be carried to meeting 1 of the next year either
    # (rules-2006 ambiguity (c): "Do not silently move it to meeting 1").
    bundle = make_bundle(
        meetings=meetings(2006, 2007),
        agreements=[agreement("barnevern"), agreement("landbruk")],
        decisions=[decision("barnevern", 2006, 2, "renegotiate"), decision("landbruk", 2006, 2, "continue")],
    )
    plan = plan_for(bundle, years=(2006, 2007), as_of="2006-11-01")

    assert plan["items"], "the plan should not be empty"
    assert items(plan, meeting=1) == []


@pytest.mark.parametrize(
    "record",
    [
        {"decisions": [decision("barnevern", 2006, 1, "continue")]},
        {"signings": [signing("barnevern", "2006-03-13", meeting=(2006, 1))]},
        {
            "deviations": [
                {
                    "action": "status",
                    "agreement": "barnevern",
                    "from": {"year": 2006, "number": 3},
                    "to": {"year": 2006, "number": 1},
                    "reason": "Ønske fra KS",
                }
            ]
        },
    ],
    ids=["decision", "signing", "moved-item"],
)
def test_m1_agreement_warning_for_records_at_meeting_1(plan_for, record):
    # M1-NONE: "A decision, signing or moved item at meeting 1 gets the warning m1-agreement."
    bundle = make_bundle(meetings=meetings(2006, 2007), agreements=[agreement("barnevern")], **record)
    plan = plan_for(bundle, years=2006, as_of="2006-01-01")

    assert "m1-agreement" in codes(plan, "barnevern")


# -- M2-REVIEW and the in-force definition --------------------------------------------------------------


def test_m2_review_one_item_per_in_force_consultation_agreement(plan_for):
    bundle = make_bundle(
        meetings=meetings(2006, 2007, 2008),
        agreements=[
            agreement("aktiv"),
            agreement("framtidig", signed_date="2006-06-01"),  # signed after meeting 2 of 2006
            agreement("utlopt", signed_date="2005-11-01", end_date="2006-03-31"),  # ended before it
            agreement("annen", category="other"),
        ],
    )
    plan = plan_for(bundle, years=(2006, 2007), as_of="2006-01-01")

    reviews_2006 = items(plan, year=2006, action="review")
    assert keys(reviews_2006) == {"aktiv"}
    assert len(reviews_2006) == 1
    review = reviews_2006[0]
    assert (review["meeting"], review["meeting_date"], review["rule"]) == (2, "2006-04-26", "M2-REVIEW")

    assert keys(items(plan, year=2007, action="review")) == {"aktiv", "framtidig"}
    assert all(item["meeting"] == 2 for item in items(plan, action="review"))


def test_m2_review_in_force_boundaries(plan_for):
    # §3: in force when "the earlier of its signed and start dates, or failing both its first recorded signing,
    # is on or before that date" and "its end date (inclusive)" is on or after it. Meeting 2 is 2006-04-26.
    bundle = make_bundle(
        meetings=meetings(2006, 2007),
        agreements=[
            agreement("start_tidlig", signed_date="2006-05-10", start_date="2006-01-01"),
            agreement("start_samme_dag", signed_date=None, start_date="2006-04-26"),
            agreement("forste_signering", signed_date=None),
            agreement("signering_senere", signed_date=None),
            agreement("slutt_samme_dag", end_date="2006-04-26"),
            agreement("slutt_dagen_for", end_date="2006-04-25"),
            agreement("uten_datoer", signed_date=None, end_date=None),
        ],
        signings=[signing("forste_signering", "2006-02-01"), signing("signering_senere", "2006-05-02")],
    )
    plan = plan_for(bundle, years=2006, as_of="2006-01-01")

    assert keys(items(plan, year=2006, meeting=2, action="review")) == {
        "start_tidlig",
        "start_samme_dag",
        "forste_signering",
        "slutt_samme_dag",
    }


@pytest.mark.parametrize("with_signing", [True, False])
def test_in_force_signing_sets_a_new_end_date(plan_for, with_signing):
    # §3: "its end date (inclusive; a signing may set a new one, §6)".
    bundle = make_bundle(
        meetings=meetings(2006, 2007),
        agreements=[agreement("pleie", end_date="2006-06-30")],
        signings=[signing("pleie", "2006-05-10", end_date="2008-06-30")] if with_signing else [],
    )
    plan = plan_for(bundle, years=2006, as_of="2006-01-01")

    assert len(items(plan, year=2006, meeting=3, action="status", agreement="pleie")) == (1 if with_signing else 0)


# -- M2-SCOPE -------------------------------------------------------------------------------------------


def test_m2_scope_exactly_one_item_per_meeting_2(plan_for):
    bundle = make_bundle(meetings=meetings(2006, 2007, 2008), agreements=[agreement("a"), agreement("b")])
    plan = plan_for(bundle, years=(2006, 2007), as_of="2006-01-01")

    for year in (2006, 2007):
        scope = one(plan, year=year, action="scope")
        assert scope["meeting"] == 2
        assert scope["meeting_date"] == meeting_date(year, 2)
        assert scope["agreement"] is None
        assert scope["rule"] == "M2-SCOPE"
    assert len(items(plan, action="scope")) == 2


def test_m2_scope_reason_states_the_count_in_force_and_the_new_agreements_proposed(plan_for, capsys, tmp_path):
    """Rules-2006 rule 14: the count of agreements in force, in the item's reason (text), so that `plan`, Dagsorden
    and the agenda PDF show it; with the agreements proposed but not yet entered into. The item's fields are the
    contract's, no more: the scope item has no `agreements` list."""
    bundle = make_bundle(
        meetings=meetings(2006),
        agreements=[agreement("a"), agreement("b"), agreement("ny", signed_date=None, end_date=None)],
    )
    plan = plan_for(bundle, years=2006, as_of="2006-01-01")
    scope = one(plan, year=2006, action="scope")
    assert set(scope) == ITEM_KEYS
    assert scope["reason"].endswith(
        "2 samarbeidsavtaler er i kraft 26.04.2006. I tillegg er 1 ny avtale foreslått, men ennå ikke inngått.")
    db = load(tmp_path, capsys, bundle)
    code, out, _ = cli(capsys, *plan_argv(db, 2006, "2006-01-01", fmt="text"))
    assert code == 0 and "2 samarbeidsavtaler er i kraft 26.04.2006." in out


# -- GOV-CHANGE -----------------------------------------------------------------------------------------


def test_gov_change_flags_reviews_at_first_meeting_2_after_took_office(plan_for):
    bundle = make_bundle(
        governments=[STOLTENBERG_II],
        meetings=meetings(2006, 2007, 2008),
        agreements=[agreement("a"), agreement("b")],
    )
    plan = plan_for(bundle, years=(2006, 2007), as_of="2006-01-01")

    reviews_2006 = items(plan, year=2006, action="review")
    assert keys(reviews_2006) == {"a", "b"}
    assert all("government-change" in flags(item) for item in reviews_2006)
    reviews_2007 = items(plan, year=2007, action="review")
    assert keys(reviews_2007) == {"a", "b"}
    assert not any("government-change" in flags(item) for item in reviews_2007)
    # The meeting still lies ahead of the as-of date, so a missing decision is not yet a warning.
    assert warnings(plan, code="decision-missing") == []


def test_gov_change_meeting_2_on_the_day_of_took_office_does_not_count(plan_for):
    # "The first meeting 2 strictly after a change of government".
    bundle = make_bundle(
        governments=[{"name": "Ny regjering", "took_office": "2006-04-26"}],
        meetings=meetings(2006, 2007, 2008),
        agreements=[agreement("a")],
    )
    plan = plan_for(bundle, years=(2006, 2007), as_of="2006-01-01")

    assert "government-change" not in flags(one(plan, year=2006, action="review", agreement="a"))
    assert "government-change" in flags(one(plan, year=2007, action="review", agreement="a"))


@pytest.mark.parametrize(
    ("as_of", "recorded", "expect_warning"),
    [
        ("2006-05-01", None, True),  # meeting 2 of 2006 has passed, nothing decided
        ("2006-05-01", "continue", False),  # decided
        ("2006-04-01", None, False),  # the meeting still lies ahead
    ],
)
def test_gov_change_decision_missing(plan_for, as_of, recorded, expect_warning):
    bundle = make_bundle(
        governments=[STOLTENBERG_II],
        meetings=meetings(2006, 2007),
        agreements=[agreement("a")],
        decisions=[decision("a", 2006, 2, recorded)] if recorded else [],
    )
    plan = plan_for(bundle, years=2006, as_of=as_of)

    assert ("decision-missing" in codes(plan, "a")) is expect_warning


# -- M3-SIGN --------------------------------------------------------------------------------------------


def test_m3_sign_for_renegotiate_and_new_decisions(plan_for):
    bundle = make_bundle(
        meetings=meetings(2006, 2007),
        agreements=[
            agreement("gammel"),
            agreement("ny", signed_date=None),  # never signed: planned, not in force
        ],
        decisions=[decision("gammel", 2006, 2, "renegotiate"), decision("ny", 2006, 2, "new")],
    )
    plan = plan_for(bundle, years=2006, as_of="2006-05-01")

    signs = items(plan, action="sign")
    assert keys(signs) == {"gammel", "ny"}
    for item in signs:
        assert (item["year"], item["meeting"], item["meeting_date"]) == (2006, 3, "2006-08-30")
        assert item["rule"] == "M3-SIGN"
        assert "postponed" not in flags(item)
    assert items(plan, action="review", agreement="ny") == []


# -- M3-RESIGN ------------------------------------------------------------------------------------------


def test_m3_resign_after_government_change(plan_for):
    bundle = make_bundle(
        governments=[STOLTENBERG_II],
        meetings=meetings(2006, 2007),
        agreements=[agreement("a")],
        decisions=[decision("a", 2006, 2, "continue")],
    )
    plan = plan_for(bundle, years=2006, as_of="2006-05-01")

    item = one(plan, action="re-sign", agreement="a")
    assert (item["year"], item["meeting"], item["meeting_date"], item["rule"]) == (2006, 3, "2006-08-30", "M3-RESIGN")


def test_m3_resign_when_agreement_ends_before_next_meeting_2(plan_for):
    # Ends 2006-12-31, before meeting 2 of 2007 (2007-04-25): continuing it is a renewal.
    bundle = make_bundle(
        meetings=meetings(2006, 2007),
        agreements=[agreement("a", end_date="2006-12-31")],
        decisions=[decision("a", 2006, 2, "continue")],
    )
    plan = plan_for(bundle, years=2006, as_of="2006-05-01")

    item = one(plan, action="re-sign", agreement="a")
    assert (item["year"], item["meeting"], item["rule"]) == (2006, 3, "M3-RESIGN")


@pytest.mark.parametrize(
    ("settings", "resigned"),
    [
        ({"resign_on_every_continue": True, "first_election_year": 2005}, True),
        ({"resign_on_every_continue": False, "first_election_year": 2005}, False),
        (None, False),  # setting absent: default off
    ],
    ids=["setting-on", "setting-off", "default"],
)
def test_m3_resign_ordinary_in_term_continue_depends_on_setting(plan_for, settings, resigned):
    # No change of government, the agreement runs to 2009: an ordinary in-term "continue".
    bundle = make_bundle(
        settings=settings,
        meetings=meetings(2006, 2007),
        agreements=[agreement("a")],
        decisions=[decision("a", 2006, 2, "continue")],
    )
    plan = plan_for(bundle, years=2006, as_of="2006-05-01")

    resigns = items(plan, action="re-sign", agreement="a")
    if resigned:
        assert [(i["year"], i["meeting"], i["rule"]) for i in resigns] == [(2006, 3, "M3-RESIGN")]
    else:
        assert resigns == []
        assert items(plan, action="sign", agreement="a") == []


# -- M4-FALLBACK ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "fields", "recorded"),
    [("sign", {}, "renegotiate"), ("re-sign", {"end_date": "2006-12-31"}, "continue")],
    ids=["sign", "re-sign"],
)
def test_m4_fallback_when_meeting_3_passed_without_signing(plan_for, action, fields, recorded):
    bundle = make_bundle(
        meetings=meetings(2006, 2007),
        agreements=[agreement("a", **fields)],
        decisions=[decision("a", 2006, 2, recorded)],
    )
    plan = plan_for(bundle, years=2006, as_of="2006-09-15")  # after meeting 3 (08-30), before meeting 4 (10-18)

    item = one(plan, action=action, agreement="a")
    assert (item["year"], item["meeting"], item["meeting_date"]) == (2006, 4, "2006-10-18")
    assert item["rule"] == "M4-FALLBACK"
    assert "postponed" in flags(item)
    assert "overdue" not in flags(item)


def test_m4_fallback_postpone_decision_at_meeting_3(plan_for):
    # as-of before meeting 3, so only the recorded postponement can move the item.
    bundle = make_bundle(
        meetings=meetings(2006, 2007),
        agreements=[agreement("a")],
        decisions=[decision("a", 2006, 2, "renegotiate"), decision("a", 2006, 3, "postpone")],
    )
    plan = plan_for(bundle, years=2006, as_of="2006-05-01")

    item = one(plan, action="sign", agreement="a")
    assert (item["meeting"], item["meeting_date"], item["rule"]) == (4, "2006-10-18", "M4-FALLBACK")
    assert "postponed" in flags(item)


def test_m4_fallback_signing_before_the_decision_does_not_settle(plan_for):
    # Only "a signing of the agreement dated on or after the decision" settles the item.
    bundle = make_bundle(
        meetings=meetings(2006, 2007),
        agreements=[agreement("a")],
        decisions=[decision("a", 2006, 2, "renegotiate")],
        signings=[signing("a", "2006-04-21")],  # five days before meeting 2
    )
    plan = plan_for(bundle, years=2006, as_of="2006-09-15")

    item = one(plan, action="sign", agreement="a")
    assert (item["meeting"], item["rule"]) == (4, "M4-FALLBACK")
    assert "postponed" in flags(item)
    assert "signed" not in flags(item)


def test_m4_fallback_overdue_after_meeting_4_and_overdue_signing_on_next_review(plan_for):
    bundle = make_bundle(
        meetings=meetings(2006, 2007, 2008),
        agreements=[agreement("a")],
        decisions=[decision("a", 2006, 2, "renegotiate")],
    )
    plan = plan_for(bundle, years=(2006, 2007), as_of="2006-11-01")  # meeting 4 (10-18) has passed

    signs = items(plan, action="sign", agreement="a")
    assert len(signs) == 1  # the parties decide again at the next review; no new sign item without a decision
    item = signs[0]
    assert (item["year"], item["meeting"], item["rule"]) == (2006, 4, "M4-FALLBACK")
    assert {"postponed", "overdue"} <= flags(item)

    assert "overdue-signing" in flags(one(plan, year=2007, meeting=2, action="review", agreement="a"))
    assert "overdue-signing" not in flags(one(plan, year=2006, meeting=2, action="review", agreement="a"))


@pytest.mark.parametrize(
    ("signed_on", "at_meeting", "expected_meeting"),
    [
        ("2006-08-30", (2006, 3), 3),  # the signing's own meeting
        ("2006-04-26", None, 2),  # on the decision day: first of meetings 2–4 on or after it is meeting 2
        ("2006-05-02", None, 3),  # first of meetings 2–4 on or after 05-02
        ("2006-09-10", None, 4),  # first of meetings 2–4 on or after 09-10
        ("2006-11-15", None, 4),  # after meeting 4, before meeting 2 of 2007: "else meeting 4"
    ],
)
def test_m4_fallback_signed_item_stays_where_it_was_signed(plan_for, signed_on, at_meeting, expected_meeting):
    bundle = make_bundle(
        meetings=meetings(2006, 2007),
        agreements=[agreement("a")],
        decisions=[decision("a", 2006, 2, "renegotiate")],
        signings=[signing("a", signed_on, meeting=at_meeting)],
    )
    plan = plan_for(bundle, years=2006, as_of="2006-12-01")

    item = one(plan, action="sign", agreement="a")
    assert (item["year"], item["meeting"], item["meeting_date"]) == (2006, expected_meeting, meeting_date(2006, expected_meeting))
    assert "signed" in flags(item)
    if expected_meeting < 4:
        assert not flags(item) & {"postponed", "overdue"}


# -- M3-STATUS ------------------------------------------------------------------------------------------


def test_m3_status_items_and_no_evaluation_clause_flag(plan_for):
    bundle = make_bundle(
        meetings=meetings(2006, 2007),
        agreements=[
            agreement("klausul"),
            agreement("uten", evaluation_clause=None, evaluation_annual=None),
            agreement("tom", evaluation_clause="", evaluation_annual=False),
            agreement("arlig", evaluation_clause=None, evaluation_annual=True),
            agreement("utlopt", end_date="2006-06-30"),  # not in force at meeting 3 (08-30)
        ],
    )
    plan = plan_for(bundle, years=2006, as_of="2006-01-01")

    statuses = {item["agreement"]: item for item in items(plan, action="status")}
    assert set(statuses) == {"klausul", "uten", "tom", "arlig"}
    for item in statuses.values():
        assert (item["year"], item["meeting"], item["meeting_date"], item["rule"]) == (2006, 3, "2006-08-30", "M3-STATUS")
    assert {k for k, item in statuses.items() if "no-evaluation-clause" in flags(item)} == {"uten", "tom"}


# -- M4-OVERVIEW ----------------------------------------------------------------------------------------


def test_m4_overview_lists_agreements_in_force_on_meeting_4(plan_for):
    bundle = make_bundle(
        meetings=meetings(2006, 2007, 2008),
        agreements=[
            agreement("a"),
            agreement("senere", signed_date="2006-11-01"),
            agreement("slutt", end_date="2006-09-30"),
            agreement("siste_dag", end_date="2006-10-18"),  # meeting 4 of 2006 is its last day
            agreement("annen", category="other"),
        ],
    )
    plan = plan_for(bundle, years=(2006, 2007), as_of="2006-01-01")

    expected = {2006: {"a", "siste_dag"}, 2007: {"a", "senere"}}
    for year, in_force in expected.items():
        overview = one(plan, year=year, action="overview")
        assert (overview["meeting"], overview["meeting_date"], overview["rule"]) == (4, meeting_date(year, 4), "M4-OVERVIEW")
        assert overview["agreement"] is None
        assert set(overview["agreements"]) == in_force
    assert len(items(plan, action="overview")) == 2


# -- TERMINATE ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("notice", "in_force_in_autumn"), [(3, False), (6, True)])
def test_terminate_ends_agreement_after_notice_period(plan_for, notice, in_force_in_autumn):
    # Decided 2006-04-26: 3 months → ends 2006-07-26 (before meeting 3 on 08-30); 6 months → 2006-10-26
    # (after meeting 3 and meeting 4 on 10-18).
    bundle = make_bundle(
        meetings=meetings(2006, 2007),
        agreements=[agreement("a", notice_months=notice)],
        decisions=[decision("a", 2006, 2, "terminate")],
    )
    plan = plan_for(bundle, years=2006, as_of="2006-05-01")

    assert bool(items(plan, action="status", agreement="a")) is in_force_in_autumn
    assert ("a" in one(plan, action="overview")["agreements"]) is in_force_in_autumn
    assert items(plan, action="sign", agreement="a") == items(plan, action="re-sign", agreement="a") == []
    assert "notice-unspecified" not in codes(plan, "a")


@pytest.mark.parametrize(("meeting_2_of_2007", "reviewed"), [("2007-02-28", True), ("2007-03-01", False)])
def test_terminate_notice_clamped_to_month_end(plan_for, meeting_2_of_2007, reviewed):
    # 2006-03-31 + 11 months = "2007-02-31", clamped to 2007-02-28: still in force that day (inclusive), not after.
    bundle = make_bundle(
        meetings=meetings(
            2006,
            2007,
            dates={(2006, 2): "2006-03-31", (2007, 1): "2007-02-14", (2007, 2): meeting_2_of_2007},
        ),
        agreements=[agreement("a", notice_months=11)],
        decisions=[decision("a", 2006, 2, "terminate")],
    )
    plan = plan_for(bundle, years=(2006, 2007), as_of="2006-01-01")

    assert len(items(plan, year=2007, meeting=2, action="review", agreement="a")) == (1 if reviewed else 0)


def test_terminate_without_notice_period_warns_and_end_date_stands(plan_for):
    bundle = make_bundle(
        meetings=meetings(2006, 2007, 2008),
        agreements=[agreement("pleie", notice_months=None, notice_text="rimeleg førehandsvarsling", end_date="2008-12-31")],
        decisions=[decision("pleie", 2006, 2, "terminate")],
    )
    plan = plan_for(bundle, years=(2006, 2007), as_of="2006-05-01")

    assert "notice-unspecified" in codes(plan, "pleie")
    # Its own end date (2008-12-31) stands: still in force at meeting 3 of 2006 and meeting 2 of 2007.
    assert len(items(plan, year=2006, meeting=3, action="status", agreement="pleie")) == 1
    assert len(items(plan, year=2007, meeting=2, action="review", agreement="pleie")) == 1


# -- EXPIRY ---------------------------------------------------------------------------------------------


def test_expiry_review_flagged_expiring_when_end_before_next_meeting_2(plan_for):
    bundle = make_bundle(
        meetings=meetings(2006, 2007),
        agreements=[agreement("kort", end_date="2006-12-31"), agreement("lang")],
    )
    plan = plan_for(bundle, years=2006, as_of="2006-01-01")

    assert "expiring" in flags(one(plan, action="review", agreement="kort"))
    assert "expiring" not in flags(one(plan, action="review", agreement="lang"))


@pytest.mark.parametrize(
    ("end_date", "uncovered_days"),
    [
        ("2006-06-30", 60),  # 2006-07-01 … 2006-08-29 lie between the end and meeting 3 on 2006-08-30
        ("2006-08-28", 1),  # only 2006-08-29
        ("2006-08-29", None),  # no day lies between: no gap
    ],
)
def test_expiry_gap_warning_gives_uncovered_days(plan_for, end_date, uncovered_days):
    # "If at least one day lies between its end date and the meeting 3 where its renewal would be signed".
    bundle = make_bundle(meetings=meetings(2006, 2007), agreements=[agreement("pleie", end_date=end_date)])
    plan = plan_for(bundle, years=2006, as_of="2006-01-01")

    assert "expiring" in flags(one(plan, action="review", agreement="pleie"))
    gaps = warnings(plan, agreement="pleie", code="gap")
    if uncovered_days is None:
        assert gaps == []
    else:
        assert len(gaps) == 1
        assert re.search(rf"(?<![\d-]){uncovered_days}(?![\d-])", gaps[0]["message"]), gaps[0]["message"]


def test_expiry_no_gap_warning_when_review_decided_terminate(plan_for):
    bundle = make_bundle(
        meetings=meetings(2006, 2007),
        agreements=[agreement("pleie", end_date="2006-06-30", notice_months=1)],
        decisions=[decision("pleie", 2006, 2, "terminate")],
    )
    plan = plan_for(bundle, years=2006, as_of="2006-05-01")

    assert "gap" not in codes(plan, "pleie")


# -- TERM-LIMIT -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("end_date", "expected"), [("2009-09-30", 0), ("2009-12-31", 1)])
def test_term_limit_beyond_term(plan_for, end_date, expected):
    # Signed 2006 → term 2005-10-01 … 2009-09-30. Warned once per plan even over two years.
    bundle = make_bundle(meetings=meetings(2006, 2007, 2008), agreements=[agreement("nav", end_date=end_date)])
    plan = plan_for(bundle, years=(2006, 2007), as_of="2006-01-01")

    assert len(warnings(plan, agreement="nav", code="beyond-term")) == expected


def test_term_limit_exception_accepted(plan_for):
    bundle = make_bundle(
        meetings=meetings(2006, 2007),
        agreements=[agreement("livskraftig", end_date="2010-12-31", term_exception="Femårig program, jf. regel 30")],
    )
    plan = plan_for(bundle, years=2006, as_of="2006-01-01")

    assert "beyond-term-accepted" in codes(plan, "livskraftig")
    assert "beyond-term" not in codes(plan, "livskraftig")


def test_term_limit_no_end_date(plan_for):
    bundle = make_bundle(meetings=meetings(2006, 2007), agreements=[agreement("skole", end_date=None, duration_months=None)])
    plan = plan_for(bundle, years=2006, as_of="2006-01-01")

    assert "no-end-date" in codes(plan, "skole")
    assert "beyond-term" not in codes(plan, "skole")


def test_term_limit_signed_before_1_october_counts_previous_term(plan_for):
    # Signed 2005-09-15: term 2001-10-01 … 2005-09-30 (counted backwards from first_election_year 2005).
    bundle = make_bundle(
        settings={"resign_on_every_continue": False, "first_election_year": 2005},
        meetings=meetings(2006, 2007),
        agreements=[agreement("barnevern", signed_date="2005-09-15", end_date="2008-09-14")],
    )
    plan = plan_for(bundle, years=2006, as_of="2006-01-01")

    assert "beyond-term" in codes(plan, "barnevern")


def test_term_limit_latest_recorded_signing_sets_the_term(plan_for):
    # "the parliamentary term in which it was last signed (signed date, start date, or latest recorded signing)":
    # re-signed 2006-08-30 → term 2005-10-01 … 2009-09-30, which covers the end date 2008-09-14.
    bundle = make_bundle(
        meetings=meetings(2006, 2007),
        agreements=[agreement("barnevern", signed_date="2005-09-15", end_date="2008-09-14")],
        signings=[signing("barnevern", "2006-08-30", meeting=(2006, 3))],
    )
    plan = plan_for(bundle, years=2006, as_of="2006-01-01")

    assert "beyond-term" not in codes(plan, "barnevern")


@pytest.mark.parametrize(("months", "beyond"), [(45, False), (48, True)])
def test_term_limit_duration_months_instead_of_end_date(plan_for, months, beyond):
    # End = day before start + N months: 45 → 2009-09-30 (last day of the term), 48 → 2009-12-31.
    bundle = make_bundle(
        meetings=meetings(2006, 2007),
        agreements=[agreement("a", signed_date=None, start_date="2006-01-01", end_date=None, duration_months=months)],
    )
    plan = plan_for(bundle, years=2006, as_of="2006-01-01")

    assert ("beyond-term" in codes(plan, "a")) is beyond
    assert "no-end-date" not in codes(plan, "a")


@pytest.mark.parametrize(("months", "expiring"), [(12, True), (16, False)])
def test_duration_months_end_date_drives_expiry(plan_for, months, expiring):
    # 12 months from 2006-01-01 → ends 2006-12-31, before meeting 2 of 2007 (04-25); 16 → 2007-04-30, after it.
    bundle = make_bundle(
        meetings=meetings(2006, 2007),
        agreements=[agreement("a", signed_date=None, start_date="2006-01-01", end_date=None, duration_months=months)],
    )
    plan = plan_for(bundle, years=2006, as_of="2006-01-01")

    assert ("expiring" in flags(one(plan, action="review", agreement="a"))) is expiring


# -- DEVIATION ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["sign", "status"])
def test_deviation_moves_item_to_another_meeting(plan_for, action):
    bundle = make_bundle(
        meetings=meetings(2006, 2007),
        agreements=[agreement("a")],
        decisions=[decision("a", 2006, 2, "renegotiate")],
        deviations=[
            {
                "action": action,
                "agreement": "a",
                "from": {"year": 2006, "number": 3},
                "to": {"year": 2006, "number": 4},
                "reason": "Forhandlingene trenger mer tid",
            }
        ],
    )
    plan = plan_for(bundle, years=2006, as_of="2006-05-01")

    item = one(plan, action=action, agreement="a")
    assert (item["year"], item["meeting"], item["meeting_date"]) == (2006, 4, "2006-10-18")
    assert "deviation" in flags(item)


def test_deviation_to_a_plain_date_is_kept_there(plan_for):
    # "Such an item carries deviation and the planner leaves it where the user put it": as-of lies after both
    # the chosen date and meeting 3, with no signing, yet M4-FALLBACK must not move it.
    bundle = make_bundle(
        meetings=meetings(2006, 2007),
        agreements=[agreement("a")],
        decisions=[decision("a", 2006, 2, "renegotiate")],
        deviations=[
            {
                "action": "sign",
                "agreement": "a",
                "from": {"year": 2006, "number": 3},
                "to_date": "2006-09-05",
                "reason": "Undertegnes utenom møte",
            }
        ],
    )
    plan = plan_for(bundle, years=2006, as_of="2006-09-20")

    item = one(plan, action="sign", agreement="a")
    assert item["meeting_date"] == "2006-09-05"
    assert "deviation" in flags(item)


# -- provisional dates and meeting-date warnings --------------------------------------------------------


def test_provisional_dates_for_meetings_not_in_the_calendar(plan_for):
    # 2007: only meeting 3 is dated by the user. Meeting 2 → 15 April 2007 is a Sunday → 2007-04-16;
    # meeting 4 → 2007-10-15 (a Monday).
    bundle = make_bundle(
        meetings=[{"year": 2007, "number": 3, "date": "2007-08-29", "location": "Oslo"}],
        agreements=[agreement("a")],
    )
    plan = plan_for(bundle, years=2007, as_of="2007-01-01")

    for action in ("review", "scope"):
        item = one(plan, year=2007, action=action)
        assert (item["meeting"], item["meeting_date"]) == (2, "2007-04-16")
        assert "provisional-date" in flags(item)
    overview = one(plan, year=2007, action="overview")
    assert overview["meeting_date"] == "2007-10-15"
    assert "provisional-date" in flags(overview)
    status = one(plan, year=2007, action="status", agreement="a")
    assert status["meeting_date"] == "2007-08-29"
    assert "provisional-date" not in flags(status)
    assert warnings(plan, code="meeting-weekend") == warnings(plan, code="meeting-holiday") == []


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2022, "2022-04-19"),  # Good Friday 15th, weekend, Easter Monday 18th
        (2047, "2047-04-16"),  # Easter Monday 15th
        (2049, "2049-04-20"),  # Maundy Thursday 15th, Good Friday 16th, weekend, Easter Monday 19th
    ],
)
def test_provisional_meeting_2_skips_easter_holidays(plan_for, year, expected):
    easter_sunday = easter(year)
    holy_days = {easter_sunday + dt.timedelta(days=d) for d in (-3, -2, 0, 1)}
    assert dt.date(year, 4, 15) in holy_days  # the premise of this case

    plan = plan_for(make_bundle(), years=year, as_of=f"{year}-01-01")

    scope = one(plan, year=year, action="scope")
    assert scope["meeting_date"] == expected
    assert "provisional-date" in flags(scope)


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ({}, set()),
        ({(2006, 2): "2006-04-29"}, {"meeting-weekend"}),  # a Saturday
        ({(2006, 2): "2006-05-17"}, {"meeting-holiday"}),  # Constitution Day, a Wednesday
        ({(2006, 2): "2006-04-13"}, {"meeting-holiday"}),  # Maundy Thursday 2006
        ({(2006, 3): "2006-05-25"}, {"meeting-holiday"}),  # Ascension Day 2006
        ({(2006, 1): "2006-01-01"}, {"meeting-weekend", "meeting-holiday"}),  # New Year's Day, a Sunday
    ],
    ids=["weekdays", "saturday", "17-may", "maundy-thursday", "ascension", "new-year-sunday"],
)
def test_meeting_weekend_and_holiday_warnings(plan_for, dates, expected):
    bundle = make_bundle(meetings=meetings(2006, 2007, dates=dates), agreements=[agreement("a")])
    plan = plan_for(bundle, years=2006, as_of="2006-01-01")

    meeting_warnings = [w for w in plan["warnings"] if w["code"] in ("meeting-weekend", "meeting-holiday")]
    assert {w["code"] for w in meeting_warnings} == expected
    assert all(w["agreement"] is None for w in meeting_warnings)
    for (year, number), date in dates.items():
        if number != 1:  # the user's date stands, even on a holiday
            assert {i["meeting_date"] for i in items(plan, year=year, meeting=number)} == {date}


# -- determinism, order, category, shape ----------------------------------------------------------------


def ordering_bundle() -> dict:
    """Two agreements whose keys sort opposite to their titles, giving every action in 2006."""
    return make_bundle(
        settings={"resign_on_every_continue": True, "first_election_year": 2005},
        meetings=meetings(2006, 2007, 2008),
        agreements=[agreement("a_key", title="Zeta-avtalen"), agreement("z_key", title="Alfa-avtalen")],
        decisions=[decision("z_key", 2006, 2, "renegotiate"), decision("a_key", 2006, 2, "continue")],
    )


def test_plan_is_deterministic(tmp_path, capsys):
    bundle = ordering_bundle()
    bundle["agreements"].append(agreement("skole", end_date=None, evaluation_clause=None))  # some warnings too
    db = load(tmp_path, capsys, bundle)

    runs = [cli(capsys, *plan_argv(db, (2006, 2007), "2006-05-01")) for _ in range(2)]
    assert runs[0][0] == runs[1][0] == 0
    assert runs[0][1] == runs[1][1]


def test_items_sorted_by_year_meeting_action_and_title(plan_for):
    plan = plan_for(ordering_bundle(), years=(2006, 2007), as_of="2006-05-01")

    got = [(i["year"], i["meeting"], i["action"], i["agreement"]) for i in plan["items"]]
    assert got == [
        (2006, 2, "review", "z_key"),  # "Alfa-avtalen" before "Zeta-avtalen"
        (2006, 2, "review", "a_key"),
        (2006, 2, "scope", None),
        (2006, 3, "sign", "z_key"),
        (2006, 3, "re-sign", "a_key"),
        (2006, 3, "status", "z_key"),
        (2006, 3, "status", "a_key"),
        (2006, 4, "overview", None),
        (2007, 2, "review", "z_key"),
        (2007, 2, "review", "a_key"),
        (2007, 2, "scope", None),
        (2007, 3, "status", "z_key"),
        (2007, 3, "status", "a_key"),
        (2007, 4, "overview", None),
    ]


def test_only_consultation_agreements_are_planned(plan_for):
    unmarked = agreement("uten_kategori")
    del unmarked["category"]  # absent category means consultation
    bundle = make_bundle(
        meetings=meetings(2006, 2007),
        agreements=[unmarked, agreement("nav_lokal", category="other", end_date=None, evaluation_clause=None)],
        decisions=[decision("nav_lokal", 2006, 2, "renegotiate")],
    )
    plan = plan_for(bundle, years=2006, as_of="2006-09-15")

    assert len(items(plan, action="review", agreement="uten_kategori")) == 1
    assert items(plan, agreement="nav_lokal") == []
    assert "nav_lokal" not in one(plan, action="overview")["agreements"]
    assert warnings(plan, agreement="nav_lokal") == []


def test_item_and_warning_shape(plan_for):
    bundle = ordering_bundle()
    bundle["governments"] = [STOLTENBERG_II]
    bundle["agreements"].append(agreement("skole", end_date=None, evaluation_clause=None))
    plan = plan_for(bundle, years=(2006, 2007), as_of="2006-11-01")

    assert set(plan) == {"items", "warnings"}
    assert plan["items"] and plan["warnings"]
    for item in plan["items"]:
        assert ITEM_KEYS <= set(item), item
        assert set(item) - ITEM_KEYS <= {"agreements"}, item
        assert isinstance(item["year"], int) and item["meeting"] in (2, 3, 4)
        dt.date.fromisoformat(item["meeting_date"])
        assert item["action"] in ACTION_ORDER
        assert (item["agreement"] is None) is (item["action"] in ("scope", "overview"))
        assert isinstance(item["rule"], str) and item["rule"]
        assert isinstance(item["reason"], str) and item["reason"].strip()
        assert isinstance(item["flags"], list) and all(isinstance(f, str) for f in item["flags"])
        assert len(item["flags"]) == len(set(item["flags"]))
    for warning in plan["warnings"]:
        assert set(warning) == WARNING_KEYS, warning
        assert warning["agreement"] is None or isinstance(warning["agreement"], str)
        assert isinstance(warning["code"], str) and warning["code"]
        assert isinstance(warning["message"], str) and warning["message"].strip()


# -- the command line itself ----------------------------------------------------------------------------


def test_plan_text_format_mentions_each_rule(tmp_path, capsys):
    db = load(tmp_path, capsys, ordering_bundle())
    plan = read_plan(capsys, db, (2006, 2007), "2006-05-01")

    code, out, err = cli(capsys, *plan_argv(db, (2006, 2007), "2006-05-01", fmt="text"))
    assert code == 0, err
    rules = {item["rule"] for item in plan["items"]}
    assert rules >= {"M2-REVIEW", "M2-SCOPE", "M3-SIGN", "M3-RESIGN", "M3-STATUS", "M4-OVERVIEW"}
    for rule in rules:
        assert rule in out


@pytest.mark.parametrize("bad", ["2006-02-30", "26.04.2006", "i dag"])
def test_plan_rejects_bad_as_of(tmp_path, capsys, bad):
    db = load(tmp_path, capsys, make_bundle(meetings=meetings(2006), agreements=[agreement("a")]))

    code, out, err = cli(capsys, "--db", db, "plan", "--from-year", 2006, "--as-of", bad, "--format", "json")
    assert code == 2
    assert err.strip()
    assert "as-of" in err or bad in err
