"""Hybrid decoding: the command grammar first, the open vocabulary when the grammar does not hold.

The constrained pass is fast and accurate on commands but forces any speech into grammar words, so
its result is taken only when it is confident, contains no absorbed out-of-grammar speech, and the
router finds a complete local command in it with no free-text slot. Otherwise the same audio goes
through the open pass, whose transcript the router hands on (to the LLM, or to a free-text slot such
as a destination). In noise, a command the grammar took is checked by the open pass when that is a
separate recogniser (Whisper): its transcript wins when it is another complete command. In heavy
noise, when neither the grammar nor Whisper found a command in the original, Whisper also hears the
cleaned audio, and a command there is taken.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from assistant.asr.engine import BYTES_PER_SECOND, Engine, Hypothesis, Mode, Paired

#: Whether text holds a complete local command that needs no free text: the router's verdict.
Accepts = Callable[[str], bool]
Clock = Callable[[], float]
BATCH_BYTES = BYTES_PER_SECOND // 10


@dataclass(frozen=True)
class Transcript:
    text: str
    confidence: float
    engine: str
    mode: Mode | None  # the pass whose text this is; None when nothing was heard
    constrained: str  # what the constrained pass heard, kept for diagnosis
    audio_s: float
    decode_ms: float  # compute spent after the last audio arrived: end of speech -> final text


#: Noise suppression that takes this much off the loud frames found no voice in them: on the festival
#: set the loudest tenth of the frames loses at most 4 dB at 6 dB SNR and 8 dB at 0 dB; noise alone ~40 dB.
NO_VOICE_DROP_DB = 15.0
FRAME_SAMPLES = 480


def _loud_frames_db(pcm: bytes) -> float:
    """The level (dBFS) that the loudest tenth of 30 ms frames reach."""
    samples = np.frombuffer(pcm[: len(pcm) // 2 * 2], "<i2").astype(np.float64) / 32768.0
    frames = samples[: samples.size // FRAME_SAMPLES * FRAME_SAMPLES].reshape(-1, FRAME_SAMPLES)
    if not frames.size:
        return -120.0
    levels = 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12)
    return float(np.percentile(levels, 90))


def voice_survived(original: bytes, cleaned: bytes) -> bool:
    """Whether noise suppression left a voice in the utterance (or took out all of it: noise alone)."""
    return _loud_frames_db(original) - _loud_frames_db(cleaned) < NO_VOICE_DROP_DB


def _words(text: str) -> list[str]:
    return "".join(ch if ch.isalnum() or ch.isspace() else " " for ch in text.lower()).split()


def take_constrained(hypothesis: Hypothesis, accepts: Accepts, min_confidence: float) -> bool:
    return (
        bool(hypothesis.text)
        and hypothesis.in_grammar
        and hypothesis.confidence >= min_confidence
        and accepts(hypothesis.text)
    )


class HybridListener:
    """One utterance at a time: ``feed`` PCM as it arrives, ``refresh`` the partial when needed, then ``finish``.

    Audio reaches the engine in batches of ``BATCH_BYTES``: per-call overhead dominates small chunks."""

    def __init__(
        self,
        engine: Engine,
        accepts: Accepts,
        mode: str = "hybrid",
        min_confidence: float = 0.0,
        clock: Clock = time.perf_counter,
    ) -> None:
        if mode in ("hybrid", "constrained") and not engine.capabilities.grammar:
            mode = "open"  # an engine without grammar support can only transcribe
        self._engine = engine
        self._accepts = accepts
        self._mode = mode
        self._min_confidence = min_confidence
        self._clock = clock
        self._audio: list[bytes] = []
        self._batch: list[bytes] = []
        self._stream = engine.stream("open" if mode == "open" else "constrained")
        self._cleaned: list[bytes] = []
        self.partial: Hypothesis | None = None

    def feed(self, pcm: bytes, cleaned: bytes | None = None) -> None:
        """``pcm`` as heard; ``cleaned``, the same after noise suppression, is what the grammar hears
        instead when ``finish(noisy=True)``. The open pass always hears the original: Whisper was
        trained on noisy speech."""
        self._audio.append(pcm)
        self._batch.append(pcm)
        if cleaned is not None and self._mode != "open":
            self._cleaned.append(cleaned)
        if sum(map(len, self._batch)) >= BATCH_BYTES:
            self._flush()

    def _flush(self) -> None:
        if self._batch:
            self._stream.feed(b"".join(self._batch))
            self._batch.clear()

    def refresh(self) -> Hypothesis | None:
        """The partial hypothesis for all audio so far."""
        self._flush()
        partial = self._stream.partial()
        if partial is not None:
            self.partial = partial
        return partial

    def partial_accepted(self) -> bool:
        """The partial hypothesis already holds a complete command (the early-commit test)."""
        return (
            self._mode != "open"
            and self.partial is not None
            and take_constrained(self.partial, self._accepts, min_confidence=0.0)
        )

    def _prefer_accepted(self, best: Hypothesis) -> Hypothesis:
        """When the best path is no command, a near-best path that is one wins (n-best rescoring)."""
        if self._mode == "open" or take_constrained(best, self._accepts, 0.0):
            return best
        for text in best.alternatives:
            if self._accepts(text):
                return replace(best, text=text, in_grammar=True, alternatives=())
        return best

    def _open(self, audio: bytes) -> Hypothesis:
        second = self._engine.stream("open")
        second.feed(audio)
        return second.finish()

    def finish(self, verify: bool = False, noisy: bool = False) -> Transcript:
        """The final transcript. ``verify`` (noisy audio): a command the grammar heard is checked by a
        separate open recogniser, whose transcript wins when it is another complete command: in noise
        the grammar forces a mumble into its nearest command ("fan down" for "turn the sound off").
        ``noisy``: the grammar's pass over the cleaned audio, when there is one, is the one taken."""
        started = self._clock()
        self._flush()
        first = self._stream.finish()
        audio = b"".join(self._audio)
        seconds = len(audio) / BYTES_PER_SECOND
        cleaned = b"".join(self._cleaned)
        if noisy and cleaned:
            if not voice_survived(audio, cleaned):  # noise alone: nobody spoke, so nothing is heard
                elapsed_ms = (self._clock() - started) * 1000
                return Transcript("", 0.0, self._engine.name, None, first.text, seconds, elapsed_ms)
            # Decoded again rather than side by side: an engine decodes one stream at a time, and
            # only noisy turns pay for it (a tenth of the utterance's length, at PocketSphinx's speed).
            # Twice: PocketSphinx normalises each frame by a running cepstral mean, which still holds
            # the noisy original the streaming pass has just heard; a first pass over the cleaned audio
            # brings it to this audio's own (festival set, below 16 dB: 6 dB 63.3% -> 68.3%; then at
            # 18 and 24 dB too: 89.2% -> 90.8%, 93.3% -> 95.0%; 100-160 ms more on those turns).
            for _ in range(2):
                again = self._engine.stream("constrained")
                again.feed(cleaned)
                first = again.finish()
        first = self._prefer_accepted(first)
        chosen: Hypothesis | None = first if first.text else None
        taken = take_constrained(first, self._accepts, self._min_confidence)
        if self._mode == "hybrid" and not taken:
            opened = self._open(audio)
            chosen = opened if opened.text else None
            if verify and cleaned and isinstance(self._engine, Paired) and not self._accepts(opened.text):
                # Whisper hears the original best, but in heavy noise the cleaned audio sometimes holds
                # the command it missed ("Is the tram open?" / "Is the trunk open?"); only a command counts.
                # Festival set, 6 then 12 dB: 85 -> 88 and 104 -> 104 of 120; only such turns pay for it.
                second = self._open(cleaned)
                if second.text and self._accepts(second.text):
                    chosen = second
        elif self._mode == "hybrid" and verify and isinstance(self._engine, Paired):
            opened = self._open(audio)
            if opened.text and _words(opened.text) != _words(first.text) and self._accepts(opened.text):
                chosen = opened
        elapsed_ms = (self._clock() - started) * 1000
        if chosen is None:
            return Transcript("", 0.0, self._engine.name, None, first.text, seconds, elapsed_ms)
        engine = self._engine.engine_for(chosen.mode) if isinstance(self._engine, Paired) else self._engine
        return Transcript(chosen.text, chosen.confidence, engine.name, chosen.mode, first.text, seconds, elapsed_ms)
