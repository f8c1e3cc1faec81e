"""Control characters in the window: typed or pasted into a learner's name they are refused with a plain
message under the field and nothing is saved; the import preview shows a crafted file's control
characters as escapes, never raw."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.import_export.conftest import learner_count
from tutordesk.domain.control_text import first_control
from tutordesk.ui.caseload.import_dialog import ImportDialog
from tutordesk.ui.learners.profile import LearnerProfileDialog
from tutordesk.vault.vault import Vault

RLO = "\u202e"
ESC = "\x1b"


@pytest.fixture
def profile(qtbot: QtBot, vault: Vault) -> Iterator[LearnerProfileDialog]:
    dialog = LearnerProfileDialog(vault, None)
    qtbot.addWidget(dialog, before_close_func=lambda widget: widget.revert_to_saved())  # type: ignore[attr-defined]
    with qtbot.waitExposed(dialog):
        dialog.show()
    yield dialog


def _type(widget: QWidget, char: str) -> None:
    """Type one character as a keyboard layout or input method delivers it: a key press carrying the text
    (QTest's keyClicks takes Latin-1 only, and U+202E is typed with a compose key or a character map)."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(
            widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
        )


def test_a_typed_right_to_left_override_in_a_name_is_refused_plainly(
    qtbot: QtBot, vault: Vault, profile: LearnerProfileDialog
) -> None:
    details = profile.details_tab
    qtbot.keyClicks(details.lines["given_name"], "Ada")
    _type(details.lines["given_name"], RLO)
    qtbot.keyClicks(details.lines["given_name"], "rofakO")
    qtbot.keyClicks(details.lines["family_name"], "Okafor")

    assert details.lines["given_name"].text() == f"Ada{RLO}rofakO"  # the widget took it: the check must
    problem = details.problems["given_name"]
    assert problem.isVisible()
    assert problem.text() == (
        "The given name holds an invisible control character (U+202E, right-to-left override); remove it."
    )
    assert not profile.save_button.isEnabled()
    assert profile.save() is False
    assert learner_count(vault) == 0


def test_a_pasted_escape_sequence_in_a_name_is_refused_until_removed(
    qtbot: QtBot, vault: Vault, profile: LearnerProfileDialog
) -> None:
    details = profile.details_tab
    qtbot.keyClicks(details.lines["given_name"], "Ben")
    family = details.lines["family_name"]
    QApplication.clipboard().setText(f"Brook{ESC}[2J\x07")
    family.setFocus()
    qtbot.keyClick(family, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert first_control(family.text()) is not None, repr(family.text())  # the paste kept a control

    assert details.problems["family_name"].isVisible()
    assert "invisible control character" in details.problems["family_name"].text()
    assert not profile.save_button.isEnabled()
    assert profile.save() is False
    assert learner_count(vault) == 0

    family.selectAll()
    qtbot.keyClicks(family, "Brook")
    assert not details.problems["family_name"].isVisible()
    assert profile.save() is True
    assert learner_count(vault) == 1


def test_the_import_preview_shows_control_characters_as_escapes(
    qtbot: QtBot, vault: Vault, tmp_path: Path
) -> None:
    crafted = tmp_path / f"caseload{RLO}vsc.csv"
    crafted.write_text(
        f"given_name,family_name,setting,{ESC}[31mextra\n"
        f"Ada{ESC}[2J,Okafor,North{RLO}gate,x\n"
        "Ben,Brook,Southgate,x\n",
        encoding="utf-8",
    )
    dialog = ImportDialog(vault, path=crafted)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    model = dialog.model

    shown = [
        str(model.index(row, column).data(role) or "")
        for row in range(model.rowCount())
        for column in range(model.columnCount())
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    ] + [dialog.summary.text(), dialog.file_label.text(), dialog.file_label.toolTip()]
    for text in shown:  # the summary and the tooltips put each sentence on a line of its own
        for line in text.split("\n"):
            assert first_control(line) is None, f"a raw control character is shown in {text!r}"
    assert model.index(0, 2).data() == "Ada\\x1b[2J"
    assert model.index(0, 4).data() == "Northgate"  # removed from a single-line field, not a name
    assert "the given name (column 1) holds an invisible control character (U+001B, escape)" in (
        model.index(0, model.columnCount() - 1).data()
    )
    assert "\\x1b[31mextra" in dialog.summary.text()
    assert dialog.file_label.text() == "caseload\\u202evsc.csv"
    assert not dialog.import_button.isEnabled()
