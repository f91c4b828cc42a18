"""Random sentences drawn from the templates: for people (``intents sample``) and for tests."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from hassil import Intents
from hassil.expression import (
    Alternative,
    Expression,
    Group,
    ListReference,
    Permutation,
    RuleReference,
    Sentence,
    TextChunk,
)
from hassil.intents import RangeSlotList, SlotList, TextSlotList, WildcardSlotList

WILDCARD_FILLERS = ("Berlin", "Marienplatz", "the airport", "Hamburg", "Allianz Arena")


class Sampler:
    def __init__(self, intents: Intents, rng: random.Random, fillers: Sequence[str] = WILDCARD_FILLERS) -> None:
        self._intents = intents
        self._rng = rng
        self._fillers = fillers

    def sentence(self, intent: str) -> str:
        """One random sentence for ``intent``, whitespace-normalised."""
        data = self._rng.choice(self._intents.intents[intent].data)
        template: Sentence = self._rng.choice(data.sentences)
        lists = {**self._intents.slot_lists, **data.slot_lists}
        rules = {**self._intents.expansion_rules, **data.expansion_rules}
        return " ".join(self._walk(template.expression, lists, rules).split())

    def _walk(self, expr: Expression, lists: Mapping[str, SlotList], rules: Mapping[str, Sentence]) -> str:
        if isinstance(expr, TextChunk):
            return expr.original_text or expr.text
        if isinstance(expr, Alternative):
            return self._walk(self._rng.choice(expr.items), lists, rules) if expr.items else ""
        if isinstance(expr, Permutation):
            items = list(expr.items)
            self._rng.shuffle(items)
            return " ".join(self._walk(item, lists, rules) for item in items)
        if isinstance(expr, Group):
            return "".join(self._walk(item, lists, rules) for item in expr.items)
        if isinstance(expr, RuleReference):
            return self._walk(rules[expr.rule_name].expression, lists, rules)
        if isinstance(expr, ListReference):
            return self._list_value(lists[expr.list_name], lists, rules)
        return ""

    def _list_value(self, slot_list: SlotList, lists: Mapping[str, SlotList], rules: Mapping[str, Sentence]) -> str:
        if isinstance(slot_list, TextSlotList):
            value = self._rng.choice(slot_list.values)
            return self._walk(value.text_in, lists, rules)
        if isinstance(slot_list, RangeSlotList):
            return str(self._rng.randrange(slot_list.start, slot_list.stop + 1, slot_list.step))
        if isinstance(slot_list, WildcardSlotList):
            return self._rng.choice(self._fillers)
        return ""
