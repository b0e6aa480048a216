"""Text on colour as the window paints it (Dagsorden's flag chips, the evaluation chart's counts, the tinted rows
and cells on a dark palette): measured in the painted pixels, every chip, segment and cell reaches the 4.5:1 WCAG
AA asks of normal text. And the greys, red and amber of secondary text, taken from the palette, reach it too."""

from __future__ import annotations

import inspect
import re
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QStyleOptionViewItem, QTableView, QTreeView, QWidget

import konsultasjon_app.ui
from konsultasjon_app.domain.evaluation import RATING_TINTS, Summary, SummaryRow
from konsultasjon_app.domain.import_review import FieldChange
from konsultasjon_app.domain.model import RATINGS, CriteriaSet
from konsultasjon_app.store.exchange import RowStatus
from konsultasjon_app.ui.agenda.model import FLAG_COLOURS, FlagsRole
from konsultasjon_app.ui.agenda.view import FlagChipsDelegate
from konsultasjon_app.ui.evaluation.chart import RatingChart
from konsultasjon_app.ui.evaluation.model import SummaryModel
from konsultasjon_app.ui.register.import_preview import EMPTIES_COLOUR, STATUS_COLOUR, PreviewModel
from konsultasjon_app.ui.widgets import text_colour

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


# -- A dark palette (Windows' dark mode; Fusion with a dark palette) ----------------------------------------------

DARK = {"Window": "#202020", "WindowText": "#ffffff", "Base": "#1e1e1e", "AlternateBase": "#2d2d2d", "Text": "#ffffff",
        "Button": "#2d2d2d", "ButtonText": "#ffffff", "Highlight": "#0078d4", "HighlightedText": "#ffffff"}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in DARK.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    return palette


def cell_contrast(image: QImage, rect: QRect) -> tuple[str, str, float]:
    """(fill, text, ratio) in a table cell: the fill is its commonest pixel, the text the pixel most unlike it."""
    inner = rect.adjusted(2, 2, -2, -2)
    pixels = [image.pixelColor(x, y) for x in range(inner.left(), inner.right()) for y in range(inner.top(), inner.bottom())]
    fill = Counter(p.name() for p in pixels).most_common(1)[0][0]
    text = max(pixels, key=lambda colour: wcag_contrast(colour, QColor(fill)))
    return fill, text.name(), wcag_contrast(QColor(fill), text)


def painted_cells(qtbot, model, column: int) -> list[tuple[str, str, float]]:
    """Each row's cell in `column` as a table view with the dark palette paints it."""
    view = QTableView()
    qtbot.addWidget(view)
    view.setPalette(dark_palette())
    font = view.font()
    font.setPixelSize(BIG)
    view.setFont(font)
    view.setModel(model)
    view.resize(1400, 900)
    view.resizeColumnsToContents()
    view.resizeRowsToContents()
    view.show()
    qtbot.waitExposed(view)
    image = view.viewport().grab().toImage()
    return [cell_contrast(image, view.visualRect(model.index(row, column))) for row in range(model.rowCount())]


def test_the_import_previews_rows_read_on_a_dark_palette(qtbot):
    """Was: the palette's white text on the rows' light tints, the unchanged rows white on white (1.0:1)."""
    rows = (RowStatus(2, "ny", "new"), RowStatus(3, "endret", "changed", changes=(FieldChange("title", "A", "B"),)),
            RowStatus(4, "uendret", "unchanged"), RowStatus(5, "ugyldig", "invalid"),
            RowStatus(6, "tommer", "changed", changes=(FieldChange("notes", "Notat", None),)))
    model = PreviewModel(SimpleNamespace(rows=rows, table=SimpleNamespace(rows=())))
    cells = painted_cells(qtbot, model, 3)  # «Ny», «Endret», «Uendret», «Ugyldig»
    assert len(cells) == 5
    assert {fill for fill, _, _ in cells} == {*STATUS_COLOUR.values(), EMPTIES_COLOUR}
    for fill, text, ratio in cells:
        assert ratio >= 4.5, (fill, text, ratio)


def test_the_evaluation_summarys_counts_read_on_a_dark_palette(qtbot):
    """Was: the palette's white text on the pastel tints of Tabell 4.1 (1.1–1.4:1)."""
    model = SummaryModel()
    model.set_summary(Summary(CriteriaSet("sett", "Sett"), tuple(f"a{n}" for n in range(len(RATINGS))),
                              (SummaryRow("k", "K", {rating: 1 for rating in RATINGS}),)))
    for column in range(1, len(RATINGS) + 1):
        [(fill, text, ratio)] = painted_cells(qtbot, model, column)
        assert fill == RATING_TINTS[RATINGS[column - 1]]
        assert ratio >= 4.5, (RATINGS[column - 1], fill, text, ratio)


# -- Text in a tone of its own (muted, error, warning) on the window's colours ----------------------------------------

TODAYS = {"muted": "#555555", "error": "#b00020", "warning": "#8a5a00"}  # the light palette's, as before the dark fix


@pytest.mark.parametrize("tone", list(TODAYS))
@pytest.mark.parametrize("dark", [True, False], ids=["dark", "light"])
def test_each_text_tone_reads_on_the_window_and_the_base(qtbot, tone, dark):
    """On a dark palette the greys, red and amber written into the stylesheets read at 1.7–3.1:1; the palette's
    tone reaches 4.5:1 on the window (labels) and on the base (fields, tables, the details pane). On the default
    light palette it is the colour it was."""
    widget = QWidget()
    qtbot.addWidget(widget)
    if dark:
        widget.setPalette(dark_palette())
    colour = QColor(text_colour(tone, widget))
    for ground in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        assert wcag_contrast(colour, widget.palette().color(ground)) >= 4.5, (tone, colour.name(), ground)
    if not dark:
        assert colour.name() == TODAYS[tone]


def test_a_mid_grey_palette_still_gets_readable_tones(qtbot):
    """A palette of the user's own, neither light nor dark: each tone is moved towards the window's text until it reads."""
    widget = QWidget()
    qtbot.addWidget(widget)
    palette = QPalette()
    for role, colour in (("Window", "#949494"), ("Base", "#949494"), ("WindowText", "#000000")):
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    widget.setPalette(palette)
    for tone in TODAYS:
        assert wcag_contrast(QColor(text_colour(tone, widget)), QColor("#949494")) >= 4.5, tone


# The colours that were written into the window's stylesheets and HTML and read at 1.7–3.1:1 on a dark palette.
FIXED_TONES = re.compile(r"#(?:444444|555555|444|555|6b6b6b|b00020|8a5a00)\b", re.IGNORECASE)


def test_no_window_module_writes_the_fixed_greys_red_or_amber():
    """They come from `text_colour`, the one place their light shades are written. Where a module also fixes the
    background (the banner: both its colours set), a fixed colour is sound and would be allowed here."""
    ui = Path(konsultasjon_app.ui.__file__).parent
    helper = inspect.getsource(text_colour)
    found = []
    for module in sorted(ui.rglob("*.py")):
        source = module.read_text(encoding="utf-8")
        if module.name == "widgets.py":
            assert helper in source
            source = source.replace(helper, "")
        found += [f"{module.relative_to(ui)}:{source.count(chr(10), 0, m.start()) + 1} {m.group()}" for m in FIXED_TONES.finditer(source)]
    assert found == []
