"""Compile intent templates into a JSGF grammar, from their structure, without listing sentences.

Each template becomes one JSGF expansion: sequences stay sequences, alternatives and optionals keep
their shape, lists and expansion rules become rules of their own, and numbers are spelled out as
words. What a grammar cannot hold is left out and reported, never silently lost: free-text slots
(``{destination}``) belong to the open-vocabulary pass, and words the recogniser's dictionary does
not know would make the whole grammar fail to load.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from hassil import Intents
from hassil.expression import Alternative, Expression, Group, ListReference, RuleReference, Sentence, TextChunk
from hassil.intents import RangeSlotList, SlotList, TextSlotList, WildcardSlotList

_NOT_WORD = re.compile(r"[^\w' ]+")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


@dataclass
class Grammar:
    text: str
    words: set[str] = field(default_factory=set)
    dropped: list[str] = field(default_factory=list)  # what was left out, and why
    templates: int = 0


def _rule_name(kind: str, name: str) -> str:
    return f"<{kind}_{re.sub(r'[^A-Za-z0-9_]', '_', name)}>"


class GrammarCompiler:
    """``compile()`` turns an ``Intents`` collection into JSGF; ``known`` says which words may appear."""

    def __init__(
        self,
        intents: Intents,
        known: Callable[[str], bool] = lambda word: True,
        number_words: Callable[[float], str] | None = None,
        fillers: Iterable[str] = (),
    ) -> None:
        self._intents = intents
        self._known = known
        self._number_words = number_words or _english_number_words(intents.language)
        self._fillers = list(fillers)
        self._rules: dict[str, str | None] = {}  # rule name -> body, None when it cannot be expressed
        self._grammar = Grammar(text="")

    def compile(self, name: str = "cockpit") -> Grammar:
        intent_rules = []
        for intent_name, intent in sorted(self._intents.intents.items()):
            bodies = []
            for data in intent.data:
                lists = {**self._intents.slot_lists, **data.slot_lists}
                rules = {**self._intents.expansion_rules, **data.expansion_rules}
                for sentence in data.sentences:
                    self._grammar.templates += 1
                    body = self._expand(sentence.expression, lists, rules)
                    if body is None:
                        self._grammar.dropped.append(f"{intent_name}: {sentence.text or '(template)'}")
                    else:
                        bodies.append(body)
            if bodies:
                rule = _rule_name("intent", intent_name)
                self._rules[rule] = " | ".join(f"( {b} )" for b in bodies)
                intent_rules.append(rule)
        fillers = [self._words(f) for f in self._fillers]
        filler_body = " | ".join(f for f in fillers if f)
        lines = ["#JSGF V1.0;", f"grammar {name};"]
        command = " | ".join(intent_rules) or "<VOID>"
        if filler_body:
            lines.append(f"<filler> = {filler_body};")
            lines.append(f"public <command> = [ <filler> ] ( {command} ) [ <filler> ];")
        else:
            lines.append(f"public <command> = {command};")
        lines += [f"{rule} = {body};" for rule, body in self._rules.items() if body is not None]
        self._grammar.text = "\n".join(lines) + "\n"
        return self._grammar

    def _words(self, text: str) -> str | None:
        """A text chunk as dictionary words, digits spelled out; None if any word is unknown."""
        text = _DIGITS.sub(lambda m: f" {self._number_words(float(m.group()))} ", text.lower())
        words = _NOT_WORD.sub(" ", text.replace("-", " ")).split()
        unknown = [w for w in words if not self._known(w)]
        if unknown:
            return None
        self._grammar.words.update(words)
        return " ".join(words)

    def _expand(self, expr: Expression, lists: dict[str, SlotList], rules: dict[str, Sentence]) -> str | None:
        if isinstance(expr, TextChunk):
            return self._words(expr.original_text or expr.text)
        if isinstance(expr, Alternative):
            options = [self._expand(item, lists, rules) for item in expr.items]
            present = [o for o in options if o]
            if expr.is_optional or any(o == "" for o in options):
                return f"[ {' | '.join(present)} ]" if present else ""
            return f"( {' | '.join(present)} )" if present else None
        if isinstance(expr, Group):  # sequences (and permutations, kept in their written order)
            parts = [self._expand(item, lists, rules) for item in expr.items]
            if any(p is None for p in parts):
                return None
            return " ".join(p for p in parts if p)
        if isinstance(expr, ListReference):
            return self._list_rule(expr.list_name, lists, rules)
        if isinstance(expr, RuleReference):
            rule = _rule_name("rule", expr.rule_name)
            if rule not in self._rules:
                self._rules[rule] = None  # guards against recursion while expanding
                self._rules[rule] = self._expand(rules[expr.rule_name].expression, lists, rules)
            return rule if self._rules[rule] is not None else None
        return None

    def _list_rule(self, name: str, lists: dict[str, SlotList], rules: dict[str, Sentence]) -> str | None:
        rule = _rule_name("list", name)
        if rule in self._rules:
            return rule if self._rules[rule] is not None else None
        slot_list = lists.get(name)
        body: str | None = None
        if isinstance(slot_list, TextSlotList):
            options = {self._expand(value.text_in, lists, rules) for value in slot_list.values}
            kept = sorted(o for o in options if o)
            if len(kept) < len(options):
                self._grammar.dropped.append(f"list {name}: {len(options) - len(kept)} value(s) with unknown words")
            body = " | ".join(f"( {o} )" for o in kept) or None
        elif isinstance(slot_list, RangeSlotList):
            numbers = {self._words(self._number_words(float(n))) for n in slot_list.get_numbers()}
            body = " | ".join(sorted(n for n in numbers if n)) or None
        elif isinstance(slot_list, WildcardSlotList):
            body = None  # free text: the open-vocabulary pass handles it
        self._rules[rule] = body
        return rule if body is not None else None


def _english_number_words(language: str) -> Callable[[float], str]:
    from unicode_rbnf import RbnfEngine

    engine = RbnfEngine.for_language(language)

    def spell(value: float) -> str:
        number = int(value) if float(value).is_integer() else value
        return str(engine.format_number(number).text).replace("-", " ")

    return spell
