"""Car-cabin-like noise and mixing at a chosen SNR, for test fixtures and the accuracy benchmark.

Cabin noise is mostly low-frequency road and engine rumble with a broadband wind/tyre hiss on top.
SNR follows Picovoice's speech-to-intent benchmark: measured on the peak energy of 2048-sample frames.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from assistant.audio.wav import Samples

FRAME = 2048


def cabin_noise(seconds: float, rate: int, seed: int = 0, rumble_hz: float = 120.0) -> Samples:
    rng = np.random.default_rng(seed)
    n = max(2, int(seconds * rate))
    spectrum = np.fft.rfft(rng.normal(0.0, 1.0, n))
    freqs = np.fft.rfftfreq(n, 1 / rate)
    # Rumble: a first-order low-pass of white noise; the hiss: white noise at a lower level.
    rumble = np.fft.irfft(spectrum / np.sqrt(1 + (freqs / rumble_hz) ** 2), n)
    rumble /= max(1e-9, float(np.std(rumble)))
    mixed = 0.85 * rumble + 0.25 * rng.normal(0.0, 1.0, n)
    mixed /= max(1e-9, float(np.max(np.abs(mixed))))
    return (0.5 * mixed).astype(np.float32)


def peak_frame_energy(samples: npt.NDArray[np.floating]) -> float:
    usable = samples[: samples.size - samples.size % FRAME] if samples.size >= FRAME else samples
    frames = usable.reshape(-1, FRAME) if usable.size >= FRAME else usable.reshape(1, -1)
    return float(np.max(np.sum(np.square(frames, dtype=np.float64), axis=1)))


def mix_at_snr(speech: Samples, noise: Samples, snr_db: float, seed: int = 0) -> Samples:
    """Speech plus noise from a random offset, scaled to ``snr_db``, then peak-normalised."""
    if noise.size < speech.size:
        noise = np.resize(noise, speech.size)
    offset = int(np.random.default_rng(seed).integers(0, noise.size - speech.size + 1))
    segment = noise[offset : offset + speech.size].astype(np.float64)
    gain = np.sqrt(peak_frame_energy(speech) / max(1e-12, peak_frame_energy(segment)) / 10 ** (snr_db / 10))
    mixed = speech.astype(np.float64) + gain * segment
    mixed /= max(1e-9, float(np.max(np.abs(mixed))))
    result: Samples = (0.95 * mixed).astype(np.float32)
    return result
