"""`vault.export_journal`: an export is recorded as intended before it is written, and the next open of the
vault settles what a killed process left (the real kills are in tests/faults/test_kill_exports.py)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from sqlmodel import col, select

from tests.conftest import open_vault
from tutordesk.domain.models import AuditEntry
from tutordesk.errors import BadInput
from tutordesk.vault import audit
from tutordesk.vault.export_guard import ProtectedTarget
from tutordesk.vault.export_journal import (
    COMPLETED,
    INTENDED,
    NOT_COMPLETED,
    ExportRecord,
    write_export,
)
from tutordesk.vault.vault import Vault

RECORD = ExportRecord(
    "document.exported", subject="learner:7", purpose="printed for signing", detail={"form": "f"}
)


def actions(vault: Vault) -> list[tuple[str, dict[str, object], str]]:
    with vault.unit_of_work() as uow:
        rows = uow.session.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all()
        assert audit.first_broken_entry(uow.session) is None
    return [(row.action, json.loads(row.detail), row.artifact_sha256) for row in rows][1:]  # after "created"


def test_an_export_is_intended_then_written_then_recorded(vault: Vault, tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    with vault.unit_of_work() as uow:
        digest, _ = write_export(uow, target=target, data=b"%PDF-1.7 x", record=RECORD)
        uow.commit()
    assert (
        digest == hashlib.sha256(b"%PDF-1.7 x").hexdigest() == hashlib.sha256(target.read_bytes()).hexdigest()
    )
    [(intended, detail, sha), (completed, done, done_sha), (own, own_detail, own_sha)] = actions(vault)
    assert (intended, own, completed) == (INTENDED, "document.exported", COMPLETED)
    assert detail["target"] == str(target) and detail["sha256"] == sha == own_sha == done_sha == digest
    assert own_detail == {"form": "f"} and done == {"intent": 2}


def test_the_vault_itself_is_refused_before_anything_is_recorded(vault: Vault) -> None:
    before = vault.path.stat().st_ino
    with vault.unit_of_work() as uow, pytest.raises(ProtectedTarget, match="TutorDesk's own folder"):
        write_export(uow, target=vault.path, data=b"%PDF-1.7 x", record=RECORD)
    assert vault.path.stat().st_ino == before and actions(vault) == []


def test_a_write_that_fails_is_recorded_as_not_completed(vault: Vault, tmp_path: Path) -> None:
    with vault.unit_of_work() as uow, pytest.raises(BadInput, match="Choose another folder"):
        write_export(uow, target=tmp_path / "missing" / "out.pdf", data=b"x", record=RECORD)
    assert [action for action, _, _ in actions(vault)] == [INTENDED, NOT_COMPLETED]


@pytest.mark.parametrize(
    "finished", [True, False], ids=["renamed-before-the-kill", "killed-before-the-rename"]
)
def test_the_next_open_settles_an_export_left_half_done(
    vault_path: Path, vault: Vault, tmp_path: Path, finished: bool
) -> None:
    target = tmp_path / "pack.pdf"
    data = b"%PDF-1.7 a learner's pack"
    digest = hashlib.sha256(data).hexdigest()
    with vault.unit_of_work() as uow:  # what write_export commits before it writes, then a "kill"
        audit.record(
            uow.session, INTENDED, subject="learner:7",
            detail={"target": str(target), "sha256": digest, "record": RECORD.as_json()}, artifact_sha256=digest,
        )  # fmt: skip
        uow.commit()
    temporary = tmp_path / ".pack.pdf.ab12cd34.tmp"
    temporary.write_bytes(data)  # the complete plaintext copy a kill before the rename leaves
    if finished:
        target.write_bytes(data)
    unrelated = tmp_path / ".other.pdf.ab12cd34.tmp"
    unrelated.write_bytes(b"not ours")
    vault.close()
    with open_vault(vault_path) as reopened:
        settled = actions(reopened)
    assert not temporary.exists() and unrelated.exists()
    if finished:
        assert [a for a, _, _ in settled] == [INTENDED, COMPLETED, "document.exported"]
        assert settled[1][2] == settled[2][2] == digest and settled[1][1]["intent"] == 2
    else:
        assert [a for a, _, _ in settled] == [INTENDED, NOT_COMPLETED] and not target.exists()
    with open_vault(vault_path) as again:  # settled once, not again
        assert len(actions(again)) == len(settled)
