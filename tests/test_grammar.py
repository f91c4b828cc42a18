"""Templates -> JSGF: the structure is kept, nothing is enumerated, and what cannot fit is reported."""

from __future__ import annotations

import copy
import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hassil import Intents

from assistant.asr.grammar import GrammarCompiler
from assistant.audio.convert import for_asr, to_pcm16
from assistant.audio.wav import read_wav
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
    grammar = GrammarCompiler(Intents.from_yaml(io.StringIO(COFFEE))).compile()
    assert "<list_drink> = ( americano ) | ( cappuccino ) | ( espresso ) | ( latte );" in grammar.text
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
    grammar = GrammarCompiler(intents, known=lambda w: w != "zzyzx").compile()
    assert "Go: navigate to {place}" in grammar.dropped
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
    text = GrammarCompiler(intents).compile().text
    assert "<list_t> = twenty one | twenty one point five | twenty two | twenty two point five;" in text
    assert "volume one hundred percent" in text


def _decoder() -> Any:
    from pocketsphinx import Config, Decoder

    return Decoder(Config(loglevel="FATAL"))


def test_the_whole_cockpit_grammar_loads_into_pocketsphinx(started: Assistant) -> None:
    decoder = _decoder()
    compiler = GrammarCompiler(started.catalog.intents, known=lambda w: decoder.lookup_word(w) is not None)
    grammar = compiler.compile()
    decoder.add_jsgf_string("cockpit", grammar.text)  # raises if the grammar is not valid JSGF
    assert grammar.templates >= 300
    kept = grammar.templates - sum(1 for d in grammar.dropped if not d.startswith("list "))
    assert kept / grammar.templates > 0.8, grammar.dropped[:20]


#: Intents for the decoding tests. Decoding over the whole grammar takes 20-170 s per utterance with
#: PocketSphinx today, and ClimateSetTemperature alone (0-100 in halves, zones, optional words) takes
#: minutes: slimming the grammar is open work of the speech issue. These tests use a fast slice.
SLICE = ("WindowsSetPosition", "ClimateSetSeatHeating", "MediaNext")
#: Known failures of the constrained pass on synthetic speech, listed rather than hidden.
KNOWN_FAILURES = {
    "close all windows": "decodes as 'close all window': the same windows, but plural=False",
}


@pytest.fixture(scope="module")
def sliced_decoder(started: Assistant) -> Any:
    intents = copy.copy(started.catalog.intents)
    intents.intents = {name: started.catalog.intents.intents[name] for name in SLICE}
    decoder = _decoder()
    grammar = GrammarCompiler(intents, known=lambda w: decoder.lookup_word(w) is not None).compile()
    decoder.add_jsgf_string("slice", grammar.text)
    decoder.activate_search("slice")
    return decoder


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param(s, marks=pytest.mark.xfail(reason=KNOWN_FAILURES[s], strict=True)) if s in KNOWN_FAILURES else s
        for s in ("open the passenger window halfway", "turn on the seat heating", "close all windows", "next song")
    ],
)
def test_constrained_decode_of_synthetic_speech(
    sliced_decoder: Any, started: Assistant, tmp_path: Path, sentence: str
) -> None:
    """Decoded text need not be word for word (optional words may drop); it must mean the same."""
    decoder = sliced_decoder
    path = tmp_path / f"{sentence.replace(' ', '_')}.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "140", "-w", str(path), sentence], check=True)
    pcm = to_pcm16(for_asr(read_wav(path)))
    decoder.start_utt()
    decoder.process_raw(pcm, full_utt=True)
    decoder.end_utt()
    hypothesis = decoder.hyp()
    assert hypothesis is not None, "no hypothesis"
    heard, meant = started.route(hypothesis.hypstr), started.route(sentence)
    assert [(c.intent, c.slots) for c in heard.commands] == [(c.intent, c.slots) for c in meant.commands], (
        hypothesis.hypstr
    )
