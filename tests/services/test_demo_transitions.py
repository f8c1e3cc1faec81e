"""Demo transitions: plausible counts, every phase, the same rows for the same seed and the rest of the demo
untouched, checklists, settling-in meetings and agreements as the services make them, profiles that keep
to the form with obviously fictional sensitive answers, and only the drama range's phone numbers."""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import text

from tests.conftest import FAST, PASSPHRASE
from tutordesk.demo import caseload as demo
from tutordesk.demo.caseload import fill_demo
from tutordesk.demo.transitions import FICTIONAL, tiny_png
from tutordesk.documents.checklists import load_checklist
from tutordesk.documents.forms import load_form
from tutordesk.domain.settling_in import settling_in_schedule
from tutordesk.domain.transition_enums import AcademicKind, TransitionKind, TransitionPhase
from tutordesk.services.caseload.due import due_items
from tutordesk.services.transitions import handover
from tutordesk.services.transitions.handover_consent import check_sections
from tutordesk.services.transitions.handover_material import editable_keys, form_answers
from tutordesk.services.transitions.moves import SETTLING_IN_KIND
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 20)
LEARNERS = 60
TABLES = (
    "transition",
    "transition_item",
    "handover_event",
    "settling_in_meeting",
    "form_answers",
    "profile_attachment",
    "academic_entry",
    "practice_run",
    "handover_consent",
)
#: Columns that hold the moment a row was written, not demo content.
STAMPS = {"created_at", "updated_at", "recorded_at"}
PHONE_LIKE = re.compile(r"\d[\d ]{6,}\d")


def _rows(vault: Vault, table: str) -> list[dict[str, Any]]:
    with vault.unit_of_work() as uow:
        result = uow.session.connection().execute(text(f"SELECT * FROM {table}"))  # noqa: S608
        rows = [{k: v for k, v in row._mapping.items() if k not in STAMPS} for row in result]
    return sorted(rows, key=lambda row: [str(value) for value in row.values()])


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@pytest.fixture(scope="module")
def demo_vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    """One demo vault of 60 learners for the whole module: the tests only read it."""
    with Vault.create(tmp_path_factory.mktemp("demo") / "demo.vault", PASSPHRASE, cost=FAST) as vault:
        with vault.unit_of_work() as uow:
            fill_demo(uow, learners=LEARNERS, seed=4, today=TODAY)
            uow.commit()
        yield vault


@pytest.fixture(scope="module")
def moves(demo_vault: Vault) -> list[dict[str, Any]]:
    return _rows(demo_vault, "transition")


def _answers(vault: Vault, form_id: str) -> dict[int, dict[str, str]]:
    return {
        row["learner_id"]: json.loads(row["values_json"])
        for row in _rows(vault, "form_answers")
        if row["form_id"] == form_id
    }


# -- moves -------------------------------------------------------------------------------------------------


def test_counts_are_plausible(demo_vault: Vault, moves: list[dict[str, Any]]) -> None:
    assert LEARNERS / 10 <= len(moves) <= LEARNERS / 3  # about one in five
    assert len({m["learner_id"] for m in moves}) == len(moves)
    assert {m["kind"] for m in moves} == {k.value for k in TransitionKind}
    planned = Counter(bool(m["planned"]) for m in moves)
    assert planned[True] > planned[False] >= 1  # mostly planned, some not
    profiles = _answers(demo_vault, "personal_profile")
    assert LEARNERS / 3 <= len(profiles) <= LEARNERS * 2 / 3  # about half of every learner
    with demo_vault.unit_of_work() as uow:
        summary_learners = uow.session.connection().execute(text("SELECT count(*) FROM learner")).scalar()
    assert summary_learners == LEARNERS


def test_every_phase_occurs_with_dates_that_fit_it(moves: list[dict[str, Any]]) -> None:
    assert {m["phase"] for m in moves} == {p.value for p in TransitionPhase}
    for move in moves:
        leaving, starts = _day(move["leaving_on"]), _day(move["starts_on"])
        assert leaving is not None
        if move["phase"] == TransitionPhase.BEFORE:
            assert leaving > TODAY
        elif move["phase"] == TransitionPhase.DURING:
            assert leaving <= TODAY and starts is not None and starts >= TODAY - timedelta(days=7)
        else:
            assert starts is not None and starts < TODAY
        if starts is not None:
            assert starts >= leaving  # nobody starts before leaving in the demo
    assert Counter(m["status"] for m in moves)["active"] > len(moves) / 2


def test_moves_name_fictional_settings_a_manager_and_a_contact(moves: list[dict[str, Any]]) -> None:
    staff = {"Morgan Tutorwell", "Sam Guidewright", "Alex Mentorley"}
    for move in moves:
        assert move["sending_setting"].endswith("(fictional)") and move["receiving_setting"].endswith(
            "(fictional)"
        )
        assert move["sending_setting"] != move["receiving_setting"]
        assert move["manager"] in staff
        assert move["receiving_contact_name"] and move["receiving_contact_role"]
        channel = move["receiving_contact_channel"]
        assert re.fullmatch(r"[a-z]+\.[a-z]+@example\.org|01632 960\d{3}", channel), channel
    assert len({m["receiving_contact_channel"].endswith("@example.org") for m in moves}) == 2


def test_checklists_keep_to_the_items_of_their_kind_with_some_done_and_some_overdue(
    demo_vault: Vault, moves: list[dict[str, Any]]
) -> None:
    kinds = {m["id"]: m["kind"] for m in moves}
    items = _rows(demo_vault, "transition_item")
    assert {i["transition_id"] for i in items} == set(kinds)
    for item in items:
        assert (
            item["item_id"]
            in load_checklist(TransitionKind(kinds[item["transition_id"]]).checklist_id).item_ids
        )
        assert item["owner"]
        if item["done_on"] is not None:
            assert _day(item["done_on"]) <= TODAY  # type: ignore[operator]
    assert len({(i["transition_id"], i["item_id"]) for i in items}) == len(items)  # once each
    done = [i for i in items if i["done_on"]]
    overdue = [i for i in items if not i["done_on"] and i["due_on"] and _day(i["due_on"]) < TODAY]  # type: ignore[operator]
    ahead = [i for i in items if not i["done_on"] and i["due_on"] and _day(i["due_on"]) >= TODAY]  # type: ignore[operator]
    assert done and overdue and ahead
    assert len(overdue) < len(done)


def test_a_warm_handover_is_logged_for_every_move_that_has_happened(
    demo_vault: Vault, moves: list[dict[str, Any]]
) -> None:
    events = _rows(demo_vault, "handover_event")
    happened = {m["id"]: m for m in moves if m["starts_on"] and _day(m["starts_on"]) <= TODAY}  # type: ignore[operator]
    assert happened and {e["transition_id"] for e in events} == set(happened)
    for event in events:
        move = happened[event["transition_id"]]
        assert _day(event["happened_on"]) <= _day(move["starts_on"])  # type: ignore[operator]
        assert event["accompanied_by"] and event["introduced_to"] and event["place"]
    introduced = {
        e["introduced_to"] for e in events if e["happened_on"] == happened[e["transition_id"]]["starts_on"]
    }
    assert all(any(m["receiving_contact_name"] in i for m in moves) for i in introduced)


def test_settling_in_meetings_follow_the_schedule_and_held_ones_are_meetings(
    demo_vault: Vault, moves: list[dict[str, Any]]
) -> None:
    meetings = _rows(demo_vault, "settling_in_meeting")
    by_move: dict[int, list[dict[str, Any]]] = {}
    for row in meetings:
        by_move.setdefault(row["transition_id"], []).append(row)
    starting = {m["id"]: m for m in moves if m["starts_on"]}
    assert set(by_move) == set(starting)
    for move_id, rows in by_move.items():
        rows.sort(key=lambda row: row["due_on"])
        expected = settling_in_schedule(_day(starting[move_id]["starts_on"]))  # type: ignore[arg-type]
        assert [(r["milestone"], _day(r["due_on"])) for r in rows] == [(m.value, d) for m, d in expected]
    keys = set(editable_keys(load_form("settling_in_review")))
    held = [r for r in meetings if r["held_on"]]
    assert held and any(not r["held_on"] for r in meetings)
    with demo_vault.unit_of_work() as uow:
        contacts = {
            row.id: row
            for row in uow.session.connection().execute(
                text("SELECT id, learner_id, held_on, kind, attendees FROM meeting WHERE kind = :kind"),
                {"kind": SETTLING_IN_KIND},
            )
        }
    assert len(contacts) == len(held)
    learner_of = {m["id"]: m["learner_id"] for m in moves}
    flagged = 0
    for row in held:
        values = json.loads(row["values_json"])
        assert set(values) <= keys and values["settling.how_going"] and row["run_by"]
        flagged += values["settling.closer_follow_up"] == "yes"
        contact = contacts[row["meeting_id"]]
        assert (contact.learner_id, contact.held_on, contact.attendees) == (
            learner_of[row["transition_id"]],
            row["held_on"],
            row["run_by"],
        )
        assert _day(row["held_on"]) <= TODAY  # type: ignore[operator]
    assert 1 <= flagged < len(held)
    assert all(r["values_json"] == "{}" and not r["run_by"] for r in meetings if not r["held_on"])


def test_about_half_of_the_moves_have_an_agreement_within_the_pack(
    demo_vault: Vault, moves: list[dict[str, Any]]
) -> None:
    consents = _rows(demo_vault, "handover_consent")
    going = [m for m in moves if m["status"] != "cancelled"]
    assert len(going) / 3 <= len(consents) <= len(going) * 2 / 3 + 1
    learner_of = {m["id"]: m["learner_id"] for m in moves}
    for consent in consents:
        assert learner_of[consent["transition_id"]] == consent["learner_id"]
        sections = tuple(consent["sections"].split(","))
        sensitive = tuple(filter(None, consent["sensitive_fields"].split(",")))
        assert check_sections(sections, sensitive) == (sections, sensitive)  # known ids, in printing order
        assert "move" in sections and len(sensitive) <= 1
        assert consent["given_by"] in ("learner", "parent_carer") and _day(consent["given_on"]) < TODAY  # type: ignore[operator]
        assert bool(consent["given_by_name"]) == (consent["given_by"] == "parent_carer")
    assert {bool(c["sensitive_fields"]) for c in consents} == {True, False}
    profiles = _answers(demo_vault, "personal_profile")
    for consent in consents:  # agreed only where the young person wrote something
        for key in filter(None, consent["sensitive_fields"].split(",")):
            answer = profiles[consent["learner_id"]].get(f"profile.{key.partition('.')[2]}", "")
            assert answer.startswith(FICTIONAL), (key, answer)


def test_a_demo_receiving_pack_previews_with_only_what_was_agreed(demo_vault: Vault) -> None:
    consent = next(c for c in _rows(demo_vault, "handover_consent") if "academic" not in c["sections"])
    with demo_vault.unit_of_work() as uow:
        choice = handover.default_choice(uow, learner_id=consent["learner_id"], audience="receiving")
        pages = handover.pack_pdf(uow, learner_id=consent["learner_id"], choice=choice, today=TODAY)
    words = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pages)).pages)
    assert "About the move" in words and "My academic record" not in words


# -- the material that travels -----------------------------------------------------------------------------


def test_profile_and_travel_answers_only_use_keys_of_their_form(
    demo_vault: Vault, moves: list[dict[str, Any]]
) -> None:
    assert {r["form_id"] for r in _rows(demo_vault, "form_answers")} == {"personal_profile", "travel_plan"}
    for form_id in ("personal_profile", "travel_plan"):
        keys = set(editable_keys(load_form(form_id)))
        for answers in _answers(demo_vault, form_id).values():
            assert answers and set(answers) <= keys and all(v.strip() for v in answers.values())
    purposes = next(
        f for s in load_form("travel_plan").sections for f in s.fields if f.id == "purpose"
    ).choices
    travel = _answers(demo_vault, "travel_plan")
    going = {m["learner_id"]: m for m in moves if m["status"] != "cancelled"}
    assert travel and set(travel) <= set(going) & set(_answers(demo_vault, "personal_profile"))
    for learner_id, answers in travel.items():
        assert answers["travel.purpose"] in purposes
        assert answers["travel.destination"] == going[learner_id]["receiving_setting"]
    learner_id = next(iter(travel))
    with demo_vault.unit_of_work() as uow:  # the service reads them back as written
        assert form_answers(uow, learner_id=learner_id, form_id="travel_plan") == travel[learner_id]


def test_profiles_start_with_strengths_and_sensitive_answers_are_obviously_fictional(
    demo_vault: Vault,
) -> None:
    form = load_form("personal_profile")
    sensitive = {f.source for s in form.sections for f in s.fields if f.sensitive}
    assert sensitive
    profiles = _answers(demo_vault, "personal_profile")
    filled = 0
    for answers in profiles.values():
        assert answers["profile.interests"] and answers["profile.preferred_name"]
        for key, value in answers.items():
            if key in sensitive:
                filled += 1
                assert value.startswith(FICTIONAL), value
            else:
                assert "fictional example" not in value.lower()
    assert 0 < filled
    assert sum(any(k in sensitive for k in a) for a in profiles.values()) < len(profiles)  # for some only


def test_each_profile_has_an_academic_record_of_every_kind(demo_vault: Vault) -> None:
    entries = _rows(demo_vault, "academic_entry")
    by_learner: dict[int, set[str]] = {}
    for entry in entries:
        by_learner.setdefault(entry["learner_id"], set()).add(entry["kind"])
        assert entry["title"]
        started, ended = _day(entry["started_on"]), _day(entry["ended_on"])
        assert started is None or started <= TODAY
        assert ended is None or (ended <= TODAY and (started is None or started <= ended))
        if entry["kind"] == AcademicKind.QUALIFICATION:
            assert entry["result"]
    assert set(by_learner) == set(_answers(demo_vault, "personal_profile"))
    assert all(kinds == {k.value for k in AcademicKind} for kinds in by_learner.values())


def test_practice_runs_grow_in_confidence(demo_vault: Vault) -> None:
    runs: dict[int, list[dict[str, Any]]] = {}
    for run in _rows(demo_vault, "practice_run"):
        runs.setdefault(run["learner_id"], []).append(run)
    assert set(runs) == set(_answers(demo_vault, "travel_plan"))
    assert {len(r) for r in runs.values()} <= {1, 2, 3} and max(len(r) for r in runs.values()) > 1
    for learner_runs in runs.values():
        learner_runs.sort(key=lambda r: r["practised_on"])
        confidence = [r["confidence"] for r in learner_runs]
        assert all(1 <= c <= 5 for c in confidence)
        assert all(a < b or a == b == 5 for a, b in zip(confidence, confidence[1:], strict=False))
        assert all(_day(r["practised_on"]) < TODAY and r["with_whom"] for r in learner_runs)  # type: ignore[operator]


def test_a_few_profiles_keep_a_tiny_real_picture(demo_vault: Vault) -> None:
    pictures = _rows(demo_vault, "profile_attachment")
    assert 1 <= len(pictures) <= len(_answers(demo_vault, "personal_profile")) / 3
    for picture in pictures:
        assert picture["mime"] == "image/png" and len(picture["data"]) < 500
        image = Image.open(io.BytesIO(picture["data"]))
        image.load()  # decodes every pixel: a broken chunk or checksum fails here
        assert image.format == "PNG" and image.size == (16, 16)
        assert len(image.getcolors() or ()) == 2  # the stripes and the white between them
        assert _day(picture["added_on"]) <= TODAY  # type: ignore[operator]
    assert tiny_png((10, 20, 30)) == tiny_png((10, 20, 30)) != tiny_png((30, 20, 10))


def test_nothing_that_happened_is_dated_after_today(demo_vault: Vault) -> None:
    for table, column in (
        ("transition_item", "done_on"),
        ("handover_event", "happened_on"),
        ("settling_in_meeting", "held_on"),
        ("practice_run", "practised_on"),
        ("handover_consent", "given_on"),
        ("transition", "profile_shared_on"),
    ):
        days = [r[column] for r in _rows(demo_vault, table) if r[column] is not None]
        assert days and max(days) <= TODAY.isoformat(), (table, column)


def test_every_phone_number_is_from_the_drama_range_and_every_email_from_example_org(
    demo_vault: Vault,
) -> None:
    seen = 0
    for table in TABLES:
        for row in _rows(demo_vault, table):
            for column, value in row.items():
                if not isinstance(value, str):
                    continue
                for number in PHONE_LIKE.findall(value):
                    assert re.fullmatch(r"01632 960\d{3}", number), (table, column, value)
                    seen += 1
                for address in re.findall(r"\S+@\S+", value):
                    assert address.endswith("@example.org"), (table, column, value)
    assert seen >= 1


def test_the_due_list_has_every_transition_kind(demo_vault: Vault) -> None:
    with demo_vault.unit_of_work() as uow:
        items = due_items(uow, today=TODAY)
    kinds = Counter(item.kind for item in items)
    assert kinds["transition_item"] and kinds["settling_in"] and kinds["transition_day"]
    assert any(item.overdue for item in items if item.kind == "transition_item")


# -- the same demo every time ------------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_transitions(demo_vault: Vault, tmp_path: Path) -> None:
    with Vault.create(tmp_path / "again.vault", PASSPHRASE, cost=FAST) as again:
        with again.unit_of_work() as uow:
            fill_demo(uow, learners=LEARNERS, seed=4, today=TODAY)
            uow.commit()
        for table in (*TABLES, "meeting"):
            assert _rows(again, table) == _rows(demo_vault, table), table
    with Vault.create(tmp_path / "other.vault", PASSPHRASE, cost=FAST) as other:
        with other.unit_of_work() as uow:
            fill_demo(uow, learners=LEARNERS, seed=5, today=TODAY)
            uow.commit()
        assert _rows(other, "transition") != _rows(demo_vault, "transition")


def _everything_but_transitions(vault: Vault) -> dict[str, list[dict[str, Any]]]:
    with vault.unit_of_work() as uow:
        tables = [
            name
            for (name,) in uow.session.connection().execute(
                text("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'")
            )
        ]
    left_out = {*TABLES, "audit_entry", "vault_info"}  # stamped with the time they were written
    found = {name: _rows(vault, name) for name in tables if name not in left_out}
    found["meeting"] = [m for m in found["meeting"] if m["kind"] != SETTLING_IN_KIND]
    return found


def test_transitions_leave_the_rest_of_the_demo_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill(path: Path) -> tuple[dict[str, int], dict[str, list[dict[str, Any]]]]:
        with Vault.create(path, PASSPHRASE, cost=FAST) as made:
            with made.unit_of_work() as uow:
                summary = asdict(fill_demo(uow, learners=30, seed=9, today=TODAY))
                uow.commit()
            return summary, _everything_but_transitions(made)

    with_transitions, rows_with = fill(tmp_path / "with.vault")
    monkeypatch.setattr(demo, "fill_transitions", lambda *a, **k: {"transition": 0, "personal_profile": 0})
    without, rows_without = fill(tmp_path / "without.vault")
    assert with_transitions["transitions"] > 0 and with_transitions["profiles"] > 0
    assert without["transitions"] == without["profiles"] == 0
    ours = {"transitions", "profiles"}
    assert {k: v for k, v in with_transitions.items() if k not in ours} == {
        k: v for k, v in without.items() if k not in ours
    }
    assert rows_with.keys() == rows_without.keys()
    for table in rows_with:
        assert rows_with[table] == rows_without[table], table
