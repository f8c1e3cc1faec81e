"""What a save changed reaches every view: the caseload puts the changed learner's row and due items in place
(no model reset, no full read), another tab showing that learner reads again when next shown, and an import
still reads everything. Driven with clicks and key presses, on a real vault."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlmodel import select

from tests.conftest import make_closed_vault, open_vault
from tests.import_export.conftest import GOOD
from tutordesk.domain.mentoring_models import MentoringRelationship
from tutordesk.services.caseload.view import ViewRequest, read_caseload_view
from tutordesk.settings import Settings
from tutordesk.ui.caseload.due_model import DueModel
from tutordesk.ui.caseload.import_dialog import ImportDialog
from tutordesk.ui.caseload.model import COLUMNS, LEARNER_ID_ROLE
from tutordesk.ui.mentoring.contact_dialog import ContactDialog
from tutordesk.ui.shell.main_window import MainWindow
from tutordesk.vault.unit_of_work import recorded_statements
from tutordesk.vault.vault import BackupPolicy

from .test_main_window import TODAY

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window(qtbot: QtBot, vault_path: Path, tmp_path: Path) -> MainWindow:
    make_closed_vault(vault_path, learners=60)
    shown = MainWindow(
        open_vault(vault_path),
        Settings(),
        backups=BackupPolicy(folder=tmp_path / "backups", daily=False),
        today=lambda: TODAY,
    )
    qtbot.addWidget(shown)
    with qtbot.waitExposed(shown):
        shown.show()
    return shown


class Signals:
    """What the caseload model told its view: resets, new layouts, and the rows whose data changed."""

    def __init__(self, window: MainWindow) -> None:
        model = window.caseload.model
        self.resets = 0
        self.layouts = 0
        self.rows: list[tuple[int, int]] = []
        model.modelReset.connect(self._reset)
        model.layoutChanged.connect(self._layout)
        model.dataChanged.connect(self._data)

    def _reset(self) -> None:
        self.resets += 1

    def _layout(self, *_: object) -> None:
        self.layouts += 1

    def _data(self, first: QModelIndex, last: QModelIndex, *_: object) -> None:
        self.rows.append((first.row(), last.row()))


def _click_learner(window: MainWindow, qtbot: QtBot, learner_id: int) -> int:
    table, model = window.caseload.table, window.caseload.model
    number = model.row_of(learner_id)
    assert number is not None
    table.scrollTo(model.index(number, 0))
    qtbot.mouseClick(table.viewport(), LEFT, pos=table.visualRect(model.index(number, 0)).center())
    assert window.selected_learner == learner_id
    return number


def _due_texts(model: DueModel) -> list[tuple[object, ...]]:
    return [
        (model.index(r, 0).data(LEARNER_ID_ROLE), *(model.index(r, c).data() for c in range(3)))
        for r in range(model.rowCount())
    ]


def _mentored_learner(window: MainWindow) -> int:
    """A learner with one active relationship whose row shows an earlier last contact than today."""
    assert window.vault is not None
    with window.vault.unit_of_work() as uow:
        active = uow.session.exec(
            select(MentoringRelationship).where(MentoringRelationship.status == "active")
        )
        counts: dict[int, int] = {}
        for relationship in active:
            counts[relationship.learner_id] = counts.get(relationship.learner_id, 0) + 1
    for learner_id, count in sorted(counts.items()):
        row = window.caseload.model.find(learner_id)
        if count == 1 and row is not None and (row.last_contact is None or row.last_contact < TODAY):
            return learner_id
    raise AssertionError("the demo caseload has no learner in mentoring")


def test_a_contact_logged_on_the_mentoring_tab_updates_that_row_the_due_list_and_the_plans_tab(
    window: MainWindow, qtbot: QtBot
) -> None:
    vault, model = window.vault, window.caseload.model
    assert vault is not None
    learner_id = _mentored_learner(window)
    number = _click_learner(window, qtbot, learner_id)
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)  # the Plans tab reads this learner's plan
    assert window.plans.panels[0].learner_id == learner_id
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
    inner = window.mentoring.inner
    qtbot.mouseClick(inner.tabBar(), LEFT, pos=inner.tabBar().tabRect(2).center())  # Contacts
    contacts = window.mentoring.panels[2]
    qtbot.mouseClick(contacts.new_button, LEFT)
    dialog = contacts.dialog
    assert isinstance(dialog, ContactDialog)
    qtbot.keyClicks(dialog.topics, "Talked about the bus to college")

    seen = Signals(window)
    with recorded_statements(vault.engine) as statements:
        qtbot.mouseClick(dialog.save_button, LEFT)
    assert contacts.dialog is None
    assert "Saved at" in window.last_saved.text()

    # The caseload read only this learner again (its row and due items) and changed its row in place.
    reads = [s for s, _ in statements if s.lstrip().upper().startswith("SELECT")]
    assert any(":learner_ids" in s for s in reads)
    assert not any("FROM learner AS l" in s and ":learner_ids" not in s for s in reads)
    assert (seen.resets, seen.layouts, seen.rows) == (0, 0, [(number, number)])
    row = model.find(learner_id)
    assert row is not None and row.last_contact == TODAY
    # What it shows is what reading everything would show.
    full = read_caseload_view(vault, request=ViewRequest.from_settings(window.settings, TODAY))
    assert row == next(r for r in full.rows if r.id == learner_id)
    assert _due_texts(window.caseload.due_model) == _due_texts(DueModel(full.due))

    # The Plans tab, showing the same learner, reads again when it is next shown; with nothing changed,
    # switching back and forth reads nothing.
    with recorded_statements(vault.engine) as statements:
        qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert statements
    with recorded_statements(vault.engine) as statements:
        qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
        qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert statements == []


def test_a_journal_entry_belongs_to_no_learner_so_nothing_is_read_again(
    window: MainWindow, qtbot: QtBot
) -> None:
    vault = window.vault
    assert vault is not None
    learner_id = window.caseload.model.row_at(3).id
    _click_learner(window, qtbot, learner_id)
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)  # the Plans tab shows the learner
    qtbot.keyClick(window, Qt.Key.Key_J, CTRL)
    journal = window.diaries.journal_window
    assert journal is not None
    qtbot.waitExposed(journal)
    journal.panel.view.setFocus()
    qtbot.keyClick(journal.panel.view, Qt.Key.Key_Insert)
    dialog = journal.panel.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.body.text, "A calm week; supervision on Thursday.")
    seen = Signals(window)
    with recorded_statements(vault.engine) as statements:
        qtbot.mouseClick(dialog.save_button, LEFT)
    assert journal.panel.dialog is None and "Saved at" in window.last_saved.text()
    assert not any("FROM learner AS l" in s for s, _ in statements)  # the caseload was not read
    assert (seen.resets, seen.layouts, seen.rows) == (0, 0, [])
    journal.close()
    with recorded_statements(vault.engine) as statements:
        window.activateWindow()
        qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
        qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert not any("plan_version" in s for s, _ in statements)  # the plan shown was not read again


def test_an_edited_profile_changes_only_its_row(window: MainWindow, qtbot: QtBot) -> None:
    from tutordesk.ui.learners.profile import LearnerProfileDialog

    model = window.caseload.model
    target = model.row_at(7)
    number = _click_learner(window, qtbot, target.id)
    seen = Signals(window)

    def edit_in_the_open_profile() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, LearnerProfileDialog)
        try:
            programme = dialog.details_tab.lines["programme"]
            programme.selectAll()
            qtbot.keyClicks(programme, "Bridging course")
            qtbot.mouseClick(dialog.save_button, LEFT)
        finally:
            QDialog.done(dialog, QDialog.DialogCode.Rejected)  # closed whatever happened: never a hang

    QTimer.singleShot(0, edit_in_the_open_profile)
    qtbot.keyClick(window, Qt.Key.Key_O, CTRL)  # modal; the timer above drives it
    row = model.find(target.id)
    assert row is not None and row.programme == "Bridging course"
    assert (seen.resets, seen.layouts, seen.rows) == (0, 0, [(number, number)])
    assert (
        "Bridging course" in model.index(number, [c[0] for c in COLUMNS].index("Setting / programme")).data()
    )
    assert window.selected_learner == target.id


def test_an_import_reads_the_whole_caseload_again(window: MainWindow, qtbot: QtBot) -> None:
    vault, model = window.vault, window.caseload.model
    assert vault is not None
    seen = Signals(window)

    def import_the_file() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ImportDialog)
        try:
            dialog.load(GOOD)  # as if chosen in the file dialog
            qtbot.mouseClick(dialog.import_button, LEFT)
        finally:
            QDialog.done(dialog, QDialog.DialogCode.Rejected)  # closed whatever happened: never a hang

    QTimer.singleShot(0, import_the_file)
    with recorded_statements(vault.engine) as statements:
        qtbot.keyClick(window, Qt.Key.Key_I, CTRL)
    assert model.total > 60 and seen.resets >= 1
    reads = [s for s, _ in statements if "FROM learner AS l" in s]
    assert reads and not any(":learner_ids" in s for s in reads)  # the whole caseload, not a part
