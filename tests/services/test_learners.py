"""Learner profiles on real vaults: every field round-trips, lists are saved by diffing, rules hold,
archive and consent changes are audited without names, a failed save leaves nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from tutordesk.domain.enums import (
    Channel,
    ConsentGiver,
    ConsentMethod,
    LawfulBasis,
    LearnerStatus,
    PersonKind,
)
from tutordesk.domain.models import (
    AuditEntry,
    ConsentRecord,
    Learner,
    LearnerContact,
    LearnerFactor,
    LearnerGroup,
    Person,
    TaxonomyTerm,
)
from tutordesk.errors import BadInput
from tutordesk.services.learners import profiles as svc
from tutordesk.services.learners.profiles import (
    ConsentEntry,
    ContactEntry,
    FactorEntry,
    InvalidLearner,
    LearnerDetails,
)
from tutordesk.vault.unit_of_work import recorded_statements
from tutordesk.vault.vault import Vault

TODAY = date.today()
NOW = datetime.now(UTC).replace(microsecond=0)


def _terms(vault: Vault, taxonomy: str) -> list[int]:
    with vault.unit_of_work() as uow:
        return [choice.id for choice in svc.term_choices(uow, taxonomy=taxonomy)]


def _staff(vault: Vault, given: str = "Sam", family: str = "Keyworker") -> int:
    with vault.unit_of_work() as uow:
        person = Person(given_name=given, family_name=family, kind=PersonKind.STAFF.value)
        uow.session.add(person)
        uow.commit()
        assert person.id is not None
        return person.id


def _save(vault: Vault, details: LearnerDetails) -> svc.SaveResult:
    with vault.unit_of_work() as uow:
        result = svc.save_learner(uow, details=details)
        uow.commit()
    return result


def _load(vault: Vault, learner_id: int) -> LearnerDetails:
    with vault.unit_of_work() as uow:
        return svc.load_learner(uow, learner_id=learner_id)


def _count(vault: Vault, model: type[Any]) -> int:
    with vault.unit_of_work() as uow:
        return int(uow.session.execute(select(func.count()).select_from(model)).scalar_one())


def _audit(vault: Vault) -> list[AuditEntry]:
    with vault.unit_of_work() as uow:
        return list(uow.session.execute(select(AuditEntry).order_by(col(AuditEntry.id))).scalars())


def _full_details(vault: Vault) -> LearnerDetails:
    """A learner with every field filled in and something in every list."""
    risk = _terms(vault, "risk_factor")
    protective = _terms(vault, "protective_factor")
    groups = _terms(vault, "beneficiary_group")
    roles = _terms(vault, "contact_role")
    purposes = _terms(vault, "consent_purpose")
    return LearnerDetails(
        given_name="Wren",
        family_name="Thistlecombe",
        preferred_name="Wrenny",
        date_of_birth=TODAY.replace(year=TODAY.year - 16) - timedelta(days=40),
        setting="Northgate College (fictional)",
        programme="Level 2 Catering",
        year_or_stage="Year 1",
        status=LearnerStatus.RE_ENGAGING,
        languages="English, Polish",
        started_on=TODAY - timedelta(days=300),
        left_on=TODAY - timedelta(days=10),
        additional_needs="Extra time in assessments",
        health_notes="Asthma; inhaler in bag",
        notes="Likes practical tasks.",
        key_worker_id=_staff(vault),
        risk_factors=(
            FactorEntry(term_id=risk[0], identified_on=TODAY - timedelta(days=60), note="Said so in review"),
            FactorEntry(term_id=risk[3], identified_on=None, note="", resolved_on=TODAY),
        ),
        protective_factors=(FactorEntry(term_id=protective[1], identified_on=TODAY - timedelta(days=5)),),
        group_term_ids=frozenset({groups[0], groups[2]}),
        contacts=(
            ContactEntry(
                given_name="Ada",
                family_name="Thistlecombe",
                kind=PersonKind.FAMILY,
                role_term_id=roles[0],
                organisation="",
                email="ada@example.invalid",
                phone="07700 900123",
                address="1 Fictional Road",
                preferred_channel=Channel.PHONE,
                person_notes="Works shifts",
                relationship="Mum",
                channels=(Channel.PHONE, Channel.SMS),
                consent_to_contact=True,
                note="Call after 4pm",
            ),
            ContactEntry(
                given_name="",
                family_name="",
                kind=PersonKind.EMPLOYER,
                organisation="Harbour Café (fictional)",
                relationship="Placement",
                channels=(Channel.EMAIL,),
            ),
        ),
        consents=(
            ConsentEntry(
                purpose_term_id=purposes[0],
                lawful_basis=LawfulBasis.PUBLIC_TASK,
                given_by=ConsentGiver.LEARNER,
                method=ConsentMethod.SIGNED_FORM,
                wording_version="v2",
                given_at=NOW - timedelta(days=200),
                note="Signed at enrolment",
            ),
            ConsentEntry(
                purpose_term_id=purposes[1],
                given_by=ConsentGiver.PARENT_CARER,
                given_at=NOW - timedelta(days=100),
                withdrawn_at=NOW - timedelta(days=50),
            ),
        ),
    )


def _with_saved_ids(expected: LearnerDetails, loaded: LearnerDetails) -> LearnerDetails:
    return replace(
        expected,
        id=loaded.id,
        contacts=tuple(
            replace(c, person_id=saved.person_id)
            for c, saved in zip(expected.contacts, loaded.contacts, strict=True)
        ),
        consents=tuple(
            replace(c, id=saved.id) for c, saved in zip(expected.consents, loaded.consents, strict=True)
        ),
    )


# --------------------------------------------------------------------------------------------------
# Round trip and diffing
# --------------------------------------------------------------------------------------------------


def test_every_field_round_trips(vault: Vault) -> None:
    details = _full_details(vault)
    result = _save(vault, details)
    assert "created" in result.changes
    loaded = _load(vault, result.learner_id)
    assert loaded.id == result.learner_id
    assert all(c.person_id is not None for c in loaded.contacts)
    assert all(c.id is not None for c in loaded.consents)
    assert loaded.same_content(_with_saved_ids(details, loaded))
    assert loaded.status is LearnerStatus.RE_ENGAGING
    assert loaded.contacts[0].channels == (Channel.PHONE, Channel.SMS)
    assert loaded.contacts[1].display_name == "Harbour Café (fictional)"
    assert [c.in_force for c in loaded.consents] == [True, False]
    assert loaded.archived_at is None and loaded.updated_at is not None


def test_new_learner_details_are_blank_and_at_risk() -> None:
    details = svc.new_learner_details()
    assert details.id is None and details.given_name == "" and details.status is LearnerStatus.AT_RISK
    assert svc.validate(details).keys() == {"given_name", "family_name"}


def test_saving_unchanged_details_changes_nothing(vault: Vault) -> None:
    result = _save(vault, _full_details(vault))
    loaded = _load(vault, result.learner_id)
    again = _save(vault, loaded)
    assert again.changes == frozenset()
    assert _load(vault, result.learner_id).updated_at == loaded.updated_at


def test_lists_are_saved_by_diffing(vault: Vault) -> None:
    risk = _terms(vault, "risk_factor")
    groups = _terms(vault, "beneficiary_group")
    purposes = _terms(vault, "consent_purpose")
    first = _save(vault, _full_details(vault))
    loaded = _load(vault, first.learner_id)
    with vault.unit_of_work() as uow:
        factor_ids_before = {f.term_id: f.id for f in uow.session.execute(select(LearnerFactor)).scalars()}
    mum, placement = loaded.contacts
    edited = replace(
        loaded,
        given_name="Wren ",  # surrounding spaces are not kept
        risk_factors=(
            replace(loaded.risk_factors[0], note="Updated note"),
            FactorEntry(term_id=risk[5], identified_on=TODAY),
        ),
        group_term_ids=frozenset({groups[2], groups[4]}),
        contacts=(replace(mum, phone="07700 900999", consent_to_contact=False),),
        consents=(
            replace(loaded.consents[0], withdrawn_at=NOW),
            ConsentEntry(purpose_term_id=purposes[2], given_at=NOW),
        ),
    )
    result = _save(vault, edited)
    assert result.changes == {"risk_factors", "groups", "contacts", "consents"}
    after = _load(vault, first.learner_id)
    assert after.given_name == "Wren"
    assert [(f.term_id, f.note) for f in after.risk_factors] == [(risk[0], "Updated note"), (risk[5], "")]
    assert after.protective_factors == loaded.protective_factors
    assert after.group_term_ids == {groups[2], groups[4]}
    assert [(c.person_id, c.phone, c.consent_to_contact) for c in after.contacts] == [
        (mum.person_id, "07700 900999", False)
    ]
    assert [(c.purpose_term_id, c.in_force) for c in after.consents] == [
        (purposes[0], False),
        (purposes[2], True),
    ]
    assert after.updated_at is not None and loaded.updated_at is not None
    with vault.unit_of_work() as uow:
        # A factor that stayed is updated in place, not deleted and inserted again.
        kept = uow.session.execute(
            select(LearnerFactor).where(col(LearnerFactor.term_id) == risk[0])
        ).scalar_one()
        assert kept.id == factor_ids_before[risk[0]]
        # The placement was linked to no one else, so their details are gone (data minimisation).
        assert uow.session.get(Person, placement.person_id) is None
        assert uow.session.get(Person, mum.person_id) is not None
    actions = [e.action for e in _audit(vault)]
    assert actions.count("consent.withdrawn") == 2  # one recorded withdrawn at creation, one now
    assert "consent.removed" in actions  # the second consent record was dropped
    assert actions.count("consent.given") == 3


def test_a_person_linked_to_another_learner_is_kept_when_unlinked(vault: Vault) -> None:
    first = _load(vault, _save(vault, _full_details(vault)).learner_id)
    shared = first.contacts[0]
    second_id = _save(
        vault,
        LearnerDetails(
            given_name="Bram", family_name="Thistlecombe", contacts=(replace(shared, relationship="Mum"),)
        ),
    ).learner_id
    _save(vault, replace(first, contacts=()))
    with vault.unit_of_work() as uow:
        assert uow.session.get(Person, shared.person_id) is not None
    assert [c.person_id for c in _load(vault, second_id).contacts] == [shared.person_id]


def test_a_staff_contact_is_never_deleted(vault: Vault) -> None:
    staff_id = _staff(vault, "Tia", "Tutor")
    details = LearnerDetails(
        given_name="Kit",
        family_name="Oakenshire",
        contacts=(
            ContactEntry(person_id=staff_id, given_name="Tia", family_name="Tutor", kind=PersonKind.STAFF),
        ),
    )
    saved = _load(vault, _save(vault, details).learner_id)
    _save(vault, replace(saved, contacts=()))
    with vault.unit_of_work() as uow:
        assert uow.session.get(Person, staff_id) is not None


def test_resaving_an_earlier_version_undoes_a_save(vault: Vault) -> None:
    """What "Undo last save" does: the removed contact comes back (as a person made anew), consent is restored."""
    before = _load(vault, _save(vault, _full_details(vault)).learner_id)
    _save(
        vault,
        replace(
            before,
            status=LearnerStatus.CLOSED,
            contacts=before.contacts[:1],
            consents=(replace(before.consents[0], withdrawn_at=NOW),),
        ),
    )
    result = _save(vault, before)
    assert {"status", "contacts", "consents"} <= result.changes
    after = _load(vault, before.id or 0)
    assert after.same_content(_with_saved_ids(before, after))
    assert "consent.withdrawal_reversed" in [e.action for e in _audit(vault)]


# --------------------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------------------


def _named(**changes: Any) -> LearnerDetails:
    return replace(LearnerDetails(given_name="Ivo", family_name="Valewind"), **changes)


@pytest.mark.parametrize(
    ("details", "key", "words"),
    [
        (_named(given_name="  "), "given_name", "given name"),
        (_named(family_name=""), "family_name", "family name"),
        (_named(date_of_birth=TODAY + timedelta(days=1)), "date_of_birth", "future"),
        (_named(date_of_birth=TODAY.replace(year=TODAY.year - 5)), "date_of_birth", "makes them 5"),
        (_named(date_of_birth=TODAY.replace(year=TODAY.year - 45)), "date_of_birth", "10 to 30"),
        (_named(started_on=TODAY, left_on=TODAY - timedelta(days=1)), "left_on", "before the start date"),
        (
            _named(risk_factors=(FactorEntry(term_id=7, identified_on=TODAY + timedelta(days=3)),)),
            "risk_factors.7",
            "future",
        ),
        (
            _named(
                protective_factors=(
                    FactorEntry(term_id=9, identified_on=TODAY, resolved_on=TODAY - timedelta(days=1)),
                )
            ),
            "protective_factors.9",
            "resolved before",
        ),
        (_named(contacts=(ContactEntry(relationship="Mum"),)), "contacts.0", "name"),
        (_named(contacts=(ContactEntry(given_name="Ada", email="ada@"),)), "contacts.0", "email"),
        (
            _named(
                consents=(
                    ConsentEntry(purpose_term_id=1, given_at=NOW, withdrawn_at=NOW - timedelta(days=1)),
                )
            ),
            "consents.0",
            "withdrawn before it was given",
        ),
        (
            _named(consents=(ConsentEntry(purpose_term_id=1, given_at=NOW + timedelta(days=2)),)),
            "consents.0",
            "future",
        ),
    ],
)
def test_validation_names_the_field_in_plain_words(details: LearnerDetails, key: str, words: str) -> None:
    problems = svc.validate(details)
    assert key in problems
    assert words in problems[key].lower()


def test_plausible_details_have_no_problems(vault: Vault) -> None:
    assert svc.validate(_full_details(vault)) == {}
    assert svc.validate(_named(date_of_birth=TODAY.replace(year=TODAY.year - 10))) == {}
    assert svc.validate(_named(date_of_birth=None, started_on=None, left_on=None)) == {}


def test_an_invalid_save_is_refused_with_the_problems(vault: Vault) -> None:
    with vault.unit_of_work() as uow, pytest.raises(InvalidLearner) as caught:
        svc.save_learner(uow, details=_named(family_name="", date_of_birth=TODAY + timedelta(days=1)))
    assert isinstance(caught.value, BadInput)
    assert caught.value.problems.keys() == {"family_name", "date_of_birth"}
    assert "2 problems" in caught.value.message
    assert _count(vault, Learner) == 0


def test_terms_must_come_from_the_right_taxonomy(vault: Vault) -> None:
    protective = _terms(vault, "protective_factor")
    risk = _terms(vault, "risk_factor")
    details = _named(risk_factors=(FactorEntry(term_id=protective[0]),), group_term_ids=frozenset({risk[0]}))
    with vault.unit_of_work() as uow, pytest.raises(InvalidLearner) as caught:
        svc.save_learner(uow, details=details)
    assert caught.value.problems.keys() == {f"risk_factors.{protective[0]}", "group_term_ids"}


def test_the_key_worker_must_be_staff(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        parent = Person(given_name="Pat", kind=PersonKind.FAMILY.value)
        uow.session.add(parent)
        uow.commit()
    with vault.unit_of_work() as uow, pytest.raises(InvalidLearner) as caught:
        svc.save_learner(uow, details=_named(key_worker_id=parent.id))
    assert "key_worker_id" in caught.value.problems


def test_a_failing_save_leaves_nothing(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    """The audit write for the consent fails after the learner, factors and contacts were flushed."""
    details = _full_details(vault)
    counts = {
        model: _count(vault, model)
        for model in (Learner, Person, LearnerFactor, LearnerContact, ConsentRecord)
    }

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("simulated failure")

    monkeypatch.setattr(svc.audit, "record", broken)
    with pytest.raises(OSError), vault.unit_of_work() as uow:
        svc.save_learner(uow, details=details)
        uow.commit()
    monkeypatch.undo()
    assert {model: _count(vault, model) for model in counts} == counts
    assert _count(vault, LearnerGroup) == 0


# --------------------------------------------------------------------------------------------------
# Archive, restore, withdraw: audited, never with names
# --------------------------------------------------------------------------------------------------


def test_archive_and_restore_are_audited_by_id(vault: Vault) -> None:
    learner_id = _save(vault, _full_details(vault)).learner_id
    with vault.unit_of_work() as uow:
        assert svc.archive_learner(uow, learner_id=learner_id).changes == {"archived"}
        uow.commit()
    assert _load(vault, learner_id).archived_at is not None
    with vault.unit_of_work() as uow:
        assert svc.archive_learner(uow, learner_id=learner_id).changes == frozenset()  # already archived
        assert svc.restore_learner(uow, learner_id=learner_id).changes == {"restored"}
        uow.commit()
    assert _load(vault, learner_id).archived_at is None
    entries = [e for e in _audit(vault) if e.action.startswith("learner.")]
    assert [(e.action, e.subject) for e in entries] == [
        ("learner.archived", f"learner:{learner_id}"),
        ("learner.restored", f"learner:{learner_id}"),
    ]


def test_withdraw_consent_is_audited_and_only_once(vault: Vault) -> None:
    learner_id = _save(vault, _full_details(vault)).learner_id
    consent = _load(vault, learner_id).consents[0]
    assert consent.id is not None
    with vault.unit_of_work() as uow:
        result = svc.withdraw_consent(uow, consent_id=consent.id, when=NOW)
        uow.commit()
    assert result == svc.SaveResult(learner_id, frozenset({"consents"}))
    assert _load(vault, learner_id).consents[0].withdrawn_at == NOW
    last = _audit(vault)[-1]
    assert (last.action, last.subject, last.lawful_basis) == (
        "consent.withdrawn",
        f"learner:{learner_id}",
        "public_task",
    )
    with vault.unit_of_work() as uow, pytest.raises(BadInput, match="already withdrawn"):
        svc.withdraw_consent(uow, consent_id=consent.id, when=NOW)
    with vault.unit_of_work() as uow, pytest.raises(BadInput, match="not in this vault"):
        svc.withdraw_consent(uow, consent_id=9999, when=NOW)


def test_no_audit_entry_holds_a_name(vault: Vault) -> None:
    details = _full_details(vault)
    learner_id = _save(vault, details).learner_id
    loaded = _load(vault, learner_id)
    _save(
        vault, replace(loaded, consents=(replace(loaded.consents[0], withdrawn_at=NOW, note="Changed mind"),))
    )
    with vault.unit_of_work() as uow:
        svc.archive_learner(uow, learner_id=learner_id)
        uow.commit()
    names = {"Wren", "Thistlecombe", "Wrenny", "Ada", "Harbour", "Changed mind", "Signed at enrolment"}
    for entry in _audit(vault):
        text = " ".join((entry.subject, entry.detail, entry.recipient, entry.purpose))
        assert not any(name in text for name in names), entry.action


# --------------------------------------------------------------------------------------------------
# Reading: pickers and statement counts
# --------------------------------------------------------------------------------------------------


def _statements_to_load(vault: Vault, learner_id: int) -> int:
    with vault.unit_of_work() as uow, recorded_statements(vault.engine) as statements:
        svc.load_learner(uow, learner_id=learner_id)
    return len(statements)


def test_loading_takes_a_handful_of_statements_however_long_the_lists(vault: Vault) -> None:
    risk = _terms(vault, "risk_factor")
    purposes = _terms(vault, "consent_purpose")
    small = _save(vault, _named(risk_factors=(FactorEntry(term_id=risk[0]),))).learner_id
    big = _save(
        vault,
        _named(
            risk_factors=tuple(FactorEntry(term_id=t, note="n") for t in risk[:30]),
            contacts=tuple(ContactEntry(given_name=f"Contact {n}") for n in range(8)),
            consents=tuple(ConsentEntry(purpose_term_id=p, given_at=NOW) for p in purposes),
        ),
    ).learner_id
    assert len(_load(vault, big).risk_factors) == 30
    few, many = _statements_to_load(vault, small), _statements_to_load(vault, big)
    assert few == many
    assert many <= 6


def test_term_choices_are_active_terms_grouped_in_order(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        choices = svc.term_choices(uow, taxonomy="risk_factor")
        first = uow.session.get(TaxonomyTerm, choices[0].id)
        assert first is not None
        first.active = False
        uow.commit()
    with vault.unit_of_work() as uow:
        after = svc.term_choices(uow, taxonomy="risk_factor")
    assert choices[0].id not in {c.id for c in after}
    assert all(c.taxonomy == "risk_factor" for c in after)
    groups = [c.group_code for c in after]
    assert groups == sorted(groups, key=groups.index)  # each group is contiguous
    assert list(dict.fromkeys(groups)) == ["personal", "social", "family", "institutional", "structural"]
    assert after[0].group_label == "Personal challenges"
    assert any(c.sensitive for c in after)
    with vault.unit_of_work() as uow:
        labels = {c.group_label for c in svc.term_choices(uow, taxonomy="beneficiary_group")}
    assert "Needs" in labels


def test_staff_choices_list_only_staff(vault: Vault) -> None:
    staff_id = _staff(vault, "Sam", "Keyworker")
    _save(vault, _full_details(vault))  # adds family and an employer, plus another staff member
    with vault.unit_of_work() as uow:
        choices = svc.staff_choices(uow)
    assert staff_id in {c.id for c in choices}
    assert {c.name for c in choices} == {"Sam Keyworker"}
    assert len(choices) == 2
