"""Downmix and resample: pure functions on sample arrays."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from assistant.audio.wav import AudioClip, Samples

ASR_RATE = 16000


def to_mono(clip: AudioClip) -> Samples:
    samples: Samples = clip.samples.mean(axis=1).astype(np.float32)
    return samples


def _sinc_lowpass(cutoff: float, taps: int) -> npt.NDArray[np.float64]:
    """A windowed-sinc FIR kernel; ``cutoff`` as a fraction of the sample rate (0-0.5)."""
    n = np.arange(taps) - (taps - 1) / 2
    kernel = 2 * cutoff * np.sinc(2 * cutoff * n) * np.blackman(taps)
    normalised: npt.NDArray[np.float64] = kernel / kernel.sum()
    return normalised


def _lowpass(samples: Samples, cutoff: float, taps: int = 63) -> Samples:
    filtered: Samples = np.convolve(samples, _sinc_lowpass(cutoff, taps), mode="same").astype(np.float32)
    return filtered


def resample(samples: Samples, rate: int, target: int = ASR_RATE) -> Samples:
    """Band-limit below the lower Nyquist frequency, then interpolate onto the new time grid."""
    if rate == target or samples.size == 0:
        return samples.astype(np.float32)
    if target < rate:
        samples = _lowpass(samples, 0.45 * target / rate)
    frames = max(1, math.floor(samples.size * target / rate))
    positions = np.arange(frames) * (rate / target)
    resampled: Samples = np.interp(positions, np.arange(samples.size), samples).astype(np.float32)
    return resampled


def dbfs(samples: Samples) -> float:
    """RMS level in dB relative to full scale (-180 for silence)."""
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if samples.size else 0.0
    return 20 * math.log10(max(rms, 1e-9))


def nearest_channel(clip: AudioClip) -> Samples:
    """The loudest channel. For speech this beats a downmix: microphones at different distances hear
    the voice at different delays, and averaging them comb-filters it (and mixes in the far side's noise)."""
    if clip.channels == 1:
        return clip.samples[:, 0].astype(np.float32)
    energy = np.mean(np.square(clip.samples, dtype=np.float64), axis=0)
    chosen: Samples = clip.samples[:, int(np.argmax(energy))].astype(np.float32)
    return chosen


def for_asr(clip: AudioClip, target: int = ASR_RATE) -> Samples:
    """Mono float32 at the recogniser's rate, from the channel nearest the speaker."""
    return resample(nearest_channel(clip), clip.rate, target)


def to_pcm16(samples: Samples) -> bytes:
    pcm: bytes = (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype("<i2").tobytes()
    return pcm


class StreamResampler:
    """Resample a stream by a whole factor (up or down), chunk by chunk, as if it were one array.

    A windowed-sinc low-pass below the lower rate's Nyquist frequency; the filter's history is kept
    between chunks so that chunk boundaries leave no clicks. Going down, chunks must be whole
    multiples of the factor."""

    def __init__(self, factor: int, up: bool, taps: int = 95) -> None:
        self._factor = factor
        self._up = up
        self._kernel = (_sinc_lowpass(0.5 / factor, taps) * (factor if up else 1)).astype(np.float32)
        self._history = np.zeros(taps - 1, np.float32)

    def process(self, samples: Samples) -> Samples:
        if self._up:
            stuffed = np.zeros(samples.size * self._factor, np.float32)
            stuffed[:: self._factor] = samples
            samples = stuffed
        elif samples.size % self._factor:
            raise ValueError(f"{samples.size} samples: a chunk going down must be a multiple of {self._factor}")
        joined = np.concatenate([self._history, samples.astype(np.float32)])
        self._history = joined[joined.size - self._history.size :]
        filtered: Samples = np.convolve(joined, self._kernel, mode="valid").astype(np.float32)
        return filtered if self._up else filtered[:: self._factor]
