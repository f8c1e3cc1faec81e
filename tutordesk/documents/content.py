"""What a document says: the values a form is filled with, who signs it, and the fingerprint of its content.

These are plain values with no database behind them. The services fill them from the vault; `pdf.py`
prints them; `content_to_json` and `content_from_json` let a document be stored and printed again later,
exactly as it was.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

SignatureMethod = Literal["paper", "drawn"]

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# Bumped only if the canonical form below changes; old fingerprints then stay explainable.
_FINGERPRINT_SCHEME = "tutordesk-document/1"
_JSON_FORMAT = 1


@dataclass(frozen=True)
class Signatory:
    """One person who signs a document, and whether and how they have signed.

    `role` matches a signature block of the form (learner, tutor, parent_carer, mentor). Unsigned: `method`,
    `signed_on` and `image_png` are all None. Signed on paper: `method="paper"` and the date. Signed on
    screen: `method="drawn"`, the date and the PNG of the drawn signature.
    """

    role: str
    name: str
    signed_on: date | None = None
    method: SignatureMethod | None = None
    image_png: bytes | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise TypeError(f"The name of the {self.role} signatory must be text")
        if self.method not in (None, "paper", "drawn"):
            raise ValueError(f"A signature is made on paper or drawn, not {self.method!r}")
        if self.method is None and (self.signed_on is not None or self.image_png is not None):
            raise ValueError("A signature date or image needs a method: paper or drawn")
        if self.method is not None and self.signed_on is None:
            raise ValueError("A signature needs the date it was made")
        if self.method == "drawn" and not (self.image_png or b"").startswith(_PNG_MAGIC):
            raise ValueError("A drawn signature needs its picture as PNG data")
        if self.method == "paper" and self.image_png is not None:
            raise ValueError("A signature made on paper has no drawn picture")

    @property
    def signed(self) -> bool:
        return self.method is not None


@dataclass(frozen=True)
class DocumentContent:
    """Everything a form is filled with for one document.

    `values` maps a value key (such as "plan.end_goal") to its text; list values are one item per line.
    `tables` maps a table key (such as "plan.stages") to its rows, each a mapping of column id to text.
    `reference` says which record the document belongs to (e.g. "Plan version 3") and is printed on every
    page. `chosen_sensitive` names the sensitive fields ("section_id.field_id") the learner agreed to
    include; every other sensitive field is left out. `chosen_sections` names the sections of the form to
    print (a handover pack prints only the sections chosen for its audience); None prints every section.
    """

    values: Mapping[str, str]
    tables: Mapping[str, Sequence[Mapping[str, str]]] = field(default_factory=dict)
    signatories: Sequence[Signatory] = ()
    reference: str = ""
    chosen_sensitive: frozenset[str] = frozenset()
    chosen_sections: frozenset[str] | None = None

    def __post_init__(self) -> None:
        # Copy everything into plain, private containers so a caller changing its dict later cannot
        # change a document whose fingerprint has already been taken.
        values = {str(key): _text(key, value) for key, value in self.values.items()}
        tables = {
            str(key): tuple(
                {str(column): _text(f"{key}.{column}", cell) for column, cell in row.items()} for row in rows
            )
            for key, rows in self.tables.items()
        }
        signatories = tuple(self.signatories)
        roles = [signatory.role for signatory in signatories]
        duplicates = sorted({role for role in roles if roles.count(role) > 1})
        if duplicates:
            raise ValueError(f"Each role signs once; these appear more than once: {', '.join(duplicates)}")
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "tables", tables)
        object.__setattr__(self, "signatories", signatories)
        object.__setattr__(self, "reference", str(self.reference))
        object.__setattr__(self, "chosen_sensitive", frozenset(self.chosen_sensitive))
        if self.chosen_sections is not None:
            object.__setattr__(self, "chosen_sections", frozenset(self.chosen_sections))

    def shows_section(self, section_id: str) -> bool:
        """Whether the section with this id is printed (every section is, unless some are chosen)."""
        return self.chosen_sections is None or section_id in self.chosen_sections

    def signatory(self, role: str) -> Signatory | None:
        return next((s for s in self.signatories if s.role == role), None)

    def with_signature(
        self,
        role: str,
        *,
        signed_on: date,
        method: SignatureMethod,
        image_png: bytes | None = None,
        name: str | None = None,
    ) -> DocumentContent:
        """A copy in which `role` has signed; the fingerprint stays the same."""
        current = self.signatory(role)
        signed = Signatory(
            role=role,
            name=name if name is not None else (current.name if current else ""),
            signed_on=signed_on,
            method=method,
            image_png=image_png,
        )
        if current is None:
            return dataclasses.replace(self, signatories=(*self.signatories, signed))
        return dataclasses.replace(
            self, signatories=tuple(signed if s.role == role else s for s in self.signatories)
        )

    def without_signatures(self) -> DocumentContent:
        """The same content with every signatory back to unsigned (names kept)."""
        return dataclasses.replace(
            self, signatories=tuple(Signatory(role=s.role, name=s.name) for s in self.signatories)
        )


def _text(key: object, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"The value of {key} must be text, not {type(value).__name__}")
    return value


def _canonical(form_text: str, content: DocumentContent) -> bytes:
    payload = {
        "scheme": _FINGERPRINT_SCHEME,
        "form": form_text,
        "reference": content.reference,
        "values": content.values,
        "tables": {key: list(rows) for key, rows in content.tables.items()},
        "chosen_sensitive": sorted(content.chosen_sensitive),
    }
    if content.chosen_sections is not None:
        # Only when set, so every document made before sections could be chosen keeps its fingerprint.
        payload["chosen_sections"] = sorted(content.chosen_sections)
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def fingerprint(form_text: str, content: DocumentContent) -> str:
    """SHA-256 (hex) of the form text and what the document says.

    Signatures are left out on purpose: a contract is printed first and signed on paper afterwards, and
    the signed copy must still carry the fingerprint of the stored version. The date of printing is left
    out for the same reason.
    """
    return hashlib.sha256(_canonical(form_text, content)).hexdigest()


def short_fingerprint(hex_digest: str) -> str:
    """The fingerprint as printed on each page: the first 12 hex digits, upper case, in groups of four."""
    head = hex_digest[:12].upper()
    if len(head) != 12 or any(ch not in "0123456789ABCDEF" for ch in head):
        raise ValueError("A fingerprint is a SHA-256 hex digest")
    return "-".join(head[i : i + 4] for i in range(0, 12, 4))


def content_to_json(content: DocumentContent, *, include_signatures: bool = True) -> str:
    """The content as JSON text, to store beside the form text and print the same document again.

    With `include_signatures=False` the signatories keep their roles and names but not their signatures,
    for callers that keep signatures in a table of their own.
    """
    signatories: list[dict[str, Any]] = []
    for signatory in content.signatories:
        entry: dict[str, Any] = {"role": signatory.role, "name": signatory.name}
        if include_signatures and signatory.signed:
            entry["signed_on"] = signatory.signed_on.isoformat() if signatory.signed_on else None
            entry["method"] = signatory.method
            if signatory.image_png is not None:
                entry["image_png"] = base64.b64encode(signatory.image_png).decode("ascii")
        signatories.append(entry)
    payload = {
        "format": _JSON_FORMAT,
        "reference": content.reference,
        "values": content.values,
        "tables": {key: list(rows) for key, rows in content.tables.items()},
        "signatories": signatories,
        "chosen_sensitive": sorted(content.chosen_sensitive),
    }
    if content.chosen_sections is not None:
        payload["chosen_sections"] = sorted(content.chosen_sections)
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, indent=1)


def content_from_json(text: str) -> DocumentContent:
    """Read back what `content_to_json` wrote; a damaged or foreign text raises ValueError."""
    try:
        payload = json.loads(text)
        if not isinstance(payload, dict) or payload.get("format") != _JSON_FORMAT:
            raise ValueError("not a TutorDesk document content")
        return DocumentContent(
            values=payload["values"],
            tables=payload.get("tables", {}),
            signatories=tuple(_signatory_from(entry) for entry in payload.get("signatories", ())),
            reference=payload.get("reference", ""),
            chosen_sensitive=frozenset(payload.get("chosen_sensitive", ())),
            chosen_sections=(
                frozenset(payload["chosen_sections"]) if payload.get("chosen_sections") is not None else None
            ),
        )
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise ValueError(f"The stored document content cannot be read ({exc})") from exc


def _signatory_from(entry: Mapping[str, Any]) -> Signatory:
    signed_on = entry.get("signed_on")
    image = entry.get("image_png")
    return Signatory(
        role=entry["role"],
        name=entry["name"],
        signed_on=date.fromisoformat(signed_on) if signed_on else None,
        method=entry.get("method"),
        image_png=base64.b64decode(image, validate=True) if image else None,
    )
