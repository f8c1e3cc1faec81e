"""The key file beside each vault (`<vault>.keys`): the vault key wrapped by the passphrase, and the audit anchor.

Argon2id turns the passphrase into a key-encryption key; AES-256-GCM wraps the vault key with the vault's
id and key-check value as associated data. A wrong passphrase fails authentication, which is how TutorDesk
tells "wrong passphrase" from "damaged vault" (SQLCipher alone says "file is not a database" to both).

Since format 2 the same key-encryption key also wraps a random audit-anchor key, and the file carries the
anchor: the audit log's entry count and newest hash with a MAC under that key (`vault.audit_anchor`).
The recovery key is the raw database key itself, so it deliberately cannot unwrap the anchor key: whoever
holds only the raw key can read and edit the database but cannot forge the anchor. The file also records
the vault file's SQLCipher salt, so a key file from another vault can be named as such.

The file holds nothing secret in the clear: losing it costs only the passphrase path (the recovery key and
the keychain still open the vault); changing the passphrase rewrites this file and nothing else.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from tutordesk.errors import BadInput, KeyFileProblem, WrongPassphrase
from tutordesk.vault import keys
from tutordesk.vault.atomic import write_bytes_atomically
from tutordesk.vault.key_file_format import (
    FORMAT,
    FORMAT_VERSION,
    Anchor,
    Cost,
    Document,
    Sealed,
    parse,
    to_document,
)

MIN_PASSPHRASE_LENGTH = 8
_ANCHOR_LABEL = b"tutordesk audit anchor v1"
_MAX_KEY_FILE_BYTES = 64 * 1024  # a real one is under 2 KB; never read a huge file into memory

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "Anchor",
    "KdfCost",
    "KeyFile",
    "check_new_passphrase",
    "key_file_path",
]


@dataclass(frozen=True)
class KdfCost:
    """Argon2id cost. The default takes about 0.45 s on a quiet 2-core machine (bench/README.md)."""

    memory_kib: int = 128 * 1024
    iterations: int = 6
    parallelism: int = 2

    @classmethod
    def fast_for_tests(cls) -> KdfCost:
        # Like KeePassXC's fastKdf(): only tests use this, so that hundreds of unlocks stay quick.
        return cls(memory_kib=64, iterations=1, parallelism=1)


def key_file_path(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".keys")


def vault_file_salt(vault_path: Path) -> str | None:
    """The SQLCipher salt at the start of a vault file (hex), or None when it cannot be read."""
    try:
        with open(vault_path, "rb") as handle:
            salt = handle.read(16)
    except OSError:
        return None
    return salt.hex() if len(salt) == 16 else None


def check_new_passphrase(passphrase: str) -> None:
    if not passphrase:
        raise BadInput("The passphrase is empty; choose one of at least 8 characters.")
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise BadInput(f"The passphrase is too short; use at least {MIN_PASSPHRASE_LENGTH} characters.")


def _derive(passphrase: str, salt: bytes, cost: Cost | KdfCost) -> bytes:
    return hash_secret_raw(
        passphrase.encode("utf-8"),
        salt,
        time_cost=cost.iterations,
        memory_cost=cost.memory_kib,
        parallelism=cost.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def _seal(kek: bytes, secret: bytes | bytearray, associated: bytes) -> Sealed:
    nonce = secrets.token_bytes(12)
    return Sealed(nonce=nonce, ciphertext=AESGCM(kek).encrypt(nonce, bytes(secret), associated))


class KeyFile:
    """A parsed key file. After `unwrap` (or `wrap`) it also holds the audit-anchor key, in memory only."""

    def __init__(self, document: Document, *, audit_key: bytes | None = None) -> None:
        self.document = document
        self.audit_key = audit_key

    @property
    def vault_id(self) -> str:
        return self.document.vault_id

    @property
    def key_check(self) -> str:
        return self.document.key_check

    @property
    def anchor(self) -> Anchor | None:
        return self.document.anchor

    @property
    def file_salt(self) -> str | None:
        return self.document.file_salt

    def _associated_data(self, what: str = "") -> bytes:
        # Format 2 binds its version into the wrapped key, so stripping the anchor and calling the file
        # format 1 breaks the wrapped key too (no silent downgrade to a file without an anchor).
        version = "" if self.document.version == 1 else f"{self.document.version}:"
        return f"{FORMAT}:{version}{self.vault_id}:{self.key_check}{what}".encode()

    @classmethod
    def wrap(
        cls,
        *,
        vault_id: str,
        key: bytes | bytearray,
        passphrase: str,
        cost: KdfCost,
        audit_key: bytes | None = None,
        file_salt: str | None = None,
    ) -> KeyFile:
        """A new key file (format 2) wrapping `key` and the audit-anchor key (a new one unless given)."""
        audit_key = audit_key if audit_key is not None else secrets.token_bytes(32)
        salt = secrets.token_bytes(16)
        kek = _derive(passphrase, salt, cost)
        empty = Sealed(b"", b"")
        shape = Document(
            version=FORMAT_VERSION,
            vault_id=vault_id,
            key_check=keys.fingerprint(key),
            cost=Cost(cost.memory_kib, cost.iterations, cost.parallelism),
            salt=salt,
            wrapped_key=empty,
            file_salt=file_salt,
            audit_key=empty,
            anchor=None,
        )
        draft = cls(shape)
        document = dataclasses.replace(
            shape,
            wrapped_key=_seal(kek, key, draft._associated_data()),
            audit_key=_seal(kek, audit_key, draft._associated_data(":audit-key")),
        )
        return cls(document, audit_key=audit_key)

    def unwrap(self, passphrase: str) -> bytearray:
        """The vault key, or WrongPassphrase. An empty passphrase is bad input, not a wrong guess.

        Also unwraps the audit-anchor key into `audit_key` when the file has one.
        """
        if not passphrase:
            raise BadInput("The passphrase is empty; type the passphrase of this vault.")
        document = self.document
        kek = _derive(passphrase, document.salt, document.cost)
        try:
            key = bytearray(
                AESGCM(kek).decrypt(
                    document.wrapped_key.nonce, document.wrapped_key.ciphertext, self._associated_data()
                )
            )
        except InvalidTag:
            raise WrongPassphrase("That passphrase does not unlock this vault.") from None
        if keys.fingerprint(key) != self.key_check:
            keys.wipe(key)
            raise KeyFileProblem(
                "The key file beside the vault is inconsistent; open the vault with its recovery key."
            )
        if document.audit_key is not None:
            try:
                self.audit_key = AESGCM(kek).decrypt(
                    document.audit_key.nonce,
                    document.audit_key.ciphertext,
                    self._associated_data(":audit-key"),
                )
            except InvalidTag:
                keys.wipe(key)
                raise KeyFileProblem(
                    "The key file beside the vault was altered (its audit key does not match); open the vault "
                    "with its recovery key, or put back this vault's key file from a backup."
                ) from None
        return key

    def matches(self, key: bytes | bytearray) -> bool:
        return secrets.compare_digest(keys.fingerprint(key), self.key_check)

    # -- the audit anchor -------------------------------------------------------------------------

    def _anchor_mac(self, entries: int, newest: str) -> str:
        assert self.audit_key is not None
        message = b"\0".join((_ANCHOR_LABEL, self.vault_id.encode(), str(entries).encode(), newest.encode()))
        return hmac.new(self.audit_key, message, hashlib.sha256).hexdigest()

    def anchored(self, entries: int, newest: str) -> KeyFile:
        """This key file with the anchor set to the audit log's `entries` and newest hash (needs `audit_key`)."""
        anchor = Anchor(entries=entries, newest=newest, mac=self._anchor_mac(entries, newest))
        return KeyFile(dataclasses.replace(self.document, anchor=anchor), audit_key=self.audit_key)

    def anchor_is_authentic(self) -> bool:
        anchor = self.anchor
        if anchor is None or self.audit_key is None:
            return False
        return secrets.compare_digest(anchor.mac, self._anchor_mac(anchor.entries, anchor.newest))

    def for_vault_file(self, vault_path: Path) -> KeyFile:
        """This key file recording the salt of the vault file at `vault_path` (a backup has its own)."""
        salt = vault_file_salt(vault_path)
        return KeyFile(dataclasses.replace(self.document, file_salt=salt), audit_key=self.audit_key)

    # -- reading and writing ----------------------------------------------------------------------

    def to_json(self) -> bytes:
        return (json.dumps(to_document(self.document), indent=2) + "\n").encode("utf-8")

    def save(self, vault_path: Path, *, overwrite: bool) -> None:
        write_bytes_atomically(key_file_path(vault_path), self.to_json(), overwrite=overwrite)

    @classmethod
    def load(cls, vault_path: Path) -> KeyFile:
        path = key_file_path(vault_path)
        try:
            with open(path, "rb") as handle:
                raw = handle.read(_MAX_KEY_FILE_BYTES + 1)
        except FileNotFoundError:
            raise KeyFileProblem(
                f"The key file {path.name} is missing beside the vault; open the vault with its recovery key."
            ) from None
        except OSError as error:
            raise KeyFileProblem(
                f"The key file {path.name} cannot be read; open the vault with its recovery key."
            ) from error
        if len(raw) > _MAX_KEY_FILE_BYTES:
            raise KeyFileProblem(
                f"{path.name} is far too large to be a TutorDesk key file; open the vault with its recovery key."
            )
        try:
            document = json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError) as error:
            raise KeyFileProblem(
                f"The key file {path.name} is damaged (it is not readable JSON); open the vault with its "
                "recovery key, or put back this vault's key file from a backup."
            ) from error
        return cls(parse(document, name=path.name))
