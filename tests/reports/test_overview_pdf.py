"""The overview for Fellesdokumentet: exactly the agreements in force at meeting 4, one row each, header on every page."""

from __future__ import annotations

import dataclasses
import datetime as dt
from io import BytesIO

from pypdf import PdfReader

from konsultasjon_app.domain.model import Agreement, Decision, MeetingRef, Register, Signing
from konsultasjon_app.domain.planner import plan
from konsultasjon_app.reports.overview_pdf import COLUMN_WIDTHS, column_widths, overview_pdf, overview_rows

from .support import MARKUP_TITLE, body, d, demo_register, fonts, in_force_agreement, lines_at, meetings_2006, page_footers, pages, whole

AS_OF = dt.date(2006, 12, 31)
FOOTER = "Oversikt over samarbeidsavtaler – Fellesdokumentet 2006"
HEADER = "Avtale Statlige parter Andre parter Undertegnet Gjelder til Oppsigelse Evaluering"


def title(tag: str, n: int) -> str:
    # Three digits and a word after: no title is the beginning of another, so "in the text" means "listed".
    return f"Samarbeidsavtale {tag}{n:03d} om et felles område"


def eighty_agreements() -> tuple[Register, set[str]]:
    """A register of 80 agreements, of which 53 are in force on 25.10.2006 (meeting 4); their titles."""
    agreements: list[Agreement] = []
    decisions: list[Decision] = []
    signings: list[Signing] = []
    listed: set[str] = set()
    for n in range(50):
        agreements.append(in_force_agreement(f"i{n}", title("I", n)))
        listed.add(title("I", n))
    for n in range(10):  # ended in the summer
        agreements.append(in_force_agreement(f"e{n}", title("E", n), end_date=d("2006-06-30")))
    for n in range(5):  # signed after meeting 4
        agreements.append(in_force_agreement(f"f{n}", title("F", n), signed_date=d("2006-11-15")))
    for n in range(5):  # planned, never signed
        agreements.append(Agreement(f"p{n}", title("P", n)))
    for n in range(4):  # in force, but not of the consultation scheme
        agreements.append(in_force_agreement(f"o{n}", title("O", n), category="other"))
    for n in range(3):  # terminated at meeting 2 with 3 months' notice: ended 26.07.2006
        agreements.append(in_force_agreement(f"t{n}", title("T", n), notice_months=3))
        decisions.append(Decision(f"t{n}", MeetingRef(2006, 2), "terminate"))
    # Terminated at meeting 3 with 6 months' notice: in force until 28.02.2007.
    agreements.append(in_force_agreement("late", title("L", 0), notice_months=6))
    decisions.append(Decision("late", MeetingRef(2006, 3), "terminate"))
    listed.add(title("L", 0))
    # Would have ended in September, but re-signed at meeting 3 with a new end date.
    agreements.append(in_force_agreement("renewed", title("R", 0), end_date=d("2006-09-30"), notice_text="rimeleg førehandsvarsling"))
    signings.append(Signing("renewed", d("2006-08-30"), MeetingRef(2006, 3), d("2009-09-30")))
    listed.add(title("R", 0))
    # Annual evaluation with no clause text, and a title that looks like markup.
    agreements.append(in_force_agreement("annual", MARKUP_TITLE, evaluation_annual=True, state_parties=("HOD", "KDD")))
    listed.add(MARKUP_TITLE)
    assert len(agreements) == 80
    return Register(meetings=meetings_2006(), agreements=tuple(agreements), decisions=tuple(decisions), signings=tuple(signings)), listed


def test_the_overview_lists_exactly_the_agreements_in_force_at_meeting_4():
    register, listed = eighty_agreements()
    p = plan(register, 2006, 2006, AS_OF)
    data = overview_pdf(register, p, 2006)
    text = body(data, FOOTER)
    all_titles = {a.title for a in register.agreements}
    assert {t for t in all_titles if t in text} == listed
    assert f"{len(listed)} samarbeidsavtaler mellom staten og KS i kraft per 25.10.2006." in text
    # The rows are the plan's overview item, in its order (by title).
    day, rows = overview_rows(register, p, 2006)
    overview = next(i for i in p.items if i.action == "overview")
    assert day == d("2006-10-25")
    assert tuple(r.agreement.key for r in rows) == overview.agreements
    positions = [text.index(r.agreement.title) for r in rows]
    assert positions == sorted(positions)


def test_the_header_row_is_repeated_on_every_page():
    register, _ = eighty_agreements()
    data = overview_pdf(register, plan(register, 2006, 2006, AS_OF), 2006)
    texts = pages(data)
    assert len(texts) >= 2
    assert all(t.count(HEADER) == 1 for t in texts)
    assert page_footers(data, FOOTER) == [(n, len(texts)) for n in range(1, len(texts) + 1)]
    page = PdfReader(BytesIO(data)).pages[0]
    assert page.mediabox.width > page.mediabox.height  # across the page: seven columns need the width


def test_each_row_shows_parties_dates_notice_and_evaluation():
    register, _ = eighty_agreements()
    text = body(overview_pdf(register, plan(register, 2006, 2006, AS_OF), 2006), FOOTER)
    assert f"{title('I', 7)} KDD KS 10.01.2005 31.12.2008 Ikke angitt Ikke angitt" in text
    assert f"{title('L', 0)} KDD KS 10.01.2005 28.02.2007 (sagt opp) 6 mnd. Ikke angitt" in text
    assert f"{title('R', 0)} KDD KS 10.01.2005 sist 30.08.2006 30.09.2009 rimeleg førehandsvarsling Ikke angitt" in text
    assert f"{MARKUP_TITLE} HOD, KDD KS 10.01.2005 31.12.2008 Ikke angitt Årlig" in text


def test_the_evaluation_clause_is_printed():
    text = body(overview_pdf(demo_register(), plan(demo_register(), 2006, 2006, AS_OF), 2006), FOOTER)
    row = "Avtale om videreutvikling av barnevernet BLD KS 15.09.2005 14.09.2008 3 mnd. Avtalen skal vurderes i konsultasjonssammenheng."
    assert row in text
    # Annual evaluation stated in the clause itself is not flagged twice.
    assert "konsultasjonssammenheng. (årlig)" not in text


def test_no_agreement_in_force_says_so():
    register = Register(meetings=meetings_2006(), agreements=(in_force_agreement("gone", "Utløpt avtale", end_date=d("2006-01-31")),))
    text = body(overview_pdf(register, plan(register, 2006, 2006, AS_OF), 2006), FOOTER)
    assert "Ingen samarbeidsavtaler er i kraft per 25.10.2006." in text
    assert "Utløpt avtale" not in text and "Statlige parter" not in text


def test_a_provisional_meeting_4_is_marked():
    register = dataclasses.replace(demo_register(), meetings=())
    text = body(overview_pdf(register, plan(register, 2006, 2006, AS_OF), 2006), FOOTER)
    assert "i kraft per 16.10.2006 (foreløpig dato)." in text


def test_fonts_are_embedded():
    register, _ = eighty_agreements()
    used = fonts(overview_pdf(register, plan(register, 2006, 2006, AS_OF), 2006))
    assert used and all(used.values()), used


def test_a_ministrys_long_one_word_name_is_not_broken_in_the_middle():
    """The parties column is wide enough for a ministry or directorate named in full (a broken word reads as two
    words in the PDF's text)."""
    names = ("Kommunal- og moderniseringsdepartementet", "Digitaliseringsdepartementet", "Utdanningsdirektoratet")
    register = Register(meetings=meetings_2006(), agreements=(in_force_agreement("lang", "Avtale med lange navn", state_parties=names),))
    text = whole(overview_pdf(register, plan(register, 2006, 2006, AS_OF), 2006))
    assert "Kommunal- og moderniseringsdepartementet, Digitaliseringsdepartementet, Utdanningsdirektoratet" in text


def test_a_word_too_wide_for_any_column_does_not_break_the_ministry_names_of_every_row():
    """Was: one title with a word wider than the title column (a reference code, a URL) kept the parties column at
    its narrow default, so every ministry named in full broke mid-word on every page ("Kommunal- og m" /
    "oderniseringsde" / "partementet,"); a notice text with such a word took the width it had left. That word is
    broken whatever its column's width: the columns are as wide as they are without it."""
    names = ("Kommunal- og moderniseringsdepartementet", "Helse- og omsorgsdepartementet")
    code = "Konsultasjonsordningssamarbeidsavtaleevalueringsrapporteringsgrunnlag"  # wider than 75 mm

    def printed(title: str, notice: str) -> tuple[str, tuple[float, ...]]:
        agreements = (in_force_agreement("a", "Avtale om samarbeid", state_parties=names),
                      in_force_agreement("b", title, state_parties=("HOD",), notice_text=notice))
        register = Register(meetings=meetings_2006(), agreements=agreements)
        the_plan = plan(register, 2006, 2006, AS_OF)
        return whole(overview_pdf(register, the_plan, 2006)), column_widths(overview_rows(register, the_plan, 2006)[1])

    text, widths = printed(f"Avtale om {code} og mer", f"rimeleg førehandsvarsling; {code}")
    assert "Kommunal- og moderniseringsdepartementet, Helse- og omsorgsdepartementet" in text
    assert widths == printed("Avtale om og mer", "rimeleg førehandsvarsling;")[1]
    assert widths[1] > COLUMN_WIDTHS[1] and abs(sum(widths) - sum(COLUMN_WIDTHS)) < 1e-6
    text, widths = printed(f"Avtale om {code} og mer", "3 mnd.")  # the title's word alone
    assert "Kommunal- og moderniseringsdepartementet, Helse- og omsorgsdepartementet" in text
    assert widths == printed("Avtale om og mer", "3 mnd.")[1]


def test_an_evaluation_clause_longer_than_a_page_splits_its_row_and_the_list_is_printed():
    """Was: a LayoutError (a 1,200-character clause made its row taller than the landscape page; rows never split),
    so the year's list could not be printed at all. The row now runs on to the next page under the repeated
    header; the rows around it stay whole."""
    clause = " ".join(f"Punkt {n:03d}: avtalen skal evalueres i konsultasjonsordningen." for n in range(1, 61))  # 3,800 chars
    agreements = (
        in_force_agreement("a", "A-avtalen om noe"),
        in_force_agreement("b", "B-avtalen om evaluering", evaluation_clause=clause, notice_months=6),
        in_force_agreement("c", "C-avtalen om noe annet"),
    )
    register = Register(meetings=meetings_2006(), agreements=agreements)
    data = overview_pdf(register, plan(register, 2006, 2006, AS_OF), 2006)
    texts = pages(data)
    assert len(texts) >= 2 and all(t.count(HEADER) == 1 for t in texts)
    text = body(data, FOOTER)
    assert "3 samarbeidsavtaler mellom staten og KS i kraft per 25.10.2006." in text
    assert "A-avtalen om noe KDD KS 10.01.2005 31.12.2008 Ikke angitt Ikke angitt" in text
    assert "B-avtalen om evaluering KDD KS 10.01.2005 31.12.2008 6 mnd. Punkt 001:" in texts[0]
    assert clause in text.replace(f" {HEADER} ", " ")
    assert "C-avtalen om noe annet KDD KS 10.01.2005 31.12.2008 Ikke angitt Ikke angitt" in texts[-1]


def lines(data: bytes) -> list[str]:
    """Every line of text the PDF shows, one table cell's line at a time (no-break spaces read as spaces)."""
    return [" ".join(line.split()) for page in PdfReader(BytesIO(data)).pages for line in page.extract_text().splitlines()]


def test_a_notice_word_and_a_re_signing_date_are_not_broken():
    """Was: the 32 mm notice column broke "førehandsvarsling;" in the middle ("førehands" / "varsling;"), and the
    signed column put "sist" on a line of its own above the date of the latest signing. The columns are widened
    for them, from the end-date column's spare width first (the title column keeps its width)."""
    notice = "rimeleg førehandsvarsling; <se § 3> & «merknad»"
    agreements = (
        in_force_agreement("v", "Avtale med varsling", notice_text=notice),
        in_force_agreement("s", "Avtale undertegnet på nytt", end_date=d("2006-09-30")),
    )
    register = Register(meetings=meetings_2006(), agreements=agreements, signings=(Signing("s", d("2006-06-15"), None, d("2009-06-30")),))
    shown = lines(overview_pdf(register, plan(register, 2006, 2006, AS_OF), 2006))
    assert any("førehandsvarsling;" in line.split() for line in shown), shown
    assert any(line.endswith("sist 15.06.2006") or "sist 15.06.2006 " in line for line in shown), shown
    assert not any(line == "sist" or line.endswith(" sist") for line in shown), shown
    _, rows = overview_rows(register, plan(register, 2006, 2006, AS_OF), 2006)
    widths = column_widths(rows)
    assert widths[0] == COLUMN_WIDTHS[0] and widths[-1] == COLUMN_WIDTHS[-1] and abs(sum(widths) - sum(COLUMN_WIDTHS)) < 1e-6


def test_last_years_overview_reprinted_shows_a_termination_decided_later_as_unknown():
    """The 2006 overview, reprinted in 2007 after the parties terminated an agreement at meeting 2 of 2007, is the
    list as handed out on 25.10.2006: its own end date, not the 2007 termination. Was: "sagt opp" with the 2007
    effective date."""
    agreement = in_force_agreement("a", "Avtale om distriktsutvikling", end_date=d("2008-12-31"), notice_months=12)
    meetings = meetings_2006() + (dataclasses.replace(meetings_2006()[1], year=2007, date=d("2007-04-25")),)
    handed_out = Register(meetings=meetings, agreements=(agreement,))
    later = dataclasses.replace(handed_out, decisions=(Decision("a", MeetingRef(2007, 2), "terminate"),))

    def row(register: Register):
        return overview_rows(register, plan(register, 2006, 2007, d("2007-11-01")), 2006)[1][0]

    assert (row(later).ends, row(later).terminated) == (row(handed_out).ends, row(handed_out).terminated) == (d("2008-12-31"), False)
    # And the 2007 list, made after the decision, shows the termination.
    this_year = overview_rows(later, plan(later, 2007, 2007, d("2007-11-01")), 2007)[1][0]
    assert (this_year.ends, this_year.terminated) == (d("2008-04-25"), True)


def test_an_agreement_terminated_without_notice_months_is_listed_as_terminated():
    """Audit aud_year #1: terminated at meeting 2 without a notice period in months, its end date then set to
    31.12.2006 (TERMINATE: it stands), the agreement was listed as an ordinary one, with no «(sagt opp)», while the
    same with a notice period in months was. Before its end date is set, it is shown terminated with none."""
    agreements = (
        in_force_agreement("set", "Avtale om arbeid og velferd", end_date=d("2006-12-31"), notice_text="rimeleg førehandsvarsling"),
        in_force_agreement("unset", "Avtale om boliger", end_date=None),
        in_force_agreement("running", "Avtale om barnehager"),
    )
    terminations = tuple(Decision(key, MeetingRef(2006, 2), "terminate") for key in ("set", "unset"))
    register = Register(meetings=meetings_2006(), agreements=agreements, decisions=terminations)
    p = plan(register, 2006, 2006, AS_OF)

    _, rows = overview_rows(register, p, 2006)
    assert {r.agreement.key: (r.ends, r.terminated) for r in rows} == {
        "set": (d("2006-12-31"), True), "unset": (None, True), "running": (d("2008-12-31"), False)}
    shown = lines(overview_pdf(register, p, 2006))
    assert sum(line.endswith("(sagt opp)") for line in shown) == 2, shown
    assert any("31.12.2006" in line for line in shown) and any("Ikke angitt" in line for line in shown), shown
    # «Ikke angitt» is grey there too, as in every other empty cell; «(sagt opp)» is not (was: both black).
    from konsultasjon_app.reports.overview_pdf import _table

    unset = next(row for row in _table(rows)._cellvalues[1:] if "(sagt opp)" in row[4].text and "Ikke angitt" in row[4].text)
    assert unset[4].text.startswith('<font color="#444444">Ikke angitt</font>'), unset[3].text


def test_the_other_parties_are_listed_beside_the_ministries():
    """Seed 002: «Avtale mellom … (KMD), KS og forhandlingssammenslutningene LO Kommune, Unio, YS Kommune og
    Akademikerne Kommune». Was: «KMD» alone, under «Statlige parter», and the unions nowhere in the overview: a
    multi-party agreement read as one between KMD and KS. Each party's name is kept on one line (no «Akademikerne» /
    «Kommune» read as two parties), and the columns still fill the page's width."""
    register = demo_register()
    the_plan = plan(register, 2017, 2017, d("2017-12-31"))
    data = overview_pdf(register, the_plan, 2017)
    text = body(data, "Oversikt over samarbeidsavtaler – Fellesdokumentet 2017")
    assert "Avtale Statlige parter Andre parter Undertegnet" in text
    row = text[text.index("Avtale om tilbud til kommuner"):]
    assert row.index("KMD") < row.index("KS, LO Kommune, Unio, YS Kommune, Akademikerne Kommune") < row.index("01.09.2016")
    assert "Samarbeidsavtalen om kvalitetsutvikling i skolen Udir KS 15.01.2004" in text
    shown = lines(data)
    for name in ("LO Kommune", "YS Kommune", "Akademikerne Kommune"):
        assert any(name in line for line in shown), (name, shown)
    widths = column_widths(overview_rows(register, the_plan, 2017)[1])
    assert abs(sum(widths) - sum(COLUMN_WIDTHS)) < 1e-6 and widths[-1] == COLUMN_WIDTHS[-1]


def test_an_agreement_without_other_parties_says_so():
    register = Register(meetings=meetings_2006(), agreements=(in_force_agreement("a", "Avtale om noe", other_parties=()),))
    text = body(overview_pdf(register, plan(register, 2006, 2006, AS_OF), 2006), FOOTER)
    assert "Avtale om noe KDD Ikke angitt 10.01.2005" in text


def test_a_cell_of_short_lines_runs_on_to_the_next_page_without_an_empty_line():
    """Was: every page an evaluation clause of many lines ran on to began with an empty line below the header."""
    clause = "\n".join(f"Punkt {n}" for n in range(1, 121))
    register = Register(meetings=meetings_2006(), agreements=(in_force_agreement("a", "Avtale A", evaluation_clause=clause),))
    data = overview_pdf(register, plan(register, 2006, 2006, AS_OF), 2006)
    headers, heights = lines_at(data, "Evaluering"), lines_at(data, "Punkt ")
    assert sum(map(len, heights)) == 120 and len(heights) > 2
    # One line of the cell type below the header, on page 1 as on every page the cell runs on to.
    assert {round(header[0] - page[0], 2) for header, page in zip(headers, heights, strict=True)} == {16.5}
    assert {round(a - b, 2) for page in heights for a, b in zip(page, page[1:])} == {10.5}


def test_a_notice_text_of_only_white_space_is_not_given():
    """Was: an empty «Oppsigelse» cell, where every other missing field says «Ikke angitt» and the register's check
    warns no-notice-period for the same agreement."""
    agreements = (in_force_agreement("a", "Avtale A", notice_text="  "), in_force_agreement("b", "Avtale B", notice_text="\n\t"))
    register = Register(meetings=meetings_2006(), agreements=agreements)
    text = body(overview_pdf(register, plan(register, 2006, 2006, AS_OF), 2006), FOOTER)
    for title in ("Avtale A", "Avtale B"):
        assert f"{title} KDD KS 10.01.2005 31.12.2008 Ikke angitt Ikke angitt" in text
