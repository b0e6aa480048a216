"""Dialogs of Dagsorden: a meeting's details, an agenda item's texts, and moving an item (with its reason)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.calendar import TIME_RE, WEEKDAYS_NB, YEAR_RANGE, format_date, holiday_name, is_weekend, provisional_meeting_date
from ...domain.model import AgendaEntry, Meeting, MeetingRef
from ..widgets import (
    AsksBeforeDiscarding,
    DateField,
    ErrorLabel,
    FittedHeight,
    StringListEditor,
    UnsavedChanges,
    escaped,
    fill,
    fit_to_screen,
    ok_cancel,
    one_line_fields,
    pasted_text_fields,
    show_to_read,
    text_colour,
)


def _text(parent: QWidget, name: str, height: int = 80) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(height)
    edit.setAccessibleName(name)
    return edit


def date_notes(owner: QWidget, day: dt.date, number: int, others: Iterable[Meeting]) -> list[str]:
    """What to say beside meeting `number`'s date `day` (said, not refused: the secretariat may mean it): a weekend,
    a public holiday, and a date before an earlier meeting's or after a later one's among the year's `others` (1.4
    typed for 1.9: the meetings' order then no longer follows their numbers). `owner` translates the texts."""
    notes = []
    if is_weekend(day):
        notes.append(owner.tr("Datoen er en %1.").replace("%1", WEEKDAYS_NB[day.weekday()]))
    holiday = holiday_name(day)
    if holiday:
        notes.append(owner.tr("Datoen er en helligdag (%1).").replace("%1", holiday))
    for other in sorted(others, key=lambda m: m.number):
        if other.number == number:
            continue
        if day == other.date:
            text = owner.tr("Datoen er samme dag som %1. møte.")
        elif (other.number < number) == (day < other.date):
            text = owner.tr("Datoen er før %1. møte (%2).") if day < other.date else owner.tr("Datoen er etter %1. møte (%2).")
        else:
            continue
        notes.append(fill(text, other.number, format_date(other.date)))
    return notes


class MeetingDialog(AsksBeforeDiscarding, QDialog):
    """Date, time, place, chair, participants and notes of one meeting; warns of weekends and holidays, and of a
    date out of order with the year's other meetings in `others` (the calendar's meetings; any year's may be
    passed).

    `provisional`: the meeting is not in the calendar yet, and this is the provisional date the planner gives it.
    Beside the date field the dialog then says so, and, while the field holds that date, that saving makes it the
    meeting's date (was: the made-up date, shown as any other, became the meeting's real one when only the
    participants were saved: no longer «foreløpig», and in the calendar file for Outlook). `intro`: a line above
    the fields on why the dialog is asked for, `ok_text` what OK does."""

    def __init__(self, meeting: Meeting, parent: QWidget | None = None, *, others: Iterable[Meeting] = (),
                 provisional: dt.date | None = None, intro: str | None = None, ok_text: str | None = None):
        super().__init__(parent)
        self.meeting = meeting
        self.provisional = provisional
        self._editable = True
        self.others = sorted((m for m in others if m.year == meeting.year and m.number != meeting.number), key=lambda m: m.number)
        self.setWindowTitle(fill(self.tr("%1. konsultasjonsmøte %2"), meeting.number, meeting.year))
        self.date = DateField(self)
        self.date.set_default_year(meeting.year)  # «15.3» is 15.03 of the meeting's year, the only one it can have
        self.date.set_value(meeting.date)
        self.date.setAccessibleName(self.tr("Dato"))
        self.time = QLineEdit(meeting.time or "", self)
        self.time.setPlaceholderText("TT:MM")
        self.time.setAccessibleName(self.tr("Klokkeslett"))
        self.location = QLineEdit(meeting.location or "", self)
        self.location.setAccessibleName(self.tr("Sted"))
        self.chair = QLineEdit(meeting.chair or "", self)
        self.chair.setAccessibleName(self.tr("Møteleder"))
        self.participants = StringListEditor([], self, name=self.tr("Deltakere"))
        self.participants.set_values(meeting.participants)
        self.notes = _text(self, self.tr("Notater"), 60)
        self.notes.setPlainText(meeting.notes or "")
        self.date_note = QLabel(self)
        self.date_note.setStyleSheet(f"color: {text_colour('warning', self)};")
        self.provisional_note = QLabel(self)
        self.provisional_note.setObjectName("provisionalDateNote")
        self.provisional_note.setWordWrap(True)
        self.provisional_note.setStyleSheet(f"color: {text_colour('warning', self)};")  # as the date's other notes
        self.error = ErrorLabel(self)
        form = QFormLayout(self)
        if intro:
            heading = QLabel(intro, self)
            heading.setObjectName("meetingDialogIntro")
            heading.setWordWrap(True)
            form.addRow(heading)
        for label, widget in (
            (self.tr("&Dato:"), self.date),
            (self.tr("&Klokkeslett:"), self.time),
            (self.tr("&Sted:"), self.location),
            (self.tr("&Møteleder:"), self.chair),
            (self.tr("D&eltakere:"), self.participants),
            (self.tr("&Notater:"), self.notes),
        ):
            form.addRow(label, widget)  # a label with & gets the field as its buddy
            if widget is self.date:  # the provisional date said beside the field it fills
                form.addRow("", self.provisional_note)
                form.setRowVisible(self.provisional_note, provisional is not None)
        form.addRow(self.date_note)
        form.addRow(self.error)
        self.buttons = ok_cancel(self, ok_text)
        form.addRow(self.buttons)
        self.date.changed.connect(self._check)
        self.time.textChanged.connect(self._check)
        for signal in (self.location.textChanged, self.chair.textChanged, self.participants.changed, self.notes.textChanged):
            signal.connect(self._check)
        fit_to_screen(self, 560, 520)
        self._check()
        pasted_text_fields(self)  # text pasted from Word or a PDF arrives tidied
        self.unsaved = UnsavedChanges(self, self._state, self.tr("Forkaste endringene i møtet?"))

    def set_read_only(self, notice: str) -> None:
        """The meeting to read, nothing to change (a database open read-only); `notice` says why."""
        title = fill(self.tr("%1. konsultasjonsmøte %2 (skrivebeskyttet)"), self.meeting.number, self.meeting.year)
        show_to_read(self, self.buttons, title, notice)
        self.error.show_message(None)  # nothing typed here can be wrong
        self._editable = False
        self._show_provisional(self.date.value())  # nothing can make it the meeting's date here

    def _state(self) -> tuple:
        """What the user can change here (the date as typed, a participant typed but not added), to tell whether
        anything was."""
        return (self.date.edit.text(), self.time.text(), self.location.text(), self.chair.text(), tuple(self.participants.values()),
                self.notes.toPlainText())


    def _check(self) -> None:
        day = self.date.value()
        notes = []
        error = self.date.error()  # text typed that is not a date
        if day is None:
            error = error or self.tr("Datoen må fylles ut.")
        elif day.year != self.meeting.year:
            error = self.tr("Datoen må ligge i %1.").replace("%1", str(self.meeting.year))
        else:
            notes = date_notes(self, day, self.meeting.number, self.others)
        if self.time.text().strip() and not TIME_RE.match(self.time.text().strip()):
            error = error or self.tr("Klokkeslettet skrives TT:MM, f.eks. 10:00.")
        if error is None:
            from ...domain.bundle import meeting_problems

            error = _first_problem(meeting_problems(self.value()), {
                "location": self.tr("Sted"), "chair": self.tr("Møteleder"), "participants": self.tr("Deltakere"),
                "notes": self.tr("Notater"), "time": self.tr("Klokkeslett"),
            }, self.tr("Møtet"))
        self.date_note.setText(" ".join(notes))
        self._show_provisional(day)
        self.error.show_message(error)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(error is None)

    def _show_provisional(self, day: dt.date | None) -> None:
        """Beside the date: that the meeting has only a provisional date, and, while the field holds it, that OK
        makes it the meeting's own."""
        if self.provisional is None:
            return
        if day == self.provisional:
            text = self.tr("Foreløpig dato: møtet har ingen dato i møtekalenderen ennå.")
            if self._editable:
                text += " " + self.tr("Lagres den, blir den møtets dato.")
        elif self._editable:
            text = self.tr("Møtet har bare en foreløpig dato (%1); datoen her blir møtets dato.").replace("%1", format_date(self.provisional))
        else:
            text = self.tr("Møtet har bare en foreløpig dato (%1).").replace("%1", format_date(self.provisional))
        self.provisional_note.setText(text)
        self.date.edit.setAccessibleDescription(text)  # read with the field, as the text beside it is seen with it

    def value(self) -> Meeting:
        day = self.date.value()
        assert day is not None
        return Meeting(
            self.meeting.year,
            self.meeting.number,
            day,
            self.location.text().strip() or None,
            self.time.text().strip() or None,
            self.chair.text().strip() or None,
            tuple(self.participants.values()),
            self.notes.toPlainText().strip() or None,
        )


class YearMeetingsDialog(AsksBeforeDiscarding, QDialog):
    """The dates of a year's meetings missing from the calendar, before «Opprett årets møter» stores them: one field
    per meeting, filled with its provisional date and said to be only a suggestion, with the notes the meeting
    dialog gives (weekend, holiday, out of order). Was: the made-up dates were stored as they were, as real ones
    (no longer «foreløpig», in the .ics for Outlook as confirmed, and meeting mode no longer asked for the date).

    `missing`: the meetings to create, with their provisional dates; `others`: the calendar's meetings."""

    def __init__(self, year: int, missing: Iterable[Meeting], parent: QWidget | None = None, *, others: Iterable[Meeting] = ()):
        super().__init__(parent)
        self.year = year
        self.missing = sorted(missing, key=lambda m: m.number)
        self.others = [m for m in others if m.year == year]
        self.setWindowTitle(fill(self.tr("Opprett møtene for %1"), year))
        intro = QLabel(fill(self.tr(
            "Disse møtene i %1 mangler i møtekalenderen. Datoene under er bare forslag (første virkedag fra den 15. i "
            "møtets vanlige måned): sjekk dem mot møteplanen som er avtalt, og rett dem før du lagrer. Det som lagres, "
            "blir møtenes datoer i dagsordenen, i kalenderfilen for Outlook og i møtemodus."), year), self)
        intro.setObjectName("yearMeetingsIntro")
        intro.setWordWrap(True)
        self.dates: dict[int, DateField] = {}
        self.notes: dict[int, QLabel] = {}
        self.error = ErrorLabel(self)
        layout = QVBoxLayout(self)  # the intro above the form: its wrapped lines counted in the dialog's height
        layout.addWidget(intro)
        form = self._form = QFormLayout()
        layout.addLayout(form)
        for meeting in self.missing:
            field = DateField(self)
            field.set_default_year(year)  # «15.3» is 15.03 of the year, the only one the meeting can have
            field.set_value(meeting.date)
            field.setAccessibleName(fill(self.tr("Dato for %1. møte"), meeting.number))
            note = QLabel(self)
            note.setObjectName(f"dateNote{meeting.number}")
            note.setWordWrap(True)
            note.setStyleSheet(f"color: {text_colour('warning', self)};")  # as the meeting dialog's notes
            form.addRow(fill(self.tr("&%1. møte:"), meeting.number), field)  # a label with & gets the field as its buddy
            form.addRow("", note)
            self.dates[meeting.number], self.notes[meeting.number] = field, note
            field.changed.connect(self._check)
        layout.addWidget(self.error)
        self.buttons = ok_cancel(self, self.tr("Legg inn møtene"))
        layout.addWidget(self.buttons)
        self._check()
        fit_to_screen(self, 560, layout.totalHeightForWidth(560))  # the notes shown (_check) counted in
        self.fitted_height = FittedHeight(self)
        self.unsaved = UnsavedChanges(self, self._state, self.tr("Forkaste datoene?"))

    def _state(self) -> tuple:
        return tuple(field.edit.text() for field in self.dates.values())

    def _check(self) -> None:
        error = None
        typed = {number: field.value() for number, field in self.dates.items()}
        # Each date beside the calendar's meetings and the other dates typed here, as they would be stored together;
        # a date of another year is refused, not compared with (was: «27.08.20» on the way to 27.08.2026 gave the
        # other meetings «Datoen er etter 3. møte (27.08.2020)»).
        around = self.others + [Meeting(self.year, number, day) for number, day in typed.items() if day is not None and day.year == self.year]
        for number, field in self.dates.items():
            day = typed[number]
            problem = field.error()
            if day is None:
                problem = problem or self.tr("Datoen må fylles ut.")
            elif day.year != self.year:
                problem = self.tr("Datoen må ligge i %1.").replace("%1", str(self.year))
            if problem is not None:
                error = error or fill(self.tr("%1. møte: %2"), number, problem)
                self.notes[number].setText("")
            else:
                self.notes[number].setText(" ".join(date_notes(self, day, number, around)))
            self._form.setRowVisible(self.notes[number], bool(self.notes[number].text()))  # no empty line between the dates
            field.edit.setAccessibleDescription(self.notes[number].text())
        self.error.show_message(error)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(error is None)
        if self.isVisible():
            # A note or a message come in grows the dialog: the date fields are not squashed (as MoveDialog). Gone
            # again, it shrinks back, unless the user has sized it (was: a date typed key by key passed through
            # «27.08.20», whose message and notes grew the dialog, which then kept their room as blank gaps).
            self.fitted_height.fit(self.layout().totalHeightForWidth(self.width()))

    def value(self) -> list[Meeting]:
        """The meetings as they are to be stored, each with the date in its field."""
        return [replace(meeting, date=self.dates[meeting.number].value()) for meeting in self.missing]


class ItemDialog(AsksBeforeDiscarding, QDialog):
    """An agenda item's texts: title (required for the secretariat's own items), background, proposed decision,
    attachments listed on the printed agenda."""

    def __init__(self, entry: AgendaEntry, default_title: str, parent: QWidget | None = None, *, own: bool):
        super().__init__(parent)
        self.entry = entry
        self.own = own
        self.setWindowTitle(self.tr("Ny sak") if own and not entry.title else self.tr("Rediger sak"))
        self.title = QLineEdit(entry.title or "", self)
        self.title.setPlaceholderText(default_title)
        self.title.setAccessibleName(self.tr("Tittel"))
        self.background = _text(self, self.tr("Bakgrunn"), 120)
        self.background.setPlainText(entry.background or "")
        self.proposal = _text(self, self.tr("Forslag til vedtak"), 70)
        self.proposal.setPlainText(entry.proposed_decision or "")
        self.attachments = StringListEditor([], self, name=self.tr("Vedlegg"))
        self.attachments.set_values(entry.attachments)
        self.error = ErrorLabel(self)
        form = QFormLayout(self)
        hint = self.tr("Tomme felt bruker planleggerens tekst.") if not own else ""
        for label, widget in (
            (self.tr("&Tittel:"), self.title),
            (self.tr("&Bakgrunn:"), self.background),
            (self.tr("&Forslag til vedtak:"), self.proposal),
            (self.tr("&Vedlegg:"), self.attachments),
        ):
            form.addRow(label, widget)  # a label with & gets the field as its buddy
        if hint:
            form.addRow(QLabel(hint, self))
        form.addRow(self.error)
        self.buttons = ok_cancel(self)
        form.addRow(self.buttons)
        for signal in (self.title.textChanged, self.background.textChanged, self.proposal.textChanged, self.attachments.changed):
            signal.connect(self._check)
        fit_to_screen(self, 640, 520)
        self._check()
        pasted_text_fields(self)  # text pasted from Word or a PDF arrives tidied
        self.unsaved = UnsavedChanges(self, self._state, self.tr("Forkaste endringene i saken?"))

    def set_read_only(self, notice: str) -> None:
        """The item's texts to read, nothing to change (a database open read-only); `notice` says why."""
        show_to_read(self, self.buttons, self.tr("Sak (skrivebeskyttet)"), notice)
        self.error.show_message(None)  # nothing typed here can be wrong

    def _state(self) -> tuple:
        """What the user can change here (an attachment typed but not added too), to tell whether anything was."""
        return self.title.text(), self.background.toPlainText(), self.proposal.toPlainText(), tuple(self.attachments.values())


    def _check(self) -> None:
        error = self.tr("Tittelen må fylles ut.") if self.own and not self.title.text().strip() else None
        if error is None:
            from ...domain.bundle import agenda_entry_problems

            entry = self.value()
            if not entry.key:
                # A new own item gets its key from its title when saved (AgendaTab.new_item, new_own_key), never an
                # invalid one; the reader refuses an own item without a key, so the texts are checked under a stand-in
                # (was: OK stayed disabled with «key: må fylles ut», and no item of the secretariat's could be added).
                entry = replace(entry, key="sak")
            error = _first_problem(agenda_entry_problems(entry), {
                "title": self.tr("Tittel"), "background": self.tr("Bakgrunn"), "proposed_decision": self.tr("Forslag til vedtak"),
                "attachments": self.tr("Vedlegg"),
            }, self.tr("Saken"))
        self.error.show_message(error)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(error is None)

    def value(self) -> AgendaEntry:
        from dataclasses import replace

        return replace(
            self.entry,
            title=self.title.text().strip() or None,
            background=self.background.toPlainText().strip() or None,
            proposed_decision=self.proposal.toPlainText().strip() or None,
            attachments=tuple(self.attachments.values()),
        )


class MoveDialog(AsksBeforeDiscarding, QDialog):
    """Where to move an item: another meeting, or (for the planner's items) a plain date; and why.

    A planner item moved away from `origin`, the meeting the rules put it on, is a deviation and needs a reason
    (`reason_required`); moved back there it is none, and the reason is neither asked nor kept. The secretariat's
    own items (`reason_required` False) have no deviation to keep a reason in: no field is offered for one.

    `refusal(meeting)`: why the item cannot go to that meeting (None when it can), said beside the fields with OK
    off while that meeting is chosen. `day`: the date the item is on now (its meeting's), proposed for «Til en dato
    utenom møtene»; without it, its meeting's provisional date (was: today, in another year for most items)."""

    def __init__(self, title: str, current: MeetingRef, *, allow_date: bool, reason_required: bool, origin: MeetingRef | None = None,
                 parent: QWidget | None = None, refusal: Callable[[MeetingRef], str | None] | None = None, day: dt.date | None = None):
        super().__init__(parent)
        self.reason_required = reason_required
        self.origin = origin
        self.refusal = refusal
        self.setWindowTitle(self.tr("Flytt sak"))
        self.to_meeting = QRadioButton(self.tr("Til et annet &møte"), self)
        self.to_date = QRadioButton(self.tr("Til en &dato utenom møtene"), self)
        group = QButtonGroup(self)
        group.addButton(self.to_meeting)
        group.addButton(self.to_date)
        self.to_meeting.setChecked(True)
        self.to_date.setVisible(allow_date)
        # The next meeting; after meeting 4, next year's first one an agreement item may lie on (meeting 1 is the
        # budget's, rule M1-NONE; the secretariat's own items may go there).
        following = MeetingRef(current.year + 1, 2 if allow_date else 1) if current.number >= 4 else MeetingRef(current.year, current.number + 1)
        if following.year > YEAR_RANGE[1]:
            # After the last year the program holds there is no meeting: the item's own is proposed, not one
            # before it (the year field, clamped, made 4. møte 2200's proposal 2. møte 2200).
            following = current
        self.year = QSpinBox(self)
        self.year.setRange(*YEAR_RANGE)  # the years the program stores and plans (was 1990–2100)
        self.year.setValue(following.year)  # the meeting after the item's is the one proposed
        self.year.setAccessibleName(self.tr("År"))
        self.number = QComboBox(self)
        self.number.setAccessibleName(self.tr("Møte"))
        for n in (1, 2, 3, 4):
            self.number.addItem(f"{n}. møte", n)
        self.number.setCurrentIndex(following.number - 1)
        self.date = DateField(self)
        self.date.setAccessibleName(self.tr("Dato"))
        self.date.set_value(day or provisional_meeting_date(current.year, current.number))
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName(self.tr("Begrunnelse"))
        self.error = ErrorLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # a refusal names a case by its title, which may hold «<b>»
        layout = QVBoxLayout(self)
        # Wrapped: a case's title runs to 150 characters and more, and on one line it made the dialog as wide, its
        # OK and Avbryt beyond the right edge of a laptop's screen.
        heading = QLabel(f"<b>{escaped(title)}</b>", self)
        heading.setObjectName("moveTitle")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        form = QFormLayout()
        form.addRow(self.to_meeting)
        form.addRow(self.tr("&År:"), self.year)
        form.addRow(self.tr("Mø&te:"), self.number)
        form.addRow(self.to_date)
        form.addRow(self.tr("D&ato:"), self.date)  # Alt+T is Møte's
        form.setRowVisible(self.date, allow_date)  # the label too: a "Dato:" with no field beside it
        form.addRow(self.tr("&Begrunnelse:"), self.reason)
        form.setRowVisible(self.reason, reason_required)  # what was typed there was stored nowhere
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.buttons = ok_cancel(self)
        layout.addWidget(self.buttons)
        for signal in (self.reason.textChanged, self.date.changed, self.to_meeting.toggled, self.year.valueChanged, self.number.currentIndexChanged):
            signal.connect(self._check)
        self._check()
        fit_to_screen(self, 560, layout.totalHeightForWidth(560))  # the title in lines of that width; the reason's hint whole
        one_line_fields(self)  # text pasted from Word or a PDF comes as one line
        self.unsaved = UnsavedChanges(self, self._state, self.tr("Forkaste flyttingen?"))

    def _state(self) -> tuple:
        return self.to_meeting.isChecked(), self.year.value(), self.number.currentIndex(), self.date.edit.text(), self.reason.text()

    def _back(self) -> bool:
        """The meeting chosen is the one the rules put the item on: no deviation."""
        return not self.to_date.isChecked() and self.origin == MeetingRef(self.year.value(), self.number.currentData())

    def _check(self) -> None:
        by_date = self.to_date.isChecked()
        self.year.setEnabled(not by_date)
        self.number.setEnabled(not by_date)
        self.date.setEnabled(by_date)
        back = self._back()
        self.reason.setEnabled(not back)
        self.reason.setPlaceholderText(self.tr("Ingen begrunnelse: saken flyttes tilbake dit reglene setter den") if back
                                       else self.tr("f.eks. reforhandlingen startet før 2. møte etter avtale mellom partene"))
        refused = self.refusal(MeetingRef(self.year.value(), self.number.currentData())) if not by_date and self.refusal else None
        error = None
        if refused:  # the meeting first: no reason makes a move there possible
            error = refused
        elif self.reason_required and not back and not self.reason.text().strip():
            error = self.tr("Et avvik fra møtemønsteret må begrunnes.")
        elif by_date and self.date.error():
            error = self.date.error()
        elif by_date and self.date.value() is None:
            error = self.tr("Velg en dato.")
        if error is None:
            from ...domain.bundle import Reader

            reader = Reader()  # the reason as an import reads a deviation's (a text too long, control characters)
            reader.text(self.target()[2], "reason")
            error = _first_problem(reader.problems, {"reason": self.tr("Begrunnelse")}, self.tr("Flyttingen"))
        self.error.show_message(error)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(error is None)
        if self.isVisible():  # a longer message (the refusal names a case) grows the dialog: the fields are not squashed
            needed = self.layout().totalHeightForWidth(self.width())
            if needed > self.height():
                fit_to_screen(self, self.width(), needed)

    def target(self) -> tuple[MeetingRef | None, dt.date | None, str | None]:
        reason = (self.reason.text().strip() or None) if self.reason_required and not self._back() else None
        if self.to_date.isChecked():
            return None, self.date.value(), reason
        return MeetingRef(self.year.value(), self.number.currentData()), None, reason


def _first_problem(problems, labels: dict[str, str], whole: str) -> str | None:
    """The first thing an import would refuse, in Norwegian, named by the field's label ("Sted: er 600 tegn …");
    a field with no label in the dialog is named by `whole`, the record ("Saken"), never by its name in the bundle
    (was: «key: må fylles ut», in English, of a field the user never sees)."""
    if not problems:
        return None
    problem = problems[0]
    field = problem.path.split(".", 1)[1] if "." in problem.path else problem.path
    name = field.split("[", 1)[0]
    return f"{labels.get(name, whole)}: {problem.body()}"
