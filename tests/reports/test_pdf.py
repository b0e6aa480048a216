"""What every document shares: paragraphs break their lines once for each width they are laid out at, and the
documents are byte for byte what reportlab's own Paragraph gives."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

import reportlab.rl_config
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import paragraph as rl_paragraph

from konsultasjon_app.domain.planner import plan
from konsultasjon_app.reports.agenda_pdf import agenda_pdf
from konsultasjon_app.reports.minutes_pdf import minutes_pdf
from konsultasjon_app.reports.overview_pdf import overview_pdf
from konsultasjon_app.reports.pdf import Paragraph, styles

from .support import demo_register, whole

TEXT = "Avtalen om bosetting av flyktninger ble inngått 1. mars 2005 og løper til 30. juni 2009. " * 6
AS_OF = dt.date(2006, 12, 31)


def lines_of(paragraph) -> list[str]:
    return [" ".join(line[1]) if isinstance(line, tuple) else " ".join(w.text for w in line.words) for line in paragraph.blPara.lines]


def state_of(paragraph) -> dict:
    return {k: v for k, v in vars(paragraph).items() if k not in ("blPara", "_lines_for_width", "frags")}


def test_the_lines_and_state_are_reportlabs_at_each_width_even_when_the_width_changes_back():
    style = ParagraphStyle("gutter", parent=styles()["body"], leftIndent=20, bulletIndent=0)
    # A bullet wider than the indent narrows the first line: reportlab notes that on the paragraph as it breaks it.
    ours = Paragraph(TEXT, style, bulletText="Sak 12/2006")
    theirs = rl_paragraph.Paragraph(TEXT, style, bulletText="Sak 12/2006")
    for width in (400, 200, 400, 300, 300):
        assert ours.wrap(width, 10_000) == theirs.wrap(width, 10_000)
        assert lines_of(ours) == lines_of(theirs)
        assert state_of(ours) == state_of(theirs)


def test_an_agenda_breaks_each_paragraphs_lines_once_per_width(monkeypatch):
    """A KeepTogether measures its paragraphs and the frame lays them out again at the same width: reportlab's
    own line breaking runs once for each paragraph and width, not again for each of those passes."""
    calls: Counter = Counter()
    serial = itertools.count()
    original = rl_paragraph.Paragraph.breakLines

    def counting(self, width):
        number = self.__dict__.setdefault("_test_serial", next(serial))  # ids of freed paragraphs are reused
        calls[(number, tuple(width) if isinstance(width, list) else width)] += 1
        return original(self, width)

    monkeypatch.setattr(rl_paragraph.Paragraph, "breakLines", counting)
    register = demo_register()
    data = agenda_pdf(register, plan(register, 2006, 2006, AS_OF), 2006, 2)
    assert "Saksliste" in whole(data)
    assert calls and max(calls.values()) == 1


def test_the_documents_are_byte_for_byte_what_reportlabs_paragraph_gives(monkeypatch):
    monkeypatch.setattr(reportlab.rl_config, "invariant", 1)  # no creation time or random id in the files
    register = demo_register()
    year_plan = plan(register, 2006, 2006, AS_OF)

    def documents() -> list[bytes]:
        return [agenda_pdf(register, year_plan, 2006, 2), minutes_pdf(register, year_plan, 2006, 2), overview_pdf(register, year_plan, 2006)]

    ours = documents()
    monkeypatch.setattr(Paragraph, "breakLines", rl_paragraph.Paragraph.breakLines)
    assert documents() == ours


def test_a_table_of_rows_that_fit_a_page_is_laid_out_as_reportlabs(monkeypatch):
    """TallRowTable splits only a row taller than a page: with none, the overview (a table over several pages) is
    byte for byte what reportlab's own Table gives."""
    from reportlab.platypus import Table

    from konsultasjon_app.reports.pdf import TallRowTable

    from .test_overview_pdf import eighty_agreements

    monkeypatch.setattr(reportlab.rl_config, "invariant", 1)
    register, _ = eighty_agreements()
    year_plan = plan(register, 2006, 2006, AS_OF)
    ours = overview_pdf(register, year_plan, 2006)
    assert "Side 2 av" in whole(ours)
    monkeypatch.setattr(TallRowTable, "split", Table.split)
    assert overview_pdf(register, year_plan, 2006) == ours


def test_every_document_names_its_subject_in_norwegian():
    """Was: reportlab's default subject, which a PDF reader's document properties show as "(unspecified)"."""
    from io import BytesIO

    from pypdf import PdfReader

    from konsultasjon_app.domain.evaluation import evaluation_report
    from konsultasjon_app.reports.evaluation_pdf import evaluation_pdf

    register = demo_register()
    year_plan = plan(register, 2006, 2006, AS_OF)
    documents = [
        agenda_pdf(register, year_plan, 2006, 2),
        minutes_pdf(register, year_plan, 2006, 2),
        overview_pdf(register, year_plan, 2006),
        evaluation_pdf(evaluation_report(register, "monsteravtale"), dt.date(2006, 8, 1)),
    ]
    for data in documents:
        metadata = PdfReader(BytesIO(data)).metadata
        assert metadata.subject == "Konsultasjonsordningen mellom staten og KS", metadata.title


def test_a_part_of_a_cut_paragraph_keeps_the_space_it_was_given_and_its_box_runs_on_unpadded():
    """ItemBlock cuts a text after its first lines and sets the space between the parts to none; the part that runs
    on, cut again by the frame where it falls, kept that (was: its style's 4 pt below a proposal's first lines).
    And a proposal's tinted box runs on without its padding above, which was painted over the line before it."""
    from reportlab.lib.geomutils import normalizeTRBL

    from konsultasjon_app.reports.meeting_docs import FRAME_WIDTH, item_styles

    style = item_styles()["proposal"]
    first, rest = Paragraph(TEXT * 4, style).split(FRAME_WIDTH, 3 * style.leading)
    first.spaceAfter = rest.spaceBefore = 0
    again, last = rest.split(FRAME_WIDTH, 5 * style.leading)
    assert (again.getSpaceBefore(), last.getSpaceAfter()) == (0, style.spaceAfter)
    assert [normalizeTRBL(p.style.borderPadding)[0] for p in (first, rest, again, last)] == [5, 0, 0, 0]


def test_a_character_the_font_lacks_is_printed_as_its_look_alike_or_as_a_replacement_sign():
    """Word's list bullets (Symbol and Wingdings characters of the private use area) and the emoji ✅ and ❌ print as
    the signs they look like; any other character DejaVu lacks (👍) prints as «�», not as an empty box; an
    invisible format character it lacks is left out. What the font has is left as it is, in each face."""
    from konsultasjon_app.reports.pdf import FONT, FONT_BOLD, printable

    assert printable("\uf0b7 Punkt\n\uf0a7 underpunkt\t\uf0d8 pil \uf0fc ok") == "• Punkt\n▪ underpunkt\t➢ pil ✓ ok"
    assert printable("✅ godkjent ❌ 👍", FONT_BOLD) == "✔ godkjent ✘ �"
    assert printable("🇳🇴 👩\u200d💻 👍🏽") == "� � �"  # a flag, a sequence joined by ZWJ, a skin tone: one sign each
    assert printable("a\U000e0001b\u0007c") == "abc"  # a language tag and a control character: nothing to see
    kept = "Sámi ŋ č đ š ŧ ž «æøå» – é ü ß \u00ad\u200b\u00a0 שלום"
    assert printable(kept, FONT) == kept and printable(kept, FONT_BOLD) == kept
    assert printable("plain ascii <b>") == "plain ascii <b>"
