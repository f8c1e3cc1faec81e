"""The pieces a handover pack is made of below the services: choosing the sections a document prints, and
encrypting the finished PDF with AES-256 (R=6) in memory, opened by a password read out over the phone."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tutordesk.documents import encrypt
from tutordesk.documents.content import DocumentContent, content_from_json, content_to_json, fingerprint
from tutordesk.documents.encrypt import READABLE_ALPHABET, encrypt_pdf, generate_password
from tutordesk.documents.forms import load_form
from tutordesk.documents.pdf import render_pdf

PACK = load_form("handover_pack")
SECRET = "Heronsgate"


def _content(**changes: object) -> DocumentContent:
    content = DocumentContent(
        values={
            "learner.name": "Zoë Ångström",
            "profile.interests": "Drawing and football",
            "travel.destination": SECRET,
            "pack.made_on": "2026-11-21",
        },
        tables={"pack.contacts": [{"role": "Tutor", "name": "Morgan Okafor", "reach": ""}]},
        reference="My own copy",
    )
    return dataclasses.replace(content, **changes)  # type: ignore[arg-type]


def _text(data: bytes, password: str | None = None) -> str:
    reader = PdfReader(io.BytesIO(data))
    if password is not None:
        assert reader.decrypt(password)
    return "\n".join(page.extract_text() for page in reader.pages)


# -- choosing sections ----------------------------------------------------------------------------------


def test_a_section_not_chosen_is_left_out_heading_and_all() -> None:
    everything = _text(render_pdf(PACK, _content()))
    assert "My travel plan" in everything and SECRET in everything and "People to contact" in everything
    chosen = _text(render_pdf(PACK, _content(chosen_sections=frozenset({"profile", "yours_to_keep"}))))
    assert "All about me" in chosen and "Drawing and football" in chosen and "This is yours to keep" in chosen
    for absent in ("My travel plan", SECRET, "People to contact", "Morgan Okafor", "Shared with agreement"):
        assert absent not in chosen, absent


def test_choosing_sections_keeps_every_earlier_fingerprint() -> None:
    content = _content()
    # The canonical form as it was before sections could be chosen: documents made then still match.
    earlier = json.dumps(
        {
            "scheme": "tutordesk-document/1",
            "form": PACK.text,
            "reference": content.reference,
            "values": content.values,
            "tables": {key: list(rows) for key, rows in content.tables.items()},
            "chosen_sensitive": [],
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    assert fingerprint(PACK.text, content) == hashlib.sha256(earlier).hexdigest()
    some = fingerprint(PACK.text, _content(chosen_sections=frozenset({"profile"})))
    none = fingerprint(PACK.text, _content(chosen_sections=frozenset()))
    assert len({fingerprint(PACK.text, content), some, none}) == 3


def test_the_choice_of_sections_survives_being_stored() -> None:
    for sections in (None, frozenset(), frozenset({"profile", "move"})):
        content = _content(chosen_sections=sections)
        again = content_from_json(content_to_json(content))
        assert again == content and again.chosen_sections == sections
    assert "chosen_sections" not in content_to_json(_content())


# -- encryption -----------------------------------------------------------------------------------------


def test_a_generated_password_is_long_random_and_easy_to_read_aloud() -> None:
    passwords = {generate_password() for _ in range(200)}
    assert len(passwords) == 200
    for password in passwords:
        assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){5}", password), password
        letters = password.replace("-", "")
        assert len(letters) >= 20 and set(letters) <= set(READABLE_ALPHABET)
    assert not set(READABLE_ALPHABET) & set("0O1IL2Z5S8B")


@pytest.fixture(scope="module")
def sealed() -> tuple[bytes, str, bytes]:
    plain = render_pdf(PACK, _content())
    password = generate_password()
    return plain, password, encrypt_pdf(plain, password)


def test_the_encrypted_pdf_opens_with_its_password_and_not_without(sealed: tuple[bytes, str, bytes]) -> None:
    plain, password, data = sealed
    assert data.startswith(b"%PDF-") and data != plain
    reader = PdfReader(io.BytesIO(data))
    assert reader.is_encrypted
    assert not reader.decrypt("")
    assert not reader.decrypt(generate_password())
    text = _text(data, password)
    assert SECRET in text and text == _text(plain)
    # Not readable by anyone who skips the password: the words are nowhere in the file's bytes.
    assert SECRET.encode() not in data and b"Drawing" not in data


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed (apt-get install qpdf)")
def test_qpdf_sees_aes_256_revision_6(sealed: tuple[bytes, str, bytes], tmp_path: Path) -> None:
    _, password, data = sealed
    path = tmp_path / "sealed.pdf"
    path.write_bytes(data)
    shown = subprocess.run(
        ["qpdf", "--show-encryption", f"--password={password}", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.returncode == 0, shown.stderr
    assert re.search(r"^R = 6$", shown.stdout, re.MULTILINE), shown.stdout
    assert "AESv3" in shown.stdout
    assert "Incorrect password" not in shown.stdout + shown.stderr
    # The owner password is another secret: the user password does not unlock as owner.
    assert "Supplied password is owner password" not in shown.stdout
    wrong = subprocess.run(
        ["qpdf", "--check", "--password=NOT-THE-ONE", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert wrong.returncode != 0 and "invalid password" in (wrong.stderr + wrong.stdout).lower()


def test_an_empty_password_is_refused() -> None:
    with pytest.raises(ValueError, match="needs a password"):
        encrypt_pdf(b"%PDF-1.4", "")


def test_reportlab_in_invariant_mode_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab import rl_config

    plain = render_pdf(PACK, _content())
    monkeypatch.setattr(rl_config, "invariant", 1)
    with pytest.raises(RuntimeError, match="invariant"):
        encrypt_pdf(plain, generate_password())
    assert encrypt.sys.modules["reportlab.rl_config"] is rl_config
