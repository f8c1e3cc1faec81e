"""The Agreement page of the Mentoring tab: what the young person and the mentor agreed, the limits of
confidentiality with the people a disclosure goes to, and how and when they keep in touch.

The words are saved with Save (Ctrl+S), and also when the window locks or closes, or another relationship
is chosen, so nothing typed is lost. The usual limits of confidentiality are offered on a button, never
filled in silently: they are a promise to a young person, so someone should read them first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.mentoring_enums import ContactChannel, Weekday
from tutordesk.services.mentoring import relationships as mentoring
from tutordesk.services.mentoring.relationships import RelationshipView, SafeguardingContactInput, TermsInput
from tutordesk.ui.mentoring.panel import RelationshipPanel
from tutordesk.ui.widgets.fields import OptionalDateEdit, dates_ready
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.vault.unit_of_work import UnitOfWork

USUAL_LIMITS = (
    "If you tell me that you, or someone else, are at risk of harm, I have to pass it on to the "
    "safeguarding lead.",
    "If you tell me you might seriously hurt yourself or someone else, I have to pass it on.",
    "If the law says I must share something, for example about a serious crime, I have to pass it on.",
    "I talk about how mentoring is going with my supervisor so I can do it well, but I leave your name out.",
    "Whenever I can, I will tell you first before I pass anything on, and who I am telling.",
)
_TEXT_FIELDS = (
    # (attribute in TermsInput, label, placeholder)
    ("objectives", "&Objectives", "What we want to get out of working together"),
    ("roles_and_tasks", "Roles and &tasks", "Who does what: the young person, the mentor, anyone else"),
    ("expectations", "E&xpectations", "What we can expect of each other"),
    ("support_type", "Type of support", "For example: someone to talk to, help with coursework, visits"),
    ("meeting_arrangements", "When and how we &meet", "Where, how often, how long, how we rearrange"),
    ("working_rules", "&Working rules", "Our ground rules: being on time, saying if we cannot come…"),
)
_NOT_AGREED = "Not agreed"


def _text_box(name: str, placeholder: str, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)  # Tab moves on, as in a form; Enter still starts a new line
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


def _reply_spin(name: str, accessible: str) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    box.setRange(0, 24 * 14)
    box.setSpecialValueText(_NOT_AGREED)
    box.setSuffix(" hours")
    return box


def _time_edit(name: str, accessible: str) -> QTimeEdit:
    edit = QTimeEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setDisplayFormat("HH:mm")
    return edit


class TermsPanel(RelationshipPanel):
    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._loading = False
        self._saved: TermsInput | None = None  # what the fields held when last read or saved

        self.texts: dict[str, QPlainTextEdit] = {}
        agreement_form = QFormLayout()
        for name, label, placeholder in _TEXT_FIELDS:
            box = _text_box(name, placeholder)
            box.setAccessibleName(label.replace("&", ""))
            self.texts[name] = box
            agreement_form.addRow(label, box)
        agreement = QGroupBox("Our agreement")
        agreement.setLayout(agreement_form)

        self.limits = _text_box("confidentiality_limits", "One limit on each line, in plain words", 5)
        self.limits.setAccessibleName("Limits of confidentiality, one per line")
        self.fill_limits_button = QPushButton("Fill in the &usual limits")
        self.fill_limits_button.setObjectName("fill_limits")
        self.fill_limits_button.setToolTip(
            "Add the usual limits of confidentiality; read them and change them to fit"
        )
        self.fill_limits_button.clicked.connect(self.fill_usual_limits)
        self.explained_on = OptionalDateEdit()
        self.explained_on.setObjectName("confidentiality_explained_on")
        self.explained_on.edit.setAccessibleName("Explained to the young person on")
        self.acknowledged_on = OptionalDateEdit()
        self.acknowledged_on.setObjectName("confidentiality_acknowledged_on")
        self.acknowledged_on.edit.setAccessibleName("Acknowledged by the young person on")
        self.contacts = QTableWidget(0, 3)
        self.contacts.setObjectName("safeguarding_contacts")
        self.contacts.setAccessibleName("Safeguarding contacts")
        self.contacts.setHorizontalHeaderLabels(["Name", "Role", "Phone"])
        self.contacts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.contacts.verticalHeader().setVisible(False)
        self.contacts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.contacts.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.contacts.setMinimumHeight(110)
        self.add_contact_button = QPushButton("&Add a contact")
        self.add_contact_button.setObjectName("add_contact")
        self.add_contact_button.clicked.connect(self.add_contact)
        self.remove_contact_button = QPushButton("Remove contact")
        self.remove_contact_button.setObjectName("remove_contact")
        self.remove_contact_button.clicked.connect(self.remove_contact)
        limits_row = QHBoxLayout()
        limits_row.addWidget(self.limits, 1)
        limits_row.addWidget(self.fill_limits_button, 0, Qt.AlignmentFlag.AlignTop)
        contact_buttons = QHBoxLayout()
        contact_buttons.addWidget(self.add_contact_button)
        contact_buttons.addWidget(self.remove_contact_button)
        contact_buttons.addStretch(1)
        confidentiality_form = QFormLayout()
        limits_label = QLabel("&Limits")  # a row holding a layout gets no buddy by itself
        limits_label.setBuddy(self.limits)
        confidentiality_form.addRow(limits_label, limits_row)
        confidentiality_form.addRow("Explained on", self.explained_on)
        confidentiality_form.addRow("Acknowledged on", self.acknowledged_on)
        confidentiality_form.addRow("Safeguarding contacts", self.contacts)
        confidentiality_form.addRow("", contact_buttons)
        confidentiality = QGroupBox("Confidentiality")
        confidentiality.setLayout(confidentiality_form)

        self.channels: dict[str, QCheckBox] = {}
        channel_row = QHBoxLayout()
        for channel in ContactChannel:
            box = QCheckBox(channel.label)
            box.setObjectName(f"channel_{channel.value}")
            self.channels[channel.value] = box
            channel_row.addWidget(box)
        channel_row.addStretch(1)
        self.days: dict[str, QCheckBox] = {}
        day_row = QHBoxLayout()
        for day in Weekday:
            box = QCheckBox(day.label[:3])
            box.setObjectName(f"day_{day.value}")
            box.setAccessibleName(day.label)
            self.days[day.value] = box
            day_row.addWidget(box)
        day_row.addStretch(1)
        self.hours_from = _time_edit("hours_from", "Contact from")
        self.hours_to = _time_edit("hours_to", "Contact until")
        self.no_set_hours = QCheckBox("No set hours")
        self.no_set_hours.setObjectName("no_set_hours")
        self.no_set_hours.toggled.connect(self._hours_toggled)
        hours_row = QHBoxLayout()
        hours_row.addWidget(self.hours_from)
        hours_row.addWidget(QLabel("to"))
        hours_row.addWidget(self.hours_to)
        hours_row.addSpacing(12)
        hours_row.addWidget(self.no_set_hours)
        hours_row.addStretch(1)
        self.mentor_reply = _reply_spin("mentor_reply_hours", "The mentor replies within")
        self.learner_reply = _reply_spin("learner_reply_hours", "The young person replies within")
        replies = QGridLayout()
        replies.addWidget(QLabel("The mentor replies within"), 0, 0)
        replies.addWidget(self.mentor_reply, 0, 1)
        replies.addWidget(QLabel("The young person replies within"), 1, 0)
        replies.addWidget(self.learner_reply, 1, 1)
        replies.setColumnStretch(2, 1)
        self.contact_focus = _text_box(
            "contact_focus", "What contact between meetings is for, and not for", 2
        )
        self.contact_focus.setAccessibleName("Focus of contact")
        self.out_of_hours = _text_box(
            "out_of_hours_note", "What to do outside these hours, for example whom to call in a crisis", 2
        )
        self.out_of_hours.setAccessibleName("Out of hours")
        touch_form = QFormLayout()
        touch_form.addRow("Ways to get in touch", channel_row)
        touch_form.addRow("Days", day_row)
        touch_form.addRow("Hours", hours_row)
        touch_form.addRow("Replies", replies)
        touch_form.addRow("Focus of &contact", self.contact_focus)
        touch_form.addRow("Out of hours", self.out_of_hours)
        keeping_in_touch = QGroupBox("Keeping in touch")
        keeping_in_touch.setLayout(touch_form)

        self.empty = QLabel("Start a relationship to write its agreement.")
        self.empty.setObjectName("terms_empty")
        self.save_button = QPushButton("&Save")
        self.save_button.setObjectName("terms_save")
        self.save_button.setToolTip("Save the agreement, confidentiality and contact terms (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.save_state = QLabel()
        self.save_state.setObjectName("terms_save_state")
        save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, activated=self.save)
        save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.form = QWidget()
        form_layout = QVBoxLayout(self.form)
        for group in (agreement, confidentiality, keeping_in_touch):
            form_layout.addWidget(group)
        form_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.form)
        bottom = QHBoxLayout()
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.save_state, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)

        for box in [*self.texts.values(), self.limits, self.contact_focus, self.out_of_hours]:
            box.textChanged.connect(self._edited)
        for check in [*self.channels.values(), *self.days.values(), self.no_set_hours]:
            check.toggled.connect(self._edited)
        for edit in (self.hours_from, self.hours_to):
            edit.timeChanged.connect(self._edited)
        for spin in (self.mentor_reply, self.learner_reply):
            spin.valueChanged.connect(self._edited)
        for optional in (self.explained_on, self.acknowledged_on):
            optional.changed.connect(self._edited)
        self.contacts.itemChanged.connect(self._edited)
        self.contacts.itemSelectionChanged.connect(self._update_enabled)
        self._show(None)

    # -- reading ------------------------------------------------------------------------------------

    def show_relationship(self, learner_id: int | None, relationship: RelationshipView | None) -> None:
        if relationship is None or relationship.id != self.relationship_id:
            self.save_pending()  # words typed for the relationship being left are kept
        super().show_relationship(learner_id, relationship)

    def reload(self) -> None:
        relationship_id = self.relationship_id
        if relationship_id is None:
            self._show(None)
            return
        terms = self.run(lambda uow: mentoring.get_terms(uow, relationship_id=relationship_id))
        self._show(terms)

    def _show(self, terms: TermsInput | None) -> None:
        self._loading = True
        data = terms or TermsInput()
        for name, box in self.texts.items():
            box.setPlainText(getattr(data, name))
        self.limits.setPlainText(data.confidentiality_limits)
        self.explained_on.set_value(data.confidentiality_explained_on)
        self.acknowledged_on.set_value(data.confidentiality_acknowledged_on)
        self.contacts.setRowCount(0)
        for contact in data.safeguarding_contacts:
            self._append_contact(contact)
        for value, box in self.channels.items():
            box.setChecked(value in data.allowed_channels)
        for value, box in self.days.items():
            box.setChecked(value in data.allowed_days)
        no_hours = not data.hours_from.strip() and not data.hours_to.strip()
        self.no_set_hours.setChecked(no_hours)
        self.hours_from.setTime(_time(data.hours_from, QTime(9, 0)))
        self.hours_to.setTime(_time(data.hours_to, QTime(17, 0)))
        self.mentor_reply.setValue(data.mentor_reply_hours or 0)
        self.learner_reply.setValue(data.learner_reply_hours or 0)
        self.contact_focus.setPlainText(data.contact_focus)
        self.out_of_hours.setPlainText(data.out_of_hours_note)
        self._loading = False
        self._saved = self.value() if terms is not None else None
        self.empty.setVisible(terms is None)
        self.form.setEnabled(terms is not None)
        self._hours_toggled()
        self._update_enabled()
        self._show_save_state()

    def value(self) -> TermsInput:
        """What the page holds now, as the terms to save."""
        no_hours = self.no_set_hours.isChecked()
        return TermsInput(
            **{name: box.toPlainText().strip() for name, box in self.texts.items()},
            confidentiality_limits="\n".join(
                line.strip() for line in self.limits.toPlainText().splitlines() if line.strip()
            ),
            confidentiality_explained_on=self.explained_on.value_if_date(),
            confidentiality_acknowledged_on=self.acknowledged_on.value_if_date(),
            allowed_channels=tuple(v for v, box in self.channels.items() if box.isChecked()),
            allowed_days=tuple(v for v, box in self.days.items() if box.isChecked()),
            hours_from="" if no_hours else self.hours_from.time().toString("HH:mm"),
            hours_to="" if no_hours else self.hours_to.time().toString("HH:mm"),
            mentor_reply_hours=self.mentor_reply.value() or None,
            learner_reply_hours=self.learner_reply.value() or None,
            contact_focus=self.contact_focus.toPlainText().strip(),
            out_of_hours_note=self.out_of_hours.toPlainText().strip(),
            safeguarding_contacts=tuple(
                contact
                for contact in (self._contact(row) for row in range(self.contacts.rowCount()))
                if contact
            ),
        )

    def has_unsaved_changes(self) -> bool:
        return self._saved is not None and self.value() != self._saved

    # -- editing ------------------------------------------------------------------------------------

    def _edited(self, *_: object) -> None:
        if self._loading:
            return
        self._show_save_state()
        self._update_enabled()

    def _show_save_state(self) -> None:
        if self._saved is None:
            self.save_state.setText("")
        elif self.has_unsaved_changes():
            self.save_state.setText("Unsaved changes — Save keeps them (Ctrl+S)")
        else:
            self.save_state.setText("Saved")

    def _hours_toggled(self, *_: object) -> None:
        free = self.no_set_hours.isChecked()
        for edit in (self.hours_from, self.hours_to):
            edit.setEnabled(not free and self.editable)

    def _update_enabled(self) -> None:
        editable = self.editable
        for box in [*self.texts.values(), self.limits, self.contact_focus, self.out_of_hours]:
            box.setReadOnly(not editable)
        for widget in (
            *self.channels.values(),
            *self.days.values(),
            self.no_set_hours,
            self.mentor_reply,
            self.learner_reply,
            self.explained_on,
            self.acknowledged_on,
            self.fill_limits_button,
            self.add_contact_button,
        ):
            widget.setEnabled(editable)
        self.contacts.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            if editable
            else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        self.remove_contact_button.setEnabled(
            editable and bool(self.contacts.selectionModel().selectedRows())
        )
        self.save_button.setEnabled(editable and self.has_unsaved_changes())
        self._hours_toggled()

    def fill_usual_limits(self) -> None:
        """Add the usual limits that are not there yet, below what was written; nothing is saved until Save."""
        if not self.editable:
            return
        present = [line.strip() for line in self.limits.toPlainText().splitlines() if line.strip()]
        missing = [limit for limit in USUAL_LIMITS if limit not in present]
        self.limits.setPlainText("\n".join(present + missing))
        self.limits.setFocus()

    def add_contact(self) -> None:
        if not self.editable:
            return
        self._append_contact(SafeguardingContactInput(""))
        row = self.contacts.rowCount() - 1
        self.contacts.setCurrentCell(row, 0)
        self.contacts.setFocus()
        self.contacts.editItem(self.contacts.item(row, 0))

    def remove_contact(self) -> None:
        rows = self.contacts.selectionModel().selectedRows()
        if not rows or not self.editable:
            return
        self.contacts.removeRow(rows[0].row())
        self._edited()

    def _append_contact(self, contact: SafeguardingContactInput) -> None:
        row = self.contacts.rowCount()
        self.contacts.insertRow(row)
        for column, text in enumerate((contact.name, contact.role, contact.phone)):
            self.contacts.setItem(row, column, QTableWidgetItem(text))

    def _contact(self, row: int) -> SafeguardingContactInput | None:
        cells = [self.contacts.item(row, column) for column in range(3)]
        name, role, phone = (cell.text().strip() if cell is not None else "" for cell in cells)
        return SafeguardingContactInput(name, role, phone) if name or role or phone else None

    # -- saving -------------------------------------------------------------------------------------

    def save(self) -> bool:
        """Save the page; False (after a plain message) when it could not be saved."""
        if self.relationship_id is None or not self.editable or not dates_ready(self):
            return False
        if any(not contact.name for contact in self.value().safeguarding_contacts):
            self.save_state.setText("Each safeguarding contact needs a name before the page can be saved.")
            return False
        return self._store()

    def save_pending(self) -> None:
        """Before a lock, a close or a switch: keep what was typed (a contact without a name is left out)."""
        if self.editable and self.has_unsaved_changes():
            self._store()

    def _store(self) -> bool:
        relationship_id = self.relationship_id
        if relationship_id is None or not dates_ready(self):  # never a cleared date for one mistyped
            return False
        terms = self.value()

        def store(uow: UnitOfWork) -> bool:
            mentoring.save_terms(uow, relationship_id=relationship_id, terms=terms)
            return True

        if not self.run(store, commit=True):
            return False
        self._saved = terms
        self._show_save_state()
        self._update_enabled()
        return True


def _time(text: str, fallback: QTime) -> QTime:
    parsed = QTime.fromString(text.strip(), "HH:mm")
    return parsed if parsed.isValid() else fallback
