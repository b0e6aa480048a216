"""The Qt binding must not leak references to None.

PySide6 6.12.0 dropped a reference to None on every call of a method returning nothing (setPen, setObjectName …);
on Python 3.11, where None is an ordinary object, the program then crashed ("deallocating None") after some tens of
thousands of such calls — minutes of use. pyproject.toml keeps that version out; this test keeps any other like it out.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QWidget


def test_void_calls_keep_none_alive(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        before = sys.getrefcount(None)
        for _ in range(2000):
            widget.setObjectName("x")
            painter.setPen(Qt.PenStyle.NoPen)
            painter.save()
            painter.restore()
        after = sys.getrefcount(None)
    finally:
        painter.end()
    assert after - before > -100, f"the Qt binding lost {before - after} references to None in 8,000 calls"
