"""A list of one learner's records of one kind described in `forms/records/`: the kind's columns (a late due
date in the warning colour, with a word saying so), New / Edit / Delete, Ins to add, Enter or a double click
to edit, Del to delete after asking, and the kind's empty-state text.

The list reads and writes through a small store (`RecordStore`: load the rows, save values, delete), so the
same list sits over the generic record table (`generic_store`) and over a workflow's own table and service
(`ServiceStore` with that service's functions).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Protocol

from PySide6.QtCore import QSize, Qt

from tutordesk.documents.record_kind_definitions import RecordColumn, RecordKind, RecordRow
from tutordesk.services import records
from tutordesk.ui.widgets.dialogs import confirm
from tutordesk.ui.widgets.record_editor import RecordEditor
from tutordesk.ui.widgets.record_table import Column, RecordSection
from tutordesk.vault.unit_of_work import UnitOfWork

#: A panel's `run`: the action in one unit of work (committed when asked); None, after a message, on failure.
Runner = Callable[..., object]


class RecordStore(Protocol):
    """Where a record list reads and writes: each method is one unit of work, and says when it failed
    (None or False) after showing the person why."""

    def load(self) -> Sequence[RecordRow] | None:
        """The current learner's records (empty when nobody is shown)."""
        ...

    def save(self, record_id: int | None, values: Mapping[str, str]) -> int | None:
        """Store new values (a new record when `record_id` is None); the record's id."""
        ...

    def delete(self, record_id: int) -> bool:
        """Delete one record."""
        ...


class ServiceStore:
    """A store over three service functions of one learner's records, each run by a panel's `run`."""

    def __init__(
        self,
        run: Runner,
        learner_id: Callable[[], int | None],
        *,
        load: Callable[..., Sequence[RecordRow]],
        save: Callable[..., int],
        delete: Callable[..., None],
    ) -> None:
        # The functions take (uow, *, learner_id=…) and, to save, values= and record_id=; to delete, record_id=.
        self._run, self._learner_id = run, learner_id
        self._load, self._save, self._delete = load, save, delete

    def load(self) -> Sequence[RecordRow] | None:
        learner_id = self._learner_id()
        if learner_id is None:
            return []
        return self._run(lambda uow: self._load(uow, learner_id=learner_id))  # type: ignore[return-value]

    def save(self, record_id: int | None, values: Mapping[str, str]) -> int | None:
        learner_id = self._learner_id()
        if learner_id is None:
            return None
        return self._run(  # type: ignore[return-value]
            lambda uow: self._save(uow, learner_id=learner_id, values=values, record_id=record_id),
            commit=True,
        )

    def delete(self, record_id: int) -> bool:
        learner_id = self._learner_id()
        if learner_id is None:
            return False

        def action(uow: UnitOfWork) -> bool:
            self._delete(uow, learner_id=learner_id, record_id=record_id)
            return True  # the service returns nothing; this says the unit of work ran

        return bool(self._run(action, commit=True))


def generic_store(
    run: Runner, learner_id: Callable[[], int | None], kind: RecordKind, today: Callable[[], date]
) -> ServiceStore:
    """A store over the generic record table, for a kind that has no table of its own."""
    return ServiceStore(
        run,
        learner_id,
        load=lambda uow, *, learner_id: records.list_records(uow, learner_id=learner_id, kind=kind),
        save=lambda uow, **kw: records.save_record(uow, kind=kind, today=today(), **kw),
        delete=records.delete_record,
    )


def kind_columns(kind: RecordKind, today: Callable[[], date]) -> tuple[Column, ...]:
    """The kind's columns as the record table draws them; today is read each time a cell is drawn."""

    def cell(column: RecordColumn) -> Callable[[RecordRow], str]:
        return lambda row: kind.cell(row, column, today())

    def late(row: RecordRow) -> bool:
        return kind.is_late(row.values, today())

    return tuple(
        Column(column.label, cell(column), late if kind.late_column(column) else None, whole_tip=column.wide)
        for column in kind.columns
    )


class RecordList(RecordSection):
    """One learner's records of `kind`, through `store`. `name` is the table's object name; `delete_question`
    may word the question before deleting from the row (by default the kind's wording)."""

    def __init__(
        self,
        kind: RecordKind,
        store: RecordStore,
        *,
        today: Callable[[], date],
        name: str | None = None,
        editor_size: QSize | None = None,
        delete_question: Callable[[RecordRow], str] | None = None,
    ) -> None:
        wide = tuple(n for n, column in enumerate(kind.columns) if column.wide) or (-1,)
        name = name or f"{kind.id}_records"
        super().__init__(
            kind.plural, name, kind_columns(kind, today), kind.wording.empty, kind.wording.add, wide
        )
        self.setObjectName(f"{name}_list")
        self.kind, self.store, self.today = kind, store, today
        self.editor_size = editor_size
        self.delete_question = delete_question
        self.dialog: RecordEditor | None = None  # while it is open
        self.wire(self.new_record, self.edit_selected, self.delete_selected)

    def reload(self) -> None:
        """Read the records again through the store and show them, keeping the selection."""
        self.show_rows(self.store.load() or [])

    def show_rows(self, rows: Sequence[RecordRow]) -> None:
        self.set_rows(self.kind.sorted_rows(rows))

    def selected(self) -> RecordRow | None:
        """The selected record, when it may be changed."""
        chosen: RecordRow | None = self.view.selected()
        return chosen if self.delete_button.isEnabled() else None

    def new_record(self) -> None:
        if self.add_button.isEnabled():
            self._open(None)

    def edit_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self._open(chosen)

    def _open(self, row: RecordRow | None) -> None:
        record_id = row.id if row is not None else None

        def save(values: dict[str, str]) -> bool:
            saved = self.store.save(record_id, values)
            if saved is None:
                return False
            self.reload()
            self.view.select_where(lambda r: r.id == saved)
            return True

        dialog = RecordEditor(
            self.kind, values=dict(row.values) if row else None, today=self.today, on_save=save, parent=self
        )
        if self.editor_size is not None:
            dialog.resize(self.editor_size)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def delete_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        question = self.delete_question(chosen) if self.delete_question else self.kind.wording.delete_question
        if confirm(self, question, "Delete", self.kind.wording.delete_detail) and self.store.delete(
            chosen.id
        ):
            self.reload()
