"""The Due statement's SQL and the domain rules it repeats agree, one day either side of each boundary.

`services/caseload/due.py` re-implements two rules in SQL for speed: the plan review date
(`domain.review_schedule.next_review_due`) and the mentoring set-up date (`domain.mentoring_rules`). Here
the records are made through the services, as a user's actions make them, and what the Due list says is
compared with what the rule computes in Python from the same facts. (The reply date has its own such test
in test_mentoring_due.py.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tutordesk.documents.checklists import load_checklist
from tutordesk.domain.mentoring_enums import Phase
from tutordesk.domain.mentoring_rules import phase_progress, setup_due_on, setup_overdue
from tutordesk.domain.review_schedule import (
    DEFAULT_EVERY_DAYS,
    ReviewState,
    next_review_due,
    review_state,
)
from tutordesk.services.caseload.due import DueItem, due_items
from tutordesk.services.learners.records import LearnerDetails
from tutordesk.services.learners.saving import save_learner
from tutordesk.services.mentoring import relationships as mentoring
from tutordesk.services.plans import reviews as plan_reviews
from tutordesk.services.plans import roadmap as plans
from tutordesk.services.plans.reviews import ReviewInput
from tutordesk.services.plans.roadmap import GoalInput, PlanHeader, StageInput
from tutordesk.vault.unit_of_work import UnitOfWork
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 20)
EITHER_SIDE = (-1, 0, 1)  # the rule's date falls yesterday, today and tomorrow
PHASE_ONE = load_checklist(Phase.PREPARATION.checklist_id).item_ids


def _learner(uow: UnitOfWork, number: int) -> int:
    details = LearnerDetails(given_name="Rowan", family_name=f"Case{number:03d}", started_on=date(2026, 1, 5))
    return save_learner(uow, details=details).learner_id


def _items(vault: Vault, kind: str) -> dict[int, DueItem]:
    with vault.unit_of_work() as uow:
        found = [item for item in due_items(uow, today=TODAY) if item.kind == kind]
    assert len({item.learner_id for item in found}) == len(found), "one item per learner"
    return {item.learner_id: item for item in found}


# -- plan reviews ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewCase:
    """A learner's plan history: the dates its versions were agreed, the cadence chosen (None: the default)
    and the reviews held, in the order they were recorded, each with the next date set at it, if any."""

    agreed: tuple[date, ...]
    every_days: int | None = None
    reviews: tuple[tuple[date, date | None], ...] = ()

    def expected(self) -> date | None:
        # The last review is the latest held; of two on the same day, the one recorded last.
        newest = max(enumerate(self.reviews), key=lambda pair: (pair[1][0], pair[0]), default=None)
        return next_review_due(
            last_review_on=newest[1][0] if newest else None,
            next_review_set=newest[1][1] if newest else None,
            every_days=self.every_days or DEFAULT_EVERY_DAYS,
            plan_agreed_on=max(self.agreed, default=None),
        )


def _review_cases() -> list[ReviewCase]:
    cases = []
    for side in EITHER_SIDE:
        due = TODAY + timedelta(days=side)
        # 3. no review yet: the agreed date plus the cadence (the default, or one chosen)
        cases.append(ReviewCase(agreed=(due - timedelta(days=DEFAULT_EVERY_DAYS),)))
        cases.append(ReviewCase(agreed=(due - timedelta(days=7),), every_days=7))
        # ... counted from the version agreed last when the plan was revised
        cases.append(ReviewCase(agreed=(due - timedelta(days=90), due - timedelta(days=14)), every_days=14))
        # 2. the last review plus the cadence
        cases.append(
            ReviewCase(
                agreed=(due - timedelta(days=60),), every_days=14, reviews=((due - timedelta(days=14), None),)
            )
        )
        # ... even when an earlier review had set a date, and when that one was recorded after it
        cases.append(
            ReviewCase(
                agreed=(due - timedelta(days=90),),
                reviews=(
                    (due - timedelta(days=40), due + timedelta(days=30)),
                    (due - timedelta(days=28), None),
                ),
            )
        )
        cases.append(
            ReviewCase(
                agreed=(due - timedelta(days=90),),
                reviews=(
                    (due - timedelta(days=28), None),
                    (due - timedelta(days=40), due + timedelta(days=30)),
                ),
            )
        )
        # 1. a date set at the last review wins over the cadence, however far it is
        cases.append(
            ReviewCase(
                agreed=(due - timedelta(days=200),), every_days=7, reviews=((due - timedelta(days=100), due),)
            )
        )
        # ... and of two reviews on the same day, the one recorded last decides
        held = due - timedelta(days=3)
        cases.append(
            ReviewCase(
                agreed=(held - timedelta(days=30),), reviews=((held, due + timedelta(days=9)), (held, due))
            )
        )
        cases.append(
            ReviewCase(agreed=(held - timedelta(days=30),), reviews=((held, due), (held, None)), every_days=3)
        )
    return cases


def _build_plan(uow: UnitOfWork, learner_id: int, case: ReviewCase) -> None:
    for number, agreed_on in enumerate(case.agreed):
        if number == 0:
            draft = plans.start_plan(uow, learner_id=learner_id)
            plans.save_header(
                uow,
                version_id=draft.version_id,
                header=PlanHeader(starting_point="Out of learning.", end_goal="Back in a course."),
            )
            stage_id = plans.add_stage(
                uow, version_id=draft.version_id, stage=StageInput(title="Back to a timetable")
            )
            plans.add_goal(
                uow, stage_id=stage_id, goal=GoalInput(learner_words="Go in on Mondays", measure="register")
            )
        else:
            plans.start_revision(uow, learner_id=learner_id, change_note="Revised at a review.")
        plans.agree_plan(uow, learner_id=learner_id, agreed_on=agreed_on)
    if case.every_days is not None:
        plan_reviews.set_review_cadence(uow, learner_id=learner_id, every_days=case.every_days, today=TODAY)
    for held_on, next_review_on in case.reviews:
        plan_reviews.record_review(
            uow, learner_id=learner_id, review=ReviewInput(held_on=held_on, next_review_on=next_review_on)
        )


def test_the_review_due_in_sql_is_the_review_schedule_rule(vault: Vault) -> None:
    cases = _review_cases()
    with vault.unit_of_work() as uow:
        built = {}
        for number, case in enumerate(cases):
            learner_id = _learner(uow, number)
            _build_plan(uow, learner_id, case)
            built[learner_id] = case
        # A learner with no agreed plan and no review has nothing due, by the rule and by the list.
        built[_learner(uow, len(cases))] = ReviewCase(agreed=())
        uow.commit()
    found = _items(vault, "review")
    for learner_id, case in built.items():
        expected = case.expected()
        item = found.get(learner_id)
        assert (item.due_on if item else None) == expected, case
        if item is not None:
            assert item.overdue == (review_state(expected, TODAY) is ReviewState.OVERDUE), case
    states = {review_state(case.expected(), TODAY) for case in built.values()}
    assert {ReviewState.NONE, ReviewState.OVERDUE, ReviewState.DUE_SOON} <= states  # both sides of today


def test_the_review_schedule_service_reads_the_same_date_as_the_due_list(vault: Vault) -> None:
    cases = _review_cases()
    with vault.unit_of_work() as uow:
        built = {}
        for number, case in enumerate(cases):
            learner_id = _learner(uow, number)
            _build_plan(uow, learner_id, case)
            built[learner_id] = case
        uow.commit()
    found = _items(vault, "review")
    with vault.unit_of_work() as uow:
        for learner_id, case in built.items():
            schedule = plan_reviews.review_schedule(uow, learner_id=learner_id, today=TODAY)
            assert schedule.next_due == found[learner_id].due_on, case


# -- mentoring set-up ------------------------------------------------------------------------------------


def test_the_mentoring_set_up_due_in_sql_is_the_mentoring_rule(vault: Vault) -> None:
    """Due `setup_weeks` after the start while phase 1 is unfinished; the rule calls it overdue from that day."""
    assert len(PHASE_ONE) >= 2
    ticks = {"none": (), "some": PHASE_ONE[:1], "all": PHASE_ONE}
    built: dict[int, tuple[date, int, tuple[str, ...], bool]] = {}
    with vault.unit_of_work() as uow:
        number = 0
        for weeks in (1, 6, 8):
            for side in EITHER_SIDE:
                started_on = TODAY + timedelta(days=side) - timedelta(weeks=weeks)
                for ticked in ticks.values():
                    for closed in (False, True):
                        learner_id = _learner(uow, number)
                        number += 1
                        relationship_id = mentoring.create_relationship(
                            uow,
                            learner_id=learner_id,
                            data=mentoring.RelationshipInput(started_on=started_on, setup_weeks=weeks),
                        )
                        for item_id in ticked:
                            mentoring.tick_item(
                                uow,
                                relationship_id=relationship_id,
                                phase=Phase.PREPARATION.value,
                                item_id=item_id,
                                done_on=started_on,
                            )
                        if closed:
                            mentoring.close_relationship(
                                uow,
                                relationship_id=relationship_id,
                                closure=mentoring.ClosureInput(closed_on=TODAY),
                            )
                        built[learner_id] = (started_on, weeks, tuple(ticked), closed)
        uow.commit()
    found = _items(vault, "mentoring_setup")
    for learner_id, (started_on, weeks, ticked, closed) in built.items():
        progress = phase_progress(PHASE_ONE, ticked)
        item = found.get(learner_id)
        case = (started_on, weeks, len(ticked), closed)
        # On the list exactly while the relationship runs and its phase 1 is unfinished, on the rule's date.
        assert (item is not None) == (not closed and not progress.finished), case
        if item is None:
            continue
        assert item.due_on == setup_due_on(started_on, weeks), case
        assert setup_overdue(started_on, weeks, progress, today=TODAY) == (item.due_on <= TODAY), case
        # The Due list marks an item overdue from the day after its date, as it does for every kind.
        assert item.overdue == (item.due_on < TODAY), case
    assert {item.due_on - TODAY for item in found.values()} == {timedelta(days=side) for side in EITHER_SIDE}


def test_the_set_up_state_the_relationship_shows_agrees_with_the_due_list(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        relationships = {}
        for number, side in enumerate(EITHER_SIDE):
            learner_id = _learner(uow, number)
            started_on = TODAY + timedelta(days=side) - timedelta(weeks=6)
            relationships[learner_id] = mentoring.create_relationship(
                uow, learner_id=learner_id, data=mentoring.RelationshipInput(started_on=started_on)
            )
        uow.commit()
    found = _items(vault, "mentoring_setup")
    with vault.unit_of_work() as uow:
        for learner_id, relationship_id in relationships.items():
            state = mentoring.setup_state(uow, relationship_id=relationship_id, today=TODAY)
            assert state.due_on == found[learner_id].due_on
            assert state.overdue == (found[learner_id].due_on <= TODAY)
