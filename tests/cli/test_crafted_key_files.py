"""A crafted or damaged key file is a plain message and exit 4, never a hang, a memory blow-up or a traceback.

Each row changes one field of a real key file and runs the real `tutordesk check` with the right passphrase:
the Argon2id cost is bounded and every field is checked before anything is derived (docs/security.md).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_closed_vault, run_cli
from tutordesk.vault.key_file import key_file_path

Edit = Callable[[dict[str, Any]], object]


def _set(*path_and_value: object) -> Edit:
    *path, value = path_and_value

    def edit(document: dict[str, Any]) -> None:
        target = document
        for name in path[:-1]:
            target = target[name]  # type: ignore[index]
        target[path[-1]] = value  # type: ignore[index]

    return edit


def _drop(*path: str) -> Edit:
    def edit(document: dict[str, Any]) -> None:
        target = document
        for name in path[:-1]:
            target = target[name]
        del target[path[-1]]

    return edit


CRAFTED: dict[str, Edit] = {
    "version-a-word": _set("version", "two"),
    "version-negative": _set("version", -1),
    "version-a-boolean": _set("version", True),
    "parallelism-zero": _set("wrapped", "parallelism", 0),
    "parallelism-huge": _set("wrapped", "parallelism", 2**24),
    "memory-huge": _set("wrapped", "memory_kib", 2**40),
    "memory-just-over-the-bound": _set("wrapped", "memory_kib", 512 * 1024 + 1),
    "memory-negative": _set("wrapped", "memory_kib", -5),
    "memory-a-word": _set("wrapped", "memory_kib", "lots"),
    "memory-a-float": _set("wrapped", "memory_kib", 65536.5),
    "memory-below-argon2s-minimum": lambda d: d["wrapped"].update(memory_kib=8, parallelism=4),
    "passes-huge": _set("wrapped", "iterations", 10**9),
    "passes-zero": _set("wrapped", "iterations", 0),
    "work-over-the-bound": lambda d: d["wrapped"].update(memory_kib=512 * 1024, iterations=16),
    "kdf-not-argon2id": _set("wrapped", "kdf", "scrypt"),
    "salt-not-base64": _set("wrapped", "salt", "zz!!not base64"),
    "salt-empty": _set("wrapped", "salt", ""),
    "salt-a-number": _set("wrapped", "salt", 12345),
    "nonce-too-short": _set("wrapped", "nonce", "AAAA"),
    "ciphertext-missing": _drop("wrapped", "ciphertext"),
    "wrapped-missing": _drop("wrapped"),
    "wrapped-a-list": _set("wrapped", [1, 2, 3]),
    "key-check-missing": _drop("key_check"),
    "key-check-not-hex": _set("key_check", "x" * 32),
    "vault-id-a-number": _set("vault_id", 123),
    "vault-id-not-a-uuid": _set("vault_id", "../../etc/passwd"),
    "file-salt-not-hex": _set("file_salt", "not hex"),
    "audit-key-a-string": _set("audit_key", "secret"),
    "anchor-count-negative": _set("anchor", "entries", -1),
    "anchor-hash-not-hex": _set("anchor", "newest", "g" * 64),
    "anchor-stripped": _drop("anchor"),
    "audit-key-stripped": _drop("audit_key"),
}

RAW: dict[str, bytes] = {
    "not-json": b"{ this is not json",
    "a-list": b"[]",
    "null": b"null",
    "not-utf8": b"\xff\xfe\x00garbage",
    "deeply-nested": b"[" * 50_000 + b"]" * 50_000,
    "far-too-large": b'{"format": "tutordesk-keyfile", "pad": "' + b"x" * 200_000 + b'"}',
    "empty": b"",
}


def _run_check(path: Path, home: Path) -> None:
    started = time.monotonic()
    result = run_cli("--vault", str(path), "check", home=home, timeout=60)
    took = time.monotonic() - started
    assert result.returncode == 4, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tutordesk: "), result.stderr
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
    assert "key file" in lines[0] and "recovery key" in lines[0]
    assert took < 20, f"a crafted key file made `check` take {took:.0f} s"


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_a_crafted_field_is_a_plain_message(tmp_path: Path, name: str) -> None:
    path = make_closed_vault(tmp_path / "v" / "x.vault")
    document = json.loads(key_file_path(path).read_text())
    CRAFTED[name](document)
    key_file_path(path).write_text(json.dumps(document))
    before = path.read_bytes()
    _run_check(path, tmp_path / "h")
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", sorted(RAW))
def test_a_file_that_is_not_a_key_file_is_a_plain_message(tmp_path: Path, name: str) -> None:
    path = make_closed_vault(tmp_path / "v" / "x.vault")
    key_file_path(path).write_bytes(RAW[name])
    _run_check(path, tmp_path / "h")


def test_a_newer_key_file_asks_for_a_newer_tutordesk(tmp_path: Path) -> None:
    path = make_closed_vault(tmp_path / "v" / "x.vault")
    document = json.loads(key_file_path(path).read_text())
    document["version"] = 99
    key_file_path(path).write_text(json.dumps(document))
    result = run_cli("--vault", str(path), "check", home=tmp_path / "h")
    assert result.returncode == 4 and "newer TutorDesk" in result.stderr


def test_the_recovery_key_still_opens_a_vault_beside_a_crafted_key_file(tmp_path: Path) -> None:
    path = make_closed_vault(tmp_path / "v" / "x.vault")
    from tests.conftest import open_vault

    with open_vault(path) as vault:
        recovery = vault.recovery_key()
    document = json.loads(key_file_path(path).read_text())
    document["wrapped"]["memory_kib"] = 2**40
    key_file_path(path).write_text(json.dumps(document))
    result = run_cli(
        "--vault",
        str(path),
        "check",
        home=tmp_path / "h",
        passphrase=None,
        extra_env={"TUTORDESK_RECOVERY_KEY": recovery},
    )
    assert result.returncode == 0, result.stderr
