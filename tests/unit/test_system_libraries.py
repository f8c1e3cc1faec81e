"""Before the window starts, missing system libraries are named with the command that installs them."""

from __future__ import annotations

import io
from contextlib import redirect_stderr
from pathlib import Path

import pytest

from tutordesk import app, system_libraries
from tutordesk.errors import ExitCode
from tutordesk.paths import AppPaths
from tutordesk.settings import Settings
from tutordesk.system_libraries import XCB_LIBRARIES, check_window_libraries, missing_libraries

ALL = {library.soname for library in XCB_LIBRARIES}
X11 = {"DISPLAY": ":0"}


def test_nothing_is_said_when_every_library_is_there() -> None:
    assert missing_libraries(ALL.__contains__) == []
    assert check_window_libraries(ALL.__contains__, platform="linux", environ=X11) is None


def test_a_missing_cursor_library_is_named_with_both_commands() -> None:
    present = ALL - {"libxcb-cursor.so.0", "libxcb-icccm.so.4"}

    advice = check_window_libraries(present.__contains__, platform="linux", environ=X11)

    assert advice is not None
    lines = advice.splitlines()
    assert lines[0].startswith("tutordesk: the window cannot open yet")
    assert "libxcb-cursor0, libxcb-icccm4" in lines[0]
    assert "  On Debian or Ubuntu:  sudo apt install libxcb-cursor0 libxcb-icccm4" in lines
    assert "  On Fedora:            sudo dnf install xcb-util-cursor xcb-util-wm" in lines
    assert "Traceback" not in advice


def test_each_fedora_package_is_named_once() -> None:
    advice = check_window_libraries(lambda soname: False, platform="linux", environ=X11)

    assert advice is not None
    fedora = next(line for line in advice.splitlines() if "dnf install" in line).split()
    assert fedora.count("libxcb") == 1
    debian = next(line for line in advice.splitlines() if "apt install" in line)
    assert all(library.debian in debian for library in XCB_LIBRARIES)


@pytest.mark.parametrize(
    ("platform", "environ"),
    [
        ("win32", X11),
        ("darwin", X11),
        ("linux", {"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}),
        ("linux", {"WAYLAND_DISPLAY": "wayland-0"}),
        ("linux", {"QT_QPA_PLATFORM": "wayland"}),
    ],
)
def test_only_an_x11_window_is_checked(platform: str, environ: dict[str, str]) -> None:
    assert check_window_libraries(lambda soname: False, platform=platform, environ=environ) is None


def test_xcb_chosen_by_hand_is_checked() -> None:
    environ = {"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "xcb"}
    assert check_window_libraries(lambda soname: False, platform="linux", environ=environ) is not None


def test_the_window_is_not_started_without_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The composition root prints the advice and exits 2 before any Qt is loaded."""
    monkeypatch.setattr(system_libraries, "loadable", lambda soname: soname != "libxcb-cursor.so.0")
    monkeypatch.setattr(system_libraries.sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(
        "tutordesk.ui.shell.application.run", lambda **_: pytest.fail("the window was started")
    )
    paths = AppPaths.discover()
    stderr = io.StringIO()

    with redirect_stderr(stderr):
        code = app.run_window(paths, Settings(), tmp_path / "tutordesk.vault")

    assert code == ExitCode.BAD_INPUT
    assert "sudo apt install libxcb-cursor0" in stderr.getvalue()
    assert "Traceback" not in stderr.getvalue()
