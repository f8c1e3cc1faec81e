"""Idle detection for the auto-lock (security.md R12): asks for a lock once nobody has used the app for a while.

It only watches and signals; the main window does the locking (drop the key, dispose the engine, clear the
models and views) and calls `pause()` while locked and `resume()` after unlocking.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

# What counts as the tutor using the app. Like KeePassXC's InactivityTimer: mouse, keyboard, hover, wheel and
# touch. Not paint, focus or timer events, which happen on their own and would keep the vault open forever.
_ACTIVITY = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.HoverMove,
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.ShortcutOverride,  # a shortcut such as Ctrl+L arrives as this, not always as KeyPress
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletMove,
    }
)


_LIVE: weakref.WeakSet[IdleLock] = weakref.WeakSet()


def note_activity() -> None:
    """Count work that involves no mouse or keyboard as use of the app: a learner speaking into the
    microphone for a spoken diary entry must not be cut off by the lock."""
    for idle in list(_LIVE):
        idle.reset()


class IdleLock(QObject):
    """Emits `lock_requested` once after `timeout_seconds` without user input; 0 (or less) disables it.

    The clock is injectable so tests can move time on and call `check_now()` instead of waiting.
    """

    lock_requested = Signal()

    def __init__(
        self,
        timeout_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
        *,
        check_interval_ms: int = 1000,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._timeout = float(timeout_seconds)
        self._last_activity = clock()
        self._paused = False
        self._fired = False
        self._timer = QTimer(self)
        self._timer.setInterval(check_interval_ms)
        self._timer.timeout.connect(self.check_now)
        application = QCoreApplication.instance()
        if application is None:
            raise RuntimeError("IdleLock needs a QApplication to watch for input.")
        # One filter on the application sees input for every window and dialog, including ones opened later.
        application.installEventFilter(self)
        self._installed = True
        _LIVE.add(self)
        self._update_timer()

    # -- watching ---------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # Runs for every event in the application, so it does as little as possible and never consumes one.
        if event.type() in _ACTIVITY:
            self._last_activity = self._clock()
        return False

    def check_now(self) -> bool:
        """Emit `lock_requested` if the idle time has passed; True when it did. Called by the timer."""
        if self._paused or self._fired or self._timeout <= 0:
            return False
        if self.idle_seconds() < self._timeout:
            return False
        self._fired = True  # once per idle spell: the next request needs new activity, reset() or resume()
        self.lock_requested.emit()
        return True

    def idle_seconds(self) -> float:
        return max(0.0, self._clock() - self._last_activity)

    # -- controlling ------------------------------------------------------------------------------

    @property
    def timeout_seconds(self) -> float:
        return self._timeout

    @property
    def paused(self) -> bool:
        return self._paused

    def reset(self) -> None:
        """Count idle time from now, as if the tutor had just used the app."""
        self._last_activity = self._clock()
        self._fired = False

    def set_timeout(self, timeout_seconds: float) -> None:
        """Change the idle time (0 disables); the count starts again from now."""
        self._timeout = float(timeout_seconds)
        self.reset()
        self._update_timer()

    def pause(self) -> None:
        """Stop watching, for while the vault is locked: there is nothing left to lock."""
        self._paused = True
        self._update_timer()

    def resume(self) -> None:
        """Watch again after unlocking, counting from now."""
        self._paused = False
        self.reset()
        self._update_timer()

    def stop(self) -> None:
        """Remove the application-wide filter and the timer for good (on quit, or in tests)."""
        self._timer.stop()
        if self._installed:
            application = QCoreApplication.instance()
            if application is not None:
                application.removeEventFilter(self)
            self._installed = False
        self._paused = True

    def _update_timer(self) -> None:
        if self._installed and not self._paused and self._timeout > 0:
            if not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()
