"""Plan reviews: record a review (progress as red, amber or green, the learner's voice, the SDT check-in),
list them, and keep each learner's review cadence and when the next review is due.

The due date follows `domain.review_schedule.next_review_due`; `services.due` mirrors the same rule in SQL
for the whole caseload, and a test holds the two together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import select as select_columns  # sqlmodel's own `select` is typed for four columns at most
from sqlmodel import col, select

from tutordesk.domain.date_rules import review_problem
from tutordesk.domain.models import Learner
from tutordesk.domain.plan_enums import Ambition, PlanStatus, Rag, ReviewKind
from tutordesk.domain.plan_models import (
    PlanGoal,
    PlanReview,
    PlanStage,
    PlanVersion,
    ReviewProgress,
    ReviewSchedule,
)
from tutordesk.domain.review_schedule import DEFAULT_EVERY_DAYS, ReviewState, next_review_due, review_state
from tutordesk.errors import BadInput
from tutordesk.vault.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class ProgressInput:
    """Progress on one stage or one goal (exactly one of the two ids)."""

    rag: str
    stage_id: int | None = None
    goal_id: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class ReviewInput:
    held_on: date
    kind: str = ReviewKind.SCHEDULED.value
    ambition: str = ""
    adjustments: str = ""
    learner_voice: str = ""
    note: str = ""
    autonomy: int | None = None
    competence: int | None = None
    relatedness: int | None = None
    next_review_on: date | None = None
    progress: tuple[ProgressInput, ...] = ()


@dataclass(frozen=True, slots=True)
class ProgressView(ProgressInput):
    id: int = 0
    lineage: str = ""  # the stage's or goal's lineage, to follow it across plan versions
    label: str = ""  # the stage title or goal text at the time


@dataclass(frozen=True, slots=True)
class ReviewView(ReviewInput):
    progress: tuple[ProgressView, ...] = ()  # as read back: each rating with what it rated
    id: int = 0
    plan_version: int | None = None


@dataclass(frozen=True, slots=True)
class ScheduleView:
    every_days: int
    last_review_on: date | None
    next_due: date | None
    state: ReviewState


_REVIEW_FIELDS = tuple(f.name for f in fields(ReviewInput) if f.name != "progress")


def record_review(
    uow: UnitOfWork,
    *,
    learner_id: int,
    review: ReviewInput,
    review_id: int | None = None,
    today: date | None = None,
) -> int:
    """Save a new review (or replace review `review_id`) against the plan version in force; returns its id.
    Given `today`, a review dated after it is refused: it has not been held yet."""
    _check(review)
    problem = review_problem(review.held_on, today=today) if today is not None else None
    if problem is not None:
        raise BadInput(problem)
    if uow.session.get(Learner, learner_id) is None:
        raise BadInput("That learner is not in this vault (perhaps it was removed).")
    if review_id is None:
        row = PlanReview(
            learner_id=learner_id, held_on=review.held_on, plan_version_id=_version_in_force(uow, learner_id)
        )
    else:
        found = uow.session.get(PlanReview, review_id)
        if found is None or found.learner_id != learner_id:
            raise BadInput("That review is not in this vault any more.")
        row = found
        for old in uow.session.exec(
            select(ReviewProgress).where(ReviewProgress.review_id == review_id)
        ).all():
            uow.session.delete(old)
    for name in _REVIEW_FIELDS:
        value = getattr(review, name)
        setattr(row, name, value.strip() if isinstance(value, str) else value)
    uow.session.add(row)
    uow.session.flush()
    assert row.id is not None
    for item in review.progress:
        uow.session.add(
            ReviewProgress(
                review_id=row.id,
                stage_id=item.stage_id,
                goal_id=item.goal_id,
                rag=item.rag,
                note=item.note.strip(),
            )
        )
    uow.session.flush()
    return row.id


def delete_review(uow: UnitOfWork, *, review_id: int) -> None:
    """Delete a review and its ratings, if it is still there."""
    row = uow.session.get(PlanReview, review_id)
    if row is not None:
        uow.session.delete(row)
        uow.session.flush()


def list_reviews(uow: UnitOfWork, *, learner_id: int) -> list[ReviewView]:
    """The learner's reviews, newest first, each with its progress ratings (two statements in all)."""
    rows = uow.session.exec(
        select(PlanReview, PlanVersion.version)
        .outerjoin(PlanVersion, col(PlanVersion.id) == PlanReview.plan_version_id)
        .where(PlanReview.learner_id == learner_id)
        .order_by(col(PlanReview.held_on).desc(), col(PlanReview.id).desc())
    ).all()
    progress = _progress_of(uow, [r.id for r, _ in rows if r.id is not None])
    return [
        ReviewView(
            **{name: getattr(r, name) for name in _REVIEW_FIELDS},
            progress=tuple(progress.get(r.id or 0, ())),
            id=r.id or 0,
            plan_version=version,
        )
        for r, version in rows
    ]


def _progress_of(uow: UnitOfWork, review_ids: Sequence[int]) -> dict[int, list[ProgressView]]:
    if not review_ids:
        return {}
    rows = uow.session.execute(
        select_columns(
            ReviewProgress,
            col(PlanStage.lineage),
            col(PlanStage.title),
            col(PlanGoal.lineage),
            col(PlanGoal.learner_words),
            col(PlanGoal.professional_wording),
        )
        .outerjoin(PlanStage, col(PlanStage.id) == col(ReviewProgress.stage_id))
        .outerjoin(PlanGoal, col(PlanGoal.id) == col(ReviewProgress.goal_id))
        .where(col(ReviewProgress.review_id).in_(review_ids))
        .order_by(col(ReviewProgress.id))
    ).all()
    result: dict[int, list[ProgressView]] = {}
    for item, stage_lineage, title, goal_lineage, words, wording in rows:
        result.setdefault(item.review_id, []).append(
            ProgressView(
                rag=item.rag,
                stage_id=item.stage_id,
                goal_id=item.goal_id,
                note=item.note,
                id=item.id or 0,
                lineage=(goal_lineage if item.goal_id else stage_lineage) or "",
                label=(words or wording if item.goal_id else title) or "",
            )
        )
    return result


def latest_rag(uow: UnitOfWork, *, learner_id: int) -> dict[str, ProgressView]:
    """The most recent rating of each stage and goal, keyed by lineage so it follows them across versions."""
    latest: dict[str, ProgressView] = {}
    # Oldest first, so newer ratings overwrite.
    for review in reversed(list_reviews(uow, learner_id=learner_id)):
        for item in review.progress:
            if item.lineage:
                latest[item.lineage] = item
    return latest


def checkin_history(
    uow: UnitOfWork, *, learner_id: int
) -> list[tuple[date, int | None, int | None, int | None]]:
    """(date, autonomy, competence, relatedness) of every review that asked, oldest first."""
    rows = uow.session.exec(
        select(
            col(PlanReview.held_on),
            col(PlanReview.autonomy),
            col(PlanReview.competence),
            col(PlanReview.relatedness),
        )
        .where(PlanReview.learner_id == learner_id)
        .order_by(col(PlanReview.held_on), col(PlanReview.id))
    ).all()
    return [(held_on, a, c, r) for held_on, a, c, r in rows if any(v is not None for v in (a, c, r))]


# --- the cadence ---------------------------------------------------------------------------------------


def review_schedule(uow: UnitOfWork, *, learner_id: int, today: date) -> ScheduleView:
    """The learner's review cadence, last review, next date due and how pressing it is today."""
    schedule = uow.session.get(ReviewSchedule, learner_id)
    every_days = schedule.every_days if schedule is not None else DEFAULT_EVERY_DAYS
    last = uow.session.exec(
        select(PlanReview)
        .where(PlanReview.learner_id == learner_id)
        .order_by(col(PlanReview.held_on).desc(), col(PlanReview.id).desc())
        .limit(1)
    ).first()
    agreed_on = uow.session.exec(
        select(col(PlanVersion.agreed_on))
        .where(PlanVersion.learner_id == learner_id, col(PlanVersion.agreed_on).is_not(None))
        .order_by(col(PlanVersion.version).desc())
        .limit(1)
    ).first()
    due = next_review_due(
        last_review_on=last.held_on if last else None,
        next_review_set=last.next_review_on if last else None,
        every_days=every_days,
        plan_agreed_on=agreed_on,
    )
    return ScheduleView(every_days, last.held_on if last else None, due, review_state(due, today))


def set_review_cadence(uow: UnitOfWork, *, learner_id: int, every_days: int, today: date) -> None:
    """Set how many days apart the learner's plan reviews fall (1 to 366)."""
    if not 1 <= every_days <= 366:
        raise BadInput("Choose a review cadence between one day and one year.")
    schedule = uow.session.get(ReviewSchedule, learner_id) or ReviewSchedule(learner_id=learner_id)
    schedule.every_days = every_days
    schedule.changed_on = today
    uow.session.add(schedule)
    uow.session.flush()


# --- helpers -------------------------------------------------------------------------------------------


def _version_in_force(uow: UnitOfWork, learner_id: int) -> int | None:
    """The agreed version's id, else the newest version's (a draft being tried out), else None."""
    rows = uow.session.exec(
        select(PlanVersion.id, PlanVersion.status)
        .where(PlanVersion.learner_id == learner_id)
        .order_by(col(PlanVersion.version).desc())
    ).all()
    for version_id, status in rows:
        if status == PlanStatus.AGREED.value:
            return version_id
    return rows[0][0] if rows else None


def _check(review: ReviewInput) -> None:
    ReviewKind(review.kind)
    if review.ambition:
        Ambition(review.ambition)
    for name in ("autonomy", "competence", "relatedness"):
        value = getattr(review, name)
        if value is not None and not 1 <= value <= 5:
            raise BadInput("Check-in ratings go from 1 to 5.")
    if review.next_review_on is not None and review.next_review_on < review.held_on:
        raise BadInput("The next review cannot be before this one.")
    for item in review.progress:
        Rag(item.rag)
        if (item.stage_id is None) == (item.goal_id is None):
            raise BadInput("Each progress rating belongs to one stage or one goal.")
