"""The shape of an intent file: hassil's template format plus our descriptions and replies."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DataBlock(_Strict):
    sentences: list[str] = Field(min_length=1)
    slots: dict[str, Any] = Field(default_factory=dict)
    requires_context: dict[str, Any] = Field(default_factory=dict)
    excludes_context: dict[str, Any] = Field(default_factory=dict)
    response: str | None = None
    metadata: dict[str, Any] | None = None
    expansion_rules: dict[str, str] = Field(default_factory=dict)
    lists: dict[str, dict[str, Any]] = Field(default_factory=dict)


class IntentSpec(_Strict):
    description: str = Field(min_length=1, description="One line for people and for the LLM tool schema.")
    data: list[DataBlock] = Field(min_length=1)


class ListSpec(_Strict):
    description: str = ""
    values: list[str | dict[str, Any]] | None = None
    range: dict[str, Any] | None = None
    wildcard: bool = False

    @model_validator(mode="after")
    def _one_kind(self) -> ListSpec:
        kinds = [self.values is not None, self.range is not None, self.wildcard]
        if sum(kinds) != 1:
            raise ValueError("a list needs exactly one of 'values', 'range' or 'wildcard: true'")
        return self


class LanguageSpec(_Strict):
    """Language data the router needs beyond hassil's templates."""

    conjunctions: list[str] = Field(default_factory=list, description="Split points between commands.")
    replacements: dict[str, str] = Field(default_factory=dict, description="Applied before matching.")


class IntentFile(_Strict):
    language: str
    intents: dict[str, IntentSpec] = Field(default_factory=dict)
    lists: dict[str, ListSpec] = Field(default_factory=dict)
    expansion_rules: dict[str, str] = Field(default_factory=dict)
    skip_words: list[str] = Field(default_factory=list)
    responses: dict[str, dict[str, str]] = Field(default_factory=dict)
    cockpit: LanguageSpec | None = None


class IntentTest(_Strict):
    sentences: list[str] = Field(min_length=1)
    intent: str
    slots: dict[str, Any] = Field(default_factory=dict)
    seat: str | None = None


class IntentTestFile(_Strict):
    language: str
    tests: list[IntentTest] = Field(min_length=1)
