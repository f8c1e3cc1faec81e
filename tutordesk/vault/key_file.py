"""The key file beside each vault (`<vault>.keys`): the vault key wrapped by the passphrase.

Argon2id turns the passphrase into a key-encryption key; AES-256-GCM wraps the vault key with the vault's
id and key-check value as associated data. A wrong passphrase fails authentication, which is how TutorDesk
tells "wrong passphrase" from "damaged vault" (SQLCipher alone says "file is not a database" to both).
The file holds nothing secret in the clear: losing it costs only the passphrase path (the recovery key and
the keychain still open the vault); changing the passphrase rewrites this file and nothing else.
"""

from __future__ import annotations

import base64
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

FORMAT = "tutordesk-keyfile"
FORMAT_VERSION = 1
MIN_PASSPHRASE_LENGTH = 8


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


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def check_new_passphrase(passphrase: str) -> None:
    if not passphrase:
        raise BadInput("The passphrase is empty; choose one of at least 8 characters.")
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise BadInput(f"The passphrase is too short; use at least {MIN_PASSPHRASE_LENGTH} characters.")


def _derive(passphrase: str, salt: bytes, cost: KdfCost) -> bytes:
    return hash_secret_raw(
        passphrase.encode("utf-8"),
        salt,
        time_cost=cost.iterations,
        memory_cost=cost.memory_kib,
        parallelism=cost.parallelism,
        hash_len=32,
        type=Type.ID,
    )


@dataclass
class KeyFile:
    """The parsed key file. `wrapped` is the passphrase-wrapped vault key."""

    vault_id: str
    key_check: str
    wrapped: dict[str, object]

    def _associated_data(self) -> bytes:
        return f"{FORMAT}:{self.vault_id}:{self.key_check}".encode()

    @classmethod
    def wrap(cls, *, vault_id: str, key: bytes | bytearray, passphrase: str, cost: KdfCost) -> KeyFile:
        salt = secrets.token_bytes(16)
        nonce = secrets.token_bytes(12)
        result = cls(vault_id=vault_id, key_check=keys.fingerprint(key), wrapped={})
        kek = _derive(passphrase, salt, cost)
        ciphertext = AESGCM(kek).encrypt(nonce, bytes(key), result._associated_data())
        result.wrapped = {
            "kdf": "argon2id",
            "memory_kib": cost.memory_kib,
            "iterations": cost.iterations,
            "parallelism": cost.parallelism,
            "salt": _b64(salt),
            "cipher": "aes-256-gcm",
            "nonce": _b64(nonce),
            "ciphertext": _b64(ciphertext),
        }
        return result

    def unwrap(self, passphrase: str) -> bytearray:
        """The vault key, or WrongPassphrase. An empty passphrase is bad input, not a wrong guess."""
        if not passphrase:
            raise BadInput("The passphrase is empty; type the passphrase of this vault.")
        try:
            cost = KdfCost(
                memory_kib=int(self.wrapped["memory_kib"]),  # type: ignore[call-overload]
                iterations=int(self.wrapped["iterations"]),  # type: ignore[call-overload]
                parallelism=int(self.wrapped["parallelism"]),  # type: ignore[call-overload]
            )
            salt = _unb64(str(self.wrapped["salt"]))
            nonce = _unb64(str(self.wrapped["nonce"]))
            ciphertext = _unb64(str(self.wrapped["ciphertext"]))
        except (KeyError, ValueError, TypeError) as error:
            raise KeyFileProblem(
                "The key file beside the vault is damaged; open the vault with its recovery key."
            ) from error
        kek = _derive(passphrase, salt, cost)
        try:
            key = bytearray(AESGCM(kek).decrypt(nonce, ciphertext, self._associated_data()))
        except InvalidTag:
            raise WrongPassphrase("That passphrase does not unlock this vault.") from None
        if keys.fingerprint(key) != self.key_check:
            keys.wipe(key)
            raise KeyFileProblem(
                "The key file beside the vault is inconsistent; open the vault with its recovery key."
            )
        return key

    def matches(self, key: bytes | bytearray) -> bool:
        return secrets.compare_digest(keys.fingerprint(key), self.key_check)

    def to_json(self) -> bytes:
        document = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "vault_id": self.vault_id,
            "key_check": self.key_check,
            "wrapped": self.wrapped,
        }
        return (json.dumps(document, indent=2) + "\n").encode("utf-8")

    def save(self, vault_path: Path, *, overwrite: bool) -> None:
        write_bytes_atomically(key_file_path(vault_path), self.to_json(), overwrite=overwrite)

    @classmethod
    def load(cls, vault_path: Path) -> KeyFile:
        path = key_file_path(vault_path)
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise KeyFileProblem(
                f"The key file {path.name} is missing beside the vault; open the vault with its recovery key."
            ) from None
        except (OSError, ValueError) as error:
            raise KeyFileProblem(
                f"The key file {path.name} cannot be read; open the vault with its recovery key."
            ) from error
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise KeyFileProblem(
                f"{path.name} is not a TutorDesk key file; open the vault with its recovery key."
            )
        if int(document.get("version", 0)) > FORMAT_VERSION:
            raise KeyFileProblem(
                "The key file was written by a newer TutorDesk; update TutorDesk to open this vault."
            )
        try:
            return cls(
                vault_id=str(document["vault_id"]),
                key_check=str(document["key_check"]),
                wrapped=dict(document["wrapped"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise KeyFileProblem(
                f"The key file {path.name} is damaged; open the vault with its recovery key."
            ) from error
