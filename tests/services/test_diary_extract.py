"""The learner's diary extract, printed from a real vault to a real PDF and read back as a reader would: only
their own entries, only the dates chosen, and nothing at all without their agreement on record."""

from __future__ import annotations

import hashlib
import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func
from sqlmodel import select

from tutordesk.documents.forms import load_form
from tutordesk.domain.diary_enums import DiaryKind, EntryMode, JournalKind
from tutordesk.domain.models import AuditEntry, Learner, Person
from tutordesk.domain.plan_models import Document
from tutordesk.errors import BadInput
from tutordesk.services.diaries import entries as diaries
from tutordesk.services.diaries import extract as diary_extract
from tutordesk.services.diaries.entries import EntryInput
from tutordesk.services.diaries.extract import ExtractAgreement
from tutordesk.vault.vault import Vault

SINCE, UNTIL = date(2026, 3, 1), date(2026, 3, 31)
TODAY = date.today()
AGREED = ExtractAgreement(agreed_by="learner", agreed_on=TODAY, note="Zo asked for a copy for her nan.")
# Words that must never reach the extract, by where they were written.
NOT_PRINTED = {
    "reflection": "albatross",
    "journal": "pelican",
    "other learner": "otterhound",
    "before the range": "pumpernickel",
    "after the range": "zeppelin",
}


def _entry(uow: object, learner_id: int | None, **fields: object) -> int:
    return diaries.save_entry(uow, learner_id=learner_id, entry=EntryInput(**fields))  # type: ignore[arg-type]


@pytest.fixture
def zoe(vault: Vault) -> int:
    """Zoë ("Zo") with her own diary, her tutor's reflections, a journal entry and another learner's diary."""
    with vault.unit_of_work() as uow:
        tutor = Person(given_name="Morgan", family_name="Tutorwell", kind="staff")
        uow.session.add(tutor)
        uow.session.flush()
        zoe = Learner(given_name="Zoë", preferred_name="Zo", family_name="Ångström", key_worker_id=tutor.id)
        other = Learner(given_name="Bram", family_name="Copperfold")
        uow.session.add_all([zoe, other])
        uow.session.flush()
        assert zoe.id is not None and other.id is not None
        own = DiaryKind.LEARNER.value
        _entry(uow, zoe.id, written_on=SINCE, body="First day back. Sunflower seeds in the garden.", mood=3)
        _entry(
            uow,
            zoe.id,
            written_on=date(2026, 3, 12),
            body="**Great** week at the *garage*.\n- changed a tyre\n- made tea",
            mood=5,
            mood_words="proud",
            progress="On time every day",
            setbacks="Lost my bus pass",
            key_points="The taster week",
            tasks="Ring the garage\nFind the bus pass",
            next_meeting_on=date(2026, 3, 19),
        )
        spoken = _entry(uow, zoe.id, written_on=date(2026, 3, 20), mode=EntryMode.SPOKEN.value, mood=2)
        diaries.set_audio(uow, entry_id=spoken, data=b"RIFF....WAVE", mime="audio/wav", duration_ms=192_000)
        _entry(uow, zoe.id, written_on=UNTIL, body="Last one this month: marigolds.", mood=4)
        _entry(uow, zoe.id, written_on=SINCE - timedelta(days=1), body=f"{NOT_PRINTED['before the range']}")
        _entry(uow, zoe.id, written_on=UNTIL + timedelta(days=1), body=f"{NOT_PRINTED['after the range']}")
        _entry(
            uow,
            zoe.id,
            written_on=date(2026, 3, 12),
            diary=DiaryKind.PRACTITIONER.value,
            body=f"Reflection: {NOT_PRINTED['reflection']}; Zo seemed brighter.",
            key_points="albatross points",
        )
        _entry(
            uow,
            None,
            written_on=date(2026, 3, 12),
            diary=DiaryKind.JOURNAL.value,
            journal_kind=JournalKind.SUPERVISION.value,
            body=f"Supervision about Zoë Ångström: {NOT_PRINTED['journal']}.",
        )
        _entry(uow, other.id, written_on=date(2026, 3, 12), diary=own, body=NOT_PRINTED["other learner"])
        uow.commit()
        return zoe.id


def _pdf_text(path: Path) -> str:
    pages = PdfReader(io.BytesIO(path.read_bytes())).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))


def _counts(vault: Vault) -> tuple[int, int]:
    with vault.unit_of_work() as uow:
        audit = uow.session.exec(select(func.count()).select_from(AuditEntry)).one()
        documents = uow.session.exec(select(func.count()).select_from(Document)).one()
    return audit, documents


def _export(vault: Vault, learner_id: int, target: Path, agreement: ExtractAgreement | None = AGREED) -> Path:
    with vault.unit_of_work() as uow:
        result = diary_extract.export_diary_extract(
            uow, learner_id=learner_id, since=SINCE, until=UNTIL, target=target, agreement=agreement
        )
        uow.commit()
    assert result.path == target
    return target


def test_the_preview_is_the_learners_own_diary_in_the_range_oldest_first(vault: Vault, zoe: int) -> None:
    with vault.unit_of_work() as uow:
        entries = diary_extract.extract_entries(uow, learner_id=zoe, since=SINCE, until=UNTIL)
    assert [e.written_on for e in entries] == [SINCE, date(2026, 3, 12), date(2026, 3, 20), UNTIL]
    assert {e.diary for e in entries} == {DiaryKind.LEARNER.value}
    assert {e.learner_id for e in entries} == {zoe}


def test_the_extract_prints_only_the_learners_own_words_in_the_range(
    vault: Vault, zoe: int, tmp_path: Path
) -> None:
    printed = _pdf_text(_export(vault, zoe, tmp_path / "my diary.pdf"))
    for where, word in NOT_PRINTED.items():
        assert word not in printed.lower(), where
    assert "Reflection" not in printed and "Supervision" not in printed
    for expected in (
        "My diary",
        "Zo Ångström",
        "1 March 2026 to 31 March 2026",
        "Sunflower seeds in the garden.",
        "Great week at the garage.",  # light formatting printed as plain words
        "• changed a tyre",
        "Very good",
        "proud",
        "What went well: On time every day",
        "What was hard: Lost my bus pass",
        "What we talked about: The taster week",
        "• Ring the garage",
        "Next time we meet: 19 March 2026",
        "Spoken entry (3:12), kept in TutorDesk",
        "marigolds",
        f"Printed with Zo's agreement on {TODAY.day} ",
    ):
        assert expected in printed, expected
    assert "**" not in printed
    assert (
        printed.index("Sunflower")
        < printed.index("Great week")
        < printed.index("Spoken entry (")
        < printed.index("marigolds")
    )
    assert "her nan" not in printed  # the note is kept with the document, not printed


def test_a_parent_or_carers_agreement_says_so(vault: Vault, zoe: int, tmp_path: Path) -> None:
    agreement = ExtractAgreement(agreed_by="parent_carer", agreed_on=TODAY)
    printed = _pdf_text(_export(vault, zoe, tmp_path / "extract.pdf", agreement))
    assert "Printed with Zo's parent or carer's agreement on" in printed


@pytest.mark.parametrize(
    ("agreement", "since", "until", "message"),
    [
        (None, SINCE, UNTIL, "only with the young person's agreement; record their agreement first"),
        (ExtractAgreement("tutor", TODAY), SINCE, UNTIL, "Say who agreed"),
        (
            ExtractAgreement("learner", TODAY + timedelta(days=1)),
            SINCE,
            UNTIL,
            "cannot be dated in the future",
        ),
        (AGREED, UNTIL, SINCE, "The first date must be on or before the last date."),
        (AGREED, date(2025, 1, 1), date(2025, 1, 31), "no entries in Zo's diary from 1 January 2025"),
    ],
)
def test_nothing_is_printed_or_recorded_without_an_agreement_and_entries(
    vault: Vault,
    zoe: int,
    tmp_path: Path,
    agreement: ExtractAgreement | None,
    since: date,
    until: date,
    message: str,
) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "extract.pdf"
    before = _counts(vault)
    with vault.unit_of_work() as uow, pytest.raises(BadInput) as caught:
        diary_extract.export_diary_extract(
            uow, learner_id=zoe, since=since, until=until, target=target, agreement=agreement
        )
    assert message in caught.value.message
    assert caught.value.message.endswith(".")
    assert list(target.parent.iterdir()) == []  # not even a temporary file
    assert _counts(vault) == before


def test_a_missing_learner_is_said_plainly(vault: Vault, tmp_path: Path) -> None:
    with vault.unit_of_work() as uow, pytest.raises(BadInput, match="not in this vault any more"):
        diary_extract.export_diary_extract(
            uow, learner_id=999, since=SINCE, until=UNTIL, target=tmp_path / "x.pdf", agreement=AGREED
        )


def test_the_agreement_and_the_export_are_in_the_audit_log_without_a_word_of_the_diary(
    vault: Vault, zoe: int, tmp_path: Path
) -> None:
    target = _export(vault, zoe, tmp_path / "extract.pdf")
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    with vault.unit_of_work() as uow:
        agreed, exported = uow.session.exec(
            select(AuditEntry)
            .where(AuditEntry.action.in_(("diary.extract_agreed", "document.exported")))  # type: ignore[attr-defined]
            .order_by(AuditEntry.id)
        ).all()
        [document] = uow.session.exec(select(Document)).all()
    assert agreed.action == "diary.extract_agreed" and exported.action == "document.exported"
    assert agreed.subject == exported.subject == f"learner:{zoe}"
    assert agreed.lawful_basis == "consent"
    assert json.loads(agreed.detail) == {
        "agreed_by": "learner",
        "agreed_on": TODAY.isoformat(),
        "since": SINCE.isoformat(),
        "until": UNTIL.isoformat(),
        "entries": 4,
        "document": document.id,
        "fingerprint": document.fingerprint,
    }
    assert exported.artifact_sha256 == digest
    assert exported.recipient == "learner" and "diary" in exported.purpose
    assert json.loads(exported.detail)["form"] == "diary_extract"
    for entry in (agreed, exported):
        recorded = " ".join((entry.detail, entry.purpose, entry.recipient, entry.subject))
        for word in ("Zo", "Ångström", "Sunflower", "garage", "nan", *NOT_PRINTED.values()):
            assert word not in recorded
    # The stored document is the learner's own words too, with the agreement's note beside them.
    assert document.form_id == "diary_extract" and document.learner_id == zoe
    assert "Sunflower" in document.content_json and "her nan" in document.content_json
    for word in NOT_PRINTED.values():
        assert word not in document.content_json


def test_printing_the_same_extract_again_keeps_one_document(vault: Vault, zoe: int, tmp_path: Path) -> None:
    _export(vault, zoe, tmp_path / "first.pdf")
    _export(vault, zoe, tmp_path / "second.pdf")
    with vault.unit_of_work() as uow:
        documents = uow.session.exec(select(Document)).all()
        exports = uow.session.exec(select(AuditEntry).where(AuditEntry.action == "document.exported")).all()
    assert len(documents) == 1 and len(exports) == 2


def test_the_form_reads_only_values_the_service_supplies(vault: Vault, zoe: int) -> None:
    form = load_form("diary_extract")
    assert form.title == "My diary" and form.signatures == ()
    assert form.table_keys() == {"diary.entries"}
    supplied = {
        "learner.name",
        "tutor.name",
        "extract.from",
        "extract.to",
        "extract.agreed_by",
        "extract.agreed_on",
        "extract.agreement_note",
    }
    assert form.value_keys() <= supplied


@pytest.mark.parametrize(
    ("milliseconds", "shown"),
    [(192_000, "3:12"), (400, "0:01"), (59_600, "1:00"), (3_601_000, "60:01"), (None, "0:01")],
)
def test_a_recordings_length_reads_like_a_clock(milliseconds: int | None, shown: str) -> None:
    assert diary_extract.duration(milliseconds) == shown


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("**Bold** and __strong__", "Bold and strong"),
        ("*soft* and _gentle_ words", "soft and gentle words"),
        ("snake_case_name and 2 * 3 * 4", "snake_case_name and 2 * 3 * 4"),
        ("# Heading\n## Smaller", "Heading\nSmaller"),
        ("- one\n* two\n  + nested", "• one\n• two\n  • nested"),
        ("See [the college](https://example.org/course).", "See the college (https://example.org/course)."),
        ("Plain words stay as they are.", "Plain words stay as they are."),
    ],
)
def test_light_formatting_prints_as_plain_words(markdown: str, plain: str) -> None:
    assert diary_extract.plain_text(markdown) == plain


def test_erasing_an_entry_erases_the_stored_extracts_that_quoted_it(
    vault: Vault, zoe: int, tmp_path: Path
) -> None:
    _export(vault, zoe, tmp_path / "extract.pdf")
    with vault.unit_of_work() as uow:
        quoted = next(
            e.id
            for e in diary_extract.extract_entries(uow, learner_id=zoe, since=SINCE, until=UNTIL)
            if "Sunflower" in e.body
        )
        outside = diaries.save_entry(
            uow, learner_id=zoe, entry=EntryInput(written_on=UNTIL + timedelta(days=40), body="Later words.")
        )
        uow.commit()
    with vault.unit_of_work() as uow:
        diaries.delete_entry(uow, entry_id=outside)  # outside the extract's dates: it stays
        uow.commit()
        assert len(uow.session.exec(select(Document)).all()) == 1
    with vault.unit_of_work() as uow:
        diaries.delete_entry(uow, entry_id=quoted)
        uow.commit()
    with vault.unit_of_work() as uow:
        assert uow.session.exec(select(Document)).all() == []
        erased = uow.session.exec(select(AuditEntry).where(AuditEntry.action == "diary.entry_deleted")).all()
        # The export's receipt stays: the fingerprint and hash of what was printed, never its words.
        assert uow.session.exec(select(AuditEntry).where(AuditEntry.action == "document.exported")).all()
    assert [json.loads(e.detail)["extracts_erased"] for e in erased] == [0, 1]
    assert all("Sunflower" not in e.detail for e in erased)
