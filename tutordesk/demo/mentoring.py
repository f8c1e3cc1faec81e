"""Demo mentoring for the fictional learners: about a third get a mentoring or coaching relationship with its
terms, safeguarding contacts, phase checklists, contacts (a `meeting` row each, with channel, time and
agreed actions), SMART targets, self-assessments and supervision; about one in six has closed.

Rows go in with bulk inserts and ids chosen here, in the caller's transaction. A separate random stream keeps
the rest of the demo as it was before mentoring existed. No documents or signatures are made here. Every
person is invented; phone numbers come from Ofcom's range kept for drama (01632 960000 to 960999).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlmodel import col

from tutordesk.documents.checklists import load_checklist
from tutordesk.domain.enums import LearnerStatus
from tutordesk.domain.mentoring_enums import (
    ClosureReason,
    MentorKind,
    Phase,
    RelationshipStatus,
    SupervisionKind,
)
from tutordesk.domain.mentoring_models import (
    MeetingAction,
    MentoringContact,
    MentoringRelationship,
    MentoringTarget,
    MentoringTerms,
    PhaseRecord,
    SafeguardingContact,
    SelfAssessment,
    SupervisionSession,
)
from tutordesk.domain.models import Learner, Meeting
from tutordesk.domain.plan_enums import GoalStatus
from tutordesk.vault.unit_of_work import UnitOfWork

#: The share of learners given a relationship, and of relationships (old enough to have ended) closed.
MENTORED_SHARE = 1 / 3
CLOSE_EVERY = 5  # every fifth relationship older than twelve weeks: about one in six of them all
MEETING_KIND = "mentoring_check_in"

KIND_WEIGHTS = {MentorKind.PROFESSIONAL: 45, MentorKind.VOLUNTEER: 30, MentorKind.STUDENT: 12, MentorKind.PEER: 13}  # fmt: skip
MENTORS: dict[MentorKind, tuple[tuple[str, str], ...]] = {
    MentorKind.PROFESSIONAL: (("Alex Mentorley", "Learning mentor"), ("Sam Guidewright", "Guidance counsellor")),
    MentorKind.VOLUNTEER: (
        ("Pat Ellingworth", "Retired engineer"), ("Dev Harrowgate", "Runs a bike repair shop"),
        ("Grace Millbank", "Volunteer from a local building society"), ("Rosa Kingsmere", "Graphic designer"),
    ),
    MentorKind.STUDENT: (("Amara Brightwell", "University student volunteer"), ("Leo Castleton", "Trainee teacher")),
    MentorKind.PEER: (("Jas Morrow", "Level 3 learner, trained peer mentor"), ("Nia Rowntree", "Former learner")),
}  # fmt: skip
SAFEGUARDING = (
    ("Jo Fairweather", "Designated safeguarding lead"), ("Ravi Lindqvist", "Deputy designated safeguarding lead"),
    ("Morwenna Tallis", "Safeguarding officer"),
)  # fmt: skip
OBJECTIVES = (
    "Feel more settled at college and come in most days.\nWork out what I want to do after this course.",
    "Get my coursework back on track.\nHave someone to talk to when things get on top of me.",
    "Build up confidence to speak in class.\nFind a work placement I actually want.",
)
TERMS_TEXT = {
    "roles_and_tasks": "The mentor listens, asks questions and helps find information. The young person sets "
    "the targets and says what is and is not working.",
    "expectations": "Both turn up on time or let the other know. Either can say if the mentoring is not "
    "helping, and we change it.",
    "support_type": "Regular check-ins, help with planning, and someone to talk things through with.",
    "meeting_arrangements": "In the library meeting room after lunch; a short video call when college is shut.",
    "working_rules": "No contact on personal social media. Messages through the college app only.",
    "confidentiality_limits": "If you tell me you or someone else could be harmed, I have to pass it on.\n"
    "If you tell me about a crime, I have to pass it on.\nEverything else stays between us unless you agree.",
    "contact_focus": "College work, plans for next year, and anything getting in the way of them.",
    "out_of_hours_note": "Outside these hours the mentor will not see messages. If you are worried about your "
    "safety, talk to a safeguarding contact, or call the emergency services in an emergency.",
}
INTENSITIES = ("An hour a week", "Forty-five minutes every fortnight", "Half an hour a week, plus messages")
CHANNEL_SETS = ("face_to_face,messaging", "face_to_face,video,messaging", "face_to_face,phone,email")
WRITTEN = ("messaging", "email")
TOPICS = (
    "How the week went\nThe maths mock next Tuesday", "Attendance since half-term\nWhat makes mornings hard",
    "The taster day at the garage\nWhat to wear and how to get there",
    "Feedback on the last assignment\nPlanning the next one in small steps",
    "Things at home\nWho to go to when it gets a lot", "Looking back at the targets\nWhat to celebrate",
    "Applications for next year\nWriting the personal statement",
)  # fmt: skip
MESSAGES = {
    "learner": ("Asked to move Thursday's meeting to Friday", "Sent a photo of the finished brake job",
                "Said the week had been hard and asked to talk", "Asked how to fill in the bursary form"),
    "mentor": ("Reminder about Thursday and the bus pass form", "Checked in after the interview",
               "Sent the link to the open day"),
}  # fmt: skip
ACTIONS = (
    "Ask the course tutor for the missing unit brief", "Fill in the bursary form together",
    "Ring the garage about taster dates", "Try the two-alarm plan for a week", "Book a careers appointment",
    "Find the open day dates for next year's courses", "Write three things that went well this week",
)  # fmt: skip
# (learner's own words, professional wording, measure, trajectory)
TARGETS = (
    ("Come in every day", "Attend every timetabled session", "Attendance of 90% or more over four weeks", "personal"),
    ("Get my coursework done", "Submit the two outstanding units", "Both units marked as submitted", "educational"),
    ("Talk to new people", "Take part in one group activity a week", "Noted at each check-in", "social"),
    ("Find out about apprenticeships", "Research and shortlist three apprenticeship routes", "Shortlist of three", "labour_market"),
    ("Stop walking out when I get angry", "Use the agreed time-out instead of leaving", "Time-out used, no walk-outs for a month", "personal"),
    ("Pass my maths", "Achieve grade 4 in the GCSE maths resit", "Exam result of grade 4 or above", "educational"),
)  # fmt: skip
TARGET_STATUSES = {  # by where the deadline stands
    "closed": ("achieved", "achieved", "not_achieved"),
    "passed": ("achieved", "achieved", "in_progress", "not_achieved"),
    "ahead": ("in_progress", "in_progress", "not_started"),
}
STRENGTHS = ("Good with my hands", "Loyal to my mates", "Funny", "I don't give up on things I like")
TO_WORK_ON = ("Getting up in the morning", "Asking for help", "Writing things down", "Keeping calm in class")
QUALITY_NOTES = (
    "Told them straight that the plan might not work; they appreciated it.", "Mostly listened today; they worked out their own next step.",
    "Said I could not change the timetable myself but would ask who can.", "Apologised for missing our meeting; we rearranged together.",
    "They talked about drawing for twenty minutes; lit up completely.",
)  # fmt: skip
SUPERVISION_CASES = (  # pseudonymised as they are written: letters, never names
    "Learner A: attendance dipping since half-term; wants to keep meeting. Learner B: settling in well.",
    "Learner A: said something at home worries them; passed on to the safeguarding lead the same day.",
    "Learner A: targets going well; talked about planning the ending early.",
)
ESCALATION = (
    "A worry about safety goes to the designated safeguarding lead the same day; anything else to the "
    "mentoring coordinator."
)
AFTER_CLOSURE = "A catch-up message at the end of term, if they would like one."
CLOSURE_FIELDS = ("closure_target_check", "feedback_from_learner", "feedback_from_mentor", "takes_forward")
CLOSURES = {
    ClosureReason.GOALS_MET: (
        "Both targets met: attendance above 90% and the units submitted.", "It helped having someone who was on my side. I'd tell a friend to do it.",
        "A real change in confidence. Next time I would start the targets sooner.", "The two-alarm routine, and knowing who to ask at college when stuck."),
    ClosureReason.TRANSITION: (
        "Coursework target met; the placement target moves with them to the new setting.", "Glad I did it. Nervous about the new place but I know what to do now.",
        "A good handover to the new setting's pastoral team.", "The plan for the first week at the new course, and the contacts there."),
    ClosureReason.LEARNER_CHOICE: (
        "One target met; the other not started.", "I want to try on my own for a bit.",
        "Respect the choice. Left the door open to start again.", "How to get back in touch, and the drop-in times of the student support team."),
    ClosureReason.REFERRED_ON: (
        "Targets paused while specialist support starts.", "The new worker seems alright.",
        "Needs more than mentoring can give right now; referral made with their agreement.", "Where to find the new support, and that mentoring can start again later."),
}  # fmt: skip


def fill_mentoring(
    uow: UnitOfWork, *, learner_ids: Sequence[int], seed: int, today: date, staff: Sequence[str] = ()
) -> dict[str, int]:
    """Give about a third of `learner_ids` a relationship; `staff` names the setting's own mentors.
    Returns how many rows went into each table."""
    connection = uow.connection()
    learners = connection.execute(
        select(
            col(Learner.id),
            col(Learner.given_name),
            col(Learner.preferred_name),
            col(Learner.started_on),
            col(Learner.status),
        )
        .where(col(Learner.id).in_(learner_ids))
        .order_by(col(Learner.id))
    ).all()
    maker = _Maker(random.Random(seed * 2750159 + 13), today, staff, connection)  # noqa: S311 - fictional data
    eligible_for_closing = 0
    for learner_id, given, preferred, learner_started, status in learners:
        assert learner_id is not None  # a row read back from its table always has its id
        if maker.rng.random() >= MENTORED_SHARE:
            continue
        # A few weeks after joining, at least a week ago, and never before the learner started.
        joined = learner_started or today - timedelta(days=60)
        started = max(
            joined, min(joined + timedelta(days=maker.rng.randint(5, 60)), today - timedelta(days=7))
        )
        age = (today - started).days
        closing = status == LearnerStatus.CLOSED.value and age >= 30
        if not closing and age >= 84:
            eligible_for_closing += 1
            closing = eligible_for_closing % CLOSE_EVERY == 0
        maker.relationship(learner_id, preferred or given, started, closing)
    for model, model_rows in maker.rows.items():
        if model_rows:
            connection.execute(insert(model), model_rows)
    return {model.__tablename__: len(model_rows) for model, model_rows in maker.rows.items()}


#: In insert order: rows point at the ones before them. Columns left out of the rows take the model's default.
_MODELS = (
    MentoringRelationship, MentoringTerms, SafeguardingContact, PhaseRecord, Meeting, MentoringContact,
    MeetingAction, MentoringTarget, SelfAssessment, SupervisionSession,
)  # fmt: skip


class _Maker:
    """Builds the rows of one relationship after another, with ids chosen here so rows can point at each other."""

    def __init__(self, rng: random.Random, today: date, staff: Sequence[str], connection: Any) -> None:
        self.rng, self.today, self.staff = rng, today, staff
        self.rows: dict[type[Any], list[dict[str, Any]]] = {model: [] for model in _MODELS}
        self.next_id = {
            model: (connection.execute(select(func.max(model.id))).scalar() or 0) + 1
            for model in (MentoringRelationship, Meeting)
        }
        self.items = {phase: load_checklist(phase.checklist_id).item_ids for phase in Phase}

    def add(self, model: type[Any], **row: Any) -> dict[str, Any]:
        if model in self.next_id:
            row["id"] = self.next_id[model]
            self.next_id[model] += 1
        self.rows[model].append(row)
        return row

    def relationship(self, learner_id: int, learner_name: str, started: date, closing: bool) -> None:
        rng, today = self.rng, self.today
        kind = rng.choices(list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()))[0]
        mentor_name, role = rng.choice(MENTORS[kind])
        if kind == MentorKind.PROFESSIONAL and self.staff:
            mentor_name = rng.choice(self.staff)
        external = kind in (MentorKind.VOLUNTEER, MentorKind.STUDENT)
        coordinator = self.staff[1] if len(self.staff) > 1 else "Sam Guidewright"
        age = (today - started).days
        phase = Phase.GROWTH
        if age < 42:
            phase = Phase.PREPARATION
        elif age >= 120 and rng.random() < 0.6:
            phase = Phase.TRUST
        closed_on = reason = None
        if closing:
            latest = today - timedelta(days=3)
            closed_on = min(started + timedelta(days=rng.randint(70, max(age, 70))), latest)
            reason = rng.choices(list(CLOSURES), (50, 20, 15, 15))[0]
            phase = Phase.CLOSURE
        evaluation = started + timedelta(weeks=12)
        if evaluation < today:  # evaluated every twelve weeks: the next is ahead or has slipped a little
            evaluation = today + timedelta(days=rng.randint(-12, 45))
        closure = dict(zip(CLOSURE_FIELDS, CLOSURES[reason] if reason else ("",) * 4, strict=True))
        relationship = self.add(
            MentoringRelationship,
            learner_id=learner_id,
            mode="coaching" if rng.random() < 0.25 else "mentoring",
            mentor_name=mentor_name,
            mentor_kind=kind.value,
            mentor_role=role,
            external=external,
            peer=kind == MentorKind.PEER,
            paid=kind == MentorKind.PROFESSIONAL,
            started_on=started,
            planned_weeks=rng.choice((12, 20, 26, 36)),
            intensity=rng.choice(INTENSITIES),
            check_in_every_days=rng.choice((7, 14, 14)),
            line_manager=f"{coordinator}, mentoring coordinator" if external else "",
            escalation_route=ESCALATION if external else "",
            phase=phase.value,
            status=RelationshipStatus.CLOSED.value if closing else RelationshipStatus.ACTIVE.value,
            setup_weeks=rng.choice((6, 6, 6, 8)),
            next_evaluation_on=None if closing else evaluation,
            closed_on=closed_on,
            closure_reason=reason.value if reason else "",
            closure_planned=reason is not ClosureReason.LEARNER_CHOICE if reason else None,
            **closure,
            after_closure_contact=AFTER_CLOSURE if closing else "",
        )
        end = closed_on or today
        terms = self.terms(relationship["id"], started)
        self.phase_records(relationship, end)
        self.contacts(relationship, terms, learner_name, end)
        self.targets_and_assessments(relationship["id"], started, end, closing)
        self.supervision(relationship, end)

    def terms(self, relationship_id: int, started: date) -> dict[str, Any]:
        rng = self.rng
        explained = started + timedelta(days=rng.randint(0, 10))
        for position, (name, role) in enumerate(rng.sample(SAFEGUARDING, k=rng.randint(1, 2))):
            phone = f"01632 960{rng.randint(0, 999):03d}"
            self.add(
                SafeguardingContact,
                relationship_id=relationship_id,
                position=position,
                name=name,
                role=role,
                phone=phone,
            )
        return self.add(
            MentoringTerms,
            relationship_id=relationship_id,
            objectives=rng.choice(OBJECTIVES),
            **TERMS_TEXT,
            confidentiality_explained_on=explained,
            confidentiality_acknowledged_on=explained if rng.random() < 0.85 else None,
            allowed_channels=rng.choice(CHANNEL_SETS),
            allowed_days="mon,tue,wed,thu,fri",
            hours_from="09:00",
            hours_to="18:00",
            mentor_reply_hours=rng.choice((24, 48)),
            learner_reply_hours=rng.choice((48, 72, None)),
        )

    def phase_records(self, relationship: dict[str, Any], end: date) -> None:
        rng, items = self.rng, self.items
        started, phase = relationship["started_on"], Phase(relationship["phase"])
        setup_days = relationship["setup_weeks"] * 7

        def record(which: Phase, item_id: str, on: date, note: str = "") -> None:
            self.add(
                PhaseRecord,
                relationship_id=relationship["id"],
                checklist_id=which.checklist_id,
                item_id=item_id,
                done_on=min(on, end),
                note=note,
            )

        first = items[Phase.PREPARATION]
        # Young relationships are part-way through setting up; one in five older ones never quite finished.
        if phase is Phase.PREPARATION:
            ticked = rng.randint(1, len(first) - 1)
        elif phase is Phase.CLOSURE or rng.random() < 0.8:
            ticked = len(first)
        else:
            ticked = len(first) - rng.randint(1, 2)
        internal = not relationship["external"]
        for number, item_id in enumerate(first[:ticked]):
            note = "Not needed: the mentor works here." if internal and item_id == "escalation_known" else ""
            record(
                Phase.PREPARATION, item_id, started + timedelta(days=setup_days * number // len(first)), note
            )
        if phase.number >= 2:
            for item_id in rng.sample(items[Phase.GROWTH], k=rng.randint(3, len(items[Phase.GROWTH]))):
                record(Phase.GROWTH, item_id, started + timedelta(days=setup_days + rng.randint(7, 60)))
        if phase.number >= 3:
            for _ in range(rng.randint(2, 5)):
                on = started + timedelta(days=setup_days + rng.randint(30, 110))
                record(Phase.TRUST, rng.choice(items[Phase.TRUST]), on, rng.choice(QUALITY_NOTES))
        if phase is Phase.CLOSURE:
            for number, item_id in enumerate(reversed(items[Phase.CLOSURE])):
                record(Phase.CLOSURE, item_id, end - timedelta(days=3 * number))

    def contacts(
        self, relationship: dict[str, Any], terms: dict[str, Any], learner_name: str, end: date
    ) -> None:
        rng, today = self.rng, self.today
        started, every = relationship["started_on"], relationship["check_in_every_days"]
        active = relationship["status"] == RelationshipStatus.ACTIVE
        channels = terms["allowed_channels"].split(",")
        written_channel = next(c for c in channels if c in WRITTEN)
        spoken_channels = [c for c in channels if c not in WRITTEN]
        span = max((end - started).days, 1)
        days = sorted(started + timedelta(days=rng.randint(0, span)) for _ in range(rng.randint(5, 15)))
        late = set(rng.sample(range(len(days)), k=rng.choice((0, 1, 1, 2))))  # the learner, late at night
        next_on: date | None = None
        for number, held_on in enumerate(days):
            written = number in late or rng.random() < 0.35
            by = "learner" if number in late or (written and rng.random() < 0.6) else "mentor"
            if by == "mentor" and held_on.weekday() >= 5:  # the mentor keeps to weekdays: back to Friday
                held_on = max(held_on - timedelta(days=held_on.weekday() - 4), started)
            if number in late:
                start = rng.choice(("21:40", "22:15", "07:20", "23:05"))
            elif written:
                start = f"{rng.randint(9, 17):02d}:{rng.choice((5, 20, 35, 50)):02d}"
            else:
                start = rng.choice(("09:30", "10:15", "11:00", "12:30", "13:45", "15:30", "16:00"))
            if written:  # a message leaves the next meeting as it was
                next_on = next_on if next_on is not None and next_on >= held_on else None
            else:  # a meeting sets the next one, unless it was the last of a closed relationship
                next_on = held_on + timedelta(days=every) if active or number < len(days) - 1 else None
            meeting = self.add(
                Meeting,
                learner_id=relationship["learner_id"],
                held_on=held_on,
                kind=MEETING_KIND,
                attendees=relationship["mentor_name"],
                notes=rng.choice(MESSAGES[by]) if written else rng.choice(TOPICS),
                next_on=next_on,
            )
            hours = terms["mentor_reply_hours"] if by == "learner" else terms["learner_reply_hours"]
            sent = datetime.combine(held_on, time.fromisoformat(start))
            self.add(
                MentoringContact,
                meeting_id=meeting["id"],
                relationship_id=relationship["id"],
                channel=written_channel if written else rng.choice(spoken_channels),
                start_time=start,
                duration_minutes=None if written else rng.choice((20, 30, 45, 60)),
                initiated_by=by,
                answered_at=self.answer(sent, hours, active) if written else None,
            )
            agreed = 0 if written else rng.choice((0, 1, 1, 2))
            for position, action in enumerate(rng.sample(ACTIONS, k=agreed) if agreed else ()):
                due_on = held_on + timedelta(days=rng.choice((7, 10, 14, 21)))
                # Old actions are nearly all done; a few recent ones have slipped past their date.
                slipped = 0.4 if (today - due_on).days < 30 else 0.03
                done = not active or (due_on < today and rng.random() >= slipped)
                done_on = min(held_on + timedelta(days=rng.randint(1, (due_on - held_on).days + 3)), today)
                self.add(
                    MeetingAction,
                    meeting_id=meeting["id"],
                    position=position,
                    action=action,
                    owner=rng.choice((learner_name, relationship["mentor_name"])),
                    due_on=due_on,
                    done_on=done_on if done else None,
                )

    def answer(self, sent: datetime, hours: int | None, active: bool) -> datetime | None:
        """When a message was answered: mostly in time, sometimes late, a few recent ones not yet."""
        rng = self.rng
        recent = (self.today - sent.date()).days <= 10
        if active and rng.random() < (0.35 if recent else 0.02):
            return None
        allowed = hours or 48
        after = rng.uniform(0.3, allowed) if rng.random() < 0.85 else rng.uniform(allowed * 1.1, allowed * 2)
        answered = sent + timedelta(hours=after)
        if answered > datetime.combine(self.today, time(17, 0)):
            return None
        # Kept as the contacts service keeps it: in UTC, shown again in the laptop's local time.
        return answered.replace(second=0, microsecond=0).astimezone(UTC)

    def targets_and_assessments(self, relationship_id: int, started: date, end: date, closed: bool) -> None:
        rng, today = self.rng, self.today
        for position, (words, wording, measure, trajectory) in enumerate(
            rng.sample(TARGETS, k=rng.randint(2, 4))
        ):
            deadline = started + timedelta(weeks=rng.randint(6, 20))
            passed = "closed" if closed else "passed" if deadline < today else "ahead"
            status = rng.choice(TARGET_STATUSES[passed])
            self.add(
                MentoringTarget,
                relationship_id=relationship_id,
                position=position,
                learner_words=words,
                professional_wording=wording,
                trajectory=trajectory,
                set_by=rng.choice(("learner", "jointly")),
                deadline=deadline,
                measure=measure,
                evidence="Checked together at a check-in." if status == GoalStatus.ACHIEVED else "",
                status=status,
            )
        # The young person's view at the start, at the twelve-week evaluation, and at closure.
        confidence = rng.randint(1, 3)
        points = [("start", min(started + timedelta(days=rng.randint(3, 14)), end))]
        points.append(("evaluation", started + timedelta(weeks=12, days=rng.randint(0, 7))))
        if closed:
            points.append(("closing", end))
        for point, assessed_on in points:
            if assessed_on > min(end, today):
                continue
            self.add(
                SelfAssessment,
                relationship_id=relationship_id,
                assessed_on=assessed_on,
                point=point,
                confidence=confidence,
                progress=None if point == "start" else rng.randint(2, 5),
                strengths=". ".join(rng.sample(STRENGTHS, k=2)) + ".",
                to_work_on=rng.choice(TO_WORK_ON),
            )
            confidence = min(5, confidence + rng.choice((0, 1, 1, 2)))

    def supervision(self, relationship: dict[str, Any], end: date) -> None:
        started = relationship["started_on"]
        kind = SupervisionKind.PEER_DISCUSSION if relationship["peer"] else SupervisionKind.ONE_TO_ONE
        for number in range(self.rng.choice((0, 1, 1, 2))):
            held_on = started + timedelta(days=28 * (number + 1))
            if held_on > end:
                break
            self.add(
                SupervisionSession,
                relationship_id=relationship["id"],
                held_on=held_on,
                kind=kind.value,
                supervisor="Sam Guidewright",
                cases=self.rng.choice(SUPERVISION_CASES),
                reflections="I notice I want to fix things. Agreed to ask more and suggest less.",
                actions="Try a walk-and-talk check-in. Bring Learner A back next time.",
                next_on=held_on + timedelta(days=28),
            )
