"""The calendar export on a real vault, read back with a real iCalendar parser (`icalendar`)."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from sqlmodel import select

from tutordesk.domain.models import AuditEntry, Learner, Meeting, VaultInfo
from tutordesk.domain.settling_in import settling_in_schedule
from tutordesk.domain.transition_models import SettlingInMeeting
from tutordesk.errors import BadInput, WouldOverwrite
from tutordesk.services.caseload.calendar_export import (
    calendar_events,
    export_calendar,
    first_name_and_initial,
)
from tutordesk.services.caseload.due import due_items
from tutordesk.services.mentoring import relationships as mentoring
from tutordesk.services.mentoring.relationships import ClosureInput, RelationshipInput
from tutordesk.services.plans import reviews as plan_reviews
from tutordesk.services.transitions import moves as transitions
from tutordesk.services.transitions.moves import TransitionInput
from tutordesk.vault import audit
from tutordesk.vault.unit_of_work import recorded_statements
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
FIRST_DAY = date(2027, 1, 4)
SURNAMES = ("Åberg-Featherstonehaugh", "Quennell", "Archivedson", "Closedworth")
CANARIES = (
    "CANARY-HEALTH",
    "CANARY-NEEDS",
    "CANARY-LEARNER-NOTE",
    "CANARY-MEETING-NOTE",
    "CANARY-FOLLOW-UP",
    "CANARY-ATTENDEE",
    "CANARY-REVIEW-NOTE",
    "CANARY-VOICE",
    "CANARY-SETTING",
    "CANARY-MANAGER",
    "CANARY-TRANSITION-NOTE",
    "CANARY-MENTOR",
)


@dataclass(frozen=True)
class Caseload:
    zoe: int
    jay: int
    archived: int
    closed: int
    transition: int
    newest_meeting: int
    older_meeting: int
    relationship: int


def _learner(uow, given: str, family: str, **extra: object) -> int:  # type: ignore[no-untyped-def]
    row = Learner(given_name=given, family_name=family, **extra)  # type: ignore[arg-type]
    uow.session.add(row)
    uow.session.flush()
    return int(row.id or 0)


def _meeting(uow, learner_id: int, held_on: date, next_on: date | None, **extra: str) -> int:  # type: ignore[no-untyped-def]
    row = Meeting(learner_id=learner_id, held_on=held_on, next_on=next_on, **extra)
    uow.session.add(row)
    uow.session.flush()
    return int(row.id or 0)


@pytest.fixture
def caseload(vault: Vault) -> Caseload:
    with vault.unit_of_work() as uow:
        zoe = _learner(
            uow,
            "Zoë",
            "Åberg-Featherstonehaugh",
            health_notes="CANARY-HEALTH asthma",
            additional_needs="CANARY-NEEDS",
            notes="CANARY-LEARNER-NOTE",
        )
        older = _meeting(uow, zoe, date(2026, 10, 1), date(2026, 10, 15), notes="CANARY-MEETING-NOTE")
        newest = _meeting(
            uow,
            zoe,
            date(2026, 11, 10),
            date(2026, 11, 24),
            notes="CANARY-MEETING-NOTE, talked about home",
            follow_ups="CANARY-FOLLOW-UP",
            attendees="CANARY-ATTENDEE",
        )
        plan_reviews.record_review(
            uow,
            learner_id=zoe,
            review=plan_reviews.ReviewInput(
                held_on=date(2026, 11, 2),
                note="CANARY-REVIEW-NOTE",
                learner_voice="CANARY-VOICE",
                next_review_on=date(2026, 12, 1),
            ),
        )
        transition = transitions.create_transition(
            uow,
            learner_id=zoe,
            data=TransitionInput(
                kind="mid_term",
                receiving_setting="CANARY-SETTING College",
                manager="CANARY-MANAGER",
                note="CANARY-TRANSITION-NOTE",
                leaving_on=date(2026, 12, 18),
                starts_on=FIRST_DAY,
            ),
        )
        relationship = mentoring.create_relationship(
            uow,
            learner_id=zoe,
            data=RelationshipInput(
                started_on=date(2026, 9, 7), mentor_name="CANARY-MENTOR", next_evaluation_on=date(2027, 1, 15)
            ),
        )
        jay = _learner(uow, "Jayden", "Quennell", preferred_name="Jay", status="re_engaging")
        _meeting(uow, jay, date(2026, 11, 16), date(2026, 11, 30))
        # A cancelled move and a closed relationship leave nothing in the calendar.
        transitions.create_transition(
            uow,
            learner_id=jay,
            data=TransitionInput(
                starts_on=date(2027, 2, 1), status="cancelled", leaving_on=date(2027, 1, 29)
            ),
        )
        ended = mentoring.create_relationship(
            uow,
            learner_id=jay,
            data=RelationshipInput(started_on=date(2026, 6, 1), next_evaluation_on=date(2026, 12, 3)),
        )
        mentoring.close_relationship(
            uow, relationship_id=ended, closure=ClosureInput(closed_on=date(2026, 11, 1))
        )
        archived = _learner(uow, "Ari", "Archivedson", archived_at=datetime(2026, 10, 1, tzinfo=UTC))
        _meeting(uow, archived, date(2026, 11, 1), date(2026, 11, 25))
        closed = _learner(uow, "Cleo", "Closedworth", status="closed")
        plan_reviews.record_review(
            uow,
            learner_id=closed,
            review=plan_reviews.ReviewInput(held_on=date(2026, 11, 3), next_review_on=date(2026, 12, 2)),
        )
        uow.commit()
    return Caseload(zoe, jay, archived, closed, transition, newest, older, relationship)


def _export(vault: Vault, target: Path, **options: object) -> tuple[bytes, list[icalendar.Event]]:
    options.setdefault("today", TODAY)
    options.setdefault("now", NOW)
    with vault.unit_of_work() as uow:
        export_calendar(uow, target=target, **options)  # type: ignore[arg-type]
        uow.commit()
    data = target.read_bytes()
    return data, list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def _by_summary(events: list[icalendar.Event]) -> dict[str, list[tuple[date, str]]]:
    found: dict[str, list[tuple[date, str]]] = {}
    for item in events:
        found.setdefault(str(item["SUMMARY"]), []).append(
            (item["DTSTART"].dt, str(item.get("DESCRIPTION", "")))
        )
    return found


def test_each_kind_of_date_is_an_all_day_event(vault: Vault, caseload: Caseload, tmp_path: Path) -> None:
    _, events = _export(vault, tmp_path / "c.ics")
    found = _by_summary(events)
    assert found["Plan review: Zoë Å."] == [(date(2026, 12, 1), "The next review of the plan")]
    # Only the newest meeting's next date; the older meeting's (15 October) is past the window anyway.
    assert found["Meeting: Zoë Å."] == [(date(2026, 11, 24), "The date agreed at the last meeting")]
    assert found["Meeting: Jay Q."] == [(date(2026, 11, 30), "The date agreed at the last meeting")]
    assert found["Last day before the move: Zoë Å."] == [(date(2026, 12, 18), "Mid-term move")]
    assert found["First day at the new setting: Zoë Å."] == [(FIRST_DAY, "Mid-term move")]
    assert found["Mentoring evaluation: Zoë Å."] == [
        (date(2027, 1, 15), "A look back at the targets together")
    ]
    # The transition made the four settling-in meetings; each is an event on the day it falls due.
    settling = found["Settling-in meeting: Zoë Å."]
    assert [day for day, _ in settling] == [day for _, day in settling_in_schedule(FIRST_DAY)]
    assert [text for _, text in settling] == [
        "Settling-in meeting after one week",
        "Settling-in meeting after one month",
        "Settling-in meeting after three months",
        "Settling-in meeting after six months",
    ]
    assert len(events) == 10
    for item in events:
        assert not isinstance(item["DTSTART"].dt, datetime)  # all-day: TutorDesk keeps no times for these
        assert item["DTSTAMP"].dt == NOW
        assert "TutorDesk" in [str(c) for c in item["CATEGORIES"].cats]


def test_no_surname_and_no_sensitive_detail_anywhere_in_the_file(
    vault: Vault, caseload: Caseload, tmp_path: Path
) -> None:
    data, events = _export(vault, tmp_path / "c.ics")
    # Unfolded too, so a word cut by a line fold cannot hide; NFC and NFD, and ignoring case.
    texts = [data.decode("utf-8"), data.replace(b"\r\n ", b"").decode("utf-8")]
    texts += [unicodedata.normalize("NFD", t) for t in texts]
    for text in texts:
        for secret in SURNAMES + CANARIES + ("asthma", "talked about home", "Jayden"):
            assert secret.casefold() not in text.casefold(), secret
            assert unicodedata.normalize("NFD", secret).casefold() not in text.casefold(), secret
    assert {str(e["SUMMARY"]).split(": ")[1] for e in events} == {"Zoë Å.", "Jay Q."}


def test_uids_are_the_same_in_every_export(vault: Vault, caseload: Caseload, tmp_path: Path) -> None:
    _, first = _export(vault, tmp_path / "a.ics")
    _, second = _export(vault, tmp_path / "a.ics", overwrite=True, now=NOW + timedelta(days=3))
    first_uids = {str(e["UID"]): str(e["SUMMARY"]) for e in first}
    second_uids = {str(e["UID"]): str(e["SUMMARY"]) for e in second}
    assert len(first_uids) == len(first)  # unique within the file
    assert first_uids == second_uids
    with vault.unit_of_work() as uow:
        vault_id = uow.session.get(VaultInfo, "vault_id").value  # type: ignore[union-attr]
    assert vault_id == vault.vault_id
    assert f"review-learner-{caseload.zoe}@{vault_id}.tutordesk" in first_uids
    assert f"meeting-{caseload.newest_meeting}@{vault_id}.tutordesk" in first_uids
    assert f"first-day-{caseload.transition}@{vault_id}.tutordesk" in first_uids
    assert f"mentoring-evaluation-{caseload.relationship}@{vault_id}.tutordesk" in first_uids
    # A date that moves keeps its UID, so re-importing moves the event rather than copying it.
    with vault.unit_of_work() as uow:
        transitions.update_transition(
            uow,
            transition_id=caseload.transition,
            data=TransitionInput(kind="mid_term", leaving_on=date(2026, 12, 18), starts_on=date(2027, 1, 11)),
        )
        uow.commit()
    _, moved = _export(vault, tmp_path / "a.ics", overwrite=True)
    assert {str(e["UID"]) for e in moved} == set(first_uids)
    assert {e["DTSTART"].dt for e in moved if str(e["UID"]).startswith("first-day-")} == {date(2027, 1, 11)}


def test_archived_and_closed_learners_are_left_out(vault: Vault, caseload: Caseload) -> None:
    with vault.unit_of_work() as uow:
        events = calendar_events(uow, today=TODAY)
        assert {e.learner_id for e in events} == {caseload.zoe, caseload.jay}
        # Archiving takes a learner's dates off; bringing them back returns them.
        learner = uow.session.get(Learner, caseload.jay)
        assert learner is not None
        learner.archived_at = datetime(2026, 11, 19, tzinfo=UTC)
        uow.session.add(learner)
        uow.session.flush()
        assert {e.learner_id for e in calendar_events(uow, today=TODAY)} == {caseload.zoe}


def test_the_window_and_held_settling_in_meetings(vault: Vault, caseload: Caseload) -> None:
    later = date(2027, 2, 20)
    with vault.unit_of_work() as uow:
        # The horizon: only what falls within N days from today (Jay's meeting on the 30th is ten days away).
        soon = calendar_events(uow, today=TODAY, horizon_days=7)
        assert [(e.on, e.summary) for e in soon] == [(date(2026, 11, 24), "Meeting: Zoë Å.")]
        with pytest.raises(BadInput):
            calendar_events(uow, today=TODAY, horizon_days=-1)
        rows = {
            m.milestone: m
            for m in uow.session.exec(
                select(SettlingInMeeting).where(SettlingInMeeting.transition_id == caseload.transition)
            ).all()
        }
        # One week: held 39 days before `later`, outside the 30-day past window. One month: held inside it.
        transitions.record_settling_in(
            uow, settling_id=rows["1w"].id or 0, held_on=date(2027, 1, 13), run_by="x", values={}
        )
        transitions.record_settling_in(
            uow, settling_id=rows["1m"].id or 0, held_on=date(2027, 2, 5), run_by="x", values={}
        )
        settling = [e for e in calendar_events(uow, today=later) if e.kind == "settling_in"]
        assert [(e.on, e.description) for e in settling] == [
            (date(2027, 2, 5), "Settling-in meeting after one month (held)"),
            (date(2027, 4, 4), "Settling-in meeting after three months"),
            (date(2027, 7, 4), "Settling-in meeting after six months"),
        ]
        # Not yet held and long overdue: it is still to be done, so it stays whatever the past window.
        transitions.record_settling_in(
            uow, settling_id=rows["1w"].id or 0, held_on=None, run_by="", values={}
        )
        overdue = [
            e.on for e in calendar_events(uow, today=later, include_past_days=0) if e.kind == "settling_in"
        ]
        assert overdue[0] == date(2027, 1, 11)


def test_an_existing_file_is_refused_unless_overwrite(
    vault: Vault, caseload: Caseload, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "calendar.ics"
    target.write_text("the tutor's own file")
    with vault.unit_of_work() as uow:
        with pytest.raises(WouldOverwrite, match="already exists"):
            export_calendar(uow, target=target, today=TODAY)
        uow.commit()
    assert target.read_text() == "the tutor's own file"
    assert sorted(p.name for p in folder.iterdir()) == ["calendar.ics"]  # no temporary file left behind
    with vault.unit_of_work() as uow:
        assert _exports(uow) == []
    data, events = _export(vault, target, overwrite=True)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and len(events) == 10
    with vault.unit_of_work() as uow, pytest.raises(BadInput, match="no folder"):
        export_calendar(uow, target=tmp_path / "missing" / "c.ics", today=TODAY)


def _exports(uow) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    return list(uow.session.exec(select(AuditEntry).where(AuditEntry.action == "calendar.exported")).all())


def test_each_export_is_one_audit_row_without_names(vault: Vault, caseload: Caseload, tmp_path: Path) -> None:
    first, _ = _export(vault, tmp_path / "a.ics")
    second, _ = _export(vault, tmp_path / "b.ics", horizon_days=5)
    with vault.unit_of_work() as uow:
        rows = _exports(uow)
        assert audit.first_broken_entry(uow.session) is None
    assert len(rows) == 2
    for row, data in zip(rows, (first, second), strict=True):
        digest = hashlib.sha256(data).hexdigest()
        assert row.artifact_sha256 == digest
        detail = json.loads(row.detail)
        assert detail["sha256"] == digest
        assert detail["events"] == len(icalendar.Calendar.from_ical(data).walk("VEVENT"))
        for name in ("Zoë", "Jay", *SURNAMES):
            assert name not in row.subject + row.detail + row.purpose
    assert rows[0].subject == ",".join(f"learner:{i}" for i in sorted((caseload.zoe, caseload.jay)))
    assert rows[1].subject == f"learner:{caseload.zoe}"  # Jay's only date is ten days away
    assert json.loads(rows[1].detail)["events"] < json.loads(rows[0].detail)["events"]


def test_nothing_planned_writes_no_file(vault: Vault, tmp_path: Path) -> None:
    with vault.unit_of_work() as uow:
        _learner(uow, "Noor", "Nodates")
        with pytest.raises(BadInput, match="no calendar file was written"):
            export_calendar(uow, target=tmp_path / "c.ics", today=TODAY)
    assert not (tmp_path / "c.ics").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["data"]  # the vault's folder, and nothing else


def test_the_number_of_statements_does_not_grow_with_the_caseload(vault: Vault) -> None:
    def statements_for(learners: int) -> int:
        with vault.unit_of_work() as uow:
            for number in range(learners):
                learner_id = _learner(uow, f"L{number}", f"F{number}")
                _meeting(uow, learner_id, date(2026, 11, 1), date(2026, 12, 1))
                transitions.create_transition(
                    uow, learner_id=learner_id, data=TransitionInput(starts_on=date(2027, 1, 4))
                )
            uow.session.flush()
            with recorded_statements(vault.engine) as seen:
                events = calendar_events(uow, today=TODAY)
            assert len(events) == learners * 6
            return len(seen)

    assert statements_for(2) == statements_for(40) <= 2  # the vault's id, then every event


def test_reviews_and_meetings_match_the_due_list_on_a_demo_vault(vault: Vault, tmp_path: Path) -> None:
    from tutordesk.demo.caseload import fill_demo

    with vault.unit_of_work() as uow:
        fill_demo(uow, learners=30, seed=5, today=TODAY)
        uow.commit()
    with vault.unit_of_work() as uow:
        events = calendar_events(uow, today=TODAY, horizon_days=120)
        due = due_items(uow, today=TODAY)
        family_names = {
            name for (name,) in uow.session.connection().exec_driver_sql("SELECT family_name FROM learner")
        }
    since, until = TODAY - timedelta(days=30), TODAY + timedelta(days=120)
    for kind in ("review", "meeting", "mentoring_evaluation"):
        expected = sorted(
            (d.learner_id, d.due_on) for d in due if d.kind == kind and since <= d.due_on <= until
        )
        assert sorted((e.learner_id, e.on) for e in events if e.kind == kind) == expected, kind
    assert any(e.kind == "review" for e in events) and any(e.kind == "meeting" for e in events)
    data, _ = _export(vault, tmp_path / "demo.ics", horizon_days=120)
    text = data.replace(b"\r\n ", b"").decode("utf-8")
    assert all(f" {name}" not in text for name in family_names if len(name) > 1)


def test_first_name_and_initial() -> None:
    assert first_name_and_initial("", "Zoë", "Åberg") == "Zoë Å."
    assert first_name_and_initial("Jay", "Jayden", "Quennell") == "Jay Q."
    assert first_name_and_initial("", "Sam", "") == "Sam"
    decomposed = unicodedata.normalize("NFD", "Ångström")
    assert first_name_and_initial(" ", " Zoë ", decomposed) == "Zoë Å."
    assert first_name_and_initial("", "Олександра", "Йовенко") == "Олександра Й."
    assert first_name_and_initial("", "Ada", "de Vries") == "Ada d."
