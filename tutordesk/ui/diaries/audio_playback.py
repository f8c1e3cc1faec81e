"""Playing a spoken entry straight from memory: WAV through QAudioSink, anything else through QMediaPlayer
reading a QBuffer. The recording is never written to a file to be played.
"""

from __future__ import annotations

import io
import logging
import wave
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QTimer, QUrl, Signal

from tutordesk.ui.diaries.audio_capture import (
    NO_SOUND_SYSTEM,
    SUFFIX_BY_MIME,
    TICK_MS,
    multimedia,
    sniff_mime,
)

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QAudioOutput, QAudioSink, QMediaPlayer

log = logging.getLogger(__name__)

NO_SPEAKERS = "No speakers or headphones were found, so recordings can't be played on this computer."
WOULD_NOT_PLAY = "The speakers or headphones could not be started. Check they are plugged in and switched on."
CANNOT_PLAY = "This recording can't be played. It may be damaged, or of a kind TutorDesk can't play."

_SAMPLE_FORMATS = {1: "UInt8", 2: "Int16", 4: "Int32"}  # WAV sample width in bytes -> QAudioFormat name


def playback_problem() -> str | None:
    """Why nothing can be played on this computer right now, or None when there is somewhere to play it."""
    qm = multimedia()
    if qm is None:
        return NO_SOUND_SYSTEM
    if not qm.QMediaDevices.audioOutputs():
        return NO_SPEAKERS
    return None


class AudioPlayer(QObject):
    """Plays a recording held in memory.

    `position(ms)` while playing; `finished()` when playback ends, at the end or by `stop()`; `failed(str)`
    with one plain sentence when it cannot play (then no `finished`). Nothing here raises.
    """

    position = Signal(int)
    duration = Signal(int)  # when the length becomes known, which for compressed audio is only once it plays
    finished = Signal()
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._buffer: QBuffer | None = None
        self._sink: QAudioSink | None = None
        self._player: QMediaPlayer | None = None
        self._output: QAudioOutput | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def is_playing(self) -> bool:
        return self._sink is not None or self._player is not None

    def play(self, data: bytes, mime: str) -> bool:
        """Start playing `data` from the beginning; False (after `failed`) when it cannot."""
        self._release()
        problem = playback_problem()
        if problem is not None:
            self.failed.emit(problem)
            return False
        if not data:
            self.failed.emit(CANNOT_PLAY)
            return False
        mime = sniff_mime(data[:16]) or mime
        if not (mime == "audio/wav" and self._play_wav(data)):
            self._play_media(data, mime)
        return self.is_playing()

    def stop(self) -> None:
        if self.is_playing():
            self._release()
            self.finished.emit()

    # --- WAV: samples straight to the sound card ---

    def _play_wav(self, data: bytes) -> bool:
        """True when playing (or failed for good); False to let QMediaPlayer try a WAV `wave` cannot read."""
        qm = multimedia()
        assert qm is not None
        try:
            with wave.open(io.BytesIO(data), "rb") as reader:
                rate, channels, width = reader.getframerate(), reader.getnchannels(), reader.getsampwidth()
                frames = reader.readframes(reader.getnframes())
        except (wave.Error, EOFError):
            return False  # compressed or float WAV: FFmpeg reads those
        if width not in _SAMPLE_FORMATS or rate <= 0:
            return False
        chosen = qm.QAudioFormat()
        chosen.setSampleRate(rate)
        chosen.setChannelCount(channels)
        chosen.setSampleFormat(getattr(qm.QAudioFormat.SampleFormat, _SAMPLE_FORMATS[width]))
        device = qm.QMediaDevices.defaultAudioOutput()
        if device.isNull():
            self.failed.emit(NO_SPEAKERS)
            return True
        if not device.isFormatSupported(chosen):
            return False  # QMediaPlayer converts the rate and channels for the device
        sink = qm.QAudioSink(device, chosen, self)
        buffer = _memory_device(frames, sink)  # a child, so it outlives every read the sink makes
        self._buffer, self._sink = buffer, sink
        sink.stateChanged.connect(self._sink_state)
        sink.start(buffer)
        if sink.error() != qm.QtAudio.Error.NoError:
            log.info("The sound output would not start: %s", sink.error())
            self._release()
            self.failed.emit(WOULD_NOT_PLAY)
            return True
        self.duration.emit(round(len(frames) * 1000 / (rate * channels * width)))
        self._timer.start()
        return True

    def _sink_state(self, state: object) -> None:
        qm = multimedia()
        sink, buffer = self._sink, self._buffer
        if qm is None or sink is None or buffer is None:
            return
        if state == qm.QtAudio.State.IdleState and buffer.atEnd():
            # Idle with the buffer read to its end: everything has gone to the speakers.
            self.position.emit(sink.processedUSecs() // 1000)
            self._end_later()
        elif state == qm.QtAudio.State.StoppedState and sink.error() != qm.QtAudio.Error.NoError:
            log.info("The sound output stopped with %s", sink.error())
            self._end_later(WOULD_NOT_PLAY)

    # --- anything else: FFmpeg through QMediaPlayer, reading the same kind of in-memory buffer ---

    def _play_media(self, data: bytes, mime: str) -> None:
        qm = multimedia()
        assert qm is not None
        self._player = player = qm.QMediaPlayer(self)
        # Children of the player, so they go only after it: FFmpeg reads the buffer from its own thread.
        self._buffer = _memory_device(data, player)
        self._output = qm.QAudioOutput(player)
        player.setAudioOutput(self._output)
        player.positionChanged.connect(self._media_position)
        player.durationChanged.connect(self._media_duration)
        player.mediaStatusChanged.connect(self._media_status)
        player.errorOccurred.connect(self._media_error)
        # The URL is only a name: it tells FFmpeg which container to expect, and no file by it exists.
        player.setSourceDevice(self._buffer, QUrl("memory" + SUFFIX_BY_MIME.get(mime, ".audio")))
        player.play()

    def _media_position(self, ms: int) -> None:
        self.position.emit(int(ms))

    def _media_duration(self, ms: int) -> None:
        if ms > 0:
            self.duration.emit(int(ms))

    def _media_status(self, status: object) -> None:
        qm = multimedia()
        if qm is not None and status == qm.QMediaPlayer.MediaStatus.EndOfMedia:
            self._end_later()

    def _media_error(self, error: object, description: str) -> None:
        qm = multimedia()
        if qm is None or self._player is None or error == qm.QMediaPlayer.Error.NoError:
            return
        log.info("A recording could not be played: %s (%s)", error, description)
        self._end_later(CANNOT_PLAY)

    # --- shared ---

    def _end_later(self, problem: str | None = None) -> None:
        """Finish (or fail) once back in the event loop. Stopping a QMediaPlayer from inside its own
        mediaStatusChanged can deadlock the FFmpeg backend (seen about once in ten runs), so never from there."""
        playing = self._player or self._sink

        def end() -> None:
            if (self._player or self._sink) is not playing:
                return  # already stopped, or playing something else by now
            if problem is None:
                self.stop()
            else:
                self._release()
                self.failed.emit(problem)

        QTimer.singleShot(0, self, end)

    def _tick(self) -> None:
        if self._sink is not None:
            self.position.emit(self._sink.processedUSecs() // 1000)

    def _release(self) -> None:
        self._timer.stop()
        sink, player = self._sink, self._player
        self._sink = self._player = self._output = self._buffer = None
        if sink is not None:
            sink.stateChanged.disconnect(self._sink_state)
            sink.stop()
            sink.deleteLater()  # and its buffer with it
        if player is not None:
            for signal, slot in (
                (player.positionChanged, self._media_position),
                (player.durationChanged, self._media_duration),
                (player.mediaStatusChanged, self._media_status),
                (player.errorOccurred, self._media_error),
            ):
                signal.disconnect(slot)
            # Not player.stop(): with Qt 6.11's FFmpeg backend it can wait forever on the decoding thread, while
            # loading or playing alike. An empty source stops, unloads and lets go of the buffer safely.
            player.setSource(QUrl())
            player.deleteLater()  # and its buffer and output with it


def _memory_device(data: bytes, parent: QObject) -> QBuffer:
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    return buffer
