"""The Contract panel driven as a tutor would: sign on paper and on screen, save the PDF, see re-signing."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from tests.services.test_contracts import learner_id as learner_id  # noqa: F401 - the fixture
from tests.support import keys
from tutordesk.domain.models import Learner
from tutordesk.services.plans import contracts
from tutordesk.services.plans import roadmap as plans
from tutordesk.services.plans.roadmap import GoalInput
from tutordesk.ui.plans.contract import ContractPanel, describe_match
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.ui.widgets.signature_dialog import SignatureDialog
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 20)


@pytest.fixture
def panel(qtbot: QtBot, vault: Vault, learner_id: int) -> ContractPanel:  # noqa: F811
    shown = ContractPanel(PanelContext(vault=lambda: vault, today=lambda: TODAY))
    qtbot.addWidget(shown)
    shown.resize(900, 500)
    with qtbot.waitExposed(shown):
        shown.show()
    shown.load(learner_id)
    return shown


def _sign_next_dialog(qtbot: QtBot, *, draw: bool) -> None:
    """Answer the signature dialog that the next action opens: draw a stroke or keep "on paper"."""

    def answer() -> None:
        dialog = next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, SignatureDialog) and w.isVisible()
        )
        if draw:
            keys.tick(dialog.drawn)
            pad = dialog.pad
            qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(30, 60))
            for x in range(40, 200, 20):
                qtbot.mouseMove(pad, QPoint(x, 60 + (x % 40) - 20))
            qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(200, 60))
        dialog.accept()

    QTimer.singleShot(0, answer)


def test_sign_on_paper_and_on_screen_then_save_the_pdf(
    panel: ContractPanel,
    qtbot: QtBot,
    vault: Vault,
    learner_id: int,
    tmp_path: Path,  # noqa: F811
) -> None:
    assert panel.status is not None and panel.status.state == "unsigned"
    assert "not signed yet" in panel.state.text()
    panel.signatures.selectRow(0)  # the learner draws
    _sign_next_dialog(qtbot, draw=True)
    panel.record_signature()
    panel.signatures.selectRow(1)  # the tutor signed on paper
    _sign_next_dialog(qtbot, draw=False)
    panel.record_signature()
    assert panel.status.state == "signed"
    assert panel.signatures.item(0, 3).text() == "Signed on screen"
    assert panel.signatures.item(1, 3).text() == "Signed on paper"
    assert not panel.include_support.isEnabled()  # fixed once signed
    saved = panel.save_pdf(tmp_path / "contract.pdf")
    assert saved is not None
    reader = PdfReader(io.BytesIO(saved.read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert panel.status.fingerprint in text and "Plan version 1" in text
    assert any(page.images for page in reader.pages)


def test_a_changed_plan_shows_it_needs_re_signing(
    panel: ContractPanel,
    vault: Vault,
    learner_id: int,  # noqa: F811
) -> None:
    with vault.unit_of_work() as uow:
        document_id = contracts.prepare_contract(uow, learner_id=learner_id)
        for role in ("learner", "tutor"):
            contracts.record_signature(
                uow, document_id=document_id, signature=contracts.SignatureInput(role, "Someone", TODAY)
            )
        draft = plans.start_revision(uow, learner_id=learner_id)
        plans.update_goal(uow, goal_id=draft.stages[0].goals[0].id, goal=GoalInput(learner_words="Changed"))
        plans.agree_plan(uow, learner_id=learner_id, agreed_on=TODAY + timedelta(days=1))
        uow.commit()
    panel.reload()
    assert panel.status is not None and panel.status.state == "needs_resigning"
    assert "needs signing again" in panel.state.text()
    assert "plan version 1, signed" in panel.history.text()


def test_the_dialog_will_not_save_an_empty_drawing(qtbot: QtBot) -> None:
    dialog = SignatureDialog("learner", "Me", "Zoë", TODAY)
    qtbot.addWidget(dialog)
    dialog.drawn.setChecked(True)
    dialog.accept()
    assert dialog.result() != SignatureDialog.DialogCode.Accepted
    assert "Sign in the box first" in dialog.problem.text()


def test_a_fingerprint_lookup_is_explained_without_other_names() -> None:
    found = [contracts.FoundDocument(3, 7, "Contract of participation", "Plan version 2", TODAY)]
    assert "plan version 2" in describe_match(found, 7)
    assert "another learner" in describe_match(found, 8)
    assert "No document" in describe_match([], 8)


def test_read_only_vault_allows_nothing(qtbot: QtBot, vault: Vault, learner_id: int) -> None:  # noqa: F811
    class ReadOnly:
        read_only = True

        def __getattr__(self, name: str) -> object:
            return getattr(vault, name)

    panel = ContractPanel(PanelContext(vault=lambda: ReadOnly(), today=lambda: TODAY))  # type: ignore[arg-type, return-value]
    qtbot.addWidget(panel)
    panel.load(learner_id)
    assert not panel.sign_button.isEnabled() and not panel.save_button.isEnabled()


UNDRAWABLE = "\u0378"  # a code point no font has: it stands for any character no font can draw


def _answer_warning(qtbot: QtBot, key: Qt.Key, seen: list[str]) -> None:
    """Answer the "cannot be printed" warning the next save opens, with a key as a person would."""

    def answer() -> None:
        shown = [
            w
            for w in QApplication.topLevelWidgets()
            if w.objectName() == "unprintable_warning" and w.isVisible()
        ]
        if not shown:
            QTimer.singleShot(20, answer)
            return
        seen.append(shown[0].findChild(QLabel, "qt_msgbox_label").text())
        qtbot.keyClick(shown[0], key)

    QTimer.singleShot(0, answer)


def test_characters_no_font_can_draw_are_named_before_the_contract_is_saved(
    panel: ContractPanel,
    qtbot: QtBot,
    vault: Vault,
    learner_id: int,
    tmp_path: Path,  # noqa: F811
) -> None:
    with vault.unit_of_work() as uow:
        learner = uow.session.get(Learner, learner_id)
        assert learner is not None
        learner.given_name = f"Zoë{UNDRAWABLE}"
        uow.commit()
    panel.load(learner_id)
    seen: list[str] = []
    _answer_warning(qtbot, Qt.Key.Key_Escape, seen)  # Escape: don't save
    assert panel.save_pdf(tmp_path / "not-saved.pdf") is None
    assert UNDRAWABLE in seen[0] and "Zoë" not in seen[0]
    assert not (tmp_path / "not-saved.pdf").exists()
    _answer_warning(qtbot, Qt.Key.Key_Return, seen)  # Enter: save anyway
    saved = panel.save_pdf(tmp_path / "saved.pdf")
    assert saved is not None and saved.exists()
    assert "Zoë\ufffd" in PdfReader(io.BytesIO(saved.read_bytes())).pages[0].extract_text()


def test_a_contract_every_font_can_draw_is_saved_without_a_question(
    panel: ContractPanel, tmp_path: Path
) -> None:
    # The learner's name has Cyrillic, Greek and Vietnamese letters: DejaVu Sans draws them all.
    assert panel.save_pdf(tmp_path / "contract.pdf") is not None


def test_the_names_the_contract_prints_show_before_anyone_signs(panel: ContractPanel) -> None:
    names = {
        panel.signatures.item(row, 0).text(): panel.signatures.item(row, 1).text()
        for row in range(panel.signatures.rowCount())
    }
    assert names["Learner"] and names["Tutor"], names  # not an empty column that looks like missing names
    assert all(
        panel.signatures.item(row, 2).text() == "Not yet" for row in range(panel.signatures.rowCount())
    )
