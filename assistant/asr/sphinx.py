"""PocketSphinx, the embedded engine: its wheel ships an en-US model, so it works with no download.

One decoder holds two searches: ``constrained`` runs a trigram model compiled from the intent
templates plus common "garbage" words (``ngram.py``), ``open`` runs the model's own large English LM.
The compiled command model is cached, keyed by everything it is built from.
"""

from __future__ import annotations

import hashlib
import math
import shutil
import tempfile
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from assistant.asr.engine import Capabilities, Hypothesis, Mode
from assistant.asr.grammar import GraphBuilder, WordGraph
from assistant.asr.ngram import LmSettings, gram_counts, to_arpa
from assistant.asr.pronounce import espeak_pronunciations
from assistant.cache import write_atomically
from assistant.errors import AsrError

_HERE = Path(__file__).parent
_SOURCES = ("grammar.py", "ngram.py", "pronounce.py", "sphinx.py")
#: Digital silence (synthetic or gated audio) breaks PocketSphinx's noise tracking and mean
#: normalisation: measured 8% command accuracy without this, 47% with it, on the same clips.
_DITHER = 1e-3 * 32767
#: Bounds the search where noise makes every path look alike: on 120 clips at 6 dB the RTF fell from
#: 1.56 to 0.58 with no change in accuracy there or on clean speech (PocketSphinx's default is 30000).
MAX_HMMS_PER_FRAME = 2000
#: Shorter unknown words are mostly written abbreviations nobody says as written ("deg", "km", "soc");
#: learnt, each is a short path that noise or clipping falls into (clipped "mute the radio" was
#: heard as "eight deg f", a temperature).
MIN_LEARNT_LETTERS = 5
N_BEST = 10  # hypotheses the router may choose among, when the best one is no command


def _pocketsphinx() -> Any:
    try:
        import pocketsphinx
    except ImportError as err:  # pragma: no cover - a dependency of the package
        raise AsrError("engine_missing", f"pocketsphinx is not installed ({err})") from None
    return pocketsphinx


def _read_lexicon(path: Path) -> dict[str, tuple[str, ...]]:
    """``word PH ON ES`` lines, as ``_build_command_model`` writes them."""
    entries = (line.split() for line in path.read_text(encoding="utf-8").splitlines())
    return {fields[0]: tuple(fields[1:]) for fields in entries if len(fields) > 1}


def pcm_with_dither(pcm: bytes, seed: int = 0) -> bytes:
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32)
    noise = np.random.default_rng(seed).normal(0.0, _DITHER, samples.size).astype(np.float32)
    mixed: bytes = np.clip(samples + noise, -32768, 32767).round().astype("<i2").tobytes()
    return mixed


class PocketSphinxEngine:
    name = "pocketsphinx"
    capabilities = Capabilities(streaming=True, partials=True, grammar=True, open_vocabulary=True)

    def __init__(
        self,
        graph_source: Any,
        cache_dir: Path,
        fingerprint: str,
        garbage_words: int = 1500,
        garbage_mass: float = 0.02,
    ) -> None:
        """``graph_source`` is the catalog (``intents`` and ``skip_words``); ``fingerprint`` names its files."""
        ps = _pocketsphinx()
        self._ps = ps
        self._decoder = ps.Decoder(ps.Config(loglevel="FATAL", maxhmmpf=MAX_HMMS_PER_FRAME))
        self.vocabulary: set[str] = set()
        # Whether espeak-ng is there decides which names get a pronunciation, so it is part of the key.
        speller = shutil.which("espeak-ng") is not None
        key = hashlib.sha256(
            f"{fingerprint}|{garbage_words}|{garbage_mass}|{version('pocketsphinx')}|{speller}".encode()
        )
        for name in _SOURCES:
            key.update((_HERE / name).read_bytes())
        self._model_path = cache_dir / f"command-lm-{key.hexdigest()[:24]}.arpa"
        self._vocabulary_path = self._model_path.with_suffix(".words")
        self._lexicon_path = self._model_path.with_suffix(".dict")  # the words it had to learn
        self._graph_source = graph_source
        self._garbage = (garbage_words, garbage_mass)
        self._loaded = False
        self._active: _SphinxStream | None = None
        self.learnt: dict[str, tuple[str, ...]] = {}  # pronunciations added to the dictionary

    def _load_command_model(self) -> None:
        if self._loaded:
            return
        decoder = self._decoder
        for attempt in (1, 2):
            if not all(p.exists() for p in (self._model_path, self._vocabulary_path, self._lexicon_path)):
                self._build_command_model()
            try:
                self._learn(_read_lexicon(self._lexicon_path))
                model = self._ps.NGramModel(decoder.config, decoder.logmath, str(self._model_path))
                self.vocabulary = set(self._vocabulary_path.read_text(encoding="utf-8").split())
                break
            except (RuntimeError, ValueError, OSError) as err:
                # A damaged cache file (a disk error, an editor) is rebuilt once, then reported.
                self._model_path.unlink(missing_ok=True)
                self._vocabulary_path.unlink(missing_ok=True)
                self._lexicon_path.unlink(missing_ok=True)
                if attempt == 2:
                    raise AsrError("model_corrupt", f"{self._model_path}: {err}") from None
        decoder.add_lm("constrained", model)
        self._loaded = True

    def build_graph(self) -> WordGraph:
        """The command grammar over the dictionary's words, after learning those it lacks (``learnt``)."""
        source = self._graph_source
        decoder = self._decoder
        missing: set[str] = set()

        def known(word: str) -> bool:
            if decoder.lookup_word(word) is not None:
                return True
            missing.add(word)
            return False

        graph = GraphBuilder(source.intents, known=known, fillers=source.skip_words).build()
        learnt = espeak_pronunciations(w for w in missing if len(w) >= MIN_LEARNT_LETTERS)
        if not learnt:
            return graph
        self._learn(learnt)  # then the same build again: ``known`` now finds them in the dictionary
        return GraphBuilder(source.intents, known=known, fillers=source.skip_words).build()

    def _learn(self, pronunciations: dict[str, tuple[str, ...]]) -> None:
        for word, phones in pronunciations.items():
            if self._decoder.lookup_word(word) is None:
                self._decoder.add_word(word, " ".join(phones), False)
                self.learnt[word] = phones

    def _build_command_model(self) -> None:
        graph = self.build_graph()
        words, mass = self._garbage
        arpa = to_arpa(gram_counts(graph), self._common_words(words, graph.words), LmSettings(garbage_mass=mass))
        words_text = "\n".join(sorted(graph.words)) + "\n"
        lexicon = "".join(f"{w} {' '.join(p)}\n" for w, p in sorted(self.learnt.items()))
        if not (
            write_atomically(self._vocabulary_path, words_text.encode())
            and write_atomically(self._lexicon_path, lexicon.encode())
            and write_atomically(self._model_path, arpa.encode())
        ):
            # An unwritable cache costs a rebuild per start, not the speech path.
            scratch = Path(tempfile.mkdtemp(prefix="cockpit-lm-"))
            self._model_path, self._vocabulary_path, self._lexicon_path = (
                scratch / self._model_path.name,
                scratch / self._vocabulary_path.name,
                scratch / self._lexicon_path.name,
            )
            self._vocabulary_path.write_text(words_text, encoding="utf-8")
            self._lexicon_path.write_text(lexicon, encoding="utf-8")
            self._model_path.write_text(arpa, encoding="utf-8")

    def _common_words(self, count: int, exclude: set[str]) -> dict[str, float]:
        """The ``count`` most frequent words of the open model that the grammar does not use."""
        if count == 0:
            return {}
        model_dir = Path(self._ps.get_model_path()) / "en-us"
        big = self._ps.NGramModel.readfile(str(model_dir / "en-us.lm.bin"))
        with (model_dir / "cmudict-en-us.dict").open(encoding="utf-8") as handle:
            words = {line.split(" ", 1)[0] for line in handle if "(" not in line.split(" ", 1)[0]}
        ranked = sorted(((big.prob([w]), w) for w in words - exclude if w.isalpha()), reverse=True)
        return {w: 1.0 for _, w in ranked[:count]}

    def stream(self, mode: Mode) -> _SphinxStream:
        if mode == "constrained":
            self._load_command_model()
        if self._active is not None and not self._active.done:
            self._active.finish()  # an abandoned utterance (an error, an interrupt) must not block the next
        self._decoder.activate_search("constrained" if mode == "constrained" else "_default")
        self._active = _SphinxStream(self._decoder, mode, self.vocabulary if mode == "constrained" else None)
        return self._active

    def close(self) -> None:
        self._active = None


class _SphinxStream:
    def __init__(self, decoder: Any, mode: Mode, vocabulary: set[str] | None) -> None:
        self._decoder = decoder
        self._mode: Mode = mode
        self._vocabulary = vocabulary
        self._chunks = 0
        self.done = False
        decoder.start_utt()

    def feed(self, pcm: bytes) -> None:
        if pcm:
            self._decoder.process_raw(pcm_with_dither(pcm, self._chunks), False, False)
            self._chunks += 1

    def partial(self) -> Hypothesis | None:
        return self._hypothesis(final=False)

    def finish(self) -> Hypothesis:
        if not self.done:
            self._decoder.end_utt()
            self.done = True
        best = self._hypothesis(final=True) or Hypothesis("", 0.0, True, self._mode, in_grammar=False)
        if self._mode == "constrained":
            best = replace(best, alternatives=self._alternatives(best.text))
        return best

    def _alternatives(self, best: str) -> tuple[str, ...]:
        found: list[str] = []
        for index, entry in enumerate(self._decoder.nbest() or ()):
            if index >= N_BEST:
                break
            if entry is None:  # the lattice can yield an empty path
                continue
            words = [w for w in entry.hypstr.split() if not w.startswith(("<", "["))]
            text = " ".join(words)
            if text and text != best and text not in found and all(w in (self._vocabulary or ()) for w in words):
                found.append(text)
        return tuple(found)

    def _hypothesis(self, final: bool) -> Hypothesis | None:
        found = self._decoder.hyp()
        if found is None:
            return None
        words = found.hypstr.split()
        confidence = min(1.0, max(0.0, float(found.prob))) if final else 0.0
        if not math.isfinite(confidence):
            confidence = 0.0
        in_grammar = bool(words) and (self._vocabulary is None or all(w in self._vocabulary for w in words))
        return Hypothesis(" ".join(words), confidence, final, self._mode, in_grammar)
