"""The dialog for one road-map stage; its manners (saving, cancelling, locking) are `ItemDialog`'s, shared
with the goal dialog."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.date_rules import before_plan_warning
from tutordesk.domain.plan_enums import SdtNeed, StageStatus
from tutordesk.services.plans.roadmap import StageInput
from tutordesk.ui.plans.roadmap_model import SDT_HINTS
from tutordesk.ui.widgets.fields import OptionalDateEdit, combo, hint
from tutordesk.ui.widgets.item_dialog import ItemDialog

STEPPING_STONE_HELP = (
    "A stepping stone is a well-being step that comes before the academic goals: feeling settled, a morning "
    "routine, someone to talk to. Getting these right first often makes the rest possible."
)


class StageDialog(ItemDialog):
    """Add or edit a stage; `value()` is the `StageInput` to save."""

    def __init__(
        self,
        stage: StageInput | None = None,
        *,
        plan_started: date | None = None,
        content_locked: bool = False,
        read_only: bool = False,
        reason: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit stage" if stage is not None else "Add a stage", parent)
        self.setObjectName("stage_dialog")
        stage = stage or StageInput(title="")
        self._plan_started, self._target_was = plan_started, stage.target_on
        self.title = QLineEdit(stage.title)
        self.title.setObjectName("title")
        self.title.setPlaceholderText("A short name the learner recognises, like “Sort out mornings”")
        self.description = QPlainTextEdit(stage.description)
        self.description.setObjectName("description")
        self.description.setPlaceholderText("What this stage involves, in a sentence or two")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.description.fontMetrics().lineSpacing() * 4 + 12)
        self.target = OptionalDateEdit()
        self.target.setObjectName("target_on")
        self.target.edit.setSpecialValueText("No target date")
        self.target.clear_button.setToolTip("No target date")
        self.target.set_value(stage.target_on)
        self.stepping_stone = QCheckBox("Stepping stone")
        self.stepping_stone.setObjectName("stepping_stone")
        self.stepping_stone.setChecked(stage.stepping_stone)
        self.stepping_stone.setToolTip(STEPPING_STONE_HELP)
        self.sdt_need = combo(
            [("", "None in particular")] + [(need.value, need.label) for need in SdtNeed], stage.sdt_need
        )
        self.sdt_need.setObjectName("sdt_need")
        self.sdt_hint = hint(SDT_HINTS.get(stage.sdt_need, ""))
        self.sdt_need.currentIndexChanged.connect(
            lambda: self.sdt_hint.setText(SDT_HINTS.get(self.sdt_need.currentData(), ""))
        )
        self.status = combo([(s.value, s.label) for s in StageStatus], stage.status)
        self.status.setObjectName("status")
        self.lock_note = QLabel()
        self.lock_note.setWordWrap(True)
        self.lock_note.setObjectName("lock_note")

        # A grid, not a QFormLayout: the form sizes wrapped hints by their narrow size hint, leaving gaps.
        form = QGridLayout()
        rows: tuple[tuple[str, QWidget], ...] = (
            ("&Title", self.title),
            ("&Description", self.description),
            ("Tar&get date", self.target),
            ("", self.stepping_stone),
            ("", hint(STEPPING_STONE_HELP)),
            ("&Need it builds on", self.sdt_need),
            ("", self.sdt_hint),
            ("&Status", self.status),
        )
        for row, (text, field) in enumerate(rows):
            if text:
                label = QLabel(text)
                label.setBuddy(field)
                top = field is self.description  # beside the first line of a tall box, centred by a short one
                form.addWidget(
                    label, row, 0, Qt.AlignmentFlag.AlignTop if top else Qt.AlignmentFlag.AlignVCenter
                )
            form.addWidget(field, row, 1)
        form.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.lock_note)
        layout.addLayout(form)
        self._finish(layout)
        self._lock(
            [self.title, self.description, self.target, self.stepping_stone, self.sdt_need],
            content_locked=content_locked,
            read_only=read_only,
            reason=reason,
            note=self.lock_note,
        )
        self.fit_width(540)
        (self.status if content_locked else self.title).setFocus(Qt.FocusReason.OtherFocusReason)

    def value(self) -> StageInput:
        return StageInput(
            title=self.title.text().strip(),
            description=self.description.toPlainText().strip(),
            target_on=self.target.value(),
            stepping_stone=self.stepping_stone.isChecked(),
            sdt_need=self.sdt_need.currentData(),
            status=self.status.currentData(),
        )

    def snapshot(self) -> StageInput:
        return self.value()

    def date_warning(self) -> tuple[str, OptionalDateEdit] | None:
        target = self.target.value()
        if target == self._target_was:  # asked about when it was typed; not again for each later change
            return None
        said = before_plan_warning(target, what="The stage's target date", plan_started_on=self._plan_started)
        return None if said is None else (said, self.target)

    def problem_text(self) -> str | None:
        return None if self.title.text().strip() else "Give the stage a short title."
