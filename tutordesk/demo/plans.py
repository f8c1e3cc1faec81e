"""Demo road maps for the fictional learners: plan versions, stages, SMART goals, reviews with progress and
check-ins, review cadences, baseline assessments, barriers and support needs.

Rows go in with bulk inserts and ids chosen here, in the caller's transaction. A separate random stream keeps
the rest of the demo (learners, meetings) the same as before plans existed.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlmodel import col

from tutordesk.domain.enums import LearnerStatus
from tutordesk.domain.models import Learner, Person
from tutordesk.domain.plan_enums import PlanStatus
from tutordesk.domain.plan_models import (
    Barrier,
    BaselineAssessment,
    PlanGoal,
    PlanReview,
    PlanStage,
    PlanVersion,
    ReviewProgress,
    ReviewSchedule,
    SupportNeed,
)
from tutordesk.vault.unit_of_work import UnitOfWork

# (title, description, stepping stone, SDT need, goals: (learner's words, professional wording, measure, trajectory))
STAGES: tuple[tuple[str, str, bool, str, tuple[tuple[str, str, str, str], ...]], ...] = (
    (
        "Feel settled coming in",
        "Short days to start with, a quiet place to go, and a check-in with the tutor each morning.",
        True,
        "relatedness",
        (
            ("Come in three mornings a week", "Attend three morning sessions each week", "Register marks", "personal"),
            ("Have someone to talk to when it gets a lot", "Agree a named adult and a time-out card", "Card in use", "social"),
        ),
    ),
    (
        "Sort out mornings",
        "A routine that gets me up and here on time, planned together.",
        True,
        "autonomy",
        (("Be on time four days out of five", "Arrive by 9:15 on 4 of 5 days", "Late marks fall to one a week", "personal"),),
    ),
    (
        "Catch up on missed work",
        "Pick the units that matter most and catch up one at a time.",
        False,
        "competence",
        (
            ("Hand in the two missing units", "Submit units 3 and 4 to the assessor", "2 units marked as submitted", "educational"),
            ("Get better at maths", "Improve numeracy", "", "educational"),
        ),
    ),
    (
        "Pass English and maths",
        "Resit with support sessions twice a week.",
        False,
        "competence",
        (("Get a 4 in maths", "Achieve grade 4 in GCSE maths resit", "Exam result of grade 4 or above", "educational"),),
    ),
    (
        "Try out work",
        "A taster week somewhere I choose, to see what the job is really like.",
        False,
        "autonomy",
        (("Do a taster week at a garage", "Complete a five-day work taster", "Employer feedback sheet", "labour_market"),),
    ),
    (
        "Apply for next year",
        "Choose a course or apprenticeship for next year and apply with help.",
        False,
        "autonomy",
        (("Send off two applications", "Submit two applications for progression routes", "2 applications sent", "labour_market"),),
    ),
)  # fmt: skip
STARTING_POINTS = (
    "Missed most of last term; says college feels pointless but likes the practical sessions.",
    "Coming back after time out of learning; anxious about being behind and about new people.",
    "Attending on and off; struggling with mornings and with the written parts of the course.",
)
END_GOALS = (
    "Finish this year's course and start an apprenticeship in September.",
    "Get back into full-time learning and pass English and maths.",
    "Move on to the Level 3 course with a clear idea of the job I want.",
)
OPTIONS = (
    "Stay on the current course with catch-up support; move to the part-time route; a work-based programme.",
    "Full timetable now; a reduced timetable building up over six weeks; learning at the hub first.",
)
VOICES = (
    "It's going OK. Mornings are still hard but I like the workshop.",
    "The plan is fine but the maths is too much at once.",
    "I feel better about coming in. I want to try the taster.",
    "Stuff at home has been hard this month.",
)
AREAS = (
    "education,well_being",
    "education,work,soft_skills",
    "training,social,emotional",
    "education,labour_market",
)


def fill_demo_plans(uow: UnitOfWork, *, learner_ids: list[int], seed: int, today: date) -> dict[str, int]:
    """Give most of `learner_ids` a road map; returns how many rows of each kind went in."""
    rng = random.Random(seed * 7919 + 1)  # noqa: S311 - fictional data, reproducible from the seed
    connection = uow.connection()
    now = datetime.now(UTC).replace(microsecond=0)
    learners = connection.execute(
        select(col(Learner.id), col(Learner.started_on), col(Learner.status)).where(
            col(Learner.id).in_(learner_ids)
        )
    ).all()
    ids = _IdSource(connection)
    rows: dict[type[Any], list[dict[str, Any]]] = {
        model: []
        for model in (
            PlanVersion,
            PlanStage,
            PlanGoal,
            PlanReview,
            ReviewProgress,
            ReviewSchedule,
            BaselineAssessment,
            Barrier,
            SupportNeed,
        )
    }
    for learner_id, started_on, status in learners:
        assert learner_id is not None  # a row read back from its table always has its id
        if status == LearnerStatus.CLOSED.value or rng.random() < 0.15:
            continue  # some learners have no plan yet
        started = started_on or today - timedelta(days=90)
        agreed_on = min(started + timedelta(days=rng.randint(7, 30)), today)
        chosen = sorted(rng.sample(range(len(STAGES)), k=rng.randint(3, 5)))
        versions = 2 if rng.random() < 0.35 and (today - agreed_on).days > 60 else 1
        every_days = 7 if status == LearnerStatus.RE_ENGAGING.value else rng.choice((14, 28))
        rows[ReviewSchedule].append(
            {"learner_id": learner_id, "every_days": every_days, "changed_on": agreed_on}
        )
        stage_ids_in_force: list[tuple[int, list[int], bool]] = []
        version_in_force = 0
        lineages = {index: uuid.UUID(int=rng.getrandbits(128)).hex for index in chosen}
        goal_lineages: dict[tuple[int, int], str] = {}
        for number in range(1, versions + 1):
            version_id = ids.next(PlanVersion)
            last = number == versions
            version_agreed = agreed_on if number == 1 else agreed_on + timedelta(days=rng.randint(30, 60))
            rows[PlanVersion].append(
                {
                    "id": version_id,
                    "learner_id": learner_id,
                    "version": number,
                    "status": "agreed" if last else "superseded",
                    "starting_point": rng.choice(STARTING_POINTS),
                    "end_goal": rng.choice(END_GOALS),
                    "focus_areas": rng.choice(AREAS),
                    "options_offered": rng.choice(OPTIONS),
                    "choice_made": "The reduced timetable, building up over six weeks: it feels like something I can do.",
                    "change_note": "" if number == 1 else "Maths split into smaller steps after the review.",
                    "agreed_on": version_agreed,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            if last:
                version_in_force = version_id
            # Targets spread from the agreement to about four months ahead; most stages past target are done.
            span = max((today - agreed_on).days + 120, 90)
            for position, index in enumerate(chosen):
                title, description, stepping, need, goals = STAGES[index]
                stage_id = ids.next(PlanStage)
                target_on = agreed_on + timedelta(days=span * (position + 1) // len(chosen))
                done = target_on < today and rng.random() < 0.8
                rows[PlanStage].append(
                    {
                        "id": stage_id,
                        "plan_version_id": version_id,
                        "position": position,
                        "title": title,
                        "description": description,
                        "target_on": target_on,
                        "status": "done"
                        if done
                        else ("in_progress" if target_on < today + timedelta(days=60) else "not_started"),
                        "stepping_stone": stepping,
                        "sdt_need": need,
                        "lineage": lineages[index],
                    }
                )
                goal_ids = []
                for goal_position, (words, wording, measure, trajectory) in enumerate(goals):
                    goal_id = ids.next(PlanGoal)
                    goal_ids.append(goal_id)
                    lineage = goal_lineages.setdefault(
                        (index, goal_position), uuid.UUID(int=rng.getrandbits(128)).hex
                    )
                    rows[PlanGoal].append(
                        {
                            "id": goal_id,
                            "stage_id": stage_id,
                            "position": goal_position,
                            "learner_words": words,
                            "professional_wording": wording,
                            "trajectory": trajectory,
                            "set_by": rng.choice(("learner", "jointly")),
                            "deadline": target_on if measure else None,
                            "measure": measure,
                            "evidence": "",
                            "status": "achieved" if done else "in_progress",
                            "evaluation_note": "",
                            "lineage": lineage,
                        }
                    )
                if last:
                    stage_ids_in_force.append((stage_id, goal_ids, done))
        _reviews(
            rows, ids, rng, learner_id, version_in_force, stage_ids_in_force, agreed_on, every_days, today
        )
        _baseline(rows, rng, learner_id, agreed_on, now, today)
    for model, model_rows in rows.items():
        if model_rows:
            connection.execute(insert(model), model_rows)
    return {model.__tablename__: len(model_rows) for model, model_rows in rows.items()}


def _reviews(
    rows: dict[type[Any], list[dict[str, Any]]],
    ids: _IdSource,
    rng: random.Random,
    learner_id: int,
    version_id: int,
    stages: list[tuple[int, list[int], bool]],
    agreed_on: date,
    every_days: int,
    today: date,
) -> None:
    # Up to twelve reviews, the newest within one cadence of today for most learners; for about one in
    # four the last review slipped, so the next one is overdue.
    slipped = rng.random() < 0.25
    newest = today - timedelta(days=rng.randint(0, every_days - 1) + (rng.randint(3, 20) if slipped else 0))
    count = min(12, max(0, (newest - agreed_on).days // every_days + 1))
    held = newest - timedelta(days=every_days * (count - 1))
    ratings = [rng.randint(1, 3), rng.randint(2, 3), rng.randint(2, 4)]
    for _ in range(count):
        review_id = ids.next(PlanReview)
        ratings = [max(1, min(5, r + rng.choice((-1, 0, 1, 1)))) for r in ratings]
        rows[PlanReview].append(
            {
                "id": review_id,
                "learner_id": learner_id,
                "plan_version_id": version_id,
                "held_on": held,
                "kind": rng.choice(("scheduled", "scheduled", "weekly", "tracking", "impromptu")),
                "ambition": rng.choice(
                    ("about_right", "about_right", "too_ambitious", "not_ambitious_enough")
                ),
                "adjustments": rng.choice(("", "Split the maths goal into two smaller steps.", "")),
                "learner_voice": rng.choice(VOICES),
                "note": "",
                "autonomy": ratings[0],
                "competence": ratings[1],
                "relatedness": ratings[2],
                "next_review_on": None,
                "created_at": datetime.combine(held, datetime.min.time(), UTC),
            }
        )
        for stage_id, goal_ids, done in stages:
            # A finished stage was going well by its last reviews; the others wander.
            rag = (lambda: "green") if done else (lambda: rng.choice(("green", "green", "amber", "red")))
            rows[ReviewProgress].append(
                {
                    "review_id": review_id,
                    "stage_id": stage_id,
                    "goal_id": None,
                    "rag": rag(),
                    "note": "",
                }
            )
            for goal_id in goal_ids:
                rows[ReviewProgress].append(
                    {
                        "review_id": review_id,
                        "stage_id": None,
                        "goal_id": goal_id,
                        "rag": rag(),
                        "note": "",
                    }
                )
        held += timedelta(days=every_days)


def _baseline(
    rows: dict[type[Any], list[dict[str, Any]]],
    rng: random.Random,
    learner_id: int,
    assessed_on: date,
    now: datetime,
    today: date,
) -> None:
    later = assessed_on + timedelta(days=rng.randint(80, 120))
    if later <= today:  # the self-assessment is run again at an evaluation point, to compare
        rows[BaselineAssessment].append(
            {
                "learner_id": learner_id,
                "assessed_on": later,
                "learner_strengths": "Good with my hands. I can fix bikes. I turn up now.",
                "tutor_strengths": "Practical problem-solver; now helps others in the workshop.",
                "learner_needs": "Writing is still hard.",
                "tutor_needs": "Confidence with written work is growing; mornings mostly sorted.",
                "learner_interests": "Cars and bikes, and maybe teaching one day",
                "tutor_interests": "Asks about the Level 3 course.",
                "learner_preferences": "Showing me, then letting me try.",
                "tutor_preferences": "Learns by doing; now copes with a group of six.",
                "learner_expectations": "Get on the apprenticeship.",
                "tutor_expectations": "Ready to apply for progression.",
                "created_at": now,
            }
        )
    rows[BaselineAssessment].append(
        {
            "learner_id": learner_id,
            "assessed_on": assessed_on - timedelta(days=7),
            "learner_strengths": "Good with my hands. Loyal to my mates.",
            "tutor_strengths": "Practical problem-solver; kind to younger learners; honest about how things are.",
            "learner_needs": "Writing things down. Getting up.",
            "tutor_needs": "Confidence with written work; a steady morning routine; someone to check in with.",
            "learner_interests": rng.choice(("Cars and bikes", "Cooking", "Football", "Drawing and games")),
            "tutor_interests": "Lights up in practical sessions.",
            "learner_preferences": "Showing me, not telling me. Small groups.",
            "tutor_preferences": "Learns by doing; short tasks with quick feedback.",
            "learner_expectations": "Pass the course and get a job.",
            "tutor_expectations": "Steady attendance first, then the qualification.",
            "created_at": now,
        }
    )
    for domain, description, action in rng.sample(
        (
            ("structural", "Bus fare is hard to find each week.", "Apply to the bursary for a travel pass."),
            (
                "family",
                "Looks after a younger brother before college.",
                "Talk with the family about mornings.",
            ),
            (
                "institutional",
                "Timetable has long gaps between sessions.",
                "Ask the course lead about the timetable.",
            ),
            ("personal", "Gets anxious in big groups.", "Agree a quiet space and a time-out card."),
        ),
        k=rng.randint(1, 2),
    ):
        rows[Barrier].append(
            {
                "learner_id": learner_id,
                "domain": domain,
                "description": description,
                "source": rng.choice(("learner", "staff", "family")),
                "action": action,
                **_barrier_progress(rng, assessed_on, today),
                "created_at": now,
            }
        )
    if rng.random() < 0.5:
        rows[SupportNeed].append(
            {
                "learner_id": learner_id,
                "need": "Extra time and a reader in exams",
                "provider": "Learning support team (fictional)",
                "in_place": rng.random() < 0.6,
                "needed_by": assessed_on + timedelta(days=rng.randint(20, 90)),
                "note": "",
                "created_at": now,
            }
        )


#: Contracts are made one by one through the contract service (about 9 ms each); past this many learners
#: the demo leaves the rest unsigned rather than slow down big benchmark vaults.
SIGNED_CONTRACTS_AT_MOST = 300


def sign_demo_contracts(uow: UnitOfWork, *, learner_ids: list[int], seed: int) -> int:
    """Most demo learners signed their contract on paper on the day their plan was agreed; returns how many."""
    from tutordesk.services.plans import contracts

    rng = random.Random(seed * 104729 + 3)  # noqa: S311 - fictional data, reproducible from the seed
    signed = unsigned = 0
    rows = (
        uow.connection()
        .execute(
            select(PlanVersion.learner_id, PlanVersion.agreed_on)  # type: ignore[call-overload]
            .where(PlanVersion.learner_id.in_(learner_ids), PlanVersion.status == PlanStatus.AGREED.value)  # type: ignore[attr-defined]
            .order_by(PlanVersion.learner_id)
            .limit(SIGNED_CONTRACTS_AT_MOST)
        )
        .all()
    )
    for learner_id, agreed_on in rows:
        if rng.random() < 0.05 and unsigned < len(rows) // 150 + 1:
            unsigned += 1
            continue  # still to sign: shows on the Due list (a few, as on a well-kept caseload)
        document_id = contracts.prepare_contract(uow, learner_id=learner_id)
        learner = uow.session.get(Learner, learner_id)
        assert learner is not None
        key_worker = uow.session.get(Person, learner.key_worker_id) if learner.key_worker_id else None
        tutor = f"{key_worker.given_name} {key_worker.family_name}" if key_worker else "Morgan Tutorwell"
        for role, name in (("learner", f"{learner.given_name} {learner.family_name}"), ("tutor", tutor)):
            contracts.record_signature(
                uow,
                document_id=document_id,
                signature=contracts.SignatureInput(role=role, name=name, signed_on=agreed_on),
            )
        signed += 1
    return signed


def _barrier_progress(rng: random.Random, raised_on: date, today: date) -> dict[str, Any]:
    """Older barriers are mostly resolved; open ones have a date ahead, a few have slipped past it."""
    if (today - raised_on).days > 90 and rng.random() < 0.7:
        return {"status": "resolved", "resolve_by": raised_on + timedelta(days=rng.randint(14, 60))}
    return {
        "status": rng.choice(("open", "in_hand")),
        "resolve_by": today + timedelta(days=rng.randint(-10, 45)),
    }


class _IdSource:
    """Hands out ids after the largest already in each table, so rows can point at each other before insert."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection
        self._next: dict[type[Any], int] = {}

    def next(self, model: type[Any]) -> int:
        if model not in self._next:
            largest = self._connection.execute(select(func.max(model.id))).scalar()
            self._next[model] = (largest or 0) + 1
        value = self._next[model]
        self._next[model] = value + 1
        return value
