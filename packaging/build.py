#!/usr/bin/env python3
"""Build the TutorDesk desktop bundle with PyInstaller: `python3 packaging/build.py`.

Needs nothing but Python 3.11+ and the package registry. The first run creates a build environment in
`build/packaging-venv` holding TutorDesk's dependencies and PyInstaller (the `packaging` extra of
pyproject.toml); it is reinstalled only when pyproject.toml changes. TutorDesk itself is read straight from
this checkout, so the bundle is always the code you see. The result:

    dist/TutorDesk/                                 the application folder (run dist/TutorDesk/tutordesk)
    dist/TutorDesk-<version>-<system>-<machine>.tar.gz   the same folder, packed for handing out

Options: `--python PATH` uses an interpreter that already has the `packaging` extra installed (for
example `.venv/bin/python` after `pip install -e '.[packaging]'`) instead of the build environment;
`--clean` empties PyInstaller's cache first; `--no-archive` skips the archive. Standard library only.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "tutordesk.spec"
BUILD = ROOT / "build"
DIST = ROOT / "dist"
BUILD_VENV = BUILD / "packaging-venv"
APP_FOLDER = "TutorDesk"
EXECUTABLE = "tutordesk.exe" if os.name == "nt" else "tutordesk"

#: Files put beside the executable for people and their menus (see packaging/linux/).
DESKTOP_FILES = {
    PACKAGING / "linux" / "tutordesk.desktop": "tutordesk.desktop",
    PACKAGING / "linux" / "install-desktop-entry.sh": "install-desktop-entry.sh",
    PACKAGING / "icons" / "tutordesk.svg": "tutordesk.svg",
    PACKAGING / "icons" / "tutordesk-256.png": "tutordesk.png",
    PACKAGING / "bundle-README.txt": "README.txt",
    ROOT / "LICENSE": "LICENSE.txt",  # the GPL asks that the licence travels with the program
}


def version() -> str:
    """TutorDesk's version, read from the source without importing it (the build Python may lack deps)."""
    text = (ROOT / "tutordesk" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if not found:
        raise SystemExit("build: tutordesk/__init__.py has no __version__")
    return found.group(1)


def platform_tag() -> str:
    system = {"linux": "linux", "darwin": "macos", "win32": "windows"}.get(sys.platform, sys.platform)
    machine = os.uname().machine if hasattr(os, "uname") else os.environ.get("PROCESSOR_ARCHITECTURE", "")
    return f"{system}-{machine.lower().replace('amd64', 'x86_64')}"


def archive_path() -> Path:
    return DIST / f"{APP_FOLDER}-{version()}-{platform_tag()}.tar.gz"


def requirements() -> list[str]:
    """The runtime dependencies plus the `packaging` extra, as pyproject.toml states them."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [*project["dependencies"], *project["optional-dependencies"]["packaging"]]


def venv_python(folder: Path) -> Path:
    return folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_build_environment() -> Path:
    """The build environment's Python, (re)installed when pyproject.toml or this Python changed."""
    python = venv_python(BUILD_VENV)
    stamp = BUILD_VENV / ".installed"
    wanted = hashlib.sha256("\n".join([*requirements(), sys.version, str(BUILD_VENV)]).encode()).hexdigest()
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return python
    step(f"Creating the build environment in {BUILD_VENV.relative_to(ROOT)} (first build only)")
    venv.EnvBuilder(with_pip=True, clear=True).create(BUILD_VENV)
    quiet = ["--quiet"] if os.environ.get("CI") else []
    run([str(python), "-m", "pip", "install", *quiet, "--disable-pip-version-check", *requirements()])
    stamp.write_text(wanted)
    return python


def run(command: list[str]) -> None:
    subprocess.run(command, cwd=ROOT, check=True)


def step(text: str) -> None:
    print(f"build: {text}", flush=True)


def add_desktop_files(folder: Path) -> None:
    for source, name in DESKTOP_FILES.items():
        target = folder / name
        shutil.copy2(source, target)
        if name.endswith(".sh"):
            target.chmod(0o755)


def make_archive(folder: Path, target: Path) -> None:
    """A tar.gz whose single top folder is the application folder; permissions and links kept."""
    target.unlink(missing_ok=True)
    partial = target.with_name(target.name + ".partial")
    with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
        archive.add(folder, arcname=folder.name)
    partial.replace(target)


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Build the TutorDesk desktop bundle with PyInstaller.")
    parser.add_argument("--python", metavar="PATH", help="an interpreter with the packaging extra installed")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache before building")
    parser.add_argument("--no-archive", action="store_true", help="build the folder only")
    args = parser.parse_args(argv)
    if sys.version_info < (3, 11):  # noqa: UP036 - may be started by an older Python
        print("build: TutorDesk needs Python 3.11 or newer.", file=sys.stderr)
        return 2
    started = time.monotonic()
    try:
        python = Path(args.python) if args.python else ensure_build_environment()
        step(f"Building TutorDesk {version()} with PyInstaller")
        command = [str(python), "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
        command += ["--distpath", str(DIST), "--workpath", str(BUILD / "pyinstaller")]
        run([*command, *(["--clean"] if args.clean else []), str(SPEC)])
    except subprocess.CalledProcessError as error:
        print(
            f"build: a step failed (exit code {error.returncode}); see the messages above.", file=sys.stderr
        )
        return 1
    folder = DIST / APP_FOLDER
    add_desktop_files(folder)
    step(f"Application folder: {folder.relative_to(ROOT)} ({megabytes(folder_size(folder))})")
    if not args.no_archive:
        target = archive_path()
        make_archive(folder, target)
        step(f"Archive: {target.relative_to(ROOT)} ({megabytes(target.stat().st_size)})")
    step(
        f"Done in {time.monotonic() - started:.0f} s. Try it: {folder.relative_to(ROOT)}/{EXECUTABLE} --version"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
