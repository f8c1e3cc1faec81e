"""R7: an acknowledged save survives `kill -9`, and no action is ever half applied.

A child process commits a stream of units of work, each inserting a learner `k<n>` *and* its factor `f<n>`,
and prints n only after `commit()` returned. The parent kills it with SIGKILL and reopens the vault with the
real `Vault.open`: every acknowledged n must be there, at most the one commit in flight may be there too,
no learner may lack its factor, and SQLCipher's and SQLite's checks must pass. The OS releases the
instance lock of a killed process, so the parent's open must also succeed.
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from tests.conftest import make_closed_vault
from tests.faults._support import Child, reopen_or_fail

RANDOM_ITERATIONS = 12
#: Row sizes cycled over the iterations: small rows, medium notes, and 64 KB notes, which fill the WAL's
#: 1000-page auto-checkpoint threshold every few dozen commits, so some kills land in a checkpoint.
NOTE_BYTES = (0, 4096, 65536)


def _start_writer(path: Path, note_bytes: int) -> tuple[Child, list[int]]:
    child = Child("writer", str(path), "--note-bytes", str(note_bytes))
    assert child.next_line() == "ready"
    first = child.next_line()
    assert first == "0", f"the first acknowledgement should be 0, got {first!r}"
    return child, [0]


def _acknowledged(child: Child, acked: list[int]) -> list[int]:
    """Collect the acknowledgements printed before the kill (they are still in the pipe)."""
    acked = acked + [int(line) for line in child.remaining_lines()]
    assert acked == list(range(len(acked))), "the child acknowledged numbers out of order"
    return acked


def _assert_nothing_lost(path: Path, acked: list[int]) -> None:
    rows, problems = reopen_or_fail(path, f"after kill -9 with {len(acked)} saves acknowledged")
    assert problems == ([], []), f"integrity check failed after kill -9: {problems}"
    n_acked = len(acked)
    # Every acknowledged save is there; at most the one commit in flight when the kill came may be there too.
    assert rows.learner_numbers in (list(range(n_acked)), list(range(n_acked + 1))), (
        f"{n_acked} saves were acknowledged but the vault holds learners {rows.learner_numbers[:5]}..."
        f"{rows.learner_numbers[-5:]} ({len(rows.learner_numbers)} of them)"
    )
    # No half-applied action: each learner came with its factor in one transaction.
    assert rows.factor_numbers == rows.learner_numbers
    assert rows.learners_without_factor == 0
    assert rows.factors_without_learner == 0
    assert rows.all_learners == len(rows.learner_numbers)


@pytest.mark.parametrize("iteration", range(RANDOM_ITERATIONS))
def test_kill9_at_a_random_moment_loses_no_acknowledged_save(tmp_path: Path, iteration: int) -> None:
    """SIGKILL 0.05-0.6 s (seeded per iteration) after the first acknowledgement keeps every acknowledged
    save."""
    path = make_closed_vault(tmp_path / "data" / "test.vault")
    delay = random.Random(1000 + iteration).uniform(0.05, 0.6)  # noqa: S311 - timing, not secrets
    child, acked = _start_writer(path, NOTE_BYTES[iteration % len(NOTE_BYTES)])
    time.sleep(delay)  # the kill's timing, not synchronisation: the acknowledgements come from the pipe
    os.kill(child.process.pid, signal.SIGKILL)
    child.kill()
    assert child.process.returncode == -signal.SIGKILL, "the writer ended before it was killed"
    _assert_nothing_lost(path, _acknowledged(child, acked))


@pytest.mark.parametrize("iteration", range(3))
def test_kill9_during_a_wal_checkpoint_loses_no_acknowledged_save(tmp_path: Path, iteration: int) -> None:
    """SIGKILL while SQLite copies WAL pages back into the vault file (an auto-checkpoint) loses nothing.

    In WAL mode the vault file itself grows only during a checkpoint, so the parent polls its size and
    kills the writer the moment it grows: the file is then partly checkpointed (its header already counts
    pages that are only in the WAL). SQLite recovers this on open; the vault must open too.
    """
    path = make_closed_vault(tmp_path / "data" / "test.vault")
    size_before = path.stat().st_size
    child, acked = _start_writer(path, 65536)
    deadline = time.monotonic() + 30
    while os.stat(path).st_size <= size_before:
        if time.monotonic() > deadline or child.process.poll() is not None:
            child.kill()
            pytest.fail("the writer never reached an auto-checkpoint")
    os.kill(child.process.pid, signal.SIGKILL)
    child.kill()
    assert child.process.returncode == -signal.SIGKILL
    _assert_nothing_lost(path, _acknowledged(child, acked))
