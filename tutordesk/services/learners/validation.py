"""The rules a learner's profile is checked against before it is saved (`validate`), and the checks the
contact and consent editors share with it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tutordesk.domain.control_text import control_problem
from tutordesk.services.learners.records import ConsentEntry, ContactEntry, LearnerDetails

YOUNGEST_AGE = 10
OLDEST_AGE = 30
# A consent typed as "now" on a machine whose clock runs a little fast must not be refused.
_CLOCK_SLACK = timedelta(minutes=5)


#: Long enough for any school system's reference (a UPN is 13 characters, a ULN 10).
REFERENCE_LIMIT = 40


def validate(details: LearnerDetails, *, today: date | None = None) -> dict[str, str]:
    """Plain messages keyed by what they are about; empty when the details can be saved.

    Keys are Learner field names ("given_name", "date_of_birth", ...), or "risk_factors.<term id>",
    "protective_factors.<term id>", "contacts.<index>", "consents.<index>" for entries in a list.
    """
    today = today or date.today()
    problems: dict[str, str] = {}
    if not details.given_name.strip():
        problems["given_name"] = "Enter a given name."
    if not details.family_name.strip():
        problems["family_name"] = "Enter a family name."
    for name in ("given_name", "family_name", "preferred_name"):
        # Refused rather than removed: a name says who this is, and an invisible character changes it.
        problem = control_problem(getattr(details, name), f"The {name.replace('_', ' ')}")
        if problem is not None:
            problems.setdefault(name, f"{problem}.")
    reference = details.school_reference.strip()
    if len(reference) > REFERENCE_LIMIT or not reference.isprintable():
        problems["school_reference"] = (
            f"A pupil reference is up to {REFERENCE_LIMIT} letters, digits and signs."
        )
    born = details.date_of_birth
    if born is not None:
        if born > today:
            problems["date_of_birth"] = "The date of birth is in the future."
        else:
            age = _age(born, today)
            if not YOUNGEST_AGE <= age <= OLDEST_AGE:
                problems["date_of_birth"] = (
                    f"That makes them {age}; learners are usually {YOUNGEST_AGE} to {OLDEST_AGE}. Check the year."
                )
    if details.left_on and details.started_on and details.left_on < details.started_on:
        problems["left_on"] = "The leaving date is before the start date."
    if details.left_on and born and details.left_on < born:
        problems["left_on"] = "The leaving date is before the date of birth."
    if details.started_on and born and details.started_on < born:
        problems["started_on"] = "The start date is before the date of birth."
    for list_name, factors in (
        ("risk_factors", details.risk_factors),
        ("protective_factors", details.protective_factors),
    ):
        seen: set[int] = set()
        for factor in factors:
            key = f"{list_name}.{factor.term_id}"
            if factor.term_id in seen:
                problems[key] = "This factor is listed twice."
            elif factor.identified_on and factor.identified_on > today:
                problems[key] = "The date identified is in the future."
            elif factor.resolved_on and factor.identified_on and factor.resolved_on < factor.identified_on:
                problems[key] = "It is marked resolved before it was identified."
            seen.add(factor.term_id)
    people: set[int] = set()
    for index, contact in enumerate(details.contacts):
        problem = contact_problem(contact)
        if problem is None and contact.person_id is not None and contact.person_id in people:
            problem = f"{contact.display_name} is listed twice."
        if problem is not None:
            problems[f"contacts.{index}"] = problem
        if contact.person_id is not None:
            people.add(contact.person_id)
    for index, consent in enumerate(details.consents):
        problem = consent_problem(consent)
        if problem is not None:
            problems[f"consents.{index}"] = problem
    return problems


def contact_problem(contact: ContactEntry) -> str | None:
    """What is wrong with one contact, for the contact editor and `validate`; None if nothing."""
    if not contact.display_name:
        return "Give this contact a name or an organisation."
    if contact.email.strip() and not _looks_like_email(contact.email.strip()):
        return f"The email address for {contact.display_name} looks incomplete."
    return None


def consent_problem(consent: ConsentEntry) -> str | None:
    """What is wrong with one consent record, for the consent editor and `validate`; None if nothing."""
    now = datetime.now(UTC)
    if consent.given_at > now + _CLOCK_SLACK:
        return "Consent cannot be given in the future."
    if consent.withdrawn_at is not None and consent.withdrawn_at < consent.given_at:
        return "Consent is withdrawn before it was given."
    if consent.withdrawn_at is not None and consent.withdrawn_at > now + _CLOCK_SLACK:
        return "Consent cannot be withdrawn in the future."
    return None


# --------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _looks_like_email(text: str) -> bool:
    local, at, domain = text.rpartition("@")
    return bool(at and local and "." in domain.strip(".") and " " not in text)
