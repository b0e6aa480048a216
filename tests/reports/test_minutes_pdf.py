"""The minutes: who was present, and per agenda item the decision, signing, protokoll text and time recorded."""

from __future__ import annotations

import dataclasses
import datetime as dt

from konsultasjon_app.domain.agenda import year_agenda
from konsultasjon_app.domain.model import AgendaEntry, Agreement, Decision, Deviation, MeetingRef, Signing
from konsultasjon_app.domain.planner import plan
from konsultasjon_app.reports.minutes_pdf import minutes_pdf

from .support import MARKUP_TITLE, SIGNATORIES, body, case_numbers, d, demo_register, fonts, in_force_agreement, meetings_2006, pages

AS_OF = dt.date(2006, 12, 31)
M2 = MeetingRef(2006, 2)
M3 = MeetingRef(2006, 3)
FOOTER2 = "Protokoll 2. konsultasjonsmøte 2006"


def recorded_register():
    """The demo register with meeting 2 and 3 held: participants, decisions, a signing, protokoll texts, times."""
    demo = demo_register()
    return dataclasses.replace(
        demo,
        meetings=meetings_2006(time="10:00", chair="Åslaug Haga", participants=("Åslaug Haga, KRD", "Halvdan Skard, KS")),
        agreements=(*demo.agreements, in_force_agreement("fet", MARKUP_TITLE, notice_months=3)),
        decisions=(
            Decision("barnevern", M2, "continue", "Enighet om å videreføre uendret."),
            Decision("pleie-omsorg", M2, "renegotiate"),
            Decision("fet", M2, "terminate"),
            Decision("skole", M2, "postpone"),
            Decision("kommunesammenslaing", M2, "new"),  # no item of its own at meeting 2: not in force in 2006
        ),
        signings=(*demo.signings, Signing("barnevern", d("2006-04-26"), M2, d("2009-09-30")), Signing("pleie-omsorg", d("2006-08-30"), M3)),
        agenda=(
            AgendaEntry(M2, "review", "barnevern", minutes="KS viste til gode erfaringer.\n\nStaten sluttet seg til <dette> & mer.",
                        taken_at=dt.datetime(2006, 4, 26, 10, 15)),
            AgendaEntry(M2, "review", "nav", taken_at=dt.datetime(2006, 4, 26, 9, 5, tzinfo=dt.timezone.utc)),
            AgendaEntry(M2, "own", key="eventuelt", title="Eventuelt", position=999, taken_at=dt.datetime(2006, 4, 27, 8, 30)),
            # Kept from when the agreement's item stood on this meeting; the plan no longer puts one there.
            AgendaEntry(M2, "status", "kommunesammenslaing", minutes="Notert: & <b>ikke</b> glem."),
        ),
    )


def minutes_of(register, number: int) -> bytes:
    return minutes_pdf(register, plan(register, 2006, 2006, AS_OF), 2006, number)


def items_of(register, number: int, footer: str) -> tuple[str, dict[tuple[str, str], str]]:
    """The minutes' text, and each item's text (from its number to the next item's, or to the leftovers' heading)
    by (action, agreement or own key)."""
    p = plan(register, 2006, 2006, AS_OF)
    lines = year_agenda(register, p, 2006)[number]
    text = body(minutes_pdf(register, p, 2006, number), footer)
    assert case_numbers(text, 2006) == [line.number for line in lines]  # the agenda's numbering, no list at the top
    items = {}
    for index, line in enumerate(lines):
        start = text.index(f"{line.case} ")
        if index + 1 < len(lines):
            end = text.index(f"{lines[index + 1].case} ", start)
        else:
            end = text.find("Registrert på møtet utenom", start) if "Registrert på møtet utenom" in text[start:] else len(text)
        items[(line.action, line.agreement or line.key)] = text[start:end]
    return text, items


def test_each_item_shows_what_was_recorded_at_the_meeting():
    text, items = items_of(recorded_register(), 2, FOOTER2)

    barnevern = items[("review", "barnevern")]
    assert "Behandlet kl. 10:15" in barnevern
    assert "KS viste til gode erfaringer. Staten sluttet seg til <dette> & mer." in barnevern
    assert "Vedtak: Avtalen videreføres. Enighet om å videreføre uendret." in barnevern
    # The signing at the meeting belongs to the re-signing item the planner placed there, not to the review.
    assert "Undertegnet" not in barnevern
    assert "Undertegnet 26.04.2006. Avtalen gjelder til og med 30.09.2009." in items[("re-sign", "barnevern")]

    assert "Vedtak: Avtalen reforhandles." in items[("review", "pleie-omsorg")]
    assert "Undertegnet 30.08.2006" not in text  # signed at meeting 3: not in meeting 2's minutes
    fet = items[("review", "fet")]
    assert f"Gjennomgang av {MARKUP_TITLE[0].lower()}{MARKUP_TITLE[1:]}" in fet  # the title reads on in the sentence
    assert "Vedtak: Avtalen sies opp. Med oppsigelsestid på 3 måneder gjelder den til og med 26.07.2006." in fet
    assert "Vedtak: Saken er utsatt." in items[("review", "skole")]
    # A UTC time is shown in Oslo time (summer time: +2 hours).
    assert "Behandlet kl. 11:05" in items[("review", "nav")]
    assert "Vedtak" not in items[("review", "nav")] and "Ikke behandlet" not in items[("review", "nav")]
    # Taken the next day: the date is given too.
    assert "Behandlet 27.04.2006 kl. 08:30" in items[("own", "eventuelt")]

    for key in ("bostedsloshet", "landbruk", "livskraftig"):
        assert "Ikke behandlet – ingenting er registrert på saken." in items[("review", key)]
    # Which new agreements to enter is the scope item's business (M2-SCOPE), not something outside the agenda.
    assert "Vedtak: Avtale om tilbud til kommuner som skal slå seg sammen: Ny avtale skal inngås." in items[("scope", "")]
    assert "Ikke behandlet" not in items[("scope", "")]

    leftover = text[text.index("Registrert på møtet utenom dagsordenen") :]
    assert "Ny avtale" not in leftover
    assert "Status og evaluering: Avtale om tilbud til kommuner som skal slå seg sammen Notert: & <b>ikke</b> glem." in leftover


def test_the_heading_says_who_was_present():
    first = pages(minutes_of(recorded_register(), 2))[0]
    assert "Protokoll – 2. konsultasjonsmøte 2006 Dato onsdag 26.04.2006 Tid kl. 10:00 Sted Oslo Møteleder Åslaug Haga" in first
    assert "Til stede Åslaug Haga, KRD Halvdan Skard, KS" in first


def test_without_participants_the_minutes_say_none_are_recorded():
    text = body(minutes_of(demo_register(), 3), "Protokoll 3. konsultasjonsmøte 2006")
    assert "Til stede Ikke registrert" in text
    assert text.count("Ikke behandlet – ingenting er registrert på saken.") == 7  # the seven status items
    assert "Vedtak" not in text and "utenom dagsordenen" not in text


def test_a_signing_at_meeting_3_is_recorded_there():
    _, items = items_of(recorded_register(), 3, "Protokoll 3. konsultasjonsmøte 2006")
    assert "Undertegnet 30.08.2006." in items[("sign", "pleie-omsorg")]
    assert all("Undertegnet" not in text for key, text in items.items() if key != ("sign", "pleie-omsorg"))


def test_a_meeting_without_items():
    text = body(minutes_of(demo_register(), 1), "Protokoll 1. konsultasjonsmøte 2006")
    assert "Det var ingen saker på dagsordenen for dette møtet." in text
    assert case_numbers(text, 2006) == []


def test_fonts_are_embedded():
    used = fonts(minutes_of(recorded_register(), 2))
    assert used and all(used.values()), used


def test_a_termination_in_the_minutes_ends_the_agreement_as_the_register_has_it():
    """The sentence after "Avtalen sies opp." gives the end date the planner and the register use (rule TERMINATE):
    the meeting's date plus the notice period, unless the agreement ends before that anyway or an earlier
    termination already ends it."""
    from konsultasjon_app.domain.lifecycle import Lifetime
    from konsultasjon_app.domain.meetings import MeetingSlot
    from konsultasjon_app.reports.minutes_pdf import decision_text

    slot = MeetingSlot(2006, 2, d("2006-04-26"), False)
    decision = Decision("barnevern", MeetingRef(2006, 2), "terminate")
    barnevern = next(a for a in demo_register().agreements if a.key == "barnevern")  # ends 14.09.2008, 3 months' notice
    said = "Avtalen sies opp."

    assert decision_text(decision, slot, Lifetime(barnevern, (), d("2006-07-26"))) == (
        f"{said} Med oppsigelsestid på 3 måneder gjelder den til og med 26.07.2006."
    )
    ends_first = dataclasses.replace(barnevern, end_date=d("2006-06-30"))
    assert decision_text(decision, slot, Lifetime(ends_first, (), d("2006-07-26"))) == (
        f"{said} Avtalen utløper 30.06.2006, før oppsigelsestiden på 3 måneder er ute."
    )
    renewed = (Signing("barnevern", d("2006-04-26"), MeetingRef(2006, 2), d("2006-06-30")),)  # signed at this meeting
    assert "Avtalen utløper 30.06.2006" in decision_text(decision, slot, Lifetime(barnevern, renewed, d("2006-07-26")))
    assert decision_text(decision, slot, Lifetime(barnevern, (), d("2006-03-13"))) == (  # terminated at an earlier meeting
        f"{said} Avtalen er allerede sagt opp og gjelder til og med 13.03.2006."
    )
    # An earlier termination that never took effect (it came after the end date) ends nothing.
    assert decision_text(decision, slot, Lifetime(ends_first, (), d("2006-07-15"))) == (
        f"{said} Avtalen utløper 30.06.2006, før oppsigelsestiden på 3 måneder er ute."
    )
    expired = dataclasses.replace(barnevern, end_date=d("2006-03-31"))
    assert decision_text(decision, slot, Lifetime(expired, (), None)) == f"{said} Avtalen utløp 31.03.2006, før oppsigelsestiden på 3 måneder er ute."
    no_notice = dataclasses.replace(barnevern, notice_months=None)
    assert decision_text(decision, slot, Lifetime(no_notice)) == said


def test_a_notice_period_of_one_month_is_printed_in_the_singular():
    """The minutes said "oppsigelsestid på 1 måneder"; they are the formal record handed to the ministries and KS."""
    register = recorded_register()
    register = dataclasses.replace(register, agreements=tuple(
        dataclasses.replace(a, notice_months=1) if a.key == "fet" else a for a in register.agreements))
    _, items = items_of(register, 2, FOOTER2)
    assert "Vedtak: Avtalen sies opp. Med oppsigelsestid på 1 måned gjelder den til og med 26.05.2006." in items[("review", "fet")]

    from konsultasjon_app.domain.lifecycle import Lifetime
    from konsultasjon_app.domain.meetings import MeetingSlot
    from konsultasjon_app.reports.minutes_pdf import decision_text

    slot = MeetingSlot(2006, 2, d("2006-04-26"), False)
    one_month = dataclasses.replace(next(a for a in demo_register().agreements if a.key == "barnevern"), notice_months=1, end_date=d("2006-05-10"))
    assert decision_text(Decision("barnevern", M2, "terminate"), slot, Lifetime(one_month, (), d("2006-05-26"))) == (
        "Avtalen sies opp. Avtalen utløper 10.05.2006, før oppsigelsestiden på 1 måned er ute."
    )


def skole_signed_between_meetings(signed: str, ends: str, as_of: str, to_year: int = 2006):
    """The demo's school agreement renegotiated at meeting 2 of 2006 and signed on `signed`, at no meeting: the
    register, its plan as of `as_of`, and the sign item the plan settled with that signing."""
    register = dataclasses.replace(
        demo_register(),
        decisions=(Decision("skole", MeetingRef(2006, 2), "renegotiate"),),
        signings=(Signing("skole", d(signed), None, d(ends)),),
    )
    the_plan = plan(register, 2006, to_year, d(as_of))
    return register, the_plan, next(i for i in the_plan.items if i.action == "sign" and i.agreement == "skole")


def test_a_signing_between_meetings_is_minuted_on_the_item_the_plan_settled_with_it():
    register, the_plan, sign = skole_signed_between_meetings("2006-06-15", "2009-06-30", "2006-09-01")
    assert (sign.meeting, sign.signing) == (3, register.signings[0])
    text = body(minutes_pdf(register, the_plan, 2006, 3), "Protokoll 3. konsultasjonsmøte 2006")
    assert "Undertegnet 15.06.2006. Avtalen gjelder til og med 30.06.2009." in text
    assert "Registrert på møtet utenom" not in text


def test_a_signing_made_after_meeting_4_is_not_in_its_minutes():
    """The signing overdue since meeting 4 is made the next February, between meetings: the plan leaves the item on
    meeting 4 (M4-FALLBACK, flag signed), but meeting 4's minutes record what that meeting did. Was: "Undertegnet
    10.02.2007" in the minutes of a meeting held in October 2006."""
    register, the_plan, sign = skole_signed_between_meetings("2007-02-10", "2010-12-31", "2007-03-01", to_year=2007)
    assert (sign.year, sign.meeting, "signed" in sign.flags) == (2006, 4, True)
    text = body(minutes_pdf(register, the_plan, 2006, 4), "Protokoll 4. konsultasjonsmøte 2006")
    assert ("Sak 18/2006 Undertegning av samarbeidsavtalen om kvalitetsutvikling i skolen "
            "Ikke behandlet – ingenting er registrert på saken.") in text  # the item is there, with what meeting 4 did
    assert "10.02.2007" not in text
    assert "Registrert på møtet utenom" not in text


def test_a_signing_postponed_at_meeting_3_is_minuted_as_such_under_its_own_item():
    """'Postpone' at meeting 3 moves the signing on to meeting 4 (M4-FALLBACK); the item stays on meeting 3's
    agenda with its case number (held_items), and its decision says it was the signing that was postponed. Was:
    the item left meeting 3, the later numbers shifted, and the decision stood under the status item."""
    register = dataclasses.replace(
        demo_register(),
        decisions=(Decision("barnevern", M2, "renegotiate"), Decision("barnevern", M3, "postpone", "Avventer statsbudsjettet.")),
    )
    before = [(ln.number, ln.ident) for ln in year_agenda(register, plan(register, 2006, 2006, d("2006-08-01")), 2006)[3]]
    for signed in ((), (Signing("barnevern", d("2006-10-25"), MeetingRef(2006, 4)),), (Signing("barnevern", d("2006-09-20")),)):
        # Not signed yet; signed at meeting 4; signed between meetings 3 and 4: the minutes of meeting 3 stay the same.
        changed = dataclasses.replace(register, signings=signed)
        assert [(ln.number, ln.ident) for ln in year_agenda(changed, plan(changed, 2006, 2006, AS_OF), 2006)[3]] == before
        _, items = items_of(changed, 3, "Protokoll 3. konsultasjonsmøte 2006")
        signing = items[("sign", "barnevern")]
        assert "Vedtak: Undertegningen er utsatt. Avventer statsbudsjettet." in signing, signed
        assert "Undertegnet" not in signing  # a signing after meeting 3 is meeting 4's (or its own) record
        assert "Ikke behandlet" in items[("status", "barnevern")]


def test_a_signing_postponed_at_meeting_3_and_moved_on_from_meeting_4_to_a_day_is_minuted_as_postponed():
    """Postponed at meeting 3, the signing fell back to meeting 4, and the user moved it on from there to a plain day
    (DEVIATION): meeting 3's minutes keep the item (held_items) and say it was the signing that was postponed. Was:
    «Saken er utsatt.», as for an item that was not held there."""
    register = dataclasses.replace(
        demo_register(),
        decisions=(Decision("barnevern", M2, "renegotiate"), Decision("barnevern", M3, "postpone", "Avventer statsbudsjettet.")),
        deviations=(Deviation("sign", "barnevern", MeetingRef(2006, 4), None, d("2006-11-15"), "Etter avtale"),),
    )
    _, items = items_of(register, 3, "Protokoll 3. konsultasjonsmøte 2006")
    assert "Vedtak: Undertegningen er utsatt. Avventer statsbudsjettet." in items[("sign", "barnevern")]


def test_a_postponement_at_meeting_3_after_the_signing_was_done_is_the_status_items_own():
    # Signed at meeting 2 already: the postponement at meeting 3 concerns the status item.
    register = dataclasses.replace(
        demo_register(),
        decisions=(Decision("barnevern", M2, "renegotiate"), Decision("barnevern", M3, "postpone", "Evalueringen venter.")),
        signings=(Signing("barnevern", d("2006-04-26"), M2),),
    )
    _, items = items_of(register, 3, "Protokoll 3. konsultasjonsmøte 2006")
    assert "Vedtak: Saken er utsatt. Evalueringen venter." in items[("status", "barnevern")]


def test_a_list_of_those_present_longer_than_a_page_flows_on_to_the_next():
    """Was: a LayoutError, the whole list being one table cell that cannot split between pages."""
    names = tuple(f"Kari Nordmann {n}, statssekretær, Kommunal- og moderniseringsdepartementet" for n in range(50))
    register = dataclasses.replace(demo_register(), meetings=meetings_2006(participants=names))
    data = minutes_of(register, 2)
    texts = pages(data)
    assert len(texts) > 2 and f"Til stede {names[0]}" in texts[0]
    text = body(data, FOOTER2)
    assert " ".join(names) in text
    assert case_numbers(text, 2006) == list(range(1, 10))


def test_a_second_termination_is_told_the_end_of_the_version_it_was_decided_in():
    """Terminated at meeting 2 and again at meeting 3 of 2006 (12 months' notice), signed anew in 2007 and that
    version terminated in 2008: meeting 3's minutes say it is already terminated to 26.04.2007, the end the planner
    and the register have, not the 2008 version's end."""
    from konsultasjon_app.domain.lifecycle import lifetime
    from konsultasjon_app.domain.meetings import Calendar
    from konsultasjon_app.domain.model import Register
    from konsultasjon_app.reports.minutes_pdf import decision_text

    agreement = dataclasses.replace(in_force_agreement("p", "Avtale om p"), signed_date=d("2004-01-01"), end_date=d("2010-12-31"), notice_months=12)
    register = Register(
        meetings=meetings_2006(),
        agreements=(agreement,),
        decisions=tuple(Decision("p", MeetingRef(y, n), what) for y, n, what in ((2006, 2, "terminate"), (2006, 3, "terminate"), (2007, 2, "new"), (2008, 2, "terminate"))),
        signings=(Signing("p", d("2007-08-29"), MeetingRef(2007, 3), d("2011-08-31")),),
    )
    slot = Calendar(register).slot(2006, 3)
    text = decision_text(Decision("p", MeetingRef(2006, 3), "terminate"), slot, lifetime(register, agreement))
    assert text == "Avtalen sies opp. Avtalen er allerede sagt opp og gjelder til og med 26.04.2007."


def test_new_agreements_decided_at_meeting_2_are_minuted_under_its_scope_item():
    """Which new agreements to enter is what meeting 2's scope item decides (M2-SCOPE; seed 000: «hvilke nye avtaler
    som skal inngås»). Was: the scope item said «Ikke behandlet» and each «ny avtale» decision stood at the end,
    «Registrert på møtet utenom dagsordenen». A new agreement has no item of its own at meeting 2 (not in force);
    the decision names it, and several are given in the order of their titles."""
    new = (Agreement("barnehage", "Avtale om kvalitet i barnehagene", state_parties=("KD",), other_parties=("KS",)),
           Agreement("eldre", "Avtale om en aldersvennlig kommune", state_parties=("HOD",), other_parties=("KS",)))
    register = dataclasses.replace(
        demo_register(),
        agreements=(*demo_register().agreements, *new),
        decisions=(Decision("barnehage", M2, "new", "KD legger fram et utkast til 3. møte."), Decision("eldre", M2, "new"),
                   Decision("barnevern", M2, "continue")),
    )
    text, items = items_of(register, 2, FOOTER2)
    scope = items[("scope", "")]
    assert ("Vedtak: Avtale om en aldersvennlig kommune: Ny avtale skal inngås. "
            "Avtale om kvalitet i barnehagene: Ny avtale skal inngås. KD legger fram et utkast til 3. møte.") in scope
    assert "Ikke behandlet" not in scope
    assert "utenom dagsordenen" not in text and text.count("Ny avtale skal inngås.") == 2
    assert "Vedtak: Avtalen videreføres." in items[("review", "barnevern")]


def test_a_new_agreement_decided_on_an_agreements_own_item_stays_there():
    """Meeting mode records «ny avtale» (key N) on the item in hand: on an agreement's review, it is that review's
    decision, not the scope item's."""
    register = dataclasses.replace(demo_register(), decisions=(Decision("barnevern", M2, "new"),))
    _, items = items_of(register, 2, FOOTER2)
    assert "Vedtak: Ny avtale skal inngås." in items[("review", "barnevern")]
    assert "Ikke behandlet" in items[("scope", "")]


def test_a_recorded_signing_names_who_signed():
    """Rule 55: where the minutes record a signing, they name the signatories as the register has them (name, role,
    party). Was: «Undertegnet 30.08.2006.» only. Items without a signing, and agreements without signatories, get
    no list; a signing recorded outside the agenda names them too."""
    signatories = SIGNATORIES
    demo = demo_register()
    register = dataclasses.replace(
        demo,
        agreements=tuple(dataclasses.replace(a, signatories=signatories) if a.key in ("bosetting-flyktninger", "kommunesammenslaing") else a
                         for a in demo.agreements),
        decisions=(Decision("bosetting-flyktninger", M2, "continue"), Decision("pleie-omsorg", M2, "renegotiate")),
        signings=(*demo.signings, Signing("bosetting-flyktninger", d("2006-08-30"), M3), Signing("pleie-omsorg", d("2006-08-30"), M3),
                  Signing("kommunesammenslaing", d("2006-08-30"), M3)),  # no item of its own at meeting 3
    )
    text, items = items_of(register, 3, "Protokoll 3. konsultasjonsmøte 2006")
    assert ("Undertegnet 30.08.2006. Undertegnet av: Halvdan Skard, leder, KS Bjarne Håkon Hansen, statsråd, AID"
            in items[("re-sign", "bosetting-flyktninger")])
    assert "Undertegnet av" not in items[("sign", "pleie-omsorg")] and "Undertegnet 30.08.2006." in items[("sign", "pleie-omsorg")]
    assert "Undertegnet av" not in items[("status", "bosetting-flyktninger")]
    leftover = text[text.index("Registrert på møtet utenom dagsordenen"):]
    assert ("Avtale om tilbud til kommuner som skal slå seg sammen Undertegnet 30.08.2006. "
            "Undertegnet av: Halvdan Skard, leder, KS; Bjarne Håkon Hansen, statsråd, AID") in leftover


def test_a_review_moved_beside_the_meetings_own_is_one_case_minuted_once():
    """Last year's review moved to this meeting 2 beside the meeting's own (a deviation imported, or made before
    Dagsorden refused such a move): one case on the agenda (the planner gives one review per agreement and meeting),
    telling both, with the meeting's one decision on the agreement and its protokoll text (was: two cases of one
    identity, the second «Ikke behandlet»)."""
    from konsultasjon_app.domain.model import Deviation, Meeting, Register

    last_year = {1: "2005-03-14", 2: "2005-04-25", 3: "2005-08-29", 4: "2005-10-24"}
    register = Register(
        meetings=(*(Meeting(2005, n, d(iso)) for n, iso in last_year.items()), *meetings_2006()),
        agreements=(in_force_agreement("arkiv", "Avtale om arkiv", signed_date=d("2004-01-10")),),
        deviations=(Deviation("review", "arkiv", MeetingRef(2005, 2), M2, None, "Partene ba om utsettelse"),),
        decisions=(Decision("arkiv", M2, "continue"),),
        agenda=(AgendaEntry(M2, "review", "arkiv", minutes="Partene var enige."),),
    )
    lines = year_agenda(register, plan(register, 2006, 2006, AS_OF), 2006)[2]
    assert [(line.case, line.ident) for line in lines if line.agreement == "arkiv"] == [("Sak 1/2006", ("review", "arkiv", ""))]
    text = body(minutes_of(register, 2), FOOTER2)
    assert text.count("Avtalen videreføres.") == 1 and text.count("Partene var enige.") == 1
    first = text[text.index("Sak 1/2006"):text.index("Sak 2/2006")]
    assert "Vedtak: Avtalen videreføres." in first and "Partene var enige." in first
    assert text.count("Gjennomgang av avtale om arkiv") == 1


def test_a_termination_pressed_on_the_status_item_is_minuted_there_not_under_the_signing_not_taken_up():
    """Renegotiated at meeting 2, so meeting 3 holds the agreement's signing and its status item; O on the status
    item (the one meeting mode marks as taken) terminates it: the minutes print the decision under that item (was:
    under the signing, the agreement's first item at the meeting, which nobody took up)."""
    from konsultasjon_app.domain.model import Register

    register = Register(
        meetings=meetings_2006(),
        agreements=(in_force_agreement("arkiv", "Avtale om arkiv", notice_months=3),),
        decisions=(Decision("arkiv", M2, "renegotiate"), Decision("arkiv", M3, "terminate")),
        agenda=(AgendaEntry(M3, "status", "arkiv", minutes="Partene er enige om å avslutte.", taken_at=dt.datetime(2006, 8, 30, 11, 0)),),
    )
    _, items = items_of(register, 3, "Protokoll 3. konsultasjonsmøte 2006")
    assert "Vedtak: Avtalen sies opp." in items[("status", "arkiv")]
    assert "Vedtak" not in items[("sign", "arkiv")]


def test_items_taken_at_times_with_and_without_a_time_zone_are_compared_as_oslo_times():
    """An imported bundle may give a time with an offset («…Z»), meeting mode writes Oslo's without one: the minutes
    compared them to find the item taken last and stopped with a TypeError (found by the review of the round's last
    changes). 09:30 UTC is 11:30 in Oslo, after 11:00: the decision stands under the signing item."""
    from konsultasjon_app.domain.model import Register

    register = Register(
        meetings=meetings_2006(),
        agreements=(in_force_agreement("arkiv", "Avtale om arkiv", notice_months=3),),
        decisions=(Decision("arkiv", M2, "renegotiate"), Decision("arkiv", M3, "terminate")),
        agenda=(AgendaEntry(M3, "status", "arkiv", taken_at=dt.datetime(2006, 8, 30, 11, 0)),
                AgendaEntry(M3, "sign", "arkiv", taken_at=dt.datetime(2006, 8, 30, 9, 30, tzinfo=dt.timezone.utc))),
    )
    _, items = items_of(register, 3, "Protokoll 3. konsultasjonsmøte 2006")
    assert "Vedtak: Avtalen sies opp." in items[("sign", "arkiv")] and "Vedtak" not in items[("status", "arkiv")]


def test_a_protokoll_text_of_short_lines_cut_over_pages_gets_no_empty_line_where_it_is_cut():
    """Was: an empty line after the third line, and at the top of every page the protokoll text ran on to."""
    from .test_agenda_pdf import assert_lines_run_on_at_the_leading

    lines = "\n".join(f"Punkt {n}" for n in range(1, 81))
    own = AgendaEntry(MeetingRef(2006, 1), "own", key="liste", title="Sak med en liste", position=0, minutes=lines)
    register = dataclasses.replace(demo_register(), meetings=meetings_2006(), agenda=(own,))
    assert_lines_run_on_at_the_leading(minutes_of(register, 1), "Punkt ", 80, 13.5)


def test_a_decision_longer_than_a_page_starts_below_a_short_protokoll_text_not_on_the_next_page():
    """Was: «Vedtak:» and its box went on to page 2 whole and left page 1 blank below the protokoll text."""
    from .test_agenda_pdf import assert_lines_run_on_at_the_leading

    note = "\n".join(f"Punkt {n}" for n in range(1, 91))
    register = dataclasses.replace(
        demo_register(), meetings=meetings_2006(), agreements=(in_force_agreement("a", "Avtale A"),),
        decisions=(Decision("a", M2, "continue", note),), signings=(),
        agenda=(AgendaEntry(M2, "review", "a", minutes="Kort protokolltekst."),),
    )
    data = minutes_of(register, 2)
    assert "Kort protokolltekst. Vedtak: Avtalen videreføres. Punkt 1 Punkt 2" in pages(data)[0]
    assert_lines_run_on_at_the_leading(data, "Punkt ", 90, 13.5)


def test_the_minutes_of_a_meeting_not_yet_held_are_a_draft_with_the_outcomes_left_blank():
    """Printed before the meeting (its date after the as-of day), the minutes are «Utkast til protokoll» in the
    heading, the footer and the PDF's title, and an item with nothing recorded is left blank for the meeting to fill
    in. Was: «Protokoll», and «Ikke behandlet – ingenting er registrert på saken.» under every item. Printed on the
    meeting's day or later, they are the minutes, and an item nothing was recorded for says so."""
    from io import BytesIO

    from pypdf import PdfReader

    register = recorded_register()
    ahead = minutes_pdf(register, plan(register, 2006, 2006, dt.date(2006, 4, 25)), 2006, 2)
    text = body(ahead, "Utkast til protokoll 2. konsultasjonsmøte 2006")
    assert "Utkast til protokoll – 2. konsultasjonsmøte 2006 Dato" in text
    assert "Ikke behandlet" not in text and "Protokoll" not in text
    assert PdfReader(BytesIO(ahead)).metadata.title == "Utkast til protokoll – 2. konsultasjonsmøte 2006"
    held = minutes_pdf(register, plan(register, 2006, 2006, dt.date(2006, 4, 26)), 2006, 2)
    text = body(held, FOOTER2)
    assert "Protokoll – 2. konsultasjonsmøte 2006 Dato" in text and "Utkast" not in text
    assert "Ikke behandlet – ingenting er registrert på saken." in text
    assert PdfReader(BytesIO(held)).metadata.title == "Protokoll – 2. konsultasjonsmøte 2006"
