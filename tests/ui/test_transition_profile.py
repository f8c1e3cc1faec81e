"""The Profile page of the Transitions tab driven as a tutor would: the profile typed, saved and read back,
saved before a lock, examples of work added and looked at from memory, and the academic record with Undo."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from tests.support import keys
from tests.ui.test_plan_reviews import TODAY, add_learner, answer_next_box, choose
from tutordesk.domain.transition_enums import AcademicKind
from tutordesk.services.transitions import handover_material
from tutordesk.services.transitions.handover_material import PROFILE_FORM
from tutordesk.ui.transitions.academic import AcademicDialog
from tutordesk.ui.transitions.profile import SAVED, UNSAVED, ImageDialog, ProfilePanel
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.ui.widgets.pdf_preview import PdfPreviewDialog, preview_available
from tutordesk.vault.vault import Vault


@pytest.fixture
def learner_id(vault: Vault) -> int:
    return add_learner(vault)


@pytest.fixture
def panel(qtbot: QtBot, vault: Vault) -> Iterator[ProfilePanel]:
    shown = ProfilePanel(PanelContext(vault=lambda: vault, today=lambda: TODAY))
    qtbot.addWidget(shown)
    shown.resize(1280, 800)
    with qtbot.waitExposed(shown):
        shown.show()
    yield shown
    for dialog in (shown.viewer, shown.academic.dialog):
        if dialog is not None:
            dialog.done(0)


def type_into(panel: ProfilePanel, source: str, text: str) -> None:
    box = panel.editor.field_widget(source)
    assert isinstance(box, QPlainTextEdit)
    keys.type_text(box, text)


def saved_answers(vault: Vault, learner_id: int) -> dict[str, str]:
    with vault.unit_of_work() as uow:
        return handover_material.form_answers(uow, learner_id=learner_id, form_id=PROFILE_FORM)


def png_bytes(width: int = 40, height: int = 30) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#2e7d32"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


def test_the_profile_is_typed_saved_and_read_back(
    panel: ProfilePanel, qtbot: QtBot, vault: Vault, learner_id: int
) -> None:
    assert panel.stack.currentIndex() == 0  # nobody chosen: says what to do
    panel.load(learner_id)
    # Strengths first, as the form orders them.
    assert panel.editor.sources()[:3] == ["profile.preferred_name", "profile.interests", "profile.good_work"]
    assert panel.saved_note.text() == SAVED and not panel.save_button.isEnabled()
    type_into(panel, "profile.interests", "Fixing bikes; drawing comics — and مرحبا")
    assert panel.saved_note.text() == UNSAVED and panel.save_button.isEnabled()
    interests = panel.editor.field_widget("profile.interests")
    panel.activateWindow()
    interests.setFocus()
    qtbot.waitUntil(interests.hasFocus)
    qtbot.keyClick(interests, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert panel.saved_note.text() == SAVED
    assert saved_answers(vault, learner_id) == {
        "profile.interests": "Fixing bikes; drawing comics — and مرحبا"
    }

    other = add_learner(vault)
    panel.load(other)
    assert panel.editor.field_widget("profile.interests").toPlainText() == ""  # type: ignore[attr-defined]
    panel.load(learner_id)
    assert "Fixing bikes" in panel.editor.field_widget("profile.interests").toPlainText()  # type: ignore[attr-defined]


def test_typing_not_saved_is_kept_by_save_pending_and_on_changing_learner(
    panel: ProfilePanel, vault: Vault, learner_id: int
) -> None:
    panel.load(learner_id)
    type_into(panel, "profile.what_helps", "A quiet corner\n\n  Time to think  ")
    panel.reload()  # a redraw asked by another panel keeps the typing
    assert panel.saved_note.text() == UNSAVED
    panel.save_pending()  # as before a lock
    assert saved_answers(vault, learner_id) == {"profile.what_helps": "A quiet corner\nTime to think"}
    assert panel.saved_note.text() == SAVED

    type_into(panel, "profile.home", "Lives with gran")
    panel.load(add_learner(vault))
    assert saved_answers(vault, learner_id)["profile.home"] == "Lives with gran"


def test_an_image_example_is_added_from_the_file_dialog_and_viewed_from_memory(
    panel: ProfilePanel, vault: Vault, learner_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel.load(learner_id)
    assert panel.work.stack.currentWidget() is panel.work.empty
    picture = tmp_path / "bike-drawing.png"
    picture.write_bytes(png_bytes())
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(picture), "")))
    keys.click(panel.work.add_button)
    model = panel.work.model
    assert model.rowCount() == 1
    assert [model.index(0, c).data() for c in range(3)] == [
        "bike-drawing.png",
        "20 Nov 2026",
        f"{len(png_bytes())} bytes",
    ]

    panel.work.view.selectRow(0)
    panel.rename_attachment("My bike drawing")
    assert model.index(0, 0).data() == "My bike drawing"
    picture.unlink()  # viewing reads the vault, not the file
    keys.click(panel.view_button)
    viewer = panel.viewer
    assert isinstance(viewer, ImageDialog) and viewer.isVisible()
    assert (viewer.image.width(), viewer.image.height()) == (40, 30)
    assert viewer.picture.pixmap().width() == 40
    assert "My bike drawing" not in viewer.windowTitle()
    viewer.done(0)


def test_a_file_of_another_kind_is_kept_inside_and_removed_after_asking(
    panel: ProfilePanel, vault: Vault, learner_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel.load(learner_id)
    essay = tmp_path / "essay.txt"
    essay.write_text("My essay", encoding="utf-8")
    assert panel.add_attachment(essay) is not None
    panel.work.view.selectRow(0)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    panel.view_attachment()
    assert panel.viewer is None and "kept safely in TutorDesk" in told[0]

    answer_next_box("Keep it")
    keys.click(panel.work.delete_button)
    assert panel.work.model.rowCount() == 1
    answer_next_box("Remove")
    keys.click(panel.work.delete_button)
    assert panel.work.model.rowCount() == 0
    with vault.unit_of_work() as uow:
        assert handover_material.attachments(uow, learner_id=learner_id) == []


@pytest.mark.skipif(not preview_available(), reason="Qt's PDF module is not installed")
def test_a_pdf_example_is_shown_page_by_page_from_memory(
    panel: ProfilePanel, qtbot: QtBot, learner_id: int, tmp_path: Path
) -> None:
    from reportlab.pdfgen import canvas

    scan = tmp_path / "certificate.pdf"
    drawing = canvas.Canvas(str(scan))
    for number in range(2):
        drawing.drawString(72, 720, f"Certificate page {number + 1}")
        drawing.showPage()
    drawing.save()
    panel.load(learner_id)
    panel.add_attachment(scan)
    scan.unlink()
    panel.work.view.selectRow(0)
    qtbot.keyClick(panel.work.view, Qt.Key.Key_Return)  # Enter in the list looks at it
    viewer = panel.viewer
    assert isinstance(viewer, PdfPreviewDialog)
    assert viewer.preview.page_count == 2 and viewer.preview.page_label.text() == "Page 1 of 2"
    viewer.done(0)
    assert viewer.preview.page_count == 0  # closing drops the bytes


def test_a_missing_file_gives_a_plain_message(
    panel: ProfilePanel, learner_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel.load(learner_id)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    assert panel.add_attachment(tmp_path / "gone.png") is None
    assert warned == ["TutorDesk couldn't open that file. Check it is still there and try again."]


def test_an_academic_entry_is_added_then_removed_and_put_back_with_undo(
    panel: ProfilePanel, qtbot: QtBot, vault: Vault, learner_id: int
) -> None:
    panel.load(learner_id)
    box = panel.academic
    assert box.stack.currentWidget() is box.empty
    keys.click(box.add_button)
    dialog = box.dialog
    assert isinstance(dialog, AcademicDialog)
    choose(dialog.kind, AcademicKind.QUALIFICATION.value)
    keys.type_text(dialog.entry_title, "Level 1 Motor Vehicle")
    keys.type_text(dialog.setting, "Northgate College")
    keys.type_optional_date(dialog.started_on, date(2025, 9, 3))
    keys.type_optional_date(dialog.ended_on, date(2026, 7, 17))
    keys.type_text(dialog.result, "Pass, with merit in practical work")
    keys.click(dialog.save_button)
    assert box.dialog is None
    model = box.model
    assert [model.index(0, c).data() for c in range(5)] == [
        "Qualification or unit",
        "Level 1 Motor Vehicle",
        "Northgate College",
        "3 Sep 2025 – 17 Jul 2026",
        "Pass, with merit in practical work",
    ]

    box.view.selectRow(0)
    qtbot.keyClick(box.view, Qt.Key.Key_Delete)
    assert model.rowCount() == 0
    assert box.undo.isVisible() and "Level 1 Motor Vehicle" in box.undo.text.text()
    keys.click(box.undo.button)
    assert model.rowCount() == 1 and not box.undo.isVisible()
    with vault.unit_of_work() as uow:
        (entry,) = handover_material.academic_record(uow, learner_id=learner_id)
    assert (entry.kind, entry.started_on, entry.result) == (
        "qualification",
        date(2025, 9, 3),
        "Pass, with merit in practical work",
    )


def test_an_end_date_before_the_start_keeps_the_dialog_open(
    panel: ProfilePanel, learner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel.load(learner_id)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    panel.academic.edit(new=True)
    dialog = panel.academic.dialog
    assert dialog is not None
    keys.type_text(dialog.entry_title, "Art GCSE")
    keys.type_optional_date(dialog.started_on, date(2026, 9, 1))
    keys.type_optional_date(dialog.ended_on, date(2026, 1, 1))
    keys.click(dialog.save_button)
    assert panel.academic.dialog is dialog and warned == ["The end date is before the start date."]


def test_nothing_changes_in_a_read_only_vault(panel: ProfilePanel, vault: Vault, learner_id: int) -> None:
    vault.read_only = True  # as Vault.open sets it for a file that cannot be written
    panel.load(learner_id)
    assert panel.editor.is_read_only()
    assert not panel.work.add_button.isEnabled() and not panel.academic.add_button.isEnabled()
    assert panel.add_attachment(Path(__file__)) is None
    assert not panel.save()
    assert panel.read_only_note.isVisible()


def test_the_png_helper_really_makes_a_png() -> None:
    data = png_bytes()
    assert data.startswith(b"\x89PNG") and not QImage.fromData(QByteArray(data)).isNull()
