"""A flipped byte in a live WAL frame after a crash: SQLite silently drops that commit and every later one,
and `check` used to call the vault healthy. The key file's audit anchor, written after each commit that
appended entries, records more entries than survive, so `check` (and opening) now say the log was cut."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, make_closed_vault, run_cli
from tests.faults._support import child_env
from tutordesk.vault.engine import wal_path

COMMITS = 12
WAL_HEADER = 32
FRAME = 24 + 4096


def _write_then_kill(path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.faults._anchor_writer", str(path), str(COMMITS)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=child_env(),
    )
    assert child.stdout is not None
    lines = []
    for line in child.stdout:
        lines.append(line.strip())
        if lines[-1] == "done":
            break
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert lines == [*map(str, range(COMMITS)), "done"], lines


def test_a_flipped_byte_in_a_late_wal_frame_is_not_called_healthy(tmp_path: Path) -> None:
    path = make_closed_vault(tmp_path / "v" / "x.vault")
    _write_then_kill(path)
    wal = wal_path(path)
    frames = (wal.stat().st_size - WAL_HEADER) // FRAME
    assert frames >= COMMITS, f"the WAL should still hold the commits' frames, it holds {frames}"
    late = frames - 3  # in one of the last commits, so the commits after it are lost with it
    data = bytearray(wal.read_bytes())
    data[WAL_HEADER + late * FRAME + 24 + 200] ^= 0x01
    wal.write_bytes(bytes(data))

    result = run_cli("--vault", str(path), "check", home=tmp_path / "h")
    assert "healthy" not in result.stdout, result.stdout
    assert result.returncode == 4, (result.returncode, result.stdout, result.stderr)
    assert "cut short" in result.stderr and "journal (-wal)" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_same_crash_without_damage_is_healthy(tmp_path: Path) -> None:
    path = make_closed_vault(tmp_path / "v" / "x.vault")
    _write_then_kill(path)
    assert wal_path(path).stat().st_size > WAL_HEADER
    result = run_cli("--vault", str(path), "check", home=tmp_path / "h")
    assert result.returncode == 0, result.stderr
    assert f"anchor says ({COMMITS + 1} entries)" in result.stdout
