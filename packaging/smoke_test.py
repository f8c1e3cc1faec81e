#!/usr/bin/env python3
"""Smoke test of the built desktop bundle: `python3 packaging/smoke_test.py [--no-build]`.

Builds the bundle (packaging/build.py) unless told not to, unpacks the archive into a temporary folder (so
the archive, not the build tree, is what is tried), and runs the bundled program as a person's computer
would: no Python variables, no screen (Qt draws offscreen), keyring's "fail" backend instead of the real
keychain, and a fresh TUTORDESK_HOME. Each step is printed; the first failure ends the test with exit 1.

Steps: the bundle holds what is loaded by name at run time (keyring backends, QtMultimedia, Qt plugins,
SQLCipher, forms, resources, migrations); `--version`; `init --remember` (no keychain: the passphrase
alone must do); `demo --learners 20`; `check`; a PDF export read back with pypdf (`export handover` when
`tutordesk export --help` lists it, else `export contract` of the first learner with an agreed plan);
then the window offscreen, first run and unlock, closed after a few seconds by TUTORDESK_QUIT_AFTER, exit 0.

pypdf and PyInstaller come from the build environment: when this Python lacks them, the test runs itself
again there. Standard library only, apart from those two.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build  # noqa: E402 - packaging/build.py: paths, version and the build environment

PASSPHRASE = "smoke test: a long passphrase nobody would guess"  # noqa: S105 - a throwaway test vault
QUIT_AFTER = "3"
WINDOW_TIMEOUT = 60
#: What the bundled program is never given: anything that could let it find a Python outside itself.
HOSTILE_VARIABLES = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "LD_LIBRARY_PATH", "LD_PRELOAD")


class SmokeFailure(Exception):
    pass


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Build the desktop bundle and try it headless.")
    parser.add_argument("--no-build", action="store_true", help="use the existing dist/ instead of building")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    args = parser.parse_args(argv)
    if not args.no_build:
        say("building: python3 packaging/build.py")
        if subprocess.call([sys.executable, str(build.PACKAGING / "build.py")], cwd=build.ROOT) != 0:
            say("FAILED: the build did not finish")
            return 1
    if not _has_tools():
        return _again_in_build_environment(argv)
    scratch = Path(tempfile.mkdtemp(prefix="tutordesk-smoke-"))
    try:
        program = _unpack(scratch)
        Smoke(program, scratch).run()
    except SmokeFailure as failure:
        say(f"FAILED: {failure}")
        return 1
    finally:
        if args.keep:
            say(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    say("all steps passed")
    return 0


def say(text: str) -> None:
    print(f"smoke: {text}", flush=True)


def _has_tools() -> bool:
    return all(importlib.util.find_spec(name) is not None for name in ("pypdf", "PyInstaller"))


def _again_in_build_environment(argv: list[str]) -> int:
    python = build.venv_python(build.BUILD_VENV)
    if not python.exists() or Path(sys.executable).resolve() == python.resolve():
        say("FAILED: pypdf and PyInstaller are missing; run `python3 packaging/build.py` once first")
        return 1
    say(f"continuing with {python.relative_to(build.ROOT)} (it has pypdf and PyInstaller)")
    return subprocess.call([str(python), __file__, "--no-build", *[a for a in argv if a != "--no-build"]])


def _unpack(scratch: Path) -> Path:
    """The program inside the unpacked archive, or inside dist/ when there is no archive."""
    archive = build.archive_path()
    if not archive.exists():
        folder = build.DIST / build.APP_FOLDER
        say(f"no archive at {archive.name}; trying the folder {folder}")
    else:
        say(f"unpacking {archive.relative_to(build.ROOT)}")
        with tarfile.open(archive) as packed:
            packed.extractall(scratch / "unpacked", filter="tar")  # keeps permissions, stays inside
        folder = scratch / "unpacked" / build.APP_FOLDER
    program = folder / build.EXECUTABLE
    if not program.is_file() or not os.access(program, os.X_OK):
        raise SmokeFailure(f"{program} is missing or not executable")
    return program


class Smoke:
    """The steps, in order, against one unpacked bundle."""

    def __init__(self, program: Path, scratch: Path) -> None:
        self.program = program
        self.internal = program.parent / "_internal"
        self.scratch = scratch
        self.home = scratch / "home"
        self.steps: list[tuple[str, Callable[[], str]]] = [
            ("the bundle holds what is loaded by name", self.contents),
            ("--version", self.version),
            ("init --remember with no keychain", self.init),
            ("demo --learners 20", self.demo),
            ("check", self.check),
            ("export a PDF and read it back", self.export),
            ("first-run window offscreen, closed cleanly", self.first_run_window),
            ("unlock window offscreen, closed cleanly", self.unlock_window),
        ]

    def run(self) -> None:
        for number, (title, step) in enumerate(self.steps, start=1):
            started = time.monotonic()
            detail = step()
            say(f"[{number}/{len(self.steps)}] {title}: ok ({time.monotonic() - started:.1f} s){detail}")

    # -- running the program ---------------------------------------------------------------------------

    def environment(self, home: Path, *, window: bool = False) -> dict[str, str]:
        runtime = self.scratch / "runtime"
        runtime.mkdir(mode=0o700, exist_ok=True)
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(self.scratch / "user"),
            "LANG": "C.UTF-8",
            "XDG_RUNTIME_DIR": str(runtime),
            "TUTORDESK_HOME": str(home),
            "TUTORDESK_PASSPHRASE": PASSPHRASE,
            # The real keychain is never touched; naming this backend also proves keyring's are bundled.
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        }
        if window:
            env |= {"QT_QPA_PLATFORM": "offscreen", "TUTORDESK_QUIT_AFTER": QUIT_AFTER}
        assert not any(name in env for name in HOSTILE_VARIABLES)
        return env

    def tutordesk(
        self, *args: str, home: Path | None = None, window: bool = False, ok: bool = True
    ) -> subprocess.CompletedProcess[str]:
        command = [str(self.program), *args]
        limit = WINDOW_TIMEOUT if window else 120
        try:
            result = subprocess.run(
                command,
                env=self.environment(home or self.home, window=window),
                cwd=self.scratch,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=limit,
            )
        except subprocess.TimeoutExpired:
            if window:
                raise SmokeFailure(
                    f"the window was still open after {limit} s: it must close itself when "
                    "TUTORDESK_QUIT_AFTER is set (tutordesk/app.py)"
                ) from None
            raise SmokeFailure(f"`tutordesk {' '.join(args)}` did not finish in {limit} s") from None
        if "Traceback" in result.stdout + result.stderr:
            raise SmokeFailure(f"`tutordesk {' '.join(args)}` printed a traceback:\n{result.stderr[-3000:]}")
        if ok and result.returncode != 0:
            raise SmokeFailure(
                f"`tutordesk {' '.join(args)}` exited with {result.returncode}:\n"
                f"{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
            )
        return result

    # -- the steps -------------------------------------------------------------------------------------

    def contents(self) -> str:
        expected_files = [
            "forms/contract_of_participation.toml",
            "resources/fonts/DejaVuSans.ttf",
            "tutordesk/vault/migrations/env.py",
            "tutordesk/vault/migrations/versions/0001_first_schema.py",
            "tutordesk/domain/taxonomies.toml",
            "PySide6/Qt/plugins/platforms/libqxcb.so",
            "PySide6/Qt/plugins/platforms/libqwayland.so",
            "PySide6/Qt/plugins/platforms/libqoffscreen.so",
            "PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so",
        ]
        expected_files += [f"PySide6/{name}.abi3.so" for name in qt_modules_in_use()]
        missing = [name for name in expected_files if not (self.internal / name).exists()]
        missing += [
            pattern
            for pattern in ("sqlcipher3/_sqlite3*.so", "keyring-*.dist-info/entry_points.txt")
            if not list(self.internal.glob(pattern))
        ]
        modules = bundled_modules(self.program)
        wanted_modules = [
            "tutordesk.ui.shell.main_window",
            "keyring.backends.fail",
            "keyring.backends.chainer",
        ]
        if sys.platform.startswith("linux"):
            wanted_modules += [
                "keyring.backends.SecretService",
                "keyring.backends.libsecret",
                "keyring.backends.kwallet",
                "secretstorage",
                "jeepney.io.blocking",
            ]
        missing += [f"module {name}" for name in wanted_modules if name not in modules]
        if missing:
            raise SmokeFailure("the bundle lacks: " + ", ".join(missing))
        unwanted = [
            name
            for name in ("PySide6/QtWebEngineCore.abi3.so", "PySide6/QtQuick.abi3.so", "tests")
            if (self.internal / name).exists()
        ]
        unwanted += [name for name in ("pytest", "tkinter", "tests") if name in modules]
        if unwanted:
            raise SmokeFailure("the bundle holds what it should not: " + ", ".join(unwanted))
        return f": {len(modules)} modules"

    def version(self) -> str:
        output = self.tutordesk("--version").stdout.strip()
        if output != f"TutorDesk {build.version()}":
            raise SmokeFailure(f"--version said {output!r}, wanted 'TutorDesk {build.version()}'")
        return f": {output}"

    def init(self) -> str:
        output = self.tutordesk("init", "--remember").stdout
        if "Created a new vault" not in output or not re.search(r"[0-9a-f]{8}(-[0-9a-f]{8}){7}", output):
            raise SmokeFailure(f"init did not report a new vault and a recovery key:\n{output}")
        return ""

    def demo(self) -> str:
        output = self.tutordesk("demo", "--learners", "20").stdout
        if "Added 20 fictional learners" not in output:
            raise SmokeFailure(f"demo did not add 20 learners:\n{output}")
        return ""

    def check(self) -> str:
        self.tutordesk("check")
        return ""

    def export(self) -> str:
        target = self.scratch / "export.pdf"
        listing = self.tutordesk("export", "--help").stdout
        # The handover pack, encrypted, so the bundle's pikepdf (AES-256) is tried too; a checkout from before
        # the transitions work has only the contract.
        kind = "handover" if re.search(r"^\s+handover\b", listing, re.MULTILINE) else "contract"
        extra = ["--audience", "learner", "--encrypt"] if kind == "handover" else []
        for learner in self.learner_ids():
            result = self.tutordesk("export", kind, learner, "--out", str(target), *extra, ok=False)
            if result.returncode == 0:
                return f": export {kind} {learner}, " + read_pdf(target, result.stdout)
            if result.returncode != 2:  # 2: this learner has nothing to export yet; try the next
                raise SmokeFailure(f"export {kind} exited with {result.returncode}: {result.stderr.strip()}")
        raise SmokeFailure(f"export {kind} worked for none of the demo learners")

    def learner_ids(self) -> list[str]:
        rows = json.loads(self.tutordesk("learners", "list", "--json").stdout)
        return sorted((str(row["id"]) for row in rows), key=int)

    def first_run_window(self) -> str:
        return self.window(self.scratch / "fresh-home")

    def unlock_window(self) -> str:
        return self.window(self.home)

    def window(self, home: Path) -> str:
        started = time.monotonic()
        result = self.tutordesk(home=home, window=True)
        seconds = time.monotonic() - started
        if seconds < float(QUIT_AFTER):
            raise SmokeFailure(f"the window closed after {seconds:.1f} s, before TUTORDESK_QUIT_AFTER asked")
        fatal = [line for line in result.stderr.splitlines() if "qt.qpa.plugin" in line or "Fatal" in line]
        if fatal:
            raise SmokeFailure("Qt complained:\n" + "\n".join(fatal))
        return ""


def qt_modules_in_use() -> set[str]:
    """The Qt modules TutorDesk's code names (`PySide6.QtXxx`), each of which the bundle must hold."""
    found: set[str] = set()
    for path in (build.ROOT / "tutordesk").rglob("*.py"):
        found |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    return found


def bundled_modules(program: Path) -> set[str]:
    """The Python modules in the bundle's archive (PyInstaller keeps them inside the executable)."""
    from PyInstaller.archive.readers import CArchiveReader

    outer = CArchiveReader(str(program))
    names: set[str] = set()
    for entry in outer.toc:
        if entry.endswith(".pyz"):
            names |= set(outer.open_embedded_archive(entry).toc)
    return names


def read_pdf(path: Path, said: str) -> str:
    """Open the PDF with pypdf, as a PDF reader would, and check the fingerprint the command printed."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    if reader.is_encrypted:
        password = re.search(r"^\s+(\S+)\s*$", said.split("Password to open it", 1)[-1], re.MULTILINE)
        if password is None or not reader.decrypt(password.group(1)):
            raise SmokeFailure(f"{path.name} is encrypted and the password printed does not open it")
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    fingerprint = re.search(r"fingerprint ([0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})", said)
    if not reader.pages or not text.strip():
        raise SmokeFailure(f"{path.name} has no readable text")
    if fingerprint and fingerprint.group(1) not in text:
        raise SmokeFailure(f"{path.name} does not carry the fingerprint {fingerprint.group(1)}")
    return f"{len(reader.pages)} pages"


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
