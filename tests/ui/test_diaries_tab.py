"""The Diaries tab driven as a tutor would: write an entry with a prompt, a mood and a link to a plan stage, find
it again by search, keep reflections apart from the learner's diary, erase an entry for good, print an extract
only with the learner's agreement, and change nothing in a read-only vault."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlmodel import select

from tests.support import builders, keys
from tests.ui.test_plan_reviews import agree_plan, answer_next_box, choose
from tutordesk.domain.diary_enums import DiaryKind, EntryMode
from tutordesk.domain.models import AuditEntry
from tutordesk.services.caseload.rows import CaseloadRow, list_caseload
from tutordesk.services.diaries import entries as diaries
from tutordesk.services.diaries.entries import EntryInput
from tutordesk.ui.diaries.editor_parts import WEEKLY_REVIEW
from tutordesk.ui.diaries.entry_dialog import DiaryEntryDialog
from tutordesk.ui.diaries.extract_dialog import DiaryExtractDialog, months_before
from tutordesk.ui.diaries.mood_chart import EMPTY_TEXT, MoodChart
from tutordesk.ui.diaries.panel import DiaryPanel
from tutordesk.ui.diaries.tab import DiariesTab
from tutordesk.ui.diaries.timeline import PRIVATE, first_line, plain
from tutordesk.ui.widgets.panel import PanelContext
from tutordesk.vault.unit_of_work import recorded_statements
from tutordesk.vault.vault import Vault

TODAY = date(2026, 11, 20)


# --- building data with the services ------------------------------------------------------------------------


def add_learner(vault: Vault, given: str = "Zoë", family: str = "Ångström") -> int:
    return builders.add_learner(vault, given, family, started_on=date(2026, 9, 1))


def write(vault: Vault, learner_id: int | None, **fields: object) -> int:
    values: dict[str, object] = {"written_on": TODAY, "body": "Something happened."}
    values.update(fields)
    return builders.add_entry(vault, learner_id, **values)  # type: ignore[arg-type]


def caseload_row(vault: Vault, learner_id: int) -> CaseloadRow:
    with vault.unit_of_work() as uow:
        return next(row for row in list_caseload(uow, today=TODAY) if row.id == learner_id)


def context_for(vault: Vault, today: date = TODAY) -> PanelContext:
    return PanelContext(vault=lambda: vault, today=lambda: today)


@pytest.fixture
def learner_id(vault: Vault) -> int:
    return add_learner(vault)


@pytest.fixture
def tab(qtbot: QtBot, vault: Vault) -> Iterator[DiariesTab]:
    shown = DiariesTab(context_for(vault))
    qtbot.addWidget(shown)
    shown.resize(1280, 720)
    with qtbot.waitExposed(shown):
        shown.show()
    yield shown
    if shown.panel is not None:
        for dialog in (shown.panel.dialog, shown.panel.extract_dialog):
            if dialog is not None:
                dialog.done(0)
    if shown.journal_window is not None:
        shown.journal_window.done(0)


def panel_of(tab: DiariesTab) -> DiaryPanel:
    assert tab.panel is not None
    return tab.panel


def press(qtbot: QtBot, widget: object, key: Qt.Key, modifiers: Qt.KeyboardModifier | None = None) -> None:
    if modifiers is None:
        qtbot.keyClick(widget, key)  # type: ignore[arg-type]
    else:
        qtbot.keyClick(widget, key, modifiers)  # type: ignore[arg-type]


CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


# --- writing, reading and finding an entry -------------------------------------------------------------------


def test_an_entry_written_with_a_prompt_mood_and_stage_link_shows_in_the_timeline_and_search_finds_it(
    tab: DiariesTab, qtbot: QtBot, vault: Vault, learner_id: int, qtmodeltester: ModelTester
) -> None:
    plan = agree_plan(vault, learner_id)
    earlier = write(vault, learner_id, written_on=TODAY - timedelta(days=7), body="An older entry.", mood=2)
    tab.show_learner(caseload_row(vault, learner_id))
    panel = panel_of(tab)
    assert panel.timeline.model.rowCount() == 1
    assert panel.mood_chart.points() == [(TODAY - timedelta(days=7), 2)]

    panel.timeline.view.setFocus()
    press(qtbot, panel.timeline.view, Qt.Key.Key_E, CTRL_SHIFT)
    dialog = panel.dialog
    assert isinstance(dialog, DiaryEntryDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "New entry in the learner's diary"  # never the learner's name
    assert dialog.author.currentText() == "Written with the learner"
    assert not dialog.private_note.isVisible()

    # A click on a prompt puts the question in the entry; the answer is typed beneath it.
    prompts = dialog.prompts
    question = WEEKLY_REVIEW[0]
    item = next(
        prompts.topLevelItem(t).child(c)
        for t in range(prompts.topLevelItemCount())
        for c in range(prompts.topLevelItem(t).childCount())
        if prompts.topLevelItem(t).child(c).text(0) == question
    )
    prompts.scrollToItem(item)
    qtbot.mouseClick(prompts.viewport(), Qt.MouseButton.LeftButton, pos=prompts.visualItemRect(item).center())
    qtbot.keyClicks(dialog.body.text, "Better than I thought, the lighthouse project helps")
    keys.click(dialog.mood_buttons.button(4))
    keys.type_text(dialog.mood_words, "hopeful")
    assert dialog.stage.isEnabled()
    choose(dialog.stage, plan.stages[1].lineage)

    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    with qtbot.waitSignal(tab.changed):
        press(qtbot, dialog.body.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert panel.dialog is None

    # The new entry is in the timeline, selected, with its mood, and read in full beside it.
    model = panel.timeline.model
    assert model.rowCount() == 2
    qtmodeltester.check(model)
    row = [model.index(0, column).data() for column in range(model.columnCount())]
    assert row[:3] == ["20 Nov 2026", "Learner's diary", "4 · Good"]
    assert row[3] == question  # the first line of the entry
    chosen = panel.timeline.selected()
    assert chosen is not None and chosen.id != earlier
    reader = panel.reader.text()
    assert question in reader and "lighthouse project" in reader and "4 · Good" in reader
    assert "plan stage “Stage 2”" in reader
    assert panel.mood_chart.points() == [(TODAY - timedelta(days=7), 2), (TODAY, 4)]
    with vault.unit_of_work() as uow:
        stored = diaries.load_entry(uow, entry_id=chosen.id)
    assert stored.body.startswith(f"**{question}**")
    assert stored.mood == 4 and stored.mood_words == "hopeful"
    assert stored.stage_lineage == plan.stages[1].lineage and stored.mode == EntryMode.WRITTEN.value

    # Search finds it by a word in it; activating the result selects it in the timeline.
    panel.timeline.select_entry(earlier)
    search = tab.search
    assert search is not None
    qtbot.keyClicks(search.box, "lighthouse")
    search.search_now()
    assert search.model.rowCount() == 1
    qtmodeltester.check(search.model)
    html = search.model.index(0, 0).data(Qt.ItemDataRole.UserRole + 1)
    assert "<b>lighthouse</b>" in html and "Zoë Ångström" in html
    search.results.setFocus()
    keys.click_index(search.results, search.model.index(0, 0))
    with qtbot.assertNotEmitted(tab.open_entry):  # this learner is on screen already
        press(qtbot, search.results, Qt.Key.Key_Return)
    selected = panel.timeline.selected()
    assert selected is not None and selected.id == chosen.id


def test_a_search_result_of_another_learner_asks_for_that_learner_then_shows_the_entry(
    tab: DiariesTab, qtbot: QtBot, vault: Vault, learner_id: int
) -> None:
    other = add_learner(vault, "Idris", "Pembridge")
    write(vault, learner_id, body="Nothing about it here.")
    wanted = write(
        vault, other, body="We talked about the **harbour** walk.", written_on=TODAY - timedelta(days=40)
    )
    write(vault, other, body="A newer entry.")
    tab.show_learner(caseload_row(vault, learner_id))
    search = tab.search
    assert search is not None
    keys.type_text(search.box, "harbour")
    search.search_now()
    assert [hit.entry_id for hit in search.hits()] == [wanted]
    assert "Idris Pembridge" in search.model.index(0, 0).data()
    with qtbot.waitSignal(tab.open_entry) as asked:
        search.activate(search.model.index(0, 0))
    assert asked.args == [other, wanted]

    # The window selects that learner; the tab then shows the entry asked for, not the newest.
    tab.show_learner(caseload_row(vault, other))
    selected = panel_of(tab).timeline.selected()
    assert selected is not None and selected.id == wanted
    assert "harbour" in panel_of(tab).reader.text()


def test_my_reflections_show_only_with_their_filter_and_are_marked_private(
    tab: DiariesTab, qtbot: QtBot, vault: Vault, learner_id: int, qtmodeltester: ModelTester
) -> None:
    ours = write(
        vault, learner_id, body="The learner's own words.", mood=3, written_on=TODAY - timedelta(days=1)
    )
    mine = write(
        vault, learner_id, diary=DiaryKind.PRACTITIONER.value, body="My worry about the evening job."
    )
    journal = write(vault, None, diary=DiaryKind.JOURNAL.value, body="My practice journal, not about anyone.")
    tab.show_learner(caseload_row(vault, learner_id))
    timeline = panel_of(tab).timeline
    qtmodeltester.check(timeline.model)

    def shown() -> set[int]:
        return {entry.id for entry in timeline.shown()}

    assert shown() == {ours, mine}  # both diaries about the learner; the practice journal never here
    assert journal not in {entry.id for entry in timeline.entries()}
    mine_row = next(row for row, entry in enumerate(timeline.shown()) if entry.id == mine)
    assert timeline.model.index(mine_row, 1).data() == "My reflections (private)"
    # The tooltip says what the diary is, never what the entry says.
    tip = timeline.model.index(mine_row, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert PRIVATE in tip and "evening job" not in tip
    for column in range(timeline.model.columnCount()):
        assert "evening" not in str(timeline.model.index(mine_row, column).data(Qt.ItemDataRole.ToolTipRole))

    timeline.select_entry(mine)
    assert panel_of(tab).reader.private.isVisible() and PRIVATE in panel_of(tab).reader.private.text()
    timeline.select_entry(ours)
    assert not panel_of(tab).reader.private.isVisible()

    # The learner's diary on its own never shows a reflection, whatever else is chosen.
    keys.tick(timeline.filters.show_reflections, False)
    assert shown() == {ours}
    for mode in (None, EntryMode.WRITTEN.value):
        choose(timeline.filters.mode, mode)
        assert all(entry.diary == DiaryKind.LEARNER.value for entry in timeline.shown())
    choose(timeline.filters.mode, None)
    keys.tick(timeline.filters.show_reflections)
    keys.tick(timeline.filters.show_learner, False)
    assert shown() == {mine}
    keys.tick(timeline.filters.show_reflections, False)
    assert shown() == set() and "Tick at least one diary" in timeline.empty.text()
    timeline.filters.reset()
    assert shown() == {ours, mine}

    # The date range works in Python over the rows already read.
    keys.type_optional_date(timeline.filters.since, TODAY)
    assert shown() == {mine} and "1 of 2 entries shown" in timeline.count.text()
    timeline.filters.reset()
    # Opening a hidden entry (from search, say) shows everything again first.
    keys.tick(timeline.filters.show_reflections, False)
    assert timeline.select_entry(mine) and shown() == {ours, mine}

    # The mood chart reads the learner's own diary only.
    assert panel_of(tab).mood_chart.points() == [(TODAY - timedelta(days=1), 3)]
    # A new reflection is private from the start, and its editor says so.
    panel_of(tab).new_entry(DiaryKind.PRACTITIONER.value)
    dialog = panel_of(tab).dialog
    assert dialog is not None and dialog.windowTitle() == "New reflection"
    assert dialog.private_note.isVisible() and dialog.author.currentText() == "Me (tutor)"
    dialog.done(0)


def test_deleting_an_entry_asks_first_then_erases_it_so_search_no_longer_finds_it(
    tab: DiariesTab, qtbot: QtBot, vault: Vault, learner_id: int
) -> None:
    kept = write(vault, learner_id, body="Kept: the canal walk.", written_on=TODAY - timedelta(days=2))
    doomed = write(vault, learner_id, body="Erase me: the zeppelin story.")
    tab.show_learner(caseload_row(vault, learner_id))
    panel = panel_of(tab)
    search = tab.search
    assert search is not None
    keys.type_text(search.box, "zeppelin")
    search.search_now()
    assert [hit.entry_id for hit in search.hits()] == [doomed]

    panel.timeline.select_entry(doomed)
    panel.timeline.view.setFocus()
    answer_next_box("Keep it")
    press(qtbot, panel.timeline.view, Qt.Key.Key_Delete)
    assert {e.id for e in panel.timeline.entries()} == {kept, doomed}

    seen: list[str] = []

    def look_then_erase() -> None:
        box = QApplication.activeModalWidget()
        seen.append(f"{box.text()} {box.informativeText()}")  # type: ignore[union-attr]

    QTimer.singleShot(0, look_then_erase)
    answer_next_box("Erase it")
    with qtbot.waitSignal(tab.changed):
        press(qtbot, panel.timeline.view, Qt.Key.Key_Delete)
    assert "for good" in seen[0] and "20 Nov 2026" in seen[0]
    assert {e.id for e in panel.timeline.entries()} == {kept}
    assert search.hits() == []  # the results were searched again: no deleted words stay on screen
    assert "Nothing found" in search.status.text()
    with vault.unit_of_work() as uow:
        assert diaries.search(uow, typed="zeppelin", diaries=list(DiaryKind)) == []
        assert uow.session.exec(select(AuditEntry).where(AuditEntry.action == "diary.entry_deleted")).first()
    wal = Path(str(vault.path) + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # emptied after the deletion (erase_traces)


def test_a_spoken_entry_keeps_its_recording_with_the_entry(
    tab: DiariesTab, qtbot: QtBot, vault: Vault, learner_id: int, tmp_path: Path
) -> None:
    from tutordesk.ui.diaries.audio import wav_from_pcm

    tab.show_learner(caseload_row(vault, learner_id))
    panel = panel_of(tab)
    panel.new_entry(DiaryKind.LEARNER.value)
    dialog = panel.dialog
    assert dialog is not None and dialog.audio_panel is not None
    recording = tmp_path / "said.wav"
    recording.write_bytes(wav_from_pcm(b"\x00\x01" * 8000, sample_rate=8000))  # one second
    assert dialog.audio_panel.import_file(recording)
    assert dialog.mode.currentData() == EntryMode.SPOKEN.value  # a recording makes it a spoken entry
    assert dialog.save()

    entry = panel.timeline.selected()
    assert entry is not None and entry.has_audio and entry.mode == EntryMode.SPOKEN.value
    assert entry.audio_ms == 1000
    assert panel.timeline.model.index(0, 3).data().startswith("Spoken · A recording (0:01)")
    assert panel.listen_button.isVisible() and "0:01" in panel.listen_button.text()
    assert panel.player is None  # nothing of the recording was read to show the list
    with vault.unit_of_work() as uow:
        stored = diaries.load_audio(uow, entry_id=entry.id)
    assert stored is not None and stored[0] == recording.read_bytes()


def test_an_empty_entry_is_refused_with_a_message_and_the_editor_stays_open(
    tab: DiariesTab, vault: Vault, learner_id: int
) -> None:
    tab.show_learner(caseload_row(vault, learner_id))
    panel = panel_of(tab)
    panel.new_entry(DiaryKind.LEARNER.value)
    dialog = panel.dialog
    assert dialog is not None
    seen: list[str] = []

    def read_then_close() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(10, read_then_close)

    QTimer.singleShot(0, read_then_close)
    assert not dialog.save()
    assert seen and "Write something" in seen[0]
    assert panel.dialog is dialog and dialog.isVisible()
    keys.click(dialog.mood_buttons.button(2))  # a mood alone is an entry
    assert dialog.save()
    assert [entry.mood for entry in panel.timeline.entries()] == [2]


def test_without_the_recording_module_an_entry_is_still_written(
    tab: DiariesTab, vault: Vault, learner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "tutordesk.ui.diaries.audio", None)  # as when QtMultimedia cannot load
    tab.show_learner(caseload_row(vault, learner_id))
    panel = panel_of(tab)
    panel.new_entry(DiaryKind.LEARNER.value)
    dialog = panel.dialog
    assert dialog is not None and dialog.audio_panel is None
    problem = dialog.findChild(QLabel, "audio_problem")
    assert problem is not None and "not available on this computer" in problem.text()
    dialog.body.text.insertPlainText("Written only, and that is fine.")
    assert dialog.save()
    assert [entry.body for entry in panel.timeline.entries()] == ["Written only, and that is fine."]


def test_an_entry_being_written_is_saved_before_the_window_locks(
    tab: DiariesTab, vault: Vault, learner_id: int
) -> None:
    tab.show_learner(caseload_row(vault, learner_id))
    panel = panel_of(tab)
    tab.save_pending()  # nothing open: nothing happens
    panel.new_entry(DiaryKind.PRACTITIONER.value)
    dialog = panel.dialog
    assert dialog is not None and not dialog.has_unsaved_changes()
    dialog.body.text.insertPlainText("Half a thought, kept.")
    assert dialog.has_unsaved_changes()
    tab.save_pending()  # what the window does before it locks or closes
    assert panel.dialog is None
    with vault.unit_of_work() as uow:
        saved = diaries.timeline(uow, learner_id=learner_id)
    assert [(e.diary, e.body) for e in saved] == [(DiaryKind.PRACTITIONER.value, "Half a thought, kept.")]


def test_the_extract_dialog_refuses_without_the_agreement_box(
    qtbot: QtBot, vault: Vault, learner_id: int, tmp_path: Path
) -> None:
    today = date.today()  # the agreement cannot be dated in the future, so this test lives in real time
    write(vault, learner_id, body="Mine to keep.", written_on=today - timedelta(days=10))
    write(vault, learner_id, body="Too old for the extract.", written_on=today - timedelta(days=200))
    write(vault, learner_id, diary=DiaryKind.PRACTITIONER.value, body="Never printed.", written_on=today)
    tab = DiariesTab(context_for(vault, today))
    qtbot.addWidget(tab)
    with qtbot.waitExposed(tab):
        tab.show()
    tab.show_learner(caseload_row(vault, learner_id))
    panel = panel_of(tab)
    assert panel.extract_button.isEnabled()
    panel.print_extract()
    dialog = panel.extract_dialog
    assert isinstance(dialog, DiaryExtractDialog)
    assert "Zoë" not in dialog.windowTitle()
    assert dialog.period() == (months_before(today, 3), today)
    assert "1 entry" in dialog.preview.text()  # the learner's own, in the last three months
    assert dialog.agreed.text() == "Zoë Ångström has agreed to this extract being printed"

    assert not dialog.save_button.isEnabled()
    assert dialog.save_pdf(tmp_path / "extract.pdf") is None
    assert dialog.problem.isVisible() and "agreed" in dialog.problem.text()
    assert not (tmp_path / "extract.pdf").exists()

    keys.tick(dialog.agreed)
    choose(dialog.agreed_by, "parent_carer")
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(tab.changed):
        saved = dialog.save_pdf(tmp_path / "extract.pdf")
    assert saved is not None and saved.exists()
    with vault.unit_of_work() as uow:
        agreed = uow.session.exec(select(AuditEntry).where(AuditEntry.action == "diary.extract_agreed")).one()
    assert '"agreed_by": "parent_carer"' in agreed.detail and f"learner:{learner_id}" == agreed.subject
    assert panel.extract_dialog is None


def test_a_read_only_vault_shows_the_diaries_and_changes_nothing(
    tab: DiariesTab, qtbot: QtBot, vault: Vault, learner_id: int
) -> None:
    write(vault, learner_id, body="Readable, not changeable.")
    vault.read_only = True  # as Vault.open sets it for a file or folder that cannot be written
    tab.show_learner(caseload_row(vault, learner_id))
    panel = panel_of(tab)
    assert panel.read_only_note.isVisible()
    for button in (
        panel.new_entry_button,
        panel.new_reflection_button,
        panel.edit_button,
        panel.delete_button,
        panel.extract_button,
    ):
        assert not button.isEnabled()
    assert panel.timeline.selected() is not None and "Readable" in panel.reader.text()
    panel.timeline.view.setFocus()
    for key, modifiers in (
        (Qt.Key.Key_E, CTRL_SHIFT),
        (Qt.Key.Key_F, CTRL_SHIFT),
        (Qt.Key.Key_Return, None),
        (Qt.Key.Key_Delete, None),
        (Qt.Key.Key_Insert, None),
    ):
        press(qtbot, panel.timeline.view, key, modifiers)
        assert panel.dialog is None
    assert len(panel.timeline.entries()) == 1


def test_the_tab_reads_nothing_until_shown_and_forgets_everything_on_lock(
    qtbot: QtBot, vault: Vault, learner_id: int
) -> None:
    write(vault, learner_id, body="Behind the lock: the otter.")
    tab = DiariesTab(context_for(vault))
    qtbot.addWidget(tab)
    tab.show_learner(caseload_row(vault, learner_id))
    assert tab.panel is None and tab.search is None  # built on first sight only
    with qtbot.waitExposed(tab):
        tab.show()
    panel, search = panel_of(tab), tab.search
    assert search is not None and len(panel.timeline.entries()) == 1
    keys.type_text(search.box, "otter")
    search.search_now()
    assert len(search.hits()) == 1

    tab.show_learner(None)  # what the window does when it locks
    assert search.box.text() == "" and search.hits() == []
    assert panel.timeline.entries() == [] and panel.reader.text() == ""
    assert tab.pages.currentWidget() is tab.empty


def test_showing_500_entries_costs_the_same_statements_as_showing_one(
    tab: DiariesTab, qtbot: QtBot, vault: Vault, learner_id: int
) -> None:
    """No statement per row: the time budget itself (under 100 ms) is measured in bench/bench_diaries.py."""
    few = add_learner(vault, "Few", "Entries")
    write(vault, few, body="Just the one entry.")
    with vault.unit_of_work() as uow:
        for day in range(500):
            diaries.save_entry(
                uow,
                learner_id=learner_id,
                entry=EntryInput(
                    written_on=TODAY - timedelta(days=day),
                    diary=DiaryKind.LEARNER.value if day % 4 else DiaryKind.PRACTITIONER.value,
                    body=f"Entry {day}: **a day** at college\n\n- one\n- two\n\n" + "More words. " * 40,
                    mood=day % 5 + 1 if day % 4 else None,
                ),
            )
        uow.commit()

    def statements_to_show(learner: int) -> int:
        tab.show_learner(None)
        with recorded_statements(vault.engine) as statements:
            tab.show_learner(caseload_row(vault, learner))
            QApplication.processEvents()  # painted, not just loaded
        return len(statements)

    assert panel_of(tab).timeline is not None
    one = statements_to_show(few)
    assert statements_to_show(learner_id) == one
    assert panel_of(tab).timeline.model.rowCount() == 500


# --- small parts --------------------------------------------------------------------------------------------


def test_the_first_line_is_plain_words() -> None:
    assert plain("- **Bold** and *italic* \\*not\\* markup") == "Bold and italic *not* markup"
    assert plain("### A heading") == "A heading"
    spoken = diaries.EntryView(written_on=TODAY, has_audio=True, audio_ms=65_000, mode=EntryMode.SPOKEN.value)
    assert first_line(spoken) == "A recording (1:05), with nothing written"


def test_the_mood_chart_draws_moods_and_says_them_in_words(qtbot: QtBot) -> None:
    chart = MoodChart()
    qtbot.addWidget(chart)
    chart.resize(360, 150)
    assert chart.accessibleDescription() == EMPTY_TEXT
    chart.grab()  # the empty state paints
    chart.set_points([(date(2026, 10, 1), 2), (date(2026, 9, 1), 3), (date(2026, 11, 1), 4)])
    assert [mood for _, mood in chart.points()] == [3, 2, 4]  # oldest first
    summary = chart.accessibleDescription()
    assert (
        "3 moods recorded from 1 Sep to 1 Nov 2026" in summary and "4 out of 5, good (up from 2)" in summary
    )
    chart.grab()
    centre = chart.marker_centre(2)
    assert chart.tooltip_at(QPoint(round(centre.x()), round(centre.y()))) == "1 Nov 2026: 4 out of 5, good"
    assert chart.tooltip_at(QPoint(0, 0)) is None
    with pytest.raises(ValueError):
        chart.set_points([(TODAY, 6)])
