"""One record checked by the bundle reader's own rules, as the command path checks every record it writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from konsultasjon_app.domain import bundle
from konsultasjon_app.domain.model import (
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
    Register,
    Settings,
    Signing,
)
from konsultasjon_app.domain.problems import InvalidInput
from konsultasjon_app.domain.validation import new_problems, record_problems, written_problems

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "nav2017-assessments.json"
WORD = "Første linje\x0bandre linje"  # Word's Shift+Enter
M2 = MeetingRef(2006, 2)


def test_every_record_of_a_sound_register_passes(demo_bundle_path):
    register = bundle.read_bundle(bundle.loads(demo_bundle_path.read_bytes())).register
    rated = bundle.read_bundle(bundle.loads(FIXTURE.read_bytes()), existing=register).register
    for source in (register, rated):
        for kind in ("governments", "meetings", "agreements", "decisions", "signings", "criteria_sets", "assessments", "deviations", "agenda"):
            for record in getattr(source, kind):
                assert record_problems(kind, record, rated) == [], (kind, record)
    assert record_problems("settings", register.settings) == []


VT = ("U+000B, Word's manual line break", "U+000B, linjeskift fra Word")
FF = ("U+000C, page break", "U+000C, sideskift")


@pytest.mark.parametrize(("kind", "record", "path", "char", "at"), [
    ("assessments", Assessment("nav", "nav2017", "k2", "i_traad", WORD), "assessments[nav@nav2017/k2].justification", VT, 13),
    ("deviations", Deviation("review", "nav", M2, MeetingRef(2006, 3), None, WORD), "deviations[review:nav@2006/2].reason", VT, 13),
    ("decisions", Decision("nav", M2, "continue", WORD), "decisions[nav@2006/2].note", VT, 13),
    ("agenda", AgendaEntry(M2, "review", "nav", minutes=WORD), "agenda[review:nav@2006/2].minutes", VT, 13),
    ("meetings", Meeting(2006, 2, dt.date(2006, 4, 26), notes="a\x0cb"), "meetings[2006/2].notes", FF, 2),
    ("agreements", Agreement("nav", "NAV", purpose="a\x0cb"), "agreements[nav].purpose", FF, 2),
    ("criteria_sets", CriteriaSet("k", "Kriterier", (Criterion("a", "A", "a\x0bb"),)), "criteria_sets[k].criteria[0].description", VT, 2),
    ("governments", Government("Stoltenberg\x0bII", dt.date(2005, 10, 17)), "governments[2005-10-17].name", VT, 12),
])
def test_a_control_character_is_refused_naming_the_record_and_the_field(kind, record, path, char, at):
    """The record and field, then which character and where: in a long text pasted from Word it is invisible."""
    [problem] = record_problems(kind, record)
    assert (problem.path, problem.code) == (path, "control-chars")
    assert problem.message == f"{path}: contains a control character ({char[0]}) at character {at}"
    assert problem.message_nb == f"{path}: inneholder et kontrolltegn ({char[1]}) ved tegn {at}"


def test_lengths_choices_and_dates_are_the_readers():
    [long] = record_problems("agenda", AgendaEntry(M2, "scope", None, minutes="x" * (bundle.TEXT_LIMIT + 1)))
    assert (long.field, long.code) == ("minutes", "too-long")
    assert "høyst 20000 tegn" in long.message_nb
    [choice] = record_problems("decisions", Decision("nav", M2, "kanskje"))
    assert (choice.field, choice.code) == ("decision", "bad-choice")
    [year] = record_problems("signings", Signing("nav", dt.date(1899, 6, 1)))
    assert (year.field, year.code) == ("date", "out-of-range")
    [settings] = record_problems("settings", Settings(first_election_year=1800))
    assert (settings.path, settings.code) == ("settings.first_election_year", "out-of-range")
    assert record_problems("parties", object()) == []  # the user's own list: not in a bundle, no rules there


def test_ticks_are_checked_against_the_criterion_in_the_register():
    register = Register(criteria_sets=(CriteriaSet("k", "K", (Criterion("a", "A", None, ("x", "y")),)),))
    ticked = Assessment("nav", "k", "a", "i_traad", None, ("x", "z"))
    [problem] = record_problems("assessments", ticked, register)
    assert (problem.field, problem.code) == ("subpoints_met", "unknown-subpoint")


def test_only_what_a_change_brings_is_refused():
    """A text an older version let in, in a field the change leaves as it was, does not hold up the change (a
    decision in a meeting); the change's own text is refused, and so is every problem of a new record."""
    old = Assessment("nav", "nav2017", "k2", "delvis", WORD)
    assert new_problems("assessments", old, replace(old, rating="i_traad")) == []
    assert [p.field for p in new_problems("assessments", old, replace(old, justification=WORD + "\x0c"))] == ["justification"]
    assert [p.field for p in new_problems("assessments", None, old)] == ["justification"]
    # An end date before the start date is a problem of end_date, though only the start date changed.
    agreement = Agreement("nav", "NAV", start_date=dt.date(2006, 1, 1), end_date=dt.date(2008, 1, 1))
    assert [p.code for p in new_problems("agreements", agreement, replace(agreement, start_date=dt.date(2009, 1, 1)))] == ["end-before"]
    effects = [("assessments", None, old, replace(old, rating="i_traad")), ("decisions", None, None, Decision("nav", M2, "continue", WORD)),
               ("assessments", None, old, None)]  # a delete writes nothing
    assert [p.path for p in written_problems(effects, Register())] == ["decisions[nav@2006/2].note"]


def test_a_party_named_twice_in_one_list_is_refused_on_the_command_path_naming_the_agreement_and_field():
    """The command path refuses what an import refuses: «KRD» and « krd » in one list are one party named twice
    (an export of it could not be imported again)."""
    agreement = Agreement("nav", "NAV", state_parties=("KRD", "BLD", " krd "))
    effects = [("agreements", "nav", None, agreement)]
    found = written_problems(effects, Register())
    assert [(p.path, p.code) for p in found] == [("agreements[nav].state_parties[2]", "duplicate")]
    assert "agreements[nav].state_parties[0]" in found[0].body(norwegian=False)
    other = replace(agreement, state_parties=(), other_parties=("KS", "ks"))
    assert [p.path for p in new_problems("agreements", agreement, other)] == ["agreements[nav].other_parties[1]"]


def test_a_record_moved_under_a_new_identity_keeps_what_it_had_let_through():
    """Flytt sak moves an item by deleting it at one meeting and putting it at another: a protokoll note an older
    version let in (Word's line break) held up the move, "agenda[own:eventuelt@2006/4].minutes: inneholder
    kontrolltegn", at every try. What the moved record brings that the old one did not have is still refused."""
    from konsultasjon_app.domain.model import AgendaEntry, MeetingRef

    old = AgendaEntry(MeetingRef(2006, 3), "own", key="eventuelt", title="Eventuelt", minutes="Innspill:\x0bse notatet")
    moved = replace(old, meeting=MeetingRef(2006, 4))
    effects = [("agenda", None, old, None), ("agenda", None, None, moved)]
    assert written_problems(effects, Register()) == []
    worse = replace(moved, title="Eventuelt\x0c")
    assert {p.path for p in written_problems([("agenda", None, old, None), ("agenda", None, None, worse)], Register())} == {
        "agenda[own:eventuelt@2006/4].title"}
    assert [p.field for p in written_problems([("agenda", None, None, moved)], Register())] == ["minutes"]  # a new one alone


@given(st.text(max_size=40))
def test_a_text_passes_exactly_when_the_import_of_its_export_takes_it(text):
    """import ∘ export is the identity (DOMAIN §6): what the check lets in, the bundle brings back."""
    register = Register(
        agreements=(Agreement("nav", "NAV"),),
        decisions=(Decision("nav", M2, "continue", text),),
        agenda=(AgendaEntry(M2, "review", "nav", background=text),),
    )
    found = record_problems("decisions", register.decisions[0]) + record_problems("agenda", register.agenda[0])
    try:
        again = bundle.read_bundle(bundle.loads(bundle.dumps(register))).register
    except InvalidInput:
        assert found
    else:
        assert not found and again == register
