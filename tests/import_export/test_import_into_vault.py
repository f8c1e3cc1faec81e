"""Importing into a real SQLCipher vault: all rows or none, the vault's own term lists, and the audit entry."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlmodel import col, select

from tests.conftest import make_closed_vault, open_vault
from tests.import_export.conftest import GOOD, ONE_BAD_ROW, learner_count
from tutordesk.domain.models import AuditEntry, Learner, LearnerFactor, LearnerGroup, TaxonomyTerm
from tutordesk.errors import BadInput
from tutordesk.services.caseload.rows import CaseloadRow, list_caseload
from tutordesk.services.learners.csv_export import caseload_csv
from tutordesk.services.learners.csv_import import ImportResult, import_learners, preview_caseload_csv
from tutordesk.vault import audit
from tutordesk.vault.vault import Vault


def _import(vault: Vault, data: bytes) -> ImportResult:
    with vault.unit_of_work() as uow:
        preview = preview_caseload_csv(uow, data=data)
        result = import_learners(uow, preview=preview)
        uow.commit()
    return result


def test_a_good_file_adds_every_learner_with_groups_factors_and_an_audit_entry(empty_vault: Vault) -> None:
    result = _import(empty_vault, GOOD.read_bytes())

    assert result.count == 3 and len(result.learner_ids) == 3
    with empty_vault.unit_of_work() as uow:
        learners = {(x.given_name, x.family_name): x for x in uow.session.exec(select(Learner))}
        assert set(learners) == {("Ada", "Ashcombe"), ("Bram", "Brackenridge"), ("Cleo", "Copperfold")}
        ada = learners["Ada", "Ashcombe"]
        assert (ada.status, ada.setting, str(ada.date_of_birth)) == (
            "re_engaging",
            "Northgate College (fictional)",
            "2009-05-31",
        )
        assert learners["Bram", "Brackenridge"].status == "at_risk"
        assert learners["Cleo", "Copperfold"].status == "transitioning"
        codes = {
            (learner_id, code)
            for learner_id, code in uow.session.exec(
                select(LearnerFactor.learner_id, TaxonomyTerm.code).join(TaxonomyTerm)
            )
        }
        assert codes == {
            (ada.id, "low_motivation"),
            (ada.id, "absence"),
            (learners["Bram", "Brackenridge"].id, "low_self_esteem"),
        }
        groups = uow.session.exec(select(LearnerGroup.learner_id, TaxonomyTerm.code).join(TaxonomyTerm)).all()
        assert sorted(groups) == sorted([(ada.id, "eal"), (learners["Cleo", "Copperfold"].id, "low_income")])
        entry = uow.session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc())).first()
        assert entry is not None and entry.action == "learners.imported"
        assert json.loads(entry.detail) == {"count": 3}
        # The audit log never holds names.
        assert not any(name in entry.model_dump_json() for name in ("Ada", "Ashcombe", "Bram", "Cleo"))
        assert audit.first_broken_entry(uow.session) is None


def test_a_file_with_one_bad_row_imports_nothing(empty_vault: Vault) -> None:
    with empty_vault.unit_of_work() as uow:
        preview = preview_caseload_csv(uow, data=ONE_BAD_ROW.read_bytes())
        assert preview.ready_count == 2
        with pytest.raises(BadInput) as raised:
            import_learners(uow, preview=preview)
        uow.commit()  # even a caller that commits regardless keeps nothing: nothing was added
    assert (
        raised.value.message == "1 of 3 rows has a problem; fix the file and try again; nothing was imported."
    )
    assert learner_count(empty_vault) == 0
    with empty_vault.unit_of_work() as uow:
        actions = [e.action for e in uow.session.exec(select(AuditEntry))]
    assert "learners.imported" not in actions


def test_a_refused_file_imports_nothing(empty_vault: Vault) -> None:
    with empty_vault.unit_of_work() as uow:
        preview = preview_caseload_csv(uow, data=b"")
        with pytest.raises(BadInput, match=r"^The file is empty; nothing was imported\.$"):
            import_learners(uow, preview=preview)
    assert learner_count(empty_vault) == 0


def test_importing_the_same_file_twice_marks_every_row_the_second_time(empty_vault: Vault) -> None:
    _import(empty_vault, GOOD.read_bytes())
    with empty_vault.unit_of_work() as uow:
        again = preview_caseload_csv(uow, data=GOOD.read_bytes())
    assert again.ready_count == 0
    assert {p for row in again.rows for p in row.problems} == {
        "a learner with these names and date of birth is already in the vault"
    }
    assert learner_count(empty_vault) == 3


def test_a_preview_made_stale_by_another_import_is_refused(empty_vault: Vault) -> None:
    with empty_vault.unit_of_work() as uow:
        stale = preview_caseload_csv(uow, data=GOOD.read_bytes())
    _import(empty_vault, GOOD.read_bytes())
    with empty_vault.unit_of_work() as uow, pytest.raises(BadInput, match="after the file was checked"):
        import_learners(uow, preview=stale)
    assert learner_count(empty_vault) == 3


def test_labels_are_matched_as_this_vault_has_them(empty_vault: Vault) -> None:
    """A label renamed in the vault is found under its new name; a retired term is not offered."""
    with empty_vault.unit_of_work() as uow:
        eal = uow.session.exec(
            select(TaxonomyTerm).where(
                TaxonomyTerm.taxonomy == "beneficiary_group", TaxonomyTerm.code == "eal"
            )
        ).one()
        eal.label = "Learning English"
        rural = uow.session.exec(
            select(TaxonomyTerm).where(
                TaxonomyTerm.taxonomy == "beneficiary_group", TaxonomyTerm.code == "rural"
            )
        ).one()
        rural.active = False
        uow.session.add_all([eal, rural])
        uow.commit()
    data = b"given_name,family_name,groups\nAda,Ashcombe,learning english\nBram,Brackenridge,rural\n"
    with empty_vault.unit_of_work() as uow:
        preview = preview_caseload_csv(uow, data=data)
    assert preview.rows[0].ok
    assert preview.rows[1].problems == ['group "rural" is not in this vault\'s list']


def test_an_exported_caseload_imports_again_into_another_vault(tmp_path: Path) -> None:
    source = make_closed_vault(tmp_path / "source.vault", learners=30)
    with open_vault(source) as vault, vault.unit_of_work() as uow:
        before = list_caseload(uow)
    exported = caseload_csv(before)

    target = make_closed_vault(tmp_path / "target.vault")
    with open_vault(target) as vault:
        with vault.unit_of_work() as uow:
            preview = preview_caseload_csv(uow, data=exported)
        # Demo names repeat, so the file itself may hold duplicates; those rows are the only ones marked.
        marked = {p for row in preview.problem_rows for p in row.problems}
        assert all(p.startswith("same names and date of birth as line") for p in marked), marked
        assert preview.warnings == [
            "These columns are not imported and will be left out: id, risk_factor_count, "
            "protective_factor_count, risk_domains."
        ]
        keep = [row for row in preview.rows if row.ok]
        preview.rows = keep
        with vault.unit_of_work() as uow:
            import_learners(uow, preview=preview)
            uow.commit()
        with vault.unit_of_work() as uow:
            after = list_caseload(uow)

    def facts(rows: Sequence[CaseloadRow]) -> set[tuple[object, ...]]:
        return {
            (r.given_name, r.family_name, r.date_of_birth, r.status, r.setting, r.programme, r.year_or_stage)
            for r in rows
        }

    assert facts(after) == facts(before)
