"""Per-stage latency of each spoken turn, read off the loop's events (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assistant.events import (
    FinalTranscript,
    LoopEvent,
    ReplyReady,
    SpeakingStarted,
    SpeechStopped,
    TurnRouted,
)
from assistant.events import TurnResult as Result


@dataclass(frozen=True)
class TurnTiming:
    """Milliseconds from the end of speech; None where the turn never reached that stage."""

    result: Result
    endpoint_ms: float  # end of speech -> the turn ended (silence timeout or early commit)
    asr_ms: float  # -> final transcript
    understand_ms: float | None  # -> the first reply sentence (routing, handlers; the LLM's first sentence)
    tts_ms: float | None  # -> the first reply audio on the speakers
    to_action_ms: float  # end of speech -> the turn's state changes are done
    to_audio_ms: float | None  # end of speech -> first reply audio

    @property
    def stages(self) -> dict[str, float | None]:
        return {"endpoint": self.endpoint_ms, "asr": self.asr_ms, "understand": self.understand_ms, "tts": self.tts_ms}


def turn_timings(events: Iterable[LoopEvent]) -> list[TurnTiming]:
    found: list[TurnTiming] = []
    stopped: SpeechStopped | None = None
    final: FinalTranscript | None = None
    reply: ReplyReady | None = None
    pending: tuple[Result, float] | None = None  # routed, waiting for its audio
    for event in events:
        if isinstance(event, SpeechStopped):
            stopped, final, reply = event, None, None
        elif isinstance(event, FinalTranscript):
            final = event
        elif isinstance(event, ReplyReady) and reply is None:
            reply = event
        elif isinstance(event, TurnRouted) and stopped is not None and final is not None:
            pending = (event.result, event.t)
            if reply is None:  # nothing to say: the turn ends here
                found.append(_timing(stopped, final, None, None, event.result, event.t))
                pending = None
        elif isinstance(event, SpeakingStarted) and pending is not None and stopped is not None and final is not None:
            found.append(_timing(stopped, final, reply, event, *pending))
            pending = None
    if pending is not None and stopped is not None and final is not None:
        found.append(_timing(stopped, final, reply, None, *pending))
    return found


def _timing(
    stopped: SpeechStopped,
    final: FinalTranscript,
    reply: ReplyReady | None,
    audio: SpeakingStarted | None,
    result: Result,
    routed_t: float,
) -> TurnTiming:
    end = stopped.speech_end

    def ms(t: float) -> float:
        return round((t - end) * 1000, 1)

    return TurnTiming(
        result=result,
        endpoint_ms=ms(stopped.t),
        asr_ms=round((final.t - stopped.t) * 1000, 1),
        understand_ms=round((reply.t - final.t) * 1000, 1) if reply else None,
        tts_ms=round((audio.t - reply.t) * 1000, 1) if audio and reply else None,
        to_action_ms=ms(reply.t if reply and result.route == "local" else routed_t),
        to_audio_ms=ms(audio.t) if audio else None,
    )
