"""Many learners' own handover packs saved at once into one folder, from a real vault: real PDFs read back,
one audit row per pack, a cancel that keeps exactly what was finished, files already there left alone,
names fit for every system, and the batch run from a worker thread on its own keyed connection."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import event
from sqlmodel import select

from tests.support import builders
from tutordesk.demo.caseload import fill_demo
from tutordesk.domain.control_text import first_control
from tutordesk.domain.models import AuditEntry, Learner
from tutordesk.errors import BadInput
from tutordesk.services.transitions import handover
from tutordesk.services.transitions.handover_batch import (
    MAX_NAME_BYTES,
    MAX_NAME_CHARACTERS,
    NO_LONGER_IN_VAULT,
    BatchResult,
    batch_targets,
    export_batch,
    pack_file_name,
)
from tutordesk.vault import audit
from tutordesk.vault.unit_of_work import UnitOfWork
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 21)
FORBIDDEN = set('/\\:*?"<>|')


def demo_learners(vault: Vault, count: int = 12) -> list[int]:
    with vault.unit_of_work() as uow:
        fill_demo(uow, learners=count, seed=3, today=TODAY, diaries=False)
        uow.commit()
    with vault.unit_of_work() as uow:
        return [int(i) for i in uow.session.exec(select(Learner.id).order_by(Learner.id)).all()]  # type: ignore[arg-type]


def add_learners(vault: Vault, *names: tuple[str, str]) -> list[int]:
    with vault.unit_of_work() as uow:
        made = [_add_learner(uow, given, family) for given, family in names]
        uow.commit()
        return made


def _add_learner(uow: UnitOfWork, given: str, family: str) -> int:
    """As the profile saves one; a name with a control character, which the profile now refuses, goes
    straight into the table, as an older TutorDesk could have saved it."""
    if first_control(given + family) is None:
        return builders.add_learner(uow, given, family)
    learner = Learner(given_name=given, family_name=family)
    uow.session.add(learner)
    uow.session.flush()
    assert learner.id is not None
    return learner.id


def export_audit_rows(vault: Vault) -> list[AuditEntry]:
    with vault.unit_of_work() as uow:
        assert audit.first_broken_entry(uow.session) is None
        return list(uow.session.exec(select(AuditEntry).where(AuditEntry.action == handover.EXPORT_ACTION)))


def run(
    vault: Vault, ids: list[int], folder: Path, *, stop_after: int | None = None
) -> tuple[BatchResult, list]:
    calls: list[tuple[int, int]] = []
    result = export_batch(
        vault,
        learner_ids=ids,
        folder=folder,
        today=TODAY,
        progress=lambda done, total: calls.append((done, total)),
        cancelled=lambda: stop_after is not None and len(calls) >= stop_after,
    )
    return result, calls


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The folder the tutor picked, apart from the vault's own."""
    chosen = tmp_path / "packs"
    chosen.mkdir()
    return chosen


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_twelve_learners_make_twelve_readable_packs_and_twelve_audit_rows(vault: Vault, folder: Path) -> None:
    ids = demo_learners(vault)

    result, calls = run(vault, ids, folder)

    assert not result.cancelled and result.skipped == []
    assert calls == [(n, 12) for n in range(1, 13)]
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in result.saved)
    assert len(result.saved) == 12
    for path in result.saved:
        assert path.name.endswith(" \u2013 handover pack.pdf")
        assert "My own copy" in pdf_text(path)
    rows = export_audit_rows(vault)
    assert sorted(r.subject for r in rows) == sorted(f"learner:{i}" for i in ids)
    assert all('"audience": "learner"' in r.detail and '"encrypted": false' in r.detail for r in rows)
    assert all('"sensitive": []' in r.detail for r in rows)


def test_a_cancel_keeps_exactly_the_packs_finished(vault: Vault, folder: Path) -> None:
    ids = demo_learners(vault)

    result, calls = run(vault, ids, folder, stop_after=3)

    assert result.cancelled
    assert len(calls) == 3 and len(result.saved) == 3
    # Only the three finished PDFs: no temporary files, nothing half-written.
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in result.saved)
    for path in result.saved:
        assert len(PdfReader(path).pages) >= 1
    assert sorted(r.subject for r in export_audit_rows(vault)) == sorted(f"learner:{i}" for i in ids[:3])


def test_a_file_already_in_the_folder_is_skipped_and_left_alone(vault: Vault, folder: Path) -> None:
    ids = demo_learners(vault, 4)
    with vault.unit_of_work() as uow:
        targets = dict(batch_targets(uow, learner_ids=ids, folder=folder))
    mine = targets[ids[1]]
    mine.write_bytes(b"the tutor's own notes")

    result, _calls = run(vault, ids, folder)

    assert result.skipped == [(ids[1], f"{mine.name} is already in the folder, so it was left as it is.")]
    assert mine.read_bytes() == b"the tutor's own notes"
    assert len(result.saved) == 3 and mine not in result.saved
    assert len(export_audit_rows(vault)) == 3


def test_a_learner_no_longer_in_the_vault_is_skipped(vault: Vault, folder: Path) -> None:
    [learner_id] = add_learners(vault, ("Ada", "Byron"))

    result, calls = run(vault, [learner_id, 9999], folder)

    assert [p.name for p in result.saved] == ["Ada Byron \u2013 handover pack.pdf"]
    assert result.skipped == [(9999, NO_LONGER_IN_VAULT)]
    assert calls == [(1, 2), (2, 2)]


def test_names_are_safe_on_every_system_and_unique(vault: Vault, folder: Path) -> None:
    ids = add_learners(
        vault,
        ("Zoë", "Ångström"),
        ("Sam", "Lee"),
        ("sam", "LEE"),  # the same name on a file system that ignores case
        ("Sam", "Lee"),
        ('A/B\\C:D*E?F"G<H>I|J', "  K\tL  "),
        ("...", "\u202egpj.exe"),  # a right-to-left override would disguise the extension
        ("///", "***"),
        ("Ωμέγα" * 40, "Long"),
    )

    with vault.unit_of_work() as uow:
        names = [path.name for _id, path in batch_targets(uow, learner_ids=ids, folder=folder)]

    assert names[:4] == [
        "Zoë Ångström \u2013 handover pack.pdf",
        "Sam Lee \u2013 handover pack.pdf",
        "sam LEE (2) \u2013 handover pack.pdf",
        "Sam Lee (3) \u2013 handover pack.pdf",
    ]
    assert names[4] == "A B C D E F G H I J K L \u2013 handover pack.pdf"
    assert names[5] == "gpj.exe \u2013 handover pack.pdf"
    assert names[6] == f"Learner {ids[6]} \u2013 handover pack.pdf"
    assert names[7].startswith("Ωμέγα") and names[7].endswith(" \u2013 handover pack.pdf")
    assert len({n.casefold() for n in names}) == len(names)
    for name in names:
        assert not FORBIDDEN & set(name)
        assert name == name.strip() and not name.startswith(".")
        assert len(name) <= MAX_NAME_CHARACTERS and len(name.encode()) <= MAX_NAME_BYTES

    result, _calls = run(vault, ids, folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)
    assert len(result.saved) == len(names)


def test_a_long_name_is_shortened_but_keeps_the_suffix_and_number() -> None:
    name = pack_file_name("Å" * 300, 12)
    assert name.endswith(" (12) \u2013 handover pack.pdf")
    assert len(name.encode()) <= MAX_NAME_BYTES


def test_a_missing_folder_is_refused_before_anything_is_saved(vault: Vault, folder: Path) -> None:
    ids = add_learners(vault, ("Ada", "Byron"))
    with pytest.raises(BadInput):
        run(vault, ids, folder / "not there")
    assert export_audit_rows(vault) == []


def test_a_worker_thread_uses_its_own_connection_keyed_as_it_is_made(vault: Vault, folder: Path) -> None:
    ids = demo_learners(vault, 3)
    made_on: list[int] = []
    # Empty the pool so that the worker has to make a fresh connection: it only reads the vault if the
    # engine applied the key to that connection.
    vault.engine.dispose()
    event.listen(vault.engine, "connect", lambda _dbapi, _record: made_on.append(threading.get_ident()))
    outcome: list[BatchResult | BaseException] = []

    def work() -> None:
        try:
            outcome.append(run(vault, ids, folder)[0])
        except BaseException as error:  # noqa: BLE001 - reported to the test thread below
            outcome.append(error)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=120)

    assert not worker.is_alive()
    [result] = outcome
    assert isinstance(result, BatchResult) and len(result.saved) == 3
    assert made_on and set(made_on) == {worker.ident}
    assert len(export_audit_rows(vault)) == 3  # and the GUI-side thread reads what the worker committed
