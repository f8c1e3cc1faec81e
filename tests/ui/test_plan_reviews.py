"""The Reviews panel driven as a tutor would: hold a review, rate progress, do the check-in, see the chart and
the reading, edit and delete reviews, and change how often reviews come round."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.support import builders, keys
from tutordesk.domain.enums import LearnerStatus
from tutordesk.domain.plan_enums import Rag, SdtNeed
from tutordesk.services.plans import reviews as plan_reviews
from tutordesk.services.plans import roadmap as plans
from tutordesk.ui.plans.review_dialog import ReviewDialog
from tutordesk.ui.plans.reviews_panel import ReviewsPanel
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 20)


def add_learner(vault: Vault, status: str = LearnerStatus.AT_RISK.value) -> int:
    return builders.add_learner(vault, started_on=date(2026, 9, 1), status=LearnerStatus(status))


def agree_plan(vault: Vault, learner_id: int, *, agreed_on: date = TODAY) -> plans.PlanView:
    """A three-stage plan, one goal per stage, agreed on `agreed_on`, built through the services."""
    return builders.add_plan(vault, learner_id, agreed_on=agreed_on)


class Today:
    """An injectable today that a test can move on."""

    def __init__(self, value: date) -> None:
        self.value = value

    def __call__(self) -> date:
        return self.value


@pytest.fixture
def today() -> Today:
    return Today(TODAY)


@pytest.fixture
def learner_id(vault: Vault) -> int:
    return add_learner(vault)


@pytest.fixture
def panel(qtbot: QtBot, vault: Vault, today: Today) -> Iterator[ReviewsPanel]:
    shown = ReviewsPanel(PanelContext(vault=lambda: vault, today=today))
    qtbot.addWidget(shown)
    shown.resize(1280, 700)
    with qtbot.waitExposed(shown):
        shown.show()
    yield shown
    if shown.dialog is not None:
        shown.dialog.done(0)


def choose(combo: object, value: object) -> None:
    keys.pick_data(combo, value)  # type: ignore[arg-type]


def answer_next_box(button_text: str) -> None:
    """Press `button_text` in the next message box, once it is up."""

    def look() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            for button in box.buttons():
                if button.text() == button_text:
                    button.click()
                    return
        QTimer.singleShot(10, look)

    QTimer.singleShot(0, look)


def fill_review(dialog: ReviewDialog, plan: plans.PlanView) -> None:
    """Stages green, amber, red; the first goal green; the check-in 4, 2, 5."""
    rows = {(row.stage_id, row.goal_id): row for row in dialog.rows}
    for stage, rag in zip(plan.stages, (Rag.GREEN, Rag.AMBER, Rag.RED), strict=True):
        choose(rows[(stage.id, None)].rag, rag.value)
    choose(rows[(None, plan.stages[0].goals[0].id)].rag, Rag.GREEN.value)
    keys.type_text(rows[(plan.stages[2].id, None)].note, "Maths is too much at once")
    for need, value in zip(
        (SdtNeed.AUTONOMY, SdtNeed.COMPETENCE, SdtNeed.RELATEDNESS), (4, 2, 5), strict=True
    ):
        choose(dialog.ratings[need], value)
    keys.type_text(dialog.voice, "It's going OK. Mornings are still hard.")


def test_a_review_with_progress_and_check_in_shows_in_the_list_chart_and_reading(
    panel: ReviewsPanel,
    qtbot: QtBot,
    vault: Vault,
    learner_id: int,
    qtmodeltester: ModelTester,
    tmp_path: Path,
) -> None:
    plan = agree_plan(vault, learner_id)
    panel.load(learner_id)
    assert panel.reviews.stack.currentWidget() is panel.reviews.empty
    assert "No reviews yet" in panel.reviews.empty.text()

    panel.table.setFocus()
    qtbot.keyClick(
        panel.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "New plan review"  # never the learner's name
    assert "version 1" in dialog.version_label.text() and "20 Nov 2026" in dialog.version_label.text()
    assert len(dialog.rows) == 6  # three stages, one goal each
    assert dialog.held_on.value() == date(2026, 11, 20)
    fill_review(dialog, plan)
    reading = dialog.reading.text()
    assert "Extrinsic motivation" in reading and "competence" in reading

    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    with qtbot.waitSignal(panel.changed):
        qtbot.keyClick(dialog.voice, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert panel.dialog is None
    assert panel.model.rowCount() == 1
    qtmodeltester.check(panel.model)
    row = [panel.model.index(0, column).data() for column in range(panel.model.columnCount())]
    assert row[:5] == [
        "20 Nov 2026",
        "Scheduled review",
        "Version 1",
        "2 green · 1 amber · 1 red",
        "Not discussed",
    ]
    assert row[5].startswith("It's going OK")
    assert len(panel.chart.points()) == 1 and panel.chart.points()[0] == (TODAY, 4, 2, 5)
    assert "Extrinsic motivation" in panel.reading.text()
    assert "competence" in panel.reading.text()
    assert "autonomy" not in panel.reading.text().split("Not yet met")[1].split(".")[0]
    details = panel.details.toPlainText()
    assert (
        "Maths is too much at once" in details and "Red" in details and "Goal: Goal 1 in my words" in details
    )

    # The record of this review, to print and sign, is the same content as a PDF with its fingerprint.
    panel.table.selectRow(0)
    saved = panel.save_record(tmp_path / "review.pdf")
    assert saved is not None
    text = "\n".join(page.extract_text() for page in PdfReader(saved).pages)
    assert "Review record" in text and "Maths is too much at once" in text and "Fingerprint" in text


def test_editing_a_review_keeps_one_row_and_its_ratings(
    panel: ReviewsPanel, qtbot: QtBot, vault: Vault, learner_id: int
) -> None:
    plan = agree_plan(vault, learner_id)
    panel.load(learner_id)
    panel.new_review()
    assert panel.dialog is not None
    fill_review(panel.dialog, plan)
    keys.click(panel.dialog.save_button)
    assert panel.model.rowCount() == 1

    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    dialog = panel.dialog
    assert dialog is not None and dialog.windowTitle() == "Edit plan review"
    rows = {(row.stage_id, row.goal_id): row for row in dialog.rows}
    assert rows[(plan.stages[2].id, None)].rag.currentData() == Rag.RED.value
    assert rows[(plan.stages[2].id, None)].note.text() == "Maths is too much at once"
    assert dialog.rating(SdtNeed.COMPETENCE) == 2
    choose(rows[(plan.stages[2].id, None)].rag, Rag.AMBER.value)
    choose(dialog.ratings[SdtNeed.COMPETENCE], 4)
    keys.click(dialog.save_button)

    assert panel.model.rowCount() == 1
    assert panel.model.index(0, 3).data() == "2 green · 2 amber"
    assert panel.chart.points() == [(TODAY, 4, 4, 5)]
    assert "Intrinsic motivation" in panel.reading.text()
    with vault.unit_of_work() as uow:
        assert len(plan_reviews.list_reviews(uow, learner_id=learner_id)) == 1


def test_changing_the_cadence_moves_the_next_due_date(
    panel: ReviewsPanel, vault: Vault, learner_id: int, today: Today
) -> None:
    agree_plan(vault, learner_id, agreed_on=TODAY)
    panel.load(learner_id)
    assert panel.schedule_label.text() == "Reviews every four weeks · next due 18 Dec 2026 (in 28 days)"
    with_changes = []
    panel.changed.connect(lambda: with_changes.append(True))
    panel.set_cadence(14)
    assert with_changes == [True]
    assert panel.schedule_label.text() == "Reviews every two weeks · next due 4 Dec 2026 (in 14 days)"
    assert panel.cadence.currentData() == 14

    today.value = TODAY + timedelta(days=19)
    panel.reload()
    text = panel.schedule_label.text()
    assert "Overdue by 5 days" in text and "4 Dec 2026" in text  # said in words, not by colour alone
    with vault.unit_of_work() as uow:
        assert plan_reviews.review_schedule(uow, learner_id=learner_id, today=today()).every_days == 14


def test_the_cadence_suggests_weekly_while_re_engaging(panel: ReviewsPanel, vault: Vault) -> None:
    learner_id = add_learner(vault, LearnerStatus.RE_ENGAGING.value)
    panel.load(learner_id)
    assert "first review falls due once the plan is agreed" in panel.schedule_label.text()
    assert panel.cadence.itemText(panel.cadence.findData(7)) == "Every week (suggested)"
    assert "re-engaging" in panel.cadence.toolTip() and "every week" in panel.cadence.toolTip()


def test_the_next_review_date_follows_the_held_date_until_chosen(
    panel: ReviewsPanel, vault: Vault, learner_id: int
) -> None:
    agree_plan(vault, learner_id)
    panel.load(learner_id)
    panel.set_cadence(7)
    panel.new_review()
    dialog = panel.dialog
    assert dialog is not None
    assert dialog.next_review.value() == TODAY + timedelta(days=7)
    keys.type_date(dialog.held_on, date(2026, 11, 18))
    assert dialog.next_review.value() == date(2026, 11, 25)
    keys.type_optional_date(dialog.next_review, date(2026, 12, 10))
    keys.type_date(dialog.held_on, date(2026, 11, 19))
    assert dialog.next_review.value() == date(2026, 12, 10)  # chosen by hand, so it stays
    keys.click(dialog.next_review.clear_button)
    assert dialog.next_review.value() is None
    assert dialog.value().next_review_on is None


def test_a_refused_save_keeps_the_dialog_open(
    panel: ReviewsPanel, qtbot: QtBot, vault: Vault, learner_id: int
) -> None:
    agree_plan(vault, learner_id)
    panel.load(learner_id)
    panel.new_review()
    dialog = panel.dialog
    assert dialog is not None
    keys.type_optional_date(dialog.next_review, TODAY - timedelta(days=3))
    answer_next_box("OK")
    keys.click(dialog.save_button)
    assert dialog.isVisible() and panel.model.rowCount() == 0


def test_escape_asks_before_throwing_typing_away(panel: ReviewsPanel, vault: Vault, learner_id: int) -> None:
    agree_plan(vault, learner_id)
    panel.load(learner_id)
    panel.new_review()
    dialog = panel.dialog
    assert dialog is not None
    keys.type_text(dialog.voice, "Something they said")
    answer_next_box("Keep it")
    dialog.reject()
    assert dialog.isVisible()
    answer_next_box("Throw it away")
    dialog.reject()
    assert panel.dialog is None and panel.model.rowCount() == 0

    panel.new_review()
    assert panel.dialog is not None
    panel.dialog.reject()  # nothing typed: closes without asking
    assert panel.dialog is None


def test_deleting_a_review_asks_first(
    panel: ReviewsPanel, qtbot: QtBot, vault: Vault, learner_id: int
) -> None:
    plan = agree_plan(vault, learner_id)
    panel.load(learner_id)
    panel.new_review()
    assert panel.dialog is not None
    fill_review(panel.dialog, plan)
    keys.click(panel.dialog.save_button)
    panel.table.setFocus()
    answer_next_box("Keep it")
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert panel.model.rowCount() == 1
    answer_next_box("Delete review")
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert panel.model.rowCount() == 0
    assert panel.chart.points() == []
    assert panel.reviews.stack.currentWidget() is panel.reviews.empty


def test_a_review_without_a_plan_still_records_the_voice(panel: ReviewsPanel, learner_id: int) -> None:
    panel.load(learner_id)
    panel.new_review()
    dialog = panel.dialog
    assert dialog is not None
    assert dialog.rows == [] and "no plan" in dialog.version_label.text()
    keys.type_text(dialog.voice, "I want to try the taster.")
    keys.click(dialog.save_button)
    assert panel.model.index(0, 2).data() == "No plan"
    assert panel.model.index(0, 3).data() == "Not rated"


def test_a_read_only_vault_shows_everything_and_changes_nothing(
    panel: ReviewsPanel, vault: Vault, learner_id: int
) -> None:
    plan = agree_plan(vault, learner_id)
    with vault.unit_of_work() as uow:
        plan_reviews.record_review(
            uow,
            learner_id=learner_id,
            review=plan_reviews.ReviewInput(
                held_on=TODAY,
                learner_voice="Fine",
                autonomy=3,
                competence=3,
                relatedness=3,
                progress=(plan_reviews.ProgressInput(Rag.GREEN.value, stage_id=plan.stages[0].id),),
            ),
        )
        uow.commit()
    vault.read_only = True  # as Vault.open sets it for a file that cannot be written
    panel.load(learner_id)
    assert panel.model.rowCount() == 1 and "Fine" in panel.details.toPlainText()
    assert panel.read_only_note.isVisible()
    for widget in (panel.new_button, panel.edit_button, panel.delete_button, panel.cadence):
        assert not widget.isEnabled()
    panel.new_review()
    panel.edit_review()
    assert panel.dialog is None


def test_no_learner_shows_nothing(panel: ReviewsPanel, vault: Vault, learner_id: int) -> None:
    agree_plan(vault, learner_id)
    panel.load(learner_id)
    panel.load(None)
    assert panel.model.rowCount() == 0 and panel.schedule_label.text() == ""
    assert not panel.new_button.isEnabled()
