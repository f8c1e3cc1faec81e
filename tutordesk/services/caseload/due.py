"""What is due across the caseload: one statement over every source of due dates.

Each source is an SQL fragment selecting (learner_id, due_on, kind, detail) for learners who are not
archived or closed; `due_items` joins them with UNION ALL so the whole list is one query however many
sources later work adds (plan reviews, settling-in meetings, agreements to sign, mentoring).
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
from tutordesk.vault.unit_of_work import UnitOfWork

#: A learner's last contact of any kind, as an ISO date or NULL: the newest of their meetings (mentoring contacts
#: and settling-in meetings among them), the contact log and the plan reviews held. Each part is one probe at
#: the end of the learner's part of an index (ix_meeting_newest, ix_contact_log_newest, ix_plan_review_newest);
#: '' stands in for "none" because the two-argument max() of SQLite is NULL when either is.
LAST_CONTACT_SQL = """nullif(max(
        coalesce((SELECT max(held_on) FROM meeting WHERE learner_id = {learner}), ''),
        coalesce((SELECT max(held_on) FROM contact_log WHERE learner_id = {learner}), ''),
        coalesce((SELECT max(held_on) FROM plan_review WHERE learner_id = {learner}), '')), '')"""

#: (kind, SQL). Parameters available to every fragment: :today (ISO date), :no_contact_days (int),
#: :phase_one_items (a JSON array of the item ids in the phase-1 checklist file as it is now),
#: :transition_items (a JSON array of "kind:item" for every item in the transition checklist files as they are now).
DUE_SOURCES: list[tuple[str, str]] = [
    (
        "meeting",
        # The next date set at each learner's most recent meeting (the later one on the same day), read from
        # the end of the learner's part of ix_meeting_newest, which holds both columns: no table page is
        # read, and nothing like grouping every meeting.
        """SELECT m.learner_id, m.next_on AS due_on, 'meeting' AS kind, coalesce(t.label, m.kind) AS detail
           FROM (SELECT l.id AS learner_id,
                        (SELECT next_on FROM meeting WHERE learner_id = l.id
                         ORDER BY held_on DESC, id DESC LIMIT 1) AS next_on,
                        (SELECT kind FROM meeting WHERE learner_id = l.id
                         ORDER BY held_on DESC, id DESC LIMIT 1) AS kind
                 FROM learner AS l) AS m
           LEFT JOIN taxonomy_term AS t ON t.taxonomy = 'meeting_kind' AND t.code = m.kind
           WHERE m.next_on IS NOT NULL
             -- A contact logged on or after the booked date is that contact, or replaced it.
             AND NOT EXISTS (SELECT 1 FROM contact_log AS c
                             WHERE c.learner_id = m.learner_id AND c.held_on >= m.next_on)""",
    ),
    (
        "no_contact",
        # No contact of any kind for N days (counted from the last contact, or from the start on the caseload).
        f"""SELECT l.id AS learner_id,
                  date(coalesce(l.last_held, l.started_on, date(l.created_at)), '+' || :no_contact_days || ' days')
                      AS due_on,
                  'no_contact' AS kind, coalesce(l.last_held, '') AS detail
           FROM (SELECT id, started_on, created_at, {LAST_CONTACT_SQL.format(learner="learner.id")} AS last_held
                 FROM learner) AS l""",
    ),
]

#: The newest logged contact that set a next contact date: the subquery reads the end of ix_contact_log_newest.
_BOOKED = """(SELECT {column} FROM contact_log WHERE learner_id = l.id AND next_on IS NOT NULL
              ORDER BY held_on DESC, at_time DESC, id DESC LIMIT 1)"""

# The contact log's sources: the next contact set most recently, until any contact is held on or after it
# (so logging the contact itself, of whatever kind, takes it off); and follow-ups with a date, not done.
DUE_SOURCES += [
    (
        "contact",
        f"""SELECT c.learner_id, c.next_on AS due_on, 'contact' AS kind, c.kind AS detail
           FROM (SELECT l.id AS learner_id, {_BOOKED.format(column="next_on")} AS next_on,
                        {_BOOKED.format(column="kind")} AS kind
                 FROM learner AS l) AS c
           WHERE c.next_on IS NOT NULL
             AND coalesce({LAST_CONTACT_SQL.format(learner="c.learner_id")}, '') < c.next_on""",
    ),
    (
        "follow_up",
        """SELECT learner_id, due_on, 'follow_up' AS kind,
                  what || CASE WHEN who != '' THEN ' (' || who || ')' ELSE '' END AS detail
           FROM contact_follow_up WHERE done_on IS NULL AND due_on IS NOT NULL""",
    ),
]

DUE_SOURCES += [
    (
        "review",
        # The plan review rule of `domain.review_schedule.next_review_due`: the next date set at the newest
        # review, else that review plus the cadence, else the agreed date plus the cadence. The newest
        # review's two dates are read from ix_plan_review_newest alone, as the meetings' above.
        """SELECT l.id AS learner_id,
                  coalesce(r.next_review_on,
                           date(r.held_on, '+' || coalesce(s.every_days, 28) || ' days'),
                           date(p.agreed_on, '+' || coalesce(s.every_days, 28) || ' days')) AS due_on,
                  'review' AS kind, '' AS detail
           FROM learner AS l
           LEFT JOIN (SELECT id AS learner_id,
                             (SELECT held_on FROM plan_review WHERE learner_id = learner.id
                              ORDER BY held_on DESC, id DESC LIMIT 1) AS held_on,
                             (SELECT next_review_on FROM plan_review WHERE learner_id = learner.id
                              ORDER BY held_on DESC, id DESC LIMIT 1) AS next_review_on
                      FROM learner) AS r ON r.learner_id = l.id AND r.held_on IS NOT NULL
           LEFT JOIN (SELECT learner_id, max(agreed_on) AS agreed_on FROM plan_version
                      WHERE agreed_on IS NOT NULL /*only learner_id*/ GROUP BY learner_id) AS p
                     ON p.learner_id = l.id
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

#: The time of day a contact was noted at, in minutes after midnight: "HH:MM" (or "H:MM", spaces around either
#: part allowed) as `mentoring_rules.parse_time` reads it, else midnight, as `reply_due_at` counts it then.
#: The contacts service stores times as "HH:MM"; Python's int() would also read a sign or an underscore, this not.
_START_MINUTES = """CASE WHEN instr(c.start_time, ':') > 0
                 AND trim(substr(c.start_time, 1, instr(c.start_time, ':') - 1)) GLOB '[0-9]*'
                 AND trim(substr(c.start_time, 1, instr(c.start_time, ':') - 1)) NOT GLOB '*[^0-9]*'
                 AND trim(substr(c.start_time, instr(c.start_time, ':') + 1)) GLOB '[0-9]*'
                 AND trim(substr(c.start_time, instr(c.start_time, ':') + 1)) NOT GLOB '*[^0-9]*'
                 AND CAST(trim(substr(c.start_time, 1, instr(c.start_time, ':') - 1)) AS INTEGER) < 24
                 AND CAST(trim(substr(c.start_time, instr(c.start_time, ':') + 1)) AS INTEGER) < 60
            THEN CAST(trim(substr(c.start_time, 1, instr(c.start_time, ':') - 1)) AS INTEGER) * 60
                 + CAST(trim(substr(c.start_time, instr(c.start_time, ':') + 1)) AS INTEGER)
            ELSE 0 END"""
#: The reply time the terms agree for the side that has to answer: the mentor answers the young person.
_REPLY_HOURS = "CASE c.initiated_by WHEN 'learner' THEN t.mentor_reply_hours ELSE t.learner_reply_hours END"

# Mentoring sources count only relationships still running: closing one takes everything of it off the list.
DUE_SOURCES += [
    (
        "mentoring_setup",
        # `mentoring_rules.setup_overdue`: the phase-1 checklist not finished `setup_weeks` after the start.
        # Only ticks of items still in the checklist file count, so an institution's edits are respected.
        """SELECT r.learner_id, date(r.started_on, '+' || (7 * max(r.setup_weeks, 0)) || ' days') AS due_on,
                  'mentoring_setup' AS kind,
                  r.mode || ':' || coalesce(p.done, 0) || ':' || json_array_length(:phase_one_items) AS detail
           FROM mentoring_relationship AS r
           LEFT JOIN (SELECT pr.relationship_id, count(DISTINCT pr.item_id) AS done
                      FROM phase_record AS pr
                      WHERE pr.checklist_id = 'mentoring_phase_1' /*only pr.relationship_id*/
                        AND pr.item_id IN (SELECT value FROM json_each(:phase_one_items))
                      GROUP BY pr.relationship_id) AS p ON p.relationship_id = r.id
           WHERE r.status = 'active'
             AND NOT (json_array_length(:phase_one_items) > 0
                      AND coalesce(p.done, 0) >= json_array_length(:phase_one_items))""",
    ),
    (
        "mentoring_action",
        # An action agreed at a mentoring contact, with a date and not done yet. The text is the user's own.
        """SELECT r.learner_id, a.due_on, 'mentoring_action' AS kind, a.action AS detail
           FROM meeting_action AS a
           JOIN mentoring_contact AS c ON c.meeting_id = a.meeting_id
           JOIN mentoring_relationship AS r ON r.id = c.relationship_id
           WHERE r.status = 'active' AND a.done_on IS NULL AND a.due_on IS NOT NULL""",
    ),
    (
        "mentoring_reply",
        # `mentoring_rules.reply_due_at`, to the day: a message or email not answered, where the terms agree
        # how soon the other side replies.
        f"""SELECT r.learner_id,
                   date(m.held_on, ({_START_MINUTES} + 60 * ({_REPLY_HOURS})) || ' minutes') AS due_on,
                   'mentoring_reply' AS kind, c.initiated_by || ':' || c.channel AS detail
            FROM mentoring_contact AS c
            JOIN meeting AS m ON m.id = c.meeting_id
            JOIN mentoring_relationship AS r ON r.id = c.relationship_id
            JOIN mentoring_terms AS t ON t.relationship_id = r.id
            WHERE r.status = 'active' AND c.channel IN ('messaging', 'email') AND c.answered_at IS NULL
              AND ({_REPLY_HOURS}) IS NOT NULL""",
    ),
    (
        "mentoring_evaluation",
        # The next planned point to look back at the targets and the self-assessment.
        """SELECT learner_id, next_evaluation_on AS due_on, 'mentoring_evaluation' AS kind, mode AS detail
           FROM mentoring_relationship
           WHERE status = 'active' AND next_evaluation_on IS NOT NULL""",
    ),
]

#: Days after sending before an unacknowledged receiving-setting pack is due for a follow-up.
ACKNOWLEDGE_WITHIN_DAYS = 7

HANDOVER_RECEIPT_SOURCE: tuple[str, str] = (
    "handover_receipt",
    # A handover pack for a receiving setting, sent (or else exported) a week ago or more, and not yet
    # acknowledged. The detail is the recipient as the register shows it (the setting and its contact).
    f"""SELECT CAST(substr(a.subject, 9) AS INTEGER) AS learner_id,
              date(coalesce(r.sent_on, date(a.at)), '+{ACKNOWLEDGE_WITHIN_DAYS} days') AS due_on,
              'handover_receipt' AS kind, a.recipient AS detail
       FROM audit_entry AS a
       LEFT JOIN disclosure_receipt AS r ON r.audit_entry_id = a.id
       WHERE a.action = 'handover.exported' AND a.subject GLOB 'learner:[0-9]*'
         AND a.subject NOT GLOB '*,*'
         AND json_extract(a.detail, '$.audience') = 'receiving'
         AND r.acknowledged_on IS NULL""",
)


DUE_SOURCES.append(HANDOVER_RECEIPT_SOURCE)

# Transition sources count only moves in progress: completing or cancelling one takes all of it off the list.
DUE_SOURCES += [
    (
        "transition_item",
        # A checklist item with a date, not done yet. Only items still in the checklist file of the move's
        # kind count: an item an institution removed cannot be ticked on screen any more.
        """SELECT t.learner_id, i.due_on, 'transition_item' AS kind, t.kind || ':' || i.item_id AS detail
           FROM transition_item AS i JOIN transition AS t ON t.id = i.transition_id
           WHERE t.status = 'active' AND i.done_on IS NULL AND i.due_on IS NOT NULL
             AND t.kind || ':' || i.item_id IN (SELECT value FROM json_each(:transition_items))""",
    ),
    (
        "settling_in",
        # A settling-in meeting not held yet, on the date it falls due.
        """SELECT t.learner_id, s.due_on, 'settling_in' AS kind, s.milestone AS detail
           FROM settling_in_meeting AS s JOIN transition AS t ON t.id = s.transition_id
           WHERE t.status = 'active' AND s.held_on IS NULL""",
    ),
    (
        "transition_day",
        # The first day at the new setting, while the move is still ahead. The setting's name is not sensitive.
        """SELECT learner_id, starts_on AS due_on, 'transition_day' AS kind, receiving_setting AS detail
           FROM transition
           WHERE status = 'active' AND phase = 'before' AND starts_on IS NOT NULL""",
    ),
]

# The setting's follow-up procedure: each open case's next step, due its time limit after the latest step
# done (or the case's opening). The steps come from the procedure file as it is now, as :procedure_steps
# (a JSON array of {"id", "limit", "action"} in order), like the checklists above.
DUE_SOURCES.append(
    (
        "case_step",
        """SELECT c.learner_id,
                  date(coalesce((SELECT max(s.done_on) FROM followup_step AS s WHERE s.case_id = c.id), c.opened_on),
                       '+' || json_extract(p.value, '$.limit') || ' days') AS due_on,
                  'case_step' AS kind,
                  (CAST(p.key AS INTEGER) + 1) || ':' || json_extract(p.value, '$.action') AS detail
           FROM followup_case AS c
           JOIN json_each(:procedure_steps) AS p
             ON p.key = (SELECT min(q.key) FROM json_each(:procedure_steps) AS q
                         WHERE NOT EXISTS (SELECT 1 FROM followup_step AS s
                                           WHERE s.case_id = c.id AND s.step_id = json_extract(q.value, '$.id')))
           WHERE c.closed_on IS NULL AND c.procedure_id = :procedure_id /*only c.learner_id*/""",
    )
)

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
