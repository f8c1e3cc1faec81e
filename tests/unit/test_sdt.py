"""The SDT check-in: 4 or 5 meets a need; all met is intrinsic, all at 2 or less is amotivation."""

from __future__ import annotations

import pytest

from tutordesk.domain.plan_enums import SdtNeed
from tutordesk.domain.sdt import QUESTIONS, RATING_LABELS, MotivationKind, motivation_reading

A, C, R = SdtNeed.AUTONOMY, SdtNeed.COMPETENCE, SdtNeed.RELATEDNESS


def test_rating_labels_run_from_not_at_all_to_very_much() -> None:
    assert list(RATING_LABELS) == [1, 2, 3, 4, 5]
    assert RATING_LABELS[1] == "Not at all"
    assert RATING_LABELS[5] == "Very much"


def test_one_question_and_explanation_per_need_in_order() -> None:
    assert list(QUESTIONS) == [A, C, R]
    for need, question in QUESTIONS.items():
        assert question.need is need
        assert question.question.startswith("How much do you feel") and question.question.endswith("?")
        assert question.about.startswith(need.label + ":")


def test_all_three_met_is_intrinsic() -> None:
    reading = motivation_reading(4, 4, 4)
    assert reading.kind is MotivationKind.INTRINSIC
    assert (reading.met, reading.unmet, reading.missing) == ((A, C, R), (), ())
    assert reading.headline == "Driven from within"


@pytest.mark.parametrize("ratings", [(3, 4, 4), (4, 3, 4), (4, 4, 3)])
def test_three_is_not_met_so_one_three_makes_it_extrinsic(ratings: tuple[int, int, int]) -> None:
    reading = motivation_reading(*ratings)
    assert reading.kind is MotivationKind.EXTRINSIC
    assert len(reading.met) == 2 and len(reading.unmet) == 1


def test_all_at_two_or_less_is_amotivation() -> None:
    for ratings in [(2, 2, 2), (1, 1, 1), (1, 2, 1)]:
        reading = motivation_reading(*ratings)
        assert reading.kind is MotivationKind.AMOTIVATION
        assert reading.unmet == (A, C, R)
        assert "build trust" in reading.explanation


def test_one_three_among_low_ratings_is_extrinsic_not_amotivation() -> None:
    assert motivation_reading(2, 3, 2).kind is MotivationKind.EXTRINSIC
    assert motivation_reading(3, 3, 3).kind is MotivationKind.EXTRINSIC
    assert motivation_reading(1, 1, 5).kind is MotivationKind.EXTRINSIC


def test_extrinsic_names_each_unmet_need_with_an_idea() -> None:
    reading = motivation_reading(2, 5, 3)
    assert (reading.met, reading.unmet) == ((C,), (A, R))
    assert "Not yet met: autonomy and relatedness." in reading.explanation
    assert "offer real choices about how and when they work (autonomy)" in reading.explanation
    assert "make time to build trust" in reading.explanation
    assert "smaller steps" not in reading.explanation  # competence is met


def test_extrinsic_with_every_need_unmet_lists_all_three() -> None:
    reading = motivation_reading(3, 3, 3)
    assert "Not yet met: autonomy, competence and relatedness." in reading.explanation
    assert "smaller steps they feel able to do (competence)" in reading.explanation


@pytest.mark.parametrize(
    ("ratings", "missing"),
    [((None, 5, 5), (A,)), ((5, None, None), (C, R)), ((None, None, None), (A, C, R)), ((1, 1, None), (R,))],
)
def test_any_missing_answer_gives_unknown(
    ratings: tuple[int | None, int | None, int | None], missing: tuple[SdtNeed, ...]
) -> None:
    reading = motivation_reading(*ratings)
    assert reading.kind is MotivationKind.UNKNOWN
    assert reading.missing == missing
    assert reading.headline == "Not enough answers yet"


def test_unknown_still_sorts_the_answers_given() -> None:
    reading = motivation_reading(None, 4, 3)
    assert (reading.met, reading.unmet, reading.missing) == ((C,), (R,), (A,))
    assert reading.explanation.endswith("Still to ask about: autonomy.")


@pytest.mark.parametrize("bad", [0, 6, -1, True])
def test_out_of_range_ratings_are_refused(bad: int) -> None:
    with pytest.raises(ValueError, match="from 1 to 5"):
        motivation_reading(bad, 3, 3)


def test_every_reading_has_a_label_headline_and_a_short_explanation() -> None:
    for ratings in [(5, 5, 5), (3, 4, 5), (1, 1, 1), (None, 1, 1)]:
        reading = motivation_reading(*ratings)
        assert reading.kind.label
        assert reading.headline
        assert 1 <= reading.explanation.count(". ") + 1 <= 3
