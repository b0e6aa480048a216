"""Baseline for the start-up benchmark: a bare PySide6 program that opens a QMainWindow with three tabs and saves
the same 1280×800 screenshot (the pixels it painted when shown, as the program takes them), and nothing else."""

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget  # noqa: E402

app = QApplication(sys.argv[:1])
window = QMainWindow()
tabs = QTabWidget()
for name in ("Dagsorden", "Avtaleregister", "Evaluering"):
    tabs.addTab(QWidget(), name)
window.setCentralWidget(tabs)
window.resize(1280, 800)
window.show()
app.processEvents()
# The pixels the window painted when shown, as the program's --screenshot takes them (ui.app.painted: the offscreen
# screen's copy; grab() would paint the window once more). Until the twenty-fourth round both sides used grab().
window.windowHandle().screen().grabWindow(window.winId()).save(sys.argv[1], "PNG")
