"""A word graph as a bigram language model (ARPA), computed from its structure.

A JSGF/FSG search over the whole cockpit grammar is too slow for an embedded recogniser (PocketSphinx
measured RTF ≈ 2.4 on two cores), while an n-gram search over a few hundred words runs far faster
than real time. The bigrams come from the template trees directly (which word can follow which: the
Glushkov construction), so nothing is enumerated. A class of common "garbage" words at low weight
absorbs speech the grammar does not cover, the way Vosk's ``[unk]`` does: a transcript that contains
them is not an in-grammar command, and the hybrid decoder hands the audio to the open pass.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from assistant.asr.grammar import Alt, Free, Node, Ref, WordGraph, Words

BOS, EOS, GAP = "<s>", "</s>", "<gap>"
Gram = tuple[str, ...]
ORDER = 3


@dataclass(frozen=True)
class _Shape:
    """What an expression contributes to a trigram model, with no sentence listed.

    ``first``/``last`` hold its possible word strings cut to their first/last two words (a shorter
    string stands for a whole one, ``()`` for the empty one); ``grams`` holds every 2- and 3-gram
    that occurs wholly inside it. This is the k-testable abstraction of the template's language.
    """

    first: frozenset[Gram]
    last: frozenset[Gram]
    grams: frozenset[Gram]


_EMPTY = _Shape(frozenset({()}), frozenset({()}), frozenset())
_K = ORDER - 1


def _grams_of(words: Gram) -> set[Gram]:
    return {words[i : i + n] for n in range(2, ORDER + 1) for i in range(len(words) - n + 1)}


def _concat(a: _Shape, b: _Shape) -> _Shape:
    first = {p for p in a.first if len(p) == _K} | {(p + q)[:_K] for p in a.first if len(p) < _K for q in b.first}
    last = {q for q in b.last if len(q) == _K} | {(p + q)[-_K:] for q in b.last if len(q) < _K for p in a.last}
    crossing = {g for p in a.last for q in b.first for g in _grams_of(p + q)}
    return _Shape(frozenset(first), frozenset(last), a.grams | b.grams | frozenset(crossing))


def _word(word: str) -> _Shape:
    return _Shape(frozenset({(word,)}), frozenset({(word,)}), frozenset())


def _shape(node: Node, graph: WordGraph, memo: dict[str, _Shape]) -> _Shape:
    if isinstance(node, Words):
        words = node.words
        return _Shape(frozenset({words[:_K]}), frozenset({words[-_K:]}), frozenset(_grams_of(words)))
    if isinstance(node, Free):
        return _word(GAP)
    if isinstance(node, Ref):
        if node.name not in memo:
            memo[node.name] = _EMPTY  # guards against recursion
            body = graph.rules.get(node.name)
            memo[node.name] = _shape(body, graph, memo) if body is not None else _EMPTY
        return memo[node.name]
    shapes = [_shape(item, graph, memo) for item in node.items]
    if isinstance(node, Alt):
        union = _union(shapes)
        return _union([union, _EMPTY]) if node.optional else union
    if node.any_order:  # a permutation: each item may follow any other
        return _union([_concat(a, b) for i, a in enumerate(shapes) for j, b in enumerate(shapes) if i != j] or shapes)
    result = _EMPTY
    for shape in shapes:
        result = _concat(result, shape)
    return result


def _union(shapes: list[_Shape]) -> _Shape:
    return _Shape(
        frozenset().union(*(s.first for s in shapes)),
        frozenset().union(*(s.last for s in shapes)),
        frozenset().union(*(s.grams for s in shapes)),
    )


def gram_counts(graph: WordGraph) -> Counter[Gram]:
    """How many templates allow each 2- and 3-gram, sentence ends included; ``GAP`` marks free text."""
    counts: Counter[Gram] = Counter()
    memo: dict[str, _Shape] = {}
    framed = [_shape(node, graph, memo) for nodes in graph.intents.values() for node in nodes]
    framed += [_shape(filler, graph, memo) for filler in graph.fillers]
    for shape in framed:
        sentence = _concat(_concat(_word(BOS), shape), _word(EOS))
        counts.update(sentence.grams)
    return counts


@dataclass(frozen=True)
class LmSettings:
    backoff_mass: float = 0.1  # share of each word's successors left to unseen words
    gap_backoff_mass: float = 0.6  # the same before free text, where any word may follow
    garbage_mass: float = 0.08  # share of the unigram mass held by garbage words


def to_arpa(counts: Counter[Gram], garbage: Mapping[str, float], settings: LmSettings | None = None) -> str:
    """A backed-off trigram model. ``garbage`` maps out-of-grammar words to relative weights."""
    s = settings or LmSettings()
    before_gap = {g[:-1] for g in counts if g[-1] == GAP}  # histories that free text may follow
    grams = Counter({g: n for g, n in counts.items() if GAP not in g})
    successors: Counter[str] = Counter()
    for gram, n in grams.items():
        if len(gram) == 2:
            successors[gram[1]] += n
    total = sum(successors.values())
    garbage = {w: v for w, v in garbage.items() if w not in successors and w not in (BOS, EOS) and v > 0}
    garbage_total = sum(garbage.values())
    mass = s.garbage_mass if garbage else 0.0
    unigram = {w: (1 - mass) * n / total for w, n in successors.items()}
    unigram.update({w: mass * v / garbage_total for w, v in garbage.items()})

    def share(history: Gram) -> float:
        return s.gap_backoff_mass if history in before_gap else s.backoff_mass

    by_history: dict[Gram, dict[str, int]] = {}
    for gram, n in grams.items():
        by_history.setdefault(gram[:-1], {})[gram[-1]] = n
    prob: dict[Gram, float] = {(w,): p for w, p in unigram.items()}
    backoff: dict[Gram, float] = {}
    for order in range(2, ORDER + 1):
        for history, following in sorted((h, f) for h, f in by_history.items() if len(h) == order - 1):
            seen_total = sum(following.values())
            for word, n in following.items():
                prob[(*history, word)] = (1 - share(history)) * n / seen_total
            covered = sum(_backed_off(prob, backoff, (*history[1:], word)) for word in following)
            backoff[history] = share(history) / max(1e-9, 1 - covered)

    sizes = [sum(1 for g in prob if len(g) == n) + (n == 1) for n in range(1, ORDER + 1)]
    lines = ["\\data\\", *(f"ngram {n}={size}" for n, size in enumerate(sizes, 1))]
    for order in range(1, ORDER + 1):
        lines += ["", f"\\{order}-grams:"]
        if order == 1:
            lines.append(f"-99.0000 {BOS} {_log10(backoff.get((BOS,), 1.0)):.4f}")
        for gram in sorted(g for g in prob if len(g) == order):
            entry = f"{_log10(prob[gram]):.4f} {' '.join(gram)}"
            lines.append(entry + (f" {_log10(backoff.get(gram, 1.0)):.4f}" if order < ORDER else ""))
    lines += ["", "\\end\\", ""]
    return "\n".join(lines)


def _backed_off(prob: Mapping[Gram, float], backoff: Mapping[Gram, float], gram: Gram) -> float:
    """P(last word | the rest), backing off to shorter histories as the model would."""
    if gram in prob:
        return prob[gram]
    if len(gram) == 1:
        return 0.0
    return backoff.get(gram[:-1], 1.0) * _backed_off(prob, backoff, gram[1:])


def _log10(p: float) -> float:
    return math.log10(max(p, 1e-99))
