"""Signals and measures through the record adapters the generic list and editor use: values in, rows out,
edits kept to their own row, and measures kept by their own workflow refused with where to go."""

from __future__ import annotations

from datetime import date

import pytest

from tests.support.builders import add_learner, add_plan
from tutordesk.documents.record_kinds import load_record_kind
from tutordesk.errors import BadInput
from tutordesk.services.followup import record_adapters as adapters
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 27)


def test_attendance_round_trips_and_an_edit_changes_its_own_row(vault: Vault) -> None:
    learner = add_learner(vault)
    values = {
        "period_start": "2026-11-16",
        "period_end": "2026-11-20",
        "possible": "10",
        "attended": "8",
        "excused": "",
    }
    with vault.unit_of_work() as uow:
        first = adapters.save_attendance_values(uow, learner_id=learner, values=values, today=TODAY)
        other = adapters.save_attendance_values(
            uow,
            learner_id=learner,
            values={**values, "period_start": "2026-11-09", "period_end": "2026-11-13"},
            today=TODAY,
        )
        adapters.save_attendance_values(
            uow, learner_id=learner, values={**values, "attended": "9"}, today=TODAY, record_id=first
        )
        with pytest.raises(BadInput, match="already recorded"):
            adapters.save_attendance_values(
                uow, learner_id=learner, values=values, today=TODAY, record_id=other
            )
        with pytest.raises(BadInput, match="must be a whole number"):
            adapters.save_attendance_values(
                uow, learner_id=learner, values={**values, "possible": "9.5"}, today=TODAY
            )
        rows = adapters.attendance_rows(uow, learner_id=learner)
    assert [(r.id, r.values["attended"], r.values["excused"]) for r in rows] == [
        (first, "9", "0"),
        (other, "8", "0"),
    ]


def test_marks_and_events_round_trip(vault: Vault) -> None:
    learner = add_learner(vault)
    with vault.unit_of_work() as uow:
        mark = adapters.save_mark_values(
            uow,
            learner_id=learner,
            values={"observed_on": "2026-11-02", "subject": "Maths", "grade": "6"},
            today=TODAY,
        )
        adapters.save_mark_values(
            uow,
            learner_id=learner,
            values={"observed_on": "2026-11-02", "subject": "Maths", "grade": "5"},
            today=TODAY,
            record_id=mark,
        )
        event = adapters.save_event_values(
            uow,
            learner_id=learner,
            values={"kind": "incident", "observed_on": "2026-11-20", "note": "Shouted in class"},
            today=TODAY,
        )
        with pytest.raises(BadInput, match="incident or a sign"):
            adapters.save_event_values(uow, learner_id=learner, values={"kind": "mood"}, today=TODAY)
        assert [r.values["grade"] for r in adapters.mark_rows(uow, learner_id=learner)] == ["5"]
        assert adapters.event_rows(uow, learner_id=learner)[0].values["note"] == "Shouted in class"
        adapters.delete_signal_record(uow, learner_id=learner, record_id=event)
        assert adapters.event_rows(uow, learner_id=learner) == []


def test_measures_from_the_catalogue_and_ones_kept_elsewhere(vault: Vault) -> None:
    learner = add_learner(vault)
    add_plan(vault, learner, agreed_on=date(2026, 10, 1))
    kind = adapters.measure_kind(load_record_kind("measure"))
    offered = [choice.value for choice in kind.field("measure_id").choices]
    assert "counselling" in offered and "road_map_plan" not in offered  # started in the Plans tab
    with vault.unit_of_work() as uow:
        row_id = adapters.save_measure_values(
            uow,
            learner_id=learner,
            values={"measure_id": "counselling", "started_on": "2026-11-02"},
            today=TODAY,
        )
        adapters.save_measure_values(
            uow,
            learner_id=learner,
            values={
                "measure_id": "counselling",
                "started_on": "2026-11-02",
                "ended_on": "2026-11-25",
                "outcome": "Calmer",
            },
            today=TODAY,
            record_id=row_id,
        )
        rows = adapters.measure_rows(uow, learner_id=learner)
        kept = [r for r in rows if r.id < 0]
        assert [r.values["outcome"] for r in kept] == ["Kept in the Plans tab"]
        with pytest.raises(BadInput, match="change it there"):
            adapters.save_measure_values(
                uow, learner_id=learner, values=kept[0].values, today=TODAY, record_id=kept[0].id
            )
        with pytest.raises(BadInput, match="end it there"):
            adapters.delete_measure_record(uow, learner_id=learner, record_id=kept[0].id)
        with pytest.raises(BadInput, match="Say when the measure ended"):
            adapters.save_measure_values(
                uow,
                learner_id=learner,
                values={"measure_id": "counselling", "started_on": "2026-11-02", "outcome": "Calmer"},
                today=TODAY,
            )
    ended = next(r for r in rows if r.id == row_id)
    assert (ended.values["ended_on"], ended.values["outcome"]) == ("2026-11-25", "Calmer")
