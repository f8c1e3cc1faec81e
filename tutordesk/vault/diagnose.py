"""Telling what a vault file is, and whether it is whole, without ever changing it.

`preflight` needs no key (missing, empty, plain SQLite, too short to be a vault). `inspect_with_key` reads
the pages and header with the key but outside SQLite, so page 1 damage is named too. `integrity_problems`
asks SQLCipher and SQLite to check every page of an opened vault.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tutordesk.errors import NewerVault, NotAVault, VaultDamaged, VaultNotFound
from tutordesk.vault import file_format
from tutordesk.vault.engine import DatabaseError
from tutordesk.vault.schema import SCHEMA_VERSION

_PAGE_IN_MESSAGE = re.compile(r"page (\d+)")


def preflight(path: Path) -> None:
    """Refuse what cannot be a vault before any key is involved."""
    if not path.exists():
        raise VaultNotFound(f"There is no vault at {path}; create one with `tutordesk init`.")
    if not path.is_file():
        raise NotAVault(f"{path} is a folder, not a TutorDesk vault.")
    size = path.stat().st_size
    if size == 0:
        raise NotAVault(f"{path.name} is an empty file, not a TutorDesk vault; it was left as it is.")
    if file_format.looks_like_plain_sqlite(path):
        raise NotAVault(
            f"{path.name} is an unencrypted SQLite database, not a TutorDesk vault; it was left as it is."
        )
    if size < file_format.PAGE_SIZE:
        raise NotAVault(
            f"{path.name} is too short to be a TutorDesk vault ({size} bytes); it was left as it is."
        )


def describe_pages(pages: list[int]) -> str:
    shown = ", ".join(str(p) for p in pages[:10])
    more = f" and {len(pages) - 10} more" if len(pages) > 10 else ""
    return f"page{'s' if len(pages) > 1 else ''} {shown}{more}"


def _wal_has_content(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    return wal.exists() and wal.stat().st_size > 0


def inspect_with_key(path: Path, key: bytes) -> file_format.HeaderFacts | None:
    """Check the pages and header with the right key; raise the one outcome that fits a bad file.

    With committed pages still in the WAL (after a crash or an interrupted checkpoint) the main file alone
    is not the whole vault: it may be shorter than its header says, or have page 1 half-written, and
    SQLite completes it from the WAL. Then only SQLite may judge, and this returns None;
    `diagnose_unreadable` names the damage if SQLite then fails.
    """
    if _wal_has_content(path):
        return None
    return diagnose_main_file(path, key)


def diagnose_unreadable(path: Path, key: bytes) -> None:
    """SQLite could not read the vault: raise the outcome the pages themselves show, if any."""
    diagnose_main_file(path, key)
    failed, _ = file_format.damaged_pages(path, key)
    if failed:
        raise VaultDamaged(
            f"The vault is damaged: {describe_pages(failed)} failed the integrity check. Restore a backup.",
            failed,
        )


def diagnose_main_file(path: Path, key: bytes) -> file_format.HeaderFacts:
    """Judge the vault from its main file alone (page HMACs, application id, version, length)."""
    if not file_format.first_page_is_authentic(path, key):
        failed, total = file_format.damaged_pages(path, key)
        if len(failed) == total:
            raise NotAVault(
                f"{path.name} is not a TutorDesk vault, or its start was overwritten: no page matches its key."
            )
        raise VaultDamaged(
            f"The vault is damaged: {describe_pages(failed)} failed the integrity check. Restore a backup.",
            failed,
        )
    facts = file_format.read_header(path, key)
    if facts.application_id != file_format.TUTORDESK_APPLICATION_ID:
        raise NotAVault(
            f"{path.name} is an encrypted database made by another program, not a TutorDesk vault."
        )
    if facts.user_version > SCHEMA_VERSION:
        raise NewerVault(
            "This vault was written by a newer TutorDesk; install that version to open it. The file was left as it is."
        )
    size = path.stat().st_size
    if size % file_format.PAGE_SIZE or size < facts.page_count * facts.page_size:
        raise VaultDamaged(
            f"The vault is truncated: it holds {size // file_format.PAGE_SIZE} of its {facts.page_count} pages. "
            "Restore a backup."
        )
    return facts


def integrity_problems(connection: Any) -> tuple[list[str], list[int]]:
    """Run SQLCipher's page check and SQLite's quick check; return (messages, damaged page numbers)."""
    messages = [row[0] for row in connection.execute("PRAGMA cipher_integrity_check").fetchall()]
    pages = sorted({int(m) for message in messages for m in _PAGE_IN_MESSAGE.findall(message)})
    if messages:
        return messages, pages  # SQLite's own check would only stop at the first unreadable page
    try:
        quick = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
    except DatabaseError as error:
        quick = [str(error)]
    if quick != ["ok"]:
        messages.extend(quick)
    return messages, pages


def raise_if_damaged(connection: Any, *, what: str = "The vault", advice: str = "Restore a backup.") -> None:
    """Run the page and structure checks; raise VaultDamaged naming the pages if anything fails."""
    messages, pages = integrity_problems(connection)
    if messages:
        where = describe_pages(pages) if pages else "its structure"
        raise VaultDamaged(f"{what} is damaged: {where} failed the integrity check. {advice}", pages)
