"""The Follow-up tab's case: the learner's open follow-up case under the setting's procedure, step by step
(done with date and who, or due with its limit, late ones marked in words), with Open, Record a step done,
Take back a step, and Close; earlier cases below with their outcomes.

The dialogs are the generic record editor over the kinds `followup_case`, `followup_step` and
`followup_close` in `forms/records/`; the step's choice is filled from the procedure file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tutordesk.documents.procedures import Procedure, load_procedure
from tutordesk.documents.record_kind_definitions import Choice, RecordKind, parse_day
from tutordesk.documents.record_kinds import load_record_kind
from tutordesk.domain.changes import RecordKind as ChangedKind
from tutordesk.domain.dates import long_date, short_date
from tutordesk.domain.taxonomies import CONTACT_ROLES
from tutordesk.services.followup import cases
from tutordesk.services.followup.cases import CaseView, StepDone
from tutordesk.ui.followup.section import FollowUpSection
from tutordesk.ui.widgets.dialogs import confirm
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.ui.widgets.record_editor import RecordEditor
from tutordesk.vault.unit_of_work import UnitOfWork

ROLE_LABELS = {term.code: term.label for term in CONTACT_ROLES}
NO_CASE = "No follow-up case is open. Open one when a warning sign or a concern needs following up."
COLUMNS = ("Step", "What happens", "Who acts", "Within", "Done or due")


def step_kind(procedure: Procedure, undone: set[str], *, due: str, informed: str) -> RecordKind:
    """The step dialog's kind: its choice of the procedure's steps not yet done, in order, starting on the
    step that is `due`, and who the procedure says to tell filled in."""
    kind = load_record_kind("followup_step")
    choices = tuple(Choice(s.id, f"{s.number}. {s.action}") for s in procedure.steps if s.id in undone)
    starts: dict[str, dict[str, Any]] = {
        "step_id": {"choices": choices, "default": due},
        "informed": {"default": informed},
    }
    fields = tuple(dataclasses.replace(f, **starts[f.id]) if f.id in starts else f for f in kind.fields)
    return dataclasses.replace(kind, fields=fields)


class CasePanel(FollowUpSection):
    """One learner's follow-up case."""

    title = "Case"

    shows = frozenset({ChangedKind.CASE})

    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("case_panel")
        self.case: CaseView | None = None
        self.dialog: RecordEditor | None = None
        self.summary = QLabel(NO_CASE)
        self.summary.setObjectName("case_summary")
        self.summary.setWordWrap(True)
        self.steps = QTableWidget(0, len(COLUMNS))
        self.steps.setObjectName("case_steps")
        self.steps.setAccessibleName("Steps of the follow-up procedure")
        self.steps.setHorizontalHeaderLabels(list(COLUMNS))
        self.steps.verticalHeader().hide()
        self.steps.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.steps.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.steps.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.steps.setTabKeyNavigation(False)
        self.steps.setWordWrap(True)
        self.steps.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((50, 330, 130, 70)):
            self.steps.setColumnWidth(column, width)
        self.open_button = QPushButton("&Open a case…")
        self.step_button = QPushButton("Record a step &done…")
        self.undo_button = QPushButton("Take &back step")
        self.undo_button.setToolTip("Take back the selected step, recorded by mistake")
        self.close_button = QPushButton("C&lose case…")
        for button, action in (
            (self.open_button, self.open_case),
            (self.step_button, self.record_step),
            (self.undo_button, self.undo_step),
            (self.close_button, self.close_case),
        ):
            button.setAutoDefault(False)
            button.clicked.connect(action)
        buttons = QHBoxLayout()
        for button in (self.open_button, self.step_button, self.undo_button, self.close_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.history = QLabel()
        self.history.setObjectName("earlier_cases")
        self.history.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.steps, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.history)
        self.steps.itemSelectionChanged.connect(self._enable)

    # --- reading ------------------------------------------------------------------------------------------

    def reload(self) -> None:
        learner_id = self.learner_id
        found = (
            None
            if learner_id is None
            else self.run(lambda uow: cases.learner_cases(uow, learner_id=learner_id))
        )
        every = found or []
        self.case = next((case for case in every if case.open), None)
        self._show(self.case)
        closed = [case for case in every if not case.open]
        self.history.setText(
            "<b>Earlier cases</b><br>"
            + "<br>".join(
                f"{short_date(c.opened_on)} to {short_date(c.closed_on)}: {c.outcome}"
                for c in closed
                if c.closed_on
            )
            if closed
            else ""
        )
        self._enable()

    def _show(self, case: CaseView | None) -> None:
        self.steps.setRowCount(0)
        if case is None:
            self.summary.setText(NO_CASE)
            return
        procedure = load_procedure(case.procedure_id)
        opened = f"Opened on {long_date(case.opened_on)}" + (
            f" by {case.opened_by}" if case.opened_by else ""
        )
        self.summary.setText(f"<b>{procedure.title}</b><br>{opened}: {case.reason}")
        done = {step.step_id: step for step in case.steps}
        today = self.context.today()
        self.steps.setRowCount(len(procedure.steps))
        for row, step in enumerate(procedure.steps):
            if step.id in done:
                record = done[step.id]
                state = f"Done {short_date(record.done_on)}" + (
                    f" by {record.done_by}" if record.done_by else ""
                )
            elif case.next_step is not None and case.next_step.step.id == step.id:
                due = case.next_step.due_on
                state = f"Due {short_date(due)}" + (" (overdue)" if due < today else "")
            else:
                state = "To come"
            cells = (str(step.number), step.action, ROLE_LABELS.get(step.responsible, step.responsible),
                     f"{step.limit_days} days", state)  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, step.id)
                if column == 1 and step.help:
                    item.setToolTip(step.help)
                self.steps.setItem(row, column, item)
        self.steps.resizeRowsToContents()

    def _enable(self) -> None:
        writable = self.learner_id is not None and not self.context.read_only
        has_case = self.case is not None
        self.open_button.setEnabled(writable and not has_case)
        self.step_button.setEnabled(
            writable and has_case and self.case is not None and self.case.next_step is not None
        )
        self.close_button.setEnabled(writable and has_case)
        selected = self.selected_step()
        self.undo_button.setEnabled(
            writable and self.case is not None and any(s.step_id == selected for s in self.case.steps)
        )

    def selected_step(self) -> str | None:
        items = self.steps.selectedItems()
        return str(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    # --- writing ------------------------------------------------------------------------------------------

    def _editor(self, kind: RecordKind, save: object) -> RecordEditor:
        dialog = RecordEditor(kind, values=None, today=self.context.today, on_save=save, parent=self)  # type: ignore[arg-type]
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_case(self) -> None:
        learner_id = self.learner_id
        if learner_id is None or self.case is not None:
            return
        today = self.context.today()

        def save(values: dict[str, str]) -> bool:
            opened = parse_day(values.get("opened_on", "")) or today
            return self._write(
                lambda uow: cases.open_case(
                    uow,
                    learner_id=learner_id,
                    opened_on=opened,
                    reason=values.get("reason", ""),
                    opened_by=values.get("opened_by", ""),
                    today=today,
                )
            )

        self._editor(load_record_kind("followup_case"), save)

    def record_step(self) -> None:
        case = self.case
        if case is None or case.next_step is None:
            return
        procedure = load_procedure(case.procedure_id)
        undone = {s.id for s in procedure.steps} - {s.step_id for s in case.steps}
        due = case.next_step.step
        informed = ", ".join(ROLE_LABELS.get(code, code) for code in due.inform)
        kind = step_kind(procedure, undone, due=due.id, informed=informed)
        today = self.context.today()

        def save(values: dict[str, str]) -> bool:
            done = StepDone(
                step_id=values.get("step_id", ""),
                done_on=parse_day(values.get("done_on", "")) or today,
                done_by=values.get("done_by", ""),
                outcome=values.get("outcome", ""),
                informed=values.get("informed", ""),
                informed_how=values.get("informed_how", ""),
            )
            return self._write(lambda uow: cases.record_step(uow, case_id=case.id, done=done, today=today))

        self._editor(kind, save)

    def undo_step(self) -> None:
        case, step_id = self.case, self.selected_step()
        if case is None or step_id is None or not any(s.step_id == step_id for s in case.steps):
            return
        if confirm(self, "Take back the selected step?", "Take back", "It shows as not done again."):
            self._write(lambda uow: cases.undo_step(uow, case_id=case.id, step_id=step_id))

    def close_case(self) -> None:
        case = self.case
        if case is None:
            return
        today = self.context.today()

        def save(values: dict[str, str]) -> bool:
            closed = parse_day(values.get("closed_on", "")) or today
            return self._write(
                lambda uow: cases.close_case(
                    uow, case_id=case.id, closed_on=closed, outcome=values.get("outcome", ""), today=today
                )
            )

        self._editor(load_record_kind("followup_close"), save)

    def _write(self, action: Callable[[UnitOfWork], object]) -> bool:
        outcome = self.operate(action)
        if outcome:
            self.reload()
        return bool(outcome)

    def overdue_step(self, today: date) -> bool:
        return (
            self.case is not None and self.case.next_step is not None and self.case.next_step.overdue(today)
        )
