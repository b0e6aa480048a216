"""The user's list of changes of government (DOMAIN §2): the first meeting 2 after each reviews every agreement."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from ...domain.calendar import format_date
from ...domain.changes import Command
from ...domain.model import Government, Register
from ...domain.problems import Problem
from ..widgets import DateField, ErrorLabel, UnsavedChanges, fill, pasted_text_fields, show_to_read, table_view
from .record_list import RecordListDialog, RecordListModel

# What the bundle reader says of a field left empty: an entry still being filled in, which the list holds as it is
# (OK then asks for the rest), unlike a field whose text is wrong.
_UNFILLED = ("missing", "blank")


def _in_date_order(government: Government) -> tuple:
    """Sorted by the day the government took office; an entry with no date yet (a new one) last."""
    return government.took_office is None, government.took_office or dt.date.min


class GovernmentModel(RecordListModel):
    """The list as the dialog holds it, always in date order: a date typed moves its entry to its place, and the
    selection goes with it. An entry being filled in may lack its name ("") or its date (None)."""

    def __init__(self, governments: list[Government], parent: QObject | None = None):
        super().__init__(sorted(governments, key=_in_date_order), parent)
        self.headers = (self.tr("Navn"), self.tr("Tiltrådte"))

    @property
    def governments(self) -> list[Government]:
        return self.records

    def cell(self, government: Government, column: int) -> str:
        return government.name if column == 0 else format_date(government.took_office)

    def replace_row(self, row: int, government: Government) -> int:
        super().replace_row(row, government)
        self._sort()
        return self.records.index(government)

    def append(self, government: Government) -> int:
        super().append(government)
        self._sort()
        return self.records.index(government)

    def _sort(self) -> None:
        """Back in date order, the views' selection and current row moved with their entries."""
        order = sorted(range(len(self.records)), key=lambda i: _in_date_order(self.records[i]))
        if order == list(range(len(order))):
            return
        self.layoutAboutToBeChanged.emit()
        place = {old: new for new, old in enumerate(order)}
        self.records = [self.records[i] for i in order]
        before = self.persistentIndexList()
        self.changePersistentIndexList(before, [self.index(place[i.row()], i.column()) for i in before])
        self.layoutChanged.emit()


class GovernmentsDialog(RecordListDialog):
    def __init__(self, register: Register, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Regjeringsskifter"))
        self.register = register
        self._why = self.tr("Det første 2. møtet etter hvert regjeringsskifte gjennomgår alle avtalene: på dagsordenen er hver "
                            "gjennomgang merket «regjeringsskifte», og den må få et vedtak.")
        self.about = QLabel(self._why + " " + self.tr("Før opp hver ny regjering med datoen den tiltrådte."), self)
        self.about.setObjectName("governmentsAbout")
        self.about.setWordWrap(True)
        self.model = GovernmentModel(list(register.governments), self)
        self.view = table_view(self, self.model, self.tr("Regjeringsskifter"))
        self.view.setObjectName("governments")
        self.view.setColumnWidth(0, 240)

        self.name = QLineEdit(self)
        self.name.setAccessibleName(self.tr("Navn"))
        self.name.setPlaceholderText(self.tr("Regjeringen Støre"))
        self.date = DateField(self)
        self.date.setAccessibleName(self.tr("Tiltrådte"))
        self.error = ErrorLabel(self)
        self.form = QFormLayout()
        self.form.addRow(self.tr("&Navn:"), self.name)
        self.form.addRow(self.tr("&Tiltrådte:"), self.date)
        self.form.addRow(self.error)

        self._lay_out(self.form, self.tr("N&y regjering"), (760, 420), above=self.about)

        self._showing = False
        self._shown = self._fields()  # the fields as _show filled them (an entry's, or empty)
        # What is typed goes into the list (unless it is wrong) with no button to keep it: see _apply.
        self.name.textChanged.connect(lambda: self._apply())
        self.date.changed.connect(lambda: self._apply())
        self.date.edit.editingFinished.connect(lambda: self._apply(with_date=True))
        self._show(-1)
        if self.model.rowCount():
            self.view.selectRow(self.model.rowCount() - 1)  # the newest, the one most often put right
        self.view.setFocus()
        pasted_text_fields(self)  # a name pasted from Word or a PDF arrives as one line
        self.unsaved = UnsavedChanges(self, self._state, self.tr("Forkaste endringene i listen over regjeringsskifter?"))

    def set_read_only(self, notice: str) -> None:
        """The list to read, nothing to change (a database open read-only); `notice` says why."""
        self._read_only = True
        self._say(None)
        show_to_read(self, self.buttons, self.tr("Regjeringsskifter (skrivebeskyttet)"), notice)
        self.about.setText(self._why)  # what the list is for; how to add to it, under a notice that nothing can be, it no longer says

    def _fields(self) -> tuple:
        return self.name.text(), self.date.edit.text()

    def _state(self) -> tuple:
        """What the user can change here, to tell whether anything was: the list, and text in the fields that the
        list did not take (a date another entry has). Choosing another row changes neither."""
        fields = self._fields()
        return tuple(self.model.governments), (fields if fields != self._shown else None)

    def _show(self, row: int) -> None:
        government = self.model.governments[row] if 0 <= row < len(self.model.governments) else None
        self._showing = True
        self.name.setText(government.name if government else "")
        self.date.set_value(government.took_office if government else None)
        self._shown = self._fields()
        self._showing = False
        self._say(None)
        for field in (self.name, self.date):
            field.setEnabled(government is not None)  # with no entry chosen, nothing typed would be kept
        self.remove.setEnabled(government is not None and not self._read_only)

    def _check(self) -> tuple[bool, bool]:
        """Whether the name and the date as typed can go into the list (a field left empty can: OK asks for it),
        with the reason beside the fields when one cannot: a text that is no date, a date another entry has, what
        an import would refuse (the bundle reader's rules, DOMAIN §6)."""
        row = self._row()
        typed = Government(self.name.text().strip(), self.date.value())
        taken = next((g for i, g in enumerate(self.model.governments) if i != row and typed.took_office is not None
                      and g.took_office == typed.took_office), None)
        problems = self._problems(typed)
        wrong = {p.field for p in problems if p.code not in _UNFILLED}
        labels = {"name": self.tr("Navn"), "took_office": self.tr("Tiltrådte")}
        if self.date.error():
            message = self.tr("Tiltrådte: %1").replace("%1", self.date.error())
        elif taken is not None:
            message = fill(self.tr("Tiltrådte: %1 er allerede i listen (%2)."), format_date(taken.took_office), taken.name or self.tr("uten navn"))
        elif problems:
            message = f"{labels.get(problems[0].field, problems[0].field)}: {problems[0].body()}"
        else:
            message = None
        self._say(message)
        return "name" not in wrong, not (self.date.error() or taken is not None or "took_office" in wrong)

    def _problems(self, government: Government) -> list[Problem]:
        """What an import of the database's export would refuse in the entry (the bundle reader's rules: a name of
        one line and at most 500 characters, a date in the years a register holds), save what the stored entry of
        that date had already."""
        from ...domain.validation import new_problems, record_problems

        if government.took_office is None:
            return record_problems("governments", government, path="governments[0]")
        stored = next((g for g in self.register.governments if g.took_office == government.took_office), None)
        return new_problems("governments", stored, government)

    def _apply(self, with_date: bool = False) -> tuple[bool, bool]:
        """What is typed goes into the list at once when it can (see _check): the name as it is typed, the date
        once the user leaves its field (or presses OK): on the way to «14.10.2021» the text is other dates,
        which would move the entry about the list, and one left behind a date that is refused would be kept."""
        row = self._row()
        if self._showing or self._read_only or row < 0:
            return True, True
        name_ok, date_ok = self._check()
        current = self.model.governments[row]
        edited = Government(self.name.text().strip() if name_ok else current.name,
                            self.date.value() if with_date and date_ok else current.took_office)
        if edited != current:
            self.model.replace_row(row, edited)  # a new date moves it to its place: the selection moves with it
        return name_ok, date_ok

    def _unfilled(self) -> int:
        """The first entry without its name or date, or -1."""
        return next((i for i, g in enumerate(self.model.governments) if not g.name or g.took_office is None), -1)

    def _add(self) -> None:
        """A new entry to fill in; one still unfilled is chosen rather than a second made."""
        self._apply(with_date=True)
        row = self._unfilled()
        if row < 0:
            row = self.model.append(Government("", None))  # type: ignore[arg-type] - its date is typed next
        self.view.selectRow(row)
        self.name.setFocus()

    def accept(self) -> None:
        """OK keeps the list only as the fields show it: not while they hold an error, nor with an entry still
        without its name or date."""
        if not all(self._apply(with_date=True)):
            return  # the error is shown beside the fields
        unfilled = self._unfilled()
        if unfilled >= 0:
            self.view.selectRow(unfilled)
            self._say(self.tr("Fyll ut navn og dato for regjeringsskiftet, eller slett raden."))
            (self.name if not self.model.governments[unfilled].name else self.date).setFocus()
            return
        super().accept()

    def command(self) -> Command:
        """One step for the whole list: an entry whose date was put right is the old date's taken out and the new
        one's put in (the date is what tells the entries apart)."""
        return self._command("Endre regjeringsskifter", "governments", self.register.governments, lambda g: g.took_office)
