"""One phrase against a language's templates, forgiving how it was said: a skip word the template
does not hold (unspaced), a word said twice, particles at either end ("go home instead"). Pure apart
from hassil; what a sentence's phrases mean together is the router's business."""

from __future__ import annotations

from collections.abc import Callable

from hassil import RecognizeResult, recognize_best

from assistant.events import Command
from assistant.nlu.catalog import IntentCatalog
from assistant.nlu.lexicon import Lexicon
from assistant.nlu.phrases import said_once, without_particles
from assistant.nlu.slots import entities_to_slots

_MAX_SKIP_TRIES = 4  # bounds the cost of a sentence that matches nothing

#: (slot, free text) -> the same name as the world writes it, or None.
Spelling = Callable[[str, str], str | None]


class TemplateMatcher:
    """hassil's best match for a phrase, and the command it gives."""

    def __init__(self, catalog: IntentCatalog, words: Lexicon, spelling: Spelling | None):
        self._catalog = catalog
        self._tokens = words.tokens
        self._particles = words.particles
        self._spelling = spelling
        self._skip_words = words.skip_words

    def recognize(self, text: str) -> RecognizeResult | None:
        """The best match for ``text`` (tokens joined as the language writes them), or None."""
        result = self._recognize(text)
        if result is None and not self._tokens.unspaced:  # "open the the window"
            once = said_once(text)
            result = self._recognize(once) if once != text else None
        if self._particles and (result is None or any(e.is_wildcard for e in result.entities.values())):
            # "go home instead"; and "navigate to the Bund instead" has no place called "the Bund instead"
            bare = self._tokens.join(without_particles(self._tokens.split(text), self._particles))
            without = self._recognize(bare) if bare != text else None
            # the one whose free text is shorter: 路上经过七宝停一下 keeps its place 七宝 (路上 is a particle)
            if without is not None and (result is None or _free_text(without) < _free_text(result)):
                result = without
        return result

    def command(self, result: RecognizeResult, text: str) -> Command:
        """The command a match gives, its free text as the world writes names ("berlin" -> "Berlin")."""
        wildcards = tuple(name for name, entity in result.entities.items() if entity.is_wildcard)
        slots = entities_to_slots(result.entities)
        spelling = self._spelling
        for name in wildcards:
            value = slots[name]
            written = spelling(name, value) if spelling is not None and isinstance(value, str) else None
            if written is not None and written.lower() == value.lower():
                slots[name] = written
        implied = tuple(e.name for e in result.entities.values() if not e.text and not e.is_wildcard)
        return Command(intent=result.intent.name, slots=slots, text=text, wildcards=wildcards, implied=implied)

    def _recognize(self, text: str) -> RecognizeResult | None:
        result = recognize_best(text, self._catalog.intents, language=self._catalog.language)
        if result is None and self._tokens.unspaced:
            result = self._without_one_skip_word(text)
        return result

    def _without_one_skip_word(self, text: str) -> RecognizeResult | None:
        """hassil drops every skip word or none; unspaced, a template may hold one skip word and the
        text another ("我要充电了": 我要 is in the template, 了 is not). Try dropping each one alone."""
        if self._skip_words is None:
            return None
        for found in list(self._skip_words.finditer(text))[:_MAX_SKIP_TRIES]:
            shorter = text[: found.start()] + text[found.end() :]
            result = recognize_best(shorter, self._catalog.intents, language=self._catalog.language)
            if result is not None:
                return result
        return None


def _free_text(result: RecognizeResult) -> int:
    return sum(len(str(e.value)) for e in result.entities.values() if e.is_wildcard)
