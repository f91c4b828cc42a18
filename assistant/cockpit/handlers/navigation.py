"""Navigation: destinations by name or category, stops, route options and trip questions."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field

from assistant.cockpit.geo import eta_minutes, haversine_km, route_km
from assistant.cockpit.handlers.base import Outcome, Slots, TurnContext, handler
from assistant.cockpit.replies import Term
from assistant.cockpit.state import Category, CockpitState, Location, Place, SavedPlace
from assistant.cockpit.world import Poi

#: Closer than this, the car is already at the place asked for.
ARRIVED_KM = 0.1
#: A place of a kind "near" a named or saved place lies within this of it; the nearest parking to
#: Bend, Oregon, may be in Munich, and is no answer to "parking near the bend".
NEAR_PLACE_KM = 15.0


class Destination(Slots):
    category: Category | None = Field(None, description="Go to the nearest place of this kind")
    destination: str | None = Field(
        None, max_length=200, description="A city or a named place; with a category, the place to look near"
    )
    saved: SavedPlace | None = Field(
        None, description="The driver's saved home or work address; with a category, the place to look near"
    )
    near_destination: bool = Field(
        False, description="With a category: look near the route's destination, not near the car"
    )
    other: bool = Field(
        False, description="Another place of the kind (the category, else the destination's) than the one we go to"
    )
    nearer: bool = Field(
        False, description="A place of the kind (the category, else the destination's) nearer than the one we go to"
    )
    there: bool = Field(False, description="The place just asked about ('how far is the airport?', 'take me there')")


def _place(poi: Poi) -> Place:
    return Place(name=poi.name, category=poi.category, lat=poi.lat, lon=poi.lon)


def _poi(place: Place) -> Poi:
    return Poi(place.name or "", place.category, place.lat or 0.0, place.lon or 0.0)


def _route_end(draft: CockpitState) -> Poi | None:
    """Where the active route ends, if it is set and has a position."""
    nav = draft.navigation
    dest = nav.destination
    if not nav.active or dest.lat is None or dest.lon is None:
        return None
    return Poi(dest.name or "", dest.category, dest.lat, dest.lon)


def update_route(draft: CockpitState) -> None:
    """Recompute distance and ETA from the car through the stops to the destination."""
    nav = draft.navigation
    end = _route_end(draft)
    if end is None:
        nav.distance_km = nav.eta_min = None
        return
    here = draft.vehicle.location
    points = [(here.lat, here.lon)]
    points += [(s.lat, s.lon) for s in nav.stops if s.lat is not None and s.lon is not None]
    points.append((end.lat, end.lon))
    distance = route_km(points)
    nav.distance_km = round(distance, 1)
    nav.eta_min = round(eta_minutes(distance, nav.avoid_highways, len(nav.stops)))


def _place_named(draft: CockpitState, turn: TurnContext, name: str) -> Poi | None:
    """The place a name means, seen from where the car is (the nearest of several)."""
    here = draft.vehicle.location
    return turn.world.find_place(name, here.lat, here.lon)


def _named_on_route(draft: CockpitState, turn: TurnContext, name: str) -> Poi | None:
    """The place a name means when asking about or leaving the route: a stop or the destination it
    names, whole or in part ("不去机场了" on the way to Pudong airport; the nearest airport may be
    another), else as ``_place_named``."""
    nav = draft.navigation
    on_route = [place.name for place in (*reversed(nav.stops), nav.destination) if place.name]
    return turn.world.among(name, on_route) or _place_named(draft, turn, name)


def saved_place(draft: CockpitState, which: SavedPlace) -> Poi | None:
    """Home or work as a place to go or measure to; None while it has no position."""
    saved = draft.navigation.saved.get(which)
    if saved.lat is None or saved.lon is None:
        return None
    return Poi(saved.name or which, saved.category, saved.lat, saved.lon)


def _resolve(slots: Destination, draft: CockpitState, turn: TurnContext, avoid: set[str]) -> Poi | None:
    if slots.there:
        there = turn.last_place
        return None if there is None or there.lat is None or there.lon is None else _poi(there)
    if slots.category is not None:  # the nearest of a kind: to the car, a saved, named or route's end place
        near: Poi | Location | None = draft.vehicle.location
        within = None
        if slots.saved is not None:
            near, within = saved_place(draft, slots.saved), NEAR_PLACE_KM
        elif slots.near_destination:
            near, within = _route_end(draft), NEAR_PLACE_KM
        elif slots.destination:
            near, within = _place_named(draft, turn, slots.destination), NEAR_PLACE_KM
        if near is None:  # "parking near <a place that is not there>"
            return None
        return turn.world.nearest(slots.category, near.lat, near.lon, exclude=avoid, within_km=within)
    if slots.saved is not None:
        return saved_place(draft, slots.saved)
    return _place_named(draft, turn, slots.destination) if slots.destination else None


def trip(distance_km: float | None, minutes: float | None) -> dict[str, object]:
    """A trip's length and time as a reply says them: whole kilometres from 100 km, hours from an
    hour ("about 448 minutes" to Berlin is "7 hours 28 minutes")."""
    distance = None if distance_km is None else round(distance_km, 1 if distance_km < 100 else None)
    if minutes is None:
        return {"distance": distance, "eta": None}
    hours, rest = divmod(round(minutes), 60)
    if not hours:
        eta = Term("duration", "minutes", (("m", rest),))
    else:
        eta = Term("duration", "hours_minutes" if rest else "hours", (("h", hours), ("m", rest)))
    return {"distance": distance, "eta": eta}


def _trip_values(draft: CockpitState, poi: Poi) -> dict[str, object]:
    nav = draft.navigation
    return {"name": spoken_name(draft, poi.name), **trip(nav.distance_km, nav.eta_min)}


def spoken_name(draft: CockpitState, name: str | None) -> str | Term | None:
    """A saved place as what it is in the reply's language (公司, not the label "Work")."""
    saved = draft.navigation.saved
    which = next((w for w in get_args(SavedPlace) if name is not None and saved.get(w).name == name), None)
    return name if which is None else Term("saved_name", which, (("name", name),))


def _not_found(slots: Destination, draft: CockpitState) -> Outcome:
    if slots.there:  # "take me there" with nothing asked about before
        return Outcome("no_place_there")
    if slots.saved is not None and (slots.category is None or saved_place(draft, slots.saved) is None):
        return Outcome(f"no_{slots.saved}")
    if slots.near_destination and slots.category is not None:
        end = _route_end(draft)
        if end is None:
            return Outcome("no_destination")
        return Outcome("none_near", {"category": Term("category", slots.category), "name": end.name})
    if slots.category is not None and (slots.saved or slots.destination):
        near = Term("saved", slots.saved) if slots.saved else slots.destination
        return Outcome("none_near", {"category": Term("category", slots.category), "name": near})
    wanted = slots.destination or Term("category", slots.category or "that")
    return Outcome("not_found", {"name": wanted})


@handler("NavigationNavigateTo", Destination)
def navigate_to(draft: CockpitState, slots: Destination, turn: TurnContext) -> Outcome:
    going = draft.navigation.destination if draft.navigation.active else None
    if slots.other and slots.category is None and slots.destination is None and going is not None:
        slots = slots.model_copy(update={"category": going.category})  # 换一家: another of the kind we go to
    if slots.nearer:  # we go to the nearest of a kind: "a closer one" is that one, or none is closer
        kind = slots.category or (going.category if going is not None else None)
        here = draft.vehicle.location
        nearest = turn.world.nearest(kind, here.lat, here.lon) if kind is not None else None
        if kind is not None and nearest is not None and going is not None and nearest.name == going.name:
            return Outcome("nearest_already", {"name": going.name, "category": Term("category", kind)})
        slots = slots.model_copy(update={"category": kind, "nearer": False})
    poi = _resolve(slots, draft, turn, {going.name} if slots.other and going and going.name else set())
    if poi is None:
        return _not_found(slots, draft)
    here = draft.vehicle.location
    home_or_work = slots.saved if slots.category is None else None  # not "the gas station near home"
    if haversine_km(here.lat, here.lon, poi.lat, poi.lon) < ARRIVED_KM:
        return Outcome(f"at_{home_or_work}" if home_or_work else "already_there", {"name": poi.name})
    nav = draft.navigation
    nav.destination = _place(poi)
    nav.stops = []
    nav.active = True
    update_route(draft)
    return Outcome(home_or_work or "default", _trip_values(draft, poi))


@handler("NavigationAddStop", Destination)
def add_stop(draft: CockpitState, slots: Destination, turn: TurnContext) -> Outcome:
    nav = draft.navigation
    if not nav.active:
        outcome = navigate_to(draft, slots, turn)
        return Outcome("no_route", outcome.values) if nav.active else outcome
    taken = {s.name for s in nav.stops if s.name} | {nav.destination.name or ""}
    poi = _resolve(slots, draft, turn, taken)
    if poi is None:
        return _not_found(slots, draft)
    nav.stops = [*nav.stops, _place(poi)]
    update_route(draft)
    return Outcome("default", _trip_values(draft, poi))


class StopToDrop(Slots):
    category: Category | None = Field(None, description="Drop the stop of this kind")
    destination: str | None = Field(None, max_length=200, description="Drop the stop at this named place")
    every: bool = Field(False, description="true to drop all stops")
    next: bool = Field(False, description="true to drop the next stop on the way (the first one)")


def _stop_index(stops: list[Place], slots: StopToDrop, named: Poi | None) -> int | None:
    """Which stop is meant: the latest of the kind or name said (``named``: the place that name means),
    or the latest added when none is; the first when the next one is meant."""
    if slots.next:
        return 0 if stops else None
    for index in reversed(range(len(stops))):
        stop = stops[index]
        if slots.destination is not None:
            if named is not None and stop.name == named.name:
                return index
        elif slots.category is None or stop.category == slots.category:
            return index
    return None


def _is_destination(destination: Place, slots: StopToDrop, named: Poi | None) -> bool:
    if slots.category is not None:
        return destination.category == slots.category
    return named is not None and named.name == destination.name


def _end_route(draft: CockpitState) -> None:
    nav = draft.navigation
    nav.active = False
    nav.destination = Place()
    nav.stops = []
    update_route(draft)


@handler("NavigationRemoveStop", StopToDrop)
def remove_stop(draft: CockpitState, slots: StopToDrop, turn: TurnContext) -> Outcome:
    return _drop_stop(draft, slots, _named_on_route(draft, turn, slots.destination) if slots.destination else None)


def _drop_stop(draft: CockpitState, slots: StopToDrop, named: Poi | None) -> Outcome:
    nav = draft.navigation
    if not nav.active or (slots.every and not nav.stops):
        return Outcome("no_stops")
    if slots.every:
        nav.stops = []
        update_route(draft)
        return Outcome("every", trip(nav.distance_km, nav.eta_min))
    index = _stop_index(nav.stops, slots, named)
    if index is None:
        if _is_destination(nav.destination, slots, named):  # 不去加油站了 while driving to one
            _end_route(draft)
            return Outcome("cancelled")
        if not nav.stops:
            return Outcome("no_stops")
        return Outcome("not_a_stop", {"name": slots.destination or Term("category", slots.category or "that")})
    dropped = nav.stops[index]
    nav.stops = [*nav.stops[:index], *nav.stops[index + 1 :]]
    update_route(draft)
    return Outcome("default", {"name": dropped.name, **trip(nav.distance_km, nav.eta_min)})


class Cancel(Slots):
    destination: str | None = Field(None, max_length=200, description="The place no longer wanted, if named")


@handler("NavigationCancel", Cancel)
def cancel(draft: CockpitState, slots: Cancel, turn: TurnContext) -> Outcome:
    nav = draft.navigation
    if not nav.active:
        return Outcome("not_active")
    if slots.destination is not None:  # "不去外滩了" while going elsewhere: that route stays
        named = _named_on_route(draft, turn, slots.destination)
        if named is not None and any(stop.name == named.name for stop in nav.stops):
            # not going to a stop on the way: only that stop goes (and the reply says so, not "cancelled")
            dropped = _drop_stop(draft, StopToDrop(destination=slots.destination), named)
            return Outcome("stop_dropped", dropped.values)
        if named is None or named.name != nav.destination.name:
            return Outcome("elsewhere", {"name": spoken_name(draft, nav.destination.name)})
    _end_route(draft)
    return Outcome("default")


class Avoid(Slots):
    what: Literal["tolls", "highways", "traffic"] = Field(description="Road type (or traffic jams) to avoid or allow")
    avoid: bool = Field(description="true to avoid, false to allow again")


@handler("NavigationSetAvoid", Avoid)
def set_avoid(draft: CockpitState, slots: Avoid, turn: TurnContext) -> Outcome:
    setattr(draft.navigation, f"avoid_{slots.what}", slots.avoid)
    update_route(draft)
    if slots.what == "traffic":  # a routing mode, not a kind of road: "traffic jams are allowed" says nothing
        return Outcome("traffic" if slots.avoid else "traffic_off")
    return Outcome("default" if slots.avoid else "allow", {"what": Term("road", slots.what)})


class TripQuestion(Slots):
    item: Literal["eta", "distance", "destination", "traffic"] = Field(description="What the user asks about the trip")
    destination: str | None = Field(None, description="The place asked about, if named ('how far to the Bund')")
    category: Category | None = Field(
        None, description="For eta or distance: the nearest place of this kind ('how far is the nearest gas station')"
    )
    saved: SavedPlace | None = Field(
        None, description="For eta or distance: the saved place asked about ('how far is home')"
    )
    stop: bool = Field(False, description="For eta or distance: to the next stop on the route, not its end")


def _asked_from_here(draft: CockpitState, slots: TripQuestion, turn: TurnContext) -> Outcome | None:
    """How far, or how long, to a place the route does not end at (home or work, the nearest of a
    kind, or one named), measured from the car; None when it is where the route ends (the route answers)."""
    nav = draft.navigation
    here = draft.vehicle.location
    if slots.saved is not None:
        poi = saved_place(draft, slots.saved)
        asked: str | Term = Term("saved", slots.saved)
    elif slots.category is not None:
        if nav.active and nav.destination.category == slots.category:
            return None  # "how long to the charger" on the way to one: the route's, nearest or not
        stop = next((p for p in nav.stops if p.category == slots.category and p.lat is not None), None)
        poi = _poi(stop) if stop is not None else turn.world.nearest(slots.category, here.lat, here.lon)
        asked = Term("category", slots.category)
    else:
        poi = _named_on_route(draft, turn, slots.destination or "")
        asked = slots.destination or ""
    if poi is None:
        return Outcome("unknown_place", {"asked": asked})
    if nav.active and poi.name == nav.destination.name:
        return None
    if haversine_km(here.lat, here.lon, poi.lat, poi.lon) < ARRIVED_KM:
        return Outcome("here", {"name": spoken_name(draft, poi.name)})
    distance = route_km([(here.lat, here.lon), (poi.lat, poi.lon)])
    values = {"name": spoken_name(draft, poi.name), **trip(distance, eta_minutes(distance, nav.avoid_highways, 0))}
    if nav.active:  # "how far is the Bund" on the way to Pudong: where we go, and the answer
        return Outcome("elsewhere", {**values, "going": spoken_name(draft, nav.destination.name)}, place=_place(poi))
    return Outcome("from_here", values, place=_place(poi))


@handler("NavigationGetStatus", TripQuestion, changes_state=False)
def trip_status(draft: CockpitState, slots: TripQuestion, turn: TurnContext) -> Outcome:
    nav = draft.navigation
    if slots.item in ("eta", "distance") and (slots.category or slots.destination or slots.saved):
        asked = _asked_from_here(draft, slots, turn)
        if asked is not None:
            return asked
    if slots.item == "traffic" and not nav.active:  # the car has no live traffic feed: say so, invent nothing
        return Outcome("traffic_no_route")
    if not nav.active:
        return Outcome("not_active")
    key = "traffic_avoided" if slots.item == "traffic" and nav.avoid_traffic else slots.item
    if slots.stop:  # "how much further to the stop": the first stop, as the route reaches it
        first = nav.stops[0] if nav.stops else None
        if first is None or first.lat is None or first.lon is None:
            return Outcome("no_stop")
        here = draft.vehicle.location
        distance = route_km([(here.lat, here.lon), (first.lat, first.lon)])
        minutes = eta_minutes(distance, nav.avoid_highways, 0)
        return Outcome(key, {"name": first.name, **trip(distance, minutes)})
    values = {"name": spoken_name(draft, nav.destination.name), **trip(nav.distance_km, nav.eta_min)}
    return Outcome(key, values)
