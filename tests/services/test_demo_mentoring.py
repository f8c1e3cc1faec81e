"""Demo mentoring: plausible counts, the same rows for the same seed, closed relationships, contacts that give
the boundary flags something to show, pseudonymised supervision, and only the drama range's phone numbers."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.conftest import FAST, PASSPHRASE
from tutordesk.demo import caseload as demo
from tutordesk.demo.caseload import fill_demo
from tutordesk.documents.checklists import load_checklist
from tutordesk.domain.mentoring_enums import Phase
from tutordesk.domain.mentoring_rules import ContactFacts, boundaries_from_text, boundary_flags, parse_time
from tutordesk.services.caseload.due import due_items
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 20)
TABLES = (
    "mentoring_relationship",
    "mentoring_terms",
    "safeguarding_contact",
    "phase_record",
    "mentoring_contact",
    "meeting_action",
    "mentoring_target",
    "self_assessment",
    "supervision_session",
)
#: Columns that hold the moment a row was written, not demo content.
STAMPS = {"created_at", "updated_at"}


def _rows(vault: Vault, table: str) -> list[dict[str, Any]]:
    with vault.unit_of_work() as uow:
        result = uow.session.connection().execute(text(f"SELECT * FROM {table} ORDER BY 1"))  # noqa: S608
        return [{k: v for k, v in row._mapping.items() if k not in STAMPS} for row in result]


@pytest.fixture(scope="module")
def demo_vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    """One demo vault of 60 learners for the whole module: the tests only read it."""
    with Vault.create(tmp_path_factory.mktemp("demo") / "demo.vault", PASSPHRASE, cost=FAST) as vault:
        with vault.unit_of_work() as uow:
            fill_demo(uow, learners=60, seed=4, today=TODAY)
            uow.commit()
        yield vault


def test_counts_are_plausible(demo_vault: Vault) -> None:
    relationships = _rows(demo_vault, "mentoring_relationship")
    assert 10 <= len(relationships) <= 30  # about a third of 60
    ids = [r["id"] for r in relationships]
    assert sorted(r["relationship_id"] for r in _rows(demo_vault, "mentoring_terms")) == ids
    per = {
        name: Counter(r["relationship_id"] for r in _rows(demo_vault, name))
        for name in ("safeguarding_contact", "mentoring_contact", "mentoring_target", "self_assessment")
    }
    assert all(1 <= per["safeguarding_contact"][i] <= 2 for i in ids)
    assert all(5 <= per["mentoring_contact"][i] <= 15 for i in ids)
    assert all(2 <= per["mentoring_target"][i] <= 4 for i in ids)
    assert all(per["self_assessment"][i] >= 1 for i in ids)
    assert len(_rows(demo_vault, "supervision_session")) >= 2
    contacts = len(_rows(demo_vault, "mentoring_contact"))
    actions = _rows(demo_vault, "meeting_action")
    assert 0 < len(actions) <= 2 * contacts
    assert {r["mode"] for r in relationships} == {"mentoring", "coaching"}
    assert Counter(r["mode"] for r in relationships)["mentoring"] > len(relationships) / 2
    assert len({r["mentor_kind"] for r in relationships}) >= 3


def test_external_volunteers_have_a_line_manager_and_an_escalation_route(demo_vault: Vault) -> None:
    relationships = _rows(demo_vault, "mentoring_relationship")
    external = [r for r in relationships if r["external"]]
    assert external and any(r["mentor_kind"] == "volunteer" for r in external)
    assert all(r["line_manager"] and r["escalation_route"] for r in external)
    assert all(not r["paid"] for r in relationships if r["mentor_kind"] == "volunteer")


def test_the_same_seed_gives_the_same_mentoring(demo_vault: Vault, tmp_path: Path) -> None:
    with Vault.create(tmp_path / "again.vault", PASSPHRASE, cost=FAST) as again:
        with again.unit_of_work() as uow:
            fill_demo(uow, learners=60, seed=4, today=TODAY)
            uow.commit()
        for table in TABLES:
            assert _rows(again, table) == _rows(demo_vault, table), table


def test_mentoring_leaves_the_rest_of_the_demo_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def summary(path: Path) -> dict[str, int]:
        with Vault.create(path, PASSPHRASE, cost=FAST) as made, made.unit_of_work() as uow:
            return asdict(fill_demo(uow, learners=30, seed=9, today=TODAY))

    with_mentoring = summary(tmp_path / "with.vault")
    monkeypatch.setattr(
        demo, "fill_mentoring", lambda *a, **k: {"mentoring_relationship": 0, "mentoring_contact": 0}
    )
    without = summary(tmp_path / "without.vault")
    assert with_mentoring["mentoring"] > 0 and with_mentoring["mentoring_contacts"] > 0
    assert {k: v for k, v in with_mentoring.items() if not k.startswith("mentoring")} == {
        k: v for k, v in without.items() if not k.startswith("mentoring")
    }


def test_a_closed_relationship_is_there_with_its_ending_written_up(demo_vault: Vault) -> None:
    closed = [r for r in _rows(demo_vault, "mentoring_relationship") if r["status"] == "closed"]
    assert closed
    for relationship in closed:
        assert relationship["phase"] == Phase.CLOSURE.value and relationship["closed_on"] is not None
        assert relationship["closure_reason"] and relationship["feedback_from_learner"]
        assert relationship["takes_forward"] and relationship["next_evaluation_on"] is None
    share = len(closed) / len(_rows(demo_vault, "mentoring_relationship"))
    assert 0.05 <= share <= 0.4


def test_phase_records_use_checklist_items_and_some_set_up_is_overdue(demo_vault: Vault) -> None:
    known = {
        (phase.checklist_id, item) for phase in Phase for item in load_checklist(phase.checklist_id).item_ids
    }
    records = _rows(demo_vault, "phase_record")
    assert {(r["checklist_id"], r["item_id"]) for r in records} <= known
    assert {r["checklist_id"] for r in records} == {phase.checklist_id for phase in Phase}
    with demo_vault.unit_of_work() as uow:
        kinds = Counter(item.kind for item in due_items(uow, today=TODAY) if item.overdue)
    assert kinds["mentoring_setup"] >= 1


def test_contacts_give_the_flags_something_to_show(demo_vault: Vault) -> None:
    terms = {r["relationship_id"]: r for r in _rows(demo_vault, "mentoring_terms")}
    with demo_vault.unit_of_work() as uow:
        contacts = uow.session.connection().execute(
            text(
                "SELECT m.held_on, c.start_time, c.channel, c.initiated_by, c.answered_at, c.relationship_id "
                "FROM mentoring_contact AS c JOIN meeting AS m ON m.id = c.meeting_id"
            )
        )
        flags: Counter[str] = Counter()
        learner_messages = 0
        for held_on, start, channel, by, answered_at, relationship_id in contacts:
            t = terms[relationship_id]
            boundaries = boundaries_from_text(
                t["allowed_channels"], t["allowed_days"], t["hours_from"], t["hours_to"],
                t["mentor_reply_hours"], t["learner_reply_hours"],
            )  # fmt: skip
            facts = ContactFacts(date.fromisoformat(held_on), parse_time(start), channel, by, None)
            # Only whether it was answered matters here, so the stored UTC time need not be converted.
            if answered_at is not None:
                facts = ContactFacts(facts.held_on, facts.start_time, channel, by, datetime(2000, 1, 1))
            flags.update(
                f.code for f in boundary_flags(facts, boundaries, now=datetime.combine(TODAY, time(18)))
            )
            learner_messages += channel in ("messaging", "email") and by == "learner"
    assert learner_messages > 10
    assert flags["hours"] >= 1 and flags["unanswered"] >= 1
    assert flags["channel"] == 0  # contacts keep to the agreed channels


def test_nothing_is_dated_after_today(demo_vault: Vault) -> None:
    for table, column in (
        ("phase_record", "done_on"),
        ("meeting_action", "done_on"),
        ("self_assessment", "assessed_on"),
        ("supervision_session", "held_on"),
        ("mentoring_relationship", "started_on"),
        ("mentoring_relationship", "closed_on"),
    ):
        dates = [r[column] for r in _rows(demo_vault, table) if r[column] is not None]
        assert dates and max(dates) <= TODAY.isoformat(), (table, column)


def test_supervision_names_nobody(demo_vault: Vault) -> None:
    with demo_vault.unit_of_work() as uow:
        names = {
            name
            for row in uow.session.connection().execute(text("SELECT given_name, family_name FROM learner"))
            for name in row
        }
    sessions = _rows(demo_vault, "supervision_session")
    assert all("Learner A" in s["cases"] for s in sessions)
    written = " ".join(s["cases"] + s["reflections"] + s["actions"] for s in sessions)
    assert not {name for name in names if re.search(rf"\b{re.escape(name)}\b", written)}


def test_every_phone_number_is_from_the_drama_range(demo_vault: Vault) -> None:
    phones = [r["phone"] for r in _rows(demo_vault, "safeguarding_contact")]
    assert phones and all(re.fullmatch(r"01632 960\d{3}", phone) for phone in phones)
    # Nothing else in the mentoring tables looks like a phone number at all.
    for table in TABLES:
        for row in _rows(demo_vault, table):
            for column, value in row.items():
                if isinstance(value, str) and column != "phone":
                    assert not re.search(r"\d[\d ]{6,}\d", value), (table, column, value)
