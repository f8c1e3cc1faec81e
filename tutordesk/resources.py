"""Where TutorDesk's data files live: `forms/` (documents as data), `resources/` (fonts and the like) and
the user guide (`docs/user-guide.md` with its pictures, shown by Help → User guide).

One function finds them wherever TutorDesk runs from: a frozen bundle (PyInstaller unpacks data beside the
executable and names the folder in `sys._MEIPASS`), an installed wheel (copied inside the package as
`tutordesk/_data/`), or a source checkout (the repository's top-level folders).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_root() -> Path:
    """The folder holding `forms/` and `resources/`."""
    candidates = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle))
    candidates += [_PACKAGE / "_data", _PACKAGE.parent]
    for candidate in candidates:
        if (candidate / "forms").is_dir() and (candidate / "resources").is_dir():
            return candidate
    raise FileNotFoundError("TutorDesk's forms and resources folders are missing from this installation")


def forms_folder() -> Path:
    return data_root() / "forms"


def resource(*parts: str) -> Path:
    """A file under `resources/`, e.g. `resource("fonts", "DejaVuSans.ttf")`."""
    return data_root().joinpath("resources", *parts)


def user_guide() -> Path:
    """The user guide, `docs/user-guide.md`, beside `forms/` and `resources/` (its pictures are in the
    `screenshots/` folder next to it)."""
    return data_root() / "docs" / "user-guide.md"
