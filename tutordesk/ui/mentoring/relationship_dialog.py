"""The dialog that starts or edits a mentoring or coaching relationship: who mentors, how, and how often.

Closing a relationship happens on the Closure page; "Delete relationship…" here is only for one entered
by mistake, and asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.mentoring_enums import MentorKind, RelationshipMode
from tutordesk.services.mentoring.relationships import RelationshipInput, RelationshipView
from tutordesk.ui.widgets.dialogs import RecordDialog, confirm, date_edit, fixed_width, to_date
from tutordesk.ui.widgets.fields import OptionalDateEdit, combo, hint

MODE_HELP = (
    "Mentoring: the goals can grow and change as you get to know each other. "
    "Coaching: the goals are fixed at the start, and it ends when they are met."
)
_EXTERNAL_HINT = "Needed for a mentor from outside the setting"


def _bool_combo(name: str, yes: str, no: str, value: bool) -> QComboBox:
    box = combo([("yes", yes), ("no", no)], "yes" if value else "no")
    box.setObjectName(name)
    return box


def _spin(name: str, low: int, high: int, value: int, suffix: str) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(low, high)
    box.setValue(value)
    box.setSuffix(suffix)
    return box


class RelationshipDialog(RecordDialog):
    """A new relationship (`relationship=None`) or an existing one; `on_save(RelationshipInput)` stores it.

    `on_delete`, given only when editing, deletes the relationship and returns whether it could.
    """

    def __init__(
        self,
        relationship: RelationshipView | None,
        *,
        today: date,
        on_save: Callable[[RelationshipInput], bool],
        on_delete: Callable[[], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        editing = relationship is not None
        super().__init__(
            "Edit the relationship" if editing else "New mentoring relationship", on_save, parent
        )
        self.setObjectName("relationship_dialog")
        self._on_delete = on_delete
        data: RelationshipInput = relationship or RelationshipInput(started_on=today)

        self.mode = combo([(m.value, m.label) for m in RelationshipMode], data.mode)
        self.mode.setObjectName("mode")
        self.mode.setAccessibleName("Mentoring or coaching")
        self.mentor_name = QLineEdit(data.mentor_name)
        self.mentor_name.setObjectName("mentor_name")
        self.mentor_name.setPlaceholderText("The mentor's or coach's full name")
        self.mentor_kind = combo([(k.value, k.label) for k in MentorKind], data.mentor_kind)
        self.mentor_kind.setObjectName("mentor_kind")
        self.mentor_kind.setToolTip(
            "Professional: a guidance counsellor, teacher or tutor. Volunteer: from local business or retired. "
            "Student, or a peer."
        )
        self.mentor_role = QLineEdit(data.mentor_role)
        self.mentor_role.setObjectName("mentor_role")
        self.mentor_role.setPlaceholderText("For example: guidance counsellor, retired engineer")
        self.external = QCheckBox("From &outside the setting (an external mentor)")
        self.external.setObjectName("external")
        self.external.setChecked(data.external)
        self.peer = _bool_combo("peer", "A peer (a young person too)", "An adult", data.peer)
        self.paid = _bool_combo("paid", "Paid", "Volunteer", data.paid)
        self.started_on = date_edit(data.started_on)
        self.started_on.setObjectName("started_on")
        self.planned_weeks = _spin("planned_weeks", 0, 520, data.planned_weeks or 0, " weeks")
        self.planned_weeks.setSpecialValueText("Not planned")
        self.intensity = QLineEdit(data.intensity)
        self.intensity.setObjectName("intensity")
        self.intensity.setPlaceholderText("For example: an hour a week, plus a message between meetings")
        self.check_in = _spin("check_in_every_days", 1, 365, data.check_in_every_days, " days")
        self.check_in.setPrefix("every ")
        self.line_manager = QLineEdit(data.line_manager)
        self.line_manager.setObjectName("line_manager")
        self.escalation_route = QLineEdit(data.escalation_route)
        self.escalation_route.setObjectName("escalation_route")
        self.setup_weeks = _spin("setup_weeks", 1, 52, data.setup_weeks, " weeks")
        self.setup_weeks.setToolTip(
            "If the getting-started checklist is not finished this long after the start, it shows as due."
        )
        self.next_evaluation = OptionalDateEdit()
        self.next_evaluation.setObjectName("next_evaluation_on")
        self.next_evaluation.edit.setSpecialValueText("Not set")
        self.next_evaluation.set_value(data.next_evaluation_on)
        self.problem = QLabel()
        self.problem.setObjectName("relationship_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color:#a40000")

        form = QFormLayout()
        form.addRow("&Mentoring or coaching", fixed_width(self.mode))
        form.addRow("", hint(MODE_HELP))
        form.addRow("Mentor's &name", self.mentor_name)
        form.addRow("&Kind of mentor", fixed_width(self.mentor_kind))
        form.addRow("&Role", self.mentor_role)
        form.addRow("", self.external)
        form.addRow("Adult or &peer", fixed_width(self.peer))
        form.addRow("Pai&d or volunteer", fixed_width(self.paid))
        form.addRow("&Starts on", fixed_width(self.started_on))
        form.addRow("Planned &length", fixed_width(self.planned_weeks))
        form.addRow("&Intensity", self.intensity)
        form.addRow("&Check in", fixed_width(self.check_in))
        self.line_manager_label = QLabel("Line m&anager")
        self.line_manager_label.setBuddy(self.line_manager)
        self.escalation_label = QLabel("&Escalation route")
        self.escalation_label.setBuddy(self.escalation_route)
        form.addRow(self.line_manager_label, self.line_manager)
        form.addRow(self.escalation_label, self.escalation_route)
        form.addRow("&Getting started within", fixed_width(self.setup_weeks))
        form.addRow("Next e&valuation", fixed_width(self.next_evaluation))
        for label, field in (
            ("Mentoring or coaching", self.mode),
            ("Adult or peer", self.peer),
            ("Paid or volunteer", self.paid),
            ("Starts on", self.started_on),
            ("Planned length", self.planned_weeks),
            ("Check in every", self.check_in),
            ("Line manager", self.line_manager),
            ("Escalation route", self.escalation_route),
            ("Weeks allowed for getting started", self.setup_weeks),
            ("Next evaluation", self.next_evaluation.edit),
            ("Mentor's name", self.mentor_name),
            ("Kind of mentor", self.mentor_kind),
            ("Mentor's role", self.mentor_role),
            ("Intensity", self.intensity),
        ):
            field.setAccessibleName(label)

        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addLayout(form)
        inner_layout.addWidget(self.problem)
        body = QScrollArea()
        body.setWidgetResizable(True)
        body.setFrameShape(QScrollArea.Shape.NoFrame)
        body.setWidget(inner)

        self.delete_button: QPushButton | None = None
        if editing and on_delete is not None:
            self.delete_button = QPushButton("Dele&te relationship…")
            self.delete_button.setObjectName("delete_relationship")
            self.delete_button.setAutoDefault(False)
            self.delete_button.setToolTip(
                "Only for a relationship entered by mistake. To end one, close it on the Closure page."
            )
            self.delete_button.clicked.connect(self.delete)
            self._buttons.insertWidget(0, self.delete_button)
        self.external.toggled.connect(self._external_changed)
        self._external_changed()
        self.finish(body)
        self.resize(640, 600)
        self.mentor_name.setFocus(Qt.FocusReason.OtherFocusReason)

    def _external_changed(self) -> None:
        """Line manager and escalation route matter for an external mentor only; say so by how they look."""
        external = self.external.isChecked()
        for label, field in (
            (self.line_manager_label, self.line_manager),
            (self.escalation_label, self.escalation_route),
        ):
            field.setEnabled(external)
            field.setPlaceholderText(_EXTERNAL_HINT if external else "Not needed for a mentor from inside")
            font = label.font()
            font.setBold(external)  # plain text, so the label's Alt shortcut keeps working
            label.setFont(font)
        self.line_manager.setToolTip("Who supports and keeps an eye on the external mentor's work")
        self.escalation_route.setToolTip("Whom the mentor goes to inside the setting when worried")

    def value(self) -> RelationshipInput:
        external = self.external.isChecked()
        weeks = self.planned_weeks.value()
        return RelationshipInput(
            started_on=to_date(self.started_on),
            mode=str(self.mode.currentData()),
            mentor_name=self.mentor_name.text().strip(),
            mentor_kind=str(self.mentor_kind.currentData()),
            mentor_role=self.mentor_role.text().strip(),
            external=external,
            peer=self.peer.currentData() == "yes",
            paid=self.paid.currentData() == "yes",
            planned_weeks=weeks or None,
            intensity=self.intensity.text().strip(),
            check_in_every_days=self.check_in.value(),
            # What was typed for an external mentor is kept if the box is unticked by mistake and ticked again.
            line_manager=self.line_manager.text().strip() if external else "",
            escalation_route=self.escalation_route.text().strip() if external else "",
            setup_weeks=self.setup_weeks.value(),
            next_evaluation_on=self.next_evaluation.value(),
        )

    def problem_text(self) -> str | None:
        if not self.mentor_name.text().strip():
            return "Write the mentor's or coach's name: it goes on the agreement."
        return None

    def has_unsaved_changes(self) -> bool:
        """For the window's lock: whether saving this dialog would keep something typed."""
        return self.is_dirty()

    def save(self) -> bool:  # type: ignore[override]
        problem = self.problem_text()
        self.problem.setText(problem or "")
        if problem is not None:
            self.mentor_name.setFocus()
            return False
        if not self._on_save(self.value()):
            return False
        self._initial = self.value()
        self.accept()
        return True

    def delete(self) -> None:
        if self._on_delete is None:
            return
        if not confirm(
            self,
            "Delete this relationship?",
            "Delete relationship",
            "Deleting is for a relationship entered by mistake: its agreement, phases, contacts, targets and "
            "supervision notes go with it, and this cannot be undone. When mentoring comes to an end, close "
            "it on the Closure page instead — closing keeps the record.",
        ):
            return
        if self._on_delete():
            self._initial = self.value()
            super().reject()
