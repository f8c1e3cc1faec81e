"""Every tab, inner page and dialog of the main window, walked as a keyboard and screen-reader user meets
them (see tests/support/walk.py): no Alt letter shared in one window, no interactive widget without a name,
no read-only table that keeps the Tab key, and no dialog where Enter presses Cancel or Close."""

from __future__ import annotations

import importlib
import io
import pkgutil
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QProxyStyle, QStyle, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

import tutordesk.ui
from tests.conftest import FAST, make_closed_vault
from tests.support import builders, keys
from tests.support.walk import Walker, mnemonic
from tutordesk.services.followup import contacts
from tutordesk.services.plans import baseline
from tutordesk.services.plans import roadmap as plans
from tutordesk.services.plans.baseline import AssessmentInput
from tutordesk.services.transitions import handover, handover_material
from tutordesk.services.transitions.handover import ConsentInput
from tutordesk.settings import Settings
from tutordesk.ui.diaries.practice_journal import PseudonymPreview
from tutordesk.ui.mentoring.contact_dialog import AnsweredDialog
from tutordesk.ui.mentoring.phase_dialog import ReflectionHistoryDialog
from tutordesk.ui.plans.roadmap_header import AgreeDialog
from tutordesk.ui.plans.stage_dialog import StageDialog
from tutordesk.ui.shell.first_run_dialog import FirstRunDialog
from tutordesk.ui.shell.main_window import MainWindow
from tutordesk.ui.shell.unlock_dialog import UnlockDialog
from tutordesk.ui.transitions.disclosures_panel import ReceiptDialog
from tutordesk.ui.transitions.handover_consent_dialog import PasswordDialog
from tutordesk.ui.transitions.handover_pack_panel import HandoverPackPanel
from tutordesk.ui.transitions.profile import ProfilePanel
from tutordesk.ui.widgets.goal_dialog import GoalDialog
from tutordesk.ui.widgets.look import apply_look
from tutordesk.vault.vault import BackupPolicy, Vault

TODAY = date(2026, 11, 20)


def _learner_with_everything(vault: Vault) -> int:
    """An agreed plan with a review, two baseline assessments, a diary entry, a mentoring relationship, a move,
    a logged contact with a follow-up and the young person's agreement to share a handover pack."""
    learner_id = builders.add_learner(vault, setting="Northgate College")
    builders.add_plan(vault, learner_id, agreed_on=date(2026, 9, 1))
    builders.add_review(vault, learner_id, held_on=date(2026, 10, 1))
    builders.add_entry(vault, learner_id, written_on=date(2026, 11, 2), body="Walked to college on time.")
    builders.add_relationship(vault, learner_id, started_on=date(2026, 9, 7), mentor_name="Sam Okafor")
    builders.add_transition(vault, learner_id, receiving_setting="Riverside Training Centre")
    builders.add_contact(
        vault,
        learner_id,
        held_on=date(2026, 11, 3),
        follow_ups=(contacts.FollowUpInput("Ring the college", who="Tutor", due_on=date(2026, 11, 10)),),
    )
    with vault.unit_of_work() as uow:
        for day, words in ((date(2026, 9, 1), "Cooking"), (date(2026, 11, 1), "Cooking and maths")):
            baseline.save_assessment(
                uow,
                learner_id=learner_id,
                assessment=AssessmentInput(assessed_on=day, learner_strengths=words),
            )
        for title, name, data in (
            ("A drawing", "drawing.png", _png()),
            ("A certificate", "award.pdf", _pdf()),
        ):
            handover_material.add_attachment(
                uow, learner_id=learner_id, title=title, file_name=name, data=data, added_on=date(2026, 11, 3)
            )
        sections = tuple(section.id for section in handover.pack_sections())
        handover.record_consent(
            uow, learner_id=learner_id, data=ConsentInput("learner", "", sections, (), date(2026, 11, 2))
        )
        uow.commit()
    return learner_id


def _png() -> bytes:
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#2e7d32"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


def _pdf() -> bytes:
    from reportlab.pdfgen import canvas

    made = io.BytesIO()
    page = canvas.Canvas(made)
    page.drawString(72, 720, "Certificate of achievement")
    page.showPage()
    page.save()
    return made.getvalue()


def _show(panel: QWidget) -> None:
    """Bring the page holding `panel` to the front, tab by tab from the outside in, as clicking the tabs does."""
    tabs_above = []
    parent = panel.parentWidget()
    while parent is not None:
        if isinstance(parent, QTabWidget):
            tabs_above.append(parent)
        parent = parent.parentWidget()
    for tabs in reversed(tabs_above):
        index = next(
            i for i in range(tabs.count()) if tabs.widget(i) is panel or tabs.widget(i).isAncestorOf(panel)
        )
        tabs.setCurrentIndex(index)
        QTest.qWait(20)


def _learner_with_a_draft_plan(vault: Vault) -> int:
    learner_id = builders.add_learner(vault, "Kai", "Ashdown")
    with vault.unit_of_work() as uow:
        draft = plans.start_plan(uow, learner_id=learner_id)
        stage_id = plans.add_stage(
            uow, version_id=draft.version_id, stage=plans.StageInput(title="Settle in")
        )
        plans.add_goal(uow, stage_id=stage_id, goal=plans.GoalInput(learner_words="Get there by nine"))
        uow.commit()
    return learner_id


class IconsOnButtons(QProxyStyle):
    """A desktop whose theme puts icons on standard dialog buttons (as some Linux themes do)."""

    def styleHint(self, hint: QStyle.StyleHint, *args: object) -> int:  # noqa: N802 - Qt's name
        if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 1
        return int(super().styleHint(hint, *args))  # type: ignore[arg-type]


@pytest.fixture
def themed_desktop(qapp: QApplication) -> Iterator[None]:
    """TutorDesk's look put over a theme with icons on dialog buttons, as `application.run` puts it."""
    was = qapp.style().name()
    apply_look(qapp, IconsOnButtons("fusion"))
    yield
    qapp.setStyle(was)


@pytest.fixture
def window(qtbot: QtBot, vault: Vault, tmp_path: Path) -> MainWindow:
    learner_id = _learner_with_everything(vault)
    _learner_with_a_draft_plan(vault)
    shown = MainWindow(
        vault,
        Settings(),
        backups=BackupPolicy(folder=tmp_path / "backups", daily=False),
        today=lambda: TODAY,
    )
    qtbot.addWidget(shown)
    with qtbot.waitExposed(shown):
        shown.show()
    assert shown.caseload.select_learner(learner_id)
    return shown


def test_mnemonic_finds_the_alt_letter() -> None:
    assert mnemonic("Save as &PDF…") == "p" and mnemonic("Fish && &Chips") == "c"
    assert mnemonic("No letter") is None and mnemonic("Tom && Jerry") is None


def test_every_tab_page_and_dialog_is_reachable_by_keyboard_and_named(
    themed_desktop: None, window: MainWindow
) -> None:
    walker = Walker()
    everything = window.caseload.selected_learner
    assert everything is not None
    for row in range(window.caseload.model.rowCount()):  # each learner shows other pages and dialogs
        assert window.caseload.select_learner(window.caseload.model.row_at(row).id)
        window.tabs.setCurrentIndex(0)
        walker.walk(window)
    _walk_what_a_choice_shows(window, walker, everything)
    window.lock_action.trigger()  # File → Lock
    assert window.is_locked
    walker.check(window)  # the lock screen
    assert not walker.problems, "\n".join(walker.problems)
    # Every dialog class of the window is walked, or checked on its own below, or listed here with why not.
    unchecked = _dialog_classes() - walker.dialogs_seen - CHECKED_ON_THEIR_OWN - NOT_CHECKED
    assert not unchecked, f"dialogs no test opens: {sorted(unchecked)}"


def _walk_what_a_choice_shows(window: MainWindow, walker: Walker, learner_id: int) -> None:
    """The dialogs behind a choice first: the agreement to share a pack, once the receiving setting is
    chosen as its audience, and each example of good work, viewed (an image, and a PDF)."""
    assert window.caseload.select_learner(learner_id)
    pack = window.findChild(HandoverPackPanel)
    assert pack is not None and pack.learner_id is not None
    _show(pack)
    keys.click(pack.for_receiving)
    assert pack.record_button.isVisible() and pack.withdraw_button.isEnabled()
    walker.look(window)  # Record agreement… and Withdraw…
    profile = window.findChild(ProfilePanel)
    assert profile is not None
    _show(profile)
    view = profile.work.view
    assert view.model().rowCount() == 2
    for row in range(2):
        keys.click_index(view, view.model().index(row, 0))
        walker.open(lambda: keys.click(profile.view_button))


CHECKED_ON_THEIR_OWN = {
    "tutordesk.ui.shell.first_run_dialog.FirstRunDialog",
    "tutordesk.ui.shell.unlock_dialog.UnlockDialog",
    "tutordesk.ui.transitions.handover_consent_dialog.PasswordDialog",
    "tutordesk.ui.diaries.practice_journal.PseudonymPreview",
    "tutordesk.ui.plans.stage_dialog.StageDialog",
    "tutordesk.ui.widgets.goal_dialog.GoalDialog",
    "tutordesk.ui.plans.roadmap_header.AgreeDialog",
    "tutordesk.ui.transitions.disclosures_panel.ReceiptDialog",
    "tutordesk.ui.mentoring.contact_dialog.AnsweredDialog",
    "tutordesk.ui.mentoring.phase_dialog.ReflectionHistoryDialog",
}
NOT_CHECKED = {
    "tutordesk.ui.widgets.dialogs.RecordDialog",  # bases: their subclasses are checked
    "tutordesk.ui.widgets.item_dialog.ItemDialog",
}


def _dialog_classes() -> set[str]:
    """Every QDialog subclass defined in tutordesk.ui, as module.Class."""
    for module in pkgutil.walk_packages(tutordesk.ui.__path__, "tutordesk.ui."):
        importlib.import_module(module.name)
    found, stack = set(), [QDialog]
    while stack:
        for subclass in stack.pop().__subclasses__():
            stack.append(subclass)
            if subclass.__module__.startswith("tutordesk.ui."):
                found.add(f"{subclass.__module__}.{subclass.__name__}")
    return found


def test_tab_leaves_the_caseload_table_for_the_due_panel(window: MainWindow, qtbot: QtBot) -> None:
    table, due = window.caseload.table, window.caseload.due_table
    table.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is due
    QTest.keyClick(due, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is table


def test_the_windows_before_the_vault_is_open_pass_the_same_checks(
    qtbot: QtBot, vault_path: Path, tmp_path: Path
) -> None:
    walker = Walker()
    first_run = FirstRunDialog(vault_path, cost=FAST)
    qtbot.addWidget(first_run)
    with qtbot.waitExposed(first_run):
        first_run.show()
    walker.check(first_run)
    assert first_run.create_button.isDefault()
    make_closed_vault(tmp_path / "other" / "test.vault")
    unlock = UnlockDialog(tmp_path / "other" / "test.vault", BackupPolicy(folder=tmp_path / "backups"))
    qtbot.addWidget(unlock)
    with qtbot.waitExposed(unlock):
        unlock.show()
    walker.check(unlock)
    assert unlock.unlock_button.isDefault()
    assert not walker.problems, "\n".join(walker.problems)


@pytest.mark.parametrize(
    "make",
    [
        lambda: PasswordDialog("correct-horse-battery-staple-42"),
        lambda: PseudonymPreview("Learner A walked in with Learner B."),
        lambda: StageDialog(),
        lambda: StageDialog(read_only=True, reason="This vault is read-only."),
        lambda: GoalDialog(today=TODAY, stage_title="Settle in"),
        lambda: AgreeDialog(2, TODAY),
        lambda: ReceiptDialog(title="Receipt", label="Sent on", on=TODAY, on_save=lambda _day: True),
        lambda: AnsweredDialog(now=datetime(2026, 11, 20, 9, 30), what="A message", on_save=lambda _at: True),
        lambda: ReflectionHistoryDialog(
            item_text="Trust", records=[], can_remove=False, on_remove=lambda _r: None
        ),
    ],
    ids=[
        "pack password",
        "pseudonymised text",
        "stage",
        "stage, read-only",
        "goal",
        "agree",
        "receipt",
        "answered",
        "reflections",
    ],
)
def test_dialogs_the_walk_does_not_open_pass_the_same_checks(
    qtbot: QtBot, make: Callable[[], QDialog]
) -> None:
    dialog = make()
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    walker = Walker()
    walker.check(dialog)
    assert not walker.problems, "\n".join(walker.problems)
