"""Barriers and support needs as records of the kinds `forms/records/barrier.toml` and
`support_need.toml`, so the generic record list and editor can show and change them while they keep their
own tables and the rules of `services.plans.baseline`.

Each kind's field ids are the table's columns; `check_kind` refuses a definition that names others, since
their values would have nowhere to go.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import date

from tutordesk.documents.record_kind_definitions import NO, YES, RecordKind, RecordRow, parse_day
from tutordesk.domain.plan_models import Barrier, SupportNeed
from tutordesk.errors import BadInput, FormError
from tutordesk.services.plans import baseline
from tutordesk.services.plans.baseline import BarrierInput, BarrierView, SupportNeedInput, SupportNeedView
from tutordesk.vault.unit_of_work import UnitOfWork

BARRIER_FIELDS = tuple(f.name for f in fields(BarrierInput))
SUPPORT_NEED_FIELDS = tuple(f.name for f in fields(SupportNeedInput))


def check_kind(kind: RecordKind, names: tuple[str, ...]) -> RecordKind:
    """`kind`, if its fields are exactly `names` (the table's columns); otherwise a FormError saying so."""
    ids = tuple(f.id for f in kind.fields)
    if sorted(ids) != sorted(names):
        raise FormError(
            kind.origin,
            f"its fields must be exactly {', '.join(names)}, the columns its records are kept in "
            f"(it has {', '.join(ids)})",
        )
    return kind


def _text(value: object) -> str:
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def _row(view: BarrierView | SupportNeedView) -> RecordRow:
    values = {f.name: _text(getattr(view, f.name)) for f in fields(view) if f.name != "id"}
    return RecordRow(id=view.id, values=values)


def barrier_rows(uow: UnitOfWork, *, learner_id: int) -> list[RecordRow]:
    """A learner's barriers as records, open ones first."""
    return [_row(view) for view in baseline.list_barriers(uow, learner_id=learner_id)]


def save_barrier_values(
    uow: UnitOfWork, *, learner_id: int, values: Mapping[str, str], record_id: int | None = None
) -> int:
    """Save a barrier from a record's values, through the barrier's own rules; returns its id."""
    barrier = BarrierInput(
        domain=values.get("domain", ""),
        description=values.get("description", ""),
        source=values.get("source", ""),
        action=values.get("action", ""),
        status=values.get("status", ""),
        resolve_by=parse_day(values.get("resolve_by", "")),
    )
    return baseline.save_barrier(uow, learner_id=learner_id, barrier=barrier, barrier_id=record_id)


def delete_barrier(uow: UnitOfWork, *, learner_id: int, record_id: int) -> None:
    """Delete one of the learner's barriers."""
    row = uow.session.get(Barrier, record_id)
    _check_owner(row.learner_id if row is not None else None, learner_id)
    baseline.delete_record(uow, kind="barrier", record_id=record_id)


def support_need_rows(uow: UnitOfWork, *, learner_id: int) -> list[RecordRow]:
    """A learner's additional support needs as records, those not yet in place first."""
    return [_row(view) for view in baseline.list_support_needs(uow, learner_id=learner_id)]


def save_support_need_values(
    uow: UnitOfWork, *, learner_id: int, values: Mapping[str, str], record_id: int | None = None
) -> int:
    """Save a support need from a record's values, through the support need's own rules; returns its id."""
    need = SupportNeedInput(
        need=values.get("need", ""),
        provider=values.get("provider", ""),
        in_place=values.get("in_place", NO) == YES,
        needed_by=parse_day(values.get("needed_by", "")),
        note=values.get("note", ""),
    )
    return baseline.save_support_need(uow, learner_id=learner_id, need=need, need_id=record_id)


def delete_support_need(uow: UnitOfWork, *, learner_id: int, record_id: int) -> None:
    """Delete one of the learner's support needs."""
    row = uow.session.get(SupportNeed, record_id)
    _check_owner(row.learner_id if row is not None else None, learner_id)
    baseline.delete_record(uow, kind="need", record_id=record_id)


def _check_owner(owner: int | None, learner_id: int) -> None:
    """A record of another learner is refused; one already gone is not an error (deleting it does nothing)."""
    if owner is not None and owner != learner_id:
        raise BadInput("That record is not in this vault any more.")
