"""The learner profile dialog: add, edit, archive and restore one learner.

Each Save is one unit of work, and the dialog says "Saved" only after the commit. Closing with unsaved
changes asks first; "Revert to saved" and "Undo last save" are cheap because the details are frozen values.
The tabs live in learner_profile_*.py; this module owns the saving, the checking and the closing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.changes import NO_CHANGES, Changes
from tutordesk.domain.control_text import printable
from tutordesk.errors import TutorDeskError
from tutordesk.services.learners.profiles import (
    GROUPS,
    PROTECTIVE,
    PURPOSES,
    RISK,
    ROLES,
    InvalidLearner,
    LearnerDetails,
    StaffChoice,
    TermChoice,
    new_learner_details,
    open_profile,
    save_profile,
    set_archived,
    used_terms,
    validate,
)
from tutordesk.ui.learners.consent import ConsentTab
from tutordesk.ui.learners.contacts import ContactsTab
from tutordesk.ui.learners.details import DetailsTab
from tutordesk.ui.learners.factors import FactorPicker, GroupPicker
from tutordesk.ui.widgets.default_button import make_default
from tutordesk.ui.widgets.fields import PROBLEM_COLOUR, colour_text, dates_ready
from tutordesk.vault.vault import Vault

TITLE = "Learner profile"  # never a learner's name: titles reach task bars and screen shares
_PROBLEM_TAB_COLOUR = QColor(PROBLEM_COLOUR)


# Each tab's name and which problem keys (see services.learners.validate) it shows.
_TABS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("Details", lambda key: "." not in key and key != "group_term_ids"),
    ("Risk factors", lambda key: key.startswith("risk_factors.")),
    ("Protective factors", lambda key: key.startswith("protective_factors.")),
    ("Groups", lambda key: key == "group_term_ids"),
    ("Contacts and family", lambda key: key.startswith("contacts.")),
    ("Consent", lambda key: key.startswith("consents.")),
)


class LearnerProfileDialog(QDialog):
    """`LearnerProfileDialog(vault, learner_id)`; None makes a new learner. Emits `saved(id)` after commits."""

    saved = Signal(int)

    def __init__(self, vault: Vault, learner_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setObjectName("learner_profile")
        self._vault = vault
        self._saved_details = new_learner_details()
        self._before_last_save: LearnerDetails | None = None
        self._last_saved_at: datetime | None = None
        self.changes: Changes = NO_CHANGES  # what this dialog's saves changed, for the window to pass on
        self._loading = False
        self._can_edit = True
        self._start = self._saved_details  # the form as shown, to tell which fields were touched
        self._touched: set[str] = set()
        self._tried_save = False
        choices: dict[str, list[TermChoice]] = {taxonomy: [] for taxonomy in used_terms(self._saved_details)}
        staff: list[StaffChoice] = []
        error = ""
        try:
            start = open_profile(vault, learner_id=learner_id)
            self._saved_details, choices, staff = start.details, start.choices, start.staff
        except TutorDeskError as problem:
            error, self._can_edit = problem.message, False
        self._build(choices, staff)
        if error:
            self._show_error(error)
            self.tabs.setEnabled(False)
        self._show(self._saved_details)
        self.details_tab.lines["given_name"].setFocus()

    # -- building -----------------------------------------------------------------------------

    def _build(self, choices: Mapping[str, list[TermChoice]], staff: list[StaffChoice]) -> None:
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.archived_banner = QLabel(
            "Archived: this learner is not on the caseload. Restore to bring them back."
        )
        self.archived_banner.setObjectName("archived_banner")
        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        colour_text(self.error_label, PROBLEM_COLOUR)
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.details_tab = DetailsTab(staff)
        self.risk_tab = FactorPicker(choices[RISK], list_name="risk_factors", noun="risk factor")
        self.protective_tab = FactorPicker(
            choices[PROTECTIVE], list_name="protective_factors", noun="protective factor"
        )
        self.groups_tab = GroupPicker(choices[GROUPS])
        self.contacts_tab = ContactsTab(choices[ROLES])
        self.consent_tab = ConsentTab(choices[PURPOSES], self._saved_people)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("profile_tabs")
        tabs = (
            self.details_tab,
            self.risk_tab,
            self.protective_tab,
            self.groups_tab,
            self.contacts_tab,
            self.consent_tab,
        )
        for tab, (name, _) in zip(tabs, _TABS, strict=True):
            self.tabs.addTab(tab, name)
            tab.changed.connect(self._refresh)
        self.details_tab.left.connect(self._left_field)

        self.status_label = QLabel()
        self.status_label.setObjectName("status")
        self.problems_label = QLabel()
        self.problems_label.setObjectName("problems")
        colour_text(self.problems_label, PROBLEM_COLOUR)
        self.revert_button = QPushButton("Revert to saved")
        self.revert_button.setToolTip("Throw away the changes made since the last save")
        self.undo_save_button = QPushButton("Undo last save")
        self.undo_save_button.setToolTip("Put the profile back as it was before the last save, and save that")
        self.archive_button = QPushButton("Archive")
        self.save_button = QPushButton("Save")
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.close_button = QPushButton("Close")
        self.close_button.setToolTip("Close (Esc)")
        self.revert_button.clicked.connect(self.revert_to_saved)
        self.undo_save_button.clicked.connect(self.undo_last_save)
        self.archive_button.clicked.connect(self.toggle_archived)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label)
        buttons.addStretch(1)
        for button in (
            self.revert_button,
            self.undo_save_button,
            self.archive_button,
            self.save_button,
            self.close_button,
        ):
            # A button Tab reaches does not take Enter over; Enter saves (the dialog stays open), never closes.
            button.setAutoDefault(False)
            buttons.addWidget(button)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.archived_banner)
        layout.addWidget(self.error_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problems_label)
        layout.addLayout(buttons)
        self.resize(920, 720)
        make_default(self.save_button, self.close_button)

    # -- the record in the form ---------------------------------------------------------------

    def _show(self, details: LearnerDetails) -> None:
        # Problems are shown only for what the person has touched (changed, or been in and left), or all of
        # them once they try to save: a new, empty form is not a page of red.
        self._start, self._touched, self._tried_save = details, set(), False
        self._loading = True
        try:
            self.details_tab.set_details(details)
            self.risk_tab.set_entries(details.risk_factors)
            self.protective_tab.set_entries(details.protective_factors)
            self.groups_tab.set_ids(details.group_term_ids)
            self.contacts_tab.set_contacts(details.contacts)
            self.consent_tab.set_consents(details.consents)
        finally:
            self._loading = False
        self._refresh()

    def current_details(self) -> LearnerDetails:
        """What the form holds now, on top of the last saved record (its id and archive state)."""
        details = self.details_tab.apply(self._saved_details)
        return replace(
            details,
            risk_factors=self.risk_tab.entries(),
            protective_factors=self.protective_tab.entries(),
            group_term_ids=self.groups_tab.ids(),
            contacts=self.contacts_tab.contacts(),
            consents=self.consent_tab.consents(),
        )

    def has_unsaved_changes(self) -> bool:
        return self._can_edit and not self.current_details().same_content(self._saved_details)

    def _saved_people(self) -> list[tuple[int, str]]:
        return [
            (c.person_id, c.display_name) for c in self.contacts_tab.contacts() if c.person_id is not None
        ]

    def _refresh(self) -> None:
        """Check the form and bring every label and button up to date; runs on each edit."""
        if self._loading:
            return
        details = self.current_details()
        problems = self._touched_only(validate(details), details) if self._can_edit else {}
        dirty = self._can_edit and not details.same_content(self._saved_details)
        self._show_problems(problems)
        saved = self._saved_details
        self.save_button.setEnabled(self._can_edit and dirty and not problems)
        self.revert_button.setEnabled(dirty)
        self.undo_save_button.setEnabled(self._can_edit and not dirty and self._before_last_save is not None)
        self.archive_button.setEnabled(self._can_edit and saved.id is not None)
        self.archive_button.setText("Restore" if saved.archived_at else "Archive")
        self.archived_banner.setVisible(saved.archived_at is not None)
        self.heading.setText(
            printable(f"{saved.preferred_name or saved.given_name} {saved.family_name}".strip())
            if saved.id
            else "New learner"
        )
        saved_at = f"saved at {self._last_saved_at:%H:%M}" if self._last_saved_at else ""
        if dirty:
            self.status_label.setText("Unsaved changes" + (f" · last {saved_at}" if saved_at else ""))
        elif saved.id is None:
            self.status_label.setText("Not saved yet")
        else:
            self.status_label.setText(saved_at.capitalize())
        counts = (
            self.risk_tab.count(),
            self.protective_tab.count(),
            self.groups_tab.count(),
            len(details.contacts),
            len(details.consents),
        )
        for index, count in enumerate(counts, start=1):
            name = _TABS[index][0]
            self.tabs.setTabText(index, f"{name} ({count})" if count else name)

    def _touched_only(self, problems: Mapping[str, str], details: LearnerDetails) -> dict[str, str]:
        """The problems to show: all once a save was tried, else those of fields touched so far."""
        if self._tried_save:
            return dict(problems)
        shown = {}
        for key, text in problems.items():
            field = key.split(".")[0]  # "contacts.2" belongs to the contacts
            if field not in self._touched and getattr(details, field, None) != getattr(
                self._start, field, None
            ):
                self._touched.add(field)
            if field in self._touched:
                shown[key] = text
        return shown

    def _left_field(self, name: str) -> None:
        if name not in self._touched:
            self._touched.add(name)
            self._refresh()

    def _show_problems(self, problems: Mapping[str, str]) -> None:
        for index, (_, owns) in enumerate(_TABS):
            tab = self.tabs.widget(index)
            tab.show_problems(problems)  # type: ignore[union-attr]
            has = any(owns(key) for key in problems)
            self.tabs.tabBar().setTabTextColor(index, _PROBLEM_TAB_COLOUR if has else QColor())
        count = len(problems)
        if count == 1:
            self.problems_label.setText("Fix the problem shown in red to save.")
        else:
            self.problems_label.setText(f"Fix the {count} problems shown in red to save.")
        self.problems_label.setVisible(bool(count))

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    # -- saving -------------------------------------------------------------------------------

    def save(self) -> bool:
        """Save the form in one unit of work; True once committed. On failure the form keeps what was typed."""
        if not self._can_edit or not dates_ready(self):
            return False
        details = self.current_details()
        if details.id is not None and details.same_content(self._saved_details):
            return True  # Ctrl+S on an unchanged profile: nothing to write, nothing to announce
        problems = validate(details)
        if problems:
            self._tried_save = True
            self._refresh()  # every problem shown now, not only those of the fields touched
            return False
        return self._write(details, undoing=False)

    def undo_last_save(self) -> bool:
        """Save again the record as it was before the last save (one step; there is no redo)."""
        if self._before_last_save is None or self.has_unsaved_changes():
            return False
        return self._write(self._before_last_save, undoing=True)

    def _write(self, details: LearnerDetails, *, undoing: bool) -> bool:
        previous = self._saved_details
        try:
            saved = save_profile(self._vault, details=details)
            result, fresh = saved.result, saved.details  # fresh: with the ids of new contacts and consents
            self.changes |= saved.changes
        except InvalidLearner as error:
            self._show_problems(error.problems)
            self._show_error(error.message)
            return False
        except TutorDeskError as error:
            self._show_error(f"Not saved: {error.message}")
            return False
        self._show_error("")
        if undoing:
            self._before_last_save = None
        elif result.changes and previous.id is not None:
            self._before_last_save = previous
        self._saved_details = fresh
        self._last_saved_at = datetime.now()
        self._show(fresh)
        self.saved.emit(result.learner_id)
        return True

    def revert_to_saved(self) -> None:
        self._show(self._saved_details)

    def toggle_archived(self) -> bool:
        """Archive the learner, or restore an archived one, in its own unit of work; unsaved edits stay."""
        learner_id = self._saved_details.id
        if learner_id is None or not self._can_edit:
            return False
        archive = self._saved_details.archived_at is None
        try:
            fresh, changes = set_archived(self._vault, learner_id=learner_id, archived=archive)
            self.changes |= changes
        except TutorDeskError as error:
            self._show_error(f"Not changed: {error.message}")
            return False
        self._show_error("")
        self._saved_details = replace(
            self._saved_details, archived_at=fresh.archived_at, updated_at=fresh.updated_at
        )
        self._last_saved_at = datetime.now()
        self._refresh()
        self.saved.emit(learner_id)
        return True

    # -- closing ------------------------------------------------------------------------------

    def try_close(self) -> bool:
        """True if the dialog may close: nothing unsaved, or the user chose to save (and it worked) or discard."""
        if not self.has_unsaved_changes():
            return True
        can_save = not validate(self.current_details())
        if not can_save:
            self._tried_save = True
            self._refresh()  # the question says the problems are shown in red: show them all
        answer = self.ask_about_unsaved_changes(can_save=can_save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def ask_about_unsaved_changes(self, *, can_save: bool) -> QMessageBox.StandardButton:
        box = QMessageBox(self)
        box.setObjectName("unsaved_changes")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(TITLE)
        box.setText("This profile has changes that are not saved.")
        buttons = QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
        if can_save:
            box.setInformativeText("Save them, discard them, or go back to the profile?")
            buttons |= QMessageBox.StandardButton.Save
        else:
            box.setInformativeText("They cannot be saved until the problems shown in red are fixed.")
        box.setStandardButtons(buttons)
        box.setDefaultButton(
            QMessageBox.StandardButton.Save if can_save else QMessageBox.StandardButton.Cancel
        )
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        return QMessageBox.StandardButton(box.exec())

    def reject(self) -> None:  # Close, Esc and the window's close button all come here
        if self.try_close():
            super().reject()
