"""A spoken drive: occupants' requests, synthesised in their own voices, said in a simulated cabin to
the whole live loop (echo cancelling, endpointing, ASR, router or LLM, TTS, barge-in, follow-ups).

The drive file (``demo/drive.yaml``) says who speaks, what, and when: after the car's reply (pressing
push-to-talk, or not, inside the follow-up window), or over the reply to interrupt it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.asr.engine import SAMPLE_RATE
from assistant.audio.convert import resample
from assistant.audio.wav import Samples, read_wav, write_wav
from assistant.cockpit.paths import with_overrides
from assistant.cockpit.state import CockpitState, Zone
from assistant.config import Settings
from assistant.errors import InputError, ScenarioError
from assistant.events import BargeIn, LoopEvent, SpeakingStarted, TurnResult, TurnRouted
from assistant.live.cabin import Cabin
from assistant.scenario.model import Expect
from assistant.scenario.runner import check
from assistant.tts.espeak import EspeakSynthesizer
from assistant.yamlsrc import load_yaml, validation_problems

DEFAULT_VOICES: dict[Zone, str] = {"driver": "en-us", "passenger": "en-us+m3"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DriveTurn(_Strict):
    say: str = Field(min_length=1)
    seat: Zone = "driver"
    voice: str | None = Field(None, description="espeak-ng voice of this occupant (default: the seat's)")
    press: bool = Field(True, description="Push-to-talk first; false relies on the follow-up window.")
    over_reply_after_s: float | None = Field(None, ge=0, description="Speak this long into the reply: barge-in.")
    pause_s: float = Field(0.6, ge=0, le=30, description="Silence before speaking (after the reply).")
    expect: Expect = Field(default_factory=Expect)


class Drive(_Strict):
    name: str
    description: str = ""
    start: dict[str, Any] = Field(default_factory=dict)
    voices: dict[Zone, str] = Field(default_factory=lambda: dict(DEFAULT_VOICES))
    turns: list[DriveTurn] = Field(min_length=1)


def load_drive(path: Path) -> tuple[Drive, CockpitState]:
    doc = load_yaml(path, ScenarioError)
    try:
        drive = Drive.model_validate(doc.data)
    except ValidationError as err:
        line, what = validation_problems(doc, err)[0]
        raise ScenarioError(path, line, what) from None
    try:
        state = with_overrides(CockpitState(), drive.start)
    except InputError as err:
        raise ScenarioError(path, doc.line("start"), f"start: {err}") from None
    return drive, state


class Voices:
    """Occupants' speech from espeak-ng, cached by text and voice (generated once, never committed)."""

    def __init__(self, settings: Settings, directory: Path) -> None:
        self._settings = settings
        self._dir = directory
        self._dir.mkdir(parents=True, exist_ok=True)

    def speech(self, text: str, voice: str) -> Samples:
        key = hashlib.sha256(f"{voice}\n{text}".encode()).hexdigest()[:16]
        path = self._dir / f"{key}.wav"
        if not path.exists():
            tts = self._settings.tts.model_copy(update={"voice": voice, "rate_wpm": 150, "volume": 0.9})
            synth = EspeakSynthesizer(tts, "en")
            try:
                clip = synth.synthesize(text)
            finally:
                synth.close()
            write_wav(path, resample(clip.samples[:, 0], clip.rate, SAMPLE_RATE), SAMPLE_RATE)
        return read_wav(path).samples[:, 0]


@dataclass
class TurnReport:
    turn: DriveTurn
    result: TurnResult | None
    failures: list[str]
    barge_in_ms: float | None = None  # speech onset -> the speakers went quiet


@dataclass
class DriveReport:
    turns: list[TurnReport] = field(default_factory=list)
    events: list[LoopEvent] = field(default_factory=list)


def run_drive(
    drive: Drive, cabin: Cabin, voices: Voices, on_turn: Callable[[TurnReport], None] | None = None
) -> DriveReport:
    report = DriveReport()
    cabin.run(1.0)  # the cabin before anyone speaks: the detectors learn the road noise
    for index, turn in enumerate(drive.turns):
        speech = voices.speech(turn.say, turn.voice or drive.voices.get(turn.seat, "en-us"))
        if turn.over_reply_after_s is not None:
            onset = cabin.say(speech, turn.seat, turn.over_reply_after_s)
        else:
            if turn.press:
                cabin.loop.press()
            onset = cabin.say(speech, turn.seat, turn.pause_s)
        following = drive.turns[index + 1] if index + 1 < len(drive.turns) else None
        if following is not None and following.over_reply_after_s is not None:
            # The next occupant talks over this reply: run only until the reply starts.
            events = cabin.run_until(lambda e: any(isinstance(x, SpeakingStarted) for x in e), 120.0)
        else:
            events = cabin.run_until_quiet(settle_s=0.0 if following is not None and not following.press else 0.3)
        routed = [e.result for e in events if isinstance(e, TurnRouted)]
        result = routed[-1] if routed else None
        failures = check(turn.expect, result) if result is not None else ["the car did not take this as a request"]
        barge = [e for e in events if isinstance(e, BargeIn)]
        barge_ms = round((barge[0].t - onset) * 1000, 1) if barge and onset is not None else None
        if turn.over_reply_after_s is not None and barge_ms is None:
            failures.append("the reply was not interrupted")
        elif turn.over_reply_after_s is not None:
            failures = [f for f in failures if not f.startswith("the car did not")]  # a stop needs no turn
        turn_report = TurnReport(turn, result, failures, barge_ms)
        report.turns.append(turn_report)
        report.events += events
        if on_turn is not None:
            on_turn(turn_report)
    return report
