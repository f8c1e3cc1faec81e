"""The Transitions tab driven as a tutor would: plan a move through the dialog, tick its checklist (and undo
an accidental untick), log the warm handover, see the settling-in meetings appear once the first day is
set and record one, write a travel plan with practice runs — on a real vault."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QPlainTextEdit
from pytestqt.qtbot import QtBot

from tests.support import builders, keys
from tutordesk.domain.transition_enums import TransitionKind, TransitionPhase
from tutordesk.services.caseload.rows import CaseloadRow, list_caseload
from tutordesk.services.transitions import handover_material
from tutordesk.services.transitions import moves as transitions
from tutordesk.ui.transitions import move as transition_move
from tutordesk.ui.transitions import move_dialogs as transition_dialog
from tutordesk.ui.transitions import travel as transition_travel
from tutordesk.ui.transitions.move import MovePanel
from tutordesk.ui.transitions.move_dialogs import HandoverEventDialog, ItemDialog, TransitionDialog
from tutordesk.ui.transitions.settling import SettlingInPanel
from tutordesk.ui.transitions.tab import PAGE_TITLES, TransitionsTab
from tutordesk.ui.transitions.travel import PracticeRunDialog, TravelPlanPanel
from tutordesk.ui.widgets.panel import Panel, PanelContext
from tutordesk.ui.widgets.record_table import RECORD_ROLE
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 20)
LEARNER = ("Zoë", "Ångström-Nguyễn")
RECEIVING = "Riverside College"


def add_learner(vault: Vault) -> int:
    return builders.add_learner(vault, *LEARNER, setting="Northgate Academy")


def add_transition(vault: Vault, learner_id: int, **changes: object) -> int:
    values: dict[str, object] = {"kind": TransitionKind.MID_TERM.value, "receiving_setting": RECEIVING}
    return builders.add_transition(vault, learner_id, **{**values, **changes})


def caseload_row(vault: Vault, learner_id: int) -> CaseloadRow:
    with vault.unit_of_work() as uow:
        return next(row for row in list_caseload(uow, today=TODAY) if row.id == learner_id)


def own_pages(context: PanelContext) -> list[tuple[str, Panel]]:
    """This helper's pages only: the profile, pack and disclosures pages are tested with their own modules."""
    return [
        ("The move", MovePanel(context)),
        ("Settling in", SettlingInPanel(context)),
        ("Travel plan", TravelPlanPanel(context)),
    ]


@pytest.fixture
def learner_id(vault: Vault) -> int:
    return add_learner(vault)


@pytest.fixture
def tab(qtbot: QtBot, vault: Vault) -> Iterator[TransitionsTab]:
    shown = TransitionsTab(PanelContext(vault=lambda: vault, today=lambda: TODAY), build_panels=own_pages)
    qtbot.addWidget(shown)
    shown.resize(1200, 800)
    with qtbot.waitExposed(shown):
        shown.show()
    yield shown
    if shown.dialog is not None:
        shown.dialog.done(0)
    for panel in shown.panels:
        dialog = getattr(panel, "dialog", None)
        if dialog is not None:
            dialog.done(0)


@pytest.fixture
def agree(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answer every confirmation with yes; the texts asked are kept to look at."""
    asked: list[str] = []

    def yes(_parent: object, text: str, _action: str, detail: str = "") -> bool:
        asked.append(f"{text} {detail}")
        return True

    for module in (transition_dialog, transition_move, transition_travel):
        monkeypatch.setattr(module, "confirm", yes)
    return asked


def page(tab: TransitionsTab, title: str) -> Panel:
    titles = [tab.inner.tabText(i) for i in range(tab.inner.count())]
    index = titles.index(title)
    keys.choose_tab(tab.inner, index)
    return tab.panels[index]


def table_texts(panel: SettlingInPanel | TravelPlanPanel | MovePanel, view: object) -> list[list[str]]:
    model = view.model()  # type: ignore[attr-defined]
    return [
        [str(model.index(row, column).data()) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_a_learner_with_no_move_sees_what_to_do_and_the_learner_pages_still_work(
    tab: TransitionsTab, vault: Vault, learner_id: int
) -> None:
    tab.show_learner(caseload_row(vault, learner_id))
    assert tab.pages.currentWidget() is tab.content
    assert tab.summary.text().startswith("No move is planned yet")
    assert not tab.edit_button.isEnabled() and tab.new_button.isEnabled()
    for title in ("The move", "Settling in"):
        panel = page(tab, title)
        assert isinstance(panel, MovePanel | SettlingInPanel)
        assert panel.stack.currentWidget() is panel.no_move
        assert "No move is planned" in panel.no_move.text.text()
        assert panel.no_move.button.isEnabled()

    travel = page(tab, "Travel plan")
    assert isinstance(travel, TravelPlanPanel) and travel.learner_id == learner_id
    assert not travel.editor.is_read_only() and travel.runs.add_button.isEnabled()

    move = page(tab, "The move")
    assert isinstance(move, MovePanel)
    keys.click(move.no_move.button)
    assert isinstance(tab.dialog, TransitionDialog) and tab.dialog.windowTitle() == "Plan a move"


def test_planning_editing_and_deleting_a_move_through_the_dialog(
    tab: TransitionsTab, vault: Vault, learner_id: int, qtbot: QtBot, agree: list[str]
) -> None:
    tab.show_learner(caseload_row(vault, learner_id))
    keys.click(tab.new_button)
    dialog = tab.dialog
    assert isinstance(dialog, TransitionDialog) and dialog.isVisible()
    assert LEARNER[0] not in dialog.windowTitle() and dialog.delete_button is None
    assert dialog.sending.text() == "Northgate Academy"  # taken from the learner's setting
    assert "Settling-in meetings are added" in " ".join(label.text() for label in dialog.findChildren(QLabel))
    keys.pick_data(dialog.kind, TransitionKind.MID_TERM.value)
    keys.pick_data(dialog.planned, "no")
    keys.type_text(dialog.receiving, RECEIVING)
    keys.type_text(dialog.manager, "Dana Whitfield")
    keys.type_text(dialog.contact_name, "Priya Patel")
    keys.type_text(dialog.contact_role, "Head of Year 10")
    keys.type_text(dialog.contact_channel, "p.patel@riverside.example")
    keys.type_date(dialog.leaving_on.edit, date(2026, 12, 18))
    keys.type_date(dialog.starts_on.edit, date(2027, 1, 6))
    keys.type_text(dialog.note, "Moving closer to grandparents")
    with qtbot.waitSignal(tab.changed):
        keys.click(dialog.save_button)
    assert tab.dialog is None

    with vault.unit_of_work() as uow:
        [saved] = transitions.transitions(uow, learner_id=learner_id)
    assert (saved.kind, saved.planned, saved.receiving_setting) == ("mid_term", False, RECEIVING)
    assert (saved.manager, saved.receiving_contact_name, saved.starts_on) == (
        "Dana Whitfield",
        "Priya Patel",
        date(2027, 1, 6),
    )
    assert tab.transition_box.currentText() == f"Mid-term move to {RECEIVING}"
    assert tab.summary.text() == (
        "Mid-term move · Before the move · first day 6 Jan 2027 · contact: Priya Patel (Head of Year 10)"
    )
    assert tab.edit_button.isEnabled()
    move = page(tab, "The move")
    assert isinstance(move, MovePanel) and move.stack.currentWidget() is move.body
    assert move.checklist_box.title() == "Checklist: Moving mid-term"

    keys.click(tab.edit_button)
    dialog = tab.dialog
    assert isinstance(dialog, TransitionDialog) and dialog.windowTitle() == "Edit the move"
    assert dialog.contact_name.text() == "Priya Patel" and not dialog.has_unsaved_changes()
    keys.pick_data(dialog.phase, TransitionPhase.DURING.value)
    keys.click(dialog.save_button)
    assert "During the move" in tab.summary.text()

    tab.edit_transition()
    dialog = tab.dialog
    assert isinstance(dialog, TransitionDialog) and dialog.delete_button is not None
    keys.click(dialog.delete_button)
    assert "entered by mistake" in agree[-1]
    assert tab.dialog is None
    with vault.unit_of_work() as uow:
        assert transitions.transitions(uow, learner_id=learner_id) == []
    assert move.stack.currentWidget() is move.no_move
    assert tab.summary.text().startswith("No move is planned yet")


def test_ticking_the_checklist_persists_and_undo_puts_an_untick_back(
    tab: TransitionsTab, vault: Vault, learner_id: int, qtbot: QtBot
) -> None:
    transition_id = add_transition(vault, learner_id)
    tab.show_learner(caseload_row(vault, learner_id))
    move = page(tab, "The move")
    assert isinstance(move, MovePanel)
    assert move.progress.text() == "0 of 9 done"
    check = move.findChild(QCheckBox, "item_academic_record")
    assert check is not None and check.isEnabled() and not check.isChecked()

    with qtbot.waitSignal(tab.changed):
        keys.click(check)

    def done_on(item_id: str) -> date | None:
        with vault.unit_of_work() as uow:
            _, views = transitions.checklist_of(uow, transition_id=transition_id)
        return next(v for v in views if v.item is not None and v.item.id == item_id).done_on

    assert done_on("academic_record") == TODAY
    assert move.progress.text() == "1 of 9 done"
    assert move.rows["academic_record"].status.text() == "done 20 Nov"

    keys.click(check)  # an accidental untick
    assert done_on("academic_record") is None and not check.isChecked()
    assert move.undo_bar.isVisible() and "Academic record up to date" in move.undo_bar.text.text()
    keys.click(move.undo_bar.button)
    assert done_on("academic_record") == TODAY and check.isChecked()
    assert not move.undo_bar.isVisible()

    # Who does an item and by when, through its details; a date gone by is marked, in words too.
    move.open_details("welcome_call")
    dialog = move.dialog
    assert isinstance(dialog, ItemDialog)
    keys.type_text(dialog.owner, "Sam Okafor")
    keys.type_date(dialog.due_on.edit, date(2026, 11, 13))
    keys.type_text(dialog.note, "Book the video room")
    keys.click(dialog.save_button)
    assert move.rows["welcome_call"].status.text() == "Sam Okafor · due 13 Nov — past its date"
    assert move.progress.text() == "1 of 9 done · 1 past its date"
    with vault.unit_of_work() as uow:
        _, views = transitions.checklist_of(uow, transition_id=transition_id)
    welcome = next(v for v in views if v.item is not None and v.item.id == "welcome_call")
    assert (welcome.owner, welcome.due_on, welcome.note, welcome.done_on) == (
        "Sam Okafor",
        date(2026, 11, 13),
        "Book the video room",
        None,
    )
    keys.click(move.findChild(QCheckBox, "item_welcome_call"))  # type: ignore[union-attr]
    assert move.rows["welcome_call"].status.text() == "Sam Okafor · done 20 Nov"  # owner kept
    assert move.progress.text() == "2 of 9 done"


def test_the_warm_handover_log(tab: TransitionsTab, vault: Vault, learner_id: int, agree: list[str]) -> None:
    transition_id = add_transition(vault, learner_id)
    tab.show_learner(caseload_row(vault, learner_id))
    move = page(tab, "The move")
    assert isinstance(move, MovePanel)
    assert move.handover.stack.currentWidget() is move.handover.empty

    keys.click(move.handover.add_button)
    dialog = move.dialog
    assert isinstance(dialog, HandoverEventDialog)
    keys.click(dialog.save_button)  # nobody named yet: refused with a plain sentence
    assert move.dialog is dialog and "who went with" in dialog.problem.text()
    keys.type_date(dialog.happened_on, date(2026, 11, 18))
    keys.type_text(dialog.accompanied_by, "Dana Whitfield, learning mentor")
    keys.type_text(dialog.introduced_to, "Priya Patel, head of year")
    keys.type_text(dialog.place, "Riverside reception")
    keys.click(dialog.save_button)
    assert move.dialog is None
    assert table_texts(move, move.handover.view) == [
        [
            "18 Nov 2026",
            "Dana Whitfield, learning mentor",
            "Priya Patel, head of year",
            "Riverside reception",
            "",
        ]
    ]

    move.handover.view.selectRow(0)
    keys.click(move.handover.edit_button)
    dialog = move.dialog
    assert isinstance(dialog, HandoverEventDialog) and dialog.windowTitle() == "Edit handover entry"
    keys.type_text(dialog.note, "Shown the library and the canteen")
    keys.click(dialog.save_button)
    with vault.unit_of_work() as uow:
        [event] = transitions.handover_events(uow, transition_id=transition_id)
    assert (event.happened_on, event.note) == (date(2026, 11, 18), "Shown the library and the canteen")

    move.handover.view.selectRow(0)
    keys.click(move.handover.delete_button)
    assert "18 Nov 2026" in agree[-1]
    with vault.unit_of_work() as uow:
        assert transitions.handover_events(uow, transition_id=transition_id) == []


def test_setting_the_first_day_lists_the_four_settling_in_meetings(
    tab: TransitionsTab, vault: Vault, learner_id: int
) -> None:
    add_transition(vault, learner_id)  # the first day is not known yet
    tab.show_learner(caseload_row(vault, learner_id))
    settling = page(tab, "Settling in")
    assert isinstance(settling, SettlingInPanel)
    assert settling.states.currentWidget() is settling.waiting
    assert settling.edit_move_button.isEnabled()

    keys.click(settling.edit_move_button)
    dialog = tab.dialog
    assert isinstance(dialog, TransitionDialog) and dialog.windowTitle() == "Edit the move"
    keys.type_date(dialog.starts_on.edit, date(2027, 1, 31))  # month ends: February is short
    keys.click(dialog.save_button)

    assert settling.states.currentWidget() is settling.meetings_page
    assert [row[:3] for row in table_texts(settling, settling.table)] == [
        ["After one week", "7 Feb 2027", "Due 7 Feb 2027"],
        ["After one month", "28 Feb 2027", "Due 28 Feb 2027"],
        ["After three months", "30 Apr 2027", "Due 30 Apr 2027"],
        ["After six months", "31 Jul 2027", "Due 31 Jul 2027"],
    ]


def test_recording_a_settling_in_meeting(
    tab: TransitionsTab, vault: Vault, learner_id: int, qtbot: QtBot
) -> None:
    transition_id = add_transition(vault, learner_id, starts_on=date(2026, 9, 1))
    tab.show_learner(caseload_row(vault, learner_id))
    settling = page(tab, "Settling in")
    assert isinstance(settling, SettlingInPanel)
    states = [row[2] for row in table_texts(settling, settling.table)]
    assert states == ["Overdue since 8 Sep", "Overdue since 1 Oct", "Due 1 Dec", "Due 1 Mar 2027"]
    assert settling.table.selected().label == "After one week"  # the next one to hold is chosen
    assert not settling.save_button.isEnabled()

    keys.type_date(settling.held_on.edit, date(2026, 9, 9))
    keys.type_text(settling.run_by, "Mr Hughes, pastoral lead")
    how = settling.editor.field_widget("settling.how_going")
    assert isinstance(how, QPlainTextEdit)
    keys.type_text(how, "Quiet but finding her way; likes the art room")
    keys.type_text(settling.editor.field_widget("settling.actions"), "Buddy at lunch\nCheck in Friday")  # type: ignore[arg-type]
    follow_up = settling.editor.field_widget("settling.closer_follow_up")
    assert isinstance(follow_up, QCheckBox)
    keys.tick(follow_up)
    assert settling.save_state.text().startswith("Unsaved changes") and settling.save_button.isEnabled()
    how.setFocus()
    with qtbot.waitSignal(tab.changed):
        qtbot.keyClick(how, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert settling.save_state.text() == "Saved"

    with vault.unit_of_work() as uow:
        first = transitions.settling_in_meetings(uow, transition_id=transition_id)[0]
    assert (first.held_on, first.run_by) == (date(2026, 9, 9), "Mr Hughes, pastoral lead")
    assert first.values["settling.how_going"] == "Quiet but finding her way; likes the art room"
    assert first.values["settling.actions"] == "Buddy at lunch\nCheck in Friday"
    assert first.values["settling.closer_follow_up"] == "yes"
    rows = table_texts(settling, settling.table)
    assert rows[0][2:] == ["Held on 9 Sep", "Needs closer follow-up"]

    # Typed for the one-month meeting, then the window locks: it is kept, not dropped.
    settling.table.selectRow(1)
    assert settling.table.selected().label == "After one month"
    assert settling.editor.values()["settling.how_going"] == ""
    keys.type_text(settling.run_by, "Mr Hughes")
    tab.save_pending()
    with vault.unit_of_work() as uow:
        assert transitions.settling_in_meetings(uow, transition_id=transition_id)[1].run_by == "Mr Hughes"

    # Choosing another meeting keeps what was typed for the one left.
    keys.type_text(settling.run_by, "Ms Grey")
    settling.table.selectRow(2)
    assert settling.table.selected().label == "After three months"
    with vault.unit_of_work() as uow:
        assert transitions.settling_in_meetings(uow, transition_id=transition_id)[1].run_by == "Ms Grey"


def test_the_travel_plan_is_saved_and_read_back_with_its_practice_runs(
    tab: TransitionsTab, vault: Vault, learner_id: int, qtbot: QtBot, agree: list[str]
) -> None:
    tab.show_learner(caseload_row(vault, learner_id))
    travel = page(tab, "Travel plan")
    assert isinstance(travel, TravelPlanPanel)
    keys.type_text(travel.editor.field_widget("travel.destination"), RECEIVING)  # type: ignore[arg-type]
    keys.pick(travel.editor.field_widget("travel.purpose"), "My new school or college")  # type: ignore[arg-type]
    route = travel.editor.field_widget("travel.route")
    assert isinstance(route, QPlainTextEdit)
    keys.type_text(route, "Walk to the stop on Mill Lane\nBus 42 to the market\nWalk up the hill")
    route.setFocus()
    with qtbot.waitSignal(tab.changed):
        qtbot.keyClick(route, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert travel.save_state.text() == "Saved" and not travel.save_button.isEnabled()
    with vault.unit_of_work() as uow:
        answers = handover_material.form_answers(
            uow, learner_id=learner_id, form_id=handover_material.TRAVEL_FORM
        )
    assert answers == {
        "travel.destination": RECEIVING,
        "travel.purpose": "My new school or college",
        "travel.route": "Walk to the stop on Mill Lane\nBus 42 to the market\nWalk up the hill",
    }

    route.clear()
    tab.reload_all()
    travel.reload()  # read back from the vault: what was saved shows again
    assert route.toPlainText().splitlines()[1] == "Bus 42 to the market"

    for day, whom, confidence in ((10, "Dana", 2), (12, "Dana", 3), (17, "On my own", 5)):
        keys.click(travel.runs.add_button)
        dialog = travel.dialog
        assert isinstance(dialog, PracticeRunDialog)
        keys.type_date(dialog.practised_on, date(2026, 11, day))
        keys.type_text(dialog.with_whom, whom)
        keys.pick_data(dialog.confidence, confidence)
        keys.click(dialog.save_button)
        assert travel.dialog is None
    assert travel.trend.text() == "Confidence over the practice runs: 2 → 3 → 5"
    assert table_texts(travel, travel.runs.view)[2][:3] == [
        "17 Nov 2026",
        "On my own",
        "5 · Confident on my own",
    ]
    with vault.unit_of_work() as uow:
        runs = handover_material.practice_runs(uow, learner_id=learner_id)
    assert [(r.practised_on.day, r.confidence) for r in runs] == [(10, 2), (12, 3), (17, 5)]

    travel.runs.view.selectRow(0)
    keys.click(travel.runs.delete_button)
    assert travel.trend.text() == "Confidence over the practice runs: 3 → 5"
    assert travel.runs.view.model().index(0, 0).data(RECORD_ROLE).practised_on == date(2026, 11, 12)

    # Typed but not saved, then another learner is chosen: the answers are kept for the first learner.
    keys.type_text(travel.editor.field_widget("travel.costs"), "£1.20 each way")  # type: ignore[arg-type]
    other = add_learner(vault)
    tab.show_learner(caseload_row(vault, other))
    with vault.unit_of_work() as uow:
        kept = handover_material.form_answers(
            uow, learner_id=learner_id, form_id=handover_material.TRAVEL_FORM
        )
    assert kept["travel.costs"] == "£1.20 each way"
    assert travel.editor.values()["travel.costs"] == ""  # the other learner has no travel plan


def test_a_read_only_vault_shows_everything_and_changes_nothing(
    qtbot: QtBot, vault: Vault, learner_id: int
) -> None:
    add_transition(vault, learner_id, starts_on=date(2026, 9, 1))

    class ReadOnly:
        read_only = True

        def __getattr__(self, name: str) -> object:
            return getattr(vault, name)

    context = PanelContext(vault=lambda: ReadOnly(), today=lambda: TODAY)  # type: ignore[arg-type, return-value]
    shown = TransitionsTab(context, build_panels=own_pages)
    qtbot.addWidget(shown)
    with qtbot.waitExposed(shown):
        shown.show()
    shown.show_learner(caseload_row(vault, learner_id))
    assert shown.transition is not None
    assert not shown.new_button.isEnabled() and not shown.edit_button.isEnabled()
    shown.new_transition()
    assert shown.dialog is None
    move = page(shown, "The move")
    assert isinstance(move, MovePanel) and move.lock_note.isVisible()
    assert not move.rows["academic_record"].check.isEnabled()
    assert not move.handover.add_button.isEnabled()
    settling = page(shown, "Settling in")
    assert isinstance(settling, SettlingInPanel) and settling.model.rowCount() == 4
    assert settling.editor.is_read_only() and not settling.held_on.isEnabled()
    assert not settling.save()
    travel = page(shown, "Travel plan")
    assert isinstance(travel, TravelPlanPanel) and travel.editor.is_read_only()
    assert not travel.runs.add_button.isEnabled() and travel.lock_note.isVisible()


def test_a_never_shown_tab_imports_and_reads_nothing_of_transitions() -> None:
    code = """
import sys
from datetime import date
from PySide6.QtWidgets import QApplication
app = QApplication([])
from tutordesk.domain.enums import LearnerStatus
from tutordesk.services.caseload.rows import CaseloadRow
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.ui.transitions.tab import TransitionsTab
reads = []
tab = TransitionsTab(PanelContext(vault=lambda: reads.append(1)))
tab.show_learner(CaseloadRow(1, "A", "B", "", None, LearnerStatus.AT_RISK, "", "", "", 0, 0, ()))
tab.save_pending()
tab.reload_all()
names = (
    "tutordesk.ui.transitions.", "tutordesk.ui.widgets.form_editor",
    "tutordesk.services.transitions.moves", "tutordesk.services.transitions.handover", "tutordesk.services.disclosures",
    "tutordesk.domain.transition_models", "reportlab",
)
print(len(reads), sorted(m for m in sys.modules if m.startswith(names) and m != "tutordesk.ui.transitions.tab"))
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert done.stdout.strip() == "0 []"


def test_the_default_pages_build_in_order(qtbot: QtBot, vault: Vault, learner_id: int) -> None:
    shown = TransitionsTab(PanelContext(vault=lambda: vault, today=lambda: TODAY))
    qtbot.addWidget(shown)
    with qtbot.waitExposed(shown):
        shown.show()
    assert [shown.inner.tabText(i) for i in range(shown.inner.count())] == list(PAGE_TITLES)
    shown.show_learner(caseload_row(vault, learner_id))
    for index in range(shown.inner.count()):
        keys.choose_tab(shown.inner, index)
        assert shown.panels[index].learner_id == learner_id
