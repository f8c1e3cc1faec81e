"""Where TutorDesk keeps its files: the platform's user folders, or all under TUTORDESK_HOME when set.

TUTORDESK_HOME exists for tests and portable use (a USB stick): every folder then lives below it.
Folders are created private to the user (0700) because they hold the vault, its backups and its key file.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "TutorDesk"
HOME_VARIABLE = "TUTORDESK_HOME"
VAULT_FILE_NAME = "tutordesk.vault"


@dataclass(frozen=True)
class AppPaths:
    """The folders of one TutorDesk installation."""

    data: Path
    config: Path
    cache: Path
    logs: Path
    home: Path | None = None  # TUTORDESK_HOME, when set: the one folder all the others live in

    def make_private(self) -> None:
        """Tighten TUTORDESK_HOME and TutorDesk's own folders that exist to 0700 (they may have been made by
        hand, or by an older version, 0755). The platform's user folders around them are left as they are."""
        for folder in (self.home, self.data, self.config, self.cache, self.logs):
            if folder is not None:
                _tighten(folder, 0o700)  # a folder that is missing, or not ours to see, is left alone

    @property
    def default_vault(self) -> Path:
        return self.data / VAULT_FILE_NAME

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @classmethod
    def discover(cls, environ: dict[str, str] | None = None) -> AppPaths:
        env = os.environ if environ is None else environ
        home = env.get(HOME_VARIABLE)
        if home:
            root = Path(home).expanduser()
            return cls(
                data=root / "data",
                config=root / "config",
                cache=root / "cache",
                logs=root / "logs",
                home=root,
            )
        return cls(
            data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
            logs=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )


def ensure_private_dir(path: Path) -> Path:
    """Create `path` readable only by the user, and any missing parents too (`mkdir(parents=True)` alone
    would make them 0755); tighten `path` if it already exists and is ours."""
    missing = [folder for folder in (path, *path.parents) if not folder.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
    if not path.is_dir():  # a file where the folder should be: say so, as mkdir would
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path))
    _tighten(path, 0o700)
    return path


def ensure_private_file(path: Path) -> Path:
    """Make `path` readable and writable by the user only (0600): created empty that way if missing,
    tightened if it exists, is ours and is looser (a file another program writes, e.g. Qt's settings)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    except OSError:
        return path  # it cannot be made here; whoever writes it next reports the problem
    _tighten(path, 0o600)
    return path


def _tighten(path: Path, mode: int) -> None:
    if os.name != "posix":
        return
    try:
        found = path.stat()
        if stat.S_ISDIR(found.st_mode) != (mode == 0o700):
            return  # a file where a folder belongs, or the other way round: not for TutorDesk to change
        if found.st_uid == os.getuid() and found.st_mode & 0o077:
            path.chmod(mode)
    except OSError:
        pass  # a file or folder we cannot tighten still works; the vault inside is encrypted
