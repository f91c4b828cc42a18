"""Climate: temperature per zone, fan, AC and friends, seat heating and ventilation."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from assistant.cockpit.handlers.base import (
    Direction,
    Outcome,
    Slots,
    TurnContext,
    ZoneSlot,
    clamp,
    handler,
    resolve_zones,
    zone_name,
)
from assistant.cockpit.replies import Term
from assistant.cockpit.state import (
    FAN_MAX,
    SEAT_LEVEL_MAX,
    TEMP_MAX_C,
    TEMP_MIN_C,
    ZONES,
    CockpitState,
    Zone,
)

#: A number between these, said without a unit, is Fahrenheit: no cabin is set to 60-90 °C.
_IMPLICIT_F = (60.0, 90.0)
SMALL_STEP_C = 0.5
STEP_C = 1.0


def half_round(value: float) -> float:
    """Round to the nearest 0.5 (half away from zero, not banker's rounding)."""
    return float(int(value * 2 + (0.5 if value >= 0 else -0.5))) / 2


def fahrenheit_to_c(value: float) -> float:
    return half_round((value - 32) * 5 / 9)


def _target_zones(draft: CockpitState, zone: ZoneSlot | None, seat: Zone) -> tuple[Zone, ...]:
    # With sync on, every zone follows one setting, as the car's SYNC button does.
    return ZONES if draft.climate.sync else resolve_zones(zone, seat)


def _set_targets(draft: CockpitState, zones: tuple[Zone, ...], value: float) -> None:
    draft.climate.power = True
    for z in zones:
        draft.climate.zones.get(z).target_c = value


class SetTemperature(Slots):
    temperature: float = Field(description="Target temperature, in the unit given")
    unit: Literal["c", "f"] | None = Field(None, description="c for Celsius, f for Fahrenheit")
    zone: ZoneSlot | None = Field(None, description="Climate zone; default is the speaker's seat")


@handler("ClimateSetTemperature", SetTemperature, zoned=True)
def set_temperature(draft: CockpitState, slots: SetTemperature, turn: TurnContext) -> Outcome:
    value = slots.temperature
    fahrenheit = slots.unit == "f" or (slots.unit is None and _IMPLICIT_F[0] <= value <= _IMPLICIT_F[1])
    celsius = fahrenheit_to_c(value) if fahrenheit else half_round(value)
    celsius, key = clamp(celsius, TEMP_MIN_C, TEMP_MAX_C)
    zones = _target_zones(draft, slots.zone, turn.seat)
    _set_targets(draft, zones, celsius)
    clamped = key != "default"
    if not clamped and fahrenheit:
        key = "fahrenheit"
    values = {"zone": zone_name(zones), "temperature": celsius, "requested": value}
    return Outcome(key, values, out_of_range=clamped)


class AdjustTemperature(Slots):
    direction: Direction = Field(description="up is warmer, down is cooler")
    small: bool = Field(False, description="true for 'a bit', 'a little', 'slightly'")
    degrees: float | None = Field(None, gt=0, le=14, description="Exact change in degrees, if said")
    zone: ZoneSlot | None = None


@handler("ClimateAdjustTemperature", AdjustTemperature, zoned=True)
def adjust_temperature(draft: CockpitState, slots: AdjustTemperature, turn: TurnContext) -> Outcome:
    step = slots.degrees or (SMALL_STEP_C if slots.small else STEP_C)
    sign = 1 if slots.direction == "up" else -1
    zones = _target_zones(draft, slots.zone, turn.seat)
    key = "default"
    for z in zones:
        value, clamped = clamp(half_round(draft.climate.zones.get(z).target_c + sign * step), TEMP_MIN_C, TEMP_MAX_C)
        key = clamped if clamped != "default" else key
        _set_targets(draft, (z,), value)
    final = draft.climate.zones.get(zones[0]).target_c
    word = Term("warmth", slots.direction)
    return Outcome(key, {"zone": zone_name(zones), "temperature": final, "word": word, "step": step})


class SetFan(Slots):
    level: int = Field(ge=0, le=100, description=f"Fan speed 0-{FAN_MAX}")


@handler("ClimateSetFanSpeed", SetFan)
def set_fan(draft: CockpitState, slots: SetFan, turn: TurnContext) -> Outcome:
    level, key = clamp(slots.level, 0, FAN_MAX)
    draft.climate.fan_speed = int(level)
    if level > 0:
        draft.climate.power = True
    reply = "off" if level == 0 and key == "default" else key
    return Outcome(reply, {"level": int(level)}, out_of_range=key != "default")


class AdjustFan(Slots):
    direction: Direction
    steps: int = Field(1, ge=1, le=FAN_MAX, description="Notches to change by")
    small: bool = Field(False, description="'a bit': one notch")


@handler("ClimateAdjustFanSpeed", AdjustFan)
def adjust_fan(draft: CockpitState, slots: AdjustFan, turn: TurnContext) -> Outcome:
    sign = 1 if slots.direction == "up" else -1
    level, key = clamp(draft.climate.fan_speed + sign * slots.steps, 0, FAN_MAX)
    draft.climate.fan_speed = int(level)
    if level > 0:
        draft.climate.power = True
    return Outcome(key, {"level": int(level)})


Feature = Literal["power", "ac", "recirculation", "defrost_front", "defrost_rear", "defrost", "sync"]


class SetFeature(Slots):
    feature: Feature = Field(description="Which climate function")
    enabled: bool = Field(description="true to switch it on, false to switch it off")


@handler("ClimateSetFeature", SetFeature)
def set_feature(draft: CockpitState, slots: SetFeature, turn: TurnContext) -> Outcome:
    if slots.feature == "defrost":  # both screens: 除雾都关掉, "turn off all the defrosters"
        draft.climate.defrost_front = draft.climate.defrost_rear = slots.enabled
    else:
        setattr(draft.climate, slots.feature, slots.enabled)
    if slots.enabled and slots.feature != "power":
        draft.climate.power = True
    if slots.feature == "power" and not slots.enabled:
        draft.climate.ac = False  # no cooling with the climate control off; turning it on again leaves AC to be asked
    if slots.feature == "sync" and slots.enabled:
        source = draft.climate.zones.get(turn.seat).target_c
        for z in ZONES:
            draft.climate.zones.get(z).target_c = source
    state = Term("switch", "on" if slots.enabled else "off")
    return Outcome("default", {"feature": Term("feature", slots.feature), "state": state})


class SetSeat(Slots):
    level: int | None = Field(None, ge=0, le=10, description=f"0 off, 1 low, 2 on, {SEAT_LEVEL_MAX} max")
    direction: Direction | None = Field(None, description="Change the current level by one")
    zone: ZoneSlot | None = None


def _seat(draft: CockpitState, slots: SetSeat, turn: TurnContext, attr: str) -> Outcome:
    zones = resolve_zones(slots.zone, turn.seat)
    keys = []
    out_of_range = False
    for z in zones:
        zone_state = draft.climate.zones.get(z)
        if slots.level is not None:
            clamped, key = clamp(slots.level, 0, SEAT_LEVEL_MAX)
            level = int(clamped)
            out_of_range = key != "default"
        else:
            step = -1 if slots.direction == "down" else 1
            raised, key = clamp(getattr(zone_state, attr) + step, 0, SEAT_LEVEL_MAX)
            level = int(raised)
        setattr(zone_state, attr, level)
        keys.append(key)
    # the reply names the first seat's level, so it says what happened there ("less seat ventilation
    # everywhere" took the driver from 2 to 1 and a seat that was off stayed off: not "min")
    level = getattr(draft.climate.zones.get(zones[0]), attr)
    key = "off" if level == 0 else keys[0]
    return Outcome(key, {"zone": zone_name(zones), "level": level}, out_of_range=out_of_range)


@handler("ClimateSetSeatHeating", SetSeat, zoned=True)
def set_seat_heating(draft: CockpitState, slots: SetSeat, turn: TurnContext) -> Outcome:
    return _seat(draft, slots, turn, "seat_heat")


@handler("ClimateSetSeatVentilation", SetSeat, zoned=True)
def set_seat_ventilation(draft: CockpitState, slots: SetSeat, turn: TurnContext) -> Outcome:
    return _seat(draft, slots, turn, "seat_vent")
