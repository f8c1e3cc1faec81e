"""Idle lock (security.md R12): a fake clock decides when the tutor has been away; real input resets it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from tutordesk.ui.widgets.idle_lock import IdleLock

MakeLock = Callable[..., tuple[IdleLock, list[int]]]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_lock(qtbot: QtBot, clock: FakeClock) -> Iterator[MakeLock]:
    made: list[tuple[IdleLock, list[int]]] = []

    def make(timeout: float, **kwargs: int) -> tuple[IdleLock, list[int]]:
        lock = IdleLock(timeout, clock=clock, **kwargs)
        emitted: list[int] = []
        lock.lock_requested.connect(lambda: emitted.append(1))
        made.append((lock, emitted))
        return lock, emitted

    yield make
    for lock, _ in made:
        lock.stop()  # the filter is application-wide: never leave it behind for the next test


@pytest.fixture
def field(qtbot: QtBot) -> QLineEdit:
    widget = QLineEdit()
    qtbot.addWidget(widget)
    with qtbot.waitExposed(widget):
        widget.show()
    return widget


def test_no_activity_past_the_timeout_requests_a_lock_once(make_lock: MakeLock, clock: FakeClock) -> None:
    lock, emitted = make_lock(300)
    clock.advance(299)
    assert not lock.check_now()
    assert emitted == []
    clock.advance(2)
    assert lock.check_now()
    assert emitted == [1]
    for _ in range(5):  # still idle: asked once, not every second
        clock.advance(60)
        lock.check_now()
    assert emitted == [1]


def test_a_key_press_resets_the_idle_time(make_lock: MakeLock, clock: FakeClock, field: QLineEdit) -> None:
    lock, emitted = make_lock(300)
    clock.advance(200)
    QTest.keyClick(field, Qt.Key.Key_A)
    assert lock.idle_seconds() == 0
    clock.advance(200)  # 400 s since the start, but only 200 s since the key press
    lock.check_now()
    assert emitted == []
    clock.advance(101)
    lock.check_now()
    assert emitted == [1]


def test_a_mouse_click_resets_the_idle_time(make_lock: MakeLock, clock: FakeClock, field: QLineEdit) -> None:
    lock, emitted = make_lock(60)
    clock.advance(59)
    QTest.mouseClick(field, Qt.MouseButton.LeftButton)
    clock.advance(59)
    lock.check_now()
    assert emitted == []


def test_new_activity_after_a_lock_request_allows_the_next_one(
    make_lock: MakeLock, clock: FakeClock, field: QLineEdit
) -> None:
    lock, emitted = make_lock(10)
    clock.advance(11)
    lock.check_now()
    lock.reset()  # what the window does after unlocking
    clock.advance(11)
    lock.check_now()
    assert emitted == [1, 1]


def test_timeout_zero_never_locks(make_lock: MakeLock, clock: FakeClock) -> None:
    lock, emitted = make_lock(0)
    for _ in range(10):
        clock.advance(1_000_000)
        assert not lock.check_now()
    assert emitted == []


def test_set_timeout_enables_disables_and_restarts_the_count(make_lock: MakeLock, clock: FakeClock) -> None:
    lock, emitted = make_lock(0)
    clock.advance(500)
    lock.set_timeout(100)
    assert lock.timeout_seconds == 100
    clock.advance(99)  # counted from set_timeout, not from the start
    lock.check_now()
    assert emitted == []
    lock.set_timeout(0)
    clock.advance(1000)
    lock.check_now()
    assert emitted == []


def test_paused_while_locked_and_counts_afresh_on_resume(make_lock: MakeLock, clock: FakeClock) -> None:
    lock, emitted = make_lock(30)
    lock.pause()
    assert lock.paused
    clock.advance(1000)
    assert not lock.check_now()
    lock.resume()
    clock.advance(29)
    lock.check_now()
    assert emitted == []
    clock.advance(2)
    lock.check_now()
    assert emitted == [1]


def test_the_timer_checks_on_its_own(qtbot: QtBot, make_lock: MakeLock, clock: FakeClock) -> None:
    lock, _ = make_lock(5, check_interval_ms=10)
    clock.advance(6)
    with qtbot.waitSignal(lock.lock_requested, timeout=2000):
        pass


def test_stop_removes_the_filter(make_lock: MakeLock, clock: FakeClock, field: QLineEdit) -> None:
    lock, _ = make_lock(300)
    lock.stop()
    clock.advance(100)
    QTest.keyClick(field, Qt.Key.Key_A)
    assert lock.idle_seconds() == 100  # no longer listening


def test_recording_a_spoken_entry_counts_as_using_the_app(make_lock: MakeLock, clock: FakeClock) -> None:
    """Nobody touches the keyboard while a learner speaks; the recorder's ticks keep the vault open."""
    from tutordesk.ui.widgets.idle_lock import note_activity

    lock, emitted = make_lock(300)
    for _ in range(10):  # ten minutes of speaking, a tick each minute
        clock.advance(60)
        note_activity()
        lock.check_now()
    assert emitted == [] and lock.idle_seconds() == 0
    clock.advance(301)  # then the room falls silent
    assert lock.check_now()
