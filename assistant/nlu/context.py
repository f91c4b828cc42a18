"""Commands said beside words that are no command: a reason (天气不错，把窗户都打开; "turn on the AC
it's hot"), a few unknown words (声音小一点孩子在睡觉), or a clause set apart that asks for nothing we do.
Pure: the router's own matcher does the matching, and its segmenter reads a clause that holds more."""

from __future__ import annotations

from collections.abc import Callable

from assistant.events import Command
from assistant.nlu import combine
from assistant.nlu.catalog import ASIDE
from assistant.nlu.lexicon import Lexicon
from assistant.nlu.phrases import clauses
from assistant.nlu.readings import Readings
from assistant.nlu.text import Tokens

MAX_CONTEXT = 7  # characters of unknown context beside a command (天气不错, 孩子在睡觉)
MAX_CLAUSE_CONTEXT = 12  # ...or set apart by a comma (我们今天开了很久了，找个酒店)
MIN_COMMAND = 4  # characters of the command beside it: 打开 alone before an unknown 天窗 is none

Words = tuple[str, ...]
Segment = Callable[[Words, int, bool], tuple[Command, ...]]


class BesideContext:
    """Finds the command in a sentence that also holds context, through ``match`` (the router's);
    ``segment(words, budget, top)`` is the router's own reading of a clause as commands."""

    def __init__(
        self,
        match: Callable[[str], Command | None],
        segment: Segment,
        tokens: Tokens,
        words: Lexicon,
        readings: Readings,
        answers: frozenset[str],
    ) -> None:
        self._match = match
        self._segment = segment
        self._tokens = tokens
        self._words = words
        self._readings = readings
        self._answers = answers

    def commands(self, words: Words) -> tuple[Command, ...]:
        """Commands said beside a few words of context that are no command: 天气不错，把窗户都打开;
        我想休息一下，找个酒店; 声音小一点孩子在睡觉. A command is a whole phrase (not a bare 打开 before
        天窗). The context may not negate it, put it off, ask a question (为什么空调不制冷) or own it
        (特斯拉的续航是多少). With no comma to set it apart, the context is shorter than the command and
        is a reason (an aside) or words no template uses: 温度往下降点 is about the temperature, not the
        windows' 往下降点."""
        first = words[: words.index(",")] if "," in words else ()
        topic_first = self._words.holds_negation(first) and self._match(self._tokens.join(first)) is None
        if self._words.negated(words) or topic_first:  # 空调别开内循环了，换外循环: the topic first
            instead = self._instead_of_negated(words)
            if topic_first and any(combine.is_bare_verb(c) for c in instead):
                return ()  # 后面别开窗了，关上: a bare verb is for the topic, and the topic is no command here
            if instead or "," not in words:
                return instead
            # 先别放了，我想静一静: a clause whose template holds the negation (别放了 pauses) is a
            # command like any other (below); one that matches nothing stays undone, as context.
        if "," in words:
            return self.clauses(words)
        for cut in range(1, min(MAX_CONTEXT, len(words) - MIN_COMMAND) + 1):
            for at, before in ((cut, True), (len(words) - cut, False)):
                command_words, context = (words[at:], words[:at]) if before else (words[:at], words[at:])
                if len(command_words) < len(context) or self._words.never_cut_at(words, at):
                    continue
                if not self._may_be_context(context, apart=False):
                    continue
                command = self.whole_command(command_words)
                if command is not None and not (before and self._is_subject_of(command, context)):
                    return (command,)
        return ()

    def clauses(self, words: Words) -> tuple[Command, ...]:
        """Each clause set apart is a command, its own run-on reason's command, or context."""
        commands = []
        for clause in clauses(words):
            # Set apart, free text ends at the comma: 我们要迟到了，去机场 ("we're late, take me to the airport").
            command = self.whole_command(clause, apart=True)
            if command is not None:
                commands.append(command)
            elif inner := self.unmarked_reason(clause):  # 到了，后备箱打开拿轮椅: its own reason
                commands += inner
            elif len(clause) > MAX_CLAUSE_CONTEXT or not self._may_be_context(clause, True, bool(commands)):
                return ()
            else:  # 风太大了吹得头疼，调小: a complaint inside the reason is what the nudge after it is for
                commands += [c for c in self._segment(clause, 2, True) if combine.is_complaint(c)]
        return tuple(commands)

    def unmarked_reason(self, words: Words) -> tuple[Command, ...]:
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
                if self.whole_command(request, apart=True) is None:
                    continue
                commands = self.clauses((*words[:cut], ",", *words[cut:]))
                if commands:
                    return commands
        return ()

    def without_trailing_aside(self, words: Words) -> Command | None:
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
                command = self.whole_command(words[:comma], apart=True)
                if command is not None:
                    return command
        for cut in range(2, min(MAX_CONTEXT, len(words) - MIN_COMMAND + 1) + 1):
            # not from inside a clause set apart: 导航去公司，不着急 has no place called 公司不
            if 0 <= comma < len(words) - cut - 1:
                continue
            if self._readings.aside(self._tokens.join(words[-cut:])) is not None:
                # a reason is no unknown word, so a shorter command stands beside it (放点歌 给孩子听), and
                # free text ends where it begins (先去星巴克 买杯咖啡)
                command = self.whole_command(words[:-cut], apart=True)
                if command is not None:
                    return command
        return None

    def whole_command(self, words: Words, apart: bool = False, shortest: int = MIN_COMMAND) -> Command | None:
        """A command of its own beside context: with no comma between them, a phrase of some length
        and no free text (which could swallow the context); set apart, any command."""
        if words[0] == "的" or (not apart and self._tokens.unspaced and len(words) < shortest):
            return None
        command = self._match(self._tokens.join(words))
        if command is None or command.intent == ASIDE or (command.wildcards and not apart):
            return None
        return command

    def asks_about(self, question: Command, request: Command | None) -> bool:
        """A question that names nothing (要多久) asks about a request said before it (充电, 加油)."""
        nameless = question.intent in self._answers and set(question.slots) <= set(question.implied)
        return nameless and request is not None

    def _is_subject_of(self, question: Command, context: Words) -> bool:
        """Words before a question that names nothing are what it asks about: 充电 | 要多久 (a request),
        洗车大概 | 要多久 (how long something takes that no template knows). A reason stays apart
        (孩子饿了 | 还要多久), and so does the place the trip goes to (到苏州 | 还要多久). A nudge that
        names nothing is about the words before it (作业 | 太多了), unless they are a reason."""
        said = self._tokens.join(context)
        if self.asks_about(question, self._match(said)):
            return True
        if combine.is_nameless_nudge(question) and self._readings.aside(said) is None:
            return True  # 作业 | 太多了: too much of what it names, nothing of ours
        how_long = question.intent == "NavigationGetStatus" and question.slots.get("item") == "eta"
        return (
            how_long
            and self._readings.aside(said) is None
            and not said.startswith(("到", "离", "去"))
            and not said.endswith(("了", "啊", "呀", "啦"))  # a state said before it is a reason
        )

    def _instead_of_negated(self, words: Words) -> tuple[Command, ...]:
        """不要摇滚，换成爵士, "don't open it, close it": what is set apart after the negated clause is
        wanted instead of it. The negated clause is never done."""
        if "," not in words:
            return ()
        rest = words[words.index(",") + 1 :]
        return () if not rest or self._words.negated(rest) else self.clauses(rest)

    def _may_be_context(self, context: Words, apart: bool, after: bool = False) -> bool:
        """Whether ``context`` is words beside a command, not one; ``after`` a command, a purpose put
        off is its reason (后备箱打开，等下要放行李), where before it, it would put the command off."""
        words = self._words
        said = self._tokens.join(context)
        owns = said.endswith("的") and "会" not in said  # 冰淇淋会化的 says what will happen: a reason
        if owns or said.endswith(("不", "没")) or words.is_question(said) or words.opens_question(context):
            return False
        aside = self._readings.aside(said) is not None  # 想安静一会: its 一会 is how long, not "later"
        later = after and words.later_purpose(context)
        if not aside and (words.holds_number(said) or (words.not_now(context) and not later)):
            return False
        return apart or aside or not words.knows_words_in(context)
