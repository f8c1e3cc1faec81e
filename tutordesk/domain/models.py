"""The vault's tables as SQLModel classes: learners, their factors and groups, people, consent, audit.

Special-category fields (health, special needs) carry `sensitive` in their column info; exports leave them
out unless the user chooses them (`sensitive_columns`). Times are timezone-aware and stored in UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _sensitive() -> dict[str, Any]:
    return {"info": {"sensitive": True}}


class VaultInfo(SQLModel, table=True):
    """Facts about the vault itself (its id, when it was made, by which version)."""

    __tablename__ = "vault_info"

    key: str = Field(primary_key=True)
    value: str


class TaxonomyTerm(SQLModel, table=True):
    """One entry of a taxonomy (risk factor, protective factor, group, role, purpose); labels are editable."""

    __tablename__ = "taxonomy_term"
    __table_args__ = (UniqueConstraint("taxonomy", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    taxonomy: str = Field(index=True)
    code: str
    label: str
    group_code: str = ""
    sensitive: bool = False
    help: str = ""
    position: int = 0
    active: bool = True


class Learner(SQLModel, table=True):
    """A young person on the caseload."""

    id: int | None = Field(default=None, primary_key=True)
    given_name: str
    family_name: str
    preferred_name: str = ""
    date_of_birth: date | None = None
    setting: str = ""
    programme: str = ""
    year_or_stage: str = ""
    status: str = Field(default="at_risk", index=True)
    languages: str = ""
    started_on: date | None = None
    left_on: date | None = None
    additional_needs: str = Field(default="", sa_column_kwargs=_sensitive())
    health_notes: str = Field(default="", sa_column_kwargs=_sensitive())
    notes: str = ""
    key_worker_id: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)
    archived_at: datetime | None = None
    # The school's own pupil reference (a UPN, an admission number): optional, unique where given, so
    # attendance and marks exported by the school's information system find their learner.
    school_reference: str | None = Field(default=None, index=True, unique=True)

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.given_name} {self.family_name}".strip()


class LearnerFactor(SQLModel, table=True):
    """A risk or protective factor recorded for a learner (which one is the term's taxonomy)."""

    __tablename__ = "learner_factor"
    __table_args__ = (UniqueConstraint("learner_id", "term_id"),)

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True, ondelete="CASCADE")
    term_id: int = Field(foreign_key="taxonomy_term.id")
    identified_on: date | None = None
    note: str = Field(default="", sa_column_kwargs=_sensitive())
    resolved_on: date | None = None


class LearnerGroup(SQLModel, table=True):
    """Membership of a beneficiary group (some groups are special-category data: see the term)."""

    __tablename__ = "learner_group"

    learner_id: int = Field(foreign_key="learner.id", primary_key=True, ondelete="CASCADE")
    term_id: int = Field(foreign_key="taxonomy_term.id", primary_key=True)


class Person(SQLModel, table=True):
    """Someone around a learner: family, staff, an external agency, an employer."""

    id: int | None = Field(default=None, primary_key=True)
    given_name: str = ""
    family_name: str = ""
    kind: str = "family"
    role_term_id: int | None = Field(default=None, foreign_key="taxonomy_term.id")
    organisation: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    preferred_channel: str = ""
    notes: str = ""
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class LearnerContact(SQLModel, table=True):
    """How a person relates to a learner, and whether the learner agreed to them being contacted."""

    __tablename__ = "learner_contact"
    __table_args__ = (UniqueConstraint("learner_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    relationship: str = ""
    channels: str = ""  # comma-separated Channel values the person may be reached by
    consent_to_contact: bool = False
    note: str = ""


class ConsentRecord(SQLModel, table=True):
    """Consent (or another lawful basis) for one purpose, as given and, perhaps later, withdrawn."""

    __tablename__ = "consent_record"

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True, ondelete="CASCADE")
    purpose_term_id: int = Field(foreign_key="taxonomy_term.id")
    lawful_basis: str = "consent"
    given_by: str = "learner"
    given_by_person_id: int | None = Field(default=None, foreign_key="person.id")
    method: str = "verbal"
    wording_version: str = ""
    given_at: datetime = Field(default_factory=utc_now)
    withdrawn_at: datetime | None = None
    note: str = ""

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None


class Meeting(SQLModel, table=True):
    """A contact with the learner: a tutorial, a review, a check-in, a home visit; and when the next one is."""

    # The caseload's Due list reads each learner's newest meeting; this index answers it without a table scan.
    __table_args__ = (Index("ix_meeting_newest", "learner_id", "held_on", "id", "next_on", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True, ondelete="CASCADE")
    held_on: date
    kind: str = "individual_tutorial"
    attendees: str = ""
    notes: str = ""
    follow_ups: str = ""
    next_on: date | None = None
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class AuditEntry(SQLModel, table=True):
    """One disclosure or security event. Append-only (triggers refuse changes) and hash-chained."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utc_now)
    actor: str = ""
    action: str
    subject: str = ""  # which records, as "learner:12,learner:40"; never names
    recipient: str = ""
    purpose: str = ""
    lawful_basis: str = ""
    detail: str = ""  # JSON
    artifact_sha256: str = ""
    prev_hash: str
    hash: str = Field(index=True)


def sensitive_columns(model: type[SQLModel]) -> frozenset[str]:
    """Names of the columns of `model` marked as special-category data."""
    table = model.__table__  # type: ignore[attr-defined]
    return frozenset(column.name for column in table.columns if column.info.get("sensitive"))
