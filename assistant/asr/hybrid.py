"""Hybrid decoding: the command grammar first, the open vocabulary when the grammar does not hold.

The constrained pass is fast and accurate on commands but forces any speech into grammar words, so
its result is taken only when it is confident, contains no absorbed out-of-grammar speech, and the
router finds a complete local command in it with no free-text slot. Otherwise the same audio goes
through the open pass, whose transcript the router hands on (to the LLM, or to a free-text slot such
as a destination). In noise, when the open pass is a separate recogniser (Whisper) that can score
texts, the grammar's n-best commands and Whisper's own transcript are weighed by how likely Whisper
finds each as the transcript of the audio; without scoring, Whisper's transcript wins when it is
another complete command.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from assistant.asr.engine import BYTES_PER_SECOND, Engine, Hypothesis, Mode, Paired, Scorer

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


def _as_scored(text: str) -> str:
    """Text as the grammar writes it, for scoring beside the grammar's: lower case, no punctuation
    but the apostrophes inside words ("what's", not "what s")."""
    kept = "".join(ch if ch.isalnum() or ch.isspace() or ch == "'" else " " for ch in text.lower())
    return " ".join(word.strip("'") for word in kept.split() if word.strip("'"))


def take_constrained(hypothesis: Hypothesis, accepts: Accepts, min_confidence: float) -> bool:
    return (
        bool(hypothesis.text)
        and hypothesis.in_grammar
        and hypothesis.confidence >= min_confidence
        and accepts(hypothesis.text)
    )


#: How much likelier (log-probability) Whisper must find its own transcript, when that is no command,
#: than the likeliest command, for the turn to be no command: the grammar's n-best holds commands even
#: for speech that asked for none, and a command's words are often less likely than Whisper's own
#: mishearing ("label in the wraps of it", 19 more than "play bohemian rhapsody"). On the festival set
#: at 6 and 12 dB, with 73 out-of-domain requests in the same noise: 10 took 151 to 159 of 207
#: commands and kept all but one request from commands as before; 15 took 161 and let in three more.
OPEN_MARGIN = 10.0


def rescore(
    scores: Mapping[str, float], commands: Sequence[str], heard: str, margin: float = OPEN_MARGIN
) -> str | None:
    """The command the scorer finds likeliest (the first of equals), or None when ``heard``, the open
    transcript, is no command and likelier than every command by more than ``margin``."""
    best = max(commands, key=lambda text: scores[text])
    if heard and heard not in commands and scores[heard] - scores[best] > margin:
        return None
    return best


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

    def _weighed(self, decoded: Hypothesis, opened: Hypothesis, audio: bytes, scorer: Scorer) -> Hypothesis | None:
        """The command among the grammar's n-best and Whisper's transcript that Whisper finds likeliest;
        Whisper's transcript when it is no command and far likelier, or when nothing is a command."""
        heard = _as_scored(opened.text)
        grammar = [decoded.text] if decoded.in_grammar and decoded.confidence >= self._min_confidence else []
        if decoded.confidence >= self._min_confidence:
            grammar += decoded.alternatives
        candidates = dict.fromkeys(text for text in (*grammar, heard) if text)
        commands = [text for text in candidates if self._accepts(text)]
        if not commands:
            return opened if opened.text else None
        texts = commands if not heard or heard in commands else [*commands, heard]
        pick = rescore(dict(zip(texts, scorer.score(audio, texts), strict=True)), commands, heard)
        if pick is None or pick == heard:
            return opened  # as Whisper wrote it: names and numbers keep their spelling
        return replace(decoded, text=pick, in_grammar=True, alternatives=())

    def finish(self, verify: bool = False, noisy: bool = False) -> Transcript:
        """The final transcript. ``verify`` (noisy audio): a command the grammar heard is checked by a
        separate open recogniser (see ``_weighed``; without scoring, its transcript wins when it is
        another complete command): in noise the grammar forces a mumble into its nearest command
        ("fan down" for "turn the sound off").
        ``noisy``: the grammar's pass over the cleaned audio, when there is one, is the one taken."""
        started = self._clock()
        self._flush()
        first = self._stream.finish()
        audio = b"".join(self._audio)
        seconds = len(audio) / BYTES_PER_SECOND
        if noisy and self._cleaned:
            cleaned = b"".join(self._cleaned)
            if not voice_survived(audio, cleaned):  # noise alone: nobody spoke, so nothing is heard
                elapsed_ms = (self._clock() - started) * 1000
                return Transcript("", 0.0, self._engine.name, None, first.text, seconds, elapsed_ms)
            # Decoded again rather than side by side: an engine decodes one stream at a time, and
            # only noisy turns pay for it (a tenth of the utterance's length, at PocketSphinx's speed).
            again = self._engine.stream("constrained")
            again.feed(cleaned)
            first = again.finish()
        decoded = first
        first = self._prefer_accepted(first)
        chosen: Hypothesis | None = first if first.text else None
        taken = take_constrained(first, self._accepts, self._min_confidence)
        scorer = self._engine.scorer if isinstance(self._engine, Paired) else None
        if self._mode == "hybrid" and verify and scorer is not None:
            chosen = self._weighed(decoded, self._open(audio), audio, scorer)
        elif self._mode == "hybrid" and not taken:
            opened = self._open(audio)
            chosen = opened if opened.text else None
        elif self._mode == "hybrid" and verify and isinstance(self._engine, Paired):
            opened = self._open(audio)
            if opened.text and _words(opened.text) != _words(first.text) and self._accepts(opened.text):
                chosen = opened
        elapsed_ms = (self._clock() - started) * 1000
        if chosen is None:
            return Transcript("", 0.0, self._engine.name, None, first.text, seconds, elapsed_ms)
        engine = self._engine.engine_for(chosen.mode) if isinstance(self._engine, Paired) else self._engine
        return Transcript(chosen.text, chosen.confidence, engine.name, chosen.mode, first.text, seconds, elapsed_ms)
