"""What the speakers play next: reply clips queued as they are synthesised, read out block by block.

Each clip carries the time it was ready, so a simulated loop never plays audio before it could have
existed. Thread-safe, because sentences are synthesised on a worker while the audio loop reads.
``stop()`` drops everything at once: the next block read is silent (barge-in).
"""

from __future__ import annotations

import threading
from collections import deque

import numpy as np

from assistant.audio.wav import Samples


class Playback:
    def __init__(self) -> None:
        self._clips: deque[tuple[Samples, float]] = deque()
        self._position = 0
        self._lock = threading.Lock()
        self._pending = False  # a turn is still being answered: more speech may come

    def expect(self) -> None:
        """A turn is producing speech: playback counts as busy until it is queued or cancelled."""
        with self._lock:
            self._pending = True

    def settle(self) -> None:
        """The turn has queued everything it will."""
        with self._lock:
            self._pending = False

    def queue(self, samples: Samples, ready_s: float = 0.0) -> None:
        with self._lock:
            if samples.size:
                self._clips.append((samples.astype(np.float32), ready_s))

    @property
    def active(self) -> bool:
        with self._lock:
            return bool(self._clips) or self._pending

    @property
    def sounding(self) -> bool:
        """Audio is queued right now (not only promised)."""
        with self._lock:
            return bool(self._clips)

    def read(self, frames: int, now_s: float = float("inf")) -> Samples:
        """The next ``frames`` samples; clips not ready by ``now_s`` wait (silence meanwhile)."""
        out = np.zeros(frames, dtype=np.float32)
        filled = 0
        with self._lock:
            while filled < frames and self._clips and (self._position or self._clips[0][1] <= now_s):
                clip = self._clips[0][0]
                take = min(frames - filled, clip.size - self._position)
                out[filled : filled + take] = clip[self._position : self._position + take]
                filled += take
                self._position += take
                if self._position >= clip.size:
                    self._clips.popleft()
                    self._position = 0
        return out

    def stop(self) -> None:
        with self._lock:
            self._clips.clear()
            self._position = 0
            self._pending = False
