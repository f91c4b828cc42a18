"""Dotted paths into the state: ``climate.zones.driver.target_c``, ``navigation.stops.0.name``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from assistant.cockpit.state import CockpitState
from assistant.errors import InputError
from assistant.yamlsrc import dotted_location

_MISSING = object()


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Flatten nested dicts and lists into ``{dotted.path: leaf}``; empty containers are leaves."""
    if isinstance(data, Mapping) and data:
        out: dict[str, Any] = {}
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}{key}."))
        return out
    if isinstance(data, list) and data:
        out = {}
        for index, value in enumerate(data):
            out.update(flatten(value, f"{prefix}{index}."))
        return out
    return {prefix.rstrip("."): data}


def lookup(data: Any, path: str) -> Any:
    """The value at ``path`` in nested dicts/lists; raises ``KeyError`` naming the missing part."""
    node = data
    for part in path.split("."):
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise KeyError(f"{path!r} has no part {part!r}")
    return node


def get_path(state: CockpitState, path: str) -> Any:
    return lookup(state.model_dump(), path)


def with_overrides(state: CockpitState, overrides: Mapping[str, Any]) -> CockpitState:
    """A new state with dotted-path values replaced; every value is validated against the contract."""
    data = state.model_dump()
    for path, value in overrides.items():
        parts = str(path).split(".")
        node: Any = data
        for part in parts[:-1]:
            node = _child(node, part, path)
        last = parts[-1]
        if isinstance(node, list) and last.isdigit() and int(last) < len(node):
            node[int(last)] = value
        elif isinstance(node, dict) and last in node:
            node[last] = value
        else:
            raise InputError(f"unknown state path {path!r}")
    try:
        return CockpitState.model_validate(data)
    except ValidationError as err:
        raise InputError(describe_validation_error(err)) from None


def _child(node: Any, part: str, path: str) -> Any:
    if isinstance(node, dict) and part in node:
        return node[part]
    if isinstance(node, list) and part.isdigit() and int(part) < len(node):
        return node[int(part)]
    raise InputError(f"unknown state path {path!r}")


def diff(before: CockpitState, after: CockpitState) -> list[tuple[str, Any, Any]]:
    """``(path, old, new)`` for every leaf that changed, in contract order."""
    old, new = flatten(before.model_dump()), flatten(after.model_dump())
    changes = []
    for path in dict.fromkeys([*old, *new]):
        a, b = old.get(path, _MISSING), new.get(path, _MISSING)
        if a != b:
            changes.append((path, None if a is _MISSING else a, None if b is _MISSING else b))
    return changes


def describe_validation_error(err: ValidationError) -> str:
    """One line per problem, each naming its dotted path."""
    return "; ".join(f"{dotted_location(tuple(p['loc']))}: {p['msg']}" for p in err.errors())
