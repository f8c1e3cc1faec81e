"""The dialog for one supervision session: when, what kind, with whom, the cases discussed, reflections,
actions and the next session; learners' names are replaced with "Learner A", "Learner B"… when it is saved
(unless the mentor unticks that), and "Preview" shows the text exactly as it will be kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.mentoring_enums import SupervisionKind
from tutordesk.services.mentoring.progress import SupervisionInput, SupervisionView
from tutordesk.ui.widgets.dialogs import RecordDialog, date_edit, fixed_width, text_box, to_date
from tutordesk.ui.widgets.fields import OptionalDateEdit, combo, hint

PSEUDONYMISE = "Replace learners' names with Learner A, Learner B… (recommended)"
NAMES_NOTE = (
    "Learners' names are replaced when you save, so these notes can be kept and shared without naming "
    "anyone. Press Preview to read the text exactly as it will be kept."
)


@dataclass(frozen=True)
class SupervisionDraft:
    data: SupervisionInput
    pseudonymise: bool


def kept_text(data: SupervisionInput) -> str:
    """The three written parts of a session as one text, the way the preview shows them."""
    parts = (("Cases discussed", data.cases), ("Reflections", data.reflections), ("Actions", data.actions))
    return "\n\n".join(f"{title}:\n{text.strip()}" for title, text in parts if text.strip())


class SupervisionDialog(RecordDialog):
    """A new session (`session=None`) or an existing one. `preview(data)` gives the pseudonymised text (None
    when it could not, the message already shown); `on_save` gets a `SupervisionDraft`."""

    def __init__(
        self,
        *,
        session: SupervisionView | None,
        today: date,
        preview: Callable[[SupervisionInput], SupervisionInput | None],
        on_save: Callable[[SupervisionDraft], bool],
        parent: QWidget | None = None,
    ) -> None:
        title = "Edit supervision session" if session is not None else "New supervision session"
        super().__init__(title, on_save, parent)
        self.setObjectName("supervision_dialog")
        self._preview = preview
        data = session or SupervisionInput(held_on=today)
        self.held_on = date_edit(data.held_on)
        self.held_on.setObjectName("held_on")
        self.kind = combo([(k.value, k.label) for k in SupervisionKind], data.kind)
        self.kind.setObjectName("kind")
        self.supervisor = QLineEdit(data.supervisor)
        self.supervisor.setObjectName("supervisor")
        self.supervisor.setPlaceholderText("Who supervised, or who was in the group")
        self.cases = text_box("The situations you talked through, and what you were unsure about", 110)
        self.cases.setObjectName("cases")
        self.cases.setPlainText(data.cases)
        self.reflections = text_box("What you took from it: what you would keep doing, or do differently", 88)
        self.reflections.setObjectName("reflections")
        self.reflections.setPlainText(data.reflections)
        self.actions = text_box("What you will do next", 64)
        self.actions.setObjectName("actions")
        self.actions.setPlainText(data.actions)
        self.next_on = OptionalDateEdit()
        self.next_on.setObjectName("next_on")
        self.next_on.edit.setSpecialValueText("Not set")
        self.next_on.edit.setAccessibleName("Next session")
        self.next_on.set_value(data.next_on)
        self.pseudonymise = QCheckBox(PSEUDONYMISE)
        self.pseudonymise.setObjectName("pseudonymise")
        self.pseudonymise.setChecked(True)
        self.preview_button = QPushButton("Pre&view")
        self.preview_button.setObjectName("preview")
        self.preview_button.setToolTip("Read the text exactly as it will be kept, before saving it")
        self.preview_button.setAutoDefault(False)
        self.preview_button.clicked.connect(self.show_preview)
        self.preview_note = hint("")
        self.preview_note.setObjectName("preview_note")
        self.preview_text = QPlainTextEdit()
        self.preview_text.setObjectName("preview_text")
        self.preview_text.setReadOnly(True)
        self.preview_text.setAccessibleName("The notes as they will be kept")
        self.preview_text.setFixedHeight(140)
        self.preview_text.hide()

        form = QFormLayout()
        form.addRow("Held &on", fixed_width(self.held_on))
        form.addRow("&Kind", fixed_width(self.kind))
        form.addRow("&Supervisor", self.supervisor)
        form.addRow("&Cases discussed", self.cases)
        form.addRow("&Reflections", self.reflections)
        form.addRow("&Actions", self.actions)
        form.addRow("&Next session", fixed_width(self.next_on))
        names = QHBoxLayout()
        names.addWidget(self.pseudonymise, 1)
        names.addWidget(self.preview_button)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(form)
        layout.addWidget(hint(NAMES_NOTE))
        layout.addLayout(names)
        layout.addWidget(self.preview_note)
        layout.addWidget(self.preview_text)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        for box in (self.cases, self.reflections, self.actions):
            box.textChanged.connect(self._preview_out_of_date)
        self.pseudonymise.toggled.connect(self._preview_out_of_date)
        self.finish(scroll)
        self.resize(720, 760)
        self.held_on.setFocus()

    def data(self) -> SupervisionInput:
        return SupervisionInput(
            held_on=to_date(self.held_on),
            kind=self.kind.currentData(),
            supervisor=self.supervisor.text().strip(),
            cases=self.cases.toPlainText().strip(),
            reflections=self.reflections.toPlainText().strip(),
            actions=self.actions.toPlainText().strip(),
            next_on=self.next_on.value(),
        )

    def value(self) -> SupervisionDraft:
        return SupervisionDraft(self.data(), self.pseudonymise.isChecked())

    def show_preview(self) -> None:
        """Show the notes as they will be kept: with names replaced when the box is ticked."""
        data = self.data()
        kept = self._preview(data) if self.pseudonymise.isChecked() else data
        if kept is None:
            return
        self.preview_text.setPlainText(kept_text(kept) or "Nothing written yet.")
        self.preview_text.show()
        self.preview_note.setText(
            "This is what will be kept. Names that are not on your caseload are not recognised: check for "
            "any other detail that could identify someone."
            if self.pseudonymise.isChecked()
            else "Names are kept as you typed them."
        )

    def _preview_out_of_date(self) -> None:
        if self.preview_text.isVisible():
            self.preview_text.hide()
            self.preview_note.setText(
                "The notes changed since the preview: press Preview to check them again."
            )
