"""Kill injection: run the real `tutordesk` command and SIGKILL it just before its K-th file operation.

`python -m tests.faults.kill_at K WITHIN -- ARGS...` installs a Python audit hook (PEP 578) that counts the
operations which change files under the folder WITHIN (opening for writing or creating, rename, replace,
link, remove, truncate, chmod, mkdir, rmdir, copying) and kills its own process with SIGKILL just before
operation number K, so the operation never starts. With K = 0 nothing is killed, and the number of
operations counted is written to standard error as the last line, `file-operations: N`.

Nothing in TutorDesk knows of this: the hook sees the same calls the operating system would, and only
calls into SQLite's C code (its own page writes) are invisible to it; those are SQLite's to make atomic.

`kill_points(...)` counts a command's operations; `run_killed_at(...)` runs it with a kill at one of them.
"""

from __future__ import annotations

import os
import runpy
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# The audit events that change something on disk, with the index of their path argument(s).
_PATH_EVENTS: dict[str, tuple[int, ...]] = {
    "os.rename": (0, 1),
    "os.replace": (0, 1),
    "os.link": (0, 1),
    "os.symlink": (0, 1),
    "os.remove": (0,),
    "os.rmdir": (0,),
    "os.mkdir": (0,),
    "os.truncate": (0,),
    "os.chmod": (0,),
    "shutil.copyfile": (0, 1),
    "shutil.copytree": (0, 1),
    "shutil.rmtree": (0,),
}
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _as_path(value: object) -> str | None:
    if isinstance(value, (str, bytes, os.PathLike)):
        text = os.fsdecode(value)
        return os.path.abspath(text)
    return None  # a file descriptor: counted by the path-less rule below


def _changes_a_file(event: str, args: tuple[object, ...]) -> list[str | None]:
    """The paths an event would change, or [] when it changes nothing."""
    if event == "open":
        path, mode, flags = args
        writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            mode is None and isinstance(flags, int) and flags & _WRITE_FLAGS
        )
        return [_as_path(path)] if writes else []
    if event in _PATH_EVENTS:
        return [_as_path(args[i]) for i in _PATH_EVENTS[event] if i < len(args)]
    return []


def _install(kill_at: int, within: str) -> list[int]:
    count = [0]
    root = os.path.abspath(within) + os.sep

    def hook(event: str, args: tuple[object, ...]) -> None:
        paths = _changes_a_file(event, args)
        if not paths or not any(p is not None and (p + os.sep).startswith(root) for p in paths):
            return
        count[0] += 1
        if count[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    sys.addaudithook(hook)
    return count


def main() -> None:
    kill_at, within, separator, *arguments = sys.argv[1:]
    assert separator == "--", "usage: python -m tests.faults.kill_at K WITHIN -- ARGS..."
    count = _install(int(kill_at), within)
    sys.argv = ["tutordesk", *arguments]
    code: object = 0
    try:
        runpy.run_module("tutordesk", run_name="__main__", alter_sys=True)
    except SystemExit as stop:
        code = stop.code
    finally:
        print(f"file-operations: {count[0]}", file=sys.stderr, flush=True)
    raise SystemExit(code)


@dataclass(frozen=True)
class KilledRun:
    """What one run under the hook did: its exit code (-9 when killed) and its output."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def killed(self) -> bool:
        return self.returncode == -signal.SIGKILL

    @property
    def operations(self) -> int:
        """The operations counted (only when the run was not killed)."""
        last = self.stderr.strip().splitlines()[-1]
        assert last.startswith("file-operations: "), self.stderr
        return int(last.split(": ", 1)[1])


def run_killed_at(
    kill_at: int,
    *args: str,
    home: Path,
    within: Path | None = None,
    passphrase: str | None = None,
    stdin: str = "",
    extra_env: dict[str, str] | None = None,
    timeout: float = 120,
) -> KilledRun:
    """Run `tutordesk ARGS` with TUTORDESK_HOME=home, killed before its `kill_at`-th file operation under
    `within` (default: home's parent, where the tests keep vaults, backups and exports)."""
    from tests.conftest import PASSPHRASE, REPO

    env = {k: v for k, v in os.environ.items() if not k.startswith("TUTORDESK_")}
    env["TUTORDESK_HOME"] = str(home)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    env["TUTORDESK_PASSPHRASE"] = passphrase if passphrase is not None else PASSPHRASE
    env.update(extra_env or {})
    folder = within if within is not None else home.parent
    result = subprocess.run(
        [sys.executable, "-m", "tests.faults.kill_at", str(kill_at), str(folder), "--", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=timeout,
    )
    return KilledRun(result.returncode, result.stdout, result.stderr)


def kill_points(*args: str, home: Path, **kwargs: object) -> int:
    """How many file operations `tutordesk ARGS` makes when nothing kills it (it must succeed)."""
    run = run_killed_at(0, *args, home=home, **kwargs)  # type: ignore[arg-type]
    assert run.returncode == 0, f"exit {run.returncode}: {run.stderr}"
    return run.operations


if __name__ == "__main__":
    main()
