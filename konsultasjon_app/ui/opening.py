"""Opening a database in the window, with a clear way out of every problem of the environment:
in use by another window (open read-only), damaged or not a database (restore a backup), locked, read-only."""

from __future__ import annotations

import logging
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets  # the dialogs' classes are looked up when a problem is shown, not at every start

from .. import files
from ..domain.problems import InvalidInput
from ..store import backup as backups
from ..store.database import Upgrade, write_restored
from ..store.errors import UNUSABLE_BACKUP, StoreError
from ..store.lock import is_sqlite_file
from ..store.session import Session, take_lock
from .errors import as_sentence, environment_message
from .widgets import fill

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)
IMPORTED_SUFFIXES = (".json", ".xlsx", ".csv")  # what Fil → Importer reads (a bundle, an agreement table)
DATABASE_SUFFIXES = (".sqlite3", ".sqlite", ".db", ".db3")  # a database's names (Fil → Ny database gives .sqlite3)
# Why a session was opened read-only, where neither its store (a full disk) nor its lock (another writer) keeps it:
# the banner says it for as long as the database is open, after the question that said it has closed.
_READ_ONLY_WHY: weakref.WeakKeyDictionary[Session, str] = weakref.WeakKeyDictionary()


def read_only_reason(session: Session) -> str | None:
    """Why `session` is read-only and what to do about it, when opening found the file, its folder or its drive
    write-protected; None otherwise."""
    return _READ_ONLY_WHY.get(session)


def _empty_file(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size == 0
    except OSError:
        return False  # what cannot be looked at is told when it is opened
DAMAGED = ("corrupt", "incomplete", "not-a-database", "foreign", "io")


def _absent(path: Path) -> bool:
    """Whether nothing is at `path` (a database still to be made). One that cannot be looked at is not taken for absent."""
    try:
        path.lstat()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return False


def _nearest_folder(path: Path) -> Path:
    """The folder a new database at `path` is made in, or, when that is not there yet, the nearest one on its way
    that is (where it would be made, and what cannot be written)."""
    folder = path.parent
    while not folder.is_dir() and folder.parent != folder:
        folder = folder.parent
    return folder


def open_database(path: Path, parent: QWidget | None = None, *, keep: int = backups.DEFAULT_KEEP,
                  forget: Callable[[Path], None] | None = None,
                  already_open: Callable[[Path], bool] | None = None) -> Session | None:
    """Open `path` as this window's database: the only writer, backed up on open. On problems, ask the user what
    to do (read-only, restore a backup) or tell them; None if nothing could be opened. `forget(path)` takes it off
    the list it was chosen from (Nylig brukte), offered when it is not there. `already_open(found)` says whether the
    database found in place of a missing one is the one the window has open (and tells the user so): not opened again."""
    if path.suffix.lower() in IMPORTED_SUFFIXES and not is_sqlite_file(path):
        # A bundle or an agreement table a colleague sent, chosen under Åpne: said how it is brought in. Checked
        # first: an empty one (or none by that name) would have been made into an empty database without a word.
        text = StoreError("not-a-database", path).message_nb + "\n\n" + QtWidgets.QMessageBox.tr(
            "En %1-fil hentes inn i en database med Fil → Importer.").replace("%1", path.suffix.lower())
        QtWidgets.QMessageBox.critical(parent, QtWidgets.QMessageBox.tr("Kan ikke åpne databasen"), text)
        return None
    if path.suffix.lower() not in DATABASE_SUFFIXES and _empty_file(path) and not backups.list_backups(path):
        # An empty document (a .txt, a .docx just made) chosen under Åpne with «Alle filer»: was made into an empty
        # database without a word. A new database is made with Fil → Ny database, which names it .sqlite3.
        QtWidgets.QMessageBox.critical(parent, QtWidgets.QMessageBox.tr("Kan ikke åpne databasen"), QtWidgets.QMessageBox.tr(
            "%1 er en tom fil, ikke en database for dette programmet. En ny database lages med Fil → Ny database.").replace("%1", str(path)))
        return None
    lost = backups.lost(path)
    if lost and backups.list_backups(path):
        if _absent(path):
            # Not there at all, rather than emptied: most often renamed or moved (in Utforsker, by a colleague). A
            # backup restored, or an empty start, under the old name would fork the register: the file is looked
            # for first. Was: only «tom eller finnes ikke», with the backups.
            where = _ask_where(path, parent, can_forget=forget is not None)
            if where == "find":
                found = _find(path, parent)
                if found is None:
                    return None
                if already_open is not None and already_open(found):
                    # Renamed, and opened under its new name already: opened again, it would find the window's own
                    # lock and offer itself read-only in place of the writable session.
                    if forget is not None:
                        forget(path)
                    return None
                session = open_database(found, parent, keep=keep, forget=forget, already_open=already_open)
                if session is not None and forget is not None:
                    forget(path)  # found under its new name or place: the old one would lead here again
                return session
            if where == "forget" and forget is not None:
                forget(path)
            if where != "backups":
                return None
        # Gone or emptied (deleted, or truncated by a sync tool), while its backups lie beside it: opening would start
        # an empty register, whose backups would then push the real ones out of the rotation. Starting afresh all the
        # same keeps them apart, in tidligere/ (backups.keep_earlier), and says so before.
        what = QtWidgets.QDialog.tr("Databasen %1 er tom eller finnes ikke, men det finnes sikkerhetskopier av den.").replace("%1", str(path))
        choice = QtWidgets.QDialog.tr(
            "Velg en sikkerhetskopi å gjenopprette, eller begynn med en tom database. Sikkerhetskopiene i listen tas da vare på "
            "i mappen %1, der de nye sikkerhetskopiene ikke skyver dem ut, og de kan fortsatt gjenopprettes (Fil → Gjenopprett "
            "sikkerhetskopi …). Der slettes de først når de er over et år gamle, og de nyeste beholdes alltid. Avbryt åpner ingen "
            "database."
        ).replace("%1", str(backups.folder(path) / backups.EARLIER))
        from .backup_chooser import WITHOUT_BACKUP

        restored = _offer_backups(path, what, choice, parent, keep=keep, decline=QtWidgets.QDialog.tr("Begynn med tom database"))
        if restored is not WITHOUT_BACKUP:
            return restored
        left = backups.keep_earlier(path)  # before the new register's first backup
        if left and not _start_all_the_same(path, left, parent):
            return None
    try:
        # An emptied file opened all the same is not backed up on opening: its copy would push a real one out.
        session = Session.open(path, lock=True, backup_on_open=not lost, backup_keep=keep)
        if session.store.upgraded is not None:
            _tell_upgraded(session.store.upgraded, parent)
        if session.backup_failure is not None:
            log.warning("no backup on opening %s: %s", path, session.backup_failure.message)
            QtWidgets.QMessageBox.warning(
                parent,
                QtWidgets.QMessageBox.tr("Ingen sikkerhetskopi"),
                QtWidgets.QMessageBox.tr("Databasen er åpnet, men det ble ikke tatt sikkerhetskopi av den: %1").replace("%1", session.backup_failure.message_nb),
            )
        return session
    except StoreError as exc:
        log.warning("cannot open %s: %s", path, exc.message)
        if exc.kind == "read-only" and _absent(path):
            # Being made (a first start, Fil → Ny database) in a folder one may not write: there is nothing to open
            # read-only. Was: offered so, then "kan ikke åpnes", and nothing said what to do.
            text = QtWidgets.QMessageBox.tr(
                "Databasen %1 kunne ikke lages: mappen %2 kan ikke skrives (ingen tilgang, eller en skrivebeskyttet stasjon). Be om "
                "skrivetilgang til mappen, eller lag databasen i en mappe du kan skrive i (Fil → Ny database … i et åpent vindu, "
                "eller start programmet med --db og stien til databasen).")
            text = fill(text, path, _nearest_folder(path))
            QtWidgets.QMessageBox.critical(parent, QtWidgets.QMessageBox.tr("Kan ikke lage databasen"), text)
            return None
        if exc.kind in ("in-use", "read-only"):  # in another window, or on a drive, folder or file one may only read
            if exc.kind == "in-use":
                return _offer_read_only(path, parent, QtWidgets.QMessageBox.tr("Databasen er i bruk"), exc.message_nb)
            kept = QtWidgets.QMessageBox.tr(
                "Filen, mappen den ligger i, eller stasjonen er skrivebeskyttet, eller du har ikke skrivetilgang der. Fjern "
                "skrivebeskyttelsen (Egenskaper i Utforsker) eller be om skrivetilgang, og åpne databasen på nytt (Fil → Åpne …).")
            return _offer_read_only(path, parent, QtWidgets.QMessageBox.tr("Databasen kan ikke skrives"), exc.message_nb, kept=kept)
        if exc.upgrading is not None:
            # An older database whose upgrade (or the backup before it) cannot be made now: a backups folder this user
            # may not write to, a full disk, another program writing it. It can be read all the same, through an
            # upgraded copy in memory (the file left as it is). Was: "Kan ikke åpne databasen", and nothing opened.
            text = fill(QtWidgets.QMessageBox.tr(
                "Databasen %1 er laget av en eldre versjon av programmet og må oppgraderes før den kan endres, men det kan ikke "
                "gjøres nå: %2"), path, as_sentence(exc.message_nb))
            return _offer_read_only(path, parent, QtWidgets.QMessageBox.tr("Databasen kan ikke oppgraderes"), text)
        if exc.kind == "disk-full" and not _absent(path):
            # No room even for the small file SQLite keeps beside a database it opens (a C: drive filled by OneDrive's
            # cache): it can be read as it stands, to print the agenda in the meeting. Was: "Kan ikke åpne databasen".
            text = fill(QtWidgets.QMessageBox.tr(
                "Databasen %1 kan ikke åpnes for skriving: disken den ligger på, er full. Endringer kan ikke lagres før det er "
                "frigjort plass på disken."), path)
            return _offer_read_only(path, parent, QtWidgets.QMessageBox.tr("Disken er full"), text)
        if exc.kind in DAMAGED and backups.list_backups(path):
            return _offer_backups(
                path,
                exc.message_nb,
                QtWidgets.QDialog.tr("Velg en sikkerhetskopi å gjenopprette. Den skadede filen tas vare på ved siden av."),
                parent,
                keep=keep,
            )
        if exc.kind in ("corrupt", "incomplete") or (exc.kind == "not-a-database" and is_sqlite_file(path)):  # damaged, and no backup to restore
            # (a file that never was a database, a document named .sqlite3, gets only the message below)
            what = exc.message_nb.split(";")[0]  # not its advice to restore a backup: there is none
            answer = QtWidgets.QMessageBox.question(
                parent,
                QtWidgets.QMessageBox.tr("Kan ikke åpne databasen"),
                what + ".\n\n" + QtWidgets.QMessageBox.tr("Det finnes ingen sikkerhetskopi av den. Vil du sette filen til side (den tas vare på "
                                                           "ved siden av) og begynne med en tom database?"),
            )
            if answer == QtWidgets.QMessageBox.StandardButton.Yes:
                try:
                    backups.set_aside(path)
                    return Session.open(path, lock=True, backup_keep=keep)
                except (StoreError, OSError) as again:
                    QtWidgets.QMessageBox.critical(parent, QtWidgets.QMessageBox.tr("Kan ikke åpne databasen"), _failure(again, path))
            return None
        QtWidgets.QMessageBox.critical(parent, QtWidgets.QMessageBox.tr("Kan ikke åpne databasen"), exc.message_nb)
        return None
    except (files.FileAccessError, InvalidInput) as exc:
        QtWidgets.QMessageBox.critical(parent, QtWidgets.QMessageBox.tr("Kan ikke åpne databasen"), environment_message(exc))
        return None


def _ask_where(path: Path, parent: QWidget | None, *, can_forget: bool) -> str:
    """'find', 'forget', 'backups' or 'cancel': what to do about a database that is not there while its backups
    are. That it may have been moved or renamed is said first; restoring a backup is for one that is truly lost."""
    box = QtWidgets.QMessageBox(parent)
    box.setIcon(QtWidgets.QMessageBox.Icon.Warning)
    box.setWindowTitle(QtWidgets.QMessageBox.tr("Finner ikke databasen"))
    box.setText(fill(QtWidgets.QMessageBox.tr(
        "«%1» finnes ikke i mappen %2 nå. Den kan være flyttet eller ha fått nytt navn: finn den da med «Finn den …».\n\n"
        "Er den slettet, finnes det sikkerhetskopier av den, som kan gjenopprettes (Sikkerhetskopier …)."), path.name, path.parent))
    find = box.addButton(QtWidgets.QMessageBox.tr("&Finn den …"), QtWidgets.QMessageBox.ButtonRole.AcceptRole)
    find.setObjectName("findDatabase")
    remove = None
    if can_forget:
        remove = box.addButton(QtWidgets.QMessageBox.tr("Fjern fra &listen"), QtWidgets.QMessageBox.ButtonRole.DestructiveRole)
        remove.setObjectName("forgetDatabase")
    restore = box.addButton(QtWidgets.QMessageBox.tr("&Sikkerhetskopier …"), QtWidgets.QMessageBox.ButtonRole.ActionRole)
    restore.setObjectName("offerBackups")
    box.addButton(QtWidgets.QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(find)
    try:
        box.exec()
        clicked = box.clickedButton()
    finally:
        box.deleteLater()
    if clicked is find:
        return "find"
    if remove is not None and clicked is remove:
        return "forget"
    return "backups" if clicked is restore else "cancel"


def database_filter(context) -> str:
    """The file types of a dialog that opens a database (Åpne, Finn den): every name a database is taken by (was: not
    .sqlite, .db3), and all files; in `context`'s words (its `tr`)."""
    patterns = " ".join(f"*{suffix}" for suffix in DATABASE_SUFFIXES)
    return context.tr("Database (%1);;Alle filer (*)").replace("%1", patterns)


def _find(path: Path, parent: QWidget | None) -> Path | None:
    """The database the user finds in place of the missing `path` (the Åpne dialog, in the folder it was in); None
    when none is chosen."""
    from .documents import remember_folder

    name, _ = QtWidgets.QFileDialog.getOpenFileName(
        parent, QtWidgets.QFileDialog.tr("Finn databasen"), str(_nearest_folder(path)), database_filter(QtWidgets.QFileDialog))
    if not name:
        return None
    if parent is not None:
        remember_folder(parent, "databases", name)
    return Path(name)


def _tell_upgraded(upgrade: Upgrade, parent: QWidget | None) -> None:
    """Say that opening upgraded an older database: colleagues who still run an older version of the program on the
    same file are refused from now on ("laget av en nyere versjon"), and the backup made before is the one they can
    open. Was: not a word, in the window, the status bar or the log."""
    log.info("%s", upgrade.message)
    QtWidgets.QMessageBox.information(parent, QtWidgets.QMessageBox.tr("Databasen er oppgradert"), fill(QtWidgets.QMessageBox.tr(
        "Databasen %1 er oppgradert fra skjemaversjon %2 til %3 for denne versjonen av programmet. Eldre versjoner av programmet "
        "kan ikke lenger åpne den.\n\nSikkerhetskopien fra før oppgraderingen: %4"), upgrade.path, upgrade.old, upgrade.new, upgrade.backup.path))


def _offer_read_only(path: Path, parent: QWidget | None, title: str, why: str, *, kept: str | None = None) -> Session | None:
    """Ask whether to open the database read-only, `why` it cannot be opened for writing; the read-only session, or
    None (declined, or it cannot be read either: told). `kept`: the reason the banner keeps (read_only_reason)."""
    answer = QtWidgets.QMessageBox.question(
        parent, title, why + "\n\n" + QtWidgets.QMessageBox.tr("Vil du åpne den skrivebeskyttet? Du kan lese og skrive ut, men ikke endre."))
    if answer == QtWidgets.QMessageBox.StandardButton.Yes:
        try:
            session = Session.open(path, read_only=True)
            if kept:
                _READ_ONLY_WHY[session] = kept
            return session
        except StoreError as again:
            QtWidgets.QMessageBox.warning(parent, QtWidgets.QMessageBox.tr("Kan ikke åpne databasen"), again.message_nb)
    return None


_LISTED = 5  # the backups named in _start_all_the_same's question


def _start_all_the_same(path: Path, left: list[backups.Backup], parent: QWidget | None) -> bool:
    """Whether to start the new register all the same when some of the lost one's backups could not be kept apart
    (backups.keep_earlier): named, with what the new register's backups will do to them. Was: not a word, and they
    were deleted a few backups later. Nei opens nothing; the next opening offers the backups again."""
    # By name, in the folder named once, and the first few only: with every path in full (and ten backups kept by
    # default) the question ran below a laptop's screen at 150 %, its Ja and Nei out of sight.
    shown = [f"• {backup.label}: {backup.path.name}" for backup in left[:_LISTED]]
    if len(left) > _LISTED:
        shown.append(fill(QtWidgets.QMessageBox.tr("… og %1 til"), len(left) - _LISTED))
    answer = QtWidgets.QMessageBox.question(
        parent,
        QtWidgets.QDialog.tr("Begynn med tom database"),
        fill(QtWidgets.QMessageBox.tr(
            "Disse sikkerhetskopiene i mappen %1 kunne ikke tas vare på i undermappen %2, og de nye sikkerhetskopiene vil "
            "etter hvert slette dem:\n\n%3\n\nEt annet program kan ha dem åpne (OneDrive, et antivirusprogram), eller mappen kan "
            "ikke skrives. Svar Nei og prøv igjen om litt, eller kopier dem til en annen mappe først.\n\nVil du begynne med en tom "
            "database likevel?"),
            backups.folder(path), backups.EARLIER, "\n".join(shown)),
        QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No,
        QtWidgets.QMessageBox.StandardButton.No,
    )
    return answer == QtWidgets.QMessageBox.StandardButton.Yes


def _offer_backups(path: Path, what: str, choice: str, parent: QWidget | None, *, keep: int, decline: str | None = None):
    """Offer the backups of a database that cannot be opened (`what` says why; `choice`, what to do) and restore the
    one chosen (backup_chooser.restore_one): the session; None if none was chosen (Avbryt) or it could not be
    restored (the user was told why); WITHOUT_BACKUP for the `decline` button."""
    from .backup_chooser import restore_one

    outcome = restore_one(path, parent, what, choice, lambda chosen: _restore(path, chosen, parent, keep=keep), decline=decline)
    return outcome[1] if isinstance(outcome, tuple) else outcome


def restore_into(path: Path, chosen: backups.Backup, parent: QWidget | None, *, keep: int = backups.DEFAULT_KEEP) -> Session | None:
    """Restore a backup over a database that cannot be opened (`_restore`); one that cannot be restored (damaged,
    gone) is told. None if nothing was restored."""
    outcome = _restore(path, chosen, parent, keep=keep)
    if isinstance(outcome, StoreError):
        QtWidgets.QMessageBox.critical(parent, QtWidgets.QMessageBox.tr("Gjenopprettingen ble ikke gjennomført"),
                                       as_sentence(outcome.message_nb) + "\n\n" + QtWidgets.QMessageBox.tr("Ingenting er endret."))
        return None
    return outcome


def _restore(path: Path, chosen: backups.Backup, parent: QWidget | None, *, keep: int) -> Session | StoreError | None:
    """Restore a backup over a database that cannot be opened (a damaged file is kept aside, never deleted) by
    putting a new file in its place (an open database is restored into: Session.restore). The writer's lock is taken
    first and held until the restored database is open: no other program writes it in between. The restore's history
    row is in the file put in place.

    The backup's content is made ready beside the database first (database.write_restored): a backup that cannot be
    restored (damaged, gone) is returned as its StoreError, untold, with nothing moved or changed. Only then is the
    database file moved aside and the new one put in its place; if that fails, the file moved aside is put back, and
    the user is told what happened and where the file is. None when it failed (told), else the open session."""
    try:
        writer = take_lock(path)
    except StoreError as exc:
        text = exc.message_nb
        if exc.kind == "in-use":  # a damaged database cannot be read, so "open it read-only" would lead nowhere
            text = fill(QtWidgets.QMessageBox.tr("Databasen %1 er åpen hos %2. Lukk den der, og gjenopprett sikkerhetskopien på nytt."),
                        exc.path, exc.params.get("holder", ""))
        QtWidgets.QMessageBox.critical(parent, QtWidgets.QMessageBox.tr("Gjenopprettingen ble ikke gjennomført"), text)
        return None
    aside: Path | None = None
    try:
        try:
            prepared = write_restored(chosen, path)
        except StoreError as exc:
            if exc.kind in UNUSABLE_BACKUP:
                writer.release()
                return exc
            raise
        try:
            if path.exists():  # whatever it holds (it may open after all, a moment later): kept aside, never lost
                aside = backups.set_aside(path)
            backups.put_in_place(prepared, path)
        except BaseException:
            backups.remove_with_side_files(prepared)  # (put_in_place removes it itself; not so when the move aside failed)
            if aside is not None and backups.put_back(aside, path):
                aside = None
            raise
    except (StoreError, OSError) as exc:
        writer.release()
        if aside is None:
            happened = QtWidgets.QMessageBox.tr("Ingenting er endret.")
        else:
            happened = fill(QtWidgets.QMessageBox.tr("Databasefilen er flyttet til %1, der den tas vare på, og %2 finnes ikke nå. "
                                                     "Neste gang databasen åpnes, tilbys sikkerhetskopiene igjen."), aside, path.name)
        QtWidgets.QMessageBox.critical(parent, QtWidgets.QMessageBox.tr("Gjenopprettingen mislyktes"),
                                       as_sentence(_failure(exc, path)) + "\n\n" + happened)
        return None
    except BaseException:
        writer.release()
        raise
    try:
        return Session.open(path, lock=writer, backup_keep=keep)  # the session takes the lock (released if it fails)
    except StoreError as exc:  # the backup is in place, but cannot be opened (the disk failed just then, say)
        QtWidgets.QMessageBox.critical(parent, QtWidgets.QMessageBox.tr("Kan ikke åpne databasen"),
                                       QtWidgets.QMessageBox.tr("Sikkerhetskopien er gjenopprettet, men databasen kan ikke åpnes: %1").replace("%1", exc.message_nb))
        return None


def _failure(exc: StoreError | OSError, path: Path) -> str:
    """What a restore or a new start after a damaged file met, for the user (an OSError is moving the damaged
    file aside: another program holds it open, or the folder cannot be written)."""
    if isinstance(exc, OSError):
        in_use = backups.in_use_error(exc, path)  # Windows moves no file another program has open
        return in_use.message_nb if in_use is not None else files.os_error(exc, path).message_nb
    return environment_message(exc)
