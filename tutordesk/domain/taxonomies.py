"""The taxonomies TutorDesk seeds into every new vault, read from `taxonomies.toml` beside this module.

Risk and protective factors, beneficiary groups, contact roles, consent purposes and meeting kinds are data,
not code: an institution can adapt the defaults in the TOML file, and users rename labels in their vault.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources

__all__ = [
    "BENEFICIARY_GROUPS",
    "CONSENT_PURPOSES",
    "CONTACT_ROLES",
    "MEETING_KINDS",
    "PROTECTIVE_FACTORS",
    "RISK_DOMAINS",
    "RISK_FACTORS",
    "TAXONOMIES",
    "Term",
    "term_by_code",
    "terms",
]


@dataclass(frozen=True)
class Term:
    code: str  # stable identifier, lowercase snake_case, never shown, never changes
    label: str  # default English label, shown in pickers
    group: str = ""  # for risk factors: one of RISK_DOMAINS; for others a grouping or ""
    # special-category data (health, SEN/disability, mental health, ethnicity, migration status,
    # care status, sexual health, abuse/grooming)
    sensitive: bool = False
    help: str = ""  # one plain sentence explaining the term to a practitioner


def _load() -> dict[str, tuple[Term, ...]]:
    text = resources.files(__package__).joinpath("taxonomies.toml").read_text(encoding="utf-8")
    return {
        name: tuple(
            Term(
                code=entry["code"],
                label=entry["label"],
                group=entry.get("group", ""),
                sensitive=bool(entry.get("sensitive", False)),
                help=entry.get("help", ""),
            )
            for entry in entries
        )
        for name, entries in tomllib.loads(text).items()
    }


TAXONOMIES: dict[str, tuple[Term, ...]] = _load()
RISK_DOMAINS = TAXONOMIES["risk_domain"]
RISK_FACTORS = TAXONOMIES["risk_factor"]
PROTECTIVE_FACTORS = TAXONOMIES["protective_factor"]
BENEFICIARY_GROUPS = TAXONOMIES["beneficiary_group"]
CONTACT_ROLES = TAXONOMIES["contact_role"]
CONSENT_PURPOSES = TAXONOMIES["consent_purpose"]
MEETING_KINDS = TAXONOMIES["meeting_kind"]


def terms(taxonomy: str) -> tuple[Term, ...]:
    """Return the default terms of ``taxonomy``, in display order."""
    try:
        return TAXONOMIES[taxonomy]
    except KeyError:
        known = ", ".join(sorted(TAXONOMIES))
        raise KeyError(f"Unknown taxonomy {taxonomy!r}; expected one of: {known}") from None


def term_by_code(taxonomy: str, code: str) -> Term:
    """Return the term with ``code`` in ``taxonomy``; raise KeyError if either is unknown."""
    for term in terms(taxonomy):
        if term.code == code:
            return term
    raise KeyError(f"Unknown code {code!r} in taxonomy {taxonomy!r}")
