"""quiet -> starting -> speaking -> stopping -> quiet, on frame energy against an adaptive noise floor.

Pure and clock-free: time is counted in frames, so tests run in virtual time and the same audio always
gives the same events. ``commit()`` ends a turn early, when the recogniser already holds a complete,
stable command and waiting out the silence would only add latency.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from enum import Enum

from assistant.audio.convert import dbfs
from assistant.audio.wav import Samples


class VadState(Enum):
    QUIET = "quiet"
    STARTING = "starting"
    SPEAKING = "speaking"
    STOPPING = "stopping"


@dataclass(frozen=True)
class VadSettings:
    frame_ms: int = 30
    start_ms: int = 90  # this much speech confirms the start
    stop_ms: int = 600  # this much silence ends the turn
    threshold_db: float = 9.0  # speech is this far above the noise floor
    min_speech_dbfs: float = -50.0  # and never quieter than this
    floor_window_s: float = 3.0  # the noise floor is the quietest frame this far back
    start_rise_db_per_s: float = 15.0  # until then, how fast the assumed-quiet floor may rise
    calibrate_ms: int = 0  # a live stream: listen this long to the cabin before any speech may start


@dataclass(frozen=True)
class VadEvent:
    kind: str  # "speech_started" | "speech_stopped"
    time_s: float
    early: bool = False


class Endpointer:
    def __init__(self, settings: VadSettings, rate: int) -> None:
        self.settings = settings
        self.frame_samples = rate * settings.frame_ms // 1000
        self.state = VadState.QUIET
        self._frame_s = settings.frame_ms / 1000
        self._frames = 0
        self._run = 0  # consecutive frames supporting the pending transition
        self._start_frame = 0
        # Assume a quiet cabin until the audio says otherwise: speech may start with the first frame.
        self._assumed = settings.min_speech_dbfs - settings.threshold_db
        if settings.calibrate_ms:  # a live stream measures its floor instead of assuming one
            self._assumed = math.inf
        self._window = max(1, round(settings.floor_window_s * 1000 / settings.frame_ms))
        self._minima: deque[tuple[int, float]] = deque()  # (frame, level), levels increasing: a sliding minimum
        self.level_db = -math.inf  # the level of the last frame fed

    @property
    def now_s(self) -> float:
        return self._frames * self._frame_s

    def feed(self, frame: Samples) -> list[VadEvent]:
        """One frame of ``frame_samples`` samples; returns the events it caused."""
        level = dbfs(frame)
        speech = self._is_speech(level)
        if self._frames * self.settings.frame_ms < self.settings.calibrate_ms:
            speech = False  # the floor is being learnt: noise there from the start is not a voice
        self._frames += 1
        events: list[VadEvent] = []
        start_frames = max(1, self.settings.start_ms // self.settings.frame_ms)
        stop_frames = max(1, self.settings.stop_ms // self.settings.frame_ms)
        if self.state is VadState.QUIET and speech:
            self.state, self._run, self._start_frame = VadState.STARTING, 0, self._frames - 1
        if self.state is VadState.STARTING:
            if not speech:
                self.state = VadState.QUIET
            else:
                self._run += 1
                if self._run >= start_frames:
                    self.state = VadState.SPEAKING
                    events.append(VadEvent("speech_started", self._start_frame * self._frame_s))
        elif self.state is VadState.SPEAKING:
            if not speech:
                self.state, self._run = VadState.STOPPING, 1
        elif self.state is VadState.STOPPING:
            if speech:
                self.state = VadState.SPEAKING
            else:
                self._run += 1
                if self._run >= stop_frames:
                    self.state = VadState.QUIET
                    events.append(VadEvent("speech_stopped", (self._frames - self._run) * self._frame_s))
        return events

    def commit(self) -> list[VadEvent]:
        """End the turn now (early commit). Only meaningful while speech is going on."""
        if self.state in (VadState.SPEAKING, VadState.STOPPING):
            self.state = VadState.QUIET
            return [VadEvent("speech_stopped", self.now_s, early=True)]
        return []

    def _is_speech(self, level: float) -> bool:
        """Against the quietest frame of the last few seconds: speech has gaps, so that is the noise. A
        recording that starts with speech has no such frame yet, so a quiet cabin is assumed at first,
        an assumption that fades as fast as noise that was there from the start must be learnt."""
        while self._minima and self._minima[-1][1] >= level:
            self._minima.pop()
        self._minima.append((self._frames, level))
        while self._minima[0][0] <= self._frames - self._window:
            self._minima.popleft()
        self._assumed += self.settings.start_rise_db_per_s * self._frame_s
        floor = min(self._minima[0][1], self._assumed)
        self.level_db = level
        return level > max(floor + self.settings.threshold_db, self.settings.min_speech_dbfs)


def segments(samples: Samples, rate: int, settings: VadSettings | None = None) -> list[tuple[float, float]]:
    """(start_s, end_s) of each utterance in a whole recording."""
    endpointer = Endpointer(settings or VadSettings(), rate)
    size = endpointer.frame_samples
    found: list[tuple[float, float]] = []
    start: float | None = None
    for offset in range(0, samples.size - size + 1, size):
        for event in endpointer.feed(samples[offset : offset + size]):
            if event.kind == "speech_started":
                start = event.time_s
            elif start is not None:
                found.append((start, event.time_s))
                start = None
    if start is not None:
        found.append((start, samples.size / rate))
    return found
