"""Closed lists of road-map planning: plan and stage states, focus areas, trajectories, RAG, reviews.

Each enum carries the label the screens and documents show, so wording lives in one place.
"""

from __future__ import annotations

from enum import StrEnum


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        # Keyed by class and value: members of different enums with the same value compare equal as strings.
        return _LABELS[(type(self).__name__, self.value)]


class PlanStatus(_Labelled):
    DRAFT = "draft"  # being worked out with the learner; editable
    AGREED = "agreed"  # the version in force; its content is frozen
    SUPERSEDED = "superseded"  # an older agreed version, kept readable
    CLOSED = "closed"  # the plan ended


class FocusArea(_Labelled):
    WORK = "work"
    EDUCATION = "education"
    TRAINING = "training"
    LIFE = "life"
    SOCIAL = "social"
    EMOTIONAL = "emotional"
    WELL_BEING = "well_being"
    COMMUNITY = "community"
    LABOUR_MARKET = "labour_market"
    SOFT_SKILLS = "soft_skills"


class StageStatus(_Labelled):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class SdtNeed(_Labelled):
    AUTONOMY = "autonomy"
    COMPETENCE = "competence"
    RELATEDNESS = "relatedness"


class Trajectory(_Labelled):
    EDUCATIONAL = "educational"
    SOCIAL = "social"
    PERSONAL = "personal"
    LABOUR_MARKET = "labour_market"


class GoalSetBy(_Labelled):
    LEARNER = "learner"
    JOINTLY = "jointly"
    TUTOR = "tutor"


class GoalStatus(_Labelled):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    NOT_ACHIEVED = "not_achieved"
    DROPPED = "dropped"


class BarrierDomain(_Labelled):
    PERSONAL = "personal"
    SOCIAL = "social"
    FAMILY = "family"
    INSTITUTIONAL = "institutional"
    STRUCTURAL = "structural"


class BarrierSource(_Labelled):
    LEARNER = "learner"
    STAFF = "staff"
    FAMILY = "family"


class BarrierStatus(_Labelled):
    OPEN = "open"
    IN_HAND = "in_hand"
    RESOLVED = "resolved"


class ReviewKind(_Labelled):
    SCHEDULED = "scheduled"
    IMPROMPTU = "impromptu"
    WEEKLY = "weekly"
    TRACKING = "tracking"


class Rag(_Labelled):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"


class Ambition(_Labelled):
    ABOUT_RIGHT = "about_right"
    TOO_AMBITIOUS = "too_ambitious"
    NOT_AMBITIOUS_ENOUGH = "not_ambitious_enough"


class SignatureMethod(_Labelled):
    PAPER = "paper"
    DRAWN = "drawn"


class ContractState(StrEnum):
    """Where the contract of the agreed plan stands. Worked out each time, never stored."""

    NO_PLAN = "no_plan"
    UNSIGNED = "unsigned"
    PARTLY_SIGNED = "partly_signed"
    SIGNED = "signed"
    NEEDS_RESIGNING = "needs_resigning"  # the plan changed after its contract was signed


_LABEL_LIST: tuple[tuple[StrEnum, str], ...] = (  # read only by the line after it; see `_Labelled.label`
    (PlanStatus.DRAFT, "Draft"),
    (PlanStatus.AGREED, "Agreed"),
    (PlanStatus.SUPERSEDED, "Replaced by a later version"),
    (PlanStatus.CLOSED, "Closed"),
    (FocusArea.WORK, "Work"),
    (FocusArea.EDUCATION, "Education"),
    (FocusArea.TRAINING, "Training"),
    (FocusArea.LIFE, "Life"),
    (FocusArea.SOCIAL, "Social"),
    (FocusArea.EMOTIONAL, "Emotional"),
    (FocusArea.WELL_BEING, "Well-being"),
    (FocusArea.COMMUNITY, "Community engagement"),
    (FocusArea.LABOUR_MARKET, "Getting ready for work"),
    (FocusArea.SOFT_SKILLS, "Soft skills"),
    (StageStatus.NOT_STARTED, "Not started"),
    (StageStatus.IN_PROGRESS, "Under way"),
    (StageStatus.DONE, "Done"),
    (StageStatus.DROPPED, "Dropped"),
    (SdtNeed.AUTONOMY, "Autonomy"),
    (SdtNeed.COMPETENCE, "Competence"),
    (SdtNeed.RELATEDNESS, "Relatedness"),
    (Trajectory.EDUCATIONAL, "Educational"),
    (Trajectory.SOCIAL, "Social"),
    (Trajectory.PERSONAL, "Personal"),
    (Trajectory.LABOUR_MARKET, "Labour market"),
    (GoalSetBy.LEARNER, "The learner"),
    (GoalSetBy.JOINTLY, "Together"),
    (GoalSetBy.TUTOR, "The tutor"),
    (GoalStatus.NOT_STARTED, "Not started"),
    (GoalStatus.IN_PROGRESS, "Working on it"),
    (GoalStatus.ACHIEVED, "Achieved"),
    (GoalStatus.NOT_ACHIEVED, "Not achieved"),
    (GoalStatus.DROPPED, "Dropped"),
    (BarrierDomain.PERSONAL, "Personal"),
    (BarrierDomain.SOCIAL, "Social"),
    (BarrierDomain.FAMILY, "Family"),
    (BarrierDomain.INSTITUTIONAL, "Institutional"),
    (BarrierDomain.STRUCTURAL, "Structural"),
    (BarrierSource.LEARNER, "The learner"),
    (BarrierSource.STAFF, "Staff"),
    (BarrierSource.FAMILY, "The family"),
    (BarrierStatus.OPEN, "Open"),
    (BarrierStatus.IN_HAND, "Being dealt with"),
    (BarrierStatus.RESOLVED, "Resolved"),
    (ReviewKind.SCHEDULED, "Scheduled review"),
    (ReviewKind.IMPROMPTU, "Impromptu review"),
    (ReviewKind.WEEKLY, "Weekly review meeting"),
    (ReviewKind.TRACKING, "Tracking session"),
    (Rag.RED, "Red: stuck or off track"),
    (Rag.AMBER, "Amber: some progress, needs attention"),
    (Rag.GREEN, "Green: on track"),
    (Ambition.ABOUT_RIGHT, "About right"),
    (Ambition.TOO_AMBITIOUS, "Too ambitious"),
    (Ambition.NOT_AMBITIOUS_ENOUGH, "Not ambitious enough"),
    (SignatureMethod.PAPER, "Signed on paper"),
    (SignatureMethod.DRAWN, "Signed on screen"),
)
_LABELS = {(type(member).__name__, member.value): text for member, text in _LABEL_LIST}
