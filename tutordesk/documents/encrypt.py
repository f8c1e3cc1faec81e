"""Encrypting a finished PDF before it leaves the computer: AES-256 (the PDF 2.0 security handler, R=6)
with pikepdf, entirely in memory, and the password that opens it, made to be read out over the phone.

reportlab's own encryption is never used (security.md R17): it offers RC4 or the deprecated revision 5,
and with `rl_config.invariant` set its "random" bytes are a fixed table. pikepdf is imported inside the
functions, like reportlab, so only encrypting a file pays for it.
"""

from __future__ import annotations

import io
import secrets
import sys

#: Capital letters and digits that cannot be mistaken for one another on paper or on the phone: no 0/O/Q,
#: 1/I/L, 2/Z, 5/S, 6/G, 8/B, and none of the letters that rhyme (B, D, E, G, P, T, V) or sound alike (U).
READABLE_ALPHABET = "ACFHJKMNRWXY3479"
PASSWORD_GROUPS = 6
PASSWORD_GROUP_LENGTH = 4  # 24 characters from 16: 96 random bits


def generate_password() -> str:
    """A fresh random password such as "7KQ4-MZ2P-…": six groups of four, easy to read aloud."""
    groups = (
        "".join(secrets.choice(READABLE_ALPHABET) for _ in range(PASSWORD_GROUP_LENGTH))
        for _ in range(PASSWORD_GROUPS)
    )
    return "-".join(groups)


def encrypt_pdf(data: bytes, password: str) -> bytes:
    """`data` (a PDF) encrypted with AES-256, R=6: `password` opens it; the owner password is a different
    random secret nobody is told, so nobody can lift the restrictions without the user password either.

    Nothing is written to disk: the PDF goes in and comes out as bytes."""
    if not password:
        raise ValueError("An encrypted PDF needs a password")
    _refuse_predictable_reportlab()
    import pikepdf

    owner = secrets.token_urlsafe(32)
    while owner == password:  # vanishingly unlikely, but the two must differ
        owner = secrets.token_urlsafe(32)
    encrypted = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.save(
            encrypted,
            encryption=pikepdf.Encryption(user=password, owner=owner, R=6, aes=True, metadata=True),
        )
    return encrypted.getvalue()


def _refuse_predictable_reportlab() -> None:
    """R17: refuse to run with reportlab in its "invariant" mode (fixed ids and dates, made for tests).
    Checked only if reportlab is already loaded: the PDF it made was built then."""
    rl_config = sys.modules.get("reportlab.rl_config")
    if rl_config is not None and getattr(rl_config, "invariant", False):
        raise RuntimeError("reportlab is in invariant mode; TutorDesk will not encrypt a document made so")
