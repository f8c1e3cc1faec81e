"""The Follow-up tab's signals driven as a tutor would: attendance typed week by week in the record editor
with keys, the flag appearing with its reason, the chart drawn against the line, a contact logged marking it
followed up, and an incident recorded and deleted."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.support import keys
from tests.support.builders import add_learner
from tests.ui.test_plan_reviews import answer_next_box
from tutordesk.domain.early_warning import WarningRules
from tutordesk.services.followup import contacts
from tutordesk.ui.followup.signals_panel import NO_FLAGS, SignalsPanel
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.ui.widgets.record_editor import RecordEditor
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 27)


@pytest.fixture
def panel(qtbot: QtBot, vault: Vault) -> Iterator[SignalsPanel]:
    shown = SignalsPanel(PanelContext(vault=lambda: vault, today=lambda: TODAY), rules=WarningRules)
    qtbot.addWidget(shown)
    shown.resize(1100, 700)
    with qtbot.waitExposed(shown):
        shown.show()
    yield shown
    for records in (shown.attendance, shown.marks, shown.events):
        if records.dialog is not None:
            records.dialog.done(0)


def add_week(panel: SignalsPanel, start: str, end: str, attended: str) -> None:
    panel.attendance.view.setFocus()
    QtBot.keyClick(panel.attendance.view, Qt.Key.Key_Insert)
    dialog = panel.attendance.dialog
    assert isinstance(dialog, RecordEditor) and dialog.windowTitle() == "Attendance for a week or period"
    keys.type_optional_date(dialog.input("period_start"), date.fromisoformat(start))
    keys.type_optional_date(dialog.input("period_end"), date.fromisoformat(end))
    keys.type_text(dialog.input("possible"), "10")
    keys.type_text(dialog.input("attended"), attended)
    keys.click(dialog.save_button)
    assert panel.attendance.dialog is None or not panel.attendance.dialog.isVisible(), (
        "the editor stayed open"
    )


def test_weeks_typed_in_raise_a_flag_until_a_contact_is_logged(panel: SignalsPanel, vault: Vault) -> None:
    learner = add_learner(vault)
    panel.load(learner)
    assert panel.flags.text() == NO_FLAGS
    for start, end, attended in (
        ("2026-11-02", "2026-11-06", "9"),
        ("2026-11-09", "2026-11-13", "8"),
        ("2026-11-16", "2026-11-20", "9"),
        ("2026-11-23", "2026-11-27", "8"),
    ):
        add_week(panel, start, end, attended)
    assert panel.attendance.model.rowCount() == 4
    text = panel.flags.text()
    assert (
        "Attendance" in text
        and "Attended 34 of 40 sessions (85%)" in text
        and "no contact logged since" in text
    )
    assert [round(value) for _, value in panel.chart.points()] == [90, 80, 90, 80]
    assert "4 at or below the line of 90%" in panel.chart.accessibleDescription()

    with vault.unit_of_work() as uow:
        contacts.quick_note(uow, learner_id=learner, held_on=TODAY, note="Talked about mornings", today=TODAY)
        uow.commit()
    panel.reload()
    assert "followed up since" in panel.flags.text()


def test_an_impossible_week_is_refused_and_kept_open(panel: SignalsPanel, vault: Vault) -> None:
    panel.load(add_learner(vault))
    keys.click(panel.attendance.add_button)
    dialog = panel.attendance.dialog
    assert isinstance(dialog, RecordEditor)
    keys.type_optional_date(dialog.input("period_start"), date(2026, 11, 16))
    keys.type_optional_date(dialog.input("period_end"), date(2026, 11, 20))
    keys.type_text(dialog.input("possible"), "10")
    keys.type_text(dialog.input("attended"), "12")
    answer_next_box("OK")  # "Sessions attended must be from 0 to the 10 possible."
    keys.click(dialog.save_button)
    assert dialog.isVisible()  # the message was shown; everything typed is still there
    assert panel.attendance.model.rowCount() == 0


def test_an_incident_is_recorded_and_deleted(panel: SignalsPanel, vault: Vault, qtbot: QtBot) -> None:
    panel.load(add_learner(vault))
    keys.choose_tab(panel.lists, 2)
    keys.click(panel.events.add_button)
    dialog = panel.events.dialog
    assert isinstance(dialog, RecordEditor) and dialog.kind.id == "behaviour_event"
    keys.type_optional_date(dialog.input("observed_on"), date(2026, 11, 25))
    keys.type_text(dialog.input("note"), "Walked out of the workshop")
    keys.click(dialog.save_button)
    assert panel.events.model.rowCount() == 1
    assert panel.events.model.index(0, 1).data() == "A behaviour incident"
