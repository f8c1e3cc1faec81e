"""The raw floors every figure is measured against: what the same work costs with no TutorDesk code.

- queries: the very statements a service sent (seen with `unit_of_work.recorded_statements`), replayed
  with their parameters on a bare sqlcipher3 connection with TutorDesk's pragmas, `fetchall()`;
- windows: a bare PySide6 table model reset and repainted, a bare window or dialog with as many tabs;
- start-up: a fresh process importing the same libraries as TutorDesk's (every module it had loaded but
  TutorDesk's own: PySide6, SQLModel with SQLAlchemy and pydantic, sqlcipher3, and for the unlock
  keyring, cryptography, argon2-cffi, platformdirs) and painting an empty window of the same tabs with an
  empty table model (`FLOOR_CHILD`);
- PDFs: a bare reportlab document of the same text in the same font.

Qt and reportlab are imported inside the functions: the vault figures need neither.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from tutordesk.vault import engine as sql


def raw_connection(path: Path, key: bytes) -> Any:
    """A bare sqlcipher3 connection with TutorDesk's pragmas (no SQLAlchemy)."""
    return sql.connect(path, key)


def replay(raw: Any, statements: Sequence[tuple[str, Any]]) -> int:
    """Run captured statements raw; returns the rows fetched."""
    fetched = 0
    for statement, parameters in statements:
        fetched += len(raw.execute(statement, parameters).fetchall())
    return fetched


# -- Qt ---------------------------------------------------------------------------------------------------


@cache
def bare_model_class() -> type:
    """A table model that shows the first 20 characters of each row's text, in every column."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

    class BareModel(QAbstractTableModel):
        def __init__(self, columns: int) -> None:
            super().__init__()
            self.rows: list[Any] = []
            self.text: Callable[[Any], str] = str
            self.columns = columns

        def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
            return len(self.rows)

        def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
            return self.columns

        def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
            return self.text(self.rows[index.row()])[:20] if role == Qt.ItemDataRole.DisplayRole else None

        def show(self, rows: list[Any], text: Callable[[Any], str] = str) -> None:
            self.beginResetModel()
            self.rows = rows
            self.text = text
            self.endResetModel()

    return BareModel


def bare_table(columns: int) -> tuple[Any, Any]:
    """A bare model in a shown table view of the caseload's size: (model, view)."""
    from PySide6.QtWidgets import QTableView

    model = bare_model_class()(columns)
    view = QTableView()
    view.setModel(model)
    view.resize(1200, 600)
    view.show()
    return model, view


def bare_tabbed_window(tab_names: Sequence[str], inner_pages: Sequence[int]) -> Any:
    """A shown window with a tab per name; tab i (after the first) holds `inner_pages[i - 1]` empty pages."""
    from PySide6.QtWidgets import QMainWindow, QTabWidget, QWidget

    window = QMainWindow()
    tabs = QTabWidget()
    tabs.addTab(QWidget(), tab_names[0])
    for name, pages in zip(tab_names[1:], inner_pages, strict=True):
        inner = QTabWidget()
        for number in range(pages):
            inner.addTab(QWidget(), f"Page {number + 1}")
        tabs.addTab(inner, name)
    window.setCentralWidget(tabs)
    window.resize(1280, 760)
    window.show()
    window.grab()
    return window


def bare_dialog(parent: Any, tabs: int) -> Any:
    """A bare dialog with `tabs` empty pages, shown and painted (the floor of a learner's profile)."""
    from PySide6.QtWidgets import QDialog, QTabWidget, QVBoxLayout, QWidget

    dialog = QDialog(parent)
    pages = QTabWidget()
    for number in range(tabs):
        pages.addTab(QWidget(), f"Page {number + 1}")
    QVBoxLayout(dialog).addWidget(pages)
    dialog.resize(900, 700)
    dialog.show()
    dialog.grab()
    return dialog


# -- a fresh process --------------------------------------------------------------------------------------

#: The modules of a process, but TutorDesk's own: what the floor of start-up imports (`libraries` below).
#: PySide6 builds the Python type of a Qt class (with its enums) when it is first named, not when its module
#: is imported: `qt_types` lists the types the process had built, by module, so that the floor can build
#: them too. Naming `Qt` alone builds every enum of the Qt namespace (about 50 ms here).
_LIBRARIES = """
libraries = [name for name in sys.modules if not name.startswith(("tutordesk", "__main__", "__editable__"))]
qt_types = {
    name: sorted(key for key, value in vars(module).items() if isinstance(value, type))
    for name, module in list(sys.modules.items())
    if name.startswith("PySide6.Qt") and module is not None
}
"""
_RSS = """
rss = next((int(line.split()[1]) / 1024 for line in open("/proc/self/status") if line.startswith("VmRSS:")), 0.0)
"""

#: Prints {"seconds": …, "rss_mib": …}: the same libraries as TutorDesk's process (their module names and
#: the Qt types it had built on standard input, as `WINDOW_CHILD` listed them), then an empty window of the
#: same tabs (the caseload's with an empty table model and an empty Due table), first paint. argv: the tab
#: names, comma-separated; "modules-only" to import the modules without building those Qt types.
FLOOR_CHILD = (
    r"""
import json, sys, time
start = time.perf_counter()
import importlib
listed = json.load(sys.stdin)
for name in listed["libraries"]:
    try:
        importlib.import_module(name)
    except Exception:  # a module made at run time, or one that only imports as part of another
        pass
if sys.argv[2:] != ["modules-only"]:
    for name, types in listed["qt_types"].items():
        module = importlib.import_module(name)
        for type_name in types:
            getattr(module, type_name)
from PySide6.QtCore import QAbstractTableModel, QModelIndex
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow, QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget

class Empty(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()): return 0
    def columnCount(self, parent=QModelIndex()): return 8
    def data(self, index, role=0): return None

app = QApplication([])
window = QMainWindow()
tabs = QTabWidget()
caseload = QWidget()
layout = QVBoxLayout(caseload)
layout.addWidget(QLineEdit())
split = QSplitter()
for model in (Empty(), Empty()):
    view = QTableView(); view.setModel(model); split.addWidget(view)
layout.addWidget(split)
names = sys.argv[1].split(",")
tabs.addTab(caseload, names[0])
for name in names[1:]:
    tabs.addTab(QWidget(), name)
window.setCentralWidget(tabs)
window.menuBar().addMenu("&File")
window.resize(1280, 760)
window.show()
window.grab()
seconds = time.perf_counter() - start
"""
    + _RSS
    + """print(json.dumps({"seconds": seconds, "rss_mib": rss}))"""
)

#: The same for TutorDesk, as `tutordesk.ui.shell.application` starts: its imports, unlock with the raw key (as
#: from the keychain), the main window over the vault's caseload (read ahead while the window's modules
#: import), first paint. Prints {"seconds", "rss_mib", "libraries"}. argv: vault, recovery key, a folder for
#: the window's settings and backups.
WINDOW_CHILD = (
    r"""
import json, sys, time
start = time.perf_counter()
from pathlib import Path
from PySide6.QtWidgets import QApplication
from tutordesk.paths import AppPaths
from tutordesk.settings import Settings
from tutordesk.ui.shell.application import build_main_window
from tutordesk.vault.vault import BackupPolicy, Unlock, Vault
app = QApplication([])
vault = Vault.open(Path(sys.argv[1]), Unlock(recovery_key=sys.argv[2], use_keychain=False))
folder = Path(sys.argv[3])
paths = AppPaths(data=folder, config=folder / "config", cache=folder / "cache", logs=folder / "logs")
window = build_main_window(vault, Settings(), paths, BackupPolicy(folder=folder / "backups", daily=False))
window.show()
window.grab()  # paints every visible widget, as the first frame on screen would
assert window.caseload.model.rowCount() > 0
seconds = time.perf_counter() - start
"""
    + _RSS
    + _LIBRARIES
    + """print(json.dumps({"seconds": seconds, "rss_mib": rss, "libraries": libraries, "qt_types": qt_types}))
window.close()
"""
)


# -- PDF --------------------------------------------------------------------------------------------------


def pdf_lines(data: bytes) -> list[str]:
    """The text of a PDF, line by line, as a reader would extract it."""
    from pypdf import PdfReader

    return [line for page in PdfReader(io.BytesIO(data)).pages for line in page.extract_text().splitlines()]


def bare_pdf(lines: Sequence[str], font: str) -> bytes:
    """The same lines as paragraphs of a plain reportlab document on A4, in `font` (registered already)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = ParagraphStyle("body", fontName=font, fontSize=10, leading=13)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build([Paragraph(escape(line), style) for line in lines])
    return buffer.getvalue()
