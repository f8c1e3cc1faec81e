"""Which learners and kinds of record a unit of work's writes touched, noted as the ORM flushes them.

Every table is listed once in `TABLES` with its kind of record and how its rows lead to a learner: their own
`learner_id`, a parent row's (a plan stage through its plan version), or none (the lists of terms). The
tracker runs only when the session flushes or runs an ORM UPDATE or DELETE: reads pay nothing for it.

What it cannot attribute (a row whose parent is gone, a table not listed, a term list edited) makes the
unit's changes "everything", so a view is never left stale: at worst it reads more than it needed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Column
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import BinaryExpression, BindParameter
from sqlalchemy.sql.operators import eq, in_op

from tutordesk.domain.changes import Changes, RecordKind

K = RecordKind
#: How a row leads to its learner: "learner_id" (its own column), "self" (it is the learner), None (no
#: learner: a row shared by everyone), "person", "audit" (see below), or (column, parent table).
Route = str | tuple[str, str] | None

TABLES: dict[str, tuple[RecordKind, Route]] = {
    "learner": (K.LEARNER, "self"),
    "learner_factor": (K.LEARNER, "learner_id"),
    "learner_group": (K.LEARNER, "learner_id"),
    "learner_contact": (K.LEARNER, "learner_id"),
    "consent_record": (K.LEARNER, "learner_id"),
    "person": (K.LEARNER, "person"),  # a key worker's name shows on every row they are key worker of
    "meeting": (K.MEETING, "learner_id"),
    "learner_record": (K.RECORD, "learner_id"),
    "contact_log": (K.CONTACT, "learner_id"),
    "contact_follow_up": (K.CONTACT, "learner_id"),
    "warning_signal": (K.SIGNAL, "learner_id"),
    "followup_case": (K.CASE, "learner_id"),
    "followup_step": (K.CASE, ("case_id", "followup_case")),
    "learner_measure": (K.CASE, "learner_id"),
    "meeting_action": (K.MEETING, ("meeting_id", "meeting")),
    "plan_version": (K.PLAN, "learner_id"),
    "plan_stage": (K.PLAN, ("plan_version_id", "plan_version")),
    "plan_goal": (K.PLAN, ("stage_id", "plan_stage")),
    "baseline_assessment": (K.PLAN, "learner_id"),
    "barrier": (K.PLAN, "learner_id"),
    "support_need": (K.PLAN, "learner_id"),
    "review_schedule": (K.REVIEW, "learner_id"),
    "plan_review": (K.REVIEW, "learner_id"),
    "review_progress": (K.REVIEW, ("review_id", "plan_review")),
    "document": (K.DOCUMENT, "learner_id"),
    "document_signature": (K.DOCUMENT, ("document_id", "document")),
    "diary_entry": (K.DIARY, "learner_id"),  # none for the practice journal
    "diary_audio": (K.DIARY, ("entry_id", "diary_entry")),
    "audit_entry": (K.DISCLOSURE, "audit"),
    "disclosure_receipt": (K.DISCLOSURE, "learner_id"),
    "mentoring_relationship": (K.MENTORING, "learner_id"),
    "mentoring_terms": (K.MENTORING, ("relationship_id", "mentoring_relationship")),
    "safeguarding_contact": (K.MENTORING, ("relationship_id", "mentoring_relationship")),
    "phase_record": (K.MENTORING, ("relationship_id", "mentoring_relationship")),
    "mentoring_contact": (K.MENTORING, ("relationship_id", "mentoring_relationship")),
    "mentoring_target": (K.MENTORING, ("relationship_id", "mentoring_relationship")),
    "self_assessment": (K.MENTORING, ("relationship_id", "mentoring_relationship")),
    "supervision_session": (K.MENTORING, ("relationship_id", "mentoring_relationship")),
    "transition": (K.TRANSITION, "learner_id"),
    "transition_item": (K.TRANSITION, ("transition_id", "transition")),
    "handover_event": (K.TRANSITION, ("transition_id", "transition")),
    "settling_in_meeting": (K.TRANSITION, ("transition_id", "transition")),
    "form_answers": (K.TRANSITION, "learner_id"),
    "profile_attachment": (K.TRANSITION, "learner_id"),
    "academic_entry": (K.TRANSITION, "learner_id"),
    "practice_run": (K.TRANSITION, "learner_id"),
    "handover_consent": (K.TRANSITION, "learner_id"),
    "vault_info": (K.SETTINGS, None),
}
#: Tables every learner's rows read from: a change to them changes everything on screen.
SHARED_BY_ALL = frozenset({"taxonomy_term"})

# Who a person is to the learners: their key worker, or one of their contacts.
_PERSON_SQL = (
    "SELECT id FROM learner WHERE key_worker_id = :person"
    " UNION SELECT learner_id FROM learner_contact WHERE person_id = :person"
)


class ChangeTracker:
    """What one unit of work has changed so far (see the module's docstring)."""

    def __init__(self) -> None:
        self.learners: set[int] = set()
        self.kinds: set[RecordKind] = set()
        self.everything = False
        self._persons: set[int] = set()  # edited people, attributed at commit (see `settle`)
        self._parents: set[tuple[str, Any]] = set()  # parent rows already followed to their learner

    def note(self, changes: Changes) -> None:
        self.learners |= changes.learners
        self.kinds |= changes.kinds
        self.everything = self.everything or changes.everything

    def changes(self) -> Changes:
        return Changes(frozenset(self.learners), frozenset(self.kinds), self.everything)

    def clear(self) -> None:
        self.learners.clear()
        self.kinds.clear()
        self._persons.clear()
        self._parents.clear()
        self.everything = False

    # -- the ORM's flushes ----------------------------------------------------------------------

    def flushed(self, session: Any, objects: Iterable[Any]) -> None:
        """Note each row a flush wrote (`objects`: the session's new, dirty and deleted ones, before it)."""
        for obj in objects:
            table = getattr(obj, "__tablename__", None) or _table_of(obj)
            self._note_row(session, table, lambda name, o=obj: getattr(o, name, None))

    def bulk(self, session: Any, table: str, where: Any, row: dict[str, Any] | None = None) -> None:
        """An ORM INSERT of `row`, or an UPDATE or DELETE of `table` (where the learner is read off the
        statement's `column == value` terms)."""
        values = dict(row) if row is not None else _equalities(where)
        if table in TABLES:
            route = TABLES[table][1]
            column = route if isinstance(route, str) else route[0] if route else None
            if column not in values and route not in (None, "audit"):
                self.kinds.add(TABLES[table][0])
                self.everything = True  # which rows it reached is not known here
                return
        self._note_row(session, table, values.get)

    def _note_row(self, session: Any, table: str, value_of: Any, depth: int = 0) -> None:
        if table in SHARED_BY_ALL or table not in TABLES or depth > 4:
            self.everything = True
            return
        kind, route = TABLES[table]
        if depth == 0:
            self.kinds.add(kind)
        if route is None:
            return
        if route == "self" or route == "learner_id":
            learner = value_of("id" if route == "self" else "learner_id")
            if learner is not None:
                self.learners.add(int(learner))
            return
        if route == "person":
            person = value_of("id")
            if person is not None:
                self._persons.add(int(person))
            return
        if route == "audit":
            self.learners |= _learners_in_subject(value_of("subject") or "")
            return
        if not isinstance(route, tuple):  # not a route TABLES uses: say everything rather than guess
            self.everything = True
            return
        column, parent_table = route
        parent_id = value_of(column)
        if parent_id is None or (parent_table, parent_id) in self._parents:
            return  # a plan's twenty stages lead to its learner once
        self._parents.add((parent_table, parent_id))
        parent = _get(session, parent_table, parent_id)
        if parent is None:  # deleted with it, or never there: nobody can say whose it was
            self.everything = True
            return
        self._note_row(session, parent_table, lambda name: getattr(parent, name, None), depth + 1)

    def settle(self, session: Any) -> None:
        """Before committing: the learners of the people edited (a key worker is on many rows)."""
        if not self._persons:
            return
        connection = session.connection()
        from sqlalchemy import text

        for person in sorted(self._persons):
            rows = connection.execute(text(_PERSON_SQL), {"person": person})
            self.learners |= {int(learner) for (learner,) in rows}
        self._persons.clear()


def _table_of(obj: Any) -> str:
    table = getattr(obj, "__table__", None)
    return str(getattr(table, "name", "")) or type(obj).__name__.lower()


def _learners_in_subject(subject: str) -> set[int]:
    """The learners an audit entry names ("learner:12,learner:40")."""
    found = set()
    for part in subject.split(","):
        kind, _, number = part.strip().partition(":")
        if kind == "learner" and number.isdigit():
            found.add(int(number))
    return found


def _equalities(where: Any) -> dict[str, Any]:
    """`column == value` terms of a WHERE clause, by column name (a column `IN` one value counts too)."""
    found: dict[str, Any] = {}
    if where is None:
        return found
    for element in visitors.iterate(where):
        if not isinstance(element, BinaryExpression):
            continue
        left, right = element.left, element.right
        if not isinstance(left, Column) or not isinstance(right, BindParameter):
            continue
        value = right.effective_value
        if element.operator is eq:
            found[left.name] = value
        elif element.operator is in_op and isinstance(value, list | tuple) and len(value) == 1:
            found[left.name] = value[0]
    return found


def _get(session: Any, table: str, key: Any) -> Any:
    """The row of `table` with primary key `key`: from the session when it holds it, else read once."""
    model = _models().get(table)
    if model is None:
        return None
    with session.no_autoflush:
        return session.get(model, key)


_MODELS: dict[str, Any] = {}


def _models() -> dict[str, Any]:
    if not _MODELS:
        from sqlmodel import SQLModel

        for mapper in SQLModel._sa_registry.mappers:  # noqa: SLF001 - SQLModel's one registry of table models
            # `local_table` is typed as any FROM clause; for a table model it is the table, with its name.
            _MODELS[getattr(mapper.local_table, "name", "")] = mapper.class_
    return _MODELS
