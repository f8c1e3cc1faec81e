#!/usr/bin/env python3
"""Set up and run TutorDesk from a source checkout with nothing but Python 3.11+.

    python3 dev.py app [ARGS...]    create .venv if needed, install TutorDesk into it, start it
    python3 dev.py test [ARGS...]   the same with the test tools, then run the whole test suite
    python3 dev.py bench [ARGS...]  the same with the benchmark's tools, then bench/run.py (bench/README.md)

The virtual environment is reinstalled only when pyproject.toml changes. Standard library only.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _fingerprint(extras: str) -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    digest.update(extras.encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def ensure_environment(extras: str) -> None:
    stamp = VENV / f".installed-{extras or 'app'}"
    wanted = _fingerprint(extras)
    if PYTHON.exists() and stamp.exists() and stamp.read_text() == wanted:
        return
    if not PYTHON.exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    print("Installing TutorDesk and its dependencies (first run only) ...", flush=True)
    target = f".[{extras}]" if extras else "."
    quiet = ["--quiet"] if os.environ.get("CI") else []
    subprocess.run(
        [str(PYTHON), "-m", "pip", "install", *quiet, "--disable-pip-version-check", "-e", target],
        cwd=ROOT,
        check=True,
    )
    stamp.write_text(wanted)


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py itself may be started by an older Python
        print("TutorDesk needs Python 3.11 or newer.", file=sys.stderr)
        return 2
    command, rest = (argv[0], argv[1:]) if argv else ("app", [])
    try:
        if command == "app":
            ensure_environment("")
            return subprocess.call([str(PYTHON), "-m", "tutordesk", *rest], cwd=ROOT)
        if command == "test":
            ensure_environment("test")
            return subprocess.call([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT)
        if command == "bench":
            ensure_environment("test,bench")
            return subprocess.call([str(PYTHON), str(ROOT / "bench" / "run.py"), *rest], cwd=ROOT)
    except subprocess.CalledProcessError as error:
        print(
            f"Setting up the environment failed (exit code {error.returncode}); see the messages above.",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 130
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
