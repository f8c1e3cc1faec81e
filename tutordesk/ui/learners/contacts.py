"""The Contacts and family tab of the learner profile: the people around the learner, how to reach
them, and whether the learner agreed to them being contacted; with the dialog that edits one person."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.enums import Channel, PersonKind
from tutordesk.services.learners.profiles import ContactEntry, TermChoice, contact_problem
from tutordesk.ui.learners.fields import CHANNEL_LABELS, KIND_LABELS, lay_out_list_editor, record_table
from tutordesk.ui.widgets.fields import PROBLEM_COLOUR, ProblemLabel

COLUMNS = ("Name", "Relationship", "Role", "Ways to contact", "Consent to contact")
CONSENT_COLUMN = 4
_PROBLEM_COLOUR = QColor(PROBLEM_COLOUR)


class ContactsTab(QWidget):
    changed = Signal()

    def __init__(self, roles: Sequence[TermChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._roles = list(roles)
        self._role_labels = {role.id: role.label for role in roles}
        self._contacts: list[ContactEntry] = []
        self._syncing = False
        self.table = record_table("contacts", COLUMNS, accessible_name="Contacts")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._item_changed)
        self.table.itemDoubleClicked.connect(lambda *_: self.edit_selected())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = QPushButton("Add contact…")
        self.edit_button = QPushButton("Edit…")
        self.remove_button = QPushButton("Remove")
        self.add_button.clicked.connect(self.add_contact)
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.problem = ProblemLabel()
        lay_out_list_editor(
            self, self.table, self.problem, (self.add_button, self.edit_button, self.remove_button)
        )
        self._update_buttons()

    # -- the record ---------------------------------------------------------------------------

    def set_contacts(self, contacts: Sequence[ContactEntry]) -> None:
        self._contacts = list(contacts)
        self._refill()

    def contacts(self) -> tuple[ContactEntry, ...]:
        return tuple(self._contacts)

    def show_problems(self, problems: Mapping[str, str]) -> None:
        lines = []
        for row, contact in enumerate(self._contacts):
            text = problems.get(f"contacts.{row}")
            for column in range(len(COLUMNS)):
                item = self.table.item(row, column)
                if item is not None:
                    item.setForeground(QBrush(_PROBLEM_COLOUR) if text else QBrush())
            if text:
                lines.append(f"{contact.display_name or 'A contact'}: {text}")
        self.problem.show_problem("\n".join(lines) or None)

    # -- actions ------------------------------------------------------------------------------

    def add_contact(self) -> None:
        dialog = ContactDialog(None, self._roles, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._contacts.append(dialog.entry())
            self._refill(select=len(self._contacts) - 1)
            self.changed.emit()

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        dialog = ContactDialog(self._contacts[row], self._roles, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._contacts[row] = dialog.entry()
            self._refill(select=row)
            self.changed.emit()

    def remove_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            del self._contacts[row]
            self._refill(select=min(row, len(self._contacts) - 1))
            self.changed.emit()

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    # -- the table ----------------------------------------------------------------------------

    def _refill(self, select: int | None = None) -> None:
        self._syncing = True
        try:
            self.table.setRowCount(len(self._contacts))
            for row, contact in enumerate(self._contacts):
                role = self._role_labels.get(contact.role_term_id or -1, KIND_LABELS[contact.kind])
                texts = (
                    contact.display_name,
                    contact.relationship,
                    role,
                    ", ".join(CHANNEL_LABELS[channel] for channel in contact.channels),
                )
                for column, text in enumerate(texts):
                    self.table.setItem(row, column, QTableWidgetItem(text))
                consent = QTableWidgetItem("Agreed" if contact.consent_to_contact else "Not agreed")
                consent.setFlags(
                    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
                )
                consent.setCheckState(
                    Qt.CheckState.Checked if contact.consent_to_contact else Qt.CheckState.Unchecked
                )
                self.table.setItem(row, CONSENT_COLUMN, consent)
        finally:
            self._syncing = False
        if select is not None and select >= 0:
            self.table.selectRow(select)
        self._update_buttons()

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._syncing or item.column() != CONSENT_COLUMN:
            return
        row = item.row()
        agreed = item.checkState() == Qt.CheckState.Checked
        if agreed == self._contacts[row].consent_to_contact:
            return
        self._contacts[row] = replace(self._contacts[row], consent_to_contact=agreed)
        self._syncing = True
        item.setText("Agreed" if agreed else "Not agreed")
        self._syncing = False
        self.changed.emit()

    def _update_buttons(self) -> None:
        chosen = self.selected_row() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)


class ContactDialog(QDialog):
    """Add or edit one person around the learner."""

    def __init__(
        self, entry: ContactEntry | None, roles: Sequence[TermChoice], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit contact" if entry else "Add contact")
        self._person_id = entry.person_id if entry else None
        entry = entry or ContactEntry()
        self.given_name = QLineEdit(entry.given_name)
        self.family_name = QLineEdit(entry.family_name)
        self.relationship = QLineEdit(entry.relationship)
        self.relationship.setPlaceholderText("In their words: Mum, older brother, placement manager")
        self.kind = QComboBox()
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(label, kind.value)
        self.kind.setCurrentIndex(max(0, self.kind.findData(entry.kind.value)))
        self.role = QComboBox()
        self.role.addItem("Not given", None)
        for role in roles:
            self.role.addItem(f"{role.label} (sensitive)" if role.sensitive else role.label, role.id)
            self.role.setItemData(self.role.count() - 1, role.help, Qt.ItemDataRole.ToolTipRole)
        if entry.role_term_id is not None:
            self.role.setCurrentIndex(max(0, self.role.findData(entry.role_term_id)))
        self.organisation = QLineEdit(entry.organisation)
        self.email = QLineEdit(entry.email)
        self.phone = QLineEdit(entry.phone)
        self.address = QPlainTextEdit(entry.address)
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(56)
        self.preferred = QComboBox()
        self.preferred.addItem("No preference", None)
        for channel, label in CHANNEL_LABELS.items():
            self.preferred.addItem(label, channel.value)
        if entry.preferred_channel is not None:
            self.preferred.setCurrentIndex(max(0, self.preferred.findData(entry.preferred_channel.value)))
        self.channels: dict[Channel, QCheckBox] = {}
        channel_box = QWidget()
        grid = QGridLayout(channel_box)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, (channel, label) in enumerate(CHANNEL_LABELS.items()):
            box = QCheckBox(label)
            box.setChecked(channel in entry.channels)
            self.channels[channel] = box
            grid.addWidget(box, index // 3, index % 3)
        self.consent = QCheckBox("The young person agrees that we may contact this person")
        self.consent.setObjectName("consent_to_contact")
        self.consent.setChecked(entry.consent_to_contact)
        self.note = QLineEdit(entry.note)
        self.note.setPlaceholderText("About this person for this young person only")
        self.person_notes = QLineEdit(entry.person_notes)
        self.person_notes.setPlaceholderText("About the person (shared if they are linked to other learners)")
        self.problem = ProblemLabel()

        form = QFormLayout()
        form.addRow("Given name", self.given_name)
        form.addRow("Family name", self.family_name)
        form.addRow("Relationship", self.relationship)
        form.addRow("Kind", self.kind)
        form.addRow("Role", self.role)
        form.addRow("Organisation", self.organisation)
        form.addRow("Email", self.email)
        form.addRow("Phone", self.phone)
        form.addRow("Address", self.address)
        form.addRow("Prefers", self.preferred)
        form.addRow("May be reached by", channel_box)
        form.addRow("", self.consent)
        form.addRow("Note", self.note)
        form.addRow("About the person", self.person_notes)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        for line in (self.given_name, self.family_name, self.organisation, self.email):
            line.textChanged.connect(self._check)
        self._check()

    def entry(self) -> ContactEntry:
        return ContactEntry(
            person_id=self._person_id,
            given_name=self.given_name.text(),
            family_name=self.family_name.text(),
            kind=PersonKind(self.kind.currentData()),
            role_term_id=self.role.currentData() if self.role.currentIndex() > 0 else None,
            organisation=self.organisation.text(),
            email=self.email.text(),
            phone=self.phone.text(),
            address=self.address.toPlainText(),
            preferred_channel=Channel(self.preferred.currentData())
            if self.preferred.currentIndex() > 0
            else None,
            person_notes=self.person_notes.text(),
            relationship=self.relationship.text(),
            channels=tuple(channel for channel, box in self.channels.items() if box.isChecked()),
            consent_to_contact=self.consent.isChecked(),
            note=self.note.text(),
        )

    def _check(self) -> None:
        problem = contact_problem(self.entry())
        self.problem.show_problem(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)
