"""The PyInstaller spec and build script, checked without building: what goes in, what is left out, names."""

from __future__ import annotations

import ast
import os
import re
import stat
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest

from tests.packaging.support import PACKAGING, REPO, SPEC, load_script, spec_strings
from tutordesk import __version__

build = load_script("build")


def qt_modules_imported_by_tutordesk() -> set[str]:
    """Every `PySide6.QtXxx` named in TutorDesk's code, by import statement or import_module string."""
    found: set[str] = set()
    for path in (REPO / "tutordesk").rglob("*.py"):
        found |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    return found


def modules_imported_by_name() -> set[str]:
    """Modules TutorDesk loads with importlib.import_module("..."), which PyInstaller cannot follow."""
    found: set[str] = set()
    for path in (REPO / "tutordesk").rglob("*.py"):
        found |= set(re.findall(r"import_module\(\s*\"([\w.]+)\"", path.read_text(encoding="utf-8")))
    return found


def test_the_spec_is_python() -> None:
    ast.parse(SPEC.read_text(encoding="utf-8"))


def test_forms_and_resources_go_where_resources_py_looks() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert '(str(ROOT / "forms"), "forms")' in text
    assert '(str(ROOT / "resources"), "resources")' in text
    assert '(str(ROOT / "docs" / "user-guide.md"), "docs")' in text  # Help → User guide


def test_no_qt_module_in_use_is_excluded() -> None:
    excluded = set(spec_strings("UNUSED_QT"))
    assert excluded, "the spec's list of unused Qt modules is empty or renamed"
    in_use = qt_modules_imported_by_tutordesk()
    assert {"QtCore", "QtGui", "QtWidgets", "QtMultimedia"} <= in_use
    assert not in_use & excluded, f"used by TutorDesk but excluded from the bundle: {in_use & excluded}"


def test_modules_imported_by_name_are_hidden_imports() -> None:
    hidden = set(spec_strings("hiddenimports"))
    by_name = modules_imported_by_name()
    assert "PySide6.QtMultimedia" in by_name  # spoken diary entries; if this moves, update the spec too
    assert by_name <= hidden, f"loaded by name but not in the spec's hiddenimports: {by_name - hidden}"


def test_keyring_backends_and_their_entry_points_are_collected() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert 'collect_submodules("keyring.backends")' in text
    assert 'copy_metadata("keyring")' in text
    assert 'collect_submodules("secretstorage")' in text and 'collect_submodules("jeepney")' in text


def test_tests_and_test_tools_stay_out() -> None:
    excludes = set(spec_strings("excludes"))
    assert {"tests", "pytest", "_pytest", "pytestqt", "tkinter"} <= excludes


def test_pyinstaller_is_an_extra_never_a_dependency() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not any(r.lower().startswith("pyinstaller") for r in project["dependencies"])
    assert any(r.lower().startswith("pyinstaller") for r in project["optional-dependencies"]["packaging"])
    assert build.requirements() == [*project["dependencies"], *project["optional-dependencies"]["packaging"]]


def test_version_and_archive_name_follow_the_package() -> None:
    assert build.version() == __version__
    name = build.archive_path().name
    assert name.startswith(f"TutorDesk-{__version__}-") and name.endswith(".tar.gz")
    if sys.platform.startswith("linux") and os.uname().machine == "x86_64":
        assert name == f"TutorDesk-{__version__}-linux-x86_64.tar.gz"


def test_the_files_put_beside_the_program_exist() -> None:
    for source in build.DESKTOP_FILES:
        assert source.is_file(), source
    assert (PACKAGING / "launcher.py").is_file()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions and links")
def test_the_archive_keeps_one_top_folder_permissions_and_links(tmp_path: Path) -> None:
    folder = tmp_path / "TutorDesk"
    (folder / "_internal").mkdir(parents=True)
    program = folder / "tutordesk"
    program.write_text("#!/bin/sh\necho hello\n")
    program.chmod(0o755)
    (folder / "_internal" / "libexample.so.1").write_bytes(b"\x7fELF")
    (folder / "libexample.so.1").symlink_to("_internal/libexample.so.1")
    target = tmp_path / "out" / "TutorDesk-test.tar.gz"
    target.parent.mkdir()
    build.make_archive(folder, target)
    assert not list(target.parent.glob("*.partial"))
    with tarfile.open(target) as archive:
        assert {member.name.split("/")[0] for member in archive.getmembers()} == {"TutorDesk"}
        archive.extractall(tmp_path / "unpacked", filter="tar")
    unpacked = tmp_path / "unpacked" / "TutorDesk"
    assert stat.S_IMODE((unpacked / "tutordesk").stat().st_mode) & 0o111
    assert (unpacked / "libexample.so.1").is_symlink()
    assert (unpacked / "libexample.so.1").read_bytes() == b"\x7fELF"


def test_the_icon_exists_in_the_sizes_menus_ask_for() -> None:
    icons = PACKAGING / "icons"
    assert (icons / "tutordesk.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    for size in (16, 32, 48, 64, 128, 256, 512):
        header = (icons / f"tutordesk-{size}.png").read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
        assert (width, height) == (size, size)
