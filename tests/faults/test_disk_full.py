"""R8: a full disk or an I/O error is reported in one plain sentence and never leaves a partial change.

(a) a real ENOSPC on a 2 MiB tmpfs (needs root and `mount`; skipped otherwise), (b) `RLIMIT_FSIZE` in a
child process, where SQLite says "disk I/O error", and (c) the `tutordesk demo` command on a full disk.
Afterwards the vault opens, passes SQLCipher's and SQLite's checks, and holds exactly the commits that
returned.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

from tests.conftest import FAST, PASSPHRASE, make_closed_vault, open_vault, run_cli
from tests.faults._support import Child, reopen_or_fail, writer_rows
from tutordesk.domain.models import Learner
from tutordesk.errors import ExitCode, StorageFailure
from tutordesk.settings import Settings
from tutordesk.vault.instance_lock import InstanceLock
from tutordesk.vault.vault import Vault

NOTE = "n" * 50_000  # about 13 pages per learner once encrypted
MAX_COMMITS = 200  # a 2 MiB disk is full long before this
TABLES = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A fresh 2 MiB tmpfs under tmp_path, always unmounted afterwards (small, so it fills in a few saves;
    big enough for a new vault of every table, and its WAL while the schema is made, beside a ballast)."""
    if os.geteuid() != 0:
        pytest.skip("a real full disk needs a small tmpfs, and mounting one needs root")
    mount_point = tmp_path / "tmpfs"
    mount_point.mkdir()
    try:
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(mount_point)],
            capture_output=True, text=True, timeout=30,
        )  # fmt: skip
    except OSError as error:
        pytest.skip(f"cannot run mount: {error}")
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (no CAP_SYS_ADMIN?): {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        if subprocess.run(["umount", str(mount_point)], capture_output=True, timeout=30).returncode != 0:
            # Something (a vault that failed to close) still holds a file: detach it anyway.
            subprocess.run(["umount", "-l", str(mount_point)], capture_output=True, timeout=30)


def _count_learners(vault: Vault) -> int:
    with vault.unit_of_work() as uow:
        return int(uow.session.exec(select(func.count()).select_from(Learner)).one())


def _commit_learner(vault: Vault, n: int) -> None:
    with vault.unit_of_work() as uow:
        uow.session.add(Learner(given_name=f"k{n}", family_name="x", notes=NOTE))
        uow.commit()


def _fill_until_full(vault: Vault) -> tuple[int, StorageFailure]:
    """Commit learners until the disk refuses one; return how many commits returned, and the failure."""
    for n in range(MAX_COMMITS):
        try:
            _commit_learner(vault, n)
        except StorageFailure as failure:
            return n, failure
    pytest.fail(f"{MAX_COMMITS} commits of 50 KB fitted on a 2 MiB disk: the disk never filled")


def _assert_plain_sentence(message: str, *words: str) -> None:
    assert "\n" not in message and "Traceback" not in message, message
    assert "sqlcipher" not in message.lower() and "sqlalchemy" not in message.lower(), message
    for word in words:
        assert word in message.lower(), message


def _fill_disk(folder: Path, leave_free: int) -> Path:
    """Write a ballast file so that about `leave_free` bytes stay free on folder's file system."""
    stats = os.statvfs(folder)
    free = stats.f_bavail * stats.f_frsize
    ballast = folder / "ballast"
    ballast.write_bytes(b"\0" * max(0, free - leave_free))
    return ballast


# -- (a) a real ENOSPC -----------------------------------------------------------------------------------


def test_full_disk_refuses_the_commit_plainly_keeps_exact_rows_and_saves_after_space_is_freed(
    tmpfs: Path,
) -> None:
    """On ENOSPC the commit raises StorageFailure with a plain 'disk is full' sentence; the vault holds
    exactly the commits that returned and passes its checks; once space is freed the same save succeeds."""
    ballast = tmpfs / "ballast"
    # Freed later, so the retry and the final checkpoint have room; small enough that a new vault (with
    # every table, and its WAL while the schema is made) still fits beside it.
    ballast.write_bytes(b"\0" * 256 * 1024)
    vault = Vault.create(tmpfs / "v" / "test.vault", PASSPHRASE, cost=FAST)
    try:
        committed, failure = _fill_until_full(vault)
        assert committed > 0, "the disk was full before the first save: the test proves nothing"
        _assert_plain_sentence(failure.message, "full")
        assert _count_learners(vault) == committed  # nothing of the failed save was kept
        assert vault.integrity_problems() == ([], [])

        ballast.unlink()
        _commit_learner(vault, committed)  # the user's retry, with what they typed
        assert _count_learners(vault) == committed + 1
    finally:
        vault.close()
    with open_vault(vault.path) as reopened:
        assert reopened.integrity_problems() == ([], [])
        assert _count_learners(reopened) == committed + 1


def test_creating_a_vault_on_a_nearly_full_disk_says_so_and_leaves_nothing(tmpfs: Path) -> None:
    folder = tmpfs / "v"
    folder.mkdir()
    _fill_disk(tmpfs, leave_free=96 * 1024)  # room for the key file, not for the schema
    with pytest.raises(StorageFailure) as caught:
        Vault.create(folder / "test.vault", PASSPHRASE, cost=FAST)
    _assert_plain_sentence(caught.value.message, "full", "not created")
    assert sorted(p.name for p in folder.iterdir()) == []


def test_closing_a_vault_on_a_full_disk_does_not_raise_and_releases_it(tmpfs: Path) -> None:
    """`Vault.close()` on a full disk (its final WAL checkpoint cannot be written) must still close: no raw
    database exception escapes, and the instance lock and connections are released."""
    vault = Vault.create(tmpfs / "v" / "test.vault", PASSPHRASE, cost=FAST)
    committed, _ = _fill_until_full(vault)
    assert committed > 0
    try:
        vault.close()
    except Exception as error:  # noqa: BLE001 - this is what the test is about
        kind = f"{type(error).__module__}.{type(error).__name__}"
        pytest.fail(f"Vault.close() on a full disk raised {kind}: {error}")
    assert not vault.is_open
    InstanceLock.acquire(vault.path).release()  # raises VaultInUse if close() kept the lock


def test_vault_reopens_on_the_still_full_disk_with_every_committed_row(tmpfs: Path) -> None:
    """A writer (in a child process) fills the disk, gets StorageFailure and closes; the vault then opens
    again on the still-full disk, passes its checks and holds exactly the acknowledged commits."""
    path = make_closed_vault(tmpfs / "v" / "test.vault")
    child = Child("writer", str(path), "--note-bytes", str(len(NOTE)))
    assert child.next_line() == "ready"
    lines = child.remaining_lines()
    assert child.finish() == 0, child.stderr()
    failures = [line for line in lines if line.startswith("storage-failure\t")]
    assert len(failures) == 1, lines
    _assert_plain_sentence(failures[0].split("\t", 1)[1], "full")
    acked = [int(line) for line in lines if line.isdigit()]
    assert acked and acked == list(range(len(acked)))

    rows, problems = reopen_or_fail(
        path, f"after the disk filled ({len(acked)} saves acknowledged; the writer's close: {lines[-1]!r})"
    )
    assert problems == ([], [])
    assert rows.learner_numbers == acked
    assert rows.factor_numbers == acked
    assert rows.learners_without_factor == rows.factors_without_learner == 0


# -- (b) RLIMIT_FSIZE: "disk I/O error" --------------------------------------------------------------------


def test_file_size_limit_gives_plain_storage_failure_and_keeps_exact_rows(tmp_path: Path) -> None:
    """With RLIMIT_FSIZE just above the vault's size (SIGXFSZ ignored), a save fails with a plain
    StorageFailure; the child still closes cleanly and the vault keeps exactly the acknowledged saves."""
    path = make_closed_vault(tmp_path / "data" / "test.vault")
    child = Child("writer", str(path), "--note-bytes", "20000", "--fsize-headroom", str(256 * 1024))
    assert child.next_line().startswith("limit\t")
    assert child.next_line() == "ready"
    lines = child.remaining_lines()
    assert child.finish() == 0, child.stderr()
    failures = [line for line in lines if line.startswith("storage-failure\t")]
    assert len(failures) == 1, f"the file size limit never stopped a save: {lines[-3:]}"
    message = failures[0].split("\t", 1)[1]
    _assert_plain_sentence(message, "disk", "not saved")
    assert "i/o" not in message.lower()  # SQLite's "disk I/O error" became a sentence
    acked = [int(line) for line in lines if line.isdigit()]
    assert len(acked) >= 2, "the limit was hit too early to show that earlier saves are kept"
    assert lines[-1] == "closed", f"closing after the I/O error failed: {lines[-1]!r}"

    rows, problems = writer_rows(path)
    assert problems == ([], [])
    assert rows.learner_numbers == acked == list(range(len(acked)))
    assert rows.factor_numbers == acked
    assert rows.learners_without_factor == rows.factors_without_learner == 0

    checked = run_cli("--vault", str(path), "check", home=tmp_path / "home")
    assert checked.returncode == ExitCode.OK, checked.stderr
    assert f"{len(acked)} learners" in checked.stdout


# -- (c) the command line on a full disk ---------------------------------------------------------------------


def test_cli_demo_on_a_full_disk_exits_1_with_one_plain_line_and_keeps_the_vault(
    tmpfs: Path, tmp_path: Path
) -> None:
    """`tutordesk demo --learners 200` with ~200 KB free exits 1 with one plain sentence about the full disk,
    and the vault still holds exactly what it held before, intact."""
    path = make_closed_vault(tmpfs / "v" / "test.vault", learners=3)
    home = tmp_path / "home"
    # Daily backups go off the small disk, so the failing write is the demo's own commit.
    Settings(backup_folder=str(tmp_path / "backups")).save(home / "config" / "settings.json")
    with open_vault(path) as vault:
        before = _table_counts(vault)
        names_before = _learner_names(vault)
    assert before["learner"] == 3
    _fill_disk(tmpfs, leave_free=200 * 1024)

    result = run_cli("--vault", str(path), "demo", "--learners", "200", home=home)
    assert result.returncode == ExitCode.UNEXPECTED, (result.returncode, result.stdout, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one plain sentence on stderr, got {result.stderr!r}"
    assert lines[0].startswith("tutordesk: ")
    _assert_plain_sentence(lines[0], "full")
    assert "unexpected" not in lines[0]
    assert "Added" not in result.stdout

    with open_vault(path) as vault:
        assert vault.integrity_problems() == ([], [])
        assert _table_counts(vault) == before
        assert _learner_names(vault) == names_before


def _table_counts(vault: Vault) -> dict[str, int]:
    with vault.unit_of_work() as uow:
        connection = uow.session.connection()
        tables = connection.exec_driver_sql(TABLES).scalars().all()
        return {
            table: int(connection.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar_one())
            for table in tables
        }


def _learner_names(vault: Vault) -> list[tuple[int | None, str, str]]:
    with vault.unit_of_work() as uow:
        learners = uow.session.exec(select(Learner).order_by(Learner.id))
        return [(learner.id, learner.given_name, learner.family_name) for learner in learners]
