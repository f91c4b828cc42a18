"""Carry hassil's number-word tries in the intents cache.

hassil builds a trie of number words ("twenty two point five") for each range list on first use and
keeps it in a module-level cache, so every new process pays ~40 ms on its first match. We build them
at compile time and put them back at load time. This touches a private hassil name on purpose; if it
ever moves, both functions quietly do nothing and only the first match is slower.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hassil import Intents
from hassil.intents import RangeSlotList

TrieKey = tuple[str, tuple[int, int, int, Any]]


def _range_lists(intents: Intents) -> list[RangeSlotList]:
    lists = list(intents.slot_lists.values())
    for intent in intents.intents.values():
        for data in intent.data:
            lists += data.slot_lists.values()
    return [item for item in lists if isinstance(item, RangeSlotList) and item.words]


def build_range_tries(intents: Intents, language: str) -> dict[TrieKey, Any]:
    try:
        from hassil.string_matcher import _build_range_trie
    except ImportError:
        return {}
    tries: dict[TrieKey, Any] = {}
    for slot_list in _range_lists(intents):
        words_language = slot_list.words_language or language
        key = (slot_list.start, slot_list.stop, slot_list.step, slot_list.fraction_type)
        if (words_language, key) not in tries:
            tries[(words_language, key)] = _build_range_trie(words_language, slot_list)
    return tries


def install_range_tries(tries: Mapping[TrieKey, Any]) -> None:
    try:
        from hassil.string_matcher import _RANGE_TRIE_CACHE
    except ImportError:
        return
    for (language, key), trie in tries.items():
        _RANGE_TRIE_CACHE[language].setdefault(key, trie)
