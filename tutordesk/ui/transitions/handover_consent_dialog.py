"""The handover pack's dialogs: recording the young person's agreement to share (`ConsentDialog`: who
agreed, when, and which sections and sensitive fields, each one by one), withdrawing it
(`WithdrawDialog`), and showing the password of an encrypted pack once (`PasswordDialog`).

The password is never kept: the dialog holds it only while open, and "Copy password" marks the clipboard
as secret for clipboard managers and empties it again after a short while if it still holds the password.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.dates import long_date
from tutordesk.domain.transition_enums import ConsentGiver
from tutordesk.services.transitions.handover_consent import ConsentInput, ConsentView, PackSection
from tutordesk.services.transitions.moves import TransitionView
from tutordesk.ui.widgets.default_button import make_default
from tutordesk.ui.widgets.dialogs import RecordDialog, date_edit, fixed_width, text_box, to_date
from tutordesk.ui.widgets.fields import SENSITIVE_COLOUR, colour_text
from tutordesk.ui.widgets.form_editor import SENSITIVE_TEXT, SENSITIVE_TIP
from tutordesk.ui.widgets.secret_clipboard import CLEAR_CLIPBOARD_MS, copy_secret

NOT_AGREED_SECTION = (
    "The young person has not agreed to share this section with the receiving setting. To include it, "
    "record a new agreement with them."
)
NOT_AGREED_FIELD = (
    "The young person has not agreed to share this one. To include it, record a new agreement with them."
)


def sensitive_marker() -> QLabel:
    """The small "Sensitive" word beside a field that packs leave out unless it is chosen one by one."""
    marker = QLabel(SENSITIVE_TEXT)
    marker.setObjectName("sensitive_marker")
    marker.setToolTip(SENSITIVE_TIP)
    marker.setAccessibleDescription(SENSITIVE_TIP)
    colour_text(marker, SENSITIVE_COLOUR)
    font = marker.font()
    font.setBold(True)
    marker.setFont(font)
    return marker


def field_name(key: str) -> str:
    """The objectName of a sensitive field's check box: "sensitive_profile_home"."""
    return f"sensitive_{key.replace('.', '_')}"


class SectionChecks(QWidget):
    """A check box per pack section, and under each its sensitive fields, each a check box of its own
    (usable only while its section is ticked, as a field cannot leave without its section)."""

    def __init__(self, sections: Sequence[PackSection], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sections: dict[str, QCheckBox] = {}
        self.fields: dict[str, QCheckBox] = {}
        self._field_section: dict[str, str] = {}
        self._allowed_sections: frozenset[str] | None = None
        self._allowed_fields: frozenset[str] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for section in sections:
            box = QCheckBox(section.title)
            box.setObjectName(f"section_{section.id}")
            box.toggled.connect(self._sync)
            self.sections[section.id] = box
            layout.addWidget(box)
            for key, label in section.sensitive_fields:
                field = QCheckBox(label)
                field.setObjectName(field_name(key))
                field.setAccessibleDescription(f"{SENSITIVE_TEXT}. {SENSITIVE_TIP}")
                field.setToolTip(SENSITIVE_TIP)
                self.fields[key] = field
                self._field_section[key] = section.id
                row = QHBoxLayout()
                row.setContentsMargins(24, 0, 0, 0)  # under its section
                row.addWidget(field)
                row.addWidget(sensitive_marker())
                row.addStretch(1)
                layout.addLayout(row)
        self._sync()

    def set_chosen(
        self, sections: Sequence[str] | frozenset[str], fields: Sequence[str] | frozenset[str]
    ) -> None:
        for section_id, box in self.sections.items():
            box.setChecked(section_id in sections)
        for key, box in self.fields.items():
            box.setChecked(key in fields)
        self._sync()

    def chosen_sections(self) -> tuple[str, ...]:
        return tuple(s for s, box in self.sections.items() if box.isChecked() and box.isEnabled())

    def chosen_fields(self) -> tuple[str, ...]:
        return tuple(k for k, box in self.fields.items() if box.isChecked() and box.isEnabled())

    def limit_to(
        self, sections: Sequence[str] | frozenset[str] | None, fields: Sequence[str] | frozenset[str] | None
    ) -> None:
        """Offer only `sections` and `fields` (None: everything); the rest are greyed out, saying why."""
        self._allowed_sections = None if sections is None else frozenset(sections)
        self._allowed_fields = None if fields is None else frozenset(fields)
        for section_id, box in self.sections.items():
            allowed = self._allowed_sections is None or section_id in self._allowed_sections
            box.setEnabled(allowed)
            box.setToolTip("" if allowed else NOT_AGREED_SECTION)
        for key, box in self.fields.items():
            allowed = self._allowed_fields is None or key in self._allowed_fields
            box.setToolTip(SENSITIVE_TIP if allowed else NOT_AGREED_FIELD)
        self._sync()

    def _sync(self) -> None:
        for key, box in self.fields.items():
            section = self.sections[self._field_section[key]]
            allowed = self._allowed_fields is None or key in self._allowed_fields
            box.setEnabled(section.isChecked() and section.isEnabled() and allowed)


class ConsentDialog(RecordDialog):
    """Record an agreement to share parts of the pack with the receiving setting."""

    def __init__(
        self,
        *,
        sections: Sequence[PackSection],
        moves: Sequence[TransitionView],
        move_id: int | None,
        today: date,
        on_save: Callable[[ConsentInput], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Record an agreement to share", on_save, parent)
        self.setObjectName("consent_dialog")
        intro = QLabel(
            "Go through the pack with the young person and tick only what they agree the new setting may "
            "see. Sensitive fields are agreed one by one: leave them unticked unless they said yes to each."
        )
        intro.setWordWrap(True)
        self.by_learner = QRadioButton("The &young person")
        self.by_learner.setObjectName("given_by_learner")
        self.by_parent = QRadioButton("A &parent or carer")
        self.by_parent.setObjectName("given_by_parent")
        self._givers = QButtonGroup(self)
        self._givers.addButton(self.by_learner)
        self._givers.addButton(self.by_parent)
        self.by_learner.setChecked(True)
        self.parent_name = QLineEdit()
        self.parent_name.setObjectName("given_by_name")
        self.parent_name.setAccessibleName("Name of the parent or carer")
        self.parent_name.setPlaceholderText("Their name")
        self.by_parent.toggled.connect(self.parent_name.setEnabled)
        self.parent_name.setEnabled(False)
        who = QHBoxLayout()
        who.addWidget(self.by_learner)
        who.addWidget(self.by_parent)
        who.addWidget(self.parent_name, 1)
        self.given_on = date_edit(today)
        self.given_on.setObjectName("given_on")
        self.given_on.setAccessibleName("Agreed on")
        self.move = QComboBox()
        self.move.setObjectName("move")
        self.move.setAccessibleName("For which move")
        for move in moves:
            self.move.addItem(move.title, move.id)
        self.move.addItem("Any move to a new setting", None)
        self.move.setCurrentIndex(
            max(0, self.move.findData(move_id)) if move_id is not None else self.move.count() - 1
        )
        self.checks = SectionChecks(sections)
        what = QGroupBox("What they agreed to share")
        QVBoxLayout(what).addWidget(self.checks)
        self.note = text_box("How they agreed, and anything they asked for", 64)
        self.note.setObjectName("note")
        self.note.setAccessibleName("Note")
        form = QFormLayout()
        form.addRow("Who agreed", who)
        form.addRow("Agreed &on", fixed_width(self.given_on))
        form.addRow("For &which move", self.move)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(what)
        note_form = QFormLayout()
        note_form.addRow("&Note", self.note)
        layout.addLayout(note_form)
        self.finish(body)
        self.resize(620, 640)

    def value(self) -> ConsentInput:
        parent = self.by_parent.isChecked()
        return ConsentInput(
            given_by=(ConsentGiver.PARENT_CARER if parent else ConsentGiver.LEARNER).value,
            given_by_name=self.parent_name.text() if parent else "",
            sections=self.checks.chosen_sections(),
            sensitive_fields=self.checks.chosen_fields(),
            given_on=to_date(self.given_on),
            note=self.note.toPlainText(),
            transition_id=self.move.currentData(),
        )


class WithdrawDialog(RecordDialog):
    """The day the agreement was taken back; saving it is the confirmation."""

    def __init__(
        self,
        *,
        consent: ConsentView,
        today: date,
        on_save: Callable[[date], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Withdraw the agreement to share", on_save, parent)
        self.setObjectName("withdraw_dialog")
        self.save_button.setText("Withdraw")
        text = QLabel(
            f"The agreement of {long_date(consent.given_on)} will no longer be in force: no pack can be saved "
            "for the receiving setting until a new one is recorded. It stays on record, dated, so the history "
            "shows what was agreed when. Packs that have already left are not recalled; let the setting know."
        )
        text.setWordWrap(True)
        self.withdrawn_on = date_edit(max(today, consent.given_on))
        self.withdrawn_on.setObjectName("withdrawn_on")
        self.withdrawn_on.setAccessibleName("Withdrawn on")
        form = QFormLayout()
        form.addRow("Withdrawn &on", fixed_width(self.withdrawn_on))
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(text)
        layout.addLayout(form)
        self.finish(body)
        self.resize(520, 220)

    def value(self) -> date:
        return to_date(self.withdrawn_on)

    def is_dirty(self) -> bool:
        return False  # nothing typed worth asking about


class PasswordDialog(QDialog):
    """The password of an encrypted pack, shown this once."""

    def __init__(self, password: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("password_dialog")
        self.setWindowTitle("The password for the pack")
        heading = QLabel("<b>Write this password down now. TutorDesk will not show it again.</b>")
        heading.setWordWrap(True)
        self.password = QLineEdit(password)
        self.password.setObjectName("password")
        self.password.setAccessibleName("Password")
        self.password.setReadOnly(True)
        self.password.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.password.setMinimumWidth(self.password.fontMetrics().horizontalAdvance(password) + 24)
        explain = QLabel(
            "The password is not kept anywhere, not even in TutorDesk. Whoever opens the file needs it. "
            "Send it separately from the file — for example, read it out by phone — never in the same "
            "email or envelope."
        )
        explain.setObjectName("password_explanation")
        explain.setWordWrap(True)
        self.copy_button = QPushButton("&Copy password")
        self.copy_button.setObjectName("copy_password")
        self.copy_button.setToolTip(
            f"Put it on the clipboard; it is emptied again after {CLEAR_CLIPBOARD_MS // 1000} seconds"
        )
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy)
        self.copied = QLabel()
        self.copied.setObjectName("copied_note")
        done = QPushButton("I have &noted it")
        done.setObjectName("done")
        done.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addWidget(self.copied, 1)
        row.addWidget(done)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.password)
        layout.addWidget(explain)
        layout.addLayout(row)
        make_default(done, self.copy_button)
        self.finished.connect(lambda _result: self.password.setText(""))  # gone from the screen for good
        self.setMinimumWidth(520)
        self.password.setFocus()
        self.password.selectAll()

    def copy(self) -> None:
        copy_secret(self.password.text())
        self.copied.setText(f"Copied. The clipboard is emptied in {CLEAR_CLIPBOARD_MS // 1000} seconds.")


def giver_text(consent: ConsentView) -> str:
    """ "the young person" or "a parent or carer, Sam Patel"."""
    if consent.given_by == ConsentGiver.PARENT_CARER and consent.given_by_name.strip():
        return f"{consent.giver_label.lower()}, {consent.given_by_name.strip()}"
    return consent.giver_label.lower()
