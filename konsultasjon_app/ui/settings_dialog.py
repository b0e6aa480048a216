"""Rediger → Innstillinger: the register's own settings (stored in the database, travel with the bundle) and this
computer's (in the INI file)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QFormLayout, QGroupBox, QLabel, QSpinBox, QVBoxLayout, QWidget

from ..domain.changes import Command, PutSettings
from ..domain.model import Settings
from ..options import BACKUPS_KEEP
from .widgets import AsksBeforeDiscarding, FittedHeight, UnsavedChanges, fill, ok_cancel, ui_text

# A year of Norway's storting elections (DOMAIN §2). The Storting cannot be dissolved, so they fall every four years
# from it (1945 … 2005, 2009, … 2029): a first election year off that series shifts every term the planner counts.
STORTING_ELECTION = 2005

NUMBERING = (("year", QT_TRANSLATE_NOOP("Konsultasjon", "Løpende gjennom året (Sak 1/2006, Sak 2/2006 …)")), ("meeting", QT_TRANSLATE_NOOP("Konsultasjon", "Fra Sak 1 på hvert møte")))


class SettingsDialog(AsksBeforeDiscarding, QDialog):
    def __init__(self, settings: Settings, keep_backups: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Innstillinger"))
        self.original = settings
        self.numbering = QComboBox(self)
        self.numbering.setAccessibleName(self.tr("Nummerering av saker"))
        for value, label in NUMBERING:
            self.numbering.addItem(ui_text(label), value)
        self.numbering.setCurrentIndex(max(0, self.numbering.findData(settings.case_numbering)))
        self.resign = QCheckBox(self.tr("&Undertegn på nytt ved hver videreføring, ikke bare etter regjeringsskifte og ved fornyelse"), self)
        self.resign.setChecked(settings.resign_on_every_continue)
        self.first_election = QSpinBox(self)
        self.first_election.setAccessibleName(self.tr("Første stortingsvalg"))
        self.first_election.setRange(1900, 2200)
        self.first_election.setSingleStep(4)
        self.first_election.setValue(settings.first_election_year)
        self.keep = QSpinBox(self)
        self.keep.setAccessibleName(self.tr("Antall sikkerhetskopier"))
        self.keep.setRange(*BACKUPS_KEEP.limits)
        self.keep.setValue(keep_backups or BACKUPS_KEEP.default)
        self.keep.setEnabled(keep_backups is not None)

        register_box = QGroupBox(self.tr("Registeret (lagres i databasen)"), self)
        form = QFormLayout(register_box)
        form.addRow(self.tr("&Nummerering av saker:"), self.numbering)
        form.addRow(self.resign)
        form.addRow(self.tr("Første &stortingsvalg:"), self.first_election)
        form.addRow(QLabel(self.tr("Stortingsperiodene regnes i steg på fire år fra dette valgåret (1. oktober–30. september)."), self))
        # Only a hint: the year is the user's to choose (an import takes any year too), but a typing slip shows.
        self.election_hint = QLabel(self)
        self.election_hint.setObjectName("electionHint")
        self.election_hint.setWordWrap(True)
        form.addRow(self.election_hint)
        self.first_election.valueChanged.connect(self._hint_election)
        self._hint_election(self.first_election.value())
        local_box = QGroupBox(self.tr("Denne maskinen"), self)
        local = QFormLayout(local_box)
        local.addRow(self.tr("&Behold sikkerhetskopier:"), self.keep)
        buttons = ok_cancel(self, self.tr("Lagre"))
        layout = QVBoxLayout(self)
        layout.addWidget(register_box)
        layout.addWidget(local_box)
        layout.addWidget(buttons)
        self.unsaved = UnsavedChanges(self, lambda: (self.register_settings(), self.keep.value()),
                                      self.tr("Forkaste endringene i innstillingene?"))
        self.adjustSize()  # the size it opens at, the hint (_hint_election) counted in
        self.fitted_height = FittedHeight(self)

    def _hint_election(self, year: int) -> None:
        """Under «Første stortingsvalg»: the nearest election years when `year` is not one of them."""
        off = (year - STORTING_ELECTION) % 4
        if off:
            before = year - off
            self.election_hint.setText(fill(self.tr("Stortingsvalgene holdes hvert fjerde år (2005, 2009, 2013 …). Med %1 blir "
                                                    "stortingsperiodene forskjøvet; nærmeste valgår er %2 og %3."), year, before, before + 4))
        self.election_hint.setVisible(bool(off))
        if hasattr(self, "fitted_height"):  # not while the dialog is made: it opens at the size its rows need
            # Gone again, the hint's room goes too, unless the user has sized the dialog (was: a blank gap of 20 px).
            # The rows counted as they are now (the hint's box first), not as Qt lays them out later; with no
            # word-wrapped row shown, the layout has no height for a width (-1): its least height then.
            self.election_hint.parentWidget().layout().activate()
            self.layout().activate()
            self.fitted_height.fit(max(self.layout().totalHeightForWidth(self.width()), self.minimumSizeHint().height()))

    def register_settings(self) -> Settings:
        return replace(
            self.original,
            case_numbering=self.numbering.currentData(),
            resign_on_every_continue=self.resign.isChecked(),
            first_election_year=self.first_election.value(),
        )

    def command(self) -> Command | None:
        settings = self.register_settings()
        return None if settings == self.original else Command("Endre innstillinger", (PutSettings(settings),))
