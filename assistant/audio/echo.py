"""Take the assistant's own voice out of the microphone signal, knowing what the speakers played.

A pure, block-wise canceller: for each microphone block, find the delay (up to ``max_delay_ms``) and
the gain at which the played audio best explains the block (least squares), and subtract it. What is
left is the cabin: a person talking over the reply shows up there, the reply itself does not. One
tap per block follows a direct path well; a real cabin's reverberation is only partly removed, which
is why barge-in also needs speech to last ``barge_in_ms`` before it counts.
"""

from __future__ import annotations

import numpy as np

from assistant.audio.wav import Samples

_QUIET = 1e-8  # mean power below which the speakers played nothing worth cancelling
_MAX_GAIN = 4.0


class EchoCanceller:
    def __init__(self, rate: int, max_delay_ms: int = 120) -> None:
        self._max_delay = rate * max_delay_ms // 1000
        self._played = np.zeros(self._max_delay, dtype=np.float32)
        self.delay = 0  # the last delay found, in samples
        self.gain = 0.0

    def process(self, mic: Samples, played: Samples) -> Samples:
        """``played``: what the speakers output during this block (same length as ``mic``)."""
        if played.shape != mic.shape:
            raise ValueError(f"played block has {played.shape[0]} samples, microphone block {mic.shape[0]}")
        history = np.concatenate([self._played, played.astype(np.float32)])
        self._played = history[-self._max_delay :] if self._max_delay else history[:0]
        n = mic.size
        if n == 0 or float(np.mean(np.square(history, dtype=np.float64))) < _QUIET:
            return mic.astype(np.float32)
        # history[start : start + n] is the played audio delayed by (len(history) - n - start) samples.
        corr = np.correlate(history.astype(np.float64), mic.astype(np.float64), mode="valid")
        squares = np.concatenate([[0.0], np.cumsum(np.square(history, dtype=np.float64))])
        energy = squares[n:] - squares[: squares.size - n]
        explained = np.where(energy > _QUIET * n, corr**2 / np.maximum(energy, 1e-12), 0.0)
        start = int(np.argmax(explained))
        if energy[start] <= _QUIET * n:
            return mic.astype(np.float32)
        self.gain = float(np.clip(corr[start] / energy[start], -_MAX_GAIN, _MAX_GAIN))
        self.delay = history.size - n - start
        residual: Samples = (mic - self.gain * history[start : start + n]).astype(np.float32)
        return residual
