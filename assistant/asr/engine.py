"""What every speech engine offers: streams of 16 kHz mono PCM in, partial and final hypotheses out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

Mode = Literal["constrained", "open"]
SAMPLE_RATE = 16000
BYTES_PER_SECOND = SAMPLE_RATE * 2


@dataclass(frozen=True)
class Capabilities:
    streaming: bool  # takes audio as it arrives
    partials: bool  # says what it has heard so far
    grammar: bool  # can be held to the command grammar
    open_vocabulary: bool  # can transcribe anything


@dataclass(frozen=True)
class Hypothesis:
    text: str
    confidence: float  # 0-1, the engine's own measure
    final: bool
    mode: Mode
    in_grammar: bool = True  # False when out-of-grammar speech was absorbed (garbage words, [unk])
    alternatives: tuple[str, ...] = ()  # the next-best in-grammar texts of a final result, best first


class Stream(Protocol):
    """One utterance: ``feed`` audio, ask for the ``partial`` hypothesis when needed, then ``finish``.

    Partials are asked for, not returned by every ``feed``: a backtrace per chunk costs real time."""

    def feed(self, pcm: bytes) -> None: ...

    def partial(self) -> Hypothesis | None: ...

    def finish(self) -> Hypothesis: ...


class Engine(Protocol):
    name: str
    capabilities: Capabilities

    def stream(self, mode: Mode) -> Stream: ...

    def close(self) -> None: ...


class Paired:
    """Two engines as one: the command grammar on one, open transcripts from the other (PocketSphinx's
    fast streaming grammar beside Whisper's far better open vocabulary)."""

    def __init__(self, commands: Engine, transcripts: Engine) -> None:
        self.commands = commands
        self.transcripts = transcripts
        self.name = f"{commands.name}+{transcripts.name}"
        own = commands.capabilities
        self.capabilities = Capabilities(own.streaming, own.partials, own.grammar, open_vocabulary=True)

    def engine_for(self, mode: Mode) -> Engine:
        return self.commands if mode == "constrained" else self.transcripts

    def stream(self, mode: Mode) -> Stream:
        return self.engine_for(mode).stream(mode)

    def close(self) -> None:
        self.commands.close()
        self.transcripts.close()
