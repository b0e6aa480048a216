"""The summary as a stacked horizontal bar per criterion, painted with QPainter (QtCharts is not in PySide6-Essentials)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QToolTip, QWidget

from ...domain.evaluation import RATING_COLOURS, RATING_NB, RATING_TEXT_COLOURS, Summary, changed_rows
from ...domain.model import RATINGS
from ..widgets import fill


class RatingChart(QWidget):
    """One bar per criterion (in the set's order, top to bottom), a segment per rating, the count inside each
    segment that has room, and a legend. Hovering a segment tells its criterion, rating and count."""

    BAR = 18
    GAP = 8
    MARGIN = 8
    SMALLEST = 0.75  # the least size of the chart's texts, as a share of the widget's font

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ratingChart")
        self.setAccessibleName(self.tr("Diagram: vurderinger per kriterium"))
        self.summary: Summary | None = None
        self.setMinimumHeight(120)

    def set_summary(self, summary: Summary | None) -> None:
        old = self.summary
        rows_before = len(old.rows) if old else None
        self.summary = summary
        self.setAccessibleDescription(self._describe())
        if (len(summary.rows) if summary else None) != rows_before:
            # Its size follows the number of bars alone: a new layout (up to the window, which QTabWidget answers by
            # repainting the whole tab) only when that changes, not for every rating (was: the grid painted twice).
            self.updateGeometry()
        changed = self._changed_bars(old, summary)
        if changed is None:
            self.update()
            return
        # A rating changed the counts of one criterion or a few, out of the same number of agreements: the scale,
        # the titles and the other bars stay as they are, and only the changed bars are painted again.
        area, step, bar, _ = self._layout()
        for row in changed:
            self.update(QRectF(area.left() - 1, area.top() + row * step - 1, area.width() + 2, bar + 2).toAlignedRect())

    @staticmethod
    def _changed_bars(old: Summary | None, new: Summary | None) -> list[int] | None:
        """The rows whose bars alone differ between two summaries; None when more than the bars does (other
        criteria or titles, or another number of agreements rated, which changes the scale of every bar)."""
        if old is None or new is None or len(old.agreements) != len(new.agreements):
            return None
        return changed_rows(old, new)

    def _describe(self) -> str:
        if self.summary is None or not self.summary.agreements:
            return self.tr("Ingen vurderinger")
        return "; ".join(
            f"{row.title}: " + ", ".join(f"{RATING_NB[r]} {row.counts[r]}" for r in RATINGS if row.counts[r]) for row in self.summary.rows
        )

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's naming
        rows = len(self.summary.rows) if self.summary else 4
        legend = QFontMetrics(self.font()).height() + 6
        return QSize(480, 2 * self.MARGIN + rows * (self.BAR + self.GAP) + legend + 24)

    # -- geometry, shared by painting and tooltips ------------------------------------------------------------

    def _text_font(self) -> QFont:
        """The font of the titles, the scale and the legend: the widget's, or a smaller one where the chart is too
        low for a title per bar in it (a laptop at 150 % gives the chart about 120 pixels): titles drawn over one
        another could not be read. Never below SMALLEST of the widget's."""
        font = QFont(self.font())
        rows = len(self.summary.rows) if self.summary else 0
        if not rows:
            return font
        for _ in range(2):  # a smaller font may put the legend on fewer lines: fitted once more
            metrics = QFontMetrics(font)
            lines = rows + 1 + len(self._legend_lines(metrics))  # a title per bar, the scale, the legend
            room = self.height() - 2 * self.MARGIN - 8
            if lines * metrics.height() <= room:
                break
            scale = max(self.SMALLEST, room / (lines * QFontMetrics(self.font()).height()))
            if font.pointSizeF() > 0:
                font.setPointSizeF(self.font().pointSizeF() * scale)
            else:
                font.setPixelSize(max(1, round(self.font().pixelSize() * scale)))
        return font

    def _legend_lines(self, metrics: QFontMetrics) -> list[list[tuple[float, str]]]:
        """The legend's entries as (x, rating) per line: on as many lines as the chart's width needs (on one line
        a narrow chart cut its last entries off)."""
        lines: list[list[tuple[float, str]]] = [[]]
        x = float(self.MARGIN)
        for rating in RATINGS:
            width = 16 + metrics.horizontalAdvance(RATING_NB[rating])
            if lines[-1] and x + width > self.width() - self.MARGIN:
                lines.append([])
                x = float(self.MARGIN)
            lines[-1].append((x, rating))
            x += width + 18
        return lines

    def _label_width(self, metrics: QFontMetrics) -> float:
        if self.summary is None:
            return 0
        widest = max((metrics.horizontalAdvance(r.title) for r in self.summary.rows), default=0)
        return min(widest + 8, self.width() * 0.4)

    def _layout(self) -> tuple[QRectF, float, float, float]:
        """The bars' area, the distance from one bar to the next, a bar's height, and the label column's width."""
        metrics = QFontMetrics(self._text_font())
        label_width = self._label_width(metrics)
        left = self.MARGIN + label_width
        legend = len(self._legend_lines(metrics)) * metrics.height()
        bottom = self.height() - self.MARGIN - legend - 6 - metrics.height() - 2  # the scale's numbers above the legend
        area = QRectF(left, self.MARGIN, max(10.0, self.width() - left - self.MARGIN - 6), max(10.0, bottom - self.MARGIN))
        rows = len(self.summary.rows) if self.summary else 0
        step = min(float(self.BAR + self.GAP), area.height() / max(1, rows))
        return area, step, step * self.BAR / (self.BAR + self.GAP), label_width

    def segments(self, layout: tuple[QRectF, float, float, float] | None = None):
        """(rectangle, row index, rating, count) of every non-empty segment."""
        if self.summary is None or not self.summary.agreements:
            return []
        area, step, bar, _ = layout or self._layout()
        total = len(self.summary.agreements)
        out = []
        for i, row in enumerate(self.summary.rows):
            x = area.left()
            y = area.top() + i * step
            for rating in RATINGS:
                count = row.counts[rating]
                if not count:
                    continue
                width = area.width() * count / total
                out.append((QRectF(x, y, width, bar), i, rating, count))
                x += width
        return out

    def segment_at(self, pos: QPointF):
        return next(((i, rating, count) for rect, i, rating, count in self.segments() if rect.contains(pos)), None)

    def title_at(self, pos: QPointF) -> int | None:
        """The row whose place in the label column is at `pos` (its bar's height and the gap below it)."""
        if self.summary is None or not self.summary.agreements:
            return None
        area, step, _, _ = self._layout()
        row = int((pos.y() - area.top()) // step)
        return row if self.MARGIN <= pos.x() < area.left() and pos.y() >= area.top() and row < len(self.summary.rows) else None

    # -- painting -------------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's naming
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        if self.summary is None or not self.summary.agreements:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("Ingen vurderinger å vise ennå."))
            painter.end()
            return
        font = self._text_font()
        painter.setFont(font)
        metrics = QFontMetrics(font)
        layout = self._layout()
        area, step, bar, _ = layout
        total = len(self.summary.agreements)
        # Grid lines and the scale: whole agreements, at most about ten marks.
        tick = next(t for t in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 10**9) if total / t <= 10)
        scale_y = area.top() + len(self.summary.rows) * step
        for value in range(0, total + 1, tick):
            x = area.left() + area.width() * value / total
            painter.setPen(QColor("#e0e0e0"))
            painter.drawLine(QPointF(x, area.top()), QPointF(x, scale_y))
            painter.setPen(self.palette().text().color())
            label = str(value)
            painter.drawText(QRectF(x - 20, scale_y + 2, 40, metrics.height()), Qt.AlignmentFlag.AlignHCenter, label)
        # Criterion titles, elided to the label column, each beside its bar. One that would be drawn over the one
        # above (too many criteria for the chart's height even in its smallest font) is left out: the bar's
        # tooltip, and the title's, name it.
        painter.setPen(self.palette().text().color())
        free_from = area.top() - metrics.height()
        for i, row in enumerate(self.summary.rows):
            rect = self._title_rect(layout, metrics, i)
            if rect.top() < free_from:
                continue
            painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(row.title, Qt.TextElideMode.ElideRight, int(rect.width())))
            free_from = rect.bottom()
        # A count in each segment wide enough for it; in a chart squeezed so low that the digits are taller than
        # the bars, none (they were drawn across the bars and gaps; the tooltip and the table beside have them).
        counts = step >= self.BAR + self.GAP or metrics.capHeight() <= bar
        for rect, _, rating, count in self.segments(layout):
            painter.fillRect(rect, QColor(RATING_COLOURS[rating]))
            painter.setPen(QColor("white"))
            painter.drawLine(rect.topRight(), rect.bottomRight())
            label = str(count)
            if counts and metrics.horizontalAdvance(label) + 4 <= rect.width():
                painter.setPen(QColor(RATING_TEXT_COLOURS[rating]))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
        # The legend under the scale, on as many lines as the width needs.
        lines = self._legend_lines(metrics)
        for number, line in enumerate(lines):
            y = self.height() - self.MARGIN - (len(lines) - number) * metrics.height()
            for x, rating in line:
                painter.fillRect(QRectF(x, y + 2, 12, metrics.height() - 4), QColor(RATING_COLOURS[rating]))
                painter.setPen(self.palette().text().color())
                painter.drawText(QPointF(x + 16, y + metrics.ascent()), RATING_NB[rating])
        painter.end()

    def _title_rect(self, layout: tuple[QRectF, float, float, float], metrics: QFontMetrics, row: int) -> QRectF:
        """Where criterion `row`'s title is drawn: a line of text centred on its bar, in the label column."""
        area, step, bar, label_width = layout
        middle = area.top() + row * step + bar / 2
        return QRectF(self.MARGIN, middle - metrics.height() / 2, label_width - 6, metrics.height())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            hit = self.segment_at(QPointF(event.pos()))
            title = self.title_at(QPointF(event.pos()))
            if title is not None and self.summary is not None:  # a title the label column cut short, or left out
                QToolTip.showText(event.globalPos(), self.summary.rows[title].title, self)
                return True
            if hit is None or self.summary is None:
                QToolTip.hideText()
                event.ignore()
                return True
            i, rating, count = hit
            row = self.summary.rows[i]
            QToolTip.showText(
                event.globalPos(),
                fill(self.tr("%1\n%2: %3 av %4 avtaler"), row.title, RATING_NB[rating], count, len(self.summary.agreements)),
                self,
            )
            return True
        return super().event(event)
