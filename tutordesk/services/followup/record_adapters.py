"""Signals and measures as records of the kinds in `forms/records/` (`attendance`, `mark`,
`behaviour_event`, `measure`), so the generic record list and editor show and change them while they keep
their own table and the rules of `services.followup.signals` and `measures`.

A measure shown from its own workflow (a plan, mentoring, a move) has no row here: it is listed with a
negative id and its name, and changing or deleting it says where it is kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date

from sqlmodel import col, select

from tutordesk.documents.procedures import MeasureCatalogue, load_catalogue
from tutordesk.documents.record_kind_definitions import Choice, RecordKind, RecordRow, parse_day
from tutordesk.domain.early_warning import SignalKind
from tutordesk.domain.followup_models import LearnerMeasure, WarningSignal
from tutordesk.errors import BadInput
from tutordesk.services.followup import measures, signals
from tutordesk.services.followup.signals import AttendanceInput, EventInput, MarkInput
from tutordesk.vault.unit_of_work import UnitOfWork

_KEPT_IN = {"plan": "the Plans tab", "mentoring": "the Mentoring tab", "transition": "the Transitions tab"}


def _day(values: Mapping[str, str], key: str, missing: str) -> date:
    day = parse_day(values.get(key, ""))
    if day is None:
        raise BadInput(missing)
    return day


def _whole(values: Mapping[str, str], key: str, label: str, *, default: int | None = None) -> int:
    text = values.get(key, "").strip().replace(",", ".")
    if not text and default is not None:
        return default
    try:
        number = float(text)
    except ValueError:
        raise BadInput(f"{label} must be a whole number.") from None
    if number != int(number):
        raise BadInput(f"{label} must be a whole number.")
    return int(number)


def _signal_rows(uow: UnitOfWork, learner_id: int, *kinds: SignalKind) -> list[WarningSignal]:
    return list(
        uow.session.exec(
            select(WarningSignal)
            .where(
                WarningSignal.learner_id == learner_id, col(WarningSignal.kind).in_([k.value for k in kinds])
            )
            .order_by(col(WarningSignal.observed_on).desc(), col(WarningSignal.id).desc())
        )
    )


def _text(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


# -- attendance -----------------------------------------------------------------------------------------


def attendance_rows(uow: UnitOfWork, *, learner_id: int) -> list[RecordRow]:
    """A learner's attendance periods as records, newest first."""
    return [
        RecordRow(
            id=row.id or 0,
            values={
                "period_start": _text(row.period_start),
                "period_end": _text(row.observed_on),
                "possible": _text(row.sessions_possible),
                "attended": _text(row.sessions_attended),
                "excused": _text(row.sessions_excused or 0),
                "note": row.note,
                "observed_by": row.observed_by,
            },
        )
        for row in _signal_rows(uow, learner_id, SignalKind.ATTENDANCE)
    ]


def save_attendance_values(
    uow: UnitOfWork, *, learner_id: int, values: Mapping[str, str], today: date, record_id: int | None = None
) -> int:
    """Save attendance from a record's values, through the signal rules; returns its id."""
    data = AttendanceInput(
        period_start=_day(values, "period_start", "Say when the week or period began."),
        period_end=_day(values, "period_end", "Say when the week or period ended."),
        possible=_whole(values, "possible", "Possible sessions"),
        attended=_whole(values, "attended", "Sessions attended"),
        excused=_whole(values, "excused", "Excused absences", default=0),
        note=values.get("note", ""),
        observed_by=values.get("observed_by", ""),
    )
    return signals.record_attendance(uow, learner_id=learner_id, data=data, today=today, signal_id=record_id)


# -- marks ----------------------------------------------------------------------------------------------


def mark_rows(uow: UnitOfWork, *, learner_id: int) -> list[RecordRow]:
    """A learner's marks as records, newest first."""
    return [
        RecordRow(
            id=row.id or 0,
            values={
                "observed_on": _text(row.observed_on),
                "subject": row.subject,
                "grade": row.grade,
                "note": row.note,
                "observed_by": row.observed_by,
            },
        )
        for row in _signal_rows(uow, learner_id, SignalKind.GRADE)
    ]


def save_mark_values(
    uow: UnitOfWork, *, learner_id: int, values: Mapping[str, str], today: date, record_id: int | None = None
) -> int:
    """Save a mark from a record's values; returns its id."""
    data = MarkInput(
        observed_on=_day(values, "observed_on", "Say when the mark was given."),
        subject=values.get("subject", ""),
        grade=values.get("grade", ""),
        note=values.get("note", ""),
        observed_by=values.get("observed_by", ""),
    )
    return signals.record_mark(uow, learner_id=learner_id, data=data, today=today, signal_id=record_id)


# -- incidents and disengagement ------------------------------------------------------------------------


def event_rows(uow: UnitOfWork, *, learner_id: int) -> list[RecordRow]:
    """A learner's incidents and signs of disengagement as records, newest first."""
    return [
        RecordRow(
            id=row.id or 0,
            values={
                "kind": row.kind,
                "observed_on": _text(row.observed_on),
                "note": row.note,
                "observed_by": row.observed_by,
            },
        )
        for row in _signal_rows(uow, learner_id, SignalKind.INCIDENT, SignalKind.DISENGAGEMENT)
    ]


def save_event_values(
    uow: UnitOfWork, *, learner_id: int, values: Mapping[str, str], today: date, record_id: int | None = None
) -> int:
    """Save an incident or sign of disengagement from a record's values; returns its id."""
    kind = values.get("kind", "")
    if kind not in (SignalKind.INCIDENT.value, SignalKind.DISENGAGEMENT.value):
        raise BadInput("Say whether it was an incident or a sign of disengagement.")
    data = EventInput(
        observed_on=_day(values, "observed_on", "Say when it happened."),
        kind=SignalKind(kind),
        note=values.get("note", ""),
        observed_by=values.get("observed_by", ""),
    )
    return signals.record_event(uow, learner_id=learner_id, data=data, today=today, signal_id=record_id)


def delete_signal_record(uow: UnitOfWork, *, learner_id: int, record_id: int) -> None:
    """Delete one of the learner's signals."""
    signals.delete_signal(uow, learner_id=learner_id, signal_id=record_id)


# -- measures -------------------------------------------------------------------------------------------


def measure_kind(kind: RecordKind, catalogue: MeasureCatalogue | None = None) -> RecordKind:
    """`kind` with its measure choice filled from the setting's catalogue: the measures a person can start
    here (those kept by their own workflow are started there)."""
    catalogue = catalogue or load_catalogue()
    choices = tuple(Choice(m.id, m.name) for m in catalogue.measures if not m.shown_from)
    fields = tuple(
        dataclasses.replace(f, choices=choices) if f.id == "measure_id" else f for f in kind.fields
    )
    return dataclasses.replace(kind, fields=fields)


def measure_rows(uow: UnitOfWork, *, learner_id: int) -> list[RecordRow]:
    """A learner's measures as records, those in place first; ones kept elsewhere have negative ids."""
    rows = []
    for number, view in enumerate(measures.learner_measures(uow, learner_id=learner_id), start=1):
        values = {
            # A measure kept by its own workflow is not among the editor's choices (it is started there), so
            # its row carries the measure's name, which the list shows as it is.
            "measure_id": view.name if view.kept_in else view.measure_id,
            "started_on": _text(view.started_on),
            "ended_on": _text(view.ended_on),
            "outcome": view.outcome if not view.kept_in else f"Kept in {_KEPT_IN[view.kept_in]}",
            "note": view.note,
        }
        rows.append(RecordRow(id=view.id if view.id is not None else -number, values=values))
    return rows


def save_measure_values(
    uow: UnitOfWork, *, learner_id: int, values: Mapping[str, str], today: date, record_id: int | None = None
) -> int:
    """Start a measure, or change one (its dates, outcome and note), from a record's values; returns its id."""
    started = _day(values, "started_on", "Say when the measure started.")
    ended = parse_day(values.get("ended_on", ""))
    outcome, note = values.get("outcome", ""), values.get("note", "")
    if record_id is not None and record_id < 0:
        raise BadInput("This measure is kept where it began (a plan, mentoring or a move); change it there.")
    if record_id is None:
        record_id = measures.start_measure(
            uow,
            learner_id=learner_id,
            measure_id=values.get("measure_id", ""),
            started_on=started,
            today=today,
            note=note,
        )
    else:
        row = uow.session.get(LearnerMeasure, record_id)
        if row is None or row.learner_id != learner_id:
            raise BadInput("That measure is not in this vault any more.")
        if started > today:
            raise BadInput("A measure is recorded once it has started.")
        row.started_on, row.note, row.measure_id = (
            started,
            note.strip(),
            values.get("measure_id", row.measure_id),
        )
        row.ended_on, row.outcome = None, ""
        uow.session.add(row)
        uow.session.flush()
    if ended is not None:
        measures.end_measure(uow, measure_row_id=record_id, ended_on=ended, outcome=outcome, today=today)
    elif outcome.strip():
        raise BadInput("Say when the measure ended, or leave how it went until it has.")
    return record_id


def delete_measure_record(uow: UnitOfWork, *, learner_id: int, record_id: int) -> None:
    """Delete one of the learner's measures (not one kept by its own workflow)."""
    if record_id < 0:
        raise BadInput("This measure is kept where it began (a plan, mentoring or a move); end it there.")
    row = uow.session.get(LearnerMeasure, record_id)
    if row is None or row.learner_id != learner_id:
        raise BadInput("That measure is not in this vault any more.")
    measures.remove_measure(uow, measure_row_id=record_id)
