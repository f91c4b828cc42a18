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


def average_speed_kph(distance_km: float, avoid_highways: bool) -> float:
    """Typical door-to-door speed: city trips are slow, long trips mostly motorway."""
    if distance_km < 10:
        return 30.0
    if distance_km < 50:
        return 50.0
    return 65.0 if avoid_highways else 95.0


def eta_minutes(distance_km: float, avoid_highways: bool, stops: int = 0) -> float:
    """Driving time plus five minutes for each stop on the way."""
    return distance_km / average_speed_kph(distance_km, avoid_highways) * 60 + 5 * stops
