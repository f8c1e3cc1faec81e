"""The advisory SMART check of one goal: which letters a goal may be missing, each with a plain reason.

The check advises and never blocks: a tutor can always save a goal as it is. Wording is read from both the
learner's own words and the professional wording, so a goal counts as specific when either version is. Goals
that are achieved or dropped are checked on their wording only: dates no longer matter once a goal is done.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tutordesk.domain.dates import add_months, long_date
from tutordesk.domain.plan_enums import GoalStatus

LETTERS = "SMART"
LETTER_NAMES = {
    "S": "Specific",
    "M": "Measurable",
    "A": "Achievable",
    "R": "Relevant",
    "T": "Time-bound",
}
MIN_WORDS = 4  # below this even the fuller of the two wordings rarely says what, where or with whom
FAR_AWAY_MONTHS = 12

# Whole words or phrases that sound like a goal but leave nobody able to say when it is done. Each is matched
# as a whole word (see `_phrase_pattern`), so "try" does not fire on "tryout" or "try-out". Longer phrases
# come first: at one position the first alternative that matches wins, and the longer one is the better quote.
_VAGUE_PHRASES = (
    r"learn(?:ing)?\s+about",
    r"more\s+confident",
    r"gain(?:ing)?\s+confidence",
    r"(?:be|do|get|getting|feel|doing)\s+better",
    r"be\s+more",
    r"be\s+happier",
    r"focus\s+more",
    r"engage\s+more",
    r"work(?:ing)?\s+on",
    r"sort\s+out",
    r"think\s+about",
    r"look\s+into",
    r"improv(?:e|es|ed|ing|ement)",
    r"tr(?:y|ies|ying)",
    r"understand(?:ing)?",
    r"know",
)

# A digit or a word for an amount or a frequency: enough to show the goal can be counted or checked.
_QUANTITY_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty"
    r"|sixty|hundred|once|twice|half|every|daily|weekly|fortnightly|monthly|per\s*cent"
)


def _phrase_pattern(alternatives: str) -> re.Pattern[str]:
    # Not \b: a hyphen is a word boundary to \b, and "try-out" should no more count as "try" than "tryout".
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


_VAGUE = _phrase_pattern("|".join(_VAGUE_PHRASES))
_QUANTITY = _phrase_pattern(_QUANTITY_WORDS)
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[\w'’-]+")

# What each flag asks for, in a few words: joined into `SmartReport.summary`.
_NEEDS = {
    "no_wording": "the goal in words",
    "too_short": "more detail",
    "vague": "something concrete",
    "no_measure": "a measure",
    "too_far": "smaller steps",
    "no_learner_words": "the learner's own words",
    "no_deadline": "a date",
    "deadline_passed": "a new date",
    "after_stage_target": "a date within the stage",
}


@dataclass(frozen=True)
class GoalFacts:
    """What the check needs to know about a goal; `status` is a `GoalStatus` value."""

    learner_words: str
    professional_wording: str
    measure: str
    evidence: str
    deadline: date | None
    status: str
    stage_target_on: date | None = None


@dataclass(frozen=True)
class SmartFlag:
    letter: str  # one of "SMART"
    code: str
    message: str


@dataclass(frozen=True)
class SmartReport:
    flags: tuple[SmartFlag, ...]

    @property
    def ok(self) -> bool:
        return not self.flags

    @property
    def failing(self) -> tuple[str, ...]:
        """The letters with at least one flag, in SMART order."""
        flagged = {flag.letter for flag in self.flags}
        return tuple(letter for letter in LETTERS if letter in flagged)

    @property
    def letters(self) -> str:
        """Each letter that passes, with a dot in place of each that does not: "S · A R T"."""
        failing = self.failing
        return " ".join("·" if letter in failing else letter for letter in LETTERS)

    def for_letter(self, letter: str) -> tuple[SmartFlag, ...]:
        return tuple(flag for flag in self.flags if flag.letter == letter)

    def summary(self) -> str:
        """One short line for a list or a badge: "Looks SMART" or "Needs: a measure, a date"."""
        if self.ok:
            return "Looks SMART"
        needs = dict.fromkeys(_NEEDS.get(flag.code, flag.code) for flag in self.flags)
        return "Needs: " + ", ".join(needs)

    def tooltip(self) -> str:
        """A few plain lines explaining each flag, ending with the reminder that these are suggestions."""
        if self.ok:
            return "This goal is clear, can be checked and has a date to aim for."
        lines = ["Some things to think about:"]
        lines += [f"{LETTER_NAMES[flag.letter]}: {flag.message}" for flag in self.flags]
        lines.append("These are suggestions only; you can keep the goal as it is.")
        return "\n".join(lines)


def check_goal(goal: GoalFacts, *, today: date) -> SmartReport:
    """Advise on one goal; `today` is passed in so the check is the same on every machine and in tests."""
    learner_words = goal.learner_words.strip()
    professional = goal.professional_wording.strip()
    wording = f"{learner_words}\n{professional}"
    # A number or a frequency in the wording does the job of a measure ("attend 4 out of 5 days").
    countable = bool(goal.measure.strip() or _DIGIT.search(wording) or _QUANTITY.search(wording))
    finished = goal.status in (GoalStatus.ACHIEVED, GoalStatus.DROPPED)
    flags = [
        *_specific(learner_words, professional, countable),
        *_measurable(countable),
        *([] if finished else _achievable(goal.deadline, today)),
        *_relevant(learner_words, professional),
        *([] if finished else _time_bound(goal.deadline, goal.stage_target_on, today)),
    ]
    return SmartReport(tuple(flags))


def _specific(learner_words: str, professional: str, countable: bool) -> list[SmartFlag]:
    if not learner_words and not professional:
        return [
            SmartFlag(
                "S",
                "no_wording",
                "Write the goal down, ideally in the learner's own words, so you both know what you are aiming for.",
            )
        ]
    flags = []
    if max(_word_count(learner_words), _word_count(professional)) < MIN_WORDS:
        flags.append(
            SmartFlag(
                "S",
                "too_short",
                "The goal is only a few words long; add what exactly will happen, where or with whom.",
            )
        )
    vague = _VAGUE.search(f"{learner_words}\n{professional}")
    if vague and not countable:
        phrase = " ".join(vague.group(0).lower().split()).capitalize()
        flags.append(
            SmartFlag(
                "S",
                "vague",
                f"“{phrase}” is hard to pin down on its own; say what the learner will actually do, make or change.",
            )
        )
    return flags


def _measurable(countable: bool) -> list[SmartFlag]:
    if countable:
        return []
    return [
        SmartFlag(
            "M",
            "no_measure",
            "Add how you will both know it is done, such as a number, how often, or something you can see.",
        )
    ]


def _achievable(deadline: date | None, today: date) -> list[SmartFlag]:
    if deadline is None or deadline <= add_months(today, FAR_AWAY_MONTHS):
        return []
    return [
        SmartFlag(
            "A",
            "too_far",
            "The date is more than a year away; smaller steps with nearer dates keep the goal within reach.",
        )
    ]


def _relevant(learner_words: str, professional: str) -> list[SmartFlag]:
    # Whether a goal matters is for the conversation, not a rule. The one thing a rule can see is whether the
    # learner's own words are there beside the professional wording: a goal they never put into words is
    # seldom theirs.
    if not professional or learner_words:
        return []
    return [
        SmartFlag(
            "R",
            "no_learner_words",
            "Add the goal in the learner's own words, so it stays theirs and matters to them.",
        )
    ]


def _time_bound(deadline: date | None, stage_target: date | None, today: date) -> list[SmartFlag]:
    if deadline is None:
        return [
            SmartFlag(
                "T",
                "no_deadline",
                "Agree a date to aim for, so you both know when to look back at how it went.",
            )
        ]
    flags = []
    if deadline < today:
        flags.append(
            SmartFlag(
                "T",
                "deadline_passed",
                f"The date ({long_date(deadline)}) has passed; agree a new one, or mark the goal achieved or dropped.",
            )
        )
    if stage_target is not None and deadline > stage_target:
        flags.append(
            SmartFlag(
                "T",
                "after_stage_target",
                f"The date is after the stage's target date ({long_date(stage_target)}); bring it forward or move the stage.",
            )
        )
    return flags


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))
