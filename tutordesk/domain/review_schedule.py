"""When a learner's next plan review is due, and how pressing that is.

The rule, kept this simple on purpose because the caseload queries repeat it in SQL:

1. a next date set explicitly at the last review wins;
2. otherwise the last review's date plus the learner's cadence (`every_days`);
3. otherwise, with no review yet, the date the plan was agreed plus the cadence;
4. otherwise (no agreed plan and no review) nothing is due.

A review is overdue once its date is before today, due soon from `horizon_days` before it up to and including
the day itself, and later before that. The suggested cadence is weekly while a learner is re-engaging (the
most fragile time, when small problems need catching early) and every four weeks otherwise.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from tutordesk.domain.enums import LearnerStatus

DEFAULT_EVERY_DAYS = 28
WEEKLY = 7
DUE_SOON_DAYS = 7

CADENCE_CHOICES: tuple[tuple[int, str], ...] = (
    (7, "Every week"),
    (14, "Every two weeks"),
    (28, "Every four weeks"),
    (42, "Every six weeks"),
)


class ReviewState(StrEnum):
    NONE = "none"  # no agreed plan and no review yet, so nothing to be due
    LATER = "later"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self.value]


_STATE_LABELS = {
    "none": "No review planned",
    "later": "Not due yet",
    "due_soon": "Due soon",
    "overdue": "Overdue",
}


def cadence_label(every_days: int) -> str:
    """The wording for a cadence: a listed choice's label, else "Every N days"."""
    for days, label in CADENCE_CHOICES:
        if days == every_days:
            return label
    return "Every day" if every_days == 1 else f"Every {every_days} days"


def suggested_cadence(learner_status: str) -> int:
    """Days between reviews to suggest for a learner in this status (`LearnerStatus` value)."""
    # Weekly only while re-engaging: the road-map guidance holds weekly review meetings in that phase. Every
    # other status gets the four-weekly default, and a tutor can always choose a closer cadence.
    if learner_status == LearnerStatus.RE_ENGAGING:
        return WEEKLY
    return DEFAULT_EVERY_DAYS


def next_review_due(
    *,
    last_review_on: date | None,
    next_review_set: date | None,
    every_days: int,
    plan_agreed_on: date | None,
) -> date | None:
    """The date the next review is due, by the rule in this module's docstring."""
    if every_days < 1:
        raise ValueError(f"A review cadence must be at least one day, not {every_days}.")
    if next_review_set is not None:
        return next_review_set
    if last_review_on is not None:
        return last_review_on + timedelta(days=every_days)
    if plan_agreed_on is not None:
        return plan_agreed_on + timedelta(days=every_days)
    return None


def review_state(due: date | None, today: date, *, horizon_days: int = DUE_SOON_DAYS) -> ReviewState:
    """How pressing a review due on `due` is on `today`; due today counts as due soon, not overdue."""
    if due is None:
        return ReviewState.NONE
    if due < today:
        return ReviewState.OVERDUE
    if due <= today + timedelta(days=horizon_days):
        return ReviewState.DUE_SOON
    return ReviewState.LATER
