"""The user's list of ministries, directorates and organisations, with former names (ministries are renamed often)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QWidget

from ...domain.bundle import normal_key
from ...domain.changes import Command
from ...domain.checks import party_ident, party_index
from ...domain.model import Agreement, Party, Register
from ..widgets import ErrorLabel, UnsavedChanges, fill, pasted_text_fields, table_view, ui_text
from .record_list import RecordListDialog, RecordListModel

KIND_NB = {"ministry": QT_TRANSLATE_NOOP("Konsultasjon", "Departement"), "directorate": QT_TRANSLATE_NOOP("Konsultasjon", "Direktorat/etat"), "other": QT_TRANSLATE_NOOP("Konsultasjon", "Annen part")}


class PartyModel(RecordListModel):
    def __init__(self, parties: list[Party], parent: QObject | None = None):
        super().__init__(parties, parent)
        self.headers = (self.tr("Forkortelse"), self.tr("Navn"), self.tr("Type"))
        # The stored party each row began as (None for a row added here): a key changed on a row is the party
        # renamed, and a stored party no row began as is deleted.
        self.origins: list[Party | None] = list(parties)

    @property
    def parties(self) -> list[Party]:
        return self.records

    def append(self, record: Party) -> int:
        self.origins.append(None)
        return super().append(record)

    def remove(self, row: int) -> None:
        del self.origins[row]
        super().remove(row)

    def cell(self, party: Party, column: int) -> str:
        return (party.key, party.name, ui_text(KIND_NB[party.kind]) if party.kind in KIND_NB else party.kind)[column]

    def tooltip(self, party: Party) -> str | None:
        return self.tr("Tidligere: %1").replace("%1", "; ".join(party.former_names)) if party.former_names else None


class PartiesDialog(RecordListDialog):
    def __init__(self, register: Register, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Departementer og parter"))
        self.register = register
        self.model = PartyModel(list(register.parties), self)
        self.view = table_view(self, self.model, self.tr("Departementer og parter"))
        self.view.setObjectName("parties")
        self.view.setColumnWidth(1, 320)

        self.key = QLineEdit(self)
        self.key.setAccessibleName(self.tr("Forkortelse"))
        self.name = QLineEdit(self)
        self.name.setAccessibleName(self.tr("Navn"))
        self.kind = QComboBox(self)
        self.kind.setAccessibleName(self.tr("Type"))
        for value, label in KIND_NB.items():
            self.kind.addItem(ui_text(label), value)
        self.former = QPlainTextEdit(self)
        self.former.setAccessibleName(self.tr("Tidligere navn"))
        self.former.setTabChangesFocus(True)
        self.former.setPlaceholderText(self.tr("Ett navn per linje, med forkortelsen i parentes:\nKommunal- og regionaldepartementet (KRD)"))
        self.error = ErrorLabel(self)
        self.renamed = QLabel(self)  # what a new key does to the old one, said while the key differs
        self.renamed.setObjectName("renamedNote")
        self.renamed.setWordWrap(True)
        self.renamed.hide()
        form = QFormLayout()
        form.addRow(self.tr("&Forkortelse:"), self.key)
        form.addRow(self.tr("&Navn:"), self.name)
        form.addRow(self.tr("&Type:"), self.kind)
        form.addRow(self.tr("T&idligere navn:"), self.former)
        form.addRow(self.renamed)
        form.addRow(self.error)

        self._lay_out(form, self.tr("N&y part"), (980, 560))

        self._showing = False
        self._shown = self._fields()  # the fields as _show filled them (a party's, or empty)
        # What is typed goes into the list at once (when it is valid): nothing waits for a button to be kept.
        for signal in (self.key.textChanged, self.name.textChanged, self.kind.currentIndexChanged, self.former.textChanged):
            signal.connect(self._apply)
        if self.model.rowCount():
            self.view.selectRow(0)
        pasted_text_fields(self)  # text pasted from Word or a PDF arrives tidied
        self.unsaved = UnsavedChanges(self, self._state, self.tr("Forkaste endringene i listen over departementer og parter?"))

    def _fields(self) -> tuple:
        return self.key.text(), self.name.text(), self.kind.currentData(), self.former.toPlainText()

    def _state(self) -> tuple:
        """What the user can change here, to tell whether anything was: the list, and text in the fields that the
        list did not take (an empty name, a key already in use). Choosing another row changes neither."""
        fields = self._fields()
        return tuple(self.model.parties), (fields if fields != self._shown else None)

    def _show(self, row: int) -> None:
        party = self.model.parties[row] if 0 <= row < len(self.model.parties) else None
        self._showing = True
        self.key.setText(party.key if party else "")
        self.name.setText(party.name if party else "")
        self.kind.setCurrentIndex(max(0, self.kind.findData(party.kind if party else "ministry")))
        self.former.setPlainText("\n".join(party.former_names) if party else "")
        self._shown = self._fields()
        self._showing = False
        self._say(None)
        if party is not None:
            self._with_old_key(row, party.key, party.name, party.former_names)  # (the note under the fields)
        else:
            self.renamed.hide()

    def _origin(self, row: int) -> Party | None:
        return self.model.origins[row] if 0 <= row < len(self.model.origins) else None

    def _with_old_key(self, row: int, key: str, name: str, former: tuple[str, ...]) -> tuple[str, ...]:
        """The former names `former` of the party on `row` with `key`: when that is a new key for a stored party,
        with «<old name> (<old key>)» added, so that the agreements naming the old key still name the party (as
        party_index reads a former abbreviation), unless a name typed does that already. Said under the fields."""
        origin = self._origin(row)
        note = ""
        if origin is not None and key == origin.key:
            # The key put back: the line added for the new key goes again (was: kept, and stored as a change).
            added = f"{origin.name} ({origin.key})"
            former = tuple(f for f in former if f != added or f in origin.former_names)
        elif origin is not None and key and key != origin.key:
            if origin.key in party_index((Party(key, name, "", former),)):
                note = self.tr("Avtaler som bruker den gamle forkortelsen «%1», viser fortsatt til parten.").replace("%1", origin.key)
            else:
                old = f"{origin.name} ({origin.key})"
                former += (old,)
                note = fill(self.tr("Den gamle forkortelsen «%1» legges til under Tidligere navn som «%2», så avtaler som bruker den, "
                                    "fortsatt viser til parten."), origin.key, old)
        self.renamed.setText(note)
        self.renamed.setVisible(bool(note))
        return former

    def _edited(self) -> Party | None:
        # A key is compared and stored composed, as agreement keys are (normal_key): «KÅ» typed as A and a ring is
        # «KÅ». A stored key that is the one typed but for that is left as it is: agreements name it so.
        row = self._row()
        origin = self._origin(row)
        key, name = normal_key(self.key.text()), self.name.text().strip()
        if origin is not None and normal_key(origin.key) == key:
            key = origin.key
        former = tuple(line.strip() for line in self.former.toPlainText().splitlines() if line.strip())
        former = self._with_old_key(row, key, name, former)
        taken = next((i for i, p in enumerate(self.model.parties) if i != row and normal_key(p.key) == normal_key(key)), -1)
        # «bfd» beside «BFD» is one party to the agreements (party_index finds a name case aside) and to an import.
        # Asked of a new key only: two parties stored so already (an import took them) stay editable.
        alike = -1 if origin is not None and key == origin.key else next(
            (i for i, p in enumerate(self.model.parties) if i != row and party_ident(p.key) == party_ident(key)), -1)
        if not key:
            self._say(self.tr("Forkortelsen må fylles ut."))
        elif not name:
            self._say(self.tr("Navnet må fylles ut."))
        elif taken >= 0:
            self._say(self.tr("Forkortelsen «%1» er allerede i listen.").replace("%1", key))
        elif alike >= 0:
            self._say(fill(self.tr("Forkortelsen «%1» er allerede i listen som «%2» (store og små bokstaver teller ikke)."),
                           key, self.model.parties[alike].key))
        else:
            self._say(None)
            return Party(key, name, self.kind.currentData(), former)
        return None

    def _apply(self) -> None:
        row = self._row()
        if self._showing or row < 0:
            return
        party = self._edited()
        if party is not None and party != self.model.parties[row]:
            self.model.replace_row(row, party)

    def _unfilled(self) -> int:
        """A new row whose key or name is still the one it was made with, or -1."""
        stored = {p.key for p in self.register.parties}
        blank = self._new_party()
        return next((i for i, p in enumerate(self.model.parties) if p.key not in stored and (p.key == blank.key or p.name == blank.name)), -1)

    def _add(self) -> None:
        """A new row to fill in; an unfilled one already there is chosen rather than a second made."""
        row = self._unfilled()
        if row < 0:
            row = self.model.append(self._new_party())
        self.view.selectRow(row)
        self.key.setFocus()
        self.key.selectAll()

    def _new_party(self) -> Party:
        return Party(self.tr("NY"), self.tr("Nytt departement"), "ministry")

    def accept(self) -> None:
        """OK keeps the list only as the fields show it: not while they hold an error, nor with a new row whose key
        or name is still the placeholder (it would be stored as «NY» or «Nytt departement»)."""
        if self._row() >= 0 and self._edited() is None:
            return  # the error is shown beside the fields
        unfilled = self._unfilled()
        if unfilled >= 0:
            self.view.selectRow(unfilled)
            self._say(self.tr("Fyll ut forkortelse og navn for den nye parten, eller slett raden."))
            # To the placeholder to type over: OK, disabled now, would hand the focus on to Avbryt.
            field = self.key if self.model.parties[unfilled].key == self._new_party().key else self.name
            field.setFocus()
            field.selectAll()
            return
        orphaned = self._orphaned()
        if orphaned and not self._delete_anyway(orphaned):
            return  # the dialog as typed
        super().accept()

    def _orphaned(self) -> list[tuple[Party, list[Agreement]]]:
        """The stored parties taken out of the list that agreements name, each with those agreements: by its key,
        or by a former abbreviation or its name, that after the change names no party (party_index)."""
        kept = {origin for origin in self.model.origins if origin is not None}
        before, after = party_index(self.register.parties), party_index(tuple(self.model.parties))
        orphaned = []
        for party in self.register.parties:
            if party in kept:
                continue
            using = [a for a in self.register.agreements
                     if any(before.get(name) == party and name not in after for name in (*a.state_parties, *a.other_parties))]
            if using:
                orphaned.append((party, using))
        return orphaned

    def _delete_anyway(self, orphaned: list[tuple[Party, list[Agreement]]], shown: int = 3) -> bool:
        """Asked before parties that agreements name are deleted, naming them and (some of) the agreements."""
        blocks = []
        for party, using in orphaned:
            count = self.tr("1 avtale") if len(using) == 1 else self.tr("%1 avtaler").replace("%1", str(len(using)))
            lines = [fill(self.tr("«%1» (%2) brukes av %3:"), party.key, party.name, count)]
            lines += [f"• {a.title}" for a in using[:shown]]
            if len(using) > shown:
                lines.append(self.tr("og %1 til").replace("%1", str(len(using) - shown)))
            blocks.append("\n".join(lines))
        text = "\n\n".join(blocks) + "\n\n" + (
            self.tr("Avtalene beholder forkortelsen, men den viser ikke lenger til noen part.") if len(orphaned) == 1 else
            self.tr("Avtalene beholder forkortelsene, men de viser ikke lenger til noen part.")
        ) + " " + self.tr("Slette likevel? (Det kan angres med Ctrl+Z.)")
        buttons = QMessageBox.StandardButton
        return QMessageBox.question(self, self.windowTitle(), text, buttons.Yes | buttons.No, buttons.No) == buttons.Yes

    def command(self) -> Command:
        return self._command("Endre departementer og parter", "parties", self.register.parties, lambda p: p.key)
