"""The dialog for one road-map stage, and the behaviour it shares with the goal dialog.

`PlanItemDialog` gives both the same manners: Ctrl+Enter saves, Escape cancels but asks first when something
was typed, and the fields lock for an agreed version (only progress may change) or a read-only vault.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.plan_enums import SdtNeed, StageStatus
from tutordesk.services.plans.roadmap import StageInput
from tutordesk.ui.learners.fields import OptionalDateEdit, ProblemLabel
from tutordesk.ui.plans.roadmap_model import SDT_HINTS

READ_ONLY_VAULT = "This vault is open read-only, so this can be read but not changed."
STEPPING_STONE_HELP = (
    "A stepping stone is a well-being step that comes before the academic goals: feeling settled, a morning "
    "routine, someone to talk to. Getting these right first often makes the rest possible."
)


def combo(choices: list[tuple[str, str]], current: str) -> QComboBox:
    """A combo box of (value, label) pairs with `current` chosen."""
    box = QComboBox()
    for value, label in choices:
        box.addItem(label, value)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setProperty("hint", True)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.92)
    label.setFont(font)
    # The theme's own muted text colour, so a hint reads as secondary on light and dark desktops alike.
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText))
    label.setPalette(palette)
    return label


class PlanItemDialog(QDialog):
    """A stage or goal editor. Subclasses build their fields, then call `_finish` and `_lock`."""

    #: Tests (and anyone driving the dialog from code) may turn off the "discard what you typed?" question.
    ask_before_discarding = True

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.problem = ProblemLabel()
        self._initial: Any = None
        self._read_only = False

    def _finish(self, layout: QVBoxLayout) -> None:
        """The problem line, the buttons and the keyboard shortcuts under the subclass's fields."""
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setToolTip("Save (Ctrl+Enter)")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.accept)

    def _lock(
        self, content: list[QWidget], *, content_locked: bool, read_only: bool, reason: str, note: QLabel
    ) -> None:
        """Lock the content fields (agreed version) or every field (read only, for `reason`), and say why."""
        self._read_only = read_only
        if read_only:
            note.setText(reason or READ_ONLY_VAULT)
            content = [
                widget
                for widget in self.findChildren(QWidget)
                if isinstance(widget, QComboBox | QLineEdit | QPlainTextEdit | QCheckBox | OptionalDateEdit)
            ]
            self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        elif content_locked:
            note.setText(
                "This version of the plan was agreed, so its wording stays as it was. You can still update "
                "the status. To change the rest, choose “Change the plan…”."
            )
        note.setVisible(read_only or content_locked)
        for widget in content if read_only or content_locked else ():
            # Text stays readable and copyable when read only; a disabled box greys it out.
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.setReadOnly(True)
                widget.setPlaceholderText("")  # an example in a box nobody can type in only confuses
            elif not isinstance(widget, OptionalDateEdit):
                widget.setEnabled(False)
            else:
                widget.edit.setReadOnly(True)
                widget.edit.setButtonSymbols(QDateEdit.ButtonSymbols.NoButtons)
                widget.edit.setCalendarPopup(False)
                widget.clear_button.hide()
        self._initial = self.snapshot()

    def fit_width(self, width: int) -> None:
        """`width` wide and just tall enough: wrapped labels make the plain size hint too tall, leaving gaps."""
        layout = self.layout()
        height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else self.sizeHint().height()
        self.resize(width, height)

    def snapshot(self) -> Any:
        """What the fields hold now, to tell whether anything was typed."""
        raise NotImplementedError

    def problem_text(self) -> str | None:
        """Why the fields cannot be saved yet (None when they can)."""
        return None

    def is_changed(self) -> bool:
        return self.snapshot() != self._initial

    def accept(self) -> None:
        if self._read_only:
            super().reject()
            return
        problem = self.problem_text()
        self.problem.show_problem(problem)
        if problem is None:
            super().accept()

    def reject(self) -> None:
        if self.is_changed() and self.ask_before_discarding and not self._confirm_discard():
            return
        super().reject()

    def _confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            "Discard changes?",
            "You have typed something that is not saved yet. Close without saving it?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard


class StageDialog(PlanItemDialog):
    """Add or edit a stage; `value()` is the `StageInput` to save."""

    def __init__(
        self,
        stage: StageInput | None = None,
        *,
        content_locked: bool = False,
        read_only: bool = False,
        reason: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit stage" if stage is not None else "Add a stage", parent)
        self.setObjectName("stage_dialog")
        stage = stage or StageInput(title="")
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
            ("Target &date", self.target),
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

    def problem_text(self) -> str | None:
        return None if self.title.text().strip() else "Give the stage a short title."
