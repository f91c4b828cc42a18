"""Which front seat spoke, from a stereo recording: level and arrival-time differences between channels.

The left channel faces the driver (a left-hand-drive cabin). A voice nearer one microphone is louder
there and arrives there first; either cue alone is fooled by cabin reflections, so both must agree
or one must be decisive.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from assistant.audio.convert import dbfs
from assistant.audio.wav import AudioClip, Samples

Seat = Literal["driver", "passenger"]


@dataclass(frozen=True)
class SeatSettings:
    level_db: float = 1.5  # a level difference this large decides on its own
    max_lag_ms: float = 1.0  # microphones under 34 cm apart: no true lag is longer
    min_lag_ms: float = 0.06  # shorter lags are within the resolution of the correlation


@dataclass(frozen=True)
class SeatEstimate:
    seat: Seat | None  # None: centred, or the cues disagree
    level_db: float  # left minus right
    lag_ms: float  # positive when the right channel hears it later


def _lag_ms(left: Samples, right: Samples, rate: int, max_lag_ms: float) -> float:
    max_lag = max(1, int(rate * max_lag_ms / 1000))
    n = min(left.size, right.size, rate * 10)  # ten seconds is plenty; bounded work on long files
    a = left[:n].astype(np.float64)
    b = right[:n].astype(np.float64)
    size = 1 << math.ceil(math.log2(2 * n + 1))
    spectrum = np.fft.rfft(b, size) * np.conj(np.fft.rfft(a, size))
    spectrum /= np.maximum(np.abs(spectrum), 1e-12)  # PHAT weighting: sharp peaks despite reverberation
    correlation = np.fft.irfft(spectrum, size)
    window = np.concatenate([correlation[-max_lag:], correlation[: max_lag + 1]])
    return (int(np.argmax(window)) - max_lag) * 1000 / rate


def estimate_seat(clip: AudioClip, settings: SeatSettings | None = None) -> SeatEstimate:
    s = settings or SeatSettings()
    if clip.channels != 2 or clip.samples.shape[0] == 0:
        return SeatEstimate(None, 0.0, 0.0)
    left, right = clip.samples[:, 0], clip.samples[:, 1]
    level = dbfs(left) - dbfs(right)
    lag = _lag_ms(left, right, clip.rate, s.max_lag_ms)
    by_level = 0 if abs(level) < s.level_db / 3 else (1 if level > 0 else -1)
    by_lag = 0 if abs(lag) < s.min_lag_ms else (1 if lag > 0 else -1)
    if by_level and by_lag and by_level != by_lag:
        vote = by_level if abs(level) >= s.level_db else 0  # they disagree: only a clear level decides
    else:
        vote = by_level or by_lag
        if by_lag == 0 and abs(level) < s.level_db:
            vote = 0
    seat: Seat | None = "driver" if vote > 0 else "passenger" if vote < 0 else None
    return SeatEstimate(seat, round(level, 2), round(lag, 3))
