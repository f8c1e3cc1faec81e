"""Print… (Ctrl+P): the same pages as the saved PDF reach the printer, and every print is in the audit log.

The printer is a real QPrinter writing a PDF file (as the print dialog's "Print to File" does); the dialog
itself is not shown, the printer is handed in where the dialog would have returned it.
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from tests.services.test_contracts import learner_id as learner_id  # noqa: F401 - the fixture
from tutordesk.services.disclosures import DISCLOSURE_ACTIONS
from tutordesk.ui.plans import contract as contract_module
from tutordesk.ui.plans.contract import ContractPanel
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.ui.widgets.printing import print_pdf_bytes
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 20)


def pdf_printer(target: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    return printer


def text_of(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def audit_rows(vault: Vault, action: str) -> list[tuple[str, str, str]]:
    with vault.unit_of_work() as uow:
        return [
            (row[0], row[1], row[2])
            for row in uow.rows(
                "SELECT subject, detail, artifact_sha256 FROM audit_entry WHERE action = ? ORDER BY id",
                (action,),
            )
        ]


@pytest.fixture
def panel(qtbot: QtBot, vault: Vault, learner_id: int) -> ContractPanel:  # noqa: F811
    shown = ContractPanel(PanelContext(vault=lambda: vault, today=lambda: TODAY))
    qtbot.addWidget(shown)
    shown.resize(900, 500)
    with qtbot.waitExposed(shown):
        shown.show()
    shown.load(learner_id)
    return shown


def test_ctrl_p_prints_the_contract_as_the_pdf_and_audits_it(
    panel: ContractPanel,
    qtbot: QtBot,
    vault: Vault,
    learner_id: int,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    saved = panel.save_pdf(tmp_path / "saved.pdf")
    assert saved is not None
    asked: list[str] = []

    def the_dialog(_parent: object, title: str, *, document_name: str) -> QPrinter:
        asked.append(title)
        assert "learner" not in document_name.lower()  # print queues show it: never a name
        return pdf_printer(tmp_path / "printed.pdf")

    monkeypatch.setattr(contract_module, "ask_for_printer", the_dialog)
    panel.signatures.setFocus()
    qtbot.keyClick(panel.signatures, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["Print the contract of participation"]
    printed = (tmp_path / "printed.pdf").read_bytes()
    assert text_of(printed) == text_of(saved.read_bytes())
    rows = audit_rows(vault, "document.printed")
    assert len(rows) == 1
    subject, detail, _digest = rows[0]
    assert subject == f"learner:{learner_id}"
    assert json.loads(detail)["form"] == "contract_of_participation"
    assert "document.printed" in DISCLOSURE_ACTIONS  # a print shows in the disclosure register


def test_a_cancelled_print_dialog_records_nothing(
    panel: ContractPanel, qtbot: QtBot, vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(contract_module, "ask_for_printer", lambda *_a, **_k: None)
    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    assert audit_rows(vault, "document.printed") == []


def test_a_failed_print_records_nothing(panel: ContractPanel, vault: Vault, tmp_path: Path) -> None:
    printer = pdf_printer(tmp_path / "no-such-folder" / "printed.pdf")

    def dismiss() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                widget.accept()

    QTimer.singleShot(0, dismiss)
    assert not panel.print_contract(printer)
    assert audit_rows(vault, "document.printed") == []


def test_pages_drawn_for_paper_are_the_pdf_pages(tmp_path: Path, qtbot: QtBot) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    made = io.BytesIO()
    drawing = canvas.Canvas(made, pagesize=A4)
    for number in range(3):
        drawing.drawString(72, 720, f"Page {number + 1}")
        drawing.showPage()
    drawing.save()
    printer = pdf_printer(tmp_path / "paper.pdf")
    assert print_pdf_bytes(printer, made.getvalue(), draw_pages=True) == 3
    reader = PdfReader(str(tmp_path / "paper.pdf"))
    assert len(reader.pages) == 3
    assert all(page.images for page in reader.pages)  # each page drawn as the printer gets it
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert height > width  # portrait, as the document


def test_ctrl_p_prints_a_mentoring_document_as_its_pdf(
    qtbot: QtBot, vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.ui import test_mentoring_tab as mentoring
    from tutordesk.services.mentoring.documents import AGREEMENT_FORM
    from tutordesk.ui.mentoring import documents as documents_module
    from tutordesk.ui.mentoring.tab import MentoringTab

    learner = mentoring.add_learner(vault)
    mentoring.add_relationship(vault, learner)
    tab = MentoringTab(PanelContext(vault=lambda: vault, today=lambda: mentoring.TODAY))
    qtbot.addWidget(tab)
    tab.resize(1200, 800)
    with qtbot.waitExposed(tab):
        tab.show()
    tab.show_learner(mentoring.caseload_row(vault, learner))
    panel = mentoring.page(tab, "Documents")
    assert isinstance(panel, documents_module.DocumentsPanel)
    panel.select_form(AGREEMENT_FORM)
    saved = panel.save_pdf(AGREEMENT_FORM, tmp_path / "saved.pdf")
    assert saved is not None
    monkeypatch.setattr(
        documents_module, "ask_for_printer", lambda *_a, **_k: pdf_printer(tmp_path / "printed.pdf")
    )
    panel.documents.setFocus()
    qtbot.keyClick(panel.documents, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert text_of((tmp_path / "printed.pdf").read_bytes()) == text_of(saved.read_bytes())
    (subject, detail, _digest) = audit_rows(vault, "document.printed")[0]
    assert subject == f"learner:{learner}" and json.loads(detail)["form"] == AGREEMENT_FORM


def test_ctrl_p_prints_the_previewed_handover_pack_and_the_register_shows_it(
    qtbot: QtBot, vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.ui import test_handover_pack_panel as packs
    from tutordesk.domain.transition_enums import Audience
    from tutordesk.services import disclosures
    from tutordesk.services.transitions import handover
    from tutordesk.ui.transitions import handover_pack_panel as pack_module

    learner = packs.learner_id.__wrapped__(vault)  # type: ignore[attr-defined]
    packs.told.__wrapped__(monkeypatch)  # type: ignore[attr-defined]  # the fonts may lack its emoji: go ahead
    panel = pack_module.HandoverPackPanel(PanelContext(vault=lambda: vault, today=lambda: packs.TODAY))
    qtbot.addWidget(panel)
    panel.resize(1280, 860)
    with qtbot.waitExposed(panel):
        panel.show()
    panel.load(learner)
    panel.show_preview()
    monkeypatch.setattr(pack_module, "ask_for_printer", lambda *_a, **_k: pdf_printer(tmp_path / "pack.pdf"))
    panel.preview_button.setFocus()
    qtbot.keyClick(panel.preview_button, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    with vault.unit_of_work() as uow:
        previewed = handover.pack_pdf(uow, learner_id=learner, choice=panel.choice(), today=packs.TODAY)
    assert text_of((tmp_path / "pack.pdf").read_bytes()) == text_of(previewed)
    [(subject, detail, _digest)] = audit_rows(vault, "handover.printed")
    assert subject == f"learner:{learner}" and json.loads(detail)["audience"] == Audience.LEARNER.value
    with vault.unit_of_work() as uow:
        register = disclosures.disclosures(uow, learner_id=learner)
    assert [entry.action for entry in register] == ["Handover pack printed"]

    # The receiving setting's copy needs the young person's agreement on paper as in a file.
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    panel.set_audience(Audience.RECEIVING)
    assert not panel.print_pack(pdf_printer(tmp_path / "refused.pdf"))
    assert warned == [pack_module.NEEDS_AGREEMENT]
    assert len(audit_rows(vault, "handover.printed")) == 1


def test_ctrl_p_prints_the_diary_extract_once_agreed(
    qtbot: QtBot, vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from tests.support import keys
    from tests.ui import test_diaries_tab as diaries
    from tutordesk.ui.diaries import extract_dialog as extract_module
    from tutordesk.ui.diaries.tab import DiariesTab

    today = date.today()  # an agreement cannot be dated in the future
    learner = diaries.learner_id.__wrapped__(vault)  # type: ignore[attr-defined]
    diaries.write(vault, learner, body="Mine to keep.", written_on=today - timedelta(days=10))
    tab = DiariesTab(diaries.context_for(vault, today))
    qtbot.addWidget(tab)
    with qtbot.waitExposed(tab):
        tab.show()
    tab.show_learner(diaries.caseload_row(vault, learner))
    panel = diaries.panel_of(tab)
    panel.print_extract()
    dialog = panel.extract_dialog
    assert isinstance(dialog, extract_module.DiaryExtractDialog)
    monkeypatch.setattr(
        extract_module, "ask_for_printer", lambda *_a, **_k: pdf_printer(tmp_path / "printed.pdf")
    )
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    dialog.note.setFocus()
    qtbot.keyClick(dialog.note, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # not agreed yet
    assert dialog.problem.isVisible() and "agreed" in dialog.problem.text()
    assert not (tmp_path / "printed.pdf").exists()
    keys.tick(dialog.agreed)
    dialog.note.setFocus()
    qtbot.keyClick(dialog.note, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert dialog.printed
    count, text = text_of((tmp_path / "printed.pdf").read_bytes())
    assert count >= 1 and "Mine to keep." in text
    assert len(audit_rows(vault, "diary.extract_agreed")) == 1
    [(subject, detail, _digest)] = audit_rows(vault, "document.printed")
    assert subject == f"learner:{learner}" and "diary" in json.loads(detail)["form"]
