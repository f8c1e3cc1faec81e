"""The lazily built learner tab (`LazyTab`): made by the key press that first shows it, then showing the
learner chosen on the Caseload tab; a learner chosen while it is hidden is read only once it is on screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QTabWidget, QVBoxLayout
from pytestqt.qtbot import QtBot

from tests.conftest import make_closed_vault, open_vault
from tests.ui.test_main_window import TODAY
from tutordesk.domain.enums import LearnerStatus
from tutordesk.services.caseload.rows import CaseloadRow
from tutordesk.services.mentoring import relationships as mentoring
from tutordesk.services.transitions import moves as transitions
from tutordesk.settings import Settings
from tutordesk.ui.shell.main_window import MainWindow
from tutordesk.ui.widgets.lazy_tab import LazyTab
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.vault.vault import BackupPolicy

CTRL = Qt.KeyboardModifier.ControlModifier


class RecordingTab(LazyTab):
    """A learner tab that notes what its base asks of it, in order."""

    def __init__(self) -> None:
        super().__init__(PanelContext(vault=lambda: None))
        self.asked: list[str] = []
        QVBoxLayout(self)

    def create_widget(self) -> None:
        self.asked.append("create")
        self.layout().addWidget(QLabel("Built on first sight"))

    def load_learner(self) -> None:
        self.learner_stale = False
        self.asked.append(f"read {self.learner_id}")

    def load_current(self) -> None:
        self.asked.append("shown again")

    def forget_learner(self) -> None:
        self.asked.append("forget")

    def same_learner_again(self) -> None:
        self.asked.append("same")

    def leave_learner(self) -> None:
        self.asked.append(f"leave {self.learner_id}")


def row(learner_id: int) -> CaseloadRow:
    return CaseloadRow(learner_id, "A", "B", "", None, LearnerStatus.AT_RISK, "", "", "", 0, 0, ())


def test_a_tab_is_built_on_first_show_and_reads_only_the_learner_on_screen(qtbot: QtBot) -> None:
    host = QTabWidget()
    first = QLineEdit()
    tab = RecordingTab()
    host.addTab(first, "Caseload")
    host.addTab(tab, "Learner")
    qtbot.addWidget(host)
    with qtbot.waitExposed(host):
        host.show()

    tab.show_learner(row(1))
    tab.show_learner(row(2))
    tab.reload_all()
    tab.save_pending()
    assert tab.asked == ["leave 1"] and not tab.built  # only remembered while hidden

    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Tab, CTRL)  # the key press that switches tabs shows it
    assert host.currentWidget() is tab
    assert tab.asked == ["leave 1", "create", "read 2"]

    tab.asked.clear()
    qtbot.keyClick(host, Qt.Key.Key_Tab, CTRL)
    qtbot.keyClick(host, Qt.Key.Key_Tab, CTRL)
    assert host.currentWidget() is tab
    assert tab.asked == ["shown again"]  # built once, and the learner is not read twice

    tab.asked.clear()
    tab.show_learner(row(2))  # the caseload was read again after a save: the same learner
    tab.reload_all()  # a change made elsewhere: read again at once, as the tab is on screen
    assert tab.asked == ["same", "read 2"]

    tab.asked.clear()
    qtbot.keyClick(host, Qt.Key.Key_Tab, CTRL)
    tab.show_learner(row(3))
    assert tab.asked == ["leave 2"] and tab.learner_stale
    qtbot.keyClick(host, Qt.Key.Key_Tab, CTRL)
    assert tab.asked == ["leave 2", "read 3"] and not tab.learner_stale

    tab.asked.clear()
    tab.show_learner(None)  # what the window does when it locks
    assert tab.asked == ["leave 3", "forget"] and tab.row is None and not tab.learner_stale


def test_a_tab_never_shown_forgets_without_being_built(qtbot: QtBot) -> None:
    tab = RecordingTab()
    qtbot.addWidget(tab)
    tab.show_learner(row(1))
    tab.show_learner(None)
    assert tab.asked == ["leave 1", "forget"] and not tab.built


def test_each_learner_tab_is_built_by_the_key_press_that_first_shows_it(
    qtbot: QtBot, vault_path: Path, tmp_path: Path
) -> None:
    make_closed_vault(vault_path, learners=12)
    vault = open_vault(vault_path)
    window = MainWindow(
        vault, Settings(), backups=BackupPolicy(folder=tmp_path / "backups", daily=False), today=lambda: TODAY
    )
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    with vault.unit_of_work() as uow:
        ids = [window.caseload.model.row_at(r).id for r in range(window.caseload.model.rowCount())]
        both = [
            i
            for i in ids
            if mentoring.relationships(uow, learner_id=i) and transitions.transitions(uow, learner_id=i)
        ]
    chosen, other = both[0], next(i for i in ids if i != both[0])
    window.activateWindow()
    window.caseload.table.setFocus()
    assert window.caseload.select_learner(chosen)

    tabs = [
        (Qt.Key.Key_2, window.plans),
        (Qt.Key.Key_3, window.diaries),
        (Qt.Key.Key_4, window.mentoring),
        (Qt.Key.Key_5, window.transitions),
    ]
    for number, (key, tab) in enumerate(tabs):
        assert not any(later.built for _, later in tabs[number:])  # nothing built before it is shown
        qtbot.keyClick(window, key, CTRL)
        assert window.tabs.currentWidget() is tab and tab.built and not tab.learner_stale
    assert window.plans.panels[0].learner_id == chosen
    assert window.diaries.panel is not None and window.diaries.panel.learner_id == chosen
    assert window.mentoring.relationship is not None and window.mentoring.panels[0].learner_id == chosen
    assert window.transitions.transition is not None and window.transitions.panels[0].learner_id == chosen

    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    assert window.caseload.select_learner(other)
    assert all(tab.learner_stale for _, tab in tabs)  # hidden: read when shown, not now
    assert window.plans.panels[0].learner_id == chosen
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert not window.plans.learner_stale and window.plans.panels[0].learner_id == other
    assert window.mentoring.learner_stale  # still hidden
