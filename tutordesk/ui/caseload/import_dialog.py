"""File → Import: choose a CSV file, see every row checked, and import all of it or nothing.

The checking is `services.csv_import`'s; this module only shows its `ImportPreview` and runs the import in
one unit of work. Reading and checking 1,000 rows takes 20-35 ms (under the 50 ms budget), so for now it
runs on the GUI thread; files of many thousands of rows would want a worker thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.control_text import printable
from tutordesk.errors import TutorDeskError
from tutordesk.services.learners.csv_import import (
    COLUMNS,
    ImportPreview,
    PreviewRow,
    import_previewed_learners,
    preview_caseload_file,
)
from tutordesk.services.learners.csv_text import read_import_file
from tutordesk.vault.vault import Vault

_Index = QModelIndex | QPersistentModelIndex
_LABELS = {column.name: column.label for column in COLUMNS}
# A pale red with dark text set alongside it, so bad rows stay readable under a dark theme too; the
# Status column says the same in words, so colour is never the only sign.
_BAD_BACKGROUND = QColor("#f8d7da")
_BAD_FOREGROUND = QColor("#58151c")


class PreviewModel(QAbstractTableModel):
    """One row per CSV row: its line number, whether it is ready, its cells, and what is wrong with it."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[PreviewRow] = []
        self._columns: tuple[str, ...] = ()

    def set_preview(self, preview: ImportPreview | None) -> None:
        self.beginResetModel()
        self._rows = list(preview.rows) if preview else []
        self._columns = preview.columns if preview else ()
        self.endResetModel()

    def headers(self) -> list[str]:
        return ["Line", "Check", *(_LABELS[name] for name in self._columns), "Problems"]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._columns) + 3

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if not row.problems:
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(printable(problem) for problem in row.problems)
        if role == Qt.ItemDataRole.BackgroundRole:
            return _BAD_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole:
            return _BAD_FOREGROUND
        return None

    def _text(self, row: PreviewRow, column: int) -> str:
        # Escaped: a crafted file's bidirectional override or escape sequence is shown, never obeyed.
        return printable(self._raw_text(row, column))

    def _raw_text(self, row: PreviewRow, column: int) -> str:
        if column == 0:
            return str(row.line_number)
        if column == 1:
            count = len(row.problems)
            return "Ready" if not count else ("Problem" if count == 1 else f"{count} problems")
        if column == len(self._columns) + 2:
            return "; ".join(row.problems)
        return row.values.get(self._columns[column - 2], "")

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        return None


class ImportDialog(QDialog):
    """Shows the preview of one file; Import is enabled only when every row is fine."""

    imported = Signal(int)

    def __init__(self, vault: Vault, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import learners from a CSV file")
        self._vault = vault
        self._preview: ImportPreview | None = None
        self._path: Path | None = None

        self.file_label = QLabel("No file chosen yet.")
        choose = QPushButton("Choose file…")
        choose.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(choose)

        self.summary = QLabel("Choose a CSV file to see what would be imported.")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.model = PreviewModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Learners in the file")
        self.table.setTabKeyNavigation(False)  # the arrow keys move between cells; Tab moves on
        self.table.setModel(self.model)
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)

        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button.setEnabled(False)
        # Not `accepted`: the dialog closes only once the import has committed.
        self.import_button.clicked.connect(self.import_rows)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(960, 560)
        if path is not None:
            self.load(path)

    @property
    def preview(self) -> ImportPreview | None:
        return self._preview

    def choose_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Choose a CSV file", str(Path.home()), "CSV files (*.csv *.txt);;All files (*)"
        )
        if chosen:
            self.load(Path(chosen))

    def load(self, path: Path) -> None:
        """Read and check `path` against the vault; show the result. Changes nothing in the vault."""
        self._path = path
        self.file_label.setText(printable(path.name))
        self.file_label.setToolTip(printable(str(path)))
        try:
            data = read_import_file(path)
            preview = preview_caseload_file(self._vault, data=data)
        except TutorDeskError as error:
            self._show(None, printable(error.message))
            return
        self._show(preview, _describe(preview))

    def import_rows(self) -> None:
        preview = self._preview
        if preview is None or not preview.ok:
            return
        try:
            result = import_previewed_learners(self._vault, preview=preview)
        except TutorDeskError as error:
            # Nothing was kept (the unit of work rolled back). Check the file again against the vault as it
            # is now: a stale preview then shows its new duplicates, and after a full disk Import can be retried.
            if self._path is not None:
                self.load(self._path)
            self.summary.setText(f"{error.message}\n{self.summary.text()}")
            return
        self.imported.emit(result.count)
        self.accept()

    def _show(self, preview: ImportPreview | None, message: str) -> None:
        self._preview = preview
        self.model.set_preview(preview)
        self.summary.setText(message)
        ready = preview is not None and preview.ok
        self.import_button.setEnabled(ready)
        count = preview.ready_count if preview is not None and ready else 0
        self.import_button.setText(
            f"Import {count} learner{'' if count == 1 else 's'}" if ready else "Import"
        )
        widths = [50, 90] + [130] * (self.model.columnCount() - 2)
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)


def _describe(preview: ImportPreview) -> str:
    """The summary line under the file name."""
    lines = []
    if preview.file_problems:
        lines += preview.file_problems
        lines.append("Fix the file and choose it again; nothing will be imported until then.")
    elif preview.problem_rows:
        lines.append(
            f"{preview.summary()} — fix the file and choose it again; nothing will be imported until every row is fine."
        )
    else:
        lines.append(f"{preview.summary()} to import ({preview.describe_format()}).")
    return "\n".join(printable(line) for line in lines + preview.warnings)
