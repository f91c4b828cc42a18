"""Follow-ups that say only "more" or "less" ("a bit higher", 再加一档): the last setting, changed again.

Pure. What was changed last decides what "higher" means: after the temperature it is warmer, after
the volume louder, after the fan or a seat heater one notch up. With no direction said ("a bit
more", 再来一点) the change goes the way the last one went.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assistant.events import Command

#: An intent whose setting can be nudged -> the intent that nudges it.
ADJUSTABLE = {
    "ClimateSetTemperature": "ClimateAdjustTemperature",
    "ClimateAdjustTemperature": "ClimateAdjustTemperature",
    "ClimateSetFanSpeed": "ClimateAdjustFanSpeed",
    "ClimateAdjustFanSpeed": "ClimateAdjustFanSpeed",
    "MediaSetVolume": "MediaAdjustVolume",
    "MediaAdjustVolume": "MediaAdjustVolume",
    "ClimateSetSeatHeating": "ClimateSetSeatHeating",
    "ClimateSetSeatVentilation": "ClimateSetSeatVentilation",
}


def more_of(last: Command, said: Mapping[str, Any]) -> Command:
    """The command that changes ``last``'s setting once more, as ``said`` (direction, small, amount)."""
    intent = ADJUSTABLE[last.intent]
    direction = said.get("direction") or last.slots.get("direction") or "up"
    small = bool(said.get("small", False))
    amount = said.get("amount")
    slots: dict[str, Any] = {"direction": direction}
    if intent == "ClimateAdjustTemperature":
        slots |= {"small": small} | ({"degrees": float(amount)} if amount else {})
    elif intent == "ClimateAdjustFanSpeed":
        slots |= {"small": small, "steps": max(1, int(amount or 1))}
    elif intent == "MediaAdjustVolume":
        slots |= {"small": small}
    if "zone" in last.slots:
        slots["zone"] = last.slots["zone"]
    return Command(intent=intent, slots=slots, text=last.text)
