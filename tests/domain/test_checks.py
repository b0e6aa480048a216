"""The model-agreement checks of one agreement (DOMAIN §4, `check_agreement`): one test per boundary the register
relies on, each against an agreement that is otherwise clean, so that the codes given are exactly the ones the
changed field calls for. The evaluation's suggestions (§5) read the same codes: where a check changes a suggestion,
the test says so too."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from konsultasjon_app.domain.checks import check_agreement, distinct_parties, parties_to_add, party_index
from konsultasjon_app.domain.evaluation import Suggestion, suggest_model_agreement
from konsultasjon_app.domain.model import Agreement, Obligations, Party, Register, Settings, Signatory

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


# -- administrative-signatory: who signed (rule 34) -------------------------------------------------------------

AID = Party("AID", "Arbeids- og inkluderingsdepartementet", former_names=("Arbeids- og sosialdepartementet (ASD)",))
JD = Party("JD", "Justis- og beredskapsdepartementet", former_names=("Justis- og politidepartementet (JD)",))
KDD = Party("KDD", "Kommunal- og distriktsdepartementet", former_names=("Kommunal- og regionaldepartementet (KRD)",))
KS = Party("KS", "KS – kommunesektorens organisasjon", kind="other", former_names=("Kommunenes Sentralforbund (KS)",))
MORE = (AID, HOD, JD, KDD, HDIR, KS)


def bostedsloshet(*signatories: tuple[str, str, str], **changes) -> Agreement:
    """The 2006 bostedsløshet agreement: four ministries (KRD as it was then called) and KS, political level."""
    return clean(**{"state_parties": ("AID", "HOD", "JD", "KRD"), "other_parties": ("KS",),
                    "signatories": tuple(Signatory(*s) for s in signatories), **changes})


def signatory_warning(a: Agreement) -> str | None:
    found = [w.message for w in check_agreement(a, Settings(), party_index(MORE), ()) if w.code == "administrative-signatory"]
    return found[0] if found else None


def signatures(a: Agreement):
    return suggest_model_agreement(a, Register(agreements=(a,), parties=MORE)).get("underskrifter")


ALL_SIGNED = (("Bjarne Håkon Hansen", "arbeids- og inkluderingsminister", "AID"),
              ("Sylvia Brustad", "statsråd", "Helse- og omsorgsdepartementet"),  # by its name
              ("Knut Storberget", "statsråd", "JD"),
              ("Åslaug Haga", "kommunal- og regionalminister", "KDD"),  # KRD's present key
              ("Halvdan Skard", "leder", "KS"))


def test_a_state_secretary_and_a_director_are_not_the_ministers_and_the_ks_leader():
    """The audit's case: signed for the state by one state secretary of AID and for KS by its director, the KS
    level left at "political". Every ministry is named that has no minister among the signatories, and KS' leader;
    Evaluering suggests «Ikke i tråd» on the same words, not «I tråd» from the KS level."""
    a = bostedsloshet(("Ola Nordmann", "statssekretær", "AID"), ("Kari Hansen", "administrerende direktør", "KS"))
    message = ("Ikke undertegnet av KS' leder og berørte statsråder: ingen statsråd har undertegnet for AID, HOD, JD og KRD; "
               "KS' leder har ikke undertegnet")
    assert codes(a) == ["administrative-signatory"] and signatory_warning(a) == message
    assert signatures(a) == Suggestion("ikke_i_traad", message + ".")


def test_the_ministers_of_every_ministry_and_the_ks_leader_give_no_warning_and_in_line():
    """A signatory's party resolves as the register's parties do: by key, former abbreviation or name."""
    a = bostedsloshet(*ALL_SIGNED)
    assert signatory_warning(a) is None
    assert signatures(a) == Suggestion("i_traad", "KS' leder og statsrådene for AID, HOD, JD og KRD har undertegnet.")


def test_one_ministry_without_its_minister_is_named_alone():
    a = bostedsloshet(*(s for s in ALL_SIGNED if s[2] != "JD"))
    assert signatory_warning(a).endswith(": ingen statsråd har undertegnet for JD")
    # A minister signing for another ministry does not sign for JD.
    a = bostedsloshet(ALL_SIGNED[0], ("Knut Storberget", "statsråd", "HOD"), ALL_SIGNED[-1], state_parties=("AID", "JD"))
    assert signatory_warning(a).endswith(": ingen statsråd har undertegnet for JD")


def test_no_signatories_recorded_says_nothing_of_who_signed():
    """Three of the audit's four agreements were entered without signatories: the register cannot tell who signed,
    so there is no warning, and no suggestion either ("political" as the KS level says nothing of the ministers)."""
    a = bostedsloshet()
    assert signatory_warning(a) is None
    assert signatures(a) is None


@pytest.mark.parametrize("role, leads", [("leder", True), ("styreleder", True), ("KS-leder", True), ("Leder", True),
                                         ("nestleder", False), ("administrerende direktør", False),
                                         ("avdelingsleder", False), ("direktør", False)])
def test_only_the_leader_signs_for_ks(role, leads):
    a = bostedsloshet(*ALL_SIGNED[:-1], ("Halvdan Skard", role, "KS"))
    assert signatory_warning(a) == (None if leads else "Ikke undertegnet av KS' leder og berørte statsråder: KS' leder har ikke undertegnet")


@pytest.mark.parametrize("role, minister", [("statsråd", True), ("Statsråd", True), ("helse- og omsorgsminister", True),
                                            ("statssekretær", False), ("politisk rådgiver", False), ("ekspedisjonssjef", False)])
def test_only_a_minister_signs_for_a_ministry(role, minister):
    a = clean(other_parties=("KS",), signatories=(Signatory("Sylvia Brustad", role, "HOD"), Signatory("Halvdan Skard", "leder", "KS")))
    assert signatory_warning(a) == (None if minister else "Ikke undertegnet av KS' leder og berørte statsråder: ingen statsråd har undertegnet for HOD")
    assert signatures(a).rating == ("i_traad" if minister else "ikke_i_traad")


def test_the_earlier_reasons_stay_and_the_ks_leader_is_not_said_twice():
    """At the administrative level, that reason already says KS' leader did not sign; a directorate party is still
    named, and a ministry beside it still needs its minister."""
    a = bostedsloshet(("Kari Hansen", "administrerende direktør", "KS"), ks_signatory_level="administrative",
                      state_parties=("HOD",))
    assert signatory_warning(a).endswith(": inngått på administrativt nivå; ingen statsråd har undertegnet for HOD")
    a = bostedsloshet(("Sylvia Brustad", "statsråd", "HOD"), ("Halvdan Skard", "leder", "KS"), state_parties=("HOD", "Hdir"))
    assert signatory_warning(a).endswith(": part er direktorat (Hdir)")


def test_without_ks_as_a_party_only_the_ministers_are_asked_for():
    a = clean(signatories=(Signatory("Sylvia Brustad", "statsråd", "HOD"),))
    assert signatory_warning(a) is None
    assert signatures(a) == Suggestion("i_traad", "Statsråden for HOD har undertegnet.")


def test_a_signatory_for_a_party_by_its_former_name_signed_for_it():
    """Signatories written as the signed PDF has them: the ministry's and KS' names of the time. The party list
    keeps them as former names; was: not looked up by name (only by the abbreviation in parentheses), so the
    ministers and KS' leader who signed were said not to have."""
    a = bostedsloshet(
        ("A", "statsråd", "Arbeids- og inkluderingsdepartementet"), ("B", "statsråd", "Helse- og omsorgsdepartementet"),
        ("C", "statsråd", "Justis- og politidepartementet"), ("D", "statsråd", "Kommunal- og regionaldepartementet"),
        ("E", "leder", "Kommunenes Sentralforbund"),
    )
    assert signatory_warning(a) is None
    index = party_index(MORE)
    assert index["Kommunal- og regionaldepartementet"] is KDD and index["Kommunenes Sentralforbund"] is KS
    assert index["Justis- og beredskapsdepartementet"] is JD and index["KRD"] is KDD  # names and abbreviations as before


def test_a_signatory_for_a_party_written_in_other_case_and_ks_styreleder_signed():
    """«hod», «Ks» typed in the signatories' Part column, and «KS-styreleder» as the KS leader's role, are the party
    and the leader (audit of the command line: the check said they had not signed)."""
    a = bostedsloshet(
        ("A", "statsråd", "aid"), ("B", "statsråd", "hod"), ("C", "statsråd", "Jd"), ("D", "statsråd", "krd"),
        ("E", "KS-styreleder", "Ks"),
    )
    assert signatory_warning(a) is None
    assert signatory_warning(bostedsloshet(("A", "statsråd", "aid"), ("B", "statsråd", "hod"), ("C", "statsråd", "Jd"),
                                           ("D", "statsråd", "krd"), ("E", "KS-nestleder", "Ks"))) == (
        "Ikke undertegnet av KS' leder og berørte statsråder: KS' leder har ikke undertegnet")


@pytest.mark.parametrize("role", ["statssekretær for statsråden", "statssekretær", "på vegne av statsråden", "for statsråd"])
def test_someone_signing_for_the_minister_is_not_the_minister(role):
    """«statssekretær for statsråden» named the minister and counted as one (audit of the command line)."""
    a = bostedsloshet(("A", "statsråd", "AID"), ("B", role, "HOD"), ("C", "statsråd", "JD"), ("D", "statsråd", "KRD"), ("E", "leder", "KS"))
    assert signatory_warning(a) == "Ikke undertegnet av KS' leder og berørte statsråder: ingen statsråd har undertegnet for HOD"
    assert signatory_warning(bostedsloshet(("A", "statsråd", "AID"), ("B", "helse- og omsorgsminister", "HOD"), ("C", "statsråd for JD", "JD"),
                                           ("D", "kommunal- og regionalminister", "KRD"), ("E", "leder", "KS"))) is None


def test_a_party_spelt_again_case_and_spaces_aside_is_kept_once_as_first_spelt():
    """What the store reads an older register's lists by: the bundle reader refuses these repeats."""
    assert distinct_parties(["BLD", "KS", "bld", " BLD ", "Ks", "Udir", "UDI"]) == ("BLD", "KS", "Udir", "UDI")
    assert distinct_parties(["Kulturdepartementet", "Kulturdepartementet".upper(), "Sametinget"]) == ("Kulturdepartementet", "Sametinget")
    assert distinct_parties(["Nærings- og fiskeridepartementet", "Nærings- og fiskeridepartementet".replace("æ", "Æ")]) == ("Nærings- og fiskeridepartementet",)
    assert distinct_parties(["Språkrådet", "Spra\u030akrådet"]) == ("Språkrådet",)
    assert distinct_parties(("KS",)) == ("KS",) and distinct_parties(()) == ()


def test_the_parties_to_add_are_those_not_in_the_list_under_any_spelling_each_once():
    """The import and the agreement form ask the same: «krd» is KDD (its former name), «ks» and «Ks» are KS, and a new
    party spelt «Digdir» and «digdir» is added once, as first spelt, its kind guessed from the side."""
    named = [("state", "krd"), ("state", "Digdir"), ("other", "ks"), ("state", "digdir"), ("other", "KS"), ("state", "Ks"),
             ("other", "Fagforbundet"), ("state", "KUD")]
    assert parties_to_add(party_index(MORE), named) == [
        Party("Digdir", "Digdir", "directorate"), Party("Fagforbundet", "Fagforbundet", "other"), Party("KUD", "KUD", "ministry")]
    assert parties_to_add(party_index(MORE), []) == []
