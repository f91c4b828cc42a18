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

from assistant.cockpit.followup import ADJUST_LAST, restates
from assistant.config import RouterSettings
from assistant.events import Command, RouteDecision
from assistant.nlu import combine
from assistant.nlu.catalog import ASIDE, IntentCatalog
from assistant.nlu.lexicon import Lexicon
from assistant.nlu.match import Spelling, TemplateMatcher
from assistant.nlu.phrases import clauses
from assistant.nlu.readings import Readings
from assistant.nlu.shared import SharedParts
from assistant.nlu.text import Tokens

_SPACE = re.compile(r"\s+")
#: A recogniser writes "It's freezing in here. Turn up the heat.": inside the text, a sentence's end is
#: a comma. Not after a short word, which may be an abbreviation ("St. Louis").
_SENTENCE_END = re.compile(r"(?<=\w{3})[.!?;]+\s+(?=\S)")
_MAX_CONTEXT = 7  # characters of unknown context beside a command (天气不错, 孩子在睡觉)
_MAX_CLAUSE_CONTEXT = 12  # ...or set apart by a comma (我们今天开了很久了，找个酒店)
_MIN_COMMAND = 4  # characters of the command beside it: 打开 alone before an unknown 天窗 is none
_MEANINGFUL = re.compile(r"\w", re.UNICODE)
#: Slots that hold a name: a command carrying one is a name said alone (人民广场), not a request.
_NAME_SLOTS = ("destination", "title", "artist", "station", "query")


def _replacement(source: str) -> re.Pattern[str]:
    """A replacement's text, literal; one that starts with ``^`` holds only at the start of the sentence."""
    if source.startswith("^"):
        return re.compile("^" + re.escape(source[1:]), re.IGNORECASE)
    return re.compile(re.escape(source), re.IGNORECASE)


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
        self._replacements = [(_replacement(src), dst) for src, dst in catalog.replacements]
        self._words = Lexicon(catalog, self._tokens)
        self._match = lru_cache(maxsize=512)(self._match_uncached)
        self._matcher = TemplateMatcher(catalog, self._words, spelling)
        self._shared = SharedParts(self._match, self._tokens, self._words)
        self._readings = Readings(catalog, self._match, self._tokens, self._words, answers)

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
        segments = self._segment(self._tokens.split(normalized), self._settings.max_commands, top=True)
        commands = combine.without_restated(
            combine.without_corrected(combine.without_reasons(self._without_asides(segments)))
        )
        commands = combine.stops_on_the_way(commands)
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
            return RouteDecision(route="local", reason=f"matched {commands[0].intent}", commands=commands)
        names = ", ".join(c.intent for c in commands)
        return RouteDecision(route="local", reason=f"{len(commands)} commands matched: {names}", commands=commands)

    def _segment(self, words: tuple[str, ...], budget: int, top: bool = False) -> tuple[Command, ...]:
        """The words as one command, or split at conjunctions into commands that all match.

        A free-text slot can swallow a second command ("navigate to X and play jazz"), so a match whose
        free text spans a conjunction loses to a split; at the top level it is still the fallback,
        since names contain "and" too ("Marks and Spencer").
        """
        join = self._tokens.join
        whole = self._match(join(words))
        aside = whole is not None and whole.intent == ASIDE
        # Commas are gone from the text a wildcard sees, so any conjunction in a sentence whose match
        # has free text means: try the split first ("导航到外滩，不走高速"). An aside's context is free text.
        swallows = whole is not None and (bool(whole.wildcards) or aside) and self._words.holds_conjunction(words[1:])
        if whole is not None and whole.wildcards and top and self._tokens.unspaced:
            whole = self._without_trailing_aside(words) or whole
            if whole.wildcards and budget >= 2:
                after = self._command_after_free_text(words, whole)
                if after:
                    return after
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
            beside = self._beside_context(words)
            if beside:
                return beside
        if opens_with_free_text:
            # the request is the clause that holds its free text alone; what came before is context
            for at in (i for i, word in enumerate(words) if word == ","):
                later = self._whole_command(words[at + 1 :], apart=True)
                if later is not None and not self._opens_with_free_text(later, words[at + 1 :]):
                    return (later,)
        if (whole is None or aside) and top and not self._tokens.unspaced and "," not in words:
            unmarked = self._beside_unmarked_reason(words)
            if unmarked:
                return unmarked
        return (whole,) if whole is not None and top else ()

    def _beside_unmarked_reason(self, words: tuple[str, ...]) -> tuple[Command, ...]:
        """A reason run on to a command with no comma, as typed or as a recogniser writes it: "turn on
        the AC it's hot", "my feet are freezing heat my seat", or inside a clause set apart (到了，后备箱
        打开拿轮椅). Read as if a comma stood there, and only where the reason is one the templates know:
        unknown words never pass for context unmarked (暖风 | 开最大 is no fan setting)."""
        join = self._tokens.join
        for size in range(2, len(words) - 1):  # the shortest reason: "the AC it's hot" is one too
            for cut, reason, request in (
                (len(words) - size, words[-size:], words[:-size]),
                (size, words[:size], words[size:]),
            ):
                if self._words.never_cut_at(words, cut) or self._readings.aside(join(reason)) is None:
                    continue  # 导航 | 声音能大点吗: the navigation's voice is no reason for the music's
                if self._whole_command(request, apart=True) is None:
                    continue
                commands = self._clauses_beside_context((*words[:cut], ",", *words[cut:]))
                if commands:
                    return commands
        return ()

    def _opens_with_free_text(self, whole: Command | None, words: tuple[str, ...]) -> bool:
        """Free text that opens the sentence and holds its whole first clause took in what was said
        before the command: 大家都饿了，附近有什么好吃的 has no place called 大家都饿."""
        if whole is None or "," not in words:
            return False
        opening = "".join(self._words.said(self._tokens.join(words[: words.index(",")])).split()).lower()
        said = ("".join(str(whole.slots.get(name, "")).split()).lower() for name in whole.wildcards)
        return bool(opening) and any(text.startswith(opening) for text in said)

    def _without_trailing_aside(self, words: tuple[str, ...]) -> Command | None:
        """Free text must not swallow a reason said after the command: 放点音乐提提神 plays music, not a
        song called 点音乐提提神; nor a clause set apart after it in the templates' own words that asks
        for nothing we do: 导航去公司，今天天气不错 goes to work (a place's name, 外滩，南京东路, stays)."""
        comma = len(words) - 1 - words[::-1].index(",") if "," in words else -1
        if comma >= 0:
            clause = words[comma + 1 :]
            said = self._match(self._tokens.join(clause)) if clause else None
            if (
                clause
                and (said is None or said.intent == ASIDE)
                and self._words.knows_words_in(clause)
                and self._may_be_context(clause, apart=True)
            ):
                command = self._whole_command(words[:comma], apart=True)
                if command is not None:
                    return command
        for cut in range(2, min(_MAX_CONTEXT, len(words) - _MIN_COMMAND + 1) + 1):
            # not from inside a clause set apart: 导航去公司，不着急 has no place called 公司不
            if 0 <= comma < len(words) - cut - 1:
                continue
            if self._readings.aside(self._tokens.join(words[-cut:])) is not None:
                # a reason is no unknown word, so a shorter command stands beside it (放点歌 给孩子听), and
                # free text ends where it begins (先去星巴克 买杯咖啡)
                command = self._whole_command(words[:-cut], apart=True)
                if command is not None:
                    return command
        return None

    def _command_after_free_text(self, words: tuple[str, ...], whole: Command) -> tuple[Command, ...]:
        """Free text must not swallow a command of another kind run on after it: 导航去机场不走高速 is
        the route and no highways, not a place called 机场不走高速. The command after it is a whole one
        with no free text of its own (导航到人民广场停车场 stays one place: the same intent twice), cut
        from the end of the free text, and a phrase of its own (路过加油站的时候停一下 pauses no music)."""
        join = self._tokens.join
        free = [str(whole.slots.get(name, "")) for name in whole.wildcards]
        # a whole phrase (not a bare 停一下), with the free text in the first clause: a comma before it splits
        for start in range(2, min(len(words) - _MIN_COMMAND + 1, _index(words, ",") + 1)):
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
        if self._words.negated(words):
            return ()  # the negation covers both halves: 别导航到外滩 must not navigate
        for start in range(2, len(words) - 1):
            if self._words.never_cut_at(words, start):
                continue
            right = self._match(join(words[start:]))
            # An aside after a command is the reason alone: its context would swallow the command's end.
            if right is None or right.wildcards or (right.intent == ASIDE and right.slots):
                continue
            left = self._match(join(words[:start]))
            # A bare verb before a clause that names a thing is that thing's verb (打开 车窗30%), not "it";
            # 充电 | 要多久 asks how long charging takes.
            if (
                left is not None
                and not left.wildcards
                and not _bare_verb(left)
                and not self._asks_about(right, left)
                and not self._readings.took_in_request(left, words[:start])
            ):
                return (left, right)
        return ()

    def _beside_context(self, words: tuple[str, ...]) -> tuple[Command, ...]:
        """Commands said beside a few words of context that are no command: 天气不错，把窗户都打开;
        我想休息一下，找个酒店; 声音小一点孩子在睡觉. A command is a whole phrase (not a bare 打开 before
        天窗). The context may not negate it, put it off, ask a question (为什么空调不制冷) or own it
        (特斯拉的续航是多少). With no comma to set it apart, the context is shorter than the command and
        is a reason (an aside) or words no template uses: 温度往下降点 is about the temperature, not the
        windows' 往下降点."""
        if self._words.negated(words):
            instead = self._instead_of_negated(words)
            if instead or "," not in words:
                return instead
            # 先别放了，我想静一静: a clause whose template holds the negation (别放了 pauses) is a
            # command like any other (below); one that matches nothing stays undone, as context.
        if "," in words:
            return self._clauses_beside_context(words)
        for cut in range(1, min(_MAX_CONTEXT, len(words) - _MIN_COMMAND) + 1):
            for at, before in ((cut, True), (len(words) - cut, False)):
                command_words, context = (words[at:], words[:at]) if before else (words[:at], words[at:])
                if len(command_words) < len(context) or self._words.never_cut_at(words, at):
                    continue
                if not self._may_be_context(context, apart=False):
                    continue
                command = self._whole_command(command_words)
                if command is not None and not (
                    before and self._asks_about(command, self._match(self._tokens.join(context)))
                ):
                    return (command,)
        return ()

    def _asks_about(self, question: Command, request: Command | None) -> bool:
        """A question that names nothing (要多久) asks about a request said before it (充电, 加油)."""
        nameless = question.intent in self._answers and set(question.slots) <= set(question.implied)
        return nameless and request is not None

    def _instead_of_negated(self, words: tuple[str, ...]) -> tuple[Command, ...]:
        """不要摇滚，换成爵士, "don't open it, close it": what is set apart after the negated clause is
        wanted instead of it. The negated clause is never done."""
        if "," not in words:
            return ()
        rest = words[words.index(",") + 1 :]
        return () if not rest or self._words.negated(rest) else self._clauses_beside_context(rest)

    def _clauses_beside_context(self, words: tuple[str, ...]) -> tuple[Command, ...]:
        commands = []
        for clause in clauses(words):
            # Set apart, free text ends at the comma: 我们要迟到了，去机场 ("we're late, take me to the airport").
            command = self._whole_command(clause, apart=True)
            if command is not None:
                commands.append(command)
            elif inner := self._beside_unmarked_reason(clause):  # 到了，后备箱打开拿轮椅: its own reason
                commands += inner
            elif len(clause) > _MAX_CLAUSE_CONTEXT or not self._may_be_context(clause, True, bool(commands)):
                return ()
            else:  # 风太大了吹得头疼，调小: a complaint inside the reason is what the nudge after it is for
                commands += [c for c in self._segment(clause, 2, top=True) if combine.is_complaint(c)]
        return tuple(commands)

    def _may_be_context(self, context: tuple[str, ...], apart: bool, after: bool = False) -> bool:
        """Whether ``context`` is words beside a command, not one; ``after`` a command, a purpose put
        off is its reason (后备箱打开，等下要放行李), where before it, it would put the command off."""
        words = self._words
        said = self._tokens.join(context)
        if said.endswith(("的", "不", "没")) or words.is_question(said) or words.opens_question(context):
            return False
        aside = self._readings.aside(said) is not None  # 想安静一会: its 一会 is how long, not "later"
        later = after and words.later_purpose(context)
        if not aside and (words.holds_number(said) or (words.not_now(context) and not later)):
            return False
        return apart or aside or not words.knows_words_in(context)

    def _whole_command(
        self, words: tuple[str, ...], apart: bool = False, shortest: int = _MIN_COMMAND
    ) -> Command | None:
        """A command of its own beside context: with no comma between them, a phrase of some length
        and no free text (which could swallow the context); set apart, any command."""
        if words[0] == "的" or (not apart and self._tokens.unspaced and len(words) < shortest):
            return None
        command = self._match(self._tokens.join(words))
        if command is None or command.intent == ASIDE or (command.wildcards and not apart):
            return None
        return command

    def _without_asides(self, commands: tuple[Command, ...]) -> tuple[Command, ...]:
        """Said beside a command, a reason is not a command of its own: "屁股底下好凉，开个座椅加热" heats
        the seat only, and "好热，开窗" opens the window without also cooling the car. A clause that is
        a command when alone (好热) is still an aside here. When every clause is an aside (主驾有点热，
        副驾有点冷), the ones that are commands are all kept."""
        if len(commands) < 2:
            return tuple(c for c in commands if c.intent != ASIDE)
        aside = [c.intent == ASIDE or self._readings.aside(c.text) is not None for c in commands]
        if all(aside):
            return tuple(c for c in commands if c.intent != ASIDE)
        # "太热了，调到二十", "too loud, a bit lower": the value, or the nudge, is for the setting complained
        # of, also past a reason that is only that ("风太大了吹得头疼，调小")
        for index, command in enumerate(commands[:-1]):
            then = next((c for c in commands[index + 1 :] if c.intent != ASIDE), None)
            if command.intent != ASIDE and then and (combine.set_by(command, then) or restates(command, then)):
                aside[index] = False
        return combine.for_seats_of_reasons(commands, aside, self._seated)

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


def _bare_verb(command: Command) -> bool:
    return command.intent == ADJUST_LAST and set(command.slots) == {"enabled"}


def _index(words: tuple[str, ...], word: str) -> int:
    return words.index(word) if word in words else len(words)
