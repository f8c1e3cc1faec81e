"""What is due across the caseload: one statement over every source of due dates.

Each source (`due_sources`) is an SQL fragment selecting (learner_id, due_on, kind, detail); `due_items`
joins them with UNION ALL for learners who are not archived or closed, so the whole list is one query
however many sources later work adds, and turns each row into a `DueItem` in words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Any

from tutordesk.documents.checklists import load_checklist
from tutordesk.documents.procedures import load_procedure
from tutordesk.domain import dates
from tutordesk.domain.contact_enums import ContactKind
from tutordesk.domain.mentoring_enums import ContactChannel, InitiatedBy, Phase, RelationshipMode
from tutordesk.domain.mentoring_rules import PhaseProgress
from tutordesk.domain.transition_enums import Milestone, TransitionKind
from tutordesk.services.caseload.due_sources import DUE_SOURCES
from tutordesk.vault.unit_of_work import UnitOfWork

_KIND_TEXT = {
    "meeting": "Next meeting",
    "no_contact": "Contact due",
    "contact": "Next contact",
    "follow_up": "Follow-up",
    "review": "Plan review",
    "stage": "Stage target",
    "contract": "Contract to sign",
    "support": "Support to put in place",
    "mentoring_setup": "Mentoring set-up",
    "mentoring_action": "Mentoring action",
    "mentoring_reply": "Reply to a message",
    "mentoring_evaluation": "Mentoring evaluation",
    "handover_receipt": "Handover pack to be acknowledged",
    "transition_item": "Transition step",
    "settling_in": "Settling-in meeting",
    "transition_day": "First day at the new setting",
    "case_step": "Follow-up step",
}
_TRANSITION_KINDS = frozenset(("transition_item", "settling_in", "transition_day"))


@dataclass(slots=True)  # not frozen: a frozen dataclass costs three times as much to build, per item
class DueItem:
    learner_id: int
    learner_name: str
    due_on: date
    kind: str
    what: str
    overdue: bool


#: Keeps a due statement to the learners in :learner_ids (a JSON array), in each source and around them all:
#: SQLite then reads those learners' rows from each source's index rather than every learner's. A source
#: whose grouped subquery SQLite would still build for every learner marks where the subquery is kept to
#: them: `/*only learner_id*/` or `/*only <alias>.relationship_id*/` (a mentoring relationship's id).
_ONLY = "learner_id IN (SELECT value FROM json_each(:learner_ids))"
_ONLY_MARK = re.compile(r"/\*only ((?:\w+\.)?(learner_id|relationship_id))\*/")


def _keep_to_learners(sql: str) -> str:
    def condition(match: re.Match[str]) -> str:
        column, kind = match.group(1), match.group(2)
        if kind == "learner_id":
            return f"AND {column} IN (SELECT value FROM json_each(:learner_ids))"
        return f"AND {column} IN (SELECT id FROM mentoring_relationship WHERE {_ONLY})"

    return _ONLY_MARK.sub(condition, sql)


@cache
def _statement(keep: str = "until", only: bool = False) -> str:
    """The due statement, keeping the items up to :until (all of them when it is NULL) with keep="until";
    those and every learner's earliest item with "until_and_earliest"; only each learner's earliest with
    "earliest". The caseload's "Next due" column needs only the earliest: nothing else is fetched or built.

    Ties are broken by learner, by the source's place in DUE_SOURCES and by the detail (two actions due on
    one day), so that a learner's earliest item is
    the same whichever way the list is cut. With `only`, the items of the learners in :learner_ids alone.
    """
    where = f" WHERE {_ONLY}" if only else ""
    union = "\nUNION ALL\n".join(
        f"SELECT *, {position} AS source FROM ({_keep_to_learners(sql) if only else sql}){where}"
        for position, (_, sql) in enumerate(DUE_SOURCES)
    )
    order = "d.due_on, l.family_name COLLATE NOCASE, l.given_name COLLATE NOCASE, l.id, d.source, d.detail"
    until = {
        "until": "(:until IS NULL OR d.due_on <= :until)",
        "until_and_earliest": "(:until IS NULL OR d.due_on <= :until OR d.nth = 1)",
        "earliest": "d.nth = 1",
    }[keep]
    # Each learner's items numbered from the earliest; the plain list needs no window.
    nth = (
        "1 AS nth"
        if keep == "until"
        else "row_number() OVER (PARTITION BY learner_id ORDER BY due_on, source, detail) AS nth"
    )
    return f"""SELECT d.learner_id, coalesce(nullif(l.preferred_name, ''), l.given_name) || ' ' || l.family_name,
                   d.due_on, d.kind, d.detail
            FROM (SELECT *, {nth} FROM ({union})) AS d JOIN learner AS l ON l.id = d.learner_id
            WHERE l.archived_at IS NULL AND l.status != 'closed' AND {until}{" AND d." + _ONLY if only else ""}
            ORDER BY {order}"""


@lru_cache(
    maxsize=4096
)  # many items share a kind and a date; formatting dates is the slow part of building the list
def _describe(kind: str, detail: str) -> str:
    if kind == "meeting":
        return f"{_KIND_TEXT[kind]} ({detail.lower()})" if detail else _KIND_TEXT[kind]
    if kind == "no_contact":
        if detail:
            last = date.fromisoformat(detail)
            return f"No contact since {dates.short_date(last)}"
        return "No contact recorded yet"
    if kind == "contact":
        label = ContactKind(detail).label.lower() if detail in set(ContactKind) else ""
        return f"{_KIND_TEXT[kind]} (after a {label})" if label else _KIND_TEXT[kind]
    if kind == "case_step" and ":" in detail:
        number, action = detail.split(":", 1)
        return f"{_KIND_TEXT[kind]} {number}: {action}"
    if kind == "follow_up" and detail:
        return f"{_KIND_TEXT[kind]}: {detail}"
    if kind == "stage" and detail:
        return f"{_KIND_TEXT[kind]}: {detail}"
    if kind.startswith("mentoring_"):
        return _describe_mentoring(kind, detail)
    if kind in _TRANSITION_KINDS:
        return _describe_transition(kind, detail)
    return _KIND_TEXT.get(kind, kind)


def _describe_mentoring(kind: str, detail: str) -> str:
    if kind == "mentoring_setup":
        mode, done, total = detail.rsplit(":", 2)
        return f"{_mode_label(mode)} set-up: {PhaseProgress(int(done), int(total)).label}"
    if kind == "mentoring_evaluation":
        return f"{_mode_label(detail)} evaluation"
    if kind == "mentoring_reply":
        initiated_by, _, channel = detail.partition(":")
        what = "email" if channel == ContactChannel.EMAIL else "message"
        if initiated_by == InitiatedBy.LEARNER:
            return f"Reply to the young person's {what}"
        return f"Reply awaited to the mentor's {what}"
    if kind == "mentoring_action" and detail:
        return f"{_KIND_TEXT[kind]}: {detail}"
    return _KIND_TEXT.get(kind, kind)


def _describe_transition(kind: str, detail: str) -> str:
    if kind == "transition_item":
        # The checklist files are read once per run (`load_checklist` keeps them), and this whole function
        # once per item and kind of move (`_describe` keeps its answers): describing stays cheap.
        transition_kind, _, item_id = detail.partition(":")
        found = (
            load_checklist(TransitionKind(transition_kind).checklist_id).item(item_id)
            if transition_kind in set(TransitionKind)
            else None
        )
        return f"{_KIND_TEXT[kind]}: {found.text}" if found else _KIND_TEXT[kind]
    if kind == "settling_in" and detail in set(Milestone):
        return f"{_KIND_TEXT[kind]} ({Milestone(detail).label.lower()})"
    if kind == "transition_day" and detail.strip():
        return f"First day at {detail.strip()}"
    return _KIND_TEXT[kind]


def _mode_label(mode: str) -> str:
    return RelationshipMode(mode).label if mode in set(RelationshipMode) else RelationshipMode.MENTORING.label


def due_items(
    uow: UnitOfWork,
    *,
    today: date,
    no_contact_days: int = 28,
    horizon_days: int | None = None,
    each_earliest: bool = False,
    learner_ids: Collection[int] | None = None,
) -> list[DueItem]:
    """Everything due (all of it, or up to `horizon_days` from today), earliest first, overdue marked.

    With `each_earliest`, every learner's earliest item is in the list too, even after the horizon: what the
    main window needs for the caseload and the Due panel at once. With `learner_ids`, those learners' alone.
    """
    keep = "until_and_earliest" if each_earliest else "until"
    rows = _due_rows(
        uow,
        today=today,
        no_contact_days=no_contact_days,
        horizon_days=horizon_days,
        keep=keep,
        learner_ids=learner_ids,
    )
    describe, as_date, item = _describe, dates.stored_date, DueItem  # locals: this loop runs once per item
    items = []
    for learner_id, name, due_on, kind, detail in rows:
        if (
            due_on is None
        ):  # past 9999-12-31 (a date typed as 9999): SQLite's date() gives NULL, nothing is due
            continue
        due = as_date(due_on)
        items.append(item(learner_id, name, due, kind, describe(kind, detail), due < today))
    return items


def earliest_due_by_learner(
    uow: UnitOfWork, *, today: date, no_contact_days: int = 28, learner_ids: Collection[int] | None = None
) -> dict[int, DueItem]:
    """Each learner's most pressing item (of `learner_ids` only, when given), as
    `earliest_by_learner(due_items(...))` gives it."""
    rows = _due_rows(
        uow,
        today=today,
        no_contact_days=no_contact_days,
        horizon_days=None,
        keep="earliest",
        learner_ids=learner_ids,
    )
    earliest: dict[int, DueItem] = {}
    for learner_id, name, due_on, kind, detail in rows:
        if due_on is None:  # past the last date there is, as above
            continue
        due = dates.stored_date(due_on)
        earliest[learner_id] = DueItem(learner_id, name, due, kind, _describe(kind, detail), due < today)
    return earliest


def _due_rows(
    uow: UnitOfWork,
    *,
    today: date,
    no_contact_days: int,
    horizon_days: int | None,
    keep: str = "until",
    learner_ids: Collection[int] | None = None,
) -> list[Any]:
    """The due statement's rows, (learner id, name, due on, kind, detail), earliest first."""
    until = (today + timedelta(days=horizon_days)).isoformat() if horizon_days is not None else None
    parameters = {
        "today": today.isoformat(),
        "no_contact_days": int(no_contact_days),
        "until": until,
        "phase_one_items": _phase_one_items(),
        "transition_items": _transition_items(),
        "procedure_id": load_procedure().id,
        "procedure_steps": _procedure_steps(),
    }
    if learner_ids is not None:
        parameters["learner_ids"] = json.dumps(sorted(int(learner) for learner in learner_ids))
    return uow.rows(_statement(keep, learner_ids is not None), parameters)


def _phase_one_items() -> str:
    # Read from the checklist file (cached once per run), so ticks of an item an institution removed do not count.
    return json.dumps(list(load_checklist(Phase.PREPARATION.checklist_id).item_ids))


def _procedure_steps() -> str:
    # The default procedure's steps as the file says now: a step an institution removed is no longer due.
    return json.dumps(
        [{"id": step.id, "limit": step.limit_days, "action": step.action} for step in load_procedure().steps]
    )


def _transition_items() -> str:
    # As for phase one: only items of the checklist files as they are now count.
    return json.dumps(
        [
            f"{kind.value}:{item_id}"
            for kind in TransitionKind
            for item_id in load_checklist(kind.checklist_id).item_ids
        ]
    )


def earliest_by_learner(items: Iterable[DueItem]) -> dict[int, DueItem]:
    """Each learner's most pressing item (items arrive earliest first)."""
    earliest: dict[int, DueItem] = {}
    for item in items:
        earliest.setdefault(item.learner_id, item)
    return earliest
