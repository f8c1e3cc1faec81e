"""Closed lists of transitions: kinds of move, phases, settling-in milestones, pack audiences, academic
record entries, travel purposes.

Each enum carries the label the screens and documents show, so wording lives in one place.
"""

from __future__ import annotations

from enum import StrEnum


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        # Keyed by class and value: members of different enums with the same value compare equal as strings.
        return _LABELS[(type(self).__name__, self.value)]


class TransitionKind(_Labelled):
    END_OF_STAGE = "end_of_stage"  # at a normal point: end of a key stage, of a course
    MID_TERM = "mid_term"  # outside the normal admission points ("irregular" or "turbulent")

    @property
    def checklist_id(self) -> str:
        return f"transition_{self.value}"


class TransitionPhase(_Labelled):
    BEFORE = "before"
    DURING = "during"
    AFTER = "after"


class TransitionStatus(_Labelled):
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Milestone(_Labelled):
    """The four settling-in meetings, counted from the first day at the new setting."""

    WEEK_1 = "1w"
    MONTH_1 = "1m"
    MONTH_3 = "3m"
    MONTH_6 = "6m"


class Audience(_Labelled):
    LEARNER = "learner"  # the young person's own copy: the default
    RECEIVING = "receiving"  # the receiving setting: only what the young person agreed to share


class AcademicKind(_Labelled):
    SETTING = "setting"
    COURSE = "course"
    QUALIFICATION = "qualification"
    ACHIEVEMENT = "achievement"


class ConsentGiver(_Labelled):
    LEARNER = "learner"
    PARENT_CARER = "parent_carer"


_LABEL_LIST: tuple[tuple[StrEnum, str], ...] = (  # read only by the line after it; see `_Labelled.label`
    (TransitionKind.END_OF_STAGE, "End of a stage"),
    (TransitionKind.MID_TERM, "Mid-term move"),
    (TransitionPhase.BEFORE, "Before the move"),
    (TransitionPhase.DURING, "During the move"),
    (TransitionPhase.AFTER, "After the move"),
    (TransitionStatus.ACTIVE, "In progress"),
    (TransitionStatus.COMPLETED, "Completed"),
    (TransitionStatus.CANCELLED, "Cancelled"),
    (Milestone.WEEK_1, "After one week"),
    (Milestone.MONTH_1, "After one month"),
    (Milestone.MONTH_3, "After three months"),
    (Milestone.MONTH_6, "After six months"),
    (Audience.LEARNER, "The young person's own copy"),
    (Audience.RECEIVING, "The receiving setting"),
    (AcademicKind.SETTING, "Setting attended"),
    (AcademicKind.COURSE, "Course"),
    (AcademicKind.QUALIFICATION, "Qualification or unit"),
    (AcademicKind.ACHIEVEMENT, "Achievement"),
    (ConsentGiver.LEARNER, "The young person"),
    (ConsentGiver.PARENT_CARER, "A parent or carer"),
)
_LABELS = {(type(member).__name__, member.value): text for member, text in _LABEL_LIST}
