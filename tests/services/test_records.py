"""The generic record table through its service: records of a kind are saved with their values checked,
listed in the kind's order, edited, and deleted so that their words are in no page of the vault; and the
baseline's barriers and support needs read and written as records keep their own rules and order."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.services.test_diaries import _main_file_pages
from tutordesk.documents.record_kinds import load_record_kind, parse_record_kind
from tutordesk.domain.models import Learner
from tutordesk.errors import BadInput, FormError
from tutordesk.services import records
from tutordesk.services.diaries.entries import erase_traces
from tutordesk.services.plans import baseline, baseline_records
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 20)
FAMILY = load_record_kind("family_interaction")
WORD = "marmosetword5150"


def _learner(vault: Vault, name: str = "Zoë") -> int:
    with vault.unit_of_work() as uow:
        learner = Learner(given_name=name, family_name="Ångström", started_on=date(2026, 9, 1))
        uow.session.add(learner)
        uow.commit()
        assert learner.id is not None
        return learner.id


@pytest.fixture
def learner_id(vault: Vault) -> int:
    return _learner(vault)


def _save(vault: Vault, learner_id: int, record_id: int | None = None, **values: str) -> int:
    with vault.unit_of_work() as uow:
        saved = records.save_record(
            uow, learner_id=learner_id, kind=FAMILY, values=values, record_id=record_id, today=TODAY
        )
        uow.commit()
        return saved


def _list(vault: Vault, learner_id: int) -> list[records.LearnerRecordView]:
    with vault.unit_of_work() as uow:
        return records.list_records(uow, learner_id=learner_id, kind=FAMILY)


def test_records_are_saved_listed_newest_first_and_edited(vault: Vault, learner_id: int) -> None:
    first = _save(vault, learner_id, held_on="2026-10-01", with_whom="Mum", how="Phone")
    second = _save(
        vault,
        learner_id,
        held_on="2026-11-02",
        with_whom=" Grandad ",
        how="Home visit",
        follow_up_by="2026-11-30",
    )
    listed = _list(vault, learner_id)
    assert [r.id for r in listed] == [second, first]
    newest = listed[0]
    assert newest.values["with_whom"] == "Grandad" and newest.values["followed_up"] == "no"
    assert (newest.kind, newest.form_version) == ("family_interaction", "1.0")
    assert newest.record_date == date(2026, 11, 2) and newest.due_on == date(2026, 11, 30)

    _save(
        vault,
        learner_id,
        first,
        held_on="2026-11-10",
        with_whom="Mum",
        how="Phone",
        summary="Asked about fares",
    )
    listed = _list(vault, learner_id)
    assert [r.id for r in listed] == [first, second]  # its new date moved it to the top
    assert listed[0].values["summary"] == "Asked about fares" and listed[0].record_date == date(2026, 11, 10)
    assert listed[0].updated_at is not None and listed[0].created_at is not None


def test_values_are_checked_against_the_kind_before_anything_is_kept(vault: Vault, learner_id: int) -> None:
    for values, message in (
        ({"with_whom": "Mum", "how": "Phone"}, "Say when it happened."),
        ({"held_on": "2026-11-02", "how": "Phone"}, "Say who it was with."),
        ({"held_on": "2026-11-21", "with_whom": "Mum", "how": "Phone"}, "“Date” cannot be after today."),
        ({"held_on": "2026-11-31", "with_whom": "Mum", "how": "Phone"}, "“Date” is not a real date"),
        ({"held_on": "2026-11-02", "with_whom": "Mum", "how": "Carrier pigeon"}, "is not one of the choices"),
    ):
        with pytest.raises(BadInput, match=message):
            _save(vault, learner_id, **values)
    assert _list(vault, learner_id) == []
    with pytest.raises(BadInput, match="learner is not in this vault"):
        _save(vault, learner_id + 99, held_on="2026-11-02", with_whom="Mum", how="Phone")


def test_a_record_belongs_to_one_learner_and_one_kind(vault: Vault, learner_id: int) -> None:
    other = _learner(vault, "Sam")
    mine = _save(vault, learner_id, held_on="2026-11-02", with_whom="Mum", how="Phone")
    assert _list(vault, other) == []
    with pytest.raises(BadInput, match="not in this vault any more"):
        _save(vault, other, mine, held_on="2026-11-02", with_whom="Dad", how="Phone")
    visit = parse_record_kind(
        'id = "visit"\nversion = "1.0"\ntitle = "Visit"\nplural = "Visits"\n'
        '[[fields]]\nid = "with_whom"\nlabel = "With"\n[[columns]]\nfield = "with_whom"\n',
        origin="records/visit.toml",
    )
    with vault.unit_of_work() as uow:
        assert records.list_records(uow, learner_id=learner_id, kind=visit) == []
        with pytest.raises(BadInput, match="not in this vault any more"):
            records.save_record(
                uow, learner_id=learner_id, kind=visit, values={"with_whom": "x"}, record_id=mine
            )
        with pytest.raises(BadInput, match="not in this vault any more"):
            records.delete_record(uow, learner_id=other, record_id=mine)


def test_values_of_fields_a_newer_kind_no_longer_lists_are_kept(vault: Vault, learner_id: int) -> None:
    saved = _save(vault, learner_id, held_on="2026-11-02", with_whom="Mum", how="Phone", summary="Fares")
    fewer = parse_record_kind(
        FAMILY.text.replace('version = "1.0"', 'version = "1.1"').replace('id = "summary"', 'id = "notes"'),
        origin="records/family_interaction.toml",
    )
    with vault.unit_of_work() as uow:
        records.save_record(
            uow,
            learner_id=learner_id,
            kind=fewer,
            values={"held_on": "2026-11-02", "with_whom": "Mum", "how": "Phone", "notes": "New"},
            record_id=saved,
            today=TODAY,
        )
        uow.commit()
    [kept] = _list(vault, learner_id)
    assert kept.form_version == "1.1" and kept.values["summary"] == "Fares" and kept.values["notes"] == "New"


def test_a_deleted_record_leaves_no_word_in_any_page(vault: Vault, vault_path: Path, learner_id: int) -> None:
    gone = _save(
        vault, learner_id, held_on="2026-11-02", with_whom="Mum", how="Phone", summary=f"Said {WORD}"
    )
    _save(vault, learner_id, held_on="2026-11-03", with_whom="Dad", how="Phone", summary="Stays")
    erase_traces(vault.engine)
    key = bytes(vault.key_bytes())
    assert any(WORD.encode() in page for page in _main_file_pages(vault_path, key))  # the pages read truly

    with vault.unit_of_work() as uow:
        records.delete_record(uow, learner_id=learner_id, record_id=gone)
        records.delete_record(uow, learner_id=learner_id, record_id=gone)  # already gone: nothing to do
        uow.commit()
    erase_traces(vault.engine)
    assert [r.values["with_whom"] for r in _list(vault, learner_id)] == ["Dad"]
    assert [n for n, page in enumerate(_main_file_pages(vault_path, key), 1) if WORD.encode() in page] == []


def test_removing_a_learner_removes_their_records(vault: Vault, learner_id: int) -> None:
    _save(vault, learner_id, held_on="2026-11-02", with_whom="Mum", how="Phone")
    with vault.unit_of_work() as uow:
        uow.session.delete(uow.session.get(Learner, learner_id))
        uow.commit()
    with vault.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM learner_record")).scalar() == 0


# --- barriers and support needs as records -----------------------------------------------------------------


def test_barriers_as_records_keep_the_barrier_rules_and_order(vault: Vault, learner_id: int) -> None:
    kind = baseline_records.check_kind(load_record_kind("barrier"), baseline_records.BARRIER_FIELDS)
    with vault.unit_of_work() as uow:
        for values in (
            {"domain": "family", "description": "Caring", "source": "learner", "status": "resolved"},
            {"domain": "social", "description": "No friends in class", "source": "staff", "status": "open"},
            {"domain": "structural", "description": " Fares ", "source": "family", "status": "open",
             "resolve_by": "2026-12-01"},
        ):  # fmt: skip
            baseline_records.save_barrier_values(uow, learner_id=learner_id, values=values)
        with pytest.raises(BadInput, match="Describe the barrier in a few words."):
            baseline_records.save_barrier_values(uow, learner_id=learner_id, values={"domain": "social"})
        rows = baseline_records.barrier_rows(uow, learner_id=learner_id)
        uow.commit()
    # The service's order is the one the kind's file describes.
    assert [r.id for r in rows] == [r.id for r in kind.sorted_rows(rows)]
    assert [r.values["description"] for r in rows] == ["Fares", "No friends in class", "Caring"]
    assert rows[0].values["resolve_by"] == "2026-12-01" and rows[1].values["resolve_by"] == ""
    with vault.unit_of_work() as uow:
        baseline_records.delete_barrier(uow, learner_id=learner_id, record_id=rows[0].id)
        uow.commit()
        assert [b.description for b in baseline.list_barriers(uow, learner_id=learner_id)] == [
            "No friends in class",
            "Caring",
        ]


def test_support_needs_as_records_read_yes_and_no(vault: Vault, learner_id: int) -> None:
    kind = load_record_kind("support_need")
    other = _learner(vault, "Sam")
    with vault.unit_of_work() as uow:
        first = baseline_records.save_support_need_values(
            uow, learner_id=learner_id, values={"need": "A reader", "in_place": "yes"}
        )
        baseline_records.save_support_need_values(
            uow,
            learner_id=learner_id,
            values={"need": "Extra time", "needed_by": "2026-12-01", "in_place": "no"},
        )
        rows = baseline_records.support_need_rows(uow, learner_id=learner_id)
        assert [r.id for r in rows] == [r.id for r in kind.sorted_rows(rows)]
        assert [(r.values["need"], r.values["in_place"]) for r in rows] == [
            ("Extra time", "no"),
            ("A reader", "yes"),
        ]
        assert baseline.list_support_needs(uow, learner_id=learner_id)[1].in_place is True
        with pytest.raises(BadInput, match="not in this vault any more"):
            baseline_records.delete_support_need(uow, learner_id=other, record_id=first)


def test_a_barrier_kind_with_other_fields_is_refused() -> None:
    kind = load_record_kind("barrier")
    renamed = parse_record_kind(kind.text.replace('"action"', '"what_next"'), origin=kind.origin)
    with pytest.raises(FormError, match="its fields must be exactly domain, description"):
        baseline_records.check_kind(renamed, baseline_records.BARRIER_FIELDS)
