"""Text on a coloured fill: the contrast ratio is WCAG 2.1's, and every count the evaluation chart paints on a
rating's colour (on screen and in the PDF) reaches the 4.5:1 WCAG AA asks of normal text."""

from __future__ import annotations

import pytest

from konsultasjon_app.domain.colours import AA_CONTRAST, DARK_TEXT, WHITE, contrast, text_on
from konsultasjon_app.domain.evaluation import RATING_COLOURS, RATING_TEXT_COLOURS
from konsultasjon_app.domain.model import RATINGS


@pytest.mark.parametrize("one, other, ratio", [
    ("#ffffff", "#000000", 21.0),
    ("#000000", "#ffffff", 21.0),
    ("#777777", "#ffffff", 4.48),  # WCAG's own example of a grey that just fails on white
    ("#767676", "#ffffff", 4.54),
    ("#f9a825", "#f9a825", 1.0),
])
def test_the_contrast_ratio_is_wcags(one, other, ratio):
    assert contrast(one, other) == pytest.approx(ratio, abs=0.01)


def test_white_where_it_reads_well_enough_else_dark():
    assert text_on("#c62828") == WHITE  # the red chips keep their look
    assert text_on("#f9a825") == DARK_TEXT  # amber: white was 1.97:1
    assert text_on("#8d8d8d") == DARK_TEXT  # mid grey: white was 3.32:1, and #333333 would be 3.8:1


@pytest.mark.parametrize("rating", RATINGS)
def test_every_count_on_a_rating_colour_reaches_aa(rating):
    """Was: white on 'Delvis i tråd' (2.0:1) and 'Ikke relevant' (3.3:1)."""
    assert contrast(RATING_TEXT_COLOURS[rating], RATING_COLOURS[rating]) >= AA_CONTRAST == 4.5
