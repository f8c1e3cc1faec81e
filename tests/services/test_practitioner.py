"""The practitioner's own profile: kept in the vault, never in the plain settings file, and printed on the
contract when the learner has no key worker."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.support import builders
from tutordesk.errors import BadInput
from tutordesk.services import practitioner
from tutordesk.services.plans import contracts
from tutordesk.services.practitioner import PractitionerProfile
from tutordesk.vault.vault import Vault

ME = PractitionerProfile(
    name="Priya Natarajan", role="Re-engagement tutor", organisation="Northgate Trust", contact="07700 900123"
)


def _contract_text(vault: Vault, learner_id: int) -> str:
    with vault.unit_of_work() as uow:
        data = contracts.render_document(
            uow, document_id=contracts.prepare_contract(uow, learner_id=learner_id)
        )
        uow.commit()
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


@pytest.fixture
def learner_id(vault: Vault) -> int:
    with vault.unit_of_work() as uow:
        learner = builders.add_learner(uow, "Rhian", "Evans")  # no key worker recorded
        builders.add_plan(uow, learner, agreed_on=date(2026, 11, 20))
        uow.commit()
        return learner


def test_the_profile_is_kept_in_the_vault_and_read_back(vault: Vault, tmp_path: Path) -> None:
    with vault.unit_of_work() as uow:
        assert practitioner.read_profile(uow).is_empty
        kept = practitioner.save_profile(uow, profile=PractitionerProfile(name="  Priya   Natarajan "))
        uow.commit()
    assert kept.name == "Priya Natarajan"
    with vault.unit_of_work() as uow:
        assert practitioner.read_profile(uow) == PractitionerProfile(name="Priya Natarajan")
        practitioner.save_profile(uow, profile=ME)
        uow.commit()
    with vault.unit_of_work() as uow:
        assert practitioner.read_profile(uow) == ME
        with pytest.raises(BadInput, match="Your role is longer"):
            practitioner.save_profile(uow, profile=PractitionerProfile(role="x" * 201))
    # Inside the encrypted file only: the plain bytes on disk never hold the name.
    assert b"Natarajan" not in vault.path.read_bytes()


def test_without_a_key_worker_the_contract_names_you_or_leaves_a_line(vault: Vault, learner_id: int) -> None:
    text = _contract_text(vault, learner_id)
    assert "my tutor, my tutor" not in text
    assert "I worked it out with my tutor, ________________." in text
    with vault.unit_of_work() as uow:
        practitioner.save_profile(uow, profile=ME)
        uow.commit()
    text = _contract_text(vault, learner_id)
    assert "I worked it out with my tutor, Priya Natarajan." in text
    assert "My tutor Priya Natarajan" in text
    assert "Name: Priya Natarajan" in text  # the tutor's signature block


def test_a_recorded_key_worker_comes_before_your_profile(vault: Vault, learner_id: int) -> None:
    from tutordesk.domain.models import Learner, Person

    with vault.unit_of_work() as uow:
        practitioner.save_profile(uow, profile=ME)
        worker = Person(given_name="Sam", family_name="Okafor", kind="staff")
        uow.session.add(worker)
        uow.session.flush()
        learner = uow.session.get(Learner, learner_id)
        assert learner is not None
        learner.key_worker_id = worker.id
        uow.commit()
    text = _contract_text(vault, learner_id)
    assert "my tutor, Sam Okafor." in text and "Natarajan" not in text


def test_giving_your_name_offers_you_as_the_key_worker_of_a_new_learner(vault: Vault) -> None:
    from tutordesk.services.learners import profiles

    assert profiles.open_profile(vault, learner_id=None).details.key_worker_id is None
    with vault.unit_of_work() as uow:
        practitioner.save_profile(uow, profile=ME)
        uow.commit()
    start = profiles.open_profile(vault, learner_id=None)
    [me] = [choice for choice in start.staff if choice.name == "Priya Natarajan"]
    assert start.details.key_worker_id == me.id
    with vault.unit_of_work() as uow:  # a new name updates the same member of staff
        practitioner.save_profile(uow, profile=PractitionerProfile(name="Priya Natarajan-Hughes"))
        uow.commit()
    start = profiles.open_profile(vault, learner_id=None)
    assert [c.name for c in start.staff if c.id == me.id] == ["Priya Natarajan-Hughes"]
    assert start.details.key_worker_id == me.id
