"""The Closure page of the Mentoring tab: ending a relationship well, and reopening one closed by mistake.

While the relationship is active it is a form: why and how it ends, the joint look back at the targets
(shown beside it), feedback both ways, what the young person takes forward and any contact afterwards.
Once closed it is a summary, with the closure report waiting on the Documents page.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.dates import long_date
from tutordesk.domain.mentoring_enums import ClosureReason
from tutordesk.domain.plan_enums import GoalStatus
from tutordesk.services.mentoring import progress as mentoring_progress
from tutordesk.services.mentoring import relationships as mentoring
from tutordesk.services.mentoring.progress import TargetView
from tutordesk.services.mentoring.relationships import ClosureInput, RelationshipView
from tutordesk.ui.mentoring.panel import RelationshipPanel
from tutordesk.ui.widgets.dialogs import confirm, date_edit, fixed_width, to_date
from tutordesk.ui.widgets.fields import combo, dates_ready, hint
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.vault.unit_of_work import UnitOfWork

NOT_A_FAILURE = (
    "Closing is not a failure. Mentoring is meant to end, and ending it well — looking back together at "
    "what changed and agreeing what comes next — is part of the work."
)
_TEXTS = (
    # (attribute of ClosureInput, label, placeholder)
    (
        "target_check",
        "&Joint target check",
        "What you both made of each target when you looked back together",
    ),
    (
        "feedback_from_learner",
        "Feedback from the &young person",
        "In their own words: what helped, what didn't",
    ),
    (
        "feedback_from_mentor",
        "Feedback from the &mentor",
        "What you noticed, and what you would do differently",
    ),
    ("takes_forward", "What they &take forward", "Skills, habits, people and places they can go back to"),
    (
        "after_closure_contact",
        "Contact &after closure",
        "For example: a check-in message in a month, or none",
    ),
)


def target_line(target: TargetView) -> str:
    words = target.learner_words or target.professional_wording or "(no wording yet)"
    try:
        status = GoalStatus(target.status).label
    except ValueError:
        status = target.status
    return f"{words} — {status}"


def _box(name: str, placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * 3 + 12)
    return box


class ClosurePanel(RelationshipPanel):
    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._last_closure: ClosureInput | None = None  # kept when reopened, to start the next closing from
        self.targets: list[TargetView] = []

        self.reason = combo([(r.value, r.label) for r in ClosureReason], ClosureReason.GOALS_MET.value)
        self.reason.setObjectName("closure_reason")
        self.reason.setAccessibleName("Reason for closing")
        self.planned = QRadioButton("P&lanned")
        self.planned.setObjectName("closure_planned")
        self.unplanned = QRadioButton("&Unplanned")
        self.unplanned.setObjectName("closure_unplanned")
        group = QButtonGroup(self)
        group.addButton(self.planned)
        group.addButton(self.unplanned)
        self.planned.setChecked(True)
        how = QHBoxLayout()
        how.addWidget(self.planned)
        how.addWidget(self.unplanned)
        how.addStretch(1)
        self.closed_on = date_edit(context.today())
        self.closed_on.setObjectName("closure_closed_on")
        self.closed_on.setAccessibleName("Closing date")
        self.texts: dict[str, QPlainTextEdit] = {}
        for name, label, placeholder in _TEXTS:
            self.texts[name] = _box(f"closure_{name}", placeholder)
            self.texts[name].setAccessibleName(label.replace("&", ""))
        self.target_list = QListWidget()
        self.target_list.setObjectName("closure_targets")
        self.target_list.setAccessibleName("The relationship's targets and where they stand")
        self.target_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # to read beside the check, not to act on
        self.target_list.setFixedHeight(self.texts["target_check"].height())
        check_row = QHBoxLayout()
        check_row.addWidget(self.texts["target_check"], 3)
        check_row.addWidget(self.target_list, 2)

        form = QFormLayout()
        form.addRow("Rea&son", fixed_width(self.reason))
        form.addRow("How it ended", how)
        form.addRow("&Closing date", fixed_width(self.closed_on))
        check_label = QLabel(_TEXTS[0][1])  # a row holding a layout gets no buddy by itself
        check_label.setBuddy(self.texts["target_check"])
        form.addRow(check_label, check_row)
        for name, label, _ in _TEXTS[1:]:
            form.addRow(label, self.texts[name])
        self.close_button = QPushButton("Close the relat&ionship…")
        self.close_button.setObjectName("closure_close")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.close_relationship)
        close_row = QHBoxLayout()
        close_row.addWidget(self.close_button)
        close_row.addStretch(1)
        form_page = QWidget()
        form_layout = QVBoxLayout(form_page)
        form_layout.addWidget(hint(NOT_A_FAILURE))
        form_box = QGroupBox("Closing the relationship")
        form_box.setLayout(form)
        form_layout.addWidget(form_box)
        form_layout.addLayout(close_row)
        form_layout.addStretch(1)
        self.form_page = QScrollArea()
        self.form_page.setWidgetResizable(True)
        self.form_page.setFrameShape(QScrollArea.Shape.NoFrame)
        self.form_page.setWidget(form_page)

        self.summary = QLabel()
        self.summary.setObjectName("closure_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.report_note = hint(
            "The closure report is ready on the Documents page: save it as a PDF, go through it together and "
            "record both signatures there."
        )
        self.reopen_button = QPushButton("Re&open…")
        self.reopen_button.setObjectName("closure_reopen")
        self.reopen_button.setToolTip("Make the relationship active again, if it was closed by mistake")
        self.reopen_button.setAutoDefault(False)
        self.reopen_button.clicked.connect(self.reopen_relationship)
        reopen_row = QHBoxLayout()
        reopen_row.addWidget(self.reopen_button)
        reopen_row.addStretch(1)
        summary_page = QWidget()
        summary_layout = QVBoxLayout(summary_page)
        summary_layout.addWidget(self.summary)
        summary_layout.addWidget(self.report_note)
        summary_layout.addLayout(reopen_row)
        summary_layout.addStretch(1)
        self.summary_page = QScrollArea()
        self.summary_page.setWidgetResizable(True)
        self.summary_page.setFrameShape(QScrollArea.Shape.NoFrame)
        self.summary_page.setWidget(summary_page)

        self.empty = QLabel("Start a relationship first; its closing is recorded here when the time comes.")
        self.empty.setObjectName("closure_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget()
        for page in (self.empty, self.form_page, self.summary_page):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    # -- reading ------------------------------------------------------------------------------------

    def show_relationship(self, learner_id: int | None, relationship: RelationshipView | None) -> None:
        if relationship is None or relationship.id != self.relationship_id:
            # A relationship reopened earlier starts from what was written when it was last closed.
            self._last_closure = relationship.closure_draft if relationship is not None else None
            self._fill(self._last_closure)
        super().show_relationship(learner_id, relationship)

    def reload(self) -> None:
        relationship_id = self.relationship_id
        if relationship_id is None:
            self.targets = []
            self.pages.setCurrentWidget(self.empty)
            return
        today = self.context.today()
        found = self.run(
            lambda uow: (
                mentoring.get_relationship(uow, relationship_id=relationship_id),
                mentoring_progress.targets(uow, relationship_id=relationship_id, today=today),
            )
        )
        if found is None:
            return
        self.relationship, self.targets = found  # read afresh: closing and reopening change it
        self.target_list.clear()
        for target in self.targets:
            self.target_list.addItem(target_line(target))
        if not self.targets:
            self.target_list.addItem("No targets were set.")
        relationship = self.relationship
        if relationship.closure is not None and not relationship.active:
            self._last_closure = relationship.closure
            self.summary.setText(summary_html(relationship.closure, self.targets))
            self.reopen_button.setEnabled(not self.context.read_only)
            self.pages.setCurrentWidget(self.summary_page)
            return
        self.pages.setCurrentWidget(self.form_page)
        editable = self.editable
        for widget in (self.reason, self.planned, self.unplanned, self.closed_on, self.close_button):
            widget.setEnabled(editable)
        for box in self.texts.values():
            box.setReadOnly(not editable)

    def _fill(self, closure: ClosureInput | None) -> None:
        data = closure or ClosureInput(closed_on=self.context.today())
        self.reason.setCurrentIndex(max(0, self.reason.findData(data.reason)))
        (self.planned if data.planned else self.unplanned).setChecked(True)
        day = self.context.today() if closure is None else data.closed_on
        self.closed_on.set_value(day)
        for name, box in self.texts.items():
            box.setPlainText(getattr(data, name))

    def value(self) -> ClosureInput:
        return ClosureInput(
            closed_on=to_date(self.closed_on),
            reason=str(self.reason.currentData()),
            planned=self.planned.isChecked(),
            **{name: box.toPlainText().strip() for name, box in self.texts.items()},
        )

    # -- actions ------------------------------------------------------------------------------------

    def close_relationship(self) -> bool:
        relationship_id = self.relationship_id
        if relationship_id is None or not self.editable:
            return False
        if not dates_ready(self):
            return False
        if not confirm(
            self,
            "Close this relationship?",
            "Close it",
            f"{NOT_A_FAILURE} Once closed, the relationship can be read but not changed, and its closure "
            "report is ready on the Documents page. You can reopen it if it was closed by mistake.",
        ):
            return False
        closure = self.value()

        def close(uow: UnitOfWork) -> bool:
            mentoring.close_relationship(uow, relationship_id=relationship_id, closure=closure)
            return True

        done = bool(self.run(close, commit=True))
        self.reload()
        return done

    def reopen_relationship(self) -> bool:
        relationship_id = self.relationship_id
        relationship = self.relationship
        if relationship_id is None or relationship is None or relationship.active or self.context.read_only:
            return False
        if not confirm(
            self,
            "Reopen this relationship?",
            "Reopen it",
            "It becomes active again and can be changed. What was written about the closing stays in this "
            "form for when you close it again.",
        ):
            return False

        def reopen(uow: UnitOfWork) -> bool:
            mentoring.reopen_relationship(uow, relationship_id=relationship_id)
            return True

        done = bool(self.run(reopen, commit=True))
        if done:
            self._fill(self._last_closure)
        self.reload()
        return done


def summary_html(closure: ClosureInput, targets: list[TargetView]) -> str:
    """The closing, as the page shows it once the relationship is closed."""
    reason = ClosureReason(closure.reason).label if closure.reason in set(ClosureReason) else closure.reason
    lines = [
        f"<h3>Closed on {long_date(closure.closed_on)}</h3>",
        f"<p><b>Reason:</b> {escape(reason)} · {'planned' if closure.planned else 'unplanned'}</p>",
    ]
    if targets:
        items = "".join(f"<li>{escape(target_line(t))}</li>" for t in targets)
        lines.append(f"<p><b>Targets</b></p><ul>{items}</ul>")
    for name, label, _ in _TEXTS:
        text = getattr(closure, name).strip()
        if text:
            body = escape(text).replace("\n", "<br>")
            lines.append(f"<p><b>{escape(label.replace('&', ''))}</b><br>{body}</p>")
    return "".join(lines)
