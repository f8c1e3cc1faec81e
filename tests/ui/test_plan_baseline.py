"""The Baseline and barriers panel driven as a tutor would: two assessments compared side by side, barriers
and support needs added, marked when late, edited and deleted, and nothing changeable in a read-only vault."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.support import keys
from tests.ui.test_plan_reviews import TODAY, add_learner, answer_next_box, choose
from tutordesk.domain.plan_enums import BarrierDomain, BarrierSource, BarrierStatus
from tutordesk.services.plans import baseline as plan_baseline
from tutordesk.ui.plans.baseline_dialogs import AssessmentDialog
from tutordesk.ui.plans.baseline_panel import BaselinePanel
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.ui.widgets.record_editor import RecordEditor
from tutordesk.vault.vault import Vault


@pytest.fixture
def learner_id(vault: Vault) -> int:
    return add_learner(vault)


@pytest.fixture
def panel(qtbot: QtBot, vault: Vault) -> Iterator[BaselinePanel]:
    shown = BaselinePanel(PanelContext(vault=lambda: vault, today=lambda: TODAY))
    qtbot.addWidget(shown)
    shown.resize(1280, 700)
    with qtbot.waitExposed(shown):
        shown.show()
    yield shown
    for dialog in (shown.dialog, shown.compare_dialog):
        if dialog is not None:
            dialog.done(0)


def add_assessment(panel: BaselinePanel, when: date, answers: dict[str, str]) -> None:
    panel.new_assessment()
    dialog = panel.dialog
    assert isinstance(dialog, AssessmentDialog)
    keys.type_date(dialog.assessed_on, when)
    for name, text in answers.items():
        side, topic = name.split("_", 1)
        keys.type_text(dialog.boxes[(side, topic)], text)
    keys.click(dialog.save_button)
    assert panel.dialog is None


def test_two_assessments_are_compared_side_by_side(
    panel: BaselinePanel, learner_id: int, qtmodeltester: ModelTester
) -> None:
    panel.load(learner_id)
    assert panel.assessments.stack.currentWidget() is panel.assessments.empty
    assert not panel.compare_button.isEnabled()
    add_assessment(
        panel,
        TODAY - timedelta(days=60),
        {
            "learner_strengths": "Good with my hands",
            "tutor_needs": "Mornings",
            "learner_interests": "Cooking",
        },
    )
    add_assessment(
        panel,
        TODAY,
        {
            "learner_strengths": "Good with my hands. I can fix bikes.",
            "tutor_needs": "Mornings",
            "tutor_expectations": "The Level 2 course",
        },
    )
    model = panel.assessments.model
    assert model.rowCount() == 2
    qtmodeltester.check(model)
    assert [model.index(row, 0).data() for row in range(2)] == ["20 Nov 2026", "21 Sep 2026"]
    assert model.index(1, 1).data() == "2 of 5 topics"
    assert "I can fix bikes" in panel.preview.toPlainText()  # the newest is shown

    assert panel.compare_button.isEnabled()
    keys.click(panel.compare_button)
    dialog = panel.compare_dialog
    assert dialog is not None and dialog.windowTitle() == "Compare assessments"
    compare = dialog.model
    qtmodeltester.check(compare)
    assert compare.headerData(2, Qt.Orientation.Horizontal) == "Earlier: 21 Sep 2026"
    assert compare.headerData(3, Qt.Orientation.Horizontal) == "Later: 20 Nov 2026"
    grid = {
        (compare.index(row, 1).data(), row // 2): [compare.index(row, c).data() for c in (2, 3, 4)]
        for row in range(compare.rowCount())
    }
    assert compare.rowCount() == 10  # five topics, each from both sides
    assert compare.index(0, 0).data() == "Strengths" and compare.index(1, 0).data() == ""
    assert grid[("The learner", 0)] == [
        "Good with my hands",
        "Good with my hands. I can fix bikes.",
        "Changed",
    ]
    assert grid[("The tutor", 1)] == ["Mornings", "Mornings", "The same"]
    assert grid[("The learner", 2)] == ["Cooking", "", "Not answered this time"]
    assert grid[("The tutor", 4)] == ["", "The Level 2 course", "New answer"]
    assert grid[("The tutor", 0)][2] == "Not answered"

    dialog.choose(dialog.pickers[1].itemData(0), dialog.pickers[0].itemData(1))  # either order reads the same
    assert compare.headerData(2, Qt.Orientation.Horizontal) == "Earlier: 21 Sep 2026"


def test_an_assessment_is_edited_and_deleted_after_asking(
    panel: BaselinePanel, qtbot: QtBot, vault: Vault, learner_id: int
) -> None:
    panel.load(learner_id)
    add_assessment(panel, TODAY, {"learner_strengths": "Drawing"})
    panel.assessments.view.setFocus()
    qtbot.keyClick(panel.assessments.view, Qt.Key.Key_Return)
    dialog = panel.dialog
    assert isinstance(dialog, AssessmentDialog) and dialog.windowTitle() == "Edit assessment"
    assert dialog.boxes[("learner", "strengths")].toPlainText() == "Drawing"
    keys.type_text(dialog.boxes[("tutor", "strengths")], "Keeps going when it is hard")
    keys.click(dialog.save_button)
    assert panel.assessments.model.rowCount() == 1
    assert "Keeps going when it is hard" in panel.preview.toPlainText()

    answer_next_box("Keep it")
    qtbot.keyClick(panel.assessments.view, Qt.Key.Key_Delete)
    assert panel.assessments.model.rowCount() == 1
    answer_next_box("Delete")
    qtbot.keyClick(panel.assessments.view, Qt.Key.Key_Delete)
    assert panel.assessments.model.rowCount() == 0
    with vault.unit_of_work() as uow:
        assert plan_baseline.list_assessments(uow, learner_id=learner_id) == []


def test_an_empty_assessment_is_refused_with_a_plain_message(panel: BaselinePanel, learner_id: int) -> None:
    panel.load(learner_id)
    panel.new_assessment()
    dialog = panel.dialog
    assert dialog is not None
    answer_next_box("OK")
    keys.click(dialog.save_button)
    assert dialog.isVisible() and panel.assessments.model.rowCount() == 0


def test_barriers_and_support_needs_are_added_marked_and_deleted(
    panel: BaselinePanel, qtbot: QtBot, vault: Vault, learner_id: int, qtmodeltester: ModelTester
) -> None:
    panel.load(learner_id)
    assert "No barriers recorded" in panel.barriers.empty.text()

    panel.barriers.view.setFocus()
    qtbot.keyClick(panel.barriers.view, Qt.Key.Key_Insert)
    dialog = panel.dialog
    assert (
        isinstance(dialog, RecordEditor)
        and dialog.kind.id == "barrier"
        and dialog.windowTitle() == "New barrier"
    )
    choose(dialog.input("domain"), BarrierDomain.STRUCTURAL.value)
    keys.type_text(dialog.input("description"), "Bus fare is hard to find each week")
    choose(dialog.input("source"), BarrierSource.FAMILY.value)
    keys.type_text(dialog.input("action"), "Apply to the bursary")
    keys.type_optional_date(dialog.input("resolve_by"), TODAY - timedelta(days=2))
    keys.click(dialog.save_button)
    barriers = panel.barriers.model
    qtmodeltester.check(barriers)
    row = [barriers.index(0, column).data() for column in range(barriers.columnCount())]
    assert row == [
        "Structural",
        "Bus fare is hard to find each week",
        "The family",
        "Apply to the bursary",
        "Open",
        "18 Nov 2026 (overdue)",
    ]
    # The sensitive description's tooltip is the field itself and nothing more.
    assert barriers.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == "Bus fare is hard to find each week"

    keys.click(panel.barriers.edit_button)
    dialog = panel.dialog
    assert isinstance(dialog, RecordEditor) and dialog.kind.id == "barrier"
    choose(dialog.input("status"), BarrierStatus.RESOLVED.value)
    keys.click(dialog.save_button)
    assert barriers.index(0, 5).data() == "18 Nov 2026"  # resolved, so no longer overdue
    assert barriers.rowCount() == 1

    keys.click(panel.needs.add_button)
    dialog = panel.dialog
    assert (
        isinstance(dialog, RecordEditor)
        and dialog.kind.id == "support_need"
        and dialog.windowTitle() == "New support need"
    )
    keys.type_text(dialog.input("need"), "Extra time in tests")
    keys.type_text(dialog.input("provider"), "Learning support team")
    keys.type_optional_date(dialog.input("needed_by"), TODAY - timedelta(days=1))
    keys.click(dialog.save_button)
    needs = panel.needs.model
    qtmodeltester.check(needs)
    assert [needs.index(0, c).data() for c in range(4)] == [
        "Extra time in tests",
        "Learning support team",
        "No",
        "19 Nov 2026 (late)",
    ]
    keys.click(panel.needs.edit_button)
    assert isinstance(panel.dialog, RecordEditor) and panel.dialog.kind.id == "support_need"
    keys.tick(panel.dialog.input("in_place"))
    keys.click(panel.dialog.save_button)
    assert needs.index(0, 2).data() == "Yes" and needs.index(0, 3).data() == "19 Nov 2026"

    panel.needs.view.setFocus()
    answer_next_box("Delete")
    qtbot.keyClick(panel.needs.view, Qt.Key.Key_Delete)
    assert needs.rowCount() == 0
    answer_next_box("Delete")
    keys.click(panel.barriers.delete_button)
    assert barriers.rowCount() == 0
    with vault.unit_of_work() as uow:
        assert plan_baseline.list_barriers(uow, learner_id=learner_id) == []
        assert plan_baseline.list_support_needs(uow, learner_id=learner_id) == []


def test_a_barrier_needs_a_description(panel: BaselinePanel, learner_id: int) -> None:
    panel.load(learner_id)
    keys.click(panel.barriers.add_button)
    dialog = panel.dialog
    assert isinstance(dialog, RecordEditor) and dialog.kind.id == "barrier"
    answer_next_box("OK")
    keys.click(dialog.save_button)
    assert dialog.isVisible() and panel.barriers.model.rowCount() == 0
    keys.type_text(dialog.input("description"), "Long gaps in the timetable")
    keys.click(dialog.save_button)
    assert panel.barriers.model.rowCount() == 1


def test_a_read_only_vault_shows_everything_and_changes_nothing(
    panel: BaselinePanel, vault: Vault, learner_id: int
) -> None:
    with vault.unit_of_work() as uow:
        for days in (30, 0):
            plan_baseline.save_assessment(
                uow,
                learner_id=learner_id,
                assessment=plan_baseline.AssessmentInput(
                    assessed_on=TODAY - timedelta(days=days), learner_strengths="Art"
                ),
            )
        plan_baseline.save_barrier(
            uow,
            learner_id=learner_id,
            barrier=plan_baseline.BarrierInput(domain="family", description="Caring for a sibling"),
        )
        plan_baseline.save_support_need(
            uow, learner_id=learner_id, need=plan_baseline.SupportNeedInput(need="A quiet room")
        )
        uow.commit()
    vault.read_only = True  # as Vault.open sets it for a file that cannot be written
    panel.load(learner_id)
    assert panel.read_only_note.isVisible()
    assert panel.barriers.model.rowCount() == 1 and panel.needs.model.rowCount() == 1
    for section in (panel.assessments, panel.barriers, panel.needs):
        assert section.model.rowCount() >= 1
        for button in (section.add_button, section.edit_button, section.delete_button):
            assert not button.isEnabled()
    panel.new_assessment()
    panel.edit("barrier")
    panel.delete_barrier()
    assert panel.dialog is None and panel.barriers.model.rowCount() == 1
    assert panel.compare_button.isEnabled()  # reading two side by side changes nothing


def answer_next_question(button_text: str, asked: list[str]) -> None:
    """Press `button_text` in the next message box, once it is up, and note what it asked."""

    def look() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            for button in box.buttons():
                if button.text() == button_text:
                    asked.append(box.text())
                    button.click()
                    return
        QTimer.singleShot(10, look)

    QTimer.singleShot(0, look)


def test_a_barrier_is_typed_saved_with_enter_and_deleted_with_the_delete_key(
    panel: BaselinePanel, qtbot: QtBot, vault: Vault, learner_id: int
) -> None:
    panel.load(learner_id)
    view = panel.barriers.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Insert)
    dialog = panel.dialog
    assert isinstance(dialog, RecordEditor) and dialog.windowTitle() == "New barrier"
    domain = dialog.input("domain")
    assert dialog.focusWidget() is domain  # the first field, as before
    qtbot.keyClicks(domain, "Str")
    description = dialog.input("description")
    description.setFocus()
    qtbot.keyClicks(description, "Bus fare is hard to find each week")
    asked: list[str] = []
    qtbot.keyClick(domain, Qt.Key.Key_Return)
    assert panel.dialog is None
    barriers = panel.barriers.model
    assert [barriers.index(0, c).data() for c in range(barriers.columnCount())] == [
        "Structural", "Bus fare is hard to find each week", "The learner", "", "Open", "No date",
    ]  # fmt: skip
    view.setFocus()
    answer_next_question("Keep it", asked)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert asked == ["Delete the selected structural barrier?"] and barriers.rowCount() == 1
    answer_next_question("Delete", asked)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert barriers.rowCount() == 0
    with vault.unit_of_work() as uow:
        assert plan_baseline.list_barriers(uow, learner_id=learner_id) == []
