"""Reply templates from the intent files, filled with a handler's values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def format_value(value: Any) -> str:
    """Numbers as people say them: 22.0 -> "22", 22.5 -> "22.5"; None -> "unknown"."""
    if value is None:
        return "unknown"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    return str(value)


class _Values(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Replies:
    def __init__(self, responses: Mapping[str, Mapping[str, str]]) -> None:
        self._responses = responses

    def render(self, intent: str, key: str, values: Mapping[str, Any]) -> str:
        templates = self._responses.get(intent, {})
        template = templates.get(key) or templates.get("default") or "Done."
        text = template.format_map(_Values({k: format_value(v) for k, v in values.items()}))
        return text[:1].upper() + text[1:]
