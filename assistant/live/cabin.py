"""A simulated car interior that drives a ``LiveLoop`` in virtual time, for the demo and the tests.

Two microphones (left over the driver, right over the passenger) hear the occupants, placed by level
and delay, the road, and the cabin speakers: whatever the loop plays comes back into both microphones
a few milliseconds later (the echo the loop must not mistake for a person).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from assistant.asr.engine import SAMPLE_RATE
from assistant.audio.noise import cabin_noise
from assistant.audio.wav import Samples
from assistant.cockpit.state import Zone
from assistant.events import LoopEvent
from assistant.live.loop import LiveLoop

#: (left gain, right gain, left delay ms, right delay ms) for each seat.
PLACEMENT: dict[Zone, tuple[float, float, float, float]] = {
    "driver": (1.0, 0.6, 0.0, 0.5),
    "passenger": (0.6, 1.0, 0.5, 0.0),
    "rear_left": (0.5, 0.35, 1.0, 1.5),
    "rear_right": (0.35, 0.5, 1.5, 1.0),
}


@dataclass
class _Speech:
    samples: Samples  # (frames, 2)
    start: int  # frame at which it starts


@dataclass
class CabinAcoustics:
    echo_gain: float = 0.3  # the speakers as the microphones hear them
    echo_delay_ms: float = 8.0
    noise_dbfs: float = -48.0  # road noise level (RMS)
    block_ms: int = 20  # audio device block


@dataclass
class Cabin:
    loop: LiveLoop
    acoustics: CabinAcoustics = field(default_factory=CabinAcoustics)
    seed: int = 0
    record: bool = False  # keep what the microphones and the speakers carried (for the demo's WAVs)
    realtime: bool = False  # wait for the wall clock: audio arrives as fast as a device would deliver it

    def __post_init__(self) -> None:
        self._block = SAMPLE_RATE * self.acoustics.block_ms // 1000
        noise = cabin_noise(30.0, SAMPLE_RATE, seed=self.seed)
        level = float(np.sqrt(np.mean(np.square(noise))))
        self._noise = noise * (10 ** (self.acoustics.noise_dbfs / 20) / max(level, 1e-9))
        self._echo_delay = round(SAMPLE_RATE * self.acoustics.echo_delay_ms / 1000)
        self._played = np.zeros(self._echo_delay, dtype=np.float32)
        self._speech: list[_Speech] = []
        self.frame = 0
        self.events: list[LoopEvent] = []
        self.recorded_mic: list[Samples] = []
        self.recorded_speakers: list[Samples] = []
        self._wall_start: float | None = None

    @property
    def now_s(self) -> float:
        return self.frame / SAMPLE_RATE

    def say(self, mono: Samples, seat: Zone, after_s: float = 0.0) -> float:
        """An occupant speaks ``after_s`` from now; returns when the speech starts (cabin time)."""
        left_gain, right_gain, left_ms, right_ms = PLACEMENT[seat]
        delays = [round(SAMPLE_RATE * ms / 1000) for ms in (left_ms, right_ms)]
        channels = [
            np.concatenate([np.zeros(d, np.float32), mono * gain, np.zeros(max(delays) - d, np.float32)])
            for gain, d in zip((left_gain, right_gain), delays, strict=True)
        ]
        start = self.frame + round(after_s * SAMPLE_RATE)
        self._speech.append(_Speech(np.stack(channels, axis=1).astype(np.float32), start))
        return start / SAMPLE_RATE

    def run(self, seconds: float) -> list[LoopEvent]:
        return self.run_until(lambda _events: False, seconds)

    def run_until(self, done: Callable[[list[LoopEvent]], bool], max_s: float) -> list[LoopEvent]:
        """Blocks until ``done(events so far)`` or ``max_s`` of cabin time; returns the new events."""
        new: list[LoopEvent] = []
        end = self.frame + round(max_s * SAMPLE_RATE)
        while self.frame < end and not done(new):
            new += self._block_step()
        self.events += new
        return new

    def run_until_quiet(self, settle_s: float = 1.0, max_s: float = 120.0) -> list[LoopEvent]:
        """Until every scheduled occupant has spoken, the car has answered, and ``settle_s`` passed."""
        quiet_since = [self.frame]

        def quiet(_events: list[LoopEvent]) -> bool:
            if self._speech or self.loop.busy or self.loop.listening:
                quiet_since[0] = self.frame
                return False
            return self.frame - quiet_since[0] >= settle_s * SAMPLE_RATE

        return self.run_until(quiet, max_s)

    def _block_step(self) -> list[LoopEvent]:
        n = self._block
        if self.realtime:
            if self._wall_start is None:
                self._wall_start = time.perf_counter() - self.now_s
            ahead = self._wall_start + (self.frame + n) / SAMPLE_RATE - time.perf_counter()
            if ahead > 0:
                time.sleep(ahead)
        played = self.loop.play(n)
        history = np.concatenate([self._played, played])
        self._played = history[-self._echo_delay :] if self._echo_delay else history[:0]
        echo = self.acoustics.echo_gain * history[:n]
        offset = self.frame % (self._noise.size - n)
        mic = np.repeat((self._noise[offset : offset + n] + echo)[:, None], 2, axis=1)
        for speech in list(self._speech):
            lo = self.frame - speech.start
            if lo + n <= 0:
                continue
            src = speech.samples[max(0, lo) : lo + n]
            at = max(0, -lo)
            mic[at : at + src.shape[0]] += src
            if lo + n >= speech.samples.shape[0]:
                self._speech.remove(speech)
        self.frame += n
        block: Samples = np.clip(mic, -1.0, 1.0).astype(np.float32)
        if self.record:
            self.recorded_mic.append(block)
            self.recorded_speakers.append(played)
        return self.loop.step(block)
