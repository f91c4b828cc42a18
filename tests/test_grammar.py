"""Templates -> word graph -> JSGF and a trigram model: nothing is enumerated, and what cannot fit is reported."""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

from hassil import Intents

from assistant.asr.engine import Paired
from assistant.asr.grammar import GraphBuilder, compile_jsgf
from assistant.asr.ngram import BOS, EOS, GAP, LmSettings, gram_counts, to_arpa
from assistant.pipeline import Assistant

COFFEE = """
language: en
intents:
  OrderCoffee:
    data:
      - sentences:
          - "[i'd like|give me] [a|an] [{size}] [{temp}] [{milk}] [{sugar}] [{shots}] {drink} [please]"
lists:
  size: {values: [small, medium, large]}
  temp: {values: [hot, iced]}
  milk: {values: ["with (oat|soy|whole) milk"]}
  sugar: {values: ["with sugar", "no sugar"]}
  shots: {values: ["single shot", "double shot"]}
  drink: {values: [latte, cappuccino, espresso, americano]}
  count: {range: {from: 1, to: 3}}
"""


def test_optional_slots_stay_optional_without_enumerating_sentences() -> None:
    grammar = compile_jsgf(Intents.from_yaml(io.StringIO(COFFEE)))
    assert "<list_drink> = ( latte | cappuccino | espresso | americano );" in grammar.text
    assert "[ <list_size> ]" in grammar.text and "[ <list_milk> ]" in grammar.text
    assert len(grammar.text) < 1500  # 3*3*4*3*3*4 sentences would be far longer
    assert grammar.dropped == []


def test_unknown_words_and_free_text_are_left_out_and_reported() -> None:
    intents = Intents.from_yaml(
        io.StringIO(
            """
language: en
intents:
  Go:
    data:
      - sentences: ["navigate to {place}", "go home"]
  Play:
    data:
      - sentences: ["play {band}"]
lists:
  place: {wildcard: true}
  band: {values: [queen, "zzyzx tribe"]}
"""
        )
    )
    grammar = compile_jsgf(intents, known=lambda w: w != "zzyzx")
    assert "Go: a template with free text" in grammar.dropped
    assert any("list band: 1 value(s)" in d for d in grammar.dropped)
    assert "<list_band> = ( queen );" in grammar.text and "zzyzx" not in grammar.text
    assert "go home" in grammar.text


def test_numbers_are_spelled_out() -> None:
    intents = Intents.from_yaml(
        io.StringIO(
            """
language: en
intents:
  Temp:
    data:
      - sentences: ["set it to {t} degrees", "volume 100 percent"]
lists:
  t: {range: {from: 21, to: 22, fractions: halves}}
"""
        )
    )
    text = compile_jsgf(intents).text
    assert "<list_t> = ( twenty one | twenty one point five | twenty two | twenty two point five );" in text
    assert "volume one hundred percent" in text


def _decoder() -> Any:
    from pocketsphinx import Config, Decoder

    return Decoder(Config(loglevel="FATAL"))


def test_the_whole_cockpit_grammar_loads_into_pocketsphinx(started: Assistant) -> None:
    decoder = _decoder()
    grammar = compile_jsgf(started.catalog.intents, known=lambda w: decoder.lookup_word(w) is not None)
    decoder.add_jsgf_string("cockpit", grammar.text)  # raises if the grammar is not valid JSGF
    assert grammar.templates >= 300
    kept = grammar.templates - sum(1 for d in grammar.dropped if not d.startswith("list "))
    assert kept / grammar.templates > 0.8, grammar.dropped[:20]


def _coffee_counts() -> Counter[tuple[str, ...]]:
    return gram_counts(GraphBuilder(Intents.from_yaml(io.StringIO(COFFEE))).build())


def test_trigrams_come_from_the_structure_and_only_what_it_allows() -> None:
    counts = _coffee_counts()
    assert counts[("give", "me", "a")] == 1 and counts[(BOS, "large", "iced")] == 1  # optional words skipped
    assert counts[("iced", "with", "oat")] == 1 and counts[("double", "shot", "latte")] == 1
    assert counts[("latte", "please", EOS)] == 1 and counts[(BOS, "latte", EOS)] == 1
    assert ("latte", "large") not in counts and ("large", "small") not in counts  # order and exclusivity kept
    assert len(counts) < 1000  # the template holds 31,104 sentences


def _read_arpa(arpa: str) -> tuple[dict[tuple[str, ...], float], dict[tuple[str, ...], float]]:
    probs: dict[tuple[str, ...], float] = {}
    backoff: dict[tuple[str, ...], float] = {}
    section = 0
    for line in arpa.splitlines():
        if line.startswith("\\") and "-grams" in line:
            section = int(line[1])
            continue
        parts = line.split()
        if section and len(parts) >= section + 1 and parts[0] != "ngram":
            gram = tuple(parts[1 : 1 + section])
            probs[gram] = 10 ** float(parts[0])
            if len(parts) == section + 2:
                backoff[gram] = 10 ** float(parts[-1])
    return probs, backoff


def test_the_model_is_a_proper_backed_off_distribution() -> None:
    from assistant.asr.ngram import _backed_off, _log10  # noqa: F401 - the probabilities as the decoder sees them

    probs, backoff = _read_arpa(to_arpa(_coffee_counts(), {"weather": 1.0, "music": 1.0}))
    vocabulary = [g[0] for g in probs if len(g) == 1 and g[0] != BOS]
    for history in [("give", "me"), ("large",), ("with", "oat"), (BOS, "iced")]:
        total = sum(_backed_off(probs, backoff, (*history, word)) for word in vocabulary)
        assert abs(total - 1.0) < 1e-3, (history, total)
    assert ("weather",) in probs  # garbage words exist, at a low weight


def test_free_text_is_a_gap_that_no_bigram_crosses() -> None:
    intents = Intents.from_yaml(
        io.StringIO(
            "language: en\nintents:\n  Go:\n    data:\n      - sentences: ['drive to {place} now']\n"
            "lists:\n  place: {wildcard: true}\n"
        )
    )
    counts = gram_counts(GraphBuilder(intents).build())
    assert ("to", GAP) in counts and ("to", "now") not in counts


def test_only_the_words_just_before_free_text_leave_room_for_any_word() -> None:
    """ "to" comes before free text in "drive to {place}", and that must not weaken what follows
    "set it to": every history that ends in "to" had left 60% of its mass to any word."""
    settings = LmSettings(backoff_mass=0.1, gap_backoff_mass=0.6)
    intents = Intents.from_yaml(
        io.StringIO(
            "language: en\nintents:\n  Go:\n    data:\n      - sentences: ['drive to {place}']\n"
            "  Set:\n    data:\n      - sentences: ['set it to (twenty|thirty)']\n"
            "lists:\n  place: {wildcard: true}\n"
        )
    )
    probs, _ = _read_arpa(to_arpa(gram_counts(GraphBuilder(intents).build()), {}, settings))
    assert abs(probs[("it", "to", "twenty")] - 0.45) < 1e-3  # the usual 10% left to other words
    assert abs(probs[("to", "twenty")] - 0.2) < 1e-3  # "to" alone may precede free text: 60% left


def test_the_cockpit_model_loads_into_pocketsphinx(started: Assistant) -> None:
    speech = started.speech
    engine = speech.commands if isinstance(speech, Paired) else speech  # the grammar is PocketSphinx's
    hypothesis = engine.stream("constrained").finish()  # loads (and caches) the command model
    assert hypothesis.text == ""
    assert {"window", "temperature", "twenty"} <= engine.vocabulary  # type: ignore[attr-defined]
