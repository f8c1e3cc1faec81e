"""The vault key: 32 random bytes applied to SQLCipher as a raw key, its fingerprint and recovery form.

The key is never derived per open (no KDF on every unlock) and never interpolated into SQL except as
64 validated hex digits, in exactly one place: `key_pragma` (Signal's INVALID_KEY check).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from tutordesk.errors import BadInput

KEY_BYTES = 32
_HEX_KEY = re.compile(r"[0-9a-f]{64}")
_FINGERPRINT_LABEL = b"tutordesk key-check v1"


def new_key() -> bytearray:
    """A fresh random vault key (a bytearray so callers can zero it when done)."""
    return bytearray(secrets.token_bytes(KEY_BYTES))


def key_pragma(key: bytes | bytearray) -> str:
    """The one SQL statement that hands the key to SQLCipher, as a raw key (no passphrase KDF)."""
    if len(key) != KEY_BYTES:
        raise ValueError("a vault key is 32 bytes")
    hex_key = bytes(key).hex()
    if not _HEX_KEY.fullmatch(hex_key):  # defence in depth: nothing but hex may reach the SQL text
        raise ValueError("a vault key must be 64 lowercase hex digits")
    return f"PRAGMA key = \"x'{hex_key}'\""


def fingerprint(key: bytes | bytearray) -> str:
    """A key-check value: tells whether a key belongs to a vault without trying to decrypt it."""
    return hmac.new(bytes(key), _FINGERPRINT_LABEL, hashlib.sha256).hexdigest()[:32]


def format_recovery_key(key: bytes | bytearray) -> str:
    """The raw key as 8 groups of 8 hex digits, easy to read aloud and to type back."""
    hex_key = bytes(key).hex()
    return "-".join(hex_key[i : i + 8] for i in range(0, len(hex_key), 8))


def parse_recovery_key(text: str) -> bytearray:
    """Read a recovery key typed back in any grouping, case or spacing; BadInput if it is not one."""
    cleaned = re.sub(r"[\s\-:]", "", text).lower()
    if cleaned.startswith("x'") and cleaned.endswith("'"):
        cleaned = cleaned[2:-1]
    if not _HEX_KEY.fullmatch(cleaned):
        raise BadInput("A recovery key is 64 hexadecimal characters (0-9, a-f); the one given is not.")
    return bytearray(bytes.fromhex(cleaned))


def wipe(buffer: bytearray | None) -> None:
    """Overwrite a key held in a bytearray. Python may still hold copies; this only shortens their life."""
    if buffer is not None:
        buffer[:] = b"\x00" * len(buffer)
