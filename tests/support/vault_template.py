"""A vault made once per test session and copied for each test that needs one.

Making a vault sets up SQLCipher, wraps its key, runs every migration, builds the FTS5 tables and seeds the
lists; copying the closed file and its key file gives each test its own real encrypted vault for a fraction
of that. Every copy shares the template's vault id, key and passphrase, so a test that needs two unrelated
vaults, or that is about making one, calls `Vault.create` itself.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tutordesk.paths import ensure_private_dir
from tutordesk.vault.instance_lock import lock_path
from tutordesk.vault.key_file import KdfCost, key_file_path
from tutordesk.vault.vault import Vault


class VaultTemplate:
    """A closed vault in `folder`, made on first use, that `copy_to` copies with its key file."""

    def __init__(self, folder: Path, passphrase: str, cost: KdfCost) -> None:
        self._path = folder / "template.vault"
        self._passphrase = passphrase
        self._cost = cost
        self._made = False

    @property
    def path(self) -> Path:
        if not self._made:
            Vault.create(self._path, self._passphrase, cost=self._cost).close()
            # Closing checkpoints the WAL away; a -wal or -shm left behind would hold pages the copies lack.
            left = sorted(p.name for p in self._path.parent.iterdir())
            expected = sorted({self._path.name, key_file_path(self._path).name, lock_path(self._path).name})
            assert left == expected, f"the template vault did not close cleanly: {left}"
            self._made = True
        return self._path

    def copy_to(self, path: Path) -> Path:
        """A new vault at `path`: the template's file and key file, with no instance lock copied."""
        path = Path(path)
        if path.exists() or key_file_path(path).exists():
            raise FileExistsError(f"{path} already exists; a test vault is never copied over a file")
        template = self.path
        ensure_private_dir(path.parent)  # as Vault.create leaves the folder
        # shutil.copy keeps the files' modes (owner-only) and gives them fresh times, like a new vault.
        shutil.copy(key_file_path(template), key_file_path(path))
        shutil.copy(template, path)
        return path
