"""Logging a contact: `ContactDialog` (when, what kind, how, who was there, a short note, follow-ups and the
next contact), or its two-field quick note (when and a note: a word in the corridor, the canteen, on a trip).

Opened from the Follow-up tab, and from anywhere a learner is chosen (`open_contact_dialog`: the window's
"Log a contact…" and its shortcut, the caseload's right-click menu). It starts with what a contact usually
is: now, a one-to-one tutorial, in person; Enter saves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.contact_enums import ContactChannel, ContactKind
from tutordesk.services.followup import contacts
from tutordesk.services.followup.contacts import ContactInput, ContactView, FollowUpInput
from tutordesk.ui.widgets.dialogs import RecordDialog, date_edit, fixed_width, to_date
from tutordesk.ui.widgets.fields import OptionalDateEdit, combo, hint
from tutordesk.ui.widgets.panel import PanelContext, run_operation

#: Said under the note: the log keeps that contact happened, never what a message said (domain.md §5).
NO_CONTENT_HELP = (
    "Only that contact happened is kept: do not copy in what a message or email said. "
    "A few words on what it was about are enough."
)
QUICK_HELP = "A word in the corridor, the canteen or on a trip: when, and what it was about."


@dataclass(frozen=True)
class _FollowUpRow:
    what: QLineEdit
    who: QLineEdit
    due: OptionalDateEdit
    done: QCheckBox
    done_on: date | None  # kept as it was while the box stays ticked


class FollowUpRows(QWidget):
    """The follow-ups agreed at a contact, one row each: what, who does it, by when, and done."""

    def __init__(
        self, follow_ups: Sequence[FollowUpInput], today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.today = today
        self.rows: list[_FollowUpRow] = []
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)
        for column, heading in enumerate(("Follow-up", "Who does it", "By when", "")):
            self.grid.addWidget(QLabel(f"<b>{heading}</b>" if heading else ""), 0, column)
        self.add_button = QPushButton("&Add a follow-up")
        self.add_button.setObjectName("add_follow_up")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add().what.setFocus())
        self.empty = hint("No follow-ups. Add one when someone is to do something after this contact.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.grid)
        layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        for follow_up in follow_ups:
            self.add(follow_up)
        self.empty.setVisible(not self.rows)

    def add(self, follow_up: FollowUpInput | None = None) -> _FollowUpRow:
        follow_up = follow_up or FollowUpInput("")
        number = len(self.rows) + 1
        what = QLineEdit(follow_up.what)
        what.setObjectName(f"follow_up_{number}")
        what.setAccessibleName(f"Follow-up {number}")
        what.setPlaceholderText("What is to be done, like “Ring the college about the bus pass”")
        who = QLineEdit(follow_up.who)
        who.setObjectName(f"follow_up_who_{number}")
        who.setAccessibleName(f"Who does follow-up {number}")
        who.setPlaceholderText("Who")
        due = OptionalDateEdit()
        due.setObjectName(f"follow_up_due_{number}")
        due.edit.setSpecialValueText("No date")
        due.edit.setAccessibleName(f"Follow-up {number} by when")
        due.set_value(follow_up.due_on)
        done = QCheckBox("Done")
        done.setObjectName(f"follow_up_done_{number}")
        done.setAccessibleName(f"Follow-up {number} done")
        done.setChecked(follow_up.done_on is not None)
        remove = QToolButton()
        remove.setText("Remove")
        remove.setAccessibleName(f"Remove follow-up {number}")
        row = _FollowUpRow(what, who, due, done, follow_up.done_on)
        remove.clicked.connect(lambda: self.remove(row, remove))
        line = self.grid.rowCount()
        for column, widget in enumerate((what, who, due, done, remove)):
            self.grid.addWidget(widget, line, column)
        self.rows.append(row)
        self.empty.hide()
        return row

    def remove(self, row: _FollowUpRow, button: QToolButton) -> None:
        self.rows.remove(row)
        for widget in (row.what, row.who, row.due, row.done, button):
            widget.hide()
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self.empty.setVisible(not self.rows)

    def values(self) -> tuple[FollowUpInput, ...]:
        return tuple(
            FollowUpInput(
                what=row.what.text().strip(),
                who=row.who.text().strip(),
                due_on=row.due.value(),
                done_on=(row.done_on or self.today) if row.done.isChecked() else None,
            )
            for row in self.rows
            if row.what.text().strip() or row.who.text().strip() or row.due.value_if_date()
        )


class ContactDialog(RecordDialog):
    """Log a contact (`contact=None`) or change one; `quick` asks only when and what about (an informal
    contact). `value()` is the `ContactInput` to save. The title never names the learner."""

    def __init__(
        self,
        *,
        contact: ContactView | None,
        now: datetime,
        on_save: Callable[[ContactInput], bool],
        learner_name: str = "",
        quick: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        quick = quick or (contact is not None and contact.kind == ContactKind.INFORMAL)
        if contact is not None:
            title = "Edit a quick note" if quick else "Edit a contact"
        else:
            title = "Quick note" if quick else "Log a contact"
        super().__init__(title, on_save, parent)
        self.setObjectName("contact_log_dialog")
        self.quick = quick
        self.today = now.date()
        self._channel_touched = contact is not None

        self.held_on = date_edit(contact.held_on if contact is not None else self.today)
        self.held_on.setObjectName("contact_held_on")
        self.held_on.edit.setAccessibleName("Date of the contact")
        self.held_on.set_latest(self.today, "A contact is logged once it has happened, so not after today.")
        self.at_time = QLineEdit(contact.at_time if contact is not None else f"{now:%H:%M}")
        self.at_time.setObjectName("contact_time")
        self.at_time.setAccessibleName("Time (optional)")
        self.at_time.setPlaceholderText("Optional, like 14:30")
        self.at_time.setMaxLength(5)
        self.at_time.setFixedWidth(self.at_time.fontMetrics().horizontalAdvance("00:000") + 16)
        when = QWidget()
        when_row = QHBoxLayout(when)
        when_row.setContentsMargins(0, 0, 0, 0)
        when_row.addWidget(self.held_on, 1, Qt.AlignmentFlag.AlignTop)
        when_row.addWidget(self.at_time, 0, Qt.AlignmentFlag.AlignTop)

        kind = contact.kind if contact is not None else ContactKind.ONE_TO_ONE.value
        self.kind = combo([(k.value, k.label) for k in ContactKind], kind)
        self.kind.setObjectName("contact_kind")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        channel = contact.channel if contact is not None else ContactKind(kind).usual_channel.value
        self.channel = combo([(c.value, c.label) for c in ContactChannel], channel)
        self.channel.setObjectName("contact_channel")
        self.channel.activated.connect(lambda _=0: setattr(self, "_channel_touched", True))
        self.attendees = QLineEdit(contact.attendees if contact is not None else "")
        self.attendees.setObjectName("contact_attendees")
        self.attendees.setPlaceholderText("For example: the young person, Mum, the SENCO")
        self.note = QLineEdit(contact.note if contact is not None else "")
        self.note.setObjectName("contact_note")
        self.note.setMaxLength(contacts.NOTE_LIMIT)
        self.note.setPlaceholderText("What it was about, in a few words")
        self.follow_ups = FollowUpRows(contact.follow_ups if contact is not None else (), self.today)
        self.follow_ups.setObjectName("contact_follow_ups")
        self.next_on = OptionalDateEdit()
        self.next_on.setObjectName("contact_next_on")
        self.next_on.edit.setSpecialValueText("Not set")
        self.next_on.edit.setAccessibleName("Next contact")
        self.next_on.set_value(contact.next_on if contact is not None else None)

        body = QWidget()
        layout = QVBoxLayout(body)
        self.about = QLabel(f"About: <b>{escape(learner_name)}</b>" if learner_name else "")
        self.about.setObjectName("contact_about")
        self.about.setVisible(bool(learner_name))
        layout.addWidget(self.about)
        form = QFormLayout()
        form.addRow("&When:", when)
        if not quick:
            form.addRow("&Kind:", fixed_width(self.kind))
            form.addRow("&How:", fixed_width(self.channel))
            form.addRow("Who was &there:", self.attendees)
        form.addRow("&Note:", self.note)
        layout.addLayout(form)
        layout.addWidget(hint(QUICK_HELP if quick else NO_CONTENT_HELP))
        if not quick:
            layout.addWidget(self.follow_ups)
            next_form = QFormLayout()
            next_form.addRow("Ne&xt contact:", fixed_width(self.next_on))
            layout.addLayout(next_form)
        else:
            for widget in (self.kind, self.channel, self.attendees, self.follow_ups, self.next_on):
                widget.hide()
        self.finish(body)
        self._focused = False

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._focused:  # the defaults usually fit: the note is what is left to type, then Enter
            self._focused = True
            self.note.setFocus()

    def _kind_changed(self, _index: int) -> None:
        # A phone call goes by phone, a message by message: unless the channel was chosen by hand.
        if not self._channel_touched:
            usual = ContactKind(self.kind.currentData()).usual_channel
            self.channel.setCurrentIndex(max(0, self.channel.findData(usual.value)))

    def value(self) -> ContactInput:
        if self.quick:
            return ContactInput(
                held_on=to_date(self.held_on),
                kind=ContactKind.INFORMAL.value,
                at_time=self.at_time.text().strip(),
                note=self.note.text().strip(),
            )
        return ContactInput(
            held_on=to_date(self.held_on),
            kind=str(self.kind.currentData()),
            at_time=self.at_time.text().strip(),
            channel=str(self.channel.currentData()),
            attendees=self.attendees.text().strip(),
            note=self.note.text().strip(),
            next_on=self.next_on.value(),
            follow_ups=self.follow_ups.values(),
        )


def open_contact_dialog(
    parent: QWidget,
    context: PanelContext,
    *,
    learner_id: int,
    learner_name: str = "",
    now: datetime,
    quick: bool = False,
    contact: ContactView | None = None,
    saved: Callable[[int], None] | None = None,
) -> ContactDialog:
    """Open the dialog for one learner, window-modal, and save through the contact log's service: what the
    save changed goes to the window (the caseload's Last contact, the Due list, the Follow-up tab)."""

    def save(data: ContactInput) -> bool:
        contact_id = contact.id if contact is not None else None
        outcome = run_operation(
            dialog,
            context,
            lambda uow: contacts.log_contact(
                uow, learner_id=learner_id, data=data, contact_id=contact_id, today=context.today()
            ),
        )
        if outcome.ok and outcome.value is not None and saved is not None:
            saved(int(outcome.value))
        return outcome.ok

    dialog = ContactDialog(
        contact=contact, now=now, on_save=save, learner_name=learner_name, quick=quick, parent=parent
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.open()
    return dialog
