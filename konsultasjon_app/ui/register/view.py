"""Avtaleregister: the searchable, sortable table of agreements and the selected agreement's details."""

from __future__ import annotations

import html

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...domain.calendar import format_date
from ...domain.changes import Changed
from ...domain.checks import check_agreement, party_index
from ...domain.model import Agreement, Register
from ..bridge import SessionBridge
from .model import AgreementFilterProxy, AgreementTableModel, Column, KeyRole

KS_LEVEL_NB = {"political": "politisk", "administrative": "administrativt"}
CATEGORY_NB = {"consultation": "konsultasjonsavtale", "other": "annen avtale"}


class RegisterTab(QWidget):
    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None):
        super().__init__(parent)
        self.bridge = bridge
        self.setObjectName("registerTab")

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Søk i tittel, parter og notater (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Søk i avtaleregisteret"))
        self.count_label = QLabel(self)

        self.model = AgreementTableModel(self)
        self.proxy = AgreementFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.table = QTableView(self)
        self.table.setObjectName("agreementTable")
        self.table.setAccessibleName(self.tr("Avtaler"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.TITLE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((Column.MINISTRIES, 150), (Column.SIGNED, 100), (Column.ENDS, 100), (Column.STATUS, 140), (Column.WARNINGS, 90)):
            header.resizeSection(column, width)
        header.setStretchLastSection(False)

        self.details = QTextBrowser(self)
        self.details.setObjectName("agreementDetails")
        self.details.setAccessibleName(self.tr("Detaljer om valgt avtale"))
        self.details.setOpenLinks(False)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([760, 480])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

        self.search.textChanged.connect(self._on_search)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.focus_search)
        bridge.changed.connect(self._on_changed)
        self._reload()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _on_search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _on_changed(self, changed: Changed) -> None:
        if changed.touches("agreements", "signings", "parties", "settings"):
            self._reload()

    def _reload(self) -> None:
        self.model.set_register(self.bridge.register)
        self._update_count()
        if not self.table.selectionModel().hasSelection() and self.proxy.rowCount() > 0:
            self.table.selectRow(0)
        else:
            self._show_selected()

    def _update_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        text = self.tr("%n avtale(r)", "", total) if shown == total else self.tr("%1 av %2 avtaler").replace("%1", str(shown)).replace("%2", str(total))
        self.count_label.setText(text)

    def selected_key(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(KeyRole) if rows else None

    def _on_selection(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        self._show_selected()

    def _show_selected(self) -> None:
        key = self.selected_key()
        register = self.bridge.register
        agreement = register.agreement(key) if key else None
        self.details.setHtml(agreement_html(agreement, register) if agreement else "")


def agreement_html(a: Agreement, register: Register) -> str:
    """The agreement's fields as a read-only page (every user text escaped)."""
    e = html.escape
    parties = party_index(register.parties)

    def party(key: str) -> str:
        p = parties.get(key)
        return e(key) if p is None or p.name == key else f"{e(key)} <span style='color:#555'>({e(p.name)})</span>"

    rows: list[tuple[str, str]] = [
        ("Nøkkel", e(a.key)),
        ("Kategori", e(CATEGORY_NB.get(a.category, a.category))),
        ("Statlige parter", ", ".join(party(p) for p in a.state_parties) or "–"),
        ("Andre parter", ", ".join(party(p) for p in a.other_parties) or "–"),
        ("KS undertegner på", e(KS_LEVEL_NB.get(a.ks_signatory_level or "", "–"))),
        ("Undertegnere", "<br>".join(e(", ".join(x for x in (s.name, s.role, s.party) if x)) for s in a.signatories) or "–"),
        ("Undertegnet", format_date(a.signed_date) or "–"),
        ("Start", format_date(a.start_date) or "–"),
        ("Slutt", format_date(a.end_date) or (f"{a.duration_months} måneder" if a.duration_months else "–")),
        ("Oppsigelse", f"{a.notice_months} måneder" if a.notice_months is not None else e(a.notice_text or "–")),
        ("Formål", e(a.purpose or "–")),
        ("Økonomi", e(a.economy_text or "–") + (" <i>(forutsatt Stortingets bevilgning)</i>" if a.storting_reservation else "")),
        ("Evaluering", e(a.evaluation_clause or "–") + (" <i>(årlig)</i>" if a.evaluation_annual else "")),
        ("Oppfølging", e(a.followup_text or "–")),
        ("Unntak fra stortingsperioden", e(a.term_exception or "–")),
        ("Status", e(a.status or "–")),
        ("Notater", e(a.notes or "–")),
    ]
    if a.obligations:
        rows.insert(11, ("Forpliktelser", "<br>".join(f"<b>{label}:</b> {e(text)}" for label, text in (("Felles", a.obligations.joint), ("KS", a.obligations.ks), ("Staten", a.obligations.state)) if text)))
    body = "".join(f"<tr><td style='color:#444;padding-right:10px' valign='top'>{label}</td><td valign='top'>{value}</td></tr>" for label, value in rows)
    warnings = check_agreement(a, register.settings, parties)
    warn_html = ""
    if warnings:
        items = "".join(f"<li>{e(w.message)}</li>" for w in warnings)
        warn_html = f"<h4 style='color:#8a5a00'>Avvik fra mønsteravtalen ({len(warnings)})</h4><ul>{items}</ul>"
    return f"<h3>{e(a.title)}</h3><table cellspacing='2'>{body}</table>{warn_html}"
