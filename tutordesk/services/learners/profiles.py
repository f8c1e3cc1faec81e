"""The learner use cases, gathered in one place: read a learner's profile whole, check it, and save it back.

The work is done in `learner_records` (the profile's values, reading and pickers), `learner_validation` (the
rules checked before a save) and `learner_saving` (saving as a diff, archiving, consent withdrawal).
"""

from __future__ import annotations

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

# Still reachable as `learners.audit` (as before the split), for callers that patch the audit log.
from tutordesk.vault import audit  # noqa: F401

__all__ = [
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
