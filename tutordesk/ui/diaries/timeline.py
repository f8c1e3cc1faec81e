"""The Diaries tab's timeline: the learner's diary and the practitioner's reflections on one list with filters
(which diaries, a date range, written or spoken), and the reader that shows the selected entry in full.

The list is one `TimelineModel` reset from entries read in one statement; filters work in Python over those
rows, so changing one never reads the vault again, and no recording is read to draw the list. Nothing an
entry says ever goes into a tooltip: tooltips are drawn over other windows and read aloud.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from tutordesk.domain.dates import short_date
from tutordesk.domain.diary_enums import MOOD_LABELS, DiaryKind, EntryMode, JournalKind
from tutordesk.services.diaries.entries import ABOUT_THE_LEARNER, EntryView
from tutordesk.ui.widgets.fields import OptionalDateEdit
from tutordesk.ui.widgets.record_table import Column, RecordModel, RecordView

_Index = QModelIndex | QPersistentModelIndex

# Okabe-Ito colours, told apart with the common colour-vision differences; the diary is always named in words
# beside its band, so the colour only helps the eye and never carries the meaning alone.
DIARY_COLOURS = {
    DiaryKind.LEARNER.value: "#0072b2",
    DiaryKind.PRACTITIONER.value: "#cc79a7",
    DiaryKind.JOURNAL.value: "#e69f00",
}
PRIVATE = "Private: never shared"
PRIVATE_NOTE = (
    f"{PRIVATE}. Your reflections stay in TutorDesk: they are left out of every print, extract and export."
)
JOURNAL_NOTE = (
    f"{PRIVATE}. Your practice journal stays in TutorDesk. To take something to supervision, copy it "
    "pseudonymised."
)
PRIVATE_STYLE = "background: #f7eaf2; color: #6b2150; padding: 5px 8px; border-radius: 3px; font-weight: bold"
MARKDOWN = QTextDocument.MarkdownFeature.MarkdownDialectGitHub | QTextDocument.MarkdownFeature.MarkdownNoHTML
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ENTRY_COLUMN = 3


# --- words -------------------------------------------------------------------------------------------------


def diary_name(kind: str) -> str:
    """The diary as the list names it; the practitioner's own diaries say that they are private."""
    label = DiaryKind(kind).label
    return label if kind == DiaryKind.LEARNER.value else f"{label} (private)"


def mood_text(mood: int | None) -> str:
    return "" if mood is None else f"{mood} · {MOOD_LABELS[mood]}"


def duration_text(milliseconds: int | None) -> str:
    if not milliseconds:
        return ""
    seconds = round(milliseconds / 1000)
    return f"{seconds // 60}:{seconds % 60:02d}"


_LINE_MARKUP = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+(?:\[[ xX]\]\s+)?|>\s*|\d+[.)]\s+)")
_INLINE_MARKUP = re.compile(r"(?<!\\)(\*\*|__|~~|\*|`)")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")


def plain(markdown_line: str) -> str:
    """One line of Markdown as plain words: no list marks, heading marks, emphasis or escapes."""
    text = _INLINE_MARKUP.sub("", _LINE_MARKUP.sub("", markdown_line))
    return " ".join(_ESCAPED.sub(r"\1", text).split())


def first_line(entry: EntryView) -> str:
    """What the list shows of an entry: its first line of words, else what kind of entry it is."""
    for line in entry.text().splitlines():
        words = plain(line)
        if words:
            return words[:300]
    if entry.has_audio:
        length = duration_text(entry.audio_ms)
        return f"A recording{f' ({length})' if length else ''}, with nothing written"
    if entry.mood is not None:
        return "A mood, with nothing written"
    return ""


def entry_summary(entry: EntryView) -> str:
    spoken = "Spoken · " if entry.mode == EntryMode.SPOKEN.value else ""
    return spoken + first_line(entry)


def long_day(value: date) -> str:
    return f"{WEEKDAYS[value.weekday()]} {short_date(value)}"


# --- filters -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineFilter:
    diaries: frozenset[str] = ABOUT_THE_LEARNER
    since: date | None = None
    until: date | None = None
    mode: str | None = None  # EntryMode value, or None for both

    def passes(self, entry: EntryView) -> bool:
        return (
            entry.diary in self.diaries
            and (self.since is None or entry.written_on >= self.since)
            and (self.until is None or entry.written_on <= self.until)
            and (self.mode is None or entry.mode == self.mode)
        )

    @property
    def is_everything(self) -> bool:
        return self == TimelineFilter()


class TimelineFilters(QWidget):
    """Which diaries, which dates and which kind of entry the timeline shows."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.show_learner = QCheckBox(DiaryKind.LEARNER.label)
        self.show_learner.setObjectName("show_learner_diary")
        self.show_reflections = QCheckBox(diary_name(DiaryKind.PRACTITIONER.value))
        self.show_reflections.setObjectName("show_reflections")
        self.since = OptionalDateEdit()
        self.since.setObjectName("since")
        self.until = OptionalDateEdit()
        self.until.setObjectName("until")
        for edit, what in ((self.since, "From"), (self.until, "To")):
            edit.edit.setSpecialValueText("Any date")
            edit.clear_button.setToolTip("Any date")
            edit.setAccessibleName(f"{what} date")
        self.mode = QComboBox()
        self.mode.setObjectName("mode_filter")
        self.mode.setAccessibleName("Written or spoken")
        self.mode.addItem("Written and spoken", None)
        self.mode.addItem("Written only", EntryMode.WRITTEN.value)
        self.mode.addItem("Spoken only", EntryMode.SPOKEN.value)
        self.reset_button = QPushButton("Show everything")
        self.reset_button.setObjectName("show_everything")
        self.reset_button.setAutoDefault(False)
        self.reset_button.clicked.connect(self.reset)
        # Two short rows rather than one long one: the timeline shares the tab with search and the reader.
        which = QHBoxLayout()
        which.setContentsMargins(0, 0, 0, 0)
        which.addWidget(QLabel("Show:"))
        which.addWidget(self.show_learner)
        which.addWidget(self.show_reflections)
        which.addWidget(self.mode)
        which.addStretch(1)
        when = QHBoxLayout()
        when.setContentsMargins(0, 0, 0, 0)
        when.addWidget(QLabel("From"))
        when.addWidget(self.since)
        when.addWidget(QLabel("to"))
        when.addWidget(self.until)
        when.addWidget(self.reset_button)
        when.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(which)
        layout.addLayout(when)
        self.set_value(TimelineFilter())
        for box in (self.show_learner, self.show_reflections):
            box.toggled.connect(self._changed)
        self.since.changed.connect(self._changed)
        self.until.changed.connect(self._changed)
        self.mode.currentIndexChanged.connect(self._changed)

    def value(self) -> TimelineFilter:
        chosen = {
            kind
            for kind, box in (
                (DiaryKind.LEARNER.value, self.show_learner),
                (DiaryKind.PRACTITIONER.value, self.show_reflections),
            )
            if box.isChecked()
        }
        return TimelineFilter(
            frozenset(chosen), self.since.value_if_date(), self.until.value_if_date(), self.mode.currentData()
        )

    def set_value(self, value: TimelineFilter) -> None:
        widgets = (self.show_learner, self.show_reflections, self.since, self.until, self.mode)
        for widget in widgets:
            widget.blockSignals(True)
            if isinstance(widget, OptionalDateEdit):
                widget.edit.blockSignals(True)
        self.show_learner.setChecked(DiaryKind.LEARNER.value in value.diaries)
        self.show_reflections.setChecked(DiaryKind.PRACTITIONER.value in value.diaries)
        self.since.set_value(value.since)
        self.until.set_value(value.until)
        self.mode.setCurrentIndex(max(0, self.mode.findData(value.mode)))
        for widget in widgets:
            widget.blockSignals(False)
            if isinstance(widget, OptionalDateEdit):
                widget.edit.blockSignals(False)
        self._changed()

    def reset(self) -> None:
        self.set_value(TimelineFilter())

    def _changed(self, *_: object) -> None:
        self.reset_button.setEnabled(not self.value().is_everything)
        self.changed.emit()


# --- the list ----------------------------------------------------------------------------------------------


def timeline_columns() -> list[Column]:
    return [
        Column("Date", lambda e: short_date(e.written_on)),
        Column("Diary", lambda e: diary_name(e.diary)),
        Column("Mood", lambda e: mood_text(e.mood)),
        Column("Entry", entry_summary),
    ]


def _band(colour: str) -> QIcon:
    pixmap = QPixmap(6, 18)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class TimelineModel(RecordModel):
    """Entries (`EntryView`), newest first; the Diary column carries a thin band in the diary's colour."""

    DIARY_COLUMN = 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(timeline_columns(), parent)
        self._bands = {kind: _band(colour) for kind, colour in DIARY_COLOURS.items()}

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == self.DIARY_COLUMN and index.row() < self.rowCount():
            if role == Qt.ItemDataRole.DecorationRole:
                return self._bands.get(self.rows_view()[index.row()].diary)
            if role == Qt.ItemDataRole.ToolTipRole:
                # Only what the diary is: never a word of the entry.
                diary = self.rows_view()[index.row()].diary
                return PRIVATE_NOTE if diary != DiaryKind.LEARNER.value else "Written by or with the learner"
        return super().data(index, role)

    def rows_view(self) -> list[Any]:
        return self._rows  # the model's own list, not a copy: `data` runs for every visible cell


class DiaryTimeline(QWidget):
    """The filters above the list of entries; `set_entries` gives it every entry about the learner."""

    selection_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: list[EntryView] = []
        self.filters = TimelineFilters()
        self.model = TimelineModel(self)
        self.view = RecordView(self.model, "diary_timeline", stretch=(ENTRY_COLUMN,))
        self.view.setAccessibleName("Diary entries, newest first")
        self.empty = QLabel()
        self.empty.setObjectName("diary_timeline_empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count = QLabel()
        self.count.setObjectName("diary_count")
        self.count.setStyleSheet("color: #555")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filters)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.count)
        self._size_columns()
        self.filters.changed.connect(self._refilter)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())

    def _size_columns(self) -> None:
        # Widths from the longest text each short column can hold, worked out once: measuring the rows
        # themselves (resizeColumnToContents) would read every one of hundreds of entries on each load.
        metrics = self.view.fontMetrics()
        longest = {
            0: "30 Sep 2026",
            TimelineModel.DIARY_COLUMN: diary_name(DiaryKind.PRACTITIONER.value),
            2: mood_text(5),
        }
        for column, text in longest.items():
            extra = 30 if column == TimelineModel.DIARY_COLUMN else 16  # the band and the cell's margins
            self.view.setColumnWidth(column, metrics.horizontalAdvance(text) + extra)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.FontChange:
            self._size_columns()
        super().changeEvent(event)

    def set_entries(self, entries: Sequence[EntryView]) -> None:
        self._entries = list(entries)
        self._refilter()

    def entries(self) -> list[EntryView]:
        return list(self._entries)

    def shown(self) -> list[EntryView]:
        return self.model.rows()

    def selected(self) -> EntryView | None:
        chosen = self.view.selected()
        return chosen if isinstance(chosen, EntryView) else None

    def select_entry(self, entry_id: int) -> bool:
        """Select the entry, showing everything first when a filter hides it; False if it is not here."""
        if not any(e.id == entry_id for e in self._entries):
            return False
        if not any(e.id == entry_id for e in self.model.rows()):
            self.filters.reset()
        for row, entry in enumerate(self.model.rows()):
            if entry.id == entry_id:
                self.view.selectRow(row)
                self.view.scrollTo(self.model.index(row, 0))
                return True
        return False

    def _refilter(self) -> None:
        wanted = self.filters.value()
        chosen = self.selected()
        rows = [e for e in self._entries if wanted.passes(e)]
        self.model.set_rows(rows)
        if rows:
            self.stack.setCurrentWidget(self.view)
        else:
            self.stack.setCurrentWidget(self.empty)
            self.empty.setText(self._empty_text(wanted))
        self.count.setText(
            ""
            if not self._entries
            else f"{len(rows)} of {len(self._entries)} entries shown"
            if len(rows) != len(self._entries)
            else "1 entry"
            if len(rows) == 1
            else f"{len(rows)} entries"
        )
        if chosen is not None:
            for row, entry in enumerate(rows):
                if entry.id == chosen.id:
                    self.view.selectRow(row)
                    break
        self.selection_changed.emit()

    def _empty_text(self, wanted: TimelineFilter) -> str:
        if not self._entries:
            return (
                "Nothing written yet. Start the learner's diary with them (Ctrl+Shift+E), or note your own "
                "reflection (Ctrl+Shift+F)."
            )
        if not wanted.diaries:
            return "Tick at least one diary above to see its entries."
        return "No entries match these filters. “Show everything” brings them all back."


# --- the reader --------------------------------------------------------------------------------------------


def _paragraphs(text: str) -> str:
    return "<br>".join(escape(line) for line in text.strip().splitlines())


def render_entry(document: QTextDocument, entry: EntryView, links: Sequence[str] = ()) -> None:
    """The whole entry, read-only: a heading, who and how, the mood, the body's Markdown, then the rest."""
    document.clear()
    cursor = QTextCursor(document)
    details = [diary_name(entry.diary)]
    if entry.journal_kind:
        details.append(JournalKind(entry.journal_kind).label)
    if entry.author:
        details.append(entry.author)
    if entry.mode == EntryMode.SPOKEN.value:
        length = duration_text(entry.audio_ms)
        details.append(f"Spoken{f', {length}' if length else ''}")
    else:
        details.append("Written")
    head = f"<h3>{long_day(entry.written_on)}</h3><p style='color:#555'>{escape(' · '.join(details))}</p>"
    if entry.mood is not None or entry.mood_words:
        feeling = f"<b>{escape(mood_text(entry.mood))}</b>" if entry.mood is not None else ""
        words = f"“{escape(entry.mood_words)}”" if entry.mood_words else ""
        head += f"<p>How they feel about the plan: {feeling}{' · ' if feeling and words else ''}{words}</p>"
    cursor.insertHtml(head)
    if entry.body.strip():
        cursor.insertBlock()
        cursor.insertMarkdown(entry.body, MARKDOWN)  # no HTML: what was typed cannot pull anything in
    rest = ""
    for title, text in (
        ("Progress", entry.progress),
        ("Setbacks", entry.setbacks),
        ("Key points discussed", entry.key_points),
        ("Tasks", entry.tasks),
    ):
        if text.strip():
            rest += f"<h4>{title}</h4><p>{_paragraphs(text)}</p>"
    if entry.next_meeting_on is not None:
        rest += f"<p><b>Next meeting:</b> {long_day(entry.next_meeting_on)}</p>"
    if links:
        rest += f"<p style='color:#555'><b>Linked to:</b> {'; '.join(escape(link) for link in links)}</p>"
    if rest:
        cursor.insertBlock()
        cursor.insertHtml(rest)


class EntryReader(QWidget):
    """The selected entry in full, read-only, with the private mark above the practitioner's own entries."""

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.private = QLabel(PRIVATE_NOTE)
        self.private.setObjectName("private_note")
        self.private.setWordWrap(True)
        self.private.setStyleSheet(PRIVATE_STYLE)
        self.private.hide()
        self.browser = QTextBrowser()
        self.browser.setObjectName("entry_reader")
        self.browser.setOpenLinks(False)  # a link typed in an entry is shown, never followed
        self.browser.setPlaceholderText(placeholder)
        self.browser.setAccessibleName("The selected diary entry")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.addWidget(self.private)
        self.layout_.addWidget(self.browser, 1)
        self.entry: EntryView | None = None

    def show_entry(self, entry: EntryView | None, links: Sequence[str] = ()) -> None:
        self.entry = entry
        self.private.setVisible(entry is not None and entry.diary != DiaryKind.LEARNER.value)
        if entry is not None:
            self.private.setText(JOURNAL_NOTE if entry.diary == DiaryKind.JOURNAL.value else PRIVATE_NOTE)
        if entry is None:
            self.browser.clear()
        else:
            render_entry(self.browser.document(), entry, links)
            self.browser.moveCursor(QTextCursor.MoveOperation.Start)

    def text(self) -> str:
        return self.browser.toPlainText()
