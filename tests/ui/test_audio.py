"""Spoken diary entries: importing, recording and playing audio in memory only, the panel on a computer with
no microphone or speakers, the panel with no sound system at all, and a recording's round trip through the
vault without a plaintext audio file anywhere."""

from __future__ import annotations

import io
import math
import os
import struct
import subprocess
import sys
import tempfile
import textwrap
import wave
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QObject, Signal
from pytestqt.qtbot import QtBot

from tests.conftest import REPO, listing, open_vault
from tutordesk.errors import BadInput
from tutordesk.services.diaries import entries as diaries
from tutordesk.services.diaries.entries import MAX_AUDIO_BYTES, EntryInput
from tutordesk.ui.diaries import audio_capture, audio_playback
from tutordesk.ui.diaries.audio import (
    NO_MICROPHONE,
    NO_SOUND_SYSTEM,
    NO_SPEAKERS,
    AudioPanel,
    AudioPlayer,
    AudioRecorder,
    RecordedAudio,
    format_ms,
    multimedia_problem,
    pcm_for_wav,
    playback_problem,
    read_audio_file,
    recording_problem,
    sniff_mime,
    wav_from_pcm,
)
from tutordesk.ui.diaries.audio_capture import MIME_BY_SUFFIX
from tutordesk.vault.vault import Vault

needs_multimedia = pytest.mark.skipif(
    multimedia_problem() is not None, reason="QtMultimedia cannot be loaded on this computer"
)
needs_no_microphone = pytest.mark.skipif(
    recording_problem() is None, reason="this computer has a microphone, so recording does not fail"
)
needs_no_speakers = pytest.mark.skipif(
    playback_problem() is None, reason="this computer has speakers, so playing does not fail"
)


def sine_pcm(ms: int = 500, rate: int = 16000, hz: float = 440.0, width: int = 2) -> bytes:
    """A quiet sine tone as little-endian PCM of `width` bytes a sample."""
    peak = (1 << (8 * width - 1)) // 4
    samples = (round(peak * math.sin(2 * math.pi * hz * i / rate)) for i in range(rate * ms // 1000))
    if width == 3:
        return b"".join(struct.pack("<i", s)[:3] for s in samples)
    return b"".join(struct.pack("<h", s) for s in samples)


def sine_wav(ms: int = 500, rate: int = 16000, width: int = 2) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(width)
        writer.setframerate(rate)
        writer.writeframes(sine_pcm(ms, rate, width=width))
    return out.getvalue()


@pytest.fixture
def panel(qtbot: QtBot) -> AudioPanel:
    shown = AudioPanel()
    qtbot.addWidget(shown)
    shown.resize(760, 80)
    with qtbot.waitExposed(shown):
        shown.show()
    return shown


@pytest.fixture
def wav_file(tmp_path: Path) -> Path:
    path = tmp_path / "mine" / "session.wav"
    path.parent.mkdir()
    path.write_bytes(sine_wav())
    return path


# --- reading files and building WAV -------------------------------------------------------------------


def test_importing_a_wav_keeps_its_bytes_and_finds_its_length(wav_file: Path) -> None:
    recording = read_audio_file(wav_file)
    assert recording.data == wav_file.read_bytes()
    assert recording.mime == "audio/wav"
    assert recording.duration_ms == 500
    assert "bytes>" in repr(recording) and b"RIFF" not in repr(recording).encode()


@pytest.mark.parametrize(
    ("head", "mime"),
    [
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "audio/wav"),
        (b"OggS\x00\x02" + bytes(10), "audio/ogg"),
        (b"fLaC\x00\x00\x00\x22", "audio/flac"),
        (b"ID3\x04\x00\x00\x00\x00", "audio/mpeg"),
        (b"\xff\xfb\x90\x64\x00", "audio/mpeg"),  # MPEG-1 layer III frame sync, no ID3 tag
        (b"\xff\xf1\x50\x80\x02", "audio/aac"),  # ADTS
        (b"\x00\x00\x00\x20ftypM4A ", "audio/mp4"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81", "audio/webm"),
        (b"Dear diary", None),
        (b"", None),
    ],
)
def test_sniffing_recognises_audio_by_its_first_bytes(head: bytes, mime: str | None) -> None:
    assert sniff_mime(head) == mime


def test_the_content_decides_the_type_and_the_name_is_the_fallback(tmp_path: Path) -> None:
    misnamed = tmp_path / "really-a-wav.mp3"
    misnamed.write_bytes(sine_wav(100))
    assert read_audio_file(misnamed).mime == "audio/wav"
    unsniffable = tmp_path / "voice.opus"
    unsniffable.write_bytes(b"\x00" * 64)
    assert read_audio_file(unsniffable) == RecordedAudio(b"\x00" * 64, "audio/ogg", None)
    no_ending = tmp_path / "voice-note"
    no_ending.write_bytes(b"OggS" + bytes(60))
    assert read_audio_file(no_ending).mime == "audio/ogg"


def test_unknown_empty_missing_and_oversized_files_are_refused_plainly(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Not a recording")
    with pytest.raises(BadInput, match="can't use this kind of file as a recording. Choose a WAV, MP3"):
        read_audio_file(notes)
    empty = tmp_path / "empty.wav"
    empty.touch()
    with pytest.raises(BadInput, match="empty"):
        read_audio_file(empty)
    with pytest.raises(BadInput, match="couldn't open that file"):
        read_audio_file(tmp_path / "gone.wav")
    huge = tmp_path / "huge.wav"
    with huge.open("wb") as sparse:  # sparse: no real disk space used
        sparse.truncate(MAX_AUDIO_BYTES + 1)
    with pytest.raises(BadInput, match=r"too big to keep in a diary entry \(the most is 64 MB\)"):
        read_audio_file(huge)


def test_pcm_becomes_a_valid_wav_in_memory() -> None:
    pcm = sine_pcm(250)
    data = wav_from_pcm(pcm, sample_rate=16000)
    with wave.open(io.BytesIO(data), "rb") as reader:
        assert (reader.getnchannels(), reader.getsampwidth(), reader.getframerate()) == (1, 2, 16000)
        assert reader.getnframes() == 4000
        assert reader.readframes(4000) == pcm
    stereo = wav_from_pcm(bytes(8), sample_rate=48000, channels=2)
    with wave.open(io.BytesIO(stereo), "rb") as reader:
        assert (reader.getnchannels(), reader.getnframes()) == (2, 2)


def test_microphone_samples_become_wav_samples_with_their_peak() -> None:
    loud = struct.pack("=4h", 0, 16384, -32768, 100)
    samples, peak = pcm_for_wav(loud, 2)
    assert samples == struct.pack("<4h", 0, 16384, -32768, 100) and peak == 1.0
    floats = struct.pack("=3f", 0.5, -0.25, 2.0)  # out of range is clipped, not wrapped round
    samples, peak = pcm_for_wav(floats, 4, is_float=True)
    assert struct.unpack("<3h", samples) == (16383, -8191, 32767) and peak == 2.0
    quiet = bytes([128, 160, 96])
    assert pcm_for_wav(quiet, 1) == (quiet, 0.25)
    stereo = struct.pack("=6h", 100, 300, -32768, 0, 7, 7)  # three frames, left and right
    samples, peak = pcm_for_wav(stereo, 2, channels=2)
    assert struct.unpack("<3h", samples) == (200, -16384, 7) and peak == 1.0
    wide = struct.pack("=2i", 1 << 30, -(1 << 29))
    samples, peak = pcm_for_wav(wide, 4)
    assert struct.unpack("<2i", samples) == (1 << 30, -(1 << 29)) and peak == 0.5


def test_lengths_read_as_on_a_player() -> None:
    assert [format_ms(ms) for ms in (0, 999, 42_000, 725_000, 3_729_000)] == [
        "0:00",
        "0:00",
        "0:42",
        "12:05",
        "1:02:09",
    ]


# --- the panel ------------------------------------------------------------------------------------------


@needs_no_microphone
def test_with_no_microphone_record_is_off_and_says_why_while_import_works(
    panel: AudioPanel, wav_file: Path, qtbot: QtBot
) -> None:
    reason = recording_problem()
    assert reason in (NO_MICROPHONE, NO_SOUND_SYSTEM)
    assert not panel.record_button.isEnabled()
    assert panel.record_button.toolTip() == reason
    assert reason in panel.status_text().splitlines()
    assert panel.status_label.isVisible()
    assert panel.import_button.isEnabled()
    assert panel.time_label.text() == "No recording"
    assert panel.record() is False
    assert reason in panel.status_text()

    with qtbot.waitSignal(panel.changed):
        assert panel.import_file(wav_file)
    assert panel.audio() == RecordedAudio(wav_file.read_bytes(), "audio/wav", 500)
    assert panel.time_label.text() == "0:00"  # half a second
    assert panel.remove_button.isEnabled()
    assert "“session.wav” is attached" in panel.status_text()


def test_buttons_have_names_and_tips(panel: AudioPanel) -> None:
    buttons = (panel.record_button, panel.stop_button, panel.play_button, panel.import_button)
    for button in (*buttons, panel.remove_button):
        assert button.accessibleName() and button.toolTip()
    assert panel.import_button.text() == "Import recording…"
    assert panel.import_button.accessibleName() == "Import recording"
    assert panel.level_bar.accessibleName() == "Microphone level"
    assert not panel.stop_button.isEnabled()
    assert not panel.level_bar.isVisible()


def test_a_bad_import_is_explained_and_keeps_the_recording_there(
    panel: AudioPanel, tmp_path: Path, qtbot: QtBot
) -> None:
    panel.set_audio(sine_wav(), "audio/wav", 500)
    kept = panel.audio()
    notes = tmp_path / "notes.txt"
    notes.write_text("Not a recording")
    with qtbot.assertNotEmitted(panel.changed):
        assert not panel.import_file(notes)
    assert panel.audio() == kept
    assert panel.status_text().splitlines()[0].startswith("TutorDesk can't use this kind of file")
    assert "color:#a4000f" in panel.status_label.text()


def test_setting_and_removing_audio(panel: AudioPanel, qtbot: QtBot) -> None:
    data = sine_wav(1500)
    with qtbot.assertNotEmitted(panel.changed):
        panel.set_audio(data, "audio/wav", 1500)
    assert panel.audio() == RecordedAudio(data, "audio/wav", 1500)
    assert panel.time_label.text() == "0:01"
    panel.set_audio(b"OggS" + bytes(40))  # no type given: the content says
    assert panel.audio() == RecordedAudio(b"OggS" + bytes(40), "audio/ogg", None)
    assert panel.time_label.text() == "Recording attached"
    with qtbot.waitSignal(panel.changed):
        panel.remove_recording()
    assert panel.audio() is None
    assert not panel.remove_button.isEnabled() and not panel.play_button.isEnabled()
    panel.set_audio(None)
    assert panel.audio() is None


def test_read_only_plays_but_cannot_change(panel: AudioPanel, wav_file: Path, qtbot: QtBot) -> None:
    panel.set_audio(sine_wav(), "audio/wav", 500)
    panel.set_read_only(True)
    assert not panel.record_button.isVisible()
    assert not panel.import_button.isVisible()
    assert not panel.remove_button.isVisible()
    assert panel.play_button.isVisible() and panel.stop_button.isVisible()
    assert NO_MICROPHONE not in panel.status_text()  # nothing to record in a read-only entry anyway
    with qtbot.assertNotEmitted(panel.changed):
        assert not panel.import_file(wav_file)
        panel.remove_recording()
    assert panel.audio() is not None
    panel.set_read_only(False)
    assert panel.import_button.isVisible()


@needs_no_speakers
def test_with_no_speakers_play_is_off_and_says_why(panel: AudioPanel) -> None:
    panel.set_audio(sine_wav(), "audio/wav", 500)
    reason = playback_problem()
    assert reason in (NO_SPEAKERS, NO_SOUND_SYSTEM)
    assert not panel.play_button.isEnabled()
    assert panel.play_button.toolTip() == reason
    assert reason in panel.status_text()


# --- recorder and player without devices ---------------------------------------------------------------


@needs_no_microphone
def test_recording_with_no_microphone_fails_plainly(qtbot: QtBot) -> None:
    recorder = AudioRecorder()
    with qtbot.waitSignal(recorder.failed) as failed, qtbot.assertNotEmitted(recorder.started):
        assert recorder.start() is False
    assert failed.args == [recording_problem()]
    assert failed.args[0].endswith(".") and "Error" not in failed.args[0]
    assert not recorder.is_recording()
    assert recorder.stop() is None
    recorder.cancel()


@needs_no_speakers
def test_playing_with_no_speakers_fails_plainly(qtbot: QtBot) -> None:
    player = AudioPlayer()
    with qtbot.waitSignal(player.failed) as failed, qtbot.assertNotEmitted(player.finished):
        assert player.play(sine_wav(), "audio/wav") is False
    assert failed.args == [playback_problem()]
    assert not player.is_playing()
    player.stop()


@needs_multimedia
def test_the_decoder_plays_a_recording_from_memory_to_its_end(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With no speakers here, pretend there are: with no device the media player still decodes, silently.
    # A 24-bit WAV goes through FFmpeg (QAudioSink plays 8, 16 and 32-bit), so this reads a QBuffer end to end.
    monkeypatch.setattr(audio_playback, "playback_problem", lambda: None)
    player = AudioPlayer()
    durations: list[int] = []
    player.duration.connect(durations.append)
    with qtbot.waitSignal(player.finished, timeout=10_000), qtbot.assertNotEmitted(player.failed):
        assert player.play(sine_wav(width=3), "audio/wav")
    assert durations and abs(durations[-1] - 500) <= 30
    assert not player.is_playing()


@needs_multimedia
def test_damaged_audio_fails_plainly(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audio_playback, "playback_problem", lambda: None)
    player = AudioPlayer()
    with qtbot.waitSignal(player.failed, timeout=10_000) as failed:
        player.play(b"OggS" + bytes(range(256)) * 4, "audio/ogg")
    assert failed.args == [audio_playback.CANNOT_PLAY]
    assert not player.is_playing()


# --- the recorder's own work, with a stand-in microphone ---------------------------------------------


class StandInStream(QObject):
    """What QAudioSource.start() hands back: a device that says when sound has come in."""

    readyRead = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.waiting = b""

    def say(self, pcm: bytes) -> None:
        self.waiting += pcm
        self.readyRead.emit()

    def readAll(self) -> QByteArray:  # noqa: N802 (Qt's name)
        taken, self.waiting = self.waiting, b""
        return QByteArray(taken)


class StandInMicrophone:
    """Stands in for QMediaDevices, QAudioDevice and QAudioSource, so the recorder runs as with a real one."""

    def __init__(self, qm: Any, supports: Callable[[Any], bool]) -> None:
        self.qm, self.supports = qm, supports
        self.stream = StandInStream()
        self.source: Any = None
        microphone = self

        class Source(QObject):
            stateChanged = Signal(object)

            def __init__(self, device: object, chosen: Any, parent: QObject) -> None:
                super().__init__(parent)
                self.format, self.problem = chosen, qm.QtAudio.Error.NoError
                microphone.source = self

            def start(self) -> StandInStream:
                return microphone.stream

            def error(self) -> Any:
                return self.problem

            def stop(self) -> None:
                pass

        self.QAudioSource = Source
        self.QAudioFormat = qm.QAudioFormat
        self.QtAudio = qm.QtAudio
        self.QMediaDevices = self

    # QMediaDevices
    def audioInputs(self) -> list[object]:  # noqa: N802
        return [self]

    def defaultAudioInput(self) -> StandInMicrophone:  # noqa: N802
        return self

    # QAudioDevice
    def isNull(self) -> bool:  # noqa: N802
        return False

    def preferredFormat(self) -> Any:  # noqa: N802
        chosen = self.qm.QAudioFormat()
        chosen.setSampleRate(48000)
        chosen.setChannelCount(2)
        chosen.setSampleFormat(self.qm.QAudioFormat.SampleFormat.Float)
        return chosen

    def isFormatSupported(self, chosen: Any) -> bool:  # noqa: N802
        return self.supports(chosen)


@pytest.fixture
def microphone(monkeypatch: pytest.MonkeyPatch) -> Callable[..., StandInMicrophone]:
    qm = audio_capture.multimedia()
    if qm is None:
        pytest.skip("QtMultimedia cannot be loaded on this computer")

    def plug_in(supports: Callable[[Any], bool] = lambda chosen: True) -> StandInMicrophone:
        stand_in = StandInMicrophone(qm, supports)
        monkeypatch.setattr(audio_capture, "multimedia", lambda: stand_in)
        return stand_in

    return plug_in


def test_the_recorder_gathers_speech_into_a_wav_in_memory(
    qtbot: QtBot, microphone: Callable[..., StandInMicrophone]
) -> None:
    mic = microphone()
    recorder = AudioRecorder()
    levels: list[float] = []
    recorder.level.connect(levels.append)
    with qtbot.waitSignal(recorder.started):
        assert recorder.start()
    chosen = mic.source.format
    assert (chosen.sampleRate(), chosen.channelCount()) == (16000, 1)  # small, and plenty for speech
    pcm = sine_pcm(500)
    mic.stream.say(pcm[:1001])  # stops part way through a sample: the odd byte waits for the next read
    mic.stream.say(pcm[1001:])
    with qtbot.waitSignal(recorder.elapsed) as elapsed:
        pass
    assert elapsed.args == [500]
    assert levels and 0.2 < max(levels) <= 0.26  # the sine peaks at a quarter of full scale
    with qtbot.waitSignal(recorder.stopped) as stopped:
        recording = recorder.stop()
    assert stopped.args == [recording]
    assert recording == RecordedAudio(wav_from_pcm(pcm, sample_rate=16000), "audio/wav", 500)
    assert not recorder.is_recording()


def test_a_microphone_giving_float_stereo_is_stored_as_16_bit_mono(
    qtbot: QtBot, microphone: Callable[..., StandInMicrophone]
) -> None:
    mic = microphone(lambda chosen: chosen.sampleFormat() == chosen.SampleFormat.Float)  # only its own format
    recorder = AudioRecorder()
    assert recorder.start()
    assert mic.source.format.sampleFormat() == mic.source.format.SampleFormat.Float
    mic.stream.say(struct.pack("=4f", 0.5, -0.5, 1.0, 0.0))  # two stereo frames
    recording = recorder.stop()
    assert recording is not None
    with wave.open(io.BytesIO(recording.data), "rb") as reader:
        assert (reader.getframerate(), reader.getnchannels(), reader.getsampwidth()) == (48000, 1, 2)
        assert struct.unpack("<2h", reader.readframes(2)) == (0, 16383)


def test_the_recorder_stops_itself_at_the_longest_an_entry_holds(
    qtbot: QtBot, microphone: Callable[..., StandInMicrophone]
) -> None:
    mic = microphone()
    recorder = AudioRecorder(max_ms=60_000)
    assert recorder.start()
    with qtbot.waitSignal(recorder.limit_reached) as limit, qtbot.waitSignal(recorder.stopped) as stopped:
        mic.stream.say(bytes(16000 * 2 * 61))  # a minute and a second of silence
    assert limit.args == [
        "Recording stopped at 1 minute, the longest one entry can hold. You can carry on in a new entry."
    ]
    assert stopped.args[0].duration_ms == 60_000
    assert not recorder.is_recording()


def test_a_microphone_pulled_out_keeps_what_was_said(
    qtbot: QtBot, microphone: Callable[..., StandInMicrophone]
) -> None:
    mic = microphone()
    panel = AudioPanel()
    qtbot.addWidget(panel)
    assert panel.record_button.isEnabled()
    assert panel.record()
    assert panel.level_bar.isVisibleTo(panel) and panel.stop_button.isEnabled()
    assert not panel.import_button.isEnabled()
    mic.stream.say(sine_pcm(250))
    mic.source.problem = mic.qm.QtAudio.Error.IOError
    with qtbot.waitSignal(panel.changed):
        mic.source.stateChanged.emit(mic.qm.QtAudio.State.StoppedState)
    recording = panel.audio()
    assert recording is not None and recording.duration_ms == 250
    assert panel.status_text().startswith(audio_capture.MICROPHONE_STOPPED)
    assert not panel.level_bar.isVisibleTo(panel) and panel.record_button.isEnabled()


def test_leaving_the_entry_while_recording_keeps_the_recording(
    qtbot: QtBot, microphone: Callable[..., StandInMicrophone]
) -> None:
    mic = microphone()
    panel = AudioPanel()
    qtbot.addWidget(panel)
    with qtbot.waitExposed(panel):
        panel.show()
    assert panel.record()
    mic.stream.say(sine_pcm(300))
    with qtbot.waitSignal(panel.changed):
        panel.hide()  # another entry or tab was chosen
    assert not panel.is_busy()
    assert panel.audio() is not None and panel.audio().duration_ms == 300
    panel.show()
    assert panel.record()
    mic.stream.say(sine_pcm(100))
    with qtbot.assertNotEmitted(panel.changed):
        panel.set_audio(None)  # the editor opened another entry: what was being recorded is not kept
    assert panel.audio() is None and not panel.is_busy()


def test_stopping_at_once_records_nothing_and_says_so(
    qtbot: QtBot, microphone: Callable[..., StandInMicrophone]
) -> None:
    microphone()
    recorder = AudioRecorder()
    assert recorder.start()
    with qtbot.waitSignal(recorder.failed) as failed, qtbot.assertNotEmitted(recorder.stopped):
        assert recorder.stop() is None
    assert failed.args == [audio_capture.NOTHING_RECORDED]


# --- no sound system at all ----------------------------------------------------------------------------

NO_QTMULTIMEDIA = textwrap.dedent(
    """
    import sys
    sys.modules["PySide6.QtMultimedia"] = None  # what a missing libpulse.so.0 looks like to Python
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from tutordesk.ui.diaries.audio import (
        AudioPanel, AudioPlayer, AudioRecorder, multimedia_problem, playback_problem, recording_problem
    )
    said = []
    problem = multimedia_problem()
    assert problem and recording_problem() == problem and playback_problem() == problem
    recorder = AudioRecorder(); recorder.failed.connect(said.append)
    assert recorder.start() is False
    player = AudioPlayer(); player.failed.connect(said.append)
    assert player.play(b"RIFF", "audio/wav") is False
    panel = AudioPanel()
    assert not panel.record_button.isEnabled() and panel.record_button.toolTip() == problem
    assert panel.status_text() == problem, panel.status_text()
    assert panel.import_file(Path(sys.argv[1]))
    assert panel.audio().duration_ms == 500 and not panel.play_button.isEnabled()
    assert said == [problem, problem], said
    print(problem)
    """
)


def test_without_qtmultimedia_the_app_says_so_and_the_rest_works(wav_file: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", NO_QTMULTIMEDIA, str(wav_file)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == NO_SOUND_SYSTEM
    assert NO_SOUND_SYSTEM.startswith("Recording and playing back need the computer's sound system")


# --- privacy: the vault, and nowhere else ---------------------------------------------------------------


def _forbid_temp_files(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("audio must never go through a temporary file")

    for name in ("mkstemp", "mkdtemp", "NamedTemporaryFile", "TemporaryFile", "SpooledTemporaryFile"):
        monkeypatch.setattr(tempfile, name, refuse)
    monkeypatch.setattr(tempfile, "TemporaryDirectory", refuse)


def _files_holding(folder: Path, needle: bytes, since: float) -> list[Path]:
    """New files directly in `folder` that hold `needle` (the shared temporary folder is not walked down)."""
    found = []
    for path in folder.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime >= since and needle in path.read_bytes():
                found.append(path)
        except OSError:
            continue  # another program's file, gone or not ours to read
    return found


def test_a_spoken_entry_round_trips_through_the_vault_and_no_plaintext_audio_file_appears(
    vault: Vault,
    vault_path: Path,
    wav_file: Path,
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    system_temp = Path(tempfile.gettempdir())
    private_temp = tmp_path / "temp"
    private_temp.mkdir()
    # Qt takes its temporary folder from TMPDIR too: anything it wrote there would show up here.
    monkeypatch.setenv("TMPDIR", str(private_temp))
    monkeypatch.setattr(audio_playback, "playback_problem", lambda: None)  # to run the decoder as well
    _forbid_temp_files(monkeypatch)
    started = wav_file.stat().st_mtime - 1
    before = {folder: listing(folder) for folder in (tmp_path, wav_file.parent, vault_path.parent)}
    in_working_folder = set(listing(Path.cwd()))  # others may add caches here meanwhile; audio must not
    pcm = wav_file.read_bytes()[44:]  # the samples: in any plaintext copy, encrypted nowhere else

    panel = AudioPanel()
    qtbot.addWidget(panel)
    panel.show()
    assert panel.import_file(wav_file)
    panel.record()  # fails here (no microphone) or records a moment into memory
    panel.stop()
    panel.import_file(wav_file)
    panel.play()  # straight to the sound card, or "no speakers"
    qtbot.waitUntil(lambda: not panel.player.is_playing(), timeout=10_000)
    if multimedia_problem() is None:
        with qtbot.waitSignal(panel.player.finished, timeout=10_000):
            panel.player.play(sine_wav(width=3), "audio/wav")  # through the decoder, from a QBuffer
    recording = panel.audio()
    assert recording is not None

    with vault.unit_of_work() as uow:
        entry = EntryInput(written_on=date(2025, 3, 14), diary="journal", mode="spoken")
        entry_id = diaries.save_entry(uow, learner_id=None, entry=entry)
        diaries.set_audio(
            uow,
            entry_id=entry_id,
            data=recording.data,
            mime=recording.mime,
            duration_ms=recording.duration_ms,
        )
        uow.commit()
    vault.close()

    reopened = open_vault(vault_path)
    try:
        with reopened.unit_of_work() as uow:
            assert diaries.load_audio(uow, entry_id=entry_id) == (wav_file.read_bytes(), "audio/wav")
            assert diaries.load_entry(uow, entry_id=entry_id).audio_ms == 500
            stored = diaries.load_audio(uow, entry_id=entry_id)
        assert stored is not None
        panel.set_audio(stored[0], stored[1], 500)
        assert panel.audio() == RecordedAudio(wav_file.read_bytes(), "audio/wav", 500)
    finally:
        reopened.close()

    after = {folder: listing(folder) for folder in before}
    assert after == before
    assert listing(private_temp) == []
    for folder in (vault_path.parent, tmp_path / "temp", system_temp):
        assert _files_holding(folder, pcm[1000:1400], started) == [], folder
    new_here = set(listing(Path.cwd())) - in_working_folder
    assert not [name for name in new_here if name.startswith("memory") or Path(name).suffix in MIME_BY_SUFFIX]
