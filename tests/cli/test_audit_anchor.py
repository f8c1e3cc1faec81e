"""The audit log's anchor in the key file: cutting or rewriting the log with the raw key is found.

Whoever holds the raw database key (the recovery key is that key) can drop the append-only triggers, delete
the newest entries, or edit one and recompute every hash after it; the chain alone then still looks whole.
The key file's anchor (entry count and newest hash under a MAC keyed from the passphrase) shows both, in
`tutordesk check` and when the vault is opened, through the real command.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FAST, PASSPHRASE, REPO, make_closed_vault, open_vault, run_cli
from tests.support.memory_keyring import MemoryKeyring
from tutordesk.errors import VaultDamaged
from tutordesk.vault import audit, keys
from tutordesk.vault import engine as sql
from tutordesk.vault.inspect import check_vault
from tutordesk.vault.key_file import key_file_path
from tutordesk.vault.vault import Unlock, Vault


def _append(path: Path, count: int) -> str:
    """Commit `count` units of work that each append one audit entry; return the recovery key."""
    with open_vault(path) as vault:
        for n in range(count):
            with vault.unit_of_work() as uow:
                audit.record(uow.session, "export.test", subject=f"learner:{n}", purpose="test")
                uow.commit()
        return vault.recovery_key()


def _raw(path: Path, recovery_key: str) -> object:
    """A connection holding only the raw key, with the append-only triggers dropped, as an attacker would."""
    connection = sql.connect(path, keys.parse_recovery_key(recovery_key))
    connection.execute("DROP TRIGGER audit_entry_no_update")
    connection.execute("DROP TRIGGER audit_entry_no_delete")
    return connection


def _check(path: Path, home: Path, **kwargs: object) -> tuple[int, str, str]:
    result = run_cli("--vault", str(path), "check", home=home, **kwargs)  # type: ignore[arg-type]
    assert "Traceback" not in result.stderr
    return result.returncode, result.stdout, result.stderr


def test_cutting_the_newest_entries_is_found_by_check_and_on_opening(tmp_path: Path) -> None:
    path = make_closed_vault(tmp_path / "v" / "x.vault")
    recovery = _append(path, 6)
    code, out, _ = _check(path, tmp_path / "h")
    assert code == 0 and "healthy" in out and "where the key file's anchor says" in out

    connection = _raw(path, recovery)
    connection.execute("DELETE FROM audit_entry WHERE id > (SELECT max(id) - 2 FROM audit_entry)")  # type: ignore[attr-defined]
    connection.close()  # type: ignore[attr-defined]

    code, out, err = _check(path, tmp_path / "h")
    assert code == 4, out
    assert "healthy" not in out
    assert "cut short" in err and "records 7 entries, but the vault holds 5" in err
    opened = run_cli("--vault", str(path), "learners", "list", home=tmp_path / "h")
    assert opened.returncode == 4 and "cut short" in opened.stderr


def test_rewriting_an_entry_and_every_hash_after_it_is_found(tmp_path: Path) -> None:
    path = make_closed_vault(tmp_path / "v" / "x.vault")
    recovery = _append(path, 5)
    connection = _raw(path, recovery)
    rows = connection.execute("SELECT * FROM audit_entry ORDER BY id").fetchall()  # type: ignore[attr-defined]
    names = [d[0] for d in connection.execute("SELECT * FROM audit_entry LIMIT 0").description]  # type: ignore[attr-defined]
    connection.execute("UPDATE audit_entry SET subject = 'learner:someone-else' WHERE id = 3")  # type: ignore[attr-defined]
    connection.close()  # type: ignore[attr-defined]
    assert len(rows) == 6 and "hash" in names
    _recompute_chain(path, recovery)
    # The chain alone is whole again: only the anchor can tell.
    code, out, err = _check(path, tmp_path / "h")
    assert code == 4, out
    assert "rewritten" in err and "entry 6" in err


def _recompute_chain(path: Path, recovery_key: str) -> None:
    from sqlalchemy import create_engine
    from sqlmodel import Session, col, select

    from tutordesk.domain.models import AuditEntry

    key = keys.parse_recovery_key(recovery_key)
    engine = create_engine("sqlite://", creator=lambda: sql.connect(path, key))
    with Session(engine) as session:
        prev = audit.GENESIS
        for entry in session.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all():
            entry.prev_hash = prev
            entry.hash = audit._chain(prev, entry)
            prev = entry.hash
            session.add(entry)
        session.commit()
        assert audit.first_broken_entry(session) is None
    engine.dispose()


def test_an_edited_anchor_is_found(tmp_path: Path) -> None:
    path = make_closed_vault(tmp_path / "v" / "x.vault")
    recovery = _append(path, 4)
    connection = _raw(path, recovery)
    connection.execute("DELETE FROM audit_entry WHERE id = 5")  # type: ignore[attr-defined]
    newest = connection.execute("SELECT hash FROM audit_entry WHERE id = 4").fetchone()[0]  # type: ignore[attr-defined]
    connection.close()  # type: ignore[attr-defined]
    document = json.loads(key_file_path(path).read_text())
    document["anchor"].update(entries=4, newest=newest)  # the MAC cannot be made without the passphrase
    key_file_path(path).write_text(json.dumps(document))
    code, _, err = _check(path, tmp_path / "h")
    assert code == 4 and "key file was altered" in err


def test_a_crash_between_commit_and_anchor_is_not_damage_and_is_caught_up(tmp_path: Path) -> None:
    path = make_closed_vault(tmp_path / "v" / "x.vault")
    _append(path, 2)
    before = key_file_path(path).read_bytes()
    _append(path, 3)
    key_file_path(path).write_bytes(before)  # as if killed after each commit, before its anchor was written
    code, out, _ = _check(path, tmp_path / "h")
    assert code == 0, out
    assert "3 newer ones were written after it" in out
    assert run_cli("--vault", str(path), "learners", "list", home=tmp_path / "h").returncode == 0
    code, out, _ = _check(path, tmp_path / "h")
    assert code == 0 and "where the key file's anchor says (6 entries)" in out


def test_a_key_file_from_an_older_version_opens_and_gains_an_anchor(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    folder.mkdir()
    for name in ("schema-v9.vault", "schema-v9.vault.keys"):
        shutil.copy(REPO / "tests" / "fixtures" / name, folder / name)
    path = folder / "schema-v9.vault"
    assert json.loads(key_file_path(path).read_text())["version"] == 1
    code, out, err = _check(path, tmp_path / "h")
    assert code == 0, err
    assert "written by an older TutorDesk" in out
    assert run_cli("--vault", str(path), "learners", "list", home=tmp_path / "h").returncode == 0
    document = json.loads(key_file_path(path).read_text())
    assert document["version"] == 2 and document["anchor"]["entries"] >= 1
    code, out, _ = _check(path, tmp_path / "h")
    assert code == 0 and "where the key file's anchor says" in out


def test_the_recovery_key_alone_cannot_check_the_anchor_and_says_so(tmp_path: Path) -> None:
    path = make_closed_vault(tmp_path / "v" / "x.vault")
    recovery = _append(path, 1)
    code, out, _ = _check(
        path, tmp_path / "h", passphrase=None, extra_env={"TUTORDESK_RECOVERY_KEY": recovery}
    )
    assert code == 0 and "not checked: that needs the passphrase" in out


def test_a_backup_carries_its_own_anchor(tmp_path: Path) -> None:
    path = make_closed_vault(tmp_path / "v" / "x.vault")
    recovery = _append(path, 3)
    result = run_cli("--vault", str(path), "backup", "--to", str(tmp_path / "b"), home=tmp_path / "h")
    assert result.returncode == 0, result.stderr
    (copy,) = (tmp_path / "b").glob("*.tdbackup")
    code, out, err = _check(copy, tmp_path / "h")
    assert code == 0 and "where the key file's anchor says (4 entries)" in out, err
    connection = _raw(copy, recovery)
    connection.execute("DELETE FROM audit_entry WHERE id = 4")  # type: ignore[attr-defined]
    connection.close()  # type: ignore[attr-defined]
    code, _, err = _check(copy, tmp_path / "h")
    assert code == 4 and "cut short" in err


def test_setting_a_new_passphrase_with_the_recovery_key_anchors_afresh(tmp_path: Path) -> None:
    path = make_closed_vault(tmp_path / "v" / "x.vault")
    recovery = _append(path, 3)
    connection = _raw(path, recovery)
    connection.execute("DELETE FROM audit_entry WHERE id = 4")  # type: ignore[attr-defined]
    connection.close()  # type: ignore[attr-defined]
    assert _check(path, tmp_path / "h")[0] == 4
    new = "a brand new passphrase"
    result = run_cli(
        "--vault",
        str(path),
        "--recovery-key",
        "change-passphrase",
        home=tmp_path / "h",
        passphrase=None,
        stdin=f"{recovery}\n{new}\n",
    )
    assert result.returncode == 0, result.stderr
    code, out, _ = _check(path, tmp_path / "h", passphrase=new)
    assert code == 0 and "anchor says (4 entries)" in out


def test_opening_from_the_keychain_moves_and_checks_the_anchor(
    memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    path = tmp_path / "v" / "x.vault"
    Vault.create(path, PASSPHRASE, remember=True, cost=FAST).close()
    with Vault.open(path, Unlock()) as vault:
        assert vault.opened_by == "keychain"
        for n in range(3):
            with vault.unit_of_work() as uow:
                audit.record(uow.session, "export.test", subject=f"learner:{n}")
                uow.commit()
        recovery = vault.recovery_key()
    assert json.loads(key_file_path(path).read_text())["anchor"]["entries"] == 4
    report = check_vault(path, passphrase_source=lambda: "never asked")
    assert "where the key file's anchor says (4 entries)" in "\n".join(report.lines())
    connection = _raw(path, recovery)
    connection.execute("DELETE FROM audit_entry WHERE id = 4")  # type: ignore[attr-defined]
    connection.close()  # type: ignore[attr-defined]
    with pytest.raises(VaultDamaged, match="cut short"):
        check_vault(path, passphrase_source=lambda: "never asked")
    with pytest.raises(VaultDamaged, match="cut short"):
        Vault.open(path, Unlock())
