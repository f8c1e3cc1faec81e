"""Road-map plans through the services on a real vault: versions, locking, stages, goals, reviews, due items."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.support import builders
from tutordesk.demo.caseload import fill_demo
from tutordesk.domain.models import Learner
from tutordesk.domain.plan_enums import PlanStatus
from tutordesk.domain.review_schedule import ReviewState, next_review_due
from tutordesk.errors import BadInput
from tutordesk.services.caseload.due import due_items
from tutordesk.services.plans import baseline as plan_baseline
from tutordesk.services.plans import reviews as plan_reviews
from tutordesk.services.plans import roadmap as plans
from tutordesk.services.plans.roadmap import GoalInput, PlanHeader, PlanLocked, StageInput
from tutordesk.vault.unit_of_work import recorded_statements
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 20)


@pytest.fixture
def learner_id(vault: Vault) -> int:
    return builders.add_learner(vault, started_on=date(2026, 9, 1))


def _agreed_plan(
    vault: Vault, learner_id: int, *, stages: int = 3, agreed_on: date = TODAY
) -> plans.PlanView:
    return builders.add_plan(
        vault,
        learner_id,
        agreed_on=agreed_on,
        header=PlanHeader(
            starting_point="Out of learning since May.",
            end_goal="Start an apprenticeship in September.",
            focus_areas=frozenset({"education", "well_being"}),
        ),
        stages=stages,
        stage=lambda number, on: StageInput(
            title=f"Stage {number}", target_on=on + timedelta(days=30 * number)
        ),
        goal=lambda number: GoalInput(learner_words=f"Goal {number} in my words", measure="a register mark"),
    )


def test_a_plan_is_built_in_a_draft_and_agreed(vault: Vault, learner_id: int) -> None:
    agreed = _agreed_plan(vault, learner_id)
    assert (agreed.version, agreed.status, agreed.agreed_on) == (1, PlanStatus.AGREED.value, TODAY)
    assert [s.title for s in agreed.stages] == ["Stage 1", "Stage 2", "Stage 3"]
    assert [g.text for g in agreed.goals()] == [
        "Goal 1 in my words",
        "Goal 2 in my words",
        "Goal 3 in my words",
    ]
    assert agreed.focus_areas == frozenset({"education", "well_being"})
    assert not agreed.editable


def test_an_agreed_version_is_locked_but_its_progress_can_change(vault: Vault, learner_id: int) -> None:
    agreed = _agreed_plan(vault, learner_id)
    stage = agreed.stages[0]
    with vault.unit_of_work() as uow:
        with pytest.raises(PlanLocked, match="Change the plan"):
            plans.update_stage(uow, stage_id=stage.id, stage=StageInput(title="Renamed"))
        with pytest.raises(PlanLocked):
            plans.add_stage(uow, version_id=agreed.version_id, stage=StageInput(title="More"))
        with pytest.raises(PlanLocked):
            plans.save_header(uow, version_id=agreed.version_id, header=PlanHeader(end_goal="Something else"))
        plans.set_stage_status(uow, stage_id=stage.id, status="done")
        plans.set_goal_status(
            uow, goal_id=stage.goals[0].id, status="achieved", evaluation_note="Came in every day."
        )
        uow.commit()
    with vault.unit_of_work() as uow:
        plan = plans.load_plan(uow, learner_id=learner_id)
    assert plan is not None and plan.stages[0].status == "done"
    assert plan.stages[0].goals[0].status == "achieved"


def test_changing_an_agreed_plan_makes_a_new_version_and_keeps_the_old_one(
    vault: Vault, learner_id: int
) -> None:
    first = _agreed_plan(vault, learner_id)
    with vault.unit_of_work() as uow:
        draft = plans.start_revision(uow, learner_id=learner_id, change_note="Maths in smaller steps")
        assert (draft.version, draft.status) == (2, "draft")
        assert [s.lineage for s in draft.stages] == [s.lineage for s in first.stages]
        assert [g.lineage for g in draft.goals()] == [g.lineage for g in first.goals()]
        assert {s.id for s in draft.stages}.isdisjoint({s.id for s in first.stages})
        plans.update_stage(uow, stage_id=draft.stages[1].id, stage=StageInput(title="Maths, step by step"))
        # Until the draft is agreed, the first version stays the one in force.
        in_force = plans.agreed_plan(uow, learner_id=learner_id)
        assert in_force is not None and in_force.version == 1
        plans.agree_plan(uow, learner_id=learner_id, agreed_on=TODAY + timedelta(days=14))
        uow.commit()
    with vault.unit_of_work() as uow:
        history = plans.plan_history(uow, learner_id=learner_id)
        old = plans.load_plan(uow, learner_id=learner_id, version=1)
        new = plans.agreed_plan(uow, learner_id=learner_id)
    assert [(v.version, v.status, v.stage_count) for v in history] == [(2, "agreed", 3), (1, "superseded", 3)]
    assert history[0].change_note == "Maths in smaller steps"
    assert old is not None and old.stages[1].title == "Stage 2"
    assert new is not None and new.stages[1].title == "Maths, step by step"


def test_a_plan_needs_an_end_goal_and_a_stage_before_it_is_agreed(vault: Vault, learner_id: int) -> None:
    with vault.unit_of_work() as uow:
        plans.start_plan(uow, learner_id=learner_id)
        with pytest.raises(BadInput, match="end goal") as caught:
            plans.agree_plan(uow, learner_id=learner_id, agreed_on=TODAY)
        assert "at least one stage" in caught.value.message


def test_stages_move_and_a_removed_stage_comes_back_whole(vault: Vault, learner_id: int) -> None:
    with vault.unit_of_work() as uow:
        draft = plans.start_plan(uow, learner_id=learner_id)
        ids = [
            plans.add_stage(uow, version_id=draft.version_id, stage=StageInput(title=t))
            for t in ("A", "B", "C")
        ]
        plans.add_goal(uow, stage_id=ids[1], goal=GoalInput(learner_words="B's goal"))
        plans.move_stage(uow, stage_id=ids[2], offset=-2)
        plan = plans.load_plan(uow, learner_id=learner_id)
        assert plan is not None and [s.title for s in plan.stages] == ["C", "A", "B"]
        removed = plans.remove_stage(uow, stage_id=ids[1])
        plan = plans.load_plan(uow, learner_id=learner_id)
        assert plan is not None and [s.title for s in plan.stages] == ["C", "A"]
        plans.restore_stage(uow, version_id=draft.version_id, removed=removed)
        plan = plans.load_plan(uow, learner_id=learner_id)
        assert plan is not None and [s.title for s in plan.stages] == ["C", "A", "B"]
        assert plan.stages[2].lineage == removed.lineage
        assert [g.learner_words for g in plan.stages[2].goals] == ["B's goal"]


def test_a_removed_goal_comes_back_in_its_place(vault: Vault, learner_id: int) -> None:
    with vault.unit_of_work() as uow:
        draft = plans.start_plan(uow, learner_id=learner_id)
        stage_id = plans.add_stage(uow, version_id=draft.version_id, stage=StageInput(title="Settle in"))
        for words in ("first", "second", "third"):
            plans.add_goal(uow, stage_id=stage_id, goal=GoalInput(learner_words=words))
        plan = plans.load_plan(uow, learner_id=learner_id)
        assert plan is not None
        removed = plans.remove_goal(uow, goal_id=plan.stages[0].goals[1].id)
        plans.restore_goal(uow, removed=removed)
        plan = plans.load_plan(uow, learner_id=learner_id)
    assert plan is not None
    assert [g.learner_words for g in plan.stages[0].goals] == ["first", "second", "third"]
    assert plan.stages[0].goals[1].lineage == removed.lineage


def test_blank_stage_and_goal_are_refused_plainly(vault: Vault, learner_id: int) -> None:
    with vault.unit_of_work() as uow:
        draft = plans.start_plan(uow, learner_id=learner_id)
        with pytest.raises(BadInput, match="title"):
            plans.add_stage(uow, version_id=draft.version_id, stage=StageInput(title="  "))
        stage_id = plans.add_stage(uow, version_id=draft.version_id, stage=StageInput(title="Settle in"))
        with pytest.raises(BadInput, match="Write the goal"):
            plans.add_goal(uow, stage_id=stage_id, goal=GoalInput())


def test_a_review_records_rag_progress_and_the_check_in(vault: Vault, learner_id: int) -> None:
    agreed = _agreed_plan(vault, learner_id)
    stage, goal = agreed.stages[0], agreed.stages[0].goals[0]
    with vault.unit_of_work() as uow:
        plan_reviews.record_review(
            uow,
            learner_id=learner_id,
            review=plan_reviews.ReviewInput(
                held_on=TODAY + timedelta(days=7),
                ambition="too_ambitious",
                learner_voice="The maths is too much at once.",
                autonomy=4,
                competence=2,
                relatedness=5,
                progress=(
                    plan_reviews.ProgressInput(rag="amber", stage_id=stage.id, note="Two mornings of three"),
                    plan_reviews.ProgressInput(rag="green", goal_id=goal.id),
                ),
            ),
        )
        uow.commit()
    with vault.unit_of_work() as uow:
        reviews = plan_reviews.list_reviews(uow, learner_id=learner_id)
        latest = plan_reviews.latest_rag(uow, learner_id=learner_id)
        history = plan_reviews.checkin_history(uow, learner_id=learner_id)
    assert len(reviews) == 1 and reviews[0].plan_version == 1
    assert [(p.rag, p.label) for p in reviews[0].progress] == [
        ("amber", "Stage 1"),
        ("green", "Goal 1 in my words"),
    ]
    assert latest[stage.lineage].rag == "amber" and latest[goal.lineage].rag == "green"
    assert history == [(TODAY + timedelta(days=7), 4, 2, 5)]


def test_a_progress_rating_belongs_to_one_stage_or_one_goal(vault: Vault, learner_id: int) -> None:
    with vault.unit_of_work() as uow:
        with pytest.raises(BadInput, match="one stage or one goal"):
            plan_reviews.record_review(
                uow,
                learner_id=learner_id,
                review=plan_reviews.ReviewInput(held_on=TODAY, progress=(plan_reviews.ProgressInput("red"),)),
            )


def test_the_review_schedule_follows_the_cadence(vault: Vault, learner_id: int) -> None:
    _agreed_plan(vault, learner_id, agreed_on=TODAY)
    with vault.unit_of_work() as uow:
        plan_reviews.set_review_cadence(uow, learner_id=learner_id, every_days=7, today=TODAY)
        schedule = plan_reviews.review_schedule(uow, learner_id=learner_id, today=TODAY + timedelta(days=8))
        uow.commit()
    assert schedule.next_due == TODAY + timedelta(days=7)
    assert schedule.state is ReviewState.OVERDUE


def _due_reviews(vault: Vault, today: date) -> dict[int, date]:
    with vault.unit_of_work() as uow:
        return {i.learner_id: i.due_on for i in due_items(uow, today=today) if i.kind == "review"}


def test_the_caseload_due_list_and_the_domain_rule_agree_on_every_demo_learner(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        fill_demo(uow, learners=60, seed=5, today=TODAY)
        uow.commit()
    due = _due_reviews(vault, TODAY)
    assert len(due) > 30
    with vault.unit_of_work() as uow:
        for learner_id, due_on in due.items():
            reviews = plan_reviews.list_reviews(uow, learner_id=learner_id)
            schedule = plan_reviews.review_schedule(uow, learner_id=learner_id, today=TODAY)
            agreed = plans.plan_history(uow, learner_id=learner_id)
            expected = next_review_due(
                last_review_on=reviews[0].held_on if reviews else None,
                next_review_set=reviews[0].next_review_on if reviews else None,
                every_days=schedule.every_days,
                plan_agreed_on=max((v.agreed_on for v in agreed if v.agreed_on), default=None),
            )
            assert due_on == expected == schedule.next_due


def test_agreeing_a_plan_puts_a_contract_to_sign_and_stage_targets_on_the_due_list(
    vault: Vault, learner_id: int
) -> None:
    _agreed_plan(vault, learner_id, stages=2)
    with vault.unit_of_work() as uow:
        items = [(i.kind, i.what) for i in due_items(uow, today=TODAY)]
    assert ("contract", "Contract to sign") in items
    assert ("stage", "Stage target: Stage 1") in items
    assert ("review", "Plan review") in items


def test_baseline_barriers_and_support_needs_round_trip(vault: Vault, learner_id: int) -> None:
    with vault.unit_of_work() as uow:
        first = plan_baseline.save_assessment(
            uow,
            learner_id=learner_id,
            assessment=plan_baseline.AssessmentInput(
                assessed_on=TODAY, learner_strengths="Good with my hands", tutor_strengths="Practical"
            ),
        )
        plan_baseline.save_assessment(
            uow,
            learner_id=learner_id,
            assessment=plan_baseline.AssessmentInput(
                assessed_on=TODAY + timedelta(days=90), learner_strengths="Maths!"
            ),
        )
        plan_baseline.save_barrier(
            uow,
            learner_id=learner_id,
            barrier=plan_baseline.BarrierInput(
                domain="structural", description="Bus fare", status="resolved"
            ),
        )
        plan_baseline.save_barrier(
            uow,
            learner_id=learner_id,
            barrier=plan_baseline.BarrierInput(domain="family", description="Cares for a brother"),
        )
        plan_baseline.save_support_need(
            uow,
            learner_id=learner_id,
            need=plan_baseline.SupportNeedInput(need="Reader in exams", needed_by=TODAY),
        )
        uow.commit()
    with vault.unit_of_work() as uow:
        assessments = plan_baseline.list_assessments(uow, learner_id=learner_id)
        barriers = plan_baseline.list_barriers(uow, learner_id=learner_id)
        needs = plan_baseline.list_support_needs(uow, learner_id=learner_id)
        with pytest.raises(BadInput):
            plan_baseline.save_assessment(
                uow, learner_id=learner_id, assessment=plan_baseline.AssessmentInput(assessed_on=TODAY)
            )
    assert [a.learner_strengths for a in assessments] == ["Maths!", "Good with my hands"]
    assert assessments[1].id == first and assessments[1].answer("tutor", "strengths") == "Practical"
    assert [b.description for b in barriers] == ["Cares for a brother", "Bus fare"]  # open ones first
    assert needs[0].need == "Reader in exams" and not needs[0].in_place


def test_reading_a_plan_takes_a_fixed_number_of_statements(vault: Vault, learner_id: int) -> None:
    """No statement per stage: a plan of 3 stages and one of 30 cost the same number of queries."""

    def statements(stages: int) -> int:
        with vault.unit_of_work() as uow:
            target = Learner(given_name="N", family_name=str(stages))
            uow.session.add(target)
            uow.session.flush()
            assert target.id is not None
            draft = plans.start_plan(uow, learner_id=target.id)
            for number in range(stages):
                stage_id = plans.add_stage(
                    uow, version_id=draft.version_id, stage=StageInput(title=f"S{number}")
                )
                plans.add_goal(uow, stage_id=stage_id, goal=GoalInput(learner_words="g"))
            uow.commit()
        with recorded_statements(vault.engine) as statements, vault.unit_of_work() as uow:
            plans.load_plan(uow, learner_id=target.id)
            plan_reviews.list_reviews(uow, learner_id=target.id)
        return len(statements)

    assert statements(3) == statements(30)
