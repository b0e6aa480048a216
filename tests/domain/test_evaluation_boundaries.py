"""Evaluation (DOMAIN §5) at its edges: the summary's share column, the summary of a filter that lets no agreement
through, and the model-agreement suggestion for an evaluation clause that says "annually" only in its text."""

from __future__ import annotations

import pytest

from konsultasjon_app.domain.evaluation import (
    EvaluationFilter,
    evaluation_report,
    suggest_model_agreement,
    summarize,
    summary_to_json,
    summary_to_text,
)
from konsultasjon_app.domain.model import Agreement, Assessment, CriteriaSet, Criterion, Register

SET = CriteriaSet("s", "Sett", (Criterion("c1", "Kriterium 1"), Criterion("c2", "Kriterium 2")))


def rated_register(ratings_c1: dict[str, str], ratings_c2: dict[str, str] | None = None, **agreement_fields) -> Register:
    """Consultation agreements a, b, c, … rated on the set's two criteria (a key left out is not rated on it)."""
    keys = sorted(set(ratings_c1) | set(ratings_c2 or {}))
    assessments = [Assessment(k, "s", "c1", r) for k, r in ratings_c1.items()]
    assessments += [Assessment(k, "s", "c2", r) for k, r in (ratings_c2 or {}).items()]
    return Register(
        agreements=tuple(Agreement(k, f"Avtale {k.upper()}", category="consultation", **agreement_fields) for k in keys),
        criteria_sets=(SET,),
        assessments=tuple(assessments),
    )


def text_line(text: str, title: str) -> list[str]:
    (line,) = [ln for ln in text.splitlines() if ln.startswith(title)]
    return line[len(title):].split()


# -- "Andel i tråd" -----------------------------------------------------------------------------------------


def test_share_in_line_counts_only_the_judged_ratings():
    """The share column is i tråd among i tråd, delvis and ikke i tråd: an agreement rated not relevant, or not
    assessed, is not in the denominator (the column is printed in the text, PDF and xlsx summaries)."""
    reg = rated_register(
        {"a": "i_traad", "b": "ikke_relevant", "c": "ikke_i_traad", "d": "ikke_vurdert"},
        {"a": "i_traad", "b": "delvis", "c": "ikke_relevant"},  # d is not rated on c2: not assessed
    )
    c1, c2 = summarize(reg, "s").rows
    assert c1.share_in_line == pytest.approx(1 / 2)
    assert c2.share_in_line == pytest.approx(1 / 2)
    text = summary_to_text(summarize(reg, "s"))
    # i tråd, delvis, ikke i tråd, ikke relevant, ikke vurdert, andel
    assert text_line(text, "Kriterium 1") == ["1", "0", "1", "1", "1", "50", "%"]
    assert text_line(text, "Kriterium 2") == ["1", "1", "0", "1", "1", "50", "%"]


def test_share_in_line_is_a_dash_when_nothing_was_judged():
    reg = rated_register({"a": "ikke_relevant", "b": "ikke_vurdert"})
    row = summarize(reg, "s").rows[0]
    assert row.share_in_line is None
    assert text_line(summary_to_text(summarize(reg, "s")), "Kriterium 1")[-1] == "–"


# -- a filter that lets nothing through -----------------------------------------------------------------------


@pytest.mark.parametrize("flt", [EvaluationFilter(category="other"), EvaluationFilter(year=1990),
                                 EvaluationFilter(state_party="HOD")], ids=["category", "year", "state-party"])
def test_a_filter_that_lets_no_agreement_through_summarizes_none(flt):
    """The printed and exported summary under a filter counts the agreements in scope: when none are (category
    «andre avtaler» in a register of consultation agreements, a year before any began, a party no agreement has),
    the summary is of no agreements, not of the whole register."""
    reg = rated_register({"a": "i_traad", "b": "ikke_relevant", "c": "ikke_i_traad"})
    report = evaluation_report(reg, "s", flt)
    assert report.rated == () and report.unrated == ()
    assert report.summary.agreements == ()
    assert all(set(row.counts.values()) == {0} for row in report.summary.rows)
    assert summary_to_json(report.summary)["agreements"] == 0
    assert summary_to_text(report.summary).startswith("Sett (s): 0 avtaler vurdert\n")


def test_an_empty_set_of_agreements_to_summarize_is_not_all_of_them():
    reg = rated_register({"a": "i_traad", "b": "ikke_i_traad"})
    assert summarize(reg, "s", only=set()).agreements == ()
    assert summarize(reg, "s", only={"a"}).agreements == ("a",)
    assert summarize(reg, "s", only=None).agreements == ("a", "b")


def test_a_filter_that_lets_some_through_summarizes_those():
    reg = rated_register({"a": "i_traad", "b": "ikke_i_traad"})
    reg = Register(
        agreements=(reg.agreements[0], Agreement("b", "Avtale B", category="other")),
        criteria_sets=reg.criteria_sets,
        assessments=reg.assessments,
    )
    report = evaluation_report(reg, "s", EvaluationFilter(category="other"))
    assert report.summary.agreements == ("b",)
    assert report.summary.rows[0].counts["ikke_i_traad"] == 1 and report.summary.rows[0].counts["i_traad"] == 0


# -- the suggestion for "evaluering" ----------------------------------------------------------------------------


@pytest.mark.parametrize("clause, rating", [
    ("Avtalen evalueres årlig på 3. konsultasjonsmøte.", "i_traad"),
    ("Avtalen skal evalueres hvert år.", "i_traad"),
    ("Avtalen skal vurderes på 3. konsultasjonsmøte.", "i_traad"),
    ("Avtalen skal vurderes i konsultasjonssammenheng.", "delvis"),
], ids=["aarlig-paa-3-moete", "hvert-aar", "3-moete", "not-annual"])
def test_an_evaluation_clause_saying_annually_is_in_line_without_the_annual_box(clause, rating):
    """The model agreement asks for an annual evaluation at meeting 3. The clause text says so («årlig», «hvert år»,
    «3. konsultasjonsmøte») even when the register's yes/no field for it is left empty (null)."""
    a = Agreement("a", "A", evaluation_clause=clause, evaluation_annual=None)
    assert suggest_model_agreement(a, Register(agreements=(a,)))["evaluering"].rating == rating


def test_the_annual_box_alone_is_in_line():
    a = Agreement("a", "A", evaluation_clause="Avtalen skal vurderes i konsultasjonssammenheng.", evaluation_annual=True)
    assert suggest_model_agreement(a, Register(agreements=(a,)))["evaluering"].rating == "i_traad"


def test_a_share_of_exactly_a_half_percent_is_rounded_up_as_the_workbook_shows_it():
    """5 of 8 in line: the window, PDF and command line said 62 %, the workbook (formatted "0 %") 63 %."""
    from konsultasjon_app.domain.evaluation import format_share

    assert [format_share(s) for s in (5 / 8, 0.285, 1 / 3, 2 / 3, 0.0, 1.0, None)] == ["63 %", "29 %", "33 %", "67 %", "0 %", "100 %", "–"]
