"""The last seconds of multichannel input, kept to tell which seat an utterance came from, and to
pick the channel nearest the speaker (a downmix of two distant microphones comb-filters the voice)."""

from __future__ import annotations

from collections import deque

import numpy as np

from assistant.audio.seat import estimate_seat
from assistant.audio.wav import AudioClip, Samples
from assistant.cockpit.state import Zone

HISTORY_S = 15.0
_SMOOTHING = 0.9  # per block: channel energies follow the last second or so


class StereoHistory:
    def __init__(self, rate: int) -> None:
        self._rate = rate
        self._chunks: deque[Samples] = deque()
        self._frames = 0  # frames held
        self._end = 0  # frames seen so far
        self._energy: Samples | None = None

    def add(self, chunk: Samples) -> None:
        self._chunks.append(chunk)
        self._frames += chunk.shape[0]
        self._end += chunk.shape[0]
        while self._frames - self._chunks[0].shape[0] >= HISTORY_S * self._rate:
            self._frames -= self._chunks.popleft().shape[0]
        energy = np.mean(np.square(chunk), axis=0).astype(np.float32)
        self._energy = energy if self._energy is None else _SMOOTHING * self._energy + (1 - _SMOOTHING) * energy

    def nearest(self) -> int:
        """The channel that has heard the most lately."""
        return 0 if self._energy is None else int(np.argmax(self._energy))

    def seat(self, start_s: float, end_s: float) -> Zone | None:
        if not self._chunks or self._chunks[0].shape[1] != 2:
            return None
        audio = np.concatenate(list(self._chunks))
        first = self._end - audio.shape[0]
        lo, hi = (max(0, int(t * self._rate) - first) for t in (start_s, end_s))
        return estimate_seat(AudioClip(audio[lo:hi], self._rate)).seat if hi > lo else None
