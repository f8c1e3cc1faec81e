"""The learner profile, driven as a user would offscreen: typing, ticking, clicking; checked against what
the window shows and what the vault holds."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.conftest import make_closed_vault, open_vault
from tests.support import keys
from tutordesk.domain.enums import LearnerStatus
from tutordesk.domain.models import AuditEntry
from tutordesk.errors import StorageFailure
from tutordesk.services.learners import profiles as svc
from tutordesk.services.learners.profiles import ConsentEntry, LearnerDetails
from tutordesk.ui.learners import profile as learner_profile
from tutordesk.ui.learners.consent import GiveConsentDialog
from tutordesk.ui.learners.contacts import ContactDialog
from tutordesk.ui.learners.profile import LearnerProfileDialog
from tutordesk.ui.widgets.fields import SENSITIVE_MARKER
from tutordesk.vault.unit_of_work import recorded_statements
from tutordesk.vault.vault import Vault

TODAY = date.today()

OpenDialog = Callable[[int | None], LearnerProfileDialog]


@pytest.fixture
def open_profile(qtbot: QtBot, vault: Vault) -> Iterator[OpenDialog]:
    def opener(learner_id: int | None) -> LearnerProfileDialog:
        dialog = LearnerProfileDialog(vault, learner_id)
        # Teardown closes the dialog; anything a test left unsaved must not block it with a question.
        qtbot.addWidget(dialog, before_close_func=lambda widget: widget.revert_to_saved())  # type: ignore[attr-defined]
        with qtbot.waitExposed(dialog):  # a context manager: called bare it waits for nothing
            dialog.show()
        return dialog

    yield opener


def _save_learner(vault: Vault, details: LearnerDetails) -> int:
    with vault.unit_of_work() as uow:
        result = svc.save_learner(uow, details=details)
        uow.commit()
    return result.learner_id


def _load(vault: Vault, learner_id: int) -> LearnerDetails:
    with vault.unit_of_work() as uow:
        return svc.load_learner(uow, learner_id=learner_id)


def _learner_count(vault: Vault) -> int:
    with vault.unit_of_work() as uow:
        return len(uow.session.connection().exec_driver_sql("SELECT id FROM learner").all())


def _click_item(qtbot: QtBot, tree: QTreeWidget, item: QTreeWidgetItem) -> None:
    tree.scrollToItem(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())


def _answer_modal(qtbot: QtBot, kind: type[QWidget], act: Callable[[QWidget], None]) -> list[QWidget]:
    """Run `act` on the next modal window of type `kind` once it opens (it blocks in exec)."""
    seen: list[QWidget] = []

    def look() -> None:
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, kind) or not modal.isVisible():
            QTimer.singleShot(10, look)
            return
        seen.append(modal)
        act(modal)

    QTimer.singleShot(0, look)
    return seen


def _press(button: QMessageBox.StandardButton) -> Callable[[QWidget], None]:
    def act(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        box.button(button).click()

    return act


# --------------------------------------------------------------------------------------------------


def test_a_new_learner_is_typed_saved_and_reopened(
    qtbot: QtBot, vault: Vault, open_profile: OpenDialog
) -> None:
    dialog = open_profile(None)
    details = dialog.details_tab
    assert dialog.windowTitle() == "Learner profile"
    assert dialog.status_label.text() == "Not saved yet"
    assert not dialog.save_button.isEnabled()
    qtbot.keyClicks(details.lines["given_name"], "Wren")
    qtbot.keyClicks(details.lines["family_name"], "Thistlecombe")
    qtbot.keyClicks(details.lines["programme"], "Level 2 Catering")
    qtbot.keyClicks(details.dates["date_of_birth"].edit, f"3/4/{TODAY.year - 16}")
    qtbot.keyClick(details.status, Qt.Key.Key_Down)
    qtbot.keyClicks(details.texts["additional_needs"], "Extra time")
    assert dialog.has_unsaved_changes()
    assert dialog.save_button.isEnabled()
    assert details.age.text().startswith("Age 1")

    with qtbot.waitSignal(dialog.saved, timeout=2000) as signal:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    learner_id = signal.args[0]
    assert dialog.status_label.text() == f"Saved at {datetime.now():%H:%M}"
    assert not dialog.has_unsaved_changes()
    assert dialog.windowTitle() == "Learner profile"  # the name is shown inside, never in the title

    again = open_profile(learner_id)
    assert again.details_tab.lines["given_name"].text() == "Wren"
    assert again.details_tab.lines["family_name"].text() == "Thistlecombe"
    assert again.details_tab.lines["programme"].text() == "Level 2 Catering"
    assert again.details_tab.dates["date_of_birth"].value() == date(TODAY.year - 16, 4, 3)
    assert again.details_tab.status.currentData() == LearnerStatus.EARLY_LEAVER
    assert again.details_tab.texts["additional_needs"].toPlainText() == "Extra time"
    assert again.heading.text() == "Wren Thistlecombe"
    assert "Wren" not in again.windowTitle() and "Thistlecombe" not in again.windowTitle()
    assert not again.has_unsaved_changes()


def test_an_implausible_date_of_birth_disables_save_and_says_why(
    qtbot: QtBot, vault: Vault, open_profile: OpenDialog
) -> None:
    dialog = open_profile(None)
    details = dialog.details_tab
    qtbot.keyClicks(details.lines["given_name"], "Ivo")
    qtbot.keyClicks(details.lines["family_name"], "Valewind")
    assert dialog.save_button.isEnabled()
    qtbot.keyClicks(details.dates["date_of_birth"].edit, f"1/1/{TODAY.year - 4}")
    problem = details.problems["date_of_birth"]
    assert not dialog.save_button.isEnabled()
    assert problem.isVisible()
    assert "makes them" in problem.text() and "10 to 30" in problem.text()
    assert dialog.problems_label.isVisible()
    assert not dialog.save()  # what Ctrl+S runs
    assert _learner_count(vault) == 0

    qtbot.mouseClick(details.dates["date_of_birth"].clear_button, Qt.MouseButton.LeftButton)
    assert details.dates["date_of_birth"].value() is None
    assert not problem.isVisible()
    assert dialog.save_button.isEnabled()


def test_a_new_form_shows_a_problem_only_once_its_field_is_touched(
    qtbot: QtBot, open_profile: OpenDialog
) -> None:
    dialog = open_profile(None)
    details = dialog.details_tab
    given, family = details.lines["given_name"], details.lines["family_name"]
    shown = lambda: {name for name, label in details.problems.items() if label.isVisible()}  # noqa: E731
    assert shown() == set() and not dialog.problems_label.isVisible()  # nothing typed: nothing in red
    keys.type_text(given, "K")
    assert shown() == set()  # the family name is not touched yet
    qtbot.keyClick(given, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is family and shown() == set()
    qtbot.keyClick(family, Qt.Key.Key_Tab)  # in the family name and out again, leaving it empty
    assert shown() == {"family_name"}
    assert details.problems["family_name"].text() == "Enter a family name."
    assert dialog.problems_label.isVisible() and not dialog.save_button.isEnabled()
    keys.type_text(family, "Marsh")
    assert shown() == set() and dialog.save_button.isEnabled()


def test_trying_to_save_shows_every_problem(qtbot: QtBot, vault: Vault, open_profile: OpenDialog) -> None:
    dialog = open_profile(None)
    details = dialog.details_tab
    keys.type_text(details.texts["notes"], "Met at the open day")
    assert not details.problems["given_name"].isVisible() and dialog.save_button.isEnabled()
    qtbot.keyClick(details.texts["notes"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert details.problems["given_name"].isVisible() and details.problems["family_name"].isVisible()
    assert details.problems["given_name"].text() == "Enter a given name."
    assert dialog.problems_label.text() == "Fix the 2 problems shown in red to save."
    assert _learner_count(vault) == 0


def test_two_risk_factors_ticked_with_a_note_are_saved(
    qtbot: QtBot, vault: Vault, open_profile: OpenDialog
) -> None:
    learner_id = _save_learner(vault, LearnerDetails(given_name="Kit", family_name="Oakenshire"))
    dialog = open_profile(learner_id)
    dialog.tabs.setCurrentWidget(dialog.risk_tab)
    tree = dialog.risk_tab.tree
    first, second = list(dialog.risk_tab.items)[:2]
    for term_id, note in ((first, "Said so at review"), (second, "Tutor noticed")):
        _click_item(qtbot, tree, dialog.risk_tab.items[term_id])
        qtbot.keyClick(tree, Qt.Key.Key_Space)
        assert dialog.risk_tab.is_ticked(term_id)
        assert dialog.risk_tab.editor.isEnabled()
        qtbot.keyClicks(dialog.risk_tab.note, note)
    assert dialog.tabs.tabText(1) == "Risk factors (2)"
    assert dialog.risk_tab.items[first].text(3) == "Said so at review"

    assert dialog.save()
    saved = _load(vault, learner_id).risk_factors
    assert [(f.term_id, f.identified_on, f.note) for f in saved] == [
        (first, TODAY, "Said so at review"),
        (second, TODAY, "Tutor noticed"),
    ]
    # Unticking and ticking again before saving brings the note back.
    _click_item(qtbot, tree, dialog.risk_tab.items[first])
    qtbot.keyClick(tree, Qt.Key.Key_Space)
    assert not dialog.risk_tab.is_ticked(first)
    qtbot.keyClick(tree, Qt.Key.Key_Space)
    assert dialog.risk_tab.entries()[0].note == "Said so at review"
    assert not dialog.has_unsaved_changes()


def test_groups_are_ticked_and_ctrl_s_saves(qtbot: QtBot, vault: Vault, open_profile: OpenDialog) -> None:
    learner_id = _save_learner(vault, LearnerDetails(given_name="Gus", family_name="Wimbleton"))
    dialog = open_profile(learner_id)
    with qtbot.waitActive(dialog):  # shortcuts reach only the active window
        dialog.activateWindow()
    dialog.tabs.setCurrentWidget(dialog.groups_tab)
    tree = dialog.groups_tab.tree
    term_id = next(iter(dialog.groups_tab.items))
    _click_item(qtbot, tree, dialog.groups_tab.items[term_id])
    qtbot.keyClick(tree, Qt.Key.Key_Space)
    assert dialog.tabs.tabText(3) == "Groups (1)"
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        qtbot.keyClick(tree, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert _load(vault, learner_id).group_term_ids == {term_id}


def test_a_learner_that_cannot_be_loaded_is_explained_not_edited(open_profile: OpenDialog) -> None:
    dialog = open_profile(4242)
    assert dialog.error_label.isVisible() and "not in this vault" in dialog.error_label.text()
    assert not dialog.tabs.isEnabled() and not dialog.save_button.isEnabled()
    assert not dialog.has_unsaved_changes() and dialog.try_close()


def test_the_factor_search_hides_what_does_not_match(qtbot: QtBot, open_profile: OpenDialog) -> None:
    dialog = open_profile(None)
    dialog.tabs.setCurrentWidget(dialog.risk_tab)
    qtbot.keyClicks(dialog.risk_tab.filter, "bully")
    shown = [item.text(0) for item in dialog.risk_tab.items.values() if not item.isHidden()]
    assert shown and all("ull" in text.lower() for text in shown)


def test_a_withdrawn_consent_is_shown_withdrawn(qtbot: QtBot, vault: Vault, open_profile: OpenDialog) -> None:
    with vault.unit_of_work() as uow:
        purpose = svc.term_choices(uow, taxonomy="consent_purpose")[0]
    given = datetime.now(UTC).replace(microsecond=0) - timedelta(days=30)
    learner_id = _save_learner(
        vault,
        LearnerDetails(
            given_name="Suki",
            family_name="Rookhaven",
            consents=(ConsentEntry(purpose_term_id=purpose.id, given_at=given),),
        ),
    )
    dialog = open_profile(learner_id)
    dialog.tabs.setCurrentWidget(dialog.consent_tab)
    table = dialog.consent_tab.table
    assert dialog.consent_tab.status_text(0) == "In force"
    assert not dialog.consent_tab.withdraw_button.isEnabled()
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualItemRect(table.item(0, 0)).center()
    )
    assert dialog.consent_tab.withdraw_button.isEnabled()
    assert not dialog.consent_tab.remove_button.isEnabled()  # saved records are withdrawn, never removed
    qtbot.mouseClick(dialog.consent_tab.withdraw_button, Qt.MouseButton.LeftButton)
    today_text = datetime.now().strftime("%d/%m/%Y")
    assert dialog.consent_tab.status_text(0) == f"Withdrawn {today_text} (not saved yet)"
    assert dialog.has_unsaved_changes()

    assert dialog.save()
    assert dialog.consent_tab.status_text(0) == f"Withdrawn {today_text}"
    assert not _load(vault, learner_id).consents[0].in_force
    with vault.unit_of_work() as uow:
        last = uow.session.get(
            AuditEntry, uow.session.connection().exec_driver_sql("SELECT max(id) FROM audit_entry").scalar()
        )
        assert last is not None and (last.action, last.subject) == (
            "consent.withdrawn",
            f"learner:{learner_id}",
        )


def test_closing_with_unsaved_changes_asks_first(
    qtbot: QtBot, vault: Vault, open_profile: OpenDialog
) -> None:
    learner_id = _save_learner(vault, LearnerDetails(given_name="Orla", family_name="Greywillow"))
    dialog = open_profile(learner_id)
    qtbot.keyClicks(dialog.details_tab.texts["notes"], "Met mum at parents' evening")

    seen = _answer_modal(qtbot, QMessageBox, _press(QMessageBox.StandardButton.Cancel))
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert seen and seen[0].objectName() == "unsaved_changes"
    assert dialog.isVisible() and dialog.has_unsaved_changes()

    _answer_modal(qtbot, QMessageBox, _press(QMessageBox.StandardButton.Save))
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert _load(vault, learner_id).notes == "Met mum at parents' evening"


def test_discarding_on_close_keeps_the_vault_as_it_was(
    qtbot: QtBot, vault: Vault, open_profile: OpenDialog
) -> None:
    learner_id = _save_learner(vault, LearnerDetails(given_name="Orla", family_name="Greywillow"))
    dialog = open_profile(learner_id)
    qtbot.keyClicks(dialog.details_tab.lines["family_name"], "-Smith")
    _answer_modal(qtbot, QMessageBox, _press(QMessageBox.StandardButton.Discard))
    assert dialog.try_close()
    assert _load(vault, learner_id).family_name == "Greywillow"


def test_an_unsaveable_profile_cannot_be_saved_from_the_close_question(
    qtbot: QtBot, open_profile: OpenDialog
) -> None:
    dialog = open_profile(None)
    qtbot.keyClicks(dialog.details_tab.lines["given_name"], "Only a first name")
    buttons: list[int] = []

    def act(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        buttons.append(int(box.standardButtons().value))
        box.button(QMessageBox.StandardButton.Cancel).click()

    _answer_modal(qtbot, QMessageBox, act)
    assert not dialog.try_close()
    assert not buttons[0] & QMessageBox.StandardButton.Save.value


def test_sensitive_fields_carry_the_marker(open_profile: OpenDialog) -> None:
    dialog = open_profile(None)
    for name in ("additional_needs", "health_notes"):
        field = dialog.details_tab.texts[name]
        assert field.property("sensitive") is True
        cell = field.parentWidget()
        markers = [label.text() for label in cell.findChildren(QLabel)]
        assert SENSITIVE_MARKER in markers
    assert dialog.details_tab.texts["notes"].property("sensitive") is None
    assert dialog.risk_tab.note.property("sensitive") is True
    sensitive_groups = [item for item in dialog.groups_tab.items.values() if item.text(1) == "Sensitive"]
    assert sensitive_groups


def test_a_vault_error_is_shown_and_the_typing_is_kept(
    qtbot: QtBot, vault: Vault, open_profile: OpenDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(*args: object, **kwargs: object) -> object:
        raise StorageFailure("The disk is full, so this change was not saved. Free some space and try again.")

    monkeypatch.setattr(learner_profile, "save_profile", full_disk)
    dialog = open_profile(None)
    qtbot.keyClicks(dialog.details_tab.lines["given_name"], "Tam")
    qtbot.keyClicks(dialog.details_tab.lines["family_name"], "Umberlee")
    with qtbot.assertNotEmitted(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.isVisible()
    assert "The disk is full" in dialog.error_label.text()
    assert "Saved" not in dialog.status_label.text()
    assert dialog.details_tab.lines["given_name"].text() == "Tam"
    assert dialog.has_unsaved_changes()
    assert _learner_count(vault) == 0


def test_revert_and_undo_last_save(qtbot: QtBot, vault: Vault, open_profile: OpenDialog) -> None:
    learner_id = _save_learner(vault, LearnerDetails(given_name="Milo", family_name="Dovecote"))
    dialog = open_profile(learner_id)
    family = dialog.details_tab.lines["family_name"]
    assert not dialog.revert_button.isEnabled() and not dialog.undo_save_button.isEnabled()

    qtbot.keyClicks(family, "-Birch")
    qtbot.mouseClick(dialog.revert_button, Qt.MouseButton.LeftButton)
    assert family.text() == "Dovecote" and not dialog.has_unsaved_changes()

    family.selectAll()
    qtbot.keyClicks(family, "Birchwhistle")
    assert dialog.save()
    assert _load(vault, learner_id).family_name == "Birchwhistle"
    assert dialog.undo_save_button.isEnabled()
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        qtbot.mouseClick(dialog.undo_save_button, Qt.MouseButton.LeftButton)
    assert _load(vault, learner_id).family_name == "Dovecote"
    assert family.text() == "Dovecote"
    assert not dialog.undo_save_button.isEnabled()  # one step only


def test_archive_and_restore(qtbot: QtBot, vault: Vault, open_profile: OpenDialog) -> None:
    dialog = open_profile(None)
    assert not dialog.archive_button.isEnabled()  # nothing to archive before the first save
    learner_id = _save_learner(vault, LearnerDetails(given_name="Nell", family_name="Fernhallow"))
    dialog = open_profile(learner_id)
    assert dialog.archive_button.text() == "Archive" and not dialog.archived_banner.isVisible()
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        qtbot.mouseClick(dialog.archive_button, Qt.MouseButton.LeftButton)
    assert dialog.archived_banner.isVisible() and dialog.archive_button.text() == "Restore"
    assert _load(vault, learner_id).archived_at is not None
    assert not dialog.has_unsaved_changes()
    qtbot.mouseClick(dialog.archive_button, Qt.MouseButton.LeftButton)
    assert _load(vault, learner_id).archived_at is None
    assert not dialog.archived_banner.isVisible()


def test_a_contact_is_added_with_consent_to_contact(
    qtbot: QtBot, vault: Vault, open_profile: OpenDialog
) -> None:
    learner_id = _save_learner(vault, LearnerDetails(given_name="Hana", family_name="Kestrelby"))
    dialog = open_profile(learner_id)
    dialog.tabs.setCurrentWidget(dialog.contacts_tab)

    def fill(window: QWidget) -> None:
        assert isinstance(window, ContactDialog)
        ok = window.buttons.button(window.buttons.StandardButton.Ok)
        assert not ok.isEnabled()  # no name yet
        qtbot.keyClicks(window.given_name, "Ada")
        qtbot.keyClicks(window.family_name, "Kestrelby")
        qtbot.keyClicks(window.relationship, "Mum")
        qtbot.keyClicks(window.email, "ada@")
        assert not ok.isEnabled() and "looks incomplete" in window.problem.text()
        qtbot.keyClicks(window.email, "example.invalid")
        qtbot.mouseClick(window.channels[next(iter(window.channels))], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(window.consent, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    _answer_modal(qtbot, ContactDialog, fill)
    qtbot.mouseClick(dialog.contacts_tab.add_button, Qt.MouseButton.LeftButton)
    assert dialog.contacts_tab.table.rowCount() == 1
    assert dialog.contacts_tab.table.item(0, 4).text() == "Agreed"
    assert dialog.tabs.tabText(4) == "Contacts and family (1)"
    assert dialog.save()
    contact = _load(vault, learner_id).contacts[0]
    assert (contact.display_name, contact.relationship, contact.email, contact.consent_to_contact) == (
        "Ada Kestrelby",
        "Mum",
        "ada@example.invalid",
        True,
    )
    assert len(contact.channels) == 1


def test_consent_is_given_through_its_dialog(qtbot: QtBot, vault: Vault, open_profile: OpenDialog) -> None:
    learner_id = _save_learner(vault, LearnerDetails(given_name="Yara", family_name="Zephyrholt"))
    dialog = open_profile(learner_id)
    dialog.tabs.setCurrentWidget(dialog.consent_tab)

    def fill(window: QWidget) -> None:
        assert isinstance(window, GiveConsentDialog)
        qtbot.keyClicks(window.wording, "2026-09")
        qtbot.mouseClick(window.buttons.button(window.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)

    _answer_modal(qtbot, GiveConsentDialog, fill)
    qtbot.mouseClick(dialog.consent_tab.give_button, Qt.MouseButton.LeftButton)
    assert dialog.consent_tab.status_text(0) == "In force (not saved yet)"
    assert dialog.consent_tab.remove_button.isEnabled()  # not saved yet, so it can still be taken back
    assert dialog.save()
    consents = _load(vault, learner_id).consents
    assert [(c.wording_version, c.in_force) for c in consents] == [("2026-09", True)]


def test_a_profile_opens_with_the_same_statements_whoever_it_shows(qtbot: QtBot, tmp_path: Path) -> None:
    """No statement per factor, contact or consent: the time budget (100 ms) is measured in bench/."""
    path = make_closed_vault(tmp_path / "big.vault", learners=60)
    with open_vault(path) as vault:
        LearnerProfileDialog(vault, 1).deleteLater()  # warm-up: first use of each widget class
        counts = set()
        for learner_id in (10, 25, 40, 55):
            with recorded_statements(vault.engine) as statements:
                dialog = LearnerProfileDialog(vault, learner_id)
                dialog.show()
                QApplication.processEvents()
            counts.add(len(statements))
            assert dialog.windowTitle() == "Learner profile"
            dialog.hide()
            dialog.deleteLater()
        assert len(counts) == 1, counts


def test_the_pupil_reference_is_typed_kept_and_never_shared_by_two_learners(
    qtbot: QtBot, vault: Vault, open_profile: OpenDialog
) -> None:
    first = _save_learner(vault, LearnerDetails(given_name="Ada", family_name="Ashcombe"))
    dialog = open_profile(first)
    qtbot.keyClicks(dialog.details_tab.lines["school_reference"], "A123456789012")
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert _load(vault, first).school_reference == "A123456789012"

    other = open_profile(None)
    details = other.details_tab
    qtbot.keyClicks(details.lines["given_name"], "Ben")
    qtbot.keyClicks(details.lines["family_name"], "Brook")
    qtbot.keyClicks(details.lines["school_reference"], "A123456789012")
    qtbot.mouseClick(other.save_button, Qt.MouseButton.LeftButton)
    assert details.problems["school_reference"].text() == "Another learner already has this pupil reference."
    assert _learner_count(vault) == 1 and other.has_unsaved_changes()  # nothing saved, nothing lost
