"""Closed lists of mentoring and coaching: modes, mentor types, phases, contact channels, closure reasons.

Each enum carries the label the screens and documents show, so wording lives in one place.
"""

from __future__ import annotations

from enum import StrEnum


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        # Keyed by class and value: members of different enums with the same value compare equal as strings.
        return _LABELS[(type(self).__name__, self.value)]


class RelationshipMode(_Labelled):
    MENTORING = "mentoring"  # goals evolve as the relationship goes on
    COACHING = "coaching"  # goals fixed at the start; it ends when they are met


class MentorKind(_Labelled):
    PROFESSIONAL = "professional"  # guidance counsellor, teacher, tutor
    VOLUNTEER = "volunteer"  # business community, retired professionals
    STUDENT = "student"
    PEER = "peer"


class RelationshipStatus(_Labelled):
    ACTIVE = "active"
    CLOSED = "closed"


class Phase(_Labelled):
    """The four phases. They may overlap; the relationship records the one it is mostly in now."""

    PREPARATION = "1"
    GROWTH = "2"
    TRUST = "3"
    CLOSURE = "4"

    @property
    def number(self) -> int:
        return int(self.value)

    @property
    def checklist_id(self) -> str:
        return f"mentoring_phase_{self.value}"


class ContactChannel(_Labelled):
    FACE_TO_FACE = "face_to_face"
    PHONE = "phone"
    VIDEO = "video"
    MESSAGING = "messaging"
    EMAIL = "email"

    @property
    def is_written(self) -> bool:
        """Messages and emails wait for an answer; a call or a meeting is answered as it happens."""
        return self in (ContactChannel.MESSAGING, ContactChannel.EMAIL)


class InitiatedBy(_Labelled):
    MENTOR = "mentor"
    LEARNER = "learner"


class Weekday(_Labelled):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def number(self) -> int:
        """Monday is 0, as `date.weekday()` counts (not `index`: that would hide `str.index`)."""
        return list(Weekday).index(self)


class ClosureReason(_Labelled):
    GOALS_MET = "goals_met"
    TRANSITION = "transition"
    LEARNER_CHOICE = "learner_choice"
    MENTOR_UNAVAILABLE = "mentor_unavailable"
    REFERRED_ON = "referred_on"
    OTHER = "other"


class AssessmentPoint(_Labelled):
    START = "start"
    EVALUATION = "evaluation"
    CLOSING = "closing"


class SupervisionKind(_Labelled):
    ONE_TO_ONE = "one_to_one"
    CO_MENTORING = "co_mentoring"
    PEER_DISCUSSION = "peer_discussion"


_LABEL_LIST: tuple[tuple[StrEnum, str], ...] = (  # read only by the line after it; see `_Labelled.label`
    (RelationshipMode.MENTORING, "Mentoring"),
    (RelationshipMode.COACHING, "Coaching"),
    (MentorKind.PROFESSIONAL, "Professional"),
    (MentorKind.VOLUNTEER, "Volunteer"),
    (MentorKind.STUDENT, "Student"),
    (MentorKind.PEER, "Peer"),
    (RelationshipStatus.ACTIVE, "Active"),
    (RelationshipStatus.CLOSED, "Closed"),
    (Phase.PREPARATION, "Preparation and negotiation"),
    (Phase.GROWTH, "Enabling growth"),
    (Phase.TRUST, "Building trust"),
    (Phase.CLOSURE, "Closure"),
    (ContactChannel.FACE_TO_FACE, "Face to face"),
    (ContactChannel.PHONE, "Phone"),
    (ContactChannel.VIDEO, "Video call"),
    (ContactChannel.MESSAGING, "Messaging"),
    (ContactChannel.EMAIL, "Email"),
    (InitiatedBy.MENTOR, "Mentor"),
    (InitiatedBy.LEARNER, "Young person"),
    (Weekday.MON, "Monday"),
    (Weekday.TUE, "Tuesday"),
    (Weekday.WED, "Wednesday"),
    (Weekday.THU, "Thursday"),
    (Weekday.FRI, "Friday"),
    (Weekday.SAT, "Saturday"),
    (Weekday.SUN, "Sunday"),
    (ClosureReason.GOALS_MET, "Goals met"),
    (ClosureReason.TRANSITION, "Moving on to a new setting"),
    (ClosureReason.LEARNER_CHOICE, "The young person's choice"),
    (ClosureReason.MENTOR_UNAVAILABLE, "Mentor no longer available"),
    (ClosureReason.REFERRED_ON, "Referred on to other support"),
    (ClosureReason.OTHER, "Other"),
    (AssessmentPoint.START, "At the start"),
    (AssessmentPoint.EVALUATION, "Evaluation point"),
    (AssessmentPoint.CLOSING, "At closure"),
    (SupervisionKind.ONE_TO_ONE, "One-to-one supervision"),
    (SupervisionKind.CO_MENTORING, "Co-mentoring group"),
    (SupervisionKind.PEER_DISCUSSION, "Peer mentor discussion"),
)
_LABELS = {(type(member).__name__, member.value): text for member, text in _LABEL_LIST}
