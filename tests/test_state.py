"""The state contract: defaults, ranges, dotted paths and diffs."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from assistant.cockpit.paths import diff, flatten, get_path, lookup, with_overrides
from assistant.cockpit.state import ZONES, CockpitState
from assistant.errors import InputError

DEFAULTS: dict[str, object] = {
    "climate.power": True,
    "climate.ac": True,
    "climate.fan_speed": 3,
    "climate.recirculation": False,
    "climate.defrost_front": False,
    "climate.defrost_rear": False,
    "climate.sync": False,
    "navigation.active": False,
    "navigation.destination.name": None,
    "navigation.destination.category": None,
    "navigation.distance_km": None,
    "navigation.eta_min": None,
    "navigation.stops": [],
    "navigation.avoid_tolls": False,
    "navigation.avoid_highways": False,
    "media.playing": False,
    "media.muted": False,
    "media.source": "radio",
    "media.track.title": None,
    "media.station": None,
    "media.volume": 30,
    "vehicle.speed_kph": 0,
    "vehicle.gear": "P",
    "vehicle.battery_pct": 80,
    "vehicle.range_km": 320,
    "vehicle.location.lat": 48.1771,
    "vehicle.location.lon": 11.5562,
    "vehicle.outside_temp_c": 12,
    "vehicle.trunk_open": False,
}


@pytest.mark.parametrize(("path", "value"), DEFAULTS.items())
def test_defaults_follow_the_contract(path: str, value: object) -> None:
    assert get_path(CockpitState(), path) == value


@pytest.mark.parametrize("zone", ZONES)
def test_zone_defaults(zone: str) -> None:
    state = CockpitState()
    assert get_path(state, f"climate.zones.{zone}.target_c") == 21.0
    assert get_path(state, f"climate.zones.{zone}.seat_heat") == 0
    assert get_path(state, f"climate.zones.{zone}.seat_vent") == 0
    assert get_path(state, f"windows.{zone}.open_pct") == 0


@pytest.mark.parametrize(
    ("attr", "value"),
    [("fan_speed", 8), ("fan_speed", -1)],
)
def test_ranges_hold_on_assignment(attr: str, value: int) -> None:
    state = CockpitState()
    with pytest.raises(ValidationError):
        setattr(state.climate, attr, value)


def test_temperature_must_be_a_half_step_in_range() -> None:
    zone = CockpitState().climate.zones.driver
    for bad in (15.5, 30.5, 21.3):
        with pytest.raises(ValidationError):
            zone.target_c = bad
    zone.target_c = 21.5
    assert zone.target_c == 21.5


def test_overrides_are_validated_and_name_the_path() -> None:
    state = with_overrides(CockpitState(), {"vehicle.speed_kph": 50, "climate.zones.passenger.target_c": 24})
    assert state.vehicle.speed_kph == 50
    assert state.climate.zones.passenger.target_c == 24
    with pytest.raises(InputError, match=r"climate\.fan_speed"):
        with_overrides(CockpitState(), {"climate.fan_speed": 12})
    with pytest.raises(InputError, match=r"unknown state path 'climate\.warp'"):
        with_overrides(CockpitState(), {"climate.warp": 9})


def test_flatten_lookup_and_diff() -> None:
    before = CockpitState()
    after = with_overrides(before, {"media.volume": 50})
    assert diff(before, after) == [("media.volume", 30, 50)]
    flat = flatten({"a": {"b": [1, {"c": 2}]}, "d": []})
    assert flat == {"a.b.0": 1, "a.b.1.c": 2, "d": []}
    assert lookup({"a": [{"b": 3}]}, "a.0.b") == 3
    with pytest.raises(KeyError):
        lookup({"a": []}, "a.0")
