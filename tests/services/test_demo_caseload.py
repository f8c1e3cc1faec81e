"""The demo looks like real work: distinct names, and a well-kept caseload with a handful of things
overdue, read through the real Due list."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import FAST, PASSPHRASE
from tutordesk.demo.caseload import fill_demo
from tutordesk.services.caseload.due import due_items
from tutordesk.vault.vault import Vault

TODAY = date(2026, 12, 7)


def _names(vault: Vault) -> Counter[str]:
    with vault.unit_of_work() as uow:
        return Counter(
            f"{given} {family}" for given, family in uow.rows("SELECT given_name, family_name FROM learner")
        )


@pytest.mark.parametrize("learners", [200, 1000])
def test_no_two_demo_learners_share_a_name(tmp_path: Path, learners: int) -> None:
    with Vault.create(tmp_path / "demo.vault", PASSPHRASE, cost=FAST) as vault:
        with vault.unit_of_work() as uow:
            fill_demo(uow, learners=learners, seed=1, today=TODAY, diaries=False)
            uow.commit()
        names = _names(vault)

    assert sum(names.values()) == learners
    assert [name for name, count in names.items() if count > 1] == []


def test_a_second_demo_in_the_same_vault_brings_new_names(tmp_path: Path) -> None:
    with Vault.create(tmp_path / "demo.vault", PASSPHRASE, cost=FAST) as vault:
        for _ in range(2):
            with vault.unit_of_work() as uow:
                fill_demo(uow, learners=100, seed=1, today=TODAY, diaries=False)
                uow.commit()
        names = _names(vault)

    assert len(names) == 200


@pytest.mark.parametrize("seed", [1, 2])
def test_the_200_learner_demo_has_a_handful_of_things_overdue(tmp_path: Path, seed: int) -> None:
    with Vault.create(tmp_path / "demo.vault", PASSPHRASE, cost=FAST) as vault:
        with vault.unit_of_work() as uow:
            fill_demo(uow, learners=200, seed=seed, today=TODAY, diaries=False)
            uow.commit()
        with vault.unit_of_work() as uow:
            items = due_items(uow, today=TODAY)

    overdue = [item for item in items if item.overdue]
    # About one kept per kind of item (17 kinds, the contact log's next contact and follow-ups and the
    # follow-up procedure's next step among them).
    assert 3 <= len(overdue) <= 18, Counter(item.kind for item in overdue)
    # Still something of each kind to show what overdue looks like, and plenty coming up.
    assert len({item.kind for item in overdue}) >= 5
    assert len(items) - len(overdue) > 200
