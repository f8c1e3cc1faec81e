"""The record-chooser tab (`ChooserTab`), as the Mentoring and Transitions tabs both use it: the record chosen
with the keyboard is shown on every page and remembered for each learner, and New… (its key) opens a dialog
that never outlives the learner it was opened for."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.test_diaries_tab import add_learner, caseload_row, context_for
from tests.ui.test_mentoring_tab import add_relationship
from tests.ui.test_transitions_tab import add_transition
from tutordesk.ui.mentoring.relationship_dialog import RelationshipDialog
from tutordesk.ui.mentoring.tab import MentoringTab
from tutordesk.ui.transitions.move_dialogs import TransitionDialog
from tutordesk.ui.transitions.tab import TransitionsTab
from tutordesk.ui.widgets.chooser_tab import ChooserTab
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.vault.vault import Vault

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@dataclass(frozen=True)
class Kind:
    """One use of the chooser tab: how to make it and its records, and what its first page shows."""

    make: Callable[[PanelContext], ChooserTab]  # type: ignore[type-arg]
    add: Callable[[Vault, int, int], int]  # vault, learner, number -> a new record's id
    new_key: Qt.Key
    dialog: type
    shown_on_first_page: Callable[[object], int | None]


def _relationship(vault: Vault, learner_id: int, number: int) -> int:
    return add_relationship(vault, learner_id, mentor=f"Mentor {number}", started=date(2026, 9, number))


def _transition(vault: Vault, learner_id: int, number: int) -> int:
    return add_transition(vault, learner_id, receiving_setting=f"Setting {number} (fictional)")


KINDS = {
    "mentoring": Kind(
        MentoringTab,
        _relationship,
        Qt.Key.Key_M,
        RelationshipDialog,
        lambda page: page.relationship_id,  # type: ignore[attr-defined]
    ),
    "transitions": Kind(
        TransitionsTab,
        _transition,
        Qt.Key.Key_T,
        TransitionDialog,
        lambda page: page.transition_id,  # type: ignore[attr-defined]
    ),
}


@pytest.fixture(params=list(KINDS))
def kind(request: pytest.FixtureRequest) -> Kind:
    return KINDS[request.param]


@pytest.fixture
def tab(qtbot: QtBot, vault: Vault, kind: Kind) -> Iterator[ChooserTab]:  # type: ignore[type-arg]
    shown = kind.make(context_for(vault))
    qtbot.addWidget(shown)
    shown.resize(1200, 800)
    with qtbot.waitExposed(shown):
        shown.show()
    yield shown
    if shown.dialog is not None:
        shown.dialog.done(0)


def test_the_record_chosen_with_the_keyboard_is_shown_and_remembered_for_each_learner(
    tab: ChooserTab,  # type: ignore[type-arg]
    kind: Kind,
    vault: Vault,
    qtbot: QtBot,
) -> None:
    first_learner, second_learner = add_learner(vault), add_learner(vault, "Kit", "Kestrelby")
    made = [kind.add(vault, first_learner, number) for number in (1, 2)]
    only = kind.add(vault, second_learner, 3)
    tab.show_learner(caseload_row(vault, first_learner))
    assert sorted(tab.chooser.itemData(i) for i in range(tab.chooser.count())) == sorted(made)
    shown_first = tab.chooser.currentData()

    tab.chooser.setFocus()
    qtbot.keyClick(tab.chooser, Qt.Key.Key_Down if tab.chooser.currentIndex() == 0 else Qt.Key.Key_Up)
    chosen = tab.chooser.currentData()
    assert chosen != shown_first and tab.record is not None and tab.record.id == chosen
    assert kind.shown_on_first_page(tab.panels[0]) == chosen

    tab.show_learner(caseload_row(vault, second_learner))
    assert tab.record is not None and tab.record.id == only
    assert kind.shown_on_first_page(tab.panels[0]) == only
    tab.show_learner(caseload_row(vault, first_learner))
    assert tab.record is not None and tab.record.id == chosen  # the choice was remembered
    assert tab.chooser.currentData() == chosen and kind.shown_on_first_page(tab.panels[0]) == chosen


def test_the_new_key_opens_the_dialog_and_another_learner_closes_it_unsaved(
    tab: ChooserTab,  # type: ignore[type-arg]
    kind: Kind,
    vault: Vault,
    qtbot: QtBot,
) -> None:
    first_learner, second_learner = add_learner(vault), add_learner(vault, "Kit", "Kestrelby")
    kind.add(vault, first_learner, 1)
    tab.show_learner(caseload_row(vault, first_learner))
    tab.activateWindow()
    tab.chooser.setFocus()
    qtbot.waitUntil(lambda: tab.chooser.hasFocus())
    qtbot.keyClick(tab.chooser, kind.new_key, CTRL_SHIFT)
    dialog = tab.dialog
    assert isinstance(dialog, kind.dialog) and dialog.isVisible()

    # Words typed for one learner must never be saved for another: the dialog closes with the learner.
    with qtbot.waitSignal(dialog.finished):
        tab.show_learner(caseload_row(vault, second_learner))
    assert tab.dialog is None and tab.records == []
