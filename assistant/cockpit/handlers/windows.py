"""Windows: open, close, halfway, a crack, or a percentage, for one seat, a row or all."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from assistant.cockpit.handlers.base import (
    Outcome,
    Slots,
    Target,
    TurnContext,
    ZoneSlot,
    handler,
    resolve_zones,
    zone_name,
)
from assistant.cockpit.handlers.vehicle import SetTrunk, set_trunk
from assistant.cockpit.state import ZONES, CockpitState, Zone


class SetWindow(Slots):
    position: int | None = Field(
        None, ge=0, le=100, description="Percent open: 0 closed, 20 a crack, 50 halfway, 100 open"
    )
    change: int | None = Field(
        None, ge=-100, le=100, description="Instead of a position: open this much more (negative: close)"
    )
    zone: ZoneSlot | None = Field(None, description="Which window; default is the speaker's")
    ref: Literal["it", "them", "their"] | None = Field(
        None, description="it/them: the window(s) just mentioned; their: the windows of the seats just set"
    )
    plural: bool = Field(False, description="'windows' with no seat named means every window")

    @model_validator(mode="after")
    def _position_or_change(self) -> SetWindow:
        if (self.position is None) == (self.change is None):
            raise ValueError("give either a position or a change")
        return self


@handler("WindowsSetPosition", SetWindow, zoned=True)
def set_window(draft: CockpitState, slots: SetWindow, turn: TurnContext) -> Outcome:
    last = turn.last_target
    if slots.ref is not None and slots.zone is None and last is not None and last.kind == "trunk":
        return set_trunk(draft, SetTrunk(open=_position(slots, 100 if draft.vehicle.trunk_open else 0) > 0), turn)
    if slots.ref is not None and slots.zone is None and last is not None and last.zones:
        zones = last.zones
    else:
        zones = resolve_zones("all" if slots.plural and slots.zone is None else slots.zone, turn.seat)
        zones = _the_one_open(draft, slots, zones)
    for z in zones:
        window = draft.windows.get(z)
        window.open_pct = _position(slots, window.open_pct)
    position = draft.windows.get(zones[0]).open_pct
    key = {0: "closed", 100: "opened"}.get(position, "default")
    values = {
        "windows": zone_name(zones, "window"),
        "position": position,
        "verb": "are" if len(zones) > 1 else "is",
    }
    return Outcome(key, values, Target("windows", zones))


def _the_one_open(draft: CockpitState, slots: SetWindow, zones: tuple[Zone, ...]) -> tuple[Zone, ...]:
    """ "Close the window" with the speaker's shut and one other open means that one: the passenger's
    opened a crack for someone carsick, a while ago."""
    closing = slots.position == 0 or (slots.change or 0) < 0
    if not closing or slots.zone is not None or slots.plural or any(draft.windows.get(z).open_pct for z in zones):
        return zones
    open_now = tuple(z for z in ZONES if draft.windows.get(z).open_pct > 0)
    return open_now if len(open_now) == 1 else zones


def _position(slots: SetWindow, now: int) -> int:
    if slots.position is not None:
        return slots.position
    return max(0, min(100, now + (slots.change or 0)))
