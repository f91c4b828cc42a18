"""What every handler shares: its signature, its registry, and zone resolution.

A handler is a pure function ``(draft, slots, turn) -> Outcome``. It mutates ``draft``, a copy of the
state that the session owns; the session diffs it, checks the safety policy and then commits or drops it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from assistant.cockpit.replies import Term, terms
from assistant.cockpit.state import ZONES, CockpitState, Place, Zone
from assistant.cockpit.world import World

#: A zone as people say it: one seat, a row, everyone, "me" (the seat that spoke) or the seat beside it.
ZoneSlot = Literal["driver", "passenger", "rear_left", "rear_right", "front", "rear", "all", "self", "beside", "behind"]
Direction = Literal["up", "down"]

#: The seat across the row: "我旁边" from the rear right is the rear left.
MIRROR: dict[Zone, Zone] = {
    "driver": "passenger",
    "passenger": "driver",
    "rear_left": "rear_right",
    "rear_right": "rear_left",
}
# "the seat behind me": from the back row, the speaker's own (nothing is behind it)
BEHIND: dict[Zone, Zone] = {
    "driver": "rear_left",
    "passenger": "rear_right",
    "rear_left": "rear_left",
    "rear_right": "rear_right",
}
_GROUPS: dict[str, tuple[Zone, ...]] = {
    "front": ("driver", "passenger"),
    "rear": ("rear_left", "rear_right"),
    "all": ZONES,
}


@dataclass(frozen=True)
class Target:
    """What "it" refers to in the next turn: a set of windows, or the trunk."""

    kind: Literal["windows", "trunk"]
    zones: tuple[Zone, ...] = ()


@dataclass(frozen=True)
class TurnContext:
    seat: Zone
    world: World
    last_target: Target | None = None
    last_place: Place | None = None  # the place last asked about: "take me there"


@dataclass
class Outcome:
    """The reply to give (a response key of the intent plus values) and what "it" now means."""

    response: str = "default"
    values: dict[str, Any] = field(default_factory=dict)
    target: Target | None = None
    #: Whose reply templates to use when one intent acts through another's handler ("close it" -> trunk).
    reply_intent: str | None = None
    #: An absolute value was asked for outside its range and clamped (people get the nearest value;
    #: an LLM tool call gets an error instead).
    out_of_range: bool = False
    #: A place the reply was about ("how far is the airport"): where "take me there" goes next.
    place: Place | None = None


class Slots(BaseModel):
    """Base of every handler's slot model; these models also become the LLM tool schemas."""

    model_config = ConfigDict(extra="forbid", frozen=True)


S = TypeVar("S", bound=Slots)
HandlerFn = Callable[[CockpitState, Any, TurnContext], Outcome]


@dataclass(frozen=True)
class HandlerSpec:
    intent: str
    slots: type[Slots]
    run: HandlerFn
    zoned: bool
    changes_state: bool


REGISTRY: dict[str, HandlerSpec] = {}


def handler(
    intent: str, slots: type[S], *, zoned: bool = False, changes_state: bool = True
) -> Callable[[Callable[[CockpitState, S, TurnContext], Outcome]], Callable[..., Outcome]]:
    """Register a handler for ``intent``. ``zoned`` handlers can be repeated on another zone."""

    def register(fn: Callable[[CockpitState, S, TurnContext], Outcome]) -> Callable[..., Outcome]:
        if intent in REGISTRY:
            raise ValueError(f"two handlers for {intent}")
        REGISTRY[intent] = HandlerSpec(intent, slots, fn, zoned, changes_state)
        return fn

    return register


def resolve_zones(zone: ZoneSlot | None, seat: Zone) -> tuple[Zone, ...]:
    """The zones a request means; no zone, or "me", means the seat that spoke."""
    if zone is None or zone == "self":
        return (seat,)
    if zone == "beside":
        return (MIRROR[seat],)
    if zone == "behind":
        return (BEHIND[seat],)
    return _GROUPS.get(zone, (zone,))  # type: ignore[arg-type]


def zone_name(zones: tuple[Zone, ...], kind: str = "zone") -> Term | tuple[Term, ...]:
    """How a reply names zones: one term for a seat or a group ("front seats"), else one per seat.
    ``kind`` picks the words: ``zone`` ("driver's side") or ``window`` ("the driver's window")."""
    for group, members in _GROUPS.items():
        if zones == members:
            return Term(kind, group)
    return terms(kind, zones) if len(zones) > 1 else Term(kind, zones[0])


def clamp(value: float, low: float, high: float) -> tuple[float, str]:
    """The value within bounds, and the response key that says whether it was clamped."""
    if value > high:
        return high, "max"
    if value < low:
        return low, "min"
    return value, "default"
