"""The caseload's overview in the real window: the Overview button shows the counts, a bar opens the
learners behind it in the table with the way back to all of them, and a change while it is shown redraws it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import make_closed_vault, open_vault
from tests.support import keys
from tutordesk.domain.enums import LearnerStatus
from tutordesk.settings import Settings
from tutordesk.ui.shell.main_window import MainWindow
from tutordesk.vault.vault import BackupPolicy

TODAY = date(2026, 11, 20)


@pytest.fixture
def window(qtbot: QtBot, vault_path: Path, tmp_path: Path) -> Iterator[MainWindow]:
    make_closed_vault(vault_path, learners=30)
    shown = MainWindow(
        open_vault(vault_path),
        Settings(),
        backups=BackupPolicy(folder=tmp_path / "backups", daily=False),
        today=lambda: TODAY,
    )
    qtbot.addWidget(shown)
    with qtbot.waitExposed(shown):
        shown.show()
    yield shown


def test_a_bar_of_the_overview_opens_its_learners_and_show_all_brings_back_the_rest(
    window: MainWindow, qtbot: QtBot
) -> None:
    caseload = window.caseload
    total = caseload.model.rowCount()
    keys.click(caseload.overview_button)
    panel = caseload.overview
    assert panel is not None and caseload.table_stack.currentWidget() is panel
    assert f"{total} learners on the caseload" in panel.heading.text()
    rows = [caseload.model.row_at(n) for n in range(total)]
    re_engaging = [r.id for r in rows if r.status is LearnerStatus.RE_ENGAGING]
    assert re_engaging, "the demo has learners re-engaging"
    bar = panel.bar("Re-engaging")
    assert (
        bar.accessibleName()
        == f"Re-engaging: {len(re_engaging)} learner{'s' if len(re_engaging) > 1 else ''}"
    )
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton)
    assert caseload.table_stack.currentWidget() is caseload.table
    assert not caseload.overview_button.isChecked()
    assert caseload.model.rowCount() == len(re_engaging)
    assert caseload.only_bar.isVisible() and "behind “Re-engaging”" in caseload.only_label.text()
    keys.click(caseload.show_all_button)
    assert caseload.model.rowCount() == total and not caseload.only_bar.isVisible()


def test_a_flag_shows_beside_the_risk_level_until_a_contact_is_logged(
    qtbot: QtBot, vault_path: Path, tmp_path: Path
) -> None:
    from datetime import timedelta

    from tests.support.builders import add_learner
    from tutordesk.services.followup import contacts, signals
    from tutordesk.services.followup.signals import AttendanceInput
    from tutordesk.ui.caseload.model import RISK_COLUMN

    vault = open_vault(make_closed_vault(vault_path))
    learner = add_learner(vault, "Fay", "Flagged", started_on=TODAY - timedelta(days=60))
    window = MainWindow(
        vault, Settings(), backups=BackupPolicy(folder=tmp_path / "b", daily=False), today=lambda: TODAY
    )
    qtbot.addWidget(window)
    with vault.unit_of_work() as uow:
        for back in range(4):
            end = TODAY - timedelta(weeks=back)
            data = AttendanceInput(end - timedelta(days=4), end, possible=10, attended=6)
            signals.record_attendance(uow, learner_id=learner, data=data, today=TODAY)
        uow.commit()
    window.refresh()
    model = window.caseload.model
    cell = model.index(model.row_of(learner) or 0, RISK_COLUMN)
    assert str(cell.data()).endswith(" · 1 flag")
    assert "Attendance: Attended 24 of 40 sessions (60%)" in str(cell.data(Qt.ItemDataRole.ToolTipRole))
    with vault.unit_of_work() as uow:
        contacts.quick_note(uow, learner_id=learner, held_on=TODAY, note="Talked it through", today=TODAY)
        uow.commit()
    window.refresh()
    assert "flag" not in str(model.index(model.row_of(learner) or 0, RISK_COLUMN).data())
