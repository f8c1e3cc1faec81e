"""The first window: the caseload model passes Qt's model tests, and nothing of a learner shows in the title."""

from __future__ import annotations

from pathlib import Path

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.conftest import make_closed_vault, open_vault
from tutordesk.services.caseload import list_caseload
from tutordesk.ui.caseload_model import CaseloadModel
from tutordesk.ui.minimal_window import TABS, MinimalWindow


def test_caseload_model_passes_qt_model_tests(qtmodeltester: ModelTester, vault_path: Path) -> None:
    make_closed_vault(vault_path, learners=25)
    with open_vault(vault_path) as vault, vault.unit_of_work() as uow:
        rows = list_caseload(uow)
    model = CaseloadModel(rows)
    qtmodeltester.check(model)
    assert model.rowCount() == 25
    model.clear()
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_window_shows_the_caseload_and_clears_it_on_close(qtbot: QtBot, vault_path: Path) -> None:
    make_closed_vault(vault_path, learners=12)
    vault = open_vault(vault_path)
    window = MinimalWindow(vault)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    tabs = window.centralWidget()
    assert [tabs.tabText(i) for i in range(tabs.count())] == list(TABS)  # type: ignore[attr-defined]
    assert window.model.rowCount() == 12
    assert window.windowTitle() == "TutorDesk"
    names = {window.model.index(r, 0).data() for r in range(12)}
    assert not any(name in window.windowTitle() for name in names)
    window.close()
    assert window.model.rowCount() == 0
    assert not vault.is_open
