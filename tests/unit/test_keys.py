"""The vault key: only 64 hex digits ever reach SQL, and the recovery key reads back exactly."""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO
from tutordesk.errors import BadInput
from tutordesk.vault import keys


def test_key_pragma_is_a_raw_hex_key() -> None:
    key = bytes(range(32))
    assert keys.key_pragma(key) == f"PRAGMA key = \"x'{key.hex()}'\""


@pytest.mark.parametrize("bad", [b"", b"short", bytes(31), bytes(33)])
def test_key_pragma_refuses_anything_but_32_bytes(bad: bytes) -> None:
    with pytest.raises(ValueError):
        keys.key_pragma(bad)


@pytest.mark.parametrize(
    "typed",
    ["x'; DROP TABLE learner; --", '"' * 64, "'" * 64, ";" * 64, "g" * 64, "00" * 31, "00" * 33, ""],
)
def test_recovery_key_parser_refuses_injection_and_junk(typed: str) -> None:
    with pytest.raises(BadInput):
        keys.parse_recovery_key(typed)


def test_recovery_key_round_trips_in_any_grouping() -> None:
    key = keys.new_key()
    shown = keys.format_recovery_key(key)
    assert re.fullmatch(r"([0-9a-f]{8}-){7}[0-9a-f]{8}", shown)
    assert keys.parse_recovery_key(shown) == key
    assert keys.parse_recovery_key(shown.upper().replace("-", " ")) == key
    assert keys.parse_recovery_key(f"x'{bytes(key).hex()}'") == key


def test_fingerprint_tells_keys_apart_without_revealing_them() -> None:
    one, two = keys.new_key(), keys.new_key()
    assert keys.fingerprint(one) == keys.fingerprint(bytes(one))
    assert keys.fingerprint(one) != keys.fingerprint(two)
    assert bytes(one).hex()[:32] not in keys.fingerprint(one)


def test_wipe_zeroes_the_buffer() -> None:
    key = keys.new_key()
    keys.wipe(key)
    assert key == bytearray(32)


def test_only_one_place_in_the_code_hands_a_key_to_sqlcipher() -> None:
    sites = [
        f"{path.relative_to(REPO)}:{number}"
        for path in (REPO / "tutordesk").rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"PRAGMA\s+(re)?key\b", line, re.IGNORECASE) and not line.lstrip().startswith("#")
    ]
    assert sites == ["tutordesk/vault/keys.py:" + sites[0].split(":")[1]], sites
