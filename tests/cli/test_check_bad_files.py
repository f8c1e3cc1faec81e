"""`tutordesk --vault PATH check` on bad input: each outcome has its exit code, one plain line, no change.

Every case starts from a real vault (cheap KDF, 20 demo learners) that is then damaged or replaced the way
the case says. Besides the exit code, every case checks the error contract (one `tutordesk: ` line on
standard error, never a traceback) and security.md R4: the vault's SHA-256 and its folder listing are the
same afterwards.
"""

from __future__ import annotations

import random
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlcipher3

from tests.cli.support import assert_ok, error_line
from tests.conftest import FAST, PASSPHRASE, listing, make_closed_vault, run_cli, sha256
from tutordesk.demo.caseload import fill_demo
from tutordesk.errors import ExitCode
from tutordesk.vault.file_format import PAGE_SIZE
from tutordesk.vault.key_file import key_file_path
from tutordesk.vault.vault import Vault


@dataclass
class Case:
    """One bad input: the vault to check, the passphrase to give, what must come back."""

    vault: Path
    code: int
    passphrase: str = PASSPHRASE
    #: Lower-case fragments the error line must contain.
    says: tuple[str, ...] = ()
    #: Regular expressions the error line must match.
    matches: tuple[str, ...] = ()


def _vault(tmp_path: Path) -> Path:
    return make_closed_vault(tmp_path / "v" / "x.vault", learners=20)


def _flip_byte(path: Path, offset: int) -> int:
    """Invert one byte of `path` in place; return the 1-based page number it lies in."""
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    return offset // PAGE_SIZE + 1


def wrong_passphrase(tmp_path: Path) -> Case:
    return Case(_vault(tmp_path), ExitCode.WRONG_PASSPHRASE, passphrase="not the passphrase at all")


def empty_passphrase(tmp_path: Path) -> Case:
    return Case(_vault(tmp_path), ExitCode.BAD_INPUT, passphrase="")


def zero_bytes(tmp_path: Path) -> Case:
    path = _vault(tmp_path)
    path.write_bytes(b"")
    return Case(path, ExitCode.DAMAGED)


def truncated_to_half(tmp_path: Path) -> Case:
    path = _vault(tmp_path)
    data = path.read_bytes()
    cut = len(data) // 2 + PAGE_SIZE // 3  # mid-page, whatever the file's size
    path.write_bytes(data[:cut])
    assert cut % PAGE_SIZE
    return Case(path, ExitCode.DAMAGED)


def truncated_at_page_boundary(tmp_path: Path) -> Case:
    path = _vault(tmp_path)
    data = path.read_bytes()
    pages = len(data) // PAGE_SIZE
    assert pages >= 8, f"the fixture vault is too small ({pages} pages) to lose pages from"
    path.write_bytes(data[: (pages - 5) * PAGE_SIZE])  # whole pages, every one authentic, five missing
    return Case(path, ExitCode.DAMAGED)


def random_bytes_with_real_key_file(tmp_path: Path) -> Case:
    path = _vault(tmp_path)
    size = path.stat().st_size
    path.write_bytes(random.Random(20240601).randbytes(size))  # noqa: S311 - junk, not a secret
    assert key_file_path(path).exists()
    return Case(path, ExitCode.DAMAGED, says=("not a tutordesk vault",))


def plain_sqlite(tmp_path: Path) -> Case:
    path = _vault(tmp_path)
    path.unlink()
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE learner (id INTEGER PRIMARY KEY, given_name TEXT)")
    connection.execute("INSERT INTO learner (given_name) VALUES ('Plain')")
    connection.commit()
    connection.close()
    assert path.read_bytes().startswith(b"SQLite format 3\x00")
    return Case(path, ExitCode.DAMAGED)


def flipped_byte_mid_page(tmp_path: Path) -> Case:
    path = _vault(tmp_path)
    pages = path.stat().st_size // PAGE_SIZE
    offset = (pages // 2) * PAGE_SIZE + 1234  # inside the page's ciphertext (not its IV or HMAC)
    page = _flip_byte(path, offset)
    assert 1 < page < pages
    return Case(path, ExitCode.DAMAGED, matches=(rf"\b{page}\b",))


def flipped_byte_page_one(tmp_path: Path) -> Case:
    path = _vault(tmp_path)
    page = _flip_byte(path, 100)  # past the 16-byte salt: inside page 1's encrypted header
    assert page == 1
    return Case(path, ExitCode.DAMAGED)


def key_file_missing(tmp_path: Path) -> Case:
    path = _vault(tmp_path)
    key_file_path(path).unlink()
    return Case(path, ExitCode.DAMAGED)


def from_newer_tutordesk(tmp_path: Path) -> Case:
    path = tmp_path / "v" / "x.vault"
    with Vault.create(path, PASSPHRASE, cost=FAST) as created:
        with created.unit_of_work() as uow:
            fill_demo(uow, learners=20, seed=7)
            uow.commit()
        hex_key = created.recovery_key().replace("-", "")
    # Plain sqlcipher3, no TutorDesk code: what a newer TutorDesk's migration would leave behind.
    connection = sqlcipher3.connect(str(path))
    connection.execute(f"PRAGMA key = \"x'{hex_key}'\"")
    connection.execute("PRAGMA user_version = 999")
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 999
    connection.close()
    return Case(path, ExitCode.DAMAGED, says=("newer",))


CASES: dict[str, Callable[[Path], Case]] = {
    "wrong-passphrase": wrong_passphrase,
    "empty-passphrase": empty_passphrase,
    "zero-bytes": zero_bytes,
    "truncated-half": truncated_to_half,
    "truncated-page-boundary": truncated_at_page_boundary,
    "random-bytes": random_bytes_with_real_key_file,
    "plain-sqlite": plain_sqlite,
    "flipped-byte-mid-page": flipped_byte_mid_page,
    "flipped-byte-page-1": flipped_byte_page_one,
    "key-file-missing": key_file_missing,
    "newer-tutordesk": from_newer_tutordesk,
}


@pytest.mark.parametrize("name", list(CASES))
def test_check_reports_bad_vault_and_changes_nothing(name: str, tmp_path: Path) -> None:
    """Each bad file gives its exit code and one `tutordesk:` line; the vault and folder are unchanged."""
    case = CASES[name](tmp_path)
    folder = case.vault.parent
    digest_before, listing_before = sha256(case.vault), listing(folder)

    result = run_cli("--vault", str(case.vault), "check", home=tmp_path / "home", passphrase=case.passphrase)

    line = error_line(result, case.code)
    for fragment in case.says:
        assert fragment in line.lower(), line
    for pattern in case.matches:
        assert re.search(pattern, line), f"{pattern!r} not in {line!r}"
    assert sha256(case.vault) == digest_before, "check changed the vault file"
    assert listing(folder) == listing_before, "check added or removed files beside the vault"


def test_check_passes_a_healthy_vault(tmp_path: Path) -> None:
    """The matrix's baseline: the untouched fixture vault checks healthy (exit 0), unchanged, 20 learners."""
    path = _vault(tmp_path)
    digest_before = sha256(path)

    result = run_cli("--vault", str(path), "check", home=tmp_path / "home")

    assert_ok(result)
    assert "healthy" in result.stdout
    assert "20 learners" in result.stdout
    assert sha256(path) == digest_before


def test_check_missing_vault_is_bad_input(tmp_path: Path) -> None:
    """A vault path that does not exist is bad input (exit 2), in one line, and nothing is created there."""
    folder = tmp_path / "v"
    folder.mkdir()
    missing = folder / "missing.vault"

    result = run_cli("--vault", str(missing), "check", home=tmp_path / "home")

    error_line(result, ExitCode.BAD_INPUT)
    assert listing(folder) == []


def test_unknown_command_is_bad_usage(tmp_path: Path) -> None:
    """`tutordesk frobnicate` is bad usage: exit 2 with one plain `tutordesk:` line, no traceback."""
    result = run_cli("frobnicate", home=tmp_path / "home")

    error_line(result, ExitCode.BAD_INPUT)
