"""Whether a date can be right for what it belongs to. Each rule gives None when the date is fine, or one
plain sentence saying what is wrong.

Two kinds: a *problem* cannot be so (a review "held" after today has not been held), so the services refuse
it; a *warning* is most likely a slip of the keyboard but may really be so (a first day at the new setting
a week before leaving the old one, for a phased start), so the form asks before saving it.
"""

from __future__ import annotations

from datetime import date, timedelta

from tutordesk.domain.dates import long_date

FIRST_DAY_GRACE = timedelta(days=60)  # a phased start may overlap the old setting by this much, not more


def review_problem(held_on: date, *, today: date) -> str | None:
    """A review is written down once it has been held."""
    if held_on > today:
        return f"A review is recorded once it has been held, and {long_date(held_on)} is after today."
    return None


def review_warning(held_on: date, *, plan_agreed_on: date | None) -> str | None:
    """A review looks back on an agreed plan, so it rarely comes before the plan was agreed."""
    if plan_agreed_on is not None and held_on < plan_agreed_on:
        return (
            f"That is before the plan was agreed (on {long_date(plan_agreed_on)}), and a review looks back on "
            "the plan."
        )
    return None


def contact_problem(held_on: date, *, today: date) -> str | None:
    """A contact is logged once it has happened."""
    if held_on > today:
        return f"A contact is logged once it has happened, and {long_date(held_on)} is after today."
    return None


def first_day_problem(starts_on: date | None, *, leaving_on: date | None) -> str | None:
    """The first day at the new setting cannot be months before leaving the old one."""
    if starts_on and leaving_on and starts_on < leaving_on - FIRST_DAY_GRACE:
        return "The first day at the new setting is well before leaving the old one; check the dates."
    return None


def first_day_warning(starts_on: date | None, *, leaving_on: date | None) -> str | None:
    """A first day before the last day at the old setting is a phased start, or a slip."""
    if starts_on and leaving_on and starts_on < leaving_on:
        return (
            f"The first day at the new setting ({long_date(starts_on)}) is before the last day at the old one "
            f"({long_date(leaving_on)})."
        )
    return None


def before_plan_warning(on: date | None, *, what: str, plan_started_on: date | None) -> str | None:
    """A goal's deadline or a stage's target date comes after the plan was begun; one before it is most likely
    a slip of the year, though a plan written up after it was agreed on paper may hold one. `what` names the
    date, as in "The goal's deadline"."""
    if on is not None and plan_started_on is not None and on < plan_started_on:
        return (
            f"{what} ({long_date(on)}) is before the plan was started (on {long_date(plan_started_on)}), "
            "so it would be overdue from the first day."
        )
    return None


def contact_warning(held_on: date, *, relationship_started_on: date | None) -> str | None:
    """A mentoring contact belongs to its relationship, so it rarely comes before the relationship began."""
    if relationship_started_on is not None and held_on < relationship_started_on:
        return (
            f"That is before the mentoring began (on {long_date(relationship_started_on)}), and a contact "
            "belongs to the mentoring."
        )
    return None
