"""The Handover pack page driven as a tutor would: the young person's own copy by default, the receiving
setting refused until an agreement is recorded, then an encrypted pack whose password is shown once and
opens the file, a preview of exactly the pages that leave, and an agreement withdrawn."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PasswordType, PdfReader
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from tests.support import keys
from tests.ui.test_plan_reviews import TODAY, add_learner
from tutordesk.domain.transition_enums import Audience, TransitionKind
from tutordesk.services import disclosures
from tutordesk.services.transitions import handover, handover_material
from tutordesk.services.transitions import moves as transitions
from tutordesk.services.transitions.handover import ConsentInput
from tutordesk.services.transitions.handover_material import PROFILE_FORM
from tutordesk.services.transitions.moves import TransitionInput
from tutordesk.ui.transitions.handover_consent_dialog import (
    NOT_AGREED_SECTION,
    ConsentDialog,
    PasswordDialog,
    WithdrawDialog,
)
from tutordesk.ui.transitions.handover_pack_panel import NEEDS_AGREEMENT, NO_AGREEMENT, HandoverPackPanel
from tutordesk.ui.widgets import secret_clipboard
from tutordesk.ui.widgets.form_editor import SENSITIVE_TIP
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.ui.widgets.pdf_preview import UNREADABLE, PdfPreview, preview_available
from tutordesk.ui.widgets.secret_clipboard import clear_secret, copy_secret
from tutordesk.vault.vault import Vault

INTERESTS = "Fixing bikes, drawing comics, and Зоя's football team ⚽"
NEEDS_CANARY = "NEEDS-CANARY extra time in tests"
HOME_CANARY = "HOME-CANARY lives with gran"


@pytest.fixture
def learner_id(vault: Vault) -> int:
    learner = add_learner(vault)
    with vault.unit_of_work() as uow:
        handover_material.save_form_answers(
            uow,
            learner_id=learner,
            form_id=PROFILE_FORM,
            values={
                "profile.interests": INTERESTS,
                "profile.additional_needs": NEEDS_CANARY,
                "profile.home": HOME_CANARY,
            },
        )
        transitions.create_transition(
            uow,
            learner_id=learner,
            data=TransitionInput(
                kind=TransitionKind.MID_TERM.value,
                sending_setting="Northgate College",
                receiving_setting="Riverside College",
                receiving_contact_name="Ms Okafor",
                starts_on=date(2027, 1, 11),
            ),
        )
        uow.commit()
    return learner


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The characters the page said no font can draw, before saving or printing (the pack goes ahead); the
    warning itself is driven with keys in tests/ui/test_undrawable_before_writing.py."""
    from tutordesk.ui.transitions import handover_pack_panel

    said: list[str] = []

    def go_ahead(_parent: object, missing: list[str], **_how: object) -> bool:
        said.extend(missing)
        return True

    monkeypatch.setattr(handover_pack_panel, "go_ahead_without", go_ahead)
    return said


@pytest.fixture
def panel(qtbot: QtBot, vault: Vault, told: list[str]) -> Iterator[HandoverPackPanel]:
    shown = HandoverPackPanel(PanelContext(vault=lambda: vault, today=lambda: TODAY))
    qtbot.addWidget(shown)
    shown.resize(1280, 860)
    with qtbot.waitExposed(shown):
        shown.show()
    yield shown
    if shown.dialog is not None:
        shown.dialog.done(0)


def all_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def agree(vault: Vault, learner_id: int, sections: tuple[str, ...], fields: tuple[str, ...] = ()) -> int:
    with vault.unit_of_work() as uow:
        consent_id = handover.record_consent(
            uow, learner_id=learner_id, data=ConsentInput("learner", "", sections, fields, date(2026, 11, 2))
        )
        uow.commit()
    return consent_id


def test_the_young_persons_own_copy_is_the_default_with_sensitive_fields_unticked(
    panel: HandoverPackPanel,
    learner_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    told: list[str],
) -> None:
    assert panel.stack.currentIndex() == 0
    panel.load(learner_id)
    assert panel.for_learner.isChecked() and panel.audience == Audience.LEARNER
    assert not panel.consent_box.isVisibleTo(panel)
    every = {section.id for section in panel.sections}
    assert set(panel.checks.chosen_sections()) == every
    assert panel.checks.fields, "the pack form has sensitive fields"
    for key, box in panel.checks.fields.items():
        assert box.isEnabled() and not box.isChecked(), key
        assert box.toolTip() == SENSITIVE_TIP
    assert panel.findChildren(type(panel.nobody), "sensitive_marker")
    assert not panel.encrypt.isChecked()

    chosen = tmp_path / "own-copy"  # no suffix typed: .pdf is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(chosen), "")))
    result = panel.save_pack()
    assert result is not None and result.password is None
    assert result.path == tmp_path / "own-copy.pdf"
    text = all_text(PdfReader(result.path))
    assert "Fixing bikes" in text
    assert "NEEDS-CANARY" not in text and "HOME-CANARY" not in text
    assert told == [] or told == ["⚽"]  # the fonts may lack the emoji: then the page says so first


def test_the_receiving_setting_is_refused_without_an_agreement(
    panel: HandoverPackPanel, learner_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel.load(learner_id)
    keys.click(panel.for_receiving)
    assert panel.consent_box.isVisible()
    assert panel.consent_text.text() == NO_AGREEMENT
    assert panel.encrypt.isChecked()  # ticked by default for the receiving setting
    box = panel.checks.sections["profile"]
    assert not box.isEnabled() and box.toolTip() == NOT_AGREED_SECTION
    assert not panel.withdraw_button.isEnabled()
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    out = tmp_path / "out"
    out.mkdir()
    assert panel.save_pack(out / "pack.pdf") is None
    assert warned == [NEEDS_AGREEMENT]
    assert panel.show_preview() == 0
    assert list(out.iterdir()) == []


def test_an_agreement_withdrawn_behind_the_pages_back_is_refused_by_the_service(
    panel: HandoverPackPanel, vault: Vault, learner_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    consent_id = agree(vault, learner_id, ("move", "profile"))
    panel.load(learner_id)
    panel.set_audience(Audience.RECEIVING)
    assert panel.checks.chosen_sections() == ("move", "profile")
    with vault.unit_of_work() as uow:  # as if withdrawn from another page since this one was drawn
        handover.withdraw_consent(uow, consent_id=consent_id, on=TODAY)
        uow.commit()
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    out = tmp_path / "out"
    out.mkdir()
    assert panel.save_pack(out / "pack.pdf") is None
    assert len(warned) == 1 and "no agreement in force" in warned[0]
    assert "Traceback" not in warned[0]
    assert list(out.iterdir()) == []


def test_an_agreement_is_recorded_then_the_pack_is_saved_encrypted_with_its_password_shown_once(
    panel: HandoverPackPanel, vault: Vault, learner_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel.load(learner_id)
    panel.record_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, ConsentDialog)
    assert dialog.move.currentData() is not None  # for this move, by default
    assert not dialog.checks.fields["profile.additional_needs"].isEnabled()  # its section is not ticked yet
    for section in ("move", "profile", "academic"):
        keys.tick(dialog.checks.sections[section])
    keys.tick(dialog.checks.fields["profile.additional_needs"])
    keys.click(dialog.save_button)
    assert panel.dialog is None

    assert panel.audience == Audience.RECEIVING
    words = panel.consent_text.text()
    assert "Agreed by the young person on 20 November 2026" in words
    assert "Extra help with learning" in words and "Riverside College" in words
    assert set(panel.checks.chosen_sections()) == {"move", "profile", "academic"}
    assert not panel.checks.sections["plan"].isEnabled()
    needs = panel.checks.fields["profile.additional_needs"]
    home = panel.checks.fields["profile.home"]
    assert needs.isEnabled() and not needs.isChecked()  # agreed, yet still chosen one by one
    assert not home.isEnabled()  # not agreed
    keys.tick(needs)

    shown: list[str] = []

    def read_password(dialog: PasswordDialog) -> int:
        shown.append(dialog.password.text())
        assert "not kept anywhere" in dialog.findChild(type(panel.nobody), "password_explanation").text()
        return 1

    monkeypatch.setattr(PasswordDialog, "exec", read_password)
    changed: list[bool] = []
    panel.changed.connect(lambda: changed.append(True))
    result = panel.save_pack(tmp_path / "pack.pdf")
    assert result is not None and result.password and changed == [True]
    assert shown == [result.password] and len(result.password) >= 20

    reader = PdfReader(tmp_path / "pack.pdf")
    assert reader.is_encrypted
    assert reader.decrypt("not the password") == PasswordType.NOT_DECRYPTED
    reader = PdfReader(tmp_path / "pack.pdf")
    assert reader.decrypt(shown[0]) != PasswordType.NOT_DECRYPTED
    text = all_text(reader)
    assert "Fixing bikes" in text and "NEEDS-CANARY" in text
    assert "HOME-CANARY" not in text

    with vault.unit_of_work() as uow:
        (entry,) = disclosures.disclosures(uow, learner_id=learner_id)
    assert entry.audit_entry_id == result.audit_entry_id and entry.encrypted


@pytest.mark.skipif(not preview_available(), reason="Qt's PDF module is not installed")
def test_the_preview_shows_exactly_the_pages_that_will_leave(
    panel: HandoverPackPanel, vault: Vault, learner_id: int
) -> None:
    panel.load(learner_id)
    pages = panel.show_preview()
    if pages == 0:
        pytest.skip("QtPdf could not load a document on this platform")
    with vault.unit_of_work() as uow:
        data = handover.pack_pdf(uow, learner_id=learner_id, choice=panel.choice(), today=TODAY)
    import io

    assert pages == len(PdfReader(io.BytesIO(data)).pages) == panel.preview.page_count
    assert pages > 1
    assert panel.preview.page_label.text() == f"Page 1 of {pages}"
    keys.click(panel.preview.next_button)
    assert panel.preview.current_page == 1
    keys.tick(panel.checks.sections["academic"], False)  # the shown pages are no longer what would leave
    assert panel.preview.page_count == 0
    assert "changed" in panel.preview.message.text()


def test_an_agreement_is_withdrawn_with_its_date(
    panel: HandoverPackPanel, vault: Vault, learner_id: int
) -> None:
    agree(vault, learner_id, ("move",))
    panel.load(learner_id)
    panel.set_audience(Audience.RECEIVING)
    assert panel.withdraw_button.isEnabled()
    keys.click(panel.withdraw_button)
    dialog = panel.dialog
    assert isinstance(dialog, WithdrawDialog)
    keys.click(dialog.save_button)
    assert panel.consent is None and panel.consent_text.text() == NO_AGREEMENT
    assert not panel.checks.sections["move"].isEnabled()
    with vault.unit_of_work() as uow:
        (history,) = handover.consents(uow, learner_id=learner_id)
    assert history.withdrawn_on == TODAY


def test_the_copied_password_is_marked_secret_and_cleared_only_if_unchanged(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(secret_clipboard, "CLEAR_CLIPBOARD_MS", 50)
    clipboard = QApplication.clipboard()
    dialog = PasswordDialog("correct-horse-battery-staple-42")
    qtbot.addWidget(dialog)
    dialog.copy_button.click()
    assert clipboard.text() == "correct-horse-battery-staple-42"
    assert "x-kde-passwordManagerHint" in clipboard.mimeData().formats()
    qtbot.waitUntil(lambda: clipboard.text() == "")

    copy_secret("another-password")
    clipboard.setText("something the tutor copied since")
    qtbot.wait(150)
    assert clipboard.text() == "something the tutor copied since"
    dialog.done(1)
    assert dialog.password.text() == ""  # gone from the screen once closed


@pytest.mark.skipif(not preview_available(), reason="Qt's PDF module is not installed")
def test_bytes_that_are_not_a_pdf_are_said_plainly(qtbot: QtBot) -> None:
    preview = PdfPreview()
    qtbot.addWidget(preview)
    assert preview.set_pdf(b"not a PDF at all") == 0
    assert preview.message.text() == UNREADABLE
    assert not preview.next_button.isEnabled() and preview.page_label.text() == ""


def test_a_copied_password_is_taken_off_the_clipboard_on_lock_but_other_text_is_left(qtbot: QtBot) -> None:
    """`clear_secret` runs when the window locks and when it quits."""
    clipboard = QApplication.clipboard()
    copy_secret("a-password-copied-a-moment-ago")
    clear_secret()
    assert clipboard.text() == ""
    copy_secret("another-password")
    clipboard.setText("something the tutor copied since")
    clear_secret()
    assert clipboard.text() == "something the tutor copied since"
