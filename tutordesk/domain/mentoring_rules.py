"""The rules of a mentoring relationship that depend on dates and times: phase progress, when the
phase-1 checklist is overdue, and the gentle flags on a contact (outside the agreed days or hours, on a
channel not agreed, a message not answered within the agreed time).

Pure functions of their arguments; the clock is always passed in, so tests can fix it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from tutordesk.domain.mentoring_enums import ContactChannel, InitiatedBy, Weekday


@dataclass(frozen=True, slots=True)
class PhaseProgress:
    """How far a task checklist has got: `done` of `total` items ticked."""

    done: int
    total: int

    @property
    def finished(self) -> bool:
        return self.total > 0 and self.done >= self.total

    @property
    def label(self) -> str:
        return f"{self.done} of {self.total} done"


def phase_progress(item_ids: Collection[str], ticked: Iterable[str]) -> PhaseProgress:
    """Ticks of items no longer in the checklist (an institution removed one) do not count."""
    wanted = set(item_ids)
    return PhaseProgress(done=len(wanted & set(ticked)), total=len(wanted))


def setup_due_on(started_on: date, setup_weeks: int) -> date:
    """The day an unfinished phase-1 checklist shows as due: `setup_weeks` after the start."""
    return started_on + timedelta(weeks=max(setup_weeks, 0))


def setup_overdue(started_on: date, setup_weeks: int, progress: PhaseProgress, *, today: date) -> bool:
    return not progress.finished and today >= setup_due_on(started_on, setup_weeks)


@dataclass(frozen=True, slots=True)
class Boundaries:
    """The contact boundaries a relationship agreed. Empty means "not agreed", which never flags."""

    channels: frozenset[str] = frozenset()  # ContactChannel values
    days: frozenset[str] = frozenset()  # Weekday values
    hours_from: time | None = None
    hours_to: time | None = None
    mentor_reply_hours: int | None = None
    learner_reply_hours: int | None = None


@dataclass(frozen=True, slots=True)
class ContactFacts:
    """What the flags need to know about one contact. Times are local wall-clock times."""

    held_on: date
    start_time: time | None
    channel: str  # ContactChannel
    initiated_by: str  # InitiatedBy
    answered_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class BoundaryFlag:
    code: str  # "channel", "day", "hours", "unanswered", "late_answer"
    message: str


def parse_time(text: str) -> time | None:
    """ "HH:MM" to a time; anything else (including "") is no time."""
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        return None


def reply_due_at(contact: ContactFacts, boundaries: Boundaries) -> datetime | None:
    """When a written message should have its answer by, or None when no answer is awaited."""
    if not ContactChannel(contact.channel).is_written:
        return None
    hours = (
        boundaries.mentor_reply_hours
        if contact.initiated_by == InitiatedBy.LEARNER
        else boundaries.learner_reply_hours
    )
    if hours is None:
        return None
    sent = datetime.combine(contact.held_on, contact.start_time or time(0, 0))
    return sent + timedelta(hours=hours)


def boundary_flags(contact: ContactFacts, boundaries: Boundaries, *, now: datetime) -> list[BoundaryFlag]:
    """Gentle notes on one contact. Never an error: a contact outside the boundaries may have been right."""
    flags: list[BoundaryFlag] = []
    if boundaries.channels and contact.channel not in boundaries.channels:
        flags.append(
            BoundaryFlag(
                "channel", f"{ContactChannel(contact.channel).label} is not an agreed way of keeping in touch"
            )
        )
    if boundaries.days and Weekday(list(Weekday)[contact.held_on.weekday()]) not in boundaries.days:
        day = list(Weekday)[contact.held_on.weekday()].label
        flags.append(BoundaryFlag("day", f"{day} is not one of the agreed days"))
    if contact.start_time is not None and not within_hours(contact.start_time, boundaries):
        flags.append(BoundaryFlag("hours", f"{contact.start_time:%H:%M} is outside the agreed hours"))
    due = reply_due_at(contact, boundaries)
    if due is not None:
        who = "the mentor" if contact.initiated_by == InitiatedBy.LEARNER else "the young person"
        if contact.answered_at is None and now > due:
            flags.append(
                BoundaryFlag(
                    "unanswered", f"Not answered yet: {who} agreed to reply within {_hours(due, contact)}"
                )
            )
        elif contact.answered_at is not None and contact.answered_at > due:
            flags.append(
                BoundaryFlag("late_answer", f"Answered later than the {_hours(due, contact)} agreed")
            )
    return flags


def within_hours(moment: time, boundaries: Boundaries) -> bool:
    start, end = boundaries.hours_from, boundaries.hours_to
    if start is None or end is None:
        return True
    if start <= end:
        return start <= moment <= end
    return moment >= start or moment <= end  # hours that run past midnight, e.g. 18:00 to 01:00


def _hours(due: datetime, contact: ContactFacts) -> str:
    sent = datetime.combine(contact.held_on, contact.start_time or time(0, 0))
    hours = round((due - sent).total_seconds() / 3600)
    return "1 hour" if hours == 1 else f"{hours} hours"


def boundaries_from_text(
    channels: str,
    days: str,
    hours_from: str,
    hours_to: str,
    mentor_reply: int | None,
    learner_reply: int | None,
) -> Boundaries:
    """Boundaries from the stored columns of `MentoringTerms`."""
    return Boundaries(
        channels=frozenset(c for c in channels.split(",") if c in set(ContactChannel)),
        days=frozenset(d for d in days.split(",") if d in set(Weekday)),
        hours_from=parse_time(hours_from),
        hours_to=parse_time(hours_to),
        mentor_reply_hours=mentor_reply,
        learner_reply_hours=learner_reply,
    )
