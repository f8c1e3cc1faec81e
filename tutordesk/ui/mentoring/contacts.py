"""The Mentoring tab's Contacts panel: the log of meetings, calls, video calls, messages and emails (newest
first) with a small amber marker on a contact outside the agreed boundaries, the selected contact's details
and its agreed actions to tick off, and the buttons to log, edit, delete or mark a message answered.

It also owns `TipColumn` and `TipModel`, the record list with tooltips and a colour of its own per column,
which the Targets panel uses for the SMART letters too, and `use_model` to give a `RecordSection` one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QSignalBlocker, Qt
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGroupBox,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.dates import short_date
from tutordesk.domain.mentoring_enums import ContactChannel, InitiatedBy
from tutordesk.domain.mentoring_rules import Boundaries
from tutordesk.services.mentoring.contacts import (
    ActionView,
    ContactInput,
    ContactView,
    boundaries_of,
    contacts,
    delete_contact,
    log_contact,
    mark_answered,
    set_action_done,
)
from tutordesk.ui.mentoring.contact_dialog import AnsweredDialog, ContactDialog
from tutordesk.ui.mentoring.panel import RelationshipPanel
from tutordesk.ui.mentoring.phase_dialog import lock_text
from tutordesk.ui.widgets.dialogs import confirm
from tutordesk.ui.widgets.fields import hint
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.ui.widgets.panel_parts import AMBER
from tutordesk.ui.widgets.record_table import RECORD_ROLE, Column, RecordModel, RecordSection

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class TipColumn(Column):
    """A column whose tooltip (and what a screen reader hears) says more than its short text."""

    tip: Callable[[Any], str] | None = None
    colour: str = ""  # its own text colour, like the gentle amber of a boundary note


class TipModel(RecordModel):
    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        column = self.columns[index.column()] if index.isValid() else None
        if isinstance(column, TipColumn):
            record = super().data(index, RECORD_ROLE)
            if (
                record is not None
                and column.tip is not None
                and role
                in (
                    Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.AccessibleTextRole,
                )
            ):
                return column.tip(record) or None
            if role == Qt.ItemDataRole.ForegroundRole and column.colour:
                return QBrush(QColor(column.colour))
        return super().data(index, role)


def use_model(section: RecordSection, model: RecordModel) -> None:
    """Show `model` in `section` instead of the plain one it made (connect the new selection model again)."""
    section.model = model
    section.view.setModel(model)


def when_text(moment: datetime) -> str:
    return f"{short_date(moment.date())}, {moment:%H:%M}"


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def _actions_text(contact: ContactView) -> str:
    if not contact.actions:
        return "None"
    still_open = sum(action.done_on is None for action in contact.actions)
    return f"{still_open} open of {len(contact.actions)}"


def _marker(contact: ContactView) -> str:
    if contact.flags:
        return f"● {len(contact.flags)}" if len(contact.flags) > 1 else "●"
    return "awaiting reply" if contact.awaiting_reply else ""


def _marker_tip(contact: ContactView) -> str:
    lines = [f"{flag.message}." for flag in contact.flags]
    if contact.awaiting_reply and contact.reply_due is not None:
        lines.append(f"Awaiting a reply, due by {when_text(contact.reply_due)}.")
    return "\n".join(lines)


CONTACT_COLUMNS = (
    Column("Date", lambda c: short_date(c.held_on)),
    Column("Time", lambda c: c.start_time),
    Column("Channel", lambda c: ContactChannel(c.channel).label),
    Column("Started by", lambda c: InitiatedBy(c.initiated_by).label),
    Column("Length", lambda c: f"{c.duration_minutes} min" if c.duration_minutes else ""),
    Column("Topics", lambda c: _first_line(c.topics)),
    Column("Actions", _actions_text),
    TipColumn("Notes", _marker, tip=_marker_tip, colour=AMBER),
)


def contact_html(contact: ContactView, today: date) -> str:
    """The selected contact in full, for the area under the log."""
    channel = ContactChannel(contact.channel).label
    bits = [
        f"{channel}, {short_date(contact.held_on, today=today)}"
        + (f" at {contact.start_time}" if contact.start_time else "")
    ]
    if contact.duration_minutes:
        bits.append(f"{contact.duration_minutes} minutes")
    who = "the young person" if contact.initiated_by == InitiatedBy.LEARNER else "the mentor"
    bits.append(f"started by {who}")
    parts = [f"<h3>{escape(' · '.join(bits))}</h3>"]
    if contact.flags:
        notes = "".join(f"<li>{escape(flag.message)}.</li>" for flag in contact.flags)
        parts.append(
            f"<div style='color:{AMBER}'><b>Worth a look</b> (a note only, never a judgement):<ul>{notes}</ul></div>"
        )
    if contact.awaiting_reply and contact.reply_due is not None:
        parts.append(f"<p style='color:{AMBER}'>Awaiting a reply, due by {when_text(contact.reply_due)}.</p>")
    elif contact.answered_at is not None:
        parts.append(f"<p>Answered {when_text(contact.answered_at)}.</p>")
    topics = "<br>".join(escape(line) for line in contact.topics.splitlines())
    parts.append(f"<p><b>Topics</b><br>{topics or '<i>Nothing written down.</i>'}</p>")
    if contact.next_on is not None:
        parts.append(f"<p><b>Next contact</b> {short_date(contact.next_on, today=today)}</p>")
    return "".join(parts)


def _action_text(action: ActionView, today: date) -> str:
    who = f" — {action.owner}" if action.owner else ""
    due = f", by {short_date(action.due_on, today=today)}" if action.due_on else ""
    done = f" (done {short_date(action.done_on, today=today)})" if action.done_on else ""
    return f"{action.action}{who}{due}{done}"


class ContactsPanel(RelationshipPanel):
    """The contacts of one relationship."""

    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("contacts_panel")
        self.dialog: QDialog | None = None  # the dialog while it is open
        self.boundaries = Boundaries()
        self.action_checks: dict[int, QCheckBox] = {}  # the selected contact's actions, by id

        self.lock_note = QLabel()
        self.lock_note.setObjectName("lock_note")
        self.lock_note.setWordWrap(True)
        self.section = RecordSection(
            "Contacts",
            "contacts",
            CONTACT_COLUMNS,
            "No contacts logged yet. Log the first one with “Log contact…”: a meeting, a call, a video call, "
            "a message or an email.",
            "Log contact…",
            stretch=(5,),
        )
        use_model(self.section, TipModel(CONTACT_COLUMNS, self.section))
        self.model, self.table = self.section.model, self.section.view
        self.table.setAccessibleName("Contacts, newest first")
        self.new_button, self.edit_button = self.section.add_button, self.section.edit_button
        self.delete_button = self.section.delete_button
        self.new_button.setObjectName("log_contact")
        self.new_button.setToolTip("Log a meeting, call or message (Ctrl+N, or Ins in the list)")
        self.edit_button.setObjectName("edit_contact")
        self.delete_button.setObjectName("delete_contact")
        self.delete_button.setText("Delete…")
        self.answered_button = QPushButton("Mark &answered…")
        self.answered_button.setObjectName("mark_answered")
        self.answered_button.setToolTip("Note when the selected message or email was answered")
        self.answered_button.setAutoDefault(False)
        self.answered_button.clicked.connect(lambda: self.mark_answered())
        self.section.buttons.insertWidget(3, self.answered_button)
        self.section.wire(self.new_contact, self.edit_contact, self.delete_selected)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)

        self.details = QTextBrowser()
        self.details.setObjectName("contact_details")
        self.details.setAccessibleName("The chosen contact")
        self.details.setOpenLinks(False)
        self.actions_box = QGroupBox("Agreed actions: tick one when it is done")
        self.actions_box.setObjectName("contact_actions")
        self.actions_layout = QVBoxLayout(self.actions_box)
        self.no_actions = hint("No actions were agreed at this contact.")
        self.actions_layout.addWidget(self.no_actions)
        below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.addWidget(self.details, 1)
        below_layout.addWidget(self.actions_box)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.section)
        split.addWidget(below)
        split.setSizes([420, 300])
        layout = QVBoxLayout(self)
        layout.addWidget(self.lock_note)
        layout.addWidget(split, 1)
        self.reload()

    # --- keys ---------------------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # Ctrl+N is the window's "New learner"; inside this panel it logs a contact instead, so the key is
        # claimed here before the window's shortcut can see it (Qt would call the two shortcuts ambiguous).
        if isinstance(event, QKeyEvent) and event.matches(QKeySequence.StandardKey.New):
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()
                return True
            if event.type() == QEvent.Type.KeyPress:
                self.new_contact()
                return True
        return super().event(event)

    # --- reading ------------------------------------------------------------------------------------------

    def reload(self) -> None:
        relationship_id, now = self.relationship_id, self.now()
        found = None
        if relationship_id is not None:
            found = self.run(
                lambda uow: (
                    contacts(uow, relationship_id=relationship_id, now=now),
                    boundaries_of(uow, relationship_id=relationship_id),
                )
            )
        rows, self.boundaries = found or ([], Boundaries())
        self.lock_note.setText(lock_text(self))
        self.lock_note.setVisible(bool(self.lock_note.text()))
        self._set_rows(rows)
        self.section.empty.setText(
            "No contacts logged yet. Log the first one with “Log contact…”: a meeting, a call, a video call, "
            "a message or an email."
            if relationship_id is not None
            else "Choose a relationship at the top of the tab, or start one, to log its contacts."
        )
        self._show_selected()

    def _set_rows(self, rows: list[ContactView]) -> None:
        # Contacts are known by their meeting id (the section would look for an `id`), and the selection is
        # put back quietly, so the details and actions below are drawn once, for the contact kept selected.
        chosen = self.selected()
        with QSignalBlocker(self.table.selectionModel()):
            self.table.clearSelection()
            self.section.set_rows(rows)
            if chosen is not None:
                self.table.select_where(lambda c: c.meeting_id == chosen.meeting_id)

    def selected(self) -> ContactView | None:
        chosen: ContactView | None = self.table.selected()
        return chosen

    def _show_selected(self, *_: object) -> None:
        chosen, today = self.selected(), self.context.today()
        self.details.setHtml(contact_html(chosen, today) if chosen is not None else "")
        self.details.setPlaceholderText(
            "Choose a contact to read it in full." if self.model.rowCount() else ""
        )
        actions = chosen.actions if chosen is not None else ()
        if set(self.action_checks) != {action.id for action in actions}:
            for check in self.action_checks.values():
                check.hide()
                self.actions_layout.removeWidget(check)
                check.deleteLater()
            self.action_checks = {}
            for action in actions:
                check = QCheckBox()
                check.setObjectName(f"action_done_{action.id}")
                check.clicked.connect(lambda done, a=action.id: self.set_action_done(a, done))
                self.actions_layout.addWidget(check)
                self.action_checks[action.id] = check
        for action in actions:
            check = self.action_checks[action.id]
            check.setText(_action_text(action, today))
            check.setChecked(action.done_on is not None)
            check.setEnabled(self.editable)
        self.no_actions.setVisible(chosen is not None and not actions)
        self.actions_box.setVisible(chosen is not None)
        self._update_enabled()

    def _update_enabled(self) -> None:
        self.section.update_enabled(self.editable)
        chosen = self.selected()
        self.answered_button.setEnabled(
            self.editable
            and chosen is not None
            and ContactChannel(chosen.channel).is_written
            and chosen.answered_at is None
        )

    # --- changing -----------------------------------------------------------------------------------------

    def new_contact(self) -> None:
        """Open the dialog for a new contact (also Ctrl+N and Ins)."""
        if self.new_button.isEnabled():
            self._open_contact(None)

    def edit_contact(self) -> None:
        chosen = self.selected()
        if chosen is not None and self.edit_button.isEnabled():
            self._open_contact(chosen)

    def _open_contact(self, contact: ContactView | None) -> None:
        relationship, meeting_id = self.relationship, contact.meeting_id if contact is not None else None
        if relationship is None:
            return

        def save(data: ContactInput) -> bool:
            today = self.context.today()
            saved = self.run(
                lambda uow: log_contact(
                    uow, relationship_id=relationship.id, data=data, meeting_id=meeting_id, today=today
                ),
                commit=True,
            )
            if saved is None:
                return False
            self.reload()
            self.table.select_where(lambda c: c.meeting_id == saved)
            return True

        self._show_dialog(
            ContactDialog(
                contact=contact,
                today=self.context.today(),
                now=self.now(),
                every_days=relationship.check_in_every_days,
                boundaries=self.boundaries,
                on_save=save,
                relationship_started=relationship.started_on,
                parent=self,
            )
        )

    def delete_selected(self) -> None:
        chosen = self.selected()
        if chosen is None or not self.delete_button.isEnabled():
            return
        channel = ContactChannel(chosen.channel).label.lower()
        if confirm(
            self,
            f"Delete the {channel} contact of {short_date(chosen.held_on)}?",
            "Delete contact",
            "Its agreed actions go with it. This cannot be undone.",
        ):
            self.operate(lambda uow: delete_contact(uow, meeting_id=chosen.meeting_id))
            self.reload()

    def mark_answered(self) -> None:
        chosen = self.selected()
        if chosen is None or not self.answered_button.isEnabled():
            return

        def save(at: datetime) -> bool:
            if not self.operate(lambda uow: mark_answered(uow, meeting_id=chosen.meeting_id, at=at)):
                return False
            self.reload()
            return True

        channel = ContactChannel(chosen.channel).label.lower()
        what = f"The {channel} of {short_date(chosen.held_on)}" + (
            f" at {chosen.start_time}" if chosen.start_time else ""
        )
        self._show_dialog(
            AnsweredDialog(now=self.now(), what=f"{what} was answered:", on_save=save, parent=self)
        )

    def set_action_done(self, action_id: int, done: bool) -> None:
        """Tick an agreed action done today, or untick it."""
        if self.editable:
            when = self.context.today() if done else None
            self.operate(lambda uow: set_action_done(uow, action_id=action_id, done_on=when))
        self.reload()

    def _show_dialog(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
