"""The vehicle state: the public contract that scenarios and ``--json`` address by dotted path.

Every range is enforced by the model itself (``validate_assignment``), so no handler can leave a
value out of range even by mistake.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

Zone = Literal["driver", "passenger", "rear_left", "rear_right"]
ZONES: tuple[Zone, ...] = get_args(Zone)
Gear = Literal["P", "R", "N", "D"]
MediaSource = Literal["radio", "bluetooth", "usb", "streaming"]
SavedPlace = Literal["home", "work"]
Category = Literal[
    "charging_station", "fuel", "parking", "restaurant", "cafe", "hotel", "hospital", "supermarket", "restroom"
]
CATEGORIES: tuple[Category, ...] = get_args(Category)

TEMP_MIN_C = 16.0
TEMP_MAX_C = 30.0
FAN_MAX = 7
SEAT_LEVEL_MAX = 3


def _half_step(value: float) -> float:
    if round(value * 2) != value * 2:
        raise ValueError(f"{value} is not a multiple of 0.5")
    return value


TargetC = Annotated[float, Field(ge=TEMP_MIN_C, le=TEMP_MAX_C), AfterValidator(_half_step)]
SeatLevel = Annotated[int, Field(ge=0, le=SEAT_LEVEL_MAX)]
Percent = Annotated[int, Field(ge=0, le=100)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class ClimateZone(_Model):
    target_c: TargetC = 21.0
    seat_heat: SeatLevel = 0
    seat_vent: SeatLevel = 0


class ClimateZones(_Model):
    driver: ClimateZone = Field(default_factory=ClimateZone)
    passenger: ClimateZone = Field(default_factory=ClimateZone)
    rear_left: ClimateZone = Field(default_factory=ClimateZone)
    rear_right: ClimateZone = Field(default_factory=ClimateZone)

    def get(self, zone: Zone) -> ClimateZone:
        zone_state: ClimateZone = getattr(self, zone)
        return zone_state


class Climate(_Model):
    power: bool = True
    ac: bool = True
    fan_speed: Annotated[int, Field(ge=0, le=FAN_MAX)] = 3
    recirculation: bool = False
    defrost_front: bool = False
    defrost_rear: bool = False
    sync: bool = False
    zones: ClimateZones = Field(default_factory=ClimateZones)


class Window(_Model):
    open_pct: Percent = 0


class Windows(_Model):
    driver: Window = Field(default_factory=Window)
    passenger: Window = Field(default_factory=Window)
    rear_left: Window = Field(default_factory=Window)
    rear_right: Window = Field(default_factory=Window)

    def get(self, zone: Zone) -> Window:
        window: Window = getattr(self, zone)
        return window


class Place(_Model):
    name: str | None = None
    category: Category | None = None
    lat: Annotated[float, Field(ge=-90, le=90)] | None = None
    lon: Annotated[float, Field(ge=-180, le=180)] | None = None


class SavedPlaces(_Model):
    """The driver's saved addresses; a place with no coordinates is not saved."""

    home: Place = Field(default_factory=lambda: Place(name="Home", lat=48.1597, lon=11.5794))
    work: Place = Field(default_factory=lambda: Place(name="Work", lat=48.2153, lon=11.5597))

    def get(self, which: SavedPlace) -> Place:
        place: Place = getattr(self, which)
        return place


class Navigation(_Model):
    active: bool = False
    destination: Place = Field(default_factory=Place)
    distance_km: Annotated[float, Field(ge=0)] | None = None
    eta_min: Annotated[float, Field(ge=0)] | None = None
    stops: list[Place] = Field(default_factory=list)
    avoid_tolls: bool = False
    avoid_highways: bool = False
    avoid_traffic: bool = False
    saved: SavedPlaces = Field(default_factory=SavedPlaces)


class Track(_Model):
    title: str | None = None
    artist: str | None = None
    genre: str | None = None


class Media(_Model):
    playing: bool = False
    muted: bool = False
    source: MediaSource = "radio"
    track: Track = Field(default_factory=Track)
    station: str | None = None
    volume: Percent = 30


class Location(_Model):
    lat: Annotated[float, Field(ge=-90, le=90)] = 48.1771
    lon: Annotated[float, Field(ge=-180, le=180)] = 11.5562


Bar = Annotated[float, Field(ge=0, le=6)]
Wheel = Literal["front_left", "front_right", "rear_left", "rear_right"]
WHEELS: tuple[Wheel, ...] = get_args(Wheel)


class Tyres(_Model):
    """Tyre pressures in bar, as the car's pressure monitor reads them."""

    front_left: Bar = 2.5
    front_right: Bar = 2.5
    rear_left: Bar = 2.5
    rear_right: Bar = 2.5

    def get(self, wheel: Wheel) -> float:
        bar: float = getattr(self, wheel)
        return bar


class Vehicle(_Model):
    speed_kph: Annotated[float, Field(ge=0, le=400)] = 0.0
    gear: Gear = "P"
    battery_pct: Annotated[float, Field(ge=0, le=100)] = 80.0
    range_km: Annotated[float, Field(ge=0)] = 320.0
    location: Location = Field(default_factory=Location)
    outside_temp_c: Annotated[float, Field(ge=-60, le=60)] = 12.0
    trunk_open: bool = False
    tyres_bar: Tyres = Field(default_factory=Tyres)


class CockpitState(_Model):
    """The whole car. A new session starts from ``CockpitState()`` (Munich) or ``in_home_city``."""

    climate: Climate = Field(default_factory=Climate)
    windows: Windows = Field(default_factory=Windows)
    navigation: Navigation = Field(default_factory=Navigation)
    media: Media = Field(default_factory=Media)
    vehicle: Vehicle = Field(default_factory=Vehicle)


# Where a car spoken to in a language starts, with the driver's home and work: a Mandarin drive
# starts in Shanghai (a drive from Munich to 外滩 is 11,400 km, and 回家 went back to Munich).
_HOME_CITY: dict[str, tuple[Location, Place, Place]] = {
    "zh": (
        Location(lat=31.2243, lon=121.4768),  # 黄浦, by 新天地
        Place(name="Home", lat=31.1725, lon=121.4255),  # 徐汇, about 8 km away
        Place(name="Work", lat=31.2360, lon=121.5050),  # 陆家嘴, about 3 km away
    ),
}


def in_home_city(state: CockpitState, language: str) -> CockpitState:
    """``state`` moved to the home city of ``language``; itself for English or a language without one."""
    if language not in _HOME_CITY:
        return state
    location, home, work = _HOME_CITY[language]
    navigation = state.navigation.model_copy(update={"saved": SavedPlaces(home=home, work=work)})
    vehicle = state.vehicle.model_copy(update={"location": location})
    return state.model_copy(update={"navigation": navigation, "vehicle": vehicle})
