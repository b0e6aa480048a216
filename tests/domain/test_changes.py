"""Commands as operations: applying the inverse gives the register back; what changed is reported."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc

from hypothesis import given, settings
from hypothesis import strategies as st

from konsultasjon_app.domain.changes import Delete, Put, PutSettings, RenameAgreement, apply, difference, merge_ops, replacing
from konsultasjon_app.domain.model import (
    RECORD_KINDS,
    Agreement,
    Assessment,
    Attachment,
    CriteriaSet,
    Criterion,
    Decision,
    MeetingRef,
    Party,
    Register,
    Settings,
    Signing,
)

KEYS = ["a", "b", "c", "d"]


def base_register() -> Register:
    return Register(
        agreements=(Agreement("a", "Avtale A"), Agreement("b", "Avtale B", signed_date=dt.date(2005, 9, 15))),
        decisions=(Decision("a", MeetingRef(2006, 2), "continue"),),
        signings=(Signing("b", dt.date(2006, 8, 30)),),
        criteria_sets=(CriteriaSet("s", "Sett", (Criterion("k1", "K1"), Criterion("k2", "K2"))),),
        assessments=(Assessment("a", "s", "k1", "delvis"),),
    )


def as_sets(register: Register) -> dict:
    """A register's content regardless of order (undoing a delete puts the record back at the end)."""
    return {kind: frozenset(getattr(register, kind)) for kind in ("agreements", "decisions", "signings", "criteria_sets", "assessments", "deviations")} | {
        "settings": register.settings
    }


ops_strategy = st.lists(
    st.one_of(
        st.builds(lambda k, t: Put("agreements", Agreement(k, t)), st.sampled_from(KEYS), st.sampled_from(["X", "Y"])),
        st.builds(lambda k: Delete("agreements", k), st.sampled_from(KEYS)),
        st.builds(lambda k, n, d: Put("decisions", Decision(k, MeetingRef(2006, n), d)), st.sampled_from(["a", "b"]), st.integers(1, 4), st.sampled_from(["continue", "terminate"])),
        st.builds(lambda k: Delete("criteria_sets", k), st.just("s")),
        st.builds(lambda r: PutSettings(Settings(resign_on_every_continue=r)), st.booleans()),
    ),
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(ops_strategy)
def test_inverse_restores_the_register(ops):
    before = base_register()
    done = apply(before, ops)
    undone = apply(done.register, done.inverse)
    assert as_sets(undone.register) == as_sets(before)
    redone = apply(undone.register, ops)
    assert as_sets(redone.register) == as_sets(done.register)


@settings(max_examples=150, deadline=None)
@given(ops_strategy)
def test_the_difference_of_two_registers_says_what_the_command_between_them_changed(ops):
    """A read-only window reads the register again after another program's command: it tells its views what
    differs, which is what the command itself touched (less what came back as it was)."""
    before = base_register()
    done = apply(before, ops)
    found = difference(before, done.register)
    assert (found.kinds, found.agreements, found.settings, found.everything) == differing(before, done.register)
    assert found.kinds <= done.changed.kinds and found.agreements <= done.changed.agreements


def differing(before: Register, after: Register) -> tuple[set[str], set[str], bool, bool]:
    """What a view must be told differs, worked out record by record: the kinds whose records (or their order)
    differ; the agreements whose own record, or any record about them, is not the same; the settings."""
    kinds = {kind for kind in RECORD_KINDS if list(getattr(before, kind)) != list(getattr(after, kind))}

    def about(register: Register, key: str) -> set:
        return {(kind, record) for kind in RECORD_KINDS for record in getattr(register, kind)
                if (record.key if kind == "agreements" else getattr(record, "agreement", None)) == key}

    keys = {a.key for a in before.agreements + after.agreements}
    keys |= {r.agreement for kind in RECORD_KINDS for r in getattr(before, kind) + getattr(after, kind) if getattr(r, "agreement", None)}
    return kinds, {key for key in keys if about(before, key) != about(after, key)}, before.settings != after.settings, False


def test_the_same_records_in_another_order_are_a_change_of_that_kind_and_of_no_agreement():
    """The order is the register's (the table's rows, an agenda's items): the views of that kind are told, to show
    the new order; no agreement is named, for none of them, nor anything about them, changed (a view that keeps the
    user's place by the agreements named has nothing to look for)."""
    before = base_register()
    after = dataclasses.replace(before, agreements=before.agreements[::-1])
    found = difference(before, after)
    assert (found.kinds, found.agreements, found.settings, found.everything) == ({"agreements"}, set(), False, False)
    assert differing(before, after) == ({"agreements"}, set(), False, False)


def test_deleting_an_agreement_takes_what_refers_to_it_and_undo_brings_it_back():
    before = base_register()
    done = apply(before, [Delete("agreements", "a")])
    assert done.register.agreement("a") is None
    assert done.register.decisions == ()
    assert done.register.assessments == ()
    assert done.changed.agreements == {"a"}
    assert as_sets(apply(done.register, done.inverse).register) == as_sets(before)


def test_a_change_leaves_nothing_for_the_cyclic_garbage_collector():
    """Its working copy of the register is freed when the change is done: left in a reference cycle, every change
    in meeting mode left a copy's worth of dicts and identity tuples, and full collections came every few keys."""
    before = base_register()
    gc.collect()
    gc.disable()
    try:
        done = apply(before, [Put("agreements", Agreement("b", "Avtale B")), Delete("agreements", "a")])
        apply(done.register, done.inverse)
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_putting_an_equal_record_changes_nothing():
    before = base_register()
    done = apply(before, [Put("agreements", Agreement("a", "Avtale A"))])
    assert done.effects == ()
    assert done.inverse == ()


def test_rename_moves_references_and_is_undone_by_the_reverse_rename():
    before = base_register()
    done = apply(before, [RenameAgreement("a", "a2")])
    assert [a.key for a in done.register.agreements] == ["a2", "b"]
    assert done.register.decisions[0].agreement == "a2"
    assert done.register.assessments[0].agreement == "a2"
    assert apply(done.register, done.inverse).register == before


def test_replace_all_keeps_the_party_list():
    from dataclasses import replace

    kept = Attachment("a", "a-1.pdf", "Signert.pdf", dt.date(2006, 9, 1))
    gone = Attachment("b", "b-1.pdf", "Signert.pdf", dt.date(2006, 9, 1))
    before = replace(base_register(), parties=(Party("HOD", "Helse- og omsorgsdepartementet"),), attachments=(kept, gone))
    new = Register(agreements=(Agreement("z", "Z"), Agreement("a", "Avtale A")))
    done = apply(before, [replacing(before, new)])
    assert [a.key for a in done.register.agreements] == ["z", "a"]
    assert done.register.parties == before.parties
    assert done.register.attachments == (kept,)  # the files of the agreements that remain
    assert done.changed.everything
    assert apply(done.register, done.inverse).register == before


def test_merge_reports_new_changed_and_unchanged():
    stored = base_register()
    incoming = Register(agreements=(Agreement("a", "Avtale A"), Agreement("b", "Nytt navn"), Agreement("c", "C")))
    ops, report = merge_ops(stored, incoming, with_settings=False)
    assert report.new == {"agreements": ["c"]}
    assert report.changed == {"agreements": ["b"]}
    assert report.unchanged == {"agreements": 1}
    assert [op.record.key for op in ops] == ["b", "c"]


def test_a_replacement_names_every_record_it_removes_and_the_attachments_that_go():
    from konsultasjon_app.domain.changes import replace_report

    before = Register(
        agreements=(Agreement("a", "A"), Agreement("b", "B")),
        decisions=(Decision("a", MeetingRef(2006, 2), "continue"),),
        parties=(Party("BLD", "BLD"),),
        attachments=(Attachment("a", "1.pdf", "a.pdf", dt.date(2006, 1, 1)), Attachment("b", "2.pdf", "b.pdf", dt.date(2006, 1, 1))),
    )
    report = replace_report(before, Register(agreements=(Agreement("b", "B ny"), Agreement("c", "C"))))
    assert report.new == {"agreements": ["c"]} and report.changed == {"agreements": ["b"]}
    assert report.not_in_file == {"agreements": ["a"], "decisions": [("a", MeetingRef(2006, 2))], "attachments": [("a", "1.pdf")]}
    assert not report.is_empty
    # The party list is the user's own and stays: not reported as removed.
    assert "parties" not in report.not_in_file


def test_a_merge_changes_only_the_settings_the_file_names():
    from dataclasses import replace

    stored = replace(base_register(), settings=Settings(resign_on_every_continue=False, first_election_year=2009, case_numbering="meeting"))
    incoming = Register(settings=Settings(resign_on_every_continue=True))  # the others at their defaults
    ops, report = merge_ops(stored, incoming, with_settings=True, settings_given={"resign_on_every_continue"})
    assert ops == (PutSettings(Settings(resign_on_every_continue=True, first_election_year=2009, case_numbering="meeting")),)
    assert report.settings_changed
    # Naming a setting with the value already stored changes nothing.
    ops, report = merge_ops(stored, Register(settings=Settings(first_election_year=2009)), with_settings=True, settings_given={"first_election_year"})
    assert ops == () and not report.settings_changed
    # Without a list of names, every setting is the file's (a bundle made in code).
    ops, _ = merge_ops(stored, incoming, with_settings=True)
    assert ops == (PutSettings(incoming.settings),)


def test_a_criteria_set_that_loses_criteria_takes_their_ratings_and_the_merge_says_so():
    """An import whose criteria set has dropped a criterion removes the ratings on it (as the database's cascade
    does), and the merge report names them, in the stored order, before anything is written."""
    from dataclasses import replace

    stored = replace(
        base_register(),
        criteria_sets=(CriteriaSet("s", "Sett", (Criterion("k1", "K1"), Criterion("k2", "K2"))), CriteriaSet("t", "T", (Criterion("x", "X"), Criterion("y", "Y")))),
        assessments=(
            Assessment("b", "s", "k2", "i_traad"),
            Assessment("a", "t", "y", "delvis"),
            Assessment("a", "s", "k1", "delvis"),
            Assessment("a", "s", "k2", "ikke_i_traad"),
            Assessment("b", "t", "x", "i_traad"),
        ),
    )
    incoming = replace(stored, criteria_sets=(CriteriaSet("s", "Sett", (Criterion("k1", "K1 endret"),)), CriteriaSet("t", "T", (Criterion("x", "X"),))))
    ops, report = merge_ops(stored, incoming, with_settings=False)

    assert report.changed["criteria_sets"] == ["s", "t"]
    assert report.removed["assessments"] == [("b", "s", "k2"), ("a", "t", "y"), ("a", "s", "k2")]
    after = apply(stored, ops).register
    assert [(a.agreement, a.criteria_set, a.criterion) for a in after.assessments] == [("a", "s", "k1"), ("b", "t", "x")]


def test_a_merged_set_refits_the_stored_ticks_its_bundle_brings_no_new_version_of():
    """Sub-points added to a criterion: a stored rating ticked point by point loses its ticks and override reason
    (reported); a rating the bundle brings is taken as it comes; sub-points only reordered reorder the ticks."""
    from dataclasses import replace

    old = CriteriaSet("s", "Sett", (Criterion("k1", "K1", subpoints=("a", "b", "c")), Criterion("k2", "K2", subpoints=("x", "y"))))
    stored = replace(
        base_register(),
        criteria_sets=(old,),
        assessments=(
            Assessment("a", "s", "k1", "i_traad", "alle", ("a", "b"), "skjønn"),
            Assessment("b", "s", "k1", "delvis", "to", ("a", "b")),
            Assessment("a", "s", "k2", "i_traad", "begge", ("x", "y")),
        ),
    )
    new = CriteriaSet("s", "Sett", (Criterion("k1", "K1", subpoints=("a", "b", "c", "d")), Criterion("k2", "K2", subpoints=("y", "x"))))
    brought = Assessment("b", "s", "k1", "ikke_i_traad", "to av fire", ("a", "b"))
    ops, report = merge_ops(stored, replace(stored, criteria_sets=(new,), assessments=(brought,)), with_settings=False)

    assert report.unticked == [("a", "s", "k1")]
    after = {(x.agreement, x.criterion): x for x in apply(stored, ops).register.assessments}
    assert after[("a", "k1")] == Assessment("a", "s", "k1", "i_traad", "alle", None, None)
    assert after[("b", "k1")] == brought
    assert after[("a", "k2")].subpoints_met == ("y", "x")
