"""The main window: the learner header, the six tabs, menus and shortcuts, the status bar, and locking.

The selected learner is the window's, shared by every tab. Every change to the vault goes through a
dialog or service call that commits before the status bar says "Saved", and what it changed is handed to
every view by one signal, `changes_made(changes, initiator)`: the caseload reads again only the learners
changed, and each tab decides in its `on_changes` whether it must read again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.changes import Changes, RecordKind
from tutordesk.errors import TutorDeskError
from tutordesk.memory import release_free_memory
from tutordesk.services.caseload.view import (
    CASELOAD_KINDS,
    ReadAhead,
    ViewRequest,
    read_caseload_view,
    read_learners_view,
)
from tutordesk.settings import Settings
from tutordesk.ui.caseload.tab import CaseloadTab
from tutordesk.ui.diaries.tab import DiariesTab
from tutordesk.ui.followup.tab import FollowUpTab
from tutordesk.ui.mentoring.tab import MentoringTab
from tutordesk.ui.plans.tab import PlansTab
from tutordesk.ui.shell import file_actions
from tutordesk.ui.shell.caseload_overview import connect_overview
from tutordesk.ui.shell.lock_screen import LockScreen
from tutordesk.ui.shell.menus import TAB_NAMES, build_menus
from tutordesk.ui.shell.window_shape import WindowShape
from tutordesk.ui.transitions.tab import TransitionsTab
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.ui.widgets.secret_clipboard import clear_secret
from tutordesk.vault.vault import BackupPolicy, Unlock, Vault

READ_ONLY_NOTE = (
    "This vault is read-only (its file or folder cannot be written): you can look, but not change anything."
)


@dataclass
class WindowPlace:
    """Where the tutor was when the window locked, to bring them back there."""

    tab: int = 0
    learner_id: int | None = None
    search: str = ""  # may hold a name: kept in memory only, off screen while locked


class MainWindow(QMainWindow):
    # Made by `menus.build_menus`: the menus' actions the window, the lock and tests use.
    new_learner_action: QAction
    open_profile_action: QAction
    log_contact_action: QAction
    quick_note_action: QAction
    import_action: QAction
    export_calendar_action: QAction
    batch_packs_action: QAction
    backup_action: QAction
    change_passphrase_action: QAction
    lock_action: QAction
    preferences_action: QAction
    journal_action: QAction
    guide_action: QAction
    what_is_this: QPushButton
    _vault_actions: list[QAction]

    vault_locked = Signal()
    vault_unlocked = Signal()
    changes_made = Signal(object, object)  # Changes, and the view or dialog whose operation made them

    def __init__(
        self,
        vault: Vault,
        settings: Settings,
        *,
        backups: BackupPolicy,
        geometry_file: Path | None = None,
        today: Callable[[], date] = date.today,
        read_ahead: ReadAhead | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle("TutorDesk")  # never a learner's name: titles reach task bars and screen shares
        self.vault: Vault | None = vault
        self._vault_path = vault.path
        self.settings = settings
        self._backups = backups
        self._today = today
        self._shape = WindowShape(geometry_file)
        self._place = WindowPlace()
        self._lock_note = ""
        self._read_ahead = read_ahead  # the caseload, being read while this window was built
        self._shown_request: ViewRequest | None = None  # what the caseload on screen was read for

        self.header = QLabel()
        self.header.setObjectName("learner_header")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("main_tabs")
        self.caseload = CaseloadTab()
        self.tabs.addTab(self.caseload, TAB_NAMES[0])
        context = PanelContext(vault=lambda: self.vault, today=self._today, report=self.report_changes)
        self.plans = PlansTab(context)
        self.tabs.addTab(self.plans, TAB_NAMES[1])
        self.diaries = DiariesTab(context)
        self.diaries.open_entry.connect(lambda learner_id, _entry: self.caseload.select_learner(learner_id))
        self.tabs.addTab(self.diaries, TAB_NAMES[2])
        self.mentoring = MentoringTab(context)
        self.tabs.addTab(self.mentoring, TAB_NAMES[3])
        # The tabs that follow the selected learner and may hold words typed but not yet saved.
        self.transitions = TransitionsTab(context)
        self.tabs.addTab(self.transitions, TAB_NAMES[4])
        self.followup = FollowUpTab(context, rules=lambda: self.settings.warning_rules())
        self.tabs.addTab(self.followup, TAB_NAMES[5])
        self._context = context
        self.learner_tabs: list[PlansTab | DiariesTab | MentoringTab | TransitionsTab | FollowUpTab] = [
            self.plans,
            self.diaries,
            self.mentoring,
            self.transitions,
            self.followup,
        ]

        self.read_only_banner = QLabel(READ_ONLY_NOTE)
        self.read_only_banner.setObjectName("read_only_banner")
        self.read_only_banner.setStyleSheet(
            "background: #fff3cd; color: #5c4400; padding: 6px; border-radius: 3px"
        )
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(self.read_only_banner)
        content_layout.addWidget(self.header)
        content_layout.addWidget(self.tabs, 1)
        self.lock_screen = LockScreen()
        self.pages = QStackedWidget()
        self.pages.addWidget(content)
        self.pages.addWidget(self.lock_screen)
        self.setCentralWidget(self.pages)

        self.lock_state = QLabel()
        self.lock_state.setObjectName("lock_state")
        self.last_saved = QLabel()
        self.last_saved.setObjectName("last_saved")
        self.statusBar().addPermanentWidget(self.last_saved)
        self.statusBar().addPermanentWidget(self.lock_state)

        self._build_menus()
        self.changes_made.connect(self._changes_made)
        self.caseload.learner_selected.connect(self._learner_selected)
        self.caseload.learner_activated.connect(self.open_profile)
        self.caseload.contact_requested.connect(self._contact_requested)
        self.caseload.add_requested.connect(lambda: self.new_learner_action.trigger())
        self.caseload.import_requested.connect(lambda: self.import_action.trigger())
        self.lock_screen.unlock_requested.connect(self.unlock)
        connect_overview(self)
        self.resize(1280, 760)
        self._shape.restore(self)
        self._show_unlocked()
        self.refresh()

    # -- menus ----------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        build_menus(self)

    # -- data -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the caseload and the Due panel from the vault (three statements, whatever the size)."""
        if self.vault is None:
            return
        request = ViewRequest.from_settings(self.settings, self._today())
        read_ahead, self._read_ahead = self._read_ahead, None
        try:
            if read_ahead is not None and read_ahead.request == request:
                view = read_ahead.result()
            else:  # read for another day or other settings (or nothing was read ahead)
                if read_ahead is not None:
                    read_ahead.wait()
                view = read_caseload_view(self.vault, request=request)
        except TutorDeskError as error:
            QMessageBox.warning(self, "TutorDesk", error.message)
            return
        self._shown_request = request
        self.caseload.load(view.rows, view.due, view.groups)
        del view
        release_free_memory()  # the due items beyond the horizon lived only for this moment
        self._learner_selected(self.caseload.selected_learner)

    def _learner_selected(self, learner_id: int | None) -> None:
        row = self.caseload.model.find(learner_id) if learner_id is not None else None
        if row is None:
            self.header.setText("<span style='color:#666'>No learner selected</span>")
        else:
            risk = row.risk.level.label if row.risk else "—"
            self.header.setText(
                f"<b style='font-size:15px'>{escape(row.display_name)}</b> &nbsp;·&nbsp; {row.status.label}"
                f" &nbsp;·&nbsp; Risk: <b>{risk}</b>"
            )
            self.header.setToolTip(row.risk.explanation() if row.risk else "")
        for learner_tab in self.learner_tabs:
            learner_tab.show_learner(row)
        self.open_profile_action.setEnabled(row is not None and self.vault is not None)
        can_log = row is not None and self.vault is not None and not self.vault.read_only
        self.log_contact_action.setEnabled(can_log)
        self.quick_note_action.setEnabled(can_log)

    @property
    def selected_learner(self) -> int | None:
        return self.caseload.selected_learner

    def open_practice_journal(self) -> None:
        """The practitioner's own journal: it belongs to no learner, so it opens from anywhere."""
        if self.vault is not None:
            self.diaries.open_practice_journal()

    def report_changes(self, changes: Changes, initiator: object) -> None:
        """An operation (of a panel, a tab or a dialog) committed `changes`: tell every view."""
        self.changes_made.emit(changes, initiator)

    def _changes_made(self, changes: Changes, initiator: object) -> None:
        self.mark_saved()
        self._refresh_changed(changes)
        for learner_tab in self.learner_tabs:
            learner_tab.on_changes(changes, initiator)

    def _refresh_changed(self, changes: Changes) -> None:
        """Read again the caseload rows and due items of the learners changed (all of them for an import,
        or after midnight or a change of settings), and put them in place of the old ones."""
        if self.vault is None:
            return
        request = ViewRequest.from_settings(self.settings, self._today())
        if changes.everything or request != self._shown_request:
            self.refresh()
            return
        if not changes.learners or not changes.touches_any(CASELOAD_KINDS):
            return  # a journal entry, a backup's audit line: nothing the caseload shows
        try:
            part = read_learners_view(self.vault, request=request, learner_ids=changes.learners)
        except TutorDeskError as error:
            QMessageBox.warning(self, "TutorDesk", error.message)
            return
        self.caseload.update_learners(changes.learners, part.rows, part.due)
        selected = self.caseload.selected_learner
        if selected is not None and selected in changes.learners:
            self._learner_selected(selected)  # the header shows the row's status and risk

    def mark_saved(self) -> None:
        self.last_saved.setText(f"Saved at {datetime.now():%H:%M}")

    # -- actions --------------------------------------------------------------------------------

    def _find(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.caseload.focus_search()

    def new_learner(self) -> None:
        self._edit_learner(None)

    def open_selected_profile(self) -> None:
        if self.selected_learner is not None:
            self.open_profile(self.selected_learner)

    def open_profile(self, learner_id: int) -> None:
        self._edit_learner(learner_id)

    def _edit_learner(self, learner_id: int | None) -> None:
        if self.vault is None:
            return
        from tutordesk.ui.learners.profile import LearnerProfileDialog

        dialog = LearnerProfileDialog(self.vault, learner_id, self)
        saved: list[int] = []
        dialog.saved.connect(lambda new_id: (saved.append(int(new_id)), self.mark_saved()))
        dialog.exec()
        if saved:
            self.report_changes(dialog.changes or Changes.of(saved, [RecordKind.LEARNER]), dialog)
            self.caseload.select_learner(saved[-1])

    def log_contact(self, *, quick: bool = False) -> None:
        """Log a contact (or, `quick`, a two-field quick note) with the learner chosen, from any tab."""
        row = self.caseload.model.find(self.selected_learner) if self.selected_learner is not None else None
        if row is None or self.vault is None or self.vault.read_only:
            return
        from tutordesk.ui.followup.contact_dialog import open_contact_dialog

        now = datetime.combine(self._today(), datetime.now().time())
        open_contact_dialog(
            self, self._context, learner_id=row.id, learner_name=row.display_name, now=now, quick=quick
        )

    def _contact_requested(self, learner_id: int, quick: bool) -> None:
        if self.caseload.select_learner(learner_id):
            self.log_contact(quick=quick)

    def export_calendar(self) -> None:
        if self.vault is not None:
            file_actions.export_calendar(self, self.vault, self._today())

    def save_caseload_packs(self) -> None:
        if self.vault is not None:
            model = self.caseload.model
            shown = [model.row_at(row).id for row in range(model.rowCount())]
            file_actions.save_caseload_packs(self, self.vault, shown, self._today())

    def import_learners(self) -> None:
        if self.vault is not None:
            file_actions.import_learners(self, self.vault, self._imported)

    def _imported(self, count: int, dialog: QDialog) -> None:
        self.mark_saved()
        self.statusBar().showMessage(f"Imported {count} learners", 8000)
        self.report_changes(Changes.all(), dialog)  # every row may be new: the whole caseload

    def back_up_now(self) -> None:
        if self.vault is not None and (name := file_actions.make_backup(self, self.vault, self._backups)):
            self.statusBar().showMessage(f"Backup written and verified: {name}", 10000)

    def change_passphrase(self) -> None:
        if self.vault is not None and file_actions.change_passphrase(self, self.vault):
            self.statusBar().showMessage("The passphrase is changed.", 10000)

    #: Where Preferences saves the settings (set by `build_main_window`; None: not saved, as in some tests).
    settings_file: Path | None = None

    def open_guide(self, tab: str | None = None) -> None:
        """The user guide in its own window, at the part about `tab` (one of TAB_NAMES) when given."""
        from tutordesk.ui.shell.help_window import TAB_SECTIONS, open_guide

        open_guide(self, section=TAB_SECTIONS.get(tab or ""))

    def open_preferences(self) -> None:
        from tutordesk.ui.shell.preferences_dialog import edit_preferences

        if edit_preferences(self) is not None:
            self.statusBar().showMessage("Preferences saved.", 8000)

    def apply_settings(self, settings: Settings) -> None:
        """New preferences take effect at once: the idle lock, backups, and the caseload read again."""
        self.settings = settings
        self._backups = BackupPolicy(
            folder=self._backups.folder, keep=settings.backups_to_keep, daily=settings.daily_backup
        )
        idle = getattr(self, "idle_lock", None)
        if idle is not None:
            idle.set_timeout(settings.idle_lock_minutes * 60.0)
        self.refresh()  # risk levels, contact due and the Due panel's horizon come from the settings

    def _about(self) -> None:
        file_actions.show_about(self, self.vault, self._vault_path, self._backups.folder)

    # -- locking --------------------------------------------------------------------------------

    def lock(self) -> None:
        """Drop the key and every connection, and clear every model and view."""
        if self.vault is None:
            return
        self._lock_note = self._close_dialogs_for_lock()
        clear_secret()  # a pack's password copied a moment ago does not outlive the lock
        for learner_tab in self.learner_tabs:
            learner_tab.save_pending()  # words typed a moment ago (a plan, a diary, terms) are kept, not dropped
        self._place = WindowPlace(
            tab=self.tabs.currentIndex(),
            learner_id=self.caseload.selected_learner,
            search=self.caseload.search.text(),
        )
        self.caseload.clear()
        self.header.clear()
        self.header.setToolTip("")
        for learner_tab in self.learner_tabs:
            learner_tab.show_learner(None)
        self.vault.lock()
        self.vault = None
        self.pages.setCurrentWidget(self.lock_screen)
        self.lock_screen.reset()
        for action in self._vault_actions:
            action.setEnabled(False)
        self.lock_state.setText("Locked")
        self.vault_locked.emit()

    def _close_dialogs_for_lock(self) -> str:
        """Every open dialog shows or holds data from the vault, so none may outlive the lock.

        A learner profile or diary entry with valid unsaved changes is saved first (nothing typed is lost);
        one whose changes cannot be saved yet is closed without them, and the returned note says so after
        unlocking, naming the kind of window (its title), never a learner.
        """
        note = ""
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
        for dialog in dialogs:
            has_unsaved = getattr(dialog, "has_unsaved_changes", None)
            if callable(has_unsaved) and has_unsaved():
                if dialog.save():  # type: ignore[attr-defined]
                    self.mark_saved()
                else:
                    what = dialog.windowTitle().lower() or "window"  # titles name the kind, never a person
                    note = f"The {what} was closed when TutorDesk locked; its changes had problems and were not saved."
            QDialog.done(dialog, QDialog.DialogCode.Rejected)  # the base done(): no "unsaved changes?" prompt
        return note

    def unlock(self, passphrase: str, *, recovery_key: str | None = None) -> bool:
        try:
            vault = Vault.open(
                self._vault_path,
                Unlock(passphrase=passphrase or None, recovery_key=recovery_key, use_keychain=False),
                backups=self._backups,
            )
        except TutorDeskError as error:
            self.lock_screen.show_message(error.message)
            return False
        self.vault = vault
        self._show_unlocked()
        self.caseload.search.setText(self._place.search)
        self.refresh()
        if self._lock_note:
            self.statusBar().showMessage(self._lock_note, 20000)
            self._lock_note = ""
        self.tabs.setCurrentIndex(self._place.tab)
        if self._place.learner_id is not None:
            self.caseload.select_learner(self._place.learner_id)
        self.vault_unlocked.emit()
        return True

    def _show_unlocked(self) -> None:
        self.pages.setCurrentIndex(0)
        for action in self._vault_actions:
            action.setEnabled(True)
        read_only = self.vault is not None and self.vault.read_only
        self.read_only_banner.setVisible(read_only)
        for action in (
            self.new_learner_action,
            self.import_action,
            self.export_calendar_action,  # an export is written to the audit log, which needs a writable vault
            self.batch_packs_action,
            self.backup_action,
            self.change_passphrase_action,
        ):
            action.setEnabled(not read_only)
        self.lock_state.setText("Unlocked, read-only" if read_only else "Unlocked")
        # A day's backup that failed at opening: said in the status bar until another message replaces it,
        # and, when it found the vault damaged (hence read-only), in the banner instead of the usual reason.
        problem = self.vault.backup_problem if self.vault is not None else None
        self.read_only_banner.setText(problem if problem and read_only else READ_ONLY_NOTE)
        if problem:
            self.statusBar().showMessage(problem)

    @property
    def is_locked(self) -> bool:
        return self.vault is None

    # -- geometry and closing -------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self._shape.save(self)
        if self.vault is not None:
            for learner_tab in self.learner_tabs:
                learner_tab.save_pending()
        self.caseload.clear()
        clear_secret()
        if self.vault is not None:
            self.vault.lock()
            self.vault = None
        super().closeEvent(event)
