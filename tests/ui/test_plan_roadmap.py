"""The road map panel driven as a tutor would, on a real vault: start a plan, fill it in, agree it, change it,
read an old version, remove and undo, and nothing typed lost when switching learner."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox, QPushButton
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.support import builders, keys
from tutordesk.demo.caseload import fill_demo
from tutordesk.domain.plan_enums import GoalStatus, PlanStatus, StageStatus
from tutordesk.services.plans import reviews as plan_reviews
from tutordesk.services.plans import roadmap as plans
from tutordesk.services.plans.reviews import ProgressInput
from tutordesk.services.plans.roadmap import GoalInput, PlanHeader, StageInput
from tutordesk.ui.plans.roadmap import RoadmapPanel
from tutordesk.ui.plans.roadmap_header import AgreeDialog
from tutordesk.ui.plans.roadmap_model import RoadmapModel, VersionListModel, version_text
from tutordesk.ui.plans.stage_dialog import StageDialog
from tutordesk.ui.widgets.goal_dialog import GoalDialog
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 20)


def _learner(vault: Vault, given: str) -> int:
    return builders.add_learner(vault, given, "Test", started_on=date(2026, 9, 1))


@pytest.fixture
def learners(vault: Vault) -> tuple[int, int]:
    return _learner(vault, "Zoë"), _learner(vault, "Kai")


@pytest.fixture
def panel(qtbot: QtBot, vault: Vault) -> RoadmapPanel:
    shown = RoadmapPanel(PanelContext(vault=lambda: vault, today=lambda: TODAY))
    qtbot.addWidget(shown)
    shown.resize(1280, 700)
    with qtbot.waitExposed(shown):
        shown.show()
    return shown


def _add_stage(
    panel: RoadmapPanel, title: str, *, stepping_stone: bool = False, target: date | None = None
) -> None:
    panel.stages.add_stage_action.trigger()
    dialog = panel.pending_dialog
    assert isinstance(dialog, StageDialog)
    keys.type_text(dialog.title, title)
    keys.tick(dialog.stepping_stone, stepping_stone)
    keys.type_optional_date(dialog.target, target)
    dialog.accept()


def _select_stage(panel: RoadmapPanel, row: int) -> None:
    keys.click_index(panel.stages.tree, panel.stages.model.index(row, 0))


def _add_goal(
    panel: RoadmapPanel, stage_row: int, words: str, *, deadline: date | None, measure: str = ""
) -> None:
    _select_stage(panel, stage_row)
    panel.stages.add_goal_action.trigger()
    dialog = panel.pending_dialog
    assert isinstance(dialog, GoalDialog)
    keys.type_text(dialog.learner_words, words)
    keys.type_optional_date(dialog.deadline, deadline)
    keys.type_text(dialog.measure, measure)
    dialog.accept()


def _goal_index(panel: RoadmapPanel, stage_row: int, goal_row: int, column: int) -> QModelIndex:
    model = panel.stages.model
    return model.index(goal_row, column, model.index(stage_row, 0))


def _titles(panel: RoadmapPanel) -> list[str]:
    model = panel.stages.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def _agree_with_dialog(panel: RoadmapPanel) -> None:
    keys.click(panel.agree_button)
    dialog = panel.pending_dialog
    assert isinstance(dialog, AgreeDialog)
    assert dialog.value() == TODAY  # today by default
    dialog.accept()


def _edit_buttons(panel: RoadmapPanel) -> list[QPushButton]:
    return [
        *panel.stages.buttons,
        panel.agree_button,
        panel.change_button,
        panel.discard_button,
        panel.start_button,
    ]


def test_no_plan_shows_a_friendly_empty_state(panel: RoadmapPanel, learners: tuple[int, int]) -> None:
    panel.load(learners[0])
    assert panel.pages.currentWidget() is panel.empty
    assert panel.start_button.isVisible() and panel.start_button.isEnabled()
    keys.click(panel.start_button)
    assert panel.pages.currentWidget() is panel.plan_page
    assert panel.plan is not None and panel.plan.version == 1 and panel.plan.editable
    assert panel.heading.text() == "Road map · version 1 · draft"
    assert panel.versions.rowCount() == 1 and panel.timeline.currentIndex().data() == "Draft v1"
    assert not panel.change_button.isVisible() and not panel.discard_button.isVisible()
    panel.load(None)
    assert panel.pages.currentWidget() is panel.nobody


def test_a_road_map_is_built_agreed_changed_and_its_old_version_read(
    panel: RoadmapPanel, learners: tuple[int, int], vault: Vault, qtbot: QtBot
) -> None:
    learner_id = learners[0]
    panel.load(learner_id)
    keys.click(panel.start_button)

    # Agreeing too early explains what is missing, plainly.
    keys.click(panel.agree_button)
    box = panel.pending_dialog
    assert isinstance(box, QMessageBox)
    assert "end goal" in box.text() and "at least one stage" in box.text()
    box.button(QMessageBox.StandardButton.Ok).click()

    # The header: typed text is saved after a pause.
    qtbot.keyClicks(panel.header.starting_point, "Out of college since May")
    keys.type_text(panel.header.end_goal, "Start a plumbing apprenticeship")
    keys.tick(panel.header.focus["well_being"])
    keys.tick(panel.header.focus["education"])
    keys.type_text(panel.header.options_offered, "Catch-up course; work-based programme")
    keys.type_text(panel.header.choice_made, "Catch-up course")
    assert panel.save_state.text() == "Not saved yet…"
    qtbot.waitUntil(lambda: panel.save_state.text() == "Saved", timeout=3000)
    assert not panel.header.change_note.isVisible()  # only from version 2

    # Three stages, one a stepping stone; goals, one with no date.
    with qtbot.waitSignal(panel.changed):
        _add_stage(panel, "Feel settled coming in", stepping_stone=True, target=TODAY + timedelta(days=30))
    _add_stage(panel, "Catch up on missed work", target=TODAY + timedelta(days=90))
    _add_stage(panel, "Apply for next year")
    assert _titles(panel) == [
        "1. Feel settled coming in",
        "2. Catch up on missed work",
        "3. Apply for next year",
    ]
    model = panel.stages.model
    assert model.index(0, RoadmapModel.TAGS).data() == "Stepping stone"
    assert model.index(1, RoadmapModel.TAGS).data() == ""
    _add_goal(panel, 0, "Come in three mornings a week", deadline=TODAY + timedelta(days=20))
    _add_goal(panel, 1, "Hand in the two missing units", deadline=None, measure="2 units submitted")
    assert panel.stages.selected()[1] is not None  # the new goal is selected
    dated = _goal_index(panel, 0, 0, RoadmapModel.SMART)
    undated = _goal_index(panel, 1, 0, RoadmapModel.SMART)
    assert dated.data() == "S M A R T" and dated.data(Qt.ItemDataRole.DecorationRole) is None
    assert undated.data() == "S M A R ·"
    assert undated.data(Qt.ItemDataRole.DecorationRole) is not None  # the warning icon
    assert "Agree a date to aim for" in undated.data(Qt.ItemDataRole.ToolTipRole)
    assert undated.data(Qt.ItemDataRole.AccessibleTextRole) == "Needs: a date"

    # Agree: content locks, progress stays open.
    with qtbot.waitSignal(panel.changed):
        _agree_with_dialog(panel)
    assert panel.plan is not None and panel.plan.status == PlanStatus.AGREED.value
    assert panel.heading.text() == "Road map · version 1 · agreed 20 Nov 2026"
    assert "stays as it was" in panel.banner.text() and "Contract tab" in panel.banner.text()
    assert panel.header.starting_point.isReadOnly()
    assert (
        panel.header.focus_summary.isVisible()
        and panel.header.focus_summary.text() == "Education, Well-being"
    )
    _select_stage(panel, 0)
    assert not panel.stages.add_stage_action.isEnabled() and not panel.stages.remove_action.isEnabled()
    assert not panel.stages.up_action.isEnabled() and not panel.stages.down_action.isEnabled()
    assert not panel.agree_button.isVisible() and panel.change_button.isVisible()
    assert panel.stages.status_button.isEnabled()
    panel.stages.status_menu.aboutToShow.emit()
    labels = [action.text() for action in panel.stages.status_menu.actions()]
    assert labels == [status.label for status in StageStatus]
    next(a for a in panel.stages.status_menu.actions() if a.text() == "Under way").trigger()
    assert model.index(0, RoadmapModel.STATUS).data() == "Under way"
    keys.click_index(panel.stages.tree, _goal_index(panel, 0, 0, 0))
    panel.stages.set_status(GoalStatus.ACHIEVED.value)
    assert _goal_index(panel, 0, 0, RoadmapModel.STATUS).data() == "Achieved"
    # The edit dialog on an agreed version locks the wording but not the status.
    panel.stages.edit_action.trigger()
    dialog = panel.pending_dialog
    assert isinstance(dialog, GoalDialog)
    assert dialog.learner_words.isReadOnly() and dialog.lock_note.isVisible()
    assert dialog.status.isEnabled() and not dialog.trajectory.isEnabled()
    keys.type_text(dialog.evaluation, "Came in every morning by the end.")
    dialog.accept()
    with vault.unit_of_work() as uow:
        stored = plans.load_plan(uow, learner_id=learner_id)
        assert stored is not None
        assert stored.stages[0].goals[0].evaluation_note == "Came in every morning by the end."

    # Change the plan: version 2 is a draft copied from version 1.
    keys.click(panel.change_button)
    note = panel.pending_dialog
    assert isinstance(note, QInputDialog)
    note.setTextValue("Adding a work taster")
    note.accept()
    assert panel.plan is not None and (panel.plan.version, panel.plan.editable) == (2, True)
    assert panel.header.change_note.isVisible() and panel.header.change_note.text() == "Adding a work taster"
    assert _titles(panel) == [
        "1. Feel settled coming in",
        "2. Catch up on missed work",
        "3. Apply for next year",
    ]
    assert [panel.versions.index(r).data() for r in range(2)] == [
        "Draft v2 · Adding a work taster",
        "v1 · Agreed 20 Nov 2026",
    ]
    assert "Version 1 stays in force" in panel.banner.text()
    assert panel.discard_button.isVisible()

    # Edit a stage in version 2 and agree it: the old title lives on in version 1.
    _select_stage(panel, 1)
    panel.stages.edit_action.trigger()
    dialog = panel.pending_dialog
    assert isinstance(dialog, StageDialog)
    keys.type_text(dialog.title, "Catch up on units 3 and 4")
    dialog.accept()
    assert _titles(panel)[1] == "2. Catch up on units 3 and 4"
    assert (
        panel.stages.selected()[0] is not None
        and panel.stages.selected()[0].title == "Catch up on units 3 and 4"
    )
    _agree_with_dialog(panel)
    assert "contract of participation needs signing again" in panel.banner.text()
    assert panel.versions.index(1).data() == "v1 · Replaced 20 Nov 2026"

    keys.click_index(panel.timeline, panel.versions.index(1))
    assert panel.plan is not None and panel.plan.version == 1
    assert _titles(panel)[1] == "2. Catch up on missed work"
    assert "You are looking at version 1, replaced on 20 Nov 2026 — read only." in panel.banner.text()
    assert panel.header.starting_point.isReadOnly()
    _select_stage(panel, 1)
    assert not any(button.isEnabled() for button in panel.stages.buttons)
    assert not panel.change_button.isVisible()
    panel.stages.edit_selected(allow_view=True)  # a double-click still opens it, to read
    dialog = panel.pending_dialog
    assert isinstance(dialog, StageDialog)
    assert dialog.title.isReadOnly() and "replaced by a later one" in dialog.lock_note.text()
    dialog.reject()

    keys.click_index(panel.timeline, panel.versions.index(0))
    assert panel.plan is not None and panel.plan.version == 2


def test_removing_a_stage_can_be_undone(panel: RoadmapPanel, learners: tuple[int, int], vault: Vault) -> None:
    panel.load(learners[0])
    keys.click(panel.start_button)
    for title in ("One", "Two", "Three"):
        _add_stage(panel, title)
    _add_goal(panel, 1, "A goal in stage two", deadline=None)
    _select_stage(panel, 1)
    panel.stages.remove_action.trigger()
    assert _titles(panel) == ["1. One", "2. Three"]
    assert panel.stages.undo_bar.isVisible()
    assert panel.stages.undo_text.text() == "Stage “Two” and its 1 goal removed."
    keys.click(panel.stages.undo_button)
    assert _titles(panel) == ["1. One", "2. Two", "3. Three"]
    assert panel.stages.model.rowCount(panel.stages.model.index(1, 0)) == 1
    assert not panel.stages.undo_bar.isVisible()

    # A goal, undone with Ctrl+Z on the tree.
    keys.click_index(panel.stages.tree, _goal_index(panel, 1, 0, 0))
    panel.stages.remove_action.trigger()
    assert panel.stages.model.rowCount(panel.stages.model.index(1, 0)) == 0
    panel.stages.tree.setFocus()
    panel.stages.undo_action.trigger()
    assert panel.stages.model.rowCount(panel.stages.model.index(1, 0)) == 1

    # Moving.
    _select_stage(panel, 2)
    panel.stages.up_action.trigger()
    assert _titles(panel) == ["1. One", "2. Three", "3. Two"]
    assert panel.stages.selected()[0] is not None and panel.stages.selected()[0].title == "Three"


def test_typed_header_text_survives_switching_learner(
    panel: RoadmapPanel, learners: tuple[int, int], vault: Vault, qtbot: QtBot
) -> None:
    first, second = learners
    panel.load(first)
    keys.click(panel.start_button)
    qtbot.keyClicks(panel.header.end_goal, "Work with animals")
    panel.load(second)  # straight away, before the pause is over
    assert panel.pages.currentWidget() is panel.empty
    panel.load(first)
    assert panel.header.end_goal.toPlainText() == "Work with animals"
    qtbot.keyClicks(panel.header.starting_point, "Left school in Year 10")
    panel.hide()  # the tab changes
    with vault.unit_of_work() as uow:
        stored = plans.load_plan(uow, learner_id=first)
        assert stored is not None
        assert (stored.end_goal, stored.starting_point) == ("Work with animals", "Left school in Year 10")


def test_goal_dialog_checks_as_you_type_and_asks_before_discarding(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = GoalDialog(today=TODAY, stage_title="Sort out mornings", stage_target=TODAY + timedelta(days=30))
    qtbot.addWidget(dialog)
    dialog.show()
    assert "the goal in words" in dialog.smart_letters.text()
    keys.type_text(dialog.learner_words, "Be on time four days out of five")
    assert "a date" in dialog.smart_letters.text()
    assert "Agree a date" in dialog.smart_details.text()
    keys.type_optional_date(dialog.deadline, TODAY + timedelta(days=60))  # after the stage's target
    assert "stage's target date" in dialog.smart_details.text()
    keys.type_optional_date(dialog.deadline, TODAY + timedelta(days=20))
    assert "Looks SMART" in dialog.smart_letters.text()
    assert "advice only" in dialog.smart_box.title()

    asked: list[bool] = []
    monkeypatch.setattr(dialog, "_confirm_discard", lambda: asked.append(True) or False)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == [True] and dialog.isVisible()  # kept open: the tutor said no
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # shortcuts reach the active window only
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.keyClick(dialog.learner_words, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.value().deadline == TODAY + timedelta(days=20)


def test_stage_dialog_needs_a_title_and_explains_stepping_stones(qtbot: QtBot) -> None:
    dialog = StageDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert dialog.isVisible() and dialog.problem.text() == "Give the stage a short title."
    assert "before the academic goals" in dialog.stepping_stone.toolTip()
    keys.pick_data(dialog.sdt_need, "competence")
    assert dialog.sdt_hint.text().startswith("Competence:")
    dialog.ask_before_discarding = False
    dialog.reject()
    assert not dialog.isVisible()


def test_discarding_a_draft_goes_back_to_the_agreed_version(
    panel: RoadmapPanel, learners: tuple[int, int], vault: Vault
) -> None:
    learner_id = learners[0]
    _agreed(vault, learner_id)
    panel.load(learner_id)
    keys.click(panel.change_button)
    note = panel.pending_dialog
    assert isinstance(note, QInputDialog)
    note.accept()
    assert panel.plan is not None and panel.plan.version == 2
    keys.click(panel.discard_button)
    box = panel.pending_dialog
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.Discard).click()
    assert panel.plan is not None and (panel.plan.version, panel.plan.status) == (1, PlanStatus.AGREED.value)
    assert panel.versions.rowCount() == 1


def _agreed(vault: Vault, learner_id: int) -> plans.PlanView:
    with vault.unit_of_work() as uow:
        agreed = builders.add_plan(
            uow,
            learner_id,
            agreed_on=TODAY - timedelta(days=40),
            header=PlanHeader(end_goal="An apprenticeship"),
            stages=1,
            stage=lambda *_: StageInput(title="Settle in", stepping_stone=True),
            goal=lambda _: GoalInput(professional_wording="Attend three sessions a week"),
        )
        builders.add_review(
            uow,
            learner_id,
            held_on=TODAY - timedelta(days=10),
            progress=(
                ProgressInput(rag="amber", stage_id=agreed.stages[0].id),
                ProgressInput(rag="green", goal_id=agreed.stages[0].goals[0].id),
            ),
        )
        uow.commit()
        return agreed


def test_models_pass_qt_model_tests_and_show_the_last_review(
    panel: RoadmapPanel, learners: tuple[int, int], vault: Vault, qtmodeltester: ModelTester
) -> None:
    learner_id = learners[0]
    _agreed(vault, learner_id)
    panel.load(learner_id)
    qtmodeltester.check(panel.stages.model)
    qtmodeltester.check(panel.versions)
    stage_rag = panel.stages.model.index(0, RoadmapModel.RAG)
    assert stage_rag.data() == "Amber"  # words beside the dot, never colour alone
    assert stage_rag.data(Qt.ItemDataRole.DecorationRole) is not None
    assert "Amber: some progress" in stage_rag.data(Qt.ItemDataRole.ToolTipRole)
    goal = _goal_index(panel, 0, 0, RoadmapModel.TITLE)
    assert goal.data() == "Attend three sessions a week"  # professional wording stands in
    assert _goal_index(panel, 0, 0, RoadmapModel.RAG).data() == "Green"
    assert (
        "add the goal in the learner's own words"
        in _goal_index(panel, 0, 0, RoadmapModel.SMART).data(Qt.ItemDataRole.ToolTipRole).lower()
    )
    empty = RoadmapModel()
    qtmodeltester.check(empty)
    qtmodeltester.check(VersionListModel())


def test_models_pass_qt_model_tests_on_demo_road_maps(vault: Vault, qtmodeltester: ModelTester) -> None:
    with vault.unit_of_work() as uow:
        fill_demo(uow, learners=8, seed=7, today=TODAY)
        uow.commit()
    model, versions = RoadmapModel(), VersionListModel()
    with vault.unit_of_work() as uow:
        for learner_id in range(1, 9):
            plan = plans.load_plan(uow, learner_id=learner_id)
            if plan is not None:
                model.set_plan(plan, plan_reviews.latest_rag(uow, learner_id=learner_id), TODAY)
                versions.set_history(plans.plan_history(uow, learner_id=learner_id))
                qtmodeltester.check(model)
                qtmodeltester.check(versions)


def test_version_text_for_each_state() -> None:
    summary = plans.VersionSummary(
        1, 4, PlanStatus.DRAFT.value, None, "A very long note about what is changing now", 3
    )
    assert version_text(summary, None) == "Draft v4 · A very long note about what…"
    agreed = plans.VersionSummary(1, 3, PlanStatus.AGREED.value, date(2026, 3, 12), "", 3)
    assert version_text(agreed, None) == "v3 · Agreed 12 Mar 2026"


def test_a_read_only_vault_offers_no_edits(qtbot: QtBot, vault: Vault, learners: tuple[int, int]) -> None:
    learner_id, no_plan = learners
    _agreed(vault, learner_id)
    vault.read_only = True  # as Vault.open sets it for a file or folder that cannot be written
    panel = RoadmapPanel(PanelContext(vault=lambda: vault, today=lambda: TODAY))
    qtbot.addWidget(panel)
    with qtbot.waitExposed(panel):
        panel.show()
    panel.load(learner_id)
    _select_stage(panel, 0)
    assert "open read-only" in panel.banner.text()
    assert not any(button.isEnabled() for button in _edit_buttons(panel))
    assert panel.header.end_goal.isReadOnly() and panel.header.end_goal.toPlainText() == "An apprenticeship"
    panel.stages.edit_selected(allow_view=True)
    dialog = panel.pending_dialog
    assert isinstance(dialog, StageDialog)
    assert dialog.title.isReadOnly() and not dialog.status.isEnabled()
    assert "read-only" in dialog.lock_note.text()
    dialog.reject()
    panel.load(no_plan)
    assert panel.pages.currentWidget() is panel.empty
    assert not panel.start_button.isEnabled() and panel.empty_note.isVisible()


def _activate(panel: RoadmapPanel, qtbot: QtBot) -> None:
    """Shortcuts reach the active window only, and a closed dialog hands activation back a moment later."""
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)


def test_keys_on_the_stage_list(panel: RoadmapPanel, learners: tuple[int, int], qtbot: QtBot) -> None:
    panel.load(learners[0])
    keys.click(panel.start_button)
    _activate(panel, qtbot)
    tree = panel.stages.tree
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Insert)
    dialog = panel.pending_dialog
    assert isinstance(dialog, StageDialog) and dialog.isVisible()
    keys.type_text(dialog.title, "First")
    dialog.accept()
    _activate(panel, qtbot)
    panel.header.end_goal.setFocus()
    qtbot.keyClick(
        panel.header.end_goal,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = panel.pending_dialog
    assert isinstance(dialog, StageDialog) and dialog.title.text() == ""
    keys.type_text(dialog.title, "Second")
    dialog.accept()
    assert _titles(panel) == ["1. First", "2. Second"]
    _activate(panel, qtbot)
    tree.setFocus()
    _select_stage(panel, 1)
    qtbot.keyClick(tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert _titles(panel) == ["1. Second", "2. First"]
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert _titles(panel) == ["1. First"]
    qtbot.keyClick(tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _titles(panel) == ["1. Second", "2. First"]
    _select_stage(panel, 0)
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    dialog = panel.pending_dialog
    assert isinstance(dialog, StageDialog) and dialog.title.text() == "Second"
    dialog.reject()
