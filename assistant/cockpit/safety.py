"""The safety policy, all in one place.

Rules compare the state before and after a proposed change, so they hold whichever route proposed
it: a local intent, a follow-up, "undo", or (later) an LLM tool call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.cockpit.state import CockpitState


@dataclass(frozen=True)
class Refusal:
    """The rule broken; the reply is the language file's ``_system`` response of that name."""

    rule: str
    values: dict[str, object] = field(default_factory=dict)


def _trunk_only_when_stopped(before: CockpitState, after: CockpitState) -> Refusal | None:
    speed = after.vehicle.speed_kph
    if after.vehicle.trunk_open and not before.vehicle.trunk_open and speed > 0:
        return Refusal("trunk_only_when_stopped", {"speed": round(speed)})
    return None


RULES: tuple[Callable[[CockpitState, CockpitState], Refusal | None], ...] = (_trunk_only_when_stopped,)


def check(before: CockpitState, after: CockpitState) -> Refusal | None:
    """The first rule the change would break, or None when it is allowed."""
    for rule in RULES:
        refusal = rule(before, after)
        if refusal is not None:
            return refusal
    return None
