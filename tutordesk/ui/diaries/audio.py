"""The audio panel of a spoken diary entry: record, import, play and remove the recording, all in memory.

The recording only ever lives in this panel's memory and, once the entry is saved, encrypted in the vault.
Where the computer has no sound system, microphone or speakers the panel says so and everything else works.
Recording and importing live in `audio_capture`, playing in `audio_playback`; this module re-exports both.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QHideEvent, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from tutordesk.errors import BadInput
from tutordesk.ui.diaries.audio_capture import (
    MAX_RECORDING_MS,
    MIME_BY_SUFFIX,
    NO_MICROPHONE,
    NO_SOUND_SYSTEM,
    AudioRecorder,
    RecordedAudio,
    multimedia,
    multimedia_problem,
    pcm_for_wav,
    read_audio_file,
    recording_problem,
    sniff_mime,
    wav_duration_ms,
    wav_from_pcm,
)
from tutordesk.ui.diaries.audio_playback import NO_SPEAKERS, AudioPlayer, playback_problem
from tutordesk.ui.widgets.idle_lock import note_activity

__all__ = [
    "MAX_RECORDING_MS",
    "NO_MICROPHONE",
    "NO_SOUND_SYSTEM",
    "NO_SPEAKERS",
    "AudioPanel",
    "AudioPlayer",
    "AudioRecorder",
    "RecordedAudio",
    "format_ms",
    "multimedia_problem",
    "pcm_for_wav",
    "playback_problem",
    "read_audio_file",
    "recording_problem",
    "sniff_mime",
    "wav_duration_ms",
    "wav_from_pcm",
]

RECORD_TIP = "Record the entry with the microphone. Press Stop when you have finished."
STOP_TIP = "Stop recording or playing."
PLAY_TIP = "Play the recording."
IMPORT_TIP = (
    "Use a recording you already have (WAV, MP3, M4A, OGG, Opus, WebM or FLAC). "
    "The file is read, not moved; the entry keeps its own encrypted copy."
)
REMOVE_TIP = "Take the recording off this entry."
MUTED = "#555555"
PROBLEM = "#a4000f"  # the red of the other TutorDesk messages that ask for attention


def format_ms(ms: int) -> str:
    """A length as people read it on a player: 0:42, 12:05, 1:02:09."""
    seconds = max(0, ms) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def _record_icon() -> QIcon:
    # No standard "record" icon exists in QStyle; a red dot is what every recorder shows.
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#c62828"))
    painter.drawEllipse(2, 2, 12, 12)
    painter.end()
    return QIcon(pixmap)


class AudioPanel(QWidget):
    """Record / Stop / Play / Import recording… / Remove recording, a time, a level meter and a status line.

    `changed` fires when the user records, imports or removes a recording (not on `set_audio`).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Spoken entry")
        self._audio: RecordedAudio | None = None
        self._read_only = False
        self._notice = ""
        self._notice_is_problem = False
        self._position_ms = 0
        self._playing_ms: int | None = None

        self.recorder = AudioRecorder(self)
        self.recorder.started.connect(self._refresh)
        self.recorder.elapsed.connect(self._show_elapsed)
        self.recorder.level.connect(self._show_level)
        self.recorder.stopped.connect(self._recorded)
        self.recorder.limit_reached.connect(self._tell)
        self.recorder.failed.connect(self._tell)
        self.player = AudioPlayer(self)
        self.player.position.connect(self._show_position)
        self.player.duration.connect(self._show_duration)
        self.player.finished.connect(self._refresh)
        self.player.failed.connect(self._tell)

        style = self.style()
        self.record_button = self._button("Record", RECORD_TIP, _record_icon(), self._record_clicked)
        stop_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaStop)
        self.stop_button = self._button("Stop", STOP_TIP, stop_icon, self.stop)
        play_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay)
        self.play_button = self._button("Play", PLAY_TIP, play_icon, self.play)
        self.import_button = self._button("Import recording…", IMPORT_TIP, None, self._import_clicked)
        self.remove_button = self._button("Remove recording", REMOVE_TIP, None, self._remove_clicked)

        self.time_label = QLabel()
        self.time_label.setAccessibleName("Recording length")
        self.time_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("00:00 / 00:00") + 8)
        self.level_bar = QProgressBar()
        self.level_bar.setRange(0, 100)
        self.level_bar.setTextVisible(False)
        self.level_bar.setFixedSize(QSize(110, 12))
        self.level_bar.setAccessibleName("Microphone level")
        self.level_bar.setToolTip("How loud the microphone hears you. Aim for the middle when you speak.")
        policy = self.level_bar.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # so the row does not jump when recording starts and stops
        self.level_bar.setSizePolicy(policy)

        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName("Recording status")
        self.status_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        palette = self.status_label.palette()
        palette.setColor(self.status_label.foregroundRole(), QColor(MUTED))
        self.status_label.setPalette(palette)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.record_button, self.stop_button, self.play_button):
            row.addWidget(widget)
        row.addSpacing(8)
        row.addWidget(self.time_label)
        row.addWidget(self.level_bar)
        row.addStretch(1)
        row.addWidget(self.import_button)
        row.addWidget(self.remove_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.status_label)

        qm = multimedia()
        if qm is not None:
            # A headset plugged in (or pulled out) while the entry is open changes what the panel offers.
            self._devices: QObject | None = qm.QMediaDevices(self)
            self._devices.audioInputsChanged.connect(self._refresh)
            self._devices.audioOutputsChanged.connect(self._refresh)
        else:
            self._devices = None
        self._refresh()

    # --- the API the diary entry editor uses ---

    def set_audio(self, data: bytes | None, mime: str = "", duration_ms: int | None = None) -> None:
        """Show the recording of the entry being opened (or none); does not emit `changed`."""
        self.recorder.cancel()
        self.player.stop()
        self._notice = ""
        self._audio = None
        if data:
            self._audio = RecordedAudio(bytes(data), mime or sniff_mime(bytes(data[:16])) or "", duration_ms)
        self._refresh()

    def audio(self) -> RecordedAudio | None:
        return self._audio

    def set_read_only(self, read_only: bool) -> None:
        """A read-only entry can be played but not recorded over, replaced or removed."""
        self._read_only = read_only
        if read_only:
            self.recorder.stop()
        self._refresh()

    def is_busy(self) -> bool:
        return self.recorder.is_recording() or self.player.is_playing()

    def stop(self) -> None:
        """Stop recording (keeping what was recorded) or playing."""
        if self.recorder.is_recording():
            self.recorder.stop()
        self.player.stop()
        self._refresh()

    def play(self) -> bool:
        if self._audio is None or self.is_busy():
            return False
        self._notice = ""
        self._position_ms = 0
        self._playing_ms = self._audio.duration_ms
        started = self.player.play(self._audio.data, self._audio.mime)
        self._refresh()
        return started

    def record(self) -> bool:
        """Start recording (replacing any recording once it is stopped); False when it could not start."""
        if self._read_only or self.is_busy():
            return False
        self._notice = ""
        started = self.recorder.start()
        self._refresh()
        return started

    def import_file(self, path: Path) -> bool:
        """Use the recording in `path`; on a problem, say it in the status line and keep what was there."""
        if self._read_only or self.is_busy():
            return False
        try:
            recording = read_audio_file(path)
        except BadInput as problem:
            self._tell(problem.message)
            return False
        self._audio = recording
        self._tell(f"“{path.name}” is attached to this entry.", problem=False)
        self.changed.emit()
        return True

    def remove_recording(self) -> None:
        if self._read_only or self._audio is None:
            return
        self.player.stop()
        self._audio = None
        self._notice = ""
        self._refresh()
        self.changed.emit()

    # --- buttons ---

    def _button(self, text: str, tip: str, icon: QIcon | None, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        if icon is not None:
            button.setIcon(icon)
        button.setToolTip(tip)
        button.setAccessibleName(text.rstrip("…"))
        button.setAccessibleDescription(tip)
        button.clicked.connect(slot)
        return button

    def _record_clicked(self) -> None:
        if self._audio is not None and not self._confirm(
            "Record over the recording?",
            "This entry already has a recording. A new one will take its place when you stop.",
        ):
            return
        self.record()

    def _import_clicked(self) -> None:
        if self._audio is not None and not self._confirm(
            "Replace the recording?",
            "This entry already has a recording. The one you import will take its place.",
        ):
            return
        patterns = " ".join(f"*{suffix}" for suffix in MIME_BY_SUFFIX)
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Choose a recording", str(Path.home()), f"Recordings ({patterns});;All files (*)"
        )
        if chosen:
            self.import_file(Path(chosen))

    def _remove_clicked(self) -> None:
        if self._confirm(
            "Remove the recording?", "Take the recording off this entry? The words written in it stay."
        ):
            self.remove_recording()

    def _confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text, defaultButton=QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    # --- what the recorder and player say ---

    def _recorded(self, recording: RecordedAudio) -> None:
        self._audio = recording
        self._refresh()
        self.changed.emit()

    def _tell(self, message: str, *, problem: bool = True) -> None:
        self._notice, self._notice_is_problem = message, problem
        self._refresh()

    def _show_elapsed(self, ms: int) -> None:
        note_activity()  # someone speaking is using TutorDesk: no auto-lock mid-recording
        self.time_label.setText(format_ms(ms))

    def _show_level(self, level: float) -> None:
        self.level_bar.setValue(round(level * 100))

    def _show_position(self, ms: int) -> None:
        self._position_ms = ms
        self._show_time()

    def _show_duration(self, ms: int) -> None:
        self._playing_ms = ms
        self._show_time()

    # --- showing the state ---

    def _refresh(self, *_: object) -> None:
        recording, playing = self.recorder.is_recording(), self.player.is_playing()
        busy = recording or playing
        record_problem, play_problem = recording_problem(), playback_problem()
        editable = not self._read_only
        for button in (self.record_button, self.import_button, self.remove_button):
            button.setVisible(editable)
        self.record_button.setEnabled(editable and not busy and record_problem is None)
        self.record_button.setToolTip(record_problem or RECORD_TIP)
        self.stop_button.setEnabled(busy)
        self.play_button.setEnabled(self._audio is not None and not busy and play_problem is None)
        self.play_button.setToolTip(play_problem or PLAY_TIP)
        self.import_button.setEnabled(editable and not busy)
        self.remove_button.setEnabled(editable and not busy and self._audio is not None)
        self.level_bar.setVisible(recording)
        if not recording:
            self.level_bar.setValue(0)
        self._show_time()
        status = self._status(record_problem if editable else None, play_problem)
        self.status_label.setText(
            "<br>".join(f'<span style="color:{colour}">{html.escape(line)}</span>' for line, colour in status)
        )
        self.status_label.setVisible(bool(status))

    def status_text(self) -> str:
        """What the status line says, one message or problem per line."""
        problems = (None if self._read_only else recording_problem(), playback_problem())
        return "\n".join(line for line, _ in self._status(*problems))

    def _status(self, *device_problems: str | None) -> list[tuple[str, str]]:
        """The transient message first (red when it is a problem), then what this computer lacks."""
        lines: list[tuple[str, str]] = []
        if self._notice:
            lines.append((self._notice, PROBLEM if self._notice_is_problem else MUTED))
        for problem in device_problems:
            if problem and all(problem != line for line, _ in lines):
                lines.append((problem, MUTED))
        return lines

    def _show_time(self) -> None:
        if self.recorder.is_recording():
            text = format_ms(self.recorder.elapsed_ms())
        elif self.player.is_playing():
            total = f" / {format_ms(self._playing_ms)}" if self._playing_ms else ""
            text = format_ms(self._position_ms) + total
        elif self._audio is None:
            text = "No recording"
        elif self._audio.duration_ms is not None:
            text = format_ms(self._audio.duration_ms)
        else:
            text = "Recording attached"
        self.time_label.setText(text)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        # Moving to another entry or tab ends a recording (keeping it) and the playback. A minimised window
        # hides spontaneously and carries on: someone may minimise to read their notes while they speak.
        if not event.spontaneous() and self.is_busy():
            self.stop()
        super().hideEvent(event)
