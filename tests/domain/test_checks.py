"""The model-agreement checks of one agreement (DOMAIN §4, `check_agreement`): one test per boundary the register
relies on, each against an agreement that is otherwise clean, so that the codes given are exactly the ones the
changed field calls for. The evaluation's suggestions (§5) read the same codes: where a check changes a suggestion,
the test says so too."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from konsultasjon_app.domain.checks import check_agreement
from konsultasjon_app.domain.evaluation import suggest_model_agreement
from konsultasjon_app.domain.model import Agreement, Obligations, Party, Register, Settings

D = dt.date

HDIR = Party("Hdir", "Helsedirektoratet", kind="directorate")
HOD = Party("HOD", "Helse- og omsorgsdepartementet", kind="ministry")
PARTIES = {p.key: p for p in (HDIR, HOD)}


def clean(**changes) -> Agreement:
    """An agreement that meets the model agreement on every point: purpose, all three obligations, economy with the
    Storting's reservation, an evaluation clause, an end date inside the 2005–2009 term, three months' notice, signed
    at the political level with a ministry as the state party."""
    a = Agreement(
        key="a",
        title="Avtale om kvalitet i pleie- og omsorgstjenestene",
        state_parties=("HOD",),
        ks_signatory_level="political",
        signed_date=D(2005, 11, 10),
        end_date=D(2008, 6, 30),
        notice_months=3,
        purpose="Bedre kvalitet i tjenestene.",
        obligations=Obligations("Felles innsats", "KS bidrar", "Staten bidrar"),
        economy_text="Staten kompenserer 5 mill.",
        storting_reservation=True,
        evaluation_clause="Avtalen skal evalueres.",
    )
    return dataclasses.replace(a, **changes)


def codes(a: Agreement) -> list[str]:
    return [w.code for w in check_agreement(a, Settings(), PARTIES, ())]


def suggestion(a: Agreement, criterion: str) -> str:
    return suggest_model_agreement(a, Register(agreements=(a,), parties=tuple(PARTIES.values())))[criterion].rating


def test_the_clean_agreement_gives_no_warning():
    assert codes(clean()) == []


# -- economy-without-reservation ---------------------------------------------------------------------------


@pytest.mark.parametrize("reservation, warned", [(True, False), (False, True), (None, True)],
                         ids=["reservation-stated", "reservation-refused", "reservation-not-stated"])
def test_economy_needs_the_storting_reservation_stated(reservation, warned):
    """§4: compensation must be "subject to the Storting's appropriation". The register's default is null (not
    stated): an agreement that says nothing about the reservation has none, and is warned about like a refusal."""
    a = clean(storting_reservation=reservation)
    assert codes(a) == (["economy-without-reservation"] if warned else [])
    assert suggestion(a, "okonomi") == ("delvis" if warned else "i_traad")


def test_no_economy_text_needs_no_reservation():
    assert codes(clean(economy_text=None, storting_reservation=None)) == []
    assert codes(clean(economy_text="  ", storting_reservation=None)) == []


# -- beyond-term and its exception ------------------------------------------------------------------------


def test_beyond_term_is_given_without_a_term_exception():
    # Signed in the 2005–2009 term, runs to 2011: past the term's end (30.09.2009).
    assert codes(clean(end_date=D(2011, 12, 31))) == ["beyond-term"]


def test_a_term_exception_silences_beyond_term_in_check():
    """TERM-LIMIT: with a `term_exception` recorded (e.g. a five-year programme) `beyond-term` is not given; the
    planner shows `beyond-term-accepted` instead, and `check` gives nothing."""
    a = clean(end_date=D(2011, 12, 31), term_exception="femårig program")
    assert codes(a) == []
    assert suggestion(a, "varighet") == "i_traad"


# -- no-notice-period -------------------------------------------------------------------------------------


def test_a_notice_period_given_as_text_is_a_notice_period():
    """§4: the notice period is months, "or the text when it is vague": «rimeleg førehandsvarsling» is one."""
    a = clean(notice_months=None, notice_text="rimeleg førehandsvarsling")
    assert codes(a) == []
    assert suggestion(a, "varighet") == "i_traad"


@pytest.mark.parametrize("text", [None, "", "   "], ids=["null", "empty", "blank"])
def test_no_notice_months_and_no_text_is_no_notice_period(text):
    assert codes(clean(notice_months=None, notice_text=text)) == ["no-notice-period"]


# -- administrative-signatory -----------------------------------------------------------------------------


def test_a_directorate_as_state_party_is_an_administrative_signatory():
    """§4: the agreement should be signed by the KS leader and the ministers concerned. A directorate as state
    party means it was not, however the KS side signed."""
    a = clean(state_parties=("Hdir",), ks_signatory_level="political")
    warnings = check_agreement(a, Settings(), PARTIES, ())
    assert [w.code for w in warnings] == ["administrative-signatory"]
    assert "direktorat (Hdir)" in warnings[0].message
    assert suggestion(a, "underskrifter") == "ikke_i_traad"


def test_a_ministry_with_a_directorate_still_warns_and_a_ministry_alone_does_not():
    assert codes(clean(state_parties=("HOD", "Hdir"))) == ["administrative-signatory"]
    assert codes(clean(state_parties=("HOD",))) == []


def test_administrative_ks_level_is_an_administrative_signatory():
    warnings = check_agreement(clean(ks_signatory_level="administrative"), Settings(), PARTIES, ())
    assert [w.code for w in warnings] == ["administrative-signatory"]
    assert "administrativt nivå" in warnings[0].message
