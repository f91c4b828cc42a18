"""Readings of a whole sentence that no template holds as said: a reason alone (an aside), a
correction's opening words before a command, a question put through a request, a request not to do
something, a topic said before the request about it, a stop on the way to a place, and a request for
equipment the car does not control. Pure: the router's own matcher does the matching."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from hassil import recognize_best

from assistant.cockpit.followup import ADJUST_LAST, UNDO
from assistant.events import Command
from assistant.nlu import combine
from assistant.nlu.catalog import ASIDE, NOT_OURS, IntentCatalog
from assistant.nlu.lexicon import Lexicon
from assistant.nlu.phrases import Phrase, as_asked, clauses, closing, holds, opening, openings, without_particles
from assistant.nlu.slots import entities_to_slots
from assistant.nlu.text import Tokens

_MAX_TOPIC = 8  # words: a topic is a thing named, not a clause of its own
_MAX_REMARK = 16  # words (characters in Chinese) of a remark searched for the thing it names


class Readings:
    """What a sentence means when it does not match as said, through ``match`` (the router's)."""

    def __init__(
        self,
        catalog: IntentCatalog,
        match: Callable[[str], Command | None],
        tokens: Tokens,
        words: Lexicon,
        answers: frozenset[str],
    ) -> None:
        self._catalog = catalog
        self._match = match
        self._tokens = tokens
        self._words = words
        self._answers = answers
        self._not_ours = sorted(catalog.not_ours, key=len, reverse=True)  # "座椅按摩" before "按摩"

    def of_whole(self, text: str) -> Command | None:
        """A correction, a question put through a request, else an aside; None when it is none of them."""
        return (
            self.corrected(text)
            or self.asked_through_request(text)
            or self.aside(text)
            or self.for_equipment_not_ours(text)
        )

    def aside(self, text: str) -> Command | None:
        """``text`` as an aside, with what comes before the reason (屁股底下 in 屁股底下好凉) as its context."""
        asides = self._catalog.asides
        result = None if asides is None else recognize_best(text, asides, language=self._catalog.language)
        if result is None:
            return None
        return Command(intent=ASIDE, slots=entities_to_slots(result.entities), text=text)

    def took_in_request(self, reason: Command, words: tuple[str, ...]) -> bool:
        """A reason whose context took in a request set apart from it: 老婆怀孕了，副驾空调别太冷 is a reason
        and a request, not one reason (commas are gone from the text a template sees). Clauses that are
        reasons themselves (出门有点急，忘了带外套，现在有点冷) stay one; one that asks for something not to
        be (别太冷) is no reason."""
        if reason.intent != ASIDE or "," not in words[:-1]:
            return False
        for clause in clauses(words):
            said = self._tokens.join(clause)
            request = self._match(said)
            reasons = self.aside(said) is not None and not holds(clause, self._words.negations)
            if request is not None and request.intent != ASIDE and not reasons:
                return True
        return False

    def asked_through_request(self, text: str) -> Command | None:
        """ "帮我看看胎压正常吗", "tell me how much battery is left": a question put through a request
        to check or tell is the question itself, when an intent that only answers takes it."""
        words = self._words.past_opening_skips(self._tokens.split(text))
        prefix = opening(words, self._words.query_prefixes) or ()
        suffix = () if prefix else closing(words, self._words.query_prefixes) or ()  # 胎压看一下: said after it
        if not (prefix or suffix) or len(prefix) == len(words):
            return None
        catalog = self._catalog
        asked = words[len(prefix) : len(words) - len(suffix)]
        for question in as_asked(asked, catalog.auxiliaries, catalog.do_support):
            command = self._match(self._tokens.join(question))
            if command is not None and command.intent in self._answers:
                return command
        return None

    def stop_on_the_way_to(self, text: str) -> tuple[Command, ...]:
        """ "find me a coffee place on the way home", "grab some food on our way to the hotel": the stop,
        and the trip's end said after it (a question, "is there traffic on the way to work", is neither)."""
        words = self._tokens.split(text)
        for stop_said, going_said in self._trip_splits(words):
            stop = self._match(self._tokens.join(stop_said))
            going = self._match(self._tokens.join((self._catalog.go_verb, *going_said))) if stop else None
            if stop is not None and going is not None and combine.is_stop_before(stop, going):
                return (stop, going)
        return ()

    def _trip_splits(self, words: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], tuple[str, ...]]]:
        """(the stop's words, the trip end's words) at each ``trip_ends`` phrase: the stop ends with the
        phrase, or, said first ("on the way home, find a gas station"), takes it after its own words."""
        lowered = tuple(w.lower() for w in words)
        for at, lead in ((at, lead) for at in range(len(words)) for lead in self._words.trip_ends):
            end = at + len(lead)
            if lowered[at:end] != lead or end >= len(words):
                continue
            if at > 0:
                yield words[:end], words[end:]
            else:
                yield from ((words[cut:] + lead, words[end:cut]) for cut in range(end + 1, len(words)))

    def topic_first(self, text: str) -> Command | None:
        """ "the fan, turn it up" is "turn the fan up": a topic said first, before a comma, that no template
        holds alone, and one pronoun for it in the request after (also after the word the pronoun comes
        before: "the seats in the back, warm them up" is "warm up the seats in the back")."""
        words = self._tokens.split(text)
        if "," not in words:
            return None
        at = words.index(",")
        topic = without_particles(words[:at], self._words.particles)
        request = words[at + 1 :]
        pronouns = self._words.topic_pronouns
        found = self._pronouns_in(request, first=1)
        if not topic or len(topic) > _MAX_TOPIC or len({i for i, _ in found}) != 1 or holds(topic, pronouns):
            return None
        alone = self._match(self._tokens.join(topic))
        if alone is not None and alone.intent == ASIDE:
            return None  # "it's cold, turn it up": a reason, said before the request it is for
        i, pronoun = found[0]
        before, after = request[:i], request[i + len(pronoun) :]
        named = self._tokens.join(topic).lower()
        for said in ((*before, *topic, *after), (*before, *after[:1], *topic, *after[1:])):
            command = self._match(self._tokens.join(said))
            # a topic may be a request alone (空调，把它关了): a thing named, which a whole request never is
            if command is None or command.intent == ASIDE or "ref" in command.slots:
                continue
            # free text is the topic itself ("the beatles, put them on"), never the topic run on into the
            # request's words: "that's a bit much, put it on low" names no song "that's a bit much low"
            if any(str(command.slots.get(name, "")).lower() != named for name in command.wildcards):
                continue
            return command.model_copy(update={"text": text})
        return None

    def _pronouns_in(self, request: tuple[str, ...], first: int) -> list[tuple[int, Phrase]]:
        """Each topic pronoun in ``request`` from word ``first`` on, with where it starts."""
        lowered = tuple(w.lower() for w in request)
        pronouns = self._words.topic_pronouns
        return [(i, p) for i in range(first, len(request)) for p in pronouns if lowered[i : i + len(p)] == p]

    def named_in_remark(self, text: str) -> Command | None:
        """空调会不会很费电，要不先关了吧 and "is the AC using a lot of power? turn it off then": a thing named
        inside a question or remark that is no command, then a comma and a request that names nothing (a
        bare verb, a pronoun, or a level: 先开个一档). The longest stretch of the remark that the request
        takes as its object is the thing; Chinese drops the pronoun and puts the thing first. For
        sentences nothing else matched."""
        words = self._tokens.split(text)
        if "," not in words:
            return None
        at = len(words) - 1 - words[::-1].index(",")  # 后视镜那边的窗户，就我这边，关一下: the last clause asks
        remark = without_particles(words[:at], self._words.particles)
        request = words[at + 1 :]
        found = self._pronouns_in(request, first=0)
        if len({i for i, _ in found}) > 1 or (not found and not self._tokens.unspaced):
            return None
        if not found:
            request = without_particles(request, self._words.particles)  # 要不先关了吧 is 先关了吧
        if not remark or len(remark) > _MAX_REMARK:
            return None
        named = self._named_in_remark(remark, request, found[0] if found else None)
        return None if named is None else named.model_copy(update={"text": text})

    def _named_in_remark(
        self, remark: tuple[str, ...], request: tuple[str, ...], pronoun: tuple[int, Phrase] | None
    ) -> Command | None:
        """The command of the longest stretch of ``remark`` that ``request`` takes as its object, in place
        of its ``pronoun`` (at its index) or, with none, before it."""
        if self._match(self._tokens.join(remark)) is not None:
            return None  # "it's cold, turn it up": a reason (or a command) of its own
        alone = self._match(self._tokens.join(request))
        if alone is not None and not combine.names_nothing(alone):
            return None  # the request names its own thing
        if alone is not None and combine.is_bare_verb(alone) and self._words.holds_negation(remark):
            return None  # 后面别开窗了，关上: on or off against what is not to be done (a value is the thing's)
        shortest = 2 if self._tokens.unspaced else 1  # 风 alone is in 外面风好大 as often as it is the fan
        for size in range(min(len(remark), _MAX_TOPIC), shortest - 1, -1):
            for start in range(len(remark) - size + 1):
                thing = remark[start : start + size]
                if "," in thing or (self._tokens.unspaced and not self._words.knows_words_in(thing)):
                    continue  # a stretch of characters that holds no word of the templates names nothing
                if pronoun is None:
                    said = (*thing, *request)
                else:
                    i, word = pronoun
                    said = (*request[:i], *thing, *request[i + len(word) :])
                command = self._match(self._tokens.join(said))
                if (
                    command is not None
                    and command.intent not in (ASIDE, UNDO, ADJUST_LAST)
                    and "ref" not in command.slots
                    and not command.wildcards
                ):
                    return command
        return None

    def for_equipment_not_ours(self, text: str) -> Command | None:
        """ "open the sunroof", 打开天窗: what the templates hold with a thing the car controls said in place
        of equipment it does not (a question about it, "is the sunroof open", stays the model's)."""
        lowered = text.lower()
        thing = next((t for t in self._not_ours if t.lower() in lowered), None)
        if thing is None or opening(self._tokens.split(text), self._words.how_to) is not None:
            return None  # "how do I open the sunroof" asks how, which a model (or the manual) may know
        at = lowered.index(thing.lower())
        for stand_in in self._catalog.stand_ins:
            command = self._match(text[:at] + stand_in + text[at + len(thing) :])
            if command is not None and command.intent not in (ASIDE, *self._answers) and not command.wildcards:
                return Command(intent=NOT_OURS, slots={"equipment": thing}, text=text)
        return None

    def asked_how(self, text: str) -> Command | None:
        """空调怎么开, "how do I turn on the seat heating", 到外滩怎么走: asked how to do what the car does
        itself, the request. Whole sentences only: a fragment the router builds (a shared verb's words
        put together) may hold a 咋 that asks why. Not "why" (咋还这么冷), nor with a negation after it
        (空调怎么不制冷)."""
        words = self._tokens.split(text)
        for at in range(len(words)):
            how = opening(words[at:], self._words.how_to)
            if how is None:
                continue
            rest = (*words[:at], *words[at + len(how) :])
            if not rest or opening(rest[at:], self._words.negations) is not None:
                return None
            said = self._tokens.join(rest)
            command = self._match(said)
            if command is None or command.intent in (*self._answers, NOT_OURS) or command.wildcards or self.aside(said):
                return None  # 咋还这么冷呢 asks why: a complaint, a reason for what is said beside it
            return command
        return None

    def declined(self, text: str) -> str | None:
        """The intent a sentence asks not to be done, when it is only that, or that and the reasons for
        it: 不要打开车窗, "don't open the window", 别开窗，外面灰大."""
        words = self._tokens.split(text)
        first, *others = clauses(words) or [()]
        if not all(self._only_why(self._tokens.join(clause)) for clause in others):
            return None
        said = self._said_after(first, self._words.negations) or self._said_after_topic(first)
        return said.intent if said is not None and said.intent != ASIDE and not said.wildcards else None

    def _only_why(self, said: str) -> bool:
        """A clause after what is not to be done that only says why: a reason the templates know, or
        words that ask for nothing and ask nothing (头发会乱, "the baby's hair gets messy")."""
        if self.aside(said) is not None:
            return True
        return self._match(said) is None and not self._words.is_question(said)

    def _said_after_topic(self, words: tuple[str, ...]) -> Command | None:
        """后面窗户别开 is 别开后面窗户: Chinese puts what is not to be done first, as the topic, and the
        negation after it."""
        if not self._tokens.unspaced:
            return None
        for at in range(1, len(words) - 1):
            lead = opening(words[at:], self._words.negations)
            if lead is not None:
                return self._said_after((*lead, *words[at + len(lead) :], *words[:at]), [lead])
        return None

    def corrected(self, text: str) -> Command | None:
        """ "我说的是小点", "I meant 23": the command after a correction's opening words, marked as one
        (also after particles: "actually, make that a gas station instead")."""
        words = self._tokens.split(text)
        corrections = self._words.corrections
        command = self._said_after(words, corrections)
        if command is None and (bare := without_particles(words, self._words.particles)) != words:
            command = self._said_after(bare, corrections)
        if command is None or command.intent in (ASIDE, UNDO):
            return None
        return command.model_copy(update={"corrects": True, "text": text})

    def _said_after(self, words: tuple[str, ...], leads: list[Phrase]) -> Command | None:
        """The match of what follows one of ``leads`` at the start of ``words``, if anything does; the
        longest opening first (我说的是 | 小点, then 我说的 | 是浦东机场)."""
        for lead in openings(words, leads):
            command = self._match(self._tokens.join(words[len(lead) :])) if len(lead) < len(words) else None
            if command is not None:
                return command
        return None
