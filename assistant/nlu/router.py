"""Text -> a local intent (one or more commands), the LLM route, or nothing; always with a reason.

Pure: no I/O. A sentence that does not match as a whole is split at the language's conjunctions
("turn on the AC and play some jazz"); every part must then match, or the sentence goes to the LLM.
"""

from __future__ import annotations

import re
from functools import lru_cache

from hassil import recognize_best

from assistant.config import RouterSettings
from assistant.events import Command, RouteDecision
from assistant.nlu.catalog import IntentCatalog
from assistant.nlu.slots import entities_to_slots

_SPACE = re.compile(r"\s+")
_MEANINGFUL = re.compile(r"\w", re.UNICODE)


class Router:
    """Decides the route for one utterance. Compiled once; ``route`` is cheap and never raises."""

    def __init__(self, catalog: IntentCatalog, settings: RouterSettings) -> None:
        self._catalog = catalog
        self._settings = settings
        self._replacements = [
            (re.compile(re.escape(src), re.IGNORECASE), dst) for src, dst in catalog.replacements
        ]
        self._conjunctions = sorted(
            (tuple(c.lower().split()) for c in catalog.conjunctions if c.strip()), key=len, reverse=True
        )
        self._match = lru_cache(maxsize=512)(self._match_uncached)

    def normalize(self, text: str) -> str:
        cleaned = "".join(ch if ch.isprintable() else " " for ch in text)
        for pattern, replacement in self._replacements:
            cleaned = pattern.sub(replacement, cleaned)
        cleaned = cleaned.replace(",", " , ")
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
        whole = self._match(normalized)
        # A free-text slot can swallow a second command ("navigate to X and play jazz"): when it
        # spans a conjunction, a split into commands that all match wins over the whole sentence.
        if whole is None or self._wildcard_spans_conjunction(whole):
            parts = self._split(tuple(normalized.split(" ")), self._settings.max_commands)
            if parts:
                names = ", ".join(c.intent for c in parts)
                return RouteDecision(
                    route="local", reason=f"{len(parts)} commands matched: {names}", commands=tuple(parts)
                )
        if whole is not None:
            return RouteDecision(route="local", reason=f"matched {whole.intent}", commands=(whole,))
        return RouteDecision(route="llm", reason="no local intent matched")

    def _wildcard_spans_conjunction(self, command: Command) -> bool:
        for name in command.wildcards:
            words = tuple(str(command.slots.get(name, "")).lower().replace(",", " , ").split())
            for conj in self._conjunctions:
                n = len(conj)
                if any(words[i : i + n] == conj for i in range(len(words) - n + 1)):
                    return True
        return False

    def _match_uncached(self, text: str) -> Command | None:
        text = text.replace(" , ", " ").strip(" ,")
        if not text:
            return None
        result = recognize_best(text, self._catalog.intents, language=self._catalog.language)
        if result is None:
            return None
        wildcards = tuple(name for name, entity in result.entities.items() if entity.is_wildcard)
        return Command(
            intent=result.intent.name,
            slots=entities_to_slots(result.entities),
            text=text,
            wildcards=wildcards,
        )

    def _split(self, words: tuple[str, ...], budget: int) -> list[Command] | None:
        """Split at conjunctions, shortest first part first, so that every part matches an intent."""
        if budget < 2:
            return None
        for start in range(1, len(words)):
            for conj in self._conjunctions:
                end = start + len(conj)
                if tuple(w.lower() for w in words[start:end]) != conj or end >= len(words):
                    continue
                left = self._match(" ".join(words[:start]))
                if left is None:
                    continue
                rest = words[end:]
                right = self._match(" ".join(rest))
                if right is not None:
                    return [left, right]
                tail = self._split(rest, budget - 1)
                if tail:
                    return [left, *tail]
        return None
