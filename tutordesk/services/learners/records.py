"""One learner's profile as the screen sees it: the values it edits (`LearnerDetails` and its entries),
reading a profile whole, and the choices offered by the profile's pickers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import overload

from sqlalchemy import select
from sqlmodel import col

from tutordesk.domain.enums import (
    Channel,
    ConsentGiver,
    ConsentMethod,
    LawfulBasis,
    LearnerStatus,
    PersonKind,
)
from tutordesk.domain.models import (
    ConsentRecord,
    Learner,
    LearnerContact,
    LearnerFactor,
    LearnerGroup,
    Person,
    TaxonomyTerm,
    utc_now,
)
from tutordesk.errors import BadInput
from tutordesk.vault.unit_of_work import UnitOfWork

RISK = "risk_factor"
PROTECTIVE = "protective_factor"
GROUPS = "beneficiary_group"
ROLES = "contact_role"
PURPOSES = "consent_purpose"

# The Learner columns the profile edits one to one (archived_at, created_at, updated_at are the service's).
LEARNER_FIELDS: tuple[str, ...] = (
    "given_name",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "setting",
    "programme",
    "year_or_stage",
    "status",
    "languages",
    "started_on",
    "left_on",
    "additional_needs",
    "health_notes",
    "notes",
    "key_worker_id",
)

# Group headings for taxonomies whose groups are not themselves a taxonomy (risk factors use risk_domain).
_GROUP_LABELS: dict[str, dict[str, str]] = {
    PROTECTIVE: {
        "individual": "The young person",
        "relationships": "Relationships",
        "environment": "Learning environment",
        "support": "Support",
    },
    GROUPS: {
        "engagement": "Engagement and learning situation",
        "education": "Education route",
        "needs": "Needs",
        "circumstances": "Circumstances and background",
    },
    ROLES: {"family": "Family", "staff": "Staff in the setting", "external": "Outside the setting"},
    PURPOSES: {
        "record": "Keeping records",
        "contact": "Getting in touch",
        "sharing": "Sharing information",
        "media": "Photos and recordings",
    },
}


# --------------------------------------------------------------------------------------------------
# What crosses the boundary
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class FactorEntry:
    """A risk or protective factor ticked for the learner; `note` is special-category data."""

    term_id: int
    identified_on: date | None = None
    note: str = ""
    resolved_on: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ContactEntry:
    """A person around the learner and how they relate; `person_id` is None until the first save."""

    person_id: int | None = None
    given_name: str = ""
    family_name: str = ""
    kind: PersonKind = PersonKind.FAMILY
    role_term_id: int | None = None
    organisation: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    preferred_channel: Channel | None = None
    person_notes: str = ""  # about the person (shared by every learner they are linked to)
    relationship: str = ""  # in their own words: "Mum", "Older brother", "Placement manager"
    channels: tuple[Channel, ...] = ()
    consent_to_contact: bool = False
    note: str = ""  # about this person for this learner only

    @property
    def display_name(self) -> str:
        name = f"{self.given_name} {self.family_name}".strip()
        return name or self.organisation


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsentEntry:
    """One consent record as given and, perhaps, withdrawn; `id` is None until the first save."""

    id: int | None = None
    purpose_term_id: int
    lawful_basis: LawfulBasis = LawfulBasis.CONSENT
    given_by: ConsentGiver = ConsentGiver.LEARNER
    given_by_person_id: int | None = None
    method: ConsentMethod = ConsentMethod.VERBAL
    wording_version: str = ""
    given_at: datetime = field(default_factory=utc_now)
    withdrawn_at: datetime | None = None
    note: str = ""

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None


@dataclass(frozen=True, slots=True, kw_only=True)
class LearnerDetails:
    """Everything the profile edits about one learner; `id` is None for a learner not yet saved.

    Frozen, with tuples, so a copy kept for "revert" or "undo last save" cannot change under the form.
    `archived_at` and `updated_at` are shown, never saved: the service sets them.
    """

    id: int | None = None
    given_name: str = ""
    family_name: str = ""
    preferred_name: str = ""
    date_of_birth: date | None = None
    setting: str = ""
    programme: str = ""
    year_or_stage: str = ""
    status: LearnerStatus = LearnerStatus.AT_RISK
    languages: str = ""
    started_on: date | None = None
    left_on: date | None = None
    additional_needs: str = ""
    health_notes: str = ""
    notes: str = ""
    key_worker_id: int | None = None
    school_reference: str = ""  # the school's pupil reference; "" when there is none
    risk_factors: tuple[FactorEntry, ...] = ()
    protective_factors: tuple[FactorEntry, ...] = ()
    group_term_ids: frozenset[int] = frozenset()
    contacts: tuple[ContactEntry, ...] = ()
    consents: tuple[ConsentEntry, ...] = ()
    archived_at: datetime | None = None
    updated_at: datetime | None = None

    def normalised(self) -> LearnerDetails:
        """The same details with factors in term order, so two equal profiles compare equal."""
        return replace(
            self,
            risk_factors=tuple(sorted(self.risk_factors, key=lambda f: f.term_id)),
            protective_factors=tuple(sorted(self.protective_factors, key=lambda f: f.term_id)),
        )

    def same_content(self, other: LearnerDetails) -> bool:
        """True when saving one over the other would change nothing the user edits."""
        mine, theirs = self.normalised(), other.normalised()
        return replace(mine, archived_at=None, updated_at=None) == replace(
            theirs, archived_at=None, updated_at=None
        )


@dataclass(frozen=True, slots=True)
class TermChoice:
    """One row of a picker over a taxonomy."""

    id: int
    taxonomy: str
    code: str
    label: str
    group_code: str
    sensitive: bool
    help: str
    group_label: str = ""
    active: bool = True  # False for a retired term still used by the record shown


@dataclass(frozen=True, slots=True)
class StaffChoice:
    """A member of staff who can be a key worker."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What a save did. `changes` names what changed: Learner field names, "created", "archived",
    "restored", "risk_factors", "protective_factors", "groups", "contacts", "consents"; empty if nothing.
    """

    learner_id: int
    changes: frozenset[str]


class InvalidLearner(BadInput):
    """The details break a rule; `problems` maps a field key (see `validate`) to a plain message."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        count = len(problems)
        super().__init__(
            "There is one problem to fix before saving."
            if count == 1
            else f"There are {count} problems to fix before saving."
        )
        self.problems = dict(problems)


# --------------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------------


def new_learner_details() -> LearnerDetails:
    """Blank details for a new learner's profile."""
    return LearnerDetails()


def load_learner(uow: UnitOfWork, *, learner_id: int) -> LearnerDetails:
    """The whole profile in five statements, however many factors, contacts and consents it has."""
    session = uow.session
    learner = session.get(Learner, learner_id)
    if learner is None:
        raise BadInput("That learner is not in this vault (perhaps it was removed).")
    risk: list[FactorEntry] = []
    protective: list[FactorEntry] = []
    factor_rows = session.execute(
        select(LearnerFactor, col(TaxonomyTerm.taxonomy))
        .join(TaxonomyTerm, col(TaxonomyTerm.id) == col(LearnerFactor.term_id))
        .where(col(LearnerFactor.learner_id) == learner_id)
        .order_by(col(LearnerFactor.term_id))
    )
    for factor, taxonomy in factor_rows:
        entry = FactorEntry(
            term_id=factor.term_id,
            identified_on=factor.identified_on,
            note=factor.note,
            resolved_on=factor.resolved_on,
        )
        (risk if taxonomy == RISK else protective).append(entry)
    groups = frozenset(
        session.execute(
            select(col(LearnerGroup.term_id)).where(col(LearnerGroup.learner_id) == learner_id)
        ).scalars()
    )
    contacts = tuple(
        _contact_entry(person, link)
        for link, person in session.execute(
            select(LearnerContact, Person)
            .join(Person, col(Person.id) == col(LearnerContact.person_id))
            .where(col(LearnerContact.learner_id) == learner_id)
            .order_by(col(LearnerContact.id))
        )
    )
    consents = tuple(
        _consent_entry(record)
        for record in session.execute(
            select(ConsentRecord)
            .where(col(ConsentRecord.learner_id) == learner_id)
            .order_by(col(ConsentRecord.given_at), col(ConsentRecord.id))
        ).scalars()
    )
    return LearnerDetails(
        id=learner.id,
        **{name: getattr(learner, name) for name in LEARNER_FIELDS if name != "status"},
        status=LearnerStatus(learner.status),
        school_reference=learner.school_reference or "",
        risk_factors=tuple(risk),
        protective_factors=tuple(protective),
        group_term_ids=groups,
        contacts=contacts,
        consents=consents,
        archived_at=_utc(learner.archived_at),
        updated_at=_utc(learner.updated_at),
    )


def term_choices(uow: UnitOfWork, *, taxonomy: str, include: Iterable[int] = ()) -> list[TermChoice]:
    """The active terms of `taxonomy`, grouped (groups in the order they first appear), then by position.

    `include` adds retired terms a record still uses, so a profile can show (and keep) them.
    """
    return all_term_choices(uow, wanted={taxonomy: include})[taxonomy]


def all_term_choices(uow: UnitOfWork, *, wanted: Mapping[str, Iterable[int]]) -> dict[str, list[TermChoice]]:
    """`term_choices` for several taxonomies (each with its `include`) in one statement, for opening a profile."""
    keep = {term_id for ids in wanted.values() for term_id in ids}
    rows = uow.session.execute(
        select(
            col(TaxonomyTerm.id),
            col(TaxonomyTerm.taxonomy),
            col(TaxonomyTerm.code),
            col(TaxonomyTerm.label),
            col(TaxonomyTerm.group_code),
            col(TaxonomyTerm.sensitive),
            col(TaxonomyTerm.help),
            col(TaxonomyTerm.active),
        )
        .where(
            col(TaxonomyTerm.taxonomy).in_([*wanted, "risk_domain"]),
            col(TaxonomyTerm.active) | col(TaxonomyTerm.id).in_(keep),
        )
        .order_by(col(TaxonomyTerm.position), col(TaxonomyTerm.id))
    ).all()
    domains = {row.code: row.label for row in rows if row.taxonomy == "risk_domain"}
    result: dict[str, list[TermChoice]] = {}
    for taxonomy in wanted:
        labels = domains if taxonomy == RISK else _GROUP_LABELS.get(taxonomy, {})
        terms = [row for row in rows if row.taxonomy == taxonomy]
        first_seen: dict[str, int] = {}
        for index, row in enumerate(terms):
            first_seen.setdefault(row.group_code, index)
        terms.sort(key=lambda row: first_seen[row.group_code])  # stable: position order holds within a group
        result[taxonomy] = [
            TermChoice(
                id=row.id,
                taxonomy=row.taxonomy,
                code=row.code,
                label=row.label,
                group_code=row.group_code,
                sensitive=bool(row.sensitive),
                help=row.help,
                group_label=labels.get(row.group_code) or row.group_code.replace("_", " ").capitalize(),
                active=bool(row.active),
            )
            for row in terms
        ]
    return result


def staff_choices(uow: UnitOfWork) -> list[StaffChoice]:
    """People of kind staff, by name, for the key worker picker."""
    rows = uow.session.execute(
        select(col(Person.id), col(Person.given_name), col(Person.family_name))
        .where(col(Person.kind) == PersonKind.STAFF.value)
        .order_by(col(Person.family_name), col(Person.given_name), col(Person.id))
    )
    return [
        StaffChoice(id, f"{given} {family}".strip() or f"Staff member {id}") for id, given, family in rows
    ]


# --------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------


@overload
def _utc(value: datetime) -> datetime: ...
@overload
def _utc(value: datetime | None) -> datetime | None: ...


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _contact_entry(person: Person, link: LearnerContact) -> ContactEntry:
    return ContactEntry(
        person_id=person.id,
        given_name=person.given_name,
        family_name=person.family_name,
        kind=PersonKind(person.kind),
        role_term_id=person.role_term_id,
        organisation=person.organisation,
        email=person.email,
        phone=person.phone,
        address=person.address,
        preferred_channel=Channel(person.preferred_channel) if person.preferred_channel else None,
        person_notes=person.notes,
        relationship=link.relationship,
        channels=tuple(Channel(c) for c in link.channels.split(",") if c),
        consent_to_contact=link.consent_to_contact,
        note=link.note,
    )


def _consent_entry(record: ConsentRecord) -> ConsentEntry:
    given_at = _utc(record.given_at)
    assert given_at is not None
    return ConsentEntry(
        id=record.id,
        purpose_term_id=record.purpose_term_id,
        lawful_basis=LawfulBasis(record.lawful_basis),
        given_by=ConsentGiver(record.given_by),
        given_by_person_id=record.given_by_person_id,
        method=ConsentMethod(record.method),
        wording_version=record.wording_version,
        given_at=given_at,
        withdrawn_at=_utc(record.withdrawn_at),
        note=record.note,
    )


def learner_status(uow: UnitOfWork, *, learner_id: int) -> str:
    """The learner's status (a `LearnerStatus` value), or "" when the learner is not in the vault."""
    learner = uow.session.get(Learner, learner_id)
    return learner.status if learner is not None else ""
