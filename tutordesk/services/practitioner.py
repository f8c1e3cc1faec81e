"""The practitioner's own profile: who you are (name, role, organisation, how to reach you), kept inside the
encrypted vault as one row of `vault_info` (it is personal data, so never in the plain settings file).
Documents name you from it where you sign or are named, when a learner has no key worker recorded. Giving
your name also makes you a member of staff, offered as the key worker of each new learner.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from tutordesk.domain.models import VaultInfo
from tutordesk.errors import BadInput
from tutordesk.vault.unit_of_work import UnitOfWork

PROFILE_KEY = "practitioner_profile"
PERSON_KEY = "practitioner_person_id"  # you as a member of staff, offered as the default key worker
MAX_LENGTH = 200


@dataclass(frozen=True, slots=True)
class PractitionerProfile:
    """Who the practitioner is, as printed on documents. Every field may be empty."""

    name: str = ""
    role: str = ""
    organisation: str = ""
    contact: str = ""  # how to reach them: a work phone number or email address

    @property
    def is_empty(self) -> bool:
        return not any((self.name, self.role, self.organisation, self.contact))


def read_profile(uow: UnitOfWork) -> PractitionerProfile:
    """The practitioner's profile, or an empty one when none was given."""
    row = uow.session.get(VaultInfo, PROFILE_KEY)
    if row is None:
        return PractitionerProfile()
    try:
        stored = json.loads(row.value)
    except ValueError:
        return PractitionerProfile()
    fields = PractitionerProfile.__dataclass_fields__
    return PractitionerProfile(**{k: str(v) for k, v in stored.items() if k in fields})


def save_profile(uow: UnitOfWork, *, profile: PractitionerProfile) -> PractitionerProfile:
    """Keep the practitioner's profile (surrounding spaces taken off); returns it as kept."""
    cleaned = PractitionerProfile(**{k: " ".join(v.split()) for k, v in asdict(profile).items()})
    for label, value in (
        ("Your name", cleaned.name),
        ("Your role", cleaned.role),
        ("Your organisation", cleaned.organisation),
        ("How to reach you", cleaned.contact),
    ):
        if len(value) > MAX_LENGTH:
            raise BadInput(f"{label} is longer than {MAX_LENGTH} characters: please shorten it.")
    _put(uow, PROFILE_KEY, json.dumps(asdict(cleaned), ensure_ascii=False, sort_keys=True))
    if cleaned.name:
        _keep_as_staff(uow, cleaned)
    uow.session.flush()
    return cleaned


def own_person_id(uow: UnitOfWork) -> int | None:
    """You as a member of staff (made when you gave your name), the key worker offered for a new learner."""
    from tutordesk.domain.models import Person

    row = uow.session.get(VaultInfo, PERSON_KEY)
    if row is None or not row.value.isdigit():
        return None
    person = uow.session.get(Person, int(row.value))
    return person.id if person is not None and person.kind == "staff" else None


def _keep_as_staff(uow: UnitOfWork, profile: PractitionerProfile) -> None:
    """Make or update the staff member that is you, so you can be chosen as a learner's key worker."""
    from tutordesk.domain.models import Person, utc_now

    given, _, family = profile.name.rpartition(" ")
    if not given:
        given, family = family, ""
    person_id = own_person_id(uow)
    person = uow.session.get(Person, person_id) if person_id is not None else None
    if person is None:
        person = Person(kind="staff")
        uow.session.add(person)
    person.given_name, person.family_name = given, family
    person.organisation = profile.organisation
    if "@" in profile.contact:
        person.email = profile.contact
    elif profile.contact:
        person.phone = profile.contact
    person.updated_at = utc_now()
    uow.session.flush()
    _put(uow, PERSON_KEY, str(person.id))


def _put(uow: UnitOfWork, key: str, value: str) -> None:
    row = uow.session.get(VaultInfo, key)
    if row is None:
        uow.session.add(VaultInfo(key=key, value=value))
    else:
        row.value = value


@dataclass(frozen=True, slots=True)
class TutorDetails:
    """Who a document names as the learner's tutor: their key worker, or else you."""

    name: str = ""
    role: str = ""
    reach: str = ""  # how to reach them, one way a line


def learner_tutor(uow: UnitOfWork, *, key_worker_id: int | None) -> TutorDetails:
    """The learner's key worker when one is recorded, else the practitioner's own profile (the person using
    TutorDesk is the tutor), else nobody: documents then leave a line to write the name on."""
    from tutordesk.domain.models import Person

    person = uow.session.get(Person, key_worker_id) if key_worker_id else None
    if person is not None:
        name = f"{person.given_name} {person.family_name}".strip()
        if name:
            reach = "\n".join(part for part in (person.email, person.phone) if part.strip())
            return TutorDetails(name=name, reach=reach)
    profile = read_profile(uow)
    role = ", ".join(part for part in (profile.role, profile.organisation) if part)
    return TutorDetails(name=profile.name, role=role, reach=profile.contact)
