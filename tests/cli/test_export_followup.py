"""`tutordesk export overview` and `export procedure`: real PDFs read back with pdftotext, the overview
naming nobody, both recorded in the audit log with their SHA-256, and neither written onto the vault."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from sqlmodel import select

from tests.cli.support import assert_ok, error_line
from tests.conftest import make_closed_vault, open_vault, run_cli
from tutordesk.domain.models import AuditEntry, Learner
from tutordesk.errors import ExitCode


def _text(pdf: Path) -> str:
    return " ".join(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )


def test_the_overview_counts_the_caseload_and_names_nobody(tmp_path: Path) -> None:
    home = tmp_path / "home"
    vault_path = make_closed_vault(home / "data" / "v.vault", learners=12)
    out = tmp_path / "overview.pdf"
    result = run_cli("--vault", str(vault_path), "export", "overview", "--out", str(out), home=home)
    assert_ok(result)
    text = _text(out)
    assert "Caseload overview" in text and "12 in all" in text
    with open_vault(vault_path) as vault, vault.unit_of_work() as uow:
        names = uow.session.exec(select(Learner.given_name, Learner.family_name)).all()
        audited = uow.session.exec(select(AuditEntry).where(AuditEntry.action == "overview.exported")).all()
    for given, family in names:
        assert given not in text and family not in text
    assert [entry.artifact_sha256 for entry in audited] == [hashlib.sha256(out.read_bytes()).hexdigest()]


def test_the_procedure_sheet_and_a_refusal_onto_the_vault(tmp_path: Path) -> None:
    home = tmp_path / "home"
    vault_path = make_closed_vault(home / "data" / "v.vault")
    out = tmp_path / "procedure.pdf"
    assert_ok(run_cli("--vault", str(vault_path), "export", "procedure", "--out", str(out), home=home))
    assert "Whoever notices a warning sign tells the learner's tutor" in _text(out)
    before = vault_path.read_bytes()
    refused = run_cli(
        "--vault", str(vault_path), "export", "procedure", "--out", str(vault_path), "--force", home=home
    )
    error_line(refused, ExitCode.BAD_INPUT)
    assert vault_path.read_bytes() == before
