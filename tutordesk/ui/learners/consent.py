"""The Consent tab of the learner profile: consent records as given and withdrawn, and the dialog that
records a new one. Saved records are never deleted here, only withdrawn (see domain.md §5)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.enums import ConsentGiver, ConsentMethod, LawfulBasis
from tutordesk.domain.typed_dates import NotADate
from tutordesk.services.learners.profiles import ConsentEntry, TermChoice, consent_problem
from tutordesk.ui.learners.fields import (
    GIVER_LABELS,
    METHOD_LABELS,
    lay_out_list_editor,
    record_table,
)
from tutordesk.ui.widgets.fields import PROBLEM_COLOUR, DateTimeField, ProblemLabel, dates_ready

COLUMNS = ("Purpose", "Basis", "Given by", "How", "Given on", "Status")
STATUS_COLUMN = 5
_WITHDRAWN_COLOUR = QColor("#6b7280")
_PROBLEM_COLOUR = QColor(PROBLEM_COLOUR)


def _local_date(value: datetime) -> str:
    return value.astimezone().strftime("%d/%m/%Y")


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class ConsentTab(QWidget):
    changed = Signal()

    def __init__(
        self,
        purposes: Sequence[TermChoice],
        people: Callable[[], list[tuple[int, str]]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._purposes = list(purposes)
        self._purpose_labels = {purpose.id: purpose.label for purpose in purposes}
        self._people = people  # the learner's saved contacts, who may be named as giving consent
        self._consents: list[ConsentEntry] = []
        self._saved: dict[int, ConsentEntry] = {}
        self.table = record_table("consents", COLUMNS, accessible_name="Consent records")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.give_button = QPushButton("Give consent…")
        self.withdraw_button = QPushButton("Withdraw")
        self.withdraw_button.setToolTip("Record that this consent was withdrawn now. The record is kept.")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip(
            "Remove a record added by mistake. Only records not saved yet can be removed."
        )
        self.give_button.clicked.connect(self.give_consent)
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.problem = ProblemLabel()
        lay_out_list_editor(
            self, self.table, self.problem, (self.give_button, self.withdraw_button, self.remove_button)
        )
        self._update_buttons()

    # -- the record ---------------------------------------------------------------------------

    def set_consents(self, consents: Sequence[ConsentEntry]) -> None:
        self._consents = list(consents)
        self._saved = {entry.id: entry for entry in consents if entry.id is not None}
        self._refill()

    def consents(self) -> tuple[ConsentEntry, ...]:
        return tuple(self._consents)

    def status_text(self, row: int) -> str:
        return self.table.item(row, STATUS_COLUMN).text()

    def show_problems(self, problems: Mapping[str, str]) -> None:
        lines = []
        for row, entry in enumerate(self._consents):
            text = problems.get(f"consents.{row}")
            item = self.table.item(row, 0)
            if item is not None:
                item.setForeground(QBrush(_PROBLEM_COLOUR) if text else QBrush())
            if text:
                lines.append(f"{self._purpose_labels.get(entry.purpose_term_id, 'A consent')}: {text}")
        self.problem.show_problem("\n".join(lines) or None)

    # -- actions ------------------------------------------------------------------------------

    def give_consent(self) -> None:
        dialog = GiveConsentDialog(self._purposes, self._people(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._consents.append(dialog.entry())
            self._refill(select=len(self._consents) - 1)
            self.changed.emit()

    def withdraw_selected(self) -> None:
        row = self.selected_row()
        if row is None or not self._consents[row].in_force:
            return
        self._consents[row] = replace(
            self._consents[row], withdrawn_at=max(_now(), self._consents[row].given_at)
        )
        self._refill(select=row)
        self.changed.emit()

    def remove_selected(self) -> None:
        row = self.selected_row()
        if row is not None and self._consents[row].id is None:
            del self._consents[row]
            self._refill(select=min(row, len(self._consents) - 1))
            self.changed.emit()

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    # -- the table ----------------------------------------------------------------------------

    def _refill(self, select: int | None = None) -> None:
        self.table.setRowCount(len(self._consents))
        for row, entry in enumerate(self._consents):
            status = "In force" if entry.in_force else f"Withdrawn {_local_date(entry.withdrawn_at)}"  # type: ignore[arg-type]
            if entry.id is None or self._saved.get(entry.id) != entry:
                status += " (not saved yet)"
            texts = (
                self._purpose_labels.get(entry.purpose_term_id, "Purpose no longer listed"),
                entry.lawful_basis.label,
                GIVER_LABELS[entry.given_by],
                METHOD_LABELS[entry.method],
                _local_date(entry.given_at),
                status,
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if not entry.in_force:
                    item.setForeground(QBrush(_WITHDRAWN_COLOUR))
                    font = item.font()
                    font.setItalic(True)
                    item.setFont(font)
                if column == 0 and entry.note:
                    item.setToolTip(entry.note)
                self.table.setItem(row, column, item)
        if select is not None and select >= 0:
            self.table.selectRow(select)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.selected_row()
        entry = self._consents[row] if row is not None else None
        self.withdraw_button.setEnabled(entry is not None and entry.in_force)
        self.remove_button.setEnabled(entry is not None and entry.id is None)


class GiveConsentDialog(QDialog):
    """Record consent (or another lawful basis) for one purpose."""

    def __init__(
        self, purposes: Sequence[TermChoice], people: Sequence[tuple[int, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Give consent")
        self.purpose = QComboBox()
        self.purpose.setObjectName("purpose")
        for purpose in purposes:
            if purpose.active:
                self.purpose.addItem(purpose.label, purpose.id)
                self.purpose.setItemData(self.purpose.count() - 1, purpose.help, Qt.ItemDataRole.ToolTipRole)
        self.basis = QComboBox()
        for basis in LawfulBasis:
            self.basis.addItem(basis.label, basis.value)
        self.giver = QComboBox()
        for giver, label in GIVER_LABELS.items():
            self.giver.addItem(label, giver.value)
        self.giver_person = QComboBox()
        self.giver_person.addItem("Not named", None)
        for person_id, name in people:
            self.giver_person.addItem(name, person_id)
        self.giver.currentIndexChanged.connect(self._giver_changed)
        self.method = QComboBox()
        for method, label in METHOD_LABELS.items():
            self.method.addItem(label, method.value)
        self.wording = QLineEdit()
        self.wording.setPlaceholderText("Which version of the form or script, e.g. 2025-09")
        self.given_at = DateTimeField(datetime.now())
        self.given_at.setObjectName("given_at")
        self.given_at.changed.connect(self._check)
        self.note = QLineEdit()
        self.problem = ProblemLabel()
        form = QFormLayout()
        form.addRow("Purpose", self.purpose)
        form.addRow("Lawful basis", self.basis)
        form.addRow("Given by", self.giver)
        form.addRow("Who", self.giver_person)
        form.addRow("How", self.method)
        form.addRow("Wording version", self.wording)
        form.addRow("Given at", self.given_at)
        form.addRow("Note", self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._giver_changed()
        self._check()

    def entry(self) -> ConsentEntry:
        # The field gives local wall-clock time without a zone; astimezone reads it as local.
        given_at = self.given_at.value().astimezone(UTC).replace(microsecond=0)
        return ConsentEntry(
            purpose_term_id=self.purpose.currentData() or 0,
            lawful_basis=LawfulBasis(self.basis.currentData()),
            given_by=ConsentGiver(self.giver.currentData()),
            given_by_person_id=self.giver_person.currentData() if self.giver_person.isEnabled() else None,
            method=ConsentMethod(self.method.currentData()),
            wording_version=self.wording.text(),
            given_at=given_at,
            note=self.note.text(),
        )

    def accept(self) -> None:
        if dates_ready(self):  # a date or time that cannot be read is shown, never saved as another
            super().accept()

    def _giver_changed(self) -> None:
        self.giver_person.setEnabled(self.giver.currentData() == ConsentGiver.PARENT_CARER.value)

    def _check(self) -> None:
        try:
            entry = self.entry()
        except NotADate:
            return  # the field says what is wrong with the date or time
        problem = consent_problem(entry) if self.purpose.count() else "There are no purposes to choose from."
        self.problem.show_problem(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)
