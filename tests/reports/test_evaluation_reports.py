"""The evaluation report as PDF (read back with pypdf) and XLSX (read back with openpyxl): the summary numbers,
every agreement's ratings and justifications, text kept as text."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from konsultasjon_app.domain.bundle import read_bundle
from konsultasjon_app.domain.criteria_builtin import MODEL_AGREEMENT
from konsultasjon_app.domain.evaluation import RATING_NB, EvaluationFilter, evaluation_report
from konsultasjon_app.domain.model import RATINGS, Agreement, Assessment, Decision, MeetingRef, Register, Signing, norwegian_key
from konsultasjon_app.domain.problems import InvalidInput
from konsultasjon_app.reports.evaluation_pdf import evaluation_pdf
from konsultasjon_app.reports.evaluation_xlsx import RATINGS_HEADERS, SUMMARY_HEADER_ROW, SUMMARY_HEADERS, evaluation_xlsx
from konsultasjon_app.store.register_table import xlsx_unescape

from .support import MARKUP_TITLE, body, demo_register, fonts, lines_at, page_footers, pages, whole

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "nav2017-assessments.json"
TODAY = dt.date(2018, 8, 20)
FOOTER = "Status og evaluering – NAV-kontorene: arbeidsgruppens anbefalinger (2017)"
MODEL_FOOTER = f"Status og evaluering – {MODEL_AGREEMENT.title}"
TABELL_4_1 = [
    ("Felles styringsgrunnlag", [16, 1, 4, 0, 0], "76 %"),
    ("Felles ansvar for utvikling/måloppnåelse", [21, 0, 0, 0, 0], "100 %"),
    ("Styringsindikatorer/mål- og resultatkrav", [13, 7, 1, 0, 0], "62 %"),
    ("Administrasjon og prioriterte oppgaver", [10, 3, 8, 0, 0], "48 %"),
    ("Leder skal sitte på sentralt nivå", [8, 0, 13, 0, 0], "38 %"),
    ("Vurdering av ledermodell", [0, 0, 2, 18, 1], "0 %"),
]
# A rating as the per-agreement tables print it (not inside «…», where an override names the derived rating).
LABEL = re.compile(r"(?<!«)(Ikke i tråd|Delvis i tråd|Ikke relevant|Ikke vurdert|I tråd)(?!»)")


@pytest.fixture(scope="module")
def nav() -> Register:
    return read_bundle(json.loads(FIXTURE.read_text(encoding="utf-8"))).register


@pytest.fixture(scope="module")
def nav_pdf(nav) -> bytes:
    return evaluation_pdf(evaluation_report(nav, "nav2017"), TODAY)


def test_the_pdf_has_the_summary_numbers(nav_pdf):
    text = body(nav_pdf, FOOTER)
    # No year chosen; the 21 local NAV agreements are category `other`: no samarbeidsavtaler.
    assert "Status og evaluering av andre avtaler Utvalg: alle avtaler Kriteriesett:" in text
    assert "21 avtaler vurdert mot 6 kriterier. Skrevet ut 20.08.2018." in text
    summary = text[: text.index("Vurderinger per avtale")]
    # Each row's five counts and its share, in the order of the criteria (a long title may wrap around them).
    numbers = re.findall(r"(\d+) (\d+) (\d+) (\d+) (\d+) (\d+ %|–)", summary)
    assert [([int(n) for n in row[:5]], row[5]) for row in numbers] == [(counts, share) for _, counts, share in TABELL_4_1]


def test_the_pdf_has_every_agreements_ratings_and_justifications(nav, nav_pdf):
    text = body(nav_pdf, FOOTER)
    section = text[text.index("Vurderinger per avtale") : text.index("Kriteriene")]
    listed = sorted(nav.agreements, key=lambda a: norwegian_key(a.title))
    starts = [section.index(a.title) for a in listed]
    assert starts == sorted(starts)  # by title
    by_agreement = {}
    for a in nav.assessments:
        by_agreement.setdefault(a.agreement, []).append(a)
    for i, agreement in enumerate(listed):
        part = section[starts[i] + len(agreement.title) : starts[i + 1] if i + 1 < len(starts) else len(section)]
        ratings = by_agreement[agreement.key]
        assert LABEL.findall(part) == [RATING_NB[a.rating] for a in ratings], agreement.key
        for a in ratings:
            assert " ".join(a.justification.split()) in part, (agreement.key, a.criterion)
    # An override prints its reason; ticked sub-points are named.
    arendal = section[section.index("Arendal kommune") : section.index("Grimstad kommune")]
    assert "Delpunktene gir «Delvis i tråd»; vurdert annerledes fordi: Kostnadsprinsipp mangler" in arendal
    assert "Ikke oppfylt: Kostnadsprinsipp for felles driftsutgifter" in arendal


def test_the_pdf_pages_are_numbered_and_fonts_embedded(nav_pdf):
    footers = page_footers(nav_pdf, FOOTER)
    assert footers == [(n, len(footers)) for n in range(1, len(footers) + 1)]
    assert all(fonts(nav_pdf).values())


def test_the_pdf_sets_its_italics_in_the_italic_face_and_later_documents_stay_upright(nav):
    """The evaluation report is the one document with italics («Oppfylt:», «Ingen vurdering registrert.»); its
    italic faces must not leak into the agenda made right after it in the same process (the window prints both)."""
    from konsultasjon_app.domain.planner import plan
    from konsultasjon_app.reports.agenda_pdf import agenda_pdf

    from .support import demo_register

    assert {"/AAAAAA+DejaVuSans-Oblique", "/AAAAAA+DejaVuSans"} <= set(fonts(evaluation_pdf(evaluation_report(nav, "nav2017"), TODAY)))
    register = demo_register()
    agenda = agenda_pdf(register, plan(register, 2006, 2006, dt.date(2006, 1, 10)), 2006, 2)
    assert set(fonts(agenda)) == {"/AAAAAA+DejaVuSans", "/AAAAAA+DejaVuSans-Bold"}


def test_user_text_is_printed_literally_and_a_filter_is_named(nav):
    odd = Agreement("odd", MARKUP_TITLE, category="other", signed_date=dt.date(2016, 3, 1))
    register = replace(nav, agreements=nav.agreements + (odd,),
                       assessments=nav.assessments + (Assessment("odd", "nav2017", "felles-ansvar", "delvis", "<i>ikke</i> & </para> kursiv"),))
    data = evaluation_pdf(evaluation_report(register, "nav2017", EvaluationFilter(year=2016)), TODAY)
    text = body(data, FOOTER)
    assert MARKUP_TITLE in text and "<i>ikke</i> & </para> kursiv" in text
    assert "Utvalg: i kraft på 3. møte 2016 (15.08.2016, foreløpig dato)" in text and "Til 3. konsultasjonsmøte 2016" in text
    assert "6 avtaler vurdert mot 6 kriterier" in text
    # Odd was rated on one criterion only: the others print as not assessed.
    part = text[text.index(MARKUP_TITLE):text.index("Kriteriene")]
    assert LABEL.findall(part)[:6] == ["Ikke vurdert", "Delvis i tråd", "Ikke vurdert", "Ikke vurdert", "Ikke vurdert", "Ikke vurdert"]


def test_the_report_for_meeting_3_says_in_its_title_which_kinds_of_agreement_it_lists():
    """With a year chosen and no category, the report for meeting 3 lists every agreement in force there, also a
    category `other` one (registered and evaluated only, DOMAIN §4): its title says «samarbeidsavtalene og andre
    avtaler», as the PDF's own title does; the consultation agreements alone keep «samarbeidsavtalene», the others
    alone are «andre avtaler». Was: «Status og evaluering av samarbeidsavtalene» over all of them."""
    from pypdf import PdfReader

    demo = demo_register()
    local = Agreement("nav-lokal", "Partnerskapsavtale NAV Arendal", category="other", signed_date=dt.date(2006, 3, 1))
    register = replace(demo, agreements=demo.agreements + (local,), criteria_sets=(MODEL_AGREEMENT,),
                       assessments=(Assessment("skole", "monsteravtale", "formal", "i_traad"),
                                    Assessment("nav-lokal", "monsteravtale", "formal", "delvis")))
    for category, title in ((None, "Status og evaluering av samarbeidsavtalene og andre avtaler"),
                            ("consultation", "Status og evaluering av samarbeidsavtalene"),
                            ("other", "Status og evaluering av andre avtaler")):
        data = evaluation_pdf(evaluation_report(register, "monsteravtale", EvaluationFilter(category=category, year=2006)), TODAY)
        text = body(data, MODEL_FOOTER)
        assert text.startswith(f"Konsultasjonsordningen mellom staten og KS {title} Til 3. konsultasjonsmøte 2006 "), (category, text[:120])
        assert ("Partnerskapsavtale NAV Arendal" in text) == (category != "consultation")
        assert PdfReader(BytesIO(data)).metadata.title == f"{title} – {MODEL_AGREEMENT.title}"


def test_a_report_without_a_year_claims_no_meeting_and_says_what_it_covers():
    """No year chosen («Alle år», the filter as the tab opens; the command line without --year): every agreement,
    also those that ended years ago, so the report is headed by its selection, as the workbook says it, and names
    no meeting. Was: «Til 3. konsultasjonsmøte <this year>» over all of them, with no selection line. With a year
    the heading names that year's meeting 3, and the selection line says which agreements that is."""
    demo = replace(demo_register(), criteria_sets=(MODEL_AGREEMENT,),
                   assessments=(Assessment("skole", "monsteravtale", "formal", "i_traad"),))
    for flt, selection in ((EvaluationFilter(), "alle avtaler"), (EvaluationFilter(category="consultation"), "konsultasjonsavtaler")):
        report = evaluation_report(demo, "monsteravtale", flt)
        text = body(evaluation_pdf(report, dt.date(2026, 8, 20)), MODEL_FOOTER)
        assert "Til 3." not in text and f"Status og evaluering av samarbeidsavtalene Utvalg: {selection} Kriteriesett:" in text
        assert text.count("Utvalg:") == 1
        assert load_workbook(BytesIO(evaluation_xlsx(report, TODAY)))["Oppsummering"]["A2"].value == f"Utvalg: {selection}"
    text = body(evaluation_pdf(evaluation_report(demo, "monsteravtale", EvaluationFilter(year=2026)), dt.date(2026, 8, 20)),
                MODEL_FOOTER)
    assert "Status og evaluering av samarbeidsavtalene Til 3. konsultasjonsmøte 2026 Kriteriesett:" in text
    assert text.count("Utvalg:") == 1 and "Utvalg: i kraft på 3. møte 2026" in text


def test_the_report_for_meeting_3_lists_that_meetings_agreements_in_the_pdf_and_the_workbook():
    """«Til 3. konsultasjonsmøte 2006» (30.08.2006) over the consultation agreements: the six with a status item on
    that meeting's agenda (rule M3-STATUS), its selection line saying so, in the PDF and the workbook alike. Was: also
    barnevern (terminated at meeting 2, ended 26.07.2006), pleie-omsorg (expired 19.06.2006) and barnehage (signed
    25.10.2006), «i kraft i 2006»."""
    from konsultasjon_app.domain.planner import plan

    demo = demo_register()
    register = replace(
        demo,
        agreements=demo.agreements + (Agreement("barnehage", "Avtale om kvalitet i barnehagene", state_parties=("KD",)),),
        decisions=(Decision("barnehage", MeetingRef(2006, 2), "new"), Decision("barnevern", MeetingRef(2006, 2), "terminate")),
        signings=demo.signings + (Signing("barnehage", dt.date(2006, 10, 25), MeetingRef(2006, 4)),),
        criteria_sets=(MODEL_AGREEMENT,),
        assessments=(Assessment("skole", "monsteravtale", "formal", "i_traad"), Assessment("barnevern", "monsteravtale", "formal", "delvis")),
    )
    statuses = {i.agreement for i in plan(register, 2006, 2006, dt.date(2006, 12, 31)).items if i.action == "status" and i.meeting == 3}
    assert len(statuses) == 6
    report = evaluation_report(register, "monsteravtale", EvaluationFilter(category="consultation", year=2006))
    text = whole(evaluation_pdf(report, TODAY))
    assert "Til 3. konsultasjonsmøte 2006" in text and "Utvalg: konsultasjonsavtaler, i kraft på 3. møte 2006 (30.08.2006)" in text
    assert "1 avtale vurdert" in text and "5 avtaler i utvalget har ingen vurdering" in text  # skole rated; barnevern is not in it
    titles = {a.key: a.title for a in register.agreements}
    assert {key for key, title in titles.items() if title in text} == statuses
    book = load_workbook(BytesIO(evaluation_xlsx(report, TODAY)))
    assert book["Oppsummering"]["A2"].value == "Utvalg: konsultasjonsavtaler, i kraft på 3. møte 2006 (30.08.2006)"
    # The workbook names the same agreements: skole's ratings, and the five not rated on a sheet of their own.
    rows = list(book["Vurderinger"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["skole"] * len(MODEL_AGREEMENT.criteria)
    assert {r[0] for r in book["Ikke vurdert"].iter_rows(min_row=2, values_only=True)} == statuses - {"skole"}


def test_the_pdf_names_the_set_and_the_agreements_as_the_reader_knows_them_not_by_their_keys():
    """The footer on every page and the «Kriteriesett» line name the set by its title, and an agreement's line under
    its heading gives its parties only. Was: the set's key in the footer («Status og evaluering – monsteravtale»,
    which reads as a misspelling of «mønsteravtale») and after the title, and the agreement's register key before
    its parties («digi · KDD, DFD, KS»)."""
    register = Register(
        agreements=(Agreement("digi", "Digitaliseringsavtalen", state_parties=("KDD", "DFD"), other_parties=("KS",)),),
        criteria_sets=(MODEL_AGREEMENT,),
        assessments=(Assessment("digi", "monsteravtale", "formal", "i_traad", "Formålet er klart."),),
    )
    data = evaluation_pdf(evaluation_report(register, "monsteravtale"), TODAY)
    footers = page_footers(data, "Status og evaluering – Mønsteravtalen (arbeidsgruppen 2006)")
    assert footers == [(n, len(footers)) for n in range(1, len(footers) + 1)]
    text = body(data, MODEL_FOOTER)
    assert "Kriteriesett: Mønsteravtalen (arbeidsgruppen 2006) 1 avtale vurdert" in text
    assert "Digitaliseringsavtalen KDD, DFD, KS Kriterium Vurdering Begrunnelse" in text
    assert "monsteravtale" not in whole(data) and "digi " not in whole(data)


def test_a_long_set_title_is_cut_short_in_the_footer_before_the_page_number():
    """The footer's title is the user's: one longer than the line stops with «…» before «Side x av y»."""
    from konsultasjon_app.reports.meeting_docs import FRAME_WIDTH
    from konsultasjon_app.reports.pdf import FONT

    from reportlab.pdfbase.pdfmetrics import stringWidth

    long_title = "Kriterier for evaluering av samarbeidsavtalene mellom staten og KS " * 3
    register = Register(agreements=(Agreement("a", "Avtale A"),), criteria_sets=(replace(MODEL_AGREEMENT, title=long_title),),
                        assessments=(Assessment("a", "monsteravtale", "formal", "i_traad"),))
    data = evaluation_pdf(evaluation_report(register, "monsteravtale"), TODAY)
    footer = re.findall(r"(Status og evaluering – Kriterier[^…]*…) Side 1 av", pages(data)[0])
    assert len(footer) == 1 and stringWidth(f"{footer[0]}  Side 1 av 2", FONT, 8) < FRAME_WIDTH  # the two do not meet
    assert long_title.strip() in whole(data)  # the «Kriteriesett» line gives it whole


def test_the_share_in_line_says_what_it_is_out_of():
    """«Andel i tråd» is «I tråd» out of the ratings in tråd, delvis or ikke i tråd: 2 of 6 where 8 agreements are
    rated, two of them «Ikke relevant». A note under the summary says so, in the PDF and the workbook. Was: 33 %
    beside «8 avtaler vurdert» and «I tråd 2», with nothing to tell a reader who made it 2 of 8, 25 %."""
    ratings = ("i_traad", "i_traad", "delvis", "delvis", "ikke_i_traad", "ikke_i_traad", "ikke_relevant", "ikke_relevant")
    register = Register(
        agreements=tuple(Agreement(f"a{n}", f"Avtale {n}") for n in range(8)),
        criteria_sets=(MODEL_AGREEMENT,),
        assessments=tuple(Assessment(f"a{n}", "monsteravtale", "formal", rating) for n, rating in enumerate(ratings)),
    )
    report = evaluation_report(register, "monsteravtale")
    text = body(evaluation_pdf(report, TODAY), MODEL_FOOTER)
    note = ("Andel i tråd: andelen «I tråd» av vurderingene som er i tråd, delvis i tråd eller ikke i tråd. "
            "«Ikke relevant» og «Ikke vurdert» er holdt utenfor.")
    assert "8 avtaler vurdert" in text and "Formålet med avtalen 2 2 2 2 0 33 %" in text
    summary = text[text.index("Oppsummering") : text.index("Vurderinger per avtale")]
    assert summary.index("Underskrifter 0 0 0 0 8 –") < summary.index(note)  # under the table
    sheet = load_workbook(BytesIO(evaluation_xlsx(report, TODAY)))["Oppsummering"]
    last = SUMMARY_HEADER_ROW + len(MODEL_AGREEMENT.criteria)
    assert sheet.cell(last, 1).value == "Underskrifter" and sheet.cell(last + 2, 1).value == note
    # Across the table's width and wrapped, so that a page fitted to the table prints it whole (it ran past column G);
    # the heading names the set as the PDF does, without its key.
    assert f"A{last + 2}:G{last + 2}" in {str(r) for r in sheet.merged_cells.ranges} and sheet.cell(last + 2, 1).alignment.wrap_text
    assert sheet["A1"].value == f"Status og evaluering – {MODEL_AGREEMENT.title}"


def test_an_empty_set_prints_a_report_that_says_so():
    register = Register(agreements=(Agreement("a", "Avtale A"),))
    text = body(evaluation_pdf(evaluation_report(register, "monsteravtale"), TODAY), MODEL_FOOTER)
    assert "0 avtaler vurdert mot 6 kriterier" in text and "Ingen avtaler er vurdert mot dette kriteriesettet ennå." in text
    assert "1 avtale i utvalget har ingen vurdering mot dette kriteriesettet: • Avtale A" in text
    assert "Partenes felles plikter" in text  # the criteria, with their sub-points


# -- the workbook ---------------------------------------------------------------------------------------------


def test_the_workbook_reads_back_as_tabell_4_1_and_every_rating(nav):
    book = load_workbook(BytesIO(evaluation_xlsx(evaluation_report(nav, "nav2017"), TODAY)))
    assert book.sheetnames == ["Oppsummering", "Vurderinger"]
    summary = book["Oppsummering"]
    rows = list(summary.iter_rows(min_row=SUMMARY_HEADER_ROW, max_row=SUMMARY_HEADER_ROW + len(TABELL_4_1), values_only=True))
    assert rows[0] == SUMMARY_HEADERS
    assert [(r[0], list(r[1:6])) for r in rows[1:]] == [(title, counts) for title, counts, _ in TABELL_4_1]
    assert [round(r[6], 4) for r in rows[1:]] == [round(16 / 21, 4), 1, round(13 / 21, 4), round(10 / 21, 4), round(8 / 21, 4), 0]
    assert summary.cell(SUMMARY_HEADER_ROW + 1, 7).number_format == "0 %"
    assert summary["A3"].value == "21 avtaler vurdert · skrevet ut 20.08.2018"

    sheet = book["Vurderinger"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == RATINGS_HEADERS and len(rows) == 1 + 126
    # The rating column counts back to the summary.
    for criterion, (title, counts, _) in zip([c.key for c in nav.criteria_set("nav2017").criteria], TABELL_4_1):
        codes = [r[5] for r in rows[1:] if r[2] == criterion]
        assert [codes.count(k) for k in RATINGS] == counts, title
    arendal = next(r for r in rows if r[0] == "nav-arendal" and r[2] == "administrasjon")
    assert arendal[4:6] == ("Ikke i tråd", "ikke_i_traad")
    assert arendal[7] == "Fordeling av tjenesteområder, med konkrete oppgaver for etaten eller kommunen"
    assert arendal[8].startswith("Kostnadsprinsipp") and arendal[9].startswith("Kostnadsprinsipp mangler")
    nes = next(r for r in rows if r[0] == "nav-nes" and r[2] == "styringsindikatorer")
    assert nes[7].count("\n") == 2 and nes[8] is None and nes[9] is None


def test_workbook_text_is_never_a_formula_and_a_missing_rating_is_not_assessed():
    register = Register(
        agreements=(Agreement("f", "=HYPERLINK(\"http://x\")"),),
        criteria_sets=(MODEL_AGREEMENT,),
        assessments=(Assessment("f", "monsteravtale", "formal", "i_traad", "=1+1\r\nlinje to"),),
    )
    book = load_workbook(BytesIO(evaluation_xlsx(evaluation_report(register, "monsteravtale"), TODAY)))
    sheet = book["Vurderinger"]
    first = sheet[2]
    assert first[1].value == "=HYPERLINK(\"http://x\")" and first[1].data_type == "s"
    assert first[6].value == "=1+1_x000D_\nlinje to" and first[6].data_type == "s"  # CR kept as Excel's escape
    codes = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == ["i_traad"] + ["ikke_vurdert"] * 5


def test_the_pdf_lists_the_agreements_by_title_in_norwegian_order():
    """Rated and not rated alike, by title as Norwegian sorts them (Å last, case aside), as the other documents list
    agreements. Was: the order they were entered in, in which a reader of forty could not find one."""
    titles = {"s": "Skole", "aa": "Åpen barnehage", "b": "bosetting av flyktninger", "ae": "Ærlig avtale", "p": "Pleie og omsorg"}
    register = Register(
        agreements=tuple(Agreement(key, title) for key, title in titles.items()),
        criteria_sets=(MODEL_AGREEMENT,),
        assessments=tuple(Assessment(key, "monsteravtale", "formal", "i_traad", "Ja.") for key in ("s", "aa", "b")),
    )
    pdf = body(evaluation_pdf(evaluation_report(register, "monsteravtale"), TODAY), MODEL_FOOTER)
    rated = pdf[pdf.index("Vurderinger per avtale") : pdf.index("2 avtaler i utvalget har ingen vurdering")]
    assert sorted(("Skole", "Åpen barnehage", "bosetting av flyktninger"), key=rated.index) == ["bosetting av flyktninger", "Skole", "Åpen barnehage"]
    assert "ingen vurdering mot dette kriteriesettet: • Pleie og omsorg • Ærlig avtale" in pdf


def test_the_workbooks_sheets_agree_and_list_the_agreements_not_rated_as_the_pdf_does():
    """The summary counts the agreements rated (DOMAIN §6: an agreement without a rating for a criterion counts as
    «Ikke vurdert» there, among those with at least one rating), and the ratings sheet counts back to it; the
    agreements in the selection with no rating in the set are named on a sheet «Ikke vurdert», by title, and the
    summary says how many, as the PDF lists them under «Ikke vurdert». Was: the ratings sheet added six «Ikke
    vurdert» rows for each of them while the summary said «Ikke vurdert 0»: a count of that sheet gave other numbers."""
    register = Register(
        agreements=(Agreement("c", "Avtale C"), Agreement("b", "Avtale B"), Agreement("a", "Avtale A"), Agreement("d", "Avtale D")),
        criteria_sets=(MODEL_AGREEMENT,),
        assessments=(Assessment("b", "monsteravtale", "formal", "i_traad", "Formålet er klart."),
                     Assessment("d", "monsteravtale", "okonomi", "delvis")),
    )
    report = evaluation_report(register, "monsteravtale")
    pdf = body(evaluation_pdf(report, TODAY), MODEL_FOOTER)
    assert "2 avtaler vurdert" in pdf
    assert "2 avtaler i utvalget har ingen vurdering mot dette kriteriesettet: • Avtale A • Avtale C" in pdf
    book = load_workbook(BytesIO(evaluation_xlsx(report, TODAY)))
    assert book.sheetnames == ["Oppsummering", "Vurderinger", "Ikke vurdert"]
    summary = book["Oppsummering"]
    assert summary["A3"].value == ("2 avtaler vurdert · 2 avtaler i utvalget har ingen vurdering (arket «Ikke vurdert»)"
                                   " · skrevet ut 20.08.2018")
    table = summary.iter_rows(min_row=SUMMARY_HEADER_ROW + 1, max_row=SUMMARY_HEADER_ROW + 6, values_only=True)
    counted = {r[0]: list(r[1:6]) for r in table}
    rows = list(book["Vurderinger"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["b"] * 6 + ["d"] * 6
    for criterion in MODEL_AGREEMENT.criteria:
        codes = [r[5] for r in rows if r[2] == criterion.key]
        assert [codes.count(rating) for rating in RATINGS] == counted[criterion.title], criterion.key
    assert counted["Formålet med avtalen"] == [1, 0, 0, 0, 1] and rows[0][4:7] == ("I tråd", "i_traad", "Formålet er klart.")
    assert list(book["Ikke vurdert"].iter_rows(values_only=True)) == [("Avtale (nøkkel)", "Avtale"), ("a", "Avtale A"), ("c", "Avtale C")]
    assert book["Vurderinger"].auto_filter.ref == f"A1:J{1 + len(rows)}"


def test_the_workbook_lists_the_agreements_in_the_order_the_pdf_does():
    """By title as Norwegian sorts them (Å last, case aside), rated and not rated alike. Was: the order they were
    entered in, while the PDF listed them by title."""
    titles = {"s": "Skole", "aa": "Åpen barnehage", "b": "bosetting av flyktninger", "ae": "Ærlig avtale", "p": "Pleie og omsorg"}
    register = Register(
        agreements=tuple(Agreement(key, title) for key, title in titles.items()),
        criteria_sets=(MODEL_AGREEMENT,),
        assessments=tuple(Assessment(key, "monsteravtale", "formal", "i_traad", "Ja.") for key in ("s", "aa", "b")),
    )
    book = load_workbook(BytesIO(evaluation_xlsx(evaluation_report(register, "monsteravtale"), TODAY)))
    rated = [r[1] for r in book["Vurderinger"].iter_rows(min_row=2, values_only=True)]
    assert list(dict.fromkeys(rated)) == ["bosetting av flyktninger", "Skole", "Åpen barnehage"]
    assert [r[1] for r in book["Ikke vurdert"].iter_rows(min_row=2, values_only=True)] == ["Pleie og omsorg", "Ærlig avtale"]


def test_a_workbook_of_texts_with_the_characters_xml_cannot_hold_opens_and_reads_back():
    """U+FFFE and U+FFFF in a criteria set's title and an agreement's: the cells hold them as Excel writes them, the
    workbook's title (a property, which has no such escape) leaves them out. Was: the sheet's and the properties'
    XML were not well-formed: neither Excel nor the program could open the file."""
    criteria = replace(MODEL_AGREEMENT, title="Mønster\ufffeavtalen")
    register = Register(
        agreements=(Agreement("a", "Avtale\uffff A"),),
        criteria_sets=(criteria,),
        assessments=(Assessment("a", "monsteravtale", "formal", "i_traad"),),
    )
    book = load_workbook(BytesIO(evaluation_xlsx(evaluation_report(register, "monsteravtale"), TODAY)))
    assert book.properties.title == "Status og evaluering – Mønsteravtalen"
    assert book["Oppsummering"]["A1"].value == "Status og evaluering – Mønster_xFFFE_avtalen"  # (Excel shows the character)
    assert {xlsx_unescape(r[1]) for r in book["Vurderinger"].iter_rows(min_row=2, values_only=True)} == {"Avtale\uffff A"}


def test_the_workbook_names_its_title_and_maker_and_prints_across_the_page_with_its_headings_on_every_page():
    """Was: «openpyxl» as the author, no title, and no print setup: the ten columns of «Vurderinger» went portrait
    over several pages across, the headings on the first page only."""
    register = Register(
        agreements=(Agreement("a", "Avtale A"), Agreement("b", "Avtale B")),
        criteria_sets=(MODEL_AGREEMENT,),
        assessments=(Assessment("a", "monsteravtale", "formal", "i_traad"),),
    )
    book = load_workbook(BytesIO(evaluation_xlsx(evaluation_report(register, "monsteravtale"), TODAY)))
    assert book.properties.title == "Status og evaluering – Mønsteravtalen (arbeidsgruppen 2006)"
    assert book.properties.creator == "Konsultasjon"
    headings = {"Oppsummering": f"${SUMMARY_HEADER_ROW}:${SUMMARY_HEADER_ROW}", "Vurderinger": "$1:$1", "Ikke vurdert": "$1:$1"}
    assert book.sheetnames == list(headings)
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.print_title_rows == headings[sheet.title], sheet.title
    assert book["Oppsummering"].cell(SUMMARY_HEADER_ROW, 1).value == "Kriterium"


def test_a_text_longer_than_a_cell_is_refused_by_name():
    register = Register(
        agreements=(Agreement("lang", "Lang"),),
        criteria_sets=(MODEL_AGREEMENT,),
        assessments=(Assessment("lang", "monsteravtale", "formal", "i_traad", "x" * 40_000),),
    )
    with pytest.raises(InvalidInput) as raised:
        evaluation_xlsx(evaluation_report(register, "monsteravtale"), TODAY, source="ut.xlsx")
    message = raised.value.describe()
    assert 'assessments["lang"/"formal"].Begrunnelse' in message and "40000" in message


# -- many criteria, long texts ---------------------------------------------------------------------------------


def big_register(criteria: int, justification: str | None = None) -> Register:
    """Three agreements rated on every criterion of a set of `criteria`."""
    from konsultasjon_app.domain.model import CriteriaSet, Criterion

    criteria_set = CriteriaSet("big", "Stort sett", tuple(Criterion(f"c{i:03d}", f"Kriterium {i} om noe viktig") for i in range(criteria)))
    agreements = tuple(Agreement(f"x{j}", f"Avtale {j}", signed_date=dt.date(2013, 1, 1)) for j in range(3))
    assessments = tuple(
        Assessment(f"x{j}", "big", f"c{i:03d}", RATINGS[(i + j) % 3], justification)
        for i in range(criteria) for j in range(3)
    )
    return Register(agreements=agreements, criteria_sets=(criteria_set,), assessments=assessments)


def test_a_set_of_many_criteria_is_printed():
    """Was: the chart grew 20 points a criterion, and with 34 criteria the drawing was taller than the page (a
    LayoutError)."""
    for criteria in (34, 60):
        text = body(evaluation_pdf(evaluation_report(big_register(criteria), "big"), TODAY), "Status og evaluering – Stort sett")
        assert f"3 avtaler vurdert mot {criteria} kriterier" in text
        assert f"Kriterium {criteria - 1} om noe viktig 1 1 1 0 0 33 %" in text


def test_the_chart_of_many_criteria_fits_on_a_page():
    """The chart's bars are made thinner to fit the page, and past that the criteria are shared between charts of
    a page each, every criterion in one of them, on the same scale."""
    from konsultasjon_app.domain.evaluation import summarize
    from konsultasjon_app.reports.evaluation_pdf import CHART_ROW, CHART_ROW_MIN, _charts
    from konsultasjon_app.reports.meeting_docs import FRAME_HEIGHT

    for criteria, expected in ((6, 1), (33, 1), (34, 1), (55, 1), (56, 2), (150, 3)):
        charts = _charts(summarize(big_register(criteria), "big"))
        assert len(charts) == expected, criteria
        assert all(chart.height <= FRAME_HEIGHT for chart in charts), criteria
        bars = [chart.contents[0] for chart in charts]
        assert sum(len(b.categoryAxis.categoryNames) for b in bars) == criteria
        assert {b.valueAxis.valueMax for b in bars} == {3}
        assert all(CHART_ROW_MIN <= b.height / len(b.categoryAxis.categoryNames) <= CHART_ROW for b in bars)
    assert _charts(summarize(big_register(6), "big"))[0].contents[0].height == 6 * CHART_ROW  # a normal set as before


def test_every_count_in_the_pdf_chart_reaches_aa_contrast():
    """The counts on the bars follow the screen's rule: dark on the light colours. Was: white on 'Delvis i tråd'
    (2.0:1) and 'Ikke relevant' (3.3:1), below the 4.5:1 of WCAG AA."""
    from konsultasjon_app.domain.colours import contrast
    from konsultasjon_app.domain.evaluation import summarize
    from konsultasjon_app.reports.evaluation_pdf import _charts
    from konsultasjon_app.reports.pdf import register_fonts

    register_fonts()  # as a document does before it draws a chart
    bars = _charts(summarize(big_register(3), "big"))[0].contents[0]
    for index, rating in enumerate(RATINGS):
        fill, text = (f"#{colour.hexval()[2:]}" for colour in (bars.bars[index].fillColor, bars.barLabels[index].fillColor))
        assert contrast(text, fill) >= 4.5, (rating, fill, text)


def test_a_justification_longer_than_a_page_splits_its_row():
    """Was: a LayoutError (a 3,700-character justification made the row taller than the page, and rows never
    split). The row now runs on to the next page under the repeated header."""
    justification = " ".join(f"Punkt {n:03d} i en lang begrunnelse for vurderingen." for n in range(1, 91))  # 4,600 chars
    data = evaluation_pdf(evaluation_report(big_register(2, justification), "big"), TODAY)
    text = body(data, "Status og evaluering – Stort sett")
    header = "Kriterium Vurdering Begrunnelse"
    assert text.replace(f" {header} ", " ").count(justification) == 6


def test_one_agreement_and_one_criterion_are_said_in_the_singular():
    """Was: "1 avtaler vurdert" in the workbook and "mot 1 kriterier" in the PDF."""
    register = big_register(1)
    register = replace(register, agreements=register.agreements[:1], assessments=register.assessments[:1])
    report = evaluation_report(register, "big")
    text = body(evaluation_pdf(report, TODAY), "Status og evaluering – Stort sett")
    assert "1 avtale vurdert mot 1 kriterium. Skrevet ut 20.08.2018." in text
    book = load_workbook(BytesIO(evaluation_xlsx(report, TODAY)))
    assert book["Oppsummering"]["A3"].value == "1 avtale vurdert · skrevet ut 20.08.2018"


def test_the_printed_rule_for_sub_points_is_the_one_applied():
    """A criterion of one sub-point rates "Ikke i tråd" when it is missing (derive_rating: nothing met is never
    "partly"); the criteria section said "ett mangler: delvis i tråd" for it all the same."""
    from konsultasjon_app.domain.model import CriteriaSet, Criterion

    one = Criterion("en", "Ett krav", subpoints=("Kravet",))
    three = Criterion("tre", "Tre krav", subpoints=("A", "B", "C"))
    register = Register(
        agreements=(Agreement("a", "Avtale A"),),
        criteria_sets=(CriteriaSet("delpunkter", "Delpunkter", (one, three)),),
        assessments=(Assessment("a", "delpunkter", "en", "ikke_i_traad", subpoints_met=()),),
    )
    text = body(evaluation_pdf(evaluation_report(register, "delpunkter"), TODAY), "Status og evaluering – Delpunkter")
    criteria = text[text.index("Kriteriene"):]
    assert "Ett krav Delpunkt (oppfylt: i tråd; ikke oppfylt: ikke i tråd): • Kravet" in criteria
    assert "Tre krav Delpunkter (alle oppfylt: i tråd; ett mangler: delvis i tråd; flere mangler: ikke i tråd): • A • B • C" in criteria
    # What the rating table shows for the missing single sub-point is what the rule says: no override.
    assert "Ikke oppfylt: Kravet" in text and "Delpunktene gir" not in text


# -- a large register: what every agreement's table repeats is made once ------------------------------------------

SUGGESTED = ("Avtalen har ikke registrert noe formål.", "Avtalen nevner evaluering.", "Verken sluttdato eller varighet er registrert.")


def rated_register(agreements: int) -> Register:
    """`agreements` agreements rated on the model-agreement set as accepted suggestions leave them: the same few
    justifications again and again, the sub-points of «Partenes forpliktelser» ticked, and «Underskrifter» not
    yet rated."""
    rated = []
    for n in range(agreements):
        for i, criterion in enumerate(MODEL_AGREEMENT.criteria[:-1]):
            if criterion.subpoints:
                rated.append(Assessment(f"a{n:03d}", "monsteravtale", criterion.key, "delvis", subpoints_met=criterion.subpoints[:2]))
            else:
                rated.append(Assessment(f"a{n:03d}", "monsteravtale", criterion.key, RATINGS[(n + i) % 4], SUGGESTED[(n + i) % 3]))
    return Register(
        agreements=tuple(Agreement(f"a{n:03d}", f"Avtale {n:03d} om samarbeid", state_parties=("KD",), other_parties=("KS",)) for n in range(agreements)),
        criteria_sets=(MODEL_AGREEMENT,),
        assessments=tuple(rated),
    )


def test_the_texts_every_agreements_table_repeats_are_made_once_per_report(monkeypatch):
    """Was: a reportlab Paragraph (its markup parsed, its lines broken) for every cell, «Kriterium», «Vurdering»,
    the criteria's titles, the ratings' names and the suggestions' justifications included: 92,000 of them for a
    register of 4,000 agreements, and the report took 11 s. Now each such text is made once in a report and the
    tables share it: one agreement more costs only its own heading and key line."""
    import konsultasjon_app.reports.evaluation_pdf as module

    made = []

    class Counted(module.Paragraph):
        def __init__(self, text, style=None, *args, **kwargs):
            made.append(text)
            super().__init__(text, style, *args, **kwargs)

    monkeypatch.setattr(module, "Paragraph", Counted)
    counts = {}
    for agreements in (30, 33):
        made.clear()
        evaluation_pdf(evaluation_report(rated_register(agreements), "monsteravtale"), TODAY)
        counts[agreements] = len(made)
    assert counts[33] - counts[30] == 3 * 2
    assert made.count("Begrunnelse") == 1 and made.count(SUGGESTED[0]) == 1


def test_the_report_is_byte_for_byte_what_a_paragraph_for_every_cell_gives(monkeypatch):
    """The tables share their recurring texts' paragraphs: the pages are as before, also where a justification
    longer than a page splits its row and the header is repeated on the next page."""
    import reportlab

    import konsultasjon_app.reports.evaluation_pdf as module

    monkeypatch.setattr(reportlab.rl_config, "invariant", 1)  # no creation time or random id in the files
    long = " ".join(f"Punkt {n:03d} i en lang begrunnelse for vurderingen." for n in range(1, 91))
    reports = [evaluation_report(rated_register(30), "monsteravtale"), evaluation_report(big_register(2, long), "big")]
    ours = [evaluation_pdf(report, TODAY) for report in reports]

    def one_for_every_cell():
        return lambda value, style="cell": module.Paragraph(value, module.styles()[style])

    monkeypatch.setattr(module, "_fixed_cells", one_for_every_cell)
    assert [evaluation_pdf(report, TODAY) for report in reports] == ours


def test_the_workbook_looks_as_before_headings_bold_texts_wrapped_and_ratings_tinted():
    from copy import copy

    from openpyxl.styles.fonts import DEFAULT_FONT

    from konsultasjon_app.domain.evaluation import RATING_TINTS

    book = load_workbook(BytesIO(evaluation_xlsx(evaluation_report(rated_register(5), "monsteravtale"), TODAY)))
    summary, sheet = book["Oppsummering"], book["Vurderinger"]
    assert summary["A1"].font.b and summary["A1"].font.sz == 13
    assert all(cell.font.b and cell.alignment.wrap_text for cell in summary[SUMMARY_HEADER_ROW])
    assert all(cell.font.b for cell in sheet[1])
    for row in sheet.iter_rows(min_row=2):
        rating = row[5].value
        assert row[4].fill.fill_type == "solid" and row[4].fill.fgColor.rgb.lower() == "00" + RATING_TINTS[rating].lstrip("#").lower()
        for cell in row:
            if cell.value is not None:
                assert cell.alignment.wrap_text and cell.alignment.vertical == "top", cell.coordinate
                assert (cell.font.name, cell.font.sz, cell.font.b) == (DEFAULT_FONT.name, DEFAULT_FONT.sz, False), cell.coordinate
                assert copy(cell.border) == copy(summary["A2"].border), cell.coordinate  # none, as the workbook's own
        assert all(cell.fill.fill_type is None for cell in row if cell.column != 5)


def test_the_workbooks_styles_are_set_once_not_looked_up_cell_by_cell(monkeypatch):
    """Was: a font, alignment or fill set on each of the ratings' cells, each one looked up among the workbook's
    styles by its hash: a third of the 5 s the workbook of 4,000 agreements took. Now the sheet's two looks are
    named styles made once, and the number of styles set does not grow with the register."""
    from openpyxl.styles.styleable import StyleDescriptor

    real, count = StyleDescriptor.__set__, [0]

    def counted(self, instance, value):
        count[0] += 1
        return real(self, instance, value)

    monkeypatch.setattr(StyleDescriptor, "__set__", counted)
    set_for = {}
    for agreements in (2, 20):
        count[0] = 0
        evaluation_xlsx(evaluation_report(rated_register(agreements), "monsteravtale"), TODAY)
        set_for[agreements] = count[0]
    assert set_for[20] == set_for[2]


def test_agreements_with_long_justifications_follow_on_without_leaving_pages_blank():
    """Was: each agreement's heading was kept with the whole of its table, so an agreement whose table is longer
    than a page began a new page, and the page before it was left blank from where the previous one ended (page 1
    below the chart): 13 pages for five agreements. Now a heading keeps its table's first lines, and a long row
    splits where it falls: every page but the last is full."""
    from konsultasjon_app.domain.model import CriteriaSet, Criterion
    from konsultasjon_app.reports.pdf import BOTTOM_MARGIN

    justification = ("Kommunen og NAV-kontoret har etablert et felles styringsgrunnlag, men det er ikke oppdatert etter "
                     "kommunesammenslåingen. Partnerskapsmøtene holdes to ganger i året og referatene viser at oppfølgingen "
                     "av tiltakene er ujevn. ") * 4  # some 900 characters
    criteria = tuple(Criterion(f"k{i}", f"Kriterium {i}") for i in range(1, 7))
    agreements = tuple(Agreement(f"a{j}", f"Avtale {j}", signed_date=dt.date(2024, 1, 1)) for j in range(1, 6))
    register = Register(agreements=agreements, criteria_sets=(CriteriaSet("s", "Sett", criteria),), assessments=tuple(
        Assessment(a.key, "s", c.key, "delvis", justification) for a in agreements for c in criteria))
    data = evaluation_pdf(evaluation_report(register, "s"), TODAY)
    texts = pages(data)
    assert "Vurderinger per avtale Avtale 1 Kriterium Vurdering Begrunnelse Kriterium 1" in texts[0]
    frame_bottom = BOTTOM_MARGIN + 6
    lowest = [min(y for y in page if y > BOTTOM_MARGIN) for page in lines_at(data, "")]
    assert all(y < frame_bottom + 3 * 10.5 for y in lowest[:-1]), [round(y) for y in lowest]
    assert len(texts) == 11


def test_an_agreements_short_table_is_kept_on_one_page_with_its_heading():
    """A table that fits on a page is not split: it moves on whole, heading and all, when it does not fit where it
    falls (the report of the 2018 NAV evaluation is laid out as before)."""
    data = evaluation_pdf(evaluation_report(rated_register(30), "monsteravtale"), TODAY)
    texts = pages(data)
    assert len(texts) > 5
    assert sum(text.count("Kriterium Vurdering Begrunnelse") for text in texts) == 30  # no header repeated
    for n in range(30):
        page = next(text for text in texts if f"Avtale {n:03d} om samarbeid" in text)
        assert page.split(f"Avtale {n:03d} om samarbeid", 1)[1].count(MODEL_AGREEMENT.criteria[-1].title) >= 1, n


def test_no_page_is_left_with_only_its_footer_when_the_chart_is_a_page_tall():
    """Was: with 39 criteria of long titles the summary table ended less than 8 pt above the foot of a page; the
    space below it went on to the next page, and the chart (as tall as a page) no longer fitted below it there: the
    page between had only its footer."""
    from konsultasjon_app.domain.model import CriteriaSet, Criterion

    criteria = tuple(Criterion(f"k{i}", f"Kriterium {i}" + " ord" * 22) for i in range(39))
    agreements = tuple(Agreement(f"a{j}", f"Avtale {j}", signed_date=dt.date(2023, 1, 1)) for j in range(2))
    register = Register(agreements=agreements, criteria_sets=(CriteriaSet("s", "Sett", criteria),), assessments=tuple(
        Assessment(a.key, "s", c.key, "delvis") for a in agreements for c in criteria))
    data = evaluation_pdf(evaluation_report(register, "s"), TODAY)
    footer = "Status og evaluering – Sett"
    texts = [re.sub(rf"{re.escape(footer)} Side \d+ av \d+", "", text).strip() for text in pages(data)]
    assert all(texts), [n for n, text in enumerate(texts, 1) if not text]


def test_the_charts_labels_print_what_the_font_lacks_as_signs():
    """The chart draws the criteria's titles itself (not as paragraphs): a Word bullet and an emoji there too."""
    from konsultasjon_app.domain.evaluation import summarize
    from konsultasjon_app.domain.model import CriteriaSet, Criterion
    from konsultasjon_app.reports.evaluation_pdf import _charts

    criteria_set = CriteriaSet("s", "Sett", (Criterion("k", "\uf0b7 Formål ✅ 👍"),))
    register = Register(agreements=(Agreement("a", "Avtale A"),), criteria_sets=(criteria_set,),
                        assessments=(Assessment("a", "s", "k", "i_traad"),))
    assert _charts(summarize(register, "s"))[0].contents[0].categoryAxis.categoryNames == ["• Formål ✔ �"]
