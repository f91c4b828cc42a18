"""Word-level helpers the router applies to tokenised text: pure functions over tokens and the
phrases a language's file lists (each phrase as tokens, lower case, longest first)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

Phrase = tuple[str, ...]


def holds(words: Sequence[str], phrases: Sequence[Phrase]) -> bool:
    """Whether one of ``phrases`` is said in ``words``, as whole words (a deferral's "if" is not in "gift")."""
    lowered = tuple(w.lower() for w in words)
    return any(lowered[i : i + len(p)] == p for p in phrases for i in range(len(lowered)))


def opening(words: Sequence[str], phrases: Sequence[Phrase]) -> Phrase | None:
    """The first of ``phrases`` that ``words`` start with."""
    return next(openings(words, phrases), None)


def openings(words: Sequence[str], phrases: Sequence[Phrase]) -> Iterator[Phrase]:
    """Each of ``phrases`` that ``words`` start with, in the order given."""
    lowered = tuple(w.lower() for w in words)
    return (p for p in phrases if lowered[: len(p)] == p)


def closing(words: Sequence[str], phrases: Sequence[Phrase]) -> Phrase | None:
    """The first of ``phrases`` that ``words`` end with, shorter than ``words``."""
    lowered = tuple(w.lower() for w in words)
    return next((p for p in phrases if len(p) < len(words) and lowered[-len(p) :] == p), None)


def past_openings(words: Sequence[str], phrases: Sequence[Phrase]) -> tuple[str, ...]:
    """``words`` past the ``phrases`` they open with, one after another, never to nothing."""
    words = tuple(words)
    while (said := opening(words, phrases)) is not None and len(said) < len(words):
        words = words[len(said) :]
    return words


def clauses(words: Sequence[str]) -> list[tuple[str, ...]]:
    """``words`` cut at their commas, without empty clauses."""
    cut: list[tuple[str, ...]] = [()]
    for word in words:
        if word == ",":
            cut.append(())
        else:
            cut[-1] += (word,)
    return [c for c in cut if c]


def without_particles(words: Sequence[str], particles: Sequence[Phrase]) -> tuple[str, ...]:
    """``words`` without the particles at their start and one at their end ("ok you can close it now",
    "and ... too")."""
    words = past_openings(words, particles)
    end = closing(words, particles)
    return words if end is None else words[: len(words) - len(end)]


def as_asked(words: Phrase, auxiliaries: Sequence[str], do: str) -> Iterator[Phrase]:
    """The words of a question said inside a request, then as the question is asked: the first
    auxiliary moved before the subject wherever it may have stood ("how far it is" is asked "how far
    is it"), or with none, the language's ``do`` put there ("how much range I have left")."""
    yield words
    at = next((i for i, word in enumerate(words) if i > 0 and word.lower() in auxiliaries), None)
    if at is not None:
        for place in range(at):
            yield (*words[:place], words[at], *words[place:at], *words[at + 1 :])
    elif do:
        for place in range(1, len(words)):
            yield (*words[:place], do, *words[place:])


def said_once(text: str) -> str:
    """A word said twice in a row, once: a stumble ("open the the window"). Tried only when nothing
    matched, so "play Duran Duran" keeps its band."""
    words = text.split()
    return " ".join(w for i, w in enumerate(words) if i == 0 or w.lower() != words[i - 1].lower())


def skip_word_pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    """One pattern finding any of a language's skip words, the longest first; None when it has none."""
    ordered = sorted({w for w in words if w.strip()}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in ordered)) if ordered else None


def cuts_into(left: str, right: str, names: Sequence[str]) -> bool:
    """Whether a cut between ``left`` and ``right`` falls inside one of ``names``: 天 | 窗开一下 cuts 天窗."""
    return any(left.endswith(name[:k]) and right.startswith(name[k:]) for name in names for k in range(1, len(name)))
