"""The evaluation's dialogs: one rating with its justification and sub-points, and a criteria set's editor."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...domain import bundle
from ...domain.evaluation import JUDGED, RATING_NB, Suggestion, derive_rating, is_override, rating_count
from ...domain.criteria_builtin import MODEL_AGREEMENT
from ...domain.model import RATINGS, Assessment, CriteriaSet, Criterion, Register, title_words, unique_key
from ...domain.problems import InvalidInput
from ..widgets import (
    AsksBeforeDiscarding,
    ErrorLabel,
    UnsavedChanges,
    any_row,
    enter_adds,
    escaped,
    fill,
    fit_to_screen,
    follow_chosen_row,
    current_date,
    ok_cancel,
    pasted_text_fields,
    scrolling,
    show_to_read,
    text_colour,
)


class AssessmentDialog(AsksBeforeDiscarding, QDialog):
    """One cell of the grid: the rating, the sub-points met (the rating then follows them unless the user picks
    another, which needs a reason), and the justification."""

    def __init__(
        self,
        criterion: Criterion,
        agreement_title: str,
        existing: Assessment | None,
        *,
        agreement: str,
        set_key: str,
        preset_rating: str | None = None,
        suggestion: Suggestion | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("assessmentDialog")
        self.setWindowTitle(self.tr("Vurdering"))
        self.criterion = criterion
        self.agreement = agreement
        self.set_key = set_key
        self.suggestion = suggestion
        self.existing = existing
        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>{_e(agreement_title)}</b><br>{_e(criterion.title)}", self)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        if criterion.description:
            description = QLabel(criterion.description, self)
            description.setWordWrap(True)
            description.setStyleSheet(f"color: {text_colour('muted', self)};")
            layout.addWidget(description)

        self.point_by_point = QCheckBox(self.tr("Vurder &delpunktene"), self)
        self.point_by_point.setObjectName("pointByPoint")
        self.subpoint_boxes: list[QCheckBox] = []
        self.derived_label = QLabel(self)
        self.derived_label.setObjectName("derivedRating")
        self.not_kept = QLabel(self)  # shown when the rating chosen keeps no ticks (`_show_ticks_kept`)
        self.not_kept.setObjectName("ticksNotKept")
        self.not_kept.setWordWrap(True)
        self.not_kept.hide()
        if criterion.subpoints:
            group = QGroupBox(self.tr("Delpunkter"), self)
            column = QVBoxLayout(group)
            column.addWidget(self.point_by_point)
            met = set(existing.subpoints_met or ()) if existing else set()
            for text in criterion.subpoints:
                box = QCheckBox(text.replace("&", "&&"), group)  # "Mål & resultatkrav": an "&" is no Alt-letter
                box.setChecked(text in met)
                box.toggled.connect(self._ticks_changed)
                self.subpoint_boxes.append(box)
                column.addWidget(box)
            column.addWidget(self.derived_label)
            column.addWidget(self.not_kept)
            layout.addWidget(group)
            # Point by point when it was, or when nothing is rated yet: ticking is how such a criterion is rated.
            self.point_by_point.setChecked(existing is None or existing.subpoints_met is not None)
        else:
            self.point_by_point.hide()
            self.derived_label.hide()
        self.point_by_point.toggled.connect(self._ticks_changed)

        form = self._form = QFormLayout()
        self.rating = QComboBox(self)
        self.rating.setObjectName("rating")
        self.rating.setAccessibleName(self.tr("Vurdering"))
        self.rating.addItem(self.tr("– velg –"), None)
        for value in RATINGS:
            self.rating.addItem(RATING_NB[value], value)
        form.addRow(self.tr("&Vurdering:"), self.rating)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("overrideReason")
        self.reason.setAccessibleName(self.tr("Begrunnelse for å avvike fra delpunktene"))
        self.reason.setPlaceholderText(self.tr("hvorfor vurderingen avviker fra det delpunktene gir"))
        self.reason_label = QLabel(self.tr("&Avvik fordi:"), self)
        self.reason_label.setBuddy(self.reason)
        form.addRow(self.reason_label, self.reason)
        self.justification = QPlainTextEdit(self)
        self.justification.setObjectName("justification")
        self.justification.setAccessibleName(self.tr("Begrunnelse"))
        self.justification.setTabChangesFocus(True)
        self.justification.setMinimumHeight(90)
        form.addRow(self.tr("&Begrunnelse:"), self.justification)
        pasted_text_fields(self)  # text pasted from Word or a PDF arrives tidied (also a text stored so, shown below)
        layout.addLayout(form)
        if suggestion is not None and existing is None:
            row = QHBoxLayout()
            hint = QLabel(fill(self.tr("Forslag fra registeret: <i>%1</i> – %2"), RATING_NB[suggestion.rating], _e(suggestion.basis)),
                          self)
            hint.setWordWrap(True)
            self.use_suggestion = QPushButton(self.tr("Bruk &forslaget"), self)
            self.use_suggestion.setObjectName("useSuggestion")
            self.use_suggestion.clicked.connect(self.apply_suggestion)
            row.addWidget(hint, 1)
            row.addWidget(self.use_suggestion)
            layout.addLayout(row)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        self.buttons = ok_cancel(self, self.tr("Lagre"))
        layout.addWidget(self.buttons)

        if existing is not None:
            self.justification.setPlainText(existing.justification or "")
            self.reason.setText(existing.override_reason or "")
            self.reason.setCursorPosition(0)  # its first words in sight (was: its end, «ngler; da er avtalen …»)
        self._last_derived = self.derived()
        # A cell not rated opens with no rating chosen (`_ticks_changed`): was what no ticks give, «Ikke i tråd»,
        # stored by Enter on a cell opened only to read its criterion.
        start = preset_rating or (existing.rating if existing else None)
        self._unrated = start is None  # then the ticks choose the rating, and none ticked again is none chosen again
        self.rating.setCurrentIndex(max(0, self.rating.findData(start)))
        self.rating.currentIndexChanged.connect(lambda _: self.validate())
        self.rating.currentIndexChanged.connect(self._show_ticks_kept)
        self.reason.textChanged.connect(self.validate)
        self.justification.textChanged.connect(self.validate)
        self._ticks_changed()
        fit_to_screen(self, 560, self.sizeHint().height())
        if self.needs_reason():
            self.reason.setFocus()
        else:
            self.rating.setFocus()
        self.unsaved = UnsavedChanges(self, self._state, self.tr("Forkaste endringene i vurderingen?"))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's naming
        super().showEvent(event)
        if self.focusWidget() is self.reason and self.reason.text():
            # The window's focus selects the whole reason, and shows its end: its first words in sight instead.
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, self, lambda: self.reason.home(False))

    def _state(self) -> tuple:
        return (self.rating.currentIndex(), self.point_by_point.isChecked(), self._ticked(), self.reason.text(),
                self.justification.toPlainText())

    def set_read_only(self, notice: str) -> None:
        """The rating, its sub-points and justification to read, nothing to change (a database open read-only);
        `notice` says why. Was: the grid's Enter did nothing in a read-only window."""
        show_to_read(self, self.buttons, self.tr("Vurdering (skrivebeskyttet)"), notice)
        self.error.show_message(None)  # ("Velg en vurdering." on a cell not rated: nothing is to be chosen here)
        # The rating as stored, in a text field in the choice's place: Tab, its label's Alt+V and a screen reader
        # reach it (a disabled choice they pass by). A cell not rated reads «Ikke vurdert» (DOMAIN §5). Was: the
        # choice, disabled, reading «– velg –», or what the unticked sub-points would give («Ikke i tråd»).
        stored = self.existing.rating if self.existing is not None else "ikke_vurdert"
        self.rating_shown = QLineEdit(RATING_NB[stored], self)
        self.rating_shown.setObjectName("ratingShown")
        self.rating_shown.setReadOnly(True)
        self.rating_shown.setAccessibleName(self.tr("Vurdering"))
        label = self._form.labelForField(self.rating)
        self._form.replaceWidget(self.rating, self.rating_shown)
        self.rating.blockSignals(True)  # (nothing to check: nothing can be stored)
        self.rating.setCurrentIndex(self.rating.findData(stored))  # the choice, out of sight, says the same
        self.rating.blockSignals(False)
        self.rating.hide()
        if isinstance(label, QLabel):
            label.setBuddy(self.rating_shown)
        QWidget.setTabOrder(self.rating, self.rating_shown)  # in Tab order where the choice was
        if self.existing is None:
            self.derived_label.hide()  # nothing is rated, so nothing was derived from the sub-points
        self.rating_shown.setFocus()


    # -- state --------------------------------------------------------------------------------------------

    def met(self) -> tuple[str, ...] | None:
        """The ticked sub-points when rated point by point (and the rating weighs them), else None."""
        if not self.criterion.subpoints or not self.point_by_point.isChecked() or self.rating.currentData() not in (*JUDGED, None):
            return None
        return self._ticked()

    def _ticked(self) -> tuple[str, ...]:
        return tuple(text for text, box in zip(self.criterion.subpoints, self.subpoint_boxes) if box.isChecked())

    def derived(self) -> str | None:
        if not self.criterion.subpoints or not self.point_by_point.isChecked():
            return None
        return derive_rating(self.criterion.subpoints, self._ticked())

    def needs_reason(self) -> bool:
        rating = self.rating.currentData()
        return rating in JUDGED and is_override(self.criterion, rating, self.met())

    def _ticks_changed(self, *_) -> None:
        derived = self.derived()
        if derived is None:
            self.derived_label.setText(self.tr("Vurderingen settes uten å krysse av delpunktene."))
        else:
            self.derived_label.setText(self.tr("Delpunktene gir: <b>%1</b>").replace("%1", RATING_NB[derived]))
            # The rating follows the ticks until the user picks another one. With none chosen, the first tick
            # chooses: no tick yet is no rating yet (not «Ikke i tråd»).
            current = self.rating.currentData()
            if self._unrated and current is not None and current == self._last_derived and not self._ticked():
                self.rating.setCurrentIndex(0)  # the last tick taken off a cell not rated: «– velg –» again, not «Ikke i tråd»
            elif (current is not None and current == self._last_derived) or (current is None and self._ticked()):
                self.rating.setCurrentIndex(self.rating.findData(derived))
        self._last_derived = derived
        self._show_ticks_kept()
        self.validate()

    def _show_ticks_kept(self, *_) -> None:
        """The sub-points as what will be stored: ticked boxes count with a rating that weighs them (or while none is
        chosen); «Ikke relevant» and «Ikke vurdert» weigh none, and keep no ticks (`met`). Then the boxes are
        disabled (their ticks back, should a rating that weighs them be chosen again), the line of what they give
        greyed, and a line says that they are not kept. Was: all as if they counted, and lost on «Lagre»."""
        rating = self.rating.currentData()
        weighed = rating in (*JUDGED, None)
        by_point = self.point_by_point.isChecked()
        for box in self.subpoint_boxes:
            box.setEnabled(by_point and weighed)
        self.derived_label.setEnabled(weighed or not by_point)
        not_kept = {
            "ikke_relevant": self.tr("Med «Ikke relevant» lagres ingen avkrysninger: delpunktene vurderes ikke."),
            "ikke_vurdert": self.tr("Med «Ikke vurdert» lagres ingen avkrysninger: delpunktene vurderes ikke."),
        }
        self.not_kept.setText(not_kept.get(rating, ""))
        self.not_kept.setVisible(bool(self.subpoint_boxes) and by_point and not weighed)

    def apply_suggestion(self) -> None:
        if self.suggestion is None:
            return
        if self.criterion.subpoints:
            self.point_by_point.setChecked(False)  # a suggestion ticks no sub-points
        self.rating.setCurrentIndex(self.rating.findData(self.suggestion.rating))
        if not self.justification.toPlainText().strip():
            self.justification.setPlainText(self.suggestion.basis)

    def validate(self) -> bool:
        needs = self.needs_reason()
        self.reason.setVisible(needs)
        self.reason_label.setVisible(needs)
        message = None
        if self.rating.currentData() is None and self.derived() is not None:
            message = self.tr("Kryss av delpunktene som er oppfylt, eller velg en vurdering.")
        elif self.rating.currentData() is None:
            message = self.tr("Velg en vurdering.")
        elif needs and not self.reason.text().strip():
            message = self.tr("Delpunktene gir «%1». Skriv hvorfor vurderingen er en annen.").replace("%1", RATING_NB[self.derived()])
        elif len(self.justification.toPlainText()) > bundle.TEXT_LIMIT:
            message = self.tr("Begrunnelsen er for lang (høyst %1 tegn).").replace("%1", str(bundle.TEXT_LIMIT))
        elif len(self.reason.text()) > bundle.TEXT_LIMIT:
            message = self.tr("Begrunnelsen for avviket er for lang.")
        else:
            message = self._import_problem()
        self.error.show_message(message)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(message is None)
        return message is None

    def _import_problem(self) -> str | None:
        """The first thing an import of the database's export would refuse in the rating as it stands (a control
        character pasted into the justification), named by the field's label: the database refuses it too."""
        from ...domain.validation import new_problems

        problems = new_problems("assessments", self.existing, self.value())
        if not problems:
            return None
        labels = {"justification": self.tr("Begrunnelse"), "override_reason": self.tr("Avvik fordi"),
                  "subpoints_met": self.tr("Delpunkter"), "rating": self.tr("Vurdering")}
        return f"{labels.get(problems[0].field, problems[0].field)}: {problems[0].body()}"

    def value(self) -> Assessment:
        rating = self.rating.currentData()
        assert rating is not None
        justification = self.justification.toPlainText().strip() or None
        reason = self.reason.text().strip() if self.needs_reason() else None
        return Assessment(self.agreement, self.set_key, self.criterion.key, rating, justification, self.met(), reason or None)


def _e(value: str) -> str:
    return escaped(value)


# -- the criteria set's editor ----------------------------------------------------------------------------------


@dataclass
class _Point:
    """A sub-point of a criterion being edited."""

    text: str
    origin: str | None  # the stored sub-point this one was, so that ticks follow a rename


@dataclass
class _Item:
    """A criterion being edited in the criteria set dialog."""

    key: str | None  # None: new, keyed from its title when saved
    title: str
    description: str
    points: list[_Point] = field(default_factory=list)


class _TextListModel(QAbstractListModel):
    """A list of texts shown in a QListView; `texts` is read from the owner on each call."""

    def __init__(self, texts, set_text=None, parent: QObject | None = None):
        super().__init__(parent)
        self._texts = texts
        self._set_text = set_text

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._texts())

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            text = self._texts()[index.row()]
            return text if text or role == Qt.ItemDataRole.EditRole else self.tr("(uten tekst)")
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if self._set_text else flags

    def setData(self, index: QModelIndex | QPersistentModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or self._set_text is None:
            return False
        self._set_text(index.row(), " ".join(str(value).split()))
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True

    def refresh(self) -> None:
        self.beginResetModel()
        self.endResetModel()


def criterion_key(title: str, taken: set[str]) -> str:
    """A key for a new criterion from its title: lowercase ASCII words joined by hyphens, unique in the set."""
    return unique_key("-".join(title_words(title))[:40].strip("-") or "kriterium", taken)


def round_names(template: CriteriaSet, year: int, taken: set[str]) -> tuple[str, str]:
    """The key and title proposed for a copy of `template` as the yearly round of `year` («Mønsteravtalen 2027»,
    «monsteravtale-2027»): a round's year at the end of the key or title is replaced, not added to. A copy of the
    round of `year` itself is next year's round (copied in December to prepare it)."""
    key_base = re.sub(r"-\d{4}$", "", template.key)
    title_base = re.sub(r"\s+\d{4}$", "", template.title)
    if template.key == f"{key_base}-{year}":
        year += 1
    return unique_key(f"{key_base}-{year}", taken), f"{title_base} {year}"


class CriteriaSetDialog(AsksBeforeDiscarding, QDialog):
    """Create, copy or edit a criteria set: its key and title, and its criteria with title, description and
    optional sub-points. Checked as the user types, by the bundle reader (the same rules as an import)."""

    def __init__(self, register: Register, original: CriteriaSet | None, *, template: CriteriaSet | None = None,
                 round_year: int | None = None, parent: QWidget | None = None):
        """`template`: a set to copy, as the yearly round of `round_year` (default: this year)."""
        super().__init__(parent)
        self.setObjectName("criteriaSetDialog")
        self.register = register
        self.original = original
        self.template = None if original else template
        source = original or template
        self.setWindowTitle(self.tr("Endre kriteriesett") if original else self.tr("Kopier kriteriesett") if template else self.tr("Nytt kriteriesett"))
        self.items: list[_Item] = []
        if source is not None:
            for c in source.criteria:
                # A copy keeps the criteria's keys (so that suggestions follow, and ratings taken along stay with
                # their criterion), and its sub-points' origins (so that their ticks follow a rename).
                points = [_Point(s, s) for s in c.subpoints]
                self.items.append(_Item(c.key, c.title, c.description or "", points))
        # Made in the order shown (Tittel above Nøkkel): Tab follows the order the widgets are made in.
        self.title = QLineEdit(self)
        self.title.setObjectName("setTitle")
        self.title.setAccessibleName(self.tr("Tittel"))
        self.key = QLineEdit(self)
        self.key.setObjectName("setKey")
        self.key.setAccessibleName(self.tr("Nøkkel"))
        if original is not None:
            self.key.setText(original.key)
            self.key.setReadOnly(True)  # ratings refer to the key
            self.key.setToolTip(self.tr("Nøkkelen kan ikke endres: vurderingene viser til den."))
            self.title.setText(original.title)
        elif template is not None:
            key, title = round_names(template, round_year or current_date().year, {s.key for s in register.criteria_sets})
            self.key.setText(key)
            self.title.setText(title)
        top = QFormLayout()
        top.addRow(self.tr("&Tittel:"), self.title)
        top.addRow(self.tr("&Nøkkel:"), self.key)
        # A copy is how a yearly round is kept (a rating has no year: DOMAIN §5-6): the old set keeps last year's
        # ratings for its report, and the new one may start from a copy of them.
        self.keep_ratings = QCheckBox(self.tr("Ta med &vurderingene"), self)
        self.keep_ratings.setObjectName("keepRatings")
        self.keep_ratings.setVisible(self.template is not None)
        if self.template is not None:
            rated = rating_count(register, self.template.key)
            self.keep_ratings.setChecked(rated > 0)
            self.keep_ratings.setEnabled(rated > 0)
            self.keep_ratings.setText(fill(self.tr("Ta med &vurderingene (%1)"), rated) if rated else self.tr("Ta med &vurderingene (settet har ingen)"))
            self.keep_ratings.setToolTip(self.tr("Det nye settet får en kopi av vurderingene og begrunnelsene, til å arbeide videre med"))
            round_note = QLabel(fill(self.tr("Ny årsrunde: fjorårets vurderinger blir stående i «%1», så rapporten for den runden kan "
                                             "skrives ut som den var. Det nye settet får sine egne vurderinger."), self.template.title), self)
            round_note.setObjectName("roundNote")
            round_note.setTextFormat(Qt.TextFormat.PlainText)
            round_note.setWordWrap(True)
            top.addRow("", self.keep_ratings)
            top.addRow(round_note)

        self.criteria_model = _TextListModel(lambda: [i.title for i in self.items], parent=self)
        self.criteria_view = QListView(self)
        self.criteria_view.setObjectName("criteriaList")
        self.criteria_view.setAccessibleName(self.tr("Kriterier"))
        self.criteria_view.setModel(self.criteria_model)
        self.criteria_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        add = QPushButton(self.tr("Nytt &kriterium"), self)
        add.setObjectName("addCriterion")
        remove = QPushButton(self.tr("&Fjern"), self)
        remove.setObjectName("removeCriterion")
        up, down = QPushButton(self.tr("Opp"), self), QPushButton(self.tr("Ned"), self)
        add.clicked.connect(self.add_criterion)
        remove.clicked.connect(self.remove_criterion)
        up.clicked.connect(lambda: self._move_criterion(-1))
        down.clicked.connect(lambda: self._move_criterion(1))
        follow_chosen_row(self.criteria_view, (remove, any_row), (up, lambda row: row > 0), (down, lambda row: row < len(self.items) - 1))
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("Kriterier"), left))
        left_layout.addWidget(self.criteria_view, 1)
        row = QHBoxLayout()
        for button in (add, remove, up, down):
            row.addWidget(button)
        left_layout.addLayout(row)

        self.detail = QGroupBox(self.tr("Kriterium"), self)
        detail_form = QFormLayout(self.detail)
        self.criterion_title = QLineEdit(self.detail)
        self.criterion_title.setObjectName("criterionTitle")
        self.criterion_title.setAccessibleName(self.tr("Kriteriets tittel"))
        self.criterion_key_label = QLabel(self.detail)
        self.description = QPlainTextEdit(self.detail)
        self.description.setObjectName("criterionDescription")
        self.description.setAccessibleName(self.tr("Beskrivelse"))
        self.description.setTabChangesFocus(True)
        self.points_model = _TextListModel(self._point_texts, self._set_point_text, self)
        self.points_view = QListView(self.detail)
        self.points_view.setObjectName("subpointList")
        self.points_view.setAccessibleName(self.tr("Delpunkter"))
        self.points_view.setModel(self.points_model)
        self.points_view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                                         | QAbstractItemView.EditTrigger.SelectedClicked)
        self.points_view.setMaximumHeight(120)
        self.new_point = _EntryLine(self.detail)
        self.new_point.setObjectName("newSubpoint")
        self.new_point.setAccessibleName(self.tr("Nytt delpunkt"))
        self.new_point.setPlaceholderText(self.tr("nytt delpunkt; Enter legger det til"))
        add_point = QPushButton(self.tr("Legg til"), self.detail)
        remove_point = QPushButton(self.tr("Fjern"), self.detail)
        point_up, point_down = QPushButton(self.tr("Opp"), self.detail), QPushButton(self.tr("Ned"), self.detail)
        add_point.clicked.connect(self.add_point)
        self.new_point.returnPressed.connect(self.add_point)
        remove_point.clicked.connect(self.remove_point)
        point_up.clicked.connect(lambda: self._move_point(-1))
        point_down.clicked.connect(lambda: self._move_point(1))
        follow_chosen_row(self.points_view, (remove_point, any_row), (point_up, lambda row: row > 0),
                          (point_down, lambda row: row < len(self._point_texts()) - 1))
        points_row = QVBoxLayout()
        adding = QHBoxLayout()
        adding.addWidget(self.new_point, 1)
        adding.addWidget(add_point)
        editing = QHBoxLayout()
        for button in (remove_point, point_up, point_down):
            editing.addWidget(button)
        editing.addStretch(1)
        # Said beside the line when «Legg til» finds the sub-point there already; gone as the user types on.
        self.point_note = QLabel(self.detail)
        self.point_note.setObjectName("subpointNote")
        self.point_note.setTextFormat(Qt.TextFormat.PlainText)
        self.point_note.setWordWrap(True)
        self.point_note.hide()
        self.new_point.textEdited.connect(lambda _: self._show_point_note(None))
        points_row.addLayout(adding)
        points_row.addWidget(self.point_note)
        points_row.addLayout(editing)
        hint = QLabel(self.tr("Med delpunkter utledes vurderingen: alle oppfylt gir i tråd, ett mangler gir delvis i tråd, flere mangler gir ikke i tråd. Dobbeltklikk for å endre et delpunkt."), self.detail)
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {text_colour('muted', self)};")
        detail_form.addRow(self.tr("T&ittel:"), self.criterion_title)
        detail_form.addRow(self.tr("Nøkkel:"), self.criterion_key_label)
        detail_form.addRow(self.tr("&Beskrivelse:"), self.description)
        detail_form.addRow(self.tr("Delpunkter:"), self.points_view)
        detail_form.addRow("", points_row)
        detail_form.addRow(hint)

        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(scrolling(self.detail))  # a criterion with its sub-points scrolls on a small screen
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        self.error = ErrorLabel(self)
        self.buttons = ok_cancel(self, self.tr("Lagre"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 900, 560)

        self.key.textChanged.connect(self.validate)
        self.title.textChanged.connect(self.validate)
        self.criterion_title.textEdited.connect(self._title_edited)
        self.description.textChanged.connect(self._description_edited)
        self.new_point.textChanged.connect(self.validate)  # a sub-point typed is part of the set (`_subpoints`)
        self._shown: _Item | None = None  # the criterion whose fields are shown, and whose sub-point is typed
        self.criteria_view.selectionModel().currentChanged.connect(lambda *_: self._show_current())
        if self.items:
            self.criteria_view.setCurrentIndex(self.criteria_model.index(0))
        self._show_current()
        self.title.setFocus()  # typing starts in the first field (the key is read-only once the set is stored)
        pasted_text_fields(self)  # text pasted from Word or a PDF arrives tidied
        self.unsaved = UnsavedChanges(self, self._state, self.tr("Forkaste endringene i kriteriesettet?"))

    def _state(self) -> tuple:
        """What the user can change here (a sub-point typed but not added too), to tell whether anything was. A copy
        of the criteria: they are edited in place."""
        criteria = tuple((i.key, i.title, i.description, tuple((p.text, p.origin) for p in i.points)) for i in self.items)
        return self.title.text(), self.key.text(), criteria, self.new_point.text(), self.keep_ratings.isChecked()


    # -- the criteria list ----------------------------------------------------------------------------------

    def current_row(self) -> int:
        index = self.criteria_view.currentIndex()
        return index.row() if index.isValid() and index.row() < len(self.items) else -1

    def current(self) -> _Item | None:
        row = self.current_row()
        return self.items[row] if row >= 0 else None

    def _finish_point_edit(self) -> None:
        """Keep a sub-point being renamed in place (F2, double-click) as typed before the criteria list changes: its
        reset closes the editor without committing it. A click on «Nytt kriterium» or «Fjern» took the focus, which
        commits, first; the button's Alt-letter takes no focus, and the new text was lost."""
        view = self.points_view
        editor = view.indexWidget(view.currentIndex())
        if view.state() == QAbstractItemView.State.EditingState and editor is not None:
            view.commitData(editor)
            view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def add_criterion(self) -> None:
        self._finish_point_edit()
        self.items.append(_Item(None, "", ""))
        self.criteria_model.refresh()
        self.criteria_view.setCurrentIndex(self.criteria_model.index(len(self.items) - 1))
        self.criterion_title.setFocus()

    def remove_criterion(self) -> None:
        self._finish_point_edit()
        row = self.current_row()
        if row < 0:
            return
        del self.items[row]
        self.criteria_model.refresh()
        if self.items:
            self.criteria_view.setCurrentIndex(self.criteria_model.index(min(row, len(self.items) - 1)))
        self._show_current()

    def _move_criterion(self, step: int) -> None:
        self._finish_point_edit()
        row = self.current_row()
        target = row + step
        if row < 0 or not 0 <= target < len(self.items):
            return
        self.items[row], self.items[target] = self.items[target], self.items[row]
        self.criteria_model.refresh()
        self.criteria_view.setCurrentIndex(self.criteria_model.index(target))

    def _show_current(self) -> None:
        item = self.current()
        previous, self._shown = self._shown, item
        if previous is not item:
            self._keep_typed_point(previous)
        self.detail.setEnabled(item is not None)
        for widget in (self.criterion_title, self.description):
            widget.blockSignals(True)
        self.criterion_title.setText(item.title if item else "")
        self.description.setPlainText(item.description if item else "")
        for widget in (self.criterion_title, self.description):
            widget.blockSignals(False)
        self.criterion_key_label.setText(item.key if item and item.key else self.tr("(lages av tittelen)"))
        self._show_point_note(None)
        self.points_model.refresh()
        self.validate()

    def _title_edited(self, text: str) -> None:
        item = self.current()
        if item is not None:
            item.title = text
            index = self.criteria_model.index(self.current_row())
            self.criteria_model.dataChanged.emit(index, index)
        self.validate()

    def _description_edited(self) -> None:
        item = self.current()
        if item is not None:
            item.description = self.description.toPlainText()
        self.validate()

    # -- sub-points -----------------------------------------------------------------------------------------

    def _point_texts(self) -> list[str]:
        item = self.current()
        return [p.text for p in item.points] if item else []

    def _set_point_text(self, row: int, text: str) -> None:
        item = self.current()
        if item is not None and 0 <= row < len(item.points):
            item.points[row].text = text
            self.validate()

    def _typed_point(self) -> str:
        """The sub-point typed in «nytt delpunkt» but not added, as «Legg til» would add it ('' when none)."""
        return " ".join(self.new_point.text().split())

    def _subpoints(self, item: _Item) -> list[str]:
        """The criterion's sub-points; for the criterion shown, with the one typed but not added as the last (as
        the parties' `StringListEditor.values`): a set saved with it in the line keeps what the line shows. Was: it
        was dropped without a word on «Lagre», while Avbryt asked about it."""
        texts = [p.text for p in item.points]
        typed = self._typed_point() if item is self.current() else ""
        return [*texts, typed] if typed and typed not in texts else texts

    def _keep_typed_point(self, item: _Item | None) -> None:
        """Another criterion is shown: a sub-point typed for `item` but not added becomes its last, instead of
        staying in the line under the criterion shown next (and being saved there). Gone with `item` removed."""
        typed = self._typed_point()
        if not typed:
            return
        if item is not None and any(i is item for i in self.items) and typed not in [p.text for p in item.points]:
            item.points.append(_Point(typed, None))
        self.new_point.clear()

    def add_point(self) -> None:
        item = self.current()
        text = self._typed_point()
        if item is None or not text:
            return
        folded = [p.text.casefold() for p in item.points]
        if text.casefold() in folded:
            # Twice, it would count twice when the rating is derived from the ticks: the one there is chosen instead.
            # Was: added, and two error lines, one naming the bundle's path. «mål» beside «Mål» reads as the same.
            row = folded.index(text.casefold())
            there = item.points[row].text
            self.new_point.clear()
            self.points_view.setCurrentIndex(self.points_model.index(row))
            self._show_point_note(fill(self.tr("«%1» er allerede et delpunkt (valgt i listen)."), text) if there == text else
                                  fill(self.tr("«%1» er allerede et delpunkt, som «%2» (valgt i listen)."), text, there))
            return
        item.points.append(_Point(text, None))
        self.new_point.clear()
        self._show_point_note(None)
        self.points_model.refresh()
        self.validate()

    def _show_point_note(self, text: str | None) -> None:
        self.point_note.setText(text or "")
        self.point_note.setVisible(bool(text))

    def remove_point(self) -> None:
        item = self.current()
        index = self.points_view.currentIndex()
        if item is None or not index.isValid():
            return
        del item.points[index.row()]
        self.points_model.refresh()
        self.validate()

    def _move_point(self, step: int) -> None:
        item = self.current()
        index = self.points_view.currentIndex()
        if item is None or not index.isValid():
            return
        row, target = index.row(), index.row() + step
        if 0 <= target < len(item.points):
            item.points[row], item.points[target] = item.points[target], item.points[row]
            self.points_model.refresh()
            self.points_view.setCurrentIndex(self.points_model.index(target))

    # -- the result -----------------------------------------------------------------------------------------

    def _keys(self) -> list[str]:
        """Each criterion's key: its own, or one made from its title. A new one is unique in the set and takes
        neither the key of a criterion removed in this edit (its ratings must go with it, not pass to the new
        one) nor a key of the model agreement's checklist (whose keys bring the register's suggestions)."""
        taken = {i.key for i in self.items if i.key} | {c.key for c in MODEL_AGREEMENT.criteria}
        for source in (self.original, self.template):  # (a copy's ratings taken along go by the criterion's key)
            if source is not None:
                taken |= {c.key for c in source.criteria}
        keys = []
        for item in self.items:
            if item.key:
                keys.append(item.key)
            else:
                key = criterion_key(item.title, taken)
                taken.add(key)
                keys.append(key)
        return keys

    def as_json(self) -> dict:
        criteria = []
        for item, key in zip(self.items, self._keys()):
            entry = {"key": key, "title": item.title.strip() or None, "description": item.description.strip() or None}
            points = self._subpoints(item)
            if points:
                entry["subpoints"] = points
            criteria.append(entry)
        return {"key": self.key.text().strip() or None, "title": self.title.text().strip() or None, "criteria": criteria}

    def problems(self) -> list[str]:
        """What stops saving, in Norwegian, each naming where."""
        out = []
        key = self.key.text().strip()
        if self.original is None and key and self.register.criteria_set(key) is not None:
            out.append(self.tr("Nøkkelen «%1» er i bruk av et annet kriteriesett.").replace("%1", key))
        if not self.items:
            out.append(self.tr("Legg til minst ett kriterium."))
        titled: dict[str, int] = {}
        for n, item in enumerate(self.items, start=1):
            # Two criteria of one title are two columns of one heading in the grid, the summary, the PDF and the
            # workbook, which no reader can tell apart (case and spacing tell them apart no better).
            same = " ".join(item.title.split()).casefold()
            if same and same in titled:
                out.append(fill(self.tr("Kriterium %1 og %2 har samme tittel, «%3»: gi dem hver sin tittel."),
                                titled[same], n, " ".join(item.title.split())))
            titled.setdefault(same, n)
            texts = [p.text for p in item.points]
            if any(not t for t in texts):
                out.append(self.tr("Kriterium %1: et delpunkt er tomt.").replace("%1", str(n)))
            points = self._subpoints(item)  # (with one typed but not added: saved, it would be one of them)
            folded = [t.casefold() for t in points]
            twice = next(((folded.index(f), i) for i, f in enumerate(folded) if f and f in folded[:i]), None)
            if twice is not None:  # (a sub-point renamed in the list to another's text: «Legg til» refuses one)
                first, second = points[twice[0]], points[twice[1]]
                out.append(fill(self.tr("Kriterium %1: delpunktet «%2» står to ganger."), n, first) if first == second else
                           fill(self.tr("Kriterium %1: delpunktene «%2» og «%3» er like bortsett fra store og små bokstaver."), n, first, second))
        try:
            bundle.read_bundle({"format": bundle.FORMAT, "version": bundle.VERSION, "criteria_sets": [self.as_json()]})
        except InvalidInput as exc:
            for problem in exc.problems:
                if problem.code == "duplicate" and ".subpoints[" in problem.path:
                    continue  # said above, in the window's words (the reader's names the bundle's path of the other)
                out.append(self._where(problem.path) + problem.body())
        return out

    def _where(self, path: str) -> str:
        m = re.match(r"criteria_sets\[0\]\.criteria\[(\d+)\]\.?(\w*)", path)
        names = {"title": self.tr("tittel"), "description": self.tr("beskrivelse"), "subpoints": self.tr("delpunkt"), "key": self.tr("nøkkel")}
        if m:
            return fill(self.tr("Kriterium %1, %2: "), int(m.group(1)) + 1, names.get(m.group(2), m.group(2)))
        field_name = path.rsplit(".", 1)[-1]
        return {"key": self.tr("Nøkkel: "), "title": self.tr("Tittel: ")}.get(field_name, f"{path}: ")

    def validate(self) -> bool:
        problems = self.problems()
        self.error.show_message("\n".join(problems[:3]) if problems else None)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)
        return not problems

    def result_set(self) -> CriteriaSet:
        data = self.as_json()
        return bundle.read_bundle({"format": bundle.FORMAT, "version": bundle.VERSION, "criteria_sets": [data]}).register.criteria_sets[0]

    def ratings_from(self) -> CriteriaSet | None:
        """The set whose ratings the copy takes along («Ta med vurderingene»), or None."""
        return self.template if self.template is not None and self.keep_ratings.isChecked() else None

    def renames(self) -> dict[str, dict[str, str]]:
        """Per criterion key, each stored (or copied) sub-point's new text (so that ticks follow an edited sub-point)."""
        out: dict[str, dict[str, str]] = {}
        for item, key in zip(self.items, self._keys()):
            moved = {p.origin: p.text for p in item.points if p.origin is not None and p.origin != p.text}
            if moved:
                out[key] = moved
        return out


class _EntryLine(QLineEdit):
    """The new sub-point's line: Enter adds it (returnPressed) and goes no further (`widgets.enter_adds`)."""

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's naming
        if not enter_adds(event, self.text().strip, self.returnPressed.emit):
            super().keyPressEvent(event)
