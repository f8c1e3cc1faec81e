"""Records of a kind described in `forms/records/` (a family interaction, an incident, an adjustment, a
visit), kept in the generic `learner_record` table: list a learner's records of a kind, save one with its
values checked against the kind, delete one.

Each record keeps the kind's version it was written with; its date and due date are copied into typed
columns when it is saved, so a list or the Due list can read them without opening the values.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import col, select

from tutordesk.documents.record_kind_definitions import RecordKind, RecordRow
from tutordesk.domain.models import Learner, utc_now
from tutordesk.domain.record_models import LearnerRecord
from tutordesk.errors import BadInput
from tutordesk.vault.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class LearnerRecordView(RecordRow):
    """One stored record: its values by field id, with what the vault keeps about it."""

    kind: str = ""
    form_version: str = ""
    record_date: date | None = None
    due_on: date | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


def list_records(uow: UnitOfWork, *, learner_id: int, kind: RecordKind) -> list[LearnerRecordView]:
    """A learner's records of `kind`, in the kind's order (newest first by its date unless it says otherwise)."""
    rows = uow.session.exec(
        select(LearnerRecord)
        .where(LearnerRecord.learner_id == learner_id, LearnerRecord.kind == kind.id)
        # The kind's own order is applied below; this one keeps equal records in a stable order.
        .order_by(col(LearnerRecord.record_date).desc(), col(LearnerRecord.id).desc())
    ).all()
    return kind.sorted_rows(_view(row) for row in rows)


def save_record(
    uow: UnitOfWork,
    *,
    learner_id: int,
    kind: RecordKind,
    values: Mapping[str, str],
    record_id: int | None = None,
    today: date | None = None,
) -> int:
    """Store a new record of `kind` (or change `record_id`) after checking its values; returns its id."""
    problems = kind.problems(values, today or date.today())
    if problems:
        raise BadInput(problems[0][1])
    cleaned = kind.cleaned(values)
    if record_id is None:
        if uow.session.get(Learner, learner_id) is None:
            raise BadInput("That learner is not in this vault (perhaps it was removed).")
        row = LearnerRecord(learner_id=learner_id, kind=kind.id, form_version=kind.version)
    else:
        found = uow.session.get(LearnerRecord, record_id)
        if found is None or found.learner_id != learner_id or found.kind != kind.id:
            raise BadInput("That record is not in this vault any more.")
        row = found
        # Values of fields the kind no longer lists are kept: a later version may list them again.
        kept = {k: v for k, v in _values(row).items() if k not in cleaned}
        cleaned = {**kept, **cleaned}
        row.form_version = kind.version
        row.updated_at = utc_now()
    row.record_date = kind.record_date(cleaned)
    row.due_on = kind.due_on(cleaned)
    row.values_json = json.dumps(cleaned, ensure_ascii=False, sort_keys=True)
    uow.session.add(row)
    uow.session.flush()
    assert row.id is not None
    return row.id


def delete_record(uow: UnitOfWork, *, learner_id: int, record_id: int) -> None:
    """Erase one record (the vault overwrites the freed space); a record already gone is not an error."""
    row = uow.session.get(LearnerRecord, record_id)
    if row is None:
        return
    if row.learner_id != learner_id:
        raise BadInput("That record is not in this vault any more.")
    uow.session.delete(row)
    uow.session.flush()


def _values(row: LearnerRecord) -> dict[str, str]:
    try:
        loaded = json.loads(row.values_json or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}


def _view(row: LearnerRecord) -> LearnerRecordView:
    assert row.id is not None
    return LearnerRecordView(
        id=row.id,
        values=_values(row),
        kind=row.kind,
        form_version=row.form_version,
        record_date=row.record_date,
        due_on=row.due_on,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
