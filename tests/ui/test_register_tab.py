"""Avtaleregister in daily use: a saved agreement the filter hid, «I kraft på» typed by hand, the details pane
against its row, a search for text stored decomposed, the keys from the search to the list, the filters' order."""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from konsultasjon_app.domain.changes import Command, Put
from konsultasjon_app.domain.model import Agreement, Signing
from konsultasjon_app.ui.register.model import AgreementTableModel, Column, KeyRole

from ..reports.support import demo_register


@pytest.fixture
def window(open_window, tmp_path, monkeypatch):
    win = open_window(tmp_path / "demo.sqlite3")
    win.resize(1280, 800)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    return win


def shown_keys(tab) -> list[str]:
    return [tab.model.index(row, 0).data(KeyRole) for row in range(tab.model.rowCount())]


def field(text: str, label: str) -> str:
    """The line after `label` in the details pane's text (its value, stacked or beside it)."""
    lines = text.splitlines()
    return lines[lines.index(label) + 1]


# -- a saved agreement the filter hides ------------------------------------------------------------------------


# -- «I kraft på» typed by hand --------------------------------------------------------------------------------


# -- the details pane says what the row says -------------------------------------------------------------------


def test_the_details_pane_shows_the_status_and_signing_the_row_shows(window, show_on):
    """Was: «Status –» beside a row saying «I kraft» (no status written), and «Undertegnet» the first signing
    beside a row giving the latest."""
    tab = show_on(window, "register")
    bridge = window.bridge
    barnevern = bridge.register.agreement("barnevern")  # signed 15.09.2005, ends 14.09.2008
    tab.model.today = dt.date(2009, 1, 1)
    bridge.run(Command("Endre", (
        Put("agreements", dataclasses.replace(barnevern, status=None)),
        Put("signings", Signing("barnevern", dt.date(2008, 6, 2), None, dt.date(2012, 6, 30))),
    )))
    assert tab.select_key("barnevern")
    row = tab.model.row_of("barnevern")
    text = tab.details.toPlainText()
    assert tab.model.index(row, Column.STATUS).data() == "I kraft"
    assert field(text, "Status") == "I kraft (beregnet)"
    assert tab.model.index(row, Column.SIGNED).data() == "02.06.2008"
    assert field(text, "Undertegnet") == "02.06.2008"
    assert "først undertegnet 15.09.2005" in text
    # A status the user wrote is shown as written.
    bridge.run(Command("Status", (Put("agreements", dataclasses.replace(bridge.register.agreement("barnevern"), status="Under reforhandling")),)))
    assert field(tab.details.toPlainText(), "Status") == "Under reforhandling"


# -- the search ------------------------------------------------------------------------------------------------


def test_the_search_finds_a_letter_however_it_is_stored_or_typed(qapp):
    """«å» stored as "a" and a ring (a title pasted from a Mac or a PDF) is found by typing «å», and the other way
    round. Was: the search compared the characters as stored."""
    register = demo_register()
    decomposed = Agreement(key="nfd", title=unicodedata.normalize("NFD", "Avtale om tiltak på Ås"), state_parties=("KDD",))
    composed = Agreement(key="nfc", title="Avtale om skole på Ørland", state_parties=("KDD",))
    model = AgreementTableModel()
    model.set_register(dataclasses.replace(register, agreements=(decomposed, composed)))

    def found(text: str) -> set[str]:
        model.set_search(text)
        return {model.agreement_at(row).key for row in range(model.rowCount())}

    assert found("på") == {"nfd", "nfc"}
    assert found("ås") == found("ÅS") == {"nfd"}
    assert found(unicodedata.normalize("NFD", "på")) == {"nfd", "nfc"}  # typed (pasted) decomposed
    assert found("ørland") == {"nfc"}


def test_the_status_and_ministry_filters_are_in_norwegian_order(window):
    tab = window.register_tab
    statuses = ["Avsluttet", "Årlig videreført", "Ønskes reforhandlet", "Ærend hos departementet", "Under reforhandling"]
    ministries = ["ÅD", "ØD", "ÆD", "ZD"]
    window.bridge.run(Command("Nye", tuple(
        Put("agreements", Agreement(key=f"a{i}", title=f"Avtale {i}", status=status, state_parties=(ministries[i % 4],)))
        for i, status in enumerate(statuses))))
    choices = [tab.status_filter.itemData(i) for i in range(1, tab.status_filter.count())]
    ours = [s for s in choices if s in statuses]
    assert ours == ["Avsluttet", "Under reforhandling", "Ærend hos departementet", "Ønskes reforhandlet", "Årlig videreført"]
    tab.table.sortByColumn(Column.STATUS, Qt.SortOrder.AscendingOrder)
    column = [tab.model.index(row, Column.STATUS).data() for row in range(tab.model.rowCount())]
    assert list(dict.fromkeys(s for s in column if s in statuses)) == ours  # as the column sorts them
    parties = [tab.party_filter.itemData(i) for i in range(1, tab.party_filter.count())]
    assert [p for p in parties if p in ministries] == ["ZD", "ÆD", "ØD", "ÅD"]


# -- keys --------------------------------------------------------------------------------------------------------