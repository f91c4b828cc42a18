"""Cockpit handlers, one module per domain, imported when an intent of that domain first runs.

An intent's name starts with its domain (``ClimateSetTemperature``), which names the module. Importing
only the domain a turn needs keeps a one-shot ``cockpit ask`` inside its start-up budget.
"""

from __future__ import annotations

import importlib

from assistant.cockpit.handlers.base import REGISTRY, HandlerSpec

DOMAINS = {
    "Climate": "climate",
    "Windows": "windows",
    "Navigation": "navigation",
    "Media": "media",
    "Vehicle": "vehicle",
}


def handler_for(intent: str) -> HandlerSpec | None:
    if intent not in REGISTRY:
        module = next((m for prefix, m in DOMAINS.items() if intent.startswith(prefix)), None)
        if module is not None:
            importlib.import_module(f"{__name__}.{module}")
    return REGISTRY.get(intent)


def all_handlers() -> dict[str, HandlerSpec]:
    for module in DOMAINS.values():
        importlib.import_module(f"{__name__}.{module}")
    return dict(REGISTRY)


__all__ = ["DOMAINS", "HandlerSpec", "all_handlers", "handler_for"]
