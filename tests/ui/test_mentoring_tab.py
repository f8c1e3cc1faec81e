"""The Mentoring tab driven as a mentor would: start a relationship, set its phase, write and save the
agreement, sign and print it, close the relationship and reopen it — on a real vault, with real PDFs."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.support import builders, keys
from tutordesk.domain.mentoring_enums import ClosureReason, ContactChannel, MentorKind, Weekday
from tutordesk.services.caseload.rows import CaseloadRow, list_caseload
from tutordesk.services.mentoring import relationships as mentoring
from tutordesk.services.mentoring.documents import AGREEMENT_FORM, CLOSURE_FORM
from tutordesk.ui.mentoring import closure as mentoring_closure
from tutordesk.ui.mentoring import documents as mentoring_documents
from tutordesk.ui.mentoring import relationship_dialog as mentoring_relationship_dialog
from tutordesk.ui.mentoring.closure import ClosurePanel
from tutordesk.ui.mentoring.documents import DocumentsPanel
from tutordesk.ui.mentoring.relationship_dialog import RelationshipDialog
from tutordesk.ui.mentoring.tab import PAGE_TITLES, MentoringTab
from tutordesk.ui.mentoring.terms import USUAL_LIMITS, TermsPanel
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.ui.widgets.signature_dialog import SignatureDialog
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 20)
STARTED = date(2026, 3, 2)
LEARNER = ("Zoë", "Ångström-Nguyễn")
MENTOR = "Sam Okafor"


def add_learner(vault: Vault, names: tuple[str, str] = LEARNER) -> int:
    return builders.add_learner(vault, *names, setting="Northgate College")


def add_relationship(vault: Vault, learner_id: int, mentor: str = MENTOR, started: date = STARTED) -> int:
    return builders.add_relationship(vault, learner_id, started_on=started, mentor_name=mentor)


def caseload_row(vault: Vault, learner_id: int) -> CaseloadRow:
    with vault.unit_of_work() as uow:
        return next(row for row in list_caseload(uow, today=TODAY) if row.id == learner_id)


@pytest.fixture
def learner_id(vault: Vault) -> int:
    return add_learner(vault)


@pytest.fixture
def tab(qtbot: QtBot, vault: Vault) -> Iterator[MentoringTab]:
    shown = MentoringTab(PanelContext(vault=lambda: vault, today=lambda: TODAY))
    qtbot.addWidget(shown)
    shown.resize(1200, 800)
    with qtbot.waitExposed(shown):
        shown.show()
    yield shown
    if shown.dialog is not None:
        shown.dialog.done(0)


@pytest.fixture
def agree(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answer every confirmation of the mentoring pages with yes; the texts asked are kept to look at."""
    asked: list[str] = []

    def yes(_parent: object, text: str, _action: str, detail: str = "") -> bool:
        asked.append(f"{text} {detail}")
        return True

    for module in (mentoring_closure, mentoring_documents, mentoring_relationship_dialog):
        monkeypatch.setattr(module, "confirm", yes)
    return asked


def page(tab: MentoringTab, title: str) -> object:
    index = PAGE_TITLES.index(title)
    keys.choose_tab(tab.inner, index)
    return tab.panels[index]


def only_relationship(vault: Vault, learner_id: int) -> mentoring.RelationshipView:
    with vault.unit_of_work() as uow:
        [view] = mentoring.relationships(uow, learner_id=learner_id)
    return view


def test_starting_a_relationship_through_the_dialog_and_choosing_its_phase(
    tab: MentoringTab, vault: Vault, learner_id: int, qtbot: QtBot
) -> None:
    tab.show_learner(caseload_row(vault, learner_id))
    assert tab.pages.currentWidget() is tab.none_yet
    assert tab.start_button.isEnabled()

    tab.activateWindow()
    tab.start_button.setFocus()
    qtbot.waitUntil(lambda: tab.start_button.hasFocus())
    qtbot.keyClick(
        tab.start_button,
        Qt.Key.Key_M,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = tab.dialog
    assert isinstance(dialog, RelationshipDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "New mentoring relationship"  # never the learner's name
    assert dialog.delete_button is None  # nothing to delete yet
    assert not dialog.save()  # a mentor needs a name: it goes on the agreement
    assert "mentor's or coach's name" in dialog.problem.text()

    assert not dialog.line_manager.isEnabled()
    qtbot.keyClicks(dialog.mentor_name, MENTOR)
    keys.pick_data(dialog.mentor_kind, MentorKind.VOLUNTEER.value)
    keys.type_text(dialog.mentor_role, "Retired engineer")
    keys.tick(dialog.external)
    assert dialog.line_manager.isEnabled() and dialog.line_manager_label.font().bold()
    keys.type_text(dialog.line_manager, "Chris Hale, volunteer coordinator")
    keys.type_text(dialog.escalation_route, "Dana Whitfield, safeguarding lead")
    keys.pick_data(dialog.paid, "no")
    keys.type_date(dialog.started_on, date(2026, 3, 2))
    keys.type_number(dialog.planned_weeks, 12)
    keys.type_text(dialog.intensity, "An hour a week")
    keys.type_number(dialog.check_in, 7)
    keys.type_number(dialog.setup_weeks, 4)
    with qtbot.waitSignal(tab.changed):
        assert dialog.save()
    assert tab.dialog is None

    saved = only_relationship(vault, learner_id)
    assert (saved.mentor_name, saved.mentor_kind, saved.external, saved.paid) == (
        MENTOR,
        "volunteer",
        True,
        False,
    )
    assert (saved.planned_weeks, saved.check_in_every_days, saved.setup_weeks) == (12, 7, 4)
    assert saved.line_manager == "Chris Hale, volunteer coordinator"
    assert tab.pages.currentWidget() is tab.content
    assert tab.relationship_box.count() == 1
    assert tab.relationship_box.currentText() == f"Mentoring with {MENTOR}, from 2 March 2026 — active"
    assert tab.phase_box.currentData() == "1" and tab.phase_box.isEnabled()
    # Four weeks after 2 March and nothing ticked: the getting-started line asks for a look, in amber.
    assert tab.setup_line.text() == "Getting started: 0 of 8 done — it was due on 30 March 2026"
    assert "#8a5a00" in tab.setup_line.styleSheet()
    assert not tab.closed_note.isVisible()

    with qtbot.waitSignal(tab.changed):
        keys.pick_data(tab.phase_box, "2")
    assert only_relationship(vault, learner_id).phase == "2"
    assert tab.relationship is not None and tab.relationship.phase == "2"


def test_editing_and_deleting_a_relationship_entered_by_mistake(
    tab: MentoringTab, vault: Vault, learner_id: int, agree: list[str]
) -> None:
    add_relationship(vault, learner_id)
    tab.show_learner(caseload_row(vault, learner_id))
    tab.edit_relationship()
    dialog = tab.dialog
    assert dialog is not None and dialog.windowTitle() == "Edit the relationship"
    assert dialog.mentor_name.text() == MENTOR and not dialog.has_unsaved_changes()
    keys.pick_data(dialog.mode, "coaching")
    assert dialog.save()
    assert tab.relationship_box.currentText().startswith(f"Coaching with {MENTOR}")

    tab.edit_relationship()
    dialog = tab.dialog
    assert dialog is not None and dialog.delete_button is not None
    keys.click(dialog.delete_button)
    assert "entered by mistake" in agree[-1] and "close it on the Closure page" in agree[-1]
    assert tab.dialog is None
    with vault.unit_of_work() as uow:
        assert mentoring.relationships(uow, learner_id=learner_id) == []
    assert tab.pages.currentWidget() is tab.none_yet


def test_the_agreement_is_saved_with_ctrl_s_read_back_and_kept_before_a_lock(
    tab: MentoringTab, vault: Vault, learner_id: int, qtbot: QtBot
) -> None:
    relationship_id = add_relationship(vault, learner_id)
    tab.show_learner(caseload_row(vault, learner_id))
    terms = page(tab, "Agreement")
    assert isinstance(terms, TermsPanel) and terms.relationship_id == relationship_id
    assert terms.save_state.text() == "Saved" and not terms.save_button.isEnabled()

    keys.type_text(terms.texts["objectives"], "Get to college on time and enjoy it again")
    assert terms.save_state.text().startswith("Unsaved changes")
    terms.fill_usual_limits()
    keys.type_text(terms.limits, "Only this one for now\n" + terms.limits.toPlainText())
    terms.fill_usual_limits()  # again: nothing doubled, what was written stays first
    assert terms.limits.toPlainText().splitlines() == ["Only this one for now", *USUAL_LIMITS]
    terms.add_contact()
    for column, text in enumerate(("Dana Whitfield", "Safeguarding lead", "01632 960 001")):
        keys.type_in_cell(terms.contacts, 0, column, text)
    keys.tick(terms.channels[ContactChannel.MESSAGING.value])
    keys.tick(terms.days[Weekday.MON.value])
    keys.tick(terms.no_set_hours, False)
    keys.type_time(terms.hours_from, "08:30")
    keys.type_number(terms.mentor_reply, 24)
    assert terms.learner_reply.text() == "Not agreed"
    terms.texts["objectives"].setFocus()
    with qtbot.waitSignal(tab.changed):
        qtbot.keyClick(terms.texts["objectives"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert terms.save_state.text() == "Saved"

    with vault.unit_of_work() as uow:
        stored = mentoring.get_terms(uow, relationship_id=relationship_id)
    assert stored.objectives == "Get to college on time and enjoy it again"
    assert stored.safeguarding_contacts == (
        mentoring.SafeguardingContactInput("Dana Whitfield", "Safeguarding lead", "01632 960 001"),
    )
    assert (stored.allowed_channels, stored.allowed_days) == (("messaging",), ("mon",))
    assert (stored.hours_from, stored.hours_to, stored.mentor_reply_hours) == ("08:30", "17:00", 24)
    assert stored.learner_reply_hours is None

    terms.texts["objectives"].clear()
    tab.reload_all()  # read back from the vault: what was saved shows again
    assert terms.texts["objectives"].toPlainText() == "Get to college on time and enjoy it again"
    assert terms.contacts.item(0, 0).text() == "Dana Whitfield"
    assert terms.hours_from.time().toString("HH:mm") == "08:30" and not terms.no_set_hours.isChecked()

    keys.type_text(terms.texts["working_rules"], "We text if we cannot make it")
    tab.save_pending()  # what the window does before it locks or closes
    with vault.unit_of_work() as uow:
        assert (
            mentoring.get_terms(uow, relationship_id=relationship_id).working_rules
            == "We text if we cannot make it"
        )
    assert not terms.has_unsaved_changes()


def test_signing_the_agreement_and_saving_it_as_a_pdf_naming_both_parties(
    tab: MentoringTab,
    vault: Vault,
    learner_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_relationship(vault, learner_id)
    tab.show_learner(caseload_row(vault, learner_id))
    panel = page(tab, "Documents")
    assert isinstance(panel, DocumentsPanel)
    statuses = {s.form_id: s for s in panel.statuses}
    assert panel.documents.item(0, 1).text() == "Not made yet"
    assert not statuses[CLOSURE_FORM].available
    assert panel.documents.item(3, 1).text() == "Ready once the relationship is closed"

    opened: list[tuple[str, str]] = []

    def accept(dialog: SignatureDialog) -> int:  # the dialog as filled in: signed on paper, today
        opened.append((dialog.windowTitle(), dialog.name.text()))
        return SignatureDialog.DialogCode.Accepted

    monkeypatch.setattr(SignatureDialog, "exec", accept)
    panel.select_form(AGREEMENT_FORM)
    for row in range(2):
        panel.signatures.selectRow(row)
        panel.record_signature()
    assert {name for _, name in opened} == {MENTOR, " ".join(LEARNER)}
    assert all(title == "Record a signature" for title, _ in opened)
    assert panel.documents.item(0, 1).text() == "Signed by both on 20 Nov 2026"
    assert panel.signatures.item(0, 3).text() == "Signed on paper"

    saved = panel.save_pdf(AGREEMENT_FORM, tmp_path / "agreement.pdf")
    assert saved == tmp_path / "agreement.pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(saved.read_bytes())).pages)
    assert "Mentoring agreement" in text
    assert MENTOR in text and LEARNER[0] in text and LEARNER[1] in text
    assert "Mentoring agreement, made on" in panel.history.text()

    # A folder that is not there: a plain sentence, no traceback, nothing saved.
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, message: messages.append(message))
    assert panel.save_pdf(AGREEMENT_FORM, tmp_path / "gone" / "agreement.pdf") is None
    assert messages and "nothing was changed" in messages[0]

    panel.signatures.selectRow(0)
    monkeypatch.setattr(mentoring_documents, "confirm", lambda *_a, **_k: True)
    panel.remove_signature()
    assert panel.documents.item(0, 1).text().startswith("Needs signing")


def test_closing_makes_the_tab_read_only_and_reopening_gives_it_back(
    tab: MentoringTab, vault: Vault, learner_id: int, agree: list[str], qtbot: QtBot
) -> None:
    add_relationship(vault, learner_id)
    tab.show_learner(caseload_row(vault, learner_id))
    closure = page(tab, "Closure")
    assert isinstance(closure, ClosurePanel)
    assert closure.pages.currentWidget() is closure.form_page
    assert [closure.target_list.item(i).text() for i in range(closure.target_list.count())] == [
        "No targets were set."
    ]
    keys.pick_data(closure.reason, ClosureReason.TRANSITION.value)
    keys.type_text(closure.texts["feedback_from_learner"], "It helped having someone on my side")
    keys.type_text(closure.texts["takes_forward"], "A morning routine, and the library")
    with qtbot.waitSignal(tab.changed):
        assert closure.close_relationship()
    assert "Closing is not a failure" in agree[-1]

    closed = only_relationship(vault, learner_id)
    assert not closed.active and closed.closure is not None
    assert closed.closure.reason == "transition" and closed.closure.closed_on == TODAY
    assert closure.pages.currentWidget() is closure.summary_page
    assert "Moving on to a new setting" in closure.summary.text()
    assert "the library" in closure.summary.text()
    assert "Documents page" in closure.report_note.text()
    assert tab.closed_note.isVisible()
    assert tab.closed_note.text() == (
        "Closed on 20 November 2026 — reopen it on the Closure page to change anything."
    )
    assert tab.relationship_box.currentText().endswith("— closed")
    assert not tab.phase_box.isEnabled() and not tab.edit_button.isEnabled()
    assert tab.phase_box.currentData() == "4"

    terms = page(tab, "Agreement")
    assert isinstance(terms, TermsPanel)
    assert terms.texts["objectives"].isReadOnly() and not terms.save_button.isEnabled()
    assert not terms.add_contact_button.isEnabled()
    documents = page(tab, "Documents")
    assert isinstance(documents, DocumentsPanel)
    assert documents.status_of(CLOSURE_FORM).available  # type: ignore[union-attr]

    page(tab, "Closure")
    with qtbot.waitSignal(tab.changed):
        assert closure.reopen_relationship()
    assert only_relationship(vault, learner_id).active
    assert closure.pages.currentWidget() is closure.form_page
    assert closure.texts["takes_forward"].toPlainText() == "A morning routine, and the library"  # kept
    assert closure.reason.currentData() == "transition"
    assert not tab.closed_note.isVisible() and tab.phase_box.isEnabled()
    terms = page(tab, "Agreement")
    assert not terms.texts["objectives"].isReadOnly()  # type: ignore[attr-defined]


def test_no_relationship_shows_how_to_start_one_and_the_choice_is_remembered_per_learner(
    tab: MentoringTab, vault: Vault, learner_id: int
) -> None:
    other = add_learner(vault, ("Kai", "Brennan"))
    first = add_relationship(vault, learner_id, "Ada Lovelace", date(2026, 1, 5))
    second = add_relationship(vault, learner_id, MENTOR, date(2026, 4, 6))

    tab.show_learner(caseload_row(vault, other))
    assert tab.pages.currentWidget() is tab.none_yet
    assert "no mentoring or coaching relationship yet" in tab.none_text.text()

    tab.show_learner(caseload_row(vault, learner_id))
    assert tab.relationship is not None and tab.relationship.id == second  # the newest first
    tab.choose_relationship(first)
    assert tab.relationship_box.currentData() == first
    terms = tab.panels[0]
    assert terms.relationship_id == first
    tab.show_learner(caseload_row(vault, other))
    tab.show_learner(caseload_row(vault, learner_id))
    assert tab.relationship is not None and tab.relationship.id == first

    tab.show_learner(None)  # a lock: nothing shown any more
    assert tab.pages.currentWidget() is tab.no_learner
    assert all(panel.relationship is None for panel in tab.panels)


def test_a_tab_never_shown_reads_nothing(qtbot: QtBot, vault: Vault, learner_id: int) -> None:
    asked: list[str] = []

    def vault_wanted() -> Vault:
        asked.append("vault")
        return vault

    hidden = MentoringTab(PanelContext(vault=vault_wanted, today=lambda: TODAY))
    qtbot.addWidget(hidden)
    hidden.show_learner(caseload_row(vault, learner_id))
    hidden.reload_all()
    hidden.save_pending()
    assert asked == [] and hidden.panels == []
    with qtbot.waitExposed(hidden):
        hidden.show()
    assert asked and hidden.relationship is None and hidden.pages.currentWidget() is hidden.none_yet


def test_importing_and_making_the_tab_loads_no_mentoring_module() -> None:
    """Only the pure lists the caseload's due items already use may be loaded before the tab is shown."""
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication(['x'])\n"
        "from tutordesk.services.caseload.rows import CaseloadRow\n"
        "from tutordesk.domain.enums import LearnerStatus\n"
        "from tutordesk.ui.mentoring.tab import MentoringTab\n"
        "from tutordesk.ui.widgets.panel import PanelContext\n"
        "tab = MentoringTab(PanelContext(vault=lambda: 1 / 0))\n"
        "tab.show_learner(CaseloadRow(1, 'A', 'B', '', None, LearnerStatus.AT_RISK, '', '', '', 0, 0, ()))\n"
        "tab.reload_all()\n"
        "print(sorted(m for m in sys.modules if m != 'tutordesk.ui.mentoring.tab' and m.startswith(("
        "'tutordesk.services.mentoring.relationships', 'tutordesk.domain.mentoring_models', 'tutordesk.ui.mentoring.',"
        " 'reportlab', 'tutordesk.ui.widgets.signature_dialog'))))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    ).stdout
    assert loaded.strip() == "[]"


def test_a_read_only_vault_shows_but_changes_nothing(qtbot: QtBot, vault: Vault, learner_id: int) -> None:
    add_relationship(vault, learner_id)

    class ReadOnly:
        read_only = True

        def __getattr__(self, name: str) -> object:
            return getattr(vault, name)

    shown = MentoringTab(PanelContext(vault=lambda: ReadOnly(), today=lambda: TODAY))  # type: ignore[arg-type, return-value]
    qtbot.addWidget(shown)
    with qtbot.waitExposed(shown):
        shown.show()
    shown.show_learner(caseload_row(vault, learner_id))
    assert shown.relationship is not None and shown.relationship_box.count() == 1
    assert not shown.new_button.isEnabled() and not shown.edit_button.isEnabled()
    assert not shown.phase_box.isEnabled()
    terms = page(shown, "Agreement")
    assert isinstance(terms, TermsPanel) and terms.texts["objectives"].isReadOnly()
    closure = page(shown, "Closure")
    assert isinstance(closure, ClosurePanel) and not closure.close_button.isEnabled()
