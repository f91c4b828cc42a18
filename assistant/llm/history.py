"""One conversation shared by local and LLM turns, bounded by turns and by (estimated) tokens."""

from __future__ import annotations

import re
from collections import deque
from typing import Any

from assistant.cockpit.state import ZONES, CockpitState, Zone

Message = dict[str, Any]
CHARS_PER_TOKEN = 4  # a rough, model-independent estimate; the bound only needs to be safe

SYSTEM_PROMPT = """You are the voice assistant of a car, speaking to the occupant in the {seat} seat.
Answer in one or two short spoken sentences, with no lists and no markdown.
To change anything in the car, call a tool; never claim a change you did not make with a tool.
Tools follow the car's safety rules; if a tool reports a refusal, tell the occupant why.
Car now: {state}"""


_RECITED_WORDS = 5  # words in a row from the prompt's own text: the model reciting its instructions
_WORD = re.compile(r"[a-z0-9/']+")


def _runs(text: str, n: int) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


_PROMPT_RUNS = _runs(re.sub(r"\{\w+\}", " ", SYSTEM_PROMPT), _RECITED_WORDS)


def recites_prompt(sentence: str) -> bool:
    """Whether a model's sentence repeats its instructions ("To change anything in the car, call a
    tool; ..."), or the car's state as the prompt gives it ("Car now: climate on, ..."): never said."""
    return "car now:" in sentence.lower() or bool(_runs(sentence, _RECITED_WORDS) & _PROMPT_RUNS)


def state_summary(state: CockpitState) -> str:
    c, w, n, m, v = state.climate, state.windows, state.navigation, state.media, state.vehicle
    temps = ", ".join(f"{z} {c.zones.get(z).target_c:g}°C" for z in ZONES)
    open_windows = [f"{z} {w.get(z).open_pct}%" for z in ZONES if w.get(z).open_pct] or ["none"]
    route = f"to {n.destination.name}, {n.distance_km} km, {n.eta_min} min" if n.active else "no route"
    now = m.station or (f"{m.track.title} by {m.track.artist}" if m.track.title else "nothing")
    return (
        f"climate {'on' if c.power else 'off'}, AC {'on' if c.ac else 'off'}, fan {c.fan_speed}/7, {temps}; "
        f"windows open: {', '.join(open_windows)}; navigation: {route}; "
        f"media: {'playing' if m.playing else 'paused'} {now}, volume {m.volume}{' (muted)' if m.muted else ''}; "
        f"speed {v.speed_kph:g} km/h, gear {v.gear}, battery {v.battery_pct:g}%, range {v.range_km:g} km, "
        f"outside {v.outside_temp_c:g}°C, trunk {'open' if v.trunk_open else 'closed'}."
    )


def system_message(state: CockpitState, seat: Zone, language: str = "") -> Message:
    """The prompt; ``language`` is the turn's (its name, "Simplified Chinese"), whatever earlier turns used."""
    content = SYSTEM_PROMPT.format(seat=seat, state=state_summary(state))
    if language:
        content += f"\nThe occupant is speaking {language}: answer in {language}."
    return {"role": "system", "content": content}


def _tokens(messages: list[Message]) -> int:
    return sum(len(str(m.get("content") or "")) + len(str(m.get("tool_calls") or "")) for m in messages) // (
        CHARS_PER_TOKEN
    )


class Conversation:
    """Turns as lists of messages; the oldest turns go first when a bound is reached."""

    def __init__(self, max_turns: int, max_tokens: int) -> None:
        self._turns: deque[list[Message]] = deque()
        self._max_turns = max_turns
        self._max_tokens = max_tokens

    def add_turn(self, messages: list[Message]) -> None:
        self._turns.append(messages)
        while self._turns and (len(self._turns) > self._max_turns or _tokens(self.messages()) > self._max_tokens):
            self._turns.popleft()

    def add_local_turn(self, text: str, reply: str, changes: list[str]) -> None:
        """A turn the local route handled, so that the model knows what the car just did."""
        did = f" [changed: {'; '.join(changes)}]" if changes else ""
        self.add_turn([{"role": "user", "content": text}, {"role": "assistant", "content": reply + did}])

    def messages(self) -> list[Message]:
        return [message for turn in self._turns for message in turn]

    def clear(self) -> None:
        self._turns.clear()
