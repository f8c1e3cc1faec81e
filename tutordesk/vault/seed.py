"""Putting the default taxonomies into a vault: new terms are added, edited labels are never touched."""

from __future__ import annotations

from sqlmodel import Session, select


def seed_taxonomies(session: Session) -> int:
    """Insert every default term the vault lacks; return how many were added."""
    # Imported here: opening a vault that needs no seeding parses neither the taxonomies nor the tables.
    from tutordesk.domain.models import TaxonomyTerm
    from tutordesk.domain.taxonomies import TAXONOMIES

    existing = {(t.taxonomy, t.code) for t in session.exec(select(TaxonomyTerm))}
    added = 0
    for taxonomy, terms in TAXONOMIES.items():
        for position, term in enumerate(terms):
            if (taxonomy, term.code) in existing:
                continue
            session.add(
                TaxonomyTerm(
                    taxonomy=taxonomy,
                    code=term.code,
                    label=term.label,
                    group_code=term.group,
                    sensitive=term.sensitive,
                    help=term.help,
                    position=position,
                )
            )
            added += 1
    return added
