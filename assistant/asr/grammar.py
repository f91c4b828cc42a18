"""Intent templates as a word graph, from their structure, without listing sentences.

Each template becomes a small tree: sequences stay sequences, alternatives and optionals keep their
shape, lists and expansion rules become shared rules, and numbers are spelled out as words. Engine
formats are emitted from that tree: JSGF here, a bigram language model in ``ngram.py``, a word list
for Vosk. What a grammar cannot hold is reported, never silently lost: free-text slots
(``{destination}``) become ``Free`` gaps that only the open-vocabulary pass can fill, and words the
recogniser's dictionary does not know are left out.

Chinese templates have no spaces ("把空调调到"); ``max_match`` cuts them into the recogniser's own
words, longest first ("把 空调 调到"), so the grammar holds words the model can decode.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from hassil import Intents
from hassil.expression import Alternative, Expression, Group, ListReference, RuleReference, Sentence, TextChunk
from hassil.intents import RangeSlotList, SlotList, TextSlotList, WildcardSlotList

from assistant.nlu.text import number_speller

_NOT_WORD = re.compile(r"[^\w' ]+")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Words:
    words: tuple[str, ...]


@dataclass(frozen=True)
class Seq:
    items: tuple[Node, ...]
    any_order: bool = False  # a hassil permutation


@dataclass(frozen=True)
class Alt:
    items: tuple[Node, ...]
    optional: bool = False


@dataclass(frozen=True)
class Ref:
    name: str  # a key of ``WordGraph.rules``


@dataclass(frozen=True)
class Free:
    slot: str  # free text: only the open-vocabulary pass can hear it


Node = Words | Seq | Alt | Ref | Free


@dataclass
class WordGraph:
    """Every intent's templates as trees over shared rules, plus what was left out and why."""

    intents: dict[str, list[Node]] = field(default_factory=dict)
    rules: dict[str, Node | None] = field(default_factory=dict)  # None: the rule cannot be expressed
    words: set[str] = field(default_factory=set)
    fillers: list[Words] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    templates: int = 0


@dataclass(frozen=True)
class Grammar:
    text: str
    words: set[str]
    dropped: list[str]
    templates: int


Segmenter = Callable[[str], tuple[str, ...] | None]


def max_match(known: Callable[[str], bool], longest: int = 8) -> Segmenter:
    """Forward maximum matching: unspaced text as the longest known words, left to right; None if a
    character is neither a word nor the start of one."""

    def segment(text: str) -> tuple[str, ...] | None:
        words: list[str] = []
        start = 0
        while start < len(text):
            end = next((e for e in range(min(len(text), start + longest), start, -1) if known(text[start:e])), None)
            if end is None:
                return None
            words.append(text[start:end])
            start = end
        return tuple(words)

    return segment


class GraphBuilder:
    """``build()`` turns an ``Intents`` collection into a ``WordGraph``; ``known`` says which words may
    appear, and ``segment`` (for unspaced languages) cuts a chunk into such words."""

    def __init__(
        self,
        intents: Intents,
        known: Callable[[str], bool] = lambda word: True,
        number_words: Callable[[float], str] | None = None,
        fillers: Iterable[str] = (),
        segment: Segmenter | None = None,
    ) -> None:
        self._intents = intents
        self._known = known
        self._segment = segment
        self._number_words = number_words or number_speller(intents.language)
        self._filler_texts = list(fillers)
        self._graph = WordGraph()

    def build(self) -> WordGraph:
        graph = self._graph
        for intent_name, intent in sorted(self._intents.intents.items()):
            for data in intent.data:
                lists = {**self._intents.slot_lists, **data.slot_lists}
                rules = {**self._intents.expansion_rules, **data.expansion_rules}
                for sentence in data.sentences:
                    graph.templates += 1
                    node = self._node(sentence.expression, lists, rules)
                    if node is None:
                        graph.dropped.append(f"{intent_name}: {sentence.text or '(template)'}")
                    else:
                        graph.intents.setdefault(intent_name, []).append(node)
        graph.fillers = [w for w in (self._words(text) for text in self._filler_texts) if w is not None and w.words]
        return graph

    def _words(self, text: str) -> Words | None:
        """A text chunk as dictionary words, digits spelled out; None if any word is unknown."""
        text = _DIGITS.sub(lambda m: f" {self._number_words(float(m.group()))} ", text.lower())
        words = tuple(_NOT_WORD.sub(" ", text.replace("-", " ")).split())
        if self._segment is not None:
            pieces = [self._segment(w) for w in words]
            if any(p is None for p in pieces):
                return None
            words = tuple(w for p in pieces if p is not None for w in p)
        if any(not self._known(w) for w in words):
            return None
        self._graph.words.update(words)
        return Words(words)

    def _node(self, expr: Expression, lists: dict[str, SlotList], rules: dict[str, Sentence]) -> Node | None:
        if isinstance(expr, TextChunk):
            return self._words(expr.original_text or expr.text)
        if isinstance(expr, Alternative):
            options = [self._node(item, lists, rules) for item in expr.items]
            present = tuple(o for o in options if o is not None and o != Words(()))
            optional = expr.is_optional or any(o == Words(()) for o in options)
            if not present:
                return Words(()) if optional else None
            return Alt(present, optional)
        if isinstance(expr, Group):  # sequences and permutations
            parts = [self._node(item, lists, rules) for item in expr.items]
            if any(p is None for p in parts):
                return None
            kept = tuple(p for p in parts if p is not None and p != Words(()))
            return Seq(kept, any_order=type(expr).__name__ == "Permutation")
        if isinstance(expr, ListReference):
            return self._list_rule(expr.list_name, expr.slot_name, lists, rules)
        if isinstance(expr, RuleReference):
            name = f"rule_{expr.rule_name}"
            if name not in self._graph.rules:
                self._graph.rules[name] = None  # guards against recursion while expanding
                self._graph.rules[name] = self._node(rules[expr.rule_name].expression, lists, rules)
            return Ref(name) if self._graph.rules[name] is not None else None
        return None

    def _list_rule(self, name: str, slot: str, lists: dict[str, SlotList], rules: dict[str, Sentence]) -> Node | None:
        slot_list = lists.get(name)
        if isinstance(slot_list, WildcardSlotList):
            return Free(slot)
        key = f"list_{name}"
        if key in self._graph.rules:
            return Ref(key) if self._graph.rules[key] is not None else None
        body: Node | None = None
        if isinstance(slot_list, TextSlotList):
            options = [self._node(value.text_in, lists, rules) for value in slot_list.values]
            kept = tuple(dict.fromkeys(o for o in options if o is not None and o != Words(())))
            if len(kept) < len(set(options)):
                self._graph.dropped.append(f"list {name}: {len(set(options)) - len(kept)} value(s) with unknown words")
            body = Alt(kept) if kept else None
        elif isinstance(slot_list, RangeSlotList):
            numbers = (self._words(self._number_words(float(n))) for n in slot_list.get_numbers())
            spelled = tuple(sorted({n for n in numbers if n is not None and n.words}, key=lambda w: w.words))
            body = Alt(spelled) if spelled else None
        self._graph.rules[key] = body
        return Ref(key) if body is not None else None


def to_jsgf(graph: WordGraph, name: str = "cockpit") -> Grammar:
    """A JSGF grammar. Templates with free text cannot be expressed in it and are reported."""
    dropped = list(graph.dropped)
    rules: dict[str, str] = {}
    intent_rules = []
    for intent_name, nodes in graph.intents.items():
        bodies = [b for b in (_jsgf(node, graph, rules) for node in nodes) if b is not None]
        dropped += [f"{intent_name}: a template with free text" for _ in range(len(nodes) - len(bodies))]
        if bodies:
            rule = _jsgf_rule(f"intent_{intent_name}")
            rules[rule] = " | ".join(f"( {b} )" for b in bodies)
            intent_rules.append(rule)
    lines = ["#JSGF V1.0;", f"grammar {name};"]
    command = " | ".join(intent_rules) or "<VOID>"
    fillers = " | ".join(" ".join(f.words) for f in graph.fillers)
    if fillers:
        lines += [f"<filler> = {fillers};", f"public <command> = [ <filler> ] ( {command} ) [ <filler> ];"]
    else:
        lines.append(f"public <command> = {command};")
    lines += [f"{rule} = {body};" for rule, body in rules.items()]
    return Grammar("\n".join(lines) + "\n", set(graph.words), dropped, graph.templates)


def _jsgf_rule(name: str) -> str:
    return f"<{re.sub(r'[^A-Za-z0-9_]', '_', name)}>"


def _jsgf(node: Node, graph: WordGraph, rules: dict[str, str]) -> str | None:
    if isinstance(node, Words):
        return " ".join(node.words)
    if isinstance(node, Free):
        return None
    if isinstance(node, Ref):
        rule = _jsgf_rule(node.name)
        if rule not in rules:
            rules[rule] = ""  # guards against recursion
            body = graph.rules[node.name]
            expanded = _jsgf(body, graph, rules) if body is not None else None
            if expanded is None:
                del rules[rule]
                return None
            rules[rule] = expanded
        return rule
    parts = [_jsgf(item, graph, rules) for item in node.items]
    if isinstance(node, Alt):
        present = [p for p in parts if p]
        if not present:
            return "" if node.optional else None
        joined = " | ".join(present)
        return f"[ {joined} ]" if node.optional else f"( {joined} )"
    if any(p is None for p in parts):  # a sequence (permutations keep their written order)
        return None
    return " ".join(p for p in parts if p)


def compile_jsgf(
    intents: Intents, known: Callable[[str], bool] = lambda word: True, fillers: Iterable[str] = ()
) -> Grammar:
    return to_jsgf(GraphBuilder(intents, known, fillers=fillers).build())
