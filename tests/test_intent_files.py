"""Every intent file has a twin test file; every test sentence must give exactly that intent and slots.

Every language mirrors English: the same intents, and handler terms worded in each language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hassil.expression import Expression, Group, TextChunk
from hassil.intents import TextSlotList

from assistant.cockpit.state import CockpitState
from assistant.cockpit.world import World
from assistant.config import Settings
from assistant.nlu.compile import check_intents
from assistant.nlu.router import Router
from assistant.nlu.schema import IntentTestFile
from assistant.pipeline import Assistant
from assistant.scenario.runner import values_equal
from assistant.yamlsrc import load_yaml
from tests.conftest import PROJECT

LANGUAGES = ("en", "zh")
INTENTS = PROJECT / "intents"
TESTS = PROJECT / "tests" / "intents"


def _intent_files(language: str) -> list[Path]:
    return sorted(p for p in (INTENTS / language).glob("*.yaml") if not p.name.startswith("_"))


def _cases() -> list[Any]:
    cases = []
    for language in LANGUAGES:
        for path in sorted((TESTS / language).glob("*.yaml")):
            spec = IntentTestFile.model_validate(load_yaml(path).data)
            assert spec.language == language, path
            for test in spec.tests:
                for sentence in test.sentences:
                    param = (sentence, test.intent, test.slots, language)
                    cases.append(pytest.param(*param, id=f"{language}/{path.stem}:{sentence}"))
    return cases


@pytest.mark.parametrize("language", LANGUAGES)
def test_bundled_intents_are_valid(settings: Settings, language: str) -> None:
    assert check_intents(INTENTS / language, World().slot_lists(language)) == []


@pytest.mark.parametrize("path", [p for lang in LANGUAGES for p in _intent_files(lang)], ids=lambda p: p.stem)
def test_every_intent_file_has_a_test_file(path: Path) -> None:
    test_file = TESTS / path.parent.name / path.name
    assert test_file.exists(), f"write {test_file} with sentences for {path.stem}"


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_every_language_mirrors_english(language: str) -> None:
    names = {p.name for p in _intent_files("en")}
    assert {p.name for p in _intent_files(language)} == names


@pytest.mark.parametrize(("sentence", "intent", "slots", "language"), _cases())
def test_sentence(started: Assistant, sentence: str, intent: str, slots: dict[str, Any], language: str) -> None:
    assert started.language_of(sentence) == language
    decision = started.route(sentence)
    assert decision.route == "local", decision.reason
    assert [c.intent for c in decision.commands] == [intent]
    got = decision.commands[0].slots
    assert set(got) == set(slots), f"slots {got}"
    for name, value in slots.items():
        assert values_equal(value, got[name]), f"{name}: expected {value!r}, got {got[name]!r}"


def _chunks(expression: Expression) -> list[str]:
    if isinstance(expression, TextChunk):
        return [expression.original_text or expression.text]
    if isinstance(expression, Group):
        return [chunk for item in expression.items for chunk in _chunks(item)]
    return []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_kind_of_courtesy_has_its_reply(started: Assistant, language: str) -> None:
    catalog = started.language(language).catalog
    missing = [kind for kind in catalog.courtesies if f"courtesy_{kind}" not in catalog.responses.get("_system", {})]
    assert catalog.courtesies and not missing, missing


@pytest.mark.parametrize("language", LANGUAGES)
def test_templates_are_written_as_the_router_normalises_text(started: Assistant, language: str) -> None:
    """The router rewrites text before matching (一档 -> 1档, ℃ -> 度): a template written otherwise
    could never match."""
    catalog = started.language(language).catalog
    router = Router(catalog, started.settings.router)
    texts = [s.text for intent in catalog.intents.intents.values() for d in intent.data for s in d.sentences]
    texts += [rule.text for rule in catalog.intents.expansion_rules.values()]
    lists = [v for v in catalog.intents.slot_lists.values() if isinstance(v, TextSlotList)]
    texts += [chunk for slot_list in lists for value in slot_list.values for chunk in _chunks(value.text_in)]

    def bare(text: str) -> str:  # spacing and commas are the router's to change
        return "".join(text.replace(",", " ").split())

    changed = [text for text in texts if text and bare(router.normalize(text)) != bare(text)]
    assert not changed, changed


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_test_sentence_has_its_reply_in_a_parked_car_and_on_a_trip(started: Assistant, language: str) -> None:
    """Handlers pick reply keys by the state ("no_route", "elsewhere", "at_home"...); each must be in the
    language's file, or the user hears the intent's default (MissingReplyWarning is an error in tests)."""
    session = started.session
    session.reset()
    for setup in ("navigate to the airport", "add a stop at a gas station", "play some jazz", "open all windows"):
        assert started.ask(setup).route == "local", setup
    states = (CockpitState(), session.state.model_copy(deep=True))
    sentences = [(p.values[0], p.values[1]) for p in _cases() if p.values[3] == language]
    for state in states:
        for sentence, intent in sentences:
            session.reset(state.model_copy(deep=True))
            result = started.ask(str(sentence))
            assert result.reply, f"{sentence} ({intent}): no reply"
    session.reset()
