"""`tutordesk export handover`: the real command in a child process on a real vault, its PDFs read back as a
reader would, its refusals checked against the exit-code contract (docs/cli.md)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import select

from tests.cli.support import assert_ok, error_line
from tests.conftest import FAST, PASSPHRASE, REPO, listing, open_vault, run_cli
from tests.services.test_handover import HOME, INTERESTS, NEEDS, SHARED, TRAVEL, fill_learner
from tutordesk.domain.models import AuditEntry
from tutordesk.errors import ExitCode
from tutordesk.services.transitions import handover
from tutordesk.services.transitions.handover import ConsentInput
from tutordesk.vault.vault import Vault

PASSWORD = re.compile(r"(?<![A-Z0-9-])[A-Z0-9]{4}(?:-[A-Z0-9]{4}){5}(?![A-Z0-9-])")
DROP_DAC = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


@pytest.fixture
def vault_file(tmp_path: Path) -> tuple[Path, int]:
    """A closed vault holding one learner ready for a move, with no agreement recorded yet."""
    path = tmp_path / "v" / "t.vault"
    with Vault.create(path, PASSPHRASE, cost=FAST) as vault, vault.unit_of_work() as uow:
        learner_id, _ = fill_learner(uow)
        uow.commit()
    return path, learner_id


def _agree(path: Path, learner_id: int) -> int:
    with open_vault(path) as vault, vault.unit_of_work() as uow:
        consent_id = handover.record_consent(
            uow,
            learner_id=learner_id,
            data=ConsentInput("learner", "", SHARED, ("profile.home",), date(2026, 11, 15)),
        )
        uow.commit()
    return consent_id


def _pack(path: Path, learner_id: int, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return run_cli("--vault", str(path), "export", "handover", str(learner_id), *args, home=home)


def _text(file: Path, password: str | None = None) -> str:
    reader = PdfReader(io.BytesIO(file.read_bytes()))
    if password is not None:
        assert reader.decrypt(password)
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_learners_own_copy_is_plain_and_sensitive_fields_come_only_when_named(
    vault_file: tuple[Path, int], tmp_path: Path
) -> None:
    path, learner_id = vault_file
    home, out = tmp_path / "h", tmp_path / "mine.pdf"
    result = _pack(path, learner_id, "--audience", "learner", "--out", str(out), home=home)
    assert_ok(result)
    assert "the young person's own copy" in result.stdout and not PASSWORD.search(result.stdout)
    assert not PdfReader(out).is_encrypted
    text = _text(out)
    assert INTERESTS in text and TRAVEL in text and HOME not in text and NEEDS not in text
    chosen = _pack(
        path, learner_id, "--audience", "learner", "--out", str(out), "--force",
        "--sections", "profile", "--include-sensitive", "profile.home", "--encrypt", home=home,
    )  # fmt: skip
    assert_ok(chosen)
    [password] = PASSWORD.findall(chosen.stdout)
    assert PdfReader(out).is_encrypted
    text = _text(out, password)
    assert HOME in text and NEEDS not in text and TRAVEL not in text and "About the move" not in text
    unknown = _pack(path, learner_id, "--audience", "learner", "--out", str(out), "--force",
                    "--include-sensitive", "profile.home", "--sections", "move", home=home)  # fmt: skip
    assert "not chosen" in error_line(unknown, ExitCode.BAD_INPUT)


def test_a_receiving_pack_needs_an_agreement_travels_encrypted_and_is_logged_once(
    vault_file: tuple[Path, int], tmp_path: Path
) -> None:
    path, learner_id = vault_file
    home, out = tmp_path / "h", tmp_path / "theirs.pdf"
    refused = _pack(path, learner_id, "--audience", "receiving", "--out", str(out), home=home)
    assert "no agreement in force" in error_line(refused, ExitCode.REFUSED)
    assert not out.exists()
    consent_id = _agree(path, learner_id)
    result = _pack(path, learner_id, "--audience", "receiving", "--out", str(out), home=home)
    assert_ok(result)
    [password] = PASSWORD.findall(result.stdout)
    assert "shown only this once" in result.stdout
    printed = re.search(r"fingerprint (\w{4}-\w{4}-\w{4})", result.stdout)
    assert printed is not None
    assert not PdfReader(out).decrypt("wrong password")
    text = _text(out, password)
    assert INTERESTS in text and HOME in text and TRAVEL not in text and NEEDS not in text
    assert f"Fingerprint {printed[1]}" in text
    with open_vault(path) as vault, vault.unit_of_work() as uow:
        [entry] = uow.session.exec(select(AuditEntry).where(AuditEntry.action == "handover.exported")).all()
    assert entry.artifact_sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert json.loads(entry.detail)["consent_id"] == consent_id and password not in entry.detail
    # An existing file is kept without --force; a section not agreed is refused by name; nothing changes.
    again = _pack(path, learner_id, "--audience", "receiving", "--out", str(out), home=home)
    assert "--force" in error_line(again, ExitCode.REFUSED)
    beyond = _pack(path, learner_id, "--audience", "receiving", "--out", str(tmp_path / "x.pdf"),
                   "--sections", "profile,travel", home=home)  # fmt: skip
    assert "My travel plan" in error_line(beyond, ExitCode.REFUSED)
    plain = _pack(path, learner_id, "--audience", "receiving", "--out", str(tmp_path / "p.pdf"),
                  "--no-encrypt", home=home)  # fmt: skip
    assert_ok(plain)
    assert not PASSWORD.search(plain.stdout) and not PdfReader(tmp_path / "p.pdf").is_encrypted
    with open_vault(path) as vault, vault.unit_of_work() as uow:
        handover.withdraw_consent(uow, consent_id=consent_id, on=date(2026, 11, 25))
        uow.commit()
    withdrawn = _pack(path, learner_id, "--audience", "receiving", "--out", str(out), "--force", home=home)
    assert "no agreement in force" in error_line(withdrawn, ExitCode.REFUSED)
    assert "x.pdf" not in listing(tmp_path)


def test_unknown_learners_and_missing_folders_are_plain_errors(
    vault_file: tuple[Path, int], tmp_path: Path
) -> None:
    path, learner_id = vault_file
    home = tmp_path / "h"
    unknown = _pack(path, 9999, "--audience", "learner", "--out", str(tmp_path / "n.pdf"), home=home)
    assert "no learner with ID 9999" in error_line(unknown, ExitCode.BAD_INPUT)
    missing = _pack(
        path, learner_id, "--audience", "learner", "--out", str(tmp_path / "gone" / "n.pdf"), home=home
    )
    assert "There is no folder" in error_line(missing, ExitCode.BAD_INPUT)
    nobody = run_cli("--vault", str(path), "export", "handover", str(learner_id), "--out", "x.pdf", home=home)
    error_line(nobody, ExitCode.BAD_INPUT)  # --audience is required: who the pack is for is never guessed
    assert not (tmp_path / "n.pdf").exists() and not (tmp_path / "gone").exists()


def _without_write_permission(probe_folder: Path) -> list[str] | None:
    """A command prefix under which file permissions bind the command, or None if there is none. As root,
    setpriv drops the capabilities that bypass them (as in tests/faults/test_read_only.py)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        return None
    probe_folder.mkdir()
    probe_folder.chmod(0o555)
    try:
        probe = subprocess.run(
            [*DROP_DAC, sys.executable, "-c", "import os, sys; sys.exit(3 if os.access(sys.argv[1], os.W_OK) else 0)",
             str(probe_folder)],
            capture_output=True, timeout=60,
        )  # fmt: skip
    finally:
        probe_folder.chmod(0o755)
        probe_folder.rmdir()
    return DROP_DAC if probe.returncode == 0 else None


def test_a_read_only_folder_fails_plainly_and_leaves_nothing(
    vault_file: tuple[Path, int], tmp_path: Path
) -> None:
    prefix = _without_write_permission(tmp_path / "probe")
    if prefix is None:
        pytest.skip("running as root, and setpriv cannot drop the capabilities that bypass permissions")
    path, learner_id = vault_file
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUTORDESK_")}
    env.update(
        TUTORDESK_HOME=str(tmp_path / "h"),
        TUTORDESK_PASSPHRASE=PASSPHRASE,
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        PYTHONDONTWRITEBYTECODE="1",
    )
    try:
        result = subprocess.run(
            [*prefix, sys.executable, "-m", "tutordesk", "--vault", str(path), "export", "handover",
             str(learner_id), "--audience", "learner", "--out", str(folder / "pack.pdf")],
            input="", capture_output=True, text=True, env=env, cwd=REPO, timeout=120,
        )  # fmt: skip
        line = error_line(result, ExitCode.BAD_INPUT)
        assert "may not write" in line and str(folder) in line
        assert listing(folder) == []
    finally:
        folder.chmod(0o755)
    with open_vault(path) as vault, vault.unit_of_work() as uow:
        assert not uow.session.exec(select(AuditEntry).where(AuditEntry.action == "handover.exported")).all()
