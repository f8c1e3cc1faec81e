"""Early-warning rules: each flag holds exactly when its rule says, with its exclusions and its reason."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tutordesk.domain.early_warning import (
    AttendanceSignal,
    EventSignal,
    GradeSignal,
    SignalKind,
    WarningRules,
    grade_points,
    school_year_start,
    warning_flags,
)

TODAY = date(2026, 11, 27)  # a Friday
RULES = WarningRules()


def weeks(
    *attended: int, possible: int = 10, excused: int = 0, ending: date = TODAY
) -> list[AttendanceSignal]:
    """One signal per week, the last ending on `ending`, oldest first."""
    count = len(attended)
    return [
        AttendanceSignal(
            start=ending - timedelta(weeks=count - i) + timedelta(days=3),
            end=ending - timedelta(weeks=count - 1 - i),
            possible=possible,
            attended=value,
            excused=excused,
        )
        for i, value in enumerate(attended)
    ]


def kinds(**kwargs) -> list[SignalKind]:  # type: ignore[no-untyped-def]
    kwargs.setdefault("last_contact", None)
    return [flag.kind for flag in warning_flags(today=TODAY, rules=RULES, **kwargs)]


def test_attendance_at_exactly_the_line_is_flagged_and_just_above_is_not() -> None:
    assert kinds(attendance=weeks(9, 9, 9, 9)) == [SignalKind.ATTENDANCE]  # 90%: one session in ten missed
    assert kinds(attendance=weeks(10, 9, 10, 9)) == []  # 95%
    flag = warning_flags(attendance=weeks(9, 8, 9, 9), last_contact=None, today=TODAY, rules=RULES)[0]
    assert "Attended 35 of 40 sessions (88%)" in flag.reason and "5 missed" in flag.reason
    assert flag.evidence_on == TODAY


def test_attendance_needs_enough_sessions_and_leaves_excused_absence_out_by_default() -> None:
    assert kinds(attendance=weeks(5, possible=6)) == []  # six possible sessions: too few to judge
    # 8 of 10 attended each week, but both missed sessions excused: 8 of 8.
    assert kinds(attendance=weeks(8, 8, 8, 8, excused=2)) == []
    counting = WarningRules(count_excused_absence=True)
    assert warning_flags(
        attendance=weeks(8, 8, 8, 8, excused=2), last_contact=None, today=TODAY, rules=counting
    )


def test_attendance_never_reaches_back_past_the_start_of_the_school_year() -> None:
    # Four poor weeks ending 28 August, then two good ones in September: only September counts.
    summer = weeks(2, 2, 2, 2, ending=date(2026, 8, 28))
    autumn = weeks(10, 10, ending=date(2026, 9, 11))
    flags = warning_flags(attendance=summer + autumn, last_contact=None, today=date(2026, 9, 11), rules=RULES)
    assert flags == []
    assert school_year_start(date(2026, 9, 11), RULES) == date(2026, 9, 1)
    assert school_year_start(date(2026, 8, 31), RULES) == date(2025, 9, 1)


def test_a_fall_of_a_grade_between_a_subjects_two_latest_marks() -> None:
    grades = [
        GradeSignal(date(2026, 10, 1), "Maths", 5),
        GradeSignal(date(2026, 11, 20), "maths ", 4),
        GradeSignal(date(2026, 10, 1), "English", 6),
        GradeSignal(date(2026, 11, 20), "English", 5.5),
        GradeSignal(date(2026, 11, 20), "Art", 2),
    ]
    flags = warning_flags(grades=grades, last_contact=None, today=TODAY, rules=RULES)
    assert [f.kind for f in flags] == [SignalKind.GRADE]
    assert flags[0].reason.startswith("maths : 4 on 20 Nov, down 1 from 5 on 01 Oct")


def test_incidents_and_disengagement_within_the_window() -> None:
    three = [EventSignal(TODAY - timedelta(days=d), SignalKind.INCIDENT) for d in (1, 8, 20)]
    assert kinds(events=three) == [SignalKind.INCIDENT]
    old = [EventSignal(TODAY - timedelta(days=d), SignalKind.INCIDENT) for d in (1, 8, 40)]
    assert kinds(events=old) == []
    noticed = [EventSignal(TODAY - timedelta(days=d), SignalKind.DISENGAGEMENT) for d in (2, 3)]
    assert kinds(events=noticed) == [SignalKind.DISENGAGEMENT]


def test_any_contact_on_or_after_the_newest_evidence_marks_the_flag_followed_up() -> None:
    signals = weeks(7, 7, 7, 7)
    assert not warning_flags(
        attendance=signals, last_contact=TODAY - timedelta(days=1), today=TODAY, rules=RULES
    )[0].followed_up
    assert warning_flags(attendance=signals, last_contact=TODAY, today=TODAY, rules=RULES)[0].followed_up


@pytest.mark.parametrize(
    ("grade", "points"),
    [
        ("7", 7.0),
        ("4.5", 4.5),
        ("65%", 6.5),
        ("A*", 6.0),
        ("c", 3.0),
        ("Merit", 2.0),
        ("", None),
        ("X", None),
    ],
)
def test_grades_as_schools_write_them(grade: str, points: float | None) -> None:
    assert grade_points(grade) == points


def test_rules_that_cannot_work_are_named() -> None:
    assert WarningRules().problems() == []
    bad = WarningRules(attendance_at_or_below=120, incidents=0, grade_fall=0, school_year_starts=(2, 30))
    assert len(bad.problems()) == 4


def test_preferences_describe_the_rules_and_a_bad_school_year_start_falls_back(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tutordesk.settings import Settings

    path = tmp_path / "settings.json"
    path.write_text('{"attendance_warning_percent": 85, "school_year_starts": "08-15", "incident_weeks": 6}')
    rules = Settings.load(path).warning_rules()
    assert (rules.attendance_at_or_below, rules.school_year_starts, rules.incident_weeks) == (
        85.0,
        (8, 15),
        6,
    )
    path.write_text('{"school_year_starts": "02-30"}')
    assert Settings.load(path).warning_rules().school_year_starts == (9, 1)
    assert Settings().warning_rules() == WarningRules()
