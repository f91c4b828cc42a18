"""What the commands of one sentence mean together: a reason, a correction, a restatement, a value
for the setting just named, or a trip of several places. Pure functions over the commands in the
order said; the router applies them after it has split and matched the sentence."""

from __future__ import annotations

from assistant.cockpit.followup import ADJUST_LAST, ADJUSTABLE, REPEAT_ON_ZONE, UNDO, more_of, restates, set_to
from assistant.events import Command

_NAVIGATE, _ADD_STOP = "NavigationNavigateTo", "NavigationAddStop"
#: The player plays one thing: a second request for music in the sentence says more of the first.
_PLAY = "MediaPlay"


#: Nudges that name no amount: said just before a closing undo or switch, they are why it is said.
_COMPLAINTS = frozenset(
    {"DialogueAdjustLast", "MediaAdjustVolume", "ClimateAdjustTemperature", "ClimateAdjustFanSpeed"}
)
_SET_OF = {
    "ClimateAdjustTemperature": "ClimateSetTemperature",
    "ClimateAdjustFanSpeed": "ClimateSetFanSpeed",
    "MediaAdjustVolume": "MediaSetVolume",
}
_AMOUNTS = frozenset({"degrees", "level", "volume", "position", "percent", "enabled"})


def is_complaint(command: Command) -> bool:
    return command.intent in _COMPLAINTS and not _AMOUNTS & command.slots.keys()


def is_bare_verb(command: Command) -> bool:
    """打开, 关上, "turn it off": on or off, and nothing said of what."""
    return command.intent == ADJUST_LAST and set(command.slots) == {"enabled"}


def is_nameless_nudge(command: Command) -> bool:
    """太多了, "too much": more or less of whatever was set last, and nothing said of what."""
    return command.intent == ADJUST_LAST and set(command.slots) <= {"direction", "small"}


def names_nothing(command: Command) -> bool:
    """A request of what was set last (打开, 调到二十, "too much") or of a pronoun ("turn it off"): the
    thing is said elsewhere."""
    return command.intent == ADJUST_LAST or "ref" in command.slots


def for_seats_of_reasons(
    commands: tuple[Command, ...], reason: list[bool], seated: frozenset[str]
) -> tuple[Command, ...]:
    """The commands without the clauses that only give a reason. A reason that names seats is theirs:
    后排孩子说冷，开座椅加热 and "the kids in the back are cold, turn up the heat" act for the rear
    seats, not the speaker's, when the command names no seat and can take one (``seated``). Someone
    in no seat said (爷爷说有点热了，座椅加热关掉) is in the seats just set, as "their" is. A place
    the reason names is where "there" is: "I have a meeting at BMW Welt, get me there"."""
    kept: list[Command] = []
    zone = place = None
    for command, is_reason in zip(commands, reason, strict=True):
        if is_reason:
            # a reason that names no seat is about the one just seated: 我妈坐后面右边，她怕冷，…
            zone = command.slots.get("zone") or (zone if zone not in (None, "their") else None)
            place = command.slots.get("destination")
            if zone is None and command.slots.get("ref") == "their":
                zone = "their"
            continue
        if zone == "their" and command.intent in seated and "zone" not in command.slots:
            command = with_slots(command, ref="their")
        elif zone is not None and command.intent in seated and "zone" not in command.slots:
            if command.slots.get("ref") == "their":  # 给她那边: she is in the seat said
                command = _without_slots(command, "ref")
            command = with_slots(command, zone=zone)
        if place is not None and command.intent in (_NAVIGATE, _ADD_STOP) and command.slots.get("there"):
            slots = {k: v for k, v in command.slots.items() if k != "there"}
            command = command.model_copy(update={"slots": {**slots, "destination": place}})
        zone = place = None
        kept.append(command)
    return tuple(kept)


def without_reasons(commands: tuple[Command, ...]) -> tuple[Command, ...]:
    """ "太大了，恢复刚才的", "孩子说冷，关上吧": a complaint just before a closing undo or on/off
    follow-up is the reason for it, and the follow-up acts on the turn before (the window opened
    then), not on the complaint (which would switch the climate off)."""
    if len(commands) < 2 or not is_complaint(commands[-2]):
        return commands
    closing = commands[-1]
    if closing.intent == UNDO or (closing.intent == ADJUST_LAST and "enabled" in closing.slots):
        return (*commands[:-2], closing)
    return commands


def without_corrected(commands: tuple[Command, ...]) -> tuple[Command, ...]:
    """ "调到二十二，不对，二十三度": an undo said after a command in the same sentence takes that
    command back, not the turn before. A seat said instead ("我说的是主驾") is an undo and a repeat;
    so is any command said as a correction ("我说的是小点", "I meant down"), once: after "不是，" the
    turn before is already taken back."""
    kept: list[Command] = []
    taken_back: Command | None = None  # what a correction in this sentence replaces
    for command in commands:
        if command.intent == UNDO and kept and kept[-1].intent != UNDO:
            taken_back = kept.pop()
            continue
        if command.corrects:
            if kept and kept[-1].intent != UNDO:
                taken_back = kept.pop()  # "调到二十二，我是说二十三": the first said is what it corrects
            elif not kept:
                kept.append(Command(intent=UNDO, slots={"correction": True}, text=command.text))
            command = command.model_copy(update={"corrects": False})
        # "座椅加热开两档，不对，一档": a bare value is for the setting taken back, not the turn before's
        corrected = set_by(taken_back, command) if taken_back is not None else None
        command, taken_back = corrected or command, None
        if command.intent == ADJUST_LAST and command.slots.get("instead"):
            # "不是加热，是通风": the last turn taken back (once), then its setting done the other way
            if not (kept and kept[-1].intent == UNDO):
                kept.append(Command(intent=UNDO, slots={"correction": True}, text=command.text))
            command = _without_slots(command, "instead")
        if command.intent == REPEAT_ON_ZONE and command.slots.get("instead"):
            # "我说的是主驾", "I meant the passenger": the last turn's seat settings taken back, then done
            # for that seat (once, if "不是，" already took it back); what it set for no seat stays
            if kept and kept[-1].intent == UNDO:
                kept.pop()
            kept.append(Command(intent=UNDO, slots={"seats_only": True}, text=command.text))
            command = _without_slots(command, "instead", "wrong")
        kept.append(command)
    return tuple(kept)


def _without_slots(command: Command, *names: str) -> Command:
    return command.model_copy(update={"slots": {k: v for k, v in command.slots.items() if k not in names}})


def without_restated(commands: tuple[Command, ...]) -> tuple[Command, ...]:
    """A command said twice in a row is done once, as the more specific of the two: "I'm cold, turn
    the heat up a bit" warms once (half a degree), not twice; "后面的窗户开条缝透透气" opens the rear
    windows a crack, not those and then the driver's. One restates the other when it is the same
    intent with at least the same slot values, or when a nudge that names nothing ("调高点") follows
    one the same way."""
    kept: list[Command] = []
    for command in commands:
        if kept and restates(kept[-1], command):  # "温度太低了，调高点": warmer once, by a bit
            kept[-1] = more_of(kept[-1], command.slots)  # keeps the text of the one it restates
            continue
        value_set = (set_by(kept[-1], command) or _value_for(kept[-1], command)) if kept else None
        if value_set is not None:  # "too loud, turn it down to ten": the volume to 10
            kept[-1] = value_set
            continue
        if kept and _nudged_twice(kept[-1], command):  # "that's too much, back it off a little": once, a little
            kept[-1] = command
            continue
        if kept and _same_seats_again(kept[-1], command):  # "my wife's cold, do her side too": once
            continue
        if kept and _one_stop_twice(kept[-1], command):  # "we need petrol, add a gas station": a stop, once
            kept[-1] = command if command.intent == _ADD_STOP else kept[-1]
            continue
        if kept and kept[-1].intent == command.intent == _PLAY:  # 来点老歌，刀郎的: one song, his
            kept[-1] = with_slots(kept[-1], **command.slots)
            continue
        if kept and kept[-1].intent == command.intent:
            if kept[-1].slots.items() <= command.slots.items():
                kept[-1] = command
                continue
            if command.slots.items() <= kept[-1].slots.items():
                continue
        kept.append(command)
    return tuple(kept)


def _nudged_twice(first: Command, then: Command) -> bool:
    """A nudge that names nothing, then one the same way said of "it": both are the last setting's."""
    said_of_it = then.intent == ADJUST_LAST or then.slots.get("ref") == "it"
    direction = first.slots.get("direction")
    return (
        is_nameless_nudge(first) and direction is not None and said_of_it and then.slots.get("direction") == direction
    )


def _same_seats_again(first: Command, then: Command) -> bool:
    """A repeat for the seats the command before it already named. "Her side" is the seat beside the
    speaker, which a partner's ("my wife") is taken to be: the passenger's."""
    zone, again = first.slots.get("zone"), then.slots.get("zone")
    if then.intent != REPEAT_ON_ZONE or zone in (None, "self") or then.slots.get("instead"):
        return False
    return again == zone or (again == "beside" and zone == "passenger")


def _one_stop_twice(first: Command, then: Command) -> bool:
    """A kind of place said as where to go and as a stop: the stop is what was meant."""
    category = first.slots.get("category")
    return (
        {first.intent, then.intent} == {_NAVIGATE, _ADD_STOP}
        and category is not None
        and (category == then.slots.get("category"))
    )


def set_by(first: Command, then: Command) -> Command | None:
    """``first``'s setting set where ``then`` says, when ``then`` says only that (a value, max, min,
    half: "too loud, turn it down to ten" is the volume at 10); else None. "Too hot, to the max" is
    the most cooling: the lowest temperature, not the highest."""
    said = then.slots
    if then.intent != ADJUST_LAST or not ("value" in said or "extreme" in said) or "zone" in said:
        return None
    extreme = said.get("extreme")
    lowering = first.intent in (ADJUST_LAST, "ClimateAdjustTemperature") and first.slots.get("direction") == "down"
    if extreme == "max" and lowering:
        extreme = "min"
    if is_nameless_nudge(first):
        # "太大了，调到十": a complaint about whatever was set last; the value says where it ends up
        return with_slots(then, extreme=extreme) if extreme else then
    if first.intent not in ADJUSTABLE:
        return None
    return set_to(first, said.get("value"), extreme)


def _value_for(nudge: Command, then: Command) -> Command | None:
    """A value said right after a nudge that names no amount is where that setting ends up, for the
    seats the nudge named: 后排温度别太低，二十五度就行 sets the rear to 25, not the rear warmer and the
    driver's side to 25. None when ``then`` sets another setting, or names seats of its own."""
    if _SET_OF.get(nudge.intent) != then.intent or not is_complaint(nudge) or "zone" in then.slots:
        return None
    zone = nudge.slots.get("zone")
    return then if zone is None else with_slots(then, zone=zone)


def with_slots(command: Command, **slots: object) -> Command:
    """``command`` with ``slots`` set over its own."""
    return command.model_copy(update={"slots": {**command.slots, **slots}})


def is_stop_before(stop: Command, going: Command) -> bool:
    """A stop added, then where the trip ends: "find me a coffee place on the way | home"."""
    return stop.intent == _ADD_STOP and going.intent == _NAVIGATE


def addresses_in_place(commands: tuple[Command, ...]) -> tuple[Command, ...]:
    """An address said after a place is that place's: 导航到新家，地址是张杨路500号 goes to the address,
    and so does a stop ("stop at my friend's, the address is …"); said alone, it is where to go."""
    kept: list[Command] = []
    for command in commands:
        if command.intent != _NAVIGATE or not command.slots.get("address"):
            kept.append(command)
            continue
        address = _without_slots(command, "address")
        if kept and kept[-1].intent in (_NAVIGATE, _ADD_STOP):
            named = _without_slots(kept[-1], "destination", "saved", "category")
            kept[-1] = with_slots(named, destination=address.slots["destination"])
        else:
            kept.append(address)
    return tuple(kept)


def stops_on_the_way(commands: tuple[Command, ...]) -> tuple[Command, ...]:
    """Several places to go in one sentence are one trip: "a gas station and then home", 先去加油站再去公司
    go to the last, stopping at the others on the way, in the order said (each had replaced the one
    before; a stop said before the route, 先去趟加油站再回家, would have been dropped with it). The
    route is set before its stops are added. The purpose said after a stop (路上找个加油站加满油: 加满油
    alone goes to a gas station) is that stop, not the route's end; so is "there" after a place: "find
    the nearest charger and take me there" goes to the charger, once."""
    commands = tuple(
        c
        for i, c in enumerate(commands)
        if not (c.intent == _NAVIGATE and any(s.intent == _ADD_STOP and s.slots == c.slots for s in commands[:i]))
        and not (c.intent == _NAVIGATE and c.slots == {"there": True} and i and commands[i - 1].intent == _NAVIGATE)
    )
    going = [i for i, c in enumerate(commands) if c.intent == _NAVIGATE]
    if not going:
        return commands
    last = going[-1]
    on_the_way = [i for i in range(last) if commands[i].intent in (_NAVIGATE, _ADD_STOP)]
    if not on_the_way:
        return commands
    stops = [commands[i].model_copy(update={"intent": _ADD_STOP}) for i in on_the_way]
    trip: list[Command] = []
    for index, command in enumerate(commands):
        if index in on_the_way:
            continue
        trip += [command, *stops] if index == last else [command]
    return tuple(trip)
