"""Composition root of the desktop window: paths, settings, vault, then the Qt window.

The window itself (first run or unlock, then the main window) is built in `tutordesk.ui.shell.application`,
so that Qt stays inside the ui package.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tutordesk.errors import ExitCode
from tutordesk.paths import AppPaths
from tutordesk.settings import Settings

#: Seconds after which the window closes itself as if the person had closed it (exit code 0). For the
#: packaging smoke test and start-up timing (packaging/smoke_test.py); unset, nothing changes.
QUIT_AFTER_VARIABLE = "TUTORDESK_QUIT_AFTER"


def quit_after(environ: dict[str, str] | None = None) -> float | None:
    """The seconds in TUTORDESK_QUIT_AFTER, or None when it is unset or not a number."""
    value = (os.environ if environ is None else environ).get(QUIT_AFTER_VARIABLE, "")
    try:
        return max(float(value), 0.0)
    except ValueError:
        return None


def run_window(paths: AppPaths, settings: Settings, vault_path: Path) -> int:
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
    ):
        print(
            "tutordesk: there is no screen to open the window on. "
            f"The vault is {vault_path}; see `tutordesk --help` for the commands that need no window.",
            file=sys.stderr,
        )
        return ExitCode.BAD_INPUT
    from tutordesk.system_libraries import check_window_libraries

    advice = check_window_libraries()
    if advice is not None:  # before Qt loads its platform plugin, which would stop with a raw message
        print(advice, file=sys.stderr)
        return ExitCode.BAD_INPUT
    from tutordesk.ui.shell.application import run

    return run(paths=paths, settings=settings, vault_path=vault_path, quit_after=quit_after())
