"""The batch of handover packs driven as a coordinator would: a folder chosen, the packs saved on a worker
thread while the progress bar counts them, Cancel that lets the pack being saved finish, and a dialog closed
mid-run that stops the worker cleanly, with every finished pack kept and recorded."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.qtbot import QtBot
from sqlmodel import select

from tests.services.test_handover_batch import TODAY, demo_learners, export_audit_rows
from tutordesk.services.transitions import handover
from tutordesk.ui.transitions.batch_pack_dialog import STOPPING, BatchPackDialog
from tutordesk.vault.vault import Vault

WAIT = 120_000  # generous: twelve PDFs on a slow machine


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    chosen = tmp_path / "packs"
    chosen.mkdir()
    return chosen


@pytest.fixture
def learner_ids(vault: Vault) -> list[int]:
    return demo_learners(vault, 12)


@pytest.fixture
def export_threads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The thread each real pack export ran on (the export itself is the real one)."""
    threads: list[int] = []
    real = handover.export_pack

    def spy(*args: Any, **kwargs: Any) -> handover.PackExport:
        threads.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(handover, "export_pack", spy)
    return threads


def hold_second_pack_until(
    monkeypatch: pytest.MonkeyPatch, released: Callable[[], threading.Event]
) -> threading.Event:
    """Make the second pack wait (on the worker thread) until the dialog is asked to stop, so a cancel
    lands mid-run whatever the machine's speed; the held pack then finishes, as a real one would. Returns
    the event set once the second pack has begun: a test that stops before it would cancel nothing."""
    real = handover.export_pack
    count = [0]
    second_begun = threading.Event()

    def held(*args: Any, **kwargs: Any) -> handover.PackExport:
        count[0] += 1
        if count[0] == 2:
            second_begun.set()
            assert released().wait(timeout=WAIT / 1000)
        return real(*args, **kwargs)

    monkeypatch.setattr(handover, "export_pack", held)
    return second_begun


def make_dialog(qtbot: QtBot, vault: Vault, learner_ids: list[int]) -> BatchPackDialog:
    dialog = BatchPackDialog(None, vault, learner_ids, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def pdfs(folder: Path) -> list[Path]:
    return sorted(folder.iterdir())


def test_the_batch_runs_on_a_worker_thread_and_the_bar_reaches_the_total(
    qtbot: QtBot, vault: Vault, learner_ids: list[int], folder: Path, export_threads: list[int], monkeypatch
) -> None:
    dialog = make_dialog(qtbot, vault, learner_ids)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_args, **_kw: str(folder))
    gui_thread = threading.get_ident()

    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert dialog.running and dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=WAIT)

    assert dialog.progress.value() == dialog.progress.maximum() == 12
    assert dialog.progress.text() == "12 of 12"
    assert len(export_threads) == 12 and gui_thread not in export_threads
    assert len(dialog.outcome.saved) == 12 and not dialog.outcome.cancelled
    assert len(pdfs(folder)) == 12 and all(len(PdfReader(p).pages) >= 1 for p in pdfs(folder))
    assert len(export_audit_rows(vault)) == 12
    assert dialog.summary.isVisible() and dialog.summary.toPlainText().startswith("Saved 12 packs.")
    qtbot.waitUntil(lambda: not dialog.running, timeout=WAIT)
    assert not dialog.cancel_button.isEnabled() and dialog.choose_button.isEnabled()


def test_cancel_lets_the_pack_being_saved_finish_and_keeps_it(
    qtbot: QtBot, vault: Vault, learner_ids: list[int], folder: Path, monkeypatch
) -> None:
    dialog = make_dialog(qtbot, vault, learner_ids)
    second_begun = hold_second_pack_until(monkeypatch, lambda: dialog.stop_requested)

    dialog.start(folder)
    qtbot.waitUntil(lambda: dialog.progress.value() == 1 and second_begun.is_set(), timeout=WAIT)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.state.text() == STOPPING and not dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=WAIT)

    assert dialog.outcome.cancelled and len(dialog.outcome.saved) == 2
    assert dialog.progress.value() == 2
    assert pdfs(folder) == sorted(dialog.outcome.saved)  # no temporary file left behind
    assert len(export_audit_rows(vault)) == 2
    summary = dialog.summary.toPlainText()
    assert summary.startswith("Saved 2 packs.") and "You cancelled" in summary


def test_closing_mid_run_stops_the_worker_cleanly(
    qtbot: QtBot, vault: Vault, learner_ids: list[int], folder: Path, monkeypatch
) -> None:
    dialog = make_dialog(qtbot, vault, learner_ids)
    second_begun = hold_second_pack_until(monkeypatch, lambda: dialog.stop_requested)

    dialog.start(folder)
    qtbot.waitUntil(lambda: dialog.progress.value() == 1 and second_begun.is_set(), timeout=WAIT)
    dialog.close()  # asks nothing; returns once the worker has stopped

    assert not dialog.isVisible() and not dialog.running
    assert len(pdfs(folder)) == 2 and all(p.suffix == ".pdf" for p in pdfs(folder))
    assert len(export_audit_rows(vault)) == 2
    # The vault can be used and locked at once: no connection is left checked out by the worker.
    with vault.unit_of_work() as uow:
        assert uow.session.exec(select(1)).one() == 1


def test_the_lock_closing_the_dialog_stops_the_worker_too(
    qtbot: QtBot, vault: Vault, learner_ids: list[int], folder: Path, monkeypatch
) -> None:
    dialog = make_dialog(qtbot, vault, learner_ids)
    second_begun = hold_second_pack_until(monkeypatch, lambda: dialog.stop_requested)

    dialog.start(folder)
    qtbot.waitUntil(lambda: dialog.progress.value() == 1 and second_begun.is_set(), timeout=WAIT)
    # What MainWindow.lock does to every open dialog: the base done(), bypassing any override.
    QDialog.done(dialog, QDialog.DialogCode.Rejected)

    assert not dialog.running
    assert len(pdfs(folder)) == 2 and len(export_audit_rows(vault)) == 2
