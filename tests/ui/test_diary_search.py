"""Searching every diary: results across learners with the matched words highlighted (and nothing typed in an
entry read as markup), the diaries included by choice, and a result opening its learner's entry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.support import keys
from tests.ui.test_diaries_tab import TODAY, add_learner, context_for, write
from tutordesk.domain.diary_enums import DiaryKind, JournalKind
from tutordesk.services.diaries.entries import MATCH_END, MATCH_START
from tutordesk.ui.diaries.search import HTML_ROLE, DiarySearch, snippet_html, snippet_text
from tutordesk.vault.vault import Vault


@pytest.fixture
def search(qtbot: QtBot, vault: Vault) -> Iterator[DiarySearch]:
    shown = DiarySearch(context_for(vault))
    qtbot.addWidget(shown)
    shown.resize(320, 600)
    with qtbot.waitExposed(shown):
        shown.show()
    yield shown


def test_snippets_are_escaped_before_the_matches_are_made_bold() -> None:
    snippet = f"she wrote <script>alert(1)</script> about the **{MATCH_START}bus{MATCH_END}** & more"
    html = snippet_html(snippet)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; more" in html
    assert "<b>bus</b>" in html and "**" not in html  # Markdown marks are not shown as stars
    assert snippet_text(snippet) == "she wrote <script>alert(1)</script> about the bus & more"


def test_results_come_from_every_learner_with_names_diaries_and_highlights(
    search: DiarySearch, qtbot: QtBot, vault: Vault, qtmodeltester: ModelTester
) -> None:
    ada = add_learner(vault, "Ada", "Brightwater")
    ben = add_learner(vault, "Ben", "Coldharbour")
    first = write(vault, ada, body="The **walrus** trip was the best day.")
    second = write(vault, ben, body="Talked about the walrus film.", written_on=TODAY - timedelta(days=3))
    mine = write(vault, ben, diary=DiaryKind.PRACTITIONER.value, body="My note on the walrus chat.")
    journal = write(
        vault,
        None,
        diary=DiaryKind.JOURNAL.value,
        journal_kind=JournalKind.REFLECTION.value,
        body="Walrus day.",
    )
    write(vault, ada, body="Nothing to find here.")

    qtbot.keyClicks(search.box, "walr")
    qtbot.waitUntil(lambda: search.model.rowCount() == 3)  # after the pause in typing; a word's start matches
    qtmodeltester.check(search.model)
    assert {hit.entry_id for hit in search.hits()} == {first, second, mine}
    assert search.status.text() == "3 entries found."
    texts = [search.model.index(row, 0).data() for row in range(3)]
    assert any(text.startswith("Ada Brightwater · Learner's diary · 20 Nov 2026:") for text in texts)
    assert any(text.startswith("Ben Coldharbour · My reflections (private) · 20 Nov 2026:") for text in texts)
    html = [search.model.index(row, 0).data(HTML_ROLE) for row in range(3)]
    assert all("<b>walrus</b>" in h.lower() for h in html)
    search.results.grab()  # the rich-text rows paint

    keys.tick(search.include_reflections, False)
    assert {hit.entry_id for hit in search.hits()} == {first, second}
    keys.tick(search.include_journal)
    assert {hit.entry_id for hit in search.hits()} == {first, second, journal}
    journal_row = next(row for row, hit in enumerate(search.hits()) if hit.entry_id == journal)
    assert search.model.index(journal_row, 0).data().startswith("Practice journal · 20 Nov 2026")

    # Enter on a result (reached from the search box with Down) asks for that entry to open.
    search.box.setFocus()
    qtbot.keyClick(search.box, Qt.Key.Key_Down)
    assert search.results.hasFocus() and search.results.currentIndex().row() == 0
    keys.click_index(search.results, search.model.index(journal_row, 0))
    with qtbot.waitSignal(search.open_journal_entry) as opened:
        qtbot.keyClick(search.results, Qt.Key.Key_Return)
    assert opened.args == [journal]
    learner_row = next(row for row, hit in enumerate(search.hits()) if hit.entry_id == second)
    with qtbot.waitSignal(search.open_entry) as opened:
        search.results.clicked.emit(search.model.index(learner_row, 0))
    assert opened.args == [ben, second]


def test_what_is_typed_is_never_read_as_query_syntax(search: DiarySearch, vault: Vault) -> None:
    learner = add_learner(vault)
    write(vault, learner, body="NEAR the OR gate and the AND gate.")
    for typed in ('"', "NEAR(", "*", "a OR", "-", "gate)", "col:gate"):
        keys.type_text(search.box, typed)
        search.search_now()  # no error box, no exception
    keys.type_text(search.box, "gate AND")
    search.search_now()
    assert len(search.hits()) == 1
    keys.type_text(search.box, "zzzz")
    search.search_now()
    assert search.hits() == [] and search.status.text() == "Nothing found for “zzzz”."
    keys.type_text(search.box, "   ")
    search.search_now()
    assert search.hits() == [] and "Type a word" in search.status.text()
    keys.type_text(search.box, "gate")
    search.search_now()
    search.clear()
    assert search.box.text() == "" and search.hits() == []
