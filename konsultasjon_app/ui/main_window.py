"""The main window: menus, the three tabs (Dagsorden, Avtaleregister, Evaluering) and the status bar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets
from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from .. import __version__, files, paths
from ..domain.changes import Changed, Command, MergeReport
from ..domain.problems import InvalidInput
from ..store.backup import DEFAULT_KEEP
from ..store.errors import StoreError
from .bridge import SessionBridge
from .errors import EXPECTED, environment_message
from . import widgets
from .widgets import busy, describe_action, escaped, exec_until_saved, fill, ui_text
from .register import GOVERNMENTS_TIP, NEW_AGREEMENT_TIP, PARTIES_TIP
from .settings import AppSettings

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

TAB_NAMES = ("agenda", "register", "evaluation")
KIND_NB = {
    "governments": QT_TRANSLATE_NOOP("Konsultasjon", "regjeringer"),
    "meetings": QT_TRANSLATE_NOOP("Konsultasjon", "møter"),
    "agreements": QT_TRANSLATE_NOOP("Konsultasjon", "avtaler"),
    "decisions": QT_TRANSLATE_NOOP("Konsultasjon", "vedtak"),
    "signings": QT_TRANSLATE_NOOP("Konsultasjon", "undertegninger"),
    "criteria_sets": QT_TRANSLATE_NOOP("Konsultasjon", "kriteriesett"),
    "assessments": QT_TRANSLATE_NOOP("Konsultasjon", "vurderinger"),
    "deviations": QT_TRANSLATE_NOOP("Konsultasjon", "avvik"),
    "agenda": QT_TRANSLATE_NOOP("Konsultasjon", "saker på dagsorden"),
    "parties": QT_TRANSLATE_NOOP("Konsultasjon", "departementer og parter"),  # new: parties the file names, added
}
NEUTER_KINDS = frozenset({"meetings", "decisions", "criteria_sets", "deviations"})  # et møte, et vedtak …: «1 nytt»


def report_text(report: MergeReport) -> str:
    if report.is_empty:
        return ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "Ingenting nytt eller endret."))
    lines = []
    for kind, label in KIND_NB.items():
        new = len(report.new.get(kind, ()))
        changed = len(report.changed.get(kind, ()))
        if new or changed:
            if new != 1:
                text = QT_TRANSLATE_NOOP("Konsultasjon", "%1: %2 nye, %3 endret")
            elif kind in NEUTER_KINDS:
                text = QT_TRANSLATE_NOOP("Konsultasjon", "%1: 1 nytt, %3 endret")
            else:
                text = QT_TRANSLATE_NOOP("Konsultasjon", "%1: 1 ny, %3 endret")
            line = fill(ui_text(text), ui_text(label), new, changed)
            if kind == "parties" and new:
                # Named, so that a ministry the file spells out («Kunnskapsdepartementet» beside the KD already
                # there) or a kind that was guessed can be seen and put right (Departementer og parter …).
                added = [str(key) for key in report.new["parties"]]
                more = len(added) - 5
                line += " (" + ", ".join(added[:5]) + (ui_text(QT_TRANSLATE_NOOP("Konsultasjon", " og %1 til")).replace("%1", str(more)) if more > 0 else "") + ")"
            lines.append(line)
    removed = len(report.removed.get("assessments", ()))
    if removed:
        lines.append(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "vurderinger: %1 fjernet (kriteriene finnes ikke lenger i kriteriesettet)")).replace("%1", str(removed)))
    if report.unticked:
        lines.append(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "vurderinger: %1 uten avkrysninger (delpunktene i kriteriet er endret; vurdering og begrunnelse beholdt, begrunnelse for avvik fjernet)")).replace("%1", str(len(report.unticked))))
    if report.settings_changed:
        lines.append(ui_text(QT_TRANSLATE_NOOP("Konsultasjon", "innstillinger endret")))
    return "\n".join(lines)


class MainWindow(QMainWindow):
    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None, settings: AppSettings | None = None):
        super().__init__(parent)
        self.bridge = bridge
        self.settings = settings
        self.setObjectName("mainWindow")
        self.setMinimumSize(800, 440)  # with a title bar within 911x485: a 1366x768 laptop at 150 %, above the taskbar

        # Each tab is made when first shown: the window opens showing one, and paints without waiting for the
        # others (a thousand agreements, a year's plan and an evaluation are each noticeable at start-up).
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self._pages: dict[str, QWidget] = {}
        self._built: dict[str, QWidget] = {}
        for name, title in zip(TAB_NAMES, (self.tr("&Dagsorden"), self.tr("&Avtaleregister"), self.tr("&Evaluering"))):
            page = QWidget(self)
            page.setObjectName(f"{name}Page")
            page_layout = QVBoxLayout(page)
            page_layout.setContentsMargins(0, 0, 0, 0)
            self._pages[name] = page
            self.tabs.addTab(page, title)
        self.tabs.currentChanged.connect(lambda index: self._tab(TAB_NAMES[index]))
        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(widgets.BANNER_STYLE)
        self.writable_button = None  # beside the banner once the writer has gone: made then (_update_banner)
        self._location_of: Path | None = None  # the database _location_note last looked at, and what it said
        self._location: str | None = None
        self._banner_row = QHBoxLayout()
        self._banner_row.addWidget(self.banner, 1)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addLayout(self._banner_row)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.status_path = QLabel(self)
        self.status_count = QLabel(self)
        self.statusBar().addWidget(self.status_path, 1)
        self.statusBar().addPermanentWidget(self.status_count)
        self._build_menus()
        bridge.changed.connect(self._on_changed)
        bridge.session_replaced.connect(self._update_title)
        bridge.session_replaced.connect(self._remember)
        bridge.writer_changed.connect(self._update_banner)
        self._remember()
        self._update_title()
        self._update_status()
        # The clock: the tabs plan, print and show statuses as of the real day. A window left open over midnight,
        # or a laptop woken the next morning, moves on with the date within a minute, or as soon as it is used.
        self._day = widgets.current_date()
        self._clock = QTimer(self)
        self._clock.setInterval(60_000)
        self._clock.timeout.connect(self.check_day)
        self._clock.start()
        QApplication.instance().applicationStateChanged.connect(self.check_day)

    def check_day(self, *_state) -> None:
        """A new day since the last look: each tab made so far moves on to it (their `new_day`)."""
        today = widgets.current_date()
        if today == self._day or self.bridge.closed:  # closed: the program is ending (or a test is done with it)
            return
        previous, self._day = self._day, today
        for tab in self._built.values():
            tab.new_day(previous)

    # -- the tabs, made when first needed ----------------------------------------------------------------

    def _tab(self, name: str) -> QWidget:
        tab = self._built.get(name)
        if tab is None:
            page = self._pages[name]
            if name == "agenda":
                from .agenda.view import AgendaTab

                tab = AgendaTab(self.bridge, page)
            elif name == "register":
                from .register.view import RegisterTab

                tab = RegisterTab(self.bridge, page, settings=self.settings)
                # Ctrl+P on Avtaleregister: the overview of all agreements, Dagsorden's (was: nothing). Active only
                # while this tab is shown, as Dagsorden's and Evaluering's Ctrl+P are.
                widgets.tab_action(tab, self.tr("Oversikt til Fellesdokumentet (PDF) …"),
                                   lambda: self.agenda_tab.print_overview_action.trigger(), QKeySequence.StandardKey.Print,
                                   "printOverviewFromRegister",
                                   self.tr("Avtalene i kraft ved 4. møte i året som er valgt under Dagsorden, som PDF til Fellesdokumentet"))
            else:
                from .evaluation.view import EvaluationTab

                tab = EvaluationTab(self.bridge, page)
            if self.settings is not None:
                self.settings.restore_states(tab.layout_states())
            page.layout().addWidget(tab)
            tab.show()  # a child added to a page that is already shown stays hidden unless told
            self._built[name] = tab
        return tab

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's naming
        # The tab the window opens on is current from the start, so no change of tab builds it: build it here.
        self._tab(TAB_NAMES[self.tabs.currentIndex()])
        super().showEvent(event)

    def all_tabs(self) -> list[QWidget]:
        return [self._tab(name) for name in TAB_NAMES]

    @property
    def agenda_tab(self):
        return self._tab("agenda")

    @property
    def register_tab(self):
        return self._tab("register")

    @property
    def evaluation_tab(self):
        return self._tab("evaluation")

    # -- menus --------------------------------------------------------------------------------------------

    def _action(self, text: str, slot, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None, name: str = "",
                tip: str | None = None) -> QAction:
        """A menu's action; `tip` says what it does, in the status bar (see describe_action)."""
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if name:
            action.setObjectName(name)
        action.triggered.connect(slot)
        describe_action(action, tip)
        return action

    def _undo_text(self, text: str) -> None:
        self.undo_action.setText(f"{self.tr('&Angre')} {text.replace('&', '&&')}".rstrip())  # user text: "&" is no mnemonic

    def _redo_text(self, text: str) -> None:
        self.redo_action.setText(f"{self.tr('&Gjør om')} {text.replace('&', '&&')}".rstrip())

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&Fil"))
        self.new_action = self._action(self.tr("&Ny database …"), self.new_database, None, "newDatabase",
                                       self.tr("Begynn et nytt, tomt register i en ny databasefil"))
        self.open_action = self._action(self.tr("Å&pne …"), self.open_database, QKeySequence.StandardKey.Open, "openDatabase",
                                        self.tr("Åpne en annen database, for eksempel en på en delt stasjon"))
        self.import_action = self._action(self.tr("&Importer …"), self.import_file, "Ctrl+I", "importBundle",
                                          self.tr("Les inn en pakke (.json) eller en avtaletabell (.xlsx, .csv); du ser hva som endres før noe lagres"))
        self.export_action = self._action(self.tr("&Eksporter …"), self.export_file, "Ctrl+E", "exportBundle",
                                          self.tr("Skriv hele registeret som en pakke (.json), eller avtaletabellen (.xlsx, .csv)"))
        self.demo_action = self._action(self.tr("Last inn &demodata"), self.load_demo, None, "loadDemo",
                                        self.tr("Eksempeldata: fyller en tom database, ellers åpnes en egen demodatabase"))
        self.backup_action = self._action(self.tr("Ta &sikkerhetskopi nå"), self.backup_now, None, "backupNow",
                                          self.tr("Ta en sikkerhetskopi av databasen nå, i mappen ved siden av den"))
        self.restore_action = self._action(self.tr("&Gjenopprett sikkerhetskopi …"), self.restore_backup, None, "restoreBackup",
                                           self.tr("Hent tilbake en sikkerhetskopi; det som er i databasen nå, sikkerhetskopieres først"))
        self.quit_action = self._action(self.tr("&Avslutt"), self.close, QKeySequence.StandardKey.Quit, "quit",
                                        self.tr("Lukk programmet; alt er allerede lagret"))
        for action in (self.new_action, self.open_action):
            file_menu.addAction(action)
        self.recent_menu = file_menu.addMenu(self.tr("Nylig &brukte"))
        self.recent_menu.setObjectName("recentDatabases")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.recent_menu.menuAction().setVisible(self.settings is not None)  # a screenshot keeps no list
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.export_action)
        # The documents the tabs print, where one looks for them first (was: only on Dagsorden's and Evaluering's
        # toolbars). Each goes to its tab, whose meeting, year or criteria set is what is printed.
        self.print_menu = file_menu.addMenu(self.tr("Skriv &ut"))
        self.print_menu.setObjectName("printMenu")
        for text, tab, action, name, tip in (
            (self.tr("&Dagsorden (PDF) …"), "agenda", "print_agenda_action", "printAgendaMenu",
             self.tr("Dagsordenen for møtet som er valgt under Dagsorden, som PDF")),
            (self.tr("&Protokoll (PDF) …"), "agenda", "print_minutes_action", "printMinutesMenu",
             self.tr("Protokollen for møtet som er valgt under Dagsorden, som PDF")),
            (self.tr("&Oversikt til Fellesdokumentet (PDF) …"), "agenda", "print_overview_action", "printOverviewMenu",
             self.tr("Avtalene i kraft ved 4. møte i året som er valgt under Dagsorden, som PDF til Fellesdokumentet")),
            (self.tr("&Evalueringsrapport (PDF) …"), "evaluation", "pdf_action", "printEvaluationMenu",
             self.tr("Status- og evalueringsrapporten for kriteriesettet som er valgt under Evaluering, som PDF")),
        ):
            self.print_menu.addAction(self._action(text, lambda _=False, t=tab, a=action: self.print_from(t, a), None, name, tip))
        file_menu.addAction(self.demo_action)
        file_menu.addSeparator()
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu(self.tr("&Rediger"))
        # Not QUndoStack.createUndoAction: its action calls the stack, which moves even when the database refuses
        # the step; SessionBridge.undo() does the work first and tells the user if it cannot.
        stack = self.bridge.undo_stack
        self.undo_action = self._action(self.tr("&Angre"), lambda: self.bridge.undo(self), None, "undo",
                                        self.tr("Angre den siste endringen, i hvilken fane den enn ble gjort"))
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.redo_action = self._action(self.tr("&Gjør om"), lambda: self.bridge.redo(self), None, "redo",
                                        self.tr("Gjør om det som sist ble angret"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        stack.undoTextChanged.connect(self._undo_text)
        stack.redoTextChanged.connect(self._redo_text)
        self.undo_action.setEnabled(stack.canUndo())
        self.redo_action.setEnabled(stack.canRedo())
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.new_agreement_action = self._action(self.tr("&Ny avtale …"), self.new_agreement, QKeySequence.StandardKey.New, "newAgreementMenu",
                                                 ui_text(NEW_AGREEMENT_TIP))
        self.parties_action = self._action(self.tr("Departementer og &parter …"), lambda: self.register_tab.edit_parties(), None, "editPartiesMenu",
                                           ui_text(PARTIES_TIP))
        # Open in a read-only window too (to read): not among the actions _update_title disables.
        self.governments_action = self._action(self.tr("Regjeringss&kifter …"), lambda: self.register_tab.edit_governments(), None, "editGovernmentsMenu",
                                               ui_text(GOVERNMENTS_TIP))
        edit_menu.addAction(self.new_agreement_action)
        edit_menu.addAction(self.parties_action)
        edit_menu.addAction(self.governments_action)
        self.settings_action = self._action(self.tr("&Innstillinger …"), self.edit_settings, QKeySequence.StandardKey.Preferences, "settings",
                                            self.tr("Undertegning på nytt, nummerering av saker, første valgår og sikkerhetskopier"))
        edit_menu.addAction(self.settings_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self._action(self.tr("&Søk i registeret"), self._find, QKeySequence.StandardKey.Find, "find",
                                         self.tr("Til søkefeltet i Avtaleregister")))

        help_menu = bar.addMenu(self.tr("&Hjelp"))
        help_menu.addAction(self._action(self.tr("&Hurtigtaster"), self.show_shortcuts, QKeySequence.StandardKey.HelpContents, "shortcuts",
                                         self.tr("Alle hurtigtastene i vinduet")))
        help_menu.addAction(self._action(self.tr("&Om Konsultasjon"), self.about, None, "about",
                                         self.tr("Versjonen, og hvor databasen, innstillingene og loggen ligger")))

    # -- state --------------------------------------------------------------------------------------------

    def _update_title(self) -> None:
        session = self.bridge.session
        suffix = self.tr(" (skrivebeskyttet)") if session.read_only else ""
        self.setWindowTitle(f"{session.path.name}{suffix} – {self.tr('Konsultasjon – samarbeidsavtaler stat–KS')}")
        self.status_path.setText(str(session.path))
        self._update_banner()
        for action in (self.import_action, self.demo_action, self.backup_action, self.restore_action, self.new_agreement_action, self.parties_action, self.settings_action):
            action.setEnabled(not session.read_only)
        self._update_status()

    def _update_banner(self) -> None:
        session = self.bridge.session
        notes = []
        if session.read_only:
            # In the words a refused change, a tab and meeting mode use (who has it; once gone, how to write it).
            note = self.bridge.read_only_notice(self.tr("du kan lese, søke og skrive ut, men ikke endre"))
            # Read as it stood when opened (a folder this program may only read), it cannot follow the writer.
            if self.bridge.writer and session.store.immutable:
                note += " " + self.tr("Endringer som gjøres der, vises ikke her før du åpner databasen på nytt (Fil → Åpne …).")
            elif self.bridge.writer:
                note += " " + self.tr("Endringer som gjøres der, vises her etter noen sekunder.")
            if session.store.disk_full:  # why it is read-only, and how to get out of it
                note += " " + self.tr("Disken databasen ligger på, er full: endringer kan ikke lagres før det er frigjort plass. "
                                      "Åpne databasen på nytt (Fil → Åpne …) når det er gjort.")
            from .opening import read_only_reason

            why = read_only_reason(session)  # a write-protected file, folder or drive: said as the question said it
            if why:
                note += " " + why
            notes.append(note)
        location = self._location_note(session.path)
        if location:
            notes.append(location)
        # A meeting calendar out of the meetings' order (3. møte dated before 2. møte, from an import or an older
        # version) gives plans that sign before they decide: said above every tab until the dates are put right, as
        # `check` says it (the meeting dialog says it only while a date is typed).
        from ..domain.meetings import meeting_order_warnings

        for warning in meeting_order_warnings(self.bridge.register):
            notes.append(fill(self.tr("%1 Rett datoene under Dagsorden med «Rediger møte …»."), warning.message))
        text = "\n".join(notes)
        changed = text != self.banner.text()
        self.banner.setText(text)
        self.banner.setVisible(bool(notes))
        if changed:
            self._announce_banner(text)
        offer = session.read_only and self.bridge.writer_gone
        if offer and self.writable_button is None:
            from PySide6.QtWidgets import QPushButton

            self.writable_button = QPushButton(self.tr("Åpne for skriving"), self)
            self.writable_button.setObjectName("openWritable")
            self.writable_button.clicked.connect(self.open_for_writing)
            self._banner_row.addWidget(self.writable_button)
        if self.writable_button is not None:
            self.writable_button.setVisible(offer)

    def _announce_banner(self, text: str) -> None:
        """A screen reader told what the banner now says (the other program has let go of the database, why it is
        read-only): it does not read a label that changes without the focus. At opening the window's title says
        «skrivebeskyttet»; the banner is announced once the window is on screen and it changes."""
        self.banner.setAccessibleName(text)
        if not self.isVisible():
            return
        # Named here, not at the top: naming QAccessible makes its Python type and its enums (some 300 members), which
        # a start shows no banner change for.
        from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent

        QAccessible.updateAccessibility(QAccessibleEvent(self.banner, QAccessible.Event.NameChanged))
        if text:
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self.banner, text))

    def _location_note(self, path: Path) -> str | None:
        """What the banner says of where the database lies (a network drive, a folder OneDrive syncs), with how to move
        it; None for a local disk. Looked up once per database (a mount table, OneDrive's folders, the file's
        attributes), not at every change of the meetings that redraws the banner."""
        if self._location_of == path:
            return self._location
        from ..store.location import is_cloud_synced, is_network_path

        if is_network_path(path):
            why = self.tr("Databasen ligger på en nettverksstasjon, og SQLite er ikke trygt der.")
            to, there = self.tr("en lokal disk"), self.tr("en lokal disk")
        elif is_cloud_synced(path):
            # OneDrive copies the file to the other PCs but not the lock: two PCs each write as the only writer, and
            # one's changes are lost, or the file damaged.
            why = self.tr("Databasen ligger i en mappe som OneDrive synkroniserer. OneDrive synkroniserer ikke låsen som hindrer to i å "
                          "skrive samtidig, så bare én PC om gangen kan bruke databasen; ellers kan endringer gå tapt.")
            to, there = self.tr("en lokal mappe"), self.tr("en lokal mappe utenfor OneDrive")
        else:
            why = None
        note = None
        if why is not None:
            from ..store import attachments, backup  # only here: attachments loads uuid (and hashlib) with it

            # Moving by copying loses nothing; an export and import would leave the parties, the attachments and the
            # history behind. The folders are named as the store names them for this file.
            note = why + " " + fill(self.tr("Flytt den til %1 slik: lukk programmet, kopier «%2» sammen med mappene «%3» og «%4» (de som "
                                            "finnes) til %5, og åpne den der med Fil → Åpne …"),
                                    to, path.name, attachments.folder(path).name, backup.folder(path).name, there)
        self._location_of, self._location = path, note
        return note

    def open_for_writing(self) -> None:
        """The database of this read-only window opened again as its writer, as opening it does (backed up first)."""
        self._switch_to(self.bridge.session.path)

    def _on_changed(self, changed: Changed) -> None:
        self._update_status()
        if changed.touches("meetings"):
            self._update_banner()

    def _update_status(self) -> None:
        register = self.bridge.register
        agreements, meetings = len(register.agreements), len(register.meetings)
        self.status_count.setText(
            (self.tr("1 avtale") if agreements == 1 else self.tr("%1 avtaler").replace("%1", str(agreements))) + " · "
            + (self.tr("1 møte") if meetings == 1 else self.tr("%1 møter").replace("%1", str(meetings)))
        )

    def show_tab(self, name: str) -> None:
        self.tabs.setCurrentIndex(TAB_NAMES.index(name))
        self._tab(name)

    def print_from(self, tab: str, action: str) -> None:
        """A Fil → Skriv ut entry: its tab shown, and the tab's own action (`action`) run; one it cannot run yet (no
        meeting or criteria set chosen) says what is missing itself, as it does for Ctrl+P."""
        self.show_tab(tab)
        getattr(self._tab(tab), action).trigger()

    def new_agreement(self) -> None:
        self.show_tab("register")
        self.register_tab.new_agreement()

    def _find(self) -> None:
        self.show_tab("register")
        self.register_tab.focus_search()

    def _error(self, title: str, exc: Exception) -> None:
        QtWidgets.QMessageBox.warning(self, title, environment_message(exc))

    # -- file actions -------------------------------------------------------------------------------------

    def _switch_to(self, path: Path, forget=None) -> bool:
        """Open `path` in this window; `forget(path)` takes it off Nylig brukte (offered when it is not there)."""
        from .opening import open_database

        if self._already_open(path):
            return True
        # Also asked of the database found in place of a missing one («Finn den …»).
        session = open_database(path, self, keep=self._keep(), forget=forget, already_open=self._already_open)
        if session is None:
            return False
        self.bridge.set_session(session)
        self.statusBar().showMessage(self.tr("Åpnet %1").replace("%1", str(session.path)), 5000)  # (found elsewhere, maybe)
        return True

    def _already_open(self, path: Path) -> bool:
        """Whether `path` is the database this window has open for writing; said in the status bar if so. Opening it
        again would find this window's own lock and offer it read-only, locking the window out."""
        if self.bridge.session.read_only or not files.same_file(path, self.bridge.session.path):
            return False
        self.statusBar().showMessage(self.tr("%1 er allerede åpen.").replace("%1", str(path)), 5000)
        return True

    def _remember(self) -> None:
        """The open database goes first in *Nylig brukte*, and a start without --db opens it (ui.recent)."""
        if self.settings is not None:
            from .recent import remember

            remember(self.settings, self.bridge.session.path)

    def _fill_recent(self) -> None:
        from .recent import fill_menu

        fill_menu(self.recent_menu, self.settings, self.bridge.session.path, self.open_recent)

    def open_recent(self, path: Path) -> bool:
        """A database from *Nylig brukte*. One that is not there is not made anew (as opening a new name would):
        the user is told, and may take it off the list."""
        from .recent import forget

        from ..store.backup import list_backups

        if not path.exists() and not list_backups(path):  # gone with its backups beside it: opening offers them
            answer = QtWidgets.QMessageBox.question(
                self,
                self.tr("Finner ikke databasen"),
                self.tr("%1 finnes ikke nå (en nettverksstasjon som ikke er tilkoblet, eller en fil som er flyttet eller slettet).\n\n"
                        "Vil du fjerne den fra listen over nylig brukte?").replace("%1", str(path)),
                QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No,
                QtWidgets.QMessageBox.StandardButton.No,
            )
            if answer == QtWidgets.QMessageBox.StandardButton.Yes:
                forget(self.settings, path)
            return False
        return self._switch_to(path, forget=lambda gone: forget(self.settings, gone))  # renamed, moved: may be taken off

    def _keep(self) -> int:
        return self.settings.get("backups/keep") if self.settings else DEFAULT_KEEP

    def backup_now(self) -> None:
        try:
            made = self.bridge.session.backup("manual")
        except StoreError as exc:
            self._error(self.tr("Ingen sikkerhetskopi"), exc)
            return
        self.statusBar().showMessage(self.tr("Sikkerhetskopi tatt: %1").replace("%1", made.path.name), 6000)

    def restore_backup(self) -> None:
        """Put a backup's content in place of the open database's, under this window's writer's lock (Session.restore).
        What is there now is backed up first; the user is told that restoring that backup is the way back (the undo
        history goes: its steps were made on the content replaced)."""
        from ..store import backup as backups
        from ..store.errors import UNMADE_BACKUP, UNUSABLE_BACKUP
        from .backup_chooser import restore_one

        def restore(chosen):
            try:
                return self.bridge.restore(chosen)
            except StoreError as exc:  # nothing was restored: the database is open here as it was
                if exc.kind in UNUSABLE_BACKUP:  # that backup (damaged, gone): the others are offered again
                    return exc
                raise

        path = self.bridge.session.path
        if not backups.list_backups(path):  # a new database: said, rather than a list to choose from with nothing in it
            QtWidgets.QMessageBox.information(
                self,
                self.tr("Gjenopprett sikkerhetskopi"),
                self.tr("Det finnes ingen sikkerhetskopier av denne databasen ennå.\n\nProgrammet tar en når databasen åpnes etter at "
                        "innholdet er endret, og før hver import; Fil → Ta sikkerhetskopi nå tar en med en gang. De ligger i %1.")
                .replace("%1", str(backups.folder(path))),
            )
            return
        choice = self.tr("Velg sikkerhetskopien som skal erstatte innholdet i databasen. Det som er der nå, sikkerhetskopieres først.")
        try:
            restored = restore_one(path, self, None, choice, restore)
        except StoreError as exc:
            if exc.kind in UNMADE_BACKUP:  # the backup of what is there now, which is the way back, could not be made
                QtWidgets.QMessageBox.warning(
                    self,
                    self.tr("Gjenopprettingen ble ikke gjennomført"),
                    self.tr("Det som er i databasen nå, sikkerhetskopieres før en gjenoppretting (det er veien tilbake), men %1.\n\n"
                            "Ingenting er endret.").replace("%1", exc.message_nb),
                )
            else:
                self._error(self.tr("Gjenopprettingen ble ikke gjennomført"), exc)
            return
        if restored is None:
            return
        chosen, before = restored
        if self.bridge.session.closed:  # restored, but it could not be read back: opened again as on starting
            from .opening import open_database

            reopened = open_database(path, self, keep=self._keep())
            if reopened is None:  # its reasons were told; the way back must be told too, for the window closes now
                QtWidgets.QMessageBox.information(
                    self,
                    self.tr("Sikkerhetskopi gjenopprettet"),
                    fill(self.tr("Sikkerhetskopien fra %1 er gjenopprettet, men databasen kunne ikke åpnes igjen.\n\n"
                                 "Det som var i databasen før, ligger i sikkerhetskopien fra %2."), chosen.label, before.label),
                )
                self.bridge.close()
                self.close()  # nothing can be opened; every change was already stored
                return
            self.bridge.set_session(reopened)
        self.statusBar().showMessage(self.tr("Gjenopprettet sikkerhetskopien fra %1").replace("%1", chosen.label), 8000)
        # The status bar's word goes by unseen, and Ctrl+Z cannot undo this: the way back is said where it is read.
        QtWidgets.QMessageBox.information(
            self,
            self.tr("Sikkerhetskopi gjenopprettet"),
            fill(self.tr("Sikkerhetskopien fra %1 er gjenopprettet.\n\nDet som var i databasen før, ligger i sikkerhetskopien fra %2. "
                         "Vil du tilbake dit, gjenoppretter du den (Fil → Gjenopprett sikkerhetskopi …). "
                         "Angre (Ctrl+Z) kan ikke oppheve en gjenoppretting."), chosen.label, before.label),
        )

    def new_database(self) -> None:
        """A new, empty database. An existing file is never replaced (the save dialog does not offer to): the user
        is asked whether to open it instead."""
        from .documents import remember_folder, start_folder

        # The folder last chosen for a database, as every file dialog does (was: the hidden data folder every time).
        name, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, self.tr("Ny database"), str(start_folder(self, "databases")), self.tr("Database (*.sqlite3)"),
            options=QtWidgets.QFileDialog.Option.DontConfirmOverwrite,
        )
        if not name:
            return
        remember_folder(self, "databases", name)
        from .opening import DATABASE_SUFFIXES

        path = Path(name)
        # Added, never put in place of "Register per 15.06"'s ".06"; not to a name Åpne takes for a database's
        # ("Register 2026.sqlite"): was made a second, empty "….sqlite.sqlite3" beside it, and nothing was asked.
        if path.suffix.lower() not in DATABASE_SUFFIXES:
            path = path.with_name(path.name + ".sqlite3")
        if path.exists():
            answer = QtWidgets.QMessageBox.question(
                self,
                self.tr("Ny database"),
                fill(self.tr("«%1» finnes allerede i %2, og en database skrives aldri over.\n\nVil du åpne den?"),
                     path.name, path.parent),
            )
            if answer == QtWidgets.QMessageBox.StandardButton.Yes:
                self._switch_to(path)
            return
        self._switch_to(path)

    def open_database(self) -> None:
        from .documents import remember_folder, start_folder
        from .opening import database_filter

        name, _ = QtWidgets.QFileDialog.getOpenFileName(self, self.tr("Åpne database"), str(start_folder(self, "databases")),
                                                        database_filter(self))
        if name:
            remember_folder(self, "databases", name)
            self._switch_to(Path(name))

    def import_file(self, path: Path | None = None) -> MergeReport | None:
        """A bundle is checked whole and imported (one undoable step); a spreadsheet is previewed row by row first."""
        if not path:
            from .documents import remember_folder, start_folder

            name, _ = QtWidgets.QFileDialog.getOpenFileName(
                self, self.tr("Importer"), str(start_folder(self, "exchange")),
                self.tr("Konsultasjonspakke eller avtaletabell (*.json *.xlsx *.csv);;Alle filer (*)")
            )
            if not name:
                return None
            remember_folder(self, "exchange", name)
            path = Path(name)
        from ..store import exchange

        session = self.bridge.session
        skipped: list[int] = []  # the spreadsheet rows left out as invalid (the preview showed why)
        try:
            # A table of thousands of rows takes seconds to read and to write: the wait cursor for each, not for the
            # preview between them (a dialog or question during the work shows the ordinary cursor: see busy).
            with busy(self, self.tr("Leser «%1» …").replace("%1", path.name)):
                kind = exchange.check_import(path)
                if kind == "json":
                    planned = exchange.plan_file(path, session.register)
                else:
                    result = exchange.read_agreement_table_file(path, session.register)
            if kind != "json":
                if not self._preview(path, result):
                    return None
                planned = result.plan
                skipped = [s.number for s in result.rows if s.status == "invalid"]
            if not planned.ops:
                QtWidgets.QMessageBox.information(self, self.tr("Importer"), self.tr("%1: ingenting nytt eller endret.").replace("%1", path.name))
                return planned.report
            from .held import go_on

            with busy(self, self.tr("Importerer «%1» …").replace("%1", path.name)):
                # New titles, dates or deletes may change the agenda of a meeting already held: said first.
                if not go_on(self, self.tr("Importer"), session.register, planned.ops):
                    return None
                if not self._backed_up_for_import(path):
                    return None
                self.bridge.run(Command(f"Importer {path.name}", planned.ops, checked=True))  # read from the file already
        except EXPECTED as exc:
            self._error(self.tr("Importen ble ikke gjennomført"), exc)
            return None
        self.statusBar().showMessage(self.tr("Importerte %1").replace("%1", path.name), 5000)
        text = report_text(planned.report)
        if skipped:  # said after the preview has closed too: the import's record of what it left out
            text += "\n" + fill(self.tr("ugyldige rader hoppet over: %1 (rad %2)"), len(skipped), ", ".join(map(str, skipped)))
        QtWidgets.QMessageBox.information(self, self.tr("Importert"), f"{path.name}\n\n{text}")
        return planned.report

    def _backed_up_for_import(self, path: Path) -> bool:
        """The backup before an import, or the user's word to import without it: a backups folder one may not write
        to (a colleague made it), a path too long for Windows or a full disk would otherwise refuse every import.
        The database is as it was either way, and the import can be undone (Ctrl+Z). A first import into a new
        database makes none, as on the command line: there is nothing to go back to."""
        from ..store.exchange import backup_before_import

        try:
            backup_before_import(self.bridge.session)
            return True
        except StoreError as exc:
            answer = QtWidgets.QMessageBox.question(
                self,
                self.tr("Importer"),
                fill(self.tr("Databasen sikkerhetskopieres før hver import, men %1.\n\nVil du importere %2 likevel? Importen kan angres "
                             "(Rediger → Angre), men det blir ingen sikkerhetskopi av databasen slik den er nå."), exc.message_nb, path.name),
                QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No,
                QtWidgets.QMessageBox.StandardButton.No,
            )
            return answer == QtWidgets.QMessageBox.StandardButton.Yes

    def _preview(self, path: Path, result) -> bool:
        from .register.import_preview import ImportPreview

        return ImportPreview(path.name, result, self).exec() == QtWidgets.QDialog.DialogCode.Accepted

    def export_file(self) -> None:
        from .documents import database_refusal, remember_folder, start_folder, with_suffix

        name, chosen = QtWidgets.QFileDialog.getSaveFileName(
            self,
            self.tr("Eksporter"),
            str(start_folder(self, "exchange") / "konsultasjon.json"),  # not the working folder (a shortcut's: the program's own)
            self.tr("Konsultasjonspakke – alt (*.json);;Avtaletabell for Excel (*.xlsx);;Avtaletabell, CSV (*.csv)"),
        )
        if not name:
            return
        remember_folder(self, "exchange", name)

        # A name ending in one of the three is written as that kind; otherwise the filter chosen adds its extension.
        path = with_suffix(self, name, ".xlsx" if "xlsx" in chosen else ".csv" if "csv" in chosen else ".json", (".json", ".xlsx", ".csv"))
        if path is None:
            return
        refused = database_refusal(self, path)  # a database named register.json, say
        if refused is not None:
            QtWidgets.QMessageBox.warning(self, self.tr("Eksporten ble ikke gjennomført"), refused)
            return
        from ..store.exchange import export_file

        try:
            with busy(self, self.tr("Eksporterer til «%1» …").replace("%1", path.name)):  # a workbook of 4,000: ~0.7 s
                export_file(self.bridge.register, path)
        except (InvalidInput, files.FileAccessError) as exc:
            self._error(self.tr("Eksporten ble ikke gjennomført"), exc)
            return
        # The whole register, as the README defines the export: said, since Avtaleregister may show only part of it.
        count = len(self.bridge.register.agreements)
        register_tab = self._built.get("register")
        if count < 2:
            text = self.tr("Eksporterte 1 avtale til %1") if count == 1 else self.tr("Eksporterte til %1")
        elif register_tab is not None and register_tab.shown_count() < count:  # said before the path (long)
            text = self.tr("Eksporterte alle %2 avtalene, også de filteret i Avtaleregister skjuler, til %1")
        else:
            text = self.tr("Eksporterte alle %2 avtalene til %1")
        self.statusBar().showMessage(fill(text, path, count), 5000)

    def load_demo(self) -> None:
        """Demo data never goes over the user's data: an empty database is filled, otherwise the demo database opens.
        Empty is what a new database holds: settings, governments, parties, criteria sets or deviations of the user's
        own are data too (was: no agreements and no meetings, and the demo's settings went over the user's unsaid)."""
        from ..store import demo, exchange
        from ..store.database import Store

        register = self.bridge.register
        if register == Store.new_register():
            answer = QtWidgets.QMessageBox.question(self, self.tr("Demodata"), self.tr("Databasen er tom. Fylle den med demodata (avtalene fra 2006)?"))
            if answer != QtWidgets.QMessageBox.StandardButton.Yes:
                return
            try:
                incoming = exchange.read_bundle_file(demo.demo_bundle_path(), register)
                self.bridge.run(Command(self.tr("Last inn demodata"), exchange.plan_import(register, incoming).ops, checked=True))
            except EXPECTED as exc:
                self._error(self.tr("Demodata"), exc)
            return
        path = paths.demo_db_path()
        if files.same_file(path, self.bridge.session.path):
            QtWidgets.QMessageBox.information(self, self.tr("Demodata"), self.tr("Dette er demodatabasen: demodataene er allerede her."))
            return
        QtWidgets.QMessageBox.information(
            self,
            self.tr("Demodata"),
            self.tr("Denne databasen har allerede innhold, og demodata legges aldri over dine data. Demodatabasen åpnes i stedet:\n%1").replace("%1", str(path)),
        )
        try:
            demo.ensure_demo(path)
        except EXPECTED as exc:
            self._error(self.tr("Demodata"), exc)
            return
        self._switch_to(path)

    def edit_settings(self) -> None:
        from .settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.bridge.register.settings, self._keep() if self.settings else None, self)

        def save() -> bool:  # refused by the database (held by another program): the dialog opens again as chosen
            command = dialog.command()
            if command is not None:
                from .held import go_on

                # Re-signing on every continue puts items on meetings already held: said first (No: the dialog again).
                if not go_on(self, self.tr("Innstillinger"), self.bridge.register, command.ops):
                    return False
                if not self.bridge.run_or_tell(command, self):
                    return False
            if self.settings is not None:  # this machine's choice last: Avbryt after a No or a refusal leaves it too
                self.settings.set("backups/keep", dialog.keep.value())
                self.bridge.session.store.backup_keep = dialog.keep.value()
            return True

        exec_until_saved(dialog, save)

    def show_shortcuts(self) -> None:
        from .shortcuts import ShortcutsDialog

        ShortcutsDialog(self).exec()

    def about(self) -> None:
        """The version, and where the program keeps its files: what IT support asks for (the log to send, the
        settings file to reset the window's layout), as text that can be selected and copied."""
        from PySide6.QtCore import Qt

        places = [(self.tr("Database"), self.bridge.session.path), (self.tr("Datamappe"), paths.data_dir()), (self.tr("Loggfil"), paths.log_path())]
        if self.settings is not None:  # (a screenshot's window keeps no settings)
            places.append((self.tr("Innstillingsfil"), Path(self.settings.path)))
        box = QtWidgets.QMessageBox(self)
        box.setWindowTitle(self.tr("Om Konsultasjon"))
        box.setIconPixmap(self.windowIcon().pixmap(64, 64))  # as QMessageBox.about shows it
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(
            self.tr("<h3>Konsultasjon %1</h3><p>Register over samarbeidsavtaler mellom staten og KS, møtekalender og dagsorden "
                    "for konsultasjonsmøtene, og årlig evaluering.</p>").replace("%1", __version__)
            + "<p>" + "<br>".join(f"{escaped(label)}: {escaped(str(path))}" for label, path in places) + "</p>"
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        box.setStandardButtons(QtWidgets.QMessageBox.StandardButton.Ok)
        try:
            box.exec()
        finally:
            box.deleteLater()

    def restore_layout(self) -> None:
        if self.settings is None:
            return
        self.restoreGeometry(self.settings.get("window/geometry"))
        self.tabs.setCurrentIndex(min(max(self.settings.get("window/tab"), 0), self.tabs.count() - 1))

    def save_layout(self) -> None:
        if self.settings is None:
            return
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("window/tab", self.tabs.currentIndex())
        for tab in self._built.values():
            self.settings.save_states(tab.layout_states())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Every change is already stored when it is made: closing needs no "save?" question.
        self.save_layout()
        event.accept()
        # Closed, the window no longer follows the date: the application's activation (which every window hears)
        # must not plan again over a database the window has let go.
        if self._clock.isActive():  # (closed once only: a test, say, may close it again)
            self._clock.stop()
            QApplication.instance().applicationStateChanged.disconnect(self.check_day)
        super().closeEvent(event)
