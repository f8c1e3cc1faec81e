"""Filling a vault with clearly fictional learners, for trying TutorDesk out and for benchmarks.

Every name is invented, every setting says "(fictional)", and every learner's notes say the record is
demonstration data, so a demo vault can never be mistaken for a real caseload. The same seed gives the
same people. Rows go in with bulk inserts in the caller's single transaction.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import col

from tutordesk.demo.catch_up import catch_up
from tutordesk.demo.contacts import fill_contacts
from tutordesk.demo.diaries import fill_demo_diaries
from tutordesk.demo.followup import fill_followup
from tutordesk.demo.mentoring import fill_mentoring
from tutordesk.demo.plans import fill_demo_plans, sign_demo_contracts
from tutordesk.demo.transitions import fill_transitions
from tutordesk.domain.enums import ConsentGiver, ConsentMethod, LawfulBasis, LearnerStatus, PersonKind
from tutordesk.domain.models import (
    ConsentRecord,
    Learner,
    LearnerContact,
    LearnerFactor,
    LearnerGroup,
    Person,
    TaxonomyTerm,
)
from tutordesk.vault import audit
from tutordesk.vault.unit_of_work import UnitOfWork

DEMO_NOTE = "Fictional person created by `tutordesk demo`; not a real young person."

GIVEN_NAMES = (
    "Ada", "Bram", "Cleo", "Dex", "Elin", "Fenn", "Gus", "Hana", "Ivo", "Jude", "Kit", "Lior", "Mina", "Nico",
    "Orla", "Pip", "Quinn", "Rafi", "Suki", "Tam", "Uma", "Vik", "Wren", "Xan", "Yara", "Zeb", "Arlo", "Bea",
    "Cass", "Dara", "Edie", "Finn", "Gwen", "Hal", "Isla", "Jem", "Kai", "Lula", "Milo", "Nell", "Otto", "Posy",
    "Rory", "Sol", "Tilly", "Ula", "Vida", "Wes", "Yuki", "Zora",
)  # fmt: skip
FAMILY_NAMES = (
    "Ashcombe", "Brackenridge", "Copperfold", "Dunmarrow", "Elderwick", "Fernhallow", "Greywillow",
    "Hazelmere", "Inglebrook", "Juniperly", "Kestrelby", "Larkspurr", "Mossbottom", "Nettlefield",
    "Oakenshire", "Pebblewhite", "Quarrymoor", "Rookhaven", "Sparrowdale", "Thistlecombe", "Umberlee",
    "Valewind", "Wimbleton", "Yarrowgate", "Zephyrholt", "Amberlow", "Birchwhistle", "Cloudberry",
    "Dovecote", "Emberfield",
)  # fmt: skip
SETTINGS = (
    "Northgate College (fictional)",
    "Riverside Training Centre (fictional)",
    "Hillview Academy (fictional)",
    "Harbour Lane Apprenticeships (fictional)",
)
PROGRAMMES = (
    "Level 2 Motor Vehicle", "Level 1 Hair and Beauty", "Level 2 Construction", "GCSE resit English and maths",
    "Level 3 Health and Social Care", "Level 2 Catering", "Year 11", "Year 10", "Level 1 Digital Skills",
    "Level 2 Sport", "Apprenticeship: Business Admin",
)  # fmt: skip
STATUS_WEIGHTS = {
    LearnerStatus.AT_RISK: 55,
    LearnerStatus.RE_ENGAGING: 20,
    LearnerStatus.TRANSITIONING: 12,
    LearnerStatus.EARLY_LEAVER: 8,
    LearnerStatus.CLOSED: 5,
}
RELATIONSHIPS = ("Mother", "Father", "Carer", "Grandparent", "Aunt", "Older sibling", "Foster carer")
STAFF = (
    ("Morgan", "Tutorwell", "tutor"),
    ("Sam", "Guidewright", "counsellor"),
    ("Alex", "Mentorley", "mentor"),
)
RISK_FACTOR_COUNTS = (1, 1, 2, 2, 3, 3, 4, 5, 6, 7, 8)  # most learners have a few, some have many
MEETING_KINDS = (
    "individual_tutorial",
    "plan_review",
    "tracking_session",
    "mentoring_check_in",
    "family_meeting",
)


@dataclass(frozen=True)
class DemoSummary:
    learners: int
    people: int
    factors: int
    consents: int
    contacts: int = 0  # in the contact log
    plans: int = 0
    reviews: int = 0
    diary_entries: int = 0
    mentoring: int = 0  # relationships
    mentoring_contacts: int = 0
    transitions: int = 0
    profiles: int = 0  # personal profiles
    signals: int = 0  # attendance weeks, marks, incidents and signs of disengagement
    cases: int = 0  # follow-up cases under the procedure
    measures: int = 0  # measures from the catalogue (plans, mentoring and moves are counted above)


def _term_ids(uow: UnitOfWork) -> dict[str, list[tuple[int, str]]]:
    by_taxonomy: dict[str, list[tuple[int, str]]] = {}
    for term_id, taxonomy, code in uow.session.execute(
        select(col(TaxonomyTerm.id), col(TaxonomyTerm.taxonomy), col(TaxonomyTerm.code)).order_by(
            col(TaxonomyTerm.id)
        )
    ):
        by_taxonomy.setdefault(taxonomy, []).append((term_id, code))
    return by_taxonomy


def fill_demo(
    uow: UnitOfWork, *, learners: int, seed: int = 1, today: date | None = None, diaries: bool = True
) -> DemoSummary:
    """Add `learners` fictional learners with factors, groups, family contacts, consent records, contacts,
    road maps, mentoring, transitions with profiles and (unless `diaries` is False, for benchmarks that never
    read them) diary entries."""
    if learners < 0:
        raise ValueError("learners must not be negative")
    today = today or date.today()
    rng = random.Random(seed)
    terms = _term_ids(uow)
    session = uow.session
    connection = uow.connection()
    now = datetime.now(UTC).replace(microsecond=0)

    first_learner_id = (
        connection.execute(select(col(Learner.id)).order_by(col(Learner.id).desc()).limit(1)).scalar() or 0
    ) + 1
    first_person_id = (
        connection.execute(select(col(Person.id)).order_by(col(Person.id).desc()).limit(1)).scalar() or 0
    ) + 1

    learner_rows: list[dict[str, Any]]  # a row to insert: its values are of every type
    learner_rows, factor_rows, group_rows, person_rows, contact_rows, consent_rows = [], [], [], [], [], []
    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    family_role = next(
        (tid for tid, code in terms.get("contact_role", []) if code.startswith("parent")), None
    )
    purposes = terms.get("consent_purpose", [])
    person_id = first_person_id
    staff_ids = []
    for given, family, role in STAFF:
        role_id = next((tid for tid, code in terms.get("contact_role", []) if code == role), None)
        person_rows.append(
            _person(person_id, given, family, PersonKind.STAFF, role_id, now, "Example staff (fictional)")
        )
        staff_ids.append(person_id)
        person_id += 1
    names = _distinct_names(seed)
    for offset in range(learners):
        learner_id = first_learner_id + offset
        # The name comes from a shuffled list of every pairing, so no two learners share a name until all are
        # used; the draws that chose names before are still made, so everything else stays as it was.
        given_name, family_name = names[(learner_id - 1) % len(names)]
        rng.choice(FAMILY_NAMES)
        started = today - timedelta(days=rng.randint(20, 700))
        rng.choice(GIVEN_NAMES)
        learner_rows.append(
            {
                "id": learner_id,
                "given_name": given_name,
                "family_name": family_name,
                "preferred_name": "",
                "date_of_birth": today - timedelta(days=rng.randint(14 * 365, 21 * 365)),
                "setting": rng.choice(SETTINGS),
                "programme": rng.choice(PROGRAMMES),
                "year_or_stage": rng.choice(("Year 1", "Year 2", "Foundation", "Entry")),
                "status": rng.choices(statuses, weights)[0].value,
                "languages": rng.choice(("English", "English, Polish", "English, Romanian", "English, Urdu")),
                "started_on": started,
                "left_on": None,
                "additional_needs": "",
                "health_notes": "",
                "notes": DEMO_NOTE,
                "key_worker_id": rng.choice(staff_ids) if rng.random() < 0.9 else None,
                "created_at": now,
                "updated_at": now,
                "archived_at": None,
            }
        )
        # Contact is logged in the contact log (`demo.contacts`), no longer faked with meeting rows; the draws
        # that made those meetings are still made, so everything else stays as it was.
        meeting_on, met = started, False
        while True:
            meeting_on += timedelta(days=rng.randint(5, 30))
            if meeting_on > today:
                break
            rng.choice(MEETING_KINDS)
            met = True
        if met and rng.random() < 0.7:
            rng.randint(-7, 21)
        for term_id, _ in rng.sample(
            terms.get("risk_factor", []),
            k=min(rng.choice(RISK_FACTOR_COUNTS), len(terms.get("risk_factor", []))),
        ):
            factor_rows.append(_factor(learner_id, term_id, started, rng, today))
        for term_id, _ in rng.sample(
            terms.get("protective_factor", []),
            k=min(rng.randint(0, 3), len(terms.get("protective_factor", []))),
        ):
            factor_rows.append(_factor(learner_id, term_id, started, rng, today))
        for term_id, _ in rng.sample(
            terms.get("beneficiary_group", []),
            k=min(rng.randint(0, 2), len(terms.get("beneficiary_group", []))),
        ):
            group_rows.append({"learner_id": learner_id, "term_id": term_id})
        for _ in range(rng.randint(1, 2)):
            person_rows.append(
                {
                    **_person(
                        person_id,
                        rng.choice(GIVEN_NAMES),
                        family_name,
                        PersonKind.FAMILY,
                        family_role,
                        now,
                        "",
                    ),
                    "email": f"family{person_id}@example.invalid",
                    "phone": f"07700 900{person_id % 1000:03d}",  # Ofcom's range reserved for drama
                    "preferred_channel": rng.choice(("phone", "email", "sms")),
                }
            )
            contact_rows.append(
                {
                    "learner_id": learner_id,
                    "person_id": person_id,
                    "relationship": rng.choice(RELATIONSHIPS),
                    "channels": "phone,email",
                    "consent_to_contact": rng.random() < 0.85,
                    "note": "",
                }
            )
            person_id += 1
        for term_id, _ in rng.sample(purposes, k=min(rng.randint(1, 3), len(purposes))):
            given_at = datetime.combine(started, datetime.min.time(), tzinfo=UTC)
            withdrawn = given_at + timedelta(days=30)
            consent_rows.append(
                {
                    "learner_id": learner_id,
                    "purpose_term_id": term_id,
                    "lawful_basis": LawfulBasis.CONSENT.value,
                    "given_by": rng.choice((ConsentGiver.LEARNER, ConsentGiver.PARENT_CARER)).value,
                    "given_by_person_id": None,
                    "method": rng.choice(list(ConsentMethod)).value,
                    "wording_version": "demo-1",
                    "given_at": given_at,
                    "withdrawn_at": withdrawn if withdrawn.date() <= today and rng.random() < 0.05 else None,
                    "note": "",
                }
            )

    for model, rows in (
        (Person, person_rows),  # first: learners point at their key worker
        (Learner, learner_rows),
        (LearnerFactor, factor_rows),
        (LearnerGroup, group_rows),
        (LearnerContact, contact_rows),
        (ConsentRecord, consent_rows),
    ):
        if rows:
            connection.execute(insert(model), rows)
    logged = fill_contacts(
        uow, learners=[(row["id"], row["started_on"]) for row in learner_rows], seed=seed, today=today
    )
    plan_counts = fill_demo_plans(
        uow, learner_ids=[row["id"] for row in learner_rows], seed=seed, today=today
    )
    sign_demo_contracts(uow, learner_ids=[row["id"] for row in learner_rows], seed=seed)
    entries = (
        fill_demo_diaries(uow, learner_ids=[row["id"] for row in learner_rows], seed=seed, today=today)
        if diaries
        else 0
    )
    # After the diaries, so they stay as they were before mentoring existed.
    staff_names = [f"{given} {family}" for given, family, _ in STAFF]
    mentoring_counts = fill_mentoring(
        uow, learner_ids=[row["id"] for row in learner_rows], seed=seed, today=today, staff=staff_names
    )
    # After mentoring, so everything before it stays as it was before transitions existed.
    transition_counts = fill_transitions(
        uow, learner_ids=[row["id"] for row in learner_rows], seed=seed, today=today, staff=staff_names
    )
    followup_counts = fill_followup(
        uow, learner_ids=[row["id"] for row in learner_rows], seed=seed, today=today
    )
    # Last, so it sees everything above: most of what slipped past its date is brought up to date.
    catch_up(uow, learner_ids=[row["id"] for row in learner_rows], seed=seed, today=today)
    audit.record(session, "demo.filled", detail={"learners": learners, "seed": seed})
    return DemoSummary(
        learners=len(learner_rows),
        people=len(person_rows) - len(staff_ids),  # the family contacts; staff are shared
        factors=len(factor_rows),
        consents=len(consent_rows),
        contacts=logged,
        plans=plan_counts["review_schedule"],  # one cadence per learner with a plan
        reviews=plan_counts["plan_review"],
        diary_entries=entries,
        mentoring=mentoring_counts["mentoring_relationship"],
        mentoring_contacts=mentoring_counts["mentoring_contact"],
        transitions=transition_counts["transition"],
        profiles=transition_counts["personal_profile"],
        signals=followup_counts["attendance"] + followup_counts["marks"] + followup_counts["events"],
        cases=followup_counts["cases"],
        measures=followup_counts["measures"],
    )


def _distinct_names(seed: int) -> list[tuple[str, str]]:
    """Every pairing of a given name and a family name (1,500), in an order fixed by the seed."""
    names = [(given, family) for family in FAMILY_NAMES for given in GIVEN_NAMES]
    random.Random(seed * 31 + 7).shuffle(names)  # noqa: S311 - fictional data, reproducible from the seed
    return names


def _person(
    person_id: int,
    given: str,
    family: str,
    kind: PersonKind,
    role: int | None,
    now: datetime,
    organisation: str,
) -> dict[str, object]:
    return {
        "id": person_id,
        "given_name": given,
        "family_name": family,
        "kind": kind.value,
        "role_term_id": role,
        "organisation": organisation,
        "email": "",
        "phone": "",
        "address": "",
        "preferred_channel": "",
        "notes": DEMO_NOTE,
        "created_at": now,
        "updated_at": now,
    }


def _factor(
    learner_id: int, term_id: int, started: date, rng: random.Random, today: date
) -> dict[str, object]:
    return {
        "learner_id": learner_id,
        "term_id": term_id,
        "identified_on": min(started + timedelta(days=rng.randint(0, 60)), today),  # never in the future
        "note": "",
        "resolved_on": None,
    }
