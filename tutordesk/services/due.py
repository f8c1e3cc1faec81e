"""What is due across the caseload: one statement over every source of due dates.

Each source is an SQL fragment selecting (learner_id, due_on, kind, detail) for learners who are not
archived or closed; `due_items` joins them with UNION ALL so the whole list is one query however many
sources later work adds (plan reviews, settling-in meetings, agreements to sign).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import text

from tutordesk.domain import dates
from tutordesk.vault.unit_of_work import UnitOfWork

#: (kind, SQL). Parameters available to every fragment: :today (ISO date), :no_contact_days (int).
DUE_SOURCES: list[tuple[str, str]] = [
    (
        "meeting",
        # The next date set at each learner's most recent meeting.
        # SQLite returns the other columns from the row holding the max(): the newest meeting, the later
        # one on the same day. Twice as fast as a row_number() window over every meeting.
        """SELECT m.learner_id, m.next_on AS due_on, 'meeting' AS kind, coalesce(t.label, m.kind) AS detail
           FROM (SELECT learner_id, next_on, kind, max(held_on || '#' || printf('%012d', id)) AS newest
                 FROM meeting GROUP BY learner_id) AS m
           LEFT JOIN taxonomy_term AS t ON t.taxonomy = 'meeting_kind' AND t.code = m.kind
           WHERE m.next_on IS NOT NULL""",
    ),
    (
        "no_contact",
        # No meeting recorded for N days (counted from the last meeting, or from the start on the caseload).
        """SELECT l.id AS learner_id,
                  date(coalesce(m.last_held, l.started_on, date(l.created_at)), '+' || :no_contact_days || ' days')
                      AS due_on,
                  'no_contact' AS kind, coalesce(m.last_held, '') AS detail
           FROM learner AS l
           LEFT JOIN (SELECT learner_id, max(held_on) AS last_held FROM meeting GROUP BY learner_id) AS m
                  ON m.learner_id = l.id""",
    ),
]

DUE_SOURCES += [
    (
        "review",
        # The plan review rule of `domain.review_schedule.next_review_due`: the next date set at the newest
        # review, else that review plus the cadence, else the agreed date plus the cadence.
        """SELECT l.id AS learner_id,
                  coalesce(r.next_review_on,
                           date(r.held_on, '+' || coalesce(s.every_days, 28) || ' days'),
                           date(p.agreed_on, '+' || coalesce(s.every_days, 28) || ' days')) AS due_on,
                  'review' AS kind, '' AS detail
           FROM learner AS l
           LEFT JOIN (SELECT learner_id, held_on, next_review_on,
                             max(held_on || '#' || printf('%012d', id)) AS newest
                      FROM plan_review GROUP BY learner_id) AS r ON r.learner_id = l.id
           LEFT JOIN (SELECT learner_id, max(agreed_on) AS agreed_on FROM plan_version
                      WHERE agreed_on IS NOT NULL GROUP BY learner_id) AS p ON p.learner_id = l.id
           LEFT JOIN review_schedule AS s ON s.learner_id = l.id
           WHERE r.learner_id IS NOT NULL OR p.learner_id IS NOT NULL""",
    ),
    (
        "stage",
        # Target dates of unfinished stages of the plan in force.
        """SELECT v.learner_id, st.target_on AS due_on, 'stage' AS kind, st.title AS detail
           FROM plan_stage AS st JOIN plan_version AS v ON v.id = st.plan_version_id
           WHERE v.status = 'agreed' AND st.target_on IS NOT NULL
             AND st.status NOT IN ('done', 'dropped')""",
    ),
    (
        "contract",
        # An agreed plan whose contract of participation the learner and the tutor have not both signed.
        """SELECT v.learner_id, v.agreed_on AS due_on, 'contract' AS kind, '' AS detail
           FROM plan_version AS v
           WHERE v.status = 'agreed' AND v.agreed_on IS NOT NULL
             AND (SELECT count(DISTINCT sig.role) FROM document AS d
                  JOIN document_signature AS sig ON sig.document_id = d.id
                  WHERE d.plan_version_id = v.id AND d.form_id = 'contract_of_participation'
                    AND sig.role IN ('learner', 'tutor')) < 2""",
    ),
    (
        "support",
        # Support that should be in place by a date and is not. The need itself is special-category data,
        # so the caseload names only that something is due.
        """SELECT learner_id, needed_by AS due_on, 'support' AS kind, '' AS detail
           FROM support_need WHERE NOT in_place AND needed_by IS NOT NULL""",
    ),
]

_KIND_TEXT = {
    "meeting": "Next meeting",
    "no_contact": "Contact due",
    "review": "Plan review",
    "stage": "Stage target",
    "contract": "Contract to sign",
    "support": "Support to put in place",
}


@dataclass(slots=True)  # not frozen: a frozen dataclass costs three times as much to build, per item
class DueItem:
    learner_id: int
    learner_name: str
    due_on: date
    kind: str
    what: str
    overdue: bool


@cache
def _statement() -> Any:
    union = "\nUNION ALL\n".join(f"SELECT * FROM ({sql})" for _, sql in DUE_SOURCES)
    return text(
        f"""SELECT d.learner_id, coalesce(nullif(l.preferred_name, ''), l.given_name) || ' ' || l.family_name,
                   d.due_on, d.kind, d.detail
            FROM ({union}) AS d JOIN learner AS l ON l.id = d.learner_id
            WHERE l.archived_at IS NULL AND l.status != 'closed'
              AND (:until IS NULL OR d.due_on <= :until)
            ORDER BY d.due_on, l.family_name COLLATE NOCASE, l.given_name COLLATE NOCASE"""
    )


@lru_cache(
    maxsize=4096
)  # many items share a kind and a date; formatting dates is the slow part of building the list
def _describe(kind: str, detail: str) -> str:
    if kind == "meeting":
        return f"{_KIND_TEXT[kind]} ({detail.lower()})" if detail else _KIND_TEXT[kind]
    if kind == "no_contact":
        if detail:
            last = date.fromisoformat(detail)
            return f"No meeting since {dates.short_date(last)}"
        return "No meeting recorded yet"
    if kind == "stage" and detail:
        return f"{_KIND_TEXT[kind]}: {detail}"
    return _KIND_TEXT.get(kind, kind)


def due_items(
    uow: UnitOfWork,
    *,
    today: date,
    no_contact_days: int = 28,
    horizon_days: int | None = None,
) -> list[DueItem]:
    """Everything due (all of it, or up to `horizon_days` from today), earliest first, overdue marked."""
    until = (today + timedelta(days=horizon_days)).isoformat() if horizon_days is not None else None
    connection = uow.session.connection()
    rows = connection.execute(
        _statement(), {"today": today.isoformat(), "no_contact_days": int(no_contact_days), "until": until}
    )
    items = []
    for learner_id, name, due_on, kind, detail in rows:
        due = _as_date(due_on)
        items.append(DueItem(learner_id, name, due, kind, _describe(kind, detail), due < today))
    return items


@lru_cache(maxsize=4096)
def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def earliest_by_learner(items: Iterable[DueItem]) -> dict[int, DueItem]:
    """Each learner's most pressing item (items arrive earliest first)."""
    earliest: dict[int, DueItem] = {}
    for item in items:
        earliest.setdefault(item.learner_id, item)
    return earliest
