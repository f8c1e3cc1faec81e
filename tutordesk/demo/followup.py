"""The demo's follow-up work, made the way a tutor makes it: attendance imported from a school's CSV file,
marks, incidents and signs of disengagement recorded, follow-up cases opened for learners who crossed a
line with steps done along the setting's procedure, and measures from the catalogue in place.

Most learners attend well; a few cross the early-warning lines, so the caseload shows what a flag looks
like without looking neglected. Cases are on time but for about one in every 200 learners, whose next step
is past its limit, as the demo's catch-up keeps one overdue item of each kind.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from tutordesk.demo.catch_up import LEARNERS_PER_KEPT
from tutordesk.documents.procedures import load_catalogue, load_procedure
from tutordesk.domain.early_warning import SignalKind, WarningRules, school_year_start
from tutordesk.domain.models import Learner
from tutordesk.services.followup import attendance_import, cases, measures, signals
from tutordesk.services.followup.cases import StepDone
from tutordesk.services.followup.signals import EventInput, MarkInput
from tutordesk.vault.unit_of_work import UnitOfWork

#: How many school weeks of attendance each learner gets (fewer early in the school year).
WEEKS = 6
SUBJECTS = ("English", "Maths")
INCIDENT_NOTES = (
    "Walked out of the workshop after a disagreement with another learner",
    "Phone out in class again after two reminders",
    "Late back from lunch and argued with the duty teacher",
)
DISENGAGED_NOTES = (
    "Sat apart, head down, did not join the practical",
    "Said the course is pointless and asked how to leave",
)
OUTCOMES = ("Attending again and says things are easier at home", "Feels able to ask for help now")


def fill_followup(uow: UnitOfWork, *, learner_ids: list[int], seed: int, today: date) -> dict[str, int]:
    """Signals, cases and measures for these learners; returns how many of each were made."""
    rng = random.Random(seed * 7907 + 11)  # noqa: S311 - fictional data, reproducible from the seed
    learners = [uow.session.get(Learner, learner_id) for learner_id in learner_ids]
    people = [learner for learner in learners if learner is not None and learner.date_of_birth is not None]
    counts = {"attendance": _import_attendance(uow, people, rng, today)}
    counts["marks"] = counts["events"] = 0
    for learner in people:
        assert learner.id is not None
        if rng.random() < 1 / 6:
            counts["marks"] += _marks(uow, learner.id, rng, today)
        if rng.random() < 1 / 20:
            counts["events"] += _events(uow, learner.id, rng, today, SignalKind.INCIDENT, INCIDENT_NOTES)
        if rng.random() < 1 / 25:
            counts["events"] += _events(
                uow, learner.id, rng, today, SignalKind.DISENGAGEMENT, DISENGAGED_NOTES
            )
    flagged = signals.flags_for(uow, learner_ids=learner_ids, today=today, rules=WarningRules())
    counts["cases"] = 0
    late_left = max(1, len(learner_ids) // LEARNERS_PER_KEPT)  # as the catch-up keeps overdue items
    for learner_id in sorted(flagged):
        if rng.random() < 0.8:  # most learners who cross a line are being followed up
            late = late_left > 0 and rng.random() < 0.3
            late_left -= late
            # The reason in words, not the flag's figures: the case may have begun before the newest sign.
            reason = f"{flagged[learner_id][0].label}: the class teacher is worried and told the tutor"
            _case(uow, learner_id, reason, rng, today, late=late)
            counts["cases"] += 1
    counts["measures"] = 0
    offered = [m.id for m in load_catalogue().measures if not m.shown_from]
    for learner_id in learner_ids:
        if rng.random() < 1 / 7:
            _measure(uow, learner_id, rng.choice(offered), rng, today)
            counts["measures"] += 1
    return counts


def _import_attendance(uow: UnitOfWork, people: list[Learner], rng: random.Random, today: date) -> int:
    """A school's weekly file, imported as a tutor would import it."""
    last_monday = today - timedelta(days=today.weekday() + 7)
    first = school_year_start(today, WarningRules())
    weeks = [last_monday - timedelta(weeks=back) for back in range(WEEKS)]
    weeks = [monday for monday in weeks if monday >= first]
    lines = ["Forename,Surname,DOB,Week beginning,Possible sessions,Present,Authorised absences"]
    for learner in people:
        poor = rng.random() < 0.04
        for monday in weeks:
            missed = rng.choice((1, 2, 2, 3, 4)) if poor else rng.choice((0, 0, 0, 0, 0, 1))
            excused = 1 if missed and rng.random() < 0.3 else 0
            born = learner.date_of_birth
            assert born is not None
            lines.append(
                f'"{learner.given_name}","{learner.family_name}",{born:%d/%m/%Y},{monday:%d/%m/%Y},10,'
                f"{10 - missed},{excused}"
            )
    if len(lines) == 1:
        return 0
    data = ("\n".join(lines) + "\n").encode("utf-8")
    preview = attendance_import.preview_attendance_csv(uow, data=data, today=today)
    if not preview.importable:  # two demo learners could share a name and a birthday: leave them out
        return 0
    return attendance_import.import_attendance(uow, preview=preview, today=today)


def _marks(uow: UnitOfWork, learner_id: int, rng: random.Random, today: date) -> int:
    falling = rng.random() < 0.25
    for subject in SUBJECTS:
        first = rng.randint(3, 7)
        second = first - (
            rng.choice((1, 2)) if falling and subject == "Maths" else rng.choice((0, 0, 1)) * -1
        )
        for grade, back in ((first, rng.randint(35, 60)), (max(1, min(9, second)), rng.randint(3, 20))):
            mark = MarkInput(today - timedelta(days=back), subject, str(grade), observed_by="Subject teacher")
            signals.record_mark(uow, learner_id=learner_id, data=mark, today=today)
    return 2 * len(SUBJECTS)


def _events(
    uow: UnitOfWork,
    learner_id: int,
    rng: random.Random,
    today: date,
    kind: SignalKind,
    notes: tuple[str, ...],
) -> int:
    count = rng.randint(1, 3)
    for _ in range(count):
        event = EventInput(today - timedelta(days=rng.randint(1, 25)), kind, rng.choice(notes), "Form tutor")
        signals.record_event(uow, learner_id=learner_id, data=event, today=today)
    return count


def _case(
    uow: UnitOfWork, learner_id: int, reason: str, rng: random.Random, today: date, *, late: bool
) -> None:
    """A case at a random step, its dates laid back from today: on time (the next step still within its
    limit), or past its limit when `late`; now and then every step done and the case closed."""
    steps = load_procedure().steps
    done = rng.randint(0, len(steps))  # how many steps are done; all of them: the case is closed
    if done < len(steps):
        limit = steps[done].limit_days
        behind = limit + rng.randint(1, 10) if late else rng.randint(0, limit - 1)
    else:
        behind = rng.randint(1, 20)
    dates: list[date] = []
    latest = today - timedelta(days=behind)
    for step in reversed(steps[:done]):
        dates.insert(0, latest)
        latest -= timedelta(days=rng.randint(1, step.limit_days))
    opened = dates[0] - timedelta(days=rng.randint(0, 2)) if dates else latest
    case_id = cases.open_case(
        uow, learner_id=learner_id, opened_on=opened, reason=reason, opened_by="Class teacher", today=today
    )
    for step, done_on in zip(steps, dates, strict=False):
        cases.record_step(
            uow,
            case_id=case_id,
            done=StepDone(
                step.id, done_on, done_by="Tutor", outcome="Done as planned", informed="Counsellor"
            ),
            today=today,
        )
    if done == len(steps):
        cases.close_case(uow, case_id=case_id, closed_on=dates[-1], outcome=rng.choice(OUTCOMES), today=today)


def _measure(uow: UnitOfWork, learner_id: int, measure_id: str, rng: random.Random, today: date) -> None:
    started = today - timedelta(days=rng.randint(5, 120))
    row = measures.start_measure(
        uow, learner_id=learner_id, measure_id=measure_id, started_on=started, today=today
    )
    if rng.random() < 1 / 3 and (today - started).days > 20:
        ended = started + timedelta(days=rng.randint(14, (today - started).days))
        measures.end_measure(
            uow, measure_row_id=row, ended_on=ended, outcome=rng.choice(OUTCOMES), today=today
        )
