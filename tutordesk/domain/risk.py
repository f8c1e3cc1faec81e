"""The caseload's risk level: an explainable score from the learner's recorded, unresolved factors.

Each open risk factor adds its domain's weight; each protective factor takes off a little. The weights and
thresholds are preferences (Settings), never hidden constants, and every level comes with the reasons that
produced it, so a tutor can see why a learner is flagged and disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


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


@dataclass(frozen=True)
class RiskAssessment:
    level: RiskLevel
    score: float
    reasons: tuple[str, ...]

    def explanation(self) -> str:
        return "\n".join(self.reasons)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def assess_risk(risk_by_domain: Mapping[str, int], protective: int, weights: RiskWeights) -> RiskAssessment:
    """Score open risk factors by domain weight, less protective factors; name each contribution."""
    reasons: list[str] = []
    score = 0.0
    for domain in sorted(risk_by_domain, key=lambda d: (-risk_by_domain[d], d)):
        count = risk_by_domain[domain]
        if count <= 0:
            continue
        weight = float(weights.domain_weights.get(domain, 1.0))
        score += count * weight
        reasons.append(
            f"{_plural(count, DOMAIN_LABELS.get(domain, domain) + ' risk factor')} (+{count * weight:g})"
        )
    if not reasons:
        return RiskAssessment(RiskLevel.NONE, 0.0, ("No open risk factors are recorded.",))
    if protective > 0:
        relief = protective * weights.protective_weight
        score = max(0.0, score - relief)
        reasons.append(f"{_plural(protective, 'protective factor')} (−{relief:g})")
    if score >= weights.high_at:
        level = RiskLevel.HIGH
    elif score >= weights.medium_at:
        level = RiskLevel.MEDIUM
    else:
        level = RiskLevel.LOW
    reasons.append(f"Score {score:g}: medium from {weights.medium_at:g}, high from {weights.high_at:g}.")
    return RiskAssessment(level, score, tuple(reasons))
