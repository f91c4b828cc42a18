"""The audio front end: every common WAV encoding reads the same, bad files say what is wrong."""

from __future__ import annotations

import struct
import subprocess
from pathlib import Path

import numpy as np
import pytest

from assistant.audio.convert import for_asr, resample
from assistant.audio.wav import IEEE_FLOAT, PCM, parse_wav, read_wav, write_wav
from assistant.errors import AudioError
from assistant.vad.endpoint import Endpointer, VadSettings, VadState, segments

RATE = 16000


def tone(seconds: float, rate: int = RATE, freq: float = 440.0, amp: float = 0.5) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def wav_bytes(samples: np.ndarray, rate: int, bits: int, code: int = PCM, channels: int = 1) -> bytes:
    frames = np.repeat(samples[:, None], channels, axis=1).reshape(-1)
    if code == IEEE_FLOAT:
        body = frames.astype("<f4").tobytes()
    elif bits == 8:
        body = (frames * 127 + 128).round().astype(np.uint8).tobytes()
    elif bits == 24:
        ints = (frames * (2**23 - 1)).round().astype("<i4")
        body = b"".join(int(v).to_bytes(3, "little", signed=True) for v in ints)
    else:
        body = (frames * (2 ** (bits - 1) - 1)).round().astype("<i2" if bits == 16 else "<i4").tobytes()
    block = channels * bits // 8
    fmt = struct.pack("<HHIIHH", code, channels, rate, rate * block, block, bits)
    return (
        b"RIFF"
        + struct.pack("<I", 36 + len(body))
        + b"WAVEfmt "
        + struct.pack("<I", 16)
        + fmt
        + (b"data" + struct.pack("<I", len(body)) + body)
    )


@pytest.mark.parametrize(
    ("bits", "code", "channels", "rate"),
    [(8, PCM, 1, 8000), (16, PCM, 1, 16000), (16, PCM, 2, 44100), (24, PCM, 1, 48000), (32, PCM, 2, 22050),
     (32, IEEE_FLOAT, 1, 48000), (32, IEEE_FLOAT, 2, 16000)],
    ids=["8bit-8k", "16bit", "16bit-stereo-44k", "24bit-48k", "32bit-stereo", "float-48k", "float-stereo"],
)  # fmt: skip
def test_every_encoding_reads_to_the_same_16k_mono_signal(bits: int, code: int, channels: int, rate: int) -> None:
    clip = parse_wav(wav_bytes(tone(0.5, rate), rate, bits, code, channels))
    assert clip.rate == rate and clip.channels == channels
    mono = for_asr(clip)
    assert abs(mono.size - 8000) <= 1
    reference = tone(0.5, RATE)[: mono.size]
    middle = slice(400, -400)  # filter edges aside
    tolerance = 0.02 if bits > 8 else 0.05
    assert np.max(np.abs(mono[middle] - reference[middle])) < tolerance


def test_downsampling_removes_what_the_new_rate_cannot_hold() -> None:
    high = tone(0.5, 48000, freq=12000)  # above 8 kHz: must not alias into the speech band
    assert np.sqrt(np.mean(resample(high, 48000)[400:-400] ** 2)) < 0.01


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not a WAV file"),
        (b"ID3\x03\x00 this is an mp3", "not a WAV file"),
        (wav_bytes(tone(0.1), RATE, 16)[:44], "truncated"),
        (wav_bytes(tone(0.1), RATE, 16)[:36], "no audio data"),
        (wav_bytes(tone(0.1), RATE, 16)[:1000], "truncated"),
        (wav_bytes(np.zeros(0, np.float32), RATE, 16), "empty"),
        (wav_bytes(tone(0.1), RATE, 12), "unsupported WAV encoding"),
    ],
    ids=["empty-file", "not-wav", "header-only-data", "header-only", "truncated", "no-samples", "12-bit"],
)
def test_bad_input_says_what_is_wrong(data: bytes, reason: str) -> None:
    with pytest.raises(AudioError, match=reason):
        parse_wav(data)


def test_read_wav_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("hello")
    with pytest.raises(AudioError, match=rf"{path}: not a WAV file"):
        read_wav(path)
    with pytest.raises(AudioError, match="does not exist"):
        read_wav(tmp_path / "missing.wav")


def test_write_then_read_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "x.wav"
    write_wav(path, tone(0.2), RATE)
    clip = read_wav(path)
    assert clip.rate == RATE and np.max(np.abs(clip.samples[:, 0] - tone(0.2))) < 1e-3


def test_espeak_output_reads(tmp_path: Path) -> None:
    path = tmp_path / "espeak.wav"
    subprocess.run(["espeak-ng", "-w", str(path), "open the window"], check=True)
    clip = read_wav(path)
    assert clip.rate == 22050 and 0.5 < clip.duration_s < 3


def _with_silence(speech: np.ndarray, before: float, after: float, noise: float = 0.001) -> np.ndarray:
    rng = np.random.default_rng(0)

    def quiet(seconds: float) -> np.ndarray:
        return (noise * rng.standard_normal(int(seconds * RATE))).astype(np.float32)

    return np.concatenate([quiet(before), speech + quiet(len(speech) / RATE), quiet(after)])


def test_vad_finds_the_utterance_in_virtual_time() -> None:
    audio = _with_silence(tone(1.0, amp=0.2), before=0.9, after=1.2)
    found = segments(audio, RATE)
    assert len(found) == 1
    start, end = found[0]
    assert abs(start - 0.9) < 0.07 and abs(end - 1.9) < 0.07


def test_vad_ignores_a_click_and_survives_a_short_pause() -> None:
    click = tone(0.03, amp=0.5)
    word = tone(0.4, amp=0.2)
    gap = np.zeros(int(0.3 * RATE), np.float32)
    audio = _with_silence(np.concatenate([click, np.zeros(RATE // 2, np.float32), word, gap, word]), 0.5, 1.0)
    assert len(segments(audio, RATE)) == 1  # the click is too short; the 300 ms pause is not the end


def test_early_commit_ends_the_turn_without_waiting_for_silence() -> None:
    endpointer = Endpointer(VadSettings(), RATE)
    speech = tone(0.6, amp=0.2)
    size = endpointer.frame_samples
    for offset in range(0, speech.size - size + 1, size):
        endpointer.feed(speech[offset : offset + size])
    assert endpointer.state is VadState.SPEAKING
    (event,) = endpointer.commit()
    assert event.kind == "speech_stopped" and event.early
    assert endpointer.state.value == "quiet"
    assert endpointer.commit() == []
