"""The system libraries Qt's X11 (xcb) platform plugin needs, checked before Qt loads it.

On a minimal Linux the Python packages install fine but the window cannot open: Qt then stops with a
raw "xcb-cursor0 ... is needed" message. This module finds what is missing first, and says in plain
words the one command that installs it on Debian or Ubuntu and on Fedora. It imports no Qt.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class SystemLibrary:
    """One shared library the window needs, by its file name and the package that brings it."""

    soname: str
    debian: str
    fedora: str


#: What Qt's xcb platform plugin loads beyond the Python packages, with the package of each.
XCB_LIBRARIES = (
    SystemLibrary("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    SystemLibrary("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
    SystemLibrary("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    SystemLibrary("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    SystemLibrary("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    SystemLibrary("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    SystemLibrary("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
    SystemLibrary("libxcb-randr.so.0", "libxcb-randr0", "libxcb"),
    SystemLibrary("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb"),
    SystemLibrary("libEGL.so.1", "libegl1", "libglvnd-egl"),
    SystemLibrary("libGL.so.1", "libgl1", "libglvnd-glx"),
    SystemLibrary("libfontconfig.so.1", "libfontconfig1", "fontconfig"),
    SystemLibrary("libdbus-1.so.3", "libdbus-1-3", "dbus-libs"),
)


def loadable(soname: str) -> bool:
    """True when the dynamic loader finds and loads `soname`, as Qt will."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def uses_xcb(platform: str, environ: Mapping[str, str]) -> bool:
    """True when Qt will open the window through X11: on Linux, unless a Wayland session or another Qt
    platform (offscreen, wayland, vnc) is chosen."""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(":")[0].split(";")[0] == "xcb"
    return not environ.get("WAYLAND_DISPLAY")


def missing_libraries(
    find: Callable[[str], bool] = loadable, libraries: tuple[SystemLibrary, ...] = XCB_LIBRARIES
) -> list[SystemLibrary]:
    """The libraries of `libraries` that `find` (given a file name) does not find."""
    return [library for library in libraries if not find(library.soname)]


def install_advice(missing: list[SystemLibrary]) -> str:
    """What to tell a person whose computer lacks `missing`: which packages, and the command for each
    family of Linux."""
    debian = " ".join(dict.fromkeys(library.debian for library in missing))
    fedora = " ".join(dict.fromkeys(library.fedora for library in missing))
    return (
        "tutordesk: the window cannot open yet, because this computer lacks some system libraries it "
        f"needs ({', '.join(library.debian for library in missing)}). Install them once, then start "
        "TutorDesk again.\n"
        f"  On Debian or Ubuntu:  sudo apt install {debian}\n"
        f"  On Fedora:            sudo dnf install {fedora}\n"
        "Your vault is untouched, and the commands that need no window work already (`tutordesk --help`)."
    )


def check_window_libraries(
    find: Callable[[str], bool] | None = None,
    platform: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> str | None:
    """The advice to print when the window's system libraries are missing, or None when all is well.
    `find` tells whether a library file loads (by default: try to load it)."""
    if not uses_xcb(
        sys.platform if platform is None else platform, os.environ if environ is None else environ
    ):
        return None
    missing = missing_libraries(find or loadable)
    return install_advice(missing) if missing else None
