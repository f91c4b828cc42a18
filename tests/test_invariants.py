"""Invariants: a hypothesis state machine over drives, and the API key never shown anywhere.

(Atomic ``--state`` writes, with a crash mid-write, are tested in test_statefile.py.)
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from assistant.cockpit import safety
from assistant.cockpit.state import ZONES, CockpitState, Zone
from assistant.config import Settings
from assistant.llm.scripted import Reply, ScriptedEndpoint
from assistant.nlu.sample import Sampler
from assistant.pipeline import Assistant
from tests.test_properties import WORDS


class Drive(RuleBasedStateMachine):
    """Random turns from random seats at random speeds: template sentences, word salad and any text."""

    assistant: Assistant
    intents: list[str]

    @initialize()
    def new_car(self) -> None:
        self.assistant.session.reset()
        self.seat: Zone = "driver"
        self.turns = 0

    @rule(seat=st.sampled_from(ZONES))
    def another_seat_speaks(self, seat: Zone) -> None:
        self.seat = seat

    @rule(speed=st.sampled_from([0.0, 0.0, 12.0, 50.0, 130.0]))
    def drive_at(self, speed: float) -> None:
        vehicle = self.assistant.session.state.vehicle
        vehicle.speed_kph = speed
        vehicle.gear = "D" if speed else "P"

    @rule(
        intent_index=st.integers(min_value=0),
        seed=st.integers(min_value=0, max_value=10**6),
        language=st.sampled_from(["en", "zh"]),
    )
    def say_a_command(self, intent_index: int, seed: int, language: str) -> None:
        catalog = self.assistant.language(language).catalog
        sampler = Sampler(catalog.intents, random.Random(seed))  # reproducible from the draw
        self._turn(sampler.sentence(self.intents[intent_index % len(self.intents)]))

    @rule(words=st.lists(st.sampled_from(WORDS), max_size=12))
    def say_word_salad(self, words: list[str]) -> None:
        self._turn(" ".join(words))

    @rule(text=st.text(max_size=60))
    def say_anything(self, text: str) -> None:
        self._turn(text)

    @rule(
        follow_up=st.sampled_from(
            ["undo that", "and the passenger side too", "me too", "close it", "more", "撤销", "副驾也一样", "把它关上"]
        )
    )
    def follow_up(self, follow_up: str) -> None:
        self._turn(follow_up)

    def _turn(self, text: str) -> None:
        before = self.assistant.session.state.model_copy(deep=True)
        result = self.assistant.ask(text, self.seat)
        after = CockpitState.model_validate(result.state)
        refusal = safety.check(before, after)
        assert refusal is None, f"{text!r} from the {self.seat} broke {refusal.rule}"
        assert result.reply.strip(), text
        self.turns += 1

    @invariant()
    def every_value_in_its_range(self) -> None:
        CockpitState.model_validate(self.assistant.session.state.model_dump())


def test_random_drives_keep_the_state_valid_and_safe(started: Assistant) -> None:
    Drive.assistant = started
    Drive.intents = started.catalog.intent_names
    run_state_machine_as_test(
        Drive,
        settings=settings(
            max_examples=60, stateful_step_count=25, deadline=None, suppress_health_check=list(HealthCheck)
        ),
    )


SECRET = "sk-test-NEVER-SHOW-ME-0123456789abcdef"


@pytest.mark.parametrize("fault", ["none", "http500", "unreachable"])
def test_the_api_key_never_appears_in_output_logs_state_or_errors(
    settings: Settings, tmp_path: Path, fault: str
) -> None:
    """Through the real command line: stdout, stderr (logging at debug), --json, the --state file."""
    script = {} if fault != "http500" else {"what is the meaning of life": [Reply(fault="http500")] * 3}
    with ScriptedEndpoint(script=script) as endpoint:
        base_url = endpoint.base_url if fault != "unreachable" else "http://127.0.0.1:9/v1"
        env = {k: v for k, v in os.environ.items() if not k.startswith("COCKPIT_")}
        env.update(
            COCKPIT_CACHE_DIR=str(settings.cache_dir), XDG_CACHE_HOME=str(tmp_path),
            COCKPIT_LLM__PRESET="custom", COCKPIT_LLM__BASE_URL=base_url, COCKPIT_LLM__MODEL="scripted",
            COCKPIT_LLM__API_KEY_ENV="MY_CAR_KEY", MY_CAR_KEY=SECRET, COCKPIT_LLM__CONNECT_TIMEOUT_S="0.5",
            PYTHONWARNINGS="always", OPENAI_LOG="debug",
        )  # fmt: skip
        state = tmp_path / "car.json"
        outputs = []
        for args in (
            ["ask", "what is the meaning of life", "--json", "--state", str(state)],
            ["ask", "open the trunk", "--state", str(state)],
            ["llm", "status"],
        ):
            done = subprocess.run(
                [sys.executable, "-m", "assistant", *args],
                capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path,
            )  # fmt: skip
            outputs += [done.stdout, done.stderr]
        if fault == "none":
            assert endpoint.headers and endpoint.headers[0]["authorization"] == f"Bearer {SECRET}"  # it is used
    assert json.loads(outputs[0])["route"] == "llm"
    for text in [*outputs, state.read_text()]:
        assert SECRET not in text
        assert SECRET[-12:] not in text  # not even a tail of it
