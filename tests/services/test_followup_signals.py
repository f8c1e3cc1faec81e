"""Early-warning signals through the service: recorded with plain refusals, summed up, and turned into flags
for many learners at once; a contact logged after the evidence marks a flag followed up."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.support.builders import add_learner
from tutordesk.domain.early_warning import SignalKind, WarningRules
from tutordesk.errors import BadInput
from tutordesk.services.followup import contacts, signals
from tutordesk.services.followup.signals import AttendanceInput, EventInput, MarkInput
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 27)
RULES = WarningRules()


def _weeks(vault: Vault, learner: int, *attended: int, possible: int = 10) -> None:
    with vault.unit_of_work() as uow:
        for back, value in enumerate(reversed(attended)):
            end = TODAY - timedelta(weeks=back)
            data = AttendanceInput(end - timedelta(days=4), end, possible=possible, attended=value)
            signals.record_attendance(uow, learner_id=learner, data=data, today=TODAY)
        uow.commit()


def test_attendance_below_the_line_flags_only_that_learner(vault: Vault) -> None:
    poor, fine = add_learner(vault, "Pat", "Poorly"), add_learner(vault, "Fay", "Fine")
    _weeks(vault, poor, 9, 8, 9, 8)
    _weeks(vault, fine, 10, 10, 9, 10)
    with vault.unit_of_work() as uow:
        flags = signals.flags_for(uow, today=TODAY, rules=RULES)
        views = signals.learner_signals(uow, learner_id=poor)
    assert list(flags) == [poor]
    assert flags[poor][0].kind is SignalKind.ATTENDANCE and not flags[poor][0].followed_up
    assert views[0].summary.startswith("Attended 8 of 10 sessions (80%)")
    assert [round(p) for _, p in signals.trend(views, SignalKind.ATTENDANCE)] == [90, 80, 90, 80]


def test_the_same_period_recorded_again_replaces_it(vault: Vault) -> None:
    learner = add_learner(vault)
    _weeks(vault, learner, 5)
    _weeks(vault, learner, 10)
    with vault.unit_of_work() as uow:
        views = signals.learner_signals(uow, learner_id=learner)
    assert len(views) == 1 and views[0].percent == 100


def test_a_contact_after_the_evidence_marks_the_flag_followed_up(vault: Vault) -> None:
    learner = add_learner(vault)
    _weeks(vault, learner, 5, 5, 5, 5)
    with vault.unit_of_work() as uow:
        contacts.quick_note(uow, learner_id=learner, held_on=TODAY, note="Chat about mornings", today=TODAY)
        uow.commit()
    with vault.unit_of_work() as uow:
        assert signals.flags_for(uow, learner_ids=[learner], today=TODAY, rules=RULES)[learner][0].followed_up


def test_marks_and_events(vault: Vault) -> None:
    learner = add_learner(vault)
    with vault.unit_of_work() as uow:
        signals.record_mark(
            uow, learner_id=learner, data=MarkInput(date(2026, 10, 2), "Maths", "B"), today=TODAY
        )
        signals.record_mark(
            uow, learner_id=learner, data=MarkInput(date(2026, 11, 20), "Maths", "D"), today=TODAY
        )
        for back in (1, 5, 9):
            event = EventInput(TODAY - timedelta(days=back), SignalKind.INCIDENT, note="Left the lesson")
            signals.record_event(uow, learner_id=learner, data=event, today=TODAY)
        uow.commit()
    with vault.unit_of_work() as uow:
        kinds = [f.kind for f in signals.flags_for(uow, today=TODAY, rules=RULES)[learner]]
    assert kinds == [SignalKind.GRADE, SignalKind.INCIDENT]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (AttendanceInput(TODAY, TODAY - timedelta(days=1), 10, 5), "starts after it ends"),
        (AttendanceInput(TODAY, TODAY + timedelta(days=1), 10, 5), "has not come yet"),
        (AttendanceInput(TODAY, TODAY, 0, 0), "possible sessions must be from 1"),
        (AttendanceInput(TODAY, TODAY, 10, 11), "attended must be from 0 to the 10"),
        (AttendanceInput(TODAY, TODAY, 10, 8, excused=3), "Excused absences must be from 0 to the 2"),
    ],
)
def test_impossible_attendance_is_refused_plainly(vault: Vault, data: AttendanceInput, message: str) -> None:
    learner = add_learner(vault)
    with vault.unit_of_work() as uow, pytest.raises(BadInput, match=message):
        signals.record_attendance(uow, learner_id=learner, data=data, today=TODAY)


def test_other_mistakes_are_refused_plainly(vault: Vault) -> None:
    learner = add_learner(vault)
    with vault.unit_of_work() as uow:
        with pytest.raises(BadInput, match="not a grade TutorDesk can compare"):
            signals.record_mark(uow, learner_id=learner, data=MarkInput(TODAY, "Art", "great"), today=TODAY)
        with pytest.raises(BadInput, match="which subject"):
            signals.record_mark(uow, learner_id=learner, data=MarkInput(TODAY, "  ", "5"), today=TODAY)
        with pytest.raises(BadInput, match="what happened"):
            signals.record_event(
                uow, learner_id=learner, data=EventInput(TODAY, SignalKind.INCIDENT), today=TODAY
            )
        with pytest.raises(BadInput, match="not in this vault"):
            signals.record_event(
                uow, learner_id=learner + 99, data=EventInput(TODAY, SignalKind.INCIDENT, "x"), today=TODAY
            )
        with pytest.raises(BadInput, match="not in this vault any more"):
            signals.delete_signal(uow, learner_id=learner, signal_id=12345)


def test_a_removed_signal_takes_its_flag_with_it(vault: Vault) -> None:
    learner = add_learner(vault)
    with vault.unit_of_work() as uow:
        ids = [
            signals.record_event(
                uow,
                learner_id=learner,
                data=EventInput(TODAY - timedelta(days=d), SignalKind.DISENGAGEMENT, "quiet"),
                today=TODAY,
            )
            for d in (1, 2)
        ]
        uow.commit()
    with vault.unit_of_work() as uow:
        assert learner in signals.flags_for(uow, today=TODAY, rules=RULES)
        signals.delete_signal(uow, learner_id=learner, signal_id=ids[0])
        uow.commit()
    with vault.unit_of_work() as uow:
        assert signals.flags_for(uow, today=TODAY, rules=RULES) == {}
