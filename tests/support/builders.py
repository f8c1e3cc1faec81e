"""Builders for the records tests set up again and again: a learner, an agreed plan, a review, a diary entry,
a mentoring relationship, a transition and a logged contact.

Each is made through the service the app itself calls (never an inserted row), so a test's set-up keeps the
rules the app keeps. Every builder takes either an open `Vault`, when it runs in a unit of its own and
commits, or a `UnitOfWork`, when it runs inside the caller's and leaves the commit to the caller. Arguments
after the first are keywords, as the services' own are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from tutordesk.services.diaries import entries as diaries
from tutordesk.services.followup import contacts
from tutordesk.services.learners.records import LearnerDetails
from tutordesk.services.learners.saving import save_learner
from tutordesk.services.mentoring import relationships as mentoring
from tutordesk.services.plans import reviews as plan_reviews
from tutordesk.services.plans import roadmap as plans
from tutordesk.services.transitions import moves as transitions
from tutordesk.vault.unit_of_work import UnitOfWork
from tutordesk.vault.vault import Vault

Target = Vault | UnitOfWork


@contextmanager
def _unit(target: Target) -> Iterator[UnitOfWork]:
    if isinstance(target, UnitOfWork):
        yield target  # the caller's transaction: the caller commits
        return
    with target.unit_of_work() as uow:
        yield uow
        uow.commit()


def add_learner(target: Target, given: str = "Zoë", family: str = "Ångström", **details: Any) -> int:
    """A learner saved as the profile saves one; `details` are further `LearnerDetails` fields."""
    with _unit(target) as uow:
        saved = save_learner(uow, details=LearnerDetails(given_name=given, family_name=family, **details))
        return saved.learner_id


def _numbered_stage(number: int, agreed_on: date) -> plans.StageInput:
    return plans.StageInput(title=f"Stage {number}", target_on=agreed_on + timedelta(days=30))


def _numbered_goal(number: int) -> plans.GoalInput:
    return plans.GoalInput(learner_words=f"Goal {number} in my words", measure="a mark")


def add_plan(
    target: Target,
    learner_id: int,
    *,
    agreed_on: date,
    header: plans.PlanHeader | None = None,
    stages: int = 3,
    stage: Callable[[int, date], plans.StageInput] = _numbered_stage,
    goal: Callable[[int], plans.GoalInput] = _numbered_goal,
) -> plans.PlanView:
    """A plan agreed on `agreed_on`: `stages` stages numbered from 1, one goal each, as the plan tab makes one.

    `stage(number, agreed_on)` and `goal(number)` give each stage's and goal's wording.
    """
    header = header or plans.PlanHeader(end_goal="Start an apprenticeship in September.")
    with _unit(target) as uow:
        draft = plans.start_plan(uow, learner_id=learner_id)
        plans.save_header(uow, version_id=draft.version_id, header=header)
        for number in range(1, stages + 1):
            stage_id = plans.add_stage(uow, version_id=draft.version_id, stage=stage(number, agreed_on))
            plans.add_goal(uow, stage_id=stage_id, goal=goal(number))
        return plans.agree_plan(uow, learner_id=learner_id, agreed_on=agreed_on)


def add_review(target: Target, learner_id: int, *, held_on: date, **fields: Any) -> int:
    """A plan review held on `held_on`; `fields` are further `ReviewInput` fields."""
    with _unit(target) as uow:
        return plan_reviews.record_review(
            uow, learner_id=learner_id, review=plan_reviews.ReviewInput(held_on=held_on, **fields)
        )


def add_entry(target: Target, learner_id: int | None, *, written_on: date, **fields: Any) -> int:
    """A diary entry (the practice journal's when `learner_id` is None); `fields` are `EntryInput` fields."""
    with _unit(target) as uow:
        return diaries.save_entry(
            uow, learner_id=learner_id, entry=diaries.EntryInput(written_on=written_on, **fields)
        )


def add_relationship(target: Target, learner_id: int, *, started_on: date, **fields: Any) -> int:
    """A mentoring relationship started on `started_on`; `fields` are `RelationshipInput` fields."""
    with _unit(target) as uow:
        return mentoring.create_relationship(
            uow, learner_id=learner_id, data=mentoring.RelationshipInput(started_on=started_on, **fields)
        )


def add_transition(target: Target, learner_id: int, **fields: Any) -> int:
    """A transition; `fields` are `TransitionInput` fields."""
    with _unit(target) as uow:
        return transitions.create_transition(
            uow, learner_id=learner_id, data=transitions.TransitionInput(**fields)
        )


def add_contact(target: Target, learner_id: int, *, held_on: date, **fields: Any) -> int:
    """A contact logged on `held_on`; `fields` are `ContactInput` fields."""
    with _unit(target) as uow:
        return contacts.log_contact(
            uow, learner_id=learner_id, data=contacts.ContactInput(held_on=held_on, **fields)
        )
