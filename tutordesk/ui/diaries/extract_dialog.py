"""Printing a diary extract for the learner: their own entries between two dates, saved as a PDF only once the
practitioner has recorded that the learner (or a parent or carer) agreed. The export writes the audit entry.

The practitioner's reflections and practice journal are never part of an extract: the service reads only the
learner's own diary, and this dialog says so before anything is saved.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.enums import ConsentGiver
from tutordesk.ui.widgets.default_button import make_default
from tutordesk.ui.widgets.dialogs import date_edit, fixed_width, to_date
from tutordesk.ui.widgets.fields import dates_ready
from tutordesk.ui.widgets.printing import ask_for_printer, go_ahead_without, print_pdf_bytes
from tutordesk.ui.widgets.record_table import warning_style
from tutordesk.ui.widgets.save_dialog import choose_export_file
from tutordesk.vault.unit_of_work import UnitOfWork

Runner = Callable[..., Any]  # `Panel.run`: (action, *, commit=False) -> result or None after a message
DEFAULT_MONTHS = 3
AGREED_BY = (
    (ConsentGiver.LEARNER.value, "The learner"),
    (ConsentGiver.PARENT_CARER.value, "A parent or carer"),
)
NOT_READY = "Diary extracts cannot be printed in this version of TutorDesk yet."


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier, or the last day of that month when it is shorter (31 May -> 28 Feb)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _service() -> Any | None:
    try:
        from tutordesk.services.diaries import extract as diary_extract
    except ImportError:
        return None
    return diary_extract


class DiaryExtractDialog(QDialog):
    """Choose the dates, see how many entries go in, record the agreement, then save the PDF."""

    def __init__(
        self,
        *,
        learner_id: int,
        learner_name: str,
        run: Runner,
        today: date,
        read_only: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Print a diary extract")  # never the learner's name: titles reach the task bar
        self.setObjectName("diary_extract_dialog")
        self.learner_id = learner_id
        self._run = run
        self._read_only = read_only
        self._service = _service()
        self.count: int | None = None
        self.saved_path: Path | None = None
        self.printed = False

        about = QLabel(
            "An extract holds only entries from the learner's own diary, between the dates you choose. "
            "Your reflections and your practice journal are never part of it. Print it only if the learner "
            "has agreed, and record who agreed below: the printing is kept in the audit log."
        )
        about.setWordWrap(True)
        self.since = date_edit(months_before(today, DEFAULT_MONTHS))
        self.since.setObjectName("since")
        self.until = date_edit(today)
        self.until.setObjectName("until")
        self.since.edit.setAccessibleName("Entries from")  # the row reads "[date] to [date]": no label each
        self.until.edit.setAccessibleName("Entries to")
        dates = QHBoxLayout()
        dates.addWidget(fixed_width(self.since))
        dates.addWidget(QLabel("to"))
        dates.addWidget(fixed_width(self.until))
        dates.addStretch(1)
        self.preview = QLabel()
        self.preview.setObjectName("extract_preview")
        self.preview.setWordWrap(True)

        agreement = QGroupBox("Agreement")
        self.agreed = QCheckBox(f"{learner_name} has agreed to this extract being printed")
        self.agreed.setObjectName("agreed")
        self.agreed_by = QComboBox()
        self.agreed_by.setObjectName("agreed_by")
        for value, label in AGREED_BY:
            self.agreed_by.addItem(label, value)
        self.agreed_on = date_edit(today)
        self.agreed_on.setObjectName("agreed_on")
        self.agreed_on.set_latest(today, "An agreement is recorded once it was given, so not after today.")
        self.note = QLineEdit()
        self.note.setObjectName("agreement_note")
        self.note.setPlaceholderText("Optional: how they agreed, or anything they asked for")
        form = QFormLayout(agreement)
        form.addRow(self.agreed)
        form.addRow("Who agreed", fixed_width(self.agreed_by))
        form.addRow("On", fixed_width(self.agreed_on))
        form.addRow("Note", self.note)

        self.problem = QLabel()
        self.problem.setObjectName("extract_problem")
        self.problem.setWordWrap(True)
        warning_style(self.problem)
        self.problem.hide()
        self.save_button = QPushButton("Save as PDF…")
        self.save_button.setObjectName("save_extract")
        self.save_button.clicked.connect(lambda _=False: self.save_pdf())
        self.print_button = QPushButton("Pr&int…")
        self.print_button.setObjectName("extract_print")
        self.print_button.setAutoDefault(False)
        self.print_button.setToolTip("Print the extract, the same pages as the PDF (Ctrl+P)")
        self.print_button.clicked.connect(lambda _=False: self.print_extract())
        QShortcut(QKeySequence.StandardKey.Print, self).activated.connect(lambda: self.print_extract())
        self.cancel_button = cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(cancel)

        dates_form = QFormLayout()
        dates_form.addRow("Entries from", dates)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(dates_form)
        layout.addWidget(self.preview)
        layout.addWidget(agreement)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addLayout(buttons)
        make_default(self.save_button, cancel)  # now that the buttons are in the dialog

        for edit in (self.since, self.until):
            edit.changed.connect(self._update_preview)
        self.agreed.toggled.connect(self._update_enabled)
        self._update_preview()
        self.resize(560, 420)

    # --- the preview --------------------------------------------------------------------------------------

    def period(self) -> tuple[date, date]:
        return to_date(self.since), to_date(self.until)

    def _update_preview(self, *_: object) -> None:
        since, until = self.since.value_if_date(), self.until.value_if_date()
        self.count = None
        if self._service is None:
            self.preview.setText(NOT_READY)
        elif since is None or until is None:
            self.preview.setText("Type both dates, like 30/01/2027.")
        elif since > until:
            self.preview.setText("The first date is after the second: choose dates the right way round.")
        else:
            service, learner_id = self._service, self.learner_id
            found = self._run(
                lambda uow: service.extract_entries(uow, learner_id=learner_id, since=since, until=until)
            )
            self.count = None if found is None else len(found)
            if self.count == 0:
                self.preview.setText("There are no entries in the learner's own diary between these dates.")
            elif self.count is not None:
                entries = "1 entry" if self.count == 1 else f"{self.count} entries"
                self.preview.setText(f"<b>{entries}</b> from the learner's own diary will be printed.")
        self._update_enabled()

    def _update_enabled(self, *_: object) -> None:
        self.problem.hide()
        self.save_button.setEnabled(
            not self._read_only and bool(self.count) and self.agreed.isChecked() and self._service is not None
        )
        self.print_button.setEnabled(self.save_button.isEnabled())

    # --- saving -------------------------------------------------------------------------------------------

    def refusal(self) -> str | None:
        """Why the extract cannot be saved now, in a sentence; None when it can."""
        if self._service is None:
            return NOT_READY
        if self._read_only:
            return "This vault is read-only, so the printing could not be recorded in the audit log."
        if not self.agreed.isChecked():
            return "Tick the box to record that the learner agreed: an extract is printed only with their agreement."
        if not self.count:
            return "There is nothing to print between these dates."
        return None

    def _agreement(self) -> Any:
        assert self._service is not None
        return self._service.ExtractAgreement(
            agreed_by=self.agreed_by.currentData(),
            agreed_on=to_date(self.agreed_on),
            note=self.note.text().strip(),
        )

    def _drawable_or_agreed(self, *, printing: bool) -> bool:
        """Whether every character of the extract can be drawn, or the person chose to go ahead."""
        service, learner_id, agreement = self._service, self.learner_id, self._agreement()
        assert service is not None
        since, until = self.period()
        found = self._run(
            lambda uow: (
                service.extract_unprintable(
                    uow, learner_id=learner_id, since=since, until=until, agreement=agreement
                ),
            )
        )
        return found is not None and go_ahead_without(
            self, found[0], document="the diary extract", printing=printing
        )

    def print_extract(self, printer: QPrinter | None = None) -> bool:
        """Print the extract through the system print dialog (a test passes its own `printer`), with the
        agreement and the print in the audit log; closes the dialog once printed. Whether it was printed."""
        refused = self.refusal()
        if refused is not None:
            self.problem.setText(refused)
            self.problem.show()
            return False
        if not self._drawable_or_agreed(printing=True):
            return False
        chosen = printer or ask_for_printer(self, "Print the diary extract", document_name="Diary extract")
        if chosen is None:
            return False
        service, learner_id, agreement = self._service, self.learner_id, self._agreement()
        assert service is not None
        since, until = self.period()
        done = self._run(
            lambda uow: service.print_diary_extract(
                uow,
                learner_id=learner_id,
                since=since,
                until=until,
                agreement=agreement,
                send=lambda data: print_pdf_bytes(chosen, data, uow=uow),
            ),
            commit=True,
        )
        if done is None:
            return False
        self.printed = True
        self.accept()
        return True

    def save_pdf(self, target: Path | None = None) -> Path | None:
        if not dates_ready(self):
            return None
        refused = self.refusal()
        if refused is not None:
            self.problem.setText(refused)
            self.problem.show()
            return None
        if not self._drawable_or_agreed(printing=False):
            return None
        if target is None:
            protected = self._run(lambda uow: uow.vault_files)
            chosen = choose_export_file(
                self,
                "Save the diary extract",
                Path.home() / "diary-extract.pdf",  # no name in the file name: it may travel
                "PDF files (*.pdf)",
                suffix=".pdf",
                protected=protected,
            )
            if chosen is None:
                return None
            target = chosen.path
        elif target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        service, learner_id = self._service, self.learner_id
        assert service is not None
        since, until = self.period()
        agreement = service.ExtractAgreement(
            agreed_by=self.agreed_by.currentData(),
            agreed_on=to_date(self.agreed_on),
            note=self.note.text().strip(),
        )
        chosen_target = target

        def export(uow: UnitOfWork) -> tuple[Any]:
            # In a tuple: the runner answers None after a failure, and the export may itself return None.
            return (
                service.export_diary_extract(
                    uow,
                    learner_id=learner_id,
                    since=since,
                    until=until,
                    target=chosen_target,
                    agreement=agreement,
                ),
            )

        done = self._run(export, commit=True)
        if done is None:
            return None
        saved = getattr(done[0], "path", None)
        self.saved_path = saved if isinstance(saved, Path) else target
        self.accept()
        return self.saved_path
