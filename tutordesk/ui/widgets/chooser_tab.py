"""What the Mentoring and Transitions tabs share: a tab about one learner with a chooser of their records
(relationships, moves) at the top, New… and Edit… beside it, and inner pages below that show the record
chosen.

The base owns the whole round: reading the learner's records and remembering the one chosen for each learner
while the app runs (`_refresh`), the chooser and the buttons, opening the new/edit dialog without blocking,
saving and deleting through it, and which inner pages must read again after a change (only the one on
screen reads at once). A subclass says only what differs: the texts (`ChooserTexts`), its pages
(`create_pages`), how its service lists, writes and deletes a record, which dialog edits one, how a page is
shown a record, and what else its header shows. Nothing is built, imported or read from the vault until the
tab is first shown (see `LazyTab`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tutordesk.ui.widgets.lazy_tab import LazyTab
from tutordesk.ui.widgets.panel import Panel, PanelContext, run_in_unit_of_work
from tutordesk.vault.unit_of_work import UnitOfWork

T = TypeVar("T")


class Record(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def title(self) -> str: ...


V = TypeVar("V", bound=Record)  # the view of one record the chooser offers (a relationship, a move)


@dataclass(frozen=True)
class ChooserTexts:
    """The words and object names of a chooser tab (object names are what tests and screen readers find)."""

    name: str  # the tab's: "<name>_tab", "<name>_no_learner", "<name>_content", "<name>_inner_tabs"
    no_learner: str  # shown while nobody is selected on the Caseload tab
    label: str  # the chooser's label, with its mnemonic: "&Relationship"
    accessible_name: str
    chooser_name: str
    new_text: str
    new_name: str
    new_tip: str
    edit_name: str
    edit_tip: str
    new_keys: str  # the shortcut for New…, anywhere in the tab
    placeholder: str = ""  # what the chooser says while there is nothing to choose


class ChooserTab(LazyTab, Generic[V]):
    pages_need_a_record = True  # False: the pages work without a record (a profile before any move)

    def __init__(self, context: PanelContext, texts: ChooserTexts) -> None:
        super().__init__(context)
        self.texts = texts
        self.setObjectName(f"{texts.name}_tab")
        self.records: list[V] = []
        self.record: V | None = None
        self.panels: list[Panel] = []  # built the first time the tab is shown (see `create_widget`)
        self.dialog: QDialog | None = None  # the new/edit dialog while it is open
        self._chosen: dict[int, int] = {}  # learner id -> the record chosen, remembered while the app runs
        self._stale: set[int] = set()  # inner pages not yet loaded for what is chosen
        self.no_learner = QLabel(texts.no_learner)
        self.no_learner.setObjectName(f"{texts.name}_no_learner")
        self.no_learner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_learner.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.no_learner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    # --- what a subclass says -------------------------------------------------------------------------

    def create_pages(self) -> list[tuple[str, Panel]]:
        """The inner pages with their titles, imported only now."""
        raise NotImplementedError

    def create_details(self, layout: QBoxLayout) -> None:
        """Add what the header shows under the chooser (a summary line, say)."""

    def page_added(self, index: int, panel: Panel) -> None:
        """Connect a page's own requests (plan a move, edit it)."""

    def read_records(self, uow: UnitOfWork, learner_id: int) -> list[V]:
        raise NotImplementedError

    def read_details(self, uow: UnitOfWork, record: V | None) -> Any:
        """More to show in the header about the chosen record, read in the same unit of work."""
        return None

    def record_text(self, record: V) -> str:
        """How a record reads in the chooser."""
        return record.title

    def record_editable(self, record: V) -> bool:
        return True

    def show_details(self, details: Any) -> None:
        """Redraw the rest of the header for `record` (None: the learner has none yet)."""

    def clear_details(self) -> None:
        """Nobody selected: forget the rest of the header."""

    def content_page(self) -> QWidget:
        """The page the tab shows once the learner's records are read."""
        return self.content

    def show_page(self, index: int, panel: Panel, learner_id: int | None) -> None:
        """Show the chosen record (or only the learner) on `panel` (`learner_id` None: nobody)."""
        raise NotImplementedError

    def forget_on_pages(self, learner_id: int, record_id: int) -> None:
        """A record is being deleted: pages showing it drop what was typed for it rather than save it."""
        raise NotImplementedError

    def create_dialog(
        self, record: V | None, on_save: Callable[[Any], bool], on_delete: Callable[[], bool] | None
    ) -> QDialog:
        raise NotImplementedError

    def write_record(self, uow: UnitOfWork, learner_id: int, record_id: int | None, value: Any) -> int:
        """Create (`record_id` None) or change a record; its id."""
        raise NotImplementedError

    def delete_record(self, uow: UnitOfWork, record_id: int) -> None:
        raise NotImplementedError

    # --- the window's API -----------------------------------------------------------------------------

    def leave_learner(self) -> None:
        self.save_pending()  # typing for the learner being left is kept, not dropped
        if self.dialog is not None:
            self.dialog.done(0)

    def forget_learner(self) -> None:
        self.records, self.record = [], None
        self._stale.clear()
        for index, panel in enumerate(self.panels):
            self.show_page(index, panel, None)
        if self.built:
            self.chooser.clear()
            self.clear_details()
        self.pages.setCurrentWidget(self.no_learner)

    def load_learner(self) -> None:
        self._refresh(panels=True)

    def load_current(self) -> None:
        self._load_current()

    # --- building -------------------------------------------------------------------------------------

    def create_widget(self) -> None:
        """Make the header and pages on first sight: the pages' modules stay out of start-up."""
        texts = self.texts
        self.chooser = QComboBox()
        self.chooser.setObjectName(texts.chooser_name)
        self.chooser.setAccessibleName(texts.accessible_name)
        self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.chooser.setMinimumWidth(320)
        if texts.placeholder:
            self.chooser.setPlaceholderText(texts.placeholder)
        self.chooser.activated.connect(self._chosen_at)
        chooser_label = QLabel(texts.label)
        chooser_label.setBuddy(self.chooser)
        self.new_button = QPushButton(texts.new_text)
        self.new_button.setObjectName(texts.new_name)
        self.new_button.setToolTip(texts.new_tip)
        self.new_button.clicked.connect(self.new_record)
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setObjectName(texts.edit_name)
        self.edit_button.setToolTip(texts.edit_tip)
        self.edit_button.clicked.connect(self.edit_record)
        top = QHBoxLayout()
        top.addWidget(chooser_label)
        top.addWidget(self.chooser)
        top.addWidget(self.new_button)
        top.addWidget(self.edit_button)
        top.addStretch(1)

        self.inner = QTabWidget()
        self.inner.setObjectName(f"{texts.name}_inner_tabs")
        self.inner.setDocumentMode(True)
        pages = self.create_pages()
        for index, (title, panel) in enumerate(pages):
            self.inner.addTab(panel, title)
            panel.changed.connect(self._panel_changed)
            self.page_added(index, panel)
        self.panels = [panel for _, panel in pages]
        self.inner.currentChanged.connect(self._load_current)
        self.content = QWidget()
        self.content.setObjectName(f"{texts.name}_content")
        content_layout = QVBoxLayout(self.content)
        content_layout.addLayout(top)
        self.create_details(content_layout)
        content_layout.addWidget(self.inner, 1)
        self.pages.addWidget(self.content)
        shortcut = QShortcut(QKeySequence(texts.new_keys), self, activated=self.new_record)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # --- reading --------------------------------------------------------------------------------------

    def _refresh(self, *, panels: bool, sender: object = None) -> None:
        """Read the learner's records (and the chosen one's details) and redraw the header.

        With `panels`, or when the chosen record changed, every page shows it afresh (the one on screen
        now, the others when opened); `sender`, a page that has just saved, is left as it is unless the
        record itself changed under it (closed or reopened, say), and the other pages read again when opened.
        """
        learner_id = self.learner_id
        if learner_id is None or not self.built:
            return
        wanted = self._chosen.get(learner_id)

        def read(uow: UnitOfWork) -> tuple[list[V], Any]:
            views = self.read_records(uow, learner_id)
            chosen = next((v for v in views if v.id == wanted), views[0] if views else None)
            return views, self.read_details(uow, chosen)

        found = self._run(read)
        if found is None:
            return
        self.learner_stale = False
        views, details = found
        previous = self.record
        self.records = views
        self.record = next((v for v in views if v.id == wanted), views[0] if views else None)
        if self.record is not None:
            self._chosen[learner_id] = self.record.id
        self._show_header(details)
        moved = self.record != previous
        if panels or moved:
            self._stale = set(range(len(self.panels)))
        else:
            self._stale |= {i for i, panel in enumerate(self.panels) if panel is not sender}
        if moved and sender is not None and sender in self.panels:
            index = self.panels.index(sender)  # type: ignore[arg-type]
            self._stale.discard(index)
            self.show_page(index, self.panels[index], learner_id)
        self._load_current()

    def _show_header(self, details: Any) -> None:
        record = self.record
        self.pages.setCurrentWidget(self.content_page())
        writable = not self.context.read_only
        self.new_button.setEnabled(writable)
        box = self.chooser
        box.blockSignals(True)
        box.clear()
        for view in self.records:
            box.addItem(self.record_text(view), view.id)
        box.setCurrentIndex(box.findData(record.id) if record is not None else -1)
        box.setEnabled(bool(self.records))
        box.blockSignals(False)
        self.edit_button.setEnabled(record is not None and writable and self.record_editable(record))
        self.show_details(details)

    def _load_current(self, *_: object) -> None:
        if not self.built:
            return
        index = self.inner.currentIndex()
        ready = self.record is not None or not self.pages_need_a_record
        if index in self._stale and self.learner_id is not None and ready and 0 <= index < len(self.panels):
            self._stale.discard(index)
            self.show_page(index, self.panels[index], self.learner_id)

    # --- actions --------------------------------------------------------------------------------------

    def choose(self, record_id: int) -> None:
        """Show another of the learner's records, and remember the choice for this learner."""
        learner_id = self.learner_id
        if learner_id is None or (self.record is not None and self.record.id == record_id):
            return
        self.save_pending()
        self._chosen[learner_id] = record_id
        self._refresh(panels=True)

    def _chosen_at(self, index: int) -> None:
        record_id = self.chooser.itemData(index)
        if record_id is not None:
            self.choose(int(record_id))

    def new_record(self) -> None:
        if self.row is None or not self.built or self.context.read_only or self.dialog is not None:
            return
        self._open(None)

    def edit_record(self) -> None:
        if self.record is None or not self.edit_button.isEnabled() or self.dialog is not None:
            return
        self._open(self.record)

    def _open(self, record: V | None) -> None:
        """Show the new/edit dialog without blocking; it is forgotten and deleted once closed."""
        record_id = record.id if record is not None else None
        dialog = self.create_dialog(
            record,
            lambda value: self._save(value, record_id),
            (lambda: self._delete(record_id)) if record_id is not None else None,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()

    def _dialog_closed(self, *_: object) -> None:
        self.dialog = None

    def _save(self, value: Any, record_id: int | None) -> bool:
        learner_id = self.learner_id
        if learner_id is None:
            return False
        saved = self._run(lambda uow: self.write_record(uow, learner_id, record_id, value), commit=True)
        if saved is None:
            return False
        self.save_pending()  # words being typed for the record left behind are kept
        self._chosen[learner_id] = saved
        self._refresh(panels=True)
        self.changed.emit()
        return True

    def _delete(self, record_id: int) -> bool:
        learner_id = self.learner_id
        if learner_id is None:
            return False
        # Forgotten first, so words typed for it are dropped with it rather than saved on the way out.
        self.forget_on_pages(learner_id, record_id)

        def delete(uow: UnitOfWork) -> bool:
            self.delete_record(uow, record_id)
            return True

        if not self._run(delete, commit=True):
            self._refresh(panels=True)
            return False
        self._chosen.pop(learner_id, None)
        self._refresh(panels=True)
        self.changed.emit()
        return True

    def _run(self, action: Callable[[UnitOfWork], T], *, commit: bool = False) -> T | None:
        """One unit of work, as a panel runs it: None, after a plain message, when it cannot be done."""
        return run_in_unit_of_work(self, self.context, action, commit=commit)[1]

    def _panel_changed(self) -> None:
        self._refresh(panels=False, sender=self.sender())
        self.changed.emit()
