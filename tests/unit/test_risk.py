"""The risk level is a weighted, explained score; weights and thresholds come from the caller."""

from __future__ import annotations

from tutordesk.domain.risk import RiskLevel, RiskWeights, assess_risk


def test_no_factors_means_no_risk_recorded() -> None:
    result = assess_risk({}, 3, RiskWeights())
    assert result.level is RiskLevel.NONE
    assert result.reasons == ("No open risk factors are recorded.",)


def test_levels_follow_the_thresholds_and_say_why() -> None:
    weights = RiskWeights()
    low = assess_risk({"personal": 2}, 0, weights)
    medium = assess_risk({"personal": 2, "family": 1}, 0, weights)
    high = assess_risk({"personal": 3, "social": 2, "family": 1}, 0, weights)
    assert (low.level, medium.level, high.level) == (RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH)
    assert "3 personal risk factors (+3)" in high.explanation()
    assert "Score 6: medium from 3, high from 6." in high.explanation()


def test_protective_factors_lower_the_score_and_are_named() -> None:
    result = assess_risk({"personal": 3}, 2, RiskWeights())
    assert result.score == 2.0
    assert result.level is RiskLevel.LOW
    assert "2 protective factors (−1)" in result.explanation()


def test_weights_are_configurable() -> None:
    structural_heavy = RiskWeights(domain_weights={"structural": 3.0})
    assert assess_risk({"structural": 2}, 0, structural_heavy).level is RiskLevel.HIGH
    assert assess_risk({"structural": 2}, 0, RiskWeights()).level is RiskLevel.LOW  # default weight 0.5
    strict = RiskWeights(medium_at=1, high_at=2)
    assert assess_risk({"family": 2}, 0, strict).level is RiskLevel.HIGH
