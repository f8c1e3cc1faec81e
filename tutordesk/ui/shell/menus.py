"""The main window's menus, their shortcuts and the "What is this?" link: which action each item runs, and
which actions are disabled while the vault is locked. The window keeps the actions as its attributes, so
tests and the lock find them there."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton

from tutordesk.ui.shell import file_actions

#: The tabs, in order; View → name and Ctrl+1… choose them.
TAB_NAMES = ("Caseload", "Plans", "Diaries", "Mentoring", "Transitions", "Follow-up")
#: The View menu's words for a tab, where its first letter is another item's Alt letter (&Find in caseload).
_VIEW_LABELS = {"Follow-up": "F&ollow-up"}
#: Log a contact with the chosen learner, from any tab (Ctrl+L locks; K for "contact").
LOG_CONTACT_KEYS = "Ctrl+Shift+K"


def build_menus(window: Any) -> None:
    """Build File, View and Help on `window` (the main window) and set its actions and `_vault_actions`."""

    def action(
        text: str, shortcut: QKeySequence | QKeySequence.StandardKey | str | None, slot: Callable[[], object]
    ) -> QAction:
        made = QAction(text, window)
        if shortcut is not None:
            made.setShortcut(QKeySequence(shortcut))
        made.triggered.connect(lambda _checked=False: slot())
        return made

    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    window.new_learner_action = action("&New learner…", QKeySequence.StandardKey.New, window.new_learner)
    window.open_profile_action = action("&Open learner profile", "Ctrl+O", window.open_selected_profile)
    window.log_contact_action = action("Log a con&tact…", LOG_CONTACT_KEYS, window.log_contact)
    window.quick_note_action = action("Quic&k note…", None, lambda: window.log_contact(quick=True))
    window.import_action = action("&Import learners from CSV…", "Ctrl+I", window.import_learners)
    window.export_calendar_action = action("Export &calendar…", None, window.export_calendar)
    window.batch_packs_action = action(
        "Save &handover packs for the caseload…", None, window.save_caseload_packs
    )
    window.backup_action = action("&Back up now", "Ctrl+B", window.back_up_now)
    window.change_passphrase_action = action("Change &passphrase…", None, window.change_passphrase)

    def edit_my_details() -> None:
        if window.vault is not None:
            file_actions.edit_my_details(window, window.vault)

    my_details = action("My &details…", None, edit_my_details)
    window.lock_action = action("&Lock", "Ctrl+L", window.lock)
    window.preferences_action = action("Pr&eferences…", "Ctrl+,", window.open_preferences)
    window.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
    quit_action = action("&Quit", QKeySequence.StandardKey.Quit, window.close)
    for item in (
        window.new_learner_action,
        window.open_profile_action,
        window.log_contact_action,
        window.quick_note_action,
        window.import_action,
        window.export_calendar_action,
        window.batch_packs_action,
        None,
        window.backup_action,
        window.change_passphrase_action,
        my_details,
        window.lock_action,
        None,
        window.preferences_action,
        None,
        quit_action,
    ):
        if item is None:
            file_menu.addSeparator()
        else:
            file_menu.addAction(item)

    view_menu = bar.addMenu("&View")
    for number, name in enumerate(TAB_NAMES):
        view_menu.addAction(
            action(
                _VIEW_LABELS.get(name, f"&{name}"),
                f"Ctrl+{number + 1}",
                partial(window.tabs.setCurrentIndex, number),
            )
        )
    view_menu.addSeparator()
    window.journal_action = action("Practice &journal…", "Ctrl+J", window.open_practice_journal)
    view_menu.addAction(window.journal_action)
    view_menu.addMenu(window.caseload.columns_menu)
    view_menu.addAction(action("&Find in caseload", QKeySequence.StandardKey.Find, window._find))
    view_menu.addAction(action("&Refresh", QKeySequence.StandardKey.Refresh, window.refresh))

    help_menu = bar.addMenu("&Help")
    window.guide_action = action("&User guide", "F1", window.open_guide)
    help_menu.addAction(window.guide_action)
    help_menu.addAction(action("&About TutorDesk", None, window._about))

    window.what_is_this = QPushButton("What is this?")
    window.what_is_this.setObjectName("what_is_this")
    window.what_is_this.setFlat(True)
    window.what_is_this.setToolTip("Open the user guide at the part about this tab")
    window.what_is_this.clicked.connect(lambda: window.open_guide(TAB_NAMES[window.tabs.currentIndex()]))
    window.tabs.setCornerWidget(window.what_is_this, Qt.Corner.TopRightCorner)
    # Actions that touch the vault are disabled while locked.
    window._vault_actions = [
        window.new_learner_action,
        window.open_profile_action,
        window.log_contact_action,
        window.quick_note_action,
        window.import_action,
        window.export_calendar_action,
        window.batch_packs_action,
        window.backup_action,
        window.change_passphrase_action,
        window.lock_action,
        window.journal_action,
        window.preferences_action,  # nobody changes the idle lock or backups behind a locked screen
    ]
