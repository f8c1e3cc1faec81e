"""Machine-readable output (a JSON or CSV listing) written to standard output so that it can be taken back.

A listing is a disclosure, recorded in the audit log only once it was written in full. If the write fails
(a full disk, a file-size limit) or the record cannot be committed afterwards, what was written is taken
back when standard output is a file: a file that was empty before is removed (it was made by the shell's
`>` for this listing), a file that held something is cut back to what it held. A pipe or a terminal
cannot be taken back from.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import BinaryIO, TextIO

from tutordesk.errors import StorageFailure


class ListingOutput:
    """Standard output for one listing: `write` it whole, or `take_back` what was written."""

    def __init__(self, stdout: TextIO) -> None:
        self._stdout = stdout
        self._fd: int | None = None
        self._start: int | None = None  # the file's size before the listing, when it is a regular file
        buffer: BinaryIO | None = getattr(stdout, "buffer", None)
        with contextlib.suppress(AttributeError, OSError, ValueError):
            if buffer is not None:
                self._fd = buffer.fileno()
        if self._fd is not None:
            with contextlib.suppress(OSError):
                status = os.fstat(self._fd)
                if stat.S_ISREG(status.st_mode):
                    self._start = status.st_size

    def write(self, data: bytes) -> None:
        """Write `data` in full, or raise StorageFailure having taken back whatever of it was written."""
        self._stdout.flush()
        if self._fd is None:  # not a real file descriptor (a test's StringIO): nothing can fail midway
            buffer = getattr(self._stdout, "buffer", None)
            if buffer is None:
                self._stdout.write(data.decode("utf-8"))
            else:
                buffer.write(data)
                buffer.flush()
            return
        # Straight to the file descriptor: a text stream on Windows would turn the CSV's CRLF into CR CR LF,
        # and a buffered stream that failed would try again (and fail again, noisily) when Python exits.
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self._fd, view) :]
        except BrokenPipeError:
            raise  # the reader stopped reading: what it read is out; main() ends quietly
        except OSError as error:
            self.take_back()
            raise StorageFailure(
                f"The listing could not be written in full ({error.strerror}); the disk may be full. "
                "What was written of it was removed and no export was recorded."
            ) from error

    def take_back(self) -> None:
        """Remove what was written, when standard output is a regular file (see the module's docstring)."""
        if self._fd is None or self._start is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, self._start)
        if self._start == 0:
            self._remove_empty_file()

    def _remove_empty_file(self) -> None:
        # Only the very file standard output points at (same device and inode), found through /proc.
        link = Path(f"/proc/self/fd/{self._fd}")
        with contextlib.suppress(OSError):
            path = Path(os.readlink(link))
            ours = os.fstat(self._fd)  # type: ignore[arg-type]  # checked by take_back
            theirs = os.stat(path)
            if (ours.st_dev, ours.st_ino) == (theirs.st_dev, theirs.st_ino) and theirs.st_size == 0:
                path.unlink()
