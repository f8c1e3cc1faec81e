"""The sources of the caseload's Due list: one SQL fragment per kind of due date, each selecting
(learner_id, due_on, kind, detail), which `due` joins into a single statement with UNION ALL. A workflow
that brings a new kind of due date adds its fragment here, with the parameters it needs documented.
"""

from __future__ import annotations

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
