"""End to end: end of speech -> vehicle state changed, and -> first reply audio, per route and stage.

Spoken requests go through the live loop in the simulated cabin, fed in real time (the cabin waits
for the wall clock), with turns on a worker thread as on a live device.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.bench.stats import median, percentile
from assistant.config import Settings
from assistant.events import LoopEvent
from assistant.live.activation import Activation
from assistant.live.cabin import Cabin
from assistant.live.drive import Voices
from assistant.live.loop import LiveLoop
from assistant.live.timeline import turn_timings
from assistant.pipeline import Assistant
from assistant.tts.factory import make_synthesizer

LOCAL = (
    "set the temperature to twenty two degrees",
    "open the trunk",
    "turn on my seat heating",
    "next song",
    "mute the radio",
    "close all the windows",
)
LLM = ("what is the capital of france", "tell me a joke")
VOICES = ("en-us", "en-us+m3")


@dataclass(frozen=True)
class E2eRow:
    route: str
    turns: int
    to_action_p50: float
    to_action_p95: float
    to_audio_p50: float
    to_audio_p95: float
    stages_p50: dict[str, float]

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__ | {"stages_p50": dict(self.stages_p50)}


def run_e2e(settings: Settings, smoke: bool = False, realtime: bool = True) -> list[E2eRow]:
    requests = [(t, v) for t in (LOCAL[:2] if smoke else LOCAL) for v in (VOICES[:1] if smoke else VOICES)]
    requests += [(t, VOICES[0]) for t in (LLM[:1] if smoke else LLM)]
    voices = Voices(settings, settings.cache_dir / "demo-voices")
    assistant = Assistant(settings)
    assistant.start()
    synth = make_synthesizer(settings)
    events: list[LoopEvent] = []
    try:
        assistant.parts.llm.warm_up()  # the server's start is not a turn's latency
        assistant.speech.stream("constrained").finish()
        activation = Activation("always", settings.asr.wake_word, settings.live.follow_up_s)
        loop = LiveLoop(assistant, synth, settings, activation, background=True)
        cabin = Cabin(loop, realtime=realtime)
        cabin.run(1.0)
        for text, voice in requests:
            cabin.say(voices.speech(text, voice), "driver", 0.3)
            events += cabin.run_until_quiet(settle_s=0.3, max_s=120.0)
    finally:
        synth.close()
        assistant.stop()
    rows = []
    timings = turn_timings(events)
    for route in ("local", "llm"):
        chosen = [t for t in timings if t.result.route == route]
        if not chosen:
            continue
        action = [t.to_action_ms for t in chosen]
        audio = [t.to_audio_ms for t in chosen if t.to_audio_ms is not None]
        stages = {k: median([v for t in chosen if (v := t.stages[k]) is not None]) for k in chosen[0].stages}
        rows.append(
            E2eRow(
                route,
                len(chosen),
                median(action),
                percentile(action, 0.95),
                median(audio),
                percentile(audio, 0.95),
                stages,
            )
        )
    return rows


def table(rows: list[E2eRow]) -> list[str]:
    lines = [
        f"{'route':<7}{'turns':>6}{'→ state p50':>13}{'p95':>8}{'→ audio p50':>13}{'p95':>8}   stages p50 (ms)",
    ]
    for r in rows:
        stages = " · ".join(f"{k} {v:.0f}" for k, v in r.stages_p50.items())
        lines.append(
            f"{r.route:<7}{r.turns:>6}{r.to_action_p50:>10.0f} ms{r.to_action_p95:>5.0f} ms"
            f"{r.to_audio_p50:>10.0f} ms{r.to_audio_p95:>5.0f} ms   {stages}"
        )
    lines.append("(ms from the end of speech; audio fed in real time through the live loop)")
    return lines
