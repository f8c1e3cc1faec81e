"""The Mentoring tab's Supervision panel: the mentor's supervision sessions for this relationship (newest
first), the selected one in full, and the dialog that keeps case notes pseudonymised by default.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from tutordesk.domain.dates import short_date
from tutordesk.domain.mentoring_enums import SupervisionKind
from tutordesk.services.mentoring.progress import (
    SupervisionInput,
    SupervisionView,
    pseudonymised,
    remove_supervision,
    save_supervision,
    supervision_sessions,
)
from tutordesk.ui.mentoring.panel import RelationshipPanel
from tutordesk.ui.mentoring.phase_dialog import lock_text
from tutordesk.ui.mentoring.supervision_dialog import SupervisionDialog, SupervisionDraft
from tutordesk.ui.widgets.dialogs import confirm
from tutordesk.ui.widgets.fields import hint
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.ui.widgets.record_table import Column, RecordSection

INTRO = (
    "Supervision is where you talk your work through with a supervisor or other mentors. Learners' names "
    "are replaced with Learner A, Learner B… when a session is saved, unless you choose otherwise."
)
SESSION_COLUMNS = (
    Column("Held on", lambda s: short_date(s.held_on)),
    Column("Kind", lambda s: SupervisionKind(s.kind).label),
    Column("Supervisor", lambda s: s.supervisor),
)


def session_html(session: SupervisionView) -> str:
    def block(title: str, text: str) -> str:
        lines = "<br>".join(escape(line) for line in text.splitlines())
        return f"<p><b>{title}</b><br>{lines or '<i>Nothing written down.</i>'}</p>"

    who = f" with {escape(session.supervisor)}" if session.supervisor else ""
    heading = f"<h3>{SupervisionKind(session.kind).label}{who}, {short_date(session.held_on)}</h3>"
    upcoming = f"<p><b>Next session</b> {short_date(session.next_on)}</p>" if session.next_on else ""
    return (
        heading
        + block("Cases discussed", session.cases)
        + block("Reflections", session.reflections)
        + block("Actions", session.actions)
        + upcoming
    )


class SupervisionPanel(RelationshipPanel):
    """The supervision sessions kept with one relationship."""

    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("supervision_panel")
        self.dialog: QDialog | None = None  # the dialog while it is open
        intro = hint(INTRO)
        intro.setObjectName("supervision_intro")
        self.lock_note = QLabel()
        self.lock_note.setObjectName("lock_note")
        self.lock_note.setWordWrap(True)
        self.section = RecordSection(
            "Supervision sessions",
            "supervision_sessions",
            SESSION_COLUMNS,
            "No supervision sessions yet. After you have talked this relationship through with a supervisor "
            "or other mentors, record it with “Add session…”.",
            "Add session…",
            stretch=(2,),
        )
        self.model, self.table = self.section.model, self.section.view
        self.table.setAccessibleName("Supervision sessions, newest first")
        self.section.add_button.setObjectName("add_session")
        self.section.edit_button.setObjectName("edit_session")
        self.section.delete_button.setObjectName("remove_session")
        self.section.delete_button.setText("Remove…")
        self.section.wire(self.new_session, self.edit_session, self.remove_selected)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.details = QTextBrowser()
        self.details.setObjectName("session_details")
        self.details.setAccessibleName("The chosen session")
        self.details.setOpenLinks(False)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.section)
        split.addWidget(self.details)
        split.setSizes([320, 420])
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.lock_note)
        layout.addWidget(split, 1)
        self.reload()

    def reload(self) -> None:
        relationship_id = self.relationship_id
        found = None
        if relationship_id is not None:
            found = self.run(lambda uow: supervision_sessions(uow, relationship_id=relationship_id))
        self.lock_note.setText(lock_text(self))
        self.lock_note.setVisible(bool(self.lock_note.text()))
        self.section.set_rows(found or [])
        self._show_selected()

    def _show_selected(self, *_: object) -> None:
        chosen: SupervisionView | None = self.table.selected()
        self.details.setHtml(session_html(chosen) if chosen is not None else "")
        self.details.setPlaceholderText(
            "Choose a session to read it in full." if self.model.rowCount() else ""
        )
        self.section.update_enabled(self.editable)

    def new_session(self) -> None:
        self._open(None)

    def edit_session(self) -> None:
        chosen: SupervisionView | None = self.table.selected()
        if chosen is not None:
            self._open(chosen)

    def _open(self, session: SupervisionView | None) -> None:
        relationship_id = self.relationship_id
        if relationship_id is None or not self.editable:
            return
        session_id = session.id if session is not None else None

        def preview(data: SupervisionInput) -> SupervisionInput | None:
            return self.run(lambda uow: pseudonymised(uow, data=data))

        def save(draft: SupervisionDraft) -> bool:
            saved = self.run(
                lambda uow: save_supervision(
                    uow,
                    relationship_id=relationship_id,
                    data=draft.data,
                    session_id=session_id,
                    pseudonymise=draft.pseudonymise,
                ),
                commit=True,
            )
            if saved is None:
                return False
            self.reload()
            self.table.select_where(lambda s: s.id == saved)
            return True

        dialog = SupervisionDialog(
            session=session, today=self.context.today(), preview=preview, on_save=save, parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def remove_selected(self) -> None:
        chosen: SupervisionView | None = self.table.selected()
        if chosen is None or not self.editable:
            return
        if confirm(
            self,
            f"Remove the supervision session of {short_date(chosen.held_on)}?",
            "Remove",
            "Its notes go with it. This cannot be undone.",
        ):
            self.operate(lambda uow: remove_supervision(uow, session_id=chosen.id))
            self.reload()
