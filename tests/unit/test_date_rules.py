"""Dates checked against what they belong to, on both sides of each boundary."""

from __future__ import annotations

from datetime import date, timedelta

from tutordesk.domain.date_rules import (
    FIRST_DAY_GRACE,
    contact_problem,
    first_day_problem,
    first_day_warning,
    review_problem,
    review_warning,
)

TODAY = date(2026, 11, 20)
DAY = timedelta(days=1)


def test_a_review_is_not_held_after_today() -> None:
    assert review_problem(TODAY, today=TODAY) is None
    assert review_problem(TODAY - 300 * DAY, today=TODAY) is None
    said = review_problem(TODAY + DAY, today=TODAY)
    assert said is not None and "21 November 2026 is after today" in said


def test_a_review_before_its_plan_was_agreed_is_asked_about() -> None:
    agreed = date(2026, 10, 1)
    assert review_warning(agreed, plan_agreed_on=agreed) is None
    assert review_warning(agreed - DAY, plan_agreed_on=None) is None  # a draft being tried out
    said = review_warning(agreed - 365 * DAY, plan_agreed_on=agreed)
    assert said is not None and "before the plan was agreed (on 1 October 2026)" in said


def test_a_contact_is_not_logged_ahead() -> None:
    assert contact_problem(TODAY, today=TODAY) is None
    assert contact_problem(TODAY + DAY, today=TODAY) is not None


def test_a_first_day_before_leaving_is_asked_about_and_months_before_refused() -> None:
    leaving = date(2026, 12, 18)
    assert first_day_warning(leaving, leaving_on=leaving) is None
    assert first_day_warning(None, leaving_on=leaving) is None
    assert first_day_warning(leaving - DAY, leaving_on=leaving) is not None
    assert first_day_problem(leaving - FIRST_DAY_GRACE, leaving_on=leaving) is None
    assert first_day_problem(leaving - FIRST_DAY_GRACE - DAY, leaving_on=leaving) is not None
    assert first_day_problem(leaving - FIRST_DAY_GRACE - DAY, leaving_on=None) is None


def test_a_date_before_the_plan_or_the_mentoring_began_is_asked_about() -> None:
    from tutordesk.domain.date_rules import before_plan_warning, contact_warning

    began = date(2026, 10, 1)
    assert before_plan_warning(began, what="The goal's deadline", plan_started_on=began) is None
    assert before_plan_warning(None, what="The goal's deadline", plan_started_on=began) is None
    assert before_plan_warning(began - DAY, what="The goal's deadline", plan_started_on=None) is None
    said = before_plan_warning(began - DAY, what="The stage's target date", plan_started_on=began)
    assert said is not None and said.startswith("The stage's target date (30 September 2026) is before")
    assert contact_warning(began, relationship_started_on=began) is None
    assert contact_warning(began - DAY, relationship_started_on=None) is None
    assert "before the mentoring began" in (contact_warning(began - DAY, relationship_started_on=began) or "")
