"""The words a router reads a sentence by, as one language has them: conjunctions, negations and
deferrals, question words, skip words, the car's equipment we do not control. Pure: questions about
the words of a clause, never a match against the templates."""

from __future__ import annotations

import re

from assistant.events import Command
from assistant.nlu.catalog import IntentCatalog
from assistant.nlu.phrases import Phrase, closing, cuts_into, holds, opening, past_openings, skip_word_pattern
from assistant.nlu.text import Tokens

_NUMBER_CHARS = frozenset("二两三四五六七八九十百半")  # not 一: it is in too many words (一下, 一会儿)


class Lexicon:
    """One language's reading words, split into tokens as its text is."""

    def __init__(self, catalog: IntentCatalog, tokens: Tokens) -> None:
        self._catalog = catalog
        self.tokens = tokens
        self.conjunctions = self.phrases(catalog.conjunctions)
        self.particles = self.phrases(catalog.particles)
        self.query_prefixes = self.phrases(catalog.query_prefixes)
        self.how_to = self.phrases(catalog.how_to)
        self.corrections = self.phrases(catalog.corrections)
        self.trip_ends = self.phrases(catalog.trip_ends)
        self.topic_pronouns = self.phrases(catalog.topic_pronouns)
        self.negations = self.phrases(catalog.negations)
        self._not_now = self.phrases((*catalog.negations, *catalog.deferrals))
        self._purposes = self.phrases(catalog.purposes)
        self.skip_words: re.Pattern[str] | None = skip_word_pattern(catalog.skip_words)
        self._skip_phrases = self.phrases(catalog.skip_words)
        self._courtesy_kinds = {p: kind for kind, said in catalog.courtesies.items() for p in self.phrases(said)}
        self._courtesies = sorted(self._courtesy_kinds, key=len, reverse=True)

    def phrases(self, phrases: tuple[str, ...]) -> list[Phrase]:
        """Each phrase as tokens, longest first (so "and then" is tried before "and")."""
        return sorted((self.tokens.split(p.lower()) for p in phrases if p.strip()), key=len, reverse=True)

    def holds_conjunction(self, words: tuple[str, ...]) -> bool:
        return holds(words, self.conjunctions)

    def without_closing_conjunction(self, words: tuple[str, ...]) -> tuple[str, ...]:
        return words[: len(words) - len(closing(words, self.conjunctions) or ())]

    def wildcard_spans_conjunction(self, command: Command) -> bool:
        return any(
            self.holds_conjunction(self.tokens.split(str(command.slots.get(name, "")).replace(",", " , ")))
            for name in command.wildcards
        )

    def negated(self, words: tuple[str, ...]) -> bool:
        return opening(words, self.negations) is not None

    def holds_negation(self, words: tuple[str, ...]) -> bool:
        return holds(words, self.negations)

    def not_now(self, words: tuple[str, ...]) -> bool:
        """Negated or put off: 等会儿再开空调, 如果下雨就关窗."""
        return holds(words, self._not_now)

    def later_purpose(self, words: tuple[str, ...]) -> bool:
        """What is meant to happen later, not negated: 等下要放行李, "I'll put my bags in later"."""
        return holds(words, self._purposes) and not holds(words, self.negations)

    def asks_whether_done(self, text: str) -> bool:
        """车门关好了吗 asks; it does not close anything (了 is a skip word, so 关好吗 would match)."""
        catalog = self._catalog
        said = text.rstrip("?？!！。. ")
        return said.endswith(catalog.done_questions) and not any(w in said for w in catalog.request_words)

    def courtesy(self, text: str) -> str | None:
        """The kind of the first courtesy in a sentence said of courtesies, skip words and particles
        alone ("hi, thanks", "thank you dear", 谢谢你啊): what answers it is the car's, not a model's guess."""
        words = tuple(w for w in self.tokens.split(text) if w != ",")
        kinds: list[str] = []
        while words:
            said = opening(words, self._courtesies)
            if said is not None:
                kinds.append(self._courtesy_kinds[said])
            elif (said := opening(words, self._skip_phrases) or opening(words, self.particles)) is None:
                return None
            words = words[len(said) :]
        return kinds[0] if kinds else None

    def past_opening_skips(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """``words`` past the skip words they open with (麻烦你 | 帮我看一下现在放的是哪首歌)."""
        return past_openings(words, self._skip_phrases)

    def never_cut_at(self, words: tuple[str, ...], at: int) -> bool:
        """A cut at ``at`` falls inside the name of equipment we do not control (天 | 窗开一下), or
        between a measure word and its noun (下个 | 服务区)."""
        join = self.tokens.join
        if 0 < at <= len(words) and words[at - 1] in self._catalog.classifiers:
            return True
        return cuts_into(join(words[:at]), join(words[at:]), self._catalog.not_ours)

    def said(self, free_text: str) -> str:
        """Free text without the skip words: empty when it names nothing."""
        skip = self.skip_words
        return (skip.sub("", free_text) if skip else free_text).strip(" ,")

    def is_question(self, free_text: str) -> bool:
        return any(word in free_text for word in self._catalog.question_words)

    def names_nothing(self, free_text: str) -> bool:
        """Free text that asks (播放器怎么用), describes (个安静的地方) or is only skip words (一下)."""
        lowered = free_text.strip(" ,").lower()
        described = any(lowered.startswith(w) or lowered.endswith(w) for w in self._catalog.descriptive_words)
        return self.is_question(free_text) or described or not self.said(free_text)

    def names_no_place(self, free_text: str) -> bool:
        """A place is no equipment of the car (导航播报关掉) and no refusal (导航别说话了: a negation and a
        filler; 别墅区 is a place). A song may be either ("不要说话", "Doors"), so this is for places only."""
        lowered = free_text.strip(" ,").lower()
        words = self.tokens.split(lowered)
        refused = self.negated(words) and self.said(lowered) != lowered
        # 看看附近有没有超市: what opens a question put through a request (看看, 查一下) opens no name
        asks = opening(words, self.query_prefixes) is not None
        return refused or asks or any(thing in lowered for thing in self._catalog.not_ours)

    def opens_question(self, context: tuple[str, ...]) -> bool:
        """ "I'm hungry, what's a good recipe for pasta" asks ("can you, like, ..." does not)."""
        return len(context) > 2 and context[0].lower() in self._catalog.question_openers

    def holds_number(self, said: str) -> bool:
        """A number is never idle context: 打开车窗到百分之三十 is not 打开车窗."""
        return any(ch.isdigit() or ch in _NUMBER_CHARS for ch in said)

    def knows_words_in(self, tokens: tuple[str, ...]) -> bool:
        vocabulary = self._catalog.vocabulary
        spans = (self.tokens.join(tokens[i:j]) for i in range(len(tokens)) for j in range(i + 2, len(tokens) + 1))
        return any(span in vocabulary for span in spans)
