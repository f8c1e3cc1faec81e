"""Finding a vault's key: from its recovery key, the keychain or the passphrase, and saying which failed.

The recovery key is the vault key itself, so it opens its vault whatever key file lies beside it: a key
file that does not match is checked against the vault file's own pages, and a key that authenticates them
opens the vault (the key file is then another vault's, or damaged, and is set aside in memory). The
passphrase needs the key file; when that file belongs to another vault the message says so and what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tutordesk.errors import BadInput, KeyFileProblem, NotAVault, WrongPassphrase
from tutordesk.vault import file_format, keychain, keys
from tutordesk.vault.key_file import KeyFile, key_file_path, vault_file_salt


@dataclass(frozen=True)
class Unlock:
    """How to get the key: a passphrase, a recovery key, and/or the keychain (tried first when allowed)."""

    passphrase: str | None = None
    recovery_key: str | None = None
    use_keychain: bool = True


class PassphraseNeeded(BadInput):
    """No passphrase was given and the keychain did not hold the key."""


@dataclass
class Resolved:
    """The key found, the key file that goes with it (None when missing, damaged or another vault's), how it
    was found, and whether the key file beside the vault belongs to another vault."""

    key_file: KeyFile | None
    key: bytearray
    by: str  # "recovery key", "keychain" or "passphrase"
    foreign_key_file: bool = False


class KeyFileOfAnotherVault(KeyFileProblem, NotAVault):
    """The key file beside the vault was made for another vault file (or the vault file was replaced)."""


WAYS_FORWARD = (
    "Put back this vault's own key file (each backup of it has one beside it), or open the vault with its "
    "recovery key and set a new passphrase, which writes a new key file for it."
)


def foreign_key_file_message(vault_path: Path) -> str:
    return (
        f"The key file beside the vault ({key_file_path(vault_path).name}) belongs to another vault (or "
        f"{vault_path.name} is not a TutorDesk vault any more), so no passphrase can open it. " + WAYS_FORWARD
    )


def _key_file_is_foreign(path: Path, key_file: KeyFile) -> bool:
    """The key file records the salt of another vault file (older key files record none)."""
    recorded = key_file.file_salt
    return recorded is not None and vault_file_salt(path) not in (None, recorded)


def _take_remembered_audit_key(key_file: KeyFile) -> None:
    """Use the keychain's audit-anchor key only if it is this key file's (its anchor verifies with it);
    otherwise the anchor stays unchecked, as after opening with the recovery key."""
    audit_key = keychain.fetch_audit_key(key_file.vault_id)
    if audit_key is not None and key_file.anchor is not None:
        candidate = KeyFile(key_file.document, audit_key=audit_key)
        if candidate.anchor_is_authentic():
            key_file.audit_key = audit_key


def resolve_key(path: Path, unlock: Unlock) -> Resolved:
    """Find the vault key from the recovery key, the keychain or the passphrase, in that order."""
    try:
        key_file: KeyFile | None = KeyFile.load(path)
    except KeyFileProblem:
        if unlock.recovery_key is None:
            raise
        key_file = None
    if unlock.recovery_key is not None:
        key = keys.parse_recovery_key(unlock.recovery_key)
        if key_file is None:
            return Resolved(None, key, "recovery key")
        if key_file.matches(key):
            if _key_file_is_foreign(path, key_file) and not file_format.first_page_is_authentic(
                path, bytes(key)
            ):
                keys.wipe(key)  # the recovery key of the other vault whose key file lies beside this one
                raise WrongPassphrase("That recovery key does not belong to this vault.")
            return Resolved(key_file, key, "recovery key")
        if not file_format.first_page_is_authentic(path, bytes(key)):
            keys.wipe(key)
            raise WrongPassphrase("That recovery key does not belong to this vault.")
        return Resolved(None, key, "recovery key", foreign_key_file=True)
    assert key_file is not None
    if unlock.use_keychain:
        stored = keychain.fetch(key_file.vault_id)
        if stored is not None and key_file.matches(stored):
            _take_remembered_audit_key(key_file)
            return Resolved(key_file, stored, "keychain")
        keys.wipe(stored)
    if unlock.passphrase is None:
        raise PassphraseNeeded("This vault needs its passphrase.")
    try:
        key = key_file.unwrap(unlock.passphrase)
    except WrongPassphrase:
        if _key_file_is_foreign(path, key_file):
            raise KeyFileOfAnotherVault(foreign_key_file_message(path)) from None
        raise
    # A key that opens no page of this file is explained by `opening_checks.foreign_key_file_explained`.
    return Resolved(key_file, key, "passphrase")
