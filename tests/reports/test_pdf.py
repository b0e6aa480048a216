"""What every document shares: paragraphs break their lines once for each width they are laid out at."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from reportlab.platypus import paragraph as rl_paragraph

from konsultasjon_app.domain.planner import plan
from konsultasjon_app.reports.agenda_pdf import agenda_pdf
from konsultasjon_app.reports.pdf import Paragraph, register_fonts, styles

from .support import demo_register, whole

TEXT = "Avtalen om bosetting av flyktninger ble inngått 1. mars 2005 og løper til 30. juni 2009. " * 6


def lines_of(paragraph) -> list[str]:
    return [" ".join(line[1]) if isinstance(line, tuple) else " ".join(w.text for w in line.words) for line in paragraph.blPara.lines]


def test_the_lines_are_reportlabs_at_each_width_even_when_the_width_changes_back():
    register_fonts()
    ours, theirs = Paragraph(TEXT, styles()["body"]), rl_paragraph.Paragraph(TEXT, styles()["body"])
    for width in (400, 200, 400, 300):
        assert ours.wrap(width, 10_000) == theirs.wrap(width, 10_000)
        assert lines_of(ours) == lines_of(theirs)


def test_an_agenda_breaks_each_paragraphs_lines_once_per_width(monkeypatch):
    """A KeepTogether measures its paragraphs and the frame lays them out again at the same width: reportlab's
    own line breaking runs once for each paragraph and width, not again for each of those passes."""
    calls: Counter = Counter()
    original = rl_paragraph.Paragraph.breakLines

    def counting(self, width):
        calls[(id(self), tuple(width) if isinstance(width, list) else width)] += 1
        return original(self, width)

    monkeypatch.setattr(rl_paragraph.Paragraph, "breakLines", counting)
    register = demo_register()
    data = agenda_pdf(register, plan(register, 2006, 2006, dt.date(2006, 12, 31)), 2006, 2)
    assert "Saksliste" in whole(data)
    assert calls and max(calls.values()) == 1
