"""The Profile page of the Transitions tab: the young person's personal profile (strengths first, as
`forms/personal_profile.toml` orders it), the examples of good work kept with it, and the academic record.

Examples of work are read into memory and kept inside the vault; they are looked at from memory (images
through `QImage.fromData`, PDFs through `ui.pdf_preview`) and never copied to a temporary file. They are not
saved out from here either: a copy leaving TutorDesk is a disclosure, and disclosures go through the
handover pack, where they are recorded.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tutordesk.documents.forms import load_form
from tutordesk.domain.dates import short_date
from tutordesk.services.transitions import handover_material
from tutordesk.services.transitions.handover_material import (
    MAX_ATTACHMENT_BYTES,
    PROFILE_FORM,
    AttachmentView,
)
from tutordesk.ui.transitions.academic import AcademicRecordBox
from tutordesk.ui.widgets.dialogs import confirm
from tutordesk.ui.widgets.fields import dates_ready
from tutordesk.ui.widgets.form_editor import FormEditor
from tutordesk.ui.widgets.panel import Panel, PanelContext
from tutordesk.ui.widgets.panel_parts import READ_ONLY_NOTE
from tutordesk.ui.widgets.record_table import Column, RecordSection

log = logging.getLogger(__name__)

NOBODY = "Choose a learner in the caseload to see their profile."
INTRO = (
    "Write this with the young person, in their words, starting with what they are good at. They hold "
    "their own copy; a new setting sees only what they agree to share."
)
SAVED, UNSAVED = "Saved", "Unsaved changes"
KEPT_INSIDE = (
    "This file is kept safely in TutorDesk. It can't be opened here, and it is not saved out as a separate "
    "file: what leaves TutorDesk goes in a handover pack, where it is recorded."
)
FILE_TYPES = "Images and PDFs (*.png *.jpg *.jpeg *.gif *.pdf);;All files (*)"


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def attachment_columns() -> tuple[Column, ...]:
    return (
        Column("Title", lambda a: a.title, whole_tip=True),
        Column("Added on", lambda a: short_date(a.added_on)),
        Column("Size", lambda a: size_text(a.size)),
    )


def read_file(path: Path) -> bytes:
    """The file's bytes, read into memory only; one byte past the limit is enough to know it is too big."""
    with path.open("rb") as source:
        return source.read(MAX_ATTACHMENT_BYTES + 1)


class ImageDialog(QDialog):
    """An example of work that is an image, drawn from bytes in memory, fitted to a small window."""

    def __init__(self, title: str, data: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("image_dialog")
        self.setWindowTitle("Example of work")  # the title a tutor gave may name the young person
        heading = QLabel(title)
        heading.setObjectName("image_title")
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        self.image = QImage.fromData(data)
        self.picture = QLabel()
        self.picture.setObjectName("image_picture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setAccessibleName(title)
        if self.image.isNull():
            self.picture.setText("TutorDesk couldn't draw this picture; the file may be damaged.")
        else:
            pixmap = QPixmap.fromImage(self.image)
            if pixmap.width() > 760 or pixmap.height() > 560:
                pixmap = pixmap.scaled(
                    760, 560, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
            self.picture.setPixmap(pixmap)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.picture)
        close = QPushButton("Close")
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(scroll, 1)
        layout.addLayout(row)
        self.resize(800, 660)


class ProfilePanel(Panel):
    """The personal profile with its examples of good work, and the academic record, of one learner."""

    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("profile_panel")
        self.viewer: QDialog | None = None  # the example of work on screen, if any
        self._dirty = False
        self._shown_for: int | None = None  # whose answers are in the editor

        self.editor = FormEditor(load_form(PROFILE_FORM))
        self.editor.changed.connect(self._edited)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.save_button = QPushButton("&Save profile")
        self.save_button.setObjectName("profile_save")
        self.save_button.setToolTip("Save the profile (Ctrl+S)")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.saved_note = QLabel()
        self.saved_note.setObjectName("profile_saved_note")
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.saved_note, 1)
        profile = QGroupBox("Personal profile")
        profile.setObjectName("profile_box")
        column = QVBoxLayout(profile)
        column.addWidget(intro)
        column.addWidget(self.editor, 1)
        column.addLayout(save_row)
        shortcut = QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.work = RecordSection(
            "Examples of good work",
            "attachments",
            attachment_columns(),
            "No examples yet. Add a photo or a scan of something the young person is proud of: “Add…”.",
            "&Add example…",
            stretch=(0,),
        )
        self.work.add_button.setObjectName("attachment_add")
        self.work.add_button.setToolTip("Choose a picture or a PDF to keep with the profile")
        self.work.edit_button.setText("&Rename…")
        self.work.edit_button.setObjectName("attachment_rename")
        self.work.edit_button.setToolTip("Give the selected example a clearer title")
        self.work.delete_button.setText("Rem&ove…")
        self.work.delete_button.setObjectName("attachment_remove")
        self.work.delete_button.setToolTip("Delete the selected example from the vault (Del)")
        self.view_button = QPushButton("Vie&w")
        self.view_button.setObjectName("attachment_view")
        self.view_button.setToolTip("Look at the selected example (Enter or a double click)")
        self.view_button.setAutoDefault(False)
        self.work.buttons.insertWidget(0, self.view_button)
        self._wire_work()
        self.academic = AcademicRecordBox(self)

        self.read_only_note = QLabel(READ_ONLY_NOTE)
        self.read_only_note.setObjectName("read_only_note")
        self.read_only_note.hide()
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.work)
        right.addWidget(self.academic)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(profile)
        split.addWidget(right)
        split.setSizes([620, 620])
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.read_only_note)
        content_layout.addWidget(split, 1)
        self.nobody = QLabel(NOBODY)
        self.nobody.setObjectName("profile_nobody")
        self.nobody.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.nobody)
        self.stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.reload()

    def _wire_work(self) -> None:
        work = self.work
        work.add_button.clicked.connect(lambda: self.add_attachment())
        work.view.insert_requested.connect(lambda: self.add_attachment())
        work.edit_button.clicked.connect(lambda: self.rename_attachment())
        work.delete_button.clicked.connect(self.remove_attachment)
        work.view.delete_requested.connect(self.remove_attachment)
        work.view.edit_requested.connect(self.view_attachment)  # Enter or a double click looks at it
        self.view_button.clicked.connect(self.view_attachment)
        work.view.selectionModel().selectionChanged.connect(lambda *_: self._update_enabled())

    # --- reading ------------------------------------------------------------------------------------------

    @property
    def can_edit(self) -> bool:
        return self.learner_id is not None and not self.context.read_only

    @property
    def dirty(self) -> bool:
        return self._dirty

    def load(self, learner_id: int | None) -> None:
        if learner_id != self._shown_for:
            self.save_pending()  # typing for one learner is kept before another is shown
            self.academic.forget_undo()
        super().load(learner_id)

    def reload(self) -> None:
        learner_id = self.learner_id
        self.stack.setCurrentIndex(0 if learner_id is None else 1)
        found = None
        if learner_id is not None:
            found = self.run(
                lambda uow: (
                    handover_material.form_answers(uow, learner_id=learner_id, form_id=PROFILE_FORM),
                    handover_material.attachments(uow, learner_id=learner_id),
                    handover_material.academic_record(uow, learner_id=learner_id),
                )
            )
        answers, work, record = found or ({}, [], [])
        # Typing not saved yet stays on screen when something else asks for a redraw.
        if not (self._dirty and self._shown_for == learner_id):
            self.editor.set_values(answers)
            self._set_dirty(False)
        self._shown_for = learner_id
        self.work.set_rows(work)
        self.academic.show_rows(record)
        self._update_enabled()

    def _update_enabled(self) -> None:
        can_edit = self.can_edit
        self.read_only_note.setVisible(self.learner_id is not None and self.context.read_only)
        self.editor.set_read_only(not can_edit)
        self.save_button.setEnabled(can_edit and self._dirty)
        self.work.update_enabled(can_edit)
        self.view_button.setEnabled(self.learner_id is not None and self.work.view.selected() is not None)
        self.academic.update_enabled(can_edit)

    # --- the profile --------------------------------------------------------------------------------------

    def _edited(self) -> None:
        self._set_dirty(True)
        self.save_button.setEnabled(self.can_edit)

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.saved_note.setText(UNSAVED if dirty else (SAVED if self.learner_id is not None else ""))

    def save(self) -> bool:
        """Save the profile as typed; False (after a message) when it could not be saved."""
        learner_id = self.learner_id
        if learner_id is None or not self.can_edit or not dates_ready(self.editor):
            return False
        values = self.editor.values()
        saved = self.operate(
            lambda uow: handover_material.save_form_answers(
                uow, learner_id=learner_id, form_id=PROFILE_FORM, values=values
            )
        )
        if not saved:
            return False
        self._set_dirty(False)
        self._update_enabled()
        return True

    def save_pending(self) -> None:
        if self._dirty and self._shown_for is not None and self._shown_for == self.learner_id:
            self.save()

    # --- examples of good work ----------------------------------------------------------------------------

    def add_attachment(self, path: Path | None = None) -> int | None:
        """Keep a file with the profile (asks for it when `path` is None); returns the new example's id."""
        learner_id = self.learner_id
        if learner_id is None or not self.can_edit:
            return None
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self, "Add an example of good work", str(Path.home()), FILE_TYPES
            )
            if not chosen:
                return None
            path = Path(chosen)
        try:
            data = read_file(path)
        except OSError as error:
            log.info(
                "Could not read a chosen example of work: %s", error.strerror
            )  # no file name: it may name them
            QMessageBox.warning(
                self, "TutorDesk", "TutorDesk couldn't open that file. Check it is still there and try again."
            )
            return None
        today, name = self.context.today(), path.name
        added = self.run(
            lambda uow: handover_material.add_attachment(
                uow, learner_id=learner_id, title=name, file_name=name, data=data, added_on=today
            ),
            commit=True,
        )
        if added is None:
            return None
        self.reload()
        self.work.view.select_where(lambda a: a.id == added)
        return added

    def _chosen(self) -> AttachmentView | None:
        chosen: AttachmentView | None = self.work.view.selected()
        return chosen

    def rename_attachment(self, title: str | None = None) -> None:
        chosen = self._chosen()
        if chosen is None or not self.can_edit:
            return
        if title is None:
            typed, ok = QInputDialog.getText(
                self, "Rename the example", "Title:", QLineEdit.EchoMode.Normal, chosen.title
            )
            if not ok:
                return
            title = typed
        new_title = title
        self.run(
            lambda uow: handover_material.rename_attachment(uow, attachment_id=chosen.id, title=new_title),
            commit=True,
        )
        self.reload()

    def remove_attachment(self) -> None:
        chosen = self._chosen()
        if chosen is None or not self.can_edit:
            return
        if not confirm(
            self,
            f"Remove “{chosen.title}”?",
            "Remove",
            "The file is deleted from the vault. This cannot be undone.",
        ):
            return
        self.run(lambda uow: handover_material.remove_attachment(uow, attachment_id=chosen.id), commit=True)
        self.reload()

    def view_attachment(self) -> None:
        """Show the selected example from memory: images and PDFs on screen, other files only described."""
        chosen = self._chosen()
        if chosen is None:
            return
        found = self.run(lambda uow: handover_material.attachment_data(uow, attachment_id=chosen.id))
        if found is None:
            return
        mime, data = found
        viewer: QDialog
        if chosen.is_image:
            viewer = ImageDialog(chosen.title, data, self)
        elif mime == "application/pdf":
            from tutordesk.ui.widgets.pdf_preview import (
                PdfPreviewDialog,  # QtPdf only loads when it is needed
            )

            viewer = PdfPreviewDialog("Example of work", data, self)
        else:
            QMessageBox.information(self, "Example of work", KEPT_INSIDE)
            return
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.finished.connect(lambda _: setattr(self, "viewer", None))
        self.viewer = viewer
        viewer.open()
