"""Text -> a local intent (one or more commands), the LLM route, or nothing; always with a reason.

Pure: no I/O. A sentence that does not match as a whole is split at the language's conjunctions
("turn on the AC and play some jazz", "打开空调然后播放爵士乐"); every part must then match (a part
may borrow the verb of the one before: "open the trunk and all windows"), or the sentence goes to the
LLM. Tokens are words, or characters in a language written without spaces; there, two clauses run
together with no conjunction may be two commands (主驾二十度副驾二十二度). A command the next one
restates is done once, and a clause that only gives the reason for a command (太烫了, the language's
asides; a complaint before a closing undo: "too loud, undo that") is no command of its own. Each
phrase is matched by ``nlu.match`` (which forgives particles, stumbles and stray skip words).
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.cockpit.followup import ADJUST_LAST, REPEAT_ON_ZONE, restates
from assistant.config import RouterSettings
from assistant.events import Command, RouteDecision
from assistant.nlu import combine
from assistant.nlu.catalog import ASIDE, NOT_OURS, IntentCatalog
from assistant.nlu.context import MIN_COMMAND, BesideContext
from assistant.nlu.lexicon import Lexicon
from assistant.nlu.match import Spelling, TemplateMatcher
from assistant.nlu.readings import Readings
from assistant.nlu.shared import SharedParts
from assistant.nlu.text import Tokens

_SPACE = re.compile(r"\s+")
#: A recogniser writes "It's freezing in here. Turn up the heat.": inside the text, a sentence's end is
#: a comma. Not after a short word, which may be an abbreviation ("St. Louis").
_SENTENCE_END = re.compile(r"(?<=\w{3})[.!?;]+\s+(?=\S)")
_MEANINGFUL = re.compile(r"\w", re.UNICODE)
#: Slots that hold a name: a command carrying one is a name said alone (人民广场), not a request.
_NAME_SLOTS = ("destination", "title", "artist", "station", "query")


def _replacement(source: str, spaced: bool) -> re.Pattern[str]:
    """A replacement's text, literal; one that starts with ``^`` holds only at the start of the sentence.
    With spaces between words, whole words only ("more warm" is not in "more warmth")."""
    start = "^" if source.startswith("^") else ""
    text = source.removeprefix("^")
    pattern = re.escape(text)
    if spaced and text[:1].isalnum():
        pattern = r"(?<!\w)" + pattern
    if spaced and text[-1:].isalnum():
        pattern += r"(?!\w)"
    return re.compile(start + pattern, re.IGNORECASE)


class Router:
    """Decides the route for one utterance. Compiled once; ``route`` is cheap and never raises."""

    def __init__(
        self,
        catalog: IntentCatalog,
        settings: RouterSettings,
        spelling: Spelling | None = None,
        answers: frozenset[str] = frozenset(),
        seated: frozenset[str] = frozenset(),
    ) -> None:
        """``spelling(slot, text)`` gives a name as the world writes it, for free text written in other
        letter case (a recogniser writes "berlin"); None where it knows no such name. ``answers`` are the
        intents that only answer and set nothing (the only ones a done-question may match); ``seated``
        those that take a seat (a reason said beside one may name it: 后排孩子说冷，开座椅加热)."""
        self._catalog = catalog
        self._answers = answers
        self._seated = seated
        self._settings = settings
        self._tokens = Tokens(catalog.language, catalog.unspaced)
        self._replacements = [(_replacement(src, not catalog.unspaced), dst) for src, dst in catalog.replacements]
        self._words = Lexicon(catalog, self._tokens)
        self._match = lru_cache(maxsize=512)(self._match_uncached)
        self._matcher = TemplateMatcher(catalog, self._words, spelling)
        self._shared = SharedParts(self._match, self._tokens, self._words)
        self._readings = Readings(catalog, self._match, self._tokens, self._words, answers)
        self._context = BesideContext(self._match, self._segment, self._tokens, self._words, self._readings, answers)

    def normalize(self, text: str) -> str:
        cleaned = self._tokens.normalize("".join(ch if ch.isprintable() else " " for ch in text))
        for pattern, replacement in self._replacements:
            cleaned = pattern.sub(replacement, cleaned)
        cleaned = _SENTENCE_END.sub(" , ", cleaned).replace(",", " , ")
        return _SPACE.sub(" ", cleaned).strip(" ,")

    def route(self, text: str) -> RouteDecision:
        normalized = self.normalize(text)
        if not _MEANINGFUL.search(normalized):
            return RouteDecision(route="none", reason="nothing to act on: the input is empty")
        if len(normalized) > self._settings.max_input_chars:
            return RouteDecision(
                route="llm",
                reason=f"longer than {self._settings.max_input_chars} characters; not matched locally",
            )
        # "on the way to Hamburg, find a gas station": the clause before the comma is the trip, no context
        commands = self._readings.stop_on_the_way_to(normalized) if self._catalog.trip_ends else ()
        if not commands and (topic := self._readings.topic_first(normalized)) is not None:
            commands = (topic,)
        if not commands:
            segments = self._segment(self._tokens.split(normalized), self._settings.max_commands, top=True)
            commands = combine.without_restated(
                combine.without_corrected(combine.without_reasons(self._without_asides(segments)))
            )
        if not commands and (how := self._readings.asked_how(normalized)) is not None:
            commands = (how,)  # 空调怎么开: the car does it
        bare = len(commands) == 1 and commands[0].intent == ADJUST_LAST
        if (not commands or bare) and (named := self._readings.named_in_remark(normalized)) is not None:
            commands = (named,)  # 空调费电吗，那关了吧: the air conditioning, not what was set last
        commands = combine.stops_on_the_way(combine.addresses_in_place(commands))
        not_ours = tuple(str(c.slots["equipment"]) for c in commands if c.intent == NOT_OURS)
        commands = tuple(c for c in commands if c.intent != NOT_OURS)
        if not commands and not_ours and not self._words.asks_whether_done(normalized):
            # "open the sunroof": the car says it cannot, and no model makes up that it did
            said = ", ".join(not_ours)
            return RouteDecision(route="none", reason=f"asks for {said}, not controlled here", not_ours=not_ours)
        if not commands:
            declined = self._readings.declined(normalized)
            if declined is not None:  # "别开窗": nothing to do, and nothing for a model to make up
                return RouteDecision(route="none", reason=f"asks that {declined} not be done", declined=True)
            courtesy = self._words.courtesy(normalized)
            if courtesy is not None:  # "thank you" is answered by the car: a small model made up the rest
                return RouteDecision(route="none", reason=f"a courtesy ({courtesy})", courtesy=courtesy)
            return RouteDecision(route="llm", reason="no local intent matched")
        if self._words.asks_whether_done(normalized) and any(c.intent not in self._answers for c in commands):
            return RouteDecision(route="llm", reason="asks whether something is done; sets nothing locally")
        if len(commands) == 1:
            reason = f"matched {commands[0].intent}"
        else:
            reason = f"{len(commands)} commands matched: {', '.join(c.intent for c in commands)}"
        return RouteDecision(route="local", reason=reason, commands=commands, not_ours=not_ours)

    def _segment(self, words: tuple[str, ...], budget: int, top: bool = False) -> tuple[Command, ...]:
        """The words as one command, or split at conjunctions into commands that all match.

        A free-text slot can swallow a second command ("navigate to X and play jazz"), so a match whose
        free text spans a conjunction loses to a split; at the top level it is still the fallback,
        since names contain "and" too ("Marks and Spencer").
        """
        join = self._tokens.join
        whole = self._match(join(words))
        if whole is not None and whole.intent == ASIDE and whole.slots and self._tokens.unspaced and "," not in words:
            # 窗户开条缝透透气 after 好困，: a reason after a command holds no command as its context
            whole = self._context.without_trailing_aside(words) or whole
        aside = whole is not None and whole.intent == ASIDE
        # Commas are gone from the text a wildcard sees, so any conjunction in a sentence whose match
        # has free text means: try the split first ("导航到外滩，不走高速"). An aside's context is free text.
        swallows = whole is not None and (bool(whole.wildcards) or aside) and self._words.holds_conjunction(words[1:])
        if whole is not None and whole.wildcards and top and self._tokens.unspaced:
            # a command cut from the free text's end first: 去公司路上买杯咖啡 stops for coffee on the way,
            # though 买杯咖啡 alone would be the reason for going
            after = self._command_after_free_text(words, whole) if budget >= 2 else ()
            if after:
                return after
            whole = self._context.without_trailing_aside(words) or whole
        if (
            whole is not None
            and not swallows
            and not self._words.wildcard_spans_conjunction(whole)
            and not (aside and top)
        ):
            return (whole,)
        if budget >= 2:
            for start in range(1, len(words)):
                for conj in self._words.conjunctions:
                    end = start + len(conj)
                    if end >= len(words) or tuple(w.lower() for w in words[start:end]) != conj:
                        continue
                    left = self._match(join(words[:start])) or self._shared.predicate_of(words[:start], words[end:])
                    if left is None or self._words.wildcard_spans_conjunction(left):
                        continue
                    if self._readings.took_in_request(left, words[:start]):
                        continue
                    alone = self._segment(words[end:], budget - 1)
                    tail = self._shared.with_verb_of(words[:start], words[end:], alone)
                    if tail:
                        return (left, *tail)
        if (whole is None or aside) and top and budget >= 2 and self._tokens.unspaced:
            two = self._two_clauses(words)
            if two:
                return two
        opens_with_free_text = top and self._opens_with_free_text(whole, words)
        if (whole is None or aside or opens_with_free_text) and top and (self._tokens.unspaced or "," in words):
            beside = self._context.commands(words)
            if beside:
                return beside
        if opens_with_free_text:
            # the request is the clause that holds its free text alone; what came before is context
            for at in (i for i, word in enumerate(words) if word == ","):
                later = self._context.whole_command(words[at + 1 :], apart=True)
                if later is not None and not self._opens_with_free_text(later, words[at + 1 :]):
                    return (later,)
        if (whole is None or aside) and top and not self._tokens.unspaced and "," not in words:
            unmarked = self._context.unmarked_reason(words)
            if unmarked:
                return unmarked
        return (whole,) if whole is not None and top else ()

    def _opens_with_free_text(self, whole: Command | None, words: tuple[str, ...]) -> bool:
        """Free text that opens the sentence and holds its whole first clause took in what was said
        before the command: 大家都饿了，附近有什么好吃的 has no place called 大家都饿."""
        if whole is None or "," not in words:
            return False
        opening = "".join(self._words.said(self._tokens.join(words[: words.index(",")])).split()).lower()
        said = ("".join(str(whole.slots.get(name, "")).split()).lower() for name in whole.wildcards)
        return bool(opening) and any(text.startswith(opening) for text in said)

    def _command_after_free_text(self, words: tuple[str, ...], whole: Command) -> tuple[Command, ...]:
        """Free text must not swallow a command of another kind run on after it: 导航去机场不走高速 is
        the route and no highways, not a place called 机场不走高速. The command after it is a whole one
        with no free text of its own (导航到人民广场停车场 stays one place: the same intent twice), cut
        from the end of the free text, and a phrase of its own (路过加油站的时候停一下 pauses no music)."""
        join = self._tokens.join
        free = [str(whole.slots.get(name, "")) for name in whole.wildcards]
        # a whole phrase (not a bare 停一下), with the free text in the first clause: a comma before it splits
        for start in range(2, min(len(words) - MIN_COMMAND + 1, _index(words, ",") + 1)):
            said = join(words[start:])
            if not any(len(value) > len(said) and value.endswith(said) for value in free):
                continue
            right = self._match(said)
            if right is None or right.wildcards or right.intent in (ASIDE, whole.intent):
                continue
            left = self._match(join(self._words.without_closing_conjunction(words[:start])))  # 加油站同时避开高速
            if left is not None and left.intent == whole.intent:
                return (left, right)
        return ()

    def _two_clauses(self, words: tuple[str, ...]) -> tuple[Command, ...]:
        """Chinese often runs two clauses together with no conjunction: 热死了开空调 ("boiling, AC on"),
        主驾二十度副驾二十二度. Two matches per split point, top level only, so a sentence that matches
        nothing costs at most twice its length in matches."""
        join = self._tokens.join
        if self._words.holds_negation(words):
            return ()  # it covers both halves: 别导航到外滩 must not navigate, nor 空调别开内循环 turn on the AC
        for start in range(2, len(words) - 1):
            if self._words.never_cut_at(words, start):
                continue
            right = self._match(join(words[start:]))
            # An aside after a command is the reason alone: its context would swallow the command's end.
            if right is None or right.wildcards or (right.intent == ASIDE and right.slots):
                continue
            left = self._match(join(words[:start]))
            if (
                left is not None
                and combine.is_bare_verb(right)
                and left.intent != ASIDE
                and not combine.is_complaint(left)
            ):
                # 空调 | 重新打开: a bare verb after a thing named is that thing's (after a complaint, the
                # last setting's: 噪音太大了 | 关上)
                return (combine.with_slots(left, enabled=right.slots["enabled"]),) if "enabled" in left.slots else ()
            # A bare verb before a clause that names a thing is that thing's verb (打开 车窗30%), not "it";
            # 充电 | 要多久 asks how long charging takes.
            if (
                left is not None
                and not left.wildcards
                and not combine.is_bare_verb(left)
                and not self._context.asks_about(right, left)
                and not self._readings.took_in_request(left, words[:start])
            ):
                return (left, right)
        return ()

    def _without_asides(self, commands: tuple[Command, ...]) -> tuple[Command, ...]:
        """Said beside a command, a reason is not a command of its own: "屁股底下好凉，开个座椅加热" heats
        the seat only, and "好热，开窗" opens the window without also cooling the car. A clause that is
        a command when alone (好热) is still an aside here. When every clause is an aside (主驾有点热，
        副驾有点冷), the ones that are commands are all kept."""
        if len(commands) < 2:
            return tuple(c for c in commands if c.intent != ASIDE)
        aside = [c.intent == ASIDE or self._only_a_reason(c) for c in commands]
        if all(aside):
            return tuple(c for c in commands if c.intent != ASIDE)
        # "太热了，调到二十", "too loud, a bit lower": the value, or the nudge, is for the setting complained
        # of, also past a reason that is only that ("风太大了吹得头疼，调小"); "my wife is cold, and the back
        # too" repeats what the complaint asks for
        for index, command in enumerate(commands[:-1]):
            then = next((c for c in commands[index + 1 :] if c.intent != ASIDE), None)
            if (
                command.intent != ASIDE
                and then
                and (combine.set_by(command, then) or restates(command, then) or then.intent == REPEAT_ON_ZONE)
            ):
                aside[index] = False
        return combine.for_seats_of_reasons(commands, aside, self._seated)

    def _only_a_reason(self, command: Command) -> bool:
        """A command that also reads as a reason (好热) is one, unless what the reason is said after is that
        command itself: 开窗吹吹自然风 opens the window, for the breeze."""
        reason = self._readings.aside(command.text)
        if reason is None:
            return False
        context = reason.slots.get("aside_context")
        said = self._match(str(context)) if context else None
        return said is None or said.intent != command.intent

    def _match_uncached(self, text: str) -> Command | None:
        text = self._tokens.join(self._tokens.split(text.replace(",", " ")))  # commas only ever split
        if not text:
            return None
        result = self._matcher.recognize(text)
        if result is None:
            return self._readings.of_whole(text)
        command = self._matcher.command(result, text)
        free = {name: str(result.entities[name].value) for name in command.wildcards}
        if any(self._words.names_nothing(value) or self._is_command(value) for value in free.values()) or (
            "destination" in free and self._words.names_no_place(free["destination"])
        ):
            # "导航软件哪个好用" asks about navigation apps, 帮我导航一下 names no place "一下",
            # 去个安静的地方 no place at all, 导航声音小一点 is no place called 声音小一点, 导航播报关掉 none
            # called 播报关掉
            return self._readings.aside(text)
        return command

    def _is_command(self, free_text: str) -> bool:
        """Free text that is a request of its own, not a name (a place said alone, 人民广场, is one)."""
        command = self._match(free_text) if self._tokens.unspaced else None
        return command is not None and command.intent != ASIDE and not any(n in command.slots for n in _NAME_SLOTS)


def _index(words: tuple[str, ...], word: str) -> int:
    return words.index(word) if word in words else len(words)
