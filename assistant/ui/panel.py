"""The live cockpit panel (rich): climate per zone, windows, navigation, media, and the last turn:
what was heard, the route and its reason, and how long each stage took."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from assistant.cockpit.state import ZONES, CockpitState
from assistant.events import TurnResult
from assistant.live.timeline import TurnTiming


def _level(value: int) -> str:
    return "off" if value == 0 else "●" * value + "○" * (3 - value)


def climate_table(state: CockpitState) -> Table:
    climate = state.climate
    table = Table(title="Climate", title_justify="left", expand=True, box=None, padding=(0, 1))
    for column in ("zone", "target", "seat heat", "seat vent", "window"):
        table.add_column(column)
    for zone in ZONES:
        z = climate.zones.get(zone)
        window = state.windows.get(zone).open_pct
        table.add_row(
            zone.replace("_", " "),
            f"{z.target_c:g} °C",
            _level(z.seat_heat),
            _level(z.seat_vent),
            "closed" if window == 0 else f"{window}% open",
        )
    flags = [
        name for name, on in (("A/C", climate.ac), ("recirc", climate.recirculation), ("sync", climate.sync)) if on
    ]
    flags += [
        name for name, on in (("defrost front", climate.defrost_front), ("defrost rear", climate.defrost_rear)) if on
    ]
    power = f"fan {climate.fan_speed}/7" if climate.power else "climate off"
    table.caption = " · ".join([power, *flags])
    table.caption_justify = "left"
    return table


def trip_lines(state: CockpitState) -> Text:
    nav, media, car = state.navigation, state.media, state.vehicle
    text = Text()
    if nav.active and nav.destination.name:
        eta = f", {nav.eta_min:.0f} min" if nav.eta_min is not None else ""
        distance = f", {nav.distance_km:.1f} km" if nav.distance_km is not None else ""
        stops = f" via {len(nav.stops)} stop(s)" if nav.stops else ""
        text.append("Navigation  ", style="bold").append(f"{nav.destination.name}{stops}{distance}{eta}\n")
    else:
        text.append("Navigation  ", style="bold").append("no destination\n")
    playing = media.track.title or media.station or media.track.genre
    what = f"{playing}" + (f" by {media.track.artist}" if media.track.artist else "") if playing else "nothing"
    state_word = "playing" if media.playing else "paused"
    volume = "muted" if media.muted else f"volume {media.volume}"
    text.append("Media       ", style="bold").append(f"{what} ({state_word}, {media.source}, {volume})\n")
    text.append("Vehicle     ", style="bold")
    text.append(f"{car.speed_kph:g} km/h, gear {car.gear}, battery {car.battery_pct:g}%, trunk ")
    text.append("open" if car.trunk_open else "closed")
    return text


def last_turn(result: TurnResult | None, timing: TurnTiming | None) -> Text:
    text = Text()
    if result is None:
        return text.append("No turn yet.", style="dim")
    heard = f'"{result.transcript}"' if result.transcript else "(nothing)"
    text.append("Heard       ", style="bold").append(f"{heard} from the {result.seat.replace('_', ' ')}\n")
    intents = ", ".join(c.intent for c in result.commands) or "-"
    text.append("Route       ", style="bold").append(f"{result.route} ({intents}): {result.reason}\n")
    text.append("Reply       ", style="bold").append(result.reply)
    if timing is not None:
        stages = " · ".join(f"{k} {v:.0f}" for k, v in timing.stages.items() if v is not None)
        audio = f"{timing.to_audio_ms:.0f} ms" if timing.to_audio_ms is not None else "-"
        text.append("\nLatency     ", style="bold")
        text.append(f"end of speech → reply audio {audio} ({stages} ms)")
    return text


def cockpit_panel(
    state: CockpitState, result: TurnResult | None = None, timing: TurnTiming | None = None, status: str = ""
) -> RenderableType:
    body = Group(climate_table(state), Text(), trip_lines(state), Text(), last_turn(result, timing))
    return Panel(body, title="cockpit", subtitle=status or None, expand=True)
