"""The Mentoring tab's Phases, Contacts, Targets and Supervision panels driven as a mentor would: tick and
untick the checklists, reflect on trust, log contacts with actions and gentle boundary flags, keep SMART
targets and self-assessments, and write supervision notes that are pseudonymised before they are kept."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QMainWindow, QMessageBox, QPushButton
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlmodel import select

from tests.support import builders, keys
from tutordesk.demo.caseload import fill_demo
from tutordesk.domain.mentoring_enums import (
    AssessmentPoint,
    ContactChannel,
    InitiatedBy,
    Phase,
    RelationshipMode,
    SupervisionKind,
)
from tutordesk.domain.models import Learner
from tutordesk.services.mentoring import contacts as mentoring_contacts
from tutordesk.services.mentoring import progress as mentoring_progress
from tutordesk.services.mentoring import relationships as mentoring
from tutordesk.services.mentoring.relationships import (
    ClosureInput,
    RelationshipView,
    TermsInput,
)
from tutordesk.ui.mentoring.contact_dialog import AnsweredDialog, ContactDialog
from tutordesk.ui.mentoring.contacts import ContactsPanel
from tutordesk.ui.mentoring.panel import RelationshipPanel
from tutordesk.ui.mentoring.phase_dialog import PhaseRecordDialog, ReflectionHistoryDialog
from tutordesk.ui.mentoring.phases import PhasesPanel
from tutordesk.ui.mentoring.supervision import SupervisionPanel
from tutordesk.ui.mentoring.supervision_dialog import SupervisionDialog, kept_text
from tutordesk.ui.mentoring.target_dialog import AssessmentDialog, TargetDialog
from tutordesk.ui.mentoring.targets import TargetsPanel
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 20)  # a Friday
STARTED = date(2026, 9, 1)
P = TypeVar("P", bound=RelationshipPanel)


def add_learner(vault: Vault, given: str = "Zoë", family: str = "Ångström") -> int:
    return builders.add_learner(vault, given, family, started_on=STARTED)


def start_relationship(vault: Vault, learner_id: int, **changes: object) -> RelationshipView:
    relationship_id = builders.add_relationship(
        vault, learner_id, started_on=STARTED, mentor_name="Sam Okafor", **changes
    )
    with vault.unit_of_work() as uow:
        return mentoring.get_relationship(uow, relationship_id=relationship_id)


def reread(vault: Vault, relationship: RelationshipView) -> RelationshipView:
    with vault.unit_of_work() as uow:
        return mentoring.get_relationship(uow, relationship_id=relationship.id)


@pytest.fixture
def learner_id(vault: Vault) -> int:
    return add_learner(vault)


@pytest.fixture
def relationship(vault: Vault, learner_id: int) -> RelationshipView:
    return start_relationship(vault, learner_id)


@pytest.fixture
def make(qtbot: QtBot, vault: Vault) -> Iterator[Callable[[type[P]], P]]:
    """Build a panel over the test vault, shown, with today fixed."""
    made: list[RelationshipPanel] = []

    def build(kind: type[P]) -> P:
        panel = kind(PanelContext(vault=lambda: vault, today=lambda: TODAY))
        qtbot.addWidget(panel)
        panel.resize(1200, 900)
        panel.show()
        made.append(panel)
        return panel

    yield build
    for panel in made:
        dialog = getattr(panel, "dialog", None)
        if dialog is not None:
            dialog.done(0)


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


def choose(combo: object, value: object) -> None:
    keys.pick_data(combo, value)  # type: ignore[arg-type]


# --- phases ------------------------------------------------------------------------------------------------


def phase_records(
    vault: Vault, relationship: RelationshipView, phase: Phase
) -> dict[str, list[tuple[date, str]]]:
    with vault.unit_of_work() as uow:
        view = mentoring.phase_views(uow, relationship_id=relationship.id)[phase.number - 1]
        return {s.item.id: [(r.done_on, r.note) for r in s.records] for s in view.items if s.records}


def test_ticking_phase_one_records_today_and_shows_progress(
    make: Callable[[type[PhasesPanel]], PhasesPanel],
    vault: Vault,
    learner_id: int,
    relationship: RelationshipView,
) -> None:
    panel = make(PhasesPanel)
    assert panel.empty.isVisible()
    panel.show_relationship(learner_id, relationship)
    progress = panel.findChild(QLabel, "progress_1")
    assert progress.text() == "0 of 8 done"
    assert panel.findChild(QLabel, "current_1").isVisible()
    assert not panel.findChild(QLabel, "current_2").isVisible()
    # Started on 1 September with six weeks to set up: by 20 November it is gently overdue.
    assert panel.setup_note.isVisible() and "13 October 2026" in panel.setup_note.text()
    assert "overlap" in panel.findChild(QLabel, "phases_intro").text()

    for item_id in ("matched_and_trained", "agreement_signed"):
        panel.findChild(QCheckBox, f"item_1_{item_id}").click()
    assert progress.text() == "2 of 8 done"
    assert panel.findChild(QLabel, "status_1_agreement_signed").text() == "done 20 Nov"
    assert phase_records(vault, relationship, Phase.PREPARATION) == {
        "matched_and_trained": [(TODAY, "")],
        "agreement_signed": [(TODAY, "")],
    }
    assert panel.findChild(QCheckBox, "item_1_agreement_signed").toolTip()  # the item's help

    # The date and a note can be changed afterwards.
    keys.click(panel.findChild(QPushButton, "details_1_agreement_signed"))
    dialog = panel.dialog
    assert isinstance(dialog, PhaseRecordDialog) and dialog.isVisible()
    assert dialog.done_on.value() == TODAY
    keys.type_date(dialog.done_on, date(2026, 9, 3))
    keys.type_text(dialog.note, "Signed at the second meeting")
    keys.click(dialog.save_button)
    assert panel.dialog is None
    assert panel.findChild(QLabel, "status_1_agreement_signed").text() == "done 3 Sep"
    assert phase_records(vault, relationship, Phase.PREPARATION)["agreement_signed"] == [
        (date(2026, 9, 3), "Signed at the second meeting")
    ]


def test_unticking_asks_nothing_and_undo_puts_the_date_and_note_back(
    make: Callable[[type[PhasesPanel]], PhasesPanel],
    qtbot: QtBot,
    vault: Vault,
    learner_id: int,
    relationship: RelationshipView,
) -> None:
    with vault.unit_of_work() as uow:
        mentoring.tick_item(
            uow,
            relationship_id=relationship.id,
            phase="1",
            item_id="mind_map",
            done_on=date(2026, 9, 10),
            note="Drawn together",
        )
        uow.commit()
    panel = make(PhasesPanel)
    panel.show_relationship(learner_id, relationship)
    box = panel.findChild(QCheckBox, "item_1_mind_map")
    assert box.isChecked() and panel.findChild(QLabel, "status_1_mind_map").text() == "done 10 Sep"

    keys.click(box)
    assert not box.isChecked()
    assert "mind_map" not in phase_records(vault, relationship, Phase.PREPARATION)
    assert panel.undo_bar.isVisible() and "Unticked “Starting point" in panel.undo_bar.text.text()

    keys.click(panel.undo_bar.button)
    assert box.isChecked() and not panel.undo_bar.isVisible()
    assert phase_records(vault, relationship, Phase.PREPARATION)["mind_map"] == [
        (date(2026, 9, 10), "Drawn together")
    ]

    keys.click(box)  # and again, this time with Ctrl+Z
    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert box.isChecked()
    assert phase_records(vault, relationship, Phase.PREPARATION)["mind_map"] == [
        (date(2026, 9, 10), "Drawn together")
    ]


def test_a_reflection_on_a_trust_quality_is_counted_and_can_be_removed(
    make: Callable[[type[PhasesPanel]], PhasesPanel],
    vault: Vault,
    learner_id: int,
    relationship: RelationshipView,
) -> None:
    panel = make(PhasesPanel)
    panel.show_relationship(learner_id, relationship)
    assert panel.findChild(QCheckBox, "item_3_honesty") is None  # qualities are not ticked off
    status = panel.findChild(QLabel, "status_3_honesty")
    assert status.text() == "Not reflected on yet"
    assert not panel.findChild(QPushButton, "history_honesty").isEnabled()

    keys.click(panel.findChild(QPushButton, "reflect_honesty"))
    dialog = panel.dialog
    assert isinstance(dialog, PhaseRecordDialog)
    keys.type_text(dialog.note, "Told them the college plan might not work out, and why")
    keys.click(dialog.save_button)
    assert (
        status.text()
        == "1 reflection · latest 20 Nov: “Told them the college plan might not work out, and why”"
    )
    assert panel.findChild(QLabel, "progress_3").text().startswith("1 reflection so far")
    assert phase_records(vault, relationship, Phase.TRUST)["honesty"] == [
        (TODAY, "Told them the college plan might not work out, and why")
    ]

    keys.click(panel.findChild(QPushButton, "history_honesty"))
    history = panel.dialog
    assert isinstance(history, ReflectionHistoryDialog) and history.model.rowCount() == 1
    answer_next_box("Remove")
    keys.click(history.remove_button)
    assert history.model.rowCount() == 0
    assert status.text() == "Not reflected on yet"
    assert phase_records(vault, relationship, Phase.TRUST) == {}


# --- contacts ----------------------------------------------------------------------------------------------


def agree_office_hours(vault: Vault, relationship: RelationshipView) -> None:
    """Weekdays 09:00 to 17:00; the mentor answers the young person's messages within a day."""
    terms = TermsInput(
        allowed_days=("mon", "tue", "wed", "thu", "fri"),
        hours_from="09:00",
        hours_to="17:00",
        mentor_reply_hours=24,
        learner_reply_hours=48,
    )
    with vault.unit_of_work() as uow:
        mentoring.save_terms(uow, relationship_id=relationship.id, terms=terms)
        uow.commit()


def row_texts(panel: ContactsPanel, row: int = 0) -> list[str]:
    return [panel.model.index(row, column).data() for column in range(panel.model.columnCount())]


def test_a_contact_logged_through_the_dialog_with_an_action(
    make: Callable[[type[ContactsPanel]], ContactsPanel],
    qtbot: QtBot,
    vault: Vault,
    learner_id: int,
    relationship: RelationshipView,
    qtmodeltester: ModelTester,
) -> None:
    panel = make(ContactsPanel)
    panel.show_relationship(learner_id, relationship)
    assert panel.section.stack.currentWidget() is panel.section.empty
    assert "Log the first one with “Log contact…”" in panel.section.empty.text()

    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = panel.dialog
    assert isinstance(dialog, ContactDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "Log a contact"
    assert dialog.held_on.value() == TODAY
    assert dialog.next_on.value() == TODAY + timedelta(days=14)  # the relationship's check-in interval
    keys.type_date(dialog.held_on, TODAY - timedelta(days=1))
    assert dialog.next_on.value() == TODAY + timedelta(days=13)  # follows the date until chosen
    keys.type_text(dialog.start_time, "16:30")
    choose(dialog.channel, ContactChannel.FACE_TO_FACE.value)
    keys.type_number(dialog.duration, 45)
    keys.type_text(dialog.topics, "The taster day at the college\nand how to get there by bus")
    keys.click(dialog.actions.add_button)
    row = dialog.actions.rows[0]
    keys.type_text(row.action, "Ask about the taster day")
    keys.pick(row.owner, "Young person")
    keys.type_optional_date(row.due, TODAY + timedelta(days=7))
    assert not dialog.flags.isVisible()  # no boundaries agreed, nothing to note
    with qtbot.waitSignal(panel.changed):
        keys.click(dialog.save_button)
    assert panel.dialog is None

    qtmodeltester.check(panel.model)
    assert row_texts(panel) == [
        "19 Nov 2026",
        "16:30",
        "Face to face",
        "Mentor",
        "45 min",
        "The taster day at the college",
        "1 open of 1",
        "",
    ]
    with vault.unit_of_work() as uow:
        (saved,) = mentoring_contacts.contacts(
            uow, relationship_id=relationship.id, now=datetime(2026, 11, 20, 12, 0)
        )
    assert saved.next_on == TODAY + timedelta(days=13) and saved.duration_minutes == 45
    assert [(a.action, a.owner, a.due_on, a.done_on) for a in saved.actions] == [
        ("Ask about the taster day", "Young person", TODAY + timedelta(days=7), None)
    ]

    # The action is ticked off from the panel, with today's date.
    check = panel.action_checks[saved.actions[0].id]
    assert check.text() == "Ask about the taster day — Young person, by 27 Nov"
    keys.click(check)
    assert panel.action_checks[saved.actions[0].id].text().endswith("(done 20 Nov)")
    assert row_texts(panel)[6] == "0 open of 1"
    with vault.unit_of_work() as uow:
        (saved,) = mentoring_contacts.contacts(
            uow, relationship_id=relationship.id, now=datetime(2026, 11, 20, 12, 0)
        )
    assert saved.actions[0].done_on == TODAY

    # Enter edits it; the dialog shows what was saved.
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    dialog = panel.dialog
    assert isinstance(dialog, ContactDialog) and dialog.windowTitle() == "Edit a contact"
    assert (
        dialog.start_time.text() == "16:30" and dialog.actions.rows[0].owner.currentText() == "Young person"
    )
    keys.type_number(dialog.duration, 50)
    keys.click(dialog.save_button)
    assert row_texts(panel)[4] == "50 min" and row_texts(panel)[6] == "0 open of 1"  # done stays done


def test_ctrl_n_in_the_panel_logs_a_contact_rather_than_the_window_shortcut(
    qtbot: QtBot, vault: Vault, learner_id: int, relationship: RelationshipView
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    new_learner = QAction("New learner", window)
    new_learner.setShortcut(QKeySequence.StandardKey.New)  # as the main window's File menu has it
    window.addAction(new_learner)
    pressed: list[bool] = []
    new_learner.triggered.connect(lambda: pressed.append(True))
    panel = ContactsPanel(PanelContext(vault=lambda: vault, today=lambda: TODAY))
    window.setCentralWidget(panel)
    window.show()
    panel.show_relationship(learner_id, relationship)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(panel.dialog, ContactDialog) and pressed == []
    panel.dialog.done(0)


def test_mistakes_are_said_in_the_dialog_and_nothing_is_saved(
    make: Callable[[type[ContactsPanel]], ContactsPanel], learner_id: int, relationship: RelationshipView
) -> None:
    panel = make(ContactsPanel)
    panel.show_relationship(learner_id, relationship)
    panel.new_contact()
    dialog = panel.dialog
    assert isinstance(dialog, ContactDialog)
    keys.type_text(dialog.start_time, "25:99")
    keys.click(dialog.save_button)
    assert dialog.isVisible() and dialog.problem.isVisible()
    assert "like 16:30" in dialog.problem.text()
    keys.type_text(dialog.start_time, "10:00")
    assert not dialog.problem.isVisible()  # put right, the problem goes
    keys.type_optional_date(dialog.next_on, TODAY - timedelta(days=2))
    keys.click(dialog.save_button)
    assert dialog.isVisible() and "before this one" in dialog.problem.text()
    assert panel.model.rowCount() == 0


def test_a_late_evening_message_is_flagged_gently_until_answered(
    make: Callable[[type[ContactsPanel]], ContactsPanel],
    vault: Vault,
    learner_id: int,
    relationship: RelationshipView,
) -> None:
    agree_office_hours(vault, relationship)
    panel = make(ContactsPanel)
    panel.show_relationship(learner_id, relationship)
    panel.new_contact()
    dialog = panel.dialog
    assert isinstance(dialog, ContactDialog)
    assert not dialog.answered_row.isVisible()  # only a message or an email waits for an answer
    keys.type_date(dialog.held_on, date(2026, 11, 17))  # a Tuesday
    choose(dialog.channel, ContactChannel.MESSAGING.value)
    choose(dialog.initiated_by, InitiatedBy.LEARNER.value)
    assert dialog.answered_row.isVisible() and not dialog.answered.isChecked()
    keys.type_text(dialog.start_time, "21:30")
    assert dialog.flags.isVisible() and "21:30 is outside the agreed hours" in dialog.flags.text()
    keys.type_text(dialog.topics, "Worried about tomorrow")
    keys.click(dialog.save_button)  # a note never blocks saving
    assert panel.dialog is None and panel.model.rowCount() == 1

    marker = panel.model.index(0, 7)
    assert marker.data() == "● 2"  # outside the hours, and not answered within the day agreed
    tip = marker.data(Qt.ItemDataRole.ToolTipRole)
    assert "21:30 is outside the agreed hours" in tip and "Awaiting a reply, due by 18 Nov 2026, 21:30" in tip
    assert marker.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#8a5a00"  # amber, not red
    panel.table.selectRow(0)
    details = panel.details.toPlainText()
    assert (
        "21:30 is outside the agreed hours" in details
        and "Awaiting a reply, due by 18 Nov 2026, 21:30" in details
    )

    assert panel.answered_button.isEnabled()
    keys.click(panel.answered_button)
    answered = panel.dialog
    assert isinstance(answered, AnsweredDialog)
    assert answered.value().date() == TODAY  # now, by default
    keys.type_date(answered.answered_at, datetime(2026, 11, 18, 8, 15))
    keys.click(answered.save_button)
    assert (
        "Awaiting" not in panel.details.toPlainText()
        and "Answered 18 Nov 2026, 08:15" in panel.details.toPlainText()
    )
    assert "Awaiting" not in (panel.model.index(0, 7).data(Qt.ItemDataRole.ToolTipRole) or "")
    assert not panel.answered_button.isEnabled()
    with vault.unit_of_work() as uow:
        (saved,) = mentoring_contacts.contacts(
            uow, relationship_id=relationship.id, now=datetime(2026, 11, 20, 12, 0)
        )
    assert saved.answered_at == datetime(2026, 11, 18, 8, 15) and not saved.awaiting_reply


def test_deleting_a_contact_asks_first(
    make: Callable[[type[ContactsPanel]], ContactsPanel],
    vault: Vault,
    learner_id: int,
    relationship: RelationshipView,
) -> None:
    with vault.unit_of_work() as uow:
        mentoring_contacts.log_contact(
            uow, relationship_id=relationship.id, data=mentoring_contacts.ContactInput(held_on=TODAY)
        )
        uow.commit()
    panel = make(ContactsPanel)
    panel.show_relationship(learner_id, relationship)
    panel.table.selectRow(0)
    answer_next_box("Keep it")
    keys.click(panel.delete_button)
    assert panel.model.rowCount() == 1
    answer_next_box("Delete contact")
    keys.click(panel.delete_button)
    assert panel.model.rowCount() == 0


# --- targets and self-assessment ---------------------------------------------------------------------------


def test_targets_show_their_smart_letters_and_a_removal_can_be_undone(
    make: Callable[[type[TargetsPanel]], TargetsPanel],
    qtbot: QtBot,
    vault: Vault,
    learner_id: int,
    relationship: RelationshipView,
    qtmodeltester: ModelTester,
) -> None:
    panel = make(TargetsPanel)
    panel.show_relationship(learner_id, relationship)
    assert panel.targets.stack.currentWidget() is panel.targets.empty
    assert panel.mode_note.text().startswith("Mentoring: targets can grow")

    keys.click(panel.targets.add_button)
    dialog = panel.dialog
    assert isinstance(dialog, TargetDialog) and dialog.windowTitle() == "Add a target"
    keys.type_text(dialog.learner_words, "Be more confident")
    assert "·" in dialog.report().letters  # the live check advises while typing
    dialog.accept()  # advice only: it saves as it is
    assert panel.dialog is None

    keys.click(panel.targets.add_button)
    dialog = panel.dialog
    assert isinstance(dialog, TargetDialog)
    keys.type_text(dialog.learner_words, "Get to college by 9:15 on four days out of five")
    keys.type_text(dialog.professional, "Arrive by 9:15 on at least 4 of 5 days each week")
    keys.type_text(dialog.measure, "Register marks each Friday")
    keys.type_optional_date(dialog.deadline, TODAY + timedelta(days=60))
    assert dialog.report().ok and "This target is clear" in dialog.smart_details.text()
    dialog.accept()

    qtmodeltester.check(panel.targets.model)
    smart = [panel.targets.model.index(row, 4) for row in range(2)]
    vague, good = smart
    assert "·" in vague.data()
    assert "Some things to think about" in vague.data(Qt.ItemDataRole.ToolTipRole)
    assert good.data() == "S M A R T"
    assert "clear" in good.data(Qt.ItemDataRole.ToolTipRole)
    assert panel.targets.model.index(1, 2).data() == "19 Jan 2027"
    assert panel.targets.model.index(1, 3).data() == "Not started"

    # Removing asks nothing and offers Undo, which puts the target back.
    panel.targets.view.selectRow(0)
    keys.click(panel.targets.delete_button)
    assert panel.targets.model.rowCount() == 1
    assert panel.undo_bar.isVisible() and "Be more confident" in panel.undo_bar.text.text()
    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    panel.targets.view.setFocus()
    qtbot.keyClick(panel.targets.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.targets.model.rowCount() == 2 and not panel.undo_bar.isVisible()
    with vault.unit_of_work() as uow:
        words = sorted(
            t.learner_words
            for t in mentoring_progress.targets(uow, relationship_id=relationship.id, today=TODAY)
        )
    assert words == ["Be more confident", "Get to college by 9:15 on four days out of five"]


def test_coaching_says_targets_are_fixed_at_the_start(
    make: Callable[[type[TargetsPanel]], TargetsPanel], vault: Vault, learner_id: int
) -> None:
    coaching = start_relationship(vault, learner_id, mode=RelationshipMode.COACHING.value)
    panel = make(TargetsPanel)
    panel.show_relationship(learner_id, coaching)
    assert (
        "agreed at the start" in panel.mode_note.text() and "ends when they are met" in panel.mode_note.text()
    )
    panel.new_target()
    assert (
        isinstance(panel.dialog, TargetDialog) and "ends when they are met" in panel.dialog.stage_note.text()
    )


def test_self_assessments_compare_the_start_with_an_evaluation(
    make: Callable[[type[TargetsPanel]], TargetsPanel],
    vault: Vault,
    learner_id: int,
    relationship: RelationshipView,
) -> None:
    panel = make(TargetsPanel)
    panel.show_relationship(learner_id, relationship)
    keys.click(panel.assessments.add_button)
    dialog = panel.dialog
    assert isinstance(dialog, AssessmentDialog)
    assert dialog.point.currentData() == AssessmentPoint.START.value  # the first one is the start
    assert "never printed" in dialog.findChild(QLabel, "private_hint").text()
    keys.type_date(dialog.assessed_on, date(2026, 9, 8))
    choose(dialog.confidence, 2)
    choose(dialog.progress, 1)
    keys.type_text(dialog.strengths, "Good with people")
    keys.type_text(dialog.to_work_on, "Getting up in the morning")
    keys.type_text(dialog.note, "Quiet, looked at the floor a lot")
    keys.click(dialog.save_button)
    assert "The starting point" in panel.comparison.toPlainText()

    keys.click(panel.assessments.add_button)
    dialog = panel.dialog
    assert isinstance(dialog, AssessmentDialog)
    assert dialog.point.currentData() == AssessmentPoint.EVALUATION.value
    choose(dialog.confidence, 4)
    choose(dialog.progress, 3)
    keys.type_text(dialog.strengths, "Good with people, and at fixing bikes")
    keys.click(dialog.save_button)

    assert [panel.assessments.model.index(row, 1).data() for row in range(2)] == [
        "At the start",
        "Evaluation point",
    ]
    assert panel.assessments.model.index(1, 2).data() == "4 of 5"
    text = panel.comparison.toPlainText()
    assert "Confidence 2 → 4" in " ".join(text.split()) and "Progress 1 → 3" in " ".join(text.split())
    assert "Good with people" in text and "fixing bikes" in text and "Getting up in the morning" in text
    with vault.unit_of_work() as uow:
        saved = mentoring_progress.assessments(uow, relationship_id=relationship.id)
    assert [(a.point, a.confidence, a.progress) for a in saved] == [("start", 2, 1), ("evaluation", 4, 3)]
    assert saved[0].note == "Quiet, looked at the floor a lot"


# --- supervision -------------------------------------------------------------------------------------------


def test_supervision_notes_are_pseudonymised_as_previewed(
    make: Callable[[type[SupervisionPanel]], SupervisionPanel],
    vault: Vault,
    learner_id: int,
    relationship: RelationshipView,
) -> None:
    with vault.unit_of_work() as uow:
        fill_demo(uow, learners=3, diaries=False, seed=7, today=TODAY)
        uow.commit()
        demo = uow.session.exec(select(Learner).where(Learner.id != learner_id)).first()
        assert demo is not None
        demo_name = f"{demo.given_name} {demo.family_name}"
    panel = make(SupervisionPanel)
    panel.show_relationship(learner_id, relationship)
    assert "replaced with Learner A" in panel.findChild(QLabel, "supervision_intro").text()
    keys.click(panel.section.add_button)
    dialog = panel.dialog
    assert isinstance(dialog, SupervisionDialog) and dialog.windowTitle() == "New supervision session"
    assert dialog.pseudonymise.isChecked()  # recommended, so ticked to begin with
    choose(dialog.kind, SupervisionKind.ONE_TO_ONE.value)
    keys.type_text(dialog.supervisor, "Priya (team lead)")
    keys.type_text(dialog.cases, f"Zoë Ångström has missed mornings; {demo_name} and Zoë walk in together.")
    keys.type_text(dialog.reflections, "I rushed Zoë.")
    keys.click(dialog.preview_button)
    previewed = dialog.preview_text.toPlainText()
    assert dialog.preview_text.isVisible() and dialog.preview_text.isReadOnly()
    assert "Learner A has missed mornings; Learner B and Learner A walk in together." in previewed
    assert "Zoë" not in previewed and demo_name not in previewed
    keys.click(dialog.save_button)

    with vault.unit_of_work() as uow:
        (kept,) = mentoring_progress.supervision_sessions(uow, relationship_id=relationship.id)
    assert kept.cases == "Learner A has missed mornings; Learner B and Learner A walk in together."
    assert kept.reflections == "I rushed Learner A."
    assert kept_text(kept) == previewed  # what was saved is what the preview showed
    assert "Zoë" not in panel.details.toPlainText() and "Priya (team lead)" in panel.details.toPlainText()
    assert [panel.model.index(0, c).data() for c in range(3)] == [
        "20 Nov 2026",
        "One-to-one supervision",
        "Priya (team lead)",
    ]

    # With the box unticked, the text is kept as typed.
    keys.click(panel.section.add_button)
    dialog = panel.dialog
    assert isinstance(dialog, SupervisionDialog)
    keys.type_date(dialog.held_on, date(2026, 11, 13))
    keys.type_text(dialog.cases, "Talked about Zoë's timetable")
    keys.tick(dialog.pseudonymise, False)
    keys.click(dialog.preview_button)
    assert "Talked about Zoë's timetable" in dialog.preview_text.toPlainText()
    keys.click(dialog.save_button)
    with vault.unit_of_work() as uow:
        older = mentoring_progress.supervision_sessions(uow, relationship_id=relationship.id)[1]
    assert older.cases == "Talked about Zoë's timetable"
    assert panel.model.index(1, 0).data() == "13 Nov 2026"  # newest first


# --- closed relationships ----------------------------------------------------------------------------------


def test_a_closed_relationship_is_shown_but_not_changed(
    make: Callable[[type[RelationshipPanel]], RelationshipPanel],
    qtbot: QtBot,
    vault: Vault,
    learner_id: int,
    relationship: RelationshipView,
) -> None:
    with vault.unit_of_work() as uow:
        mentoring.tick_item(
            uow, relationship_id=relationship.id, phase="1", item_id="mind_map", done_on=date(2026, 9, 10)
        )
        mentoring.tick_item(
            uow,
            relationship_id=relationship.id,
            phase="3",
            item_id="honesty",
            done_on=date(2026, 10, 1),
            note="A hard talk",
        )
        meeting_id = mentoring_contacts.log_contact(
            uow,
            relationship_id=relationship.id,
            data=mentoring_contacts.ContactInput(
                held_on=TODAY,
                channel=ContactChannel.EMAIL.value,
                actions=(mentoring_contacts.ActionInput("Send the form"),),
            ),
        )
        mentoring_progress.save_target(
            uow, relationship_id=relationship.id, data=mentoring_progress.TargetInput("Pass maths")
        )
        mentoring_progress.save_assessment(
            uow, relationship_id=relationship.id, data=mentoring_progress.AssessmentInput(STARTED)
        )
        mentoring_progress.save_supervision(
            uow, relationship_id=relationship.id, data=mentoring_progress.SupervisionInput(TODAY)
        )
        mentoring.close_relationship(
            uow, relationship_id=relationship.id, closure=ClosureInput(closed_on=TODAY)
        )
        uow.commit()
    closed = reread(vault, relationship)
    assert not closed.active and meeting_id

    phases = make(PhasesPanel)
    phases.show_relationship(learner_id, closed)
    assert phases.findChild(QCheckBox, "item_1_mind_map").isChecked()
    assert not phases.findChild(QCheckBox, "item_1_mind_map").isEnabled()
    assert not phases.findChild(QPushButton, "details_1_mind_map").isEnabled()
    assert not phases.findChild(QPushButton, "reflect_honesty").isEnabled()
    assert phases.findChild(QPushButton, "history_honesty").isEnabled()  # reading is fine
    keys.click(phases.findChild(QPushButton, "history_honesty"))
    assert isinstance(phases.dialog, ReflectionHistoryDialog) and not phases.dialog.remove_button.isEnabled()

    contacts = make(ContactsPanel)
    contacts.show_relationship(learner_id, closed)
    contacts.table.selectRow(0)
    for button in (
        contacts.new_button,
        contacts.edit_button,
        contacts.delete_button,
        contacts.answered_button,
    ):
        assert not button.isEnabled()
    assert all(not check.isEnabled() for check in contacts.action_checks.values())
    contacts.new_contact()
    assert contacts.dialog is None

    targets = make(TargetsPanel)
    targets.show_relationship(learner_id, closed)
    targets.targets.view.selectRow(0)
    targets.assessments.view.selectRow(0)
    for section in (targets.targets, targets.assessments):
        assert not section.add_button.isEnabled() and not section.edit_button.isEnabled()
        assert not section.delete_button.isEnabled()

    supervision = make(SupervisionPanel)
    supervision.show_relationship(learner_id, closed)
    supervision.table.selectRow(0)
    assert not supervision.section.add_button.isEnabled() and not supervision.section.edit_button.isEnabled()
    assert supervision.details.toPlainText()  # still readable

    # Reopened, everything can be changed again.
    with vault.unit_of_work() as uow:
        mentoring.reopen_relationship(uow, relationship_id=relationship.id)
        uow.commit()
    contacts.show_relationship(learner_id, reread(vault, relationship))
    assert contacts.new_button.isEnabled()


def test_no_relationship_shows_what_to_do(
    make: Callable[[type[RelationshipPanel]], RelationshipPanel], learner_id: int
) -> None:
    contacts = make(ContactsPanel)
    contacts.show_relationship(learner_id, None)
    assert "Choose a relationship" in contacts.section.empty.text()
    assert not contacts.new_button.isEnabled()
    phases = make(PhasesPanel)
    phases.show_relationship(learner_id, None)
    assert phases.empty.isVisible()
