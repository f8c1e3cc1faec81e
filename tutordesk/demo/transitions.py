"""Demo transitions for the fictional learners: about one in five moves to another setting (end of a stage
or mid-term, mostly planned), with a transition manager, a named contact at the receiving setting, the
checklist of its kind with owners and dates, the warm handover, the four settling-in meetings and, for about
half of the moves, the young person's agreement to share parts of the pack. About half of all learners get
a personal profile and an academic record; those moving also get a travel plan with practice runs, and a
few keep a small picture of work they are proud of.

Rows go in with bulk inserts and ids chosen here, in the caller's transaction. A separate random stream keeps
the rest of the demo as it was before transitions existed. Every person and setting is invented; phone
numbers come from Ofcom's range kept for drama (01632 960000 to 960999), email addresses from example.org,
and every sensitive answer says it is a fictional example.
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Sequence
from datetime import date, timedelta
from random import Random
from typing import Any

from sqlalchemy import func, insert, select
from sqlmodel import col

from tutordesk.demo.transition_text import (
    ACHIEVEMENTS,
    CONTACTS,
    COURSE_RESULTS,
    EARLIER_SCHOOL,
    GOOD_WORK,
    HANDOVER_NOTES,
    HANDOVER_PLACES,
    HELPS,
    INTERESTS,
    ITEM_NOTES,
    LEARNING,
    MANAGERS,
    NOTES,
    OWNERS,
    PARENTS,
    PETS,
    PICTURES,
    QUALIFICATIONS,
    RECEIVING,
    ROLES,
    ROUTES,
    RUNS,
    SENSITIVE,
    SETTLING,
    SETTLING_KEYS,
    TRAVEL,
    VISIT,
    WORRY,
)
from tutordesk.documents.checklists import load_checklist
from tutordesk.domain.enums import LearnerStatus
from tutordesk.domain.models import Learner, Meeting
from tutordesk.domain.settling_in import milestone_date, settling_in_schedule
from tutordesk.domain.transition_enums import (
    AcademicKind,
    Milestone,
    TransitionKind,
    TransitionPhase,
    TransitionStatus,
)
from tutordesk.domain.transition_models import (
    AcademicEntry,
    FormAnswers,
    HandoverConsent,
    HandoverEvent,
    PracticeRun,
    ProfileAttachment,
    SettlingInMeeting,
    Transition,
    TransitionItem,
)
from tutordesk.services.transitions.handover_consent import pack_sections
from tutordesk.services.transitions.handover_material import PROFILE_FORM, TRAVEL_FORM
from tutordesk.services.transitions.moves import SETTLING_IN_KIND
from tutordesk.vault.unit_of_work import UnitOfWork

#: The share of learners who move: most of those already marked as moving on, a few of the others.
MOVING_SHARE = {LearnerStatus.TRANSITIONING.value: 0.75}
OTHERS_MOVING = 0.13
#: The share of learners with a profile and an academic record, for those moving and for the others.
PROFILE_SHARE = (0.85, 0.45)
PICTURE_EVERY = 6  # every sixth profile keeps a picture of good work
#: Phases in turn, so that every phase is there in even a small demo; after the move is the longest.
PHASES = (TransitionPhase.BEFORE, TransitionPhase.AFTER, TransitionPhase.DURING, TransitionPhase.AFTER)
UNPLANNED_EVERY = 5  # one move in five was not planned (one more now and then), so there are always some
FICTIONAL = "Fictional example: "  # every sensitive answer starts with it


def fill_transitions(
    uow: UnitOfWork, *, learner_ids: Sequence[int], seed: int, today: date, staff: Sequence[str] = ()
) -> dict[str, int]:
    """Give about one in five of `learner_ids` a move and about half of them a profile; `staff` names the
    setting's own people, who manage the moves. Returns how many rows went into each table, and under
    "personal_profile" how many profiles were written."""
    connection = uow.connection()
    columns = (
        Learner.id, Learner.given_name, Learner.preferred_name, Learner.family_name, Learner.setting,
        Learner.programme, Learner.status, Learner.started_on,
    )  # fmt: skip
    learners = connection.execute(
        select(*(col(column) for column in columns))
        .where(col(Learner.id).in_(learner_ids))
        .order_by(col(Learner.id))
    ).all()
    maker = _Maker(Random(seed * 15485863 + 31), today, tuple(staff) or MANAGERS, connection)  # noqa: S311
    for learner in learners:
        share = MOVING_SHARE.get(learner.status, OTHERS_MOVING)
        move = maker.move(learner) if maker.rng.random() < share else None
        if maker.rng.random() < PROFILE_SHARE[0 if move else 1]:
            maker.material(learner, move)
        if move is not None and move["status"] != TransitionStatus.CANCELLED:
            maker.consent(move, learner.family_name)
    for model, rows in maker.rows.items():
        if rows:
            connection.execute(insert(model), rows)
    counts = {model.__tablename__: len(rows) for model, rows in maker.rows.items()}
    return {**counts, "personal_profile": maker.profiles}


#: In insert order: rows point at the ones before them. Columns left out of the rows take the model's default.
_MODELS = (
    Transition, TransitionItem, HandoverEvent, Meeting, SettlingInMeeting, FormAnswers, ProfileAttachment,
    AcademicEntry, PracticeRun, HandoverConsent,
)  # fmt: skip


class _Maker:
    """Builds one learner's rows after another, with ids chosen here so rows can point at each other."""

    def __init__(self, rng: Random, today: date, staff: tuple[str, ...], connection: Any) -> None:
        self.rng, self.today, self.staff = rng, today, staff
        self.rows: dict[type[Any], list[dict[str, Any]]] = {model: [] for model in _MODELS}
        self.next_id = {
            model: (connection.execute(select(func.max(model.id))).scalar() or 0) + 1
            for model in (Transition, Meeting)
        }
        self.items = {kind: load_checklist(kind.checklist_id).item_ids for kind in TransitionKind}
        self.sections = pack_sections()
        self.moves = self.profiles = self.moves_to_share = 0
        self.flag_left = True  # one settling-in meeting at least asks for closer follow-up
        self.written: dict[int, set[str]] = {}  # by learner: the fields of the profile with an answer

    def add(self, model: type[Any], **row: Any) -> dict[str, Any]:
        if model in self.next_id:
            row["id"] = self.next_id[model]
            self.next_id[model] += 1
        self.rows[model].append(row)
        return row

    def move(self, learner: Any) -> dict[str, Any]:
        rng, today = self.rng, self.today
        kind = TransitionKind.MID_TERM if rng.random() < 0.45 else TransitionKind.END_OF_STAGE
        planned = self.moves % UNPLANNED_EVERY != 2 and rng.random() < 0.95
        phase = PHASES[self.moves % len(PHASES)]
        self.moves += 1
        # The time between leaving and starting: a summer at the end of a stage, days in the middle of a term.
        days = rng.randint(20, 55) if kind is TransitionKind.END_OF_STAGE else rng.randint(1, 10)
        gap = timedelta(days=days)
        if phase is TransitionPhase.BEFORE:
            leaving = today + timedelta(days=rng.randint(4, 70))
            starts: date | None = leaving + gap
        elif phase is TransitionPhase.DURING:
            leaving = today - timedelta(days=rng.randint(1, 20))
            starts = max(today - timedelta(days=7), min(leaving + gap, today + timedelta(days=21)))
        else:  # left a fortnight or more after joining the caseload, where there was time for that
            joined = learner.started_on or today - timedelta(days=365)
            longest = max(15, min(230, (today - joined).days - days - 14))
            starts = today - timedelta(days=rng.randint(15, longest))
            leaving = starts - gap
        if phase is TransitionPhase.BEFORE and not planned and rng.random() < 0.5:
            starts = None  # the new setting has not confirmed the first day yet
        status = TransitionStatus.ACTIVE.value
        if starts is not None and milestone_date(starts, Milestone.MONTH_6) <= today - timedelta(days=7):
            status = TransitionStatus.COMPLETED.value
        elif phase is TransitionPhase.BEFORE and rng.random() < 0.08:
            status = TransitionStatus.CANCELLED.value
        contact = rng.choice(CONTACTS)
        email = f"{contact.lower().replace(' ', '.')}@example.org"
        channel = email if rng.random() < 0.6 else f"01632 960{rng.randint(0, 999):03d}"
        receiving = rng.choice([name for name in RECEIVING if name != learner.setting])
        move = self.add(
            Transition,
            learner_id=learner.id,
            kind=kind.value,
            planned=planned,
            sending_setting=learner.setting or "Hillview Academy (fictional)",
            receiving_setting=receiving,
            manager=rng.choice(self.staff),
            receiving_contact_name=contact,
            receiving_contact_role=rng.choice(ROLES),
            receiving_contact_channel=channel,
            profile_shared_on=None,
            leaving_on=leaving,
            starts_on=starts,
            phase=phase.value,
            status=status,
            note=rng.choice(NOTES[(kind, planned)]),
        )
        self.checklist(move, learner.given_name)
        if starts is not None and starts <= today and status != TransitionStatus.CANCELLED:
            self.handover(move)
        if starts is not None:
            self.settling_in(move)
        return move

    def checklist(self, move: dict[str, Any], given: str) -> None:
        rng, today = self.rng, self.today
        item_ids = self.items[TransitionKind(move["kind"])]
        end = move["starts_on"] or move["leaving_on"]
        start = min(move["leaving_on"], end) - timedelta(days=50)
        finished = move["status"] == TransitionStatus.COMPLETED
        for number, item_id in enumerate(item_ids):
            if not finished and rng.random() < 0.1:
                continue  # not planned yet: no owner, no date
            # Spread in checklist order up to the first day, when the warm handover happens.
            spread = (end - start) * (number + 1) // (len(item_ids) + 1) + timedelta(days=rng.randint(-3, 3))
            due_on: date | None = end if item_id == "warm_handover" else start + spread
            if not finished and rng.random() < 0.08:
                due_on = None
            anchor = due_on or end
            if finished:
                done = True
            elif anchor <= today:  # old items are nearly all done; a few recent ones have slipped
                done = rng.random() >= (0.35 if (today - anchor).days < 30 else 0.08)
            else:
                done = anchor - timedelta(days=40) <= today and rng.random() < 0.2
            owner = OWNERS.get(item_id, "manager")
            owner = {
                "manager": move["manager"],
                "contact": move["receiving_contact_name"],
                "learner": f"{given} with {move['manager']}",
            }.get(owner, owner)
            note = ITEM_NOTES.get(item_id, "") if done and rng.random() < 0.5 else ""
            self.add(
                TransitionItem,
                transition_id=move["id"],
                item_id=item_id,
                owner=owner,
                due_on=due_on,
                done_on=min(anchor - timedelta(days=rng.randint(0, 6)), today) if done else None,
                note=note,
            )

    def handover(self, move: dict[str, Any]) -> None:
        rng, starts = self.rng, move["starts_on"]
        introduced = f"{move['receiving_contact_name']}, {move['receiving_contact_role'].lower()}"
        events = [
            (starts, move["manager"], introduced, rng.choice(HANDOVER_PLACES), rng.choice(HANDOVER_NOTES))
        ]
        if rng.random() < 0.4:  # a visit before the first day
            visited = starts - timedelta(days=rng.randint(5, 20))
            events.insert(0, (visited, rng.choice(self.staff), *VISIT))
        for happened_on, accompanied_by, introduced_to, place, note in events:
            self.add(
                HandoverEvent,
                transition_id=move["id"],
                happened_on=happened_on,
                accompanied_by=accompanied_by,
                introduced_to=introduced_to,
                place=place,
                note=note,
            )

    def settling_in(self, move: dict[str, Any]) -> None:
        """The four meetings as `services.transitions` makes them; those past are held, as
        `record_settling_in` records them, except a few recent ones still to do."""
        rng, today = self.rng, self.today
        # Run by the counsellor here, or by the pastoral contact at the new setting.
        counsellor = self.staff[1] if len(self.staff) > 1 else self.staff[0]
        run_by = rng.choice((counsellor, move["receiving_contact_name"]))
        for milestone, due_on in settling_in_schedule(move["starts_on"]):
            # Old meetings are nearly all held; a few recent ones are still to do.
            slipped = 0.35 if (today - due_on).days < 30 else 0.03
            held = due_on <= today - timedelta(days=2) and (
                move["status"] == TransitionStatus.COMPLETED or rng.random() >= slipped
            )
            meeting_id = held_on = None
            values = "{}"
            if held:
                held_on = min(due_on + timedelta(days=rng.randint(0, 3)), today)
                how, well, hard, actions = SETTLING[milestone]
                flagged = self.flag_left or rng.random() < 0.1
                self.flag_left = False
                if flagged:
                    how, hard, actions = WORRY
                answers = zip(
                    SETTLING_KEYS, (how, well, hard, actions, "yes" if flagged else "no"), strict=True
                )
                values = json.dumps(dict(answers), ensure_ascii=False, sort_keys=True)
                meeting = self.add(
                    Meeting,
                    learner_id=move["learner_id"],
                    held_on=held_on,
                    kind=SETTLING_IN_KIND,
                    attendees=run_by,
                )
                meeting_id = meeting["id"]
            self.add(
                SettlingInMeeting,
                transition_id=move["id"],
                milestone=milestone.value,
                due_on=due_on,
                held_on=held_on,
                run_by=run_by if held else "",
                meeting_id=meeting_id,
                values_json=values,
            )

    def material(self, learner: Any, move: dict[str, Any] | None) -> None:
        rng, today = self.rng, self.today
        learner_id, joined = learner.id, learner.started_on or today - timedelta(days=200)
        self.profiles += 1
        answers = {
            "profile.preferred_name": learner.preferred_name or learner.given_name,
            "profile.interests": rng.choice(INTERESTS),
            "profile.good_work": "\n".join(rng.sample(GOOD_WORK, k=rng.randint(1, 2))),
            "profile.pets": rng.choice(PETS),
            "profile.learning_preferences": rng.choice(LEARNING),
            "profile.what_helps": "\n".join(rng.sample(HELPS, k=rng.randint(2, 3))),
        }
        if rng.random() < 0.4:  # some young people chose to write about the sensitive parts
            for key, texts in SENSITIVE.items():
                if rng.random() < 0.6:
                    answers[key] = FICTIONAL + rng.choice(texts)
        self.answers(learner_id, PROFILE_FORM, answers)
        self.written[learner_id] = {key.rpartition(".")[2] for key, value in answers.items() if value}
        if self.profiles % PICTURE_EVERY == 1:
            self.add(
                ProfileAttachment,
                learner_id=learner_id,
                title=rng.choice(PICTURES),
                file_name="good-work.png",
                mime="image/png",
                data=tiny_png((rng.randint(40, 220), rng.randint(40, 220), rng.randint(40, 220))),
                added_on=min(joined + timedelta(days=rng.randint(10, 90)), today),
            )
        self.academic_record(learner_id, learner.setting, learner.programme, joined, move)
        if move is not None and move["status"] != TransitionStatus.CANCELLED:
            self.travel(learner_id, move)

    def answers(self, learner_id: int, form_id: str, answers: dict[str, str]) -> None:
        kept = {key: value for key, value in answers.items() if value}
        self.add(
            FormAnswers,
            learner_id=learner_id,
            form_id=form_id,
            values_json=json.dumps(kept, ensure_ascii=False, sort_keys=True),
        )

    def academic_record(
        self, learner_id: int, setting: str, programme: str, joined: date, move: dict[str, Any] | None
    ) -> None:
        rng, today = self.rng, self.today
        left = move["leaving_on"] if move and move["status"] != TransitionStatus.CANCELLED else None
        left = left if left and left <= today else None
        # At the setting since joining the caseload, or since well before leaving it, whichever is earlier.
        joined = min(joined, (left or joined) - timedelta(days=300))
        entries = [
            (AcademicKind.SETTING, EARLIER_SCHOOL, "", joined - timedelta(days=5 * 365), joined - timedelta(days=60), ""),
            (AcademicKind.SETTING, setting, "", joined, left, ""),
            (AcademicKind.COURSE, programme or "Study programme", setting, joined, left, rng.choice(COURSE_RESULTS)),
        ]  # fmt: skip
        for title, result in rng.sample(QUALIFICATIONS, k=rng.randint(1, 2)):
            finished = min(joined + timedelta(days=rng.randint(30, 200)), today)
            entries.append((AcademicKind.QUALIFICATION, title, setting, joined, finished, result))
        achieved = min(joined + timedelta(days=rng.randint(20, 150)), today)
        entries.append(
            (AcademicKind.ACHIEVEMENT, rng.choice(ACHIEVEMENTS), setting, None, achieved, "")
        )  # on a day
        for kind, title, where, started_on, ended_on, result in entries:
            self.add(
                AcademicEntry,
                learner_id=learner_id,
                kind=kind.value,
                title=title,
                setting=where,
                started_on=started_on,
                ended_on=ended_on,
                result=result,
            )

    def travel(self, learner_id: int, move: dict[str, Any]) -> None:
        rng, today = self.rng, self.today
        self.answers(
            learner_id,
            TRAVEL_FORM,
            {"travel.destination": move["receiving_setting"], "travel.route": rng.choice(ROUTES), **TRAVEL},
        )
        # Practised in the weeks before the first day (or before today, for a move still ahead).
        last = min(move["starts_on"] or move["leaving_on"], today) - timedelta(days=rng.randint(2, 6))
        runs = rng.randint(1, 3)
        confidence = rng.randint(1, 3)
        for number, (with_whom, note) in enumerate(RUNS[3 - runs :]):
            self.add(
                PracticeRun,
                learner_id=learner_id,
                practised_on=last - timedelta(days=7 * (runs - 1 - number)),
                with_whom=with_whom,
                confidence=confidence,
                note=note,
            )
            confidence = min(5, confidence + rng.randint(1, 2))

    def consent(self, move: dict[str, Any], family: str) -> None:
        """About half of the moves: the young person (or a parent or carer) agreed to share some sections,
        always the move itself, and at most one sensitive field."""
        rng, today = self.rng, self.today
        self.moves_to_share += 1
        if self.moves_to_share % 2 == 0:
            return
        optional = [section for section in self.sections if section.id != "move"]
        chosen = {"move", *(s.id for s in rng.sample(optional, k=rng.randint(2, len(optional) - 1)))}
        # A sensitive field is agreed to only where the young person wrote something in it.
        written = self.written.get(move["learner_id"], set())
        fields = [key for s in self.sections if s.id in chosen for key, _ in s.sensitive_fields]
        sensitive = [key for key in fields if key.rpartition(".")[2] in written]
        agreed = [rng.choice(sensitive)] if sensitive and rng.random() < 0.4 else []
        parent = rng.random() < 0.25
        given_on = min(move["leaving_on"] - timedelta(days=rng.randint(7, 30)), today - timedelta(days=1))
        self.add(
            HandoverConsent,
            learner_id=move["learner_id"],
            transition_id=move["id"],
            given_by="parent_carer" if parent else "learner",
            given_by_name=f"{rng.choice(PARENTS)} {family}" if parent else "",
            sections=",".join(s.id for s in self.sections if s.id in chosen),
            sensitive_fields=",".join(agreed),
            given_on=given_on,
            note="Talked through each section together before agreeing.",
        )
        if move["leaving_on"] <= today:
            move["profile_shared_on"] = min(given_on + timedelta(days=rng.randint(1, 7)), today)


def tiny_png(colour: tuple[int, int, int], size: int = 16) -> bytes:
    """A real, very small PNG: diagonal stripes of `colour` on white, a stand-in for a photo of some work."""
    raw = b"".join(
        b"\x00" + b"".join(bytes(colour) if (x + y) % 6 < 3 else b"\xff\xff\xff" for x in range(size))
        for y in range(size)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    pixels = zlib.compress(raw, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
