"""From a stream of audio to transcripts: endpointing, pre-roll, hybrid decoding and early commit.

Files, stdin and the microphone all go through this one loop, fed 16 kHz mono float samples in
chunks of any size. Time is the audio's own (frames counted), so the same input always gives the
same utterances, and latency is measured in audio time plus decode time, not wall-clock sleeps.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

import numpy as np

from assistant.asr.engine import SAMPLE_RATE, Engine
from assistant.asr.hybrid import Accepts, HybridListener, Transcript
from assistant.audio.convert import to_pcm16
from assistant.audio.denoise import Denoiser
from assistant.audio.wav import Samples
from assistant.config import AsrSettings
from assistant.vad.endpoint import Endpointer, VadSettings, VadState

#: Frames below this are digital silence (padding, a muted line): no measure of the cabin's noise.
DIGITAL_SILENCE_DBFS = -150.0
PRE_ROLL_MS = 300  # speech is confirmed only after it starts: keep what came just before


@dataclass(frozen=True)
class Utterance:
    transcript: Transcript
    start_s: float  # speech started (audio time)
    speech_end_s: float  # the last frame with speech
    committed_s: float  # when the turn ended: silence timeout, early commit or end of input
    early: bool  # ended by early commit

    @property
    def end_to_final_ms(self) -> float:
        """End of speech -> final transcript, as a live stream would see it."""
        return max(0.0, self.committed_s - self.speech_end_s) * 1000 + self.transcript.decode_ms


def snr_db(levels: list[float], lead: int = 0) -> float:
    """Signal to noise of an utterance from its frame levels: its loud frames (speech) against its
    quiet ones (the noise between words and around them). On the benchmark's mixes it reads within
    about 1.5 dB of the SNR they were mixed at, from 6 to 30 dB. When most of the ``lead`` frames
    (those before speech began) are digital silence, the line was noiseless and the speech is clean:
    its quiet frames would be soft sounds, not noise. So is speech too short to tell."""
    before = levels[:lead]
    if before and sum(level <= DIGITAL_SILENCE_DBFS for level in before) * 2 >= len(before):
        return math.inf
    heard = [level for level in levels if level > DIGITAL_SILENCE_DBFS]
    if len(heard) < 10:
        return math.inf  # too short to tell: treat as clean
    high, low = np.percentile(heard, [90, 10])
    return float(high - low)


class SpeechListener:
    def __init__(
        self,
        engine: Engine,
        accepts: Accepts,
        settings: AsrSettings,
        vad: VadSettings | None = None,
        denoiser: Denoiser | None = None,
    ) -> None:
        self._engine = engine
        self._denoiser = denoiser
        self._accepts_cache: dict[str, bool] = {}
        self._accepts = accepts
        self._settings = settings
        self._vad = vad or VadSettings(stop_ms=settings.silence_ms)
        self._endpointer = Endpointer(self._vad, SAMPLE_RATE)
        self._frame = self._endpointer.frame_samples
        self._pending = np.zeros(0, dtype=np.float32)
        self._pre_roll: deque[Samples] = deque(maxlen=max(1, PRE_ROLL_MS // self._vad.frame_ms))
        self._pre_roll_levels: deque[float] = deque(maxlen=self._pre_roll.maxlen)
        self._levels: list[float] = []  # the frame levels of the utterance, pre-roll included
        self._lead = 0  # how many of them are pre-roll
        self._current: HybridListener | None = None
        self._start_s = 0.0
        self._last_speech_s = 0.0
        self._stable_text = ""
        self._stable_frames = 0

    @property
    def active(self) -> bool:
        """An utterance is open (speech started and the turn has not ended)."""
        return self._current is not None

    @property
    def start_s(self) -> float:
        return self._start_s

    @property
    def partial_text(self) -> str:
        current = self._current
        return current.partial.text if current is not None and current.partial is not None else ""

    def accepts(self, text: str) -> bool:
        if text not in self._accepts_cache:
            self._accepts_cache[text] = self._accepts(text)
        return self._accepts_cache[text]

    def feed(self, samples: Samples) -> list[Utterance]:
        self._pending = np.concatenate([self._pending, samples.astype(np.float32)])
        done: list[Utterance] = []
        while self._pending.size >= self._frame:
            frame, self._pending = self._pending[: self._frame], self._pending[self._frame :]
            finished = self._step(frame)
            if finished is not None:
                done.append(finished)
        return done

    def flush(self) -> list[Utterance]:
        """End of input: an utterance still open ends here."""
        if self._current is None:
            return []
        return [self._finish(self._endpointer.now_s, early=False)]

    def _step(self, frame: Samples) -> Utterance | None:
        events = self._endpointer.feed(frame)
        now = self._endpointer.now_s
        if self._current is None:
            self._pre_roll.append(frame)
            self._pre_roll_levels.append(self._endpointer.level_db)
            if any(e.kind == "speech_started" for e in events):
                self._begin(events[0].time_s)
            return None
        self._feed(self._current, frame)
        self._levels.append(self._endpointer.level_db)
        if self._endpointer.state is VadState.SPEAKING:
            self._last_speech_s = now
        if any(e.kind == "speech_stopped" for e in events):
            return self._finish(now, early=False)
        if now - self._start_s >= self._settings.max_utterance_s:
            # Bounded memory and decode time whatever comes in: the rest is a new utterance.
            self._endpointer.commit()
            return self._finish(now, early=False)
        if self._endpointer.state is VadState.STOPPING and self._stable_command(self._current):
            self._endpointer.commit()
            return self._finish(now, early=True)
        return None

    def _begin(self, start_s: float) -> None:
        self._current = HybridListener(self._engine, self.accepts, self._settings.mode, self._settings.min_confidence)
        self._start_s = start_s
        self._stable_text, self._stable_frames = "", 0
        self._accepts_cache.clear()  # per utterance: a session-long listener must not grow without bound
        self._feed(self._current, np.concatenate(list(self._pre_roll)))
        self._levels = list(self._pre_roll_levels)
        self._lead = len(self._levels)
        self._pre_roll.clear()
        self._pre_roll_levels.clear()
        self._last_speech_s = self._endpointer.now_s

    def _feed(self, current: HybridListener, samples: Samples) -> None:
        # Both, since which one the grammar should hear is known only at the end (from the SNR).
        if self._denoiser is None:
            current.feed(to_pcm16(samples))
        else:
            current.feed(to_pcm16(samples), cleaned=to_pcm16(self._denoiser.process(samples)))

    def _stable_command(self, current: HybridListener) -> bool:
        """Early commit: the partial is a complete command and has not changed for ``early_commit_ms``."""
        if self._settings.early_commit_ms == 0 or current.refresh() is None or current.partial is None:
            return False
        text = current.partial.text
        if text != self._stable_text:
            self._stable_text, self._stable_frames = text, 0
        self._stable_frames += 1
        needed = max(1, self._settings.early_commit_ms // self._vad.frame_ms)
        return self._stable_frames >= needed and current.partial_accepted()

    def _finish(self, now: float, early: bool) -> Utterance:
        assert self._current is not None
        snr = snr_db(self._levels, self._lead)
        transcript = self._current.finish(
            verify=snr < self._settings.verify_below_db, noisy=snr < self._settings.denoise_below_db
        )
        self._current = None
        return Utterance(transcript, self._start_s, self._last_speech_s, now, early)


def listen_to(
    engine: Engine, samples: Samples, accepts: Accepts, settings: AsrSettings, denoiser: Denoiser | None = None
) -> list[Utterance]:
    """Every utterance in a recording (16 kHz mono), fed in ``chunk_ms`` pieces as a live stream would be."""
    listener = SpeechListener(engine, accepts, settings, denoiser=denoiser)
    step = SAMPLE_RATE * settings.chunk_ms // 1000
    found: list[Utterance] = []
    for offset in range(0, samples.size, step):
        found += listener.feed(samples[offset : offset + step])
    # Trailing silence lets a short recording end its turn the normal way.
    found += listener.feed(np.zeros(SAMPLE_RATE * settings.silence_ms // 1000 + step, dtype=np.float32))
    return found + listener.flush()
