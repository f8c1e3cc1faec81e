"""Writing a learner's profile back as a diff in the caller's transaction: saving, archiving and
restoring, and consent withdrawal, each audited where the law asks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlmodel import col

from tutordesk.domain.control_text import multi_line, single_line
from tutordesk.domain.enums import PersonKind
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
from tutordesk.services.learners.records import (
    GROUPS,
    LEARNER_FIELDS,
    PROTECTIVE,
    PURPOSES,
    RISK,
    ROLES,
    ConsentEntry,
    ContactEntry,
    FactorEntry,
    InvalidLearner,
    LearnerDetails,
    SaveResult,
    _utc,
)
from tutordesk.services.learners.validation import _CLOCK_SLACK, validate
from tutordesk.vault import audit
from tutordesk.vault.unit_of_work import UnitOfWork

_TEXT_FIELDS = frozenset(LEARNER_FIELDS) - {
    "date_of_birth",
    "started_on",
    "left_on",
    "key_worker_id",
    "status",
}
# Notes keep their tabs and line breaks; every other text field is one line (see domain.control_text).
_MULTI_LINE_FIELDS = frozenset({"additional_needs", "health_notes", "notes"})


def save_learner(uow: UnitOfWork, *, details: LearnerDetails) -> SaveResult:
    """Create or update the learner and replace its factors, groups, contacts and consents by diffing.

    Runs in the caller's transaction and does not commit. Raises `InvalidLearner` before writing anything
    if `validate` finds a problem or a term, key worker or record does not fit.
    """
    problems = validate(details)
    if problems:
        raise InvalidLearner(problems)
    session = uow.session
    terms = _check_references(uow, details)
    changes: set[str] = set()

    if details.id is None:
        learner = Learner(given_name="", family_name="")
        session.add(learner)
        changes.add("created")
    else:
        found = session.get(Learner, details.id)
        if found is None:
            raise BadInput("That learner is not in this vault (perhaps it was removed).")
        learner = found
    for name in LEARNER_FIELDS:
        value: Any = getattr(details, name)
        if name in _MULTI_LINE_FIELDS:
            value = multi_line(value).strip()
        elif name in _TEXT_FIELDS:  # names with control characters never get here: `validate` refuses them
            value = single_line(value).strip()
        elif name == "status":
            value = value.value
        if getattr(learner, name) != value:
            setattr(learner, name, value)
            changes.add(name)
    reference = " ".join(details.school_reference.split()) or None
    if learner.school_reference != reference:
        _check_reference_free(uow, reference, details.id)
        learner.school_reference = reference
        changes.add("school_reference")
    session.flush()  # a new learner needs its id before anything can point at it
    learner_id = learner.id
    assert learner_id is not None
    subject = f"learner:{learner_id}"

    changes |= _save_factors(uow, learner_id, [*details.risk_factors, *details.protective_factors])
    if _save_groups(uow, learner_id, details.group_term_ids):
        changes.add("groups")
    if _save_contacts(uow, learner_id, details.contacts):
        changes.add("contacts")
    if _save_consents(uow, learner_id, details.consents, terms, subject):
        changes.add("consents")

    if changes and "created" not in changes:
        learner.updated_at = utc_now()
    session.flush()
    return SaveResult(learner_id, frozenset(changes))


def _check_reference_free(uow: UnitOfWork, reference: str | None, learner_id: int | None) -> None:
    if reference is None:
        return
    holder = uow.session.execute(
        select(col(Learner.id)).where(col(Learner.school_reference) == reference)
    ).scalar()
    if holder is not None and holder != learner_id:
        raise InvalidLearner({"school_reference": "Another learner already has this pupil reference."})


def archive_learner(uow: UnitOfWork, *, learner_id: int) -> SaveResult:
    """Take the learner off the caseload, keeping the record; audited. Archiving twice changes nothing."""
    learner = _get_learner(uow, learner_id)
    if learner.archived_at is not None:
        return SaveResult(learner_id, frozenset())
    learner.archived_at = learner.updated_at = utc_now()
    audit.record(uow.session, "learner.archived", subject=f"learner:{learner_id}")
    uow.session.flush()
    return SaveResult(learner_id, frozenset({"archived"}))


def restore_learner(uow: UnitOfWork, *, learner_id: int) -> SaveResult:
    """Put an archived learner back on the caseload; audited."""
    learner = _get_learner(uow, learner_id)
    if learner.archived_at is None:
        return SaveResult(learner_id, frozenset())
    learner.archived_at = None
    learner.updated_at = utc_now()
    audit.record(uow.session, "learner.restored", subject=f"learner:{learner_id}")
    uow.session.flush()
    return SaveResult(learner_id, frozenset({"restored"}))


def withdraw_consent(uow: UnitOfWork, *, consent_id: int, when: datetime) -> SaveResult:
    """Record that a consent was withdrawn at `when`; audited. The record itself is kept."""
    record = uow.session.get(ConsentRecord, consent_id)
    if record is None:
        raise BadInput("That consent record is not in this vault.")
    if record.withdrawn_at is not None:
        raise BadInput("That consent was already withdrawn.")
    when = _utc(when)
    assert when is not None
    given_at = _utc(record.given_at)
    assert given_at is not None
    if when < given_at:
        raise BadInput("Consent cannot be withdrawn before it was given.")
    if when > datetime.now(UTC) + _CLOCK_SLACK:
        raise BadInput("Consent cannot be withdrawn in the future.")
    record.withdrawn_at = when
    purpose = uow.session.get(TaxonomyTerm, record.purpose_term_id)
    audit.record(
        uow.session,
        "consent.withdrawn",
        subject=f"learner:{record.learner_id}",
        lawful_basis=record.lawful_basis,
        detail={"consent_id": consent_id, "purpose": purpose.code if purpose else ""},
    )
    _get_learner(uow, record.learner_id).updated_at = utc_now()
    uow.session.flush()
    return SaveResult(record.learner_id, frozenset({"consents"}))


# --------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------


def _get_learner(uow: UnitOfWork, learner_id: int) -> Learner:
    learner = uow.session.get(Learner, learner_id)
    if learner is None:
        raise BadInput("That learner is not in this vault (perhaps it was removed).")
    return learner


def _check_references(uow: UnitOfWork, details: LearnerDetails) -> dict[int, TaxonomyTerm]:
    """Every term must belong to the right taxonomy and the key worker must be staff (one query each)."""
    wanted: dict[int, str] = {}
    for factor in details.risk_factors:
        wanted[factor.term_id] = RISK
    for factor in details.protective_factors:
        wanted[factor.term_id] = PROTECTIVE
    for term_id in details.group_term_ids:
        wanted[term_id] = GROUPS
    for contact in details.contacts:
        if contact.role_term_id is not None:
            wanted[contact.role_term_id] = ROLES
    for consent in details.consents:
        wanted[consent.purpose_term_id] = PURPOSES
    terms = {
        term.id: term
        for term in uow.session.execute(
            select(TaxonomyTerm).where(col(TaxonomyTerm.id).in_(wanted))
        ).scalars()
        if term.id is not None
    }
    problems: dict[str, str] = {}
    for list_name, factors in (
        ("risk_factors", details.risk_factors),
        ("protective_factors", details.protective_factors),
    ):
        for factor in factors:
            if factor.term_id not in terms or terms[factor.term_id].taxonomy != wanted[factor.term_id]:
                problems[f"{list_name}.{factor.term_id}"] = "This factor is not in the list any more."
    if any(t not in terms or terms[t].taxonomy != GROUPS for t in details.group_term_ids):
        problems["group_term_ids"] = "One of the groups is not in the list any more."
    for index, contact in enumerate(details.contacts):
        role = contact.role_term_id
        if role is not None and (role not in terms or terms[role].taxonomy != ROLES):
            problems[f"contacts.{index}"] = "This contact's role is not in the list any more."
    for index, consent in enumerate(details.consents):
        purpose = consent.purpose_term_id
        if purpose not in terms or terms[purpose].taxonomy != PURPOSES:
            problems[f"consents.{index}"] = "This consent's purpose is not in the list any more."
    named = {c.given_by_person_id for c in details.consents if c.given_by_person_id is not None}
    if details.key_worker_id is not None:
        named.add(details.key_worker_id)
    kinds: dict[int, str] = {
        person_id: kind
        for person_id, kind in uow.session.execute(
            select(col(Person.id), col(Person.kind)).where(col(Person.id).in_(named))
        )
    }
    if details.key_worker_id is not None and kinds.get(details.key_worker_id) != PersonKind.STAFF.value:
        problems["key_worker_id"] = "The key worker must be a member of staff."
    for index, consent in enumerate(details.consents):
        if consent.given_by_person_id is not None and consent.given_by_person_id not in kinds:
            problems[f"consents.{index}"] = "The person who gave this consent is no longer recorded."
    if problems:
        raise InvalidLearner(problems)
    return terms


def _save_factors(uow: UnitOfWork, learner_id: int, entries: list[FactorEntry]) -> set[str]:
    """Returns the names of the lists that changed: "risk_factors", "protective_factors"."""
    session = uow.session
    existing: dict[int, tuple[LearnerFactor, str]] = {
        row.term_id: (row, taxonomy)
        for row, taxonomy in session.execute(
            select(LearnerFactor, col(TaxonomyTerm.taxonomy))
            .join(TaxonomyTerm, col(TaxonomyTerm.id) == col(LearnerFactor.term_id))
            .where(col(LearnerFactor.learner_id) == learner_id)
        )
    }
    wanted = {entry.term_id: entry for entry in entries}
    changed_taxonomies: set[str] = set()
    for term_id, (row, taxonomy) in existing.items():
        if term_id not in wanted:
            session.delete(row)
            changed_taxonomies.add(taxonomy)
    for term_id, entry in wanted.items():
        values: dict[str, Any] = {
            "identified_on": entry.identified_on,
            "note": entry.note.strip(),
            "resolved_on": entry.resolved_on,
        }
        if term_id not in existing:
            session.add(LearnerFactor(learner_id=learner_id, term_id=term_id, **values))
            changed_taxonomies.add(_taxonomy_of(uow, term_id))
        elif _assign(existing[term_id][0], values):
            changed_taxonomies.add(existing[term_id][1])
    return {"risk_factors" if taxonomy == RISK else "protective_factors" for taxonomy in changed_taxonomies}


def _taxonomy_of(uow: UnitOfWork, term_id: int) -> str:
    term = uow.session.get(TaxonomyTerm, term_id)  # already in the session from _check_references
    return term.taxonomy if term else ""


def _save_groups(uow: UnitOfWork, learner_id: int, wanted: frozenset[int]) -> bool:
    session = uow.session
    existing = set(
        session.execute(
            select(col(LearnerGroup.term_id)).where(col(LearnerGroup.learner_id) == learner_id)
        ).scalars()
    )
    removed, added = existing - wanted, wanted - existing
    if removed:
        session.execute(
            delete(LearnerGroup).where(
                col(LearnerGroup.learner_id) == learner_id, col(LearnerGroup.term_id).in_(removed)
            )
        )
    for term_id in sorted(added):
        session.add(LearnerGroup(learner_id=learner_id, term_id=term_id))
    return bool(removed or added)


def _save_contacts(uow: UnitOfWork, learner_id: int, entries: Iterable[ContactEntry]) -> bool:
    session = uow.session
    links = {
        link.person_id: link
        for link in session.execute(
            select(LearnerContact).where(col(LearnerContact.learner_id) == learner_id)
        ).scalars()
    }
    wanted_ids = {entry.person_id for entry in entries if entry.person_id is not None}
    people = {
        person.id: person
        for person in session.execute(
            select(Person).where(col(Person.id).in_(wanted_ids | set(links)))
        ).scalars()
    }
    changed = False
    dropped = [person_id for person_id in links if person_id not in wanted_ids]
    for person_id in dropped:
        session.delete(links.pop(person_id))
        changed = True
    for entry in entries:
        person = people.get(entry.person_id) if entry.person_id is not None else None
        if person is None:
            # New, or removed meanwhile (undoing a save that removed them): a new person either way.
            person = Person()
            session.add(person)
            changed = True
        person_values: dict[str, Any] = {
            "given_name": entry.given_name.strip(),
            "family_name": entry.family_name.strip(),
            "kind": entry.kind.value,
            "role_term_id": entry.role_term_id,
            "organisation": entry.organisation.strip(),
            "email": entry.email.strip(),
            "phone": entry.phone.strip(),
            "address": entry.address.strip(),
            "preferred_channel": entry.preferred_channel.value if entry.preferred_channel else "",
            "notes": entry.person_notes.strip(),
        }
        if _assign(person, person_values):
            person.updated_at = utc_now()
            changed = True
        session.flush()  # the person's id, for the link
        assert person.id is not None
        link = links.get(person.id)
        if link is None:
            link = LearnerContact(learner_id=learner_id, person_id=person.id)
            session.add(link)
            changed = True
        link_values = {
            "relationship": entry.relationship.strip(),
            "channels": ",".join(channel.value for channel in entry.channels),
            "consent_to_contact": entry.consent_to_contact,
            "note": entry.note.strip(),
        }
        changed |= _assign(link, link_values)
    if dropped:
        session.flush()
        _forget_unlinked_people(uow, dropped)
    return changed


def _forget_unlinked_people(uow: UnitOfWork, person_ids: list[int]) -> None:
    """Delete family and outside contacts no longer linked to anyone or anything (data minimisation).

    Staff are kept: they are colleagues and may be key workers. A person named on a consent record is
    kept, because the record must still say who gave consent.
    """
    session = uow.session
    still_used: set[int] = set()
    for column in (LearnerContact.person_id, Learner.key_worker_id, ConsentRecord.given_by_person_id):
        still_used.update(session.execute(select(col(column)).where(col(column).in_(person_ids))).scalars())
    for person_id in person_ids:
        person = session.get(Person, person_id)
        if person is not None and person_id not in still_used and person.kind != PersonKind.STAFF.value:
            session.delete(person)


def _save_consents(
    uow: UnitOfWork,
    learner_id: int,
    entries: Iterable[ConsentEntry],
    terms: Mapping[int, TaxonomyTerm],
    subject: str,
) -> bool:
    session = uow.session
    existing = {
        record.id: record
        for record in session.execute(
            select(ConsentRecord).where(col(ConsentRecord.learner_id) == learner_id)
        ).scalars()
    }
    entries = list(entries)
    kept = {entry.id for entry in entries if entry.id is not None}
    changed = False
    for record_id, record in existing.items():
        if record_id not in kept:
            # Only a record entered by mistake is removed; the log keeps that it existed.
            _audit_consent(session, "consent.removed", subject, record, terms)
            session.delete(record)
            changed = True
    for entry in entries:
        values: dict[str, Any] = {
            "purpose_term_id": entry.purpose_term_id,
            "lawful_basis": entry.lawful_basis.value,
            "given_by": entry.given_by.value,
            "given_by_person_id": entry.given_by_person_id,
            "method": entry.method.value,
            "wording_version": entry.wording_version.strip(),
            "given_at": _utc(entry.given_at),
            "withdrawn_at": _utc(entry.withdrawn_at),
            "note": entry.note.strip(),
        }
        record = existing.get(entry.id) if entry.id is not None else None
        if record is None:
            record = ConsentRecord(learner_id=learner_id, **values)
            session.add(record)
            session.flush()  # the id goes into the audit entry
            _audit_consent(session, "consent.given", subject, record, terms)
            if record.withdrawn_at is not None:
                _audit_consent(session, "consent.withdrawn", subject, record, terms)
            changed = True
            continue
        was_withdrawn = record.withdrawn_at is not None
        changed_fields = _changed_fields(record, values)
        if not changed_fields:
            continue
        _assign(record, values)
        changed = True
        if "withdrawn_at" in changed_fields and not was_withdrawn:
            _audit_consent(session, "consent.withdrawn", subject, record, terms)
        elif "withdrawn_at" in changed_fields and record.withdrawn_at is None:
            # Only to correct a mistake (or undo a save); the earlier withdrawal stays in the log.
            _audit_consent(session, "consent.withdrawal_reversed", subject, record, terms)
        other = sorted(changed_fields - {"withdrawn_at"})
        if other:
            _audit_consent(session, "consent.corrected", subject, record, terms, fields=other)
    return changed


def _audit_consent(
    session: Any,
    action: str,
    subject: str,
    record: ConsentRecord,
    terms: Mapping[int, TaxonomyTerm],
    *,
    fields: list[str] | None = None,
) -> None:
    term = terms.get(record.purpose_term_id) or session.get(TaxonomyTerm, record.purpose_term_id)
    detail: dict[str, Any] = {"consent_id": record.id, "purpose": term.code if term else ""}
    if fields:
        detail["fields"] = fields
    audit.record(session, action, subject=subject, lawful_basis=record.lawful_basis, detail=detail)


def _changed_fields(obj: object, values: Mapping[str, Any]) -> set[str]:
    return {name for name, value in values.items() if getattr(obj, name) != value}


def _assign(obj: object, values: Mapping[str, Any]) -> bool:
    changed = _changed_fields(obj, values)
    for name in changed:
        setattr(obj, name, values[name])
    return bool(changed)
