"""Avtaleregister in daily use: a saved agreement the filter hid, «I kraft på» typed by hand, the details pane
against its row, a search for text stored decomposed, the keys from the search to the list, the filters' order."""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from konsultasjon_app.domain.changes import Command, Put
from konsultasjon_app.domain.model import Agreement, Obligations, Register, Signing
from konsultasjon_app.ui.register.form import AgreementForm
from konsultasjon_app.ui.register.model import AgreementTableModel, Column, KeyRole
from konsultasjon_app.ui.shortcuts import window_shortcuts

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


def test_a_new_agreement_the_filter_hides_is_shown_selected_and_the_user_told(window, show_on, qtbot, monkeypatch):
    """A new agreement has no dates: «Planlagt», never «I kraft». Was: saved with «I kraft» chosen, it was not in the
    list ("4 av 11 avtaler"), the agreement selected before kept its details, and nothing was said."""
    tab = show_on(window, "register")
    tab.party_filter.setCurrentIndex(tab.party_filter.findData("KDD"))
    tab.status_filter.setCurrentIndex(tab.status_filter.findData("I kraft"))

    def fill(form):
        qtbot.keyClicks(form.title, "Avtale om digitalisering i kommunesektoren")
        form.state_parties.input.setEditText("KDD")
        form.state_parties.add_current()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AgreementForm, "exec", fill)
    tab.new_action.trigger()
    key = "digitalisering-kommunesektoren"
    assert window.bridge.register.agreement(key) is not None
    assert tab.selected_key() == key and key in shown_keys(tab)
    assert "Avtale om digitalisering i kommunesektoren" in tab.details.toPlainText()
    assert tab.status_filter.currentData() is None  # the part of the filter that hid it is taken away …
    assert tab.party_filter.currentData() == "KDD"  # … the rest stays
    assert window.statusBar().currentMessage() == "Avtalen ble skjult av filteret, så statusfilteret er tatt bort: den vises nå."


def test_an_edited_agreement_the_search_no_longer_finds_stays_shown_and_selected(window, show_on, monkeypatch):
    tab = show_on(window, "register")
    tab.search.setText("videreutvikling")
    tab.in_force_date.set_value(dt.date(2007, 1, 1))
    tab.in_force_check.setChecked(True)
    assert tab.selected_key() == "barnevern"

    def fill(form):
        form.title.setText("Avtale om oppvekst")
        form.end.set_value(dt.date(2006, 6, 30))  # and no longer in force on 01.01.2007
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AgreementForm, "exec", fill)
    tab.edit_action.trigger()
    assert window.bridge.register.agreement("barnevern").title == "Avtale om oppvekst"
    assert tab.selected_key() == "barnevern" and "Avtale om oppvekst" in tab.details.toPlainText()
    assert tab.search.text() == "" and not tab.in_force_check.isChecked()
    assert window.statusBar().currentMessage() == "Avtalen ble skjult av filteret, så søket og «I kraft på» er tatt bort: den vises nå."


def test_after_saving_a_new_agreement_found_by_no_search_the_keys_are_on_its_row(window, show_on, qtbot, monkeypatch):
    """«Ny avtale» (Ctrl+N) typed from the search, saved: the search is taken away to show it, and the focus is on
    the list with the new agreement the current row, so Enter opens it again. Was: the focus stayed in the search,
    Enter did nothing, and the next key typed went into the search."""
    tab = show_on(window, "register")
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(tab.search, "barnevern")
    assert QApplication.focusWidget() is tab.search
    opened = []

    def fill(form):
        opened.append(form.key.text())
        if len(opened) > 1:
            return QDialog.DialogCode.Rejected  # opened again by Enter: closed as it is
        qtbot.keyClicks(form.title, "Avtale om digitalisering i kommunesektoren")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AgreementForm, "exec", fill)
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    key = "digitalisering-kommunesektoren"
    assert window.bridge.register.agreement(key) is not None and tab.search.text() == ""
    assert QApplication.focusWidget() is tab.table
    assert tab.table.currentIndex().data(KeyRole) == key and tab.selected_key() == key
    QTest.keyClick(tab.table, Qt.Key.Key_Return)
    assert opened == ["", key]


def test_undoing_a_delete_selects_the_agreement_it_brings_back(window, show_on):
    tab = show_on(window, "register")
    assert tab.select_key("barnevern")
    tab.delete_selected()
    assert tab.selected_key() != "barnevern"
    window.undo_action.trigger()
    assert tab.selected_key() == "barnevern"
    assert "Avtale om videreutvikling av barnevernet" in tab.details.toPlainText()


# -- «I kraft på» typed by hand --------------------------------------------------------------------------------


def retype(tab, text: str, end=Qt.Key.Key_Tab) -> None:
    """The date's text selected and typed over key by key, then the field left (Tab) or Enter pressed."""
    edit = tab.in_force_date.edit
    edit.setFocus()
    edit.selectAll()
    QTest.keyClicks(edit, text)
    if end is not None:
        QTest.keyClick(edit, end)


def test_in_force_filters_on_the_whole_date_typed_and_keeps_the_selection(window, show_on):
    """Was: on the way to 15.09.2005 the list was filtered on 15.09 this year and on 15.09.2020, which hid the
    selected agreement; it was not selected again when it came back."""
    tab = show_on(window, "register")
    tab.in_force_check.setChecked(True)
    retype(tab, "01.01.2007")
    assert tab.select_key("barnevern")
    used = set()
    tab.in_force_date.edit.selectAll()
    for key in "15.09.2005":
        QTest.keyClick(tab.in_force_date.edit, key)
        used.add(tab.model._filter.in_force_on)
        assert tab.selected_key() == "barnevern"
    assert used == {dt.date(2007, 1, 1), dt.date(2005, 9, 15)}
    # A date typed short is taken when the user has finished: Enter, or leaving the field.
    retype(tab, "1.6.06", end=None)
    assert tab.model._filter.in_force_on == dt.date(2005, 9, 15)
    QTest.keyClick(tab.in_force_date.edit, Qt.Key.Key_Return)
    assert tab.model._filter.in_force_on == dt.date(2006, 6, 1) and tab.in_force_date.edit.text() == "01.06.2006"
    # ↑/↓ and the calendar give whole dates: at once.
    QTest.keyClick(tab.in_force_date.edit, Qt.Key.Key_Up)
    assert tab.model._filter.in_force_on == dt.date(2006, 6, 2)


def test_a_date_typed_wrong_leaves_the_list_on_the_last_date_and_says_so(window, show_on):
    """Was: "15.9.205" left the list on 15.09.2020 (what "15.9.20" read as on the way), a date shown nowhere, and
    "31.02.2006" typed into an emptied field showed every agreement with the box still ticked."""
    tab = show_on(window, "register")
    tab.in_force_check.setChecked(True)
    retype(tab, "1.6.2006")
    in_force = shown_keys(tab)
    assert tab.model._filter.in_force_on == dt.date(2006, 6, 1) and not tab.in_force_error.isVisibleTo(tab)
    for typo in ("15.9.205", "31.02.2006"):
        edit = tab.in_force_date.edit
        edit.setFocus()
        edit.selectAll()
        QTest.keyClick(edit, Qt.Key.Key_Backspace)  # emptied first
        QTest.keyClicks(edit, typo)
        QTest.keyClick(edit, Qt.Key.Key_Tab)
        assert tab.in_force_check.isChecked() and tab.model._filter.in_force_on == dt.date(2006, 6, 1)
        assert shown_keys(tab) == in_force
        assert tab.in_force_error.isVisibleTo(tab)
        assert tab.in_force_error.text() == f"«{typo}» er ikke en dato (dd.mm.åååå). Listen viser avtalene i kraft på 01.06.2006."
    retype(tab, "15.09.2005")
    assert not tab.in_force_error.isVisibleTo(tab) and tab.model._filter.in_force_on == dt.date(2005, 9, 15)
    # Emptied and left: the date the list is on comes back into the field.
    edit = tab.in_force_date.edit
    edit.setFocus()
    edit.selectAll()
    QTest.keyClick(edit, Qt.Key.Key_Backspace)
    QTest.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.text() == "15.09.2005" and tab.model._filter.in_force_on == dt.date(2005, 9, 15)
    # A wrong date with the box unticked is said when the box is ticked again.
    retype(tab, "32.1.2006")
    tab.in_force_check.setChecked(False)
    assert not tab.in_force_error.isVisibleTo(tab) and tab.model._filter.in_force_on is None
    tab.in_force_check.setChecked(True)
    assert tab.in_force_error.isVisibleTo(tab) and tab.model._filter.in_force_on == dt.date(2005, 9, 15)


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
    # A status the user wrote follows the computed one, in the row as a note and in the pane as stored.
    bridge.run(Command("Status", (Put("agreements", dataclasses.replace(bridge.register.agreement("barnevern"), status="Under reforhandling")),)))
    assert tab.model.index(row, Column.STATUS).data() == "I kraft · Under reforhandling"
    assert field(tab.details.toPlainText(), "Status") == "I kraft (beregnet)"
    assert field(tab.details.toPlainText(), "I kraft (beregnet)") == "Registrert status: Under reforhandling"


def test_the_status_column_shows_the_state_the_dates_give_and_a_written_status_after_it(window, show_on):
    """A status typed in the form is the secretariat's note beside the state the dates and decisions give, never
    instead of it. Was (found by the audit of a year): «I kraft» picked when an agreement was entered stayed after
    it had ended, «Under reforhandling» after it was signed, and the Status filter «I kraft» listed agreements
    «I kraft på» left out."""
    tab = show_on(window, "register")
    bridge = window.bridge
    tab.model.today = day = dt.date(2009, 1, 1)
    nav = bridge.register.agreement("nav")  # 21.04.2006 – 31.12.2009
    bridge.run(Command("Endre", (
        # Renegotiated and signed 30.08.2006: in force, its written «Under reforhandling» a note of the past.
        Put("signings", Signing("pleie-omsorg", dt.date(2006, 8, 30), None, dt.date(2009, 8, 29))),
        Put("agreements", dataclasses.replace(nav, status=" i KRAFT ")),  # a computed word however typed
    )))

    def status(key: str) -> str:
        return tab.model.index(tab.model.row_of(key), Column.STATUS).data()

    assert status("barnevern") == "Utløpt"  # written «I kraft», ended 14.09.2008 (was: «I kraft»)
    assert status("bosetting-flyktninger") == "Utløpt"  # written «I kraft», ended 14.11.2006
    assert status("skole") == "I kraft"  # written «I kraft» and no end: not said twice
    assert status("nav") == "I kraft"
    assert status("pleie-omsorg") == "I kraft · Under reforhandling"  # (was: «Under reforhandling»)
    assert status("landbruk") == "Utløpt · Nær undertegnelse"
    assert status("loslatelse") == "Planlagt · Inngått (dato ukjent)"
    # Written «I kraft ut 2019» (signed 2016): begins with what the dates decide, so the dates' word alone (the
    # review found «Utløpt · I kraft ut 2019» on today's date).
    assert status("kommunesammenslaing") == "Ikke trådt i kraft"

    # One that says more than that is the secretariat's note, kept whatever word it begins with (review).
    nav = bridge.register.agreement("nav")
    bridge.run(Command("Endre", (Put("agreements", dataclasses.replace(nav, status="I kraft, men under reforhandling")),)))
    assert status("nav") == "I kraft · I kraft, men under reforhandling"
    bridge.undo()

    # The filter offers the states, then the notes: each on its own, not the combinations the column shows.
    filter_ = tab.status_filter
    choices = [filter_.itemData(i) for i in range(1, filter_.count())]
    states = ["I kraft", "Ikke trådt i kraft", "Planlagt", "Utløpt"]
    assert choices[:4] == states and choices[4] is None  # a separator between the two
    assert "Under reforhandling" in choices[5:] and "Nær undertegnelse" in choices[5:]
    assert not [c for c in choices if c and " · " in c]

    def shown_with(text: str) -> set[str]:
        filter_.setCurrentIndex(filter_.findData(text))
        shown = set(shown_keys(tab))
        filter_.setCurrentIndex(0)
        return shown

    in_force = shown_with("I kraft")
    assert {"pleie-omsorg", "nav", "skole"} <= in_force and not {"barnevern", "landbruk"} & in_force
    assert shown_with("Under reforhandling") == {"pleie-omsorg"}  # by its note
    assert "landbruk" in shown_with("Utløpt") and "landbruk" in shown_with("Nær undertegnelse")
    # The Status filter «I kraft» and «I kraft på» today agree.
    tab.in_force_date.set_value(day)
    tab.in_force_check.setChecked(True)
    assert set(shown_keys(tab)) == in_force
    tab.in_force_check.setChecked(False)

    # Sorted by the column: by what it shows.
    tab.table.sortByColumn(Column.STATUS, Qt.SortOrder.AscendingOrder)
    from konsultasjon_app.domain.model import norwegian_key

    column = [tab.model.index(row, Column.STATUS).data() for row in range(tab.model.rowCount())]
    assert column == sorted(column, key=norwegian_key)

    # The details pane: the computed state, and below it the status as stored, which the user may clear.
    assert tab.select_key("barnevern")
    text = tab.details.toPlainText()
    assert field(text, "Status") == "Utløpt (beregnet)"
    assert field(text, "Utløpt (beregnet)") == "Registrert status: I kraft"
    assert tab.select_key("pleie-omsorg")
    assert field(tab.details.toPlainText(), "I kraft (beregnet)") == "Registrert status: Under reforhandling"


def test_the_details_pane_shows_the_notice_clause_beside_the_months_and_a_nei_chosen(window, show_on):
    """Audit (register) #2: the pane said only «3 måneder» when the form held the notice clause too, and showed
    nothing for «Nei» in «Forutsatt Stortingets bevilgning» and «Evalueres årlig», as for «Ikke angitt»: the user
    could not tell a clause recorded as missing from one never looked at."""
    tab = show_on(window, "register")
    bridge = window.bridge

    def shown(**fields) -> str:
        barnevern = bridge.register.agreement("barnevern")
        bridge.run(Command("Endre", (Put("agreements", dataclasses.replace(barnevern, **fields)),)))
        assert tab.select_key("barnevern")
        return tab.details.toPlainText()

    clause = "skriftlig, med virkning fra 1. januar året etter"
    text = shown(notice_months=3, notice_text=clause, economy_text="Staten kompenserer KS", storting_reservation=False,
                 evaluation_clause="Avtalen skal vurderes.", evaluation_annual=False)
    assert field(text, "Oppsigelse") == "3 måneder"
    assert field(text, "3 måneder") == clause
    assert field(text, "Staten kompenserer KS") == "Forutsatt Stortingets bevilgning: Nei"
    assert field(text, "Avtalen skal vurderes.") == "Evalueres årlig: Nei"
    text = shown(storting_reservation=True, evaluation_annual=True)
    assert field(text, "Staten kompenserer KS") == "Forutsatt Stortingets bevilgning: Ja"
    assert field(text, "Avtalen skal vurderes.") == "Evalueres årlig: Ja"
    # «Ikke angitt» says nothing, as an empty field does; the clause alone, or the months alone, as before.
    text = shown(notice_months=None, storting_reservation=None, evaluation_annual=None)
    assert field(text, "Oppsigelse") == clause
    assert "Forutsatt Stortingets bevilgning" not in text and "Evalueres årlig" not in text
    assert field(shown(notice_months=0, notice_text=None), "Oppsigelse") == "0 måneder"
    assert field(shown(notice_months=None), "Oppsigelse") == "–"
    # The obligations under the form's own name (was «Forpliktelser» here, «Partenes plikter» in the form).
    assert field(shown(obligations=Obligations(joint="Samarbeide", ks=None, state=None)), "Partenes plikter") == "Felles: Samarbeide"


def test_a_narrow_details_pane_shows_the_labels_above_the_values_and_cuts_no_word(window, show_on, qtbot):
    tab = show_on(window, "register")
    assert tab.select_key("bostedsloshet")  # AID, HOD, JD, KRD: "inkluderingsdepartementet" …
    qtbot.waitUntil(lambda: tab.details.toPlainText() != "")
    width = sum(tab.splitter.sizes())
    tab.splitter.setSizes([width - 240, 240])
    qtbot.waitUntil(lambda: tab._details_stacked is True)
    assert cut_words(tab.details.document()) == []
    tab.splitter.setSizes([width - 420, 420])
    qtbot.waitUntil(lambda: tab._details_stacked is False)
    assert cut_words(tab.details.document()) == []


def cut_words(document) -> list[str]:
    """The words the pane's layout cut in two at a line's end."""
    cut = []
    block = document.begin()
    while block.isValid():
        text, layout = block.text(), block.layout()
        for i in range(layout.lineCount() - 1):
            end = layout.lineAt(i).textStart() + layout.lineAt(i).textLength()
            if 0 < end < len(text) and text[end - 1].isalpha() and text[end].isalpha():
                cut.append(text[max(0, end - 10):end + 5])
        block = block.next()
    return cut


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


def test_an_agreement_terminated_without_notice_months_has_the_status_sagt_opp(qapp):
    """Audit aud_year #1: NAV, terminated at meeting 2 of 2007 with no notice period in months and its end date then
    set to 31.12.2007, had the status «I kraft» and later «Utløpt», never «Sagt opp» (which barnevern, terminated
    with three months' notice, had). The Status filter «Sagt opp» lists it, and the details pane says so."""
    from konsultasjon_app.ui.register.view import agreement_html

    from ..domain.test_planner import agreement, d, decision, register

    reg = register(agreement("nav", signed="2006-04-21", end="2007-12-31", notice_months=None),
                   agreement("open", signed="2006-04-21", end=None, notice_months=None),
                   decisions=(decision("nav", 2007, 2, "terminate"), decision("open", 2007, 2, "terminate")))
    model = AgreementTableModel()

    def status(key: str, today: str) -> tuple[str, str]:
        model.today = d(today)
        model.set_register(reg)
        row = model.row_of(key)
        return model.index(row, Column.ENDS).data(), model.index(row, Column.STATUS).data()

    assert status("nav", "2007-06-01") == ("31.12.2007", "Sagt opp")
    assert status("nav", "2008-02-01") == ("31.12.2007", "Sagt opp")
    assert status("open", "2007-06-01") == ("", "Sagt opp")  # no end date set yet
    model.set_filters(status="Sagt opp", party=None, in_force_on=None, with_warnings=False)
    assert {model.agreement_at(row).key for row in range(model.rowCount())} == {"nav", "open"}
    assert "31.12.2007<br><i>sagt opp, gjelder til og med 31.12.2007</i>" in agreement_html(reg.agreement("nav"), reg)


def test_a_terminated_agreement_without_an_end_date_reads_sagt_opp_in_the_details_pane(qapp):
    """No end date set yet after a termination without notice months: «sagt opp», not «sagt opp, gjelder til og med »
    with no date after it."""
    from konsultasjon_app.ui.register.view import agreement_html

    from ..domain.test_planner import agreement, decision, register

    reg = register(agreement("open", signed="2006-04-21", end=None, notice_months=None), decisions=(decision("open", 2007, 2, "terminate"),))
    page = agreement_html(reg.agreement("open"), reg)
    assert "–<br><i>sagt opp</i>" in page
    assert "gjelder til og med" not in page


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
    # As the column sorts them: all «Planlagt» (no dates), then by the note written after it.
    notes = [s.removeprefix("Planlagt · ") for s in column]
    assert list(dict.fromkeys(s for s in notes if s in statuses)) == ours
    parties = [tab.party_filter.itemData(i) for i in range(1, tab.party_filter.count())]
    assert [p for p in parties if p in ministries] == ["ZD", "ÆD", "ØD", "ÅD"]


def test_a_cut_off_status_shows_whole_as_a_tooltip(window):
    model = window.register_tab.model
    row = model.row_of("loslatelse")  # «Planlagt · Inngått (dato ukjent)»: «Planlagt · Inn…» on a narrow window
    assert model.index(row, Column.STATUS).data(Qt.ItemDataRole.ToolTipRole) == "Planlagt · Inngått (dato ukjent)"


# -- keys --------------------------------------------------------------------------------------------------------


def test_enter_or_down_in_the_search_goes_to_the_first_agreement_found_and_esc_empties_it(window, show_on, monkeypatch):
    tab = show_on(window, "register")
    opened = []
    monkeypatch.setattr(AgreementForm, "exec", lambda form: opened.append(form.key.text()) or QDialog.DialogCode.Rejected)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Down):
        QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        assert QApplication.focusWidget() is tab.search
        tab.search.selectAll()
        QTest.keyClicks(tab.search, "bosetting")
        assert tab.select_key(shown_keys(tab)[-1])
        QTest.keyClick(tab.search, key)
        assert QApplication.focusWidget() is tab.table
        assert tab.selected_key() == shown_keys(tab)[0] and tab.table.currentIndex().row() == 0
    QTest.keyClick(tab.table, Qt.Key.Key_Return)  # Enter again opens it
    assert opened == [shown_keys(tab)[0]]
    tab.search.setFocus()
    QTest.keyClick(tab.search, Qt.Key.Key_Escape)
    assert tab.search.text() == "" and tab.model.rowCount() == 10


def test_home_and_end_in_the_list_go_to_the_first_and_last_agreement(window, show_on):
    """Was: Qt's Home and End moved to the row's first or last cell, which in a list of rows moves nothing."""
    tab = show_on(window, "register")
    tab.table.setFocus()
    assert tab.select_key("barnevern")
    QTest.keyClick(tab.table, Qt.Key.Key_End)
    assert tab.selected_key() == shown_keys(tab)[-1] == "skole"
    QTest.keyClick(tab.table, Qt.Key.Key_Home)
    assert tab.selected_key() == shown_keys(tab)[0] == "bostedsloshet"


def test_hjelp_lists_the_keys_of_the_search_and_the_list(window):
    def named(*keys) -> str:  # as Qt names them in the language in force ("Home / End", "Enter / Ned" …)
        return " / ".join(QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText) for key in keys)

    rows = {(where, what): keys for where, keys, what in window_shortcuts(window)}
    assert rows[("Avtaleregister", "Første / siste avtale i listen")] == named(Qt.Key.Key_Home, Qt.Key.Key_End)
    assert rows[("Avtaleregister", "Søkefeltet: til første avtale i listen")] == named(Qt.Key.Key_Return, Qt.Key.Key_Down)
    assert rows[("Avtaleregister", "Søkefeltet: tøm søket")] == named(Qt.Key.Key_Escape)


def test_an_empty_register_says_how_to_begin_and_a_filter_that_leaves_none_says_so(open_window, show_on, tmp_path, qtbot):
    """A new secretary's first look at Avtaleregister: the details pane says how to add the first agreement or bring
    in a list (was: a blank table beside a blank pane); a search that leaves no agreement says that."""
    empty = show_on(open_window(tmp_path / "ny.sqlite3", demo=False), "register")
    qtbot.waitUntil(lambda: "Ingen avtaler er registrert ennå" in empty.details.toPlainText())
    assert "Ny avtale (Ctrl+N)" in empty.details.toPlainText() and "Fil → Importer" in empty.details.toPlainText()
    tab = show_on(open_window(tmp_path / "demo.sqlite3"), "register")
    qtbot.keyClicks(tab.search, "finnes ikke noe sted")
    qtbot.waitUntil(lambda: tab.details.toPlainText() == "Ingen avtaler passer til søket og filtrene.")
    tab.search.clear()
    tab.table.selectRow(0)
    qtbot.waitUntil(lambda: "Nøkkel" in tab.details.toPlainText())


def test_an_import_of_many_new_agreements_does_not_look_each_up_in_the_register(open_window, show_on, tmp_path, messages, monkeypatch):
    """The tab asked the register for each new key after an import (a search through every agreement each time):
    4,000 new agreements into 4,000 spent 0.8 s there, growing with the square (found by the latency audit). It
    now asks a set: the number of lookups does not grow with the import."""
    import json

    window = open_window(tmp_path / "demo.sqlite3")
    show_on(window, "register")
    bundle = tmp_path / "mange.json"
    bundle.write_text(json.dumps({"format": "konsultasjon-bundle", "version": 1,
                                  "agreements": [{"key": f"ny{i}", "title": f"Ny avtale {i}"} for i in range(200)]}), encoding="utf-8")
    looked_up = []
    lookup = Register.agreement
    monkeypatch.setattr(Register, "agreement", lambda register, key: looked_up.append(key) or lookup(register, key))
    window.import_file(bundle)
    assert window.register_tab.model.total() == 210
    assert len(looked_up) < 20


def test_typing_in_the_search_counts_without_laying_the_window_out_again(window, show_on, qtbot):
    """Each key typed changes «n av 10 avtaler»; as a plain label in the filter row it had the tab widget lay out and
    repaint the whole tab, table and details pane, once more after each key (SteadyLine)."""
    from PySide6.QtCore import QEvent

    from .conftest import EventCounter

    tab = show_on(window, "register")
    QTest.keyClicks(tab.search, "s")  # the first key shows the field's clear button: a layout, once
    qtbot.wait(100)
    requests = EventCounter(QEvent.Type.LayoutRequest)
    window.tabs.installEventFilter(requests)
    counts = set()
    for key in "kole":
        QTest.keyClick(tab.search, key)
        qtbot.wait(20)
        counts.add(tab.count_label.text())
    qtbot.wait(50)
    assert len(counts) > 1  # the count did change as the user typed
    assert requests.count == 0


def test_a_change_made_on_another_tab_is_taken_into_the_list_when_it_is_shown_again(window, show_on, qtbot, monkeypatch):
    """A change made while Dagsorden is shown (an undo, a decision in meeting mode) leaves the hidden list as it
    is: its rows are worked out again once, when Avtaleregister is shown, with the selection kept on its
    agreement and the details pane on what it is now. Was: all the rows at every change, for a tab nobody saw."""
    tab = show_on(window, "register")
    first, second = (tab.model.index(row, 0).data(KeyRole) for row in (0, 1))
    tab.select_key(second)
    reloads: list[int] = []
    real = tab.model.set_register
    monkeypatch.setattr(tab.model, "set_register", lambda register: reloads.append(1) or real(register))
    window.show_tab("agenda")
    register = window.bridge.register
    window.bridge.run(Command("Endre", (Put("agreements", dataclasses.replace(register.agreement(second), title="Å siste i listen")),)))
    window.bridge.run(Command("Endre", (Put("agreements", dataclasses.replace(register.agreement(first), notes="Notert")),)))
    assert reloads == []  # not while hidden
    window.show_tab("register")
    assert reloads == [1]  # once, for both changes
    assert shown_keys(tab)[-1] == second and tab.selected_key() == second  # sorted by its new title, still selected
    assert tab.model.index(tab.model.rowCount() - 1, Column.TITLE).data() == "Å siste i listen"
    qtbot.waitUntil(lambda: "Å siste i listen" in tab.details.toPlainText())


def test_a_new_day_while_another_tab_is_shown_takes_in_what_changed_meanwhile_once(window, show_on, qtbot, monkeypatch):
    """Midnight passes while Dagsorden is shown, after an undone delete there: the list is reloaded once, for the
    new day and the change together, and the agreement put back is selected when the tab is shown (was: reloaded
    for the day, then again on showing, with the agreement no longer seen as put back)."""
    from konsultasjon_app.domain.changes import Delete

    tab = show_on(window, "register")
    key = tab.model.index(2, 0).data(KeyRole)
    tab.select_key(tab.model.index(0, 0).data(KeyRole))
    window.bridge.run(Command("Slett", (Delete("agreements", key),)))
    window.show_tab("agenda")
    assert window.bridge.undo()  # the agreement is back, the list hidden
    reloads: list[int] = []
    real = tab.model.set_register
    monkeypatch.setattr(tab.model, "set_register", lambda register: reloads.append(1) or real(register))
    tab.new_day(tab.model.today)
    window.show_tab("register")
    assert reloads == [1]
    assert tab.selected_key() == key


def test_a_reload_after_one_agreement_changed_sorts_by_the_kept_keys_of_the_others(qapp, monkeypatch):
    """An edit of one agreement of many: the table is sorted again (its new title puts it elsewhere), and the
    ministry filter's choices listed again, from what the unchanged rows worked out before; only the changed row
    works out its keys. Was: every row's sort key and ministries again, a third of the reload with 1,000."""
    from konsultasjon_app.ui.register import model as model_module

    register = demo_register()
    agreements = tuple(dataclasses.replace(register.agreements[0], key=f"a{i:03d}", title=f"Avtale {i:03d}") for i in range(200))
    register = dataclasses.replace(register, agreements=agreements)
    model = AgreementTableModel()
    model.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    model.set_register(register)
    model.state_parties()
    keyed: list[str] = []
    real = model_module.norwegian_key
    monkeypatch.setattr(model_module, "norwegian_key", lambda text: keyed.append(text) or real(text))
    moved = dataclasses.replace(agreements[5], title="Å til sist", state_parties=("HOD",))
    model.set_register(dataclasses.replace(register, agreements=(*agreements[:5], moved, *agreements[6:])))
    assert keyed == ["Å til sist"]
    assert [model.agreement_at(row).key for row in (0, 5, 199)] == ["a000", "a006", "a005"]
    assert "HOD" in model.state_parties()  # the changed row's ministries, worked out anew


def test_a_status_filtered_on_stays_chosen_when_an_undo_takes_its_last_agreement_away(window):
    """«Sagt opp» chosen, then the termination undone: the filter stays on «Sagt opp» (showing none), and the redo
    shows the agreement again. Was: reset to «Alle statuser» without a word, and the redo did not bring it back."""
    from konsultasjon_app.domain.model import Decision, MeetingRef

    tab = window.register_tab
    tab.model.today = dt.date(2006, 5, 1)
    bridge = window.bridge
    bridge.run(Command("Vedtak", (Put("decisions", Decision("barnevern", MeetingRef(2006, 2), "terminate")),)))
    tab.status_filter.setCurrentIndex(tab.status_filter.findData("Sagt opp"))
    assert shown_keys(tab) == ["barnevern"]
    assert bridge.undo()
    assert tab.status_filter.currentData() == "Sagt opp" and shown_keys(tab) == []
    assert bridge.redo()
    assert tab.status_filter.currentData() == "Sagt opp" and shown_keys(tab) == ["barnevern"]


def test_a_status_filtered_on_is_let_go_when_another_database_is_opened(window, tmp_path):
    """The status kept chosen through an undo is about this database: another one opened shows all its agreements
    (review: the filter stayed on «Sagt opp» over a database with none, showing no agreement)."""
    from konsultasjon_app.domain.model import Decision, MeetingRef
    from konsultasjon_app.store.session import Session

    tab = window.register_tab
    tab.model.today = dt.date(2006, 5, 1)
    bridge = window.bridge
    bridge.run(Command("Vedtak", (Put("decisions", Decision("barnevern", MeetingRef(2006, 2), "terminate")),)))
    tab.status_filter.setCurrentIndex(tab.status_filter.findData("Sagt opp"))
    assert bridge.undo() and tab.status_filter.currentData() == "Sagt opp"
    other = tmp_path / "annen.sqlite3"
    session = Session.open(other)
    session.execute(Command("Ny", (Put("agreements", Agreement(key="a", title="Avtale om arkiv")),)))
    bridge.set_session(session)
    assert tab.status_filter.currentData() is None and shown_keys(tab) == ["a"]
