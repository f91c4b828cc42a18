"""The scenario file format, parsed with errors that name the file and the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from assistant.cockpit.paths import lookup, with_overrides
from assistant.cockpit.state import CockpitState, Zone, in_home_city
from assistant.errors import InputError, ScenarioError
from assistant.events import Route
from assistant.nlu.text import detect_language
from assistant.yamlsrc import YamlDoc, load_yaml, validation_problems


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Expect(_Strict):
    route: Route | None = None
    intent: str | list[str] | None = Field(None, description="One name: any command; a list: all, in order")
    state: dict[str, Any] = Field(default_factory=dict)
    reply_contains: list[str] = Field(default_factory=list)
    refused: bool | None = None

    @field_validator("reply_contains", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str | int | float) else value


class Turn(_Strict):
    say: str | None = None
    audio: Path | None = Field(None, description="A WAV file, relative to the scenario, heard instead of 'say'.")
    seat: Zone | None = None
    expect: Expect = Field(default_factory=Expect)

    @model_validator(mode="after")
    def _say_or_audio(self) -> Turn:
        if (self.say is None) == (self.audio is None):
            raise ValueError("a turn has either 'say' or 'audio'")
        return self


class Scenario(_Strict):
    name: str
    description: str = ""
    start: dict[str, Any] = Field(default_factory=dict)
    seat: Zone | None = Field(None, description="Seat for turns that do not name one")
    turns: list[Turn] = Field(min_length=1)


class LoadedScenario(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    scenario: Scenario
    start_state: CockpitState
    doc: YamlDoc

    def turn_line(self, index: int) -> int | None:
        return self.doc.line("turns", index)


def load_scenario(path: Path) -> LoadedScenario:
    doc = load_yaml(path, ScenarioError)
    if not isinstance(doc.data, dict):
        raise ScenarioError(path, 1, "a scenario is a mapping with 'name' and 'turns'")
    try:
        scenario = Scenario.model_validate(doc.data)
    except ValidationError as err:
        problems = validation_problems(doc, err)
        line, what = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ScenarioError(path, line, f"{what}{more}") from None
    for key in scenario.start:
        try:
            with_overrides(CockpitState(), {key: scenario.start[key]})
        except InputError as err:
            raise ScenarioError(path, doc.line("start", key), f"start: {err}") from None
    turns = []
    for index, turn in enumerate(scenario.turns):
        if turn.audio is not None:
            audio = turn.audio if turn.audio.is_absolute() else path.parent / turn.audio
            if not audio.is_file():
                raise ScenarioError(path, doc.line("turns", index, "audio"), f"audio file {audio} does not exist")
            turn = turn.model_copy(update={"audio": audio})
        turns.append(turn)
        for key in turn.expect.state:
            try:
                _check_path(key)
            except InputError as err:
                raise ScenarioError(path, doc.line("turns", index, "expect", "state", key), str(err)) from None
    scenario = scenario.model_copy(update={"turns": turns})
    start = with_overrides(in_home_city(CockpitState(), _language(scenario)), scenario.start)
    return LoadedScenario(scenario=scenario, start_state=start, doc=doc)


def _language(scenario: Scenario) -> str:
    """The language of the first turn that is text: a Mandarin drive starts in Shanghai."""
    said = next((turn.say for turn in scenario.turns if turn.say), "")
    return detect_language(said, ("en", "zh"), "en")


def _check_path(path: str) -> None:
    """Paths into lists (``navigation.stops.0``) can only be checked when the turn runs."""
    data = CockpitState().model_dump()
    parts = path.split(".")
    for end in range(len(parts), 0, -1):
        try:
            node = lookup(data, ".".join(parts[:end]))
        except KeyError:
            continue
        if end == len(parts) or isinstance(node, list):
            return
        break
    raise InputError(f"unknown state path {path!r}")
