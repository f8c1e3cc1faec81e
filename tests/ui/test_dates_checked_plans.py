"""More dates checked against what they belong to, through the real dialogs with keys: a goal's deadline or a
stage's target before the plan was started, and a mentoring contact before the mentoring began, are asked
about (going back to the date is the default, "Save it anyway" keeps them); a date left as it was is not
asked about again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.support import builders, keys
from tests.ui.test_dates_checked import click_save_anyway, on_next_box, press_return
from tutordesk.services.mentoring import contacts as mentoring_contacts
from tutordesk.services.mentoring import relationships as mentoring
from tutordesk.services.plans import roadmap as plans
from tutordesk.ui.mentoring.contact_dialog import ContactDialog
from tutordesk.ui.mentoring.contacts import ContactsPanel
from tutordesk.ui.plans.roadmap import RoadmapPanel
from tutordesk.ui.plans.stage_dialog import StageDialog
from tutordesk.ui.widgets.goal_dialog import GoalDialog
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 20)
AGREED = date(2026, 10, 1)
MENTORING_FROM = date(2026, 9, 14)


def _ctrl_enter() -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    QTest.keyClick(focused, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


@pytest.fixture
def learner_id(vault: Vault) -> int:
    return builders.add_learner(vault, started_on=date(2025, 9, 1))


@pytest.fixture
def roadmap(qtbot: QtBot, vault: Vault, learner_id: int) -> RoadmapPanel:
    """The road map of a plan agreed on AGREED, changed: its draft (version 2) open for editing."""
    builders.add_plan(vault, learner_id, agreed_on=AGREED, stages=1)
    with vault.unit_of_work() as uow:
        plans.start_revision(uow, learner_id=learner_id, change_note="New goals")
        uow.commit()
    shown = RoadmapPanel(PanelContext(vault=lambda: vault, today=lambda: TODAY))
    qtbot.addWidget(shown)
    shown.resize(1280, 700)
    with qtbot.waitExposed(shown):
        shown.show()
    shown.load(learner_id)
    assert shown.plan is not None and shown.plan.editable and shown.plan.started_on == AGREED
    return shown


def _stage_targets(vault: Vault, learner_id: int) -> list[date | None]:
    with vault.unit_of_work() as uow:
        plan = plans.load_plan(uow, learner_id=learner_id)
        assert plan is not None
        return [stage.target_on for stage in plan.stages]


def _deadlines(vault: Vault, learner_id: int) -> list[date | None]:
    with vault.unit_of_work() as uow:
        plan = plans.load_plan(uow, learner_id=learner_id)
        assert plan is not None
        return [goal.deadline for goal in plan.goals()]


def test_a_goal_deadline_before_the_plan_was_started_is_asked_about(
    roadmap: RoadmapPanel, vault: Vault, learner_id: int
) -> None:
    keys.click_index(roadmap.stages.tree, roadmap.stages.model.index(0, 0))
    roadmap.stages.add_goal_action.trigger()
    dialog = roadmap.pending_dialog
    assert isinstance(dialog, GoalDialog)
    keys.type_text(dialog.learner_words, "Get to college on time")
    keys.type_date(dialog.deadline, "30/01/2026")  # the year slipped: it meant 2027
    seen: list[str] = []
    on_next_box(press_return, seen)  # Enter takes the default: change the date
    _ctrl_enter()
    assert seen and "The goal's deadline (30 January 2026) is before the plan was started" in seen[0]
    assert "(on 1 October 2026)" in seen[0] and "Save it anyway?" in seen[0]
    assert dialog.isVisible() and len(_deadlines(vault, learner_id)) == 1  # the stage's own goal only
    assert dialog.focusWidget() is dialog.deadline.edit

    keys.type_date(dialog.deadline, "30/01/2027")  # put right: saved without a question
    seen.clear()
    _ctrl_enter()
    assert not seen and not dialog.isVisible()
    assert date(2027, 1, 30) in _deadlines(vault, learner_id)


def test_a_stage_target_before_the_plan_may_be_kept_when_it_really_was_so(
    qtbot: QtBot, roadmap: RoadmapPanel, vault: Vault, learner_id: int
) -> None:
    roadmap.stages.add_stage_action.trigger()
    dialog = roadmap.pending_dialog
    assert isinstance(dialog, StageDialog)
    keys.type_text(dialog.title, "Settle in")
    keys.type_date(dialog.target, "15.09.2026")  # written up from paper after the stage was done
    seen: list[str] = []
    on_next_box(click_save_anyway, seen)
    _ctrl_enter()
    assert seen and "The stage's target date (15 September 2026) is before the plan was started" in seen[0]
    assert date(2026, 9, 15) in _stage_targets(vault, learner_id)

    # Opened again and saved with the date as it was: not asked a second time.
    stage_row = _stage_targets(vault, learner_id).index(date(2026, 9, 15))
    keys.click_index(roadmap.stages.tree, roadmap.stages.model.index(stage_row, 0))
    roadmap.stages.edit_selected()
    again = roadmap.pending_dialog
    assert isinstance(again, StageDialog) and again is not dialog
    keys.type_text(again.title, "Settle in well")
    seen.clear()
    _ctrl_enter()
    assert not seen and not again.isVisible()


@pytest.fixture
def contacts(qtbot: QtBot, vault: Vault, learner_id: int) -> Iterator[ContactsPanel]:
    relationship_id = builders.add_relationship(
        vault, learner_id, started_on=MENTORING_FROM, mentor_name="Sam Okafor"
    )
    with vault.unit_of_work() as uow:
        relationship = mentoring.get_relationship(uow, relationship_id=relationship_id)
    panel = ContactsPanel(PanelContext(vault=lambda: vault, today=lambda: TODAY))
    qtbot.addWidget(panel)
    panel.resize(1200, 900)
    with qtbot.waitExposed(panel):
        panel.show()
    panel.show_relationship(learner_id, relationship)
    yield panel
    if panel.dialog is not None:
        panel.dialog.done(0)


def _contact_days(vault: Vault, panel: ContactsPanel) -> list[date]:
    assert panel.relationship is not None
    with vault.unit_of_work() as uow:
        found = mentoring_contacts.contacts(
            uow, relationship_id=panel.relationship.id, now=datetime(2026, 11, 20)
        )
        return [c.held_on for c in found]


def test_a_contact_before_the_mentoring_began_is_asked_about(contacts: ContactsPanel, vault: Vault) -> None:
    contacts.new_contact()
    dialog = contacts.dialog
    assert isinstance(dialog, ContactDialog)
    keys.type_date(dialog.held_on, "14/09/2025")  # a year early: a slip of the year
    seen: list[str] = []
    on_next_box(press_return, seen)
    keys.click(dialog.save_button)
    assert seen and "before the mentoring began (on 14 September 2026)" in seen[0]
    assert dialog.isVisible() and _contact_days(vault, contacts) == []

    on_next_box(click_save_anyway, seen)  # an introductory meeting before the mentoring was set up
    keys.click(dialog.save_button)
    assert _contact_days(vault, contacts) == [date(2025, 9, 14)]


def test_a_contact_on_the_first_day_is_saved_without_a_question(
    contacts: ContactsPanel, vault: Vault
) -> None:
    contacts.new_contact()
    dialog = contacts.dialog
    assert isinstance(dialog, ContactDialog)
    keys.type_date(dialog.held_on, "14/09/2026")
    keys.click(dialog.save_button)
    assert _contact_days(vault, contacts) == [MENTORING_FROM]
