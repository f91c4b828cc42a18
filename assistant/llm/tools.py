"""The cockpit handlers as LLM tools: schemas from the same slot models and intent descriptions.

There is no second, hand-written list: a tool is a registered handler, its parameters are the
handler's pydantic slot model, and its description is the intent's description from the templates.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from assistant.cockpit.followup import UNDO
from assistant.cockpit.handlers import all_handlers

_UNDO_TOOL = {
    "type": "function",
    "function": {
        "name": UNDO,
        "description": "Revert the last change to the car.",
        "parameters": {"type": "object", "properties": {}},
    },
}


def _parameters(schema: dict[str, Any], slot_descriptions: Mapping[str, str]) -> dict[str, Any]:
    """Inline ``$defs`` and drop titles (small models follow flat schemas better); a slot the model
    does not describe takes the description of the template list of the same name."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return walk(defs[node["$ref"].rsplit("/", 1)[-1]])
            return {k: walk(v) for k, v in node.items() if k != "title"}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    flat: dict[str, Any] = walk(schema)
    for name, prop in flat.setdefault("properties", {}).items():
        if "description" not in prop and slot_descriptions.get(name):
            prop["description"] = slot_descriptions[name]
    return flat


def tool_schemas(descriptions: Mapping[str, str], slot_descriptions: Mapping[str, str]) -> list[dict[str, Any]]:
    """OpenAI ``tools`` for every handler, in a stable order."""
    tools = []
    for name, spec in sorted(all_handlers().items()):
        tools.append(
            {
                "type": "function",
                "function": {
                    "name": name,
                    "description": descriptions.get(name, name),
                    "parameters": _parameters(spec.slots.model_json_schema(), slot_descriptions),
                },
            }
        )
    return [*tools, _UNDO_TOOL]


def tool_names(tools: list[dict[str, Any]]) -> set[str]:
    return {tool["function"]["name"] for tool in tools}


def parse_arguments(raw: str) -> dict[str, Any]:
    """The call's arguments as a dict; raises ``ValueError`` with a reason the model can act on."""
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as err:
        raise ValueError(f"arguments are not valid JSON ({err.msg} at position {err.pos})") from None
    if not isinstance(value, dict):
        raise ValueError("arguments must be a JSON object")
    return value
