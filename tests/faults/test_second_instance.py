"""R23: one process per vault. While another process holds a vault, the CLI and `Vault.open` refuse it
plainly (exit 5, `VaultInUse`) and change nothing; once the holder ends - even by SIGKILL - the vault opens.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.conftest import listing, make_closed_vault, open_vault, run_cli, sha256
from tests.faults._support import Child
from tutordesk.errors import ExitCode, VaultInUse


@pytest.fixture
def closed_vault(tmp_path: Path) -> Path:
    return make_closed_vault(tmp_path / "data" / "test.vault", learners=2)


def _hold(path: Path) -> Child:
    holder = Child("holder", str(path))
    assert holder.next_line() == "ready"
    return holder


def _assert_plain_refusal(result_stderr: str) -> None:
    lines = [line for line in result_stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one plain sentence on stderr, got: {result_stderr!r}"
    assert lines[0].startswith("tutordesk: ")
    assert "Traceback" not in result_stderr
    assert "another" in lines[0] and "open" in lines[0], lines[0]


def test_vault_held_by_another_process_is_refused_then_opens_after_it_closes(
    closed_vault: Path, tmp_path: Path
) -> None:
    """While held: `learners list` and `check` exit 5 with one sentence, Vault.open raises VaultInUse, and
    nothing in the folder changes (no backup is taken). After the holder closes, both work."""
    home = tmp_path / "home"
    holder = _hold(closed_vault)
    try:
        before = (sha256(closed_vault), listing(closed_vault.parent))
        for command in (("learners", "list"), ("check",)):
            result = run_cli("--vault", str(closed_vault), *command, home=home)
            assert result.returncode == ExitCode.REFUSED, (command, result.returncode, result.stderr)
            _assert_plain_refusal(result.stderr)
            assert result.stdout == ""
        with pytest.raises(VaultInUse) as refused:
            open_vault(closed_vault)
        assert "another" in refused.value.message
        assert (sha256(closed_vault), listing(closed_vault.parent)) == before
    finally:
        exit_code = holder.finish()
    assert holder.remaining_lines() == ["closed"]
    assert exit_code == 0

    result = run_cli("--vault", str(closed_vault), "learners", "list", home=home)
    assert result.returncode == ExitCode.OK, result.stderr
    assert result.stdout.rstrip().endswith("2 learners")
    with open_vault(closed_vault) as vault:
        assert vault.is_open


def test_holder_killed_with_sigkill_leaves_no_stale_lock(closed_vault: Path, tmp_path: Path) -> None:
    """The instance lock is an OS lock: after the holder is SIGKILLed, the next open and the CLI work."""
    holder = _hold(closed_vault)
    with pytest.raises(VaultInUse):  # the holder really holds it (otherwise this test proves nothing)
        open_vault(closed_vault)
    holder.process.send_signal(signal.SIGKILL)
    holder.kill()
    assert holder.process.returncode == -signal.SIGKILL
    # The lock file stays; only the OS lock went with the process.
    assert closed_vault.with_name(closed_vault.name + ".lock").exists()

    with open_vault(closed_vault) as vault:
        assert vault.is_open
        assert vault.integrity_problems() == ([], [])
    result = run_cli("--vault", str(closed_vault), "learners", "list", home=tmp_path / "home")
    assert result.returncode == ExitCode.OK, result.stderr
    assert "2 learners" in result.stdout
