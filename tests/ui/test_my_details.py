"""File > My details…, driven with keys: your details are read from the vault, changed and saved, and the
contract printed afterwards names you."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from tests.support import builders, keys
from tutordesk.services import practitioner
from tutordesk.services.plans import contracts
from tutordesk.services.practitioner import PractitionerProfile
from tutordesk.ui.shell.my_details_dialog import MyDetailsDialog
from tutordesk.vault.vault import Vault


def _contract_text(vault: Vault, learner_id: int) -> str:
    with vault.unit_of_work() as uow:
        data = contracts.render_document(
            uow, document_id=contracts.prepare_contract(uow, learner_id=learner_id)
        )
        uow.commit()
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def test_my_details_are_typed_saved_with_enter_and_printed_on_the_contract(
    qtbot: QtBot, vault: Vault
) -> None:
    with vault.unit_of_work() as uow:
        learner = builders.add_learner(uow, "Rhian", "Evans")  # no key worker
        builders.add_plan(uow, learner, agreed_on=date(2026, 11, 20))
        practitioner.save_profile(uow, profile=PractitionerProfile(organisation="Northgate Trust"))
        uow.commit()
    assert "I worked it out with my tutor, ________________." in _contract_text(vault, learner)

    dialog = MyDetailsDialog(vault)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    assert dialog.form.organisation.text() == "Northgate Trust"  # read back from the vault
    keys.type_text(dialog.form.name, "Priya Natarajan")
    QTest.keyClick(dialog.form.name, Qt.Key.Key_Tab)
    assert dialog.form.role.hasFocus()
    QTest.keyClicks(dialog.form.role, "Re-engagement tutor")
    QTest.keyClick(dialog.form.role, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with vault.unit_of_work() as uow:
        assert practitioner.read_profile(uow) == PractitionerProfile(
            name="Priya Natarajan", role="Re-engagement tutor", organisation="Northgate Trust"
        )
    text = _contract_text(vault, learner)
    assert "I worked it out with my tutor, Priya Natarajan." in text


def test_escape_keeps_the_details_as_they_were(qtbot: QtBot, vault: Vault) -> None:
    dialog = MyDetailsDialog(vault)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    keys.type_text(dialog.form.name, "Someone else")
    QTest.keyClick(dialog.form.name, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    with vault.unit_of_work() as uow:
        assert practitioner.read_profile(uow).is_empty
