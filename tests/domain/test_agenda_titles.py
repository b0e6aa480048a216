"""The agenda's default item titles: the agreement's title read on in a sentence ("Gjennomgang av avtale om …")."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from konsultasjon_app.domain import bundle
from konsultasjon_app.domain.agenda import title_in_sentence, year_agenda
from konsultasjon_app.domain.model import Agreement, Meeting, Register
from konsultasjon_app.domain.planner import plan
from konsultasjon_app.store.demo import demo_bundle_path


@pytest.mark.parametrize(("title", "expected"), [
    # Generic first words: a common noun or adjective, capitalised only because it begins the title.
    ("Avtale om videreutvikling av barnevernet", "avtale om videreutvikling av barnevernet"),
    ("Samarbeidsavtalen om kvalitetsutvikling i skolen", "samarbeidsavtalen om kvalitetsutvikling i skolen"),
    ("Samarbeidsavtale om finansiering av programmet", "samarbeidsavtale om finansiering av programmet"),
    ("Rammeavtale med KS om arbeids- og velferdsforvaltning", "rammeavtale med KS om arbeids- og velferdsforvaltning"),
    ("Kvalitetsavtalen for barnehagene", "kvalitetsavtalen for barnehagene"),
    ("Intensjonsavtale om et mer inkluderende arbeidsliv", "intensjonsavtale om et mer inkluderende arbeidsliv"),
    ("Ny arbeids- og velferdsforvaltning – Rammeavtale mellom KS og AID", "ny arbeids- og velferdsforvaltning – Rammeavtale mellom KS og AID"),
    ("Nytt inntektssystem", "nytt inntektssystem"),
    ("Felles digitaliseringsprogram", "felles digitaliseringsprogram"),
    ("Samarbeid om digitalisering", "samarbeid om digitalisering"),
    ("Lokal NAV-avtale", "lokal NAV-avtale"),
    ("Overordnet samarbeidsavtale mellom KS og regjeringen", "overordnet samarbeidsavtale mellom KS og regjeringen"),
    ("Intensjonserklæring om samarbeid", "intensjonserklæring om samarbeid"),
    ("Handlingsplan for forebygging", "handlingsplan for forebygging"),
    ("Kompetanseprogrammet i barnehagen", "kompetanseprogrammet i barnehagen"),
    # A compound ending in -samarbeid(et) (seed 004: «Trepartssamarbeid», «Trepartssamarbeidet står sentralt i
    # kvalitetskommuneprogrammet»); was: «Gjennomgang av Klimasamarbeid mellom staten og KS».
    ("Klimasamarbeid mellom staten og KS", "klimasamarbeid mellom staten og KS"),
    ("Trepartssamarbeid", "trepartssamarbeid"),
    ("Trepartssamarbeidet i kvalitetskommuneprogrammet", "trepartssamarbeidet i kvalitetskommuneprogrammet"),
    ("Kommunesamarbeidsavtalen om NAV-kontoret i Arendal", "kommunesamarbeidsavtalen om NAV-kontoret i Arendal"),
    # Names and abbreviations keep their capitals, and the rest of the title stays as written.
    ("Sámediggi og KS: avtale om samisk språk", "Sámediggi og KS: avtale om samisk språk"),
    ("Oslo-avtalen", "Oslo-avtalen"),
    ("NAV-avtalen", "NAV-avtalen"),
    ("Oslo-samarbeidet", "Oslo-samarbeidet"),
    ("KS-samarbeidet om digitalisering", "KS-samarbeidet om digitalisering"),
    ("Arendal kommune og NAV: samarbeid om NAV-kontoret", "Arendal kommune og NAV: samarbeid om NAV-kontoret"),
    ("KS' avtale med staten", "KS' avtale med staten"),
    ("Trondheim kommune og staten", "Trondheim kommune og staten"),
    ("Grimstad kommune", "Grimstad kommune"),
    ("Kommunereformen – avtale om tilbud", "Kommunereformen – avtale om tilbud"),
    ("", ""),
    ("A", "A"),
])
def test_only_a_generic_first_word_is_put_in_lower_case(title, expected):
    assert title_in_sentence(title) == expected


def test_the_agendas_titles_keep_a_name_and_lower_a_common_noun():
    """Was: every title's first letter lower-cased ("Gjennomgang av sámediggi …", "… av oslo-avtalen")."""
    agreements = (
        Agreement("sam", "Sámediggi og KS: avtale om samisk språk", signed_date=dt.date(2005, 1, 10), end_date=dt.date(2008, 12, 31)),
        Agreement("oslo", "Oslo-avtalen", signed_date=dt.date(2005, 1, 10), end_date=dt.date(2008, 12, 31)),
        Agreement("bv", "Avtale om videreutvikling av barnevernet", signed_date=dt.date(2005, 1, 10), end_date=dt.date(2008, 12, 31)),
    )
    register = Register(meetings=(Meeting(2006, 2, dt.date(2006, 4, 26), "Oslo"),), agreements=agreements)
    titles = {line.agreement: line.title for line in year_agenda(register, plan(register, 2006, 2006, dt.date(2006, 12, 31)), 2006)[2] if line.agreement}
    assert titles == {
        "sam": "Gjennomgang av Sámediggi og KS: avtale om samisk språk",
        "oslo": "Gjennomgang av Oslo-avtalen",
        "bv": "Gjennomgang av avtale om videreutvikling av barnevernet",
    }


def test_the_demo_agreements_read_as_before():
    """Every title of the demo begins with a common noun: its agenda titles are the same as before."""
    register = bundle.read_bundle(json.loads(demo_bundle_path().read_text(encoding="utf-8"))).register
    for agreement in register.agreements:
        assert title_in_sentence(agreement.title) == agreement.title[0].lower() + agreement.title[1:], agreement.title
