"""Dates checked against what they belong to, through the dialogs with keys: a review held before its plan
was agreed is asked about (going back is the default), one "held" after today is refused under the field,
a contact is not logged ahead, and a first day at the new setting before leaving the old one is asked about.
The services refuse what cannot be so whoever calls them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from tests.support import builders, keys
from tutordesk.domain.mentoring_rules import Boundaries
from tutordesk.errors import BadInput
from tutordesk.services.mentoring import contacts as mentoring_contacts
from tutordesk.services.mentoring.contacts import ContactInput
from tutordesk.services.plans import reviews as plan_reviews
from tutordesk.services.plans.reviews import ReviewInput
from tutordesk.services.transitions.moves import TransitionInput
from tutordesk.ui.mentoring.contact_dialog import ContactDialog
from tutordesk.ui.plans.reviews_panel import ReviewsPanel
from tutordesk.ui.transitions.move_dialogs import TransitionDialog
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 20)
AGREED = date(2026, 10, 1)


def on_next_box(act: Callable[[QMessageBox], None], seen: list[str]) -> None:
    """Once the next message box is up, keep its words and `act` on it."""

    def look() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            seen.append(f"{box.text()} {box.informativeText()}")
            act(box)
            return
        QTimer.singleShot(10, look)

    QTimer.singleShot(0, look)


def press_return(box: QMessageBox) -> None:
    QTest.keyClick(box, Qt.Key.Key_Return)


def click_save_anyway(box: QMessageBox) -> None:
    keys.click(next(b for b in box.buttons() if b.text() == "Save it anyway"))


@pytest.fixture
def learner_id(vault: Vault) -> int:
    learner = builders.add_learner(vault, started_on=date(2025, 9, 1))
    builders.add_plan(vault, learner, agreed_on=AGREED)
    return learner


@pytest.fixture
def panel(qtbot: QtBot, vault: Vault, learner_id: int) -> Iterator[ReviewsPanel]:
    shown = ReviewsPanel(PanelContext(vault=lambda: vault, today=lambda: TODAY))
    qtbot.addWidget(shown)
    shown.resize(1280, 700)
    with qtbot.waitExposed(shown):
        shown.show()
    shown.load(learner_id)
    yield shown
    if shown.dialog is not None:
        shown.dialog.done(0)


def _saved_reviews(vault: Vault, learner_id: int) -> list[date]:
    with vault.unit_of_work() as uow:
        return [review.held_on for review in plan_reviews.list_reviews(uow, learner_id=learner_id)]


def _ctrl_enter(widget: object) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    QTest.keyClick(focused, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_a_review_before_the_plan_was_agreed_is_asked_about(
    panel: ReviewsPanel, vault: Vault, learner_id: int
) -> None:
    panel.new_review()
    dialog = panel.dialog
    assert dialog is not None
    keys.type_date(dialog.held_on, "01/10/2025")  # a year before the plan was agreed: a slip of the year
    seen: list[str] = []
    on_next_box(press_return, seen)  # Enter takes the default: change the date
    _ctrl_enter(dialog)
    assert (
        seen and "before the plan was agreed (on 1 October 2026)" in seen[0] and "Save it anyway?" in seen[0]
    )
    assert dialog.isVisible() and _saved_reviews(vault, learner_id) == []
    assert dialog.focusWidget() is dialog.held_on.edit  # back at the date to change it

    keys.type_date(dialog.held_on, "01/10/2026")  # put right: saved without a question
    seen.clear()
    _ctrl_enter(dialog)
    assert not seen and _saved_reviews(vault, learner_id) == [AGREED]


def test_a_review_before_the_plan_may_be_saved_when_it_really_was(
    panel: ReviewsPanel, vault: Vault, learner_id: int
) -> None:
    panel.new_review()
    dialog = panel.dialog
    assert dialog is not None
    keys.type_date(dialog.held_on, "30.09.2026")
    seen: list[str] = []
    on_next_box(click_save_anyway, seen)
    _ctrl_enter(dialog)
    assert seen and _saved_reviews(vault, learner_id) == [date(2026, 9, 30)]


def test_a_review_after_today_is_refused_under_the_field(
    panel: ReviewsPanel, vault: Vault, learner_id: int
) -> None:
    panel.new_review()
    dialog = panel.dialog
    assert dialog is not None
    keys.type_date(dialog.held_on, "21/11/2026")
    _ctrl_enter(dialog)
    assert dialog.isVisible() and "not after today" in dialog.held_on.problem.text()
    assert _saved_reviews(vault, learner_id) == []


def test_the_services_refuse_a_review_or_contact_after_today(vault: Vault, learner_id: int) -> None:
    with vault.unit_of_work() as uow, pytest.raises(BadInput, match="after today"):
        plan_reviews.record_review(
            uow, learner_id=learner_id, review=ReviewInput(held_on=TODAY + timedelta(days=1)), today=TODAY
        )
    relationship_id = builders.add_relationship(vault, learner_id, started_on=date(2026, 9, 1))
    with vault.unit_of_work() as uow, pytest.raises(BadInput, match="has happened"):
        mentoring_contacts.log_contact(
            uow,
            relationship_id=relationship_id,
            data=ContactInput(held_on=TODAY + timedelta(days=1)),
            today=TODAY,
        )
    with vault.unit_of_work() as uow:
        mentoring_contacts.log_contact(
            uow, relationship_id=relationship_id, data=ContactInput(held_on=TODAY), today=TODAY
        )


def test_a_contact_ahead_of_today_is_refused_in_the_dialog(qtbot: QtBot) -> None:
    saved: list[ContactInput] = []
    dialog = ContactDialog(
        contact=None,
        today=TODAY,
        now=datetime(2026, 11, 20, 12, 0),
        every_days=14,
        boundaries=Boundaries(),
        on_save=lambda data: saved.append(data) or True,
    )
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    keys.type_date(dialog.held_on, "2026-11-27")
    keys.click(dialog.save_button)
    assert not saved and "not after today" in dialog.held_on.problem.text()
    keys.type_date(dialog.held_on, "19/11/2026")
    keys.click(dialog.save_button)
    assert [data.held_on for data in saved] == [date(2026, 11, 19)]


def test_a_first_day_before_leaving_is_asked_about(qtbot: QtBot) -> None:
    saved: list[TransitionInput] = []
    dialog = TransitionDialog(None, on_save=lambda data: saved.append(data) or True)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    keys.type_text(dialog.receiving, "Riverside College")
    keys.type_date(dialog.leaving_on, "18/12/2026")
    keys.type_date(dialog.starts_on, "14/12/2026")
    seen: list[str] = []
    on_next_box(press_return, seen)
    keys.click(dialog.save_button)
    assert seen and "before the last day at the old one" in seen[0]
    assert not saved and dialog.isVisible()

    on_next_box(click_save_anyway, seen)  # a phased start: it really is so
    keys.click(dialog.save_button)
    assert len(saved) == 1 and saved[0].starts_on == date(2026, 12, 14)
