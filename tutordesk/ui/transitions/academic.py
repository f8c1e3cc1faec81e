"""The academic record on the Transitions tab: settings attended, courses, qualifications and units, and
achievements with their dates (`AcademicRecordBox`), and the dialog for one line of it (`AcademicDialog`).

Removing a line is taken back with Undo rather than asked about first: the service hands back what it
removed, so putting it back costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from tutordesk.domain.dates import short_date
from tutordesk.domain.transition_enums import AcademicKind
from tutordesk.services.transitions import handover_material
from tutordesk.services.transitions.handover_material import AcademicInput, AcademicView
from tutordesk.ui.widgets.dialogs import RecordDialog, fixed_width, text_box
from tutordesk.ui.widgets.fields import OptionalDateEdit
from tutordesk.ui.widgets.panel import Panel
from tutordesk.ui.widgets.panel_parts import UndoBar
from tutordesk.ui.widgets.record_table import Column, RecordSection

EMPTY = (
    "Nothing in the academic record yet. Add the settings the young person has attended, the courses they "
    "followed, and what they achieved — achievements first, not only the gaps."
)


def dates_text(entry: AcademicInput) -> str:
    """ "Sep 2024 – Jul 2026", "From 3 Sep 2024", "Until 18 Jul 2026", or "" when undated."""
    start, end = entry.started_on, entry.ended_on
    if start and end:
        return f"{short_date(start)} – {short_date(end)}"
    if start:
        return f"From {short_date(start)}"
    return f"Until {short_date(end)}" if end else ""


def academic_columns() -> tuple[Column, ...]:
    return (
        Column("Kind", lambda e: AcademicKind(e.kind).label),
        Column("Title", lambda e: e.title, whole_tip=True),
        Column("Setting", lambda e: e.setting, whole_tip=True),
        Column("Dates", dates_text),
        Column("Result or progress", lambda e: e.result, whole_tip=True),
    )


class AcademicDialog(RecordDialog):
    """A new line of the academic record (`entry=None`) or an existing one."""

    def __init__(
        self,
        *,
        entry: AcademicInput | None,
        on_save: Callable[[AcademicInput], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit academic record" if entry else "Add to the academic record", on_save, parent)
        self.setObjectName("academic_dialog")
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        self.kind.setAccessibleName("Kind")
        for kind in AcademicKind:
            self.kind.addItem(kind.label, kind.value)
        self.entry_title = QLineEdit()
        self.entry_title.setObjectName("title")
        self.entry_title.setAccessibleName("Title")
        self.entry_title.setPlaceholderText("The setting, course, qualification or achievement")
        self.setting = QLineEdit()
        self.setting.setObjectName("setting")
        self.setting.setAccessibleName("Setting")
        self.setting.setPlaceholderText("Where it was, if it helps")
        self.started_on = OptionalDateEdit()
        self.started_on.setObjectName("started_on")
        self.started_on.setAccessibleName("Started")
        self.ended_on = OptionalDateEdit()
        self.ended_on.setObjectName("ended_on")
        self.ended_on.setAccessibleName("Ended")
        self.result = QLineEdit()
        self.result.setObjectName("result")
        self.result.setAccessibleName("Result or progress")
        self.result.setPlaceholderText("A grade, a level reached, or how it is going")
        self.note = text_box("Anything else worth knowing", 72)
        self.note.setObjectName("note")
        self.note.setAccessibleName("Note")
        if entry is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(entry.kind)))
            self.entry_title.setText(entry.title)
            self.setting.setText(entry.setting)
            self.started_on.set_value(entry.started_on)
            self.ended_on.set_value(entry.ended_on)
            self.result.setText(entry.result)
            self.note.setPlainText(entry.note)
        body = QWidget()
        form = QFormLayout(body)
        form.addRow("&Kind", fixed_width(self.kind))
        form.addRow("&Title", self.entry_title)
        form.addRow("S&etting", self.setting)
        form.addRow("&Started", fixed_width(self.started_on))
        form.addRow("En&ded", fixed_width(self.ended_on))
        form.addRow("&Result or progress", self.result)
        form.addRow("N&ote", self.note)
        self.finish(body)
        self.resize(560, 380)
        self.entry_title.setFocus()

    def value(self) -> AcademicInput:
        return AcademicInput(
            title=self.entry_title.text(),
            kind=self.kind.currentData(),
            setting=self.setting.text(),
            started_on=self.started_on.value(),
            ended_on=self.ended_on.value(),
            result=self.result.text(),
            note=self.note.toPlainText(),
        )


class AcademicRecordBox(RecordSection):
    """The academic record of the panel's learner, with Add, Edit and Remove (Undo puts a line back)."""

    def __init__(self, panel: Panel) -> None:
        super().__init__(
            "Academic record",
            "academic_record",
            academic_columns(),
            EMPTY,
            "A&dd entry…",
            stretch=(1, 4),
        )
        self.setObjectName("academic_box")
        self.panel = panel
        self.dialog: AcademicDialog | None = None  # while it is open
        self.add_button.setObjectName("academic_add")
        self.add_button.setToolTip("Add a setting, course, qualification or achievement (Ins in the list)")
        self.edit_button.setText("Ed&it…")
        self.edit_button.setToolTip("Change the selected line (Enter)")
        self.edit_button.setObjectName("academic_edit")
        self.delete_button.setText("Remove en&try")
        self.delete_button.setObjectName("academic_remove")
        self.delete_button.setToolTip("Remove the selected line (Del); Undo puts it back")
        self.undo = UndoBar("academic", self)
        self.undo.button.clicked.connect(self.undo_remove)
        self.layout().addWidget(self.undo)
        self._removed: AcademicInput | None = None
        shortcut = QShortcut(QKeySequence.StandardKey.Undo, self, activated=self.undo_remove)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.wire(lambda: self.edit(new=True), self.edit, self.remove)

    @property
    def can_edit(self) -> bool:
        return self.panel.learner_id is not None and not self.panel.context.read_only

    def show_rows(self, rows: list[AcademicView]) -> None:
        self.set_rows(rows)
        self.update_enabled(self.can_edit)

    def reload(self) -> None:
        learner_id = self.panel.learner_id
        rows = None
        if learner_id is not None:
            rows = self.panel.run(lambda uow: handover_material.academic_record(uow, learner_id=learner_id))
        self.show_rows(rows or [])

    def forget_undo(self) -> None:
        """Another learner is shown: what was removed from the last one can no longer be put back here."""
        self._removed = None
        self.undo.offer(None)

    def edit(self, *, new: bool = False) -> None:
        chosen: AcademicView | None = None if new else self.view.selected()
        if not self.can_edit or (chosen is None and not new):
            return
        entry_id = chosen.id if chosen is not None else None
        dialog = AcademicDialog(entry=chosen, on_save=lambda value: self._save(value, entry_id), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def _save(self, value: AcademicInput, entry_id: int | None) -> bool:
        learner_id = self.panel.learner_id
        if learner_id is None:
            return False
        saved = self.panel.run(
            lambda uow: handover_material.save_academic_entry(
                uow, learner_id=learner_id, data=value, entry_id=entry_id
            ),
            commit=True,
        )
        if saved is None:
            return False
        self.undo.offer(None)
        self.reload()
        self.view.select_where(lambda r: r.id == saved)
        return True

    def remove(self) -> None:
        chosen: AcademicView | None = self.view.selected()
        if not self.can_edit or chosen is None:
            return
        removed = self.panel.run(
            lambda uow: handover_material.remove_academic_entry(uow, entry_id=chosen.id), commit=True
        )
        self.reload()
        if removed is not None:
            self._removed = removed
            self.undo.offer(f"Removed “{removed.title}” from the academic record.")

    def undo_remove(self) -> None:
        removed, learner_id = self._removed, self.panel.learner_id
        if removed is None or learner_id is None or not self.can_edit:
            return
        saved = self.panel.run(
            lambda uow: handover_material.save_academic_entry(uow, learner_id=learner_id, data=removed),
            commit=True,
        )
        if saved is None:
            return
        self._removed = None
        self.undo.offer(None)
        self.reload()
        self.view.select_where(lambda r: r.id == saved)
