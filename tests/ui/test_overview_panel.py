"""The overview's bars: drawn from the service's counts, each a button that opens its learners by mouse or
keyboard and is named for a screen reader; an empty count cannot be chosen."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.support.builders import add_learner
from tutordesk.domain.early_warning import WarningRules
from tutordesk.domain.enums import LearnerStatus
from tutordesk.domain.risk import RiskWeights
from tutordesk.services.followup.overview import caseload_overview
from tutordesk.ui.caseload.overview_panel import OverviewPanel
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 27)


def test_a_bar_opens_its_learners_by_click_and_by_keyboard(vault: Vault, qtbot: QtBot) -> None:
    first = add_learner(vault, "Ann", "One", status=LearnerStatus.RE_ENGAGING)
    second = add_learner(vault, "Bea", "Two", status=LearnerStatus.RE_ENGAGING)
    add_learner(vault, "Cy", "Three")
    with vault.unit_of_work() as uow:
        overview = caseload_overview(
            uow, today=TODAY, weights=RiskWeights(), rules=WarningRules(), no_contact_days=28
        )
    panel = OverviewPanel()
    qtbot.addWidget(panel)
    panel.resize(900, 700)
    panel.show_overview(overview)
    panel.show()
    qtbot.waitExposed(panel)
    assert "3 learners on the caseload" in panel.heading.text()
    bar = panel.bar("Re-engaging")
    assert bar.accessibleName() == "Re-engaging: 2 learners"
    with qtbot.waitSignal(panel.learners_chosen) as chosen:
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton)
    assert chosen.args == ["Re-engaging", (first, second)]
    empty = panel.bar("Marks falling")
    assert not empty.isEnabled() and empty.accessibleName() == "Marks falling: 0 learners"
    at_risk = panel.bar("At risk")
    at_risk.setFocus()
    qtbot.keyClick(at_risk, Qt.Key.Key_Tab)
    assert panel.focusWidget() is not at_risk and panel.focusWidget() in panel.bars
    with qtbot.waitSignal(panel.learners_chosen) as chosen:
        qtbot.keyClick(at_risk, Qt.Key.Key_Space)
    assert chosen.args[0] == "At risk"
