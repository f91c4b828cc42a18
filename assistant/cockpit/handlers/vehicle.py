"""The car itself: the trunk, and questions about battery, range, speed, windows, climate and the like."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from assistant.cockpit.geo import route_km
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
from assistant.cockpit.handlers.navigation import saved_place, spoken_name
from assistant.cockpit.replies import Term
from assistant.cockpit.state import WHEELS, ZONES, CockpitState, SavedPlace, Zone

#: Below this a pressure monitor warns (about 20% under the usual 2.5 bar).
TYRE_LOW_BAR = 2.0


class SetTrunk(Slots):
    open: bool = Field(description="true to open the trunk, false to close it")


@handler("VehicleSetTrunk", SetTrunk)
def set_trunk(draft: CockpitState, slots: SetTrunk, turn: TurnContext) -> Outcome:
    # The safety policy, not this handler, decides whether opening is allowed now.
    draft.vehicle.trunk_open = slots.open
    return Outcome("opened" if slots.open else "closed", {}, Target("trunk"), reply_intent="VehicleSetTrunk")


StatusItem = Literal[
    "battery",
    "range",
    "speed",
    "gear",
    "outside_temp",
    "location",
    "trunk",
    "cabin_temp",
    "windows",
    "climate",
    "seats",
    "volume",
    "tyres",
    "overview",
]


class Status(Slots):
    item: StatusItem = Field(description="What the user asks about")
    destination: str | None = Field(None, description="For range: a place it should reach, if named")
    saved: SavedPlace | None = Field(None, description="For range: home or work, if that is where it should reach")
    round_trip: bool = Field(False, description="For range: there and back, with no charge in between")
    zone: ZoneSlot | None = Field(
        None, description="For cabin_temp and seats: the seat asked about, if not the speaker's"
    )


@handler("VehicleGetStatus", Status, changes_state=False)
def get_status(draft: CockpitState, slots: Status, turn: TurnContext) -> Outcome:
    v = draft.vehicle
    values: dict[str, object] = {
        "battery": round(v.battery_pct),
        "range": round(v.range_km),
        "speed": round(v.speed_kph),
        "gear": Term("gear", v.gear),
        "outside_temp": round(v.outside_temp_c),
        "trunk": Term("trunk", "open" if v.trunk_open else "closed"),
        "cabin_temp": draft.climate.zones.get(turn.seat).target_c,
    }
    if slots.item == "location":
        city = turn.world.nearest_city(v.location.lat, v.location.lon)
        values["city"] = city or Term("phrase", "unknown_place")
    reach = _reach(draft, slots, turn) if slots.item == "range" else None
    if reach is not None:  # "can we make it?": to where we go, or to the place named
        name, distance = reach
        distance *= 2 if slots.round_trip else 1
        values |= {"name": name, "distance": round(distance), "left": max(round(v.range_km - distance), 0)}
        key = "range_enough" if v.range_km >= distance else "range_short"
        return Outcome(f"{key}_back" if slots.round_trip else key, values)
    if slots.item == "windows":  # "are the windows closed?": name the open ones
        open_zones = tuple(z for z in ZONES if draft.windows.get(z).open_pct > 0)
        if not open_zones:
            return Outcome("windows_closed", values)
        values["windows"] = zone_name(open_zones, "window")
        return Outcome("windows_open", values, Target("windows", open_zones))  # "close them" next: these
    if slots.item == "cabin_temp" and slots.zone not in (None, "self"):  # "副驾那边多少度": that seat's, not mine
        zones = resolve_zones(slots.zone, turn.seat)
        temps = {draft.climate.zones.get(z).target_c for z in zones}
        if len(temps) == 1:
            return Outcome("cabin_temp_zone", {"zone": zone_name(zones), "cabin_temp": temps.pop()})
        each = tuple(Term("zone_temp", z, (("temp", draft.climate.zones.get(z).target_c),)) for z in zones)
        return Outcome("cabin_temp_zones", {"temps": each})
    if slots.item == "seats" and slots.zone not in (None, "self"):  # "is the passenger's seat heating on?"
        zones = resolve_zones(slots.zone, turn.seat)
        each = tuple(_seat_levels(z, draft) for z in zones)
        if len({term.values for term in each}) == 1:
            return Outcome("seats_zone", {"zone": zone_name(zones), **dict(each[0].values)})
        return Outcome("seats_zones", {"seats": each})
    if slots.item == "seats":  # the seat that asks: "is my seat heating on?"
        values |= dict(_seat_levels(turn.seat, draft).values)
    if slots.item in ("tyres", "overview"):
        pressures = {wheel: v.tyres_bar.get(wheel) for wheel in WHEELS}
        low = tuple(Term("tyre", w, (("bar", bar),)) for w, bar in pressures.items() if bar < TYRE_LOW_BAR)
        lowest, highest = min(pressures.values()), max(pressures.values())
        values |= {"low": low, "lowest": lowest, "highest": highest}
        if slots.item == "overview":  # "how is the car?": charge, range, tyres and trunk in one answer
            return Outcome("overview_tyres_low" if low else "overview", values)
        return Outcome("tyres_low" if low else "tyres" if lowest < highest else "tyres_even", values)
    climate = draft.climate
    values |= {
        "ac": Term("switch", "on" if climate.power and climate.ac else "off"),
        "air": Term("air", "inside" if climate.recirculation else "outside"),  # 内循环还是外循环
        "fan": climate.fan_speed,
        "volume": draft.media.volume,
    }
    if slots.item == "volume" and draft.media.muted:
        return Outcome("volume_muted", values)
    return Outcome(slots.item, values, Target("trunk") if slots.item == "trunk" else None)  # "open it" next


def _reach(draft: CockpitState, slots: Status, turn: TurnContext) -> tuple[str | Term, float] | None:
    """Where the range should reach and how far by road: the place named ("enough charge to get to
    Suzhou?"), else the trip's destination. A place named that we cannot find has none: the range
    alone is the answer, not the trip's."""
    here, nav = draft.vehicle.location, draft.navigation
    if slots.saved is not None:  # "will I make it home?", whether or not the route goes there
        place = saved_place(draft, slots.saved)
        if place is None:
            return None
        name = Term("saved_name", slots.saved, (("name", place.name),))
        return name, route_km([(here.lat, here.lon), (place.lat, place.lon)])
    if slots.destination:
        place = turn.world.find_place(slots.destination, here.lat, here.lon)
        return None if place is None else (place.name, route_km([(here.lat, here.lon), (place.lat, place.lon)]))
    if nav.active and nav.distance_km is not None:
        return spoken_name(draft, nav.destination.name) or Term("phrase", "unknown_place"), nav.distance_km
    return None


def _seat_level(level: int) -> Term:
    return Term("seat_level", "on", (("level", level),)) if level else Term("seat_level", "off")


def _seat_levels(zone: Zone, draft: CockpitState) -> Term:
    """One seat's heating and ventilation, as the ``heat`` and ``vent`` of its ``zone_seat`` term."""
    seat = draft.climate.zones.get(zone)
    return Term("zone_seat", zone, (("heat", _seat_level(seat.seat_heat)), ("vent", _seat_level(seat.seat_vent))))
