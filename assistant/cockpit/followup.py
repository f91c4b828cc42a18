"""Follow-ups that name nothing: "a bit higher", "turn it off", 再加一档, 还是关上吧, 开到最大.

Pure. What was set last decides what they mean: after the temperature "higher" is warmer, after
the volume louder, after the fan or a seat heater one notch up, after a window further open; "off"
after a window closes it, after the AC switches the AC off, after the music pauses it. With no
direction said ("a bit more", 再来一点) the change goes the way the last one went.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assistant.cockpit.handlers.base import MIRROR
from assistant.cockpit.state import FAN_MAX, SEAT_LEVEL_MAX, TEMP_MAX_C, TEMP_MIN_C, CockpitState, Zone
from assistant.events import Command

UNDO = "DialogueUndo"
ADJUST_LAST = "DialogueAdjustLast"
REPEAT_ON_ZONE = "DialogueRepeatOnZone"
#: How far "open it a bit more" moves a window (percent); "a bit" is half of it.
WINDOW_STEP = 30
#: An intent whose setting can be nudged -> the intent that nudges it.
ADJUSTABLE = {
    "WindowsSetPosition": "WindowsSetPosition",
    "ClimateSetTemperature": "ClimateAdjustTemperature",
    "ClimateAdjustTemperature": "ClimateAdjustTemperature",
    "ClimateSetFanSpeed": "ClimateAdjustFanSpeed",
    "ClimateAdjustFanSpeed": "ClimateAdjustFanSpeed",
    "MediaSetVolume": "MediaAdjustVolume",
    "MediaAdjustVolume": "MediaAdjustVolume",
    "ClimateSetSeatHeating": "ClimateSetSeatHeating",
    "ClimateSetSeatVentilation": "ClimateSetSeatVentilation",
}
_MEDIA = {"MediaPlay", "MediaResume", "MediaPause", "MediaNext", "MediaPrevious", "MediaSetSource"}
#: A seat's functions as a correction names them (不是加热，是通风) -> their intents.
_SEAT_FUNCTIONS = {"heat": "ClimateSetSeatHeating", "vent": "ClimateSetSeatVentilation"}
_SEATS = frozenset(_SEAT_FUNCTIONS.values())
_ROUTE = {"NavigationNavigateTo", "NavigationAddStop", "NavigationSetAvoid"}
_SWITCHABLE = {"WindowsSetPosition", "VehicleSetTrunk", "ClimateSetFeature", "MediaSetMute"} | _MEDIA | _ROUTE
_TEMPERATURES = frozenset({"ClimateSetTemperature", "ClimateAdjustTemperature"})
#: What a seat said with a follow-up applies to (后排的关掉, 后排的还是二十二吧, 副驾的低一点).
_ZONED = {
    "ClimateSetSeatHeating",
    "ClimateSetSeatVentilation",
    "WindowsSetPosition",
    "ClimateSetTemperature",
    "ClimateAdjustTemperature",
}
#: The intents a follow-up may refer to: the session remembers the last of these.
SETTINGS = frozenset(ADJUSTABLE) | _SWITCHABLE


def follow_up(last: Command | None, said: Mapping[str, Any]) -> Command | None:
    """The command ``said`` means after ``last``, if any: ``enabled`` switches, ``value`` or
    ``extreme`` (max, min, half) sets, ``direction``, ``small`` and ``amount`` nudge."""
    if "enabled" in said:  # "后排的关掉": the same switch, for the seats said
        return _for_zones_said(switched(last, bool(said["enabled"])), said)
    if "seat" in said:  # "不是加热，是通风": the seat's other function, at the level and seats just set
        return other_seat_function(last, str(said["seat"]))
    value = said.get("value")
    # only a temperature has halves: 二十二点五 after the volume is no volume of 22
    halves = isinstance(value, float) and not value.is_integer() and (last is None or last.intent not in _TEMPERATURES)
    if (_sets_no_value(last) or halves) and isinstance(value, int | float) and TEMP_MIN_C <= value <= TEMP_MAX_C:
        # nothing set yet, or the climate just switched on ("get the heat going", "make it 23"):
        # a bare 调到二十 is the temperature, as in any car
        return Command(intent="ClimateSetTemperature", slots={"temperature": value})
    if last is None or last.intent not in ADJUSTABLE:
        return None
    if "value" in said or "extreme" in said:  # "副驾开一档就行": the same setting, for the seat said
        return _for_zones_said(set_to(last, said.get("value"), said.get("extreme")), said)
    return _for_zones_said(more_of(last, said), said)  # 副驾的低一点: the seat's own level


def felt_on_seat(last: Command | None, command: Command) -> Command | None:
    """ "Warmer" said alone right after a seat heater was switched on (座椅加热打开, then 再热一点) is
    that heater a level up; "cooler" after the seat ventilation, more air. Said with a seat or
    degrees, or after anything else, it is the air's temperature (None)."""
    slots = command.slots
    if last is None or not slots.get("felt") or "zone" in slots or "degrees" in slots:
        return None
    seat = _SEAT_FUNCTIONS["heat" if slots.get("direction") == "up" else "vent"]
    if last.intent != seat or not last.slots.get("level"):
        return None
    return Command(intent=ADJUST_LAST, slots={"direction": "up"}, text=command.text)


def other_seat_function(last: Command | None, function: str) -> Command | None:
    """``function`` (heat or vent) for the seats ``last`` set, at its level (on, if it set none)."""
    intent = _SEAT_FUNCTIONS.get(function)
    if last is None or last.intent not in _SEATS or intent is None:
        return None
    level = last.slots.get("level") or 2
    zone = {"zone": last.slots["zone"]} if "zone" in last.slots else {}
    return Command(intent=intent, slots={"level": level, **zone})


def _sets_no_value(last: Command | None) -> bool:
    return last is None or (last.intent == "ClimateSetFeature" and last.slots.get("feature") in ("power", "ac"))


def _for_zones_said(command: Command | None, said: Mapping[str, Any]) -> Command | None:
    if command is None or "zone" not in said or command.intent not in _ZONED:
        return command
    return command.model_copy(update={"slots": command.slots | {"zone": said["zone"]}})


def set_to(last: Command, value: float | None, extreme: str | None = None) -> Command | None:
    """ "Set it to 3", 开到最大, 调到一半: ``last``'s setting set to ``value``, or to its highest,
    lowest or half (a window, the volume, the middle level of the fan or a seat; a temperature has no
    half, so that asks what to change)."""
    intent = last.intent
    zone = _zone(last)
    highest = extreme == "max"
    if extreme == "half" and value is None:
        if "FanSpeed" in intent:
            value = (FAN_MAX + 1) // 2
        elif intent.startswith("ClimateSetSeat"):
            value = (SEAT_LEVEL_MAX + 1) // 2
        elif intent == "WindowsSetPosition" or "Volume" in intent:
            value = 50
        else:
            return None
    if intent.startswith("ClimateSetSeat"):
        level = value if value is not None else SEAT_LEVEL_MAX if highest else 1
        return Command(intent=intent, slots={"level": int(level)} | zone)
    if "Temperature" in intent:
        degrees = value if value is not None else TEMP_MAX_C if highest else TEMP_MIN_C
        return Command(intent="ClimateSetTemperature", slots={"temperature": degrees} | zone)
    if "FanSpeed" in intent:
        level = value if value is not None else FAN_MAX if highest else 1
        return Command(intent="ClimateSetFanSpeed", slots={"level": int(level)})
    if intent == "WindowsSetPosition":
        position = value if value is not None else 100 if highest else 0
        kept = {k: v for k, v in last.slots.items() if k != "change"}
        return Command(intent=intent, slots=kept | {"position": int(position)})
    volume = value if value is not None else 100 if highest else 0
    return Command(intent="MediaSetVolume", slots={"volume": int(volume)})


def restates(first: Command, then: Command) -> bool:
    """Whether ``then``, a nudge said right after the nudge ``first`` in one sentence, only says by how
    much ("风量太大了，调小两档": the fan down two, not three). "It" there is what ``first`` complains of:
    "I'm cold, turn it up" warms, though "turn it up" alone is the sound."""
    direction = then.slots.get("direction")
    return (
        (then.intent == ADJUST_LAST or (then.intent in ADJUSTABLE and then.slots.get("ref") == "it"))
        and direction is not None
        and first.intent in ADJUSTABLE
        and first.slots.get("direction") == direction
    )


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
    elif intent == "WindowsSetPosition":  # the same windows, further open or closed
        step = WINDOW_STEP // 2 if small else WINDOW_STEP
        kept = {k: v for k, v in last.slots.items() if k in ("zone", "ref", "plural")}
        opens = (direction == "up") != bool(said.get("glass"))  # lowering the glass (再降一点) opens
        return Command(intent=intent, slots=kept | {"change": step if opens else -step}, text=last.text)
    return Command(intent=intent, slots=slots | _zone(last), text=last.text)


def switched(last: Command | None, on: bool) -> Command | None:
    """ "Turn it off" / "turn it back on" for what ``last`` set; with nothing set yet, "off" pauses
    the music (what a bare 关掉 meant before follow-ups existed)."""
    intent = last.intent if last is not None else None
    slots = dict(last.slots) if last is not None else {}
    if intent is None:
        return None if on else Command(intent="MediaPause")
    if intent in _MEDIA:
        return Command(intent="MediaResume" if on else "MediaPause")
    if intent == "WindowsSetPosition":
        slots.pop("change", None)
        return Command(intent=intent, slots=slots | {"position": 100 if on else 0})
    if intent == "VehicleSetTrunk":
        return Command(intent=intent, slots={"open": on})
    if intent == "ClimateSetFeature":
        return Command(intent=intent, slots={"feature": slots["feature"], "enabled": on})
    if intent in ("ClimateSetSeatHeating", "ClimateSetSeatVentilation"):
        return Command(intent=intent, slots={"level": 2 if on else 0} | _zone(last))
    if intent in ("ClimateSetFanSpeed", "ClimateAdjustFanSpeed") and not on:
        return Command(intent="ClimateSetFanSpeed", slots={"level": 0})
    if intent.startswith("Climate"):  # the temperature or the fan: the climate control itself
        return Command(intent="ClimateSetFeature", slots={"feature": "power", "enabled": on})
    if intent in ("MediaSetVolume", "MediaAdjustVolume", "MediaSetMute"):
        return Command(intent="MediaSetMute", slots={"muted": not on})
    if intent in _ROUTE and not on:
        return Command(intent="NavigationCancel")
    return None


def all_switched(settings: list[Command], said: Mapping[str, Any]) -> list[Command]:
    """ "都关了", "turn them both off" after one turn set several things: each of them switched, when
    they are things of different kinds (several windows are one setting for ``follow_up``)."""
    kinds = {(c.intent, c.slots.get("feature")) for c in settings}
    if "enabled" not in said or said.get("zone") != "all" or len(kinds) < 2:
        return []
    each = (switched(c, bool(said["enabled"])) for c in settings)
    return [c for c in each if c is not None]


def same_value(last: Command, state: CockpitState, source: Zone, zone: str) -> Command | None:
    """ "Set the passenger to the same": the value ``last`` left at ``source``, set for ``zone``
    (a temperature, a seat level or a window); None for anything else."""
    seat = state.climate.zones.get(source)
    if "Temperature" in last.intent:
        return Command(intent="ClimateSetTemperature", slots={"temperature": seat.target_c, "zone": zone})
    if last.intent == "ClimateSetSeatHeating":
        return Command(intent=last.intent, slots={"level": seat.seat_heat, "zone": zone})
    if last.intent == "ClimateSetSeatVentilation":
        return Command(intent=last.intent, slots={"level": seat.seat_vent, "zone": zone})
    if last.intent == "WindowsSetPosition":
        return Command(intent=last.intent, slots={"position": state.windows.get(source).open_pct, "zone": zone})
    return None


_DEFROST = {"front": "defrost_front", "rear": "defrost_rear"}


def other_screen(last: Command | None, zone: str | None) -> Command | None:
    """ "The rear one too" (后面的也开一下) after the windscreen was demisted: the rear screen, set as the
    front one was (and the other way round); None unless ``last`` set a screen's defrost."""
    if last is None or last.intent != "ClimateSetFeature" or zone not in _DEFROST:
        return None
    if last.slots.get("feature") not in _DEFROST.values():
        return None
    return Command(intent=last.intent, slots={"feature": _DEFROST[zone], "enabled": last.slots.get("enabled", True)})


_SIDES: dict[tuple[bool, str], Zone] = {
    (False, "left"): "driver",
    (False, "right"): "passenger",
    (True, "left"): "rear_left",
    (True, "right"): "rear_right",
}


def side_of(source: Zone, side: str) -> Zone:
    """ "右边也一样" after the rear left seat is the rear right one: a side named alone is in the row of
    the seat just set; "the other side" is its mirror."""
    if side == "other":
        return MIRROR[source]
    return _SIDES[(source.startswith("rear"), side)]


def _zone(last: Command | None) -> dict[str, Any]:
    return {"zone": last.slots["zone"]} if last is not None and "zone" in last.slots else {}


def level_of_last(command: Command, last: Command | None) -> Command:
    """ "副驾的通风也开一下" after the driver's was set to 3, "and the passenger's too": a seat switched
    on with no level said takes the level just set for the same setting, not the default 2."""
    if command.intent not in _SEATS or "level" not in command.implied or not command.slots.get("level"):
        return command
    level = last.slots.get("level") if last is not None and last.intent == command.intent else None
    if not isinstance(level, int) or level <= 0:
        return command
    implied = tuple(name for name in command.implied if name != "level")  # as if said: "and the rear too"
    slots = {**command.slots, "level": min(level, SEAT_LEVEL_MAX)}
    return command.model_copy(update={"slots": slots, "implied": implied})
