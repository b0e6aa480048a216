"""The criteria sets the program knows from its sources, kept as templates: stored only when the user asks for them.

A new database stays empty (tools compare import ∘ export of bundles); a built-in set enters the database when the
user adds it ("Legg til innebygd kriteriesett") or rates an agreement against it, and from then on it is the
user's own set, edited like any other. The keys of the criteria are what assessments refer to: never change them.

- `monsteravtale`: the model agreement's checklist, seed 000 ch. 4.8 (the 2006 working group). Only section 2
  names sub-points ("Punktet kan deles inn i underpunkt"); the bullets of the other sections are guidance and are
  kept in the descriptions, because their rating is not a count of points met (an agreement without an end date
  is not in line even if it has a notice period).
- `nav2017`: the six criteria Proba used to assess 21 local NAV partnership agreements against the 2017 working
  group's recommendations, seed 001 ch. 3.2 and 4 (recommendations 3 and 4 merged, as the report does). Sub-points
  are given where the report rates by counting points: "Styringsindikatorer / mål- og resultatkrav" ("Omtales kun
  ett av punktene … delvis i tråd … flere punkter som ikke er omtalt … ikke i tråd") and "Administrasjon og
  prioriterte oppgaver" (both service areas and a cost principle are required).
"""

from __future__ import annotations

from .model import CriteriaSet, Criterion

MODEL_AGREEMENT_KEY = "monsteravtale"
NAV2017_KEY = "nav2017"

MODEL_AGREEMENT = CriteriaSet(
    MODEL_AGREEMENT_KEY,
    "Mønsteravtalen (arbeidsgruppen 2006)",
    (
        Criterion(
            "formal",
            "Formålet med avtalen",
            "Det bør gå tydelig fram hva som er bakgrunnen for, og målsetningene med, samarbeidsavtalen. Dersom det "
            "kan defineres konkrete målsetninger til samarbeidet, bør disse framgå her. Dersom samarbeidsavtalen "
            "benyttes istedenfor andre, sterke styringsmidler, kan dette med fordel også framgå her.",
        ),
        Criterion(
            "forpliktelser",
            "Partenes forpliktelser",
            "Punktet kan deles inn i underpunkt: partenes felles plikter, KS' plikter og statens plikter.",
            ("Partenes felles plikter", "KS' plikter", "Statens plikter"),
        ),
        Criterion(
            "okonomi",
            "Økonomi",
            "Dersom det er knyttet ekstraordinær ressurstilgang eller økonomiske rammer til avtalen, bør dette framgå "
            "av avtalen. Det bør også framgå hva en eventuell økonomisk kompensasjon er knyttet til. Kompensasjon "
            "gis med forbehold om Stortingets bevilgning.",
        ),
        Criterion(
            "evaluering",
            "Evaluering",
            "Det bør framgå at avtalen skal evalueres. Om mulig bør det også gå fram hvordan evalueringen skal "
            "foregå, og om det er særskilte forhold ved avtalen som skal evalueres. Det bør framgå at status for, og "
            "evaluering av, avtalen skal gjennomgås på det 3. konsultasjonsmøtet hvert år.",
        ),
        Criterion(
            "varighet",
            "Varighet og oppsigelse",
            "Tidspunkt for ikrafttredelse og avtalens varighet må gå klart fram. Avtalens varighet bør som hovedregel "
            "ikke gå ut over inneværende stortingsperiode. Dersom det skal være en viss oppsigelsestid, må dette gå "
            "fram.",
        ),
        Criterion(
            "underskrifter",
            "Underskrifter",
            "Avtalen signeres av KS' leder og berørte statsråder. Eksempel: «Ola Normann, statsråd, "
            "Kunnskapsdepartementet».",
        ),
    ),
)

NAV2017 = CriteriaSet(
    NAV2017_KEY,
    "NAV-kontorene: arbeidsgruppens anbefalinger (2017)",
    (
        Criterion(
            "styringsgrunnlag",
            "Felles styringsgrunnlag",
            "Det enkelte partnerskapet bør konkretisere felles styringsprinsipper for NAV-kontoret. I tråd dersom "
            "avtalen omtaler behov for å samordne styringssignaler mellom stat og kommune, og/eller bruker begreper "
            "som styringssignaler eller styringsprinsipper. Det bør også være omtale av delegering av myndighet, som "
            "anbefalt i veilederen. Står det bare at styringen skjer i møte mellom fylkesdirektør og rådmann, uten at "
            "partene i fellesskap skal komme fram til rammer eller metoder, er avtalen ikke i tråd.",
        ),
        Criterion(
            "felles-ansvar",
            "Felles ansvar for utvikling/måloppnåelse",
            "Målet bør være at begge eierne er like engasjert i NAV-kontorets utvikling, og at statlige og kommunale "
            "ansvarsområder ses i sammenheng. I tråd dersom avtalen har målsetninger eller styringsprinsipper om et "
            "felles utviklingsansvar, eller at begge partene er ansvarlige for måloppnåelse.",
        ),
        Criterion(
            "styringsindikatorer",
            "Styringsindikatorer/mål- og resultatkrav",
            "Partnerskapet bør være enige om styringsindikatorer for kontoret, og vurdere hensiktsmessige måter å "
            "følge opp NAV-lederen på (anbefaling 3 og 4, slått sammen). I tråd dersom avtalen sier at partene skal "
            "bli enige om felles styringsindikatorer eller mål- og resultatkrav for både statlige og kommunale "
            "tjenester, og omtaler både leders ansvar for virksomhetsplan og hvordan leder skal vurderes. Mangler ett "
            "av punktene: delvis i tråd; mangler flere: ikke i tråd.",
            (
                "Felles styringsindikatorer eller mål- og resultatkrav for statlige og kommunale tjenester",
                "Leders ansvar for virksomhetsplan",
                "Hvordan leder skal følges opp og vurderes",
            ),
        ),
        Criterion(
            "administrasjon",
            "Administrasjon og prioriterte oppgaver",
            "Begge parter bør ha et felles mål om å avlaste NAV-lederen for administrative oppgaver. I tråd dersom "
            "avtalen omtaler administrativ ressursfordeling: fordeling av tjenesteområder og et kostnadsprinsipp "
            "(f.eks. at partene svarer for sin del av felles driftsutgifter ut fra antall årsverk). Er tjenesteområder "
            "omtalt uten konkrete oppgaver for verken etaten eller kommunen: delvis i tråd. Henvises det bare til egen "
            "driftsavtale for kostnadene: ikke i tråd.",
            (
                "Fordeling av tjenesteområder, med konkrete oppgaver for etaten eller kommunen",
                "Kostnadsprinsipp for felles driftsutgifter (ikke bare henvisning til egen driftsavtale)",
            ),
        ),
        Criterion(
            "leder-sentralt",
            "Leder skal sitte på sentralt nivå",
            "For å sikre at partnerskapet balanserer mellom kommunale og statlige interesser, bør NAV-lederen sitte på "
            "sentralt nivå i den kommunale ledelsen. I tråd dersom avtalen omtaler leders plassering eller leders "
            "rolle i partnerskapsmøtet (f.eks. ansvar for agenda).",
        ),
        Criterion(
            "ledermodell",
            "Vurdering av ledermodell",
            "Kontorer med delt ledelse (to-ledermodell) bør vurdere om ledermodellen er hensiktsmessig (Meld. St. 33). "
            "Bare relevant for kontorer med to ledere: i tråd dersom avtalen vurderer om modellen er mest "
            "hensiktsmessig for kontoret. For kontorer med én leder er kriteriet ikke relevant.",
        ),
    ),
)

BUILTIN_SETS: dict[str, CriteriaSet] = {s.key: s for s in (MODEL_AGREEMENT, NAV2017)}
