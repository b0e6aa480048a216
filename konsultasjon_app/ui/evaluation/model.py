"""The evaluation tab's table models: the grid of ratings (agreements × criteria) and the summary per criterion."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap, QPolygonF

from ...domain.evaluation import RATING_NB, RATING_TINTS, Suggestion, Summary, changed_rows, derived_rating, format_share
from ...domain.model import RATINGS, Agreement, Assessment, CriteriaSet
from ..widgets import TEXT_ON_TINT, fill, text_colour, tooltip_html

AgreementKeyRole = Qt.ItemDataRole.UserRole + 1
RatingRole = Qt.ItemDataRole.UserRole + 3  # the rating's code, or None
SuggestionRole = Qt.ItemDataRole.UserRole + 4  # the suggested rating's code, for a cell without a rating


def justification_icon() -> QIcon:
    """A small folded-corner note: the cell has a justification (made once, when the first grid is filled)."""
    pixmap = QPixmap(10, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("#37474f"))
    painter.setBrush(QColor("#ffffff"))
    painter.drawPolygon(QPolygonF([QPointF(0.5, 0.5), QPointF(6.5, 0.5), QPointF(9.5, 3.5), QPointF(9.5, 11.5), QPointF(0.5, 11.5)]))
    for y in (4.5, 6.5, 8.5):
        painter.drawLine(QPointF(2.5, y), QPointF(7.5, y))
    painter.end()
    return QIcon(pixmap)


def two_lines(title: str, limit: int = 14) -> str:
    """A header's text on two lines, broken at the space nearest the middle, when it is longer than `limit`: the
    columns stay narrow enough for the grid to fit the window."""
    if len(title) <= limit or " " not in title:
        return title
    middle = len(title) / 2
    spaces = [i for i, ch in enumerate(title) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return title[:cut] + "\n" + title[cut + 1 :]


def changed_keys(old: dict, new: dict) -> set:
    """The keys whose values differ between two dicts (added and removed ones too). A change of one rating keeps the
    other records as they were, so they are told apart by identity first, and compared only when not the same."""
    get = new.get
    differ = {key for key, value in old.items() if get(key, old) is not value}  # (`old`: a default no value is)
    gone = sum(1 for key in differ if key not in new)
    if len(new) != len(old) - gone:  # keys only `new` has
        differ |= new.keys() - old.keys()
    return {key for key in differ if old.get(key) != new.get(key) or (key in old) != (key in new)}


class AssessmentGridModel(QAbstractTableModel):
    """Rows: agreements; column 0: the agreement; then one column per criterion, each cell a rating.

    The model holds what it shows as plain values; the tab gives it the filtered agreements, the set's ratings and
    (for the model agreement) the suggestions for cells without a rating.
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.criteria_set: CriteriaSet | None = None
        self.agreements: tuple[Agreement, ...] = ()
        self.assessments: dict[tuple[str, str], Assessment] = {}
        self.suggestions: dict[tuple[str, str], Suggestion] = {}
        self._italic = QFont()
        self._italic.setItalic(True)
        self._note: QIcon | None = None
        self._suggestion_colour: QColor | None = None  # the palette's muted text, worked out at each new content

    def set_content(
        self,
        criteria_set: CriteriaSet | None,
        agreements: tuple[Agreement, ...],
        assessments: dict[tuple[str, str], Assessment],
        suggestions: dict[tuple[str, str], Suggestion],
    ) -> None:
        """Show new content. When the rows and columns are the same, the cells change in place (the cursor stays)."""
        same_shape = (
            self.criteria_set is not None
            and criteria_set is not None
            and [c.key for c in self.criteria_set.criteria] == [c.key for c in criteria_set.criteria]
            and self.criteria_set.key == criteria_set.key
            and [a.key for a in self.agreements] == [a.key for a in agreements]
        )
        if not same_shape:
            self.beginResetModel()
        self._suggestion_colour = None
        old_set, old_agreements = self.criteria_set, self.agreements
        old_assessments, old_suggestions = self.assessments, self.suggestions
        self.criteria_set = criteria_set
        self.agreements = agreements
        self.assessments = assessments
        self.suggestions = suggestions
        if not same_shape:
            self.endResetModel()
            return
        if not (self.rowCount() and self.columnCount()):
            return
        if old_set == criteria_set and (old_agreements is agreements or old_agreements == agreements):
            # Only ratings changed (a key, undo, redo): the cells whose rating or suggestion changed are repainted,
            # not every visible one (was: the whole grid, about 700 cells, at each key).
            self._cells_changed(old_assessments, old_suggestions)
            return
        self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
        if old_set != criteria_set:  # titles or descriptions edited
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    # Above this many changed cells (accepting every suggestion) one signal covers them all: a signal per cell
    # would cost more than painting the visible part of the grid once.
    MANY_CELLS = 32

    def _cells_changed(self, old_assessments: dict, old_suggestions: dict) -> None:
        changed = set()
        for old, new in ((old_assessments, self.assessments), (old_suggestions, self.suggestions)):
            changed |= changed_keys(old, new)
        if not changed:
            return
        rows = {a.key: i for i, a in enumerate(self.agreements)}
        columns = {c.key: i + 1 for i, c in enumerate(self.criteria_set.criteria)}
        cells = [(rows[a], columns[c]) for a, c in changed if a in rows and c in columns]
        if not cells:
            return
        if len(cells) > self.MANY_CELLS:
            top, bottom = min(r for r, _ in cells), max(r for r, _ in cells)
            left, right = min(c for _, c in cells), max(c for _, c in cells)
            self.dataChanged.emit(self.index(top, left), self.index(bottom, right))
            return
        for row, column in sorted(cells):
            index = self.index(row, column)
            self.dataChanged.emit(index, index)

    # -- lookups ------------------------------------------------------------------------------------------

    def agreement_at(self, row: int) -> Agreement | None:
        return self.agreements[row] if 0 <= row < len(self.agreements) else None

    def criterion_at(self, column: int):
        if self.criteria_set is None or not 1 <= column <= len(self.criteria_set.criteria):
            return None
        return self.criteria_set.criteria[column - 1]

    def cell(self, index: QModelIndex | QPersistentModelIndex):
        """(agreement, criterion, assessment or None, suggestion or None) of a rating cell; None for column 0."""
        if not index.isValid():
            return None
        agreement, criterion = self.agreement_at(index.row()), self.criterion_at(index.column())
        if agreement is None or criterion is None:
            return None
        key = (agreement.key, criterion.key)
        return agreement, criterion, self.assessments.get(key), self.suggestions.get(key)

    def index_of(self, agreement: str, criterion: str | None) -> QModelIndex:
        row = next((i for i, a in enumerate(self.agreements) if a.key == agreement), -1)
        column = 0
        if criterion is not None and self.criteria_set is not None:
            column = next((i + 1 for i, c in enumerate(self.criteria_set.criteria) if c.key == criterion), 0)
        return self.index(row, column) if row >= 0 else QModelIndex()

    # -- Qt's model interface -------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.criteria_set is None else len(self.agreements)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.criteria_set is None else 1 + len(self.criteria_set.criteria)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or self.criteria_set is None:
            return None
        if section == 0:
            return self.tr("Avtale") if role == Qt.ItemDataRole.DisplayRole else None
        criterion = self.criterion_at(section)
        if criterion is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return two_lines(criterion.title)
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [criterion.title]
            if criterion.description:
                parts.append(criterion.description)
            if criterion.subpoints:
                parts.append(self.tr("Delpunkter:") + "\n" + "\n".join(f"• {s}" for s in criterion.subpoints))
            return tooltip_html("\n\n".join(parts))
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.criteria_set is None:
            return None
        agreement = self.agreement_at(index.row())
        if agreement is None:
            return None
        if role == AgreementKeyRole:
            return agreement.key
        if index.column() == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return agreement.title
            if role == Qt.ItemDataRole.ToolTipRole:
                return tooltip_html(f"{agreement.title}\n({agreement.key})")
            return None
        cell = self.cell(index)
        if cell is None:
            return None
        _, criterion, assessment, suggestion = cell
        if role == RatingRole:
            return assessment.rating if assessment else None
        if role == SuggestionRole:
            return suggestion.rating if suggestion and assessment is None else None
        if assessment is None:
            if suggestion is None:
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return self.tr("%1?").replace("%1", RATING_NB[suggestion.rating])
            if role == Qt.ItemDataRole.FontRole:
                return self._italic
            if role == Qt.ItemDataRole.ForegroundRole:
                if self._suggestion_colour is None:
                    self._suggestion_colour = QColor(text_colour("muted"))
                return self._suggestion_colour
            if role == Qt.ItemDataRole.ToolTipRole:
                return tooltip_html(
                    fill(self.tr("Forslag fra registeret: %1\n%2\n\n«Godta forslagene» lagrer det; en tast (1–5) setter en egen vurdering."),
                         RATING_NB[suggestion.rating], suggestion.basis)
                )
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor(RATING_TINTS[assessment.rating])
        if role == Qt.ItemDataRole.ForegroundRole:  # the palette's own text can be white (a dark palette)
            return QColor(TEXT_ON_TINT)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:  # what the note icon shows
            return self.tr("med begrunnelse") if assessment.justification else None
        if role == Qt.ItemDataRole.DecorationRole and assessment.justification:
            if self._note is None:
                self._note = justification_icon()
            return self._note
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        # What the ticked sub-points give: only the text and the tooltip show it (every paint asks the colours).
        derived = derived_rating(criterion, assessment)
        overridden = derived is not None and derived != assessment.rating
        if role == Qt.ItemDataRole.DisplayRole:
            label = RATING_NB[assessment.rating]
            if assessment.subpoints_met is not None and criterion.subpoints:
                met = sum(1 for s in criterion.subpoints if s in assessment.subpoints_met)
                label += f" ({met}/{len(criterion.subpoints)})"
            return label + ("*" if overridden else "")
        return tooltip_html(self._tooltip(criterion, assessment, derived, overridden))

    def _tooltip(self, criterion, assessment: Assessment, derived: str | None, overridden: bool) -> str:
        parts = [f"{criterion.title}: {RATING_NB[assessment.rating]}"]
        if assessment.justification:
            parts.append(assessment.justification)
        if assessment.subpoints_met is not None and criterion.subpoints:
            marks = [("☑ " if s in assessment.subpoints_met else "☐ ") + s for s in criterion.subpoints]
            parts.append(self.tr("Delpunkter:") + "\n" + "\n".join(marks))
        if overridden:
            parts.append(
                fill(self.tr("* Delpunktene gir «%1». Begrunnelse for avviket: %2"), RATING_NB[derived], assessment.override_reason or "")
            )
        return "\n\n".join(parts)


class SummaryModel(QAbstractTableModel):
    """Rows: criteria; columns: the title, one count per rating, and the share in line (Tabell 4.1)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.summary: Summary | None = None

    def set_summary(self, summary: Summary | None) -> None:
        changed = changed_rows(self.summary, summary)
        if changed is None:
            self.beginResetModel()
            self.summary = summary
            self.endResetModel()
            return
        # The same criteria (a rating changed): only the lines whose counts changed are repainted, not the table reset.
        self.summary = summary
        for row in changed:
            self.dataChanged.emit(self.index(row, 1), self.index(row, self.columnCount() - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.summary is None else len(self.summary.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(RATINGS) + 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return self.tr("Kriterium")
        if 1 <= section <= len(RATINGS):
            return two_lines(RATING_NB[RATINGS[section - 1]], 7)
        if section == len(RATINGS) + 1:
            return two_lines(self.tr("Andel i tråd"), 7)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.summary is None:
            return None
        row = self.summary.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.title
            if column <= len(RATINGS):
                return str(row.counts[RATINGS[column - 1]])
            return format_share(row.share_in_line)
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        tinted = 1 <= column <= len(RATINGS) and row.counts[RATINGS[column - 1]]
        if role == Qt.ItemDataRole.BackgroundRole and tinted:
            return QColor(RATING_TINTS[RATINGS[column - 1]])
        if role == Qt.ItemDataRole.ForegroundRole and tinted:  # the palette's own text can be white (a dark palette)
            return QColor(TEXT_ON_TINT)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return tooltip_html(row.title)
        return None
