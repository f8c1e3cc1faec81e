"""Dates typed as people write them, through real key presses: every usual way of writing a day saves that
day, anything else is refused under the field before anything is saved (never read as another day), and
an empty date field is no trap for Tab."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCalendarWidget, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.support import keys
from tutordesk.services.learners import profiles as svc
from tutordesk.ui.learners.profile import LearnerProfileDialog
from tutordesk.ui.mentoring.contact_dialog import AnsweredDialog
from tutordesk.ui.widgets.fields import OptionalDateEdit
from tutordesk.ui.widgets.signature_dialog import SignatureDialog
from tutordesk.vault.vault import Vault

TODAY = date.today()
YEAR = TODAY.year - 16  # a date of birth the profile takes as it is
BORN = date(YEAR, 1, 30)


@pytest.fixture
def profile(qtbot: QtBot, vault: Vault) -> Iterator[LearnerProfileDialog]:
    dialog = LearnerProfileDialog(vault, None)
    qtbot.addWidget(dialog, before_close_func=lambda widget: widget.revert_to_saved())  # type: ignore[attr-defined]
    with qtbot.waitExposed(dialog):
        dialog.show()
    keys.type_text(dialog.details_tab.lines["given_name"], "Wren")
    keys.type_text(dialog.details_tab.lines["family_name"], "Thistlecombe")
    yield dialog


def _saved_births(vault: Vault) -> list[object]:
    with vault.unit_of_work() as uow:
        rows = uow.session.connection().exec_driver_sql("SELECT date_of_birth FROM learner").all()
    return [row[0] for row in rows]


def _ctrl_s(dialog: QWidget) -> None:
    focused = QApplication.focusWidget() or dialog
    keys.QTest.keyClick(focused, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


@pytest.mark.parametrize(
    "typed",
    [f"30/01/{YEAR}", f"30/1/{YEAR}", f"30.01.{YEAR}", f"30-01-{YEAR}", f"{YEAR}-01-30", f"3001{YEAR}",
     f"30 Jan {YEAR}"],
)  # fmt: skip
def test_each_way_of_writing_a_date_saves_that_date(
    vault: Vault, profile: LearnerProfileDialog, typed: str
) -> None:
    born = profile.details_tab.dates["date_of_birth"]
    keys.type_date(born, typed)
    _ctrl_s(profile)
    with vault.unit_of_work() as uow:
        (learner_id,) = [row[0] for row in uow.session.connection().exec_driver_sql("SELECT id FROM learner")]
        assert svc.load_learner(uow, learner_id=learner_id).date_of_birth == BORN
    assert born.edit.text() == f"30/01/{YEAR}"  # read back from the vault, written one way


def test_a_short_date_is_read_day_first(vault: Vault, profile: LearnerProfileDialog) -> None:
    keys.type_date(profile.details_tab.dates["date_of_birth"], f"3/1/{YEAR}")
    _ctrl_s(profile)
    assert [str(day)[:10] for day in _saved_births(vault)] == [f"{YEAR}-01-03"]


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        (f"31/02/{YEAR}", f"February {YEAR} has no day 31"),
        (f"30/12/00001/{YEAR}", "is not a date"),
        (f"30/01/{YEAR % 100:02d}", "four figures"),
        (f"01/13/{YEAR}", "no month 13"),
    ],
)
def test_what_is_not_a_date_is_refused_before_anything_is_saved(
    vault: Vault, profile: LearnerProfileDialog, typed: str, says: str
) -> None:
    born = profile.details_tab.dates["date_of_birth"]
    keys.type_date(born, typed)
    _ctrl_s(profile)
    assert _saved_births(vault) == []  # nothing saved, not even the rest of the form
    assert born.problem.isVisible() and says in born.problem.text()
    assert born.edit.hasFocus() and born.edit.text() == typed  # the mistake is shown where it is

    keys.type_date(born, BORN)  # put right, the problem goes and the save goes through
    assert not born.problem.isVisible()
    _ctrl_s(profile)
    assert [str(day)[:10] for day in _saved_births(vault)] == [BORN.isoformat()]


def test_a_mistyped_date_is_pointed_out_on_leaving_the_field(profile: LearnerProfileDialog) -> None:
    born = profile.details_tab.dates["date_of_birth"]
    keys.type_date(born, f"30/01/{YEAR}0")
    assert not born.problem.isVisible()  # not while typing
    keys.QTest.keyClick(born.edit, Qt.Key.Key_Tab)
    assert born.problem.isVisible() and "four figures" in born.problem.text()


@pytest.fixture
def form(qtbot: QtBot) -> tuple[QWidget, QLineEdit, OptionalDateEdit, QLineEdit]:
    window = QWidget()
    before, after = QLineEdit(), QLineEdit()
    field = OptionalDateEdit()
    layout = QVBoxLayout(window)
    for widget in (before, field, after):
        layout.addWidget(widget)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    return window, before, field, after


def test_tab_and_shift_tab_leave_an_empty_date(
    form: tuple[QWidget, QLineEdit, OptionalDateEdit, QLineEdit],
) -> None:
    _, before, field, after = form
    assert field.value() is None and field.edit.placeholderText() == "Not recorded"
    keys.focus(before)
    keys.QTest.keyClick(before, Qt.Key.Key_Tab)
    assert field.edit.hasFocus()
    keys.QTest.keyClick(field.edit, Qt.Key.Key_Tab)
    assert after.hasFocus()  # Clear is skipped while there is nothing to clear
    keys.QTest.keyClick(after, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert field.edit.hasFocus()
    keys.QTest.keyClick(field.edit, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert before.hasFocus()


def test_clear_is_reached_by_tab_and_pressed_with_space(
    form: tuple[QWidget, QLineEdit, OptionalDateEdit, QLineEdit],
) -> None:
    _, _, field, after = form
    keys.type_date(field, "30/01/2027")
    assert field.value() == date(2027, 1, 30)
    keys.QTest.keyClick(field.edit, Qt.Key.Key_Tab)
    assert field.clear_button.hasFocus()
    keys.QTest.keyClick(field.clear_button, Qt.Key.Key_Space)
    assert field.value() is None and field.edit.hasFocus()
    keys.QTest.keyClick(field.edit, Qt.Key.Key_Tab)
    assert after.hasFocus()


def test_emptying_the_text_means_not_recorded(
    form: tuple[QWidget, QLineEdit, OptionalDateEdit, QLineEdit],
) -> None:
    _, _, field, _ = form
    keys.type_date(field, "30/01/2027")
    keys.type_text(field.edit, "")
    assert field.value() is None and field.problem_text() is None


def test_up_and_down_move_a_day_and_alt_down_opens_the_calendar(
    qtbot: QtBot, form: tuple[QWidget, QLineEdit, OptionalDateEdit, QLineEdit]
) -> None:
    _, _, field, _ = form
    keys.type_date(field, "28/02/2027")
    keys.QTest.keyClick(field.edit, Qt.Key.Key_Up)
    assert field.value() == date(2027, 3, 1)
    keys.QTest.keyClick(field.edit, Qt.Key.Key_Down)
    keys.QTest.keyClick(field.edit, Qt.Key.Key_Down)
    assert field.value() == date(2027, 2, 27)

    keys.QTest.keyClick(field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = field.findChild(QCalendarWidget)
    assert calendar is not None
    qtbot.waitUntil(calendar.isVisible)
    keys.QTest.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Right)
    keys.QTest.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Return)
    assert field.value() == date(2027, 2, 28) and field.edit.text() == "28/02/2027"


def test_a_required_date_typed_with_slashes_keeps_its_month(qtbot: QtBot) -> None:
    # The date edit this replaced read "03/09/2026" as 3 November: the slash skipped the month.
    dialog = SignatureDialog("learner", "The learner", "Wren Thistlecombe", date(2026, 11, 20))
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    keys.type_date(dialog.signed_on, "03/09/2026")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.signature().signed_on == date(2026, 9, 3)


def test_a_required_date_left_empty_or_in_the_future_is_refused(qtbot: QtBot) -> None:
    today = date(2026, 11, 20)
    dialog = SignatureDialog("learner", "The learner", "Wren Thistlecombe", today)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    keys.type_date(dialog.signed_on, "")
    dialog.accept()
    assert dialog.isVisible() and "Type a date" in dialog.signed_on.problem.text()
    keys.type_date(dialog.signed_on, today + timedelta(days=1))
    dialog.accept()
    assert dialog.isVisible() and "not after today" in dialog.signed_on.problem.text()


def test_a_day_and_time_are_typed_with_a_slash_and_a_colon_and_a_wrong_time_is_refused(qtbot: QtBot) -> None:
    saved: list[datetime] = []
    dialog = AnsweredDialog(
        now=datetime(2026, 11, 20, 12, 0), what="A message", on_save=lambda at: saved.append(at) or True
    )
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    keys.type_date(dialog.answered_at.day, "18/11/2026")
    keys.type_text(dialog.answered_at.time, "25:00")
    keys.click(dialog.save_button)
    assert not saved and "like 16:30" in dialog.answered_at.problem.text()
    keys.type_text(dialog.answered_at.time, "08:15")
    keys.click(dialog.save_button)
    assert saved == [datetime(2026, 11, 18, 8, 15)]
