"""Every intent file has a twin test file; every test sentence must give exactly that intent and slots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.cockpit.world import World
from assistant.config import Settings
from assistant.nlu.compile import check_intents
from assistant.nlu.schema import IntentTestFile
from assistant.pipeline import Assistant
from assistant.scenario.runner import values_equal
from assistant.yamlsrc import load_yaml
from tests.conftest import PROJECT

INTENTS = PROJECT / "intents" / "en"
TESTS = PROJECT / "tests" / "intents" / "en"


def _intent_files() -> list[Path]:
    return sorted(p for p in INTENTS.glob("*.yaml") if not p.name.startswith("_"))


def _cases() -> list[Any]:
    cases = []
    for path in sorted(TESTS.glob("*.yaml")):
        spec = IntentTestFile.model_validate(load_yaml(path).data)
        for test in spec.tests:
            for sentence in test.sentences:
                cases.append(pytest.param(sentence, test.intent, test.slots, id=f"{path.stem}:{sentence}"))
    return cases


def test_bundled_intents_are_valid(settings: Settings) -> None:
    assert check_intents(INTENTS, World().slot_lists()) == []


@pytest.mark.parametrize("path", _intent_files(), ids=lambda p: p.stem)
def test_every_intent_file_has_a_test_file(path: Path) -> None:
    assert (TESTS / path.name).exists(), f"write {TESTS / path.name} with sentences for {path.stem}"


@pytest.mark.parametrize(("sentence", "intent", "slots"), _cases())
def test_sentence(started: Assistant, sentence: str, intent: str, slots: dict[str, Any]) -> None:
    decision = started.route(sentence)
    assert decision.route == "local", decision.reason
    assert [c.intent for c in decision.commands] == [intent]
    got = decision.commands[0].slots
    assert set(got) == set(slots), f"slots {got}"
    for name, value in slots.items():
        assert values_equal(value, got[name]), f"{name}: expected {value!r}, got {got[name]!r}"
