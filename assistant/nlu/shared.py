"""One verb or one predicate said once over a list of things: "打开后备箱和所有车窗", "turn on the AC
and the seat heating", 前挡和后挡的雾都除一下. Pure: the router's own matcher does the matching."""

from __future__ import annotations

from collections.abc import Callable

from assistant.events import Command
from assistant.nlu.catalog import ASIDE
from assistant.nlu.lexicon import Lexicon
from assistant.nlu.text import Tokens

_MAX_SUBJECT = 6  # characters of the second subject a shared predicate follows (后挡风玻璃; in words, half)

Words = tuple[str, ...]


class SharedParts:
    """Reads the part of a list that lacks its own verb or predicate with the one the other part has."""

    def __init__(self, match: Callable[[str], Command | None], tokens: Tokens, words: Lexicon) -> None:
        self._match = match
        self._tokens = tokens
        self._words = words

    def verb_of(self, left: Words, right: Words) -> tuple[Command, ...]:
        """The part after the conjunction, with the first words of the command before it in front."""
        if self._words.holds_conjunction(right):
            return ()
        for k in range(1, len(left)):
            command = self._whole(left[:k] + right)
            if command is not None:
                return (command,)
        return ()

    def with_verb_of(self, left: Words, right: Words, alone: tuple[Command, ...]) -> tuple[Command, ...]:
        """What ``right`` says after ``left``: ``alone`` (its own match), unless it has none, or names a
        thing whose switch no word of its own set and the verb before it sets otherwise: 关闭座椅通风和座椅加热
        switches both off (座椅加热 alone would switch it on). Nothing else may change: 我要出发了，窗户都关了
        does not close "my" window."""
        if len(alone) > 1 or (alone and not alone[0].implied):
            return alone
        carried = self.verb_of(left, right)
        if carried and (not alone or _only_implied_differ(alone[0], carried[0])):
            return carried
        return alone

    def predicate_of(self, left: Words, right: Words) -> Command | None:
        """The part before the conjunction, with the last words of the command after it."""
        subject = _MAX_SUBJECT if self._tokens.unspaced else _MAX_SUBJECT // 2  # characters, or words
        if len(left) > 2 * subject:  # the list's first part is a subject, or a short command ("turn the fan")
            return None
        said = self._match(self._tokens.join(right))
        if said is not None and said.wildcards:
            return None  # free text is a name, not a predicate: 导航，目的地外滩 is one place
        for k in range(1, min(len(right), subject + 1)):
            command = self._whole(left + right[k:])
            if command is not None:
                return command
        return None

    def _whole(self, words: Words) -> Command | None:
        command = self._match(self._tokens.join(words))
        return command if command is not None and command.intent != ASIDE and not command.wildcards else None


def _only_implied_differ(alone: Command, carried: Command) -> bool:
    """Only values the templates fixed differ (a verb's 关 fixed level 0 where 座椅加热 alone fixed 2)."""
    fixed = set(alone.implied) & set(carried.implied)
    return (
        carried.intent == alone.intent
        and carried.slots.keys() == alone.slots.keys()
        and all(value == alone.slots[name] or name in fixed for name, value in carried.slots.items())
    )
