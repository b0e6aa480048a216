"""Widgets the tabs share: an optional date field typed as dd.mm.yyyy, a field's error label, a list editor."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QByteArray,
    QCoreApplication,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QGuiApplication, QKeySequence, QPalette, QValidator
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.calendar import YEAR_RANGE, format_date, parse_typed_date, typed_year_out_of_range
from ..domain.colours import AA_CONTRAST, contrast

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QDialog, QDialogButtonBox

CONTEXT = "Konsultasjon"  # the translation context of the labels kept in tables of constants
# The look of a notice that the whole window concerns (the main window's banner: read-only, a network drive), and of
# a read-only notice where the banner is out of sight or out of mind (meeting mode covers the window; a refused key).
BANNER_STYLE = "background: #fff3cd; color: #5c4400; padding: 6px; border: 1px solid #e0c36a;"
# The text of a table cell with a light tint of its own (a rating, an import row): the palette's text can be white.
TEXT_ON_TINT = "#000000"


TextTone = Literal["muted", "error", "warning"]


def text_colour(tone: TextTone, widget: QWidget | None = None) -> str:
    """The colour ('#rrggbb', for a stylesheet or HTML) of text in a tone of its own, on the window's own colours
    (`widget`'s palette, else the application's): «muted» (a field's label, a hint, a suggestion) is the window's
    text a third of the way towards the window; «error» and «warning» are a dark red and amber on a light window, a
    light red and amber on a dark one (Windows' dark mode). Each reads at 4.5:1 (WCAG AA) on the window and on the
    base (a field, a table, the details pane). Were #444/#555/#6b6b6b, #b00020 and #8a5a00 in each stylesheet: on a
    dark palette 1.7–3.1:1. On the default light palette they stay those colours (#555 for every grey)."""
    palette = widget.palette() if widget is not None else QGuiApplication.palette()
    text = palette.color(QPalette.ColorRole.WindowText)
    grounds = (palette.color(QPalette.ColorRole.Window).name(), palette.color(QPalette.ColorRole.Base).name())

    def weakest(colour: QColor) -> float:
        return min(contrast(colour.name(), ground) for ground in grounds)

    def towards(start: QColor, end: QColor, share: float) -> QColor:
        return QColor(*(round(a + (b - a) * share) for a, b in zip(start.getRgb()[:3], end.getRgb()[:3], strict=True)))

    if tone == "muted":
        shade = towards(text, palette.color(QPalette.ColorRole.Window), 0.355)  # black on #efefef/#f0f0f0: #555555
    else:
        on_light, on_dark = {"error": ("#b00020", "#ff8a80"), "warning": ("#8a5a00", "#ffb74d")}[tone]
        shade = max((QColor(on_light), QColor(on_dark)), key=weakest)
    # A palette of its own (a high-contrast theme, a mid-grey window) can leave the shade too faint: it is moved
    # towards the window's text until it reads (at worst, the window's text itself).
    colour, step = shade, 0
    while weakest(colour) < AA_CONTRAST and step < 10:
        step += 1
        colour = towards(shade, text, step / 10)
    return colour.name()


def ui_text(text: str) -> str:
    """A label kept in a constant, in the user's language. The constant marks it for lupdate with
    QT_TRANSLATE_NOOP("Konsultasjon", …) (lupdate finds only that literal call)."""
    return QCoreApplication.translate(CONTEXT, text)


_PLACEHOLDER = re.compile(r"%([1-9])")


def fill(template: str, *values: object) -> str:
    """`template` with %1, %2 … %9 replaced by `values` (as str) in one pass, as QString.arg does. Was filled with
    .replace("%1", a).replace("%2", b), which also replaced a "%2" inside `a`: a downloaded file's name
    («Avtale%202026.pdf») came out with a path inside it. A placeholder with no value is left as it is."""

    def value(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return str(values[number - 1]) if number <= len(values) else match.group(0)

    return _PLACEHOLDER.sub(value, template)


def escaped(text: str, quote: bool = True) -> str:
    """`text` as rich text (Qt's HTML) shows it: what `html.escape` gives, without importing `html`, which loads its
    table of 2,231 named characters (2.5-3 ms of the window's start) for these five replacements."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        text = text.replace('"', "&quot;").replace("'", "&#x27;")
    return text


def tooltip_html(text: str) -> str:
    """A tooltip of plain text that Qt will wrap (rich text wraps; plain text runs off the screen)."""
    return "<qt>" + escaped(text, quote=False).replace("\n", "<br>") + "</qt>"


def key_names(keys: str) -> str:
    """Keys kept in a constant as Qt reads them ("PgDown / Right", "Alt+Down / F4"), named as Qt names them in the
    language in force ("PgDown / Høyre", "Alt+Ned / F4"): as Hjelp → Hurtigtaster names the keys of the window's
    actions, so that a key has one name throughout (was: «Ctrl+Ned» in one row, «↓» in the next; «Del» and «Delete»)."""
    native, portable = QKeySequence.SequenceFormat.NativeText, QKeySequence.SequenceFormat.PortableText
    return " / ".join(QKeySequence(key, portable).toString(native) for key in keys.split(" / "))


def current_date() -> dt.date:
    """The real date: what `Today` and the main window's clock read (one place a test can set the clock)."""
    return dt.date.today()


class Today:
    """A view's "today" (a class attribute: `today = Today()`): the real date each time it is read, so that a window
    left open over midnight (a laptop closed overnight) plans, prints and shows statuses as of the new day; or
    the date set on it (`view.today = date`, as tests do; None goes back to the real date). Was: the date the
    view was made on, for as long as the window stayed open."""

    def __set_name__(self, owner, name: str) -> None:
        self._name = f"_{name}_set"

    def __get__(self, view, owner=None):
        if view is None:
            return self
        return getattr(view, self._name, None) or current_date()

    def __set__(self, view, value: dt.date | None) -> None:
        setattr(view, self._name, value)


def ok_cancel(dialog: QDialog, ok_text: str | None = None) -> QDialogButtonBox:
    """A dialog's OK and Avbryt buttons, wired to accept and reject; `ok_text` names what OK does ("Lagre")."""
    from PySide6.QtWidgets import QDialogButtonBox  # looked up when the first dialog opens, not at start-up

    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    if ok_text:
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Avbryt")))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def exec_until_saved(dialog: QDialog, save: Callable[[], bool]) -> bool:
    """Show `dialog` until the user cancels it or `save()`, called on OK, stores what it holds. When the environment
    refuses (another program holds the database, the disk is full), `save` tells the user and returns False: the
    same dialog opens again with everything as typed, to try again or cancel, instead of the text being lost with
    the closed dialog. True when saved. Then the dialog is deleted (once control is back in the event loop, so the
    caller may still read it now): it is not shown again, and would otherwise live as long as its parent."""
    from PySide6.QtWidgets import QDialog  # looked up when the first dialog opens, not at start-up

    try:
        while dialog.exec() == QDialog.DialogCode.Accepted:
            if save():
                return True
        return False
    finally:
        dialog.deleteLater()


def exec_to_read(dialog: QDialog, notice: str) -> None:
    """`dialog` shown to read (its `set_read_only(notice)`: the database is open read-only, `notice` says why) until
    the user closes it; then deleted, as `exec_until_saved` deletes the dialogs it shows."""
    dialog.set_read_only(notice)  # type: ignore[attr-defined] - each dialog that can be shown to read has it
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()


_TO_READ = "disabledToRead"  # the property of a widget `show_to_read` disabled


def show_to_read(dialog: QDialog, buttons: QDialogButtonBox, title: str, notice: str | None, *, fields: QWidget | None = None,
                 keep: tuple[QWidget, ...] = ()) -> None:
    """`dialog`, made to edit, made one to read: the database is open read-only (another program has it). Under
    `fields` (the whole dialog by default) texts can be selected and copied but not changed, lists not edited,
    and buttons, check boxes, choices and spin boxes are disabled, but for `keep` (a button that only shows
    something, as Åpne vedlegg); `buttons` offer no OK, their Avbryt named Lukk; nothing typed can be stored, so
    closing asks nothing (`dialog.unsaved`). `notice`, why, goes above everything else in the dialog (a label named
    "readOnlyNotice"); None when the dialog says it itself. The title is `title`: "… (skrivebeskyttet)"."""
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QDialogButtonBox, QFormLayout, QPlainTextEdit

    for widget in (fields or dialog).findChildren(QWidget):
        if buttons.isAncestorOf(widget) or widget in keep:
            continue
        if isinstance(widget, (QLineEdit, QPlainTextEdit)):
            widget.setReadOnly(True)
        elif isinstance(widget, QAbstractItemView):
            widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        elif isinstance(widget, (QAbstractButton, QComboBox, QAbstractSpinBox)):
            widget.setEnabled(False)
            widget.setProperty(_TO_READ, True)  # stays so, whatever is chosen (follow_chosen_row)
    buttons.button(QDialogButtonBox.StandardButton.Ok).hide()
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Lukk")))
    unsaved = getattr(dialog, "unsaved", None)
    if unsaved is not None:
        unsaved.asking = False
    dialog.setWindowTitle(title)
    if notice is not None:
        label = QLabel(notice, dialog)
        label.setObjectName("readOnlyNotice")
        label.setWordWrap(True)
        layout = dialog.layout()
        if isinstance(layout, QFormLayout):
            layout.insertRow(0, label)
        else:
            layout.insertWidget(0, label)


class UnsavedChanges:
    """What an editing dialog held when it opened, kept to tell whether anything was changed since: Avbryt, Esc
    or the window's close button (all `reject()`) then asks `question` («Forkaste endringene i …?») before what
    was typed is thrown away; a dialog left as it opened closes at once. `state()` returns what the user can
    change in the dialog, as values compared by content (texts, tuples of records); it is read now, so make this
    once the dialog's fields are filled in."""

    def __init__(self, dialog: QDialog, state: Callable[[], object], question: str):
        self.dialog, self.state, self.question = dialog, state, question
        self.opened = state()
        self.asking = True  # False for a dialog shown only to read (a read-only database): nothing to keep

    def changed(self) -> bool:
        return self.asking and self.state() != self.opened

    def may_discard(self) -> bool:
        """True when the dialog may close without keeping what it holds: nothing was changed, or the user said to
        discard it. Anything else (Avbryt in the question, Esc, its close button) keeps the dialog open, as it was."""
        if not self.changed():
            return True
        from PySide6.QtWidgets import QMessageBox  # looked up when the first dialog closes, not at start-up

        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(self.dialog, self.dialog.windowTitle(), self.question, buttons.Discard | buttons.Cancel, buttons.Cancel)
        return answer == buttons.Discard


class AsksBeforeDiscarding:
    """For an editing dialog (put before QDialog among its bases) that keeps its `UnsavedChanges` as `unsaved`:
    Avbryt, Esc or the window's close button closes it only when nothing was changed or the user says to discard."""

    unsaved: UnsavedChanges

    def reject(self) -> None:
        if self.unsaved.may_discard():
            super().reject()


def chosen_row(view: QAbstractItemView) -> int | None:
    """The row a button beside a list or table acts on (Fjern, ▲/▼, Åpne): the one selected, else the current one.
    A keyboard user's row is the current one: the view made its first row current, not selected, when Tab brought
    the focus to it."""
    model = view.selectionModel()
    rows = model.selectedRows() if model is not None else []
    index = rows[0] if rows else view.currentIndex()
    return index.row() if index.isValid() else None


def follow_chosen_row(view: QAbstractItemView, *buttons: tuple[QWidget, Callable[[int], bool]]) -> None:
    """Keep the buttons that act on `view`'s chosen row (`chosen_row`: Fjern, Opp, Ned, Åpne) in step with it: each
    (button, acts) is enabled when a row is chosen and `acts(row)` (e.g. not the first, for Opp), now and whenever
    the current row, the selection or the rows change; never one `show_to_read` disabled. Was: such buttons looked
    enabled with nothing chosen, or at the end of the list, and a click did nothing and said nothing.

    The rows' changes are followed once the event that made them is done: a list rebuilt (Opp moves an entry, then
    chooses it again) has no row chosen for a moment, and a button disabled then loses the keyboard's focus, which
    Qt hands to the next field (a Space meant for Opp again was typed into a text). A button with the focus that
    is disabled for good (Opp on the first entry) hands it to the list."""
    def refresh(*_) -> None:
        row = chosen_row(view)
        for button, acts in buttons:
            enabled = row is not None and acts(row) and not button.property(_TO_READ)
            focused = button.hasFocus()
            button.setEnabled(enabled)
            if focused and not enabled:
                # (as a click would: a view given the focus otherwise makes its first row current, and a second
                # Space on Fjern then removed an entry nobody chose)
                view.setFocus(Qt.FocusReason.MouseFocusReason)

    selection, model = view.selectionModel(), view.model()
    selection.currentChanged.connect(refresh)
    selection.selectionChanged.connect(refresh)
    for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
        signal.connect(lambda *_: QTimer.singleShot(0, view, refresh))
    refresh()


def any_row(row: int) -> bool:
    """For `follow_chosen_row`: a button that acts on any row chosen (Fjern, Åpne)."""
    return True


# Room for what the window system adds around a window: a Windows title bar is about 31 logical pixels at any
# scaling, its borders a few.
WINDOW_FRAME = (16, 40)


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Give `window` its opening size, or less where the screen's work area is smaller: a 1366x768 laptop at 150 %
    Windows scaling has 911x485 logical pixels above the taskbar, and a dialog taller than that has its OK and
    Cancel out of sight. The screen is the parent's, where a dialog opens."""
    area = (window.parentWidget() or window).screen().availableGeometry()
    window.resize(min(width, area.width() - WINDOW_FRAME[0]), min(height, area.height() - WINDOW_FRAME[1]))


class FittedHeight(QObject):
    """A dialog's height kept to what its content needs while notes and hints come and go: grown when they need more
    room (the fields are not squashed), shrunk back when they are gone (was: blank gaps under the buttons), but not
    below the height the user has dragged it to (the height it has is no longer the one given here)."""

    def __init__(self, dialog: QWidget):
        super().__init__(dialog)  # the dialog is its parent (not kept in an attribute, see eventFilter)
        self.given = dialog.height()  # made after the dialog's opening size: the height its content gave it
        dialog.installEventFilter(self)

    def fit(self, needed: int) -> None:
        dialog = self.parent()
        # At or under what is needed the height is the content's.
        if needed >= dialog.height() or dialog.height() == self.given:
            fit_to_screen(dialog, dialog.width(), needed)
            self.given = dialog.height()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's naming
        # Qt grows a dialog to the least its rows take when a row comes in (a message shown between two fits): that
        # height is the content's too, not the user's (was: taken for the user's, and never shrunk again). Only the
        # dialog is watched; it is not looked up in an attribute of this object: a dialog no longer referenced is
        # collected with this object as a cycle, this object's attributes first, and the dialog's events while it is
        # taken down still come here (was: AttributeError from the garbage collector, in whatever ran then).
        if event.type() == QEvent.Type.Resize and watched.height() == watched.minimumHeight():
            self.given = watched.height()
        return False


def wrapped_text(text: str, widget: QWidget, width: int) -> str:
    """`text` in lines no wider than `width` pixels in `widget`'s font (broken at spaces, a word longer than a line
    anywhere), for a label that cannot wrap itself: QInputDialog.getText's label is as wide as its longest line,
    and a case's title of 150 characters made the dialog wider than a laptop's screen."""
    from PySide6.QtGui import QTextLayout, QTextOption  # only dialogs wrap: looked up when the first opens

    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    lines = []
    for paragraph in text.split("\n"):
        units = paragraph.encode("utf-16-le")  # the layout counts in UTF-16 (an emoji is two)
        layout = QTextLayout(paragraph, widget.font())
        layout.setTextOption(option)
        layout.beginLayout()
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width)
            start, length = line.textStart(), line.textLength()
            lines.append(units[2 * start:2 * (start + length)].decode("utf-16-le").rstrip())
        layout.endLayout()
    return "\n".join(lines)


def scrolling(page: QWidget) -> QWidget:
    """`page` in a scroll area of its own: a page of many fields scrolls on a small screen rather than making its
    dialog taller than the screen (OK and Cancel out of sight). The field the focus goes to, by Tab or by a label's
    Alt+letter, is scrolled into view."""
    from PySide6.QtWidgets import QFrame, QScrollArea  # only dialogs have these: looked up when the first opens

    area = QScrollArea(page.parentWidget())
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field, never to the area around them
    area.setWidget(page)
    _FocusInView(area)
    return area


class _FocusInView(QObject):
    """Keeps the focused widget of a scroll area's page in view (Qt does so only for Tab). It listens to the
    application's focus changes only while the area is shown: every listener is called at every focus change
    anywhere, and a dialog's pages come and go with it."""

    def __init__(self, area):
        super().__init__(area)
        self.area = area
        self._listening = False
        area.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's naming
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide) and (event.type() == QEvent.Type.Show) != self._listening:
            focus_changed = QCoreApplication.instance().focusChanged
            if self._listening:
                focus_changed.disconnect(self._focus_changed)
            else:
                focus_changed.connect(self._focus_changed)
            self._listening = not self._listening
        return False

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.area.widget().isAncestorOf(new):
            self.area.ensureWidgetVisible(new)


_BREAKS = "\r\n\t\x0b\x0c\x85\u2028\u2029"  # and Word's Shift+Enter (\x0b), a PDF's page break (\x0c) …


def one_line_text(text: str) -> str:
    """`text` as one line: line breaks and tabs inside it become a space ("\r\n" one space), those at its ends go."""
    text = text.strip(_BREAKS).replace("\r\n", " ")
    return text.translate({ord(c): " " for c in _BREAKS}) if any(c in text for c in _BREAKS) else text


def one_line_fields(root: QWidget) -> None:
    """Every one-line field under `root` takes text pasted from Word or a PDF (a title wrapped over two lines, a
    line break at its end) as one line, as it arrives. Kept, the breaks were invisible in the field, and the record
    refused them as "control characters"."""
    for edit in root.findChildren(QLineEdit):
        edit.textEdited.connect(lambda text, edit=edit: _tidy_breaks(edit, text))


def pasted_text_fields(root: QWidget) -> None:
    """Text pasted from Word or a PDF arrives tidied in every field under `root`: as one line in a one-line field,
    with its line breaks as line breaks in a text field (one_line_fields, multi_line_fields)."""
    one_line_fields(root)
    multi_line_fields(root)


# Line breaks other than "\n" that text pasted from Word (Shift+Enter: U+000B), a PDF (a page break: U+000C) or an
# old system (NEL, U+0085) brings. A multi-line field keeps them as they are, invisible, and an import refuses them
# as control characters. (Qt's own U+2028 and U+2029 come out of toPlainText() as "\n" already.)
_OTHER_BREAKS = "\x0b\x0c\x85"


def multi_line_fields(root: QWidget) -> None:
    """Every multi-line field under `root` takes a line break pasted from Word or a PDF as a line break, as it
    arrives (one Ctrl+Z takes the paste back). Kept, it was invisible in the field, and the record holding it was
    stored and then refused by the import of the database's own export."""
    from PySide6.QtWidgets import QPlainTextEdit

    for edit in root.findChildren(QPlainTextEdit):
        edit.textChanged.connect(lambda edit=edit: _tidy_other_breaks(edit))


def _tidy_other_breaks(edit) -> None:
    text = edit.toPlainText()  # character for character the document's (a paragraph's end is one "\n")
    if not any(c in text for c in _OTHER_BREAKS):  # at every key: the field may hold 20 000 characters
        return
    from PySide6.QtGui import QTextCursor

    positions, at = [], 0
    for c in text:
        if c in _OTHER_BREAKS:
            positions.append(at)
        at += 2 if ord(c) > 0xFFFF else 1  # the document counts in UTF-16 (an emoji is two)
    cursor = QTextCursor(edit.document())
    cursor.joinPreviousEditBlock()  # one step with the paste (or key) that brought them: undone with it
    for position in reversed(positions):
        cursor.setPosition(position)
        cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText("\n")  # textChanged again, with nothing left to tidy
    cursor.endEditBlock()


def _tidy_breaks(edit: QLineEdit, text: str) -> None:
    if not any(c in text for c in _BREAKS):
        return
    tidied = one_line_text(text)
    after = len(one_line_text(text[:edit.cursorPosition()] + "x")) - 1  # the cursor stays after what was pasted
    if not edit.isUndoAvailable():  # (a paste always is in the field's history; a program's setText is not)
        edit.setText(tidied)
        edit.setCursorPosition(max(0, min(after, len(tidied))))
        edit.textEdited.emit(tidied)  # what listens to the user's edits (a criterion's title) takes it as tidied
        return
    # The paste taken back and made again, tidied, as one step of the field's own history: Ctrl+Z takes it back to
    # what was there before (was: setText, which emptied the history, so Ctrl+Z after a paste did nothing).
    edit.blockSignals(True)  # what listens sees the tidied text only, not the text before the paste for a moment
    try:
        edit.undo()
    finally:
        edit.blockSignals(False)
    before = edit.text()
    start = 0
    while start < min(len(before), len(tidied)) and before[start] == tidied[start]:
        start += 1
    end = 0
    while end < min(len(before), len(tidied)) - start and before[-1 - end] == tidied[-1 - end]:
        end += 1
    edit.setSelection(start, len(before) - start - end)
    edit.insert(tidied[start:len(tidied) - end])  # textEdited (and textChanged) with the tidied text
    edit.setCursorPosition(max(0, min(after, len(tidied))))


class FittingPlaceholder(QObject):
    """A line edit's placeholder, the longest of `texts` (longest first) that fits the field as it is now: at
    125-150 % scaling a search field's long hint would be cut off in the middle of a word. The first, full text is
    also the field's tooltip."""

    def __init__(self, edit: QLineEdit, texts: tuple[str, ...]):
        super().__init__(edit)
        self.edit = edit
        self.texts = texts
        edit.setToolTip(texts[0])
        edit.setPlaceholderText(texts[-1])
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's naming
        if event.type() == QEvent.Type.Resize:
            self.edit.setPlaceholderText(self.fitting(self.edit.width()))
        return False

    def fitting(self, width: int) -> str:
        """The longest text that fits a field `width` pixels wide, its frame and margins aside (a clear button
        takes room only once there is text, and then no hint is shown)."""
        room = width - 12
        advance = self.edit.fontMetrics().horizontalAdvance
        return next((text for text in self.texts if advance(text) <= room), self.texts[-1])


class TitleFirst(QObject):
    """Column widths of a list whose rows are told apart by one column, their title: with room to spare the other
    columns have their full width and the title the rest; as the list narrows (a laptop at 125-150 % Windows
    scaling) the others give way first, each down to its least width, so that the title keeps `least_title`
    pixels. The title column is the header's Stretch section. A width the user drags is that column's full width
    from then on. The layout remembered between runs is the header's with the full widths (`saveState`), not the
    narrowed ones a narrow window had when it was closed: those would be taken for the user's own next time."""

    def __init__(self, view: QAbstractItemView, header, least_title: int, widths: dict[int, tuple[int, int]]):
        super().__init__(view)
        self.header, self.least_title = header, least_title
        self.widths = dict(widths)  # column: (least, full)
        for column, (_, full) in self.widths.items():
            header.resizeSection(column, full)
        self.applied = {column: full for column, (_, full) in self.widths.items()}
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # a column that gave way reads "Departem…", not "epartemente"
        header.installEventFilter(self)  # the header is as wide as the list's viewport (scroll bar aside)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's naming
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _take_dragged(self) -> None:
        for column, applied in self.applied.items():
            size = self.header.sectionSize(column)
            if size != applied:  # dragged by the user: the width they want
                self.widths[column] = (min(self.widths[column][0], size), size)
                self.applied[column] = size

    def fit(self) -> None:
        self._take_dragged()
        shown = [c for c in self.widths if not self.header.isSectionHidden(c)]
        least = sum(self.widths[c][0] for c in shown)
        full = sum(self.widths[c][1] for c in shown)
        room = self.header.width() - self.least_title
        share = 1.0 if room >= full else 0.0 if room <= least else (room - least) / (full - least)
        for column in shown:
            low, high = self.widths[column]
            self.applied[column] = round(low + (high - low) * share)
            self.header.resizeSection(column, self.applied[column])

    # The header's layout between runs (AppSettings.save_states / restore_states take this in the header's place).

    def saveState(self) -> QByteArray:  # noqa: N802 - as QHeaderView's
        """The header's state (order, sorting, widths) with each column at its full width."""
        self._take_dragged()
        for column, (_, full) in self.widths.items():
            self.header.resizeSection(column, full)
        state = self.header.saveState()
        for column, applied in self.applied.items():
            self.header.resizeSection(column, applied)
        return state

    def restoreState(self, state: QByteArray) -> bool:  # noqa: N802 - as QHeaderView's
        """The header as saved; the widths it had are the columns' full widths (the user's, or the defaults)."""
        if not self.header.restoreState(state):
            return False  # nothing saved (or by a version with other columns): the widths stay as they are
        for column, (least, _) in self.widths.items():
            size = self.header.sectionSize(column)
            if size > 0:  # (a hidden column has none)
                self.widths[column] = (min(least, size), size)
            self.applied[column] = size  # they give way, if need be, at the header's next resize (when laid out)
        return True


def refill_combo(combo: QComboBox, choices, all_label: str | None = None) -> None:
    """Replace a combo box's items with (value, label) choices, first an "all" item (value None) if `all_label`
    is given. The value chosen stays chosen if it is still there (else the first item), and no change signal is
    sent: the caller refreshes what depends on the choice."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    if all_label is not None:
        combo.addItem(all_label, None)
    for value, label in choices:
        combo.addItem(label, value)
    position = combo.findData(current)
    combo.setCurrentIndex(position if position >= 0 else 0)
    combo.blockSignals(False)


def tab_action(owner: QWidget, text: str, slot, shortcut, name: str, tip: str | None = None) -> QAction:
    """An action of a tab (its toolbar and its keys). The keys work wherever the focus is in the window while the
    tab is shown (a hidden tab's actions are inactive); Delete only inside the tab, so that it never deletes a
    record while the user is typing in a text field. `tip` says what it does (see describe_action)."""
    action = QAction(text, owner)
    action.setObjectName(name)
    if shortcut is not None:
        sequence = QKeySequence(shortcut)
        action.setShortcut(sequence)
        delete = sequence.matches(QKeySequence(QKeySequence.StandardKey.Delete)) == QKeySequence.SequenceMatch.ExactMatch
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut if delete else Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(slot)
    owner.addAction(action)
    describe_action(action, tip)
    return action


def describe_action(action: QAction, tip: str | None = None, keys: list[QKeySequence] | None = None) -> None:
    """What an action does, as its status tip (the status bar shows it while the pointer is on its menu entry or
    button) and its tooltip, which also names its keys as Hjelp → Hurtigtaster does («Rediger sak (F2)»). `tip`
    says what it does; without one, its label. `keys`: those that do the same through another action (a window's
    menu entry), for one that has none of its own. Was: no status tip anywhere, and a toolbar's tooltip that only
    repeated the button's label, hiding its key. Call it again after the action's keys change."""
    what = tip or action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(" …")
    keys = " / ".join(key.toString(QKeySequence.SequenceFormat.NativeText) for key in keys or action.shortcuts() if not key.isEmpty())
    action.setStatusTip(what)
    action.setToolTip(f"{what} ({keys})" if keys else what)


def name_toolbar_overflow(toolbar: QWidget) -> None:
    """A name and tooltip for the » Qt shows on a toolbar too narrow for its buttons (on a laptop at 150 %,
    «Møtemodus» and «Skriv ut» go behind it): it had neither, and a screen reader said only «knapp»."""
    button = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")  # Qt's own object name
    if button is not None:
        button.setAccessibleName(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Flere knapper")))
        button.setToolTip(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Flere knapper: de som ikke får plass på verktøylinjen")))


def context_actions(view: QWidget, actions) -> None:
    """A tab's actions as its main view's context menu (right click, the Menu key, Shift+F10), in toolbar order
    (None: a separator): a toolbar's buttons take no keyboard focus, so this is how the keyboard reaches them."""
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    for action in actions:
        if action is None:
            action = QAction(view)
            action.setSeparator(True)
        view.addAction(action)
    if QCoreApplication.instance().platformName() != "windows":  # Windows makes Shift+F10 a context menu itself
        from PySide6.QtGui import QShortcut

        QShortcut(QKeySequence("Shift+F10"), view, activated=lambda: _context_menu_by_key(view), context=Qt.ShortcutContext.WidgetShortcut)


def _context_menu_by_key(view: QWidget) -> None:
    """The context menu a Shift+F10 asks for, at the current row of a list (else the view's middle), as the Menu
    key opens it. Laptops often have no Menu key; Qt makes Shift+F10 a context menu only on Windows."""
    from PySide6.QtGui import QContextMenuEvent

    where = view.rect().center()
    if isinstance(view, QAbstractItemView) and view.currentIndex().isValid():
        rect = view.visualRect(view.currentIndex())
        if view.viewport().rect().intersects(rect):
            where = view.viewport().mapTo(view, rect.topLeft() + QPoint(8, rect.height() // 2))
    QCoreApplication.sendEvent(view, QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, where, view.mapToGlobal(where)))


def composite_focus(widget: QWidget, part: QWidget) -> None:
    """A field made of several widgets takes focus by its `part`: a label's Alt+letter reaches it (QLabel gives
    focus only to a buddy that takes focus itself), while Tab goes to the parts alone, in their own order.
    Not a focus proxy: Qt 6 stops Tab on a widget with one and hands the focus to the proxy, so Tab from the
    field's last part went back to its first (a loop), and parts before the proxy were skipped."""
    widget.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # no TabFocus: Tab passes it by
    widget.installEventFilter(_FocusToPart(widget, part))


class _FocusToPart(QObject):
    """Passes the focus a composite field gets (a label's Alt+letter, setFocus, a click beside its parts) on to
    the part that takes it (see composite_focus); when that part cannot (disabled: a dialog shown to read, see
    show_to_read), to the field's first part in Tab order that can, as a list's entries. Was: the focus stayed on
    the field itself, which shows no focus and has no name: a keyboard or screen reader user was nowhere."""

    def __init__(self, widget: QWidget, part: QWidget):
        super().__init__(widget)
        self.widget, self.part = widget, part

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's naming
        if event.type() == QEvent.Type.FocusIn:
            target = self.part if self._takes_focus(self.part) else self._first_taking_focus()
            if target is not None:
                target.setFocus(event.reason())
        return False

    def _takes_focus(self, part: QWidget) -> bool:
        return part.isEnabled() and part.isVisibleTo(self.widget) and bool(part.focusPolicy() & Qt.FocusPolicy.TabFocus)

    def _first_taking_focus(self) -> QWidget | None:
        part = self.widget.nextInFocusChain()
        while part is not self.widget:  # (the chain runs round the whole window)
            if self.widget.isAncestorOf(part) and self._takes_focus(part):
                return part
            part = part.nextInFocusChain()
        return None


class DateField(QWidget):
    """A date that may be empty, typed as the secretariat writes it (15.09.2005, 1.9.2005, 15092005, 15. 09. 2005;
    see calendar.parse_typed_date) or picked from a calendar (the ▾ button, Alt+↓ or F4); ↑/↓ move it a day, × or
    emptying the text clears it. Text that is not a date stays as typed, in red, with the reason as its tooltip:
    `value()` is then None and `error()` says why, so that a form can refuse it (never a silent empty date).
    The text is never cut to a length: cut, «15. 09. 2005» was «15. 09. 20», read as 15.09.2020 without a word.
    White space around it (a paste from a document brings a space or a line break) goes as it arrives.
    A day and month typed alone («15.3», «1503») are completed with this year, or with the field's default year
    (`set_default_year`: a meeting's date lies in the meeting's year)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = _DateLine(self)
        self.edit.setPlaceholderText(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "dd.mm.åååå")))
        self.edit.setValidator(_Trimmed(self.edit))
        self.calendar_button = QToolButton(self)
        self.calendar_button.setText("▾")
        # The keys named as Hjelp → Hurtigtaster names them (DATE_KEYS; was «Alt+Pil ned» here, «Alt+Ned» there).
        self.calendar_button.setToolTip(fill(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Velg i kalenderen (%1)")), key_names(DATE_KEYS[0][0])))
        self.calendar_button.setAccessibleName(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Velg i kalenderen")))
        self.clear_button = QToolButton(self)
        self.clear_button.setText("×")
        self.clear_button.setToolTip(self.tr("Tøm datoen"))
        self.clear_button.setAccessibleName(self.tr("Tøm datoen"))
        for button in (self.calendar_button, self.clear_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.calendar_button)
        layout.addWidget(self.clear_button)
        composite_focus(self, self.edit)
        self._value: dt.date | None = None
        self._error: str | None = None
        self._default_year: int | None = None
        self._popup = None
        self.clear_button.clicked.connect(self.clear)
        self.calendar_button.clicked.connect(self.open_calendar)
        self.edit.textChanged.connect(self._parse)
        self.edit.editingFinished.connect(self._tidy)

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt's naming
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)

    def value(self) -> dt.date | None:
        """The date; None when empty, or when the text is not a date (see `error()`)."""
        return self._value

    def error(self) -> str | None:
        """Why the text is not a date (in Norwegian), or None."""
        return self._error

    def set_value(self, value: dt.date | None) -> None:
        self.edit.setText(format_date(value))

    def clear(self) -> None:
        self.edit.clear()

    def set_default_year(self, year: int | None) -> None:
        """The year a day and month typed alone are completed with (None: this year). Was: always this year, so
        that «15.3» typed in December for next year's meeting was 15.03 of this year, and refused."""
        self._default_year = year
        self._parse(self.edit.text())  # text already typed is read again with it

    def _completion_day(self) -> dt.date:
        """The day whose year completes a date typed without one (parse_typed_date reads only its year)."""
        return dt.date(self._default_year, 1, 1) if self._default_year is not None else dt.date.today()

    def _parse(self, text: str) -> None:
        value = parse_typed_date(text, self._completion_day()) if text.strip() else None
        error = None
        if text.strip() and value is None:
            year = typed_year_out_of_range(text, self._completion_day())
            if year is not None:  # a sound date, but a year no agreement or meeting has
                error = fill(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Året %1 er ikke mellom %2 og %3")), year, YEAR_RANGE[0], YEAR_RANGE[1])
            else:
                error = ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "«%1» er ikke en dato (dd.mm.åååå)")).replace("%1", _quoted(text.strip()))
        if error != self._error:  # restyled when that changes, not at every key
            self.edit.setStyleSheet(f"color: {text_colour('error', self.edit)};" if error else "")
            self.edit.setToolTip(error or "")
        if (value, error) != (self._value, self._error):
            self._value, self._error = value, error
            self.changed.emit()

    def _tidy(self) -> None:
        """Written out as dd.mm.yyyy once the user leaves the field (15092005 → 15.09.2005); text that is not a
        date loses the spaces typed at its end (kept while typing: «15. » on the way to «15. 09. 2005»)."""
        text = self.edit.text()
        tidied = format_date(self._value) if self._value is not None else text.strip()
        if text != tidied:
            self.edit.setText(tidied)

    def step(self, days: int) -> None:
        """A day later or earlier, as one step of the field's history (Ctrl+Z takes it back). Text that is not a date
        stays for the user to put right (was: replaced by tomorrow's date, the text typed lost)."""
        if self._error:
            return
        self.edit.selectAll()
        self.edit.insert(format_date((self._value or dt.date.today()) + dt.timedelta(days=days)))

    def open_calendar(self) -> None:
        if self._popup is None:
            from PySide6.QtWidgets import QCalendarWidget, QFrame  # made when first opened, not at start-up

            popup = QFrame(self, Qt.WindowType.Popup)
            popup.setFrameShape(QFrame.Shape.StyledPanel)
            calendar = QCalendarWidget(popup)
            calendar.setObjectName("datePicker")
            calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            calendar.setGridVisible(True)
            calendar.setMinimumDate(QDate(YEAR_RANGE[0], 1, 1))
            calendar.setMaximumDate(QDate(YEAR_RANGE[1], 12, 31))
            calendar.activated.connect(self._picked)
            calendar.clicked.connect(self._picked)
            _name_calendar_parts(calendar)
            box = QVBoxLayout(popup)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(calendar)
            self._popup, self.calendar = popup, calendar
        day = self._value or dt.date.today()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self._popup.adjustSize()
        self._popup.move(self.mapToGlobal(self.rect().bottomLeft()))
        self._popup.show()
        self.calendar.setFocus()

    def _picked(self, date: QDate) -> None:
        self.set_value(dt.date(date.year(), date.month(), date.day()))
        self._popup.hide()
        self.edit.setFocus()


def _name_calendar_parts(calendar: QWidget) -> None:
    """Names for the parts of Qt's calendar, which gives them none to translate: the grid that takes the focus (was
    read as nothing) and the month arrows (no name, no tooltip: a screen reader said only «knapp»), with the keys
    that do the same from the grid. The month and year buttons are read as what they show («april», «2006»);
    their tooltips say what they are for. Found by Qt's object names: a part a later Qt does not have is left."""
    page_up, page_down = key_names("PgUp"), key_names("PgDown")
    parts = {
        "qt_calendar_calendarview": (ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Velg dato")), None),
        "qt_calendar_prevmonth": (ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Forrige måned")), page_up),
        "qt_calendar_nextmonth": (ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Neste måned")), page_down),
        "qt_calendar_yearedit": (ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "År")), None),
    }
    for part, (name, keys) in parts.items():
        widget = calendar.findChild(QWidget, part)
        if widget is not None:
            widget.setAccessibleName(name)
            if keys is not None:
                widget.setToolTip(f"{name} ({keys})")
    for part, tooltip in (
        ("qt_calendar_monthbutton", ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Velg måned"))),
        ("qt_calendar_yearbutton", ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Velg år"))),
    ):
        widget = calendar.findChild(QWidget, part)
        if widget is not None:
            widget.setToolTip(tooltip)
            widget.setAccessibleDescription(tooltip)


def _quoted(text: str, room: int = 20) -> str:
    """Text refused as a date, as its message quotes it: a paragraph pasted by mistake is not repeated whole."""
    return text if len(text) <= room else text[:room - 1].rstrip() + "…"


class _Trimmed(QValidator):
    """A date field's text without the white space around it, whatever brings it (typing, Ctrl+V, the context
    menu's Lim inn, a drop): a date copied from a document comes with a space, tab or line break. Spaces at the end
    stay while the user types (DateField._tidy takes them when the field is left). Never Invalid: text that is not
    a date is kept, and shown in red, rather than refused key by key."""

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        start = len(text) - len(text.lstrip())
        trimmed = text.strip()
        end = text[start + len(trimmed):]
        if end.strip(" "):  # a tab or line break at the end goes, with what follows it
            end = ""
        trimmed += end
        return QValidator.State.Acceptable, trimmed, max(0, min(pos - start, len(trimmed)))


DATE_KEYS = (  # the keys of every date field (_DateLine.keyPressEvent), for Hjelp → Hurtigtaster (see key_names)
    ("Alt+Down / F4", QT_TRANSLATE_NOOP("Konsultasjon", "Velg datoen i kalenderen")),
    ("Up / Down", QT_TRANSLATE_NOOP("Konsultasjon", "En dag senere / tidligere")),
)


class _DateLine(QLineEdit):
    """The text of a DateField, with its keys: ↑/↓ a day, Alt+↓ or F4 the calendar. Letters are not part of a
    date: they go on to the window (meeting mode's S records the signing with the end date just typed)."""

    def sizeHint(self):  # noqa: N802 - Qt's naming
        """As wide as a date and its hint, not a line edit's usual 17 characters: a row of filters on a narrow
        window (a laptop at 150 %) leaves the room to the fields that need it."""
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        hint.setWidth(max(metrics.horizontalAdvance("00.00.0000 "), metrics.horizontalAdvance(self.placeholderText() + " ")) + 12)
        return hint

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's naming
        field = self.parentWidget()
        key, alt = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        text = event.text()
        if self.isReadOnly() and key in (Qt.Key.Key_F4, Qt.Key.Key_Up, Qt.Key.Key_Down):
            event.ignore()  # a read-only date is shown, not changed
        elif key == Qt.Key.Key_F4 or (alt and key == Qt.Key.Key_Down):
            field.open_calendar()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not alt:
            field.step(1 if key == Qt.Key.Key_Up else -1)
        elif event.matches(QKeySequence.StandardKey.Paste) and not self.isReadOnly():
            self.paste_trimmed()
        elif text.isprintable() and text.strip() and not all(c in "0123456789.,/-" for c in text):
            event.ignore()
        else:
            super().keyPressEvent(event)


    def paste_trimmed(self) -> None:
        """The clipboard's text without the white space around it, put in as one step of the field's history, that
        Ctrl+Z takes back (the validator's trimming starts the history afresh: left for a drop)."""
        from PySide6.QtGui import QGuiApplication

        self.insert(QGuiApplication.clipboard().text().strip())

    def context_menu(self):
        """Qt's own menu of the field, its Lim inn pasting as Ctrl+V does (was: a paste there could not be undone)."""
        menu = self.createStandardContextMenu()
        paste = menu.findChild(QAction, "edit-paste")
        if paste is not None:
            paste.triggered.disconnect()
            paste.triggered.connect(self.paste_trimmed)
        return menu

    def contextMenuEvent(self, event) -> None:  # noqa: N802 - Qt's naming
        menu = self.context_menu()
        menu.exec(event.globalPos())
        menu.deleteLater()


class SteadyLine(QWidget):
    """A line of text that follows the data (a count, a summary) without laying the window out again.

    A QLabel in a layout asks for a new layout whenever its text changes (QLabel.setText calls updateGeometry), and
    each layout activated on the way up asks its parent in turn, up to the window. QTabWidget answers by repainting
    the whole tab (QTabWidget::setUpLayout ends in update()): on Dagsorden, a second paint of the tree after every
    change. Here the label (`label`, named `name`) lies in a holder without a layout whose size does not follow the
    text: a new text repaints the line alone. It is one line high, and as wide as its layout gives it: a text cut
    off by a narrow window is whole in the label's tooltip. Given the `widest` text it will show (a count), it is
    as wide as that text, neither wider nor narrower, and the text lies at its right end. With `wrap`, the text is
    broken into as many lines as it needs, and only a text that needs another number of lines lays the window out."""

    def __init__(self, parent: QWidget, name: str, widest: str | None = None, *, wrap: bool = False):
        super().__init__(parent)
        self.label = _SteadyLabel(self)
        self.label.setObjectName(name)
        self.label.setWordWrap(wrap)
        self._widest = widest
        self._wrap = wrap
        # The widget's own size policy (Preferred) serves: where the line is to take the row's room, its layout gives
        # it a stretch, and a count beside an expanding field keeps its width. (Naming QSizePolicy's policies would
        # have PySide6 make its enum types at start-up: some 1.5 ms.)
        if widest is not None:
            self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's naming
        if self._widest is not None or self._wrap:
            return self.minimumSizeHint()
        return QSize(self.label.sizeHint().width(), self.minimumSizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's naming
        margins = self.label.contentsMargins()
        width = 0 if self._widest is None else self.label.fontMetrics().horizontalAdvance(self._widest) + margins.left() + margins.right() + 2 * self.label.margin()
        return QSize(width, self._text_height())

    def _text_height(self) -> int:
        margins = self.label.contentsMargins()
        one = self.label.fontMetrics().height() + margins.top() + margins.bottom() + 2 * self.label.margin()
        if not self._wrap or self.width() <= 0:
            return one
        return max(one, self.label.heightForWidth(self.width()))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's naming
        self.label.setGeometry(self.rect())
        super().resizeEvent(event)
        self.refit()

    def refit(self) -> None:
        """A wrapped text that needs another height than the holder has: a new layout (only then)."""
        if self._wrap and self._text_height() != self.height():
            self.updateGeometry()


class SteadyHolder(QWidget):
    """Holds one widget (a toolbar) and passes its requests for a new layout on only when its size hints changed.

    A toolbar lays itself out again whenever one of its actions changes (enabled by a new selection, say), and, as
    with a label's text (SteadyLine), every layout on the way up to the window follows, ending in QTabWidget's
    repaint of the whole tab: a second paint of its list. Here the toolbar keeps its size unless its buttons' sizes
    change (an action shown or hidden, a new text)."""

    def __init__(self, child: QWidget, parent: QWidget):
        super().__init__(parent)
        self.child = child
        child.setParent(self)
        self.setSizePolicy(child.sizePolicy())
        self._hints = (child.sizeHint(), child.minimumSizeHint())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's naming
        return self.child.sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's naming
        return self.child.minimumSizeHint()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's naming
        self.child.setGeometry(self.rect())
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # the child's, posted here as to a widget without a layout
            hints = (self.child.sizeHint(), self.child.minimumSizeHint())
            if hints != self._hints:
                self._hints = hints
                self.updateGeometry()
            return True
        return super().event(event)


class _SteadyLabel(QLabel):
    """SteadyLine's label: its text, when cut off, is its tooltip; wrapped, it fits the holder to its lines."""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's naming
        super().setText(text)
        self._fit()
        self.parentWidget().refit()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's naming
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        self.setToolTip(self.text() if not self.wordWrap() and self.sizeHint().width() > self.width() else "")


class ErrorLabel(QLabel):
    """The message beside a field that is wrong; hidden when the field is right."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setStyleSheet(f"color: {text_colour('error', self)};")
        self.setWordWrap(True)
        self.hide()

    def show_message(self, text: str | None) -> None:
        if text:
            self.setText(text)
            self.show()
        else:
            self.clear()
            self.hide()


def enter_adds(event: QEvent, has_text: Callable[[], bool], add: Callable[[], None]) -> bool:
    """For a field whose Enter adds what it holds to a list: Enter on text there adds it and is consumed (True). A
    line edit leaves Enter to its parents, so the dialog's default button took it too and closed the dialog."""
    if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and has_text():
        add()
        return True
    return False


_POPUP_WIDEST = 760  # px: a StringListEditor's suggestions drop down no wider (a form is 784 px wide)


class StringListEditor(QWidget):
    """An ordered list of short texts (parties, participants): pick or type one, add, remove, move up/down.

    Enter in the field adds what it holds and goes no further; on an empty field Enter goes on to the dialog's
    default button, as from any other field. Text typed but not added is part of `values()`: a dialog saved
    with it in the field keeps what the field shows instead of dropping it without a word."""

    changed = Signal()

    def __init__(self, suggestions: list[str] | None = None, parent: QWidget | None = None, *, name: str = "",
                 same: Callable[[str], str] = str):
        """`same(text)` is what two entries are the same by: "Legg til" does not add an entry the list holds by it
        (a party's list: checks.party_ident, «krd» is «KRD», as an import refuses the two in one agreement)."""
        from PySide6.QtCore import QStringListModel  # only dialogs have these lists: not needed at start-up
        from PySide6.QtWidgets import QListView

        super().__init__(parent)
        self._same = same
        self.model = QStringListModel(self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setMaximumHeight(96)
        self.view.setAccessibleName(name)
        self.input = QComboBox(self)
        self.input.setEditable(True)
        composite_focus(self, self.input)  # a label's Alt+letter for the list goes to where a new entry is typed
        self.input.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.input.addItems(suggestions or [])
        self.input.setCurrentIndex(-1)
        # The field's least width is some words, not the longest suggestion: a party written out in full (an import
        # adds it with its name as key, «name – name») made every agreement's form scroll sideways, «Legg til» out
        # of sight. The list that drops down is as wide as its suggestions, up to a form's width; one longer still
        # is shortened in the middle, and its tooltip has it whole.
        self.input.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.input.setMinimumContentsLength(20)
        popup = self.input.view()
        popup.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        popup.setMinimumWidth(min(popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width() + 2 * popup.frameWidth(),
                                  _POPUP_WIDEST))
        for index, item in enumerate(suggestions or []):
            self.input.setItemData(index, item, Qt.ItemDataRole.ToolTipRole)
        # What pending() looks a typed text up in, made once (validate asks at every key typed in a form): each
        # suggestion's text and key to its key, exactly and case folded, the first suggestion of a spelling winning.
        self._keys: tuple[dict[str, str], dict[str, str]] = ({}, {})
        for item in suggestions or []:
            key = item.split(" – ", 1)[0].strip()
            for index, same in enumerate((str, str.casefold)):
                for spelling in (item, key):
                    self._keys[index].setdefault(same(spelling), key)
        self.input.setAccessibleName(self.tr("Ny: %1").replace("%1", name))
        self.add_button = QPushButton(self.tr("Legg til"), self)
        self.remove_button = QPushButton(self.tr("Fjern"), self)
        self.up_button = QToolButton(self)
        self.up_button.setArrowType(Qt.ArrowType.UpArrow)
        self.up_button.setAccessibleName(self.tr("Flytt opp"))
        self.down_button = QToolButton(self)
        self.down_button.setArrowType(Qt.ArrowType.DownArrow)
        self.down_button.setAccessibleName(self.tr("Flytt ned"))
        row = QHBoxLayout()
        row.addWidget(self.input, 1)
        row.addWidget(self.add_button)
        side = QVBoxLayout()
        side.addWidget(self.remove_button)
        side.addWidget(self.up_button)
        side.addWidget(self.down_button)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.view, 1)
        body.addLayout(side)
        # Said when "Legg til" finds the entry in the list already (it is selected there): nothing seemed to happen.
        self.already = QLabel(self)
        self.already.setObjectName("fieldHint")
        self.already.setWordWrap(True)
        self.already.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(body)
        layout.addLayout(row)
        layout.addWidget(self.already)
        self.input.editTextChanged.connect(lambda text: text and self.already.hide())  # typing on: read
        self.add_button.clicked.connect(self.add_current)
        # Enter reaches the combo box (the focus widget; its line edit is told by a direct call, which no filter
        # sees) or, sent to it directly, the line edit: both are watched (see eventFilter).
        self.input.installEventFilter(self)
        self.input.lineEdit().installEventFilter(self)
        # A completer's popup hands Enter to the line edit by a direct call as well: its returnPressed adds then.
        self.input.lineEdit().returnPressed.connect(self.add_current)
        self.input.editTextChanged.connect(self.changed)  # the text typed counts in values()
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        follow_chosen_row(self.view, (self.remove_button, any_row), (self.up_button, lambda row: row > 0),
                          (self.down_button, lambda row: row < self.model.rowCount() - 1))

    def values(self) -> list[str]:
        """The entries, with the one typed in the field but not added (see `pending`) as the last: the user who
        saves with a name in the field means it to be saved, and nothing else would tell them it was not."""
        listed, pending = self.model.stringList(), self.pending()
        return [*listed, pending] if pending and pending not in listed else listed

    def pending(self) -> str:
        """The entry the field holds, as "Legg til" would add it ('' when empty)."""
        text = self.input.currentText().strip()
        # A suggestion reads "KRD – Kommunal- og regionaldepartementet": its key is what is stored, spelt as the
        # suggestion spells it, whether the field shows the suggestion or its key, in any case ("hod" completed to
        # "hod – Helse- og …" was stored as "hod", which names no party: keys tell "Udir" from "UDI"). A spelling
        # that is a suggestion's exactly comes first. Text of one's own keeps its dash ("Vedlegg 1 – Rapport fra
        # arbeidsgruppen", "Kari Hansen – KS").
        return self._keys[0].get(text) or self._keys[1].get(text.casefold()) or text

    def set_values(self, values: list[str] | tuple[str, ...]) -> None:
        self.model.setStringList(list(values))

    def add_current(self) -> None:
        text = self.pending()
        listed = self.model.stringList()
        row = next((i for i, entry in enumerate(listed) if self._same(entry) == self._same(text)), None) if text else None
        if text and row is None:
            self.model.setStringList([*listed, text])
            self.changed.emit()
        self.input.setCurrentIndex(-1)
        self.input.clearEditText()
        if row is not None:  # not twice: the one there is shown, and said to be it
            self.view.setCurrentIndex(self.model.index(row))
            self.already.setText(fill(self.tr("«%1» er allerede med.") if listed[row] == text else self.tr("«%1» er allerede med som «%2»."),
                                      text, listed[row]))
            self.already.show()
        else:
            self.already.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's naming
        """Enter on text in the field adds it and is consumed: the line edit leaves Enter to its parents, so the
        dialog's default button took it too and closed the dialog half filled. (Enter on a suggestion completed
        in the field was consumed already, by the line edit: now typed text behaves the same.)"""
        if event.type() == QEvent.Type.Wheel and watched is self.input and not self.input.hasFocus():
            # Scrolling past the field turned its suggestions, and the one it stopped at was saved with the dialog.
            return True
        if watched in (self.input, self.input.lineEdit()) and enter_adds(event, self.pending, self.add_current):
            return True
        return super().eventFilter(watched, event)

    def remove_selected(self) -> None:
        row = chosen_row(self.view)  # the selected entry, else the current one
        if row is not None:
            values = self.model.stringList()
            del values[row]
            self.model.setStringList(values)
            self.changed.emit()

    def _move(self, step: int) -> None:
        row = chosen_row(self.view)  # the selected entry, else the current one
        if row is None:
            return
        target = row + step
        values = self.model.stringList()
        if 0 <= target < len(values):
            values[row], values[target] = values[target], values[row]
            self.model.setStringList(values)
            self.view.setCurrentIndex(self.model.index(target))
            self.changed.emit()


class RowsModel(QAbstractTableModel):
    """A small read-only table of rows already formatted for display; with `tooltips`, a cell's text is its
    tooltip too (for cells too narrow to show it all)."""

    def __init__(self, headers: list[str], parent: QObject | None = None, *, rows: list[tuple] | None = None, tooltips: bool = True):
        super().__init__(parent)
        self.headers = headers
        self.rows: list[tuple] = rows or []
        self._roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) if tooltips else (Qt.ItemDataRole.DisplayRole,)

    def set_rows(self, rows: list[tuple]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role in self._roles:
            return str(self.rows[index.row()][index.column()])
        return None


class CellTable(QTableView):
    """A table edited in place: Tab goes from cell to cell (and, while editing, on to edit the next cell), as in a
    spreadsheet, and on out of the table from its last cell (Shift+Tab: back out from its first), as Windows' data
    grids do. Qt's own goes from the last cell round to the first: a keyboard user could never leave the table."""

    def _at_end(self, forward: bool) -> bool:
        current, model = self.currentIndex(), self.model()
        if not current.isValid() or model is None:
            return False
        end = (model.rowCount() - 1, model.columnCount() - 1) if forward else (0, 0)
        return (current.row(), current.column()) == end

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 - Qt's naming
        if self.tabKeyNavigation() and self._at_end(forward):
            return QWidget.focusNextPrevChild(self, forward)  # the next control, not the cell Qt would wrap to
        return super().focusNextPrevChild(forward)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:  # noqa: N802 - Qt's naming
        hints = QAbstractItemDelegate.EndEditHint
        forward = hint == hints.EditNextItem
        if hint in (hints.EditNextItem, hints.EditPreviousItem) and self._at_end(forward):
            super().closeEditor(editor, hints.NoHint)  # what was typed is kept: the delegate committed it before
            QWidget.focusNextPrevChild(self, forward)
            return
        super().closeEditor(editor, hint)


def table_view(parent: QWidget, model: QAbstractTableModel, name: str) -> QTableView:
    """A list-like table: whole rows selected one at a time, no row numbers, the last column filling the width.
    The arrow keys move between rows, and Tab goes on to the next control (Qt's tables move Tab from cell to cell,
    round and round: a keyboard user could not leave the table)."""
    view = QTableView(parent)
    view.setModel(model)
    view.setTabKeyNavigation(False)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class Busy(QObject):
    """The wait cursor, and `text` in the status bar of `owner`'s window, while the window does work that takes no
    events for a while (a report of thousands of pages, an import, thousands of ratings stored): made by busy()."""

    def __init__(self, owner: QWidget, text: str):
        super().__init__()
        self.owner, self.text = owner, text
        self._bar = None
        self._waiting = False  # the wait cursor is set (and not paused for a dialog)
        self._dialogs: list[QObject] = []  # the modal dialogs open meanwhile

    def __enter__(self) -> Busy:
        from PySide6.QtWidgets import QApplication, QMainWindow

        window = self.owner.window()
        if isinstance(window, QMainWindow):
            self._bar = window.statusBar()
            self._bar.showMessage(self.text)
            self._bar.repaint()  # painted now: no event is taken until the work is done
        self._wait(True)
        QApplication.instance().installEventFilter(self)
        return self

    def __exit__(self, *_exc) -> None:
        from PySide6.QtWidgets import QApplication

        QApplication.instance().removeEventFilter(self)
        self._wait(False)
        if self._bar is not None and self._bar.currentMessage() == self.text:
            self._bar.clearMessage()

    def _wait(self, on: bool) -> None:
        from PySide6.QtWidgets import QApplication

        if on and not self._waiting:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        elif not on and self._waiting:
            QApplication.restoreOverrideCursor()
        self._waiting = on

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's naming
        # A message box or question shown during the work (a refusal, "Importer likevel?") is answered with the
        # ordinary cursor; the wait cursor is back when the last one closes and the work goes on.
        kind = event.type()
        if kind == QEvent.Type.Show and watched.isWidgetType() and watched.isWindow() and watched.isModal():
            self._dialogs.append(watched)
            self._wait(False)
        elif kind == QEvent.Type.Hide and watched in self._dialogs:
            self._dialogs.remove(watched)
            self._wait(not self._dialogs)
        return False


def busy(owner: QWidget, text: str) -> Busy:
    """`with busy(window, "Lager rapporten …"):` around work done in the window's own thread that takes more than a
    moment. The wait cursor and the status bar's text are set before the work and taken back after it, however it
    ends (an error, a refusal); a dialog opened meanwhile shows the ordinary cursor. Without them the window looked
    hung: it neither moved nor said anything for up to 11 s (the report of 4,000 agreements)."""
    return Busy(owner, text)
