"""Reading a key file's JSON strictly: every field's type and range is checked before anything is derived.

A key file is read before any passphrase is tried, and its Argon2id cost tells TutorDesk how much memory and
time to spend. A crafted or damaged file must never make TutorDesk hang, exhaust memory or fail with a
traceback, so the cost is bounded here (docs/security.md, "Key file bounds") and anything out of shape
becomes one plain `KeyFileProblem` naming the field.
"""

from __future__ import annotations

import base64
import binascii
import re
import uuid
from dataclasses import dataclass
from typing import Any

from tutordesk.errors import KeyFileProblem

FORMAT = "tutordesk-keyfile"
#: 1: the vault key wrapped by the passphrase. 2: also the audit-anchor key and the anchor (docs/security.md).
FORMAT_VERSION = 2

# Bounds on the Argon2id cost a key file may ask for. The default (128 MiB, 6 passes) sits well inside them;
# the largest allowed costs about eight times the default's time and four times its memory.
MIN_MEMORY_KIB_PER_LANE = 8  # Argon2's own minimum: 8 KiB for each lane
MAX_MEMORY_KIB = 512 * 1024
MAX_ITERATIONS = 16
MAX_PARALLELISM = 8
MAX_WORK_KIB = 8 * 128 * 1024 * 6  # memory x passes

SALT_BYTES = (16, 64)
NONCE_BYTES = 12
WRAPPED_KEY_BYTES = 32 + 16  # a 32-byte key and the 16-byte GCM tag

_HEX32 = re.compile(r"[0-9a-f]{32}")
_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Cost:
    """An Argon2id cost read from a key file, already within bounds."""

    memory_kib: int
    iterations: int
    parallelism: int


@dataclass(frozen=True)
class Sealed:
    """An AES-256-GCM ciphertext and its nonce."""

    nonce: bytes
    ciphertext: bytes


@dataclass(frozen=True)
class Anchor:
    """The audit log's newest entry as last recorded: how many entries, the newest hash, and its MAC."""

    entries: int
    newest: str
    mac: str


@dataclass(frozen=True)
class Document:
    """A key file as read, every field checked."""

    version: int
    vault_id: str
    key_check: str
    cost: Cost
    salt: bytes
    wrapped_key: Sealed
    file_salt: str | None
    audit_key: Sealed | None
    anchor: Anchor | None


class _Bad(Exception):
    """One field is out of shape; the message names it."""


def _int(value: Any, what: str, low: int, high: int) -> int:
    # bool is an int in Python; a key file never means True by 1.
    if not isinstance(value, int) or isinstance(value, bool):
        raise _Bad(f"its {what} is not a whole number")
    if not low <= value <= high:
        raise _Bad(f"its {what} ({value}) is outside {low} to {high}")
    return value


def _text(document: dict[str, Any], name: str, pattern: re.Pattern[str], what: str) -> str:
    value = document.get(name)
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise _Bad(f"its {what} is missing or malformed")
    return value


def _bytes(document: dict[str, Any], name: str, sizes: tuple[int, int], what: str) -> bytes:
    value = document.get(name)
    if not isinstance(value, str) or len(value) > 200:
        raise _Bad(f"its {what} is missing or malformed")
    try:
        data = base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise _Bad(f"its {what} is not base64") from None
    if not sizes[0] <= len(data) <= sizes[1]:
        raise _Bad(f"its {what} has the wrong length")
    return data


def _dict(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Bad(f"its {what} is missing or malformed")
    return value


def _sealed(value: Any, what: str) -> Sealed:
    part = _dict(value, what)
    return Sealed(
        nonce=_bytes(part, "nonce", (NONCE_BYTES, NONCE_BYTES), f"{what} nonce"),
        ciphertext=_bytes(part, "ciphertext", (WRAPPED_KEY_BYTES, WRAPPED_KEY_BYTES), what),
    )


def _cost(wrapped: dict[str, Any]) -> Cost:
    parallelism = _int(wrapped.get("parallelism"), "parallelism", 1, MAX_PARALLELISM)
    memory_kib = _int(
        wrapped.get("memory_kib"), "memory cost", MIN_MEMORY_KIB_PER_LANE * parallelism, MAX_MEMORY_KIB
    )
    iterations = _int(wrapped.get("iterations"), "number of passes", 1, MAX_ITERATIONS)
    if memory_kib * iterations > MAX_WORK_KIB:
        raise _Bad("its key derivation would take far longer than TutorDesk ever asks for")
    return Cost(memory_kib=memory_kib, iterations=iterations, parallelism=parallelism)


def _anchor(value: Any) -> Anchor | None:
    if value is None:
        return None
    part = _dict(value, "audit anchor")
    return Anchor(
        entries=_int(part.get("entries"), "audit anchor's count", 1, 2**62),
        newest=_text(part, "newest", _HEX64, "audit anchor's hash"),
        mac=_text(part, "mac", _HEX64, "audit anchor's check value"),
    )


def _parse(document: Any) -> Document:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _Bad("not a key file")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _Bad("its version is missing or malformed")
    vault_id = document.get("vault_id")
    try:
        if not isinstance(vault_id, str) or str(uuid.UUID(vault_id)) != vault_id:
            raise ValueError(vault_id)
    except ValueError:
        raise _Bad("its vault id is missing or malformed") from None
    wrapped = _dict(document.get("wrapped"), "wrapped key")
    if wrapped.get("kdf") != "argon2id" or wrapped.get("cipher") != "aes-256-gcm":
        raise _Bad("it names a key derivation or cipher TutorDesk does not use")
    file_salt = document.get("file_salt")
    if file_salt is not None and (not isinstance(file_salt, str) or not _HEX32.fullmatch(file_salt)):
        raise _Bad("its vault file salt is malformed")
    audit_key = document.get("audit_key")
    if version >= 2 and (audit_key is None or document.get("anchor") is None):
        # Format 2 always has both: a file without them would be re-anchored over whatever the log holds.
        raise _Bad("its audit key or anchor is missing")
    return Document(
        version=version,
        vault_id=vault_id,
        key_check=_text(document, "key_check", _HEX32, "key check"),
        cost=_cost(wrapped),
        salt=_bytes(wrapped, "salt", SALT_BYTES, "salt"),
        wrapped_key=Sealed(
            nonce=_bytes(wrapped, "nonce", (NONCE_BYTES, NONCE_BYTES), "nonce"),
            ciphertext=_bytes(wrapped, "ciphertext", (WRAPPED_KEY_BYTES, WRAPPED_KEY_BYTES), "wrapped key"),
        ),
        file_salt=file_salt,
        audit_key=None if audit_key is None else _sealed(audit_key, "audit key"),
        anchor=_anchor(document.get("anchor")),
    )


def parse(document: Any, *, name: str) -> Document:
    """The checked key file, or KeyFileProblem saying plainly what is wrong and what to do."""
    version = document.get("version") if isinstance(document, dict) else None
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        if document.get("format") == FORMAT:
            raise KeyFileProblem(
                "The key file was written by a newer TutorDesk; update TutorDesk to open this vault."
            )
    try:
        return _parse(document)
    except _Bad as problem:
        if str(problem) == "not a key file":
            raise KeyFileProblem(
                f"{name} is not a TutorDesk key file; open the vault with its recovery key."
            ) from None
        raise KeyFileProblem(
            f"The key file {name} is damaged ({problem}); open the vault with its recovery key, "
            "or put back this vault's key file from a backup."
        ) from None


def to_document(parsed: Document) -> dict[str, Any]:
    """The JSON form of a key file (the inverse of `parse`)."""

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")

    document: dict[str, Any] = {
        "format": FORMAT,
        "version": parsed.version,
        "vault_id": parsed.vault_id,
        "key_check": parsed.key_check,
        "wrapped": {
            "kdf": "argon2id",
            "memory_kib": parsed.cost.memory_kib,
            "iterations": parsed.cost.iterations,
            "parallelism": parsed.cost.parallelism,
            "salt": b64(parsed.salt),
            "cipher": "aes-256-gcm",
            "nonce": b64(parsed.wrapped_key.nonce),
            "ciphertext": b64(parsed.wrapped_key.ciphertext),
        },
    }
    if parsed.file_salt is not None:
        document["file_salt"] = parsed.file_salt
    if parsed.audit_key is not None:
        document["audit_key"] = {
            "nonce": b64(parsed.audit_key.nonce),
            "ciphertext": b64(parsed.audit_key.ciphertext),
        }
    if parsed.anchor is not None:
        document["anchor"] = {
            "entries": parsed.anchor.entries,
            "newest": parsed.anchor.newest,
            "mac": parsed.anchor.mac,
        }
    return document
