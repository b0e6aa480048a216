"""`held_agenda_changes`: what a change would do to the agendas of meetings already held (handed out, minuted), so
that the window can say so before it is made. Registers built in memory; no Qt, no SQL."""

from __future__ import annotations

import dataclasses
import datetime as dt

from konsultasjon_app.domain.agenda import held_agenda_changes
from konsultasjon_app.domain.model import Agreement, Decision, Meeting, MeetingRef, Register, Settings

TODAY = dt.date(2026, 11, 26)
DATES = {1: "2026-03-11", 2: "2026-04-22", 3: "2026-08-26", 4: "2026-10-21"}


def agreement(key: str, title: str) -> Agreement:
    return Agreement(key, title, signed_date=dt.date(2025, 1, 15), end_date=dt.date(2028, 12, 31), notice_months=3,
                     evaluation_clause="Avtalen evalueres årlig.")


def register(*agreements: Agreement, **fields) -> Register:
    meetings = tuple(Meeting(2026, n, dt.date.fromisoformat(iso), "Oslo") for n, iso in DATES.items())
    return Register(meetings=meetings, agreements=agreements, **fields)


BEFORE = register(agreement("a", "Avtale om arkiv"), agreement("b", "Avtale om barnehage"), agreement("c", "Avtale om kultur"))


def test_a_change_that_leaves_the_held_agendas_alone_says_nothing():
    after = dataclasses.replace(BEFORE, agreements=(*BEFORE.agreements[:2], dataclasses.replace(BEFORE.agreements[2], notes="Nytt notat")))
    assert held_agenda_changes(BEFORE, after, TODAY) == []


def test_a_new_title_that_changes_the_items_order_names_the_renumbered_cases():
    renamed = dataclasses.replace(BEFORE.agreements[0], title="Avtale om øyer")
    after = dataclasses.replace(BEFORE, agreements=(renamed, *BEFORE.agreements[1:]))
    said = held_agenda_changes(BEFORE, after, TODAY)
    # Meeting 2's reviews and meeting 3's status items are in title order; meetings 1 and 4 hold no such items.
    assert [s.split(":")[0] for s in said] == ["2. møte 2026 (22.04.2026)", "3. møte 2026 (26.08.2026)"]
    assert "nye saksnumre: Sak 1/2026 blir Sak 3/2026, Sak 2/2026 blir Sak 1/2026" in said[0]


def test_a_meeting_not_yet_held_is_not_named():
    renamed = dataclasses.replace(BEFORE.agreements[0], title="Avtale om øyer")
    after = dataclasses.replace(BEFORE, agreements=(renamed, *BEFORE.agreements[1:]))
    said = held_agenda_changes(BEFORE, after, dt.date(2026, 6, 1))
    assert [s.split(" (")[0] for s in said] == ["2. møte 2026"]


def test_a_deleted_agreement_takes_its_items_off_the_held_agendas():
    after = dataclasses.replace(BEFORE, agreements=BEFORE.agreements[1:])
    said = held_agenda_changes(BEFORE, after, TODAY)
    assert "går ut: Sak 1/2026 «Gjennomgang av avtale om arkiv»" in said[0]


def test_a_setting_that_brings_new_items_to_a_held_meeting_names_them():
    """Re-signing on every continue, turned on in November, puts re-signing items on meeting 3, held in August."""
    decided = dataclasses.replace(BEFORE, decisions=(Decision("b", MeetingRef(2026, 2), "continue"),))
    after = dataclasses.replace(decided, settings=Settings(resign_on_every_continue=True))
    said = held_agenda_changes(decided, after, TODAY)
    assert any(s.startswith("3. møte 2026") and "kommer til: «Undertegning på nytt av avtale om barnehage»" in s for s in said)


def test_a_new_key_alone_changes_no_held_agenda():
    """An agreement given a new key has the same items: no question. Was: "går ut: Sak 1/2026 …; kommer til: … som
    Sak 1/2026" for every item of it."""
    after = dataclasses.replace(BEFORE, agreements=(dataclasses.replace(BEFORE.agreements[0], key="arkivet"), *BEFORE.agreements[1:]))
    assert held_agenda_changes(BEFORE, after, TODAY, {"a": "arkivet"}) == []
    assert held_agenda_changes(BEFORE, after, TODAY) != []  # without being told, the items look gone and new


def test_a_change_of_many_items_names_three_of_each_kind_and_counts_the_rest():
    """A question that names every item may be taller than the screen (its Ja/Nei out of sight)."""
    many = register(*(agreement(f"k{n:02d}", f"Avtale om område {n:02d}") for n in range(12)))
    after = dataclasses.replace(many, agreements=many.agreements[:2])
    said = held_agenda_changes(many, after, TODAY)
    assert said[0].count("«") == 3 and "og 7 til" in said[0]  # ten reviews gone at meeting 2: three named
    assert all(len(s) < 400 for s in said)


def test_a_change_of_government_before_a_held_meeting_2_says_its_reviews_are_worded_anew():
    """A government entered after meeting 2 was held (took office 17.10.2025): every review of that meeting gets
    «regjeringsskifte» and its sentence, in the same place with the same number. Was: nothing said, and the agenda
    printed again differed from the one handed out (found by the audit of a year with a new government)."""
    from konsultasjon_app.domain.model import Government

    after = dataclasses.replace(BEFORE, governments=(Government("Støre II", dt.date(2025, 10, 17)),))
    said = held_agenda_changes(BEFORE, after, dt.date(2026, 5, 1))
    assert said == ["2. møte 2026 (22.04.2026): ny merknad og sakstekst: Sak 1/2026 «Gjennomgang av avtale om arkiv», "
                    "Sak 2/2026 «Gjennomgang av avtale om barnehage», Sak 3/2026 «Gjennomgang av avtale om kultur»."]
    assert held_agenda_changes(after, BEFORE, dt.date(2026, 5, 1)) == said  # and back, deleting it
