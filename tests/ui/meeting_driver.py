"""Run meeting mode in a process of its own, for the crash test: each line "go" on stdin makes the next decision;
after it is stored the process prints "decided <agreement>"."""

from __future__ import annotations

import datetime as dt
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from konsultasjon_app.store.session import Session  # noqa: E402
from konsultasjon_app.ui.bridge import SessionBridge  # noqa: E402
from konsultasjon_app.ui.meeting.mode import MeetingMode  # noqa: E402

KEYS = [Qt.Key.Key_V, Qt.Key.Key_R, Qt.Key.Key_O]


def main(db: str) -> None:
    app = QApplication([])
    bridge = SessionBridge(Session.open(db))
    mode = MeetingMode(bridge, 2006, 2, dt.date(2006, 4, 26))
    mode.show()
    mode.activateWindow()
    app.processEvents()
    reviews = [i for i, line in enumerate(mode.lines) if line.action == "review"]
    print("ready", len(reviews), flush=True)
    for n, index in enumerate(reviews):
        if sys.stdin.readline().strip() != "go":
            break
        mode.go(index)
        mode.note.setPlainText(f"Protokoll {n}")
        mode.save_note()
        # As a keyboard does: the key goes to the widget with the focus.
        QTest.keyClick(app.focusWidget() or mode, KEYS[n % len(KEYS)])
        app.processEvents()
        agreement = mode.current().agreement
        stored = next(d for d in bridge.register.decisions if d.agreement == agreement)  # written and committed
        print("decided", agreement, stored.decision, flush=True)
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
