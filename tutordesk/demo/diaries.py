"""Demo diaries for the fictional learners: the learner's own diary every week or so, the practitioner's
reflections after some logged contacts, a few spoken entries with a tiny recording, and a practice journal that
names some of the demo learners (so pseudonymising for supervision has something to do).

Rows go in with bulk inserts and ids chosen here, in the caller's transaction; the diary triggers index
them for search as they go in. A separate random stream keeps the rest of the demo as it was before
diaries existed. Every entry is invented.
"""

from __future__ import annotations

import io
import math
import random
import wave
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any

from sqlalchemy import func, insert, select
from sqlmodel import col

from tutordesk.domain.contact_models import ContactLogEntry
from tutordesk.domain.diary_enums import DiaryKind, EntryMode, JournalKind
from tutordesk.domain.diary_models import DiaryAudio, DiaryEntry
from tutordesk.domain.enums import LearnerStatus
from tutordesk.domain.models import Learner, Person
from tutordesk.domain.plan_enums import PlanStatus
from tutordesk.domain.plan_models import PlanStage, PlanVersion
from tutordesk.vault.unit_of_work import UnitOfWork

#: How often a learner writes: every LEARNER_GAP_DAYS[0] to [1] days.
LEARNER_GAP_DAYS = (5, 12)
#: The share of meetings the practitioner writes a reflection about.
REFLECTION_SHARE = 0.45
#: The share of the learner's entries linked to the stage of their plan they are working on.
STAGE_LINK_SHARE = 0.35
#: Spoken entries carry a real (tiny) recording; past this many the demo writes instead, to keep the vault small.
SPOKEN_AT_MOST = 120
SPOKEN_SHARE = 0.04
RECORDING_MS = 400

# Moods 1 (very low) to 5 (very good), in the learner's own words.
MOOD_WORDS = {
    1: ("rubbish", "fed up", "done with it", "really low", "stressed out"),
    2: ("meh", "tired", "worried", "a bit down", "anxious"),
    3: ("ok", "alright", "fine I guess", "not bad", "so-so"),
    4: ("good", "pretty good", "happy", "better", "chilled"),
    5: ("buzzing", "really good", "proud", "great", "excited"),
}
LOW_DAYS = (
    "Didn't want to come in Monday. Came in Tuesday instead.",
    "Had a row at home and didn't sleep much. Everything felt like a lot.",
    "Missed two days. Bad week. Going to try again on Monday.",
    "Felt left out at lunch, everyone was in their groups.",
    "Walked out of English. The teacher kept picking on me.",
    "Phone died so no alarm. Late again and got a warning.",
    "Can't be bothered with any of it this week tbh.",
    "Bus didn't turn up twice. Gave up and went home.",
)
MIDDLE_DAYS = (
    "Came in every day this week. Tired but ok.",
    "Maths was boring but I did the worksheet.",
    "Not much to say. Same as last week really.",
    "Hate the written bits. Did them anyway.",
    "Quiet room helped when the group got loud.",
    "Bit of a slow week. Workshop was the best part.",
    "Had a test, don't know how it went yet.",
    "Wasn't feeling it Wednesday but stayed till the end.",
)
GOOD_DAYS = (
    "Workshop was good, we stripped down a gearbox.",
    "Got my first merit on an assignment!!",
    "Mum says she's proud I'm going in. Bit cringe but nice.",
    "Did a mock test. Better than I thought.",
    "Made a friend in the group, we sat together all week.",
    "Helped a new kid find the canteen. Felt good.",
    "Feel like I'm actually getting somewhere now.",
    "Cooked a pasta bake in catering and everyone ate it.",
)
# What the learner writes when the entry is about a stage of their plan (titles as in demo_plans.STAGES).
STAGE_LINES = {
    "Feel settled coming in": (
        "Checked in first thing, walking in felt less weird.",
        "Used my time-out card once. Came back after ten minutes.",
        "Three mornings this week, like the plan says.",
    ),
    "Sort out mornings": (
        "Two alarms worked! On time four days.",
        "Overslept again. Need to charge my phone before bed.",
        "Got the earlier bus every day this week.",
    ),
    "Catch up on missed work": (
        "Finished unit 3, one to go.",
        "Started unit 4. Loads to do but made a start.",
        "Handed in the missing work. Feels like a weight gone.",
    ),
    "Pass English and maths": (
        "Maths support was ok, fractions make more sense now.",
        "Did a past paper, got 38%. Bit gutted.",
        "English essay done. Used the plan we made.",
    ),
    "Try out work": (
        "Rang the garage about the taster. They said yes!",
        "Taster day two, I changed a tyre on my own.",
        "Nervous about the taster week. What if I get it wrong.",
    ),
    "Apply for next year": (
        "Started my application. The personal statement is hard.",
        "Sent off my first application!!",
        "Looked at courses for next year with my tutor.",
    ),
}
PROGRESS = (
    "On time four days out of five.",
    "Handed in my assignment.",
    "Went to every maths session.",
    "Spoke up in the group once.",
    "Stayed all day every day.",
)
SETBACKS = (
    "Overslept on Thursday.",
    "Didn't finish the essay.",
    "Missed the bus twice.",
    "Got into an argument in class.",
    "Skipped maths on Friday.",
)
LEARNER_TASKS = (
    "Set two alarms",
    "Ask about the bursary",
    "Bring my folder in",
    "Email the garage",
    "Do one past paper",
    "Pack my bag the night before",
)
REFLECTIONS = (
    "{name} arrived quieter than usual and took a while to settle. I held back on the plan and we talked about "
    "the weekend first; by the end {name} had set a target for the week. Starting slowly paid off.",
    "{name} seemed flatter today and said home has been tense. I noticed I wanted to fix it. Better to listen, "
    "and to check the time-out card is still working.",
    "Good session. {name} led the review and chose the next step. More ownership than a month ago.",
    "{name} did not come; the second time this month. Sent a friendly message rather than chase. Raise it with "
    "the family contact if it happens again.",
    "Talked through the taster week. {name} is keen but worried about travel, so we looked at the bus route "
    "together.",
    "{name} brought in finished work without being asked. I praised the effort, not just the result.",
    "Wondering whether the maths goal is too big: {name} looks defeated whenever it comes up. Suggest splitting "
    "it at the next review.",
    "Short meeting, mostly about mornings. The two-alarm plan is working most days.",
    "{name} was angry about a comment in class. I let it be said, then we planned what to say to the teacher.",
    "I notice {name} talks more when we walk than when we sit. Try the walk and talk again.",
    "Check-in answers up across the board. {name} said being listened to makes the difference.",
    "Mood lower than last time. Not pushing the application this week; well-being first.",
)
KEY_POINTS = (
    "Attendance this week\nThe taster week\nBus pass",
    "How maths support is going\nWhat helps in class",
    "Mornings\nWho to go to when it gets a lot",
    "The next review\nWhat to try differently",
)
PRACTITIONER_TASKS = (
    "Email the course lead about the timetable",
    "Check the bursary form went in",
    "Book the quiet room for Tuesdays",
    "Ask the garage for taster dates",
)
# The practice journal: (kind, text naming learners {a}, {b} (given names) and {a_full} (full name)).
JOURNAL: tuple[tuple[JournalKind, str], ...] = (
    (JournalKind.SUPERVISION, "Supervision with Sam. Brought {a_full} and {b}. For {a} we agreed I am doing too "
     "much of the chasing, so the reminders go back to {a} from next week. For {b} we talked about the pull "
     "to rescue; Sam suggested naming it in the session rather than acting on it."),
    (JournalKind.CRITICAL_INCIDENT, "{a_full} became very upset in the corridor after a phone call. Took {a} to "
     "the quiet room and stayed until calm; followed the safeguarding procedure and spoke to the designated "
     "lead the same afternoon. Went well: staying calm, few questions. Next time: have the quiet-room key on me."),
    (JournalKind.REFLECTION, "A long week: four reviews, two of them hard. I am more patient in the morning than "
     "after three o'clock, so the harder conversations go early in the day from now on."),
    (JournalKind.REFLECTION, "Read about self-determination theory again. The check-ins keep showing that feeling "
     "connected rises first. {a} and {b} both said it in their own words: they came back because someone "
     "noticed they had gone."),
    (JournalKind.REFLECTION, "Training on trauma-informed practice. Lateness can be a way of coping, not "
     "defiance. Thinking about {a}'s mornings differently."),
    (JournalKind.SUPERVISION, "Supervision. The caseload feels at its limit. Agreed to ask for learners who are "
     "closing to be handed on properly, and to protect Friday afternoons for writing up."),
    (JournalKind.CRITICAL_INCIDENT, "{a} told me something in a session that I had to pass on. I explained why "
     "and to whom before doing it; {a} was upset but said it made sense. Referral made the same day. Check in "
     "tomorrow morning."),
    (JournalKind.REFLECTION, "{a_full} signed the contract today and read every line first. Worth the extra "
     "twenty minutes: {a} asked to change one goal into their own words."),
    (JournalKind.SUPERVISION, "Talked through {a} with Sam: three missed sessions in a row. Agreed a home visit "
     "with the family contact before any talk of the course ending."),
    (JournalKind.REFLECTION, "I caught myself writing the goals for {b} instead of with {b}. Next review: blank "
     "sheet, and {b} holds the pen."),
    (JournalKind.CRITICAL_INCIDENT, "Fight outside the canteen involving {a}. Nobody hurt. Separated them, "
     "listened to both sides later, and logged it. {a} apologised unprompted the next day."),
    (JournalKind.REFLECTION, "Good day. {a} got the merit, {b} came in all week. Writing it down because the "
     "good days are easy to forget."),
    (JournalKind.SUPERVISION, "Peer supervision with the mentoring team. Shared how I end work with a learner; "
     "Alex's idea of a closing letter for {a_full} is a good one."),
    (JournalKind.REFLECTION, "The road map with {a} has too many stages. A shorter map with a stepping stone "
     "first might feel less like a wall."),
    (JournalKind.CRITICAL_INCIDENT, "{a} arrived with no coat in the rain and had not eaten. Sorted breakfast "
     "and a coat from the store, and asked gently about home. Passed it on to the designated lead as agreed."),
    (JournalKind.REFLECTION, "Parents' evening. {a_full}'s carer said {a} talks about the taster at home. Small "
     "things travel further than I think."),
    (JournalKind.SUPERVISION, "Sam asked what I do with my own frustration when a plan stalls. Honest answer: "
     "I work later. Agreed to notice it and stop at five."),
    (JournalKind.REFLECTION, "{b} and {a} are in the same group and pull each other down on bad days. Talk "
     "with the course lead about seating before moving anyone."),
    (JournalKind.CRITICAL_INCIDENT, "{a} left the building during a lesson without telling anyone. Found at the "
     "bus stop, safe. Followed the missing-learner steps and called home. Agreed a signal for needing to leave."),
    (JournalKind.REFLECTION, "End of term. Most plans moved on a step; a few stalled. Next term, more "
     "reviews in the first fortnight, when things slip fastest."),
)  # fmt: skip


def fill_demo_diaries(uow: UnitOfWork, *, learner_ids: Sequence[int], seed: int, today: date) -> int:
    """Write diaries for `learner_ids` and about twenty practice-journal entries; returns the entries added."""
    rng = random.Random(seed * 15485863 + 5)  # noqa: S311 - fictional data, reproducible from the seed
    connection = uow.connection()
    learners = connection.execute(
        select(
            col(Learner.id),
            col(Learner.given_name),
            col(Learner.preferred_name),
            col(Learner.family_name),
            col(Learner.started_on),
            col(Learner.status),
            col(Person.given_name),
            col(Person.family_name),
        )
        .outerjoin(Person, col(Person.id) == col(Learner.key_worker_id))
        .where(col(Learner.id).in_(learner_ids))
        .order_by(col(Learner.id))
    ).all()
    stages: dict[int, list[tuple[str, str, date | None]]] = {}
    for planned_for, lineage, title, target_on in connection.execute(
        select(
            col(PlanVersion.learner_id),
            col(PlanStage.lineage),
            col(PlanStage.title),
            col(PlanStage.target_on),
        )
        .join(PlanVersion, col(PlanVersion.id) == col(PlanStage.plan_version_id))
        .where(
            col(PlanVersion.learner_id).in_(learner_ids), col(PlanVersion.status) == PlanStatus.AGREED.value
        )
        .order_by(col(PlanVersion.learner_id), col(PlanStage.position))
    ):
        stages.setdefault(planned_for, []).append((lineage, title, target_on))
    # Reflections follow the logged contacts; a diary entry links only a meeting, so these link none.
    meetings: dict[int, list[tuple[int | None, date]]] = {}
    for met, held_on in connection.execute(
        select(col(ContactLogEntry.learner_id), col(ContactLogEntry.held_on))
        .where(col(ContactLogEntry.learner_id).in_(learner_ids))
        .order_by(col(ContactLogEntry.learner_id), col(ContactLogEntry.held_on), col(ContactLogEntry.id))
    ):
        meetings.setdefault(met, []).append((None, held_on))

    next_id = (connection.execute(select(func.max(DiaryEntry.id))).scalar() or 0) + 1
    rows: list[dict[str, Any]] = []
    audio_rows: list[dict[str, Any]] = []
    for learner_id, given, preferred, _family, started_on, status, tutor_given, tutor_family in learners:
        assert learner_id is not None  # a row read back from its table always has its id
        name = preferred or given
        tutor = f"{tutor_given} {tutor_family}" if tutor_given else "Morgan Tutorwell"
        first = (started_on or today - timedelta(days=120)) + timedelta(days=rng.randint(1, 10))
        last = today - timedelta(days=rng.randint(40, 90)) if status == LearnerStatus.CLOSED.value else today
        learner_stages = stages.get(learner_id, [])
        mood = float(rng.choice((2, 2, 3, 3, 3, 4)))
        drift = rng.choice((0.04, 0.03, 0.02, 0.0, -0.01))  # most learners feel a little better over time
        day = first
        while day <= last:
            mood = min(5.0, max(1.0, mood + drift + rng.uniform(-0.45, 0.45)))
            spoken = len(audio_rows) < SPOKEN_AT_MOST and rng.random() < SPOKEN_SHARE
            row = _learner_entry(rng, next_id, learner_id, name, day, round(mood), learner_stages, spoken)
            rows.append(row)
            if spoken:
                audio_rows.append(
                    {
                        "entry_id": next_id,
                        "mime": "audio/wav",
                        "duration_ms": RECORDING_MS,
                        "data": _recording(),
                    }
                )
            next_id += 1
            day += timedelta(days=rng.randint(*LEARNER_GAP_DAYS))
        for meeting_id, held_on in meetings.get(learner_id, []):
            if held_on <= last and rng.random() < REFLECTION_SHARE:
                rows.append(_reflection(rng, next_id, learner_id, name, tutor, held_on, meeting_id))
                next_id += 1
    names = [
        (preferred or given, f"{preferred or given} {family}") for _, given, preferred, family, *_ in learners
    ]
    for number, (kind, text) in enumerate(JOURNAL if names else ()):
        (a, a_full), (b, _) = rng.sample(names, 2) if len(names) > 1 else (names[0], names[0])
        written_on = today - timedelta(days=(len(JOURNAL) - number) * 9 + rng.randint(0, 4))
        body = text.format(a=a, a_full=a_full, b=b)
        rows.append(_row(next_id, None, DiaryKind.JOURNAL, written_on, "Morgan Tutorwell", body=body))
        rows[-1]["journal_kind"] = kind.value
        next_id += 1
    if rows:
        connection.execute(insert(DiaryEntry), rows)
    if audio_rows:
        connection.execute(insert(DiaryAudio), audio_rows)
    return len(rows)


def _learner_entry(
    rng: random.Random,
    entry_id: int,
    learner_id: int,
    name: str,
    day: date,
    mood: int,
    stages: list[tuple[str, str, date | None]],
    spoken: bool,
) -> dict[str, Any]:
    pool = LOW_DAYS if mood <= 2 else MIDDLE_DAYS if mood == 3 else GOOD_DAYS
    body = rng.choice(pool)
    lineage = ""
    if stages and rng.random() < STAGE_LINK_SHARE:
        # The stage in hand: the first whose target is still ahead of the entry, else the last one.
        lineage, title, _ = next((s for s in stages if s[2] is None or s[2] >= day), stages[-1])
        body = rng.choice(STAGE_LINES.get(title, (body,)))
    row = _row(entry_id, learner_id, DiaryKind.LEARNER, day, name, body="" if spoken else body)
    row.update(
        mode=EntryMode.SPOKEN.value if spoken else EntryMode.WRITTEN.value,
        mood=mood,
        mood_words=rng.choice(MOOD_WORDS[mood]) if rng.random() < 0.8 else "",
        progress=rng.choice(PROGRESS) if rng.random() < 0.3 else "",
        setbacks=rng.choice(SETBACKS) if mood <= 3 and rng.random() < 0.3 else "",
        tasks="\n".join(rng.sample(LEARNER_TASKS, rng.randint(1, 2))) if rng.random() < 0.25 else "",
        stage_lineage=lineage,
    )
    return row


def _reflection(
    rng: random.Random,
    entry_id: int,
    learner_id: int,
    name: str,
    tutor: str,
    held_on: date,
    meeting_id: int | None,
) -> dict[str, Any]:
    row = _row(
        entry_id,
        learner_id,
        DiaryKind.PRACTITIONER,
        held_on,
        tutor,
        body=rng.choice(REFLECTIONS).format(name=name),
    )
    row.update(
        key_points=rng.choice(KEY_POINTS) if rng.random() < 0.6 else "",
        tasks=rng.choice(PRACTITIONER_TASKS) if rng.random() < 0.4 else "",
        next_meeting_on=held_on + timedelta(days=rng.choice((7, 14))) if rng.random() < 0.5 else None,
        meeting_id=meeting_id,
    )
    return row


def _row(
    entry_id: int, learner_id: int | None, diary: DiaryKind, day: date, author: str, *, body: str
) -> dict[str, Any]:
    stamp = datetime.combine(day, time(16, 30), UTC)
    return {
        "id": entry_id,
        "learner_id": learner_id,
        "diary": diary.value,
        "written_on": day,
        "author": author,
        "mode": EntryMode.WRITTEN.value,
        "journal_kind": "",
        "body": body,
        "mood": None,
        "mood_words": "",
        "progress": "",
        "setbacks": "",
        "key_points": "",
        "tasks": "",
        "next_meeting_on": None,
        "stage_lineage": "",
        "goal_lineage": "",
        "meeting_id": None,
        "created_at": stamp,
        "updated_at": stamp,
    }


@cache
def _recording() -> bytes:
    """A real, tiny WAV (8 kHz, 8-bit mono): a soft tone, so playing a demo entry is audibly working."""
    rate = 8000
    frames = bytes(
        128
        + round(
            12 * math.sin(2 * math.pi * 440 * n / rate) * min(1.0, (rate * RECORDING_MS / 1000 - n) / 400)
        )
        for n in range(rate * RECORDING_MS // 1000)
    )
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(frames)
    return buffer.getvalue()
