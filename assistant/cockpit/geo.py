"""Distances and travel times from coordinates. Pure functions."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

EARTH_RADIUS_KM = 6371.0088
#: Roads are longer than great circles; 1.3 is a common detour factor for mixed urban/regional trips.
ROAD_FACTOR = 1.3


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def route_km(points: Sequence[tuple[float, float]]) -> float:
    """Road distance along the points in order."""
    legs = itertools.pairwise(points)
    return ROAD_FACTOR * sum(haversine_km(a[0], a[1], b[0], b[1]) for a, b in legs)


def eta_minutes(distance_km: float, avoid_highways: bool, stops: int = 0) -> float:
    """Driving time plus five minutes for each stop on the way. A trip's first 10 km are city
    driving (30 km/h), the next 40 main roads (50 km/h), the rest motorway (95, or 65 without): so a
    longer trip never takes less time (one speed per trip length made a 51 km detour quicker than 43 km)."""
    bands = ((10.0, 30.0), (40.0, 50.0), (math.inf, 65.0 if avoid_highways else 95.0))
    minutes, left = 0.0, distance_km
    for length, speed_kph in bands:
        part = min(left, length)
        minutes += part / speed_kph * 60
        left -= part
    return minutes + 5 * stops
