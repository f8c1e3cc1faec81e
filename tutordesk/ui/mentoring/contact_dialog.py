"""The dialogs of the Contacts panel: logging or editing one contact with its agreed actions and a live,
gentle line of boundary flags (`ContactDialog`), and noting when a message was answered (`AnsweredDialog`).

Mistakes the service would refuse (a time it cannot read, a next contact before this one) are said in the
dialog, next to the buttons, before anything is saved.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.date_rules import contact_warning
from tutordesk.domain.mentoring_enums import ContactChannel, InitiatedBy
from tutordesk.domain.mentoring_rules import Boundaries, parse_time
from tutordesk.domain.typed_dates import NotADate
from tutordesk.services.mentoring.contacts import ActionInput, ContactInput, ContactView, flags_for
from tutordesk.ui.widgets.dialogs import RecordDialog, date_edit, fixed_width, save_anyway, text_box, to_date
from tutordesk.ui.widgets.fields import DateTimeField, OptionalDateEdit, ProblemLabel, combo, hint
from tutordesk.ui.widgets.panel_parts import gentle

OWNERS = ("Mentor", "Young person")  # suggestions: anyone else can be typed in


def date_time_edit(value: datetime) -> DateTimeField:
    return DateTimeField(value.replace(second=0, microsecond=0))


def to_datetime(edit: DateTimeField) -> datetime:
    return edit.value()


@dataclass(frozen=True)
class _ActionRow:
    action: QLineEdit
    owner: QComboBox
    due: OptionalDateEdit
    done_on: date | None  # kept as it was: actions are marked done in the panel


class ActionRows(QWidget):
    """The actions agreed at a contact, one row each: what, who (Mentor, Young person or anyone typed in),
    and by when (optional). "Add an action" adds a row; each row can be removed."""

    def __init__(self, actions: Sequence[ActionInput], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[_ActionRow] = []
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)
        for column, heading in enumerate(("Action", "Who does it", "By when")):
            self.grid.addWidget(QLabel(f"<b>{heading}</b>"), 0, column)
        self.add_button = QPushButton("&Add an action")
        self.add_button.setObjectName("add_action")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add().action.setFocus())
        self.empty = hint("No actions agreed. Add one if you both agreed to do something.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.grid)
        layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        for action in actions:
            self.add(action)
        self.empty.setVisible(not self.rows)

    def add(self, action: ActionInput | None = None) -> _ActionRow:
        action = action or ActionInput(action="", owner=OWNERS[0])
        number = len(self.rows) + 1
        what = QLineEdit(action.action)
        what.setObjectName(f"action_{number}")
        what.setAccessibleName(f"Action {number}")
        what.setPlaceholderText("What was agreed, like “Ask about the taster day”")
        owner = QComboBox()
        owner.setEditable(True)
        owner.addItems(OWNERS)
        owner.setEditText(action.owner)
        owner.setObjectName(f"owner_{number}")
        owner.setAccessibleName(f"Who does action {number}")
        owner.setToolTip("The mentor, the young person, or type anyone else")
        due = OptionalDateEdit()
        due.setObjectName(f"due_{number}")
        due.edit.setSpecialValueText("No date")
        due.edit.setAccessibleName(f"Action {number} due by")
        due.set_value(action.due_on)
        remove = QToolButton()
        remove.setText("Remove")
        remove.setAccessibleName(f"Remove action {number}")
        row = _ActionRow(what, owner, due, action.done_on)
        remove.clicked.connect(lambda: self.remove(row, remove))
        line = self.grid.rowCount()
        self.grid.addWidget(what, line, 0)
        self.grid.addWidget(owner, line, 1)
        self.grid.addWidget(due, line, 2)
        self.grid.addWidget(remove, line, 3)
        self.rows.append(row)
        self.empty.hide()
        return row

    def remove(self, row: _ActionRow, button: QToolButton) -> None:
        self.rows.remove(row)
        for widget in (row.action, row.owner, row.due, button):
            widget.hide()
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self.empty.setVisible(not self.rows)

    def values(self) -> tuple[ActionInput, ...]:
        return tuple(
            ActionInput(
                action=row.action.text().strip(),
                owner=row.owner.currentText().strip(),
                due_on=row.due.value(),
                done_on=row.done_on,
            )
            for row in self.rows
            if row.action.text().strip()
        )


class ContactDialog(RecordDialog):
    """Log a contact (`contact=None`) or edit one; `value()` is the `ContactInput` to save."""

    def __init__(
        self,
        *,
        contact: ContactView | None,
        today: date,
        now: datetime,
        every_days: int,
        boundaries: Boundaries,
        on_save: Callable[[ContactInput], bool],
        relationship_started: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit a contact" if contact is not None else "Log a contact", on_save, parent)
        self.setObjectName("contact_dialog")
        self.boundaries, self.now, self.every_days = boundaries, now, every_days
        self._next_touched = contact is not None
        self._syncing = False
        held = contact.held_on if contact is not None else today
        self._relationship_started, self._held_was = (
            relationship_started,
            contact.held_on if contact else None,
        )

        self.held_on = date_edit(held)
        self.held_on.setObjectName("held_on")
        self.held_on.set_latest(today, "A contact is logged once it has happened, so not after today.")
        self.start_time = QLineEdit(contact.start_time if contact is not None else "")
        self.start_time.setObjectName("start_time")
        self.start_time.setPlaceholderText("Optional, like 16:30")
        self.start_time.setAccessibleName("Time (optional)")
        self.channel = combo(
            [(c.value, c.label) for c in ContactChannel],
            contact.channel if contact is not None else ContactChannel.FACE_TO_FACE.value,
        )
        self.channel.setObjectName("channel")
        self.initiated_by = combo(
            [(who.value, who.label) for who in InitiatedBy],
            contact.initiated_by if contact is not None else InitiatedBy.MENTOR.value,
        )
        self.initiated_by.setObjectName("initiated_by")
        self.duration = QSpinBox()
        self.duration.setObjectName("duration")
        self.duration.setRange(0, 24 * 60)
        self.duration.setSingleStep(5)
        self.duration.setSuffix(" min")
        self.duration.setSpecialValueText("Not noted")
        self.duration.setMinimumWidth(self.duration.fontMetrics().horizontalAdvance("Not noted") + 48)
        self.duration.setValue((contact.duration_minutes or 0) if contact is not None else 0)
        self.topics = text_box("What you talked about, in a few words", 88)
        self.topics.setObjectName("topics")
        self.topics.setPlainText(contact.topics if contact is not None else "")
        self.actions = ActionRows(contact.actions if contact is not None else ())
        self.actions.setObjectName("actions")
        self.next_on = OptionalDateEdit()
        self.next_on.setObjectName("next_on")
        self.next_on.edit.setSpecialValueText("Not set")
        self.next_on.edit.setAccessibleName("Next contact")
        self.next_on.changed.connect(self._next_changed)
        answered = contact.answered_at if contact is not None else None
        self.answered = QCheckBox("Ans&wered on")
        self.answered.setObjectName("answered")
        self.answered.setChecked(answered is not None)
        self.answered_at = date_time_edit(answered or now)
        self.answered_at.setObjectName("answered_at")
        self.answered_at.setAccessibleName("Answered at")
        self.answered_at.setEnabled(answered is not None)
        self.answered.toggled.connect(self.answered_at.setEnabled)
        answered_row = QWidget()
        answered_layout = QHBoxLayout(answered_row)
        answered_layout.setContentsMargins(0, 0, 0, 0)
        answered_layout.addWidget(self.answered)
        answered_layout.addWidget(self.answered_at)
        answered_layout.addStretch(1)
        self.answered_row = answered_row

        self.flags = gentle(QLabel())
        self.flags.setObjectName("live_flags")
        self.flags.setWordWrap(True)
        self.problem = ProblemLabel()
        self.problem.setObjectName("problem")

        form = QFormLayout()
        form.addRow("&Date", fixed_width(self.held_on))
        form.addRow("&Time", fixed_width(self.start_time))
        form.addRow("&Channel", fixed_width(self.channel))
        form.addRow("&Started by", fixed_width(self.initiated_by))
        form.addRow("&Length", fixed_width(self.duration))
        form.addRow("T&opics", self.topics)
        form.addRow("Agreed actions", self.actions)
        form.addRow("&Next contact", fixed_width(self.next_on))
        form.addRow("", answered_row)
        self.form = form
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(form)
        layout.addWidget(self.flags)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)

        if contact is not None:
            self._set_next(contact.next_on)
        else:
            self._set_next(held + timedelta(days=every_days))
        self.held_on.changed.connect(self._held_changed)
        for signal in (
            self.held_on.changed,
            self.start_time.textChanged,
            self.channel.currentIndexChanged,
            self.initiated_by.currentIndexChanged,
            self.answered.toggled,
            self.answered_at.changed,
        ):
            signal.connect(self._update)
        self._update()
        self.finish(scroll)
        self.resize(720, 700)
        self.held_on.setFocus()

    # --- the contact in the form --------------------------------------------------------------------------

    def value(self) -> ContactInput:
        written = ContactChannel(self.channel.currentData()).is_written
        return ContactInput(
            held_on=to_date(self.held_on),
            channel=self.channel.currentData(),
            start_time=self.start_time.text().strip(),
            duration_minutes=self.duration.value() or None,
            initiated_by=self.initiated_by.currentData(),
            topics=self.topics.toPlainText().strip(),
            next_on=self.next_on.value(),
            answered_at=to_datetime(self.answered_at) if written and self.answered.isChecked() else None,
            actions=self.actions.values(),
        )

    def problem_text(self) -> str | None:
        """What would stop the contact being saved, in words; None when it can be."""
        data = self.value()
        if data.start_time and parse_time(data.start_time) is None:
            return "Write the time like 16:30, or leave it empty."
        if data.next_on is not None and data.next_on < data.held_on:
            return "The next contact is set before this one: choose a later date, or clear it."
        return None

    def save(self) -> None:
        problem = self.problem_text()
        self.problem.show_problem(problem)
        if problem is not None:
            return
        held_on = to_date(self.held_on)
        # Asked about when the date is typed, not again each time the contact is edited later.
        said = (
            None
            if held_on == self._held_was
            else contact_warning(held_on, relationship_started_on=self._relationship_started)
        )
        if said is None or save_anyway(self, said):
            super().save()
        else:
            self.held_on.setFocus()

    # --- reacting -----------------------------------------------------------------------------------------

    def _update(self, *_: object) -> None:
        written = ContactChannel(self.channel.currentData()).is_written
        self.answered_row.setVisible(written)
        label = self.form.labelForField(self.answered_row)
        if label is not None:
            label.setVisible(written)
        try:
            flags = flags_for(self.value(), self.boundaries, now=self.now)
        except NotADate:
            return  # the notes wait until the date is one; the field says what is wrong
        self.flags.setText(
            "\n".join(f"● {flag.message}." for flag in flags)
            + "\nA note only: it may well have been the right call, and you can save it as it is."
            if flags
            else ""
        )
        self.flags.setVisible(bool(flags))
        if self.problem.isVisible():  # a problem shown on Save goes away once it is put right
            self.problem.show_problem(self.problem_text())

    def _set_next(self, value: date | None) -> None:
        self._syncing = True
        self.next_on.set_value(value)
        self._syncing = False

    def _next_changed(self) -> None:
        if not self._syncing:
            self._next_touched = True
        if self.problem.isVisible():
            self.problem.show_problem(self.problem_text())

    def _held_changed(self) -> None:
        # Until the user picks a next date, it follows this contact's date plus the check-in interval.
        if not self._next_touched:
            self._set_next(to_date(self.held_on) + timedelta(days=self.every_days))


class AnsweredDialog(RecordDialog):
    """When a message was answered (now, unless changed); `value()` is the local date and time."""

    def __init__(
        self, *, now: datetime, what: str, on_save: Callable[[datetime], bool], parent: QWidget | None = None
    ) -> None:
        super().__init__("Mark as answered", on_save, parent)
        self.setObjectName("answered_dialog")
        self.answered_at = date_time_edit(now)
        self.answered_at.setObjectName("answered_at")
        self.answered_at.setAccessibleName("Answered at")
        form = QFormLayout()
        form.addRow(hint(what))
        form.addRow("&Answered at", fixed_width(self.answered_at))
        body = QWidget()
        body.setLayout(form)
        self.finish(body)
        self.answered_at.setFocus()

    def value(self) -> datetime:
        return to_datetime(self.answered_at)

    def is_dirty(self) -> bool:
        return False  # one field, filled in for the user: nothing worth asking about on Cancel
