"""Where an export may never be written: onto the vault or the files that belong to it.

Every export (a PDF, a calendar, a printed copy saved to a file, the recovery key page) asks
`export_refusal` first. A target is refused when it is, or would land in, TutorDesk's own place: the vault,
its key file, its `-wal`, `-shm` and `-journal` files and its lock, anything else in the vault's folder,
and anything in (or below) the backups' folder. Paths are compared after resolving symbolic links, and
folders and existing files by their identity on disk (device and inode), so neither a symbolic link nor a
hard link to the vault gets round the check.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tutordesk.errors import BadInput

#: The files SQLite, the key file and the instance lock keep beside the vault, by their suffix.
SIDE_SUFFIXES = (".keys", "-wal", "-shm", "-journal", ".lock")


@dataclass(frozen=True, slots=True)
class VaultFiles:
    """The vault's file and the folders holding its backups: what no export may touch."""

    vault: Path
    backup_folders: tuple[Path, ...] = ()

    def files(self) -> list[Path]:
        """The vault and every side file it has or may have."""
        return [self.vault, *(self.vault.with_name(self.vault.name + s) for s in SIDE_SUFFIXES)]

    def folders(self) -> list[Path]:
        """The vault's folder, then the backups' folders (the default one beside the vault included)."""
        return [self.vault.parent, self.vault.parent / "backups", *self.backup_folders]


class ProtectedTarget(BadInput):
    """An export aimed at the vault, its side files, its folder or its backups (exit 2: choose again)."""


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return None
    return (found.st_dev, found.st_ino)


def export_refusal(target: Path, protected: VaultFiles) -> str | None:
    """Why `target` may not be written (one plain sentence), or None when it may."""
    target = Path(os.path.abspath(Path(target).expanduser()))
    resolved = target.resolve()  # every symbolic link followed, a dangling last one too
    folder_ids = {found for folder in protected.folders() if (found := _identity(folder)) is not None}
    backup_ids = {found for folder in protected.folders()[1:] if (found := _identity(folder)) is not None}
    vault_folder = protected.vault.parent
    refused = (
        f"{target.name} would be saved in TutorDesk's own folder, beside the vault, its key file and its "
        "backups, where it could destroy them. Choose another folder (for example Documents); nothing was written."
    )
    if _identity(target.parent) in folder_ids or _identity(resolved.parent) in folder_ids:
        return refused
    if any(_identity(folder) in backup_ids for folder in (*target.parents, *resolved.parents)):
        return refused
    own_files = [*protected.files()]
    for folder in protected.folders()[1:]:
        try:
            own_files.extend(folder.iterdir())
        except OSError:
            continue  # no backups there (yet)
    own_ids = {found for path in own_files if (found := _identity(path)) is not None}
    if _identity(target) in own_ids:  # a hard link (or a link's target) that is the vault or one of its own
        return refused
    lexical = {os.path.normcase(os.path.abspath(p)) for p in own_files}
    if os.path.normcase(str(resolved)) in lexical or resolved.parent == vault_folder.resolve():
        return refused
    return None


def refuse_protected_target(target: Path, protected: VaultFiles) -> None:
    """Raise `ProtectedTarget` (exit 2, a plain sentence) when `target` may not be written."""
    refusal = export_refusal(target, protected)
    if refusal is not None:
        raise ProtectedTarget(refusal)
