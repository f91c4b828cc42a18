"""Reply templates from the intent files, filled with a handler's values in the turn's language.

Handlers name things by what they are, not by how a language says them: ``Term("zone", "driver")``
is "driver's side" in English and "主驾" in Chinese, from the ``terms`` of the language's file. A
term's words may hold the term's own values: ``track: "{title} by {artist}"``. Names of places,
songs and cities go through ``names`` (the world's name for them in the language).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from assistant.nlu.text import has_ideographs


@dataclass(frozen=True)
class Term:
    """A value that a reply words in its own language: ``terms[kind][key]``."""

    kind: str
    key: str
    values: tuple[tuple[str, Any], ...] = ()


def terms(kind: str, keys: tuple[str, ...]) -> tuple[Term, ...]:
    return tuple(Term(kind, key) for key in keys)


def format_value(value: Any) -> str:
    """Numbers as people say them: 22.0 -> "22", 22.5 -> "22.5"; None -> "unknown"."""
    if value is None:
        return "unknown"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    return str(value)


_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def capitalised(text: str) -> str:
    """``text`` with its first letter upper case (a sentence; Chinese is unchanged)."""
    return text[:1].upper() + text[1:]


def _first_word(text: str) -> str:
    return text[:2] if has_ideographs(text[:2]) else re.split(r"[\s,]", text, maxsplit=1)[0]


class MissingReplyWarning(UserWarning):
    """A handler asked for a reply the language's file lacks; the intent's ``default`` is said instead.

    In a car the default is better than silence; the test suite turns this warning into an error.
    """


class _Values(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Replies:
    """One language's replies: its templates, its words for terms, and its names for things."""

    def __init__(
        self,
        responses: Mapping[str, Mapping[str, str]],
        terms: Mapping[str, Mapping[str, str]] | None = None,
        joiner: str = " and ",
        names: Callable[[str], str] | None = None,
        language: str = "en",
        language_name: str = "",
        singulars: Mapping[str, str] | None = None,
        claims: Iterable[str] = (),
    ) -> None:
        self._responses = responses
        self._terms = terms or {}
        self._joiner = joiner
        self._names = names or (lambda name: name)
        self.language = language
        self.language_name = language_name
        self._singulars = dict(singulars or {})
        self._claims = tuple(claims)
        units = "|".join(re.escape(unit) for unit in sorted(self._singulars, key=len, reverse=True))
        self._one_unit = re.compile(rf"(?<![\d.])1 ({units})\b") if units else None

    def word(self, value: Any) -> str:
        """One value as this language says it."""
        if isinstance(value, Term):
            words = self._terms.get(value.kind, {}).get(value.key, value.key)
            if value.values:
                words = words.format_map(_Values({k: self.word(v) for k, v in value.values}))
            return words
        if isinstance(value, tuple):
            return self._joiner.join(self.word(v) for v in value)
        if isinstance(value, str):
            return self._names(value)
        return format_value(value)

    def openings(self, intents: Iterable[str], unlike: str) -> tuple[str, ...]:
        """How these intents' replies begin before their first value ("Turning on the", "已将"): long
        enough to tell a reply from a sentence that only starts like one (two Chinese characters,
        seven letters), and not as the replies of ``unlike`` begin ("Sorry", 抱歉); with the
        language's own ``claims`` (已把, "I've set")."""
        others = tuple(_first_word(t) for t in self._responses.get(unlike, {}).values())
        words = [w for kind in self._terms.values() for w in kind.values() if "{" not in w]
        found = {capitalised(c) for c in self._claims}
        for intent in intents:
            for template in self._responses.get(intent, {}).values():
                opening, brace, _ = template.partition("{")
                # 已{state}{feature}: one character, with each word a term may put there (已打开, 已关闭);
                # not "The {windows}": "The climate control ..." may well be an answer
                short = brace and len(opening) == 1 and has_ideographs(opening)
                tried = [opening + w for w in words] if short else [opening]
                for text in (t.rstrip(" ,.:;，。：；") for t in tried):
                    if len(text) >= (2 if has_ideographs(text) else 7) and not text.startswith(others):
                        found.add(capitalised(text))
        return tuple(sorted(found, key=len, reverse=True))

    def render(self, intent: str, key: str, values: Mapping[str, Any]) -> str:
        templates = self._responses.get(intent, {})
        template = templates.get(key)
        if template is None:
            warnings.warn(f"{self.language}: no reply {intent}.{key}", MissingReplyWarning, stacklevel=2)
            template = templates.get("default") or "Done."
        text = template.format_map(_Values({k: self.word(v) for k, v in values.items()}))
        text = _DOUBLE_STOP.sub(".", text)  # a name ending in "." before the template's own: "G.E.M.."
        if self._one_unit is not None:  # "about 1 minutes" -> "about 1 minute"
            text = self._one_unit.sub(lambda m: "1 " + self._singulars[m.group(1)], text)
        return capitalised(text)
