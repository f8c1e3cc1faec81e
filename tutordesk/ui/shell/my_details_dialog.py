"""Your own details (name, role, organisation, how to reach you): the form, asked once as the last, optional
step of the first run and edited later from File > My details…. They are kept inside the vault through
`services.practitioner` and printed on documents where you sign or are named.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from tutordesk.errors import TutorDeskError
from tutordesk.services import practitioner
from tutordesk.services.practitioner import PractitionerProfile
from tutordesk.vault.vault import Vault

EXPLANATION = (
    "TutorDesk prints your name on contracts, review records and handover packs where you sign or are "
    "named, when a learner has no other key worker recorded. Your details stay inside the encrypted vault."
)


class DetailsForm(QWidget):
    """The four fields of your details."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = self._field("practitioner_name", "For example Priya Natarajan")
        self.role = self._field("practitioner_role", "For example Re-engagement tutor")
        self.organisation = self._field("practitioner_organisation", "Where you work")
        self.contact = self._field("practitioner_contact", "A work phone number or email address")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for text, field in (
            ("Your &name:", self.name),
            ("Your &role:", self.role),
            ("&Organisation:", self.organisation),
            ("How to reac&h you:", self.contact),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            field.setAccessibleName(text.replace("&", "").rstrip(":"))
            form.addRow(label, field)

    def _field(self, name: str, hint: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setPlaceholderText(hint)
        field.setMaxLength(practitioner.MAX_LENGTH)
        return field

    def profile(self) -> PractitionerProfile:
        """What is typed, as a profile."""
        return PractitionerProfile(
            name=self.name.text(),
            role=self.role.text(),
            organisation=self.organisation.text(),
            contact=self.contact.text(),
        )

    def show_profile(self, profile: PractitionerProfile) -> None:
        """Fill the fields from a kept profile."""
        self.name.setText(profile.name)
        self.role.setText(profile.role)
        self.organisation.setText(profile.organisation)
        self.contact.setText(profile.contact)


def save_details(parent: QWidget, vault: Vault, profile: PractitionerProfile) -> bool:
    """Keep `profile` in the vault; False after a plain message when it could not be saved."""
    try:
        with vault.unit_of_work() as uow:
            practitioner.save_profile(uow, profile=profile)
            uow.commit()
    except TutorDeskError as error:
        QMessageBox.warning(parent, "Your details are not saved", error.message)
        return False
    return True


class MyDetailsDialog(QDialog):
    """File > My details…: read your details from the vault, change them, save them."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("My details")
        self.vault = vault
        self.form = DetailsForm()
        with vault.unit_of_work() as uow:
            self.form.show_profile(practitioner.read_profile(uow))
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("&Save", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def save(self) -> None:
        if save_details(self, self.vault, self.form.profile()):
            self.accept()
