"""File → Save handover packs for the caseload…: every learner's own copy saved into one folder, on a worker
thread, with a progress bar, Cancel, and a plain summary at the end.

The work is `services.handover_batch.export_batch`, run by a `BatchWorker` moved to a `QThread`. The worker
never touches a widget: it reports through queued signals, and the dialog draws. Cancelling (the button, or
closing the dialog in any way, the lock included) lets the pack being saved finish and waits for the thread
to stop, so no pack is left half-written and no thread outlives the dialog.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, QThread, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tutordesk.errors import TutorDeskError
from tutordesk.services.transitions.handover_batch import BatchResult, export_batch
from tutordesk.ui.widgets.default_button import make_default
from tutordesk.ui.widgets.save_dialog import choose_export_folder
from tutordesk.vault.vault import Vault

TITLE = "Save handover packs"
STOPPING = "Stopping once the pack being saved is finished…"
UNEXPECTED = (
    "Something unexpected stopped the packs part-way. Every pack saved before that is kept and recorded."
)


class BatchWorker(QObject):
    """Runs one batch on whichever thread it was moved to, and reports only through signals."""

    progressed = Signal(int, int)  # done, total
    finished = Signal(object)  # BatchResult
    failed = Signal(str)  # one plain sentence

    def __init__(
        self, vault: Vault, learner_ids: Sequence[int], folder: Path, today: date, stop: threading.Event
    ) -> None:
        super().__init__()
        self._vault, self._learner_ids, self._folder = vault, list(learner_ids), folder
        self._today, self._stop = today, stop

    @Slot()
    def run(self) -> None:
        try:
            result = export_batch(
                self._vault,
                learner_ids=self._learner_ids,
                folder=self._folder,
                today=self._today,
                progress=self.progressed.emit,
                cancelled=self._stop.is_set,
            )
        except TutorDeskError as error:
            self.failed.emit(error.message)
        except Exception:  # noqa: BLE001 - a worker must always report back, or the dialog waits forever
            self.failed.emit(UNEXPECTED)  # no details: they could carry a learner's name from a file name
        else:
            self.finished.emit(result)


class BatchPackDialog(QDialog):
    """Choose a folder, then watch the packs being saved; `start(folder)` begins without the folder dialog."""

    def __init__(self, parent: QWidget | None, vault: Vault, learner_ids: Sequence[int], today: date) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)  # never a learner's name
        self.vault = vault
        self.learner_ids = list(dict.fromkeys(learner_ids))
        self.today = today
        self.stop_requested = threading.Event()
        self.outcome: BatchResult | None = None
        self.failure: str | None = None
        self._thread: QThread | None = None
        self._worker: BatchWorker | None = None

        count = len(self.learner_ids)
        intro = QLabel(
            f"Save each young person's own copy of their handover pack for the {count} "
            f"learner{'' if count == 1 else 's'} shown in the caseload, into one folder you choose. "
            "Each copy has every section and no sensitive field, is not encrypted, and is recorded in the "
            "audit log. Files already in the folder are left as they are."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar()
        self.progress.setObjectName("batch_progress")
        self.progress.setRange(0, max(count, 1))
        self.progress.setValue(0)
        self.progress.setFormat("%v of %m")
        self.state = QLabel("Choose a folder to start.")
        self.state.setObjectName("batch_state")
        self.state.setWordWrap(True)
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("batch_summary")
        self.summary.setReadOnly(True)
        self.summary.hide()

        self.choose_button = QPushButton("Choose &folder and start…")
        self.choose_button.setObjectName("choose_folder")
        self.choose_button.setEnabled(count > 0)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancel_batch")
        self.cancel_button.setToolTip("Stop after the pack being saved; packs already saved are kept")
        self.cancel_button.setEnabled(False)
        self.close_button = QPushButton("&Close")
        self.close_button.setObjectName("close_batch")
        for button in (self.choose_button, self.cancel_button, self.close_button):
            button.setAutoDefault(False)
        self.choose_button.clicked.connect(self.choose_folder)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.progress)
        layout.addWidget(self.state)
        layout.addWidget(self.summary, 1)
        layout.addLayout(buttons)
        make_default(self.choose_button, self.cancel_button, self.close_button)  # Enter starts, never stops
        # However the dialog ends (Close, Escape, the window's close box, or the lock's done()), the worker is
        # stopped first: finished is emitted by QDialog.done itself, even when an override is bypassed.
        self.finished.connect(lambda _code: self.stop_and_wait())
        self.resize(560, 360)

    # -- running ---------------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def choose_folder(self) -> None:
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen = choose_export_folder(
            self, "Choose a folder for the packs", Path(documents), protected=self.vault.files
        )
        if chosen is not None:
            self.start(chosen)

    def start(self, folder: Path) -> None:
        """Save the packs into `folder` on a worker thread; returns at once."""
        if self.running or not self.learner_ids:
            return
        self.stop_requested.clear()
        self.outcome, self.failure = None, None
        self.progress.setValue(0)
        self.summary.clear()
        self.summary.hide()
        self.state.setText(f"Saving into {folder}…")
        self.choose_button.setEnabled(False)
        self.cancel_button.setEnabled(True)

        thread = QThread(self)
        worker = BatchWorker(self.vault, self.learner_ids, Path(folder), self.today, self.stop_requested)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        # The dialog's slots run on the GUI thread: the worker lives on another one, so these are queued.
        worker.progressed.connect(self._show_progress)
        worker.finished.connect(self._show_result)
        worker.failed.connect(self._show_failure)
        worker.finished.connect(thread.quit)
        worker.failed.connect(thread.quit)
        thread.finished.connect(worker.deleteLater)
        self._thread, self._worker = thread, worker
        thread.start()

    def cancel(self) -> None:
        """Ask the worker to stop after the pack it is saving."""
        if not self.running:
            return
        self.stop_requested.set()
        self.cancel_button.setEnabled(False)
        self.state.setText(STOPPING)

    def stop_and_wait(self) -> None:
        """Cancel and block until the worker thread has ended (at most the pack being saved)."""
        thread = self._thread
        if thread is None:
            return
        self.stop_requested.set()
        thread.quit()  # its event loop ends as soon as the batch returns
        thread.wait()

    # -- what the worker reports (GUI thread) ----------------------------------------------------------

    def _show_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _show_result(self, result: BatchResult) -> None:
        self.outcome = result
        self._finish(summary_text(result), "Stopped: you cancelled." if result.cancelled else "Finished.")

    def _show_failure(self, message: str) -> None:
        self.failure = message
        self._finish(message, "Stopped.")

    def _finish(self, text: str, state: str) -> None:
        self.state.setText(state)
        self.summary.setPlainText(text)
        self.summary.show()
        self.cancel_button.setEnabled(False)
        self.choose_button.setEnabled(True)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.stop_and_wait()  # asks nothing: closing means stop
        super().closeEvent(event)


def summary_text(result: BatchResult) -> str:
    """What happened, in plain words: how many were saved, which were skipped and why, and a cancel."""
    saved = len(result.saved)
    lines = [f"Saved {saved} pack{'' if saved == 1 else 's'}."]
    if result.skipped:
        lines.append(f"Skipped {len(result.skipped)}:")
        lines.extend(f"\u2022 {reason}" for _learner_id, reason in result.skipped)
    if result.cancelled:
        lines.append("You cancelled, so the rest were not saved. Every pack saved before that is kept.")
    return "\n".join(lines)
