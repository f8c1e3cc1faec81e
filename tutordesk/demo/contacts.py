"""The demo's contact log: each fictional learner's contacts since they joined, of every kind (tutorials,
quick words in the corridor, calls, messages, home visits, meetings with the family or another professional,
plan reviews), some with follow-ups, and the next contact booked at the newest one for most learners.

Made through the contact log's service (`contacts.log_contacts`), which checks each as the window would.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from tutordesk.domain.contact_enums import ContactKind
from tutordesk.services.followup import contacts
from tutordesk.services.followup.contacts import ContactInput, FollowUpInput
from tutordesk.vault.unit_of_work import UnitOfWork

#: How often each kind comes up on a tutor's log.
KIND_WEIGHTS = {
    ContactKind.ONE_TO_ONE: 30,
    ContactKind.INFORMAL: 20,
    ContactKind.PHONE_CALL: 12,
    ContactKind.MESSAGE: 14,
    ContactKind.HOME_VISIT: 3,
    ContactKind.FAMILY_MEETING: 6,
    ContactKind.PROFESSIONAL_MEETING: 5,
    ContactKind.PLAN_REVIEW: 6,
}
NOTES = {
    ContactKind.ONE_TO_ONE: ("Went through the week's timetable.", "Talked about mornings and getting in."),
    ContactKind.INFORMAL: ("Corridor: seemed cheerful.", "Canteen: asked about the football trials."),
    ContactKind.PHONE_CALL: ("Rang to check on the bus pass.", "Called back about the missed session."),
    ContactKind.MESSAGE: ("Message to remind about Thursday.", "Message about the taster day."),
    ContactKind.HOME_VISIT: ("Home visit: tea with the family; plans for the term.",),
    ContactKind.FAMILY_MEETING: ("Met the family at college about attendance.",),
    ContactKind.PROFESSIONAL_MEETING: ("Spoke with the youth worker about support outside college.",),
    ContactKind.PLAN_REVIEW: ("Looked back at the plan together.",),
}
ATTENDEES = {
    ContactKind.HOME_VISIT: "The young person, Mum",
    ContactKind.FAMILY_MEETING: "The young person, a parent or carer",
    ContactKind.PROFESSIONAL_MEETING: "Youth worker (fictional)",
    ContactKind.PLAN_REVIEW: "The young person",
}
FOLLOW_UPS = (
    ("Ring the college about the bus pass", "Tutor"),
    ("Send the timetable home", "Tutor"),
    ("Bring the form back signed", "Young person"),
    ("Ask about the taster day", "Tutor"),
)
#: The days between two contacts, and the share of contacts with a follow-up.
GAP_DAYS = (4, 30)
FOLLOW_UP_SHARE = 0.2


def fill_contacts(uow: UnitOfWork, *, learners: list[tuple[int, date]], seed: int, today: date) -> int:
    """Log a history of contacts for each (learner id, start on the caseload); returns how many."""
    rng = random.Random(seed * 104729 + 3)  # noqa: S311 - fictional data, reproducible from the seed
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    entries: list[tuple[int, ContactInput]] = []
    for learner_id, started in learners:
        held: list[ContactInput] = []
        day = started
        while True:
            day += timedelta(days=rng.randint(*GAP_DAYS))
            if day > today:
                break
            kind = rng.choices(kinds, weights)[0]
            follow_ups: tuple[FollowUpInput, ...] = ()
            if rng.random() < FOLLOW_UP_SHARE:
                what, who = rng.choice(FOLLOW_UPS)
                due = day + timedelta(days=rng.randint(3, 14))
                done = due - timedelta(days=rng.randint(0, 3)) if due < today - timedelta(days=3) else None
                follow_ups = (FollowUpInput(what, who, due, max(done, day) if done else None),)
            held.append(
                ContactInput(
                    held_on=day,
                    kind=kind.value,
                    at_time=f"{rng.randint(9, 16):02d}:{rng.choice((0, 15, 30, 45)):02d}",
                    attendees=ATTENDEES.get(kind, ""),
                    note=rng.choice(NOTES[kind]),
                    follow_ups=follow_ups,
                )
            )
        if held and rng.random() < 0.7:
            # Most next contacts lie ahead; about one in four has slipped past, as on a real caseload.
            last = held[-1]
            booked = max(last.held_on + timedelta(days=1), today + timedelta(days=rng.randint(-7, 21)))
            held[-1] = replace(last, next_on=booked)
        entries.extend((learner_id, contact) for contact in held)
    return contacts.log_contacts(uow, entries=entries, today=today)
