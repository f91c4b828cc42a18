"""Media: play by genre, artist, title or station; pause, skip, volume, mute and source."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from assistant.cockpit.handlers.base import Direction, Outcome, Slots, TurnContext, clamp, handler
from assistant.cockpit.replies import Term
from assistant.cockpit.state import CockpitState, MediaSource, Track
from assistant.cockpit.world import Station, TrackInfo, World, all_names, simplify
from assistant.nlu.text import has_ideographs

VOLUME_STEP = 10
SMALL_VOLUME_STEP = 5
#: "80s music", "the 1990s", 八十年代的老歌 (numerals are digits by now: 80年代)
_DECADE = re.compile(r"(?<!\d)(19|20)?(\d)0(?: ?s(?![a-z])|年代)")


FM_LOW_MHZ, FM_HIGH_MHZ = 87.5, 108.0
#: Stations that talk: tuned to when asked for by genre, never for "play something" (放首歌 is music)
_SPOKEN = frozenset({"news", "traffic", "stories"})


class Play(Slots):
    genre: str | None = Field(None, description="A genre, lower-case: pop, rock, jazz, classical, ...")
    artist: str | None = Field(None, description="An artist from the catalogue")
    title: str | None = Field(None, description="A song title")
    station: str | None = Field(None, description="A radio station")
    frequency: float | None = Field(None, description="An FM frequency to tune to, in MHz (87.5 to 108)")
    query: str | None = Field(None, max_length=200, description="Anything else to search for")
    same_artist: bool = Field(
        False, description="true for another song by the artist playing now ('another one by her')"
    )


def _play_track(draft: CockpitState, track: TrackInfo) -> None:
    media = draft.media
    media.track = Track(title=track.title, artist=track.artist, genre=track.genre)
    media.station = None
    media.source = "streaming"
    media.playing = True


def _play_station(draft: CockpitState, station: Station | str) -> None:
    media = draft.media
    media.station = station if isinstance(station, str) else station.name
    media.track = Track()
    media.source = "radio"
    media.playing = True


def _local_stations(draft: CockpitState, world: World) -> tuple[Station, ...]:
    here = draft.vehicle.location
    return world.local_stations(here.lat, here.lon)


def _music_station(draft: CockpitState, world: World) -> Station:
    """The first local station that plays music: what the radio turns to with nothing asked for."""
    stations = _local_stations(draft, world)
    return next((s for s in stations if s.genre not in _SPOKEN), stations[0])


def _search(world: World, slots: Play, stations: tuple[Station, ...]) -> TrackInfo | Station | None:
    tracks = world.tracks
    if slots.title:
        titled = [t for t in tracks if t.title == slots.title]
        if slots.artist and titled:  # 舒伯特的摇篮曲: songs share titles, and the list gave the first one's
            said = all_names(titled[0].title, titled[0].titles)
            by = (t for t in tracks if t.artist == slots.artist and all_names(t.title, t.titles) & said)
            return next(by, titled[0])
        return titled[0] if titled else None
    if slots.artist:
        return next((t for t in tracks if t.artist == slots.artist), None)
    if slots.genre:  # news and traffic are stations' genres only
        found = next((t for t in tracks if t.genre == slots.genre), None)
        return found or next((s for s in stations if s.genre == slots.genre), None)
    if slots.station:
        return next((s for s in stations if s.name == slots.station), None)
    wanted = simplify(slots.query or "")
    if not wanted:
        return None
    for track in tracks:  # its title or artist in any language ("晴天", "周杰伦"), or its genre
        named = all_names(track.title, track.titles) | all_names(track.artist, track.artists)
        if wanted in named | {simplify(track.genre)}:
            return track
    # "Hotel California by the Eagles": a title the catalogue has, by an artist it names differently
    title, _, artist = wanted.partition(" by ")
    for track in tracks:
        if artist and simplify(track.title) == title and artist.removeprefix("the ") in simplify(track.artist):
            return track
    station = next((s for s in world.stations if wanted in all_names(s.name, s.names)), None)
    decade = decade_of(wanted)
    if station is not None or decade is None:
        return station
    of_decade = [t for t in tracks if t.year is not None and decade <= t.year < decade + 10]
    if has_ideographs(wanted):  # 八十年代的老歌: Chinese songs first
        of_decade.sort(key=lambda t: t.genre != "mandopop")
    return next(iter(of_decade), None)


def decade_of(query: str) -> int | None:
    """The first year of a decade the query names: "80s music" 1980, "the 2010s" 2010, 九十年代 1990.
    Without the century, 00s to 20s are this one's and the rest the last one's."""
    found = _DECADE.search(query)
    if found is None:
        return None
    century, tens = found.group(1), int(found.group(2))
    if century is None:
        century = "20" if tens <= 2 else "19"
    return int(century) * 100 + tens * 10


def _now_playing(draft: CockpitState) -> dict[str, object]:
    media = draft.media
    if media.station:
        return {"what": media.station, "kind": "station"}
    if media.track.title:
        return {
            "what": Term("phrase", "track", (("title", media.track.title), ("artist", media.track.artist))),
            "kind": "track",
        }
    return {"what": Term("phrase", "nothing"), "kind": "none"}


@handler("MediaPlay", Play)
def play(draft: CockpitState, slots: Play, turn: TurnContext) -> Outcome:
    if slots.frequency is not None:  # any frequency on the band: the radio plays whatever is there
        if not FM_LOW_MHZ <= slots.frequency <= FM_HIGH_MHZ:
            return Outcome("off_band", {"frequency": slots.frequency, "low": FM_LOW_MHZ, "high": FM_HIGH_MHZ})
        _play_station(draft, f"FM {round(slots.frequency, 1):g}")
        draft.media.muted = False
        return Outcome("default", _now_playing(draft))
    if slots.same_artist:
        return _another_by_artist(draft, turn.world)
    if not any((slots.genre, slots.artist, slots.title, slots.station, slots.query)):
        return resume(draft, slots, turn)
    found = _search(turn.world, slots, _local_stations(draft, turn.world))
    if found is None:
        wanted = slots.query or slots.genre or slots.artist or slots.title or slots.station
        return Outcome("not_found", {"name": wanted})
    if isinstance(found, Station):
        _play_station(draft, found)
    else:
        _play_track(draft, found)
    draft.media.muted = False  # music asked for is to be heard: 静音 earlier was for the quiet then
    return Outcome("default", _now_playing(draft))


def _another_by_artist(draft: CockpitState, world: World) -> Outcome:
    """The artist's next song in the catalogue after the one playing, round to the first."""
    playing = draft.media.track
    if not playing.artist or draft.media.station:
        return Outcome("no_artist")
    theirs = [t for t in world.tracks if t.artist == playing.artist]
    at = next((i for i, t in enumerate(theirs) if t.title == playing.title), -1)
    others = [t for t in theirs[at + 1 :] + theirs[: max(at, 0)] if t.title != playing.title]
    if not others:
        return Outcome("no_other", {"artist": playing.artist})
    _play_track(draft, others[0])
    draft.media.muted = False
    return Outcome("default", _now_playing(draft))


@handler("MediaResume", Play)
def resume(draft: CockpitState, slots: Play, turn: TurnContext) -> Outcome:
    media = draft.media
    if not media.station and not media.track.title:
        _play_station(draft, _music_station(draft, turn.world))
    media.playing = True
    media.muted = False
    return Outcome("default", _now_playing(draft))


class NoSlots(Slots):
    pass


@handler("MediaPause", NoSlots)
def pause(draft: CockpitState, slots: NoSlots, turn: TurnContext) -> Outcome:
    draft.media.playing = False
    return Outcome("default")


def _skip(draft: CockpitState, world: World, step: int) -> Outcome:
    media = draft.media
    if media.source == "radio" or media.station:
        stations = _local_stations(draft, world)
        index = next((i for i, s in enumerate(stations) if s.name == media.station), -step)
        _play_station(draft, stations[(index + step) % len(stations)])
    else:
        # Skip within what was asked for: the genre of the current track, or the whole catalogue.
        pool = [t for t in world.tracks if t.genre == media.track.genre] or list(world.tracks)
        index = next((i for i, t in enumerate(pool) if t.title == media.track.title), -step)
        _play_track(draft, pool[(index + step) % len(pool)])
    return Outcome("station" if media.station else "default", _now_playing(draft))  # 下一个台, not 下一首


@handler("MediaNext", NoSlots)
def next_item(draft: CockpitState, slots: NoSlots, turn: TurnContext) -> Outcome:
    return _skip(draft, turn.world, 1)


@handler("MediaPrevious", NoSlots)
def previous_item(draft: CockpitState, slots: NoSlots, turn: TurnContext) -> Outcome:
    return _skip(draft, turn.world, -1)


class SetVolume(Slots):
    volume: int = Field(ge=0, le=1000, description="Volume 0-100")


@handler("MediaSetVolume", SetVolume)
def set_volume(draft: CockpitState, slots: SetVolume, turn: TurnContext) -> Outcome:
    volume, key = clamp(slots.volume, 0, 100)
    draft.media.volume = int(volume)
    draft.media.muted = False
    return Outcome(key, {"volume": int(volume)}, out_of_range=key != "default")


class AdjustVolume(Slots):
    direction: Direction
    small: bool = Field(False, description="true for 'a bit', 'a little'")
    by: int | None = Field(None, ge=1, le=100, description="The change said, in volume points ('up by 20')")
    steps: int | None = Field(None, ge=1, le=10, description="The change said in notches ('two notches down')")
    ref: Literal["it"] | None = Field(
        None, description="'turn it down': the sound, unless something else (the fan, a seat) was set last"
    )


@handler("MediaAdjustVolume", AdjustVolume)
def adjust_volume(draft: CockpitState, slots: AdjustVolume, turn: TurnContext) -> Outcome:
    step = slots.by or (VOLUME_STEP * slots.steps if slots.steps else SMALL_VOLUME_STEP if slots.small else VOLUME_STEP)
    sign = 1 if slots.direction == "up" else -1
    volume, key = clamp(draft.media.volume + sign * step, 0, 100)
    draft.media.volume = int(volume)
    draft.media.muted = False
    return Outcome(key, {"volume": int(volume)})


class Mute(Slots):
    muted: bool = Field(description="true to mute, false to unmute")


@handler("MediaSetMute", Mute)
def set_mute(draft: CockpitState, slots: Mute, turn: TurnContext) -> Outcome:
    draft.media.muted = slots.muted
    return Outcome("default" if slots.muted else "unmuted")


class Source(Slots):
    source: MediaSource = Field(description="Where the audio comes from")


@handler("MediaSetSource", Source)
def set_source(draft: CockpitState, slots: Source, turn: TurnContext) -> Outcome:
    media = draft.media
    media.source = slots.source
    if slots.source == "radio" and not media.station:
        _play_station(draft, _music_station(draft, turn.world))
    elif slots.source != "radio":
        media.station = None
    media.playing = True
    return Outcome("default", {"source": Term("source", slots.source)})


class NowPlayingQuestion(Slots):
    about: Literal["now_playing"] = "now_playing"


@handler("MediaGetNowPlaying", NowPlayingQuestion, changes_state=False)
def now_playing(draft: CockpitState, slots: NowPlayingQuestion, turn: TurnContext) -> Outcome:
    values = _now_playing(draft)
    if values["kind"] == "none" or not draft.media.playing:
        return Outcome("nothing", values)
    return Outcome("default", values)
