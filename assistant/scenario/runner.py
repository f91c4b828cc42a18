"""Run scenarios through a fresh assistant session each, and compare what happened with ``expect``."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.cockpit.paths import lookup
from assistant.events import TurnResult
from assistant.nlu.zh_numbers import to_arabic
from assistant.pipeline import Assistant
from assistant.scenario.model import Expect, LoadedScenario


@dataclass(frozen=True)
class TurnOutcome:
    index: int
    line: int | None
    say: str
    seat: str
    result: TurnResult
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass
class ScenarioOutcome:
    path: Path
    name: str
    turns: list[TurnOutcome] = field(default_factory=list)

    @property
    def failed_turns(self) -> list[TurnOutcome]:
        return [t for t in self.turns if not t.passed]

    @property
    def passed(self) -> bool:
        return not self.failed_turns


def values_equal(expected: Any, actual: Any) -> bool:
    """Numbers compare by value (22 == 22.0); everything else exactly."""
    numeric = (int, float)
    if isinstance(expected, numeric) and isinstance(actual, numeric):
        if isinstance(expected, bool) or isinstance(actual, bool):
            return expected is actual
        return math.isclose(float(expected), float(actual), rel_tol=1e-9, abs_tol=1e-6)
    return bool(expected == actual)


def check(expect: Expect, result: TurnResult) -> list[str]:
    failures = []
    if expect.route is not None and result.route != expect.route:
        failures.append(f"route: expected {expect.route}, got {result.route} ({result.reason})")
    intents = [c.intent for c in result.commands]
    if isinstance(expect.intent, str) and expect.intent not in intents:
        failures.append(f"intent: expected {expect.intent}, got {intents or 'none'}")
    if isinstance(expect.intent, list) and intents != expect.intent:
        failures.append(f"intents: expected {expect.intent}, got {intents}")
    for path, wanted in expect.state.items():
        try:
            actual = lookup(result.state, path)
        except KeyError:
            failures.append(f"state {path}: no such value in the state after this turn")
            continue
        if not values_equal(wanted, actual):
            failures.append(f"state {path}: expected {wanted!r}, got {actual!r}")
    for text in expect.reply_contains:
        if _as_said(str(text)) not in _as_said(result.reply):
            failures.append(f"reply: expected it to contain {text!r}, got {result.reply!r}")
    if expect.refused is not None:
        refused = any(c.refused for c in result.commands)
        if refused != expect.refused:
            failures.append(f"refused: expected {expect.refused}, got {refused}")
    return failures


def run_scenario(assistant: Assistant, loaded: LoadedScenario) -> ScenarioOutcome:
    scenario = loaded.scenario
    assistant.reset(loaded.start_state)
    outcome = ScenarioOutcome(path=loaded.doc.path, name=scenario.name)
    for index, turn in enumerate(scenario.turns):
        seat = turn.seat or scenario.seat
        if turn.audio is not None:
            from assistant.audio.wav import read_wav

            result = assistant.hear(read_wav(turn.audio), seat)  # no seat given: the voice's direction decides
            said = f"[{turn.audio.name}] {result.transcript}"
        else:
            said = turn.say or ""
            result = assistant.ask(said, seat)
        outcome.turns.append(
            TurnOutcome(index, loaded.turn_line(index), said, result.seat, result, tuple(check(turn.expect, result)))
        )
    return outcome


def _as_said(text: str) -> str:
    """A reply as it is heard: case, spacing and how a Chinese number is written do not matter
    (二十二度 is 22度)."""
    return "".join(to_arabic(text).lower().split())
