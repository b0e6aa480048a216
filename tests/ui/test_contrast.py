"""Text on colour as the window paints it (Dagsorden's flag chips, the evaluation chart's counts): measured in the
painted pixels, every chip and segment reaches the 4.5:1 WCAG AA asks of normal text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QStyleOptionViewItem, QTreeView

from konsultasjon_app.domain.evaluation import Summary, SummaryRow
from konsultasjon_app.domain.model import RATINGS, CriteriaSet
from konsultasjon_app.ui.agenda.model import FLAG_COLOURS, FlagsRole
from konsultasjon_app.ui.agenda.view import FlagChipsDelegate
from konsultasjon_app.ui.evaluation.chart import RatingChart

# Large enough that the letters' strokes are whole pixels of the text's colour, not only antialiased edges.
BIG = 28


def wcag_contrast(one: QColor, other: QColor) -> float:
    """WCAG 2.1's contrast ratio, written out here rather than taken from the program."""

    def luminance(colour: QColor) -> float:
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (colour.redF(), colour.greenF(), colour.blueF()))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def painted_contrast(image: QImage, rect: QRectF) -> tuple[str, str, float]:
    """(fill, text, ratio) inside `rect`: the fill is the colour at its left edge, half way down (a chip's round
    end, a segment's start), the text the pixel that differs most from it."""
    inner = rect.toRect().adjusted(2, 2, -2, -2)
    fill = image.pixelColor(inner.left() + inner.height() // 2, inner.center().y())
    text = max((image.pixelColor(x, y) for x in range(inner.left(), inner.right()) for y in range(inner.top(), inner.bottom())),
               key=lambda colour: wcag_contrast(colour, fill))
    return fill.name(), text.name(), wcag_contrast(fill, text)


@pytest.mark.parametrize("flag", [*FLAG_COLOURS, "unknown-flag"])
def test_every_dagsorden_chip_reaches_aa(qtbot, flag):
    """Was: white on 'utsatt' (1.97:1) and on 'utløper' (3.08:1)."""
    model = QStandardItemModel()
    item = QStandardItem()
    item.setData([flag], FlagsRole)
    model.appendRow(item)
    view = QTreeView()
    qtbot.addWidget(view)
    view.setModel(model)
    delegate = FlagChipsDelegate(view)
    option = QStyleOptionViewItem()
    option.font = QFont(view.font().family(), -1)
    option.font.setPixelSize(BIG)
    option.rect = QRect(0, 0, 900, BIG * 2)
    image = QImage(option.rect.size(), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    delegate.paint(painter, option, model.index(0, 0))
    painter.end()
    metrics = QFontMetrics(option.font)
    height = metrics.height() + 2 * delegate.PAD_Y
    label = delegate.sizeHint(option, model.index(0, 0)).width() - 8 - delegate.GAP
    chip = QRectF(4, (option.rect.height() - height) / 2, label, height)
    fill, text, ratio = painted_contrast(image, chip)
    assert ratio >= 4.5, (flag, fill, text, ratio)


def test_every_count_on_the_evaluation_chart_reaches_aa(qtbot):
    """Was: white on 'Delvis i tråd' (2.0:1) and 'Ikke relevant' (3.3:1)."""
    chart = RatingChart()
    qtbot.addWidget(chart)
    font = chart.font()
    font.setPixelSize(BIG)
    chart.setFont(font)
    chart.set_summary(Summary(CriteriaSet("sett", "Sett"), tuple(f"a{n}" for n in range(len(RATINGS))),
                              (SummaryRow("k", "K", {rating: 1 for rating in RATINGS}),)))
    chart.resize(1200, 200)
    image = chart.grab().toImage()
    segments = chart.segments()
    assert [rating for _, _, rating, _ in segments] == list(RATINGS)
    for rect, _, rating, _ in segments:
        fill, text, ratio = painted_contrast(image, rect)
        assert ratio >= 4.5, (rating, fill, text, ratio)
