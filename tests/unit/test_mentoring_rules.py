"""The pure mentoring rules with the clock passed in: phase progress, when set-up is overdue, boundary flags."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from tutordesk.domain.mentoring_rules import (
    Boundaries,
    ContactFacts,
    boundaries_from_text,
    boundary_flags,
    parse_time,
    phase_progress,
    reply_due_at,
    setup_due_on,
    setup_overdue,
    within_hours,
)

MONDAY = date(2026, 11, 16)
SATURDAY = date(2026, 11, 21)
AGREED = Boundaries(
    channels=frozenset({"face_to_face", "messaging"}),
    days=frozenset({"mon", "tue", "wed", "thu", "fri"}),
    hours_from=time(9, 0),
    hours_to=time(18, 0),
    mentor_reply_hours=24,
    learner_reply_hours=48,
)


def _codes(contact: ContactFacts, boundaries: Boundaries = AGREED, *, now: datetime) -> list[str]:
    return [flag.code for flag in boundary_flags(contact, boundaries, now=now)]


def _message(
    held_on: date = MONDAY,
    at: time | None = time(14, 0),
    *,
    by: str = "learner",
    channel: str = "messaging",
    answered_at: datetime | None = None,
) -> ContactFacts:
    return ContactFacts(held_on, at, channel, by, answered_at)


# -- phase progress and set-up -----------------------------------------------------------------------


def test_phase_progress_counts_only_items_still_in_the_checklist() -> None:
    progress = phase_progress(["a", "b", "c"], ["a", "retired_item", "a", "c"])
    assert (progress.done, progress.total) == (2, 3)
    assert not progress.finished
    assert progress.label == "2 of 3 done"
    assert phase_progress(["a", "b"], ["b", "a", "gone"]).finished


def test_an_empty_checklist_is_never_finished() -> None:
    assert not phase_progress([], ["a"]).finished


def test_set_up_is_overdue_from_exactly_n_weeks_after_the_start() -> None:
    started = date(2026, 1, 5)
    unfinished = phase_progress(["a", "b"], ["a"])
    assert setup_due_on(started, 6) == date(2026, 2, 16)
    assert not setup_overdue(started, 6, unfinished, today=date(2026, 2, 15))
    assert setup_overdue(started, 6, unfinished, today=date(2026, 2, 16))
    assert setup_overdue(started, 6, unfinished, today=date(2026, 6, 1))
    finished = phase_progress(["a", "b"], ["a", "b"])
    assert not setup_overdue(started, 6, finished, today=date(2026, 6, 1))


def test_a_negative_set_up_time_counts_from_the_start() -> None:
    assert setup_due_on(date(2026, 1, 5), -3) == date(2026, 1, 5)


# -- boundary flags -----------------------------------------------------------------------------------


def test_a_contact_within_every_boundary_has_no_flag() -> None:
    contact = _message(answered_at=datetime(2026, 11, 16, 20, 0))
    assert _codes(contact, now=datetime(2026, 11, 30, 12, 0)) == []


def test_a_channel_not_agreed_is_flagged_by_its_label() -> None:
    contact = ContactFacts(MONDAY, time(10, 0), "phone", "mentor")
    [flag] = boundary_flags(contact, AGREED, now=datetime(2026, 11, 16, 12, 0))
    assert flag.code == "channel" and flag.message.startswith("Phone is not an agreed way")


def test_a_day_not_agreed_is_flagged() -> None:
    contact = ContactFacts(SATURDAY, time(10, 0), "face_to_face", "mentor")
    [flag] = boundary_flags(contact, AGREED, now=datetime(2026, 11, 21, 12, 0))
    assert flag.code == "day" and "Saturday" in flag.message


@pytest.mark.parametrize(
    ("at", "outside"),
    [
        (time(8, 59), True),
        (time(9, 0), False),
        (time(18, 0), False),
        (time(18, 1), True),
        (time(23, 5), True),
    ],
)
def test_hours_are_inclusive_at_both_ends(at: time, outside: bool) -> None:
    contact = ContactFacts(MONDAY, at, "face_to_face", "mentor")
    assert ("hours" in _codes(contact, now=datetime(2026, 11, 16, 23, 59))) is outside


@pytest.mark.parametrize(
    ("at", "inside"),
    [
        (time(23, 30), True),
        (time(0, 30), True),
        (time(1, 0), True),
        (time(2, 0), False),
        (time(17, 0), False),
    ],
)
def test_hours_may_run_past_midnight(at: time, inside: bool) -> None:
    evening = Boundaries(hours_from=time(18, 0), hours_to=time(1, 0))
    assert within_hours(at, evening) is inside
    contact = ContactFacts(MONDAY, at, "face_to_face", "mentor")
    assert ("hours" not in _codes(contact, evening, now=datetime(2026, 11, 17, 3, 0))) is inside


def test_a_contact_without_a_time_is_never_outside_the_hours() -> None:
    contact = ContactFacts(MONDAY, None, "face_to_face", "mentor")
    assert _codes(contact, now=datetime(2026, 11, 16, 12, 0)) == []


def test_an_unanswered_message_is_flagged_only_once_the_agreed_time_has_passed() -> None:
    contact = _message(at=time(14, 0), by="learner")  # the mentor agreed to reply within 24 hours
    assert reply_due_at(contact, AGREED) == datetime(2026, 11, 17, 14, 0)
    assert _codes(contact, now=datetime(2026, 11, 17, 14, 0)) == []
    [flag] = boundary_flags(contact, AGREED, now=datetime(2026, 11, 17, 14, 1))
    assert flag.code == "unanswered"
    assert flag.message == "Not answered yet: the mentor agreed to reply within 24 hours"


def test_the_young_person_s_reply_time_applies_to_the_mentor_s_messages() -> None:
    contact = _message(at=time(10, 0), by="mentor")
    assert reply_due_at(contact, AGREED) == datetime(2026, 11, 18, 10, 0)
    [flag] = boundary_flags(contact, AGREED, now=datetime(2026, 11, 18, 10, 30))
    assert flag.message == "Not answered yet: the young person agreed to reply within 48 hours"


def test_a_late_answer_is_flagged_and_an_answer_in_time_is_not() -> None:
    late = _message(at=time(14, 0), answered_at=datetime(2026, 11, 17, 15, 0))
    [flag] = boundary_flags(late, AGREED, now=datetime(2026, 11, 30, 9, 0))
    assert flag.code == "late_answer" and flag.message == "Answered later than the 24 hours agreed"
    in_time = _message(at=time(14, 0), answered_at=datetime(2026, 11, 17, 14, 0))
    assert _codes(in_time, now=datetime(2026, 11, 30, 9, 0)) == []


def test_calls_and_meetings_never_wait_for_an_answer() -> None:
    for channel in ("face_to_face", "phone", "video"):
        contact = ContactFacts(MONDAY, time(10, 0), channel, "learner")
        assert reply_due_at(contact, AGREED) is None


def test_a_message_without_a_time_counts_from_midnight() -> None:
    assert reply_due_at(_message(at=None), AGREED) == datetime(2026, 11, 17, 0, 0)


def test_nothing_agreed_means_no_flag_at_all() -> None:
    """A Saturday message at 23:05 on an odd channel, never answered: without agreed terms, nothing to note."""
    contact = _message(held_on=SATURDAY, at=time(23, 5), channel="email")
    assert reply_due_at(contact, Boundaries()) is None
    assert _codes(contact, Boundaries(), now=datetime(2027, 1, 1, 12, 0)) == []


def test_several_flags_come_together_in_a_fixed_order() -> None:
    contact = _message(held_on=SATURDAY, at=time(22, 15), channel="email")
    assert _codes(contact, now=datetime(2026, 11, 25, 9, 0)) == ["channel", "day", "hours", "unanswered"]


# -- reading the stored terms -------------------------------------------------------------------------


def test_stored_terms_ignore_unknown_values_and_bad_times() -> None:
    boundaries = boundaries_from_text(
        "face_to_face,carrier_pigeon,email", "mon,funday", "9:30", "late", 24, None
    )
    assert boundaries.channels == {"face_to_face", "email"}
    assert boundaries.days == {"mon"}
    assert boundaries.hours_from == time(9, 30) and boundaries.hours_to is None
    assert within_hours(time(3, 0), boundaries)  # half a range is no range


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("09:30", time(9, 30)),
        (" 7:05 ", time(7, 5)),
        ("", None),
        ("24:00", None),
        ("12:60", None),
        ("noon", None),
    ],
)
def test_parse_time(text: str, parsed: time | None) -> None:
    assert parse_time(text) == parsed


def test_the_reply_time_crosses_midnight_and_month_ends() -> None:
    contact = _message(held_on=date(2026, 1, 31), at=time(23, 0), by="learner")
    assert reply_due_at(contact, AGREED) == datetime(2026, 2, 1, 23, 0)
    assert reply_due_at(contact, AGREED) - datetime(2026, 1, 31, 23, 0) == timedelta(hours=24)  # type: ignore[operator]
