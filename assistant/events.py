"""The typed, frozen events that cross stage boundaries.

A spoken request flows: ``TurnRequest`` -> router -> ``RouteDecision`` (with ``Command`` s) ->
handlers -> ``CommandResult`` s -> ``TurnResult``. The live loop adds ``LoopEvent`` s around that: speech
started/stopped, partial and final transcripts, the routed turn, reply sentences, speaking started/finished,
barge-in and errors, each with its time.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.cockpit.state import Zone

Route = Literal["local", "llm", "none"]


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TurnRequest(_Event):
    """One utterance, as text, from one seat."""

    text: str
    seat: Zone = "driver"


class Command(_Event):
    """One matched intent: what the router hands to the handlers."""

    intent: str
    slots: dict[str, Any] = Field(default_factory=dict)
    text: str = Field("", description="The part of the sentence this command came from.")
    wildcards: tuple[str, ...] = Field((), description="Slots filled with free text rather than a list value.")
    corrects: bool = Field(False, description="Said as a correction ('I meant ...'): replaces what was just done.")
    implied: tuple[str, ...] = Field((), description="Slots the template fixed, not words said ('turn on' -> level 2).")


class RouteDecision(_Event):
    route: Route
    reason: str
    commands: tuple[Command, ...] = ()
    declined: bool = Field(False, description="Asks that a command not be done ('don't open the window').")
    courtesy: str = Field("", description="The kind of courtesy a sentence is, when it is only that ('thanks').")
    not_ours: tuple[str, ...] = Field(
        (), description="Equipment asked for that the assistant does not control, as said ('open the sunroof')."
    )


class Change(_Event):
    path: str
    old: Any
    new: Any


class CommandResult(_Event):
    intent: str
    slots: dict[str, Any]
    reply: str
    actions: tuple[Change, ...] = ()
    refused: bool = False
    error: str | None = None


class TextDelta(_Event):
    """A piece of the LLM's reply, as it streams in."""

    text: str


class ToolCall(_Event):
    """A complete tool call from the LLM: a handler's intent name and its JSON arguments."""

    id: str
    name: str
    arguments: str


class Heard(_Event):
    """The speech side of a spoken turn."""

    engine: str
    mode: str | None = Field(description="constrained | open: the pass whose transcript was used.")
    confidence: float
    constrained: str = Field(description="What the command grammar heard, even when it was not used.")
    audio_s: float
    seat_from_audio: Zone | None = None


class TurnResult(_Event):
    """Everything one turn did; ``cockpit ask --json`` prints exactly this."""

    transcript: str
    language: str = "en"
    seat: Zone
    route: Route
    reason: str
    intent: str | None
    slots: dict[str, Any]
    commands: tuple[CommandResult, ...]
    actions: tuple[Change, ...]
    reply: str
    state: dict[str, Any]
    timings_ms: dict[str, float]
    heard: Heard | None = Field(None, description="How the transcript was heard, for spoken turns.")


class LoopEvent(_Event):
    """Something that happened in the live loop, at ``t`` seconds on the loop's clock (audio time plus
    the measured compute time of the stage), so per-stage latency comes out of the events themselves."""

    t: float


class SpeechStarted(LoopEvent):
    seat: Zone | None = None


class SpeechStopped(LoopEvent):
    """The turn ended (``t``); the last speech was at ``speech_end``."""

    speech_end: float
    early: bool = Field(False, description="Ended by early commit, before the silence timeout.")


class PartialTranscript(LoopEvent):
    text: str


class FinalTranscript(LoopEvent):
    text: str
    mode: str | None = Field(description="constrained | open; None when nothing was heard.")
    confidence: float


class Dismissed(LoopEvent):
    """An utterance that is not a request: not addressed to the car, or only a stop word."""

    text: str
    why: str


class TurnRouted(LoopEvent):
    """The router's decision and the turn's outcome (state changes happen here)."""

    result: TurnResult


class ReplyReady(LoopEvent):
    """A sentence of the reply, as text, before synthesis."""

    text: str


class SpeakingStarted(LoopEvent):
    """The first reply audio reaches the speakers."""

    text: str


class SpeakingFinished(LoopEvent):
    interrupted: bool = False


class BargeIn(LoopEvent):
    """Speech over the reply stopped it; ``onset`` is when that speech began."""

    onset: float


class LoopError(LoopEvent):
    kind: str
    message: str
