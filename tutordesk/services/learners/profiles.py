"""The learner use cases, gathered in one place: read a learner's profile whole, check it, and save it back.

The work is done in `records` (the profile's values, reading and pickers), `validation` (the rules checked
before a save) and `saving` (saving as a diff, archiving, consent withdrawal). The profile window opens, saves
and archives through `open_profile`, `save_profile` and `set_archived`, each one unit of work of the vault.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from tutordesk.domain.changes import NO_CHANGES, Changes
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
    StaffChoice,
    TermChoice,
    all_term_choices,
    load_learner,
    new_learner_details,
    staff_choices,
    term_choices,
)
from tutordesk.services.learners.saving import (
    archive_learner,
    restore_learner,
    save_learner,
    withdraw_consent,
)
from tutordesk.services.learners.validation import (
    OLDEST_AGE,
    YOUNGEST_AGE,
    consent_problem,
    contact_problem,
    validate,
)
from tutordesk.services.practitioner import own_person_id

# Still reachable as `learners.audit` (as before the split), for callers that patch the audit log.
from tutordesk.vault import audit  # noqa: F401
from tutordesk.vault.vault import Vault

__all__ = [
    "ProfileStart",
    "SavedProfile",
    "open_profile",
    "save_profile",
    "set_archived",
    "used_terms",
    "GROUPS",
    "LEARNER_FIELDS",
    "OLDEST_AGE",
    "PROTECTIVE",
    "PURPOSES",
    "RISK",
    "ROLES",
    "YOUNGEST_AGE",
    "ConsentEntry",
    "ContactEntry",
    "FactorEntry",
    "InvalidLearner",
    "LearnerDetails",
    "SaveResult",
    "StaffChoice",
    "TermChoice",
    "all_term_choices",
    "archive_learner",
    "consent_problem",
    "contact_problem",
    "load_learner",
    "new_learner_details",
    "restore_learner",
    "save_learner",
    "staff_choices",
    "term_choices",
    "validate",
    "withdraw_consent",
]


@dataclass(frozen=True)
class ProfileStart:
    """What the profile opens with: the learner's record, the pickers' choices and the staff to choose from."""

    details: LearnerDetails
    choices: dict[str, list[TermChoice]]
    staff: list[StaffChoice]


@dataclass(frozen=True)
class SavedProfile:
    """A save's outcome, the record as it is now (with the ids of new contacts and consents), and what the
    save changed, for the views that show it."""

    result: SaveResult
    details: LearnerDetails
    changes: Changes = NO_CHANGES


def used_terms(details: LearnerDetails) -> dict[str, set[int]]:
    """Terms the record uses, so retired ones still show (and are kept) in the pickers."""
    return {
        RISK: {entry.term_id for entry in details.risk_factors},
        PROTECTIVE: {entry.term_id for entry in details.protective_factors},
        GROUPS: set(details.group_term_ids),
        ROLES: {c.role_term_id for c in details.contacts if c.role_term_id is not None},
        PURPOSES: {c.purpose_term_id for c in details.consents},
    }


def open_profile(vault: Vault, *, learner_id: int | None) -> ProfileStart:
    """The learner's record (a new, empty one for None) and what its pickers offer, read in one unit of work."""
    with vault.unit_of_work() as uow:
        if learner_id is None:  # a new learner: you are offered as their key worker
            details = dataclasses.replace(new_learner_details(), key_worker_id=own_person_id(uow))
        else:
            details = load_learner(uow, learner_id=learner_id)
        return ProfileStart(details, all_term_choices(uow, wanted=used_terms(details)), staff_choices(uow))


def save_profile(vault: Vault, *, details: LearnerDetails) -> SavedProfile:
    """Save the learner's record in one committed unit of work, then read it back."""
    with vault.unit_of_work() as uow:
        result = save_learner(uow, details=details)
        uow.commit()
        return SavedProfile(result, load_learner(uow, learner_id=result.learner_id), uow.changes)


def set_archived(vault: Vault, *, learner_id: int, archived: bool) -> tuple[LearnerDetails, Changes]:
    """Archive the learner (or restore an archived one) in one committed unit of work; the record as it is
    now, and what changed."""
    with vault.unit_of_work() as uow:
        (archive_learner if archived else restore_learner)(uow, learner_id=learner_id)
        uow.commit()
        return load_learner(uow, learner_id=learner_id), uow.changes
