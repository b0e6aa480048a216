"""The evaluation's rules without Qt: seed 001's Tabell 4.1 from its 126 ratings, sub-point derivation, overrides,
the model-agreement suggestions on the demo register, the filters, and editing a criteria set."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest

from konsultasjon_app.domain import changes
from konsultasjon_app.domain.bundle import read_bundle
from konsultasjon_app.domain.criteria_builtin import BUILTIN_SETS, MODEL_AGREEMENT, NAV2017
from konsultasjon_app.domain.evaluation import (
    EvaluationFilter,
    ReasonRequired,
    accept_suggestions,
    assessment_problems,
    criteria_set_change,
    derive_rating,
    derived_rating,
    evaluation_report,
    filter_agreements,
    lifetimes,
    state_party_choices,
    suggest_model_agreement,
    suggestions,
    summarize,
    summary_to_json,
    summary_to_text,
    with_rating,
    year_choices,
)
from konsultasjon_app.domain.model import (
    Agreement,
    Assessment,
    Criterion,
    Decision,
    Meeting,
    MeetingRef,
    Party,
    Register,
    Signing,
    norwegian_key,
)
from konsultasjon_app.domain.planner import plan

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "nav2017-assessments.json"

# Tabell 4.1 of seed 001: i tråd / delvis i tråd / ikke i tråd per criterion.
TABELL_4_1 = {
    "styringsgrunnlag": (16, 1, 4),
    "felles-ansvar": (21, 0, 0),
    "styringsindikatorer": (13, 7, 1),
    "administrasjon": (10, 3, 8),
    "leder-sentralt": (8, 0, 13),
    "ledermodell": (0, 0, 2),
}


@pytest.fixture(scope="module")
def nav() -> Register:
    return read_bundle(json.loads(FIXTURE.read_text(encoding="utf-8"))).register


@pytest.fixture(scope="module")
def demo() -> Register:
    path = Path(__file__).resolve().parents[2] / "db" / "demo" / "demo-bundle.json"
    register = read_bundle(json.loads(path.read_text(encoding="utf-8"))).register
    # The party list lives in the database, not in bundles; these are the entries the checks and filters use.
    parties = (
        Party("Udir", "Utdanningsdirektoratet", "directorate", ("Læringssenteret (LS)",)),
        Party("KDD", "Kommunal- og distriktsdepartementet", "ministry",
              ("Kommunal- og moderniseringsdepartementet (KMD)", "Kommunal- og regionaldepartementet (KRD)")),
        Party("AID", "Arbeids- og inkluderingsdepartementet", "ministry"),
    )
    return replace(register, parties=parties)


# -- the summary -------------------------------------------------------------------------------------------


def test_the_fixture_gives_tabell_4_1_exactly(nav):
    summary = summarize(nav, "nav2017")
    assert len(summary.agreements) == 21
    assert [r.criterion for r in summary.rows] == list(TABELL_4_1)
    for row in summary.rows:
        assert (row.counts["i_traad"], row.counts["delvis"], row.counts["ikke_i_traad"]) == TABELL_4_1[row.criterion], row.title
    # Tabell 4.1 leaves out the rest: 18 offices have one leader (not relevant); Bergen's agreement does not say.
    leader_model = summary.rows[-1]
    assert (leader_model.counts["ikke_relevant"], leader_model.counts["ikke_vurdert"]) == (18, 1)
    assert all(r.counts["ikke_relevant"] == r.counts["ikke_vurdert"] == 0 for r in summary.rows[:-1])


def test_a_missing_rating_counts_as_not_assessed(nav):
    without = replace(nav, assessments=tuple(a for a in nav.assessments if (a.agreement, a.criterion) != ("nav-bergen", "ledermodell")))
    row = summarize(without, "nav2017").rows[-1]
    assert (row.counts["ikke_relevant"], row.counts["ikke_vurdert"]) == (18, 1)
    # An agreement with no rating at all in the set is not counted anywhere.
    fewer = replace(nav, assessments=tuple(a for a in nav.assessments if a.agreement != "nav-bergen"))
    summary = summarize(fewer, "nav2017")
    assert len(summary.agreements) == 20 and summary.rows[-1].counts["ikke_vurdert"] == 0


def test_summary_json_and_text(nav):
    data = summary_to_json(summarize(nav, "nav2017", only={"nav-nes", "nav-fedje"}))
    assert data["criteria_set"] == "nav2017" and data["agreements"] == 2
    assert data["rows"][2] == {
        "criterion": "styringsindikatorer",
        "title": "Styringsindikatorer/mål- og resultatkrav",
        "counts": {"i_traad": 1, "delvis": 0, "ikke_i_traad": 1, "ikke_relevant": 0, "ikke_vurdert": 0},
    }
    text = summary_to_text(summarize(nav, "nav2017"))
    assert "21 avtaler vurdert" in text
    assert [line.split()[-7:] for line in text.splitlines() if line.startswith("Administrasjon")] == [["10", "3", "8", "0", "0", "48", "%"]]


def test_one_agreement_rated_is_said_in_the_singular(nav):
    text = summary_to_text(summarize(nav, "nav2017", only={"nav-nes"}))
    assert text.startswith("NAV-kontorene: arbeidsgruppens anbefalinger (2017) (nav2017): 1 avtale vurdert\n")


def test_a_builtin_set_not_stored_summarizes_as_empty_and_an_unknown_set_is_an_error(nav):
    summary = summarize(Register(), "monsteravtale")
    assert summary.agreements == () and [r.criterion for r in summary.rows] == [c.key for c in MODEL_AGREEMENT.criteria]
    with pytest.raises(KeyError):
        summarize(nav, "finnes-ikke")
    # A stored set of a built-in key is the user's, whatever the template says.
    edited = replace(nav, criteria_sets=(replace(NAV2017, criteria=NAV2017.criteria[:1]),), assessments=())
    assert [r.criterion for r in summarize(edited, "nav2017").rows] == ["styringsgrunnlag"]


def test_builtin_sets_are_templates_with_descriptions(nav):
    assert set(BUILTIN_SETS) == {"monsteravtale", "nav2017"}
    assert Register().criteria_sets == ()
    assert [c.title for c in NAV2017.criteria] == [
        "Felles styringsgrunnlag",
        "Felles ansvar for utvikling/måloppnåelse",
        "Styringsindikatorer/mål- og resultatkrav",
        "Administrasjon og prioriterte oppgaver",
        "Leder skal sitte på sentralt nivå",
        "Vurdering av ledermodell",
    ]
    assert MODEL_AGREEMENT.criterion("forpliktelser").subpoints == ("Partenes felles plikter", "KS' plikter", "Statens plikter")
    assert all(c.description for s in BUILTIN_SETS.values() for c in s.criteria)
    assert nav.criteria_set("nav2017") == NAV2017  # the fixture stores the template as it is


# -- sub-points and overrides -----------------------------------------------------------------------------------


def test_derivation_all_met_one_missing_more_missing():
    points = ("a", "b", "c")
    assert derive_rating(points, ("a", "b", "c")) == "i_traad"
    assert derive_rating(points, ("c", "a")) == "delvis"
    assert derive_rating(points, ("b",)) == "ikke_i_traad"
    assert derive_rating(points, ()) == "ikke_i_traad"
    assert derive_rating(("a", "b"), ("b",)) == "delvis"
    # With a single sub-point, nothing met is not "partly in line".
    assert derive_rating(("a",), ()) == "ikke_i_traad"
    assert derive_rating(("a",), ("a",)) == "i_traad"
    with pytest.raises(ValueError):
        derive_rating((), ())


def test_every_point_by_point_rating_in_the_fixture_is_derived_or_explained(nav):
    cs = nav.criteria_set("nav2017")
    overrides = []
    for a in nav.assessments:
        criterion = cs.criterion(a.criterion)
        assert assessment_problems(criterion, a) == []
        derived = derived_rating(criterion, a)
        assert (derived is not None) == bool(criterion.subpoints)
        if derived is not None and derived != a.rating:
            overrides.append((a.agreement, a.criterion))
    # The report rates "administration" not in line whenever the cost principle is missing (ch. 3.2 no. 5), which
    # is stricter than counting points: those seven ratings carry their reason.
    assert len(overrides) == 7 and {c for _, c in overrides} == {"administrasjon"}


def test_setting_a_rating_keeps_ticks_and_asks_for_a_reason_when_it_departs():
    criterion = Criterion("k", "K", None, ("a", "b", "c"))
    ticked = Assessment("x", "s", "k", "delvis", "Begrunnelse", ("a", "b"))
    with pytest.raises(ReasonRequired) as raised:
        with_rating(criterion, "x", "s", ticked, "i_traad")
    assert raised.value.derived == "delvis"
    overridden = with_rating(criterion, "x", "s", ticked, "i_traad", "Skjønn: punkt c er dekket av en annen avtale")
    assert (overridden.rating, overridden.subpoints_met, overridden.override_reason, overridden.justification) == (
        "i_traad", ("a", "b"), "Skjønn: punkt c er dekket av en annen avtale", "Begrunnelse")
    # The recorded reason stands for a further change away from the derived rating; back to it, the reason goes.
    assert with_rating(criterion, "x", "s", overridden, "ikke_i_traad").override_reason == overridden.override_reason
    assert with_rating(criterion, "x", "s", overridden, "delvis").override_reason is None
    # Not relevant / not assessed: the points were not weighed.
    cleared = with_rating(criterion, "x", "s", overridden, "ikke_relevant")
    assert (cleared.subpoints_met, cleared.override_reason, cleared.justification) == (None, None, "Begrunnelse")
    # Without ticks there is nothing to depart from.
    assert with_rating(criterion, "x", "s", None, "i_traad") == Assessment("x", "s", "k", "i_traad")


def test_assessment_problems_name_unknown_subpoints_and_missing_reasons():
    criterion = Criterion("k", "K", None, ("a", "b"))
    assert assessment_problems(criterion, Assessment("x", "s", "k", "i_traad", None, ("a", "z"))) == ["ukjente delpunkter: «z»"]
    assert assessment_problems(criterion, Assessment("x", "s", "k", "i_traad", None, ("a",))) == [
        "delpunktene gir «Delvis i tråd»; en annen vurdering må begrunnes"]
    assert assessment_problems(criterion, Assessment("x", "s", "k", "i_traad", None, ("a",), "fordi")) == []


# -- suggestions for the model agreement -------------------------------------------------------------------------


def test_suggestions_on_the_demo_register(demo):
    def ratings(key):
        return {k: s.rating for k, s in suggest_model_agreement(demo.agreement(key), demo).items()}

    # Skole: no evaluation clause, no end date, signed at administrative level with a directorate, joint duties only
    # (two of the three parts missing: not in line, as the criterion's sub-points derive it).
    assert ratings("skole") == {
        "formal": "i_traad",
        "forpliktelser": "ikke_i_traad",
        "evaluering": "ikke_i_traad",
        "varighet": "ikke_i_traad",
        "underskrifter": "ikke_i_traad",
    }
    # Compensation without the Storting's reservation is partly in line; with it, in line.
    assert ratings("bosetting-flyktninger")["okonomi"] == "delvis"
    assert ratings("landbruk")["okonomi"] == "i_traad" and ratings("landbruk")["evaluering"] == "i_traad"
    # "Skal vurderes i konsultasjonssammenheng", not yearly: partly.
    assert ratings("barnevern")["evaluering"] == "delvis"
    # An end date but no notice period: partly.
    assert ratings("nav")["varighet"] == "delvis" and ratings("nav")["underskrifter"] == "i_traad"
    # Almost nothing is known of this one: no duties, no dates; the KS level is unknown, so no suggestion there.
    loslatelse = ratings("loslatelse")
    assert loslatelse["forpliktelser"] == "ikke_i_traad" and loslatelse["varighet"] == "ikke_i_traad"
    assert "underskrifter" not in loslatelse and "okonomi" not in loslatelse
    basis = suggest_model_agreement(demo.agreement("skole"), demo)["underskrifter"].basis
    assert "administrativt nivå" in basis


def test_suggestions_skip_rated_cells_and_accepting_stores_the_builtin_set_first(demo):
    found = suggestions(demo, MODEL_AGREEMENT, demo.agreements)
    assert found[("skole", "evaluering")].rating == "ikke_i_traad"
    rated = replace(demo, criteria_sets=(MODEL_AGREEMENT,), assessments=(Assessment("skole", "monsteravtale", "evaluering", "i_traad", "Egen vurdering"),))
    assert ("skole", "evaluering") not in suggestions(rated, MODEL_AGREEMENT, demo.agreements)
    assert suggestions(demo, NAV2017, demo.agreements) == {}  # no rules for other criteria

    skole = {k: s for k, s in found.items() if k[0] == "skole"}
    ops = accept_suggestions(demo, MODEL_AGREEMENT, skole)
    assert ops[0] == changes.Put("criteria_sets", MODEL_AGREEMENT)
    after = changes.apply(demo, ops).register
    stored = {a.criterion: (a.rating, a.justification) for a in after.assessments}
    assert stored["varighet"] == ("ikke_i_traad", "Verken sluttdato eller varighet er registrert.")
    assert len(stored) == 5
    # Accepting again (or once the cells are rated) changes nothing.
    assert accept_suggestions(after, MODEL_AGREEMENT, skole) == ()


# -- filters -------------------------------------------------------------------------------------------------


def test_year_filter_uses_dates_and_recorded_signings(nav):
    """The year is meeting 3's: the NAV fixture has no meetings, so each year's provisional date (15 August, or the
    first weekday after it) is the day looked at."""
    def keys(year):
        return {a.key for a in filter_agreements(nav, EvaluationFilter(year=year))}

    # Hå, Forsand and Hjartdal have no dates of their own: their first recorded signing (2008) starts them.
    assert keys(2008) == {"nav-hjartdal", "nav-ha", "nav-forsand"}
    # Nøtterøy began 11.10.2016, after meeting 3 of 2016 (15.08.2016): it is not on that meeting's report.
    assert keys(2016) == {"nav-grimstad", "nav-oygarden", "nav-hjartdal", "nav-ha", "nav-forsand"}
    assert "nav-notteroy" in keys(2017)
    # No date at all (Stange, Midtre Gauldal) or only an end (Oppdal): never in force; Bergen's 2017 ended.
    assert keys(2018) == {a.key for a in nav.agreements} - {"nav-stange", "nav-midtre-gauldal", "nav-oppdal", "nav-bergen"}
    assert keys(2020) == keys(2018) - {"nav-grimstad", "nav-meldal"}
    assert year_choices(nav, dt.date(2025, 5, 1)) == list(range(2025, 2007, -1))


def test_the_year_filter_looks_at_meeting_3_after_a_gap_and_a_termination():
    """A renewal after a gap counts from its signing, and a termination ends the agreement at its effective date:
    the year filter takes the agreements in force on meeting 3's date, not on some day of the year."""
    register = Register(
        meetings=(Meeting(2012, 2, dt.date(2012, 4, 20)), Meeting(2011, 3, dt.date(2011, 8, 24))),
        agreements=(
            Agreement("gap", "Gap", signed_date=dt.date(2005, 1, 1), end_date=dt.date(2009, 12, 31)),
            Agreement("ended", "Ended", signed_date=dt.date(2010, 1, 1), notice_months=3),
            Agreement("late", "Late", signed_date=dt.date(2011, 8, 25), end_date=dt.date(2014, 12, 31)),
        ),
        signings=(Signing("gap", dt.date(2011, 6, 1), end_date=dt.date(2013, 12, 31)),),
        decisions=(Decision("ended", MeetingRef(2012, 2), "terminate"),),
    )

    def keys(year):
        return [a.key for a in filter_agreements(register, EvaluationFilter(year=year))]

    # Gap: in force to 2009, again from its renewal on 01.06.2011 to 2013.
    assert [("gap" in keys(y)) for y in (2009, 2010, 2011, 2013, 2014)] == [True, False, True, True, False]
    # Ended: terminated at meeting 2 of 2012 with three months' notice, so it ended 20.07.2012, before meeting 3
    # (15.08.2012, provisional): in force in 2012, but not at that meeting.
    assert "ended" in keys(2011) and "ended" not in keys(2012)
    # Late: signed the day after meeting 3 of 2011 (24.08.2011, the meeting's own date).
    assert "late" not in keys(2011) and "late" in keys(2012)


def _statuses(p, year: int) -> set[str]:
    return {i.agreement for i in p.items if i.action == "status" and i.year == year and i.meeting == 3}


def test_the_report_for_meeting_3_covers_that_meetings_status_items(demo):
    """The report headed «Til 3. konsultasjonsmøte 2006» covers the agreements meeting 3 gives a status item (rule
    M3-STATUS), of the same category. Was: every agreement in force on some day of 2006, so also barnevern
    (terminated at meeting 2, ended 26.07.2006), pleie-omsorg (expired 19.06.2006) and barnehage (signed only
    25.10.2006): 9 agreements against the agenda's 6 status items."""
    register = replace(
        demo,
        agreements=demo.agreements + (Agreement("barnehage", "Avtale om kvalitet i barnehagene", state_parties=("KD",), other_parties=("KS",)),),
        decisions=(Decision("barnehage", MeetingRef(2006, 2), "new"), Decision("barnevern", MeetingRef(2006, 2), "terminate")),
        signings=demo.signings + (Signing("barnehage", dt.date(2006, 10, 25), MeetingRef(2006, 4)),),
    )
    flt = EvaluationFilter(category="consultation", year=2006)
    report = evaluation_report(register, "monsteravtale", flt)
    covered = {r.agreement.key for r in report.rated} | {a.key for a in report.unrated}
    statuses = _statuses(plan(register, 2006, 2006, dt.date(2006, 12, 31)), 2006)
    assert covered == statuses == {"bosetting-flyktninger", "bostedsloshet", "landbruk", "livskraftig", "nav", "skole"}
    assert not covered & {"barnevern", "pleie-omsorg", "barnehage"}
    assert report.scope == "konsultasjonsavtaler, i kraft på 3. møte 2006 (30.08.2006)" and report.year == 2006
    # A year whose meeting 3 is not in the calendar: its provisional date, as the planner has it, and said so.
    report = evaluation_report(register, "monsteravtale", replace(flt, year=2007))
    covered = {r.agreement.key for r in report.rated} | {a.key for a in report.unrated}
    assert covered == _statuses(plan(register, 2007, 2007, dt.date(2007, 12, 31)), 2007) != set()
    assert "barnehage" in covered and "bosetting-flyktninger" not in covered  # signed 25.10.2006; expired 14.11.2006
    assert report.scope == "konsultasjonsavtaler, i kraft på 3. møte 2007 (15.08.2007, foreløpig dato)"


def test_category_and_state_party_filters_merge_former_names(demo, nav):
    both = replace(demo, agreements=demo.agreements + nav.agreements)
    assert {a.key for a in filter_agreements(both, EvaluationFilter(category="other"))} == {a.key for a in nav.agreements}
    assert len(filter_agreements(both, EvaluationFilter(category="consultation"))) == 10
    # KRD and KMD are former names of KDD: both agreements are found under the ministry as it is now.
    assert {a.key for a in filter_agreements(both, EvaluationFilter(state_party="KDD"))} == {"bostedsloshet", "kommunesammenslaing"}
    choices = dict(state_party_choices(both))
    assert choices["KDD"] == "KDD – Kommunal- og distriktsdepartementet"
    assert "KRD" not in choices and "KMD" not in choices and "NAV Hordaland" in choices
    combined = EvaluationFilter(category="other", state_party="NAV Hordaland", year=2016)
    assert [a.key for a in filter_agreements(both, combined)] == ["nav-oygarden"]


def test_the_report_holds_the_filtered_ratings_and_names_the_unrated(nav, demo):
    both = replace(demo, agreements=demo.agreements + nav.agreements, signings=demo.signings + nav.signings,
                   criteria_sets=nav.criteria_sets, assessments=nav.assessments)
    report = evaluation_report(both, "nav2017", EvaluationFilter(year=2016))
    # By title in Norwegian order (Forsand, Grimstad, Hjartdal, Hå, Øygarden), as the PDF and the workbook list them.
    assert [r.agreement.key for r in report.rated] == ["nav-forsand", "nav-grimstad", "nav-hjartdal", "nav-ha", "nav-oygarden"]
    assert [a.title for a in report.unrated] == sorted((a.title for a in report.unrated), key=norwegian_key)
    assert len(report.summary.agreements) == 5 and report.scope == "i kraft på 3. møte 2016 (15.08.2016, foreløpig dato)" and report.year == 2016
    assert {a.key for a in report.unrated} <= {a.key for a in demo.agreements}
    first = report.rated[0]
    assert [c.key for c, _ in first.cells] == [c.key for c in NAV2017.criteria] and all(a is not None for _, a in first.cells)


# -- editing a criteria set -----------------------------------------------------------------------------------


def test_editing_a_set_reports_what_the_ratings_lose_and_carries_renamed_ticks(nav):
    ind = NAV2017.criterion("styringsindikatorer")
    adm = NAV2017.criterion("administrasjon")
    renamed = replace(ind, subpoints=(ind.subpoints[0], "Virksomhetsplan", ind.subpoints[2]))
    widened = replace(adm, subpoints=(*adm.subpoints, "Kjøp og salg av tjenester"))
    edited = replace(NAV2017, criteria=tuple(
        renamed if c.key == ind.key else widened if c.key == adm.key else c for c in NAV2017.criteria if c.key != "ledermodell"))
    change = criteria_set_change(nav, edited, {"styringsindikatorer": {ind.subpoints[1]: "Virksomhetsplan"}})
    assert change.dropped == {"Vurdering av ledermodell": 21}
    assert change.reset == {"Administrasjon og prioriterte oppgaver": 21}
    after = changes.apply(nav, change.ops).register
    assert not [a for a in after.assessments if a.criterion == "ledermodell"]
    nes = {a.criterion: a for a in after.assessments if a.agreement == "nav-nes"}
    assert nes["styringsindikatorer"].subpoints_met == (ind.subpoints[0], "Virksomhetsplan", ind.subpoints[2])
    assert nes["administrasjon"].subpoints_met is None and nes["administrasjon"].rating == "delvis"
    arendal = next(a for a in after.assessments if (a.agreement, a.criterion) == ("nav-arendal", "administrasjon"))
    assert (arendal.rating, arendal.override_reason) == ("ikke_i_traad", None)
    # The counts of the criteria kept are what they were.
    assert [r.counts for r in summarize(after, "nav2017").rows] == [r.counts for r in summarize(nav, "nav2017").rows[:-1]]


def test_a_copy_with_its_ratings_is_a_new_round_that_leaves_the_old_ratings_as_they_were(nav):
    """«Ta med vurderingene»: the copy (a new yearly round) gets the ratings of the criteria it keeps, refitted as an
    edit's (ticks follow a renamed sub-point); the old set's ratings stay; one change, nothing reported lost."""
    ind = NAV2017.criterion("styringsindikatorer")
    renamed = replace(ind, subpoints=(ind.subpoints[0], "Virksomhetsplan", ind.subpoints[2]))
    copy = replace(NAV2017, key="nav2017-2018", title="NAV 2018",
                   criteria=tuple(renamed if c.key == ind.key else c for c in NAV2017.criteria if c.key != "ledermodell"))
    change = criteria_set_change(nav, copy, {"styringsindikatorer": {ind.subpoints[1]: "Virksomhetsplan"}}, ratings_from=NAV2017)
    assert not change.dropped and not change.reset
    after = changes.apply(nav, change.ops).register
    old = [a for a in nav.assessments if a.criteria_set == "nav2017"]
    assert [a for a in after.assessments if a.criteria_set == "nav2017"] == old
    copied = {(a.agreement, a.criterion): a for a in after.assessments if a.criteria_set == "nav2017-2018"}
    assert len(copied) == len(old) - 21 and not [k for k in copied if k[1] == "ledermodell"]
    was = next(a for a in old if (a.agreement, a.criterion) == ("nav-nes", "styringsindikatorer"))
    now = copied["nav-nes", "styringsindikatorer"]
    assert (now.rating, now.justification) == (was.rating, was.justification)
    assert now.subpoints_met == (ind.subpoints[0], "Virksomhetsplan", ind.subpoints[2])
    assert [r.counts for r in summarize(after, "nav2017-2018").rows] == [r.counts for r in summarize(nav, "nav2017").rows[:-1]]
    # Without ratings_from, the copy starts with none.
    assert criteria_set_change(nav, copy).ops == (changes.Put("criteria_sets", copy),)


def test_a_new_set_is_one_put():
    change = criteria_set_change(Register(), MODEL_AGREEMENT)
    assert change.ops == (changes.Put("criteria_sets", MODEL_AGREEMENT),) and not change.dropped and not change.reset


@pytest.mark.parametrize("given", [(True, False, False), (False, True, True), (True, True, False), (True, True, True), (False, False, True)])
def test_the_obligations_suggestion_is_what_ticking_the_same_parts_gives(demo, given):
    """Accepting the suggestion for «Partenes forpliktelser» and ticking the parts the register holds give one rating
    (DOMAIN §5: all met, in line; one missing, partly; more, not in line). Was: «Delvis» with two parts missing,
    where ticking the one part gives «Ikke i tråd», and the printed report said both."""
    from konsultasjon_app.domain.model import Obligations

    texts = [t if on else None for t, on in zip(("Felles.", "KS skal.", "Staten skal."), given)]
    agreement = replace(demo.agreement("skole"), obligations=Obligations(*texts))
    criterion = MODEL_AGREEMENT.criterion("forpliktelser")
    met = tuple(point for point, on in zip(criterion.subpoints, given) if on)
    assert suggest_model_agreement(agreement, demo)["forpliktelser"].rating == derive_rating(criterion.subpoints, met)


@pytest.mark.parametrize("own_end, at_meeting_3", [("2023-12-31", True), ("2023-06-30", False)])
def test_a_termination_without_notice_months_that_brings_the_agreement_back_in_force_counts_at_meeting_3(own_end, at_meeting_3):
    """Signed 2020, renewed to 31.12.2022; at meeting 2 of 2023 the parties terminate it, and with no notice period
    in months its own end date stands: in force from that meeting to then (rule TERMINATE). Evaluering's year filter
    and `evaluation --year` take it when that date reaches meeting 3 of 2023 (15.08.2023, provisional), as the plan
    gives it a status item there, and not when it ends before."""
    register = read_bundle({
        "format": "konsultasjon-bundle", "version": 1,
        "meetings": [{"year": 2023, "number": 2, "date": "2023-04-20"}],
        "agreements": [{"key": "x", "title": "Avtale X", "signed_date": "2020-01-10", "end_date": own_end, "notice_text": "rimelig varsel"}],
        "signings": [{"agreement": "x", "date": "2021-11-20", "end_date": "2022-12-31"}],
        "decisions": [{"agreement": "x", "meeting": {"year": 2023, "number": 2}, "decision": "terminate"}],
    }).register
    life = lifetimes(register)["x"]
    assert life.in_force(dt.date(2023, 4, 20)) and not life.in_force(dt.date(2023, 1, 1))
    keys = [a.key for a in filter_agreements(register, EvaluationFilter(year=2023))]
    assert keys == (["x"] if at_meeting_3 else [])
    assert set(keys) == _statuses(plan(register, 2023, 2023, dt.date(2023, 12, 31)), 2023)
