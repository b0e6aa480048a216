"""Moving an agenda item to another meeting (`move_ops`): where it lands there, dropped at a place or moved by the
dialog, and which meeting the rules put it on (no reason needed to move it back). Registers in memory; no Qt, no SQL."""

from __future__ import annotations

from dataclasses import replace

from konsultasjon_app.domain.agenda import entry_for, move_ops, reorder, rules_meeting, standard_items, year_agenda
from konsultasjon_app.domain.changes import Put, apply
from konsultasjon_app.domain.model import OWN_ACTION, AgendaEntry, Deviation, MeetingRef
from konsultasjon_app.domain.planner import plan
from tests.domain.test_planner import agreement, d, register

M2, M3 = MeetingRef(2006, 2), MeetingRef(2006, 3)


def lines(reg, number: int):
    return year_agenda(reg, plan(reg, 2006, 2006, d("2006-01-10")), 2006)[number]


def shown(reg, number: int) -> list[str]:
    """A meeting's items in agenda order: the planner's by action and agreement, the secretariat's by key."""
    return [line.key if line.action == OWN_ACTION else f"{line.action} {line.agreement or ''}".strip() for line in lines(reg, number)]


def line(reg, number: int, name: str):
    return next(ln for ln, text in zip(lines(reg, number), shown(reg, number)) if text == name)


def run(reg, ops):
    return apply(reg, ops).register


def meetings_with_eventuelt(own: bool = True):
    """Agreements a and b (review on meeting 2, status on meeting 3), the standard items, and (`own`) an item of
    the secretariat's own on meeting 2."""
    reg = register(agreement("a", signed="2005-11-10"), agreement("b", signed="2005-11-10"), years=(2006,))
    reg = run(reg, [Put("agenda", e) for n in (1, 2, 3, 4) for e in standard_items(MeetingRef(2006, n))])
    if not own:
        return reg
    reg = run(reg, [Put("agenda", AgendaEntry(M2, OWN_ACTION, key="nav", title="Orientering om NAV", position=3))])
    assert shown(reg, 2) == ["review a", "review b", "scope", "nav", "eventuelt"]
    assert shown(reg, 3) == ["status a", "status b", "eventuelt"]
    return reg


def reordered(reg, number: int):
    """The meeting's last item before "Eventuelt" one place up (Ctrl+↑): every item then has a stored position,
    "Eventuelt" its row's rather than 999."""
    at = len(lines(reg, number)) - 2
    return run(reg, [Put("agenda", e) for e in reorder(lines(reg, number), at, at - 1)])


def test_an_own_item_dropped_on_another_meeting_lands_where_it_was_dropped():
    reg = meetings_with_eventuelt()
    reg = run(reg, move_ops(reg, line(reg, 2, "nav"), M3, None, None, lines(reg, 3), 1))
    assert shown(reg, 3) == ["status a", "nav", "status b", "eventuelt"]
    assert "nav" not in shown(reg, 2)


def test_a_planner_item_dropped_on_another_meeting_lands_where_it_was_dropped_with_its_reason():
    reg = meetings_with_eventuelt()
    reg = run(reg, move_ops(reg, line(reg, 2, "review b"), M3, None, "Etter avtale", lines(reg, 3), 1))
    assert shown(reg, 3) == ["status a", "review b", "status b", "eventuelt"]
    assert reg.deviations == (Deviation("review", "b", M2, M3, None, "Etter avtale"),)


def test_an_own_item_moved_to_a_reordered_meeting_goes_before_eventuelt():
    reg = reordered(meetings_with_eventuelt(), 3)
    assert shown(reg, 3) == ["status b", "status a", "eventuelt"]
    reg = run(reg, move_ops(reg, line(reg, 2, "nav"), M3, None, None, lines(reg, 3)))
    assert shown(reg, 3) == ["status b", "status a", "nav", "eventuelt"]


def test_a_planner_item_moved_to_a_reordered_meeting_goes_before_eventuelt():
    """Without a place dropped at, it takes the planner's order (fourth, after the reviews and the scope), which on
    a reordered meeting lay past "Eventuelt"'s stored position (3, its row)."""
    reg = reordered(meetings_with_eventuelt(own=False), 2)
    assert shown(reg, 2) == ["review a", "scope", "review b", "eventuelt"]
    reg = run(reg, move_ops(reg, line(reg, 3, "status b"), M2, None, "Tidlig", lines(reg, 2)))
    assert shown(reg, 2) == ["review a", "scope", "review b", "status b", "eventuelt"]


def test_a_planner_item_moved_to_a_meeting_as_the_planner_left_it_keeps_the_planners_order():
    reg = meetings_with_eventuelt()
    ops = move_ops(reg, line(reg, 3, "status b"), M2, None, "Tidlig", lines(reg, 2))
    assert [op.kind for op in ops] == ["deviations"]  # no position written: the planner places it
    assert shown(run(reg, ops), 2) == ["review a", "review b", "scope", "nav", "status b", "eventuelt"]


def test_the_rules_meeting_of_an_item_is_where_the_planner_put_it_also_after_a_move():
    reg = meetings_with_eventuelt()
    assert rules_meeting(line(reg, 2, "review b")) == M2
    assert rules_meeting(line(reg, 2, "nav")) is None  # the secretariat's own: the rules put it nowhere
    reg = run(reg, move_ops(reg, line(reg, 2, "review b"), M3, None, "Etter avtale", lines(reg, 3), 0))
    moved = line(reg, 3, "review b")
    assert rules_meeting(moved) == M2
    back = run(reg, move_ops(reg, moved, M2, None, None, lines(reg, 2), 0))  # back: the deviation goes, no reason
    assert back.deviations == () and shown(back, 2)[0] == "review b"
    assert entry_for(line(back, 2, "review b")).position == 0


def test_a_signing_item_held_on_meeting_3_is_described_there_as_it_stood_before_that_meeting():
    """Renegotiated at meeting 2, postponed at meeting 3, signed at meeting 4: meeting 3's agenda keeps the item
    (held_items) and says what it said before the meeting, under its proposal «Avtalen undertegnes.» (was: «Utsatt
    på 3. møte: flyttet til 4. møte. Undertegnet 25.10.2006.», the meeting's own outcome and a later one); meeting
    4's agenda says why it came there, and its reason (Dagsorden's column, `plan --json`) tells the whole story."""
    from tests.domain.test_planner import adding, decision, signing

    reg = adding(register(agreement("skole")), decisions=[decision("skole", 2006, 2, "renegotiate"), decision("skole", 2006, 3, "postpone")],
                 signings=[signing("skole", "2006-10-25", at=(2006, 4))])
    agenda = year_agenda(reg, plan(reg, 2006, 2006, d("2006-12-31")), 2006)
    at_3 = next(x for x in agenda[3] if x.agreement == "skole" and x.action == "sign")
    at_4 = next(x for x in agenda[4] if x.agreement == "skole" and x.action == "sign")
    assert at_3.background.endswith("undertegnes på 3. møte 30.08.2006.")
    assert "Utsatt" not in at_3.background and "Undertegnet" not in at_3.background
    assert at_4.background.endswith("undertegnes på 3. møte 30.08.2006. Utsatt på 3. møte: flyttet til 4. møte.")
    assert at_4.reason == at_4.plan_item.reason
    assert at_4.reason.endswith("Utsatt på 3. møte: flyttet til 4. møte. Undertegnet 25.10.2006.")


def backgrounds(reg, number: int, *days: str) -> list[dict]:
    """Each planner item's agenda background on meeting `number` of 2006, as printed on each of `days`."""
    out = []
    for day in days:
        found = year_agenda(reg, plan(reg, 2006, 2006, d(day)), 2006)[number]
        out.append({(ln.action, ln.agreement): ln.background for ln in found if ln.plan_item is not None})
    return out


def test_an_agenda_printed_after_its_meeting_does_not_tell_the_meetings_outcome():
    """A meeting's agenda describes each item as it stood before the meeting, however late it is printed (the README:
    «a past meeting's agenda as it stood then»): the same text before and after the meeting. Was: printed after
    meeting 4, a signing not made there read «… flyttet til 4. møte. Ikke undertegnet innen 4. møte 18.10.2006:
    partene tar stilling på nytt på 2. møte 2007.» right above «Forslag til vedtak: Avtalen undertegnes.»; and a
    signing made at meeting 3 put «Undertegnet 30.08.2006.» on meeting 3's agenda printed before it. What happened
    before the meeting stays (not signed at meeting 3: moved on), and the reason keeps the whole story."""
    from tests.domain.test_planner import adding, decision, signing

    reg = adding(register(agreement("skole"), agreement("vei")),
                 decisions=[decision("skole", 2006, 2, "renegotiate"), decision("vei", 2006, 2, "renegotiate")],
                 signings=[signing("vei", "2006-08-30", at=(2006, 3))])
    before_4, after_4 = backgrounds(reg, 4, "2006-10-01", "2006-12-31")
    assert before_4 == after_4
    assert before_4[("sign", "skole")].endswith("Ikke undertegnet på 3. møte 30.08.2006: flyttet til 4. møte.")
    late = next(ln for ln in lines_as_of(reg, 4, "2006-12-31") if ln.agreement == "skole" and ln.action == "sign")
    assert late.reason.endswith("Ikke undertegnet innen 4. møte 18.10.2006: partene tar stilling på nytt på 2. møte 2007.")
    before_3, after_3 = backgrounds(reg, 3, "2006-08-01", "2006-12-31")
    assert before_3 == after_3
    assert before_3[("sign", "vei")].endswith("undertegnes på 3. møte 30.08.2006.")
    signed = next(ln for ln in lines_as_of(reg, 3, "2006-08-01") if ln.agreement == "vei" and ln.action == "sign")
    assert signed.reason.endswith("Undertegnet 30.08.2006.")
    assert signed.proposed_decision == "Avtalen undertegnes."


def lines_as_of(reg, number: int, day: str):
    return year_agenda(reg, plan(reg, 2006, 2006, d(day)), 2006)[number]


def test_a_signing_made_before_the_meeting_stays_on_its_agenda_and_one_at_a_later_meeting_does_not():
    """Signed between meetings 3 and 4 (the plan settles the item on meeting 4): the signing happened before meeting
    4, so its agenda says so and proposes to take note of it. A termination at the meeting that was to sign it is
    that meeting's outcome, not on its agenda."""
    from tests.domain.test_planner import adding, decision, signing

    reg = adding(register(agreement("skole"), agreement("vei")),
                 decisions=[decision("skole", 2006, 2, "renegotiate"), decision("vei", 2006, 2, "renegotiate"),
                            decision("vei", 2006, 3, "terminate")],
                 signings=[signing("skole", "2006-09-15")])
    skole = next(ln for ln in lines_as_of(reg, 4, "2006-12-31") if ln.agreement == "skole" and ln.action == "sign")
    assert skole.background.endswith("Ikke undertegnet på 3. møte 30.08.2006: flyttet til 4. møte. Undertegnet 15.09.2006.")
    assert skole.proposed_decision == "Undertegningen 15.09.2006 tas til orientering."
    before_3, after_3 = backgrounds(reg, 3, "2006-08-01", "2006-12-31")
    assert before_3 == after_3 and "sagt opp" not in before_3[("sign", "vei")]
    vei = next(ln for ln in lines_as_of(reg, 3, "2006-12-31") if ln.agreement == "vei" and ln.action == "sign")
    assert vei.reason.endswith("Avtalen ble sagt opp på 3. møte 30.08.2006: den undertegnes ikke.")


def test_a_moved_signing_items_agenda_names_the_move_and_not_what_came_of_it():
    """Moved by the user from meeting 3 to meeting 4 and not signed there: meeting 4's agenda gives the move and the
    rules' reason, before and after the meeting alike; the reason adds that it was not signed by then."""
    from tests.domain.test_planner import adding, decision, moved

    reg = adding(register(agreement("skole")), decisions=[decision("skole", 2006, 2, "renegotiate")],
                 deviations=[moved("sign", "skole", (2006, 3), (2006, 4))])
    before_4, after_4 = backgrounds(reg, 4, "2006-10-01", "2006-12-31")
    assert before_4 == after_4
    assert before_4[("sign", "skole")] == ("Flyttet av brukeren fra 3. møte 2006 til 4. møte 18.10.2006. Begrunnelse: Etter avtale "
                                           "(Opprinnelig: Reforhandlet avtale vedtatt på 2. møte 26.04.2006: undertegnes på 3. møte 30.08.2006.)")
    late = next(ln for ln in lines_as_of(reg, 4, "2006-12-31") if ln.agreement == "skole" and ln.action == "sign")
    assert "Ikke undertegnet innen 4. møte 18.10.2006" in late.reason


def test_an_item_the_plan_brings_to_a_reordered_meeting_comes_before_its_closing_eventuelt():
    """Meeting 3 arranged by hand (every item given its row, "Eventuelt" 2 rather than 999); then a new agreement in
    force there brings its status item, which sorts last in the planner's order: it comes before "Eventuelt" (was:
    after it, on the list and the printed agenda)."""
    from tests.domain.test_planner import adding

    reg = reordered(meetings_with_eventuelt(own=False), 3)
    assert shown(reg, 3) == ["status b", "status a", "eventuelt"]
    reg = adding(reg, agreements=[agreement("c", signed="2005-11-10"), agreement("d", signed="2005-11-10")])
    assert shown(reg, 3) == ["status b", "status a", "status c", "status d", "eventuelt"]


def test_an_item_the_user_put_after_eventuelt_stays_there_and_new_ones_take_the_planners_order():
    """Eventuelt that closes nothing (the user dropped an item after it) keeps no item from coming after it."""
    reg = reordered(meetings_with_eventuelt(own=False), 3)
    reg = run(reg, [Put("agenda", e) for e in reorder(lines(reg, 3), 0, 2)])  # «status b» dropped below Eventuelt
    assert shown(reg, 3) == ["status a", "eventuelt", "status b"]
    reg = run(reg, [Put("agenda", AgendaEntry(M3, OWN_ACTION, key="nav", title="Orientering om NAV", position=5))])
    from tests.domain.test_planner import adding

    reg = adding(reg, agreements=[agreement("c", signed="2005-11-10")])
    assert shown(reg, 3) == ["status a", "eventuelt", "status b", "status c", "nav"]  # «c» in the planner's order, after b


M1 = MeetingRef(2006, 1)


def test_the_budget_frame_comes_first_on_meeting_1_also_after_an_item_put_there_first():
    """Ny sak … on an empty meeting 1 (position 0), then «Legg til faste saker»: the budget frame is Sak 1, the item
    after it, «Eventuelt» last (was: the frame tied at position 0 with the item and came second)."""
    from konsultasjon_app.domain.agenda import missing_standard_items, placed_last

    reg = register(agreement("a", signed="2005-11-10"), years=(2006,))
    own = AgendaEntry(M1, OWN_ACTION, key="kommuneproposisjonen", title="Orientering om kommuneproposisjonen")
    reg = run(reg, [Put("agenda", e) for e in placed_last(lines(reg, 1), own)])
    assert entry_for(lines(reg, 1)[0]).position == 0
    reg = run(reg, [Put("agenda", e) for n in (1, 2, 3, 4) for e in missing_standard_items(MeetingRef(2006, n), lines(reg, n))])
    assert shown(reg, 1) == ["budsjettramme", "kommuneproposisjonen", "eventuelt"]
    assert shown(reg, 2)[-1] == "eventuelt"
    assert missing_standard_items(M1, lines(reg, 1)) == []  # added once


def test_the_budget_frame_comes_first_on_a_reordered_meeting_1_that_has_eventuelt():
    from konsultasjon_app.domain.agenda import missing_standard_items

    reg = register(agreement("a", signed="2005-11-10"), years=(2006,))
    reg = run(reg, [Put("agenda", e) for e in standard_items(M1)[1:]])  # «Eventuelt» alone
    reg = run(reg, [Put("agenda", AgendaEntry(M1, OWN_ACTION, key="nav", title="Orientering om NAV", position=0))])
    reg = run(reg, [Put("agenda", e) for e in reorder(lines(reg, 1), 1, 0)])  # Eventuelt up, then …
    reg = run(reg, [Put("agenda", e) for e in reorder(lines(reg, 1), 1, 0)])  # … back down: every item its row
    assert shown(reg, 1) == ["nav", "eventuelt"]
    reg = run(reg, [Put("agenda", e) for e in missing_standard_items(M1, lines(reg, 1))])
    assert shown(reg, 1) == ["budsjettramme", "nav", "eventuelt"]


def lines_of(reg, year: int, number: int):
    return year_agenda(reg, plan(reg, year, year, d("2006-01-10")), year)[number]


def test_an_item_is_not_moved_onto_a_meeting_that_has_the_same_item_of_its_own():
    """This year's review of «a» to next year's meeting 2, which has its own review of «a»: the two would be one item
    (one entry for their texts and place, one decision of the meeting), so the move is refused, naming that
    meeting's item. To another meeting it goes; so does next year's scope item to this year's meeting 3."""
    from konsultasjon_app.domain.agenda import move_refused

    reg = register(agreement("a", signed="2005-11-10"), years=(2006, 2007))
    review = next(ln for ln in lines_of(reg, 2006, 2) if ln.action == "review")
    there = lines_of(reg, 2007, 2)
    assert move_refused(review, MeetingRef(2007, 2), there) == (
        "Avtalen har allerede en gjennomgang på 2. møte 2007: Sak 1/2007 «Gjennomgang av avtale om a». To like saker på ett møte "
        "blir én sak, med felles tekster, plass og vedtak. Velg et annet møte, eller flytt den andre saken bort først.")
    assert move_refused(review, MeetingRef(2007, 3), lines_of(reg, 2007, 3)) is None
    assert move_refused(review, None, []) is None  # to a plain date
    assert move_refused(review, M2, lines_of(reg, 2006, 2)) is None  # where it is
    scope = next(ln for ln in there if ln.action == "scope")
    assert move_refused(scope, M2, lines_of(reg, 2006, 2)).startswith("2. møte 2006 har allerede sin egen sak «Samlet omfang»: Sak 2/2006 «")
    assert move_refused(scope, M3, lines(reg, 3)) is None


def test_a_signing_item_may_move_back_onto_the_meeting_that_holds_it():
    """Postponed at meeting 3, the signing moved on to meeting 4 and stays on meeting 3's agenda too (held_items):
    that is the same item, not another of the same kind."""
    from konsultasjon_app.domain.agenda import move_refused
    from tests.domain.test_planner import adding, decision

    reg = adding(register(agreement("a", signed="2005-11-10"), years=(2006,)),
                 decisions=[decision("a", 2006, 2, "renegotiate"), decision("a", 2006, 3, "postpone")])
    at_4 = next(ln for ln in lines_of(reg, 2006, 4) if ln.action == "sign")
    assert any(ln.ident == at_4.ident and ln.held for ln in lines_of(reg, 2006, 3))
    assert move_refused(at_4, M3, lines_of(reg, 2006, 3)) is None


def test_the_secretariats_own_items_are_never_refused():
    from konsultasjon_app.domain.agenda import move_refused

    reg = meetings_with_eventuelt()
    assert move_refused(line(reg, 2, "eventuelt"), M3, lines(reg, 3)) is None  # it takes a key of its own there


def test_a_signing_item_moved_on_from_meeting_4_to_a_day_is_held_on_meeting_3_as_it_stood_there():
    """Not signed at meeting 3 (30.08.2006), the item fell back to meeting 4 and the user moved it on from there to
    a plain day, 15.09.2006. Meeting 3's agenda keeps it (held_items) and describes it as it stood before that
    meeting, printed before or after it alike; the line is held there, with the rule and reason that put it there
    and where it went on to. Was: printed after the meeting, «Flyttet av brukeren fra 4. møte 2006 til 15.09.2006
    … Ikke undertegnet på 3. møte …» above «Forslag til vedtak: Avtalen undertegnes.», rule DEVIATION. The item
    where it lies now (Dagsorden's «Utenom møtene»: the day) is not held, and keeps the move's rule and reason."""
    from konsultasjon_app.domain.agenda import dated_lines
    from tests.domain.test_planner import adding, decision, moved

    reg = adding(register(agreement("skole")), decisions=[decision("skole", 2006, 2, "renegotiate")],
                 deviations=[moved("sign", "skole", (2006, 4), to_date="2006-09-15")])
    as_it_stood = "Reforhandlet avtale vedtatt på 2. møte 26.04.2006: undertegnes på 3. møte 30.08.2006."
    held = []
    for day in ("2006-08-29", "2006-08-31", "2007-08-31"):
        the_plan = plan(reg, 2006, 2006, d(day))
        signing_line = next(ln for ln in year_agenda(reg, the_plan, 2006)[3] if ln.action == "sign")
        assert (signing_line.case, signing_line.background, signing_line.proposed_decision) == ("Sak 3/2006", as_it_stood, "Avtalen undertegnes."), day
        held.append(signing_line)
    after = held[1]
    assert after.held and after.rule == "M3-SIGN"
    assert after.reason == f"{as_it_stood} Flyttet videre til 15.09.2006."
    [on_the_day] = dated_lines(reg, plan(reg, 2006, 2006, d("2006-08-31")), 2006)
    assert not on_the_day.held and on_the_day.rule == "DEVIATION"
    assert on_the_day.reason == on_the_day.plan_item.reason and on_the_day.background.startswith("Flyttet av brukeren fra 4. møte 2006 til 15.09.2006.")


def test_the_plan_behind_an_agenda_keeps_a_signing_moved_on_into_next_year_on_meeting_3():
    """Not signed at meeting 3 (30.08.2006), the signing fell back to meeting 4 and the user moved it on from there
    into 2007 (to meeting 2, or to a day in January): meeting 3's agenda (agenda_plan) is the same the day before
    the meeting, the day after and a year later, the signing held there as Sak 3/2006. What else the plan gives
    (its warnings, its meetings, its items of 2006) is the year's own. Was: the plan of 2006 alone dropped the item
    once meeting 3 had passed, and meeting 3's later cases renumbered."""
    from konsultasjon_app.domain.agenda import agenda_plan
    from tests.domain.test_planner import adding, decision, moved

    for to, to_date in (((2007, 2), None), (None, "2007-01-15")):
        reg = adding(register(agreement("skole")), decisions=[decision("skole", 2006, 2, "renegotiate")],
                     deviations=[moved("sign", "skole", (2006, 4), to, to_date)])
        agendas = []
        for day in ("2006-08-29", "2006-08-31", "2007-08-31"):
            made = agenda_plan(reg, 2006, d(day))
            year_plan = plan(reg, 2006, 2006, d(day))
            assert (made.warnings, made.meetings) == (year_plan.warnings, year_plan.meetings)
            assert [i for i in made.items if i.year == 2006] == list(year_plan.items)
            agendas.append([(ln.case, ln.action, ln.background) for ln in year_agenda(reg, made, 2006)[3]])
        assert agendas[0] == agendas[1] == agendas[2], (to, to_date)
        assert [case for case, action, _ in agendas[1]] == ["Sak 3/2006", "Sak 4/2006"] and agendas[1][0][1] == "sign"


def test_the_plan_behind_an_agenda_plans_the_next_year_too_only_when_an_item_can_have_moved_on_into_it(monkeypatch):
    """A signing recorded at a meeting of next year settles an item of this year there only when it is dated before
    next year's meeting 2; one at next year's meeting 3 cannot, and the year is planned once (a register with some
    years of records has such signings for every past year: Dagsorden planned each of those years twice)."""
    from konsultasjon_app.domain import planner
    from konsultasjon_app.domain.agenda import agenda_plan
    from tests.domain.test_planner import adding, decision, signing

    planned = []
    real = planner.plan
    monkeypatch.setattr(planner, "plan", lambda register, *years: planned.append(years[:2]) or real(register, *years))
    reg = adding(register(agreement("skole")), decisions=[decision("skole", 2006, 2, "renegotiate")])
    later = adding(reg, signings=[signing("skole", "2007-08-29", at=(2007, 3))])
    agenda_plan(later, 2006, d("2006-12-31"))
    assert planned == [(2006, 2006)]
    planned.clear()
    at_meeting_1 = adding(reg, signings=[signing("skole", "2007-03-12", at=(2007, 1))])
    made = agenda_plan(at_meeting_1, 2006, d("2006-12-31"))
    assert planned == [(2006, 2006), (2006, 2007)]
    assert any(i.action == "sign" and i.ref == MeetingRef(2007, 1) for i in made.items)


def test_a_signing_on_meeting_4_by_the_fallback_is_moved_from_meeting_4_and_moved_again_from_there():
    """Not signed at meeting 3 (30.08.2006), the signing lies on meeting 4 (M4-FALLBACK), where the rules put it now:
    moved from there to a day, then on to meeting 2 of 2007, one deviation keyed from meeting 4 goes along, and
    meeting 3's agenda keeps the item as it was handed out; moved back to meeting 4, the deviation goes. Was: keyed
    from meeting 3 (the item's origin), the item counted as moved away from it and meeting 3 lost it. A deviation
    already keyed from meeting 3 is moved on from there (the planner takes it first), not doubled."""
    from konsultasjon_app.domain.agenda import agenda_plan, dated_lines
    from tests.domain.test_planner import adding, decision, moved

    day = d("2006-11-01")
    m3, m4, m2_2007 = MeetingRef(2006, 3), MeetingRef(2006, 4), MeetingRef(2007, 2)

    def agenda(reg, year, number):
        return year_agenda(reg, agenda_plan(reg, year, day), year)[number]

    def printed_3(reg):
        return [(ln.case, ln.title, ln.background, ln.proposed_decision, ln.held) for ln in agenda(reg, 2006, 3)]

    def sign(reg, year, number):
        return next(ln for ln in agenda(reg, year, number) if ln.action == "sign" and not ln.held)

    reg = adding(register(agreement("skole")), decisions=[decision("skole", 2006, 2, "renegotiate")])
    handed_out = printed_3(reg)
    at_4 = sign(reg, 2006, 4)
    assert at_4.rule == "M4-FALLBACK" and rules_meeting(at_4) == m4
    assert any(held for *_, held in handed_out)
    reg = run(reg, move_ops(reg, at_4, None, d("2006-12-15"), "Venter på partene"))
    assert [(x.from_meeting, x.to_date) for x in reg.deviations] == [(m4, d("2006-12-15"))]
    assert printed_3(reg) == handed_out
    [on_the_day] = dated_lines(reg, agenda_plan(reg, 2006, day), 2006)
    assert rules_meeting(on_the_day) == m4
    reg = run(reg, move_ops(reg, on_the_day, m2_2007, None, "Ikke klar"))
    assert [(x.from_meeting, x.to_meeting) for x in reg.deviations] == [(m4, m2_2007)]
    assert printed_3(reg) == handed_out
    reg = run(reg, move_ops(reg, sign(reg, 2007, 2), m4, None, None))
    assert reg.deviations == () and printed_3(reg) == handed_out and sign(reg, 2006, 4).rule == "M4-FALLBACK"

    keyed_3 = adding(register(agreement("skole")), decisions=[decision("skole", 2006, 2, "renegotiate")],
                     deviations=[moved("sign", "skole", (2006, 3), (2007, 2))])
    again = run(keyed_3, move_ops(keyed_3, sign(keyed_3, 2007, 2), MeetingRef(2007, 3), None, "Senere"))
    assert [(x.from_meeting, x.to_meeting) for x in again.deviations] == [(m3, MeetingRef(2007, 3))]


def test_the_plan_behind_an_agenda_keeps_a_signing_moved_on_two_years_on_meeting_3():
    """As above, the signing moved on from meeting 4 to meeting 2 two years on (2008): meeting 3's agenda is the
    same the day before the meeting and the day after, the signing held there. Was: only the next year was
    planned, and meeting 3 lost the signing once it had passed, its later cases renumbered."""
    from konsultasjon_app.domain.agenda import agenda_plan
    from tests.domain.test_planner import adding, decision, moved

    reg = adding(register(agreement("skole")), decisions=[decision("skole", 2006, 2, "renegotiate")],
                 deviations=[moved("sign", "skole", (2006, 4), (2008, 2))])
    agendas = [[(ln.case, ln.action, ln.held) for ln in year_agenda(reg, agenda_plan(reg, 2006, d(day)), 2006)[3]]
               for day in ("2006-08-29", "2006-08-31", "2008-08-31")]
    assert agendas[0] == [("Sak 3/2006", "sign", False), ("Sak 4/2006", "status", False)]
    assert agendas[1] == agendas[2] == [("Sak 3/2006", "sign", True), ("Sak 4/2006", "status", False)]


# -- a review that took in another of its agreement (one case, _one_review_per_meeting) ----------------------------

Y6M2, Y7M2, Y7M3, Y8M2 = MeetingRef(2006, 2), MeetingRef(2007, 2), MeetingRef(2007, 3), MeetingRef(2008, 2)


def reviews_of_a(reg, year: int):
    """Where agreement a's reviews stand in `year`: (meeting, origins the case holds, its proposed decision as
    written), for its meetings and the days outside them."""
    from konsultasjon_app.domain.agenda import agenda_plan, dated_lines

    made = agenda_plan(reg, year, d("2006-01-10"))
    on_meetings = [ln for number, found in year_agenda(reg, made, year).items() for ln in found]
    return [((ln.plan_item.meeting_date if ln.plan_item.meeting is None else ln.meeting),
             sorted((ln.plan_item.origin, *ln.plan_item.merged_origins)), ln.entry.proposed_decision if ln.entry else None)
            for ln in on_meetings + dated_lines(reg, made, year) if ln.action == "review" and ln.agreement == "a"]


def merged_case(*moves, end: str = "2007-12-31", written: str = "Avtalen videreføres."):
    """Agreement a, its reviews moved by `moves` ((from, to) meetings) so that two stand on one meeting as one case,
    the case's proposed decision written where it stands: the register and that case's line."""
    from tests.domain.test_planner import moved

    reg = register(agreement("a", signed="2005-06-15", end=end), deviations=tuple(moved("review", "a", f, to=t) for f, t in moves))
    to = MeetingRef(*moves[0][1])
    case = next(ln for ln in lines_of(reg, to.year, to.number) if ln.action == "review")
    assert case.plan_item.merged_origins, "two reviews of a on one meeting are one case"
    reg = run(reg, [Put("agenda", replace(entry_for(case), proposed_decision=written))])
    return reg, next(ln for ln in lines_of(reg, to.year, to.number) if ln.action == "review")


def test_a_merged_review_moved_to_another_meeting_takes_all_its_reviews_and_texts_there():
    """2006's review moved onto 2. møte 2007 is one case with 2007's own there; «Flytt sak» of that case to 3. møte
    2007 moves both, with the one reason, and the texts written for it. Was: only 2006's moved, with the texts, and 2.
    møte 2007 kept a bare review of the agreement."""
    reg, case = merged_case(((2006, 2), (2007, 2)))
    assert case.plan_item.merged_origins == (Y7M2,)

    reg = run(reg, move_ops(reg, case, Y7M3, None, "Statsråden kan ikke", lines_of(reg, 2007, 3), 1))

    assert sorted(reg.deviations, key=lambda x: x.from_meeting) == [
        Deviation("review", "a", Y6M2, Y7M3, None, "Statsråden kan ikke"), Deviation("review", "a", Y7M2, Y7M3, None, "Statsråden kan ikke")]
    assert reviews_of_a(reg, 2007) == [(Y7M3, [Y6M2, Y7M2], "Avtalen videreføres.")]
    assert [ln.action for ln in lines_of(reg, 2007, 3)][1] == "review"  # where it was dropped
    assert reviews_of_a(reg, 2006) == []


def test_a_merged_review_moved_back_where_the_rules_put_it_parts_and_its_texts_stay_where_written():
    """The same case moved back to 2. møte 2006 (the move dialog's «where the rules put it», no reason): 2006's
    review goes back there and 2007's stays on its own meeting with the texts written for it there. Was: 2007's texts
    went to 2. møte 2006 (perhaps held) and 2. møte 2007 kept a bare review."""
    reg, case = merged_case(((2006, 2), (2007, 2)))
    assert rules_meeting(case) == Y6M2

    reg = run(reg, move_ops(reg, case, Y6M2, None, None, lines_of(reg, 2006, 2)))

    assert reg.deviations == ()
    assert reviews_of_a(reg, 2006) == [(Y6M2, [Y6M2], None)]
    assert reviews_of_a(reg, 2007) == [(Y7M2, [Y7M2], "Avtalen videreføres.")]


def test_two_reviews_moved_onto_one_meeting_move_on_together_and_part_each_to_its_own():
    """2006's and 2007's reviews both moved to 3. møte 2007: one case there. To 2. møte 2007 (2007's own): 2007's
    deviation goes, 2006's follows it there, one case with the texts. Back where the rules put the case: both go
    home, none moved; the texts, written on a meeting neither belongs to, go with the latest (2007's). Was: only
    2006's moved, and the move onto 2. møte 2007 swapped the two reviews between the meetings."""
    reg, case = merged_case(((2006, 2), (2007, 3)), ((2007, 2), (2007, 3)))
    assert (case.plan_item.origin, case.plan_item.merged_origins) == (Y6M2, (Y7M2,))

    there = run(reg, move_ops(reg, case, Y7M2, None, "Likevel i april", lines_of(reg, 2007, 2)))
    assert there.deviations == (Deviation("review", "a", Y6M2, Y7M2, None, "Likevel i april"),)
    assert reviews_of_a(there, 2007) == [(Y7M2, [Y6M2, Y7M2], "Avtalen videreføres.")]

    back = run(reg, move_ops(reg, case, rules_meeting(case), None, None, lines_of(reg, 2006, 2)))
    assert back.deviations == ()
    assert reviews_of_a(back, 2006) == [(Y6M2, [Y6M2], None)]
    assert reviews_of_a(back, 2007) == [(Y7M2, [Y7M2], "Avtalen videreføres.")]


def test_a_merged_review_moved_to_a_day_takes_all_its_reviews_and_waits_with_its_texts():
    """To a plain date: both reviews there, one case, its texts kept for it (at the latest of its reviews' meetings,
    2. møte 2007, where they were written); and moved back from there, both go home, the texts with 2007's review,
    not to 2. møte 2006 (perhaps held)."""
    from konsultasjon_app.domain.agenda import agenda_plan, dated_lines

    reg, case = merged_case(((2006, 2), (2007, 2)))
    day = d("2007-05-10")
    reg = run(reg, move_ops(reg, case, None, day, "Eget møte om avtalen", lines_of(reg, 2007, 2)))
    assert {(x.from_meeting, x.to_date) for x in reg.deviations} == {(Y6M2, day), (Y7M2, day)}
    assert reviews_of_a(reg, 2007) == [(day, [Y6M2, Y7M2], "Avtalen videreføres.")]

    dated = next(ln for ln in dated_lines(reg, agenda_plan(reg, 2007, d("2006-01-10")), 2007) if ln.action == "review")
    reg = run(reg, move_ops(reg, dated, rules_meeting(dated), None, None, lines_of(reg, 2006, 2)))
    assert reg.deviations == ()
    assert reviews_of_a(reg, 2006) + reviews_of_a(reg, 2007) == [(Y6M2, [Y6M2], None), (Y7M2, [Y7M2], "Avtalen videreføres.")]


def test_a_merged_review_is_refused_onto_a_meeting_with_another_review_of_its_agreement():
    from konsultasjon_app.domain.agenda import move_refused

    reg, case = merged_case(((2006, 2), (2007, 2)), end="2008-12-31")
    said = move_refused(case, Y8M2, lines_of(reg, 2008, 2))
    assert said is not None and said.startswith("Avtalen har allerede en gjennomgang på 2. møte 2008: Sak ")
    assert move_refused(case, Y7M3, lines_of(reg, 2007, 3)) is None
