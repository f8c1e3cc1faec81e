"""One process per vault: an OS file lock on `<vault>.lock`, released by the OS if the process dies.

An OS lock (not a PID file) cannot go stale after a crash or kill -9, so nobody is ever told to delete
a lock file by hand.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

from tutordesk.errors import VaultInUse

if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only (a test mypy understands)
    import msvcrt

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True


def lock_path(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".lock")


class InstanceLock:
    """Held while a process has the vault open for writing."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle: IO[bytes] | None = handle

    @classmethod
    def acquire(cls, vault_path: Path) -> InstanceLock:
        fd = os.open(lock_path(vault_path), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        handle = os.fdopen(fd, "ab")  # kept open for the lock's lifetime
        if not _try_lock(handle):
            handle.close()
            raise VaultInUse(
                "This vault is open in another TutorDesk window or command; close it there and try again."
            )
        return cls(handle)

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the descriptor releases the OS lock
            self._handle = None

    @property
    def held(self) -> bool:
        return self._handle is not None
