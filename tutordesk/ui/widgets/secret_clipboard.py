"""Secrets on the clipboard (a handover pack's password): put there only when asked, marked so clipboard
managers and cloud clipboards leave them alone, and taken off again after a short while, when TutorDesk
locks, and when it quits, if the clipboard still holds them.

Only a hash of the secret is kept, to recognise it later without holding the secret itself.
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QMimeData, QTimer
from PySide6.QtGui import QGuiApplication

CLEAR_CLIPBOARD_MS = 30_000
_SECRET_HINTS = (  # clipboard managers and cloud clipboards leave data marked like this alone
    ("x-kde-passwordManagerHint", b"secret"),
    ("application/x-nspasteboard-concealed-type", b"secret"),
    ("ExcludeClipboardContentFromMonitorProcessing", b"1"),
)
_digests: set[bytes] = set()  # hashes of the secrets put on the clipboard and not yet taken off


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode()).digest()


def copy_secret(text: str) -> None:
    """Put `text` on the clipboard marked as a secret, and empty the clipboard later if it still holds it."""
    clipboard = QGuiApplication.clipboard()
    data = QMimeData()
    data.setText(text)
    for kind, value in _SECRET_HINTS:
        data.setData(kind, value)
    clipboard.setMimeData(data)
    digest = _digest(text)
    _digests.add(digest)

    def clear_if_unchanged() -> None:
        if _digest(clipboard.text()) == digest:
            clipboard.clear()
        _digests.discard(digest)

    QTimer.singleShot(CLEAR_CLIPBOARD_MS, clipboard, clear_if_unchanged)


def clear_secret() -> None:
    """Empty the clipboard if it still holds a secret TutorDesk put there (on lock and on quit); anything the
    person copied since is left alone."""
    if not _digests:
        return
    clipboard = QGuiApplication.clipboard()
    if _digest(clipboard.text()) in _digests:
        clipboard.clear()
    _digests.clear()
