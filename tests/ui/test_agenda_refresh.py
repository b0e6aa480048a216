"""Dagsorden after a change: the shown year is updated in place (what the user collapsed stays collapsed, what
changed is reported as such to the tree), it shows what a fresh plan shows, and a new count in the tab's lines
does not lay the whole window out again."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt

from konsultasjon_app.domain.changes import Command, Delete, Put
from konsultasjon_app.domain.model import Decision, Deviation, MeetingRef
from konsultasjon_app.ui.agenda.model import PlanTreeModel, _steps

from .conftest import EventCounter


@pytest.fixture
def window(open_window, tmp_path, show_on):
    win = open_window(tmp_path / "demo.sqlite3")
    tab = win.agenda_tab
    tab.today = dt.date(2006, 1, 10)
    tab.year.setValue(2006)
    show_on(win, "agenda")
    tab.replan()
    return win


def shown(model: PlanTreeModel) -> list:
    """Everything the tree shows: each group's heading and its lines, each cell's text, and what each cell lets the
    user do (select it, drag it, drop onto it)."""
    out = []
    for g in range(model.group_count()):
        meeting = model.index(g, 0)
        cells = [[(model.index(r, c, meeting).data(), model.flags(model.index(r, c, meeting))) for c in range(model.columnCount())]
                 for r in range(model.rowCount(meeting))]
        out.append((meeting.data(), model.flags(meeting), model.lines_of(g), cells))
    return out


def fresh(tab) -> list:
    """What a model made anew for the tab's plan shows."""
    model = PlanTreeModel()
    model.set_plan(tab.plan, tab.year.value(), tab.bridge.register)
    return shown(model)


def replanned(qtbot, tab, command: Command | None = None, *, undo: bool = False) -> None:
    before = tab.plan
    if undo:
        tab.bridge.undo()
    else:
        tab.bridge.run(command)
    qtbot.waitUntil(lambda: tab.plan is not before)


def decision(kind: str) -> Command:
    return Command("Vedtak", (Put("decisions", Decision("pleie-omsorg", MeetingRef(2006, 2), kind)),))


def test_a_decision_updates_the_year_in_place_and_a_collapsed_meeting_stays_collapsed(window, qtbot, qtmodeltester):
    tab = window.agenda_tab
    model, tree = tab.model, tab.tree
    qtmodeltester.check(model)  # and it goes on watching the signals of the changes below
    resets = []
    model.modelReset.connect(lambda: resets.append(True))
    meeting_3 = model.index(model.group_of(3), 0)
    tree.collapse(meeting_3)
    count = len(model.lines_of(model.group_of(3)))

    replanned(qtbot, tab, decision("renegotiate"))  # a signing item comes on meeting 3

    assert len(model.lines_of(model.group_of(3))) == count + 1
    assert not tree.isExpanded(model.index(model.group_of(3), 0))
    assert tree.isExpanded(model.index(model.group_of(2), 0))
    assert shown(model) == fresh(tab)
    assert not resets
    replanned(qtbot, tab, undo=True)
    assert len(model.lines_of(model.group_of(3))) == count
    assert shown(model) == fresh(tab)
    assert not resets


def test_another_year_shows_every_meeting_open_again(window, qtbot):
    tab = window.agenda_tab
    tab.tree.collapse(tab.model.index(tab.model.group_of(3), 0))
    tab.year.setValue(2007)
    tab.replan()
    tab.year.setValue(2006)
    tab.replan()
    assert all(tab.tree.isExpanded(tab.model.index(g, 0)) for g in range(tab.model.group_count()))


def test_items_moved_outside_the_meetings_come_and_go_as_a_group_of_their_own(window, qtbot, qtmodeltester):
    tab = window.agenda_tab
    model = tab.model
    qtmodeltester.check(model)
    groups = model.group_count()
    sign = next(i for i in tab.plan.items if i.action == "review")
    moved = Deviation(sign.action, sign.agreement, MeetingRef(2006, 2), None, dt.date(2006, 6, 15), "Avtalt mellom partene")

    replanned(qtbot, tab, Command("Flytt", (Put("deviations", moved),)))

    assert model.group_count() == groups + 1
    assert model.slot_of(groups) is None
    assert tab.tree.isExpanded(model.index(groups, 0))
    assert tab.tree.isFirstColumnSpanned(groups, QModelIndex())
    assert shown(model) == fresh(tab)
    replanned(qtbot, tab, undo=True)
    assert model.group_count() == groups
    assert shown(model) == fresh(tab)


def test_a_series_of_changes_shows_what_a_fresh_plan_shows(window, qtbot, qtmodeltester):
    """Items that come, go, change their texts and move between meetings, one change at a time and back."""
    tab = window.agenda_tab
    qtmodeltester.check(tab.model)
    register = tab.bridge.register
    agreement = next(a for a in register.agreements if a.key == "pleie-omsorg")
    changes = [
        decision("renegotiate"),
        decision("continue"),
        decision("terminate"),
        Command("Tittel", (Put("agreements", dataclasses.replace(agreement, title="Avtale om aller første prioritet")),)),
        Command("Slett vedtak", (Delete("decisions", ("pleie-omsorg", MeetingRef(2006, 2))),)),
    ]
    for command in changes:
        replanned(qtbot, tab, command)
        assert shown(tab.model) == fresh(tab), command.label
    for _ in changes:
        replanned(qtbot, tab, undo=True)
        assert shown(tab.model) == fresh(tab)


def test_a_new_count_does_not_lay_the_window_out_again(window, qtbot):
    """The summary («17 saker på årets møter») and «Advarsler (n)» change with most changes; as plain labels in the
    tab's layout they had the tab widget lay out and repaint the whole tab, the tree a second time."""
    tab = window.agenda_tab
    qtbot.wait(50)  # the window's own first layouts done
    requests = EventCounter(QEvent.Type.LayoutRequest)
    window.tabs.installEventFilter(requests)
    texts = (tab.summary.text(), tab.warnings_label.text())

    replanned(qtbot, tab, decision("renegotiate"))
    qtbot.wait(50)

    assert (tab.summary.text(), tab.warnings_label.text()) != texts
    assert requests.count == 0


def test_a_summary_too_long_for_the_window_is_whole_in_its_tooltip(window, qtbot):
    tab = window.agenda_tab
    font = tab.summary.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)  # a laptop's screen at 150 %
    tab.summary.setFont(font)
    text = "17 saker på årets møter · 1 sak utenom møtene · 4 av møtene har foreløpig dato (ikke i møtekalenderen)"
    tab.summary.setText(text)
    window.resize(window.minimumWidth(), window.height())  # a laptop's narrow window
    qtbot.waitUntil(lambda: tab.summary.width() < tab.summary.sizeHint().width())
    assert tab.summary.toolTip() == text
    window.resize(1600, window.height())
    qtbot.waitUntil(lambda: tab.summary.width() >= tab.summary.sizeHint().width())
    assert tab.summary.toolTip() == ""


def test_a_signing_held_on_meeting_3_shows_the_rule_that_put_it_there(window, qtbot):
    """Postponed at meeting 3, the signing is on meeting 4 (M4-FALLBACK) and held on meeting 3: there the Regel
    column and the tooltip say M3-SIGN, meeting 3 and its reason, as meeting 3's printed agenda does."""
    from konsultasjon_app.ui.agenda.model import PlanColumn

    tab = window.agenda_tab
    tab.today = dt.date(2006, 12, 31)
    replanned(qtbot, tab, Command("Vedtak", (
        Put("decisions", Decision("pleie-omsorg", MeetingRef(2006, 2), "renegotiate")),
        Put("decisions", Decision("pleie-omsorg", MeetingRef(2006, 3), "postpone")),
    )))
    model = tab.model

    def cells(number: int) -> tuple[str, str]:
        group = model.group_of(number)
        row = next(i for i, line in enumerate(model.lines_of(group)) if line.agreement == "pleie-omsorg" and line.action == "sign")
        index = model.index(row, PlanColumn.RULE, model.index(group, 0))
        return index.data(), model.data(index, Qt.ItemDataRole.ToolTipRole)

    rule3, tip3 = cells(3)
    rule4, tip4 = cells(4)
    assert (rule3, rule4) == ("M3-SIGN", "M4-FALLBACK")
    assert tip3.startswith("<b>M3-SIGN</b> — 3. møte ") and "Flyttet videre til 4. møte" in tip3 and "Utsatt på 3. møte" not in tip3
    assert tip4.startswith("<b>M4-FALLBACK</b> — 4. møte ") and "Utsatt på 3. møte" in tip4


def test_an_item_held_on_its_meeting_after_a_change_can_no_longer_be_dragged(window, qtbot):
    """Meeting 3's signing item can be dragged to another meeting; once that meeting has postponed it, it moves on
    to meeting 4 and is held on meeting 3, where it can no longer be dragged: updated in place, as a model made
    anew for the plan has it."""
    tab = window.agenda_tab
    tab.today = dt.date(2006, 6, 1)  # before meeting 3 (30 August)
    replanned(qtbot, tab, decision("renegotiate"))
    model = tab.model

    def signing_on_3() -> list:
        group = model.group_of(3)
        row = next(i for i, line in enumerate(model.lines_of(group)) if line.agreement == "pleie-omsorg" and line.action == "sign")
        return [bool(model.flags(model.index(row, c, model.index(group, 0))) & Qt.ItemFlag.ItemIsDragEnabled) for c in range(model.columnCount())]

    assert signing_on_3() == [True] * model.columnCount()
    tab.today = dt.date(2006, 12, 31)
    replanned(qtbot, tab, Command("Vedtak", (Put("decisions", Decision("pleie-omsorg", MeetingRef(2006, 3), "postpone")),)))
    assert signing_on_3() == [False] * model.columnCount()
    assert shown(model) == fresh(tab)


def test_each_row_tells_its_line_while_rows_come_and_go(window, qtbot):
    """What a row shows and which line it is agree at every moment: in a slot of rowsInserted or rowsRemoved (where
    the lines kept beside the rows were not yet updated), and through a persistent index."""
    from konsultasjon_app.ui.agenda.model import PlanColumn

    tab = window.agenda_tab
    model = tab.model
    seen = []

    def rows(parent, first, last) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, PlanColumn.TITLE, parent)
            seen.append((model.line_at(index).title, index.data()))

    model.rowsInserted.connect(rows)
    model.rowsRemoved.connect(rows)
    replanned(qtbot, tab, decision("renegotiate"))  # a signing item comes on meeting 3 …
    replanned(qtbot, tab, undo=True)  # … and goes
    assert len(seen) > 10 and all(line == shown for line, shown in seen)
    meeting = model.index(model.group_of(3), 0)
    for row in range(model.rowCount(meeting)):
        for column in range(model.columnCount()):
            index = model.index(row, column, meeting)
            kept = QPersistentModelIndex(index)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                assert model.data(kept, role) == model.data(index, role)
            assert model.line_at(kept) == model.line_at(index) == model.lines_of(model.group_of(3))[row]


def test_a_decision_paints_the_list_once(window, qtbot):
    """The new plan is shown by one paint of the list: not a second one for the rows laid out during the first
    (QAbstractItemView::doItemsLayout asks for a paint of the whole list), nor one for the labels' new layout."""
    tab = window.agenda_tab
    qtbot.wait(50)
    paints = EventCounter(QEvent.Type.Paint)
    tab.tree.viewport().installEventFilter(paints)
    for kind in ("renegotiate", "continue"):
        paints.count = 0
        replanned(qtbot, tab, decision(kind))
        qtbot.wait(100)
        assert paints.count == 1, kind


def test_moving_between_a_meeting_and_its_items_does_not_lay_the_window_out_again(window, qtbot):
    """Flytt sak, Slett sak and the other actions are enabled as the selection goes from a meeting's heading to an
    item and back; the toolbar laid itself out again at each, and the whole tab was repainted (SteadyHolder)."""
    tab = window.agenda_tab
    qtbot.wait(50)
    requests = EventCounter(QEvent.Type.LayoutRequest)
    window.tabs.installEventFilter(requests)
    states = set()
    for _ in range(2):
        tab.select_meeting(2)
        qtbot.wait(20)
        states.add(tab.move_item_action.isEnabled())
        tab.select_line(2, 0)
        qtbot.wait(20)
        states.add(tab.move_item_action.isEnabled())
    assert states == {True, False}
    assert requests.count == 0


def test_only_the_meetings_are_marked_open_so_a_change_updates_few_persistent_indexes(window, qtbot):
    """Every meeting is open, and only the meetings are marked so: expandAll marked every item too, a persistent
    index each, which every item that came or went had Qt update with a call back into Python (the larger part of a
    decision's in-place update). A test counts them, as the bench times them."""
    tab = window.agenda_tab
    model = tab.model
    assert all(tab.tree.isExpanded(model.index(g, 0)) for g in range(model.group_count()))
    replanned(qtbot, tab, decision("renegotiate"))
    assert len(model.persistentIndexList()) <= model.group_count() + 4  # the open meetings, the selection, the current item


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 5), max_size=12), st.lists(st.integers(0, 5), max_size=12))
def test_the_steps_from_one_agenda_to_the_next_make_the_next(old, new):
    """The tree is updated by the steps from the lines shown to the new ones: kept, removed, inserted, in order, and
    all kept when nothing changed (the heading then keeps its text)."""
    steps = _steps(old, new)
    made = []
    for tag, i1, i2, j1, j2 in steps:
        assert tag in ("equal", "replace", "insert", "delete")
        if tag == "equal":
            assert old[i1:i2] == new[j1:j2]
        made += new[j1:j2]
    assert made == new
    assert [(s[1], s[3]) for s in steps[1:]] == [(s[2], s[4]) for s in steps[:-1]]  # each step goes on from the last
    if steps:
        assert (steps[0][1], steps[0][3], steps[-1][2], steps[-1][4]) == (0, 0, len(old), len(new))
    if old == new:
        assert steps == ([("equal", 0, len(old), 0, len(old))] if old else [])
