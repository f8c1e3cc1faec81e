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


def test_the_reasons_read_in_full_most_factors_first_then_by_name() -> None:
    result = assess_risk({"structural": 1, "social": 2, "family": 1, "personal": 3}, 2, RiskWeights())
    assert result.level is RiskLevel.MEDIUM
    assert result.score == 5.5
    assert result.reasons == (
        "3 personal risk factors (+3)",
        "2 social risk factors (+2)",
        "1 family risk factor (+1)",
        "1 structural risk factor (+0.5)",
        "2 protective factors (−1)",
        "Score 5.5: medium from 3, high from 6.",
    )
    assert result.explanation() == "\n".join(result.reasons)


def test_the_reasons_written_later_say_what_was_counted_when_assessed() -> None:
    # The reasons are written only when first asked for (a tooltip); they must still describe the counts
    # the level came from, even if the caller's mapping changes in between.
    counts = {"family": 2, "personal": 1}
    result = assess_risk(counts, 1, RiskWeights())
    counts["family"] = 5
    counts["social"] = 4
    assert result.explanation() == (
        "2 family risk factors (+2)\n1 personal risk factor (+1)\n1 protective factor (−0.5)\n"
        "Score 2.5: medium from 3, high from 6."
    )
    assert result.explanation() == result.explanation()  # written once, then kept


def test_assessments_of_the_same_counts_are_equal_and_differ_otherwise() -> None:
    weights = RiskWeights()
    same = assess_risk({"social": 2, "personal": 1}, 0, weights)
    assert same == assess_risk({"personal": 1, "social": 2}, 0, weights)
    assert hash(same) == hash(assess_risk({"personal": 1, "social": 2}, 0, weights))
    # Same score and level, other factors: not the same assessment.
    assert same != assess_risk({"family": 3}, 0, weights)
    assert assess_risk({}, 0, weights) == assess_risk({"personal": 0}, 2, weights)
