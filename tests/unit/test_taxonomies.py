"""The seeded taxonomies: stable unique codes, valid risk domains, special-category terms marked."""

from __future__ import annotations

import re

from tutordesk.domain.models import Learner, LearnerFactor, sensitive_columns
from tutordesk.domain.taxonomies import RISK_DOMAINS, TAXONOMIES, term_by_code


def test_codes_are_unique_snake_case_per_taxonomy() -> None:
    for name, terms in TAXONOMIES.items():
        codes = [t.code for t in terms]
        assert len(codes) == len(set(codes)), name
        assert all(re.fullmatch(r"[a-z][a-z0-9_]*", c) for c in codes), name
        assert all(t.label and len(t.label) <= 70 for t in terms), name


def test_every_risk_factor_belongs_to_a_domain() -> None:
    domains = {d.code for d in RISK_DOMAINS}
    assert domains == {"personal", "social", "family", "institutional", "structural"}
    for term in TAXONOMIES["risk_factor"]:
        assert term.group in domains, term.code
    assert {t.group for t in TAXONOMIES["risk_factor"]} == domains


def test_special_category_terms_are_marked_sensitive() -> None:
    groups = TAXONOMIES["beneficiary_group"]
    assert any(t.sensitive for t in groups)
    assert any(t.sensitive for t in TAXONOMIES["risk_factor"])
    assert not term_by_code("risk_domain", "personal").sensitive


def test_special_category_columns_are_marked() -> None:
    assert {"additional_needs", "health_notes"} <= sensitive_columns(Learner)
    assert "given_name" not in sensitive_columns(Learner)
    assert "note" in sensitive_columns(LearnerFactor)
