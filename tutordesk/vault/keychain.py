"""The OS keychain through `keyring`: an optional second place for the vault key, never the only one.

Only a real backend is used. The fail and null backends (headless Linux, CI) and anything with no
positive priority count as "no keychain", and TutorDesk then relies on the passphrase alone.
"""

from __future__ import annotations

import logging

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from tutordesk.vault import keys

SERVICE = "org.tutordesk.vault"
_log = logging.getLogger(__name__)


def _backend() -> KeyringBackend | None:
    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - a broken keyring configuration must not stop the app
        return None
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if name.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return None
    try:
        if backend.priority <= 0:
            return None
    except Exception:  # noqa: BLE001
        return None
    if name == "keyring.backends.chainer.ChainerBackend" and not backend.backends:  # type: ignore[attr-defined]
        return None
    return backend


def available() -> bool:
    """True when a real keychain backend exists on this computer."""
    return _backend() is not None


def _anchor_account(vault_id: str) -> str:
    return f"{vault_id}:audit-anchor"


def store(vault_id: str, key: bytes | bytearray, *, audit_key: bytes | None = None) -> bool:
    """Remember the key for this vault; False (and nothing written anywhere) when there is no keychain.

    With `audit_key`, the audit-anchor key is remembered too, so that opening from the keychain can check
    and move the audit log's anchor (vault.audit_anchor) as opening with the passphrase does.
    """
    backend = _backend()
    if backend is None:
        return False
    try:
        backend.set_password(SERVICE, vault_id, bytes(key).hex())
        if audit_key is not None:
            backend.set_password(SERVICE, _anchor_account(vault_id), audit_key.hex())
    except keyring.errors.KeyringError:
        _log.warning("The keychain refused to store the vault key; the passphrase still opens the vault.")
        return False
    return True


def fetch(vault_id: str) -> bytearray | None:
    """The remembered key for this vault, or None (no keychain, nothing stored, or unreadable)."""
    backend = _backend()
    if backend is None:
        return None
    try:
        stored = backend.get_password(SERVICE, vault_id)
    except keyring.errors.KeyringError:
        return None
    if not stored:
        return None
    try:
        key = bytearray(bytes.fromhex(stored))
    except ValueError:
        return None
    return key if len(key) == keys.KEY_BYTES else None


def fetch_audit_key(vault_id: str) -> bytes | None:
    """The remembered audit-anchor key for this vault, or None."""
    backend = _backend()
    if backend is None:
        return None
    try:
        stored = backend.get_password(SERVICE, _anchor_account(vault_id))
        return bytes.fromhex(stored) if stored else None
    except (keyring.errors.KeyringError, ValueError):
        return None


def forget(vault_id: str) -> None:
    backend = _backend()
    if backend is None:
        return
    for account in (vault_id, _anchor_account(vault_id)):
        try:
            backend.delete_password(SERVICE, account)
        except keyring.errors.KeyringError:
            pass  # nothing stored, or the keychain is gone: either way it no longer holds it
