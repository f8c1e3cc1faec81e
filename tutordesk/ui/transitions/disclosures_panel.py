"""The Disclosures page of the Transitions tab: everything that left TutorDesk about the learner, newest
first — when, what, to whom, why and on what basis, which sections, the file's SHA-256 — with the day it
was sent and the day the receiving setting acknowledged it.

The register is read from the append-only audit log, so its rows cannot be changed or removed here; only
what happened afterwards (sent, acknowledged) is recorded beside them, through `services.disclosures`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.dates import long_date, short_date
from tutordesk.domain.enums import LawfulBasis
from tutordesk.domain.transition_enums import Audience
from tutordesk.services import disclosures
from tutordesk.services.disclosures import DisclosureView
from tutordesk.services.transitions import handover
from tutordesk.ui.widgets.dialogs import RecordDialog, date_edit, fixed_width, to_date
from tutordesk.ui.widgets.panel import Panel, PanelContext
from tutordesk.ui.widgets.panel_parts import AMBER, READ_ONLY_NOTE
from tutordesk.ui.widgets.record_table import Column, RecordModel, RecordView

NOBODY = "Choose a learner in the caseload to see what has been shared about them."
EMPTY = (
    "Nothing has left TutorDesk about this learner yet. Each handover pack or PDF saved for them will be "
    "listed here, with whom it was for and why."
)
APPEND_ONLY = (
    "This register is kept in TutorDesk's tamper-evident log: its entries cannot be changed or removed. "
    "You can record when a file was sent, and when the receiving setting said it had arrived."
)
AWAITING = "Awaiting acknowledgement"
AWAITING_TIP = "The receiving setting has not confirmed it arrived yet. A quick call or email can check."
SHORT_HASH = 12
_Index = QModelIndex | QPersistentModelIndex


def local_time(at: datetime) -> datetime:
    """The audit log keeps UTC (read back without a zone); people read their own clock."""
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone()


def when_text(at: datetime) -> str:
    local = local_time(at)
    return f"{short_date(local.date())}, {local:%H:%M}"


def why_text(row: DisclosureView) -> str:
    basis = ""
    if row.lawful_basis:
        try:
            basis = LawfulBasis(row.lawful_basis).label
        except ValueError:
            basis = row.lawful_basis
    elif row.audience == Audience.LEARNER and not row.purpose.strip():
        basis = "Their own copy"
    purpose = row.purpose.strip()
    if purpose and basis:
        return f"{purpose[:1].upper()}{purpose[1:]} ({basis.lower()})"
    return (purpose[:1].upper() + purpose[1:]) if purpose else basis


def disclosure_columns(section_titles: Callable[[DisclosureView], str]) -> tuple[Column, ...]:
    return (
        Column("When", lambda r: when_text(r.at)),
        Column("What", lambda r: r.what, whole_tip=True),
        Column("To whom", lambda r: r.recipient, whole_tip=True),
        Column("Why", why_text, whole_tip=True),
        Column("Sections", section_titles, whole_tip=True),
        Column("SHA-256", lambda r: r.sha256[:SHORT_HASH]),
        Column("Sent on", lambda r: short_date(r.sent_on) if r.sent_on else ""),
        Column("Acknowledged on", acknowledged_text, lambda r: r.awaiting_acknowledgement),
    )


def acknowledged_text(row: DisclosureView) -> str:
    if row.acknowledged_on is not None:
        return short_date(row.acknowledged_on)
    return AWAITING if row.awaiting_acknowledgement else ""


class GentleModel(RecordModel):
    """Rows whose `warn` holds are drawn in a gentle amber (a reminder, not an error), with a tooltip."""

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.row() < len(self._rows):
            column, record = self.columns[index.column()], self._rows[index.row()]
            awaiting = column.warn is not None and column.warn(record)
            if role == Qt.ItemDataRole.ForegroundRole and awaiting:
                return QBrush(QColor(AMBER))
            if role == Qt.ItemDataRole.ToolTipRole and awaiting:
                return AWAITING_TIP
            if role == Qt.ItemDataRole.ToolTipRole and column.header == "SHA-256":
                return record.sha256 or None
        return super().data(index, role)


class ReceiptDialog(RecordDialog):
    """The day a disclosure was sent, or acknowledged; `value()` is that date."""

    def __init__(
        self,
        *,
        title: str,
        label: str,
        on: date,
        on_save: Callable[[date], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, on_save, parent)
        self.setObjectName("receipt_dialog")
        self.on = date_edit(on)
        self.on.setObjectName("receipt_on")
        self.on.setAccessibleName(label)
        body = QWidget()
        form = QFormLayout(body)
        form.addRow(f"&{label}", fixed_width(self.on))
        self.finish(body)
        self.on.setFocus()

    def value(self) -> date:
        return to_date(self.on)


class DisclosuresPanel(Panel):
    """The learner's disclosure register, with sent and acknowledged dates recorded beside it."""

    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("disclosures_panel")
        self.dialog: ReceiptDialog | None = None
        self._titles = {section.id: section.title for section in handover.pack_sections()}
        self.model = GentleModel(disclosure_columns(self.section_titles), self)
        self.view = RecordView(self.model, "disclosures", stretch=(1, 2, 3, 4))
        self.view.setAccessibleName("Disclosure register")
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.empty = QLabel(EMPTY)
        self.empty.setObjectName("disclosures_empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.empty)
        self.list_stack.addWidget(self.view)
        note = QLabel(APPEND_ONLY)
        note.setObjectName("append_only_note")
        note.setWordWrap(True)
        self.details = QLabel()
        self.details.setObjectName("disclosure_details")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sent_button = QPushButton("Mark as &sent…")
        self.sent_button.setObjectName("mark_sent")
        self.sent_button.setToolTip("Record the day the selected file was sent")
        self.acknowledged_button = QPushButton("Mark as &acknowledged…")
        self.acknowledged_button.setObjectName("mark_acknowledged")
        self.acknowledged_button.setToolTip("Record the day the receiving setting confirmed it arrived")
        self.sent_button.clicked.connect(self.mark_sent)
        self.acknowledged_button.clicked.connect(self.mark_acknowledged)
        self.view.edit_requested.connect(self.mark_sent)  # Enter or a double click
        buttons = QHBoxLayout()
        for button in (self.sent_button, self.acknowledged_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.read_only_note = QLabel(READ_ONLY_NOTE)
        self.read_only_note.setObjectName("read_only_note")
        self.read_only_note.hide()

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.read_only_note)
        column.addWidget(note)
        column.addWidget(self.list_stack, 1)
        column.addWidget(self.details)
        column.addLayout(buttons)
        self.nobody = QLabel(NOBODY)
        self.nobody.setObjectName("disclosures_nobody")
        self.nobody.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.nobody)
        self.stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.reload()

    def section_titles(self, row: DisclosureView) -> str:
        """In the pack's own order (the log keeps them sorted by id); ids the pack no longer has come last."""
        chosen = set(row.sections)
        known = [title for section_id, title in self._titles.items() if section_id in chosen]
        return ", ".join(known + sorted(chosen - set(self._titles)))

    # --- reading ------------------------------------------------------------------------------------------

    def reload(self) -> None:
        learner_id = self.learner_id
        self.stack.setCurrentIndex(0 if learner_id is None else 1)
        rows = None
        if learner_id is not None:
            rows = self.run(lambda uow: disclosures.disclosures(uow, learner_id=learner_id))
        chosen = self.selected()
        self.model.set_rows(rows or [])
        self.view.fit_columns()
        self.list_stack.setCurrentWidget(self.view if rows else self.empty)
        self.view.select_where(lambda r: chosen is not None and r.audit_entry_id == chosen.audit_entry_id)
        self._show_selected()

    def selected(self) -> DisclosureView | None:
        chosen: DisclosureView | None = self.view.selected()
        return chosen

    def _show_selected(self) -> None:
        chosen = self.selected()
        writable = chosen is not None and not self.context.read_only
        self.read_only_note.setVisible(self.learner_id is not None and self.context.read_only)
        self.sent_button.setEnabled(writable)
        self.acknowledged_button.setEnabled(
            writable and chosen is not None and chosen.audience != Audience.LEARNER
        )
        self.details.setText(self._details(chosen) if chosen is not None else "")

    def _details(self, row: DisclosureView) -> str:
        lines = [f"{row.action}: {row.what}, on {long_date(local_time(row.at).date())}."]
        if row.encrypted:
            lines.append("The file was protected with a password.")
        if row.sha256:
            lines.append(f"SHA-256 of the file: {row.sha256}")
        if row.awaiting_acknowledgement:
            lines.append(AWAITING_TIP)
        return "\n".join(lines)

    # --- recording what happened next ---------------------------------------------------------------------

    def mark_sent(self) -> None:
        chosen = self.selected()
        if chosen is None or not self.sent_button.isEnabled():
            return
        self._open(
            "Mark as sent",
            "Sent on",
            chosen.sent_on or self.context.today(),
            lambda uow, on: disclosures.mark_sent(uow, audit_entry_id=chosen.audit_entry_id, on=on),
        )

    def mark_acknowledged(self) -> None:
        chosen = self.selected()
        if chosen is None or not self.acknowledged_button.isEnabled():
            return
        self._open(
            "Mark as acknowledged",
            "Acknowledged on",
            chosen.acknowledged_on or self.context.today(),
            lambda uow, on: disclosures.mark_acknowledged(uow, audit_entry_id=chosen.audit_entry_id, on=on),
        )

    def _open(self, title: str, label: str, on: date, record: Callable[[Any, date], None]) -> None:
        def on_save(value: date) -> bool:
            if not self.operate(lambda uow: record(uow, value)):
                return False
            self.reload()
            return True

        dialog = ReceiptDialog(title=title, label=label, on=on, on_save=on_save, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
