"""Where TutorDesk keeps its files: the platform's user folders, or all under TUTORDESK_HOME when set.

TUTORDESK_HOME exists for tests and portable use (a USB stick): every folder then lives below it.
Folders are created private to the user (0700) because they hold the vault, its backups and its key file.
"""

from __future__ import annotations

import os
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
            return cls(data=root / "data", config=root / "config", cache=root / "cache", logs=root / "logs")
        return cls(
            data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
            logs=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) readable only by the user; tighten it if it already exists and is ours."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        try:
            if path.stat().st_uid == os.getuid() and path.stat().st_mode & 0o077:
                path.chmod(0o700)
        except OSError:
            pass  # a folder we cannot tighten still works; the vault inside is encrypted
    return path
