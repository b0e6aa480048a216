"""Meeting mode: one meeting's items one after another, large and keyboard-driven, each decision stored at once.

Keys: PgDown/→ next, PgUp/← previous, Enter = dealt with and next; V videreføre, R reforhandle, O si opp, N ny avtale,
U utsett; on signing items S undertegnet (with the new end date shown; Enter in that field does the same), I ikke
klar. The new end date is proposed (the agreement's length again, from the signing) for a new or renegotiated
agreement and a renewal, not for a continued agreement a new government signs again while it runs on: left
empty, the agreement keeps the end date it has, as the line beside the field says; a line under it says when the
end runs past the parliamentary term of the signing (the plan would warn beyond-term); ↑/↓ scroll the item's text a line, Space / Shift+Space a page (the text takes no focus: Tab goes to the note).
The letters record bare or with Shift alone: Ctrl or Alt with a letter records nothing, and Ctrl+V pastes at the end
of the protokoll note. A signing item is signed or postponed, never both: S over «ikke klar» (or I or U over a signing
made at this meeting) asks, then replaces it; S on an item already signed changes nothing and says so.
The protokoll note is saved as you type (within a second or two) and when you leave the item. Every change goes
through the same command path as the register (undoable).
A note the database refuses (another program holds it, the disk is full) keeps the mode on its item with the text,
to try again: leaving the item, a decision key and closing the mode all wait until the note is stored.
Ctrl+Z (Angre) takes back what meeting mode did for this meeting in this window (its steps carry a MeetingStep mark,
so also those made before it was closed and opened again), step by step, and shows the item it concerned, saying
what was undone; what was done elsewhere is undone in the main window. The Angre button names what it takes back:
while a note is being typed, the decision or signing just recorded on that item (the text stays, and is stored), else
the note itself. Opened again in the same window, the mode takes up at the item where it was closed, else at the
meeting's first item not dealt with. In a window that reads the database (another program has it open), the mode
says so, and a key that would record something says it cannot.
The focus stays on the mode itself, so a screen reader would hear none of this: the mode's accessible description
holds what is shown now (the case and its title, the decision, the plan's consequence, what Angre takes back), and
what a key changed is announced (QAccessibleAnnouncementEvent) once the key has done all it does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from PySide6 import QtGui, QtWidgets  # the question on closing with a refused note is looked up when asked
from PySide6.QtCore import QKeyCombination, Qt, QTimer
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent, QFont, QKeySequence, QTextCursor, QTextDocumentFragment
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...domain.agenda import SIGNING_ACTIONS, AgendaLine, agenda_plan, entry_for, meeting_ops, year_agenda
from ...domain.calendar import duration_from_end, end_from_duration, format_date
from ...domain.changes import Command, Delete, Put
from ...domain.lifecycle import Lifetime, beyond_term, lifetime
from ...domain.meetings import Calendar, MeetingSlot
from ...domain.model import DECISION_NB, Agreement, Decision, MeetingRef, Signing
from ...domain.planner import Plan, plan
from ..bridge import SessionBridge
from ..widgets import BANNER_STYLE, DateField, escaped, exec_to_read, exec_until_saved, fill, fit_to_screen, key_names, multi_line_fields

# key -> decision, for review items (and any agreement item: the parties may decide at any item)
DECISION_KEYS = {Qt.Key.Key_V: "continue", Qt.Key.Key_R: "renegotiate", Qt.Key.Key_O: "terminate", Qt.Key.Key_N: "new", Qt.Key.Key_U: "postpone"}
# A letter records with no modifier, or with Shift (Caps Lock's habit); Ctrl+V is paste, Ctrl+O open, Alt+R a menu's.
_LETTER_MODIFIERS = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)


# Text typed by users is shown with a break opportunity (U+200B, invisible) inside every run this long without one:
# a label's least width is its longest unbreakable run, and a title or place written as one long word made the mode
# wider than the screen, its buttons out of sight. Screen readers get the text as typed (the labels' accessible names).
_LONGEST_RUN = 24
# The «Til stede» line shows this many characters at most (some three lines on a laptop), the whole list in its
# tooltip and accessible name: 30 participants wrapped took the room the item needs.
_PRESENT_SHOWN = 600


def _breakable(text: str) -> str:
    """`text` for display in a word-wrapped label: a zero-width space after every _LONGEST_RUN characters of a run
    with no space or break in it."""
    out, run = [], 0
    for char in text:
        run = 0 if char.isspace() or char == "\u200b" else run + 1
        out.append(char)
        if run == _LONGEST_RUN:
            out.append("\u200b")
            run = 0
    return "".join(out)


def _wraps_at_any_width(label: QLabel) -> None:
    """The label wraps its text and sets no least width: the layout gives it the width there is (a long text makes
    it taller, never the window wider than the screen)."""
    label.setWordWrap(True)
    policy = label.sizePolicy()
    policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
    label.setSizePolicy(policy)


def _plain(text: str) -> str:
    """A label's text as a screen reader is to have it: rich text (the decision's <b>) as the words shown."""
    return QTextDocumentFragment.fromHtml(text).toPlainText() if QtGui.Qt.mightBeRichText(text) else text


@dataclass(frozen=True)
class MeetingStep:
    """Meeting mode's mark on the undo steps it makes (SessionBridge.run's origin): Ctrl+Z here takes back these
    alone, in every opening of the mode for the same meeting in this window, not what was done elsewhere. `item`:
    the item the step concerns (None: the meeting itself, Til stede); `what`: "note" (its protokoll text),
    "taken" (marked dealt with), "record" (a decision or signing) or "present"."""

    meeting: MeetingRef
    item: tuple | None
    what: str


class MeetingMode(QDialog):
    def __init__(self, bridge: SessionBridge, year: int, number: int, today: dt.date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("meetingMode")
        self.bridge = bridge
        self.ref = MeetingRef(year, number)
        self.today = today or dt.date.today()
        self.index = 0
        self.lines: list[AgendaLine] = []
        self.slot: MeetingSlot | None = None
        self.plan: Plan | None = None  # the meeting's year
        self._next_year: Plan | None = None  # the year after, planned when a consequence looks there (_later)
        self.setWindowTitle(fill(self.tr("Møtemodus – %1. konsultasjonsmøte %2"), number, year)
                            + (self.tr(" (skrivebeskyttet)") if bridge.session.read_only else ""))  # as the main window's title
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.6)
        bigger = QFont(big)
        bigger.setPointSizeF(big.pointSizeF() * 1.35)
        bigger.setBold(True)

        self.header = QLabel(self)
        self.header.setObjectName("meetingHeader")
        _wraps_at_any_width(self.header)  # eleven participants on one line were 2,675 px wide
        # Maximised, the mode covers the main window's banner: it says itself that nothing can be recorded, and why.
        self.read_only_notice = QLabel(self)
        self.read_only_notice.setObjectName("readOnlyNotice")
        self.read_only_notice.setWordWrap(True)
        self.read_only_notice.setStyleSheet(BANNER_STYLE)  # the main window's banner's
        self.read_only_notice.setVisible(bridge.session.read_only)
        self.position = QLabel(self)
        self.position.setObjectName("meetingPosition")
        self.case = QLabel(self)
        self.case.setFont(big)
        self.title = QLabel(self)
        self.title.setObjectName("itemTitle")
        self.title.setFont(bigger)
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # a title with «<i>» in it is shown as typed, not in italics
        _wraps_at_any_width(self.title)
        self.body = QTextBrowser(self)
        self.body.setObjectName("itemBody")
        self.body.setFont(big)
        self.body.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.decision = QLabel(self)
        self.decision.setObjectName("itemDecision")
        self.decision.setFont(big)
        self.decision.setWordWrap(True)
        self.consequence = QLabel(self)
        self.consequence.setObjectName("planConsequence")
        self.consequence.setWordWrap(True)
        self.keys_help = QLabel(self)
        self.keys_help.setObjectName("keysHelp")
        self.keys_help.setWordWrap(True)
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("protocolNote")
        self.note.setAccessibleName(self.tr("Protokolltekst for saken"))
        self.note.setPlaceholderText(self.tr("Protokoll for saken (Tab for å komme hit, Esc for å gå tilbake til tastene)"))
        self.note.setFont(big)
        self.note.setMaximumHeight(150)
        self.note.setTabChangesFocus(True)
        multi_line_fields(self)  # a line break pasted from Word or a PDF is a line break
        self.new_end = DateField(self)
        self.new_end.setAccessibleName(self.tr("Ny sluttdato ved undertegning"))
        self.end_kept = QLabel(self)  # what an empty end date means: the end the agreement has stands
        self.end_kept.setObjectName("endKept")
        self.end_kept.setWordWrap(True)
        # Said at the proposal, so that it is corrected before S stores it: the plan would warn beyond-term.
        self.term_hint = QLabel(self)
        self.term_hint.setObjectName("fieldHint")
        self.term_hint.setWordWrap(True)
        self.term_hint.hide()
        self.saved = QLabel(self)
        self.saved.setObjectName("savedState")

        self.prev_button = QPushButton(self.tr("◀ &Forrige"), self)
        self.next_button = QPushButton(self.tr("&Neste ▶"), self)
        self.present_button = QPushButton(self.tr("&Til stede …"), self)
        self.undo_button = QPushButton(self.tr("&Angre"), self)
        # Alt+M, not Alt+A: two buttons on one letter make Qt's Alt+A only move between them, never press one.
        self.close_button = QPushButton(self.tr("Avslutt &møtemodus"), self)
        for button in (self.prev_button, self.next_button, self.present_button, self.undo_button, self.close_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.position)
        signing_row = QFormLayout()
        end_row = QHBoxLayout()
        end_row.addWidget(self.new_end)
        end_row.addWidget(self.end_kept, 1)
        signing_row.addRow(self.tr("Ny sluttdato ved undertegning:"), end_row)
        signing_row.addRow("", self.term_hint)
        self.signing_box = QWidget(self)
        self.signing_box.setLayout(signing_row)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        bottom = QHBoxLayout()
        for button in (self.prev_button, self.next_button):
            bottom.addWidget(button)
        bottom.addStretch(1)
        bottom.addWidget(self.saved)
        for button in (self.present_button, self.undo_button, self.close_button):
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.read_only_notice)
        layout.addLayout(top)
        layout.addWidget(self.case)
        layout.addWidget(self.title)
        layout.addWidget(self.body, 1)
        layout.addWidget(line)
        layout.addWidget(self.decision)
        layout.addWidget(self.consequence)
        layout.addWidget(self.signing_box)
        layout.addWidget(self.note)
        layout.addWidget(self.keys_help)
        layout.addLayout(bottom)
        fit_to_screen(self, 1100, 760)

        # The note is saved shortly after typing stops, so that a crash or a flat battery loses at most a moment.
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(1200)
        self._note_timer.timeout.connect(self.save_note)
        self.note.textChanged.connect(self._note_edited)
        self._note_unsaved = False  # the note field holds text typed and not stored yet (a refused save included)
        self.prev_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        self.present_button.clicked.connect(self.edit_present)
        self.undo_button.clicked.connect(self._undo)
        self.close_button.clicked.connect(self.accept)
        self.bridge.changed.connect(self._on_changed)
        self.bridge.writer_changed.connect(self._show_read_only)
        self._closed = False
        self._undone_under_note = None  # (command, item, stack index, count): what Ctrl+Y records again (_undo)
        self._end_item: tuple | None = None  # the signing item the new end date field holds a date for
        self._end_standing: tuple | None = None  # that item's agreement and lifetime, for the term hint as the date is typed
        self.new_end.changed.connect(self._show_term_hint)
        # What changed is told once a key (or a click) has done all it does: a decision shows the item again, then
        # its consequence and the Angre button, and three announcements would cut each other off.
        self._announce_timer = QTimer(self)
        self._announce_timer.setSingleShot(True)
        self._announce_timer.setInterval(0)
        self._announce_timer.timeout.connect(self._announce)
        self._told: tuple[str, ...] = ()  # what was last announced (_spoken)
        self._show_read_only()
        self.reload()
        self.index = self._starting_index()
        self.show_item()
        self._show_undo()
        # On opening, the screen reader reads the mode's name and description with the focus: not announced again.
        self._announce_timer.stop()
        self._told = self._spoken()
        self.setFocus()  # the keys work from the start; Tab reaches the note

    # -- data --------------------------------------------------------------------------------------------------

    def reload(self) -> None:
        register = self.bridge.register
        # The meeting's year, as Dagsorden and the printed agenda and minutes plan it: the same items and case
        # numbers. Where a decision taken now puts the matter in the year after is looked up there when asked
        # (_later): a key in the meeting planned both years (four, with the two before each plan), 108-181 ms with
        # 4,000 agreements, for the consequence of a decision at meeting 4 or a postponement.
        self.plan = agenda_plan(register, self.ref.year, self.today)
        self._next_year = None
        self.slot = next(s for s in self.plan.meetings if s.ref == self.ref)
        self.lines = year_agenda(register, self.plan, self.ref.year)[self.ref.number]
        self.index = min(self.index, max(len(self.lines) - 1, 0))
        meeting = register.meeting(self.ref)
        present = ", ".join(meeting.participants) if meeting and meeting.participants else self.tr("ikke registrert")
        shown = present
        if len(present) > _PRESENT_SHOWN:  # cut after the last whole name that fits; the whole list in the tooltip
            cut = present.rfind(", ", 0, _PRESENT_SHOWN)
            shown = fill(self.tr("%1, … (%2 i alt)"), present[:cut if cut > 0 else _PRESENT_SHOWN], len(meeting.participants))
        # A date not in the calendar is marked as the printed agenda and minutes mark it (Dagsorden asks for the
        # real one before it opens the mode; a window that reads the database cannot store it).
        provisional = f" ({self.tr('foreløpig dato')})" if self.slot.provisional else ""
        when = (f"{self.ref.number}. konsultasjonsmøte {self.ref.year} – {format_date(self.slot.date)}{provisional}"
                + (f" kl. {meeting.time}" if meeting and meeting.time else "")
                + (f", {meeting.location}" if meeting and meeting.location else ""))
        heading = f"{self.ref.number}. konsultasjonsmøte {self.ref.year}"
        self.header.setText(
            f"<b>{heading}</b>{escaped(_breakable(when[len(heading):]))}"
            + f"<br>{self.tr('Til stede')}: {escaped(_breakable(shown))}"
        )
        self.header.setToolTip(f"{self.tr('Til stede')}: {present}" if shown != present else "")
        self.header.setAccessibleName(f"{when}. {self.tr('Til stede')}: {present}")

    def _starting_index(self) -> int:
        """Where the meeting was when its mode was last closed in this window (Esc by mistake, say), else its first
        item not dealt with (was: Sak 1 at every opening, the place to be found again on a 180-case agenda)."""
        left = self.bridge.places.get(("meeting", self.ref))
        found = next((i for i, line in enumerate(self.lines) if line.ident == left), None) if left is not None else None
        if found is None:
            found = next((i for i, line in enumerate(self.lines) if line.entry is None or line.entry.taken_at is None), 0)
        return found

    def _on_changed(self, changed) -> None:
        current = self.current()
        self.reload()
        if current is not None:  # stay on the same item even if the numbering moved
            self.index = next((i for i, ln in enumerate(self.lines) if ln.ident == current.ident), self.index)
        self.consequence.clear()  # a decision recorded here says its consequence after this; an undo takes it back
        same = current is not None and self.current() is not None and self.current().ident == current.ident
        self.show_item(keep_note=same)  # another item (the one shown went away): its own note and end date

    def current(self) -> AgendaLine | None:
        return self.lines[self.index] if 0 <= self.index < len(self.lines) else None

    def _decision(self, line: AgendaLine) -> Decision | None:
        if line.agreement is None:
            return None
        return next((d for d in self.bridge.register.decisions if d.agreement == line.agreement and d.meeting == self.ref), None)

    def _signing(self, line: AgendaLine) -> Signing | None:
        """The signing recorded for the item: the one the planner settled it with (it may have been signed between
        meetings, and the plan then puts the item on the next meeting), else one recorded at this meeting."""
        if line.agreement is None:
            return None
        return line.settled_signing or next((s for s in self.bridge.register.signings if s.agreement == line.agreement and s.meeting == self.ref), None)

    # -- showing -----------------------------------------------------------------------------------------------

    def show_item(self, keep_note: bool = False) -> None:
        line = self.current()
        self.position.setText(fill(self.tr("Sak %1 av %2"), self.index + 1 if line else 0, len(self.lines)))
        self.prev_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < len(self.lines) - 1)
        if line is None:
            self.case.setText("")
            self._show_title(self.tr("Møtet har ingen saker."))
            self.body.clear()
            self.decision.clear()
            self.keys_help.clear()
            self._keys_to_window()  # before the note is disabled and the end date hidden (see _keys_to_window)
            self.note.setEnabled(False)
            self.signing_box.hide()
            self._describe()
            return
        self.note.setEnabled(not self.bridge.session.read_only)
        self.case.setText(f"{line.case} · {line.action_label}")
        self._show_title(line.title)
        parts = []
        standing = self._standing(line)  # worked out once for the item: its text, its end date field and what S leaves
        agreement, life = standing
        if agreement is not None and life is not None:
            ends, terminated = life.end_on(self.slot.date), life.terminated_on(self.slot.date)
            if agreement.notice_months is not None:
                notice = self.tr("%1 mnd.").replace("%1", str(agreement.notice_months))
            else:
                notice = agreement.notice_text or self.tr("ikke angitt")
            parts.append(
                f"<p><b>{escaped(', '.join(agreement.state_parties) or '–')}</b> · "
                f"{self.tr('gjelder til')} {format_date(ends) or self.tr('ikke angitt')}"
                f"{' ' + self.tr('(sagt opp)') if terminated else ''} · "
                f"{self.tr('oppsigelse')} {escaped(notice)}</p>"
            )
        if line.background:
            parts.append(f"<p>{escaped(line.background).replace(chr(10), '<br>')}</p>")
        if line.proposed_decision:
            parts.append(f"<p><b>{self.tr('Forslag til vedtak')}:</b> {escaped(line.proposed_decision)}</p>")
        self.body.setHtml("".join(parts))
        self._show_decision(line, standing, refresh=keep_note)
        stored = line.entry.minutes if line.entry and line.entry.minutes else ""
        # After a change, text typed and not stored yet stays (also when its save was refused: it is the only copy);
        # else the field shows what is stored (an undo of the note included), untouched when it already does, so
        # that the cursor stays where the user types.
        unsaved = keep_note and self._note_unsaved
        if not unsaved and (self.note.toPlainText().strip() != stored.strip() or not keep_note):
            self.note.blockSignals(True)
            self.note.setPlainText(stored)
            self.note.blockSignals(False)
            self._note_unsaved = False
        taken = line.entry.taken_at if line.entry else None
        self.saved.setText(self.tr("Behandlet kl. %1").replace("%1", taken.strftime("%H:%M")) if taken else "")
        self._describe()

    def _show_decision(self, line: AgendaLine, standing: tuple, refresh: bool = False) -> None:
        """The decision and signing recorded for the item; on a signing item not signed yet, the new end date to
        record with it: suggested when the item is shown, and left as the user typed it when a change (a note
        saved while typing, say) only shows the item again (`refresh`)."""
        decision, signing = self._decision(line), self._signing(line)
        texts = []
        if decision is not None:
            texts.append(self.tr("Vedtak: <b>%1</b>").replace("%1", DECISION_NB[decision.decision]))
        if signing is not None:
            texts.append(self.tr("Undertegnet %1").replace("%1", self._signed_on(signing)))
        self.decision.setText(" · ".join(texts) or self.tr("Ikke noe vedtak registrert."))
        signing_item = line.action in SIGNING_ACTIONS
        asks_end = signing_item and signing is None
        if not asks_end:
            self._keys_to_window(self.signing_box)  # signed (S in the end date), or not a signing item
        self.signing_box.setVisible(asks_end)
        # The field holds this item's date: the one typed is kept while the item is only shown again, but a date
        # left from another item (the field hidden while this one was signed, and an undo unsigned it) is not.
        if asks_end and (not refresh or self._end_item != line.ident):
            self.new_end.set_value(self._suggested_end(line, standing))
        if asks_end:
            kept = self._empty_end_text(standing)
            self.end_kept.setText(kept)
            self.new_end.setAccessibleDescription(kept)
        self._end_item = line.ident if asks_end else None
        self._end_standing = standing if asks_end else None
        self._show_term_hint()
        # The keys named as Hjelp → Hurtigtaster names them (key_names; was «PgUp/PgDn» and «↑/↓» here only).
        pages = key_names("PgUp / PgDown")
        if self.bridge.session.read_only:  # no key that records: they would only say that they cannot
            help_text = fill(self.tr("Skrivebeskyttet: %1: forrige / neste · Esc: avslutt"), pages)
        elif line.agreement is None:
            help_text = fill(self.tr("Enter: behandlet, neste sak · %1: forrige / neste · Tab: skriv protokoll"), pages)
        elif signing_item:
            help_text = fill(self.tr("S: undertegnet · I: ikke klar (flyttes) · Enter: neste (i sluttdatoen: undertegnet) · %1 · Tab: protokoll"), pages)
        else:
            help_text = self.tr("V: videreføre · R: reforhandle · O: si opp · N: ny avtale · U: utsett · Enter: neste · Tab: protokoll")
        scrolling = fill(self.tr("%1, %2: bla i teksten"), key_names("Up / Down"), key_names("Space"))
        self.keys_help.setText(f"{help_text} · {scrolling}")
        self._describe()

    def _signed_on(self, signing: Signing) -> str:
        """«30.08.2006, ny sluttdato 30.06.2009»: the signing as the item shows it."""
        return format_date(signing.date) + (self.tr(", ny sluttdato %1").replace("%1", format_date(signing.end_date)) if signing.end_date else "")

    def _standing(self, line: AgendaLine) -> tuple[Agreement | None, Lifetime | None]:
        """The item's agreement, and its lifetime as it stands at this meeting (None without an agreement or a
        meeting date): a past meeting reopened to finish its minutes counts neither the renewals signed nor the
        terminations decided after it."""
        agreement = self.bridge.register.agreement(line.agreement) if line.agreement else None
        if agreement is None or self.slot is None:
            return agreement, None
        return agreement, lifetime(self.bridge.register, agreement, decided_by=self.ref)

    def _empty_end_text(self, standing: tuple) -> str:
        """What S with the end date field empty gives the item's agreement: the end date it has, or for one with a
        duration and no dates of its own (a new agreement), the end its duration gives counted from this signing,
        its first (lifecycle.own_end; was: «ingen sluttdato», which the register then contradicted)."""
        agreement, life = standing
        if agreement is None or life is None:
            return self.tr("Står feltet tomt, får avtalen ingen sluttdato.")
        ends = life.end_on(self.slot.date)  # the end it has now
        # The end once signed here with no new end date: the same lifetime with this signing among its signings.
        signings = tuple(sorted((*life.signings, Signing(agreement.key, self.slot.date, self.ref)), key=lambda s: s.date))
        empty = Lifetime(agreement, signings, life.terminations).end_on(self.slot.date)
        if empty is None:
            return self.tr("Står feltet tomt, får avtalen ingen sluttdato.")
        if empty == ends:
            return self.tr("Står feltet tomt, beholder avtalen sluttdatoen %1.").replace("%1", format_date(ends))
        months = agreement.duration_months
        if months and empty == end_from_duration(self.slot.date, months):
            return fill(self.tr("Står feltet tomt, gjelder avtalen i %1 måneder fra undertegningen (til %2)."), str(months), format_date(empty))
        return self.tr("Står feltet tomt, gjelder avtalen til og med %1.").replace("%1", format_date(empty))

    def _show_term_hint(self) -> None:
        """Under the new end date: whether the agreement, signed here with the date in the field (empty: the end it
        keeps), runs past the parliamentary term of this signing (rule TERM-LIMIT, as the plan will judge it), naming
        the term's end. Was said only by the plan's beyond-term warning, after S had stored it."""
        text = ""
        agreement, life = self._end_standing or (None, None)
        if agreement is not None and life is not None and not agreement.term_exception and not self.new_end.error():
            signing = Signing(agreement.key, self.slot.date, self.ref, self.new_end.value())
            signings = tuple(sorted((*life.signings, signing), key=lambda s: s.date))
            over = beyond_term(Lifetime(agreement, signings, life.terminations), self.bridge.register.settings.first_election_year)
            if over is not None:
                end, first, last = over
                text = fill(self.tr("Sluttdatoen %1 er etter at stortingsperioden %2–%3 slutter %4: planen vil varsle om det."),
                            format_date(end), str(first.year), str(last.year), format_date(last))
        self.term_hint.setText(text)
        self.term_hint.setVisible(bool(text))

    def _suggested_end(self, line: AgendaLine, standing: tuple | None = None):
        """The new version's end date: the same length as the agreement had (its duration, else its own dates),
        counted from today's signing, for a new or renegotiated agreement (`sign`) and for a renewal (a `re-sign` of one that ends before next year's
        meeting 2, M3-RESIGN). None for a `re-sign` of an agreement that runs on past that (a new government signs
        it again): its term stands, and an empty field keeps it. Was: a new end date for every re-signing, from a
        duration the form works out from the end date typed (28 months from 01.09.2005 to 31.12.2007 made
        29.12.2008 of a signing on 30.08.2006), recorded by S."""
        agreement, life = standing or self._standing(line)
        if agreement is None or life is None or self.plan is None:
            return None
        if line.action == "re-sign":
            next_2 = Calendar(self.bridge.register).slot(self.ref.year + 1, 2).date
            ends = life.end_on(self.slot.date)  # what a signing with no new end date leaves it with
            if ends is None or ends >= next_2:
                return None  # no renewal: signed again, it runs to the end it has
        if agreement.duration_months:
            return end_from_duration(self.slot.date, agreement.duration_months)
        # Its length from its own dates, as an agreement imported with an end date and no duration has it (was: no
        # proposal, and S renewed it without a new end: it still ran out on the old one). Whole months where they
        # are whole, else the same number of days.
        begins = min(filter(None, (agreement.signed_date, agreement.start_date)), default=None)
        if begins is None or agreement.end_date is None or agreement.end_date < begins:
            return None
        months = duration_from_end(begins, agreement.end_date)
        return end_from_duration(self.slot.date, months) if months else self.slot.date + (agreement.end_date - begins)

    def _keys_to_window(self, leaving: QWidget | None = None) -> None:
        """Give the keys back to the mode itself when the field that has them goes: `leaving` is about to be hidden
        or disabled (None: any field, for another item). Left to Qt, a hidden or disabled widget hands the focus to
        the next one in the Tab chain, the protokoll note: after S in the end date the next command key (I, PgDn)
        was typed into the minutes of the item just signed, and saved there."""
        focused = QApplication.focusWidget()
        if focused is None or focused is self or not self.isAncestorOf(focused):
            return
        if leaving is None or leaving is focused or leaving.isAncestorOf(focused):
            self.setFocus()

    # -- keys ----------------------------------------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's naming
        self._key(event)
        self._describe()  # what the key said under the decision (a refusal, «Ingenting å angre») is told too

    def _key(self, event) -> None:
        key = event.key()
        if event.matches(QKeySequence.StandardKey.Undo):
            self._undo()
            return
        if event.matches(QKeySequence.StandardKey.Redo) or event.keyCombination() == QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_Y):
            self._redo()
            return
        if self.note.hasFocus():
            if key == Qt.Key.Key_Escape:
                if self.save_note():  # refused: the cursor stays in the text, to try again
                    self.note.clearFocus()
                    self.setFocus()
                return
            super().keyPressEvent(event)
            return
        in_end_date = self.signing_box.isAncestorOf(self.focusWidget())
        if key == Qt.Key.Key_Escape and in_end_date:
            self.setFocus()  # as from the note: Esc in the new end date goes back to the keys, not out of the meeting
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and in_end_date:
            # Enter confirms the date typed: signed with it, as S (was: dealt with unsigned, next, the date dropped).
            self.record_signing()
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            self._paste_into_note()  # what Ctrl+V is for here (was: V, «videreføre» recorded and nothing pasted)
            return
        line = self.current()
        letter = event.modifiers() in _LETTER_MODIFIERS  # Ctrl/Alt + a letter records nothing
        if key in (Qt.Key.Key_PageDown, Qt.Key.Key_Right):
            self.next()
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_Left):
            self.previous()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.save_note() and self.mark_taken():  # refused: the item stays, with the text typed, not dealt with
                self.next()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.scroll_body(-1 if key == Qt.Key.Key_Up else 1)
        elif key == Qt.Key.Key_Space:
            self.scroll_body(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1, page=True)
        elif key == Qt.Key.Key_Home:
            self.go(0)
        elif key == Qt.Key.Key_End:
            self.go(len(self.lines) - 1)
        elif letter and line is not None and line.agreement and line.action in SIGNING_ACTIONS and key in (Qt.Key.Key_S, Qt.Key.Key_I):
            self.record_signing() if key == Qt.Key.Key_S else self.record_decision("postpone")
        elif letter and line is not None and line.agreement and key in DECISION_KEYS:
            self.record_decision(DECISION_KEYS[key])
        elif key == Qt.Key.Key_Escape:
            self.accept()
        else:
            super().keyPressEvent(event)

    def _paste_into_note(self) -> None:
        """Ctrl+V with the keys (not in the note): the text goes where it can only be meant for, the end of the
        item's protokoll note, which takes the focus (the keys after it type there, as after a Tab)."""
        if self.current() is None or not self.note.isEnabled():  # no item, or read-only: nothing to paste into
            return
        self.note.setFocus()
        self.note.moveCursor(QTextCursor.MoveOperation.End)
        self.note.paste()

    # -- navigation ----------------------------------------------------------------------------------------------

    def go(self, index: int) -> None:
        if not self.save_note():
            return  # the note could not be stored: the item stays on screen with its text, to try again
        if self.lines:
            self.index = max(0, min(index, len(self.lines) - 1))
        self.consequence.clear()
        self._keys_to_window()  # a new item starts with the decision keys, not in the previous item's note or end date
        self.show_item()

    def next(self) -> None:
        self.go(self.index + 1)

    def previous(self) -> None:
        self.go(self.index - 1)

    def scroll_body(self, steps: int, page: bool = False) -> None:
        """The item's text moved `steps` lines (or pages) on: what does not fit (the proposed decision, below a long
        background) is read without a mouse."""
        bar = self.body.verticalScrollBar()
        bar.setValue(bar.value() + steps * (bar.pageStep() if page else bar.singleStep()))

    # -- recording -----------------------------------------------------------------------------------------------

    def _run(self, label: str, ops: list, *, what: str = "record") -> bool:
        """Record `label`'s change as one step, marked as this meeting's (MeetingStep), which Ctrl+Z here takes
        back and shows again on its item; `what` as MeetingStep has it ("present": the meeting's, of no item)."""
        if self._read_only_refuses(label):
            return False
        line = self.current() if what != "present" else None
        origin = MeetingStep(self.ref, line.ident if line is not None else None, what)
        if not self.bridge.run_or_tell(Command(label, tuple(ops)), self, origin=origin):
            return False
        self._show_undo()
        return True

    def _read_only_refuses(self, label: str) -> bool:
        """True when the database is open read-only: then `label`'s change is not recorded, and the screen says so
        under the decision (was: the key did nothing, without a word, and the secretary took it as recorded)."""
        if not self.bridge.session.read_only:
            return False
        self.consequence.setText(self.bridge.read_only_notice(self.tr("«%1» er ikke registrert").replace("%1", label)))
        return True

    def _entry_ops(self, line: AgendaLine, **changes) -> list:
        entry = entry_for(line)
        updated = replace(entry, **changes)
        if updated.taken_at is None:
            updated = replace(updated, taken_at=dt.datetime.now().replace(microsecond=0))
        return [Put("agenda", updated)] if updated != line.entry else []

    def record_decision(self, value: str) -> None:
        line = self.current()
        if line is None or line.agreement is None:
            return
        if not self.save_note():
            return  # the note first: recording the decision would show the item again without the text
        line = self.current()
        label = f"{line.case}: {DECISION_NB[value]}"
        if self._read_only_refuses(label):
            return  # before asking whether to replace what the meeting decided: it cannot be replaced here
        # The protokoll text stays the item's (the minutes print it once); a note the decision has keeps.
        earlier = self._decision(line)
        if earlier is not None and earlier.decision != value and not self._replaces_knowingly(line, earlier, value):
            return
        ops = []
        if value == "postpone":  # «ikke klar»: the signing, if recorded, is replaced after asking (never both)
            signing = self._signing(line)
            if signing is not None:
                if signing.meeting != self.ref:  # signed between meetings, in the register: not this meeting's to undo
                    self.consequence.setText(
                        fill(self.tr("Avtalen er undertegnet utenom møtet (%1): «%2» er ikke registrert. En undertegning som er feil, "
                                     "rettes i avtaleregisteret."), self._signed_on(signing), label))
                    return
                if not self._confirm(fill(self.tr("Møtet har registrert avtalen som undertegnet (%1). Erstatte undertegningen "
                                                  "med «%2»?"), self._signed_on(signing), DECISION_NB[value])):
                    return
                ops.append(Delete("signings", (signing.agreement, signing.date)))
        decision = Decision(line.agreement, self.ref, value, earlier.note if earlier else None)
        before = list(self.lines)
        if self._run(label, [*ops, Put("decisions", decision), *self._entry_ops(line)]):
            self._show_consequence(line.agreement, before)
            if value == "postpone" and line.plan_item is not None and "government-change" in line.plan_item.flags:
                # GOV-CHANGE: a review after a change of government needs a decision; a postponement is none.
                needed = self.tr("Gjennomgangen etter regjeringsskiftet må fortsatt få et vedtak: den står som «Vedtak mangler» til det er tatt.")
                self.consequence.setText(f"{self.consequence.text()} {needed}".strip())
            self._keys_to_window()  # I typed in the end date: the item is dealt with, the next key is a command too

    def _replaces_knowingly(self, line: AgendaLine, earlier: Decision, value: str) -> bool:
        """A meeting decides once about an agreement (DOMAIN §6: a decision per agreement and meeting), and an
        agreement may have two items on it (at meeting 3 its signing and its status): a key on one replaced what
        was decided on the other without a word (a termination lost to «ikke klar»). Asked when it has another
        item here; on its only item, pressing another key is plainly changing the decision."""
        if sum(1 for other in self.lines if other.agreement == line.agreement) < 2:
            return True
        return self._confirm(fill(self.tr("Møtet har allerede vedtatt «%1» om denne avtalen (på en annen av sakene dens). Erstatte det med «%2»?"),
                                  DECISION_NB[earlier.decision], DECISION_NB[value]))

    def _confirm(self, question: str) -> bool:
        """Whether to replace what the meeting recorded about the agreement with what the key records."""
        answer = QtWidgets.QMessageBox.question(self, self.tr("Endre vedtaket"), question)
        return answer == QtWidgets.QMessageBox.StandardButton.Yes

    def record_signing(self) -> None:
        line = self.current()
        if line is None or line.agreement is None or self.slot is None:
            return
        signed = self._signing(line)
        if signed is not None:
            # Signed already: S again changes nothing (was: signed again with the hidden end date field's value,
            # another item's, and the new end date recorded a moment before was lost without a word).
            self.consequence.setText(self.tr("Saken er allerede registrert som undertegnet (%1): ingenting er endret.")
                                     .replace("%1", self._signed_on(signed)))
            return
        if self.slot.provisional and not self.bridge.session.read_only:
            # A signing is dated by its meeting: a made-up date would be stored as the day it was signed. (Dagsorden
            # asks for the date before it opens the mode; this is the mode opened another way.)
            self.consequence.setText(self.tr("Møtet har bare en foreløpig dato (%1): sett møtets dato under «Til stede …» før "
                                             "undertegningen registreres.").replace("%1", format_date(self.slot.date)))
            return
        if self.new_end.error():  # the end date typed is not a date: nothing is recorded until it is, or is empty
            self.consequence.setText(self.new_end.error())
            return
        end = self.new_end.value()  # read first: saving the note shows the item again, with the suggested end date
        if end is not None and end < self.slot.date:  # as the register's signing dialog refuses it (and an import would)
            self.consequence.setText(self.tr("Ny sluttdato er før undertegningsdatoen %1.").replace("%1", format_date(self.slot.date)))
            return
        if not self.save_note():
            return  # the note first, as for a decision
        line = self.current()
        label = f"{line.case}: undertegnet"
        if self._read_only_refuses(label):
            return  # before asking whether to replace the postponement: it cannot be replaced here
        ops = []
        postponed = self._decision(line)
        if postponed is not None and postponed.decision == "postpone":  # «ikke klar» recorded: replaced after asking, never both
            if not self._confirm(fill(self.tr("Møtet har vedtatt «%1» om denne avtalen (ikke klar). Erstatte det med at den er undertegnet %2?"),
                                      DECISION_NB["postpone"], format_date(self.slot.date))):
                return
            ops.append(Delete("decisions", (postponed.agreement, postponed.meeting)))
        signing = Signing(line.agreement, self.slot.date, self.ref, end)
        before = list(self.lines)
        if self._run(label, [*ops, Put("signings", signing), *self._entry_ops(line)]):
            self._show_consequence(line.agreement, before)

    def mark_taken(self) -> bool:
        """The item marked as dealt with (Enter); False if that was refused (said)."""
        line = self.current()
        if line is not None and (line.entry is None or line.entry.taken_at is None):
            return self._run(f"{line.case}: behandlet", self._entry_ops(line), what="taken")
        return True

    def _note_edited(self) -> None:
        self._note_unsaved = True
        self._note_timer.start()
        self.saved.setText(self.tr("Skriver …"))
        self._show_undo()  # the Angre button says what it does now that text is being typed

    def save_note(self) -> bool:
        """Store the protokoll text of the current item if it changed. False when the database refused it (the user
        has been told): the text is then only in the field, and the caller must not show another item over it."""
        self._note_timer.stop()
        line = self.current()
        if line is None or self.bridge.session.read_only:  # read-only: the field is disabled, nothing was typed
            return True
        text = self.note.toPlainText().strip() or None
        if text != (line.entry.minutes if line.entry else None):
            ops = self._entry_ops(line, minutes=text)
            refused = self._refused_note(line, ops)
            if refused is not None:  # said here, not in a box at every pause in the typing
                self.saved.setText(refused)
                return False
            if not self._run(self._note_label(line), ops, what="note"):
                self.saved.setText(self.tr("Ikke lagret"))
                return False
            self.saved.setText(self.tr("Lagret"))
        self._note_unsaved = False
        self._show_undo()  # no longer the text being typed
        return True

    def _note_label(self, line: AgendaLine) -> str:
        return f"{line.case}: protokoll"

    def _typing(self) -> bool:
        """Text typed in the note that is not stored yet (its save while typing waits, or was refused)."""
        line = self.current()
        if not self._note_unsaved or line is None or self.bridge.session.read_only:
            return False
        return (self.note.toPlainText().strip() or None) != (line.entry.minutes if line.entry else None)

    def _refused_note(self, line: AgendaLine, ops: list) -> str | None:
        """Why the database would refuse the item with this note (what an import of its export would refuse: more
        than 20 000 characters, a control character), or None. The text stays in the field, to be shortened."""
        from ...domain.validation import new_problems

        for op in ops:
            problems = new_problems("agenda", line.entry, op.record)
            if problems:
                problem = problems[0]
                if problem.field == "minutes":
                    return self.tr("Ikke lagret: protokollen %1").replace("%1", problem.body())
                return self.tr("Ikke lagret: %1").replace("%1", problem.message_nb)
        return None

    def _show_consequence(self, agreement: str, before: list | None = None) -> None:
        """What the plan now does with the agreement later in the year (the plan follows at once: reload() has
        planned again when the decision was stored), and what it did to this meeting's own agenda (`before`: its
        items before the key), which is worked out from the register as the rest of the plan is."""
        self._show_later(agreement)
        change = self._agenda_change(before) if before is not None else ""
        if change:
            self.consequence.setText(f"{self.consequence.text()} {change}".strip())
        self._describe()

    def _agenda_change(self, before: list) -> str:
        """A signing or a decision can add an item to the meeting in progress (an agreement signed again today is
        in force today: its «Status og evaluering» comes) or take one away: said, with the case number it gets,
        for the cases after it are numbered on (was: the agenda changed under the meeting without a word)."""
        was = {line.ident for line in before}
        now = {line.ident for line in self.lines}
        said = [fill(self.tr("Dagsordenen for møtet får en ny sak: %1 «%2»; sakene etter får nytt nummer."), line.case, line.title)
                for line in self.lines if line.ident not in was]
        said += [fill(self.tr("Saken %1 «%2» faller bort fra dagsordenen for møtet."), line.case, line.title)
                 for line in before if line.ident not in now]
        return " ".join(said)

    def _later(self, agreement: str, actions) -> list:
        """The plan's items of `actions` for the agreement after this meeting, in the plan's order: this year's, else
        the next year's. A signing lies in the next year only after a decision at meeting 4, or where the user moved
        it; a review after meeting 1, always."""
        assert self.plan is not None
        # This year's only: a signing item held on this year's meetings that has moved on into the next (agenda_plan)
        # is looked up there with the rest of that year, as the plan will have it once this meeting is over.
        found = [i for i in self.plan.items if i.agreement == agreement and i.year == self.ref.year
                 and (i.year, i.meeting or 5) > (self.ref.year, self.ref.number) and i.action in actions]
        if found or not ("review" in actions or self.ref.number == 4 or any(d.agreement == agreement for d in self.bridge.register.deviations)):
            return found
        if self._next_year is None:
            # As the plan will have it once this meeting is over: a signing postponed at meeting 4 has missed it, and
            # next year's review takes it up again (overdue-signing). Planned as of the meeting's own day, the plan
            # still counted on meeting 4, and the mode said the matter went on no later meeting (reliability audit).
            after = max(self.today, self.slot.date + dt.timedelta(days=1))
            self._next_year = plan(self.bridge.register, self.ref.year + 1, self.ref.year + 1, after)
        return [i for i in self._next_year.items if i.agreement == agreement and i.action in actions]

    def _show_later(self, agreement: str) -> None:
        later = self._later(agreement, SIGNING_ACTIONS)
        if later:
            item = later[0]
            where = item.place
            action = "undertegning" if item.action == "sign" else "undertegning på nytt"
            if "signed" not in item.flags and ("overdue" in item.flags or item.meeting_date < self.slot.date):
                # Where the user once moved it (a date before this meeting), or a meeting reopened after the one it
                # lies on: that place has passed without a signing (was: said as if it lay ahead).
                self.consequence.setText(fill(self.tr("Planen: %1 satt opp på %2, som er passert uten undertegning: partene tar "
                                                      "stilling på nytt ved neste gjennomgang."), action, where))
            else:
                self.consequence.setText(fill(self.tr("Planen: %1 satt opp på %2."), action, where))
        elif self._terminated_here(agreement):
            self.consequence.setText(self._termination_consequence(agreement))
        elif self._decided_here(agreement, "postpone"):
            self.consequence.setText(self._postponement_consequence(agreement))
        else:
            self.consequence.clear()

    def _decided_here(self, key: str, decision: str) -> bool:
        return any(d.agreement == key and d.meeting == self.ref and d.decision == decision for d in self.bridge.register.decisions)

    def _terminated_here(self, key: str) -> bool:
        return self._decided_here(key, "terminate")

    def _postponement_consequence(self, key: str) -> str:
        """Where the plan takes up again a matter postponed here that it puts on no later meeting: a review (U), or a
        signing not ready at meeting 4 (I; at meeting 3 it moves on to meeting 4, said above). The agreement's next
        review in the plan, if it has one, is where its parties decide on it again (was: nothing was said, and the
        secretary took the matter to come back at the next meeting)."""
        line = self.current()
        signing = line is not None and line.action in SIGNING_ACTIONS
        review = next(iter(self._later(key, ("review",))), None)
        if review is None:
            return (self.tr("Planen setter ikke undertegningen opp på noe senere møte.") if signing
                    else self.tr("Planen setter ikke saken opp på noe senere møte."))
        if signing:
            return self.tr("Planen setter ikke undertegningen opp på noe senere møte: avtalen tas opp igjen ved gjennomgangen "
                           "på %1.").replace("%1", review.place)
        return self.tr("Planen setter ikke saken opp igjen: avtalen gjennomgås neste gang på %1.").replace("%1", review.place)

    def _termination_consequence(self, key: str) -> str:
        """When the agreement ends now that it is terminated here (rule TERMINATE), as the register will show it."""
        agreement = self.bridge.register.agreement(key)
        assert agreement is not None and self.slot is not None
        life = lifetime(self.bridge.register, agreement, decided_by=self.ref)
        if agreement.notice_months is None:
            # Its own end date, set on or after the meeting, stands (as the planner's notice-unspecified says):
            # asking for one to be set was wrong when it was.
            own = life.end_set_for(self.slot.date)
            if own is not None:
                return self.tr("Avtalen har ingen oppsigelsestid i måneder og gjelder til og med sin egen sluttdato %1: "
                               "kontroller at den er riktig.").replace("%1", format_date(own))
            return self.tr("Avtalen har ingen oppsigelsestid i måneder: sett sluttdatoen i registeret.")
        return self.tr("Planen: avtalen gjelder til og med %1.").replace("%1", format_date(life.end_on(self.slot.date)))

    def edit_present(self) -> None:
        from ..agenda.dialogs import MeetingDialog
        from ...domain.model import Meeting

        assert self.slot is not None
        meeting = self.bridge.register.meeting(self.ref)
        # Not in the calendar (a window that reads the database): its provisional date, said to be one.
        dialog = MeetingDialog(meeting or Meeting(self.ref.year, self.ref.number, self.slot.date), self, others=self.bridge.register.meetings,
                               provisional=self.slot.date if meeting is None else None)
        if self.bridge.session.read_only:
            # To read, saying why: nothing can be typed there to be lost (was: editable, with OK, and dropped).
            exec_to_read(dialog, self.bridge.read_only_notice(self.tr("hvem som er til stede, kan leses, ikke endres")))
        else:
            # A corrected date takes the signings made at the meeting along (meeting_ops), as Dagsorden's Rediger
            # møte does (was: one signed before the correction kept the old date, the next got the new one).
            exec_until_saved(dialog, lambda: self._run(f"Til stede på {self.ref}", meeting_ops(self.bridge.register, dialog.value()),
                                                       what="present"))

    def _own_step(self, index: int) -> MeetingStep | None:
        """The mark of the step at `index` of the window's undo stack if meeting mode made it for this meeting (in
        this opening or an earlier one), else None."""
        origin = self.bridge.step_origin(index)
        return origin if isinstance(origin, MeetingStep) and origin.meeting == self.ref else None

    def _undoes_under_the_note(self) -> MeetingStep | None:
        """While a note is being typed: the step Angre takes back with the text kept (stored after it), which is a
        decision or signing recorded on this very item; None when the text typed is itself what Angre takes back.
        The undo then brings back the register as it was when the step was made on the item, so the item stays."""
        own = self._own_step(self.bridge.undo_stack.index() - 1)
        line = self.current()
        if own is None or line is None or not self._typing():
            return None
        return own if own.what == "record" and own.item == line.ident else None

    def _undo(self) -> None:
        stack = self.bridge.undo_stack
        under = self._undoes_under_the_note()
        if under is not None:
            # What the button named (V, say, before the note was typed): undone, the text typed kept and then stored
            # (was: the note was stored and that step undone, the decision stayed, and the text was gone).
            self._note_timer.stop()
            label = stack.undoText()
            undone = self.bridge.step_command(stack.index() - 1)
            if not self.bridge.undo(self):
                self._note_timer.start()  # refused (said): the text waits to be stored as before
                return
            self.save_note()  # the item is shown again with the text; a refusal is said beside it, the text kept
            # Storing the text is a step of its own, which leaves nothing to redo: Ctrl+Y records the step again.
            self._undone_under_note = (undone, under.item, stack.index(), stack.count())
            self._show_step(under.item, self.tr("Angret: «%1».").replace("%1", label))
            return
        if not self.save_note():  # the text typed is the last change made: stored first, so that Ctrl+Z takes it back
            return
        own = self._own_step(stack.index() - 1)
        if own is None:  # nothing of this meeting mode's left: what was done before it is not undone from here
            if self.bridge.session.read_only:
                self.consequence.setText(self.bridge.read_only_notice(self.tr("ingenting kan angres her")))
            elif stack.canUndo():
                self.consequence.setText(
                    self.tr("Ingenting mer å angre i møtemodus. «%1» ble gjort før møtemodus ble åpnet: det angres i hovedvinduet "
                            "(Rediger → Angre).").replace("%1", stack.undoText()))
            else:
                self.consequence.setText(self.tr("Ingenting å angre."))
            return
        label = stack.undoText()
        if self.bridge.undo(self):
            self._show_step(own.item, self.tr("Angret: «%1».").replace("%1", label))

    def _redo(self) -> None:
        if not self.save_note():  # as for Ctrl+Z: the text typed is stored, not shown over by the step's item
            return
        stack = self.bridge.undo_stack
        again = self._undone_under_note
        self._undone_under_note = None
        if again is not None and again[0] is not None and (stack.index(), stack.count()) == again[2:] and not stack.canRedo():
            # Angre while a note was typed took the step back and stored the text (a step of its own): nothing else
            # has happened since, so Ctrl+Y records it again, as its key did, with the text now stored (the old
            # step would put back the item as it was before the text; was: «Ingenting å gjøre om»), on its own
            # item, wherever the user has gone since (was: on the item shown, another agreement's).
            target = next((i for i, line in enumerate(self.lines) if line.ident == again[1]), None)
            if target is None:
                self.consequence.setText(self.tr("«%1» kan ikke gjøres om: saken er ikke lenger på dagsordenen.").replace("%1", again[0].label))
                return
            if target != self.index:
                self.go(target)
                if self.index != target:
                    return  # the note on the item left could not be stored (said there)
            puts = {op.kind: op.record for op in again[0].ops if isinstance(op, Put)}
            if "signings" in puts:
                self.new_end.set_value(puts["signings"].end_date)
                self.record_signing()
            elif "decisions" in puts:
                self.record_decision(puts["decisions"].decision)
            else:
                return
            if self._own_step(stack.index() - 1) is not None:
                self.consequence.setText(self.tr("Gjort om: «%1».").replace("%1", again[0].label))
            return
        own = self._own_step(stack.index())
        if own is None:  # only what was undone here is done again here
            self.consequence.setText(self.tr("Ingenting å gjøre om i møtemodus."))
            return
        label = stack.redoText()
        if self.bridge.redo(self):
            self._show_step(own.item, self.tr("Gjort om: «%1».").replace("%1", label))

    def _show_step(self, ident: tuple | None, said: str) -> None:
        """After Ctrl+Z or Ctrl+Y: the item the step concerned (it may have been another than the one shown), and
        what was undone or done again (was: the screen stayed as it was, and nothing said what had changed)."""
        target = next((i for i, line in enumerate(self.lines) if line.ident == ident), None) if ident is not None else None
        if target is not None and target != self.index:
            self.go(target)  # (the note was stored before the step: nothing to keep on this item)
        self.consequence.setText(said)
        self._show_undo()

    def _show_undo(self) -> None:
        """The Angre button names the step it takes back, as the Rediger menu does; disabled when this meeting mode
        has nothing left to take back. While a note is being typed, that is the note (stored, then taken back),
        unless the last step is a decision or signing on the same item (_undoes_under_the_note)."""
        stack = self.bridge.undo_stack
        line = self.current()
        if self._typing() and self._undoes_under_the_note() is None:
            text = self._note_label(line)
        else:
            text = stack.undoText() if self._own_step(stack.index() - 1) is not None else ""
        self.undo_button.setText(f"{self.tr('&Angre')} {text.replace('&', '&&')}".rstrip())  # user text: "&" is no mnemonic
        self.undo_button.setEnabled(bool(text))
        self.undo_button.setToolTip(self.tr("Angre «%1» (Ctrl+Z)").replace("%1", text) if text else self.tr("Ingenting å angre fra møtemodus"))
        self._describe()

    def _show_title(self, title: str) -> None:
        self.title.setText(_breakable(title))
        self.title.setAccessibleName(title)  # as typed, without the display's break opportunities

    def _spoken(self) -> tuple[str, str, str, str]:
        """What the mode shows now, for a screen reader: the item (case and title), the decision recorded, what the
        plan makes of it (or what the key said: undone, refused) and what Angre takes back."""
        item = " – ".join(text for text in (self.case.text(), self.title.accessibleName()) if text)
        return item, _plain(self.decision.text()), _plain(self.consequence.text()), self.undo_button.toolTip()

    def _describe(self) -> None:
        """The mode's accessible description kept to what is shown (the focus stays on the mode: a screen reader
        reads its description, never the labels that change), and what changed told when the key is done."""
        self.setAccessibleDescription("\n".join(text for text in self._spoken() if text))
        self._announce_timer.start()

    def _announce(self) -> None:
        """Tell a screen reader what changed since it was last told: another item is said whole (its case, title,
        decision and any consequence), else the decision or consequence that changed. Angre's step is in the
        description, not announced (it changes as a note is typed)."""
        now = self._spoken()
        if not self.isVisible() or now == self._told:
            return
        QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.DescriptionChanged))
        told, self._told = self._told, now
        if not told or now[0] != told[0]:
            said = now[:3]
        else:
            said = [text for text, was in zip(now[1:3], told[1:3]) if text != was]
        message = "\n".join(text for text in said if text)
        if message:
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self, message))

    def _show_read_only(self) -> None:
        """In a window that reads the database: why nothing can be recorded here (who has it), kept up to date while
        the mode is open (the writer may close it). The note and the new end date cannot be typed in."""
        read_only = self.bridge.session.read_only
        if read_only:
            self.read_only_notice.setText(self.bridge.read_only_notice(self.tr("møtet kan følges her, men vedtak, protokoll og hvem som er til stede kan ikke registreres")))
        self.read_only_notice.setVisible(read_only)
        self.new_end.setEnabled(not read_only)

    def _close_unsaved(self) -> bool:
        """Whether to close although the note could not be stored (a lock that lasts must not hold the secretary
        in meeting mode); No, the default, keeps the text to try again or copy."""
        answer = QtWidgets.QMessageBox.question(
            self,
            self.tr("Møtemodus"),
            self.tr("Protokollnotatet er ikke lagret. Vil du lukke møtemodus likevel? Teksten du skrev, går da tapt."),
            QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No,
            QtWidgets.QMessageBox.StandardButton.No,
        )
        return answer == QtWidgets.QMessageBox.StandardButton.Yes

    def done(self, result: int) -> None:  # noqa: D102 - every way out (Esc, close button, window close) saves the note
        if not self._closed:
            if not self.save_note() and not self._close_unsaved():
                return  # refused: the mode stays open on the item with the text, to try again (or to copy it)
            self._closed = True
            line = self.current()
            if line is not None:  # opened again in this window, the mode takes up here (_starting_index)
                self.bridge.places[("meeting", self.ref)] = line.ident
            self.bridge.changed.disconnect(self._on_changed)
            self.bridge.writer_changed.disconnect(self._show_read_only)
        super().done(result)
