"""Issue 18, item 5: a day's backup that cannot be written never stops the vault from opening.

On a full disk (RLIMIT_FSIZE in the real `tutordesk` process, so the backup's copy cannot grow) and with one
damaged page (bytes overwritten in a copy of a vault), `tutordesk learners list` still lists the caseload
with its usual exit code and one warning line on standard error; a damaged vault opens read-only. The window
says the same in its status bar.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.conftest import PASSPHRASE, REPO, make_closed_vault, open_vault, run_cli
from tutordesk.domain.mentoring_models import SupervisionSession
from tutordesk.errors import ExitCode
from tutordesk.settings import Settings
from tutordesk.ui.shell.main_window import MainWindow
from tutordesk.vault.backup import backups_of
from tutordesk.vault.file_format import PAGE_SIZE
from tutordesk.vault.vault import BackupPolicy

LEARNERS = 12


def _backups_folder(vault_path: Path) -> Path:
    return vault_path.parent / "backups"


def _run_with_file_size_limit(limit: int, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """The real command with every file it writes limited to `limit` bytes (EFBIG past it, like a full disk)."""

    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {k: v for k, v in os.environ.items() if not k.startswith("TUTORDESK_")}
    env.update(
        TUTORDESK_HOME=str(home),
        TUTORDESK_PASSPHRASE=PASSPHRASE,
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    return subprocess.run(
        [sys.executable, "-m", "tutordesk", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        preexec_fn=limit_file_size,  # noqa: PLW1509 - only the limit, before exec
    )


def _warning_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


def test_a_full_disk_warns_but_lists_the_caseload(tmp_path: Path) -> None:
    vault_path = make_closed_vault(tmp_path / "v" / "x.vault", learners=LEARNERS)
    home = tmp_path / "home"
    size = vault_path.stat().st_size
    assert size > 3 * 65536, size  # the backup's copy must outgrow the limit below
    result = _run_with_file_size_limit(65536, "--vault", str(vault_path), "learners", "list", home=home)
    assert result.returncode == ExitCode.OK, result.stderr
    assert f"{LEARNERS} learners" in result.stdout or result.stdout.count("\n") >= LEARNERS, result.stdout
    (warning,) = _warning_lines(result.stderr)
    assert warning.startswith("tutordesk: warning: today's backup failed"), warning
    assert "Traceback" not in result.stderr
    with open_vault(vault_path) as vault:
        assert backups_of(_backups_folder(vault_path), vault.vault_id) == []
    assert not [p.name for p in _backups_folder(vault_path).iterdir()], "a partial backup was left behind"

    # With room again, the next opening takes the day's backup, quietly.
    again = run_cli("--vault", str(vault_path), "learners", "list", home=home)
    assert again.returncode == ExitCode.OK and again.stderr == "", again.stderr
    with open_vault(vault_path) as vault:
        assert len(backups_of(_backups_folder(vault_path), vault.vault_id)) == 1


def _damaged_copy(tmp_path: Path) -> tuple[Path, int]:
    """A vault whose caseload is whole but one page of the supervision notes (written last) is overwritten."""
    original = make_closed_vault(tmp_path / "original" / "x.vault", learners=LEARNERS)
    with open_vault(original) as vault, vault.unit_of_work() as uow:
        for n in range(40):
            uow.session.add(SupervisionSession(held_on=date(2026, 1, 5), reflections=f"r{n} " + "x" * 3000))
        uow.commit()
    copy = tmp_path / "v" / "x.vault"
    copy.parent.mkdir(parents=True)
    for suffix in ("", ".keys"):
        copy.with_name(copy.name + suffix).write_bytes(
            original.with_name(original.name + suffix).read_bytes()
        )
    pages = copy.stat().st_size // PAGE_SIZE
    damaged = pages - 5  # among the supervision notes' pages, which listing the caseload never reads
    with copy.open("r+b") as handle:
        handle.seek((damaged - 1) * PAGE_SIZE + 1500)
        handle.write(os.urandom(64))
    return copy, damaged


def test_a_damaged_page_opens_read_only_with_a_warning(tmp_path: Path) -> None:
    vault_path, damaged = _damaged_copy(tmp_path)
    home = tmp_path / "home"
    result = run_cli("--vault", str(vault_path), "learners", "list", home=home)
    assert result.returncode == ExitCode.OK, result.stderr
    assert result.stdout.count("\n") >= LEARNERS, result.stdout
    (warning,) = _warning_lines(result.stderr)
    assert warning.startswith("tutordesk: warning: today's backup failed"), warning
    assert f"page {damaged}" in warning and "read-only" in warning, warning
    # A change is refused (read-only), with the exit code for a refusal; nothing half-written.
    change = run_cli("--vault", str(vault_path), "demo", "--learners", "1", home=home)
    assert change.returncode == ExitCode.REFUSED, change.stderr
    assert "Traceback" not in change.stderr


def test_the_window_shows_a_failed_backup_in_its_status_bar(qtbot: QtBot, tmp_path: Path) -> None:
    vault_path, damaged = _damaged_copy(tmp_path)
    policy = BackupPolicy(folder=tmp_path / "backups")
    vault = open_vault(vault_path, backups=policy)
    assert vault.read_only
    shown = MainWindow(vault, Settings(), backups=policy)
    qtbot.addWidget(shown)
    with qtbot.waitExposed(shown):
        shown.show()
    message = shown.statusBar().currentMessage()
    assert message.startswith("Today's backup failed") and f"page {damaged}" in message, message
    assert shown.read_only_banner.isVisible()
    assert not shown.new_learner_action.isEnabled()
    shown.close()
