"""The Follow-up tab's case and measures driven as a tutor would: a case opened with keys, the due step
recorded done from the suggested choice, taken back, the case closed; a measure started and ended."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from tests.support import keys
from tests.support.builders import add_learner, add_plan
from tests.ui.test_plan_reviews import answer_next_box
from tutordesk.documents.procedures import load_procedure
from tutordesk.ui.followup.case_panel import NO_CASE, CasePanel
from tutordesk.ui.followup.measures_panel import MeasuresPanel
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.ui.widgets.record_editor import RecordEditor
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 27)


@pytest.fixture
def panel(qtbot: QtBot, vault: Vault) -> Iterator[CasePanel]:
    shown = CasePanel(PanelContext(vault=lambda: vault, today=lambda: TODAY))
    qtbot.addWidget(shown)
    shown.resize(1100, 600)
    with qtbot.waitExposed(shown):
        shown.show()
    yield shown
    if shown.dialog is not None:
        shown.dialog.done(0)


def test_a_case_is_opened_followed_step_by_step_and_closed(panel: CasePanel, vault: Vault) -> None:
    panel.load(add_learner(vault))
    assert panel.summary.text() == NO_CASE and not panel.step_button.isEnabled()
    keys.click(panel.open_button)
    dialog = panel.dialog
    assert isinstance(dialog, RecordEditor) and dialog.windowTitle() == "Open a follow-up case"
    keys.type_optional_date(dialog.input("opened_on"), date(2026, 11, 20))
    keys.type_text(dialog.input("reason"), "Missed three mornings this week")
    keys.type_text(dialog.input("opened_by"), "Mr Lee")
    keys.click(dialog.save_button)
    procedure = load_procedure()
    assert "Opened on 20 November 2026 by Mr Lee: Missed three mornings" in panel.summary.text()
    assert panel.steps.rowCount() == len(procedure.steps)
    assert panel.steps.item(0, 4).text() == "Due 22 Nov 2026 (overdue)"  # two days, and today is the 27th
    assert not panel.open_button.isEnabled()

    keys.click(panel.step_button)
    dialog = panel.dialog
    assert isinstance(dialog, RecordEditor) and dialog.windowTitle() == "Record a step done"
    assert dialog.value()["step_id"] == procedure.steps[0].id  # the step that is due
    assert dialog.value()["informed"] == "Tutor"  # who the procedure says to tell
    keys.type_optional_date(dialog.input("done_on"), date(2026, 11, 21))
    keys.type_text(dialog.input("done_by"), "Mr Lee")
    keys.click(dialog.save_button)
    assert panel.steps.item(0, 4).text() == "Done 21 Nov 2026 by Mr Lee"
    assert panel.steps.item(1, 4).text() == "Due 26 Nov 2026 (overdue)"

    keys.click_index(panel.steps, panel.steps.model().index(0, 1))
    assert panel.undo_button.isEnabled()
    answer_next_box("Take back")
    keys.click(panel.undo_button)
    assert panel.steps.item(0, 4).text().startswith("Due")

    keys.click(panel.close_button)
    dialog = panel.dialog
    assert isinstance(dialog, RecordEditor)
    keys.type_text(dialog.input("outcome"), "Attending every morning again")
    keys.click(dialog.save_button)
    assert panel.summary.text() == NO_CASE and panel.open_button.isEnabled()
    assert "Attending every morning again" in panel.history.text()


def test_measures_are_started_ended_and_plans_show_on_their_own(qtbot: QtBot, vault: Vault) -> None:
    learner = add_learner(vault)
    add_plan(vault, learner, agreed_on=date(2026, 10, 1))
    shown = MeasuresPanel(PanelContext(vault=lambda: vault, today=lambda: TODAY))
    qtbot.addWidget(shown)
    with qtbot.waitExposed(shown):
        shown.show()
    shown.load(learner)
    model = shown.measures.model
    assert model.rowCount() == 1 and model.index(0, 0).data() == "Road-map plan"
    keys.click(shown.measures.add_button)
    dialog = shown.measures.dialog
    assert isinstance(dialog, RecordEditor)
    keys.pick(dialog.input("measure_id"), "Careers guidance")
    keys.type_optional_date(dialog.input("started_on"), date(2026, 11, 2))
    keys.click(dialog.save_button)
    assert {model.index(row, 0).data() for row in range(model.rowCount())} == {
        "Road-map plan",
        "Careers guidance",
    }
