"""A unit of work says what its committed writes changed: which learners, which kinds of record, or
everything; on a real vault, through the services the window's panels call."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import SQLModel, select

from tutordesk.domain import diary_models, mentoring_models, plan_models, transition_models
from tutordesk.domain.changes import NO_CHANGES, Changes, RecordKind
from tutordesk.domain.models import Learner, TaxonomyTerm
from tutordesk.services.diaries import entries as diaries
from tutordesk.services.mentoring import contacts as mentoring_contacts
from tutordesk.services.mentoring import relationships as mentoring
from tutordesk.services.mentoring.contacts import ActionInput, ContactInput
from tutordesk.services.mentoring.relationships import RelationshipInput, SafeguardingContactInput, TermsInput
from tutordesk.services.plans import roadmap as plans
from tutordesk.services.plans.views import StageInput
from tutordesk.vault.change_tracking import SHARED_BY_ALL, TABLES
from tutordesk.vault.unit_of_work import recorded_statements
from tutordesk.vault.vault import Vault

K = RecordKind


def _learner(vault: Vault, name: str = "Zoë") -> int:
    with vault.unit_of_work() as uow:
        learner = Learner(given_name=name, family_name="Ångström", started_on=date(2026, 9, 1))
        uow.session.add(learner)
        uow.commit()
        assert learner.id is not None
        assert uow.changes == Changes.of([learner.id], [K.LEARNER])
        return learner.id


def test_every_table_says_whose_rows_it_holds() -> None:
    """A new table must be listed with its kind and its way to a learner, or no view would hear of it."""
    assert diary_models and mentoring_models and plan_models and transition_models  # every table is known
    tables = set(SQLModel.metadata.tables)
    assert tables - set(TABLES) - SHARED_BY_ALL == set()
    for name, (_kind, route) in TABLES.items():
        if isinstance(route, tuple):
            column, parent = route
            assert column in SQLModel.metadata.tables[name].columns, name
            assert parent in TABLES, name
        elif route == "learner_id":
            assert "learner_id" in SQLModel.metadata.tables[name].columns, name


def test_changes_combine_and_say_whom_they_touch() -> None:
    plan = Changes.of([1], [K.PLAN])
    both = plan | Changes.of([2], [K.MEETING])
    assert both == Changes.of([1, 2], [K.PLAN, K.MEETING])
    assert both.touches(2) and not both.touches(3) and not both.touches(None)
    assert plan.touches(1, [K.PLAN, K.REVIEW]) and not plan.touches(1, [K.DIARY])
    assert (plan | Changes.all()).touches(99, [K.DIARY])
    assert not NO_CHANGES and plan


def test_a_mentoring_contact_names_its_learner_through_the_relationship(vault: Vault) -> None:
    learner_id = _learner(vault)
    _learner(vault, "Other")
    with vault.unit_of_work() as uow:
        relationship_id = mentoring.create_relationship(
            uow, learner_id=learner_id, data=RelationshipInput(started_on=date(2026, 9, 7))
        )
        uow.commit()
    assert uow.changes == Changes.of([learner_id], [K.MENTORING])
    # The terms replace their safeguarding contacts with an ORM DELETE naming only the relationship.
    with vault.unit_of_work() as uow:
        terms = TermsInput(safeguarding_contacts=(SafeguardingContactInput("Ann Lee", "Lead"),))
        mentoring.save_terms(uow, relationship_id=relationship_id, terms=terms)
        uow.commit()
    assert uow.changes == Changes.of([learner_id], [K.MENTORING])
    with vault.unit_of_work() as uow:
        contact = ContactInput(held_on=date(2026, 11, 20), actions=(ActionInput("Ring college"),))
        meeting_id = mentoring_contacts.log_contact(uow, relationship_id=relationship_id, data=contact)
        uow.commit()
    assert uow.changes == Changes.of([learner_id], [K.MENTORING, K.MEETING])
    with vault.unit_of_work() as uow:
        mentoring_contacts.delete_contact(uow, meeting_id=meeting_id)
        uow.commit()
    assert uow.changes.learners == {learner_id} and K.MEETING in uow.changes.kinds
    assert not uow.changes.everything


def test_a_plan_stage_names_its_learner_through_the_plan(vault: Vault) -> None:
    learner_id = _learner(vault)
    with vault.unit_of_work() as uow:
        plan = plans.start_plan(uow, learner_id=learner_id)
        uow.commit()
    assert uow.changes == Changes.of([learner_id], [K.PLAN])
    with vault.unit_of_work() as uow:
        stage_id = plans.add_stage(uow, version_id=plan.version_id, stage=StageInput("Visit the college"))
        uow.commit()
    with vault.unit_of_work() as uow:
        plans.remove_stage(uow, stage_id=stage_id)
        uow.commit()
    assert uow.changes == Changes.of([learner_id], [K.PLAN])


def test_a_practice_journal_entry_names_no_learner(vault: Vault) -> None:
    learner_id = _learner(vault)
    with vault.unit_of_work() as uow:
        entry = diaries.EntryInput(written_on=date(2026, 11, 20), body="Went well")
        diaries.save_entry(uow, learner_id=learner_id, entry=entry)
        uow.commit()
    assert uow.changes == Changes.of([learner_id], [K.DIARY])
    with vault.unit_of_work() as uow:
        entry = diaries.EntryInput(written_on=date(2026, 11, 20), diary="journal", body="Reflect")
        diaries.save_entry(uow, learner_id=None, entry=entry)
        uow.commit()
    assert uow.changes == Changes.of([], [K.DIARY])


def test_nothing_is_said_for_what_was_rolled_back_or_only_read(vault: Vault) -> None:
    learner_id = _learner(vault)
    with vault.unit_of_work() as uow:
        plans.start_plan(uow, learner_id=learner_id)
        uow.rollback()
        assert uow.changes == NO_CHANGES
    with vault.unit_of_work() as uow:
        row = uow.session.get(Learner, learner_id)
        assert row is not None
        uow.commit()
        assert uow.changes == NO_CHANGES
    # Noting what changed costs a read nothing: the same statements as before, and no more.
    with vault.unit_of_work() as uow, recorded_statements(vault.engine) as seen:
        uow.session.get(Learner, learner_id)
        uow.commit()
    assert len(seen) == 1


def test_a_term_list_edit_or_an_explicit_note_changes_everything(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        term = uow.session.exec(select(TaxonomyTerm)).first()
        assert term is not None
        term.label = term.label + " (renamed)"
        uow.commit()
    assert uow.changes.everything
    with vault.unit_of_work() as uow:
        uow.note_changes(Changes.all())
        uow.commit()
    assert uow.changes.everything


def test_core_writes_nobody_described_change_everything(vault: Vault) -> None:
    learner_id = _learner(vault)
    with vault.unit_of_work() as uow:
        uow.connection().exec_driver_sql(
            "UPDATE learner SET setting = 'Elsewhere' WHERE id = ?", (learner_id,)
        )
        uow.commit()
    assert uow.changes.everything
    with vault.unit_of_work() as uow:
        uow.connection().exec_driver_sql("UPDATE learner SET setting = 'Back' WHERE id = ?", (learner_id,))
        uow.note_changes(Changes.of([learner_id], [K.LEARNER]))
        uow.commit()
    assert uow.changes == Changes.of([learner_id], [K.LEARNER])


@pytest.mark.parametrize("explicit", [Changes.of([5], [K.LEARNER])])
def test_notes_and_flushes_add_up(vault: Vault, explicit: Changes) -> None:
    learner_id = _learner(vault)
    with vault.unit_of_work() as uow:
        uow.note_changes(explicit)
        plans.start_plan(uow, learner_id=learner_id)
        uow.commit()
    assert uow.changes == explicit | Changes.of([learner_id], [K.PLAN])
