"""Small pieces the learner profile's tabs share: the plain-English labels of the closed lists, how a day
shows in their tables, and the shape of a list tab (its table, problem line and buttons).

Fields every tab's forms use (the optional date, the problem line, the sensitive marker) are in
`ui.widgets.fields`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.enums import Channel, ConsentGiver, ConsentMethod, PersonKind

CHANNEL_LABELS: dict[Channel, str] = {
    Channel.FACE_TO_FACE: "Face to face",
    Channel.PHONE: "Phone call",
    Channel.SMS: "Text message",
    Channel.EMAIL: "Email",
    Channel.LETTER: "Letter",
    Channel.MESSAGING_APP: "Messaging app",
    Channel.VIDEO_CALL: "Video call",
}
KIND_LABELS: dict[PersonKind, str] = {
    PersonKind.FAMILY: "Family",
    PersonKind.STAFF: "Staff in the setting",
    PersonKind.EXTERNAL: "Outside agency or service",
    PersonKind.EMPLOYER: "Employer or placement",
}
GIVER_LABELS: dict[ConsentGiver, str] = {
    ConsentGiver.LEARNER: "The young person",
    ConsentGiver.PARENT_CARER: "A parent or carer",
}
METHOD_LABELS: dict[ConsentMethod, str] = {
    ConsentMethod.VERBAL: "Said so (verbal)",
    ConsentMethod.WRITTEN: "In writing",
    ConsentMethod.SIGNED_FORM: "Signed form",
    ConsentMethod.ELECTRONIC: "Electronically",
}


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def lay_out_list_editor(
    owner: QWidget, table: QWidget, problem: QLabel, buttons: Sequence[QPushButton]
) -> None:
    """The shape every list tab shares: the table, its problem line, then a row of buttons on the left."""
    row = QHBoxLayout()
    for button in buttons:
        button.setAutoDefault(False)  # Enter in the table must not press a button
        row.addWidget(button)
    row.addStretch(1)
    layout = QVBoxLayout(owner)
    layout.addWidget(table, 1)
    layout.addWidget(problem)
    layout.addLayout(row)


def record_table(name: str, columns: Sequence[str], *, accessible_name: str) -> QTableWidget:
    """A read-only, single-row-selection table of records, as the contacts and consent tabs show them;
    `accessible_name` is what a screen reader calls it."""
    table = QTableWidget(0, len(columns))
    table.setObjectName(name)
    table.setAccessibleName(accessible_name)
    table.setTabKeyNavigation(False)  # the arrow keys move between rows; Tab moves on to the buttons
    table.setHorizontalHeaderLabels(list(columns))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    return table
