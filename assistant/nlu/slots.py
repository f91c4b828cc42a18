"""Hassil's matched entities -> plain slot values; handlers type them with their own models."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def entities_to_slots(entities: Mapping[str, Any]) -> dict[str, Any]:
    """``{slot: value}``: list outputs, range numbers, or wildcard text (trimmed of punctuation; a
    list's output is kept as written: "G.E.M.")."""
    slots: dict[str, Any] = {}
    for name, entity in entities.items():
        value = entity.value
        if isinstance(value, str) and entity.is_wildcard:
            value = value.strip(" ,.!?。，！？")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        slots[name] = value
    return slots
