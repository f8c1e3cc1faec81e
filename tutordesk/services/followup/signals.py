"""Early-warning signals: recording attendance, marks, incidents and noticed disengagement for a learner,
reading them back, and the flags the setting's rules derive from them for many learners at once.

Flags are never stored: `flags_for` reads the signals of the current school year and each learner's last
contact of any kind (the caseload's definition) in two statements, and judges them with
`domain.early_warning`, so a flag that no longer holds simply goes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, text
from sqlmodel import col, select

from tutordesk.domain.dates import long_date
from tutordesk.domain.early_warning import (
    AttendanceSignal,
    EventSignal,
    GradeSignal,
    SignalKind,
    WarningFlag,
    WarningRules,
    grade_points,
    school_year_start,
    warning_flags,
)
from tutordesk.domain.followup_models import WarningSignal
from tutordesk.domain.models import Learner
from tutordesk.errors import BadInput
from tutordesk.services.caseload.due_sources import LAST_CONTACT_SQL
from tutordesk.vault.unit_of_work import UnitOfWork

NOTE_LIMIT = 1000
MOST_SESSIONS = 1000  # in one period: ten a day for a hundred days is already generous
ENTERED = "Entered by hand"


@dataclass(frozen=True, slots=True)
class AttendanceInput:
    period_start: date
    period_end: date
    possible: int
    attended: int
    excused: int = 0
    note: str = ""
    observed_by: str = ""


@dataclass(frozen=True, slots=True)
class MarkInput:
    observed_on: date
    subject: str
    grade: str
    note: str = ""
    observed_by: str = ""


@dataclass(frozen=True, slots=True)
class EventInput:
    observed_on: date
    kind: SignalKind  # INCIDENT or DISENGAGEMENT
    note: str = ""
    observed_by: str = ""


@dataclass(frozen=True, slots=True)
class SignalView:
    id: int
    kind: SignalKind
    observed_on: date
    summary: str  # one line: "Attended 8 of 10 sessions (80%), 2 to 6 Dec", "Maths: 4", "Incident: …"
    note: str
    source: str
    observed_by: str
    percent: float | None = None  # attendance only, for the trend chart
    points: float | None = None  # marks only


def attendance_problem(data: AttendanceInput, *, today: date) -> str | None:
    """One plain sentence saying what cannot be right about an attendance period, or None."""
    if data.period_start > data.period_end:
        return "The period starts after it ends."
    if data.period_end > today:
        return f"The period ends on {long_date(data.period_end)}, which has not come yet."
    if not 1 <= data.possible <= MOST_SESSIONS:
        return f"The number of possible sessions must be from 1 to {MOST_SESSIONS}."
    if not 0 <= data.attended <= data.possible:
        return f"Sessions attended must be from 0 to the {data.possible} possible."
    if not 0 <= data.excused <= data.possible - data.attended:
        return f"Excused absences must be from 0 to the {data.possible - data.attended} sessions missed."
    return None


def record_attendance(
    uow: UnitOfWork,
    *,
    learner_id: int,
    data: AttendanceInput,
    today: date,
    source: str = ENTERED,
    signal_id: int | None = None,
) -> int:
    """Record attendance over one period, or change the record `signal_id`; returns the row's id. A period
    already recorded for the learner is replaced rather than doubled."""
    problem = attendance_problem(data, today=today)
    if problem:
        raise BadInput(problem)
    _require_learner(uow, learner_id)
    same_period = uow.session.exec(
        select(WarningSignal).where(
            WarningSignal.learner_id == learner_id,
            WarningSignal.kind == SignalKind.ATTENDANCE.value,
            WarningSignal.period_start == data.period_start,
            WarningSignal.observed_on == data.period_end,
        )
    ).first()
    if signal_id is not None:
        row = _own(uow, learner_id, signal_id, SignalKind.ATTENDANCE)
        if same_period is not None and same_period.id != signal_id:
            raise BadInput("Attendance for that period is already recorded; change that one instead.")
    else:
        row = same_period or WarningSignal(
            learner_id=learner_id, kind=SignalKind.ATTENDANCE.value, observed_on=data.period_end
        )
    row.observed_on = data.period_end
    row.period_start = data.period_start
    row.sessions_possible = data.possible
    row.sessions_attended = data.attended
    row.sessions_excused = data.excused
    return _save(uow, row, note=data.note, observed_by=data.observed_by, source=source)


def record_mark(
    uow: UnitOfWork,
    *,
    learner_id: int,
    data: MarkInput,
    today: date,
    source: str = ENTERED,
    signal_id: int | None = None,
) -> int:
    """Record a mark in one subject; the grade may be a number, a percentage or a letter grade."""
    subject = " ".join(data.subject.split())
    if not subject:
        raise BadInput("Say which subject the mark is for.")
    points = grade_points(data.grade)
    if points is None:
        raise BadInput(
            f"{data.grade.strip() or 'An empty grade'} is not a grade TutorDesk can compare: write a number "
            "(like 5), a percentage (like 62%) or a letter grade (A* to U, or Pass, Merit, Distinction)."
        )
    _not_future(data.observed_on, today)
    _require_learner(uow, learner_id)
    row = (
        _own(uow, learner_id, signal_id, SignalKind.GRADE)
        if signal_id is not None
        else WarningSignal(learner_id=learner_id, kind=SignalKind.GRADE.value, observed_on=data.observed_on)
    )
    row.observed_on = data.observed_on
    row.subject = subject
    row.grade = data.grade.strip()
    row.grade_points = points
    return _save(uow, row, note=data.note, observed_by=data.observed_by, source=source)


def record_event(
    uow: UnitOfWork,
    *,
    learner_id: int,
    data: EventInput,
    today: date,
    source: str = ENTERED,
    signal_id: int | None = None,
) -> int:
    """Record a behaviour incident or a moment of noticed disengagement."""
    if data.kind not in (SignalKind.INCIDENT, SignalKind.DISENGAGEMENT):
        raise BadInput("Only an incident or noticed disengagement is recorded this way.")
    if not data.note.strip():
        raise BadInput("Say in a few words what happened or what was noticed.")
    _not_future(data.observed_on, today)
    _require_learner(uow, learner_id)
    if signal_id is not None:
        row = _own(uow, learner_id, signal_id, SignalKind.INCIDENT, SignalKind.DISENGAGEMENT)
        row.kind = data.kind.value
        row.observed_on = data.observed_on
    else:
        row = WarningSignal(learner_id=learner_id, kind=data.kind.value, observed_on=data.observed_on)
    return _save(uow, row, note=data.note, observed_by=data.observed_by, source=source)


def delete_signal(uow: UnitOfWork, *, learner_id: int, signal_id: int) -> None:
    """Remove one signal recorded by mistake."""
    removed = uow.session.exec(
        delete(WarningSignal).where(
            col(WarningSignal.id) == signal_id, col(WarningSignal.learner_id) == learner_id
        )
    )
    if not removed.rowcount:
        raise BadInput("That signal is not in this vault any more.")


def learner_signals(uow: UnitOfWork, *, learner_id: int) -> list[SignalView]:
    """A learner's signals, newest first, each summed up in one line."""
    rows = uow.session.exec(
        select(WarningSignal)
        .where(WarningSignal.learner_id == learner_id)
        .order_by(col(WarningSignal.observed_on).desc(), col(WarningSignal.id).desc())
    ).all()
    return [_view(row) for row in rows]


def flags_for(
    uow: UnitOfWork, *, learner_ids: Iterable[int] | None = None, today: date, rules: WarningRules
) -> dict[int, list[WarningFlag]]:
    """The early-warning flags of every learner (or of `learner_ids`) today: learners without one are left out.
    Two statements: the signals of the school year, and the last contact of each learner who has some."""
    by_learner = _signals_by_learner(uow, learner_ids, today, rules)
    if not by_learner:
        return {}
    return _judged(by_learner, _last_contacts(uow, by_learner), today, rules)


def flags_with_contacts(
    uow: UnitOfWork,
    *,
    last_contacts: Mapping[int, date | None],
    learner_ids: Iterable[int] | None = None,
    today: date,
    rules: WarningRules,
) -> dict[int, list[WarningFlag]]:
    """`flags_for` for a caller that has read each learner's last contact already (the caseload has):
    one statement."""
    by_learner = _signals_by_learner(uow, learner_ids, today, rules)
    contacts = {learner_id: last for learner_id, last in last_contacts.items() if last is not None}
    return _judged(by_learner, contacts, today, rules)


def _signals_by_learner(
    uow: UnitOfWork, learner_ids: Iterable[int] | None, today: date, rules: WarningRules
) -> dict[int, list[WarningSignal]]:
    wanted = None if learner_ids is None else sorted(set(learner_ids))
    since = school_year_start(today, rules)
    statement = select(WarningSignal).where(col(WarningSignal.observed_on) >= since)
    if wanted is not None:
        statement = statement.where(col(WarningSignal.learner_id).in_(wanted))
    by_learner: dict[int, list[WarningSignal]] = defaultdict(list)
    for row in uow.session.exec(statement):
        by_learner[row.learner_id].append(row)
    return by_learner


def _judged(
    by_learner: Mapping[int, list[WarningSignal]],
    contacts: Mapping[int, date],
    today: date,
    rules: WarningRules,
) -> dict[int, list[WarningFlag]]:
    flags: dict[int, list[WarningFlag]] = {}
    for learner_id, rows in by_learner.items():
        found = warning_flags(
            attendance=[_attendance(r) for r in rows if r.kind == SignalKind.ATTENDANCE.value],
            grades=[
                GradeSignal(r.observed_on, r.subject, r.grade_points)
                for r in rows
                if r.kind == SignalKind.GRADE.value and r.grade_points is not None
            ],
            events=[
                EventSignal(r.observed_on, SignalKind(r.kind))
                for r in rows
                if r.kind in (SignalKind.INCIDENT.value, SignalKind.DISENGAGEMENT.value)
            ],
            last_contact=contacts.get(learner_id),
            today=today,
            rules=rules,
        )
        if found:
            flags[learner_id] = found
    return flags


def _last_contacts(uow: UnitOfWork, learner_ids: Iterable[int]) -> dict[int, date]:
    ids = ",".join(str(int(i)) for i in learner_ids)
    sql = f"SELECT id, {LAST_CONTACT_SQL.format(learner='learner.id')} FROM learner WHERE id IN ({ids})"
    return {
        int(learner_id): date.fromisoformat(str(last))
        for learner_id, last in uow.session.connection().execute(text(sql))
        if last
    }


def _attendance(row: WarningSignal) -> AttendanceSignal:
    return AttendanceSignal(
        start=row.period_start or row.observed_on,
        end=row.observed_on,
        possible=row.sessions_possible or 0,
        attended=row.sessions_attended or 0,
        excused=row.sessions_excused or 0,
    )


def _view(row: WarningSignal) -> SignalView:
    assert row.id is not None
    kind = SignalKind(row.kind)
    percent = None
    if kind is SignalKind.ATTENDANCE:
        possible, attended = row.sessions_possible or 0, row.sessions_attended or 0
        percent = 100.0 * attended / possible if possible else None
        start = row.period_start or row.observed_on
        summary = (
            f"Attended {attended} of {possible} sessions ({percent or 0:.0f}%), "
            f"{start:%d %b} to {row.observed_on:%d %b %Y}"
        )
        if row.sessions_excused:
            summary += f"; {row.sessions_excused} excused"
    elif kind is SignalKind.GRADE:
        summary = f"{row.subject}: {row.grade}"
    else:
        label = "Incident" if kind is SignalKind.INCIDENT else "Seemed disengaged"
        summary = f"{label}: {row.note}" if row.note else label
    return SignalView(
        id=row.id,
        kind=kind,
        observed_on=row.observed_on,
        summary=summary,
        note=row.note,
        source=row.source,
        observed_by=row.observed_by,
        percent=percent,
        points=row.grade_points,
    )


def _save(uow: UnitOfWork, row: WarningSignal, *, note: str, observed_by: str, source: str) -> int:
    note = note.strip()
    if len(note) > NOTE_LIMIT:
        raise BadInput(f"Keep the note under {NOTE_LIMIT} characters.")
    row.note = note
    row.observed_by = " ".join(observed_by.split())
    row.source = source
    uow.session.add(row)
    uow.session.flush()
    assert row.id is not None
    return row.id


def _own(uow: UnitOfWork, learner_id: int, signal_id: int, *kinds: SignalKind) -> WarningSignal:
    row = uow.session.get(WarningSignal, signal_id)
    if row is None or row.learner_id != learner_id or row.kind not in {k.value for k in kinds}:
        raise BadInput("That signal is not in this vault any more.")
    return row


def _require_learner(uow: UnitOfWork, learner_id: int) -> None:
    if uow.session.get(Learner, learner_id) is None:
        raise BadInput("That learner is not in this vault (perhaps it was removed).")


def _not_future(day: date, today: date) -> None:
    if day > today:
        raise BadInput(f"{long_date(day)} has not come yet; record what has been seen.")


def trend(views: Sequence[SignalView], kind: SignalKind) -> list[tuple[date, float]]:
    """The points of a learner's trend chart, oldest first: attendance percentages, or a subject's marks."""
    values = [
        (v.observed_on, v.percent if kind is SignalKind.ATTENDANCE else v.points)
        for v in views
        if v.kind is kind
    ]
    return sorted((day, value) for day, value in values if value is not None)
