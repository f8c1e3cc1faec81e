"""The dialogs of a move: planning or editing a transition (with "Delete transition…" for one entered by
mistake), the details of a checklist item, and an entry of the warm handover log.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.date_rules import first_day_warning
from tutordesk.domain.transition_enums import TransitionKind, TransitionPhase, TransitionStatus
from tutordesk.services.transitions.moves import (
    HandoverEventInput,
    HandoverEventView,
    ItemInput,
    TransitionInput,
    TransitionView,
)
from tutordesk.ui.widgets.dialogs import (
    RecordDialog,
    confirm,
    date_edit,
    fixed_width,
    save_anyway,
    text_box,
    to_date,
)
from tutordesk.ui.widgets.fields import OptionalDateEdit, combo, hint

KIND_HELP = (
    "Mid-term: outside the usual starting points of a year or course, when leaving is most likely; its "
    "checklist asks for more."
)
FIRST_DAY_HELP = (
    "Settling-in meetings are added for one week, one month, three months and six months after this day."
)


def optional_date(name: str, value: date | None, empty: str = "Not set") -> OptionalDateEdit:
    edit = OptionalDateEdit()
    edit.setObjectName(name)
    edit.edit.setSpecialValueText(empty)
    edit.set_value(value)
    return edit


def line(name: str, value: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(value)
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def scrolled(inner: QWidget) -> QScrollArea:
    body = QScrollArea()
    body.setWidgetResizable(True)
    body.setFrameShape(QScrollArea.Shape.NoFrame)
    body.setWidget(inner)
    return body


class TransitionDialog(RecordDialog):
    """A new transition (`transition=None`) or an existing one; `on_save(TransitionInput)` stores it.

    `on_delete`, given only when editing, deletes the transition and returns whether it could.
    """

    def __init__(
        self,
        transition: TransitionView | None,
        *,
        sending_setting: str = "",
        on_save: Callable[[TransitionInput], bool],
        on_delete: Callable[[], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        editing = transition is not None
        super().__init__("Edit the move" if editing else "Plan a move", on_save, parent)
        self.setObjectName("transition_dialog")
        self._on_delete = on_delete
        data: TransitionInput = transition or TransitionInput(sending_setting=sending_setting)

        self.kind = combo([(k.value, k.label) for k in TransitionKind], data.kind)
        self.kind.setObjectName("kind")
        self.planned = combo([("yes", "Planned"), ("no", "Unplanned")], "yes" if data.planned else "no")
        self.planned.setObjectName("planned")
        self.planned.setToolTip("Unplanned: the move came at short notice (a family move, an exclusion, …)")
        self.sending = line("sending_setting", data.sending_setting, "Where the young person is now")
        self.receiving = line("receiving_setting", data.receiving_setting, "Where they are going")
        self.manager = line("manager", data.manager, "The one person who coordinates the whole move")
        self.contact_name = line("receiving_contact_name", data.receiving_contact_name)
        self.contact_role = line(
            "receiving_contact_role", data.receiving_contact_role, "For example: head of year, SENCO"
        )
        self.contact_channel = line(
            "receiving_contact_channel", data.receiving_contact_channel, "An email address or phone number"
        )
        self.profile_shared_on = optional_date("profile_shared_on", data.profile_shared_on, "Not shared yet")
        self.leaving_on = optional_date("leaving_on", data.leaving_on)
        self.starts_on = optional_date("starts_on", data.starts_on, "Not known yet")
        self.phase = combo([(p.value, p.label) for p in TransitionPhase], data.phase)
        self.phase.setObjectName("phase")
        self.status = combo([(s.value, s.label) for s in TransitionStatus], data.status)
        self.status.setObjectName("status")
        self.note = text_box("Anything else worth keeping about this move", 72)
        self.note.setObjectName("note")
        self.note.setPlainText(data.note)

        move = QFormLayout()
        move.addRow("&Kind of move", fixed_width(self.kind))
        move.addRow("", hint(KIND_HELP))
        move.addRow("Planned or &unplanned", fixed_width(self.planned))
        move.addRow("&Leaving", self.sending)
        move.addRow("&Going to", self.receiving)
        move.addRow("Transition &manager", self.manager)
        contact = QGroupBox("Named contact at the new setting")
        contact_form = QFormLayout(contact)
        contact_form.addRow("&Name", self.contact_name)
        contact_form.addRow("&Role", self.contact_role)
        contact_form.addRow("How to reac&h them", self.contact_channel)
        contact_form.addRow("Profile &shared on", fixed_width(self.profile_shared_on))
        dates = QGroupBox("Dates and progress")
        dates_form = QFormLayout(dates)
        dates_form.addRow("Last &day at the old setting", fixed_width(self.leaving_on))
        dates_form.addRow("&First day at the new setting", fixed_width(self.starts_on))
        dates_form.addRow("", hint(FIRST_DAY_HELP))
        dates_form.addRow("&Phase", fixed_width(self.phase))
        dates_form.addRow("St&atus", fixed_width(self.status))
        dates_form.addRow("N&ote", self.note)
        for label, field in (
            ("Kind of move", self.kind),
            ("Planned or unplanned", self.planned),
            ("Leaving (sending setting)", self.sending),
            ("Going to (receiving setting)", self.receiving),
            ("Designated transition manager", self.manager),
            ("Named contact's name", self.contact_name),
            ("Named contact's role", self.contact_role),
            ("How to reach the named contact", self.contact_channel),
            ("Profile shared on", self.profile_shared_on.edit),
            ("Last day at the old setting", self.leaving_on.edit),
            ("First day at the new setting", self.starts_on.edit),
            ("Phase", self.phase),
            ("Status", self.status),
            ("Note", self.note),
        ):
            field.setAccessibleName(label)

        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addLayout(move)
        inner_layout.addWidget(contact)
        inner_layout.addWidget(dates)
        inner_layout.addStretch(1)

        self.delete_button: QPushButton | None = None
        if editing and on_delete is not None:
            self.delete_button = QPushButton("Dele&te transition…")
            self.delete_button.setObjectName("delete_transition")
            self.delete_button.setAutoDefault(False)
            self.delete_button.setToolTip(
                "Only for a move entered by mistake. When a move is over, set its status to Completed."
            )
            self.delete_button.clicked.connect(self.delete)
            self._buttons.insertWidget(0, self.delete_button)
        self.finish(scrolled(inner))
        self.resize(640, 680)
        self.receiving.setFocus(Qt.FocusReason.OtherFocusReason)

    def value(self) -> TransitionInput:
        return TransitionInput(
            kind=str(self.kind.currentData()),
            planned=self.planned.currentData() == "yes",
            sending_setting=self.sending.text().strip(),
            receiving_setting=self.receiving.text().strip(),
            manager=self.manager.text().strip(),
            receiving_contact_name=self.contact_name.text().strip(),
            receiving_contact_role=self.contact_role.text().strip(),
            receiving_contact_channel=self.contact_channel.text().strip(),
            profile_shared_on=self.profile_shared_on.value(),
            leaving_on=self.leaving_on.value(),
            starts_on=self.starts_on.value(),
            phase=str(self.phase.currentData()),
            status=str(self.status.currentData()),
            note=self.note.toPlainText().strip(),
        )

    def has_unsaved_changes(self) -> bool:
        """For the window's lock: whether saving this dialog would keep something typed."""
        return self.is_dirty()

    def save(self) -> None:
        data = self.value()
        warning = first_day_warning(data.starts_on, leaving_on=data.leaving_on)
        if warning is None or save_anyway(self, warning):
            super().save()
        else:
            self.starts_on.setFocus()

    def delete(self) -> None:
        if self._on_delete is None:
            return
        if not confirm(
            self,
            "Delete this move?",
            "Delete transition",
            "Deleting is for a move entered by mistake: its checklist, warm handover log and the settling-in "
            "meetings not yet held go with it, and this cannot be undone. Settling-in meetings already held "
            "stay on record as meetings. When a move is over, set its status to Completed instead.",
        ):
            return
        if self._on_delete():
            self._initial = self.value()
            super().reject()


class ItemDialog(RecordDialog):
    """Who does a checklist item, by when, when it was done, and a note; `value()` is an `ItemInput`."""

    def __init__(
        self,
        *,
        item_text: str,
        help_text: str,
        item: ItemInput,
        on_save: Callable[[ItemInput], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Checklist item", on_save, parent)
        self.setObjectName("item_dialog")
        heading = QLabel(f"<b>{escape(item_text)}</b>")
        heading.setWordWrap(True)
        self.owner = line("owner", item.owner, "Who is doing it: a name or a role")
        self.due_on = optional_date("due_on", item.due_on)
        self.done_on = optional_date("done_on", item.done_on, "Not done yet")
        self.note = text_box("Anything worth remembering about it (optional)", 96)
        self.note.setObjectName("note")
        self.note.setPlainText(item.note)
        form = QFormLayout()
        form.addRow("&Who", self.owner)
        form.addRow("D&ue by", fixed_width(self.due_on))
        form.addRow("&Done on", fixed_width(self.done_on))
        form.addRow("&Note", self.note)
        for label, field in (
            ("Who", self.owner),
            ("Due by", self.due_on.edit),
            ("Done on", self.done_on.edit),
            ("Note", self.note),
        ):
            field.setAccessibleName(label)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(heading)
        if help_text:
            layout.addWidget(hint(help_text))
        layout.addLayout(form)
        self.finish(body)
        self.resize(520, 360)
        self.owner.setFocus(Qt.FocusReason.OtherFocusReason)

    def value(self) -> ItemInput:
        return ItemInput(
            owner=self.owner.text().strip(),
            due_on=self.due_on.value(),
            done_on=self.done_on.value(),
            note=self.note.toPlainText().strip(),
        )


class HandoverEventDialog(RecordDialog):
    """One step of the warm handover: when, who went with the young person, whom they met, where."""

    def __init__(
        self,
        event: HandoverEventView | None,
        *,
        today: date,
        on_save: Callable[[HandoverEventInput], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit handover entry" if event else "New handover entry", on_save, parent)
        self.setObjectName("handover_event_dialog")
        data = event or HandoverEventInput(happened_on=today)
        self.happened_on = date_edit(data.happened_on)
        self.happened_on.setObjectName("happened_on")
        self.accompanied_by = line(
            "accompanied_by", data.accompanied_by, "The trusted adult who went along, and their role"
        )
        self.introduced_to = line(
            "introduced_to", data.introduced_to, "Whom the young person met at the new setting"
        )
        self.place = line("place", data.place, "Where it happened")
        self.note = text_box("How it went, and anything to follow up", 96)
        self.note.setObjectName("note")
        self.note.setPlainText(data.note)
        form = QFormLayout()
        form.addRow("&Date", fixed_width(self.happened_on))
        form.addRow("&Went with them", self.accompanied_by)
        form.addRow("&Introduced to", self.introduced_to)
        form.addRow("W&here", self.place)
        form.addRow("&Note", self.note)
        for label, field in (
            ("Date", self.happened_on),
            ("Who went with the young person", self.accompanied_by),
            ("Introduced to", self.introduced_to),
            ("Where", self.place),
            ("Note", self.note),
        ):
            field.setAccessibleName(label)
        self.problem = QLabel()
        self.problem.setObjectName("handover_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color:#a40000")
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(
            hint("A warm handover: a trusted adult goes with the young person and introduces them in person.")
        )
        layout.addLayout(form)
        layout.addWidget(self.problem)
        self.finish(body)
        self.resize(560, 380)
        self.accompanied_by.setFocus(Qt.FocusReason.OtherFocusReason)

    def value(self) -> HandoverEventInput:
        return HandoverEventInput(
            happened_on=to_date(self.happened_on),
            accompanied_by=self.accompanied_by.text().strip(),
            introduced_to=self.introduced_to.text().strip(),
            place=self.place.text().strip(),
            note=self.note.toPlainText().strip(),
        )

    def save(self) -> None:
        data = self.value()
        if not (data.accompanied_by or data.introduced_to):
            self.problem.setText("Write who went with the young person, or whom they were introduced to.")
            self.accompanied_by.setFocus()
            return
        self.problem.setText("")
        super().save()
