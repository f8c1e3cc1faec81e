"""Parent-side helpers for the fault tests: child processes read line by line, and what a vault holds."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

from tests.conftest import PASSPHRASE, REPO, open_vault
from tutordesk.domain.models import Learner, LearnerFactor
from tutordesk.errors import TutorDeskError

_EOF = object()


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUTORDESK_")}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    env["PYTHONUNBUFFERED"] = "1"
    env["TUTORDESK_PASSPHRASE"] = PASSPHRASE
    return env


class Child:
    """A `tests.faults._child` process whose standard output is read line by line on a thread."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.faults._child", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            env=child_env(),
        )
        self._lines: queue.Queue[object] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(_EOF)

    def next_line(self, timeout: float = 30) -> str:
        """The child's next line; fails the test if the child ends or stays silent instead."""
        try:
            item = self._lines.get(timeout=timeout)
        except queue.Empty:
            self.kill()
            raise AssertionError(f"the child said nothing for {timeout} s; stderr: {self.stderr()}") from None
        if item is _EOF:
            self._lines.put(_EOF)
            self.process.wait(timeout=30)
            raise AssertionError(f"the child ended (exit {self.process.returncode}); stderr: {self.stderr()}")
        assert isinstance(item, str)
        return item

    def remaining_lines(self, timeout: float = 30) -> list[str]:
        """Every line still to come, up to the end of the child's output."""
        lines: list[str] = []
        while True:
            item = self._lines.get(timeout=timeout)
            if item is _EOF:
                self._lines.put(_EOF)
                return lines
            assert isinstance(item, str)
            lines.append(item)

    def stderr(self) -> str:
        if self.process.poll() is None or self.process.stderr is None:
            return "(still running)"
        return self.process.stderr.read()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()  # SIGKILL on POSIX
        self.process.wait(timeout=30)

    def finish(self, timeout: float = 30) -> int:
        """Close the child's standard input and wait for it to end; return its exit code."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            self.process.stdin.close()
        return self.process.wait(timeout=timeout)


@dataclass(frozen=True)
class WriterRows:
    """The rows the `writer` child leaves: learners `k<n>` and their factors `f<n>`."""

    learner_numbers: list[int]
    factor_numbers: list[int]
    learners_without_factor: int
    factors_without_learner: int
    all_learners: int


def writer_rows(path: Path) -> tuple[WriterRows, tuple[list[str], list[int]]]:
    """Open the vault in this process and return what the writer left, plus `integrity_problems()`."""
    with open_vault(path) as vault:
        problems = vault.integrity_problems()
        with vault.unit_of_work() as uow:
            session = uow.session
            names = session.exec(select(Learner.given_name).where(Learner.given_name.like("k%"))).all()
            notes = session.exec(select(LearnerFactor.note).where(LearnerFactor.note.like("f%"))).all()
            has_factor = select(LearnerFactor.id).where(LearnerFactor.learner_id == Learner.id).exists()
            lonely = session.exec(select(func.count()).select_from(Learner).where(~has_factor)).one()
            learner_exists = select(Learner.id).where(Learner.id == LearnerFactor.learner_id).exists()
            orphans = session.exec(
                select(func.count()).select_from(LearnerFactor).where(~learner_exists)
            ).one()
            total = session.exec(select(func.count()).select_from(Learner)).one()
    rows = WriterRows(
        learner_numbers=sorted(int(name[1:]) for name in names),
        factor_numbers=sorted(int(note[1:]) for note in notes),
        learners_without_factor=int(lonely),
        factors_without_learner=int(orphans),
        all_learners=int(total),
    )
    return rows, problems


def reopen_or_fail(path: Path, circumstance: str) -> tuple[WriterRows, tuple[list[str], list[int]]]:
    """`writer_rows`, but a vault that will not open fails the test with what the user would be told."""
    try:
        return writer_rows(path)
    except TutorDeskError as error:
        pytest.fail(f"{circumstance}, the vault would not open: {type(error).__name__}: {error.message}")
