"""Getting a spoken entry into memory: recording from the microphone, importing an audio file, and the checks
that say whether the computer's sound system and microphone are there at all.

Audio never touches the disk here: a recording is gathered in a bytearray and wrapped as WAV in a BytesIO,
and an imported file is read once into bytes. The diaries service then keeps those bytes in the vault.
"""

from __future__ import annotations

import functools
import importlib
import io
import logging
import sys
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLoggingCategory, QObject, Qt, QTimer, Signal

from tutordesk.errors import BadInput
from tutordesk.services.diaries.entries import MAX_AUDIO_BYTES

if TYPE_CHECKING:
    from PySide6.QtCore import QIODevice, QPermission
    from PySide6.QtMultimedia import QAudioDevice, QAudioFormat, QAudioSource

log = logging.getLogger(__name__)

NO_SOUND_SYSTEM = (
    "Recording and playing back need the computer's sound system (PulseAudio or PipeWire), "
    "which TutorDesk cannot find."
)
NO_MICROPHONE = "No microphone was found. You can still import a recording, or write the entry."
MICROPHONE_NOT_ALLOWED = (
    "TutorDesk isn't allowed to use the microphone. You can allow it in your computer's privacy settings."
)
MICROPHONE_WOULD_NOT_OPEN = (
    "The microphone could not be started. Check it is plugged in and not in use by another program."
)
MICROPHONE_STOPPED = "The microphone stopped working. What was recorded up to then has been kept."
NOTHING_RECORDED = "Nothing was recorded. Check the microphone is switched on and not muted, then try again."

MAX_RECORDING_MS = 20 * 60 * 1000  # a long reflection fits; anything longer is better split into entries
WAV_HEADER_BYTES = 44
TICK_MS = 100

# What can be imported, by file name ending, with the MIME type kept in the vault when sniffing finds nothing.
MIME_BY_SUFFIX = {
    ".wav": "audio/wav",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".aac": "audio/aac",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".opus": "audio/ogg",
    ".webm": "audio/webm",
    ".flac": "audio/flac",
}
# The other way round, for telling QMediaPlayer what it is reading (it guesses the container from the name).
SUFFIX_BY_MIME = {
    "audio/wav": ".wav",
    "audio/mpeg": ".mp3",
    "audio/mp4": ".m4a",
    "audio/aac": ".aac",
    "audio/ogg": ".ogg",
    "audio/webm": ".webm",
    "audio/flac": ".flac",
}
KINDS_IN_WORDS = "WAV, MP3, M4A, AAC, OGG, Opus, WebM or FLAC"


@dataclass(frozen=True)
class RecordedAudio:
    """A spoken entry in memory: the file's bytes, its MIME type and, when known, its length."""

    data: bytes
    mime: str
    duration_ms: int | None = None

    def __repr__(self) -> str:
        # Never the bytes: a repr can end up in a log or a traceback.
        return f"RecordedAudio(<{len(self.data)} bytes>, mime={self.mime!r}, duration_ms={self.duration_ms})"


# --- is there a sound system, a microphone, speakers? ---------------------------------------------------


@functools.cache
def multimedia() -> ModuleType | None:
    """PySide6.QtMultimedia, or None when it cannot be loaded (on Linux, usually libpulse.so.0 is missing)."""
    # FFmpeg describes every file it opens at info level, tags such as a title or an artist included: keep
    # that out of the terminal and any log collected from it. Warnings still show.
    QLoggingCategory.setFilterRules("qt.multimedia.ffmpeg*.info=false")
    try:
        return importlib.import_module("PySide6.QtMultimedia")
    except ImportError as error:
        # The reason names a library, which helps whoever supports the computer; the user gets one sentence.
        log.warning("Sound is not available: %s", error)
        return None


def multimedia_problem() -> str | None:
    """None when QtMultimedia loads, else one plain sentence saying recording and playing cannot work."""
    return None if multimedia() is not None else NO_SOUND_SYSTEM


def recording_problem() -> str | None:
    """Why nothing can be recorded on this computer right now, or None when a microphone is there."""
    qm = multimedia()
    if qm is None:
        return NO_SOUND_SYSTEM
    if not qm.QMediaDevices.audioInputs():
        return NO_MICROPHONE
    return None


# --- importing a file ------------------------------------------------------------------------------------


def sniff_mime(head: bytes) -> str | None:
    """The audio type given away by a file's first bytes, or None when they say nothing we know."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[:4] == b"OggS":
        return "audio/ogg"
    if head[:4] == b"fLaC":
        return "audio/flac"
    if head[4:8] == b"ftyp":
        return "audio/mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3":  # EBML, the container of WebM
        return "audio/webm"
    if head[:3] == b"ID3":
        return "audio/mpeg"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        # Both MPEG audio and ADTS (raw AAC) start with a frame sync; ADTS is the one whose layer bits are 00.
        return "audio/aac" if head[1] & 0x06 == 0 else "audio/mpeg"
    return None


def wav_duration_ms(data: bytes) -> int | None:
    """The length of a WAV recording, or None when `wave` cannot read it (compressed or float WAV)."""
    try:
        with wave.open(io.BytesIO(data), "rb") as reader:
            rate = reader.getframerate()
            return round(reader.getnframes() * 1000 / rate) if rate else None
    except (wave.Error, EOFError):
        return None


def read_audio_file(path: Path) -> RecordedAudio:
    """Read an audio file into memory as a recording for a diary entry; it is never copied anywhere.

    Raises BadInput with a plain sentence for a file that is missing, empty, too big or not audio we know.
    """
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as source:
            # One byte more than allowed is enough to know it is too big, whatever stat() said.
            data = source.read(MAX_AUDIO_BYTES + 1)
    except OSError as error:
        log.info("Could not read the chosen audio file: %s", error.strerror)
        raise BadInput("TutorDesk couldn't open that file. Check it still exists and try again.") from None
    sniffed = sniff_mime(data[:16])
    if sniffed is None and suffix not in MIME_BY_SUFFIX:
        raise BadInput(
            f"TutorDesk can't use this kind of file as a recording. Choose a {KINDS_IN_WORDS} file."
        )
    if not data:
        raise BadInput("That file is empty, so there is no recording in it.")
    if len(data) > MAX_AUDIO_BYTES:
        limit = MAX_AUDIO_BYTES // (1024 * 1024)
        raise BadInput(
            f"That recording is too big to keep in a diary entry (the most is {limit} MB). "
            "Try a shorter recording, or an MP3 or M4A version of it."
        )
    mime = sniffed or MIME_BY_SUFFIX[suffix]
    return RecordedAudio(data, mime, wav_duration_ms(data) if mime == "audio/wav" else None)


def wav_from_pcm(pcm: bytes, *, sample_rate: int, channels: int = 1, sample_width: int = 2) -> bytes:
    """Wrap little-endian PCM samples in a WAV header, in memory."""
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(sample_width)
        writer.setframerate(sample_rate)
        writer.writeframes(pcm)
    return out.getvalue()


# --- recording -------------------------------------------------------------------------------------------


class AudioRecorder(QObject):
    """Records from the default microphone into memory and hands back a WAV recording.

    `started` once sound is coming in; `elapsed` and `level` (peak, 0..1) ten times a second while recording;
    `stopped(RecordedAudio)` when it ends, by `stop()` or on reaching the length limit (then `limit_reached`
    says so first); `failed(str)` with one plain sentence when it could not start or the microphone went away.
    Nothing here raises.
    """

    started = Signal()
    elapsed = Signal(int)
    level = Signal(float)
    stopped = Signal(object)
    limit_reached = Signal(str)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None, *, max_ms: int = MAX_RECORDING_MS) -> None:
        super().__init__(parent)
        self._max_ms = max_ms
        self._source: QAudioSource | None = None
        self._device: QIODevice | None = None
        self._pcm = bytearray()
        self._pending = b""  # the end of a read that stopped part way through a frame
        self._rate = 16000
        self._channels = 1
        self._in_width = 2  # bytes per sample as the microphone delivers them
        self._float = False  # float samples are stored as 16-bit, since `wave` writes integer PCM only
        self._max_bytes = 0
        self._peak = 0.0
        self._asking = False
        self._at_limit = False
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def is_recording(self) -> bool:
        """True while recording, and while the system is asking the user whether the microphone may be used."""
        return self._source is not None or self._asking

    def elapsed_ms(self) -> int:
        return self._ms(len(self._pcm))

    def start(self) -> bool:
        """Start recording; False (after `failed`) when it cannot. May first ask the system for permission."""
        if self._source is not None or self._asking:
            return True
        problem = recording_problem()
        if problem is not None:
            self.failed.emit(problem)
            return False
        permission = _microphone_permission()
        app = QCoreApplication.instance()
        if permission is not None and app is not None:
            status = app.checkPermission(permission)
            if status == Qt.PermissionStatus.Denied:
                self.failed.emit(MICROPHONE_NOT_ALLOWED)
                return False
            if status == Qt.PermissionStatus.Undetermined:
                # macOS asks the user once; recording starts when (and if) they say yes.
                self._asking = True
                app.requestPermission(permission, self, self._permission_answered)
                return True
        return self._open()

    def stop(self) -> RecordedAudio | None:
        """Stop and return the recording (also sent as `stopped`); None when nothing was being recorded."""
        self._asking = False
        if self._source is None:
            return None
        self._read()
        self._close()
        if not self._pcm:
            self.failed.emit(NOTHING_RECORDED)
            return None
        recording = RecordedAudio(
            wav_from_pcm(
                bytes(self._pcm),
                sample_rate=self._rate,
                channels=1,
                sample_width=self._out_width(),
            ),
            "audio/wav",
            self.elapsed_ms(),
        )
        self._pcm = bytearray()
        self.stopped.emit(recording)
        return recording

    def cancel(self) -> None:
        """Stop without keeping anything (the entry being recorded for has gone away)."""
        self._asking = False
        self._close()
        self._pcm, self._pending = bytearray(), b""

    # --- inside ---

    def _permission_answered(self, permission: QPermission) -> None:
        if not self._asking:
            return  # stop() came first
        self._asking = False
        if permission.status() == Qt.PermissionStatus.Granted:
            self._open()
        else:
            self.failed.emit(MICROPHONE_NOT_ALLOWED)

    def _open(self) -> bool:
        qm = multimedia()
        assert qm is not None  # recording_problem() said so
        device = qm.QMediaDevices.defaultAudioInput()
        chosen = _input_format(qm, device)
        if chosen is None:
            self.failed.emit(MICROPHONE_WOULD_NOT_OPEN)
            return False
        source = qm.QAudioSource(device, chosen, self)
        stream = source.start()
        if stream is None or source.error() != qm.QtAudio.Error.NoError:
            source.deleteLater()
            self.failed.emit(MICROPHONE_WOULD_NOT_OPEN)
            return False
        self._rate, self._channels = chosen.sampleRate(), chosen.channelCount()
        self._float = chosen.sampleFormat() == qm.QAudioFormat.SampleFormat.Float
        self._in_width = chosen.bytesPerSample()
        out_frame = self._out_width()  # mono, whatever the microphone gives
        wanted = self._max_ms * self._rate // 1000 * out_frame
        self._max_bytes = min(wanted, (MAX_AUDIO_BYTES - WAV_HEADER_BYTES) // out_frame * out_frame)
        self._source, self._device = source, stream
        self._pcm, self._pending, self._peak, self._at_limit = bytearray(), b"", 0.0, False
        stream.readyRead.connect(self._read)
        source.stateChanged.connect(self._state_changed)
        self._timer.start()
        self.started.emit()
        return True

    def _out_width(self) -> int:
        return 2 if self._float else self._in_width

    def _ms(self, stored_bytes: int) -> int:
        per_second = self._rate * self._out_width()
        return stored_bytes * 1000 // per_second if per_second else 0

    def _read(self) -> None:
        if self._device is None:
            return
        chunk = self._pending + bytes(self._device.readAll().data())
        frame = self._channels * self._in_width
        usable = len(chunk) - len(chunk) % frame
        chunk, self._pending = chunk[:usable], chunk[usable:]
        if not chunk:
            return
        samples, peak = pcm_for_wav(chunk, self._in_width, self._float, self._channels)
        self._peak = max(self._peak, peak)
        room = self._max_bytes - len(self._pcm)
        self._pcm += samples[:room]
        if len(self._pcm) >= self._max_bytes and not self._at_limit:
            self._at_limit = True
            minutes = self._ms(self._max_bytes) // 60000
            self.limit_reached.emit(
                f"Recording stopped at {minutes} minute{'' if minutes == 1 else 's'}, the longest one entry can hold. "
                "You can carry on in a new entry."
            )
            QTimer.singleShot(0, self.stop)  # not from inside the device's own signal

    def _tick(self) -> None:
        self._read()
        self.elapsed.emit(self.elapsed_ms())
        self.level.emit(min(1.0, self._peak))
        self._peak = 0.0

    def _state_changed(self, state: object) -> None:
        qm = multimedia()
        source = self._source
        if qm is None or source is None:
            return
        if state == qm.QtAudio.State.StoppedState and source.error() != qm.QtAudio.Error.NoError:
            log.info("The microphone stopped with %s", source.error())
            self._read()
            if not self._pcm:
                self._close()
                self.failed.emit(MICROPHONE_WOULD_NOT_OPEN)
                return
            self.stop()
            self.failed.emit(MICROPHONE_STOPPED)

    def _close(self) -> None:
        self._timer.stop()
        source, self._source, self._device = self._source, None, None
        if source is not None:
            source.stateChanged.disconnect(self._state_changed)
            source.stop()
            source.deleteLater()


def _microphone_permission() -> object | None:
    try:
        from PySide6.QtCore import QMicrophonePermission
    except ImportError:  # a Qt built without the permissions API
        return None
    return QMicrophonePermission()


def _input_format(qm: ModuleType, device: QAudioDevice) -> QAudioFormat | None:
    """16 kHz mono 16-bit (small, and plenty for speech) when the microphone can, else the nearest it can."""
    if device.isNull():
        return None
    preferred = device.preferredFormat()
    wanted = [(16000, 1), (preferred.sampleRate(), 1), (preferred.sampleRate(), preferred.channelCount())]
    candidates = []
    for rate, channels in wanted:
        candidate = qm.QAudioFormat()
        candidate.setSampleRate(rate)
        candidate.setChannelCount(channels)
        candidate.setSampleFormat(qm.QAudioFormat.SampleFormat.Int16)
        candidates.append(candidate)
    candidates.append(preferred)
    usable = {qm.QAudioFormat.SampleFormat.UInt8, qm.QAudioFormat.SampleFormat.Int16}
    usable |= {qm.QAudioFormat.SampleFormat.Int32, qm.QAudioFormat.SampleFormat.Float}
    for candidate in candidates:
        if (
            candidate.sampleRate() > 0
            and candidate.channelCount() > 0
            and candidate.sampleFormat() in usable
            and device.isFormatSupported(candidate)
        ):
            return candidate
    return None


_TYPECODES = {1: "B", 2: "h", 4: "i"}


def pcm_for_wav(chunk: bytes, width: int, is_float: bool = False, channels: int = 1) -> tuple[bytes, float]:
    """Whole frames as the microphone gives them (native-endian, `width` bytes a sample; 4-byte float when
    `is_float`) as mono WAV samples (little-endian integers, float as 16-bit), with their peak from 0 to 1.

    Speech needs one channel, and mono fits twice the minutes in the size an entry can hold.
    """
    if is_float:
        floats = array("f", chunk)
        peak = max(max(floats), -min(floats))
        samples = array("h", (int(max(-1.0, min(1.0, value)) * 32767) for value in floats))
    else:
        samples = array(_TYPECODES[width], chunk)
        if width == 1:  # unsigned, silence at 128, as WAV stores it too
            peak = max(max(samples) - 128, 128 - min(samples)) / 128
        else:
            peak = max(max(samples), -min(samples)) / (1 << (8 * width - 1))
    if channels > 1:
        # Integer division floors, so -1 and 0 mix to -1: a rounding too small to hear.
        mixed = zip(*(samples[channel::channels] for channel in range(channels)), strict=True)
        samples = array(samples.typecode, (sum(frame) // channels for frame in mixed))
    if sys.byteorder == "big" and samples.itemsize > 1:
        samples.byteswap()
    return samples.tobytes(), float(peak)
