"""The caseload's risk level: an explainable score from the learner's recorded, unresolved factors.

Each open risk factor adds its domain's weight; each protective factor takes off a little. The weights and
thresholds are preferences (Settings), never hidden constants, and every level comes with the reasons that
produced it, so a tutor can see why a learner is flagged and disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from operator import itemgetter


class RiskLevel(StrEnum):
    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def label(self) -> str:
        return {"none": "None recorded", "low": "Low", "medium": "Medium", "high": "High"}[self.value]

    @property
    def rank(self) -> int:
        return ("none", "low", "medium", "high").index(self.value)


DOMAIN_LABELS = {
    "personal": "personal",
    "social": "social",
    "family": "family",
    "institutional": "institutional",
    "structural": "structural",
}


def _default_weights() -> dict[str, float]:
    # Structural factors weigh less by default: they describe the system around the learner more than the
    # learner's own situation, and a tutor can rarely change them.
    return {"personal": 1.0, "social": 1.0, "family": 1.0, "institutional": 1.0, "structural": 0.5}


@dataclass(frozen=True)
class RiskWeights:
    domain_weights: Mapping[str, float] = field(default_factory=_default_weights)
    protective_weight: float = 0.5
    medium_at: float = 3.0
    high_at: float = 6.0


class RiskAssessment:
    """A level and its score; the reasons behind them are written only when asked for.

    The caseload shows the reasons as a tooltip, so building a list of thousands of learners only scores them;
    `reasons` (and `explanation()`) write the text on first use and keep it.
    """

    __slots__ = ("level", "score", "_reasons", "_explain")

    def __init__(
        self,
        level: RiskLevel,
        score: float,
        reasons: tuple[str, ...] | None = None,
        *,
        explain: Callable[[], tuple[str, ...]] | None = None,
    ) -> None:
        if reasons is None and explain is None:
            raise ValueError("A risk assessment needs its reasons, or a way to write them.")
        self.level = level
        self.score = score
        self._reasons = reasons
        self._explain = explain

    @property
    def reasons(self) -> tuple[str, ...]:
        if self._reasons is None:
            assert self._explain is not None  # noqa: S101 - set whenever reasons are not
            self._reasons = self._explain()
            self._explain = None
        return self._reasons

    def explanation(self) -> str:
        return "\n".join(self.reasons)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RiskAssessment):
            return NotImplemented
        return (self.level, self.score, self.reasons) == (other.level, other.score, other.reasons)

    def __hash__(self) -> int:
        return hash((self.level, self.score, self.reasons))

    def __repr__(self) -> str:
        return f"RiskAssessment(level={self.level!r}, score={self.score!r}, reasons={self.reasons!r})"


_NOTHING_OPEN = ("No open risk factors are recorded.",)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _write_reasons(
    contributions: tuple[tuple[str, int, float], ...],
    protective: int,
    relief: float,
    score: float,
    weights: RiskWeights,
) -> tuple[str, ...]:
    reasons = [
        f"{_plural(count, DOMAIN_LABELS.get(domain, domain) + ' risk factor')} (+{added:g})"
        for domain, count, added in contributions
    ]
    if protective > 0:
        reasons.append(f"{_plural(protective, 'protective factor')} (−{relief:g})")
    reasons.append(f"Score {score:g}: medium from {weights.medium_at:g}, high from {weights.high_at:g}.")
    return tuple(reasons)


def assess_risk(risk_by_domain: Mapping[str, int], protective: int, weights: RiskWeights) -> RiskAssessment:
    """Score open risk factors by domain weight, less protective factors; name each contribution.

    The level and score are worked out now; the reasons are written from what was counted here when first
    asked for, so they read as they would have at this moment.
    """
    # Most factors first, then by name: the order the reasons list them in, and the order the score is added
    # up in, so the score is the same to the last bit whatever order the counts came in. (Two sorts in C: the
    # second keeps the names in order where counts tie.)
    ordered = sorted(sorted(risk_by_domain.items()), key=itemgetter(1), reverse=True)
    domain_weights = weights.domain_weights
    contributions = []
    score = 0.0
    for domain, count in ordered:
        if count > 0:
            added = count * float(domain_weights.get(domain, 1.0))
            score += added
            contributions.append((domain, count, added))
    if not contributions:
        return RiskAssessment(RiskLevel.NONE, 0.0, _NOTHING_OPEN)
    relief = 0.0
    if protective > 0:
        relief = protective * weights.protective_weight
        score = max(0.0, score - relief)
    if score >= weights.high_at:
        level = RiskLevel.HIGH
    elif score >= weights.medium_at:
        level = RiskLevel.MEDIUM
    else:
        level = RiskLevel.LOW
    return RiskAssessment(
        level,
        score,
        explain=partial(_write_reasons, tuple(contributions), protective, relief, score, weights),
    )
