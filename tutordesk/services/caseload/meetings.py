"""Rules about the caseload's meetings that more than one kind of contact shares.

The Due list reads a learner's next meeting from their newest meeting's `next_on`; a contact that sets no
next date of its own (a quick message, a settling-in meeting) must keep the one already booked, or the
booked meeting would drop off the list.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select

from tutordesk.domain.models import Meeting
from tutordesk.vault.unit_of_work import UnitOfWork


def booked_next_meeting(uow: UnitOfWork, *, learner_id: int, after: date) -> date | None:
    """The next meeting set at the learner's newest meeting, if it is on or after `after`."""
    booked = uow.session.exec(
        select(Meeting.next_on)
        .where(Meeting.learner_id == learner_id)
        .order_by(col(Meeting.held_on).desc(), col(Meeting.id).desc())
        .limit(1)
    ).first()
    return booked if booked is not None and booked >= after else None
