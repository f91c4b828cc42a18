"""Properties over arbitrary input: the router never raises and the state never leaves its ranges."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.cockpit.geo import eta_minutes
from assistant.cockpit.state import ZONES, CockpitState
from assistant.nlu.sample import Sampler
from assistant.pipeline import Assistant

WORDS = [
    "set", "temperature", "to", "open", "close", "window", "trunk", "play", "jazz", "and", "the",
    "passenger", "rear", "left", "fan", "up", "down", "volume", "max", "undo", "that", "too", "navigate",
    "nearest", "charging", "station", "a", "bit", "degrees", "fahrenheit", "seat", "heating", "off", "on",
    "99", "-5", "1000", "0", "twenty", "half", "it", "them", "mute", "next", "stop",
    "把", "空调", "调到", "二十二", "度", "打开", "后备箱", "车窗", "副驾", "一点", "然后", "播放", "两", "半",
]  # fmt: skip


def _in_range(state: dict[str, object]) -> None:
    CockpitState.model_validate(state)  # raises if anything is out of its range


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.one_of(st.text(max_size=80), st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join)),
            st.sampled_from(ZONES),
            st.sampled_from([0.0, 0.0, 30.0, 120.0]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_any_sequence_of_turns_keeps_the_state_valid_and_safe(
    assistant: Assistant, turns: list[tuple[str, str, float]]
) -> None:
    assistant.session.reset()
    for text, seat, speed in turns:
        was_open = assistant.session.state.vehicle.trunk_open
        assistant.session.state.vehicle.speed_kph = speed
        result = assistant.ask(text, seat)  # type: ignore[arg-type]
        _in_range(result.state)
        if speed > 0 and not was_open:
            assert not result.state["vehicle"]["trunk_open"], text


@pytest.mark.parametrize("language", ["en", "zh"])
def test_sentences_sampled_from_the_templates_are_understood(started: Assistant, language: str) -> None:
    """Random walks through every template must route locally, almost always to their own intent, and
    give their handlers slots they accept (a template that forgets a slot fails here, not in a car)."""
    catalog = started.language(language).catalog
    sampler = Sampler(catalog.intents, random.Random(1234))
    total = own = 0
    not_local, rejected = [], []
    for intent in catalog.intent_names:
        for _ in range(25):
            sentence = sampler.sentence(intent)
            decision = started.route(sentence)
            total += 1
            if decision.route != "local":
                not_local.append(f"{intent}: {sentence!r}")
            elif [c.intent for c in decision.commands] == [intent]:
                own += 1
            for command in decision.commands:
                started.session.reset()
                result = started.session.execute(command, "driver")
                if result.error is not None:
                    rejected.append(f"{sentence!r}: {result.error}")
    assert not not_local, not_local
    assert not rejected, rejected
    assert own / total >= 0.95, f"{own}/{total} sampled sentences matched their own intent"


@given(
    st.floats(min_value=0, max_value=2000),
    st.floats(min_value=0, max_value=2000),
    st.booleans(),
    st.integers(min_value=0, max_value=5),
)
def test_a_longer_trip_never_takes_less_time(a: float, b: float, avoid_highways: bool, stops: int) -> None:
    shorter, longer = sorted((a, b))  # a detour through a stop made a 51 km trip quicker than 43 km
    assert eta_minutes(shorter, avoid_highways, stops) <= eta_minutes(longer, avoid_highways, stops)
    assert eta_minutes(longer, False, stops) <= eta_minutes(longer, True, stops)  # motorways never slow it
