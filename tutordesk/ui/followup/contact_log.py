"""The Follow-up tab's first section: the learner's contact log, newest first (when, kind, how, who was there,
the note, follow-ups and the next contact), with Log a contact, Quick note, Edit and Delete.

A follow-up past its date is drawn in the warning colour and says "overdue"; the dialogs save through the
contact log's service, and what they change reaches the caseload and the Due list through the window.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtWidgets import QPushButton, QVBoxLayout

from tutordesk.domain.changes import RecordKind
from tutordesk.domain.dates import short_date
from tutordesk.services.followup import contacts
from tutordesk.services.followup.contacts import ContactView
from tutordesk.ui.followup.contact_dialog import ContactDialog, open_contact_dialog
from tutordesk.ui.followup.section import FollowUpSection
from tutordesk.ui.widgets.dialogs import confirm
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.ui.widgets.record_table import Column, RecordSection

EMPTY = (
    "No contact logged yet. After a tutorial, a call, a message or a word in the corridor, log it with "
    "“Log a contact…” or “Quick note…” (Ctrl+Shift+K from any tab)."
)


def _when(view: ContactView, today: date) -> str:
    day = short_date(view.held_on, today=today)
    return f"{day} {view.at_time}" if view.at_time else day


def _follow_ups(view: ContactView, today: date) -> str:
    parts = []
    for follow_up in view.follow_ups:
        said = [follow_up.who] if follow_up.who else []
        if follow_up.done_on is not None:
            said.append("done")
        elif follow_up.due_on is not None:
            late = " overdue" if follow_up.overdue(today) else ""
            said.append(f"by {short_date(follow_up.due_on, today=today)}{late}")
        parts.append(f"{follow_up.what} ({', '.join(said)})" if said else follow_up.what)
    return "; ".join(parts)


def contact_columns(today: Callable[[], date]) -> tuple[Column, ...]:
    return (
        Column("When", lambda v: _when(v, today())),
        Column("Kind", lambda v: v.kind_label),
        Column("How", lambda v: v.channel_label),
        Column("Who was there", lambda v: v.attendees, whole_tip=True),
        Column("Note", lambda v: v.note, whole_tip=True),
        Column(
            "Follow-ups",
            lambda v: _follow_ups(v, today()),
            warn=lambda v: any(f.overdue(today()) for f in v.follow_ups),
            whole_tip=True,
        ),
        Column("Next contact", lambda v: short_date(v.next_on, today=today())),
    )


class ContactLogPanel(FollowUpSection):
    """One learner's contact log."""

    title = "Contacts"

    shows = frozenset({RecordKind.CONTACT})

    def __init__(self, context: PanelContext, *, now: Callable[[], datetime] = datetime.now) -> None:
        super().__init__(context)
        self.now = now
        self.dialog: ContactDialog | None = None  # while one is open
        self.section = RecordSection(
            "Contacts", "contact_log", contact_columns(context.today), EMPTY, "&Log a contact…", (4, 5)
        )
        self.section.setObjectName("contact_log_section")
        self.quick_button = QPushButton("Quick &note…")
        self.quick_button.setObjectName("contact_quick_note")
        self.quick_button.setToolTip("A word in the corridor, the canteen or on a trip: when, and what about")
        self.quick_button.setAutoDefault(False)
        self.quick_button.clicked.connect(lambda _=False: self.quick_note())
        self.section.buttons.insertWidget(1, self.quick_button)
        self.section.wire(self.new_contact, self.edit_selected, self.delete_selected)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.section)

    @property
    def rows(self) -> list[ContactView]:
        return self.section.model.rows()

    def reload(self) -> None:
        learner_id = self.learner_id
        rows = (
            self.run(lambda uow: contacts.contact_log(uow, learner_id=learner_id))
            if learner_id is not None
            else []
        )
        self.section.set_rows(rows or [])
        can_edit = learner_id is not None and not self.context.read_only
        self.section.update_enabled(can_edit)
        self.quick_button.setEnabled(can_edit)

    def new_contact(self) -> None:
        self._open(None, quick=False)

    def quick_note(self) -> None:
        if self.quick_button.isEnabled():
            self._open(None, quick=True)

    def edit_selected(self) -> None:
        chosen = self.section.view.selected()
        if chosen is not None:
            self._open(chosen, quick=False)

    def _open(self, contact: ContactView | None, *, quick: bool) -> None:
        if self.learner_id is None:
            return

        def saved(contact_id: int) -> None:
            self.reload()
            self.section.view.select_where(lambda row: row.id == contact_id)

        self.dialog = open_contact_dialog(
            self,
            self.context,
            learner_id=self.learner_id,
            learner_name=self.learner_name,
            now=self.now(),
            quick=quick,
            contact=contact,
            saved=saved,
        )
        self.dialog.finished.connect(lambda _: setattr(self, "dialog", None))

    def delete_selected(self) -> None:
        chosen: ContactView | None = self.section.view.selected()
        learner_id = self.learner_id
        if chosen is None or learner_id is None or not self.section.delete_button.isEnabled():
            return
        question = f"Delete the {chosen.kind_label.lower()} of {short_date(chosen.held_on)}?"
        if confirm(
            self, question, "Delete", "Its follow-ups go with it. This cannot be undone."
        ) and self.operate(
            lambda uow: contacts.delete_contact(uow, learner_id=learner_id, contact_id=chosen.id)
        ):
            self.reload()
