"""The demo's last step: a well-kept caseload, with a handful of things overdue rather than hundreds.

The demo's generators give every learner a plausible history, and left alone they let about one thing in
eight slip past its date. A tutor trying TutorDesk should meet a caseload that looks looked after, so this
step reads what is overdue through the real Due list and brings it up to date as a tutor would have (a
stage marked done, a meeting booked, a message answered), keeping for each kind of item one learner in
every 200 whose item is still overdue, so the Due list shows what overdue looks like.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import text

from tutordesk.documents.checklists import load_checklist
from tutordesk.domain.mentoring_enums import Phase
from tutordesk.services.caseload.due import due_items
from tutordesk.vault.unit_of_work import UnitOfWork

#: For every this many learners, one learner keeps each kind of overdue item.
LEARNERS_PER_KEPT = 200

_Run = Callable[[str, dict[str, Any]], None]

#: "Those learners": the ids arrive as a JSON array in :ids.
_THEIRS = "SELECT value FROM json_each(:ids)"


def catch_up(uow: UnitOfWork, *, learner_ids: list[int], seed: int, today: date) -> int:
    """Bring most of these learners' overdue items up to date; returns how many overdue items are left."""
    rng = random.Random(seed * 7919 + 17)  # noqa: S311 - fictional data, reproducible from the seed
    overdue: dict[str, set[int]] = {}
    for item in due_items(uow, today=today, learner_ids=learner_ids):
        if item.overdue:
            overdue.setdefault(item.kind, set()).add(item.learner_id)
    connection = uow.connection()

    def run(sql: str, params: dict[str, Any]) -> None:
        connection.execute(text(sql), {"today": today.isoformat(), **params})

    per_kind = max(1, len(learner_ids) // LEARNERS_PER_KEPT)
    for kind in sorted(overdue):
        learners = sorted(overdue[kind])
        kept = set(rng.sample(learners, k=min(per_kind, len(learners))))
        resolve = _RESOLVERS.get(kind)
        if resolve is not None:
            resolve(run, {"ids": json.dumps([i for i in learners if i not in kept])}, uow, today)
    return sum(item.overdue for item in due_items(uow, today=today, learner_ids=learner_ids))


def _meetings(run: _Run, params: dict[str, Any], uow: UnitOfWork, today: date) -> None:
    # The next meeting is booked for the coming three weeks.
    run(
        f"""UPDATE meeting SET next_on = date(:today, '+' || (id % 21 + 1) || ' days')
            WHERE learner_id IN ({_THEIRS}) AND next_on < :today""",
        params,
    )


def _contacts(run: _Run, params: dict[str, Any], uow: UnitOfWork, today: date) -> None:
    # The next contact is booked for the coming three weeks.
    run(
        f"""UPDATE contact_log SET next_on = date(:today, '+' || (id % 21 + 1) || ' days')
            WHERE learner_id IN ({_THEIRS}) AND next_on < :today
              AND id = (SELECT c.id FROM contact_log AS c
                        WHERE c.learner_id = contact_log.learner_id AND c.next_on IS NOT NULL
                        ORDER BY c.held_on DESC, c.at_time DESC, c.id DESC LIMIT 1)""",
        params,
    )


def _follow_ups(run: _Run, params: dict[str, Any], uow: UnitOfWork, today: date) -> None:
    # Done on the day they were due.
    run(
        f"""UPDATE contact_follow_up SET done_on = due_on
            WHERE learner_id IN ({_THEIRS}) AND done_on IS NULL AND due_on < :today""",
        params,
    )


def _reviews(run: _Run, params: dict[str, Any], uow: UnitOfWork, today: date) -> None:
    # The newest review set the next one in the coming fortnight.
    run(
        """UPDATE plan_review SET next_review_on = date(:today, '+' || (id % 14 + 3) || ' days')
            WHERE id IN (SELECT (SELECT r.id FROM plan_review AS r WHERE r.learner_id = value
                                 ORDER BY r.held_on DESC, r.id DESC LIMIT 1) FROM json_each(:ids))""",
        params,
    )


def _stages(run: _Run, params: dict[str, Any], uow: UnitOfWork, today: date) -> None:
    run(
        f"""UPDATE plan_stage SET status = 'done'
            WHERE target_on < :today AND status NOT IN ('done', 'dropped')
              AND plan_version_id IN (SELECT id FROM plan_version
                                      WHERE status = 'agreed' AND learner_id IN ({_THEIRS}))""",
        params,
    )


def _support(run: _Run, params: dict[str, Any], uow: UnitOfWork, today: date) -> None:
    run(
        f"""UPDATE support_need SET in_place = 1
            WHERE learner_id IN ({_THEIRS}) AND NOT in_place AND needed_by < :today""",
        params,
    )


def _mentoring_setup(run: _Run, params: dict[str, Any], uow: UnitOfWork, today: date) -> None:
    # The phase-1 checklist was finished the day before it fell due.
    checklist = load_checklist(Phase.PREPARATION.checklist_id)
    items = json.dumps([item.id for item in checklist.items])
    run(
        f"""INSERT INTO phase_record (relationship_id, checklist_id, item_id, done_on, note, created_at)
            SELECT r.id, :checklist, j.value, date(r.started_on, '+' || (7 * r.setup_weeks - 1) || ' days'), '',
                   :now
            FROM mentoring_relationship AS r, json_each(:items) AS j
            WHERE r.learner_id IN ({_THEIRS}) AND r.status = 'active'
              AND date(r.started_on, '+' || (7 * r.setup_weeks) || ' days') < :today
              AND NOT EXISTS (SELECT 1 FROM phase_record AS p WHERE p.relationship_id = r.id
                              AND p.checklist_id = :checklist AND p.item_id = j.value)""",
        {
            **params,
            "checklist": Phase.PREPARATION.checklist_id,
            "items": items,
            "now": datetime.now(UTC).replace(microsecond=0, tzinfo=None).isoformat(sep=" "),
        },
    )


def _mentoring_actions(run: _Run, params: dict[str, Any], uow: UnitOfWork, today: date) -> None:
    run(
        f"""UPDATE meeting_action SET done_on = due_on
            WHERE done_on IS NULL AND due_on < :today
              AND meeting_id IN (SELECT id FROM meeting WHERE learner_id IN ({_THEIRS}))""",
        params,
    )


def _mentoring_replies(run: _Run, params: dict[str, Any], uow: UnitOfWork, today: date) -> None:
    # Answered two hours after the message, kept in UTC as the contacts service keeps it.
    for contact_id, held_on, start_time in uow.rows(
        f"""SELECT c.meeting_id, m.held_on, c.start_time FROM mentoring_contact AS c JOIN meeting AS m ON m.id = c.meeting_id
            WHERE c.answered_at IS NULL AND c.channel IN ('messaging', 'email') AND m.held_on < :today
              AND m.learner_id IN ({_THEIRS})""",
        {**params, "today": today.isoformat()},
    ):
        hours, _, minutes = (start_time or "9:00").partition(":")
        try:
            sent = datetime.combine(date.fromisoformat(held_on), time(int(hours), int(minutes)))
        except ValueError:
            sent = datetime.combine(date.fromisoformat(held_on), time(9, 0))
        answered = (sent + timedelta(hours=2)).astimezone(UTC).replace(tzinfo=None)
        run(
            "UPDATE mentoring_contact SET answered_at = :at WHERE meeting_id = :id",
            {"at": answered, "id": contact_id},
        )


def _mentoring_evaluations(run: _Run, params: dict[str, Any], uow: UnitOfWork, today: date) -> None:
    run(
        f"""UPDATE mentoring_relationship SET next_evaluation_on = date(:today, '+' || (id % 20 + 5) || ' days')
            WHERE learner_id IN ({_THEIRS}) AND status = 'active' AND next_evaluation_on < :today""",
        params,
    )


def _transition_items(run: _Run, params: dict[str, Any], uow: UnitOfWork, today: date) -> None:
    run(
        f"""UPDATE transition_item SET done_on = due_on
            WHERE done_on IS NULL AND due_on < :today
              AND transition_id IN (SELECT id FROM transition WHERE learner_id IN ({_THEIRS}))""",
        params,
    )


def _settling_in(run: _Run, params: dict[str, Any], uow: UnitOfWork, today: date) -> None:
    run(
        f"""UPDATE settling_in_meeting SET held_on = due_on
            WHERE held_on IS NULL AND due_on < :today
              AND transition_id IN (SELECT id FROM transition WHERE learner_id IN ({_THEIRS}))""",
        params,
    )


_RESOLVERS: dict[str, Callable[[_Run, dict[str, Any], UnitOfWork, date], None]] = {
    "meeting": _meetings,
    "contact": _contacts,
    "follow_up": _follow_ups,
    "review": _reviews,
    "stage": _stages,
    "support": _support,
    "mentoring_setup": _mentoring_setup,
    "mentoring_action": _mentoring_actions,
    "mentoring_reply": _mentoring_replies,
    "mentoring_evaluation": _mentoring_evaluations,
    "transition_item": _transition_items,
    "settling_in": _settling_in,
}
