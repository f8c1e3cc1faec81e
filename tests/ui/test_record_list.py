"""The generic record list and editor, driven by a kind from `forms/records/` over the generic record table,
as a tutor would use them: type a record and press Enter to see it listed and stored, edit it with Enter,
lose nothing to Escape or to a refused save, and delete it with the Delete key after saying yes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.ui.test_plan_reviews import TODAY, add_learner, answer_next_box
from tutordesk.documents.record_kind_definitions import RecordKind
from tutordesk.documents.record_kinds import load_record_kind
from tutordesk.services import records
from tutordesk.ui.widgets.fields import OptionalDateEdit
from tutordesk.ui.widgets.panel import Panel, PanelContext
from tutordesk.ui.widgets.record_editor import RecordEditor
from tutordesk.ui.widgets.record_list import RecordList, generic_store
from tutordesk.vault.vault import Vault

KIND = load_record_kind("family_interaction")


class Host(Panel):
    """What a new workflow's panel does with a record list: give it a store and show one learner."""

    def __init__(self, context: PanelContext, kind: RecordKind) -> None:
        super().__init__(context)
        self.records = RecordList(
            kind, generic_store(self.run, lambda: self.learner_id, kind, context.today), today=context.today
        )
        QVBoxLayout(self).addWidget(self.records)

    def reload(self) -> None:
        self.records.reload()
        self.records.update_enabled(self.learner_id is not None and not self.context.read_only)


@pytest.fixture
def learner_id(vault: Vault) -> int:
    return add_learner(vault)


@pytest.fixture
def host(qtbot: QtBot, vault: Vault, learner_id: int) -> Iterator[Host]:
    shown = Host(PanelContext(vault=lambda: vault, today=lambda: TODAY), KIND)
    qtbot.addWidget(shown)
    shown.resize(900, 500)
    with qtbot.waitExposed(shown):
        shown.show()
    shown.load(learner_id)
    yield shown
    if shown.records.dialog is not None:
        shown.records.dialog.done(0)


def stored(vault: Vault, learner_id: int) -> list[dict[str, str]]:
    with vault.unit_of_work() as uow:
        return [dict(r.values) for r in records.list_records(uow, learner_id=learner_id, kind=KIND)]


def open_new(qtbot: QtBot, host: Host) -> RecordEditor:
    qtbot.mouseClick(host.records.add_button, Qt.MouseButton.LeftButton)
    dialog = host.records.dialog
    assert isinstance(dialog, RecordEditor) and dialog.isVisible()
    return dialog


def field(dialog: RecordEditor, field_id: str, kind: type[QWidget]) -> QWidget:
    widget = dialog.findChild(kind, field_id)
    assert widget is not None, field_id
    return widget


def type_day(qtbot: QtBot, dialog: RecordEditor, field_id: str, day: date) -> None:
    """Type a date as the day, month and year digits: each full section moves on to the next by itself."""
    when = field(dialog, field_id, OptionalDateEdit)
    assert isinstance(when, OptionalDateEdit)
    if when.value() is not None:
        qtbot.mouseClick(when.clear_button, Qt.MouseButton.LeftButton)  # start again from "Not recorded"
    when.edit.setFocus()
    qtbot.keyClicks(when.edit, day.strftime("%d%m%Y"))
    assert when.value() == day


def test_a_typed_record_is_saved_with_enter_listed_and_stored(
    qtbot: QtBot, host: Host, vault: Vault, learner_id: int, qtmodeltester: ModelTester
) -> None:
    records_list = host.records
    assert records_list.stack.currentWidget() is records_list.empty
    assert records_list.empty.text().startswith("No contact with the family recorded yet.")
    assert (
        records_list.title() == "Family interactions"
        and records_list.add_button.text() == "Add family interaction…"
    )

    dialog = open_new(qtbot, host)
    assert dialog.windowTitle() == "New family interaction"
    type_day(qtbot, dialog, "held_on", date(2026, 11, 2))
    with_whom = field(dialog, "with_whom", QLineEdit)
    with_whom.setFocus()
    qtbot.keyClicks(with_whom, "Mum")
    how = field(dialog, "how", QComboBox)
    how.setFocus()
    qtbot.keyClicks(how, "Ph")  # typing picks the choice that starts so
    summary = field(dialog, "summary", QPlainTextEdit)
    summary.setFocus()
    qtbot.keyClicks(summary, "Talked about fares")
    qtbot.keyClick(summary, Qt.Key.Key_Return)  # a new line in a long answer, not a save
    qtbot.keyClicks(summary, "and the bursary")
    assert dialog.isVisible()
    qtbot.keyClick(with_whom, Qt.Key.Key_Return)
    assert records_list.dialog is None and not dialog.isVisible()

    model = records_list.model
    qtmodeltester.check(model)
    assert [model.index(0, c).data() for c in range(model.columnCount())] == [
        "2 Nov 2026",
        "Mum",
        "Phone",
        "",
        "No date",
    ]
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "Date", "With whom", "How", "Follow-up", "Follow up by",
    ]  # fmt: skip
    [kept] = stored(vault, learner_id)
    assert kept["summary"] == "Talked about fares\nand the bursary" and kept["how"] == "Phone"


def test_a_refused_save_and_escape_lose_nothing(
    qtbot: QtBot, host: Host, vault: Vault, learner_id: int
) -> None:
    dialog = open_new(qtbot, host)
    held_on = field(dialog, "held_on", OptionalDateEdit)
    assert isinstance(held_on, OptionalDateEdit) and held_on.value() == TODAY  # a new record starts today
    qtbot.mouseClick(held_on.clear_button, Qt.MouseButton.LeftButton)
    with_whom = field(dialog, "with_whom", QLineEdit)
    with_whom.setFocus()
    qtbot.keyClicks(with_whom, "Grandad")
    answer_next_box("OK")
    qtbot.keyClick(with_whom, Qt.Key.Key_Return)  # no date now: a plain message, and the dialog stays
    assert (
        dialog.isVisible() and isinstance(held_on, OptionalDateEdit) and dialog.focusWidget() is held_on.edit
    )
    assert stored(vault, learner_id) == []

    type_day(qtbot, dialog, "held_on", TODAY + timedelta(days=1))  # the day after today
    answer_next_box("OK")
    qtbot.keyClick(with_whom, Qt.Key.Key_Return)
    assert dialog.isVisible() and stored(vault, learner_id) == []

    answer_next_box("Keep it")  # "Close without saving?": no
    qtbot.keyClick(with_whom, Qt.Key.Key_Escape)
    assert dialog.isVisible() and with_whom.text() == "Grandad"

    type_day(qtbot, dialog, "held_on", TODAY)
    qtbot.keyClick(with_whom, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert [(r["held_on"], r["with_whom"]) for r in stored(vault, learner_id)] == [("2026-11-20", "Grandad")]


def test_enter_edits_the_selected_record_and_escape_keeps_what_was_saved(
    qtbot: QtBot, host: Host, vault: Vault, learner_id: int
) -> None:
    with vault.unit_of_work() as uow:
        for day, who in (("2026-10-01", "Dad"), ("2026-11-02", "Mum")):
            values = {"held_on": day, "with_whom": who, "how": "Phone", "follow_up_by": "2026-11-10"}
            records.save_record(uow, learner_id=learner_id, kind=KIND, values=values, today=TODAY)
        uow.commit()
    host.reload()
    view, model = host.records.view, host.records.model
    assert [model.index(r, 1).data() for r in range(2)] == ["Mum", "Dad"]  # newest first
    late = model.index(0, 4)
    assert late.data() == "10 Nov 2026 (overdue)" and late.data(Qt.ItemDataRole.ForegroundRole) is not None

    view.setFocus()
    view.selectRow(1)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    dialog = host.records.dialog
    assert dialog is not None and dialog.windowTitle() == "Edit family interaction"
    with_whom = field(dialog, "with_whom", QLineEdit)
    assert with_whom.text() == "Dad"
    qtbot.keyClick(with_whom, Qt.Key.Key_Escape)  # nothing typed: it closes at once
    assert not dialog.isVisible()

    qtbot.keyClick(view, Qt.Key.Key_Return)
    dialog = host.records.dialog
    assert dialog is not None
    followed_up = dialog.input("followed_up")
    followed_up.setFocus()
    qtbot.keyClick(followed_up, Qt.Key.Key_Space)
    assert dialog.value()["followed_up"] == "yes"
    cancel = dialog.cancel_button
    cancel.setFocus()
    answer_next_box("Throw it away")
    qtbot.keyClick(cancel, Qt.Key.Key_Return)  # Enter on Cancel cancels
    assert not dialog.isVisible()
    assert [r["followed_up"] for r in stored(vault, learner_id)] == ["no", "no"]


def test_the_delete_key_asks_first_then_erases(
    qtbot: QtBot, host: Host, vault: Vault, learner_id: int
) -> None:
    with vault.unit_of_work() as uow:
        records.save_record(
            uow,
            learner_id=learner_id,
            kind=KIND,
            values={"held_on": "2026-11-02", "with_whom": "Mum", "how": "Phone"},
            today=TODAY,
        )
        uow.commit()
    host.reload()
    view = host.records.view
    view.setFocus()
    view.selectRow(0)
    answer_next_box("Keep it")
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert host.records.model.rowCount() == 1 and len(stored(vault, learner_id)) == 1
    answer_next_box("Delete")
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert host.records.model.rowCount() == 0 and stored(vault, learner_id) == []
    assert host.records.stack.currentWidget() is host.records.empty


def test_a_read_only_vault_shows_records_and_opens_no_editor(
    qtbot: QtBot, host: Host, vault: Vault, learner_id: int
) -> None:
    with vault.unit_of_work() as uow:
        records.save_record(
            uow,
            learner_id=learner_id,
            kind=KIND,
            values={"held_on": "2026-11-02", "with_whom": "Mum", "how": "Phone"},
            today=TODAY,
        )
        uow.commit()
    vault.read_only = True
    host.reload()
    view = host.records.view
    assert host.records.model.rowCount() == 1
    view.setFocus()
    view.selectRow(0)
    for key in (Qt.Key.Key_Insert, Qt.Key.Key_Return, Qt.Key.Key_Delete):
        qtbot.keyClick(view, key)
    assert host.records.dialog is None and len(stored(vault, learner_id)) == 1
    assert not host.records.add_button.isEnabled() and not host.records.delete_button.isEnabled()
