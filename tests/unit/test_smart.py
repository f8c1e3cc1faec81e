"""The SMART check advises on a goal's wording, measure and dates; finished goals are not nagged about dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tutordesk.domain.plan_enums import GoalStatus
from tutordesk.domain.smart import GoalFacts, SmartFlag, SmartReport, check_goal

TODAY = date(2025, 3, 10)

GOOD = GoalFacts(
    learner_words="Get to college on time every morning",
    professional_wording="Arrive at college by 9am on at least 4 days a week",
    measure="Register shows 4 or more on-time marks a week",
    evidence="Attendance register",
    deadline=date(2025, 6, 30),
    status=GoalStatus.IN_PROGRESS,
    stage_target_on=date(2025, 7, 18),
)


def codes(goal: GoalFacts, today: date = TODAY) -> list[str]:
    return [flag.code for flag in check_goal(goal, today=today).flags]


def test_a_good_goal_raises_nothing() -> None:
    report = check_goal(GOOD, today=TODAY)
    assert report.ok
    assert report.flags == ()
    assert report.letters == "S M A R T"
    assert report.summary() == "Looks SMART"
    assert "suggestions" not in report.tooltip()


# Specific


def test_no_wording_at_all_is_not_specific() -> None:
    goal = replace(GOOD, learner_words="  ", professional_wording="")
    assert codes(goal) == ["no_wording"]
    assert check_goal(goal, today=TODAY).flags[0].letter == "S"


def test_a_blank_new_goal_asks_for_words_a_measure_and_a_date() -> None:
    blank = GoalFacts("", "", "", "", None, GoalStatus.NOT_STARTED)
    report = check_goal(blank, today=TODAY)
    assert codes(blank) == ["no_wording", "no_measure", "no_deadline"]
    assert report.letters == "· · A R ·"
    assert report.summary() == "Needs: the goal in words, a measure, a date"


def test_too_few_words_in_both_wordings_is_flagged() -> None:
    goal = replace(GOOD, learner_words="Get a job", professional_wording="")
    assert "too_short" in codes(goal)


def test_three_words_is_short_and_four_is_not() -> None:
    short = replace(GOOD, learner_words="Pass GCSE maths", professional_wording="")
    enough = replace(GOOD, learner_words="Pass GCSE maths resit", professional_wording="")
    assert "too_short" in codes(short)
    assert "too_short" not in codes(enough)


def test_short_learner_words_are_fine_beside_a_full_professional_wording() -> None:
    goal = replace(GOOD, learner_words="Get a job")
    assert "too_short" not in codes(goal)


@pytest.mark.parametrize(
    "wording",
    [
        "I want to improve my maths at college",
        "Try harder in English lessons this term",
        "Be better at getting up in the morning",
        "Work on my CV with my tutor",
        "Understand what the course is about",
        "IMPROVE my attendance at college",
        "Feel more confident talking in class",
        "Learn about jobs in childcare and construction",
    ],
)
def test_vague_phrases_without_a_measure_or_number_are_flagged(wording: str) -> None:
    goal = replace(GOOD, learner_words=wording, professional_wording="", measure="")
    flags = check_goal(goal, today=TODAY).flags
    assert [f.code for f in flags if f.letter == "S"] == ["vague"]


def test_the_vague_phrase_is_quoted_in_the_message() -> None:
    goal = replace(
        GOOD, learner_words="I will work   on my confidence in class", professional_wording="", measure=""
    )
    (flag,) = check_goal(goal, today=TODAY).for_letter("S")
    assert flag.message.startswith("“Work on” is hard to pin down")


def test_vague_phrases_are_found_in_the_professional_wording_too() -> None:
    goal = replace(
        GOOD,
        learner_words="Sort my mornings",
        professional_wording="Improve punctuality at college",
        measure="",
    )
    assert "vague" in codes(goal)


def test_a_measure_clears_the_vague_flag() -> None:
    goal = replace(GOOD, learner_words="Improve my maths at college", professional_wording="")
    assert "vague" not in codes(goal)


@pytest.mark.parametrize(
    "wording",
    [
        "Improve my attendance to 90% this term",
        "Try to go to three lessons a week",
        "Work on my CV twice before half term",
        "Get better at getting up every day",
    ],
)
def test_a_number_or_frequency_in_the_words_clears_vague_and_measurable(wording: str) -> None:
    goal = replace(GOOD, learner_words=wording, professional_wording="", measure="")
    assert codes(goal) == []


@pytest.mark.parametrize(
    "wording",
    [
        "Go to the football tryout on Saturday",
        "Go to the rugby try-out at the sports centre",
        "Take part in the knowledge quiz at the library",
        "Ask my tutor about the groundwork course",
        "Write a letter to the council about the bus pass",
        "Apply for the entry level course at college",
        "Get a known employer to give me a taster day",
    ],
)
def test_vague_words_inside_other_words_do_not_match(wording: str) -> None:
    goal = replace(GOOD, learner_words=wording, professional_wording="", measure="")
    assert "vague" not in codes(goal)


def test_number_words_inside_other_words_do_not_count_as_a_measure() -> None:
    goal = replace(
        GOOD,
        learner_words="Speak to someone at the often busy careers office",
        professional_wording="",
        measure="",
    )
    assert "no_measure" in codes(goal)


# Measurable


def test_no_measure_and_no_number_is_not_measurable() -> None:
    goal = replace(GOOD, learner_words="Get to college on time", professional_wording="", measure=" ")
    report = check_goal(goal, today=TODAY)
    assert [f.code for f in report.for_letter("M")] == ["no_measure"]
    assert report.letters == "S · A R T"
    assert report.summary() == "Needs: a measure"


def test_evidence_alone_does_not_count_as_a_measure() -> None:
    goal = replace(
        GOOD,
        learner_words="Get to college on time",
        professional_wording="",
        measure="",
        evidence="The register",
    )
    assert codes(goal) == ["no_measure"]


# Achievable


def test_a_deadline_more_than_a_year_away_suggests_smaller_steps() -> None:
    far = replace(GOOD, deadline=date(2026, 3, 11), stage_target_on=None)
    assert codes(far) == ["too_far"]
    assert check_goal(far, today=TODAY).letters == "S M · R T"


def test_a_deadline_exactly_a_year_away_is_fine() -> None:
    assert codes(replace(GOOD, deadline=date(2026, 3, 10), stage_target_on=None)) == []


def test_a_year_from_29_february_ends_on_28_february() -> None:
    leap_day = date(2024, 2, 29)
    assert codes(replace(GOOD, deadline=date(2025, 2, 28), stage_target_on=None), leap_day) == []
    assert codes(replace(GOOD, deadline=date(2025, 3, 1), stage_target_on=None), leap_day) == ["too_far"]


# Relevant


def test_professional_wording_without_the_learners_words_is_flagged_as_relevant() -> None:
    goal = replace(GOOD, learner_words="")
    report = check_goal(goal, today=TODAY)
    assert codes(goal) == ["no_learner_words"]
    assert report.letters == "S M A · T"
    assert "learner's own words" in report.flags[0].message


def test_learners_words_alone_are_enough() -> None:
    assert codes(replace(GOOD, professional_wording="")) == []


# Time-bound


def test_no_deadline_is_not_time_bound() -> None:
    report = check_goal(replace(GOOD, deadline=None), today=TODAY)
    assert [f.code for f in report.flags] == ["no_deadline"]
    assert report.summary() == "Needs: a date"


def test_a_deadline_of_today_has_not_passed() -> None:
    assert codes(replace(GOOD, deadline=TODAY)) == []


def test_a_deadline_before_today_has_passed_and_names_the_date() -> None:
    report = check_goal(replace(GOOD, deadline=date(2025, 3, 9)), today=TODAY)
    (flag,) = report.flags
    assert (flag.letter, flag.code) == ("T", "deadline_passed")
    assert "9 March 2025" in flag.message
    assert report.summary() == "Needs: a new date"


@pytest.mark.parametrize("status", [GoalStatus.NOT_STARTED, GoalStatus.IN_PROGRESS, GoalStatus.NOT_ACHIEVED])
def test_open_goals_are_told_their_deadline_passed(status: GoalStatus) -> None:
    assert codes(replace(GOOD, deadline=date(2025, 1, 1), status=status)) == ["deadline_passed"]


@pytest.mark.parametrize("status", [GoalStatus.ACHIEVED, GoalStatus.DROPPED, "achieved", "dropped"])
def test_finished_goals_get_no_date_flags(status: str) -> None:
    for deadline in (date(2025, 1, 1), date(2027, 1, 1), None):
        assert codes(replace(GOOD, deadline=deadline, status=status, stage_target_on=date(2024, 12, 1))) == []


def test_finished_goals_are_still_checked_on_their_wording() -> None:
    goal = replace(
        GOOD, learner_words="", professional_wording="Improve", measure="", status=GoalStatus.ACHIEVED
    )
    assert codes(goal) == ["too_short", "vague", "no_measure", "no_learner_words"]


def test_a_deadline_after_the_stage_target_is_flagged() -> None:
    goal = replace(GOOD, deadline=date(2025, 7, 19), stage_target_on=date(2025, 7, 18))
    (flag,) = check_goal(goal, today=TODAY).flags
    assert (flag.letter, flag.code) == ("T", "after_stage_target")
    assert "18 July 2025" in flag.message


def test_a_deadline_on_the_stage_target_or_without_one_is_fine() -> None:
    assert codes(replace(GOOD, deadline=date(2025, 7, 18))) == []
    assert codes(replace(GOOD, stage_target_on=None)) == []


def test_passed_and_after_the_stage_can_both_apply() -> None:
    goal = replace(GOOD, deadline=date(2025, 2, 1), stage_target_on=date(2025, 1, 15))
    assert codes(goal) == ["deadline_passed", "after_stage_target"]


# The report


def test_flags_come_in_smart_order_and_the_summary_lists_each_need_once() -> None:
    goal = GoalFacts(
        learner_words="",
        professional_wording="Improve",
        measure="",
        evidence="",
        deadline=date(2027, 1, 1),
        status=GoalStatus.NOT_STARTED,
        stage_target_on=date(2025, 6, 1),
    )
    report = check_goal(goal, today=TODAY)
    assert [f.letter for f in report.flags] == ["S", "S", "M", "A", "R", "T"]
    assert report.failing == ("S", "M", "A", "R", "T")
    assert report.letters == "· · · · ·"
    assert report.summary() == (
        "Needs: more detail, something concrete, a measure, smaller steps, the learner's own words, "
        "a date within the stage"
    )


def test_the_tooltip_explains_each_flag_by_letter_name_and_never_blocks() -> None:
    report = check_goal(
        replace(GOOD, measure="", professional_wording="", learner_words="Try at college", deadline=None),
        today=TODAY,
    )
    lines = report.tooltip().splitlines()
    assert lines[0] == "Some things to think about:"
    assert lines[1].startswith("Specific: The goal is only a few words long")
    assert lines[2].startswith("Specific: “Try” is hard to pin down")
    assert lines[3].startswith("Measurable: ")
    assert lines[4].startswith("Time-bound: Agree a date")
    assert lines[-1] == "These are suggestions only; you can keep the goal as it is."


def test_every_message_is_one_plain_sentence() -> None:
    worst = GoalFacts("", "Improve", "", "", date(2020, 1, 1), GoalStatus.NOT_STARTED, date(2019, 1, 1))
    flags = [
        *check_goal(worst, today=TODAY).flags,
        *check_goal(GoalFacts("", "", "", "", None, "not_started"), today=TODAY).flags,
        *check_goal(replace(GOOD, deadline=date(2030, 1, 1), stage_target_on=None), today=TODAY).flags,
    ]
    assert {f.code for f in flags} == {
        "too_short",
        "vague",
        "no_measure",
        "no_learner_words",
        "deadline_passed",
        "after_stage_target",
        "no_wording",
        "no_deadline",
        "too_far",
    }
    for flag in flags:
        assert flag.message[0].isupper() or flag.message.startswith("“")
        assert flag.message.endswith(".") and flag.message.count(". ") == 0


def test_an_empty_report_is_ok_and_a_flagged_one_is_not() -> None:
    assert SmartReport(()).ok
    assert not SmartReport((SmartFlag("M", "no_measure", "Add a measure."),)).ok
