"""Every export command killed just before each of its file operations, then the vault opened again.

For each `tutordesk export` command, the real command runs once unkilled to count its file operations
(N, under the trial's folder: the vault's, its backups' and the export's), then once killed with SIGKILL
just before operation k, for every k = 1..N, each on a fresh copy of the same small vault. After each kill
the vault is opened again by the real `learners list` (which settles interrupted exports) and checked
by `check`. Then: no temporary file is left in the export folder (it would be a hidden plain copy of a
learner's document), the vault is healthy, and every export file that exists is known to the audit log
with its SHA-256, both as a completed export and as the command's own disclosure row.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from sqlmodel import col, select

from tests.cli.support import assert_ok
from tests.conftest import make_closed_vault, open_vault, run_cli
from tests.faults.kill_at import kill_points, run_killed_at
from tutordesk.domain.models import AuditEntry
from tutordesk.domain.plan_models import PlanVersion
from tutordesk.domain.transition_models import Transition
from tutordesk.vault.export_journal import COMPLETED, INTENDED, NOT_COMPLETED
from tutordesk.vault.key_file import key_file_path

SLOW = 300  # seconds for one run: a busy machine shared with other test runs can be very slow

#: What each command writes, and the audit action of its own disclosure row.
COMMANDS = {
    "contract": ("contract.pdf", "document.exported"),
    "handover": ("pack.pdf", "handover.exported"),
    "calendar": ("calendar.ics", "calendar.exported"),
}


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """One small demo vault (closed), copied for every trial; and the learner each command exports."""
    path = make_closed_vault(tmp_path_factory.mktemp("source") / "x.vault", learners=6)
    with open_vault(path) as vault, vault.unit_of_work() as uow:
        agreed = uow.session.exec(
            select(PlanVersion.learner_id).where(col(PlanVersion.agreed_on).is_not(None))
        ).first()
        moving = uow.session.exec(select(Transition.learner_id)).first()
    assert agreed is not None and moving is not None, "the demo vault has a plan and a move"
    return path, {"contract": str(agreed), "handover": str(moving)}


def _arguments(command: str, learners: dict[str, str], vault: Path, out: Path) -> list[str]:
    target = out / COMMANDS[command][0]
    if command == "contract":
        return ["--vault", str(vault), "export", "contract", learners["contract"], "--out", str(target)]
    if command == "handover":
        return [
            "--vault", str(vault), "export", "handover", learners["handover"],
            "--audience", "learner", "--out", str(target),
        ]  # fmt: skip
    return ["--vault", str(vault), "export", "calendar", "--out", str(target)]


def _fresh(source: Path, folder: Path) -> tuple[Path, Path, Path]:
    """A copy of the source vault in folder/v, an empty home and an empty export folder."""
    vault = folder / "v" / source.name
    vault.parent.mkdir(parents=True)
    shutil.copy2(source, vault)
    shutil.copy2(key_file_path(source), key_file_path(vault))
    (folder / "home").mkdir()
    (folder / "out").mkdir()
    return vault, folder / "home", folder / "out"


def _audit(vault: Path) -> list[AuditEntry]:
    with open_vault(vault) as opened, opened.unit_of_work() as uow:
        return list(uow.session.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all())


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_export_killed_at_any_file_operation_leaves_no_plain_copy_and_nothing_unknown(
    tmp_path: Path, source: tuple[Path, dict[str, str]], command: str
) -> None:
    path, learners = source
    vault, home, out = _fresh(path, tmp_path / "count")
    total = kill_points(*_arguments(command, learners, vault, out), home=home, timeout=SLOW)
    assert total >= 3, f"{command} makes at least a temporary file, a write and a rename: {total}"
    killed = 0
    for k in range(1, total + 1):
        vault, home, out = _fresh(path, tmp_path / f"k{k}")
        run = run_killed_at(k, *_arguments(command, learners, vault, out), home=home, timeout=SLOW)
        assert run.killed, f"k={k} of {total}: the run was not killed (exit {run.returncode}): {run.stderr}"
        killed += 1
        reopened = run_cli("--vault", str(vault), "learners", "list", home=home, timeout=SLOW)
        assert_ok(reopened)  # opening the vault settles the interrupted export
        assert_ok(run_cli("--vault", str(vault), "check", home=home, timeout=SLOW))
        left = sorted(p.name for p in out.iterdir())
        assert [name for name in left if name.startswith(".")] == [], (
            f"k={k}: a temporary copy is left: {left}"
        )
        entries = _audit(vault)
        intended = [e for e in entries if e.action == INTENDED]
        outcomes = {
            json.loads(e.detail)["intent"]: e for e in entries if e.action in (COMPLETED, NOT_COMPLETED)
        }
        assert all(e.id in outcomes for e in intended), f"k={k}: an intended export was not settled"
        for name in left:
            digest = hashlib.sha256((out / name).read_bytes()).hexdigest()
            done = [e for e in entries if e.action == COMPLETED and e.artifact_sha256 == digest]
            own = [e for e in entries if e.action == COMMANDS[command][1] and e.artifact_sha256 == digest]
            assert done and own, f"k={k}: {name} exists but the audit log does not know it"
        for intent in intended:
            if outcomes[intent.id].action == NOT_COMPLETED:
                assert not (out / COMMANDS[command][0]).exists()
    print(f"{command}: {total} file operations, {killed} killed trials")
