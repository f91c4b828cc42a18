"""``--state`` files: atomic writes, clear errors, and follow-up context across runs."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from assistant.cockpit.session import DialogueContext
from assistant.cockpit.state import CockpitState, Place
from assistant.cockpit.statefile import load_state, save_state
from assistant.errors import StateFileError
from assistant.events import Command


def test_missing_file_is_a_new_car(tmp_path: Path) -> None:
    state, context = load_state(tmp_path / "none.json")
    assert state is None and context.undo == []


def test_a_crash_mid_write_leaves_the_previous_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "car.json"
    save_state(path, CockpitState())
    before = path.read_text()
    changed = CockpitState()
    changed.media.volume = 90

    def crash(*args: object) -> None:
        raise OSError("disk pulled out")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        save_state(path, changed)
    assert path.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["car.json"]


def test_state_and_context_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "car.json"
    state = CockpitState()
    state.climate.fan_speed = 6
    volume = Command(intent="MediaSetVolume", slots={"volume": 20})
    ac = Command(intent="ClimateSetFeature", slots={"feature": "ac", "enabled": True})
    airport = Place(name="Munich Airport", lat=48.3538, lon=11.7861)
    context = DialogueContext(
        undo=[CockpitState()], last_setting=volume, turn_settings=[ac, volume], last_place=airport
    )
    save_state(path, state, context)
    loaded, loaded_context = load_state(path)
    assert loaded == state and loaded_context.undo == [CockpitState()]
    assert loaded_context.last_place == airport  # "take me there" after "how far is the airport?"
    assert loaded_context.last_setting == volume  # "a bit louder" in the next `ask --state` still knows
    assert loaded_context.turn_settings == [ac, volume]  # ...and "turn them both off"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[1, 2]", "expected a JSON object"),
        ('{"media": {"volume": 101}}', "media.volume"),
        ('{"media": {"volume": 50}, "spaceship": {}}', "spaceship"),
        ("{", "not valid JSON"),
    ],
)
def test_bad_files_say_what_is_wrong(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "car.json"
    path.write_text(content)
    with pytest.raises(StateFileError, match=message):
        load_state(path)


def test_a_damaged_dialogue_context_is_dropped_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "car.json"
    path.write_text(json.dumps({**CockpitState().model_dump(), "_dialogue": {"undo": [{"bad": 1}]}}))
    state, context = load_state(path)
    assert state == CockpitState() and context.undo == []
