"""Process hardening at start-up: no core dumps, and no same-user process may read our memory (R14).

Python cannot reliably wipe secrets (security.md finding 8), so the next best thing is to keep the memory
that holds them out of core files and out of reach of /proc/<pid>/mem.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

PR_SET_DUMPABLE = 4


def harden_process() -> None:
    """Best effort: each step that the platform does not offer is skipped silently."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        pass
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
        except OSError:
            pass
