"""The caseload list and the due items: one statement each, risk explained, due dates from meetings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from tutordesk.demo.caseload import fill_demo
from tutordesk.domain.enums import LearnerStatus
from tutordesk.domain.models import Learner, LearnerFactor, LearnerGroup, Meeting, Person, TaxonomyTerm
from tutordesk.domain.risk import RiskLevel, RiskWeights
from tutordesk.services.caseload.due import due_items
from tutordesk.services.caseload.filtering import CaseloadFilter, filter_rows, sort_rows
from tutordesk.services.caseload.rows import list_caseload
from tutordesk.vault.unit_of_work import recorded_statements
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 20)


def _terms(vault: Vault, taxonomy: str) -> list[TaxonomyTerm]:
    with vault.unit_of_work() as uow:
        return list(uow.session.exec(select(TaxonomyTerm).where(TaxonomyTerm.taxonomy == taxonomy)))


@pytest.fixture
def two_learners(vault: Vault) -> tuple[int, int]:
    risk = _terms(vault, "risk_factor")
    personal = [t for t in risk if t.group_code == "personal"]
    family = [t for t in risk if t.group_code == "family"]
    groups = _terms(vault, "beneficiary_group")
    with vault.unit_of_work() as uow:
        tutor = Person(given_name="Morgan", family_name="Tutorwell", kind="staff")
        uow.session.add(tutor)
        uow.session.flush()
        ada = Learner(
            given_name="Ada", family_name="Ashcombe", started_on=date(2026, 9, 1), key_worker_id=tutor.id
        )
        bram = Learner(
            given_name="Bram",
            family_name="Brackenridge",
            status=LearnerStatus.RE_ENGAGING.value,
            started_on=date(2026, 9, 1),
        )
        uow.session.add_all([ada, bram])
        uow.session.flush()
        for term in personal[:3] + family[:3]:
            uow.session.add(LearnerFactor(learner_id=ada.id, term_id=term.id))
        uow.session.add(LearnerFactor(learner_id=bram.id, term_id=personal[0].id))
        uow.session.add(LearnerGroup(learner_id=ada.id, term_id=groups[0].id))
        uow.session.add(
            Meeting(
                learner_id=ada.id, held_on=date(2026, 11, 1), kind="plan_review", next_on=date(2026, 11, 18)
            )
        )
        uow.session.add(
            Meeting(learner_id=bram.id, held_on=TODAY - timedelta(days=3), kind="individual_tutorial")
        )
        uow.commit()
        return int(ada.id), int(bram.id)  # type: ignore[arg-type]


def test_rows_carry_risk_groups_contact_key_worker_and_due(
    vault: Vault, two_learners: tuple[int, int]
) -> None:
    ada_id, bram_id = two_learners
    with vault.unit_of_work() as uow:
        rows = {row.id: row for row in list_caseload(uow, today=TODAY)}
    ada, bram = rows[ada_id], rows[bram_id]
    assert ada.risk is not None and ada.risk.level is RiskLevel.HIGH
    assert "3 personal risk factors" in ada.risk.explanation()
    assert ada.risk_domains == ("family", "personal")
    assert ada.key_worker == "Morgan Tutorwell"
    assert ada.last_contact == date(2026, 11, 1)
    assert ada.next_due is not None and ada.next_due.due_on == date(2026, 11, 18)
    assert ada.overdue and "Next meeting (plan review)" == ada.next_due.what
    assert len(ada.group_ids) == 1
    assert bram.risk is not None and bram.risk.level is RiskLevel.LOW
    assert bram.next_due is not None and bram.next_due.kind == "no_contact"
    assert bram.next_due.due_on == TODAY - timedelta(days=3) + timedelta(days=28)
    assert not bram.overdue


def test_no_contact_is_counted_from_the_start_when_there_is_no_meeting(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        uow.session.add(Learner(given_name="Cleo", family_name="Copperfold", started_on=date(2026, 10, 1)))
        uow.commit()
    with vault.unit_of_work() as uow:
        [item] = due_items(uow, today=TODAY, no_contact_days=28)
    assert item.due_on == date(2026, 10, 29) and item.overdue
    assert item.what == "No contact recorded yet"


def test_archived_and_closed_learners_have_nothing_due(vault: Vault, two_learners: tuple[int, int]) -> None:
    ada_id, bram_id = two_learners
    with vault.unit_of_work() as uow:
        ada = uow.session.get(Learner, ada_id)
        bram = uow.session.get(Learner, bram_id)
        assert ada and bram
        ada.status = LearnerStatus.CLOSED.value
        bram.archived_at = ada.created_at
        uow.commit()
    with vault.unit_of_work() as uow:
        assert due_items(uow, today=TODAY) == []
        assert [row.id for row in list_caseload(uow, today=TODAY)] == [ada_id]


def test_the_horizon_limits_the_due_list(vault: Vault, two_learners: tuple[int, int]) -> None:
    with vault.unit_of_work() as uow:
        soon = due_items(uow, today=TODAY, horizon_days=7)
        everything = due_items(uow, today=TODAY)
    assert [item.kind for item in soon] == ["meeting"]
    assert len(everything) == 3  # Ada's meeting and no-contact, Bram's no-contact


def test_the_caseload_is_a_fixed_number_of_statements_whatever_its_size(vault: Vault) -> None:
    counts = []
    for size in (10, 200):
        with vault.unit_of_work() as uow:
            fill_demo(uow, learners=size, seed=size, today=TODAY)
            uow.commit()
        with recorded_statements(vault.engine) as statements, vault.unit_of_work() as uow:
            rows = list_caseload(uow, today=TODAY)
        assert len(rows) >= size
        counts.append(len(statements))
    assert counts[0] == counts[1] == 2  # the due items and the learners


def test_filter_and_sort(vault: Vault, two_learners: tuple[int, int]) -> None:
    ada_id, bram_id = two_learners
    with vault.unit_of_work() as uow:
        rows = list_caseload(uow, today=TODAY)
    assert [r.id for r in filter_rows(rows, CaseloadFilter(text="tutorwell"))] == [ada_id]
    assert [r.id for r in filter_rows(rows, CaseloadFilter(text="bram brack"))] == [bram_id]
    assert [r.id for r in filter_rows(rows, CaseloadFilter(overdue_only=True))] == [ada_id]
    assert [
        r.id for r in filter_rows(rows, CaseloadFilter(statuses=frozenset({LearnerStatus.RE_ENGAGING})))
    ] == [bram_id]
    assert [r.id for r in filter_rows(rows, CaseloadFilter(risk_levels=frozenset({RiskLevel.HIGH})))] == [
        ada_id
    ]
    assert [r.id for r in filter_rows(rows, CaseloadFilter(risk_domain="family"))] == [ada_id]
    group = next(iter(rows[0].group_ids or rows[1].group_ids))
    assert [r.id for r in filter_rows(rows, CaseloadFilter(group_id=group))] == [ada_id]
    assert [r.id for r in sort_rows(rows, "risk", descending=True)] == [ada_id, bram_id]
    assert [r.id for r in sort_rows(rows, "next_due")] == [ada_id, bram_id]
    assert len(filter_rows(rows, CaseloadFilter())) == 2


def test_every_demo_learner_passes_the_profile_validation(vault: Vault) -> None:
    """Demo data a tutor opens must not greet them with errors (dates in the future, and so on)."""
    from tutordesk.services.learners.profiles import load_learner, validate

    with vault.unit_of_work() as uow:
        fill_demo(uow, learners=150, seed=11)
        uow.commit()
    with vault.unit_of_work() as uow:
        ids = [row.id for row in list_caseload(uow, include_archived=True)]
        problems = {lid: validate(load_learner(uow, learner_id=lid)) for lid in ids}
    assert {lid: p for lid, p in problems.items() if p} == {}


def test_the_caseload_finds_the_same_next_due_item_with_or_without_the_due_list(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        fill_demo(uow, learners=40, seed=8, today=TODAY)
        uow.commit()
    with vault.unit_of_work() as uow:
        due = due_items(uow, today=TODAY)
        given = {row.id: row.next_due for row in list_caseload(uow, today=TODAY, due=due)}
        fetched = {row.id: row.next_due for row in list_caseload(uow, today=TODAY)}
    assert fetched == given
    assert sum(item is not None for item in fetched.values()) >= 30


def test_risk_follows_the_weights_of_each_call_and_explains_itself_the_same_way(
    vault: Vault, two_learners: tuple[int, int]
) -> None:
    ada_id, _ = two_learners
    explained = (
        "3 family risk factors (+3)\n3 personal risk factors (+3)\nScore 6: medium from 3, high from 6."
    )
    gentle = RiskWeights(medium_at=10, high_at=20)
    with vault.unit_of_work() as uow:
        first = {row.id: row.risk for row in list_caseload(uow, today=TODAY)}[ada_id]
        again = {row.id: row.risk for row in list_caseload(uow, today=TODAY)}[ada_id]
        other = {row.id: row.risk for row in list_caseload(uow, today=TODAY, weights=gentle)}[ada_id]
    assert first is not None and again is not None and other is not None
    assert first.level is again.level is RiskLevel.HIGH
    assert first.explanation() == again.explanation() == explained
    # Weights of the same value score the same; other weights are never answered from earlier lists.
    assert other.level is RiskLevel.LOW
    assert other.explanation().endswith("Score 6: medium from 10, high from 20.")
