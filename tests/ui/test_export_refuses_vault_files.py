"""The window's exports refuse TutorDesk's own files: the save dialog is answered with the vault, its key
file, a name in its folder or its backups' folder, and each time a plain message says why and the dialog
opens again; the next, ordinary place is saved. The vault is untouched and still opens."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlmodel import select

from tests.services.test_contracts import learner_id as learner_id  # noqa: F401 - the fixture
from tests.ui.test_calendar_export_dialog import TODAY, with_dates  # noqa: F401 - the fixture
from tutordesk.domain.models import AuditEntry, Learner
from tutordesk.ui.caseload.calendar_export_dialog import export_calendar_interactive
from tutordesk.ui.plans.contract import ContractPanel
from tutordesk.ui.transitions.batch_pack_dialog import BatchPackDialog
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.vault.key_file import key_file_path
from tutordesk.vault.vault import Vault


@pytest.fixture
def warned(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def warning(_parent, _title, text, *_args, **_kwargs):  # type: ignore[no-untyped-def]
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warning)
    monkeypatch.setattr(QMessageBox, "information", lambda *_a, **_k: QMessageBox.StandardButton.Ok)
    return shown


def answer_dialog(monkeypatch: pytest.MonkeyPatch, answers: list[Path]) -> list[str]:
    """Answer the save dialog with each of `answers` in turn; what it offered each time."""
    offered: list[str] = []
    queue: Iterator[Path] = iter(answers)

    def choose(_parent, _title, suggested, *_args, **_kwargs):  # type: ignore[no-untyped-def]
        offered.append(suggested)
        return (str(next(queue)), "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    return offered


def own_files_intact(vault: Vault, before: dict[str, tuple[int, int]]) -> None:
    """Every file of the vault's folder is the same file as before (no replacement), none is a PDF or a
    calendar, and the vault still reads. The key file alone is replaced after each audit entry, as its
    anchor moves on (see docs/security.md): it must still be a key file, and it is checked on reopening."""
    folder = vault.path.parent
    after = {p.name: (p.stat().st_ino, p.stat().st_size) for p in folder.iterdir() if p.is_file()}
    anchored = vault.path.name + ".keys"
    assert {name: ino for name, (ino, _) in after.items() if name in before and name != anchored} == {
        name: ino for name, (ino, _) in before.items() if name != anchored
    }
    assert (folder / anchored).read_bytes().lstrip().startswith(b"{")
    for path in folder.rglob("*"):
        if path.is_file():
            head = path.read_bytes()[:16]
            assert not head.startswith((b"%PDF", b"BEGIN:VCALENDAR")), path
    with vault.unit_of_work() as uow:
        uow.session.exec(select(Learner)).all()


def snapshot(vault: Vault) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_ino, p.stat().st_size) for p in vault.path.parent.iterdir() if p.is_file()}


def test_save_as_pdf_refuses_the_vault_its_key_file_and_its_folder_then_saves_elsewhere(
    qtbot: QtBot,
    vault: Vault,
    learner_id: int,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    warned: list[str],
) -> None:
    panel = ContractPanel(PanelContext(vault=lambda: vault))
    qtbot.addWidget(panel)
    panel.show()
    panel.load(learner_id)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = elsewhere / "looks-harmless.pdf"
    link.symlink_to(vault.path)
    before = snapshot(vault)
    offered = answer_dialog(
        monkeypatch,
        [
            vault.path.with_suffix(".pdf"),  # in the vault's folder
            key_file_path(vault.path).with_name(key_file_path(vault.path).name + ".pdf"),
            link,  # a symbolic link to the vault, somewhere else
            elsewhere / "contract.pdf",
        ],
    )
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert len(warned) == 3 and all("TutorDesk's own folder" in text for text in warned)
    assert len(offered) == 4  # the dialog opened again after each refusal
    assert (elsewhere / "contract.pdf").read_bytes().startswith(b"%PDF")
    assert link.is_symlink() and os.path.samefile(link, vault.path)
    own_files_intact(vault, before)
    with vault.unit_of_work() as uow:
        exported = uow.session.exec(select(AuditEntry).where(AuditEntry.action == "document.exported")).all()
    assert len(exported) == 1


def test_export_calendar_refuses_a_hard_link_to_the_vault_and_the_backups_folder(
    qtbot: QtBot,
    with_dates: Vault,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    warned: list[str],
) -> None:
    vault = with_dates
    parent = QWidget()
    qtbot.addWidget(parent)
    backups = vault.path.parent / "backups"
    backups.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    hard = elsewhere / "calendar.ics"
    os.link(vault.path, hard)  # the same file as the vault under another name
    before = snapshot(vault)
    offered = answer_dialog(monkeypatch, [hard, backups / "calendar.ics", elsewhere / "mine.ics"])
    saved = export_calendar_interactive(parent, vault, TODAY)
    assert saved == elsewhere / "mine.ics" and saved.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert len(warned) == 2 and all("TutorDesk's own folder" in text for text in warned)
    assert len(offered) == 3
    assert os.path.samefile(hard, vault.path)  # still the vault's own file, unchanged
    assert list(backups.iterdir()) == []
    own_files_intact(vault, before)


def test_the_caseload_packs_refuse_the_vaults_folder(
    qtbot: QtBot, vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warned: list[str]
) -> None:
    dialog = BatchPackDialog(None, vault, [1], TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    folders = iter([str(vault.path.parent), ""])  # the vault's folder, then Cancel
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: next(folders))
    before = snapshot(vault)
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert len(warned) == 1 and "TutorDesk's own folder" in warned[0]
    assert not dialog.running and dialog.outcome is None
    own_files_intact(vault, before)
