"""What an SQLCipher 4 file looks like on disk, read without SQLite so a look never changes the file.

SQLCipher 4 defaults: 4096-byte pages, each ending in a 16-byte IV and a 64-byte HMAC-SHA512 over the
page's ciphertext, IV and page number; page 1 starts with the 16-byte salt. With a raw key the HMAC key is
PBKDF2-HMAC-SHA512(key, salt XOR 0x3a, 2 iterations). Checking HMACs here lets TutorDesk name damaged
pages even when page 1 itself is damaged, where SQLCipher only says "file is not a database".
"""

from __future__ import annotations

import hashlib
import hmac
import struct
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE_SIZE = 4096
SALT_BYTES = 16
IV_BYTES = 16
HMAC_BYTES = 64
RESERVE_BYTES = IV_BYTES + HMAC_BYTES
PLAIN_SQLITE_MAGIC = b"SQLite format 3\x00"
#: Stored in the SQLite header of every vault (PRAGMA application_id), so any file can be told apart.
TUTORDESK_APPLICATION_ID = 0x54444B31  # "TDK1"


@dataclass(frozen=True)
class HeaderFacts:
    """The fields of the decrypted SQLite header that classification needs."""

    page_size: int
    page_count: int
    user_version: int
    application_id: int


def _hmac_key(key: bytes, salt: bytes) -> bytes:
    hmac_salt = bytes(b ^ 0x3A for b in salt)
    return hashlib.pbkdf2_hmac("sha512", key, hmac_salt, 2, len(key))


def _page_is_authentic(page: bytes, page_number: int, hmac_key: bytes) -> bool:
    if len(page) != PAGE_SIZE:
        return False
    start = SALT_BYTES if page_number == 1 else 0
    signed = page[start : PAGE_SIZE - HMAC_BYTES]  # ciphertext followed by the IV
    stored = page[PAGE_SIZE - HMAC_BYTES :]
    expected = hmac.new(hmac_key, signed + page_number.to_bytes(4, "little"), hashlib.sha512).digest()
    return hmac.compare_digest(expected, stored)


def damaged_pages(path: Path, key: bytes) -> tuple[list[int], int]:
    """Return (pages whose HMAC fails, number of pages read). Reads the file only, never writes."""
    failed: list[int] = []
    with path.open("rb") as handle:
        salt = handle.read(SALT_BYTES)
        handle.seek(0)
        hmac_key = _hmac_key(key, salt)
        page_number = 0
        while page := handle.read(PAGE_SIZE):
            page_number += 1
            if not _page_is_authentic(page, page_number, hmac_key):
                failed.append(page_number)
    return failed, page_number


def first_page_is_authentic(path: Path, key: bytes) -> bool:
    with path.open("rb") as handle:
        page = handle.read(PAGE_SIZE)
    return _page_is_authentic(page, 1, _hmac_key(key, page[:SALT_BYTES]))


def read_header(path: Path, key: bytes) -> HeaderFacts:
    """Decrypt page 1 and read the SQLite header. Call only after `first_page_is_authentic`."""
    with path.open("rb") as handle:
        page = handle.read(PAGE_SIZE)
    iv = page[PAGE_SIZE - RESERVE_BYTES : PAGE_SIZE - HMAC_BYTES]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    plain = decryptor.update(page[SALT_BYTES : PAGE_SIZE - RESERVE_BYTES]) + decryptor.finalize()
    header = bytes(SALT_BYTES) + plain  # header offsets count from the start of the page
    (page_size,) = struct.unpack(">H", header[16:18])
    (page_count,) = struct.unpack(">I", header[28:32])
    (user_version,) = struct.unpack(">I", header[60:64])
    (application_id,) = struct.unpack(">I", header[68:72])
    return HeaderFacts(
        page_size=65536 if page_size == 1 else page_size,
        page_count=page_count,
        user_version=user_version,
        application_id=application_id,
    )


def looks_like_plain_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(PLAIN_SQLITE_MAGIC)) == PLAIN_SQLITE_MAGIC
