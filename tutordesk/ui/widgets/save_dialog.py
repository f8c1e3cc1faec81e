"""Asking where to save an export: the system's save dialog, again and again until the place is allowed.

Every Save as PDF and export in the window asks through `choose_export_file` (or `choose_export_folder` for
a folder of files). A place among TutorDesk's own files (the vault, its key file, its side files, its
folder, its backups: `vault.export_guard`) is refused with a plain message, and the dialog opens again so
the person chooses another; the services refuse such a place too, whoever asks them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from tutordesk.vault.export_guard import VaultFiles, export_refusal


@dataclass(frozen=True, slots=True)
class ChosenFile:
    """Where to save, and whether the save dialog itself returned that very name (so it already asked
    before replacing an existing file); False when TutorDesk completed the name with its suffix."""

    path: Path
    confirmed: bool


def choose_export_file(
    parent: QWidget | None,
    title: str,
    suggested: Path,
    file_filter: str,
    *,
    suffix: str,
    protected: VaultFiles | None,
    ask_to_replace: bool = True,
) -> ChosenFile | None:
    """The file chosen (its `suffix` added when missing), or None when the person cancelled.

    With `ask_to_replace`, a completed name that already exists is only replaced after a Yes (the dialog
    never showed that name); otherwise the caller decides with `ChosenFile.confirmed`."""
    while True:
        chosen, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), file_filter)
        if not chosen:
            return None
        path = Path(chosen)
        confirmed = path.suffix.lower() == suffix
        if not confirmed:
            # Added, never swapped: "contract.v2" becomes "contract.v2.pdf", not a different "contract.pdf".
            path = path.with_name(path.name + suffix)
        refusal = export_refusal(path, protected) if protected is not None else None
        if refusal is not None:
            QMessageBox.warning(parent, title, refusal)
            suggested = Path.home() / path.name
            continue
        if ask_to_replace and not confirmed and path.exists():
            answer = QMessageBox.question(
                parent, title, f"{path.name} already exists in {path.parent}. Replace it?"
            )
            if answer != QMessageBox.StandardButton.Yes:
                suggested = path
                continue
            confirmed = True
        return ChosenFile(path, confirmed)


def choose_export_folder(
    parent: QWidget | None, title: str, suggested: Path, *, protected: VaultFiles | None
) -> Path | None:
    """A folder to save several exports in, or None when the person cancelled; never TutorDesk's own."""
    while True:
        chosen = QFileDialog.getExistingDirectory(parent, title, str(suggested))
        if not chosen:
            return None
        folder = Path(chosen)
        # Any file in it would be refused: ask about a name that cannot exist yet.
        refusal = export_refusal(folder / "pack.pdf", protected) if protected is not None else None
        if refusal is None:
            return folder
        QMessageBox.warning(
            parent,
            title,
            f"{folder} is TutorDesk's own folder, beside the vault, its key file or its backups. "
            "Choose another folder (for example Documents); nothing was written.",
        )
        suggested = Path.home()
