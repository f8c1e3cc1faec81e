"""Mentoring on the Due list and the caseload: set-up, actions, replies and evaluations come and go as they
should, the SQL reply date agrees with `mentoring_rules.reply_due_at`, and the caseload shows the phase."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot
from sqlmodel import select

from tutordesk.documents.checklists import load_checklist, parse_checklist
from tutordesk.domain.enums import LearnerStatus
from tutordesk.domain.mentoring_enums import Phase
from tutordesk.domain.mentoring_models import (
    MeetingAction,
    MentoringContact,
    MentoringRelationship,
    MentoringTerms,
    PhaseRecord,
)
from tutordesk.domain.mentoring_rules import Boundaries, ContactFacts, parse_time, reply_due_at
from tutordesk.domain.models import Learner, Meeting
from tutordesk.services.caseload import due as due_module
from tutordesk.services.caseload.due import DueItem, due_items
from tutordesk.services.caseload.filtering import sort_rows
from tutordesk.services.caseload.rows import list_caseload
from tutordesk.vault.unit_of_work import UnitOfWork, recorded_statements
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 20)
MENTORING_KINDS = {"mentoring_setup", "mentoring_action", "mentoring_reply", "mentoring_evaluation"}
PHASE_ONE = load_checklist("mentoring_phase_1").item_ids


def _learner(uow: UnitOfWork, family: str = "Ashcombe", **extra: object) -> int:
    learner = Learner(given_name="Ada", family_name=family, started_on=date(2026, 9, 1), **extra)
    uow.session.add(learner)
    uow.session.flush()
    return int(learner.id or 0)


def _relationship(uow: UnitOfWork, learner_id: int, **extra: object) -> int:
    values: dict[str, object] = {"started_on": TODAY - timedelta(days=50), "setup_weeks": 6, **extra}
    relationship = MentoringRelationship(learner_id=learner_id, mentor_name="Alex Mentorley", **values)
    uow.session.add(relationship)
    uow.session.flush()
    return int(relationship.id or 0)


def _contact(
    uow: UnitOfWork,
    relationship_id: int,
    held_on: date,
    *,
    channel: str = "face_to_face",
    start_time: str = "",
    by: str = "mentor",
    next_on: date | None = None,
) -> int:
    relationship = uow.session.get(MentoringRelationship, relationship_id)
    assert relationship is not None
    meeting = Meeting(
        learner_id=relationship.learner_id, held_on=held_on, kind="mentoring_check_in", next_on=next_on
    )
    uow.session.add(meeting)
    uow.session.flush()
    uow.session.add(
        MentoringContact(
            meeting_id=int(meeting.id or 0),
            relationship_id=relationship_id,
            channel=channel,
            start_time=start_time,
            initiated_by=by,
        )
    )
    uow.session.flush()
    return int(meeting.id or 0)


def _tick(
    uow: UnitOfWork, relationship_id: int, item_ids: object, checklist: str = "mentoring_phase_1"
) -> None:
    for item_id in item_ids:  # type: ignore[attr-defined]
        uow.session.add(
            PhaseRecord(
                relationship_id=relationship_id, checklist_id=checklist, item_id=item_id, done_on=TODAY
            )
        )
    uow.session.flush()


def _mentoring_items(vault: Vault) -> list[DueItem]:
    with vault.unit_of_work() as uow:
        return [item for item in due_items(uow, today=TODAY) if item.kind in MENTORING_KINDS]


def _kinds(vault: Vault) -> set[str]:
    return {item.kind for item in _mentoring_items(vault)}


# -- set-up --------------------------------------------------------------------------------------------


def test_unfinished_set_up_is_due_six_weeks_after_the_start_counting_only_current_items(vault: Vault) -> None:
    started = TODAY - timedelta(days=50)
    with vault.unit_of_work() as uow:
        relationship_id = _relationship(uow, _learner(uow), started_on=started)
        _tick(uow, relationship_id, PHASE_ONE[:5])
        _tick(uow, relationship_id, ["an_item_the_institution_removed"])
        _tick(uow, relationship_id, load_checklist("mentoring_phase_2").item_ids)  # another phase's ticks
        uow.commit()
    [item] = _mentoring_items(vault)
    assert item.kind == "mentoring_setup"
    assert item.what == f"Mentoring set-up: 5 of {len(PHASE_ONE)} done"
    assert item.due_on == started + timedelta(weeks=6) and item.overdue

    with vault.unit_of_work() as uow:
        _tick(uow, relationship_id, PHASE_ONE[5:])
        uow.commit()
    assert _mentoring_items(vault) == []


def test_set_up_follows_the_checklist_file_as_the_institution_edited_it(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    with vault.unit_of_work() as uow:
        relationship_id = _relationship(uow, _learner(uow), mode="coaching")
        _tick(uow, relationship_id, PHASE_ONE[:3])
        uow.commit()
    [item] = _mentoring_items(vault)
    assert item.what == f"Coaching set-up: 3 of {len(PHASE_ONE)} done"

    items = "\n".join(f'[[items]]\nid = "{item_id}"\ntext = "Step"\n' for item_id in PHASE_ONE[:3])
    shorter = parse_checklist(
        f'id = "mentoring_phase_1"\nversion = "2.0"\ntitle = "Getting ready"\n{items}', origin="test"
    )
    monkeypatch.setattr(due_module, "load_checklist", lambda checklist_id: shorter)
    assert _mentoring_items(vault) == []  # the three ticks are every item there is now


def test_set_up_shows_its_date_ahead_and_is_overdue_only_after_it(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        _relationship(uow, _learner(uow), started_on=TODAY - timedelta(weeks=6), setup_weeks=6)
        _relationship(uow, _learner(uow, "Brackenridge"), started_on=TODAY - timedelta(days=3), setup_weeks=8)
        uow.commit()
    today_item, later_item = _mentoring_items(vault)
    assert today_item.due_on == TODAY and not today_item.overdue
    assert later_item.due_on == TODAY - timedelta(days=3) + timedelta(weeks=8)


# -- actions -------------------------------------------------------------------------------------------


def test_an_open_action_with_a_date_is_due_until_it_is_done(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        learner_id = _learner(uow)
        relationship_id = _relationship(uow, learner_id)
        _tick(uow, relationship_id, PHASE_ONE)
        meeting_id = _contact(uow, relationship_id, TODAY - timedelta(days=7))
        action = MeetingAction(
            meeting_id=meeting_id, action="Ring the garage about taster dates", due_on=TODAY
        )
        undated = MeetingAction(meeting_id=meeting_id, position=1, action="Think about the summer")
        # An action of an ordinary (not mentoring) meeting is not a mentoring action.
        plain = Meeting(learner_id=learner_id, held_on=TODAY - timedelta(days=2), kind="individual_tutorial")
        uow.session.add_all([action, undated, plain])
        uow.session.flush()
        uow.session.add(MeetingAction(meeting_id=int(plain.id or 0), action="Bring the folder", due_on=TODAY))
        uow.commit()
        action_id = action.id
    [item] = _mentoring_items(vault)
    assert (item.kind, item.due_on, item.overdue) == ("mentoring_action", TODAY, False)
    assert item.what == "Mentoring action: Ring the garage about taster dates"

    with vault.unit_of_work() as uow:
        done = uow.session.get(MeetingAction, action_id)
        assert done is not None
        done.done_on = TODAY
        uow.commit()
    assert _mentoring_items(vault) == []


# -- replies -------------------------------------------------------------------------------------------


def test_an_unanswered_message_is_due_when_the_agreed_reply_time_runs_out(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        relationship_id = _relationship(uow, _learner(uow))
        _tick(uow, relationship_id, PHASE_ONE)
        uow.session.add(MentoringTerms(relationship_id=relationship_id, mentor_reply_hours=24))
        from_learner = _contact(
            uow,
            relationship_id,
            TODAY - timedelta(days=2),
            channel="messaging",
            start_time="14:30",
            by="learner",
        )
        # No reply time agreed for the young person: the mentor's email waits for nothing.
        from_mentor = _contact(uow, relationship_id, TODAY, channel="email", start_time="09:00", by="mentor")
        _contact(uow, relationship_id, TODAY, channel="phone", start_time="10:00", by="learner")
        uow.commit()
    [item] = _mentoring_items(vault)
    assert (item.kind, item.due_on, item.overdue) == ("mentoring_reply", TODAY - timedelta(days=1), True)
    assert item.what == "Reply to the young person's message"

    with vault.unit_of_work() as uow:
        terms = uow.session.get(MentoringTerms, relationship_id)
        assert terms is not None
        terms.learner_reply_hours = 48
        uow.commit()
    awaited = [item for item in _mentoring_items(vault) if item.due_on == TODAY + timedelta(days=2)]
    assert [item.what for item in awaited] == ["Reply awaited to the mentor's email"]

    with vault.unit_of_work() as uow:
        for meeting_id in (from_learner, from_mentor):
            contact = uow.session.get(MentoringContact, meeting_id)
            assert contact is not None
            contact.answered_at = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
        uow.commit()
    assert _mentoring_items(vault) == []


def test_the_reply_date_in_sql_agrees_with_the_domain_rule(vault: Vault) -> None:
    """Generated contacts, odd times and month ends included: the SQL date is the rule's date, to the day."""
    rng = random.Random(20261120)
    times = ["", "09:30", "9:05", "00:00", "23:59", "12:00", " 7:05 ", "7: 5"]
    times += ["24:00", "12:60", "noon", "12:30:00", "21a:30", "-1:30", "10:-5", ":30", "22:"]  # midnight
    channels = ["face_to_face", "phone", "video", "messaging", "email"]
    hours = [None, 1, 2, 3, 11, 12, 13, 14, 24, 25, 48, 72, 336]
    expected: dict[int, date | None] = {}
    with vault.unit_of_work() as uow:
        for number in range(240):
            learner_id = _learner(uow, f"Case{number:03d}")
            relationship_id = _relationship(uow, learner_id)
            _tick(uow, relationship_id, PHASE_ONE)
            mentor_hours, learner_hours = rng.choice(hours), rng.choice(hours)
            uow.session.add(
                MentoringTerms(
                    relationship_id=relationship_id,
                    mentor_reply_hours=mentor_hours,
                    learner_reply_hours=learner_hours,
                )
            )
            held_on = rng.choice([date(2026, 1, 31), date(2024, 2, 28), date(2025, 12, 31)]) + timedelta(
                days=rng.randint(-1, 1)
            )
            start, channel, by = rng.choice(times), rng.choice(channels), rng.choice(["learner", "mentor"])
            _contact(uow, relationship_id, held_on, channel=channel, start_time=start, by=by)
            facts = ContactFacts(held_on, parse_time(start), channel, by)
            due = reply_due_at(
                facts, Boundaries(mentor_reply_hours=mentor_hours, learner_reply_hours=learner_hours)
            )
            expected[learner_id] = due.date() if due else None
        uow.commit()
    found = {
        item.learner_id: item.due_on for item in _mentoring_items(vault) if item.kind == "mentoring_reply"
    }
    assert found == {learner_id: day for learner_id, day in expected.items() if day is not None}
    assert 40 < len(found) < 240  # the cases reach both sides of every branch


# -- evaluations, closing, check-ins --------------------------------------------------------------------


def test_the_next_evaluation_is_due(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        relationship_id = _relationship(uow, _learner(uow), next_evaluation_on=TODAY + timedelta(days=10))
        _tick(uow, relationship_id, PHASE_ONE)
        uow.commit()
    [item] = _mentoring_items(vault)
    assert (item.kind, item.due_on, item.what) == (
        "mentoring_evaluation",
        TODAY + timedelta(days=10),
        "Mentoring evaluation",
    )


def _everything_due(uow: UnitOfWork, learner_id: int) -> int:
    """One relationship with something of every mentoring kind due."""
    relationship_id = _relationship(uow, learner_id, next_evaluation_on=TODAY + timedelta(days=5))
    uow.session.add(MentoringTerms(relationship_id=relationship_id, mentor_reply_hours=24))
    _contact(uow, relationship_id, TODAY, channel="messaging", start_time="16:00", by="learner")
    meeting_id = _contact(uow, relationship_id, TODAY - timedelta(days=1), next_on=TODAY + timedelta(days=13))
    uow.session.add(MeetingAction(meeting_id=meeting_id, action="Book a careers appointment", due_on=TODAY))
    uow.session.flush()
    return relationship_id


def test_closing_the_relationship_takes_all_of_it_off_the_list(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        relationship_id = _everything_due(uow, _learner(uow))
        uow.commit()
    assert _kinds(vault) == MENTORING_KINDS

    with vault.unit_of_work() as uow:
        relationship = uow.session.get(MentoringRelationship, relationship_id)
        assert relationship is not None
        relationship.status, relationship.closed_on, relationship.phase = "closed", TODAY, "4"
        uow.commit()
    assert _kinds(vault) == set()


def test_closed_and_archived_learners_have_no_mentoring_due(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        _everything_due(uow, _learner(uow, status=LearnerStatus.CLOSED.value))
        _everything_due(uow, _learner(uow, "Brackenridge", archived_at=datetime(2026, 11, 1, tzinfo=UTC)))
        uow.commit()
    assert _kinds(vault) == set()


def test_check_ins_are_due_through_the_next_meeting_date(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        learner_id = _learner(uow)
        relationship_id = _relationship(uow, learner_id)
        _contact(uow, relationship_id, TODAY - timedelta(days=14), next_on=TODAY - timedelta(days=1))
        _contact(uow, relationship_id, TODAY - timedelta(days=3), next_on=TODAY + timedelta(days=11))
        uow.commit()
    with vault.unit_of_work() as uow:
        meetings = [item for item in due_items(uow, today=TODAY) if item.kind == "meeting"]
    assert [(m.learner_id, m.due_on, m.what) for m in meetings] == [
        (learner_id, TODAY + timedelta(days=11), "Next meeting (mentoring check-in)")
    ]


# -- the caseload ---------------------------------------------------------------------------------------


@pytest.fixture
def three_learners(vault: Vault) -> tuple[int, int, int]:
    """Ada in two running relationships (phases 3 and 2) and a closed one; Bram in phase 1; Cleo in none."""
    with vault.unit_of_work() as uow:
        ada, bram, cleo = _learner(uow), _learner(uow, "Brackenridge"), _learner(uow, "Copperfold")
        _relationship(uow, ada, phase="3")
        _relationship(uow, ada, phase="2", mode="coaching")
        _relationship(uow, ada, phase="1", status="closed", closed_on=TODAY)
        _relationship(uow, bram, phase="1")
        _relationship(uow, cleo, phase="4", status="closed", closed_on=TODAY)
        uow.commit()
    return ada, bram, cleo


def test_the_caseload_shows_the_lowest_phase_of_the_running_relationships(
    vault: Vault, three_learners: tuple[int, int, int]
) -> None:
    ada, bram, cleo = three_learners
    with vault.unit_of_work() as uow:
        rows = {row.id: row for row in list_caseload(uow, today=TODAY)}
    assert rows[ada].mentoring_phase is Phase.GROWTH
    assert rows[bram].mentoring_phase is Phase.PREPARATION
    assert rows[cleo].mentoring_phase is None
    assert rows[ada].to_json()["mentoring_phase"] == "2" and rows[cleo].to_json()["mentoring_phase"] is None
    ordered = sort_rows(list(rows.values()), "mentoring")
    assert [row.id for row in ordered] == [bram, ada, cleo]  # phase order, nobody in mentoring last
    assert [row.id for row in sort_rows(list(rows.values()), "mentoring", descending=True)] == [
        cleo,
        ada,
        bram,
    ]


def test_the_caseload_model_has_a_mentoring_column(
    qtbot: QtBot, vault: Vault, three_learners: tuple[int, int, int]
) -> None:
    from PySide6.QtCore import Qt

    from tutordesk.ui.caseload.model import COLUMNS, CaseloadModel

    ada, _, cleo = three_learners
    with vault.unit_of_work() as uow:
        model = CaseloadModel(list_caseload(uow, today=TODAY))
    column = [header for header, _, _ in COLUMNS].index("Mentoring")
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Mentoring"
    shown = {model.row_at(r).id: model.index(r, column).data() for r in range(model.rowCount())}
    assert shown[ada] == "2 · Enabling growth" and shown[cleo] == ""
    model.sort(column, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, column).data() for r in range(model.rowCount())] == [
        "1 · Preparation and negotiation",
        "2 · Enabling growth",
        "",
    ]


def test_mentoring_keeps_the_caseload_to_two_statements(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        for number in range(30):
            learner_id = _learner(uow, f"Many{number:02d}")
            _everything_due(uow, learner_id)
            _relationship(uow, learner_id, phase=str(1 + number % 4))
        uow.commit()
    with recorded_statements(vault.engine) as statements, vault.unit_of_work() as uow:
        rows = list_caseload(uow, today=TODAY)
    assert len(rows) == 30 and all(row.mentoring_phase is not None for row in rows)
    assert len(statements) == 2  # the due items and the learners


def test_a_stored_phase_outside_the_four_shows_blank(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        learner_id = _learner(uow)
        _relationship(uow, learner_id, phase="9")
        uow.commit()
    with vault.unit_of_work() as uow:
        [row] = list_caseload(uow, today=TODAY)
        phases = uow.session.exec(select(MentoringRelationship.phase)).all()
    assert phases == ["9"] and row.mentoring_phase is None


def test_due_kinds_have_their_own_wording(vault: Vault) -> None:
    """No mentoring kind falls through to showing its code."""
    with vault.unit_of_work() as uow:
        _everything_due(uow, _learner(uow))
        uow.commit()
    for item in _mentoring_items(vault):
        assert "_" not in item.what and item.what[0].isupper()
