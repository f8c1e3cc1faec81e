"""File → Export calendar…: choose where to save the .ics file, write it, and say plainly how it went.

The export itself is `services.calendar_export`'s. `save_calendar` does the work for a path already chosen
and returns what to tell the user, without showing anything, so it can be tested without a modal dialog;
`export_calendar_interactive` adds the save dialog and the message box around it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QMessageBox, QWidget

from tutordesk.errors import TutorDeskError
from tutordesk.services.caseload.calendar_export import save_calendar_file
from tutordesk.ui.widgets.save_dialog import choose_export_file
from tutordesk.vault.vault import Vault

DEFAULT_NAME = "tutordesk-calendar.ics"
SUFFIX = ".ics"


@dataclass(frozen=True, slots=True)
class CalendarSaveOutcome:
    """What happened: the file written (None if nothing was), and the title and sentence to show."""

    path: Path | None
    title: str
    message: str
    events: int = 0


def default_target() -> Path:
    """`tutordesk-calendar.ics` in the user's Documents folder (the home folder when there is none)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(documents) if documents and Path(documents).is_dir() else Path.home()
    return folder / DEFAULT_NAME


def save_calendar(vault: Vault, target: Path, today: date, *, overwrite: bool) -> CalendarSaveOutcome:
    """Export the calendar to `target` in one unit of work; never raises for the user's kind of failure."""
    try:
        result = save_calendar_file(vault, target=target, today=today, overwrite=overwrite)
    except TutorDeskError as error:
        return CalendarSaveOutcome(None, "Calendar not exported", error.message)
    except OSError as error:  # the writer translates its own failures; this is anything left around them
        return CalendarSaveOutcome(
            None,
            "Calendar not exported",
            f"The calendar could not be written in {target.parent} ({error.strerror or 'an error'}); "
            "nothing was changed.",
        )
    count = len(result.events)
    events = f"{count} event{'' if count == 1 else 's'}"
    return CalendarSaveOutcome(
        result.path,
        "Calendar exported",
        f"Saved {events} to {result.path.name}.\n\n"
        "Learners appear only by their first name and the first letter of their family name, and no notes "
        "are included. Import the file into your calendar app; importing a newer export updates these events "
        "instead of adding copies.",
        count,
    )


def export_calendar_interactive(parent: QWidget | None, vault: Vault, today: date) -> Path | None:
    """Ask where to save, export, and show the outcome; the saved file's path, or None."""
    chosen = choose_export_file(
        parent,
        "Export calendar",
        default_target(),
        "Calendar files (*.ics)",
        suffix=SUFFIX,
        protected=vault.files,
        ask_to_replace=False,
    )
    if chosen is None:
        return None
    # The save dialog asked before replacing the file it showed; a name we complete was not asked about.
    outcome = save_calendar(vault, chosen.path, today, overwrite=chosen.confirmed)
    if outcome.path is None:
        QMessageBox.warning(parent, outcome.title, outcome.message)
    else:
        QMessageBox.information(parent, outcome.title, outcome.message)
    return outcome.path
