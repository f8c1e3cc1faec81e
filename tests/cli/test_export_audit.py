"""A machine-readable copy of the caseload is a disclosure: each one is in the audit log with its hash."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from sqlmodel import select

from tests.conftest import make_closed_vault, open_vault, run_cli
from tutordesk.domain.models import AuditEntry


@pytest.mark.parametrize("flag", ["--json", "--csv"])
def test_an_export_is_logged_with_the_hash_of_what_was_written(tmp_path: Path, flag: str) -> None:
    path = make_closed_vault(tmp_path / "v" / "x.vault", learners=5)
    result = run_cli("--vault", str(path), "learners", "list", flag, home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    with open_vault(path) as vault, vault.unit_of_work() as uow:
        [entry] = uow.session.exec(select(AuditEntry).where(AuditEntry.action == "caseload.exported")).all()
    written = result.stdout.encode("utf-8")
    if flag == "--csv":
        written = written.replace(b"\n", b"\r\n") if b"\r\n" not in written else written
    assert entry.artifact_sha256 == hashlib.sha256(written).hexdigest()
    assert json.loads(entry.detail) == {"format": flag[2:], "learners": 5}
    assert "Ashcombe" not in entry.detail and entry.subject == "caseload"


def test_the_plain_table_is_not_an_export(tmp_path: Path) -> None:
    path = make_closed_vault(tmp_path / "v" / "x.vault", learners=2)
    assert run_cli("--vault", str(path), "learners", "list", home=tmp_path / "home").returncode == 0
    with open_vault(path) as vault, vault.unit_of_work() as uow:
        assert (
            uow.session.exec(select(AuditEntry).where(AuditEntry.action == "caseload.exported")).all() == []
        )
