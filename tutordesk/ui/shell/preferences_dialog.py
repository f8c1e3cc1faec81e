"""Preferences (File → Preferences…, Ctrl+,): the settings of `tutordesk.settings` that a tutor may change.

Every value is typed and checked here, with a plain message next to its field; Save (or Enter) writes the
settings file atomically only when every value is right, and the window takes the new values at once (the
idle lock's minutes, backups, and the caseload's risk levels and contact-due days read again). Cancel or
Escape leave the file as it was. Where the window has its practitioner's details (`open_my_details`),
a "My details…" button opens them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tutordesk.settings import Settings

#: The languages printed documents can be written in (the forms exist in English only for now).
DOCUMENT_LANGUAGES = {"en": "English"}
ERROR_STYLE = "color: #a61b1b"


@dataclass(frozen=True)
class NumberRule:
    """What one number field accepts, and how to say so."""

    setting: str
    label: str
    low: float
    high: float
    whole: bool
    unit: str = ""

    def check(self, text: str) -> tuple[float | int | None, str]:
        """The value typed, or None with a plain message."""
        typed = text.strip().replace(",", ".")
        need = (
            f"a whole number from {self.low:g} to {self.high:g}"
            if self.whole
            else (f"a number from {self.low:g} to {self.high:g}")
        )
        if not typed:
            return None, f"Type {need}."
        try:
            value: float | int = int(typed) if self.whole else float(typed)
        except ValueError:
            return None, f"“{text.strip()}” is not a number: type {need}."
        if not self.low <= value <= self.high:
            return None, f"Type {need}{' ' + self.unit if self.unit else ''}."
        return value, ""


DOMAIN_LABELS = {
    "personal": "Personal",
    "social": "Social",
    "family": "Family",
    "institutional": "School or college",
    "structural": "Wider circumstances",
}

RULES = [
    NumberRule("idle_lock_minutes", "Lock after (minutes without use)", 1, 240, True, "minutes"),
    NumberRule("backups_to_keep", "Backups to keep", 1, 365, True),
    NumberRule("no_contact_days", "Ask for contact after (days without any contact)", 1, 365, True, "days"),
    NumberRule("due_horizon_days", "Due panel looks ahead (days)", 1, 90, True, "days"),
    *(
        NumberRule(f"risk_domain_weights.{domain}", label, 0, 10, False)
        for domain, label in DOMAIN_LABELS.items()
    ),
    NumberRule("risk_protective_weight", "Each protective factor takes off", 0, 10, False),
    NumberRule("risk_medium_at", "Medium risk from a score of", 0.1, 100, False),
    NumberRule("risk_high_at", "High risk from a score of", 0.1, 100, False),
]
WARNING_RULES = [
    NumberRule("attendance_warning_percent", "Flag attendance at or below (%)", 1, 100, False, "%"),
    NumberRule("attendance_weeks", "Judge attendance over (weeks)", 1, 52, True, "weeks"),
    NumberRule("attendance_minimum_sessions", "Only over at least (possible sessions)", 1, 1000, True),
    NumberRule("grade_fall_for_warning", "Flag marks falling by (grades)", 0.5, 10, False),
    NumberRule("incidents_for_warning", "Flag this many incidents", 1, 52, True),
    NumberRule("disengagement_for_warning", "Flag disengagement noticed this often", 1, 52, True),
    NumberRule("incident_weeks", "Counting incidents over (weeks)", 1, 52, True, "weeks"),
]
ALL_RULES = [*RULES, *WARNING_RULES]


def parse_day_and_month(text: str) -> tuple[int, int] | None:
    """(month, day) from "1/9", "01/09" or "01.09" (day first), or None when it is not a day of the year."""
    parts = text.strip().replace(".", "/").replace("-", "/").split("/")
    if len(parts) != 2 or not all(part.strip().isdigit() for part in parts):
        return None
    day, month = int(parts[0]), int(parts[1])
    try:
        date(2001, month, day)
    except ValueError:
        return None
    return month, day


def _current(settings: Settings, name: str) -> float | int:
    if name.startswith("risk_domain_weights."):
        return settings.risk_domain_weights.get(name.split(".", 1)[1], 1.0)
    value = getattr(settings, name)
    assert isinstance(value, (int, float))
    return value


class PreferencesDialog(QDialog):
    """The form; `chosen` holds the new settings once saved."""

    def __init__(
        self,
        settings: Settings,
        settings_file: Path | None,
        parent: QWidget | None = None,
        *,
        open_my_details: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("preferences_dialog")
        self.setWindowTitle("Preferences")
        self._settings = settings
        self._file = settings_file
        self.chosen: Settings | None = None
        self.fields: dict[str, QLineEdit] = {}
        self.messages: dict[str, QLabel] = {}

        self.daily_backup = QCheckBox("Take a &backup each day, the first time the vault is opened")
        self.daily_backup.setObjectName("pref_daily_backup")
        self.daily_backup.setChecked(settings.daily_backup)
        self.language = QComboBox()
        self.language.setObjectName("pref_language")
        self.language.setAccessibleName("Language of printed documents")
        for code, name in DOCUMENT_LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.document_language)))
        self.language.setToolTip("Contracts, packs and other documents are printed in English for now.")

        self.count_excused = QCheckBox("Count e&xcused absences as missed sessions")
        self.count_excused.setObjectName("pref_count_excused_absence")
        self.count_excused.setChecked(settings.count_excused_absence)
        month, day = settings.warning_rules().school_year_starts
        self.year_start = QLineEdit(f"{day:02d}/{month:02d}")
        self.year_start.setObjectName("pref_school_year_starts")
        self.year_start.setAccessibleName("The school year starts on (day/month)")
        self.year_start.setToolTip(
            "No early-warning rule looks back past this day, e.g. 01/09 for 1 September."
        )
        self.year_start_message = QLabel()
        self.year_start_message.setObjectName("pref_school_year_starts_message")
        self.year_start_message.setStyleSheet(ERROR_STYLE)
        self.year_start_message.hide()
        self.year_start.textEdited.connect(lambda _text: self.year_start_message.hide())

        locking = self._group("Locking and backups", RULES[:2], extra=self.daily_backup)
        caseload = self._group("The caseload", RULES[2:4])
        risk = self._group("Risk levels", RULES[4:])
        risk_note = QLabel(
            "Each open risk factor counts its area's weight; protective factors take some off. "
            "The total decides whether a learner shows as low, medium or high risk."
        )
        risk_note.setWordWrap(True)
        risk.layout().insertRow(0, risk_note)  # type: ignore[union-attr]
        warning = self._group("Early warning", WARNING_RULES, extra=self.count_excused)
        warning_note = QLabel(
            "Flags show on the caseload when a learner's attendance, marks or behaviour cross these lines. "
            "Any contact logged after the newest sign marks a flag as followed up."
        )
        warning_note.setWordWrap(True)
        warning_form = warning.layout()
        assert isinstance(warning_form, QFormLayout)
        warning_form.insertRow(0, warning_note)
        year_label = QLabel("School &year starts on (day/month):")
        year_label.setBuddy(self.year_start)
        warning_form.addRow(year_label, self.year_start)
        warning_form.addRow(self.year_start_message)
        documents = QGroupBox("Printed documents")
        documents_form = QFormLayout(documents)
        language_label = QLabel("&Language:")
        language_label.setBuddy(self.language)
        documents_form.addRow(language_label, self.language)
        self.my_details_button: QPushButton | None = None
        if open_my_details is not None:
            self.my_details_button = QPushButton("&My details…")
            self.my_details_button.setObjectName("pref_my_details")
            self.my_details_button.setAutoDefault(False)
            self.my_details_button.setToolTip("Your name, role and organisation, as documents print them")
            self.my_details_button.clicked.connect(lambda: open_my_details())
            documents_form.addRow(self.my_details_button)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)  # Enter saves
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        # Two pages, so the dialog fits a 1366x768 screen: the everyday settings, and the caseload's judgements.
        self.pages = QTabWidget()
        self.pages.setObjectName("preferences_pages")
        self.pages.setAccessibleName("Preferences pages")
        for title, groups in (
            ("&General", (locking, caseload, documents)),
            ("&Risk and early warning", (risk, warning)),
        ):
            page = QWidget()
            column = QVBoxLayout(page)
            for group in groups:
                column.addWidget(group)
            column.addStretch(1)
            self.pages.addTab(page, title)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.buttons)

    def _group(self, title: str, rules: list[NumberRule], *, extra: QWidget | None = None) -> QGroupBox:
        group = QGroupBox(title)
        form = QFormLayout(group)
        for rule in rules:
            field = QLineEdit(f"{_current(self._settings, rule.setting):g}")
            field.setObjectName(f"pref_{rule.setting.replace('.', '_')}")
            field.setAccessibleName(rule.label)
            message = QLabel()
            message.setObjectName(f"{field.objectName()}_message")
            message.setStyleSheet(ERROR_STYLE)
            message.setWordWrap(True)
            message.hide()
            field.textEdited.connect(lambda _text, m=message: m.hide())
            column = QVBoxLayout()
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(field)
            column.addWidget(message)
            holder = QWidget()
            holder.setLayout(column)
            label = QLabel(rule.label + ":")
            label.setBuddy(field)
            form.addRow(label, holder)
            self.fields[rule.setting] = field
            self.messages[rule.setting] = message
        if extra is not None:
            form.addRow(extra)
        return group

    # -- checking and saving --------------------------------------------------------------------------

    def checked(self) -> Settings | None:
        """The settings as typed, or None after showing a message next to each wrong value."""
        values: dict[str, float | int] = {}
        first_wrong: QLineEdit | None = None
        for rule in ALL_RULES:
            value, problem = rule.check(self.fields[rule.setting].text())
            self._say(rule.setting, problem)
            if value is None:
                first_wrong = first_wrong or self.fields[rule.setting]
            else:
                values[rule.setting] = value
        medium, high = values.get("risk_medium_at"), values.get("risk_high_at")
        if medium is not None and high is not None and high <= medium:
            self._say("risk_high_at", "High risk must start at a higher score than medium risk.")
            first_wrong = first_wrong or self.fields["risk_high_at"]
        year_start = parse_day_and_month(self.year_start.text())
        if year_start is None:
            self.year_start_message.setText("Type a day and month, like 01/09 for 1 September.")
            self.year_start_message.show()
            first_wrong = first_wrong or self.year_start
        if first_wrong is not None:
            self._show_page_of(first_wrong)
            first_wrong.setFocus()
            first_wrong.selectAll()
            return None
        weights = dict(self._settings.risk_domain_weights)
        plain: dict[str, object] = {}
        for name, value in values.items():
            if name.startswith("risk_domain_weights."):
                weights[name.split(".", 1)[1]] = float(value)
            else:
                plain[name] = value if isinstance(value, int) else float(value)
        return dataclasses.replace(
            self._settings,
            **plain,  # type: ignore[arg-type]
            risk_domain_weights=weights,
            daily_backup=self.daily_backup.isChecked(),
            document_language=str(self.language.currentData()),
            count_excused_absence=self.count_excused.isChecked(),
            school_year_starts=f"{year_start[0]:02d}-{year_start[1]:02d}" if year_start else "09-01",
        )

    def _show_page_of(self, widget: QWidget) -> None:
        for index in range(self.pages.count()):
            page = self.pages.widget(index)
            if page is not None and page.isAncestorOf(widget):
                self.pages.setCurrentIndex(index)

    def _say(self, setting: str, problem: str) -> None:
        message = self.messages[setting]
        message.setText(problem)
        message.setVisible(bool(problem))

    def save(self) -> bool:
        """Check every value; write the settings file atomically and close, or keep the dialog open."""
        chosen = self.checked()
        if chosen is None:
            return False
        if self._file is not None:
            try:
                chosen.save(self._file)
            except OSError as error:
                QMessageBox.warning(
                    self,
                    "Preferences not saved",
                    f"TutorDesk could not write its settings ({error.strerror or error}); nothing was changed.",
                )
                return False
        self.chosen = chosen
        self.accept()
        return True


def edit_preferences(window: QWidget) -> Settings | None:
    """Preferences for the main window `window` (its `settings`, `settings_file` and `apply_settings`;
    `open_my_details` when it has one): the new settings, applied at once, or None when cancelled."""
    open_my_details = getattr(window, "open_my_details", None)
    dialog = PreferencesDialog(
        window.settings,  # type: ignore[attr-defined]
        getattr(window, "settings_file", None),
        window,
        open_my_details=open_my_details if callable(open_my_details) else None,
    )
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
        return None
    window.apply_settings(dialog.chosen)  # type: ignore[attr-defined]
    return dialog.chosen
