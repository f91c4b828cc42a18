"""The LLM route's contract, and the honest reply used until an endpoint is configured."""

from __future__ import annotations

from typing import Protocol

from assistant.cockpit.state import CockpitState, Zone


class LlmRoute(Protocol):
    def answer(self, text: str, seat: Zone, state: CockpitState) -> str:
        """The spoken reply to ``text``; may act on the car through the cockpit handlers."""
        ...


class NotConfigured:
    """Says plainly that no model is set up, and that car controls still work."""

    def __init__(self, reply: str) -> None:
        self._reply = reply

    def answer(self, text: str, seat: Zone, state: CockpitState) -> str:
        return self._reply
