"""One conversation with the car: the state, the dialogue context and the undo history.

``execute`` runs one command: the handler changes a draft, the safety policy checks it, and only
then does the draft become the state. A failed or refused command changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from assistant.cockpit import safety
from assistant.cockpit.followup import (
    ADJUST_LAST,
    REPEAT_ON_ZONE,
    SETTINGS,
    UNDO,
    all_switched,
    felt_on_seat,
    follow_up,
    level_of_last,
    other_screen,
    same_value,
    side_of,
    switched,
)
from assistant.cockpit.handlers import handler_for
from assistant.cockpit.handlers.base import Outcome, Target, TurnContext, resolve_zones
from assistant.cockpit.paths import describe_validation_error, diff
from assistant.cockpit.replies import Replies
from assistant.cockpit.state import CockpitState, Place, Zone, in_home_city
from assistant.cockpit.world import World
from assistant.events import Change, Command, CommandResult

UNDO_DEPTH = 20
TURN_SETTINGS_KEPT = 4  # "turn them all off" reaches back this far through "...too" turns
#: Replies that belong to no intent live under this key in the language file.
SYSTEM = "_system"
_WINDOWS = "WindowsSetPosition"
_VOLUME = "MediaAdjustVolume"
_TEMPERATURE = Command(intent="ClimateSetTemperature", slots={})


def _all_windows_again(command: Command, last: Command) -> bool:
    """Every window was just set, and this window command names no seat and no number."""
    return (
        command.intent == last.intent == _WINDOWS
        and last.slots.get("zone") == "all"
        and "plural" not in command.slots  # English says which: "close the window" is one
    )


def _setting_of(target: Target) -> Command:
    """The setting a question about ``target`` makes what a follow-up ("open it", "close them") means."""
    if target.kind == "trunk":
        return Command(intent="VehicleSetTrunk", slots={"open": False})
    return Command(intent=_WINDOWS, slots={"position": 0, "ref": "them"})


@dataclass
class DialogueContext:
    """What follow-ups refer to. Serialisable, so ``--state`` files can carry it between runs."""

    last_zoned: Command | None = None
    last_target: Target | None = None
    last_place: Place | None = None
    last_setting: Command | None = None
    #: The settings of the last turn that set any: "都关了", "turn them both off" switch each.
    turn_settings: list[Command] = field(default_factory=list)
    undo: list[CockpitState] = field(default_factory=list)

    def dump(self) -> dict[str, Any]:
        target = self.last_target
        return {
            "last_zoned": self.last_zoned.model_dump() if self.last_zoned else None,
            "last_setting": self.last_setting.model_dump() if self.last_setting else None,
            "last_target": {"kind": target.kind, "zones": list(target.zones)} if target else None,
            "last_place": self.last_place.model_dump() if self.last_place else None,
            "turn_settings": [c.model_dump() for c in self.turn_settings],
            "undo": [s.model_dump() for s in self.undo],
        }

    @classmethod
    def load(cls, data: Mapping[str, Any]) -> DialogueContext:
        target = data.get("last_target")
        zoned = data.get("last_zoned")
        setting = data.get("last_setting")
        place = data.get("last_place")
        return cls(
            last_zoned=Command.model_validate(zoned) if zoned else None,
            last_setting=Command.model_validate(setting) if setting else None,
            last_target=Target(target["kind"], tuple(target["zones"])) if target else None,
            last_place=Place.model_validate(place) if place else None,
            turn_settings=[Command.model_validate(c) for c in data.get("turn_settings", [])],
            undo=[CockpitState.model_validate(s) for s in data.get("undo", [])][-UNDO_DEPTH:],
        )


class Session:
    def __init__(
        self,
        world: World,
        replies: Replies,
        state: CockpitState | None = None,
        context: DialogueContext | None = None,
    ) -> None:
        self.world = world
        self.replies = replies  # the language of the conversation: the last turn's
        self._first_replies = replies
        self.state = state or CockpitState()
        # A car not given starts where its first turn's language lives (unless set before that turn).
        self._unplaced = self.state if state is None else None
        self.context = context or DialogueContext()
        self._turn_start = self.state
        self._undone: Command | None = None  # the setting this turn took back, for what corrects it
        self._settings: list[Command] = []  # those this turn set
        self._too = False  # this turn did the last one's again elsewhere ("and the back window too")
        self._changed_last_turn = True  # unknown after a restart: a correction may take it back

    def reset(self, state: CockpitState | None = None) -> None:
        self.state = state or CockpitState()
        self._unplaced = self.state if state is None else None
        self.context = DialogueContext()
        self.replies = self._first_replies
        self._turn_start = self.state
        self._undone = None
        self._changed_last_turn = True

    def begin_turn(self, replies: Replies | None = None) -> None:
        """A turn starts; its replies are in ``replies`` (the turn's language) when given."""
        if self._unplaced is not None:
            if self.state is self._unplaced:
                self.state = in_home_city(self.state, (replies or self.replies).language)
            self._unplaced = None
        self._turn_start = self.state
        self._undone = None
        self._settings, self._too = [], False
        if replies is not None:
            self.replies = replies

    def end_turn(self) -> None:
        """A turn that changed the state can be undone as a whole."""
        self._changed_last_turn = self.state is not self._turn_start and bool(diff(self._turn_start, self.state))
        if self._changed_last_turn:
            self.context.undo = [*self.context.undo, self._turn_start][-UNDO_DEPTH:]
        if self._settings:  # "...too" adds to the turn it repeats: "turn them both off" means both
            self.context.turn_settings = (
                [*self.context.turn_settings, *self._settings] if self._too else self._settings
            )[-TURN_SETTINGS_KEPT:]

    def execute(self, command: Command, seat: Zone, strict: bool = False) -> CommandResult:
        """Run one command. ``strict`` (tool calls) rejects out-of-range values instead of clamping."""
        if command.intent == UNDO:
            return self._undo(command, seat)
        if command.intent == REPEAT_ON_ZONE:
            return self._repeat_on_zone(command, seat)
        if command.intent == ADJUST_LAST:
            return self._adjust_last(command, seat)
        it = self._it_as_last_setting(command) or felt_on_seat(self.context.last_setting, command)
        if it is not None:
            return self._adjust_last(it, seat)
        return self._run(command, seat, strict)

    def _it_as_last_setting(self, command: Command) -> Command | None:
        """ "It" that means what was set last, as that setting changed again: a window opened or closed
        as "it" (打开座椅加热, then 把它关了: the heater) when the last thing set was neither a window nor
        the trunk, switched; the volume turned up or down as "it" ("turn the fan up", then "turn it
        down": the fan) when the last thing set was not the sound, nudged. None: "it" is what it says."""
        last, slots = self.context.last_setting, command.slots
        if last is None or slots.get("ref") not in ("it", "them"):
            return None
        if (
            command.intent == _WINDOWS
            and "zone" not in slots
            and slots.get("position") in (0, 100)
            and last.intent not in (_WINDOWS, "VehicleSetTrunk")
        ):
            return Command(intent=ADJUST_LAST, slots={"enabled": slots["position"] > 0}, text=command.text)
        if command.intent == _VOLUME and not last.intent.startswith("Media"):
            nudge = {k: slots[k] for k in ("direction", "small") if k in slots}
            return Command(intent=ADJUST_LAST, slots=nudge, text=command.text)
        return None

    def _run(self, command: Command, seat: Zone, strict: bool = False) -> CommandResult:
        command = level_of_last(self._their_seats(command, seat), self.context.last_setting)
        spec = handler_for(command.intent)
        if spec is None:
            return self._failed(command, f"no handler for intent {command.intent}")
        try:
            slots = spec.slots.model_validate(command.slots)
        except ValidationError as err:
            return self._failed(command, describe_validation_error(err))
        draft = self.state.model_copy(deep=True)
        turn = TurnContext(seat, self.world, self.context.last_target, self.context.last_place)
        try:
            outcome = spec.run(draft, slots, turn)
        except ValidationError as err:  # a value the contract rejects: drop the draft
            return self._failed(command, describe_validation_error(err))
        if strict and outcome.out_of_range:
            return self._failed(command, f"value out of range ({self._reply(command.intent, outcome)})")
        typed = slots.model_dump(exclude_none=True)
        refusal = safety.check(self.state, draft) if spec.changes_state else None
        if refusal is not None:
            return CommandResult(intent=command.intent, slots=typed, reply=self._refused(refusal), refused=True)
        changes = self._commit(draft) if spec.changes_state else ()
        if spec.zoned:
            self.context.last_zoned = command
        if command.intent in SETTINGS:
            self.context.last_setting = command
            self._settings.append(command)
        if outcome.place is not None:
            self.context.last_place = outcome.place
        if outcome.target is not None:
            self.context.last_target = outcome.target
            if command.intent not in SETTINGS:  # "is the trunk closed?", then "open it": the trunk
                self.context.last_setting = _setting_of(outcome.target)
        reply = self._reply(command.intent, outcome)
        return CommandResult(intent=command.intent, slots=typed, reply=reply, actions=changes)

    def _their_seats(self, command: Command, seat: Zone) -> Command:
        """ "The kids in the back are hot", then "close their windows": "their" is the seats the last
        seat-specific command was for, said as its zone (so "their" next time means them again); when
        that was the speaker's own, the seat beside it. After
        every window was set, "窗户关上吧" (no seat, no number said) means them all again, not the speaker's."""
        last = self.context.last_zoned
        slots = dict(command.slots)
        ref = slots.get("ref")
        if ref is not None and command.intent != _WINDOWS:  # only a window's handler asks what "it" was
            del slots["ref"]
        slots.pop("felt", None)  # said for the session (felt_on_seat), never for a handler
        if slots != command.slots:
            command = command.model_copy(update={"slots": slots})
        if "zone" in slots or last is None:
            return command
        if ref == "their":
            zone = last.slots.get("zone", "self")
            if zone in ("self", seat):  # "我这边二十二，她那边二十六": not the speaker's, so beside them
                zone = "beside"
        elif _all_windows_again(command, last):
            zone = "all"
        else:
            return command
        return command.model_copy(update={"slots": slots | {"zone": zone}})

    def _commit(self, draft: CockpitState) -> tuple[Change, ...]:
        changes = tuple(Change(path=p, old=a, new=b) for p, a, b in diff(self.state, draft))
        if changes:
            self.state = draft
        return changes

    def _reply(self, intent: str, outcome: Outcome) -> str:
        return self.replies.render(outcome.reply_intent or intent, outcome.response, outcome.values)

    def _refused(self, refusal: safety.Refusal) -> str:
        return self.replies.render(SYSTEM, refusal.rule, refusal.values)

    def _failed(self, command: Command, error: str) -> CommandResult:
        reply = self.replies.render(SYSTEM, "invalid", {"error": error})
        return CommandResult(intent=command.intent, slots=command.slots, reply=reply, error=error)

    def _undo(self, command: Command, seat: Zone) -> CommandResult:
        if command.slots.get("correction") and not self._changed_last_turn:
            # "I said turn on the AC" after a turn that changed nothing: no older change is taken back
            return CommandResult(intent=UNDO, slots={}, reply="")
        if not self.context.undo:
            return CommandResult(intent=UNDO, slots={}, reply=self.replies.render(UNDO, "nothing", {}))
        previous = self.context.undo[-1]
        refusal = safety.check(self.state, previous)
        if refusal is not None:
            return CommandResult(intent=UNDO, slots={}, reply=self._refused(refusal), refused=True)
        self.context.undo = self.context.undo[:-1]
        # "a bit more" must not nudge what was just undone; a correction said with the undo may
        # ("不对，副驾开一档就行": the seat heating, for the passenger)
        self._undone, self.context.last_setting = self.context.last_setting, None
        before, undone = self.state, self.context.turn_settings
        self.state = previous
        # The undone turn must not count as a new change that "undo" could then revert.
        self._turn_start = previous
        if command.slots.get("seats_only"):  # 打开空调和座椅加热, then 我说的是副驾: the AC stays on
            for setting in undone:
                spec = handler_for(setting.intent)
                if spec is not None and not spec.zoned:
                    self._run(setting, seat)
        changes = tuple(Change(path=p, old=a, new=b) for p, a, b in diff(before, self.state))
        return CommandResult(intent=UNDO, slots={}, reply=self.replies.render(UNDO, "default", {}), actions=changes)

    def _repeat_on_zone(self, command: Command, seat: Zone) -> CommandResult:
        self._too = True
        screen = other_screen(self.context.last_setting, command.slots.get("zone"))
        if screen is not None:
            return self._run(screen.model_copy(update={"text": command.text}), seat)
        last = self.context.last_zoned
        if "like" in command.slots:  # "跟主驾一样", "same as the driver": that seat's value, here
            return self._like(command, seat, last)
        if last is None:
            reply = self.replies.render(REPEAT_ON_ZONE, "nothing", {})
            return CommandResult(intent=REPEAT_ON_ZONE, slots=command.slots, reply=reply)
        source = resolve_zones(last.slots.get("zone"), seat)[0]
        side = command.slots.get("side")
        zone = side_of(source, side) if side else command.slots.get("zone", "self")
        same = same_value(last, self.state, source, zone) if command.slots.get("same") else None
        if same is not None:  # "副驾也调成一样的": the value, not the change that led to it
            return self._run(same.model_copy(update={"text": command.text}), seat)
        on = command.slots.get("enabled")
        # "副驾的也打开" after a window was set halfway: opened, not halfway; 也开 after seat level 3 keeps 3.
        if on is not None and not (on and last.slots.get("level")):
            flipped = switched(last, bool(on))
            last = flipped if flipped is not None and flipped.intent == last.intent else last
        slots = {k: v for k, v in last.slots.items() if k != "ref"}
        slots["zone"] = zone
        result = self._run(Command(intent=last.intent, slots=slots, text=command.text), seat)
        return result.model_copy(update={"intent": last.intent})

    def _like(self, command: Command, seat: Zone, last: Command | None) -> CommandResult:
        """A seat set as another one is: the setting named, else the kind set last (a temperature, a
        seat level, a window), else the temperature; a temperature also so many degrees above or below."""
        source = resolve_zones(command.slots["like"], seat)[0]
        zone = command.slots.get("zone", "self")
        kind = last if last is not None and command.slots.get("setting") != "temperature" else _TEMPERATURE
        same = same_value(kind, self.state, source, zone) or same_value(_TEMPERATURE, self.state, source, zone)
        assert same is not None  # a temperature is always there to copy
        # 比主驾低一度: so many degrees off that seat's ("a degree" is one)
        if "direction" in command.slots and "temperature" in same.slots:
            step = float(command.slots.get("degrees", 1)) * (1 if command.slots["direction"] == "up" else -1)
            warmer = float(same.slots["temperature"]) + step
            same = same.model_copy(update={"slots": {**same.slots, "temperature": warmer}})
        return self._run(same.model_copy(update={"text": command.text}), seat)

    def _adjust_last(self, command: Command, seat: Zone) -> CommandResult:
        """ "A bit higher", "turn it off", 再加一档: what was set last, changed again as said."""
        each = all_switched(self.context.turn_settings, command.slots)
        if len(each) > 1:  # "打开空调和座椅加热" then "都关了": both, not the seat heaters of every seat
            results = [self._run(c.model_copy(update={"text": command.text}), seat) for c in each]
            return CommandResult(
                intent=results[-1].intent,
                slots=command.slots,
                reply=" ".join(r.reply for r in results),
                actions=tuple(change for r in results for change in r.actions),
                refused=any(r.refused for r in results),  # the trunk, say, while moving
                error=next((r.error for r in results if r.error), None),
            )
        meant = follow_up(self.context.last_setting or self._undone, command.slots)
        if meant is None:
            reply = self.replies.render(ADJUST_LAST, "nothing", {})
            return CommandResult(intent=ADJUST_LAST, slots=command.slots, reply=reply)
        return self._run(meant.model_copy(update={"text": command.text}), seat)
