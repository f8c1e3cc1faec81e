"""Fixtures for the import and export tests: the sample files, and a real vault's term look-ups made once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import FAST, PASSPHRASE
from tutordesk.services.learners.csv_import import TermLookup, load_terms
from tutordesk.vault.vault import Vault

DATA = Path(__file__).resolve().parent / "data"
GOOD = DATA / "good.csv"  # three learners, all fine
ONE_BAD_ROW = DATA / "one_bad_row.csv"  # three learners, the second born on 31/02/2010


@pytest.fixture(scope="session")
def vault_terms(tmp_path_factory: pytest.TempPathFactory) -> TermLookup:
    """The groups and risk factors of a freshly made vault, as `load_terms` gives them."""
    path = tmp_path_factory.mktemp("terms") / "terms.vault"
    with Vault.create(path, PASSPHRASE, cost=FAST) as vault, vault.unit_of_work() as uow:
        return load_terms(uow)


@pytest.fixture
def empty_vault(vault: Vault) -> Iterator[Vault]:
    """The shared `vault` fixture, checked to hold no learners yet."""
    assert learner_count(vault) == 0
    yield vault


def learner_count(vault: Vault) -> int:
    with vault.engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM learner")).scalar_one())


def term_id(terms: TermLookup, taxonomy: str, code: str) -> int:
    return terms[taxonomy][code.replace("_", "")]
