"""The settling-in schedule: four one-to-one meetings after a move, one week, one month, three months and
six months after the first day at the new setting.

Months are calendar months with the day kept where the month has it (a start on 31 January meets on
28 or 29 February, then 30 April, then 31 July).
"""

from __future__ import annotations

from datetime import date, timedelta

from tutordesk.domain.dates import add_months
from tutordesk.domain.transition_enums import Milestone

_MONTHS = {Milestone.MONTH_1: 1, Milestone.MONTH_3: 3, Milestone.MONTH_6: 6}


def milestone_date(starts_on: date, milestone: Milestone) -> date:
    if milestone == Milestone.WEEK_1:
        return starts_on + timedelta(weeks=1)
    return add_months(starts_on, _MONTHS[milestone])


def settling_in_schedule(starts_on: date) -> list[tuple[Milestone, date]]:
    """The four meetings in order, each with the date it falls due."""
    return [(milestone, milestone_date(starts_on, milestone)) for milestone in Milestone]
