"""The autonomy, competence and relatedness check-in: its questions, rating words, and what the answers suggest.

Self-Determination Theory holds that motivation comes from within only when all three needs are met. Each
need is rated 1 (not at all) to 5 (very much); 4 or 5 counts as met. All three met reads as intrinsic, all
three at 2 or less as amotivation, anything between as extrinsic, and any missing answer as unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from tutordesk.domain.plan_enums import SdtNeed

MET_FROM = 4  # a rating of 4 or 5 means the need is met
LOW_UP_TO = 2  # all three at this or below reads as amotivation

RATING_LABELS: Mapping[int, str] = MappingProxyType(
    {
        1: "Not at all",
        2: "A little",
        3: "Somewhat",
        4: "Quite a lot",
        5: "Very much",
    }
)


@dataclass(frozen=True)
class SdtQuestion:
    need: SdtNeed
    question: str  # asked to the young person, in their words
    about: str  # one line for the tutor on what the need is


QUESTIONS: Mapping[SdtNeed, SdtQuestion] = MappingProxyType(
    {
        SdtNeed.AUTONOMY: SdtQuestion(
            SdtNeed.AUTONOMY,
            "How much do you feel you choose what you do and how you do it?",
            "Autonomy: feeling in charge of what, when and how, rather than being told.",
        ),
        SdtNeed.COMPETENCE: SdtQuestion(
            SdtNeed.COMPETENCE,
            "How much do you feel you can do the things in your plan?",
            "Competence: feeling able to do what is asked, because the steps are within reach.",
        ),
        SdtNeed.RELATEDNESS: SdtQuestion(
            SdtNeed.RELATEDNESS,
            "How much do you feel the people here care about you and listen to you?",
            "Relatedness: feeling cared for, valued and listened to by the people around them.",
        ),
    }
)

# One practical idea per unmet need, phrased to follow "To help, ".
_IDEAS = {
    SdtNeed.AUTONOMY: "offer real choices about how and when they work",
    SdtNeed.COMPETENCE: "break the next task into smaller steps they feel able to do",
    SdtNeed.RELATEDNESS: "make time to build trust by showing genuine interest and listening",
}


class MotivationKind(StrEnum):
    INTRINSIC = "intrinsic"
    EXTRINSIC = "extrinsic"
    AMOTIVATION = "amotivation"
    UNKNOWN = "unknown"  # at least one need was not asked about

    @property
    def label(self) -> str:
        return _KIND_LABELS[self.value]


_KIND_LABELS = {
    "intrinsic": "Intrinsic motivation",
    "extrinsic": "Extrinsic motivation",
    "amotivation": "Amotivation",
    "unknown": "Not known yet",
}


@dataclass(frozen=True)
class MotivationReading:
    kind: MotivationKind
    met: tuple[SdtNeed, ...]
    unmet: tuple[SdtNeed, ...]
    missing: tuple[SdtNeed, ...]
    headline: str
    explanation: str


def motivation_reading(
    autonomy: int | None, competence: int | None, relatedness: int | None
) -> MotivationReading:
    """Read the three ratings (1 to 5, None when not asked) as a kind of motivation, with a plain explanation."""
    ratings = {SdtNeed.AUTONOMY: autonomy, SdtNeed.COMPETENCE: competence, SdtNeed.RELATEDNESS: relatedness}
    for need, rating in ratings.items():
        if rating is not None and (isinstance(rating, bool) or rating not in RATING_LABELS):
            raise ValueError(f"The {need.label.lower()} rating must be from 1 to 5, not {rating!r}.")
    met = tuple(need for need, rating in ratings.items() if rating is not None and rating >= MET_FROM)
    unmet = tuple(need for need, rating in ratings.items() if rating is not None and rating < MET_FROM)
    missing = tuple(need for need, rating in ratings.items() if rating is None)

    if missing:
        return MotivationReading(
            MotivationKind.UNKNOWN,
            met,
            unmet,
            missing,
            "Not enough answers yet",
            f"A reading needs an answer for all three needs. Still to ask about: {_join(missing)}.",
        )
    if not unmet:
        return MotivationReading(
            MotivationKind.INTRINSIC,
            met,
            unmet,
            missing,
            "Driven from within",
            "The learner feels in charge of their choices, able to do what the plan asks and connected to the "
            "people around them. This is when the work can become its own reward. Keep all three going: real "
            "choices, steps within reach and time together.",
        )
    if all(rating is not None and rating <= LOW_UP_TO for rating in ratings.values()):
        return MotivationReading(
            MotivationKind.AMOTIVATION,
            met,
            unmet,
            missing,
            "Finding it hard to see the point",
            "Right now the learner does not feel in charge, able or connected, so taking part may seem "
            "pointless to them. Start with the relationship: make time to build trust, then offer one small "
            "choice and one step they can manage.",
        )
    ideas = "; ".join(f"{_IDEAS[need]} ({need.label.lower()})" for need in unmet)
    return MotivationReading(
        MotivationKind.EXTRINSIC,
        met,
        unmet,
        missing,
        "Relying on reasons from outside",
        "The learner is likely to need outside reasons, such as rewards, deadlines or other people's wishes, "
        f"to keep going. Not yet met: {_join(unmet)}. To help, {ideas}.",
    )


def _join(needs: tuple[SdtNeed, ...]) -> str:
    names = [need.label.lower() for need in needs]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
