"""The service functions the windows call instead of querying the vault themselves, on a real vault: each
returns plain values or frozen views, and each write is one committed unit of work (or nothing at all)."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, select

from tests.import_export.conftest import GOOD, ONE_BAD_ROW, learner_count
from tutordesk.domain.dates import short_date
from tutordesk.domain.enums import LearnerStatus
from tutordesk.domain.models import AuditEntry, Learner, Meeting, Person
from tutordesk.domain.plan_models import Barrier, BaselineAssessment, SupportNeed
from tutordesk.errors import BadInput, WouldOverwrite
from tutordesk.services.backups import back_up_now
from tutordesk.services.caseload.calendar_export import save_calendar_file
from tutordesk.services.diaries.entries import EntryInput
from tutordesk.services.diaries.links import RECENT_MEETINGS, link_choices
from tutordesk.services.learners.csv_import import import_previewed_learners, preview_caseload_file
from tutordesk.services.learners.profiles import (
    GROUPS,
    LearnerDetails,
    open_profile,
    save_profile,
    set_archived,
)
from tutordesk.services.learners.records import learner_status
from tutordesk.services.plans import baseline as plan_baseline
from tutordesk.services.plans import contracts
from tutordesk.services.plans import roadmap as plans
from tutordesk.services.plans.roadmap import GoalInput, PlanHeader, StageInput
from tutordesk.vault import audit
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 20)


def _learner(vault: Vault, **extra: object) -> int:
    with vault.unit_of_work() as uow:
        row = Learner(given_name="Zoë", family_name="Ångström", **extra)  # type: ignore[arg-type]
        uow.session.add(row)
        uow.commit()
        assert row.id is not None
        return row.id


def _last_action(vault: Vault) -> str:
    with vault.unit_of_work() as uow:
        entry = uow.session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc())).first()
        assert audit.first_broken_entry(uow.session) is None
        return entry.action if entry is not None else ""


# --- plans ---------------------------------------------------------------------------------------------


def test_a_baseline_record_is_deleted_by_its_kind_and_no_other(vault: Vault) -> None:
    learner_id = _learner(vault)
    with vault.unit_of_work() as uow:
        assessment = plan_baseline.save_assessment(
            uow,
            learner_id=learner_id,
            assessment=plan_baseline.AssessmentInput(assessed_on=TODAY, learner_strengths="Drawing"),
        )
        barrier = plan_baseline.save_barrier(
            uow,
            learner_id=learner_id,
            barrier=plan_baseline.BarrierInput(domain="personal", description="Mornings"),
        )
        need = plan_baseline.save_support_need(
            uow, learner_id=learner_id, need=plan_baseline.SupportNeedInput(need="A reader")
        )
        uow.commit()
    with vault.unit_of_work() as uow:
        # The same id under another kind deletes nothing of this kind.
        plan_baseline.delete_record(uow, kind="barrier", record_id=assessment + barrier + need)
        plan_baseline.delete_record(uow, kind="barrier", record_id=barrier)
        uow.commit()
    with vault.unit_of_work() as uow:
        assert uow.session.get(Barrier, barrier) is None
        assert uow.session.get(BaselineAssessment, assessment) is not None
        assert uow.session.get(SupportNeed, need) is not None
        plan_baseline.delete_record(uow, kind="assessment", record_id=assessment)
        plan_baseline.delete_record(uow, kind="need", record_id=need)
        uow.commit()
    with vault.unit_of_work() as uow:
        assert uow.session.get(BaselineAssessment, assessment) is None
        assert uow.session.get(SupportNeed, need) is None
        with pytest.raises(ValueError, match="learner"):
            plan_baseline.delete_record(uow, kind="learner", record_id=learner_id)
        assert uow.session.get(Learner, learner_id) is not None


def test_the_contract_names_who_signs_for_each_role(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        tutor = Person(given_name="Morgan", family_name="O'Brien", kind="staff")
        uow.session.add(tutor)
        uow.session.flush()
        learner = Learner(given_name="Zoë", family_name="Ångström", key_worker_id=tutor.id)
        uow.session.add(learner)
        uow.session.flush()
        assert learner.id is not None
        learner_id = learner.id
        draft = plans.start_plan(uow, learner_id=learner_id)
        plans.save_header(uow, version_id=draft.version_id, header=PlanHeader(end_goal="An apprenticeship."))
        stage_id = plans.add_stage(uow, version_id=draft.version_id, stage=StageInput(title="Mornings"))
        plans.add_goal(uow, stage_id=stage_id, goal=GoalInput(learner_words="Get in on time"))
        plans.agree_plan(uow, learner_id=learner_id, agreed_on=TODAY)
        uow.commit()
    with vault.unit_of_work() as uow:
        learner_name = contracts.signatory_name(uow, learner_id=learner_id, role="learner")
        tutor_name = contracts.signatory_name(uow, learner_id=learner_id, role="tutor")
        nobody = contracts.signatory_name(uow, learner_id=learner_id, role="nobody")
    assert "Zoë" in learner_name and "Ångström" in learner_name
    assert "Morgan" in tutor_name and "O'Brien" in tutor_name
    assert nobody == ""


def test_the_learner_status_alone(vault: Vault) -> None:
    learner_id = _learner(vault, status=LearnerStatus.RE_ENGAGING.value)
    with vault.unit_of_work() as uow:
        assert learner_status(uow, learner_id=learner_id) == LearnerStatus.RE_ENGAGING.value
        assert learner_status(uow, learner_id=learner_id + 1) == ""


# --- diaries -------------------------------------------------------------------------------------------


def test_link_choices_offer_the_agreed_plan_and_the_most_recent_meetings(vault: Vault) -> None:
    learner_id = _learner(vault)
    with vault.unit_of_work() as uow:
        assert link_choices(uow, learner_id=learner_id).has_plan is False
        draft = plans.start_plan(uow, learner_id=learner_id)
        plans.save_header(uow, version_id=draft.version_id, header=PlanHeader(end_goal="Back into college."))
        stage_id = plans.add_stage(
            uow, version_id=draft.version_id, stage=StageInput(title="Sort out mornings")
        )
        plans.add_goal(uow, stage_id=stage_id, goal=GoalInput(learner_words="Up by eight"))
        plans.agree_plan(uow, learner_id=learner_id, agreed_on=TODAY)
        for day in range(1, RECENT_MEETINGS + 3):
            uow.session.add(
                Meeting(learner_id=learner_id, held_on=date(2026, 10, day % 28 + 1), kind="tutorial")
            )
        uow.commit()
    with vault.unit_of_work() as uow:
        choices = link_choices(uow, learner_id=learner_id)
    assert choices.has_plan
    assert [title for _, title in choices.stages] == ["Sort out mornings"]
    assert [text for _, text in choices.goals] == ["Up by eight"]
    assert len(choices.meetings) == RECENT_MEETINGS
    assert choices.meetings[0][1].startswith(short_date(date(2026, 10, 28)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        choices.has_plan = False  # type: ignore[misc]
    entry = EntryInput(written_on=TODAY, stage_lineage=choices.stages[0][0], meeting_id=-1)
    assert choices.describe(entry) == ["plan stage “Sort out mornings”", "an earlier meeting"]


# --- learners ------------------------------------------------------------------------------------------


def test_a_profile_opens_saves_and_archives_each_in_its_own_unit_of_work(vault: Vault) -> None:
    start = open_profile(vault, learner_id=None)
    assert start.details.id is None and start.choices[GROUPS]  # a new vault's groups are offered
    saved = save_profile(vault, details=LearnerDetails(given_name="Kit", family_name="Oakenshire"))
    learner_id = saved.result.learner_id
    assert saved.details.id == learner_id and saved.details.given_name == "Kit"
    assert open_profile(vault, learner_id=learner_id).details == saved.details

    assert saved.changes.touches(learner_id)
    archived, changes = set_archived(vault, learner_id=learner_id, archived=True)
    assert archived.archived_at is not None and changes.touches(learner_id)
    assert open_profile(vault, learner_id=learner_id).details.archived_at is not None
    restored, _ = set_archived(vault, learner_id=learner_id, archived=False)
    assert restored.archived_at is None


def test_a_refused_profile_save_keeps_nothing(vault: Vault) -> None:
    with pytest.raises(BadInput):
        save_profile(vault, details=LearnerDetails(given_name="", family_name=""))
    assert learner_count(vault) == 0


def test_a_csv_file_is_previewed_without_change_then_imported_whole(vault: Vault) -> None:
    bad = preview_caseload_file(vault, data=ONE_BAD_ROW.read_bytes())
    assert not bad.ok
    preview = preview_caseload_file(vault, data=GOOD.read_bytes())
    assert preview.ok and learner_count(vault) == 0
    result = import_previewed_learners(vault, preview=preview)
    assert result.count == 3 == learner_count(vault)
    assert _last_action(vault) == "learners.imported"
    # The same file again: every row is now a duplicate, so nothing is ready to import.
    assert not preview_caseload_file(vault, data=GOOD.read_bytes()).ok


# --- caseload and the vault ----------------------------------------------------------------------------


def test_the_calendar_file_is_written_and_logged_or_refused(vault: Vault, tmp_path: Path) -> None:
    learner_id = _learner(vault)
    with vault.unit_of_work() as uow:
        uow.session.add(
            Meeting(learner_id=learner_id, held_on=date(2026, 11, 16), next_on=date(2026, 11, 30))
        )
        uow.commit()
    target = tmp_path / "calendar.ics"
    result = save_calendar_file(vault, target=target, today=TODAY, overwrite=False)
    assert result.path == target and len(result.events) == 1
    assert b"BEGIN:VCALENDAR" in target.read_bytes()
    assert _last_action(vault) == "calendar.exported"
    with pytest.raises(WouldOverwrite):
        save_calendar_file(vault, target=target, today=TODAY, overwrite=False)
    save_calendar_file(vault, target=target, today=TODAY, overwrite=True)


def test_a_backup_now_is_verified_and_noted_in_the_audit_log(vault: Vault, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    result = back_up_now(vault, folder=folder, keep=3)
    assert result.path.parent == folder and result.path.is_file()
    with vault.unit_of_work() as uow:
        entry = uow.session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc())).first()
    assert entry is not None and entry.action == "vault.backup"
    assert result.path.name in entry.detail
