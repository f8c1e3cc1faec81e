"""The Disclosures page driven as a tutor would: a pack saved from the Handover pack page appears in the
register, newest first, awaiting acknowledgement, and is marked sent and then acknowledged."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.conftest import sha256
from tests.support import keys
from tests.ui.test_handover_pack_panel import agree
from tests.ui.test_handover_pack_panel import learner_id as learner_id  # noqa: F401 - the fixture
from tests.ui.test_plan_reviews import TODAY
from tutordesk.domain.transition_enums import Audience
from tutordesk.services import disclosures
from tutordesk.ui.transitions.disclosures_panel import AWAITING, EMPTY, DisclosuresPanel, ReceiptDialog
from tutordesk.ui.transitions.handover_consent_dialog import PasswordDialog
from tutordesk.ui.transitions.handover_pack_panel import HandoverPackPanel
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.ui.widgets.panel_parts import AMBER
from tutordesk.vault.vault import Vault


@pytest.fixture
def context(vault: Vault) -> PanelContext:
    return PanelContext(vault=lambda: vault, today=lambda: TODAY)


@pytest.fixture
def panel(qtbot: QtBot, context: PanelContext) -> Iterator[DisclosuresPanel]:
    shown = DisclosuresPanel(context)
    qtbot.addWidget(shown)
    shown.resize(1280, 600)
    with qtbot.waitExposed(shown):
        shown.show()
    yield shown
    if shown.dialog is not None:
        shown.dialog.done(0)


@pytest.fixture
def packs(
    qtbot: QtBot,
    context: PanelContext,
    vault: Vault,
    learner_id: int,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> list[Path]:
    """Two packs saved from the Handover pack page: the young person's copy, then the receiving setting's."""
    monkeypatch.setattr(QMessageBox, "information", lambda *_: None)  # characters the font lacks, if any
    monkeypatch.setattr(PasswordDialog, "exec", lambda _self: 1)
    pack_page = HandoverPackPanel(context)
    qtbot.addWidget(pack_page)
    pack_page.load(learner_id)
    own = pack_page.save_pack(tmp_path / "own.pdf")
    agree(vault, learner_id, ("academic", "move", "profile"))
    pack_page.set_audience(Audience.RECEIVING)
    shared = pack_page.save_pack(tmp_path / "shared.pdf")
    assert own is not None and shared is not None
    return [own.path, shared.path]


def choose_date(dialog: ReceiptDialog, day: date) -> None:
    keys.type_date(dialog.on, day)


def test_nothing_shared_yet_says_so(panel: DisclosuresPanel, learner_id: int) -> None:  # noqa: F811
    assert panel.stack.currentIndex() == 0
    panel.load(learner_id)
    assert panel.list_stack.currentWidget() is panel.empty and panel.empty.text() == EMPTY
    assert not panel.sent_button.isEnabled() and not panel.acknowledged_button.isEnabled()


def test_saved_packs_are_listed_newest_first_and_marked_sent_then_acknowledged(
    panel: DisclosuresPanel,
    vault: Vault,
    learner_id: int,  # noqa: F811
    packs: list[Path],
    qtmodeltester: ModelTester,
) -> None:
    panel.load(learner_id)
    model = panel.model
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "When",
        "What",
        "To whom",
        "Why",
        "Sections",
        "SHA-256",
        "Sent on",
        "Acknowledged on",
    ]
    shared, own = (
        model.index(0, 0).data(Qt.ItemDataRole.UserRole),
        model.index(1, 0).data(Qt.ItemDataRole.UserRole),
    )
    assert shared.audience == Audience.RECEIVING and own.audience == Audience.LEARNER  # newest first
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert "Riverside College" in row[2] and "Ms Okafor" in row[2]
    assert row[3].endswith("(consent)")
    assert row[4] == "About the move, All about me, My academic record"  # in the pack's order
    assert row[5] == sha256(packs[1])[:12]
    assert model.index(0, 5).data(Qt.ItemDataRole.ToolTipRole) == sha256(packs[1])
    assert row[6] == "" and row[7] == AWAITING
    assert model.index(0, 7).data(Qt.ItemDataRole.ForegroundRole).color().name() == AMBER
    assert model.index(1, 7).data() == "" and model.index(1, 3).data().startswith(
        "The young person's own copy"
    )

    panel.view.selectRow(1)  # the young person's own copy: nobody acknowledges it
    assert panel.sent_button.isEnabled() and not panel.acknowledged_button.isEnabled()

    panel.view.selectRow(0)
    assert "SHA-256 of the file: " + sha256(packs[1]) in panel.details.text()
    keys.click(panel.sent_button)
    dialog = panel.dialog
    assert isinstance(dialog, ReceiptDialog) and dialog.value() == TODAY  # today by default
    choose_date(dialog, TODAY - timedelta(days=1))
    keys.click(dialog.save_button)
    assert model.index(0, 6).data() == "19 Nov 2026"

    keys.click(panel.acknowledged_button)
    dialog = panel.dialog
    assert isinstance(dialog, ReceiptDialog)
    keys.click(dialog.save_button)
    assert model.index(0, 7).data() == "20 Nov 2026"
    assert model.index(0, 7).data(Qt.ItemDataRole.ForegroundRole) is None  # no longer awaiting
    assert panel.view.selected().audit_entry_id == shared.audit_entry_id  # the row stays chosen

    with vault.unit_of_work() as uow:
        first = disclosures.disclosures(uow, learner_id=learner_id)[0]
    assert (first.sent_on, first.acknowledged_on) == (date(2026, 11, 19), TODAY)
    assert not first.awaiting_acknowledgement


def test_an_acknowledgement_before_it_was_sent_keeps_the_dialog_open(
    panel: DisclosuresPanel,
    learner_id: int,  # noqa: F811
    packs: list[Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    panel.load(learner_id)
    panel.view.selectRow(0)
    panel.mark_sent()
    assert panel.dialog is not None
    keys.click(panel.dialog.save_button)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    panel.mark_acknowledged()
    dialog = panel.dialog
    assert isinstance(dialog, ReceiptDialog)
    choose_date(dialog, TODAY - timedelta(days=3))
    keys.click(dialog.save_button)
    assert panel.dialog is dialog and warned == [
        "It cannot have been acknowledged before it was sent; check the dates."
    ]
    assert panel.model.index(0, 7).data() == AWAITING
