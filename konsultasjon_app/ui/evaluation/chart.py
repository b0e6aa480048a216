"""The summary as a stacked horizontal bar per criterion, painted with QPainter (QtCharts is not in PySide6-Essentials)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QToolTip, QWidget

from ...domain.evaluation import RATING_COLOURS, RATING_NB, RATING_TEXT_COLOURS, Summary
from ...domain.model import RATINGS


class RatingChart(QWidget):
    """One bar per criterion (in the set's order, top to bottom), a segment per rating, the count inside each
    segment that has room, and a legend. Hovering a segment tells its criterion, rating and count."""

    BAR = 18
    GAP = 8
    MARGIN = 8

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ratingChart")
        self.setAccessibleName(self.tr("Diagram: vurderinger per kriterium"))
        self.summary: Summary | None = None
        self.setMinimumHeight(120)

    def set_summary(self, summary: Summary | None) -> None:
        self.summary = summary
        self.setAccessibleDescription(self._describe())
        self.updateGeometry()
        self.update()

    def _describe(self) -> str:
        if self.summary is None or not self.summary.agreements:
            return self.tr("Ingen vurderinger")
        return "; ".join(
            f"{row.title}: " + ", ".join(f"{RATING_NB[r]} {row.counts[r]}" for r in RATINGS if row.counts[r]) for row in self.summary.rows
        )

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's naming
        rows = len(self.summary.rows) if self.summary else 4
        return QSize(480, 2 * self.MARGIN + rows * (self.BAR + self.GAP) + self._legend_height() + 24)

    def _legend_height(self) -> int:
        return QFontMetrics(self.font()).height() + 6

    # -- geometry, shared by painting and tooltips ------------------------------------------------------------

    def _label_width(self) -> float:
        if self.summary is None:
            return 0
        metrics = QFontMetrics(self.font())
        widest = max((metrics.horizontalAdvance(r.title) for r in self.summary.rows), default=0)
        return min(widest + 8, self.width() * 0.4)

    def _layout(self) -> tuple[QRectF, float, float, float]:
        """The bars' area, the distance from one bar to the next, a bar's height, and the label column's width."""
        label_width = self._label_width()
        left = self.MARGIN + label_width
        bottom = self.height() - self.MARGIN - self._legend_height() - 18
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

    # -- painting -------------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's naming
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        metrics = QFontMetrics(self.font())
        if self.summary is None or not self.summary.agreements:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("Ingen vurderinger å vise ennå."))
            painter.end()
            return
        layout = self._layout()
        area, step, bar, label_width = layout
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
        # Criterion titles, elided to the label column.
        painter.setPen(self.palette().text().color())
        for i, row in enumerate(self.summary.rows):
            rect = QRectF(self.MARGIN, area.top() + i * step, label_width - 6, bar)
            painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(row.title, Qt.TextElideMode.ElideRight, int(rect.width())))
        for rect, _, rating, count in self.segments(layout):
            painter.fillRect(rect, QColor(RATING_COLOURS[rating]))
            painter.setPen(QColor("white"))
            painter.drawLine(rect.topRight(), rect.bottomRight())
            label = str(count)
            if metrics.horizontalAdvance(label) + 4 <= rect.width():
                painter.setPen(QColor(RATING_TEXT_COLOURS[rating]))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
        # The legend, in one line under the scale.
        x = float(self.MARGIN)
        y = self.height() - self.MARGIN - metrics.height()
        for rating in RATINGS:
            painter.fillRect(QRectF(x, y + 2, 12, metrics.height() - 4), QColor(RATING_COLOURS[rating]))
            painter.setPen(self.palette().text().color())
            text = RATING_NB[rating]
            painter.drawText(QPointF(x + 16, y + metrics.ascent()), text)
            x += 16 + metrics.horizontalAdvance(text) + 18
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            hit = self.segment_at(QPointF(event.pos()))
            if hit is None or self.summary is None:
                QToolTip.hideText()
                event.ignore()
                return True
            i, rating, count = hit
            row = self.summary.rows[i]
            QToolTip.showText(
                event.globalPos(),
                self.tr("%1\n%2: %3 av %4 avtaler")
                .replace("%1", row.title)
                .replace("%2", RATING_NB[rating])
                .replace("%3", str(count))
                .replace("%4", str(len(self.summary.agreements))),
                self,
            )
            return True
        return super().event(event)
