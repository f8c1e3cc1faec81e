"""Early-warning flags: explained judgements derived from a learner's signals, never stored.

Signals are what someone saw: attendance over a week or a period, marks over time, behaviour incidents and
noticed disengagement. The rules are a setting's preferences (`WarningRules`, with published defaults: the
England persistent-absence line of missing one session in ten, a fall of a grade or more, three incidents
in four weeks) and each rule carries the exclusions that peer systems learnt the hard way:

- the window never reaches back past the start of the school year;
- attendance is judged only over enough possible sessions (a learner who joined last week is not flagged);
- excused absences are left out unless the setting counts them;
- the threshold is inclusive (exactly 90% is "missing one session in ten": flagged), and says so;
- any contact logged on or after the newest evidence marks the flag as followed up, so nobody has to
  invent an entry to clear a list.

Flags are recomputed from the signals whenever they are read, so one that no longer holds simply goes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class SignalKind(StrEnum):
    ATTENDANCE = "attendance"
    GRADE = "grade"
    INCIDENT = "incident"
    DISENGAGEMENT = "disengagement"


@dataclass(frozen=True)
class AttendanceSignal:
    """Sessions over one week or period: possible, attended, and how many of the missed were excused."""

    start: date
    end: date
    possible: int
    attended: int
    excused: int = 0


@dataclass(frozen=True)
class GradeSignal:
    """A mark in one subject at one point; `points` is on a scale where higher is better (see `grade_points`)."""

    on: date
    subject: str
    points: float


@dataclass(frozen=True)
class EventSignal:
    """A behaviour incident or a moment of noticed disengagement."""

    on: date
    kind: SignalKind


@dataclass(frozen=True)
class WarningRules:
    attendance_at_or_below: float = 90.0  # percent of possible sessions attended
    attendance_weeks: int = 4
    attendance_minimum_sessions: int = 10  # fewer possible sessions in the window: no judgement
    count_excused_absence: bool = False
    grade_fall: float = 1.0  # points (one grade) between a subject's two latest marks
    incidents: int = 3
    incident_weeks: int = 4
    disengagement: int = 2  # noticed this often within `incident_weeks`
    school_year_starts: tuple[int, int] = (9, 1)  # month, day

    def problems(self) -> list[str]:
        """Plain sentences for values that cannot work (the preferences dialog shows them)."""
        found = []
        if not 0 < self.attendance_at_or_below <= 100:
            found.append("The attendance line must be a percentage above 0 and at most 100.")
        for name, value in (
            ("weeks of attendance", self.attendance_weeks),
            ("weeks for incidents", self.incident_weeks),
            ("incidents", self.incidents),
            ("times disengagement is noticed", self.disengagement),
        ):
            if not 1 <= value <= 52:
                found.append(f"The number of {name} must be from 1 to 52.")
        if self.attendance_minimum_sessions < 1:
            found.append("At least one possible session is needed to judge attendance.")
        if self.grade_fall <= 0:
            found.append("A fall in marks must be more than nothing.")
        month, day = self.school_year_starts
        try:
            date(2001, month, day)
        except ValueError:
            found.append("The school year's first day is not a date.")
        return found


@dataclass(frozen=True)
class WarningFlag:
    kind: SignalKind
    reason: str  # one plain sentence with the figures behind it
    evidence_on: date  # the newest signal the flag rests on
    followed_up: bool  # a contact was logged on or after `evidence_on`

    @property
    def label(self) -> str:
        return {
            SignalKind.ATTENDANCE: "Attendance",
            SignalKind.GRADE: "Marks falling",
            SignalKind.INCIDENT: "Incidents",
            SignalKind.DISENGAGEMENT: "Disengaged",
        }[self.kind]


def school_year_start(today: date, rules: WarningRules) -> date:
    month, day = rules.school_year_starts
    start = date(today.year, month, day)
    return start if start <= today else date(today.year - 1, month, day)


def warning_flags(
    *,
    attendance: Iterable[AttendanceSignal] = (),
    grades: Iterable[GradeSignal] = (),
    events: Iterable[EventSignal] = (),
    last_contact: date | None,
    today: date,
    rules: WarningRules,
) -> list[WarningFlag]:
    """Every rule that holds for one learner today, with its reason, newest evidence and follow-up."""
    year_start = school_year_start(today, rules)
    flags = [
        _attendance_flag(attendance, today, year_start, rules),
        *_grade_flags(grades, year_start, rules),
        _event_flag(events, SignalKind.INCIDENT, rules.incidents, today, year_start, rules),
        _event_flag(events, SignalKind.DISENGAGEMENT, rules.disengagement, today, year_start, rules),
    ]
    return [
        WarningFlag(kind, reason, on, followed_up=last_contact is not None and last_contact >= on)
        for found in flags
        if found is not None
        for kind, reason, on in [found]
    ]


_Found = tuple[SignalKind, str, date] | None


def _window_start(today: date, weeks: int, year_start: date) -> date:
    return max(today - timedelta(weeks=weeks), year_start)


def _attendance_flag(
    signals: Iterable[AttendanceSignal], today: date, year_start: date, rules: WarningRules
) -> _Found:
    since = _window_start(today, rules.attendance_weeks, year_start)
    inside = [s for s in signals if s.start >= since and s.end <= today]
    possible = sum(s.possible for s in inside)
    attended = sum(s.attended for s in inside)
    if not rules.count_excused_absence:
        possible -= sum(s.excused for s in inside)
    if possible < rules.attendance_minimum_sessions:
        return None
    percent = 100.0 * attended / possible
    if percent > rules.attendance_at_or_below:
        return None
    missed = possible - attended
    reason = (
        f"Attended {attended} of {possible} sessions ({percent:.0f}%) since {since:%d %b}: "
        f"{missed} missed, at or below the {rules.attendance_at_or_below:g}% line."
    )
    return SignalKind.ATTENDANCE, reason, max(s.end for s in inside)


def _grade_flags(signals: Iterable[GradeSignal], year_start: date, rules: WarningRules) -> list[_Found]:
    by_subject: dict[str, list[GradeSignal]] = {}
    for signal in signals:
        if signal.on >= year_start:
            by_subject.setdefault(signal.subject.strip().casefold(), []).append(signal)
    found: list[_Found] = []
    for marks in by_subject.values():
        if len(marks) < 2:
            continue
        earlier, latest = sorted(marks, key=lambda s: s.on)[-2:]
        fall = earlier.points - latest.points
        if fall >= rules.grade_fall:
            reason = (
                f"{latest.subject}: {_points(latest.points)} on {latest.on:%d %b}, "
                f"down {_points(fall)} from {_points(earlier.points)} on {earlier.on:%d %b}."
            )
            found.append((SignalKind.GRADE, reason, latest.on))
    return found


def _event_flag(
    signals: Iterable[EventSignal],
    kind: SignalKind,
    at_least: int,
    today: date,
    year_start: date,
    rules: WarningRules,
) -> _Found:
    since = _window_start(today, rules.incident_weeks, year_start)
    dates = sorted(s.on for s in signals if s.kind is kind and since <= s.on <= today)
    if len(dates) < at_least:
        return None
    noun = "incidents recorded" if kind is SignalKind.INCIDENT else "times noticed as disengaged"
    reason = f"{len(dates)} {noun} since {since:%d %b} (the line is {at_least})."
    return kind, reason, dates[-1]


def _points(value: float) -> str:
    return f"{value:g}"


# Grades as schools record them, turned into points where one grade is one point. Numbers (the 9-1 scale,
# or any other) are taken as they are; percentages count ten points to a grade. Vocational grades are read
# only as words (Pass, Merit, Distinction): their single letters would clash with A-level's D.
_LETTER_SCALES: Sequence[Sequence[str]] = (
    ("U", "E", "D", "C", "B", "A", "A*"),
    ("FAIL", "PASS", "MERIT", "DISTINCTION", "DISTINCTION*"),
)


def grade_points(grade: str) -> float | None:
    """Points for a grade written as a number, a percentage or a letter; None when it is not a grade."""
    text = grade.strip().upper()
    if not text:
        return None
    if text.endswith("%"):
        try:
            return float(text[:-1]) / 10.0
        except ValueError:
            return None
    try:
        return float(text)
    except ValueError:
        pass
    for scale in _LETTER_SCALES:
        if text in scale:
            return float(scale.index(text))
    return None
