"""The agreement form: every field of the register (DOMAIN §4), checked as the user types, saved as one command.

Validation is the bundle reader's (`domain.bundle.read_agreement`), so the form accepts exactly what an import
accepts; each problem is shown beside its field and OK stays disabled while anything is wrong.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import json
import re
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ... import files
from ...domain.bundle import Reader, read_agreement
from ...domain.calendar import YEAR_RANGE, duration_from_end, end_from_duration, format_date, listed, parse_date
from ...domain.changes import Command, Delete, Op, Put, RenameAgreement
from ...domain.checks import check_agreement, parties_to_add, party_ident, party_index
from ...domain.evaluation import RATING_NB
from ...domain.meetings import Calendar
from ...domain.model import DECISION_NB, DECISIONS, Agreement, Attachment, Decision, MeetingRef, Party, Register, Signatory, Signing
from ...domain.problems import Problem
from ...store import attachments as attachment_store
from ..documents import file_name, open_file, remember_folder, start_folder
from ..widgets import (
    AsksBeforeDiscarding,
    CellTable,
    DateField,
    ErrorLabel,
    FittedHeight,
    RowsModel,
    StringListEditor,
    UnsavedChanges,
    any_row,
    chosen_row,
    composite_focus,
    escaped,
    fill,
    fit_to_screen,
    follow_chosen_row,
    ok_cancel,
    one_line_fields,
    one_line_text,
    pasted_text_fields,
    scrolling,
    show_to_read,
    table_view,
    text_colour,
    tooltip_html,
    ui_text,
)

CATEGORY_CHOICES = (("consultation", QT_TRANSLATE_NOOP("Konsultasjon", "Konsultasjonsavtale (planlegges på møtene)")), ("other", QT_TRANSLATE_NOOP("Konsultasjon", "Annen avtale (registreres og evalueres)")))
KS_LEVEL_CHOICES = ((None, "–"), ("political", QT_TRANSLATE_NOOP("Konsultasjon", "Politisk (KS' leder)")), ("administrative", QT_TRANSLATE_NOOP("Konsultasjon", "Administrativt")))
TRI_CHOICES = ((None, QT_TRANSLATE_NOOP("Konsultasjon", "Ikke angitt")), (True, QT_TRANSLATE_NOOP("Konsultasjon", "Ja")), (False, QT_TRANSLATE_NOOP("Konsultasjon", "Nei")))
# Where the work on the agreement stands. Not «I kraft», «Sagt opp» or «Utløpt»: the register works those out from
# the dates and decisions (a word picked here stayed when the dates had moved on: «I kraft» years after it ended).
STATUS_SUGGESTIONS = (QT_TRANSLATE_NOOP("Konsultasjon", "Under forhandling"), QT_TRANSLATE_NOOP("Konsultasjon", "Under reforhandling"), QT_TRANSLATE_NOOP("Konsultasjon", "Nær undertegnelse"), QT_TRANSLATE_NOOP("Konsultasjon", "Avsluttet"))


SLUG_LENGTH = 40  # a suggested key stays short enough to type and to read in a list


def slug(title: str) -> str:
    """A key suggested from a title: up to four lowercase ASCII words joined by hyphens (æ→ae, ø→o, å→a), as
    many whole words as fit in SLUG_LENGTH characters (a word cut short reads as a typing error)."""
    text = title.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = [w for w in re.split(r"[^a-z0-9]+", text) if w and w not in {"avtale", "om", "og", "i", "av", "for", "mellom", "samarbeidsavtale", "samarbeidsavtalen", "med", "ks"}]
    key = ""
    for word in words[:4]:
        longer = f"{key}-{word}" if key else word
        if len(longer) > SLUG_LENGTH:
            break
        key = longer
    if not key and words:  # a first word longer than a key may be: cut, the only way to keep any of it
        key = words[0][:SLUG_LENGTH]
    return key or "avtale"


class SignatoryModel(QAbstractTableModel):
    """The signatories, edited in place: name, role, party."""

    COLUMNS = ("name", "role", "party")

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.items: list[list[str]] = []

    def set_signatories(self, signatories: tuple[Signatory, ...]) -> None:
        self.beginResetModel()
        self.items = [[s.name, s.role or "", s.party or ""] for s in signatories]
        self.endResetModel()

    def as_json(self) -> list[dict]:
        return [{"name": n.strip(), "role": r.strip() or None, "party": p.strip() or None} for n, r, p in self.items]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 3:
            return [self.tr("Navn"), self.tr("Rolle (f.eks. statsråd, leder)"), self.tr("Part")][section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.items[index.row()][index.column()]
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        self.items[index.row()][index.column()] = one_line_text(str(value))  # a name pasted from Word: one line
        self.dataChanged.emit(index, index, [role])
        return True

    def add(self) -> QModelIndex:
        row = len(self.items)
        self.beginInsertRows(QModelIndex(), row, row)
        self.items.append(["", "", ""])
        self.endInsertRows()
        return self.index(row, 0)

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.items):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.items[row]
            self.endRemoveRows()


def _refused_on_import(kind: str, record: Decision | Signing) -> list[Problem]:
    """What an import of the database's own export would refuse in this record: the bundle reader's rules and
    limits, read from the record as the export writes it (DOMAIN §6: import ∘ export is the identity). Its agreement
    is not asked about: the form's key field speaks for that, and a new agreement's is not stored yet."""
    from ...domain.validation import record_problems

    return [p for p in record_problems(kind, record, path=f"{kind}[0]") if p.path.split(".")[1:2] != ["agreement"]]


# The least width of the decision and signing dialogs: a hint under the meeting field reads in two or three lines
# (at their own least width, about 210 px, it was squashed into two half-lines and cut off).
RECORD_DIALOG_LEAST_WIDTH = 420
# The decision dialog opens wide enough for a note of about 90 characters of ordinary text to be read back whole
# before OK (the font's average character is a little narrower than a sentence's).
NOTE_CHARS_SHOWN = 96
# A signing dated more days than this from the meeting chosen for it gets a hint (said, never refused: a signing
# between meetings may name the meeting it was decided for).
SIGNING_DAYS_FROM_MEETING = 7


def _meeting_1_hint(parent: QWidget) -> QLabel:
    """A hint under a meeting field, shown while it says 1. møte: allowed (the user's record stands), but the plan
    will warn (DOMAIN §3 M1-NONE). Was accepted without a word, and the warning was first seen in Dagsorden."""
    label = QLabel(parent.tr("1. møte behandler budsjettrammen, ikke avtaler: planen vil varsle om en avtalesak på 1. møte."), parent)
    label.setObjectName("fieldHint")
    label.setWordWrap(True)
    label.hide()
    return label


def _show_hint(dialog: QDialog, label: QLabel, shown: bool) -> None:
    """Show or hide the row of `label`, a word-wrapped hint in `dialog`'s form, and fit the dialog's height
    (`dialog.fitted_height`) to its rows with every hint shown seen whole: grown when a hint comes, shrunk back when
    it goes, unless the user has sized the dialog. Was: shown in a dialog laid out without it, a hint got 20 px for
    its 70 px of text, and the rest was cut off; then the room it took stayed, a blank gap of 20-60 px."""
    form = dialog.layout()
    assert isinstance(form, QFormLayout)
    form.setRowVisible(label, shown)  # hidden, the row takes no room (an empty row left a gap)
    form.activate()  # each hint at its width (before the dialog shows too: the size it opens at)
    # The rows at their least (a hint there at its least, one line) and what each hint shown lacks of its wrapped
    # lines at that width. (The form's own estimate, totalHeightForWidth, gave a one-line hint 30 px too many.)
    hints = [h for h in dialog.findChildren(QLabel) if h.wordWrap() and not h.isHidden()]
    needed = dialog.minimumSizeHint().height() + sum(max(0, h.heightForWidth(h.width()) - h.minimumSizeHint().height()) for h in hints)
    dialog.fitted_height.fit(needed)


def _field_of(problem: Problem) -> str:
    """The record's field a problem is about: `note` of `decisions[0].note`, `meeting` of `signings[0].meeting.year`."""
    return problem.path.split(".")[1] if "." in problem.path else problem.path


class DecisionDialog(AsksBeforeDiscarding, QDialog):
    """Record a decision on the agreement at a meeting. The note is refused as an import would refuse it (too long,
    control characters), beside the field: saved, the database's export could not be imported again."""

    def __init__(self, year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Registrer vedtak"))
        self.year = QSpinBox(self)
        self.year.setRange(*YEAR_RANGE)  # a meeting of any year the register holds
        self.year.setValue(year)
        self.meeting = QComboBox(self)
        for n in (1, 2, 3, 4):
            self.meeting.addItem(f"{n}. møte", n)
        self.meeting.setCurrentIndex(1)
        self.decision = QComboBox(self)
        for value in DECISIONS:
            self.decision.addItem(DECISION_NB[value].capitalize(), value)
        self.note = QLineEdit(self)
        self.note_error = ErrorLabel(self)
        form = QFormLayout(self)
        form.addRow(self.tr("&År:"), self.year)
        form.addRow(self.tr("&Møte:"), self.meeting)
        self.meeting_hint = _meeting_1_hint(self)
        form.addRow("", self.meeting_hint)
        form.addRow(self.tr("&Vedtak:"), self.decision)
        form.addRow(self.tr("Mer&knad:"), self.note)  # Alt+M is Møte's
        form.addRow("", self.note_error)  # under the note, in the fields' column
        self.buttons = ok_cancel(self)
        form.addRow(self.buttons)
        for signal in (self.year.valueChanged, self.meeting.currentIndexChanged, self.decision.currentIndexChanged, self.note.textChanged):
            signal.connect(self._check)
        # A note of a line or two of minutes is read back whole before OK (was: a 120 px field in a 210 px dialog).
        # One line: the decisions' table and the details pane show a note on one line.
        self.setMinimumWidth(RECORD_DIALOG_LEAST_WIDTH)
        width = form.sizeHint().width() - self.note.sizeHint().width() + self.note.fontMetrics().averageCharWidth() * NOTE_CHARS_SHOWN
        fit_to_screen(self, max(width, RECORD_DIALOG_LEAST_WIDTH), self.sizeHint().height())
        self.fitted_height = FittedHeight(self)
        self._check()
        one_line_fields(self)  # text pasted from Word or a PDF comes as one line
        self.unsaved = UnsavedChanges(self, self._state, self.tr("Forkaste vedtaket?"))

    def _state(self) -> tuple:
        return self.year.value(), self.meeting.currentIndex(), self.decision.currentIndex(), self.note.text()


    def _check(self) -> None:
        labels = {"meeting": self.tr("Møte"), "decision": self.tr("Vedtak")}
        problems = _refused_on_import("decisions", self.value(""))
        message = None
        if problems:
            field = _field_of(problems[0])
            message = problems[0].body() if field == "note" else f"{labels.get(field, field)}: {problems[0].body()}"
        self.note_error.show_message(message)
        _show_hint(self, self.meeting_hint, self.meeting.currentData() == 1)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(message is None)

    def value(self, agreement: str) -> Decision:
        return Decision(agreement, MeetingRef(self.year.value(), self.meeting.currentData()), self.decision.currentData(), self.note.text().strip() or None)


class SigningDialog(AsksBeforeDiscarding, QDialog):
    """Record a signing: when, at which meeting (or between meetings), and the new version's end date. The meeting
    dated on the day typed is chosen until the user chooses one; a meeting dated more than a week from the signing
    is said to be (the meetings are `register`'s, else on their provisional dates, as the planner has them)."""

    def __init__(self, parent: QWidget | None = None, register: Register | None = None):
        super().__init__(parent)
        self.calendar = Calendar(register if register is not None else Register())
        self._meeting_chosen = False  # by the user: the date typed no longer chooses it
        self._suggesting = False
        self.setWindowTitle(self.tr("Registrer undertegning"))
        self.date = DateField(self)
        self.date.setAccessibleName(self.tr("Dato for undertegningen"))  # the label names the field, not the text box in it
        self.date.set_value(dt.date.today())
        self.meeting = QComboBox(self)
        self.meeting.addItem(self.tr("Utenom møtene"), None)
        for n in (1, 2, 3, 4):
            self.meeting.addItem(f"{n}. møte", n)
        self.end = DateField(self)
        self.end.setAccessibleName(self.tr("Ny sluttdato"))
        self.error = ErrorLabel(self)
        form = QFormLayout(self)
        form.addRow(self.tr("&Dato:"), self.date)
        form.addRow(self.tr("&Møte (samme år):"), self.meeting)
        self.meeting_hint = _meeting_1_hint(self)
        form.addRow("", self.meeting_hint)
        self.meeting_date_hint = QLabel(self)
        self.meeting_date_hint.setObjectName("meetingDateHint")
        self.meeting_date_hint.setWordWrap(True)
        form.addRow("", self.meeting_date_hint)
        form.addRow(self.tr("&Ny sluttdato:"), self.end)
        form.addRow(self.error)
        self.buttons = ok_cancel(self)
        form.addRow(self.buttons)
        self.setMinimumWidth(RECORD_DIALOG_LEAST_WIDTH)
        fit_to_screen(self, RECORD_DIALOG_LEAST_WIDTH, self.sizeHint().height())
        self.fitted_height = FittedHeight(self)
        self.date.changed.connect(self._suggest_meeting)
        self.date.changed.connect(self._check)
        self.end.changed.connect(self._check)
        self.meeting.currentIndexChanged.connect(self._on_meeting)
        self._suggest_meeting()
        _show_hint(self, self.meeting_hint, self.meeting.currentData() == 1)
        self._check()
        one_line_fields(self)  # text pasted from Word or a PDF comes as one line
        self.unsaved = UnsavedChanges(self, self._state, self.tr("Forkaste undertegningen?"))

    def _state(self) -> tuple:
        return self.date.edit.text(), self.meeting.currentIndex(), self.end.edit.text()

    def _suggest_meeting(self) -> None:
        """The meeting of the year dated on the day typed, or «Utenom møtene», until the user chooses one. Was: a
        signing on a meeting's day stayed «Utenom møtene» unless the user thought to change it."""
        date = self.date.value()
        if self._meeting_chosen or date is None:
            return
        number = next((n for n in (1, 2, 3, 4) if self.calendar.date(MeetingRef(date.year, n)) == date), None)
        self._suggesting = True
        try:
            self.meeting.setCurrentIndex(self.meeting.findData(number))
        finally:
            self._suggesting = False

    def _on_meeting(self) -> None:
        if not self._suggesting:
            self._meeting_chosen = True
        _show_hint(self, self.meeting_hint, self.meeting.currentData() == 1)
        self._show_meeting_date_hint()

    def _show_meeting_date_hint(self) -> None:
        """Said when the meeting chosen is dated more than a week from the signing (never refused: a signing just
        after a meeting may belong to it). Was: a signing dated 17.08 stayed «3. møte» after the meeting moved to
        27.08, with no word anywhere."""
        date, number = self.date.value(), self.meeting.currentData()
        text = ""
        if date is not None and number is not None:
            slot = self.calendar.slot(date.year, number)
            days = (slot.date - date).days
            if abs(days) > SIGNING_DAYS_FROM_MEETING:
                meeting = fill(self.tr("%1. møte %2 (%3, foreløpig dato)") if slot.provisional else self.tr("%1. møte %2 (%3)"),
                               number, date.year, format_date(slot.date))
                text = fill(self.tr("Undertegningen er datert %1 dager før %2.") if days > 0 else self.tr("Undertegningen er datert %1 dager etter %2."),
                            abs(days), meeting)
        self.meeting_date_hint.setText(text)
        _show_hint(self, self.meeting_date_hint, bool(text))


    def _check(self) -> None:
        # One line under both dates: it starts with the field it is about (a bad date read the same for either).
        date, end = self.date.value(), self.end.value()
        message = None
        if self.date.error():
            message = fill(self.tr("Dato: %1"), self.date.error())
        elif self.end.error():
            message = fill(self.tr("Ny sluttdato: %1"), self.end.error())
        elif date is None:
            message = self.tr("Dato: må fylles ut")
        elif end is not None and end < date:
            message = fill(self.tr("Ny sluttdato: %1 er før undertegningsdatoen %2"), format_date(end), format_date(date))
        if message is None:  # whatever else an import of the database's export would refuse
            problems = _refused_on_import("signings", self.value(""))
            if problems:
                labels = {"date": self.tr("Dato"), "meeting": self.tr("Møte"), "end_date": self.tr("Ny sluttdato")}
                field = _field_of(problems[0])
                message = f"{labels.get(field, field)}: {problems[0].body()}"
        self.error.show_message(message)
        self._show_meeting_date_hint()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(message is None)

    def value(self, agreement: str) -> Signing:
        date = self.date.value()
        assert date is not None
        number = self.meeting.currentData()
        return Signing(agreement, date, MeetingRef(date.year, number) if number else None, self.end.value())


class HistoryModel(RowsModel):
    """Historikk: a row per changed field. Its «Før» and «Etter» cells show a long value around the change
    (_around_difference); their tooltip holds both values whole."""

    BEFORE, AFTER = 4, 5

    def __init__(self, headers: list[str], parent: QObject | None = None):
        super().__init__(headers, parent)
        self.whole: list[tuple[str, str]] = []

    def set_rows(self, rows: list[tuple], whole: list[tuple[str, str]] | None = None) -> None:
        self.whole = whole if whole is not None else [(r[self.BEFORE], r[self.AFTER]) for r in rows]
        super().set_rows(rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.column() in (self.BEFORE, self.AFTER):
            before, after = self.whole[index.row()]
            return tooltip_html(f"{self.tr('Før:')}\n{before or '–'}\n\n{self.tr('Etter:')}\n{after or '–'}")
        return super().data(index, role)


class MonthsField(QSpinBox):
    """A number of months that may be empty: its least value, shown as its special text («–»), is empty. Emptying
    the text gives it too, as emptying a date field clears the date; a QSpinBox takes an emptied text as
    unfinished and puts the old number back when the focus leaves it (the user saw the value they removed return)."""

    def _is_empty(self, text: str) -> bool:
        return not text.removeprefix(self.prefix()).removesuffix(self.suffix()).strip()

    # A number typed beyond the maximum (its digits): QSpinBox refuses the keystroke without a word, and the
    # form says why (AgreementForm.month_hints).
    refused = Signal(str)

    def validate(self, text: str, pos: int) -> object:
        if self._is_empty(text):
            return QValidator.State.Acceptable, text, pos
        result = super().validate(text, pos)
        number = text.removeprefix(self.prefix()).removesuffix(self.suffix()).strip()
        if result[0] == QValidator.State.Invalid and number.isdigit() and int(number) > self.maximum():
            self.refused.emit(number)
        return result

    def valueFromText(self, text: str) -> int:  # noqa: N802 - Qt's naming
        return self.minimum() if self._is_empty(text) else super().valueFromText(text)


class AgreementForm(QDialog):
    """Create or edit one agreement with its signatories, decisions, signings and attachments."""

    def __init__(self, register: Register, db_path: Path, agreement: Agreement | None = None, history: list[dict] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("agreementForm")
        self.register = register
        self._case_keys: tuple[Register | None, dict[str, list[Agreement]]] = (None, {})  # see _keys_case_aside
        self.db_path = db_path
        self.original = agreement
        self.parties = party_index(register.parties)
        self._key_touched = agreement is not None
        self._syncing = False
        self._end_given = self._duration_given = False  # which of the two the user gave (see _take_given)
        self.candidate: Agreement | None = None
        self._as_loaded: dict = {}  # the fields as the stored agreement filled them in (see _kept)
        key = agreement.key if agreement else None
        self.decisions: list[Decision] = [d for d in register.decisions if d.agreement == key] if key else []
        self.signings: list[Signing] = [s for s in register.signings if s.agreement == key] if key else []
        self.attachments: list[Attachment] = [x for x in register.attachments if x.agreement == key] if key else []
        self._copied: list[Attachment] = []
        self.setWindowTitle(self.tr("Endre avtale") if agreement else self.tr("Ny avtale"))
        self.errors: dict[str, ErrorLabel] = {}
        self._labels: dict[str, str] = {"signatories": self.tr("Undertegnere")}

        self.pages = QTabWidget(self)
        for arrow in self.pages.tabBar().findChildren(QToolButton):  # shown when the page names do not fit: the
            arrow.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # tab bar's own arrow keys do their work, Tab passes them by
        self.pages.addTab(scrolling(self._basics_page()), self.tr("&Avtalen"))  # pages of fields scroll on a small screen
        self.pages.addTab(scrolling(self._content_page()), self.tr("&Innhold"))
        self.pages.addTab(self._signatories_page(), self.tr("&Undertegnere"))
        self.pages.addTab(self._decisions_page(), self.tr("&Vedtak og undertegninger"))
        self.pages.addTab(self._attachments_page(), self.tr("V&edlegg"))
        self.pages.addTab(self._history_page(history or []), self.tr("&Historikk"))

        self.checks = QTextBrowser(self)
        self.checks.setObjectName("modelChecks")
        self.checks.setAccessibleName(self.tr("Kontroll mot mønsteravtalen"))
        checks_box = QGroupBox(self.tr("Kontroll mot mønsteravtalen"), self)
        QVBoxLayout(checks_box).addWidget(self.checks)
        self.splitter = splitter = QSplitter(self)
        splitter.setObjectName("formSplitter")
        splitter.addWidget(self.pages)
        splitter.addWidget(checks_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        self.summary = ErrorLabel(self)
        self.buttons = ok_cancel(self, self.tr("Lagre"))
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        fit_to_screen(self, 1100, 720)

        self._load(agreement)
        self._connect_changes()
        self.validate()
        self._read_only = False
        self._deleted = False  # (a read-only form: its agreement deleted by the writer, see follow)
        self.unsaved = UnsavedChanges(self, self._state, self.tr("Forkaste endringene i avtalen?"))
        self.title.setFocus()  # typing starts in the title
        pasted_text_fields(self)  # text pasted from Word or a PDF arrives tidied

    def set_read_only(self, notice: str | None = None) -> None:
        """The agreement to read, nothing to change: for a database open read-only (another user has it open for
        writing). Texts can still be selected and copied, and attachments opened. `notice` says why, above the
        buttons (where what the writer changes is said later, see follow); without it, that the database is."""
        self._read_only = True
        show_to_read(self, self.buttons, self.tr("Avtale (skrivebeskyttet)"), None, fields=self.pages, keep=(self._open_attachment_button,))
        self.summary.setStyleSheet("")
        self.summary.show_message(notice or self.tr("Databasen er åpen skrivebeskyttet: avtalen kan leses, ikke endres."))

    def follow(self, register: Register, history=None) -> None:
        """For a read-only form, while it is open: `register` is what the writer (another window, a command) has
        stored now. What it changed of this agreement (its fields, decisions, signings, attachments; a new key
        too) is shown in the form, with a line that says so; an agreement deleted there is said to be. `history`,
        called with the agreement's key, gives its history rows afresh (or None: the history page stays)."""
        assert self._read_only and self.original is not None
        before, key = self.register, self.original.key
        agreement = register.agreement(key)
        if agreement is None and not self._deleted:  # a new key given there: the one agreement new here (or deleted)
            known = {a.key for a in before.agreements}  # (a set: asking the register for each was quadratic)
            appeared = [a for a in register.agreements if a.key not in known]
            agreement = appeared[0] if len(appeared) == 1 else None

        def own(r: Register, k: str) -> tuple:
            return (r.agreement(k), *(tuple(x for x in getattr(r, kind) if x.agreement == k) for kind in ("decisions", "signings", "attachments")))

        unchanged = own(register, agreement.key if agreement else key) == own(before, key) and (
            agreement is None or (register.parties, register.settings) == (before.parties, before.settings))  # (the checks')
        self.register = register
        if unchanged:  # a change to other agreements (or, once deleted, anything else)
            return
        at = dt.datetime.now().strftime("%H:%M")
        self._deleted = agreement is None  # (brought back by Ctrl+Z there, it is followed again)
        if agreement is None:
            self.setWindowTitle(self.tr("Avtale (slettet i et annet vindu)"))
            self._notice(self.tr("Avtalen ble slettet i et annet vindu kl. %1. Skjemaet viser den slik den var.").replace("%1", at), error=True)
            return
        self.setWindowTitle(self.tr("Avtale (skrivebeskyttet)"))
        self.parties = party_index(register.parties)
        self.original = agreement
        self.decisions = [d for d in register.decisions if d.agreement == agreement.key]
        self.signings = [s for s in register.signings if s.agreement == agreement.key]
        self.attachments = [x for x in register.attachments if x.agreement == agreement.key]
        self._syncing = True  # the dates as stored, not worked out again from one another while they are filled in
        try:
            self._load(agreement)
        finally:
            self._syncing = False
        self.validate()
        self._refresh_children()
        rows = history(agreement.key) if history is not None else None
        if rows is not None:
            self._show_history(rows)
        self._notice(self.tr("Avtalen ble endret i et annet vindu kl. %1. Skjemaet viser det som er lagret nå.").replace("%1", at))

    def _notice(self, text: str, *, error: bool = False) -> None:
        """A line above the buttons that says what happened to the agreement elsewhere (validate() clears it)."""
        self.summary.setStyleSheet(f"color: {text_colour('error', self)}; font-weight: bold;" if error else "font-weight: bold;")
        self.summary.show_message(text)

    # -- pages --------------------------------------------------------------------------------------------

    def _field(self, form: QFormLayout, label: str, widget: QWidget, name: str, accessible: str) -> QVBoxLayout:
        """The field in the form with its error line under it; returns that column (for a hint of its own)."""
        widget.setAccessibleName(accessible)
        self._labels[name] = accessible  # the field's name in the history
        error = ErrorLabel(self)
        self.errors[name] = error
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        column.addWidget(error)
        label_widget = QLabel(label, self)
        label_widget.setBuddy(widget)
        form.addRow(label_widget, box)
        return column

    def _basics_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.title = QLineEdit(page)
        self.key = QLineEdit(page)
        self.key.setPlaceholderText(self.tr("kort, unik nøkkel, f.eks. barnevern"))
        self.category = QComboBox(page)
        for value, label in CATEGORY_CHOICES:
            self.category.addItem(ui_text(label), value)
        self.status = QComboBox(page)
        self.status.setEditable(True)
        self.status.addItems(["", *(ui_text(s) for s in STATUS_SUGGESTIONS)])
        self.status.lineEdit().setPlaceholderText(self.tr("hvor arbeidet står, f.eks. under reforhandling"))
        self.status.setToolTip(self.tr(
            "Om avtalen er i kraft, utløpt, sagt opp, planlagt eller ikke trådt i kraft, regnes ut av datoene og "
            "vedtakene. Her skriver du hvor arbeidet med avtalen står, f.eks. «Under reforhandling»: det vises etter "
            "den utregnede statusen i avtaleregisteret."))
        # A party an import added has its name as key: said once, not «Barne-, ungdoms- og … – Barne-, ungdoms- og …».
        suggestions = [p.key if p.key == p.name else f"{p.key} – {p.name}" for p in self.register.parties]
        self.state_parties = StringListEditor([s for s, p in zip(suggestions, self.register.parties) if p.kind != "other"], page,
                                              name=self.tr("Statlige parter"), same=party_ident)
        self.other_parties = StringListEditor([s for s, p in zip(suggestions, self.register.parties) if p.kind == "other"], page,
                                              name=self.tr("Andre parter"), same=party_ident)
        self.ks_level = QComboBox(page)
        for value, label in KS_LEVEL_CHOICES:
            self.ks_level.addItem(ui_text(label), value)
        self.signed = DateField(page)
        self.start = DateField(page)
        self.end = DateField(page)
        self.duration = MonthsField(page)
        self.duration.setRange(0, 1200)
        self.duration.setSpecialValueText("–")
        self.duration.setSuffix(self.tr(" måneder"))
        self.duration.setToolTip(self.tr(
            "Skriver du varigheten, regnes «Gjelder til» ut fra den. Skriver du «Gjelder til», regnes varigheten ut "
            "fra datoen. Tøm feltet når avtalen ikke har noen varighet i måneder."))
        self.notice_months = MonthsField(page)
        self.notice_months.setRange(-1, 120)
        self.notice_months.setSpecialValueText("–")
        self.notice_months.setValue(-1)
        self.notice_months.setSuffix(self.tr(" måneder"))
        self.notice_months.setToolTip(self.tr("Tøm feltet når avtalen ikke har noen oppsigelsestid i måneder."))
        for spin in (self.duration, self.notice_months):  # «1 måned», «36 måneder» (was «1 måneder»)
            spin.valueChanged.connect(lambda value, spin=spin: self._months_suffix(spin, value))
        self.notice_text = QLineEdit(page)
        self.notice_text.setPlaceholderText(self.tr("når oppsigelsen er vag, f.eks. «rimeleg førehandsvarsling»"))
        self._field(form, self.tr("&Tittel:"), self.title, "title", self.tr("Tittel"))
        self._field(form, self.tr("&Nøkkel:"), self.key, "key", self.tr("Nøkkel"))
        self._field(form, self.tr("&Kategori:"), self.category, "category", self.tr("Kategori"))
        self._field(form, self.tr("&Status:"), self.status, "status", self.tr("Status"))
        self._field(form, self.tr("Statlige &parter:"), self.state_parties, "state_parties", self.tr("Statlige parter"))
        parties_column = self._field(form, self.tr("Andre pa&rter:"), self.other_parties, "other_parties", self.tr("Andre parter"))
        self.party_hint = QLabel(page)  # the parties that saving adds to Departementer og parter (_new_parties)
        self.party_hint.setObjectName("fieldHint")
        self.party_hint.setWordWrap(True)
        self.party_hint.hide()
        parties_column.addWidget(self.party_hint)
        self._field(form, self.tr("KS undertegner på niv&å:"), self.ks_level, "ks_signatory_level", self.tr("KS undertegner på nivå"))
        self._field(form, self.tr("Un&dertegnet:"), self.signed, "signed_date", self.tr("Undertegnet"))
        self._field(form, self.tr("Gjelder &fra:"), self.start, "start_date", self.tr("Gjelder fra"))
        self._field(form, self.tr("Gjelder ti&l:"), self.end, "end_date", self.tr("Gjelder til"))
        self.month_hints: dict[MonthsField, QLabel] = {}
        for spin, column in (
            (self.duration, self._field(form, self.tr("Vari&ghet:"), self.duration, "duration_months", self.tr("Varighet i måneder"))),
            (self.notice_months, self._field(form, self.tr("&Oppsigelsestid:"), self.notice_months, "notice_months", self.tr("Oppsigelsestid i måneder"))),
        ):
            hint = self.month_hints[spin] = QLabel(page)
            hint.setObjectName("fieldHint")
            hint.setWordWrap(True)
            hint.hide()
            column.addWidget(hint)
            spin.refused.connect(lambda typed, spin=spin, hint=hint: self._months_refused(spin, hint, typed))
            spin.valueChanged.connect(hint.hide)  # typed on: the hint has been read
        # Every letter of "Oppsigelse (tekst)" is another field's on this page (or a tab's): named for what it
        # holds, the agreement's words on notice, it has a letter of its own (Alt+B).
        self._field(form, self.tr("Oppsigelses&bestemmelse:"), self.notice_text, "notice_text", self.tr("Oppsigelsesbestemmelse"))
        return page

    def _months_refused(self, spin: MonthsField, hint: QLabel, typed: str) -> None:
        """Said under the field when a number typed is more than it takes: the digit was refused, and 20 left
        where 200 was meant went unnoticed."""
        hint.setText(fill(self.tr("%1: høyst %2 måneder («%3» ble ikke tatt imot)."), spin.accessibleName(), spin.maximum(), typed))
        hint.show()

    def _months_suffix(self, spin: QSpinBox, value: int) -> None:
        """«1 måned», «36 måneder». Left as it is for the empty value (shown as «–» alone): a new suffix writes the
        field's text again, and a field just emptied from the keyboard read «–», where the number typed next was
        refused."""
        if value != spin.minimum():
            spin.setSuffix(self.tr(" måned") if value == 1 else self.tr(" måneder"))

    def _text(self, parent: QWidget, height: int = 70) -> QPlainTextEdit:
        edit = QPlainTextEdit(parent)
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(height)
        return edit

    def _content_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.purpose = self._text(page)
        self.ob_joint = self._text(page, 50)
        self.ob_ks = self._text(page, 50)
        self.ob_state = self._text(page, 50)
        self.economy = self._text(page, 50)
        self.reservation = QComboBox(page)
        for value, label in TRI_CHOICES:
            self.reservation.addItem(ui_text(label), value)
        self.evaluation = self._text(page, 50)
        self.annual = QComboBox(page)
        for value, label in TRI_CHOICES:
            self.annual.addItem(ui_text(label), value)
        self.followup = self._text(page, 50)
        self.term_exception = QLineEdit(page)
        self.term_exception.setPlaceholderText(self.tr("begrunnelse når avtalen bevisst varer ut over stortingsperioden"))
        self.notes = self._text(page)
        self._field(form, self.tr("&Formål:"), self.purpose, "purpose", self.tr("Formål"))
        obligations = QWidget(page)
        composite_focus(obligations, self.ob_joint)  # its label's Alt+P goes to the first of the three
        grid = QGridLayout(obligations)
        grid.setContentsMargins(0, 0, 0, 0)
        for column, (label, edit, name) in enumerate(((self.tr("Felles"), self.ob_joint, "Felles plikter"), (self.tr("KS"), self.ob_ks, "KS' plikter"), (self.tr("Staten"), self.ob_state, "Statens plikter"))):
            edit.setAccessibleName(self.tr(name))
            grid.addWidget(QLabel(label, obligations), 0, column)
            grid.addWidget(edit, 1, column)
        self._field(form, self.tr("Partenes &plikter:"), obligations, "obligations", self.tr("Partenes plikter"))
        self._field(form, self.tr("Øk&onomi:"), self.economy, "economy_text", self.tr("Økonomi"))
        self._field(form, self.tr("Forutsatt Stortingets &bevilgning:"), self.reservation, "storting_reservation", self.tr("Forutsatt Stortingets bevilgning"))
        self._field(form, self.tr("Evaluerings&klausul:"), self.evaluation, "evaluation_clause", self.tr("Evalueringsklausul"))
        self._field(form, self.tr("Evalueres å&rlig:"), self.annual, "evaluation_annual", self.tr("Evalueres årlig"))
        self._field(form, self.tr("A&dministrativ oppfølging:"), self.followup, "followup_text", self.tr("Administrativ oppfølging"))
        self._field(form, self.tr("Unntak fra &stortingsperioden:"), self.term_exception, "term_exception", self.tr("Unntak fra stortingsperioden"))
        self._field(form, self.tr("&Notater:"), self.notes, "notes", self.tr("Notater"))
        return page

    def _signatories_page(self) -> QWidget:
        page = QWidget(self)
        self.signatory_model = SignatoryModel(page)
        self.signatory_view = CellTable(page)  # Tab from cell to cell, and out from the last
        self.signatory_view.setObjectName("signatories")
        self.signatory_view.setAccessibleName(self.tr("Undertegnere"))
        self.signatory_view.setModel(self.signatory_model)
        self.signatory_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.signatory_view.verticalHeader().setVisible(False)
        add = QPushButton(self.tr("&Legg til undertegner"), page)
        remove = QPushButton(self.tr("&Fjern"), page)
        add.clicked.connect(self._add_signatory)
        remove.clicked.connect(lambda: self._remove_selected(self.signatory_view, self.signatory_model.remove))
        follow_chosen_row(self.signatory_view, (remove, any_row))
        hint = QLabel(self.tr("Mønsteravtalen: avtalen signeres av KS' leder og berørte statsråder, f.eks. «Ola Normann, statsråd, Kunnskapsdepartementet»."), page)
        hint.setWordWrap(True)
        self.errors["signatories"] = ErrorLabel(page)
        layout = QVBoxLayout(page)
        layout.addWidget(hint)
        layout.addWidget(self.signatory_view, 1)
        layout.addWidget(self.errors["signatories"])
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)
        return page

    def _decisions_page(self) -> QWidget:
        page = QWidget(self)
        self.decision_model = RowsModel([self.tr("Møte"), self.tr("Vedtak"), self.tr("Merknad")], page)
        self.signing_model = RowsModel([self.tr("Dato"), self.tr("Møte"), self.tr("Ny sluttdato")], page)
        # Made in the page's order, top to bottom: Tab follows the order widgets are made in (it went from the
        # decisions to the signings, then back up to «Registrer vedtak»).
        self.decision_view = table_view(page, self.decision_model, self.tr("Vedtak"))
        add_decision = QPushButton(self.tr("&Registrer vedtak …"), page)
        remove_decision = QPushButton(self.tr("Fjern vedtak"), page)
        self.signing_view = table_view(page, self.signing_model, self.tr("Undertegninger"))
        add_signing = QPushButton(self.tr("Registrer under&tegning …"), page)
        remove_signing = QPushButton(self.tr("Fjern undertegning"), page)
        add_decision.clicked.connect(self._add_decision)
        remove_decision.clicked.connect(lambda: self._remove_selected(self.decision_view, self._remove_decision))
        add_signing.clicked.connect(self._add_signing)
        remove_signing.clicked.connect(lambda: self._remove_selected(self.signing_view, self._remove_signing))
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("Vedtak i konsultasjonsmøtene"), page))
        layout.addWidget(self.decision_view, 1)
        row = QHBoxLayout()
        row.addWidget(add_decision)
        row.addWidget(remove_decision)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(QLabel(self.tr("Undertegninger (en undertegning kan gi avtalen en ny sluttdato)"), page))
        layout.addWidget(self.signing_view, 1)
        row = QHBoxLayout()
        row.addWidget(add_signing)
        row.addWidget(remove_signing)
        row.addStretch(1)
        layout.addLayout(row)
        self._refresh_children()
        follow_chosen_row(self.decision_view, (remove_decision, any_row))
        follow_chosen_row(self.signing_view, (remove_signing, any_row))
        return page

    def _attachments_page(self) -> QWidget:
        page = QWidget(self)
        self.attachment_model = RowsModel([self.tr("Fil"), self.tr("Lagt til")], page)
        self.attachment_view = table_view(page, self.attachment_model, self.tr("Vedlegg"))
        self.attachment_view.doubleClicked.connect(lambda index: self._open_attachment(index.row()))
        add = QPushButton(self.tr("&Legg ved fil …"), page)
        open_ = self._open_attachment_button = QPushButton(self.tr("Å&pne"), page)
        remove = QPushButton(self.tr("&Fjern"), page)
        add.clicked.connect(self._add_attachment)
        open_.clicked.connect(lambda: self._remove_selected(self.attachment_view, self._open_attachment))
        remove.clicked.connect(lambda: self._remove_selected(self.attachment_view, self._remove_attachment))
        hint = QLabel(self.tr("Filene kopieres til mappen %1 ved siden av databasen og åpnes i systemets visningsprogram.").replace("%1", attachment_store.folder(self.db_path).name), page)
        hint.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(hint)
        layout.addWidget(self.attachment_view, 1)
        row = QHBoxLayout()
        for button in (add, open_, remove):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        follow_chosen_row(self.attachment_view, (open_, any_row), (remove, any_row))
        return page

    def _history_page(self, history: list[dict]) -> QWidget:
        page = QWidget(self)
        self.history_model = HistoryModel([self.tr("Tid"), self.tr("Bruker"), self.tr("Handling"), self.tr("Felt"), self.tr("Før"), self.tr("Etter")], page)
        self.history_view = view = table_view(page, self.history_model, self.tr("Historikk"))
        view.setObjectName("history")
        view.setWordWrap(False)
        # The columns fit the newest hundred rows, not the first thousand (Qt's default): the history of an agreement
        # edited for years made every opening of its form wait some 150 ms, Historikk looked at or not.
        view.horizontalHeader().setResizeContentsPrecision(100)
        self._no_history = QLabel(self.tr("Ingen endringer er registrert ennå."), page)
        layout = QVBoxLayout(page)
        layout.addWidget(view)
        layout.addWidget(self._no_history)
        self._show_history(history)
        return page

    def _show_history(self, history: list[dict]) -> None:
        rows, whole = [], []
        for row in history:
            at = dt.datetime.fromisoformat(row["at"])
            field = row["field"]
            if row["kind"] == "agreements":
                what = self._labels.get(field, field) if field else None
            else:
                what = ui_text(_CHILD_FIELD_NB[field]) if field in _CHILD_FIELD_NB else field
            if row["kind"] == "restore":  # the whole register put back from a backup (named under Etter)
                what = self.tr("(hele registeret)")
            what = what or (self.tr("(opprettet)") if row["old"] is None else self.tr("(slettet)"))
            if row["kind"] not in ("agreements", "restore"):
                kind = ui_text(_KIND_NB[row["kind"]]) if row["kind"] in _KIND_NB else row["kind"]
                named = _which(row["kind"], row["record"] or "", self.register) if field else ""
                what = f"{kind}{f' ({named})' if named else ''}: {what}"
            before, after = (_history_value(row[side], row["kind"], field, self.register) for side in ("old", "new"))
            rows.append((_when(at), row["user"], row["command"], what, *_around_difference(before, after)))
            whole.append((before, after))
        self.history_model.set_rows(rows, whole)
        self.history_view.resizeColumnsToContents()
        self._no_history.setHidden(bool(rows))

    # -- loading and reading the fields --------------------------------------------------------------------

    def _load(self, a: Agreement | None) -> None:
        if a is None:
            return
        self.title.setText(a.title)
        self.key.setText(a.key)
        self.category.setCurrentIndex(max(0, self.category.findData(a.category)))
        self.status.setCurrentText(a.status or "")
        self.state_parties.set_values(a.state_parties)
        self.other_parties.set_values(a.other_parties)
        self.ks_level.setCurrentIndex(max(0, self.ks_level.findData(a.ks_signatory_level)))
        self.signed.set_value(a.signed_date)
        self.start.set_value(a.start_date)
        self.end.set_value(a.end_date)
        self.duration.setValue(a.duration_months or 0)
        self.notice_months.setValue(-1 if a.notice_months is None else a.notice_months)
        self.notice_text.setText(a.notice_text or "")
        self.purpose.setPlainText(a.purpose or "")
        self.ob_joint.setPlainText(a.obligations.joint or "" if a.obligations else "")  # (emptied: a form filled again)
        self.ob_ks.setPlainText(a.obligations.ks or "" if a.obligations else "")
        self.ob_state.setPlainText(a.obligations.state or "" if a.obligations else "")
        self.economy.setPlainText(a.economy_text or "")
        self.reservation.setCurrentIndex(self.reservation.findData(a.storting_reservation))
        self.evaluation.setPlainText(a.evaluation_clause or "")
        self.annual.setCurrentIndex(self.annual.findData(a.evaluation_annual))
        self.followup.setPlainText(a.followup_text or "")
        self.term_exception.setText(a.term_exception or "")
        self.notes.setPlainText(a.notes or "")
        self.signatory_model.set_signatories(a.signatories)
        self._take_given(a)
        self._as_loaded = self.field_values()

    def _connect_changes(self) -> None:
        for edit in (self.title, self.key, self.notice_text, self.term_exception):
            edit.textChanged.connect(self.validate)
        for combo in (self.category, self.ks_level, self.reservation, self.annual):
            combo.currentIndexChanged.connect(self.validate)
        self.status.currentTextChanged.connect(self.validate)
        for edit in (self.purpose, self.ob_joint, self.ob_ks, self.ob_state, self.economy, self.evaluation, self.followup, self.notes):
            edit.textChanged.connect(self.validate)
        for editor in (self.state_parties, self.other_parties):
            editor.changed.connect(self.validate)
        self.signatory_model.dataChanged.connect(self.validate)
        self.signatory_model.rowsInserted.connect(self.validate)
        self.signatory_model.rowsRemoved.connect(self.validate)
        self.notice_months.valueChanged.connect(self.validate)
        self.title.textChanged.connect(self._suggest_key)
        self.key.textEdited.connect(self._key_edited)
        for field in (self.signed, self.start):
            field.changed.connect(self._base_changed)
        self.end.changed.connect(self._end_changed)
        self.duration.valueChanged.connect(self._duration_changed)

    def _suggest_key(self, title: str) -> None:
        if not self._key_touched:
            self.key.setText(slug(title))

    def _key_edited(self, _: str) -> None:
        self._key_touched = True

    def _dates(self) -> dict[str, DateField]:
        return {"signed_date": self.signed, "start_date": self.start, "end_date": self.end}

    def _base(self) -> dt.date | None:
        return self.start.value() or self.signed.value()

    # «Gjelder til» and Varighet say the same thing two ways: the one the user gave stays as given, the other is
    # worked out from it (and from the start, or signed, date). `_end_given` and `_duration_given` say which the user
    # gave. Was: a duration worked out from a typed end date was then taken for the user's, and a start date typed
    # after the end date moved the end date by it without a word.

    def _take_given(self, a: Agreement) -> None:
        """Which of the end date and the duration a stored agreement's user gave: its end date when it has one; its
        duration unless it only restates that end date (then it was worked out from it)."""
        base = a.start_date or a.signed_date
        restates = bool(a.end_date and a.duration_months and base and end_from_duration(base, a.duration_months) == a.end_date)
        self._end_given = a.end_date is not None
        self._duration_given = bool(a.duration_months) and not restates

    def _base_changed(self) -> None:
        """A new start (or signed) date moves what was worked out from the other: the end date of a duration the
        user gave, the duration between the dates for an end date the user gave."""
        if not self._syncing:
            if self._duration_given and not self._end_given:
                self._work_out_end()
            elif self._end_given and not self._duration_given:
                self._work_out_duration()
        self.validate()

    def _end_changed(self) -> None:
        """An end date typed (or picked) is the user's, and the duration is worked out from it; emptied, a duration
        worked out from it goes with it."""
        if not self._syncing:
            self._end_given = bool(self.end.edit.text().strip())  # text that is not a date yet is the user's too
            if self._end_given:
                self._duration_given = False
            if not self._duration_given:
                self._work_out_duration()
        self.validate()

    def _duration_changed(self, months: int) -> None:
        """A duration typed is the user's, and the end date is worked out from it; emptied, an end date worked out
        from it goes with it (one the user typed stays)."""
        if not self._syncing:
            self._duration_given = bool(months)
            if self._duration_given:
                self._end_given = False
            if not self._end_given:
                self._work_out_end()
        self.validate()

    def _work_out_end(self) -> None:
        """The end date from the duration: the day before the start plus that many months; none without both."""
        base, months = self._base(), self.duration.value()
        self._syncing = True
        try:
            self.end.set_value(end_from_duration(base, months) if base and months else None)
        finally:
            self._syncing = False

    def _work_out_duration(self) -> None:
        """The duration from the end date, when it closes a whole number of months from the start; else none."""
        base, end = self._base(), self.end.value()
        self._syncing = True
        try:
            self.duration.setValue((duration_from_end(base, end) if base and end and end >= base else None) or 0)
        finally:
            self._syncing = False

    def field_values(self) -> dict:
        """The form as the bundle's agreement object (so that the bundle reader can check it)."""

        def text(edit) -> str | None:
            value = edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()
            return value if value.strip() else None

        def iso(field: DateField) -> str | None:
            value = field.value()
            return value.isoformat() if value else None

        obligations = {"joint": text(self.ob_joint), "ks": text(self.ob_ks), "state": text(self.ob_state)}
        status = self.status.currentText().strip()
        return {
            "key": self.key.text() if self.key.text().strip() else None,
            "title": self.title.text() if self.title.text().strip() else None,
            "category": self.category.currentData(),
            "state_parties": self.state_parties.values(),
            "other_parties": self.other_parties.values(),
            "ks_signatory_level": self.ks_level.currentData(),
            "signatories": self.signatory_model.as_json(),
            "signed_date": iso(self.signed),
            "start_date": iso(self.start),
            "end_date": iso(self.end),
            "duration_months": self.duration.value() or None,
            "notice_months": None if self.notice_months.value() < 0 else self.notice_months.value(),
            "notice_text": text(self.notice_text),
            "purpose": text(self.purpose),
            "obligations": obligations if any(obligations.values()) else None,
            "economy_text": text(self.economy),
            "storting_reservation": self.reservation.currentData(),
            "evaluation_clause": text(self.evaluation),
            "evaluation_annual": self.annual.currentData(),
            "followup_text": text(self.followup),
            "term_exception": text(self.term_exception),
            "status": status or None,
            "notes": text(self.notes),
        }

    # -- validation ----------------------------------------------------------------------------------------

    def validate(self) -> bool:
        reader = Reader()
        values = self.field_values()
        candidate = read_agreement(reader, values, "avtale")
        # A date typed that is not one (the reader sees it as empty) is refused by its field's own message.
        messages: dict[str, str] = {name: field.error() for name, field in self._dates().items() if field.error()}
        for problem in reader.problems:
            name = problem.path.removeprefix("avtale.").split(".")[0].split("[")[0]
            if name == "signatories":  # the row and the column: «Undertegner 3, navn: må fylles ut»
                column = {"name": self.tr("navn"), "role": self.tr("rolle"), "party": self.tr("part")}.get(problem.path.rsplit(".", 1)[-1])
                where = fill(self.tr("%1, %2"), _row_of(problem.path), column) if column else _row_of(problem.path)
                messages.setdefault(name, fill(self.tr("Undertegner %1: %2"), where, problem.body()))
            elif name in ("state_parties", "other_parties") and problem.code == "duplicate":
                # By the field and both spellings: an import refuses the party twice (was: «parten "krd" forekommer
                # to ganger (også i avtale.state_parties[0])», the reader's path for the field).
                given = values[name][int(_row_of(problem.path)) - 1].strip()
                first = values[name][int(_row_of(str(dict(problem.params)["other"]))) - 1].strip()
                messages.setdefault(name, fill(self.tr("%1: «%2» er den samme parten som «%3» (store og små bokstaver teller ikke). "
                                                       "Fjern den ene."), self._labels[name], given, first))
            else:
                messages.setdefault(name, problem.body())
        key = candidate.key if candidate is not None else unicodedata.normalize("NFC", self.key.text().strip())  # as stored
        taken = self.register.agreement(key) if key else None
        if taken is not None and (self.original is None or taken.key != self.original.key):
            messages.setdefault("key", self.tr("Nøkkelen er i bruk av «%1».").replace("%1", taken.title))
        elif key and (self.original is None or key != self.original.key):
            # «nav-1» beside «NAV-1» reads as one agreement (as Windows reads two such file names as one). Asked
            # of a new key only: two agreements stored so already (an import takes them) stay editable.
            alike = next((a for a in self._keys_case_aside().get(key.casefold(), ())
                          if self.original is None or a.key != self.original.key), None)
            if alike is not None:
                messages.setdefault("key", fill(self.tr("Nøkkelen «%1» er den samme som «%2» bortsett fra store og små "
                                                        "bokstaver, og den er i bruk av «%3»."), key, alike.key, alike.title))
        for name, label in self.errors.items():
            label.show_message(messages.get(name))
        self.candidate = self._kept(candidate, values) if candidate is not None and not messages else None
        added = [f"«{p.key}»" for p in self._new_parties(values["state_parties"], values["other_parties"])]
        self.party_hint.setText(fill(self.tr("%1 er ikke i listen over departementer og parter og legges til der når avtalen lagres."),
                                     listed(added)) if added else "")
        self.party_hint.setVisible(bool(added))
        ok = self.candidate is not None
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        self.summary.show_message(None if ok else self.tr("Rett opp feltene som er merket med rødt."))
        for index in range(self.pages.count()):
            page = self.pages.widget(index)
            marked = any(name in messages for name, label in self.errors.items() if page.isAncestorOf(label))
            base = self.pages.tabText(index).removeprefix("⚠ ")
            self.pages.setTabText(index, f"⚠ {base}" if marked else base)
        self._show_checks()
        return ok

    def _keys_case_aside(self) -> dict[str, list[Agreement]]:
        """The register's agreements by key, case aside, made once per register: validate asks at every key typed
        (was a scan of every agreement each time)."""
        if self._case_keys[0] is not self.register:
            by_key: dict[str, list[Agreement]] = {}
            for a in self.register.agreements:
                by_key.setdefault(a.key.casefold(), []).append(a)
            self._case_keys = (self.register, by_key)
        return self._case_keys[1]

    def _new_parties(self, state: list[str] | tuple[str, ...], other: list[str] | tuple[str, ...]) -> list[Party]:
        """The parties named in this form that the register's list (Departementer og parter) does not hold, as an
        import adds them (checks.parties_to_add: found by key, name or former name, case aside, «krd» is KDD, once
        KRD; a new name added once however it is spelt, «Digdir», «digdir»). Not those the stored agreement named
        already: a party taken out of the list on purpose is not put back by an edit of another field."""
        named = {party_ident(n) for n in (*self.original.state_parties, *self.original.other_parties)} if self.original else set()
        pairs = [(side, name) for side, names in (("state", state), ("other", other)) for name in names if party_ident(name) not in named]
        return parties_to_add(self.parties, pairs)

    def _kept(self, candidate: Agreement, values: dict) -> Agreement:
        """`candidate` (read from the form's `values`) with the stored value of each field that reads as it did when
        the form was filled in. The fields cannot hold every value a record may: a text box gives Windows line breaks
        (CR LF, from a spreadsheet) back as LF, and the status and the signatories come back without the spaces around
        them. Saved as read, an agreement merely opened and saved was changed (an undo step and a history row nobody
        made), and an edit of one field rewrote such a text in another."""
        if self.original is None:
            return candidate
        kept = {name: getattr(self.original, name) for name, loaded in self._as_loaded.items() if values[name] == loaded}
        return replace(candidate, **kept)

    def _show_checks(self) -> None:
        if self.candidate is None:
            self.checks.setPlainText(self.tr("Kontrollen vises når feltene er gyldige."))
            return
        # The signings as the form has them (added or removed here too) may set its end date and term.
        signings = tuple(sorted(self.signings, key=lambda s: s.date))
        warnings = check_agreement(self.candidate, self.register.settings, self.parties, signings)
        if not warnings:
            self.checks.setHtml(self.tr("<p style='color:#2e7d32'>Avtalen følger mønsteravtalens huskeliste.</p>"))
            return
        items = "".join(f"<li>{escaped(w.message)}</li>" for w in warnings)
        self.checks.setHtml(f"<p>{len(warnings)} avvik (advarsler, ikke feil):</p><ul>{items}</ul>")

    # -- child records --------------------------------------------------------------------------------------

    def _refresh_children(self) -> None:
        self.decisions.sort(key=lambda d: (d.meeting.year, d.meeting.number))
        self.signings.sort(key=lambda s: s.date)
        self.decision_model.set_rows([(str(d.meeting), DECISION_NB[d.decision], d.note or "") for d in self.decisions])
        self.signing_model.set_rows(
            [(format_date(s.date), str(s.meeting) if s.meeting else "utenom møtene", format_date(s.end_date)) for s in self.signings]
        )
        if hasattr(self, "attachment_model"):
            self.attachment_model.set_rows([(x.name, format_date(x.added)) for x in self.attachments])
        if self.candidate is not None:
            self._show_checks()  # a signing may change the end date and the term the checks look at

    def _current_key(self) -> str:
        return self.key.text().strip() or (self.original.key if self.original else "")

    def _add_signatory(self) -> None:
        index = self.signatory_model.add()
        self.signatory_view.setCurrentIndex(index)
        self.signatory_view.edit(index)

    def _remove_selected(self, view: QTableView, action) -> None:
        row = chosen_row(view)
        if row is not None:
            action(row)

    def _replaces(self, title: str, question: str) -> bool:
        """Whether the user lets a new decision or signing take the place of the one recorded (a bundle holds one
        per meeting, one per date). Was replaced without a word: a year left at this year put over a decision
        recorded earlier, and the list showed only the new one."""
        buttons = QMessageBox.StandardButton
        return QMessageBox.question(self, title, question, buttons.Yes | buttons.No, buttons.No) == buttons.Yes

    def _add_decision(self) -> None:
        dialog = DecisionDialog(dt.date.today().year, self)
        # No to replacing shows the dialog again as typed: the year or meeting chosen is likely the slip.
        while dialog.exec() == QDialog.DialogCode.Accepted:
            decision = dialog.value(self._current_key())
            recorded = next((d for d in self.decisions if d.meeting == decision.meeting), None)
            if recorded is not None and (recorded.decision, recorded.note) != (decision.decision, decision.note):
                question = fill(self.tr("Erstatte vedtaket «%1» på %2 med «%3»?"), DECISION_NB[recorded.decision], recorded.meeting, DECISION_NB[decision.decision])
                if not self._replaces(dialog.windowTitle(), question):
                    continue
            self.decisions = [d for d in self.decisions if d.meeting != decision.meeting] + [decision]
            self._refresh_children()
            return

    def _remove_decision(self, row: int) -> None:
        del self.decisions[row]
        self._refresh_children()

    def _add_signing(self) -> None:
        dialog = SigningDialog(self, self.register)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            signing = dialog.value(self._current_key())
            recorded = next((s for s in self.signings if s.date == signing.date), None)
            if recorded is not None and (recorded.meeting, recorded.end_date) != (signing.meeting, signing.end_date):
                question = fill(self.tr("Erstatte undertegningen %1 (%2) med en ny (%3)?"), format_date(recorded.date),
                                self._signing_shown(recorded), self._signing_shown(signing))
                if not self._replaces(dialog.windowTitle(), question):
                    continue
            self.signings = [s for s in self.signings if s.date != signing.date] + [signing]
            self._refresh_children()
            return

    def _signing_shown(self, signing: Signing) -> str:
        """A signing's meeting and new end date, as a question about replacing it names them."""
        where = str(signing.meeting) if signing.meeting else self.tr("utenom møtene")
        if signing.end_date is None:
            return where
        return fill(self.tr("%1, ny sluttdato %2"), where, format_date(signing.end_date))

    def _remove_signing(self, row: int) -> None:
        del self.signings[row]
        self._refresh_children()

    def _add_attachment(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Legg ved fil"), str(start_folder(self, "attachments")),
                                              self.tr("Dokumenter (*.pdf *.docx *.doc *.odt *.txt);;Alle filer (*)"))
        if name:
            remember_folder(self, "attachments", name)
            self.add_attachment_file(Path(name))

    def add_attachment_file(self, path: Path) -> None:
        """Attach a copy of the file at `path`; one whose content is attached already (the signed PDF downloaded
        again, under another name too) is said to be, by both names, and not copied a second time."""
        same = self._attached_as(path)
        if same is not None:
            QMessageBox.information(self, self.tr("Vedlegg"), fill(
                self.tr("«%1» er allerede lagt ved avtalen som «%2» (lagt til %3). Filen legges ikke ved en gang til."),
                path.name, same.name, format_date(same.added)))
            return
        try:
            attachment = attachment_store.copy_in(self.db_path, self._current_key(), path)
        except files.FileAccessError as exc:
            QMessageBox.warning(self, self.tr("Vedlegg"), exc.message_nb)
            return
        self._copied.append(attachment)
        self.attachments.append(attachment)
        self._refresh_children()

    def _attached_as(self, path: Path) -> Attachment | None:
        """The attachment of this form whose stored copy holds what the file at `path` holds, or None. A file that
        cannot be read is none: copying it in tells what is wrong with it."""
        for attachment in self.attachments:
            stored = attachment_store.path_of(self.db_path, attachment)
            try:
                if stored.is_file() and filecmp.cmp(path, stored, shallow=False):
                    return attachment
            except OSError:
                continue
        return None

    def _open_attachment(self, row: int) -> None:
        if 0 <= row < len(self.attachments):
            attachment = self.attachments[row]
            stored = path = attachment_store.path_of(self.db_path, attachment)
            if stored.is_file():  # (one that is not there is told by open_file, with where it should be)
                # A read-only copy under its own name: the viewer shows and mails that name, and the stored copy
                # is never edited in place.
                try:
                    path = attachment_store.viewing_copy(self.db_path, attachment, file_name(attachment.name))
                except files.FileAccessError as exc:
                    QMessageBox.warning(self, self.tr("Kan ikke åpne filen"), exc.message_nb)
                    return
            open_file(self, path, attachment.name, self.tr("Vedleggene ligger i mappen «%1» ved siden av databasen. Er filen slettet, "
                                                           "eller ble databasen flyttet uten den mappen?").replace("%1", stored.parent.name))

    def _remove_attachment(self, row: int) -> None:
        """A file attached in this form and removed again goes at once: no record would ever point to its copy. One
        stored before stays on the disk: the record's removal, once saved, can be undone."""
        removed = self.attachments.pop(row)
        if removed in self._copied and not any(x.stored == removed.stored for x in self.register.attachments):
            self._copied.remove(removed)
            attachment_store.discard(self.db_path, removed)
        self._refresh_children()

    # -- the result -----------------------------------------------------------------------------------------

    def command(self) -> Command:
        """The agreement and its records as one command (one undo step)."""
        assert self.candidate is not None
        a = self.candidate
        # Parties first: the list names them before the agreement does (as an import puts them), in the same undo step.
        ops: list[Op] = [Put("parties", p) for p in self._new_parties(a.state_parties, a.other_parties)]
        old_key = self.original.key if self.original else None
        if self.original is None:
            ops.append(Put("agreements", a))
            label = f"Ny avtale «{a.key}»"
        else:
            if a.key != old_key:
                ops.append(RenameAgreement(old_key, a.key))
            if a != self.original:
                ops.append(Put("agreements", a))
            label = f"Endre avtale «{a.key}»"
        for kind, working, stored, ident in (
            ("decisions", self.decisions, [d for d in self.register.decisions if d.agreement == old_key], lambda d: d.meeting),
            ("signings", self.signings, [s for s in self.register.signings if s.agreement == old_key], lambda s: s.date),
            ("attachments", self.attachments, [x for x in self.register.attachments if x.agreement == old_key], lambda x: x.stored),
        ):
            renamed_stored = {ident(r): replace(r, agreement=a.key) for r in stored}
            renamed_working = {ident(r): replace(r, agreement=a.key) for r in working}
            for i in renamed_stored:
                if i not in renamed_working:
                    ops.append(Delete(kind, (a.key, i)))
            for i, record in renamed_working.items():
                if renamed_stored.get(i) != record:
                    ops.append(Put(kind, record))
        return Command(label, tuple(ops))

    def _state(self) -> tuple:
        """What the user can change in the form, to tell whether anything was."""
        return (self.field_values(), tuple(self.decisions), tuple(self.signings), tuple(self.attachments),
                tuple(field.edit.text() for field in self._dates().values()))

    def reject(self) -> None:
        """Avbryt, Esc or the close button: what was typed is thrown away only when the user says so."""
        if not self._read_only and not self.unsaved.may_discard():
            return
        for attachment in self._copied:
            attachment_store.discard(self.db_path, attachment)
        super().reject()


_KIND_NB = {
    "decisions": QT_TRANSLATE_NOOP("Konsultasjon", "vedtak"),
    "signings": QT_TRANSLATE_NOOP("Konsultasjon", "undertegning"),
    "assessments": QT_TRANSLATE_NOOP("Konsultasjon", "vurdering"),
    "deviations": QT_TRANSLATE_NOOP("Konsultasjon", "avvik"),
    "agenda": QT_TRANSLATE_NOOP("Konsultasjon", "dagsorden"),
    "attachments": QT_TRANSLATE_NOOP("Konsultasjon", "vedlegg"),
}


# The history's field names of the records that belong to an agreement, as the form names them.
_CHILD_FIELD_NB = {
    "decision": QT_TRANSLATE_NOOP("Konsultasjon", "vedtak"),
    "note": QT_TRANSLATE_NOOP("Konsultasjon", "merknad"),
    "meeting": QT_TRANSLATE_NOOP("Konsultasjon", "møte"),
    "date": QT_TRANSLATE_NOOP("Konsultasjon", "dato"),
    "end_date": QT_TRANSLATE_NOOP("Konsultasjon", "ny sluttdato"),
    "rating": QT_TRANSLATE_NOOP("Konsultasjon", "vurdering"),
    "justification": QT_TRANSLATE_NOOP("Konsultasjon", "begrunnelse"),
    "name": QT_TRANSLATE_NOOP("Konsultasjon", "navn"),
    "minutes": QT_TRANSLATE_NOOP("Konsultasjon", "protokoll"),
    "reason": QT_TRANSLATE_NOOP("Konsultasjon", "begrunnelse"),
    "subpoints_met": QT_TRANSLATE_NOOP("Konsultasjon", "delpunkter oppfylt"),
    "override_reason": QT_TRANSLATE_NOOP("Konsultasjon", "begrunnelse for å avvike fra delpunktene"),
    "to_meeting": QT_TRANSLATE_NOOP("Konsultasjon", "flyttet til møte"),
    "to_date": QT_TRANSLATE_NOOP("Konsultasjon", "flyttet til dato"),
    "title": QT_TRANSLATE_NOOP("Konsultasjon", "tittel"),
    "background": QT_TRANSLATE_NOOP("Konsultasjon", "bakgrunn"),
    "proposed_decision": QT_TRANSLATE_NOOP("Konsultasjon", "forslag til vedtak"),
    "position": QT_TRANSLATE_NOOP("Konsultasjon", "plass i sakslisten"),
    "taken_at": QT_TRANSLATE_NOOP("Konsultasjon", "behandlet"),
    "attachments": QT_TRANSLATE_NOOP("Konsultasjon", "vedlegg"),
    "added": QT_TRANSLATE_NOOP("Konsultasjon", "lagt ved"),
}
# Coded values as the form shows them.
_CODES_NB = {
    "category": dict(CATEGORY_CHOICES),
    "ks_signatory_level": {k: v for k, v in KS_LEVEL_CHOICES if k},
    "decision": DECISION_NB,
    "rating": RATING_NB,
}


def _shown(value: Any, field: str | None = None) -> str:
    """A value of the history in words, as the form shows it: dates as dd.mm.yyyy, Ja/Nei, coded values by
    their label, a signatory as 'name (role, party)', a decision or a signing as a sentence."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Ja")) if value else ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Nei"))
    if field == "position" and isinstance(value, int):
        return str(value + 1)  # an item's place in the agenda, counted as people count (stored from 0)
    if isinstance(value, str):
        if field in _CODES_NB and value in _CODES_NB[field]:
            return ui_text(_CODES_NB[field][value])
        if field == "taken_at":  # when an agenda item was dealt with in the meeting
            try:
                return _when(dt.datetime.fromisoformat(value))
            except ValueError:
                return value
        day = parse_date(value)
        return format_date(day) if day else value
    if isinstance(value, list):
        return "; ".join(_shown(v, field) for v in value)
    if isinstance(value, dict):
        if set(value) == {"year", "number"}:
            return str(MeetingRef(value["year"], value["number"]))
        if "decision" in value:
            note = f" ({value['note']})" if value.get("note") else ""
            return f"{_shown(value['decision'], 'decision')}, {_shown(value.get('meeting'))}{note}"
        if "date" in value and "agreement" in value:  # a signing
            where = _shown(value.get("meeting")) or ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "utenom møtene"))
            end = f", {ui_text(_CHILD_FIELD_NB['end_date'])} {_shown(value['end_date'])}" if value.get("end_date") else ""
            return f"{_shown(value['date'])}, {where}{end}"
        if "name" in value and "role" in value:  # a signatory
            details = ", ".join(_shown(value[k]) for k in ("role", "party") if value.get(k))
            return f"{value['name']} ({details})" if details else str(value["name"])
        if value.get("title") or value.get("name"):
            return str(value.get("title") or value.get("name"))
        if set(value) <= {"joint", "ks", "state"}:  # the parties' obligations
            names = {"joint": "Felles", "ks": "KS", "state": "Staten"}
            return "; ".join(f"{names[k]}: {v}" for k, v in value.items() if v)
        return ", ".join(f"{ui_text(_CHILD_FIELD_NB[k]) if k in _CHILD_FIELD_NB else k}: {_shown(v, k)}"
                         for k, v in value.items() if v not in (None, [], ""))
    return str(value)


def _which(kind: str, record: str, register: Register) -> str:
    """Which of the agreement's records a history row changed, from the name the history gives it (its identity's
    parts joined by "@", store.database._ident_text): the meeting of a decision, an agenda item or a moved item,
    the date of a signing, the criterion of a rating. Read from the parts that hold no "@" (a key may)."""
    parts = record.split("@")

    def meeting(text: str) -> str:
        year, _, number = text.partition("/")
        return str(MeetingRef(int(year), int(number))) if year.isdigit() and number.isdigit() else ""

    if kind == "decisions":
        return meeting(parts[-1])
    if kind == "signings":
        day = parse_date(parts[-1])
        return format_date(day) if day else ""
    if kind == "deviations" and len(parts) >= 3:
        from ...domain.planner import ACTION_NB

        return f"{ACTION_NB.get(parts[0], parts[0])} fra {meeting(parts[-1])}"
    if kind == "agenda":
        return meeting(parts[0])
    if kind == "assessments" and len(parts) >= 3:
        from ...domain.evaluation import resolve_criteria_set

        criteria_set = resolve_criteria_set(register, parts[-2])  # as _record_shown: a built-in set too
        criterion = criteria_set.criterion(parts[-1]) if criteria_set else None
        return criterion.title if criterion else parts[-1]
    return ""


def _when(at: dt.datetime) -> str:
    """A time in the history as dd.mm.yyyy hh:mm. (Not strftime, which imports the time module at every call under
    Qt's import hook: a long history was some 18 ms of it at every opening of the form.)"""
    return f"{at.day:02d}.{at.month:02d}.{at.year:04d} {at.hour:02d}:{at.minute:02d}"


def _record_shown(kind: str, record: dict, register: Register) -> str:
    """A record that belongs to an agreement, created or deleted, in words: a rating by its criterion's title (as
    the criteria set names it) and its label as Evaluering shows it, a moved item as what was moved from which
    meeting to which, an agenda item by its meeting and title."""
    from ...domain.evaluation import resolve_criteria_set
    from ...domain.planner import ACTION_NB  # (the form's module is loaded when a form opens; the plan's labels with it)

    if kind == "assessments":  # (a built-in set deleted since still names its criteria)
        criteria_set = resolve_criteria_set(register, record["criteria_set"])
        criterion = criteria_set.criterion(record["criterion"]) if criteria_set else None
        return f"{criterion.title if criterion else record['criterion']}: {_shown(record['rating'], 'rating')}"
    if kind == "deviations":
        where = _shown(record.get("to_meeting")) or _shown(record.get("to_date"))
        moved = fill(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "%1 flyttet fra %2 til %3")),
                     ACTION_NB.get(record["action"], record["action"]), _shown(record["from_meeting"]), where)
        return f"{moved} ({record['reason']})" if record.get("reason") else moved
    if kind == "agenda":
        own = ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "egen sak"))
        return f"{_shown(record['meeting'])}: {record.get('title') or ACTION_NB.get(record['action'], own)}"
    return _shown(record)


def _history_value(text: str | None, kind: str, field: str | None, register: Register) -> str:
    """A history row's old or new value (JSON) in words, whole; `register` names the criteria."""
    if text is None:
        return ""
    try:
        value = json.loads(text)
    except ValueError:
        value = text
    if field is None and isinstance(value, dict) and kind in _KIND_NB:  # a whole record, created or deleted
        shown = _record_shown(kind, value, register)
    else:
        shown = _shown(value, field)
    return shown


HISTORY_CELL = 80  # characters of a value a history cell shows (the whole value is in its tooltip)


def _around_difference(before: str, after: str, limit: int = HISTORY_CELL) -> tuple[str, str]:
    """A history row's two values as its cells show them: whole when they fit in `limit` characters; else each the
    part from a little before their first difference, with «…» where cut. Was: both cut after their first 80
    characters, so that a change further on in a long text (Notater, Formål) showed the same before and after."""
    if len(before) <= limit and len(after) <= limit:
        return before, after
    first = next((i for i, (a, b) in enumerate(zip(before, after)) if a != b), min(len(before), len(after)))
    lead = limit // 4  # what comes before the change, to recognise where in the text it is

    def cut(text: str) -> str:
        if len(text) <= limit:
            return text
        begin = min(max(0, first - lead), len(text) - (limit - 1))  # near the end, no shorter than need be
        if begin > 0:
            space = text.find(" ", begin, first)  # from a word's beginning
            begin = space + 1 if space >= 0 else begin
        head = "…" if begin > 0 else ""
        room = limit - len(head)
        return head + (text[begin:begin + room] if begin + room >= len(text) else text[begin:begin + room - 1] + "…")

    return cut(before), cut(after)


def _row_of(path: str) -> str:
    m = re.search(r"\[(\d+)\]", path)
    return str(int(m.group(1)) + 1) if m else ""
