"""Before a change that would alter the agenda of a meeting already held: say what it does, and ask.

A meeting's agenda is worked out from the register, so that it always follows the rules; but the agenda of a
meeting that has been held was handed out, and its minutes cite its case numbers. A new title (the items' order),
a deleted agreement, a moved item, a meeting's new date, an import or a setting can change it after the fact. The
window says which meetings and cases such a change would alter before it makes it (undo takes it back as well).
Recording in meeting mode what a meeting decided is not asked about: that is the record itself, and what it puts
on the following meetings is what the rules say the decision means.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ..domain.agenda import KnownPlans
from ..domain.model import Register

# The plans the question made last, and Dagsorden's: the register before a change is planned already, as the one
# after the change before it or the one Dagsorden shows (was: every save of a title planned both, before and after,
# ~0.2 s with 4,000 agreements). Emptied when another database (or the same one again) is opened: set_session.
known_plans = KnownPlans()


def held_changes(register: Register, ops, today: dt.date | None = None) -> list[str]:
    """What the operations would do to the agendas of held meetings (domain.agenda.held_agenda_changes); nothing
    when they could not be applied (the command path then says why)."""
    from ..domain.agenda import held_agenda_changes
    from ..domain.changes import RenameAgreement, apply
    from ..domain.problems import InvalidInput

    try:
        after = apply(register, ops).register
    except (InvalidInput, KeyError, ValueError):
        return []
    renamed = {op.old: op.new for op in ops if isinstance(op, RenameAgreement)}  # a new key: the same items
    from .widgets import current_date

    return held_agenda_changes(register, after, today or current_date(), renamed, known_plans)


def held_text(said: list[str]) -> str:
    """The sentences, for a question: what changes on which held meeting."""
    return QCoreApplication.translate("Konsultasjon", "Dagsordenen for møter som alt er holdt, endres:") + "\n\n" + "\n".join(f"• {s}" for s in said)


def go_on(parent: QWidget, title: str, register: Register, ops, today: dt.date | None = None) -> bool:
    """Ask whether to make the change (the operations `ops` on `register`) when it alters held meetings' agendas
    (held_changes); True at once when it alters none."""
    said = held_changes(register, ops, today)
    if not said:
        return True
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(
        parent, title,
        held_text(said) + "\n\n" + QCoreApplication.translate("Konsultasjon", "Gjøre endringen likevel? (Den kan angres med Ctrl+Z.)"),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
