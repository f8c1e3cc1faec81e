"""Writing a file so that it is either wholly old or wholly new: temp file, fsync, rename, fsync folder."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tutordesk.errors import BadInput, StorageFailure


def fsync_dir(folder: Path) -> None:
    """Make a rename inside `folder` durable (no-op where folders cannot be opened, e.g. Windows)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def temporary_sibling(target: Path, suffix: str = ".tmp") -> Iterator[Path]:
    """Yield a fresh private temp path next to `target`; it is removed unless the caller renamed it."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def write_bytes_atomically(target: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write `data` to `target` via a private temp file, fsync and rename.

    With `overwrite=False` a file that exists (or appears meanwhile) is never replaced.
    """
    try:
        with temporary_sibling(target) as temp:
            fd = os.open(temp, os.O_WRONLY | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if overwrite:
                os.replace(temp, target)
            else:
                # link() fails if target exists, so a file that appeared meanwhile is not clobbered.
                os.link(temp, target)
            fsync_dir(target.parent)
    except FileExistsError:
        raise
    except OSError as error:
        raise storage_failure(error, target) from error


# A folder that is missing or may not be written in: the person's choice of place, not a failing disk.
_FOLDER_PROBLEMS = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOENT, errno.ENOTDIR}


def write_export_atomically(target: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write a file the person chose to save (a PDF, a calendar) as `write_bytes_atomically` does, with one
    difference: a missing folder, or one that may not be written in, is bad input (exit 2: choose another
    folder), while a full disk or an I/O error stays a storage failure. Nothing is left behind either way.
    A `target` that is a folder is bad input too, named as such (it is never replaced, even with overwrite)."""
    if target.is_dir():
        raise _is_a_folder(target)
    try:
        write_bytes_atomically(target, data, overwrite=overwrite)
    except StorageFailure as error:
        cause = error.__cause__
        if isinstance(cause, OSError) and cause.errno == errno.EISDIR:  # it became a folder meanwhile
            raise _is_a_folder(target) from error
        if isinstance(cause, OSError) and cause.errno in _FOLDER_PROBLEMS:
            raise BadInput(f"{error.message} Choose another folder.") from error
        raise


def _is_a_folder(target: Path) -> BadInput:
    return BadInput(f"{target} is a folder; name a file to write inside it instead. Nothing was written.")


def storage_failure(error: OSError, target: Path) -> StorageFailure:
    """Translate an OSError from writing `target` into one plain sentence."""
    if error.errno == errno.ENOSPC:
        return StorageFailure(
            f"The disk holding {target.parent} is full; nothing was changed. Free some space and try again."
        )
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StorageFailure(f"TutorDesk may not write in {target.parent}; nothing was changed.")
    return StorageFailure(f"Writing in {target.parent} failed ({error.strerror}); nothing was changed.")
