"""The diary services on real vaults: three diaries kept apart, checks, search through FTS5, deletion that
leaves no trace in any file, spoken entries kept only inside the vault, mood trends and pseudonymising.

The erasure test reads the vault file and its WAL page by page, decrypted with the raw key the way
SQLCipher 4 lays pages out (see `tutordesk.vault.file_format`), so "gone" means gone from the bytes.
"""

from __future__ import annotations

import dataclasses
import io
import struct
import wave
from datetime import date, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from sqlalchemy import func, text
from sqlmodel import select

from tests.conftest import open_vault
from tests.support import builders
from tutordesk.domain.diary_enums import DiaryKind, EntryMode, JournalKind
from tutordesk.domain.diary_models import DiaryAudio, DiaryEntry
from tutordesk.domain.models import AuditEntry, Learner
from tutordesk.errors import BadInput
from tutordesk.services.diaries import entries as diaries
from tutordesk.services.diaries.entries import MATCH_END, MATCH_START, EntryInput
from tutordesk.vault import file_format
from tutordesk.vault.file_format import HMAC_BYTES, PAGE_SIZE, RESERVE_BYTES, SALT_BYTES
from tutordesk.vault.unit_of_work import recorded_statements
from tutordesk.vault.vault import Vault

DAY = date(2026, 10, 5)
LEARNER = DiaryKind.LEARNER.value
PRACTITIONER = DiaryKind.PRACTITIONER.value
JOURNAL = DiaryKind.JOURNAL.value
EVERY_DIARY = {LEARNER, PRACTITIONER, JOURNAL}


@pytest.fixture
def pair(vault: Vault) -> tuple[int, int]:
    """Two learners: Zoë Ångström (who likes "Zo") and Bram Copperfold."""
    return builders.add_learner(vault, preferred_name="Zo"), builders.add_learner(vault, "Bram", "Copperfold")


def _save(vault: Vault, learner_id: int | None, entry_id: int | None = None, **fields: object) -> int:
    fields.setdefault("written_on", DAY)
    with vault.unit_of_work() as uow:
        saved = diaries.save_entry(uow, learner_id=learner_id, entry=EntryInput(**fields), entry_id=entry_id)  # type: ignore[arg-type]
        uow.commit()
    return saved


def _ids(views: list[diaries.EntryView]) -> list[int]:
    return [v.id for v in views]


# --- three diaries, kept apart --------------------------------------------------------------------------


@pytest.fixture
def three_diaries(vault: Vault, pair: tuple[int, int]) -> dict[str, int]:
    zoe, bram = pair
    return {
        "zoe_own": _save(vault, zoe, diary=LEARNER, body="I rode the lighthouse bus today.", mood=4),
        "zoe_reflection": _save(
            vault, zoe, diary=PRACTITIONER, body="Zo seemed brighter; the lighthouse trip helped.", mood=2
        ),
        "journal": _save(
            vault,
            None,
            diary=JOURNAL,
            journal_kind=JournalKind.SUPERVISION.value,
            body="Supervision: talked about the lighthouse trip and about Zoë.",
        ),
        "bram_own": _save(
            vault, bram, diary=LEARNER, body="Lighthouse was cold.", written_on=DAY - timedelta(1)
        ),
        "bram_reflection": _save(vault, bram, diary=PRACTITIONER, body="Bram asked about the lighthouse."),
    }


def test_a_learners_timeline_holds_only_their_diaries_and_never_the_journal(
    vault: Vault, pair: tuple[int, int], three_diaries: dict[str, int]
) -> None:
    zoe, bram = pair
    with vault.unit_of_work() as uow:
        both = diaries.timeline(uow, learner_id=zoe)
        own = diaries.timeline(uow, learner_id=zoe, diaries={LEARNER})
        reflections = diaries.timeline(uow, learner_id=zoe, diaries={PRACTITIONER})
        asked_for_everything = diaries.timeline(uow, learner_id=zoe, diaries=EVERY_DIARY)
        asked_for_the_journal = diaries.timeline(uow, learner_id=zoe, diaries={JOURNAL})
        brams = diaries.timeline(uow, learner_id=bram)
    assert sorted(_ids(both)) == sorted([three_diaries["zoe_own"], three_diaries["zoe_reflection"]])
    assert _ids(own) == [three_diaries["zoe_own"]]
    assert _ids(reflections) == [three_diaries["zoe_reflection"]]
    assert sorted(_ids(asked_for_everything)) == sorted(_ids(both))
    assert asked_for_the_journal == []
    assert _ids(brams) == [three_diaries["bram_reflection"], three_diaries["bram_own"]]  # newest first
    assert {v.learner_id for v in both + brams} == {zoe, bram}
    assert all(v.diary != JOURNAL for v in both + brams + asked_for_everything)


def test_the_journal_belongs_to_no_learner(vault: Vault, three_diaries: dict[str, int]) -> None:
    with vault.unit_of_work() as uow:
        journal = diaries.journal(uow)
        supervision = diaries.journal(uow, kind=JournalKind.SUPERVISION.value)
        incidents = diaries.journal(uow, kind=JournalKind.CRITICAL_INCIDENT.value)
    assert _ids(journal) == [three_diaries["journal"]]
    assert journal[0].learner_id is None and journal[0].diary == JOURNAL
    assert _ids(supervision) == _ids(journal)
    assert incidents == []


def test_search_reads_only_the_diaries_asked_for(
    vault: Vault, pair: tuple[int, int], three_diaries: dict[str, int]
) -> None:
    zoe, bram = pair
    with vault.unit_of_work() as uow:
        default = diaries.search(uow, typed="lighthouse")
        own_only = diaries.search(uow, typed="lighthouse", diaries={LEARNER})
        journal_only = diaries.search(uow, typed="lighthouse", diaries={JOURNAL})
        everything = diaries.search(uow, typed="lighthouse", diaries=EVERY_DIARY)
        zoes = diaries.search(uow, typed="lighthouse", learner_id=zoe)
        zoes_own = diaries.search(uow, typed="lighthouse", learner_id=zoe, diaries={LEARNER})
    assert {h.entry_id for h in default} == set(three_diaries.values()) - {three_diaries["journal"]}
    assert {h.entry_id for h in own_only} == {three_diaries["zoe_own"], three_diaries["bram_own"]}
    assert all(h.diary == LEARNER for h in own_only)
    assert [h.entry_id for h in journal_only] == [three_diaries["journal"]]
    assert journal_only[0].learner_id is None and journal_only[0].learner_name == ""
    assert {h.entry_id for h in everything} == set(three_diaries.values())
    assert {h.entry_id for h in zoes} == {three_diaries["zoe_own"], three_diaries["zoe_reflection"]}
    assert [h.entry_id for h in zoes_own] == [three_diaries["zoe_own"]]
    assert {h.learner_name for h in default} == {"Zo Ångström", "Bram Copperfold"}
    assert {h.learner_id for h in default} == {zoe, bram}


def test_the_mood_trend_reads_only_the_learners_own_diary(
    vault: Vault, pair: tuple[int, int], three_diaries: dict[str, int]
) -> None:
    zoe, _ = pair
    _save(vault, zoe, diary=LEARNER, mood=1, written_on=DAY - timedelta(days=14))
    _save(vault, zoe, diary=LEARNER, body="No mood chosen.", written_on=DAY - timedelta(days=7))
    _save(vault, zoe, diary=LEARNER, mood=5, written_on=DAY + timedelta(days=7))
    with vault.unit_of_work() as uow:
        trend = diaries.mood_trend(uow, learner_id=zoe)
    # The practitioner's reflection on DAY had mood 2: it is not the learner's feeling, so it is left out.
    assert trend == [(DAY - timedelta(days=14), 1), (DAY, 4), (DAY + timedelta(days=7), 5)]


def test_choosing_no_diary_is_refused(vault: Vault, pair: tuple[int, int]) -> None:
    with vault.unit_of_work() as uow, pytest.raises(BadInput, match="Choose at least one diary"):
        diaries.timeline(uow, learner_id=pair[0], diaries=set())


# --- checks ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("learner", "fields", "message"),
    [
        (True, {"diary": JOURNAL, "body": "x"}, "The practice journal belongs to no learner."),
        (False, {"diary": LEARNER, "body": "x"}, "Choose the learner this diary entry is about."),
        (False, {"diary": PRACTITIONER, "body": "x"}, "Choose the learner this diary entry is about."),
        (True, {"mood": 0}, "The mood goes from 1 (very low) to 5 (very good)."),
        (True, {"mood": 6, "body": "x"}, "The mood goes from 1 (very low) to 5 (very good)."),
        (
            True,
            {"body": "  \n ", "tasks": " "},
            "Write something, choose a mood, or record the entry before saving it.",
        ),
    ],
)
def test_checks_say_what_to_fix(
    vault: Vault, pair: tuple[int, int], learner: bool, fields: dict[str, object], message: str
) -> None:
    with vault.unit_of_work() as uow, pytest.raises(BadInput) as caught:
        diaries.save_entry(
            uow, learner_id=pair[0] if learner else None, entry=EntryInput(written_on=DAY, **fields)
        )  # type: ignore[arg-type]
    assert caught.value.message == message
    with vault.unit_of_work() as uow:
        assert uow.session.exec(select(func.count()).select_from(DiaryEntry)).one() == 0


def test_a_mood_alone_or_a_recording_to_come_is_enough(vault: Vault, pair: tuple[int, int]) -> None:
    _save(vault, pair[0], mood=3)
    _save(vault, pair[0], mode=EntryMode.SPOKEN.value)
    with vault.unit_of_work() as uow:
        assert len(diaries.timeline(uow, learner_id=pair[0])) == 2


def test_editing_keeps_the_entry_in_its_diary(vault: Vault, pair: tuple[int, int]) -> None:
    zoe, bram = pair
    entry_id = _save(vault, zoe, diary=LEARNER, body="First draft about marmalade.")
    with vault.unit_of_work() as uow:
        before = diaries.load_entry(uow, entry_id=entry_id)
    for learner, diary in ((zoe, PRACTITIONER), (bram, LEARNER), (None, JOURNAL)):
        with (
            vault.unit_of_work() as uow,
            pytest.raises(BadInput, match="stays in the diary it was written in"),
        ):
            diaries.save_entry(
                uow,
                learner_id=learner,
                entry=EntryInput(written_on=DAY, diary=diary, body="moved"),
                entry_id=entry_id,
            )
    assert (
        _save(
            vault,
            zoe,
            entry_id,
            diary=LEARNER,
            body="  Second draft about porridge.  \n\n",
            tasks="  Buy oats ",
        )
        == entry_id
    )
    with vault.unit_of_work() as uow:
        after = diaries.load_entry(uow, entry_id=entry_id)
        old_word = diaries.search(uow, typed="marmalade", diaries=EVERY_DIARY)
        new_word = diaries.search(uow, typed="porridge", diaries=EVERY_DIARY)
        task_word = diaries.search(uow, typed="oats", diaries=EVERY_DIARY)
    assert after.diary == LEARNER and after.learner_id == zoe
    assert after.body == "  Second draft about porridge."  # leading spaces may be Markdown; trailing go
    assert after.tasks == "Buy oats"
    assert before.updated_at is not None and after.updated_at is not None
    assert after.updated_at >= before.updated_at
    assert old_word == [] and [h.entry_id for h in new_word] == [entry_id] == [h.entry_id for h in task_word]


def test_a_missing_entry_is_said_plainly(vault: Vault, pair: tuple[int, int]) -> None:
    with vault.unit_of_work() as uow:
        with pytest.raises(BadInput, match="not in this vault any more"):
            diaries.load_entry(uow, entry_id=999)
        with pytest.raises(BadInput, match="not in this vault any more"):
            diaries.save_entry(
                uow, learner_id=pair[0], entry=EntryInput(written_on=DAY, body="x"), entry_id=999
            )
        diaries.delete_entry(uow, entry_id=999)  # deleting what is already gone is not an error


def test_every_field_round_trips(vault: Vault, pair: tuple[int, int]) -> None:
    entry = EntryInput(
        written_on=DAY,
        diary=LEARNER,
        author="Zo, with Morgan",
        body="**Good** week.\n\n- came in\n- stayed",
        mood=4,
        mood_words="hopeful",
        progress="On time every day",
        setbacks="Lost my bus pass",
        key_points="The taster week",
        tasks="Ring the garage\nFind the bus pass",
        next_meeting_on=DAY + timedelta(days=7),
        stage_lineage="a" * 32,
        goal_lineage="b" * 32,
    )
    entry_id = _save(vault, pair[0], **{f.name: getattr(entry, f.name) for f in dataclasses.fields(entry)})
    with vault.unit_of_work() as uow:
        view = diaries.load_entry(uow, entry_id=entry_id)
    assert EntryInput(**{f.name: getattr(view, f.name) for f in dataclasses.fields(EntryInput)}) == entry
    assert view.id == entry_id and view.learner_id == pair[0] and not view.has_audio and view.audio_ms is None
    assert view.text().splitlines()[0] == "**Good** week."


def test_timeline_filters_by_dates_and_mode(vault: Vault, pair: tuple[int, int]) -> None:
    zoe = pair[0]
    ids = [_save(vault, zoe, body=f"day {n}", written_on=DAY + timedelta(days=n)) for n in range(5)]
    spoken = _save(vault, zoe, mode=EntryMode.SPOKEN.value, written_on=DAY + timedelta(days=2))
    with vault.unit_of_work() as uow:
        middle = diaries.timeline(
            uow, learner_id=zoe, since=DAY + timedelta(days=1), until=DAY + timedelta(days=3)
        )
        only_spoken = diaries.timeline(uow, learner_id=zoe, mode=EntryMode.SPOKEN.value)
    assert _ids(middle) == [ids[3], spoken, ids[2], ids[1]]  # newest first; the same day by id, newest first
    assert _ids(only_spoken) == [spoken]


# --- search ---------------------------------------------------------------------------------------------


def test_search_finds_words_in_every_written_part(vault: Vault, pair: tuple[int, int]) -> None:
    zoe = pair[0]
    parts = {
        "body": "kestrel",
        "mood_words": "jubilant",
        "progress": "gearbox",
        "setbacks": "puncture",
        "key_points": "apprenticeship",
        "tasks": "timetable",
    }
    ids = {part: _save(vault, zoe, **{part: f"The {word} part."}) for part, word in parts.items()}
    with vault.unit_of_work() as uow:
        for part, word in parts.items():
            assert [h.entry_id for h in diaries.search(uow, typed=word)] == [ids[part]], part
        assert diaries.search(uow, typed="author") == []  # the author's name is not searched
        assert diaries.search(uow, typed="") == [] and diaries.search(uow, typed="   ") == []


def test_search_matches_the_start_of_words_and_ignores_accents_and_case(
    vault: Vault, pair: tuple[int, int]
) -> None:
    zoe = pair[0]
    accented = _save(vault, zoe, body="Zoë met Chloé at the café in Malmö.")
    plain = _save(vault, zoe, body="Zoe made coffee; CAFE closed at five.")
    with vault.unit_of_work() as uow:
        for typed in ("zoe", "Zoë", "ZOË", "zo"):
            assert {h.entry_id for h in diaries.search(uow, typed=typed)} == {accented, plain}, typed
        for typed in ("chloe", "malmo", "malmö"):
            assert [h.entry_id for h in diaries.search(uow, typed=typed)] == [accented], typed
        assert {h.entry_id for h in diaries.search(uow, typed="caf")} == {accented, plain}
        assert [h.entry_id for h in diaries.search(uow, typed="coff")] == [plain]
        assert [h.entry_id for h in diaries.search(uow, typed="zoe cafe closed")] == [
            plain
        ]  # every word must match
        assert diaries.search(uow, typed="zoe tractor") == []


@pytest.mark.parametrize(
    "typed",
    [
        '"',
        '""',
        "'",
        "*",
        "maths*",
        "*maths",
        "-",
        "-maths",
        "maths -hard",
        "(",
        ")",
        "(maths",
        "maths)",
        "NEAR(maths hard)",
        "NEAR",
        "maths NEAR/2 hard",
        "AND",
        "OR",
        "NOT",
        "maths NOT hard",
        "maths OR",
        "^maths",
        "body:maths",
        "{body tasks}: maths",
        "maths + hard",
        '"maths hard',
        "maths's",
        "_",
        "a_b",
        "\x00",
        "\u0301",
        "😀 maths",
        "٣ ١٢",
        "x" * 400,
        "maths " * 60,
    ],
)
def test_anything_typed_is_read_as_words_never_as_query_syntax(
    vault: Vault, pair: tuple[int, int], typed: str
) -> None:
    _save(vault, pair[0], body="Maths was hard; near the end it got easier. Not bad.")
    with vault.unit_of_work() as uow:
        hits = diaries.search(uow, typed=typed, diaries=EVERY_DIARY)
    assert isinstance(hits, list) and len(hits) <= 1


def test_a_typed_operator_is_just_a_word(vault: Vault, pair: tuple[int, int]) -> None:
    zoe = pair[0]
    with_not = _save(vault, zoe, body="I am not giving up on maths.")
    without = _save(vault, zoe, body="Maths is going fine.")
    with vault.unit_of_work() as uow:
        assert [h.entry_id for h in diaries.search(uow, typed="maths NOT giving")] == [with_not]
        assert {h.entry_id for h in diaries.search(uow, typed="-maths")} == {with_not, without}


def test_the_entry_with_more_matches_comes_first(vault: Vault, pair: tuple[int, int]) -> None:
    zoe = pair[0]
    once = _save(vault, zoe, body="bicycle lesson went fine and then we had lunch and went home early today")
    thrice = _save(vault, zoe, body="bicycle lesson then bicycle repair then bicycle ride home early today")
    with vault.unit_of_work() as uow:
        hits = diaries.search(uow, typed="bicycle")
    assert [h.entry_id for h in hits] == [thrice, once]


def test_snippets_mark_each_match(vault: Vault, pair: tuple[int, int]) -> None:
    zoe = pair[0]
    _save(vault, zoe, body="Talked with Zoë about the garage taster and the garage owner.")
    with vault.unit_of_work() as uow:
        [garage] = diaries.search(uow, typed="garag")
        [name] = diaries.search(uow, typed="zoe")
    assert garage.snippet.count(MATCH_START) == 2 == garage.snippet.count(MATCH_END)
    assert f"{MATCH_START}garage{MATCH_END} taster" in garage.snippet
    assert f"{MATCH_START}Zoë{MATCH_END}" in name.snippet  # the words as written, accents and all
    assert garage.written_on == DAY and garage.diary == LEARNER


def test_search_stops_at_the_limit(vault: Vault, pair: tuple[int, int]) -> None:
    for n in range(7):
        _save(vault, pair[0], body=f"marble number {n}")
    with vault.unit_of_work() as uow:
        assert len(diaries.search(uow, typed="marble", limit=3)) == 3
        assert len(diaries.search(uow, typed="marble")) == 7


def test_search_runs_through_fts5_never_like(vault: Vault, pair: tuple[int, int]) -> None:
    _save(vault, pair[0], body="otters")
    with recorded_statements(vault.engine) as seen, vault.unit_of_work() as uow:
        diaries.search(uow, typed="otter")
    searches = [s for s, _ in seen if "diary" in s]
    assert len(searches) == 1
    assert "MATCH" in searches[0] and " LIKE " not in searches[0].upper()


# --- deleting leaves no trace ---------------------------------------------------------------------------


def _decrypt(page: bytes, page_number: int, key: bytes) -> bytes:
    """One SQLCipher 4 page: AES-256-CBC over the data area, IV in the reserve, salt first on page 1."""
    assert len(page) == PAGE_SIZE
    start = SALT_BYTES if page_number == 1 else 0
    iv = page[PAGE_SIZE - RESERVE_BYTES : PAGE_SIZE - HMAC_BYTES]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(page[start : PAGE_SIZE - RESERVE_BYTES]) + decryptor.finalize()


def _main_file_pages(path: Path, key: bytes) -> list[bytes]:
    data = path.read_bytes()
    assert len(data) % PAGE_SIZE == 0
    return [
        _decrypt(data[i : i + PAGE_SIZE], i // PAGE_SIZE + 1, key) for i in range(0, len(data), PAGE_SIZE)
    ]


def _wal_pages(path: Path, key: bytes) -> list[bytes]:
    """Every frame of the WAL (32-byte header, then frames of a 24-byte header and one page), decrypted."""
    if not path.exists():
        return []
    data = path.read_bytes()
    frames = []
    offset = 32
    while offset + 24 + PAGE_SIZE <= len(data):
        (page_number,) = struct.unpack(">I", data[offset : offset + 4])
        frames.append(_decrypt(data[offset + 24 : offset + 24 + PAGE_SIZE], page_number, key))
        offset += 24 + PAGE_SIZE
    return frames


# The tails are what FTS5 keeps of a word when it shares its start with the word before it on a page.
GONE, GONE_TAIL = b"quokkatoken7391", b"en7391"
KEPT, KEPT_TAIL = b"wombatkeeper2468", b"er2468"


def test_a_deleted_entry_leaves_no_word_in_any_file(
    vault: Vault, vault_path: Path, pair: tuple[int, int]
) -> None:
    zoe = pair[0]
    key = bytes(vault.key_bytes())
    wal = Path(f"{vault_path}-wal")
    gone = _save(
        vault, zoe, body=f"The {GONE.decode()} went walking with the zebra.", tasks="Feed the quokka"
    )
    _save(vault, zoe, body=f"The {KEPT.decode()} stays, and so does the zebra.")
    # Sanity: both words are in the WAL as written, so the decryption below is known to read real pages.
    frames = b"".join(_wal_pages(wal, key))
    assert GONE in frames and KEPT in frames

    with vault.unit_of_work() as uow:
        diaries.delete_entry(uow, entry_id=gone)
        uow.commit()
    diaries.erase_traces(vault.engine)

    # (b) The WAL was copied into the main file and emptied.
    assert not wal.exists() or wal.stat().st_size == 0
    assert all(GONE_TAIL not in frame for frame in _wal_pages(wal, key))
    # (a) Every page of the main file, decrypted: the kept word is there, the deleted one nowhere.
    assert file_format.damaged_pages(vault_path, key) == ([], vault_path.stat().st_size // PAGE_SIZE)
    pages = _main_file_pages(vault_path, key)
    assert any(KEPT in page for page in pages)
    assert [n for n, page in enumerate(pages, 1) if GONE_TAIL in page or b"quokka" in page] == []
    # Nor in any file beside it, as raw bytes.
    for path in vault_path.parent.iterdir():
        assert GONE not in path.read_bytes(), path.name
    # (c) The search index: no match, and no shadow-table blob holds the word.
    with vault.unit_of_work() as uow:
        connection = uow.session.connection()
        assert (
            connection.execute(
                text("SELECT rowid FROM diary_search WHERE diary_search MATCH 'quokka*'")
            ).all()
            == []
        )
        assert diaries.search(uow, typed="quokkatoken7391", diaries=EVERY_DIARY) == []
        assert [h.snippet for h in diaries.search(uow, typed="zebra", diaries=EVERY_DIARY)] == [
            f"The {KEPT.decode()} stays, and so does the {MATCH_START}zebra{MATCH_END}."
        ]
        blobs = b"".join(
            bytes(b) for (b,) in connection.execute(text("SELECT block FROM diary_search_data")) if b
        )
        idx_terms = b"".join(
            bytes(t) for (t,) in connection.execute(text("SELECT term FROM diary_search_idx")) if t
        )
        assert KEPT_TAIL in blobs  # the blobs are read as stored
        assert GONE_TAIL not in blobs and b"quokka" not in blobs and b"quokka" not in idx_terms
        connection.execute(text("INSERT INTO diary_search(diary_search) VALUES ('integrity-check')"))
        [audit] = uow.session.exec(select(AuditEntry).where(AuditEntry.action == "diary.entry_deleted")).all()
    assert audit.subject == f"learner:{zoe}"
    assert "quokka" not in audit.detail and "zebra" not in audit.detail


def test_words_taken_out_of_an_entry_leave_the_file_too(
    vault: Vault, vault_path: Path, pair: tuple[int, int]
) -> None:
    key = bytes(vault.key_bytes())
    entry_id = _save(vault, pair[0], body=f"First I wrote {GONE.decode()} here.")
    _save(vault, pair[0], entry_id, body=f"Then I changed it to {KEPT.decode()}.")
    diaries.erase_traces(vault.engine)
    pages = _main_file_pages(vault_path, key)
    assert any(KEPT in page for page in pages)
    assert [n for n, page in enumerate(pages, 1) if GONE_TAIL in page or b"quokka" in page] == []
    with vault.unit_of_work() as uow:
        assert diaries.search(uow, typed="quokkatoken7391") == []


# --- spoken entries -------------------------------------------------------------------------------------

MARKER = b"TUTORDESK-SPOKEN-ENTRY-MARKER"


def _recording() -> bytes:
    """Bytes that would show up if they were ever written anywhere in plain: a marker among varied bytes."""
    varied = bytes((n * 37 + n // 251) % 256 for n in range(200_000))
    return b"RIFF" + (MARKER + varied[:5000]) * 20 + varied


def _all_files(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*") if p.is_file()}


def test_a_recording_round_trips_byte_for_byte_and_never_lands_in_a_file(
    vault: Vault, vault_path: Path, pair: tuple[int, int], tmp_path: Path
) -> None:
    zoe = pair[0]
    entry_id = _save(vault, zoe, mode=EntryMode.SPOKEN.value, mood=4)
    before = set(_all_files(tmp_path))
    recording = _recording()
    with vault.unit_of_work() as uow:
        diaries.set_audio(uow, entry_id=entry_id, data=recording, mime="audio/wav", duration_ms=192_000)
        uow.commit()
    with vault.unit_of_work() as uow:
        assert diaries.load_audio(uow, entry_id=entry_id) == (recording, "audio/wav")
    assert set(_all_files(tmp_path)) == before  # no temporary or plaintext file appeared
    vault.close()

    reopened = open_vault(vault_path)
    try:
        with recorded_statements(reopened.engine) as seen, reopened.unit_of_work() as uow:
            [view] = diaries.timeline(uow, learner_id=zoe)
        assert view.has_audio and view.audio_ms == 192_000 and view.mode == EntryMode.SPOKEN.value
        assert not any(
            "diary_audio.data" in s for s, _ in seen
        )  # the timeline leaves the recording in the vault
        with reopened.unit_of_work() as uow:
            data, mime = diaries.load_audio(uow, entry_id=entry_id) or (b"", "")
        assert data == recording and mime == "audio/wav"
    finally:
        reopened.close()
    assert set(_all_files(tmp_path)) <= before
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert MARKER not in path.read_bytes(), path.name


def test_setting_a_recording_makes_the_entry_spoken_and_replaces_the_last(
    vault: Vault, pair: tuple[int, int]
) -> None:
    entry_id = _save(vault, pair[0], body="Written first, then recorded.")
    with vault.unit_of_work() as uow:
        diaries.set_audio(uow, entry_id=entry_id, data=b"first take", mime="audio/ogg")
        diaries.set_audio(uow, entry_id=entry_id, data=b"second take", mime="audio/wav", duration_ms=1200)
        uow.commit()
    with vault.unit_of_work() as uow:
        view = diaries.load_entry(uow, entry_id=entry_id)
        assert view.mode == EntryMode.SPOKEN.value and view.has_audio and view.audio_ms == 1200
        assert diaries.load_audio(uow, entry_id=entry_id) == (b"second take", "audio/wav")
        diaries.remove_audio(uow, entry_id=entry_id)
        uow.commit()
    with vault.unit_of_work() as uow:
        assert diaries.load_audio(uow, entry_id=entry_id) is None
        assert not diaries.load_entry(uow, entry_id=entry_id).has_audio


def test_deleting_a_spoken_entry_deletes_its_recording(vault: Vault, pair: tuple[int, int]) -> None:
    entry_id = _save(vault, pair[0], mode=EntryMode.SPOKEN.value)
    with vault.unit_of_work() as uow:
        diaries.set_audio(uow, entry_id=entry_id, data=_recording(), mime="audio/wav")
        uow.commit()
    with vault.unit_of_work() as uow:
        diaries.delete_entry(uow, entry_id=entry_id)
        uow.commit()
    diaries.erase_traces(vault.engine)
    with vault.unit_of_work() as uow:
        assert diaries.load_audio(uow, entry_id=entry_id) is None
        assert uow.session.exec(select(func.count()).select_from(DiaryAudio)).one() == 0


def test_recordings_that_cannot_be_kept_are_refused(
    vault: Vault, pair: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    entry_id = _save(vault, pair[0], mode=EntryMode.SPOKEN.value)
    monkeypatch.setattr(diaries, "MAX_AUDIO_BYTES", 10)
    with vault.unit_of_work() as uow:
        with pytest.raises(BadInput, match="The recording is empty."):
            diaries.set_audio(uow, entry_id=entry_id, data=b"", mime="audio/wav")
        with pytest.raises(BadInput, match="too long to keep"):
            diaries.set_audio(uow, entry_id=entry_id, data=b"x" * 11, mime="audio/wav")
        with pytest.raises(BadInput, match="not in this vault any more"):
            diaries.set_audio(uow, entry_id=999, data=b"x", mime="audio/wav")


# --- supervision ----------------------------------------------------------------------------------------


def test_pseudonymising_replaces_every_learner_named(vault: Vault, pair: tuple[int, int]) -> None:
    shared = (
        "Supervision: Bram Copperfold missed two sessions; Zoë is doing well, and Zo told Bram so. "
        "ZOË ÅNGSTRÖM chose her own goal. Sam and Morgan were there."
    )
    with vault.unit_of_work() as uow:
        result = diaries.pseudonymise_for_supervision(uow, text_to_share=shared)
    assert result == (
        "Supervision: Learner A missed two sessions; Learner B is doing well, and Learner B told Learner A so. "
        "Learner B chose her own goal. Sam and Morgan were there."
    )
    for name in ("Bram", "Copperfold", "Zoë", "Zo ", "Ångström", "ÅNGSTRÖM"):
        assert name not in result


# --- the demo -------------------------------------------------------------------------------------------

DEMO_TODAY = date(2026, 11, 20)


def test_the_demo_fills_both_diaries_and_the_journal(vault: Vault) -> None:
    from tutordesk.demo.caseload import fill_demo
    from tutordesk.domain.models import Meeting
    from tutordesk.domain.plan_models import PlanStage, PlanVersion

    with vault.unit_of_work() as uow:
        summary = fill_demo(uow, learners=25, seed=3, today=DEMO_TODAY)
        uow.commit()
    with vault.unit_of_work() as uow:
        entries = uow.session.exec(select(DiaryEntry)).all()
        spoken = uow.session.exec(
            select(DiaryEntry.id).where(DiaryEntry.mode == EntryMode.SPOKEN.value)
        ).all()
        recordings = uow.session.exec(select(DiaryAudio)).all()
        lineages = set(
            uow.session.exec(
                select(PlanVersion.learner_id, PlanStage.lineage)
                .join(PlanVersion, PlanVersion.id == PlanStage.plan_version_id)  # type: ignore[arg-type]
                .where(PlanVersion.status == "agreed")
            ).all()
        )
        meetings = {m.id: (m.learner_id, m.held_on) for m in uow.session.exec(select(Meeting)).all()}
        journal = diaries.journal(uow)
        shared = [diaries.pseudonymise_for_supervision(uow, text_to_share=e.body) for e in journal]
        found = diaries.search(uow, typed="bus", diaries=EVERY_DIARY)
    assert summary.diary_entries == len(entries) > 25 * 20
    kinds = {kind: [e for e in entries if e.diary == kind] for kind in EVERY_DIARY}
    assert len(kinds[LEARNER]) > len(kinds[PRACTITIONER]) > 25 and len(kinds[JOURNAL]) == 20
    assert all(e.learner_id is None and e.journal_kind in set(JournalKind) for e in kinds[JOURNAL])
    assert all(e.learner_id is not None for e in kinds[LEARNER] + kinds[PRACTITIONER])
    assert all(e.written_on <= DEMO_TODAY for e in entries)
    assert {e.mood for e in kinds[LEARNER]} <= {1, 2, 3, 4, 5} and len({e.mood for e in kinds[LEARNER]}) >= 4
    # Every spoken entry carries a real recording (a WAV that opens), kept in the vault.
    assert spoken and sorted(spoken) == sorted(r.entry_id for r in recordings)
    for recording in recordings:
        with wave.open(io.BytesIO(recording.data)) as clip:
            assert (
                clip.getnframes() > 0
                and recording.duration_ms == 1000 * clip.getnframes() // clip.getframerate()
            )
    # Links point at the learner's own agreed plan and meetings.
    linked = [e for e in kinds[LEARNER] if e.stage_lineage]
    assert linked and all((e.learner_id, e.stage_lineage) in lineages for e in linked)
    assert all(
        meetings[e.meeting_id] == (e.learner_id, e.written_on) for e in kinds[PRACTITIONER] if e.meeting_id
    )
    # The journal names demo learners, so pseudonymising has work to do.
    assert sum(before != after for before, after in zip((e.body for e in journal), shared, strict=True)) >= 10
    assert found


def test_the_demo_diaries_leave_the_rest_of_the_demo_as_it_was(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import FAST, PASSPHRASE
    from tutordesk.demo import caseload as demo
    from tutordesk.domain.models import Meeting
    from tutordesk.domain.plan_models import PlanStage

    def snapshot(opened: Vault) -> tuple[object, ...]:
        with opened.unit_of_work() as uow:
            demo.fill_demo(uow, learners=12, seed=9, today=DEMO_TODAY)
            uow.commit()
        with opened.unit_of_work() as uow:
            return (
                [
                    (x.given_name, x.family_name, x.started_on)
                    for x in uow.session.exec(select(Learner)).all()
                ],
                [(m.learner_id, m.held_on, m.kind) for m in uow.session.exec(select(Meeting)).all()],
                [(s.title, s.lineage, s.target_on) for s in uow.session.exec(select(PlanStage)).all()],
            )

    with_diaries = snapshot(vault)
    monkeypatch.setattr(demo, "fill_demo_diaries", lambda *args, **kwargs: 0)
    with Vault.create(tmp_path / "plain" / "demo.vault", PASSPHRASE, cost=FAST) as plain:
        assert snapshot(plain) == with_diaries
