"""What the window tests share: opening the main window on a database, showing it on a tab, and message boxes
that answer at once (and fail the test when nobody expected them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QMessageBox

from konsultasjon_app.store.demo import ensure_demo
from konsultasjon_app.store.session import Session
from konsultasjon_app.ui.bridge import SessionBridge
from konsultasjon_app.ui.main_window import MainWindow

# The static dialogs that open a modal loop of their own. A real one in a test waits for a click that never comes,
# and neither pytest-qt nor pytest-timeout's signal can reach into Qt's loop: the whole run hangs.
_MODALS = {
    QMessageBox: ("question", "warning", "critical", "information", "about", "exec"),  # exec: a box built by hand
    QFileDialog: ("getOpenFileName", "getSaveFileName"),
    QInputDialog: ("getText",),
}


_REAL_MESSAGE_BOX_EXEC = QMessageBox.exec


@pytest.fixture
def message_box_clicked_by_the_test(monkeypatch):
    """A message box built by hand runs for real: the test clicks its button itself (from a timer)."""
    monkeypatch.setattr(QMessageBox, "exec", _REAL_MESSAGE_BOX_EXEC)


@pytest.fixture(autouse=True)
def no_unexpected_dialog(monkeypatch):
    """A message box or file dialog that the test did not answer (with `messages` or its own monkeypatch, set later
    and so winning) fails the test instead of hanging the run. It is raised where the dialog would open and also
    reported when the test ends, in case the program caught the AssertionError as one of its own errors."""
    unexpected: list[str] = []

    def refuse(kind: str, name: str):
        def show(*args, **kwargs):
            words = [a for a in args if isinstance(a, str)][:2]  # the title and the text (or a file dialog's caption)
            what = f"unexpected {kind} ({name}): " + ": ".join(words)
            unexpected.append(what)
            raise AssertionError(what)

        return show

    for cls, names in _MODALS.items():
        for name in names:
            monkeypatch.setattr(cls, name, refuse("message box" if cls is QMessageBox else cls.__name__, name))
    yield
    assert not unexpected, unexpected[0]


@pytest.fixture
def bridge_on():
    """`bridge_on(session)`: a SessionBridge on an open session, closed when the test ends, passed or failed. A
    read-only session's bridge looks at the file every FOLLOW_EVERY_MS: left open by a failing test, it would go on
    looking during the tests after it (into their monkeypatches), and keep its database open."""
    bridges: list[SessionBridge] = []

    def bridge(session: Session) -> SessionBridge:
        bridges.append(SessionBridge(session))
        return bridges[-1]

    yield bridge
    for each in bridges:
        each.close()  # again after a test's own close: nothing happens


@pytest.fixture
def window_on(qtbot, bridge_on):
    """`window_on(session, settings=None)`: the main window on an open session, through a bridge (`window.bridge`)
    that `bridge_on` closes when the test ends."""

    def open_(session: Session, *, settings=None) -> MainWindow:
        window = MainWindow(bridge_on(session), settings=settings)
        qtbot.addWidget(window)
        return window

    return open_


@pytest.fixture
def open_window(window_on):
    """`open_window(path, demo=True, lock=False, settings=None)`: the main window on `path` (filled with the demo
    data first unless `demo` is False); its database is closed when the test ends."""

    def open_(path: Path, *, demo: bool = True, lock: bool = False, settings=None) -> MainWindow:
        if demo:
            ensure_demo(path)
        return window_on(Session.open(path, lock=lock), settings=settings)

    return open_


@pytest.fixture
def show_on(qtbot):
    """`show_on(window, "register")`: the window shown on screen (as a user has it) on that tab, which is
    returned. Tabs do some work only when shown (Dagsorden plans, Avtaleregister fills its details pane)."""

    def show(window: MainWindow, tab: str):
        window.show_tab(tab)
        with qtbot.waitExposed(window):
            window.show()
        return getattr(window, f"{tab}_tab")

    return show


@pytest.fixture
def messages(monkeypatch):
    """Message boxes answer at once (a question with Yes) and are recorded, so that nothing modal blocks a test."""
    shown: list[tuple[str, str]] = []

    def record(kind, answer=None):
        def show(parent, title, text, *args, **kwargs):
            shown.append((kind, text))
            return answer

        return show

    monkeypatch.setattr(QMessageBox, "information", record("information"))
    monkeypatch.setattr(QMessageBox, "warning", record("warning"))
    monkeypatch.setattr(QMessageBox, "critical", record("critical"))
    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.Yes))
    return shown


@pytest.fixture
def refuse_changes(monkeypatch):
    """`refuse_changes(True)`: every change is refused as when another program holds the database's write lock
    (StoreError 'locked', nothing written); `refuse_changes(False)` lets changes through again."""
    from konsultasjon_app.store.errors import StoreError

    real = Session.execute

    def execute(session, command):
        if refusing:
            raise StoreError("locked", session.path)
        return real(session, command)

    refusing = False

    def refuse(on: bool = True) -> None:
        nonlocal refusing
        refusing = on

    monkeypatch.setattr(Session, "execute", execute)
    return refuse


def refused_then_saved(monkeypatch, dialog_class, fill, refuse_changes) -> list:
    """The next dialog of this class is filled by `fill(dialog)` and accepted while the database refuses changes
    (another program holds it; the `refuse_changes` fixture); if it opens again, the database takes changes and it
    is accepted as it stands. The dialogs shown are returned, in order."""
    shown = []

    def fake_exec(dialog):
        shown.append(dialog)
        if len(shown) == 1:
            fill(dialog)
        refuse_changes(len(shown) == 1)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialog_class, "exec", fake_exec)
    return shown


def override_shape():
    """The shape of the cursor the program set over the whole application (the wait cursor), None without one."""
    cursor = QApplication.overrideCursor()
    return None if cursor is None else cursor.shape()


class EventCounter(QObject):
    """Counts the events of one kind a widget receives (installed as its event filter): the LayoutRequests that reach
    the tab widget (each a repaint of the whole tab), the paints of a list."""

    def __init__(self, kind: QEvent.Type):
        super().__init__()
        self.kind, self.count = kind, 0

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's naming
        if event.type() == self.kind:
            self.count += 1
        return False


@pytest.fixture
def screen_reader_told(monkeypatch) -> list:
    """What a screen reader (NVDA, JAWS) would be told from now on: each accessibility event as (type, object,
    announced message or None), passed on as well."""
    from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

    told = []
    real = QAccessible.updateAccessibility

    def spy(event):
        message = event.message() if isinstance(event, QAccessibleAnnouncementEvent) else None
        told.append((event.type(), event.object(), message))
        real(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(spy))
    return told
