"""Windows: open, close, halfway, a crack, or a percentage, for one seat, a row or all."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

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
from assistant.cockpit.state import CockpitState


class SetWindow(Slots):
    position: int = Field(ge=0, le=100, description="Percent open: 0 closed, 20 a crack, 50 halfway, 100 open")
    zone: ZoneSlot | None = Field(None, description="Which window; default is the speaker's")
    ref: Literal["it", "them"] | None = Field(None, description="Refers to the window(s) just mentioned")
    plural: bool = Field(False, description="'windows' with no seat named means every window")


@handler("WindowsSetPosition", SetWindow, zoned=True)
def set_window(draft: CockpitState, slots: SetWindow, turn: TurnContext) -> Outcome:
    last = turn.last_target
    if slots.ref is not None and slots.zone is None and last is not None and last.kind == "trunk":
        return set_trunk(draft, SetTrunk(open=slots.position > 0), turn)
    if slots.ref is not None and slots.zone is None and last is not None and last.zones:
        zones = last.zones
    else:
        zones = resolve_zones("all" if slots.plural and slots.zone is None else slots.zone, turn.seat)
    for z in zones:
        draft.windows.get(z).open_pct = slots.position
    key = {0: "closed", 100: "opened"}.get(slots.position, "default")
    values = {
        "windows": zone_name(zones, "window"),
        "position": slots.position,
        "verb": "are" if len(zones) > 1 else "is",
    }
    return Outcome(key, values, Target("windows", zones))
