"""The on-screen form editor: one input per field type, values as text keyed by source and back, the
sensitive and required markers, no `changed` while filling, and a read-only mode that really is."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.support import keys
from tutordesk.documents.forms import bundled_form_ids, load_form, parse_form
from tutordesk.ui.widgets.fields import OptionalDateEdit
from tutordesk.ui.widgets.form_editor import SENSITIVE_TIP, FormEditor

EVERY_TYPE = """
id = "every_type"
version = "1.0"
title = "Every type"
language = "en"

[[sections]]
id = "about"
title = "About the journey"

  [[sections.fields]]
  id = "destination"
  label = "Where I am going"
  source = "trip.destination"
  required = true
  help = "The name of the place"

  [[sections.fields]]
  id = "feelings"
  label = "How I feel about it"
  type = "multiline"
  source = "trip.feelings"
  sensitive = true

  [[sections.fields]]
  id = "steps"
  label = "Steps"
  type = "list"
  help = "Walk, bus, walk."
  source = "trip.steps"

  [[sections.fields]]
  id = "first_day"
  label = "First day"
  type = "date"
  source = "trip.first_day"

[[sections]]
id = "more"
title = "A little more"

  [[sections.fields]]
  id = "purpose"
  label = "What for"
  type = "choice"
  choices = ["A taster day", "Work experience"]
  source = "trip.purpose"

  [[sections.fields]]
  id = "practised"
  label = "Practised it"
  type = "bool"
  source = "trip.practised"

  [[sections.fields]]
  id = "cost"
  label = "Cost in pounds"
  type = "number"
  source = "trip.cost"

  [[sections.fields]]
  id = "printed_only"
  label = "Filled in on paper"
"""

FILLED = {
    "trip.destination": "Riverside College, Ørsted building",
    "trip.feelings": "Nervous at first\nthen fine — 😊",
    "trip.steps": "Walk to the stop\nBus 42 to the market\nWalk up the hill",
    "trip.first_day": "2027-01-31",
    "trip.purpose": "Work experience",
    "trip.practised": "yes",
    "trip.cost": "2.50",
}


@pytest.fixture
def editor(qtbot: QtBot) -> FormEditor:
    shown = FormEditor(parse_form(EVERY_TYPE, origin="every_type.toml"))
    qtbot.addWidget(shown)
    shown.show()
    return shown


def test_each_field_type_gets_its_own_input_named_by_its_source(editor: FormEditor) -> None:
    kinds = {
        "trip.destination": QLineEdit,
        "trip.feelings": QPlainTextEdit,
        "trip.steps": QPlainTextEdit,
        "trip.first_day": OptionalDateEdit,
        "trip.purpose": QComboBox,
        "trip.practised": QCheckBox,
        "trip.cost": QLineEdit,
    }
    assert editor.sources() == list(kinds)  # a field with no source is for paper only
    for source, kind in kinds.items():
        widget = editor.field_widget(source)
        assert isinstance(widget, kind)
        assert widget.objectName() == f"field_{source.replace('.', '_')}"
        assert editor.findChild(QWidget, widget.objectName()) is widget
    steps = editor.field_widget("trip.steps")
    assert isinstance(steps, QPlainTextEdit) and steps.placeholderText().startswith("One per line")
    purpose = editor.field_widget("trip.purpose")
    assert isinstance(purpose, QComboBox)
    assert [purpose.itemText(i) for i in range(purpose.count())] == ["", "A taster day", "Work experience"]
    destination = editor.field_widget("trip.destination")
    assert destination.toolTip() == "The name of the place"
    assert destination.accessibleName() == "Where I am going"
    assert {
        box.objectName() for box in editor.findChildren(QWidget) if box.objectName().startswith("section_")
    } == {
        "section_about",
        "section_more",
    }


def test_sensitive_and_required_fields_are_marked(editor: FormEditor) -> None:
    markers = [label for label in editor.findChildren(QLabel) if label.objectName() == "sensitive_marker"]
    assert len(markers) == 1  # only "How I feel about it"
    assert markers[0].text() == "Sensitive" and markers[0].toolTip() == SENSITIVE_TIP
    assert SENSITIVE_TIP in editor.field_widget("trip.feelings").toolTip()
    labels = [label.text() for label in editor.findChildren(QLabel)]
    assert "Where I am going *" in labels and "What for" in labels


def test_values_round_trip_for_every_type_without_a_changed_signal(editor: FormEditor, qtbot: QtBot) -> None:
    empty = editor.values()
    assert empty == {source: "" for source in editor.sources()} | {"trip.practised": "no"}
    with qtbot.assertNotEmitted(editor.changed):
        editor.set_values(FILLED)
    assert editor.values() == FILLED
    assert editor.field_widget("trip.first_day").value().isoformat() == "2027-01-31"  # type: ignore[attr-defined]

    editor.set_values({})  # a missing key empties its input
    assert editor.values() == empty
    assert editor.missing_required() == ["Where I am going"]


def test_every_kind_of_edit_says_changed(editor: FormEditor, qtbot: QtBot) -> None:
    edits = [
        lambda: keys.type_text(editor.field_widget("trip.destination"), "Riverside"),  # type: ignore[arg-type]
        lambda: keys.type_text(editor.field_widget("trip.feelings"), "Fine"),  # type: ignore[arg-type]
        lambda: keys.type_optional_date(editor.field_widget("trip.first_day"), date(2027, 2, 1)),
        lambda: keys.pick(
            editor.field_widget("trip.purpose"), editor.field_widget("trip.purpose").itemText(1)
        ),  # type: ignore[arg-type, attr-defined]
        lambda: keys.tick(editor.field_widget("trip.practised")),  # type: ignore[arg-type]
    ]
    for edit in edits:
        with qtbot.waitSignal(editor.changed, timeout=500):
            edit()


def test_lists_drop_blank_lines_and_numbers_refuse_letters(editor: FormEditor, qtbot: QtBot) -> None:
    steps = editor.field_widget("trip.steps")
    assert isinstance(steps, QPlainTextEdit)
    keys.type_text(steps, "  Walk to the stop \n\n\nBus 42\n   ")
    assert editor.values()["trip.steps"] == "Walk to the stop\nBus 42"
    cost = editor.field_widget("trip.cost")
    assert isinstance(cost, QLineEdit)
    cost.setFocus()
    qtbot.keyClicks(cost, "3a,5x")
    assert editor.values()["trip.cost"] == "3,5"


def test_odd_stored_values_are_kept_or_left_empty_rather_than_lost(editor: FormEditor) -> None:
    editor.set_values({"trip.purpose": "Leisure", "trip.first_day": "next Tuesday", "trip.practised": "TRUE"})
    values = editor.values()
    assert values["trip.purpose"] == "Leisure"  # a choice the form no longer lists stays visible
    assert values["trip.first_day"] == ""  # not a date this editor wrote: shown as not recorded
    assert values["trip.practised"] == "yes"


def test_read_only_shows_the_answers_and_lets_nothing_change(editor: FormEditor, qtbot: QtBot) -> None:
    editor.set_values(FILLED)
    editor.set_read_only(True)
    assert editor.is_read_only()
    destination = editor.field_widget("trip.destination")
    assert isinstance(destination, QLineEdit) and destination.isReadOnly()
    destination.setFocus()
    qtbot.keyClicks(destination, "xyz")
    feelings = editor.field_widget("trip.feelings")
    assert isinstance(feelings, QPlainTextEdit) and feelings.isReadOnly()
    date_edit = editor.field_widget("trip.first_day")
    assert isinstance(date_edit, OptionalDateEdit)
    assert date_edit.edit.isReadOnly() and not date_edit.clear_button.isEnabled()
    assert not editor.field_widget("trip.purpose").isEnabled()
    assert not editor.field_widget("trip.practised").isEnabled()
    assert editor.values() == FILLED

    editor.set_read_only(False)
    assert not destination.isReadOnly() and editor.field_widget("trip.practised").isEnabled()
    practised = editor.field_widget("trip.practised")
    practised.setFocus()
    qtbot.keyClick(practised, Qt.Key.Key_Space)
    assert editor.values()["trip.practised"] == "no"


@pytest.mark.parametrize("form_id", bundled_form_ids())
def test_every_bundled_form_round_trips(form_id: str, qtbot: QtBot) -> None:
    form = load_form(form_id)
    editor = FormEditor(form)
    qtbot.addWidget(editor)
    sources = [f.source for s in form.sections if s.kind == "fields" for f in s.fields if f.source]
    assert editor.sources() == list(dict.fromkeys(sources))
    start = editor.values()
    editor.set_values(start)
    assert editor.values() == start
