"""The next review: a date set at the last review wins, else last review or agreement plus the cadence."""

from __future__ import annotations

from datetime import date

import pytest

from tutordesk.domain.enums import LearnerStatus
from tutordesk.domain.review_schedule import (
    CADENCE_CHOICES,
    DEFAULT_EVERY_DAYS,
    ReviewState,
    cadence_label,
    next_review_due,
    review_state,
    suggested_cadence,
)

TODAY = date(2025, 3, 10)


def test_weekly_while_re_engaging_and_four_weekly_otherwise() -> None:
    assert suggested_cadence(LearnerStatus.RE_ENGAGING) == 7
    assert suggested_cadence("re_engaging") == 7
    for status in (LearnerStatus.AT_RISK, LearnerStatus.EARLY_LEAVER, LearnerStatus.TRANSITIONING, "closed"):
        assert suggested_cadence(status) == DEFAULT_EVERY_DAYS == 28
    assert suggested_cadence("something new") == 28


def test_cadence_choices_include_both_suggestions() -> None:
    days = [d for d, _ in CADENCE_CHOICES]
    assert days == sorted(days) == [7, 14, 28, 42]
    assert {7, DEFAULT_EVERY_DAYS} <= set(days)
    assert cadence_label(7) == "Every week"
    assert cadence_label(28) == "Every four weeks"
    assert cadence_label(10) == "Every 10 days"
    assert cadence_label(1) == "Every day"


def test_a_date_set_at_the_last_review_wins() -> None:
    due = next_review_due(
        last_review_on=date(2025, 3, 1),
        next_review_set=date(2025, 5, 1),
        every_days=7,
        plan_agreed_on=date(2025, 1, 1),
    )
    assert due == date(2025, 5, 1)


def test_a_set_date_may_be_sooner_than_the_cadence() -> None:
    due = next_review_due(
        last_review_on=date(2025, 3, 1), next_review_set=date(2025, 3, 3), every_days=28, plan_agreed_on=None
    )
    assert due == date(2025, 3, 3)


def test_otherwise_last_review_plus_cadence() -> None:
    due = next_review_due(
        last_review_on=date(2025, 2, 20), next_review_set=None, every_days=28, plan_agreed_on=date(2025, 1, 1)
    )
    assert due == date(2025, 3, 20)


def test_with_no_review_yet_agreed_date_plus_cadence() -> None:
    due = next_review_due(
        last_review_on=None, next_review_set=None, every_days=7, plan_agreed_on=date(2025, 2, 26)
    )
    assert due == date(2025, 3, 5)


def test_nothing_due_without_an_agreed_plan_or_a_review() -> None:
    assert (
        next_review_due(last_review_on=None, next_review_set=None, every_days=28, plan_agreed_on=None) is None
    )


def test_a_review_without_an_agreed_plan_still_counts() -> None:
    due = next_review_due(
        last_review_on=date(2025, 3, 1), next_review_set=None, every_days=14, plan_agreed_on=None
    )
    assert due == date(2025, 3, 15)


@pytest.mark.parametrize("every_days", [0, -7])
def test_a_cadence_under_one_day_is_refused(every_days: int) -> None:
    with pytest.raises(ValueError, match="at least one day"):
        next_review_due(
            last_review_on=None, next_review_set=None, every_days=every_days, plan_agreed_on=TODAY
        )


@pytest.mark.parametrize(
    ("due", "state"),
    [
        (None, ReviewState.NONE),
        (date(2025, 3, 9), ReviewState.OVERDUE),  # yesterday
        (date(2024, 1, 1), ReviewState.OVERDUE),
        (date(2025, 3, 10), ReviewState.DUE_SOON),  # today is not yet overdue
        (date(2025, 3, 17), ReviewState.DUE_SOON),  # the last day of the horizon
        (date(2025, 3, 18), ReviewState.LATER),
    ],
)
def test_review_state_boundaries(due: date | None, state: ReviewState) -> None:
    assert review_state(due, TODAY) is state


def test_horizon_is_adjustable() -> None:
    assert review_state(date(2025, 3, 12), TODAY, horizon_days=1) is ReviewState.LATER
    assert review_state(date(2025, 3, 11), TODAY, horizon_days=1) is ReviewState.DUE_SOON
    assert review_state(date(2025, 3, 10), TODAY, horizon_days=0) is ReviewState.DUE_SOON
    assert review_state(date(2025, 3, 11), TODAY, horizon_days=0) is ReviewState.LATER


def test_every_state_has_a_label() -> None:
    assert [s.label for s in ReviewState] == ["No review planned", "Not due yet", "Due soon", "Overdue"]
