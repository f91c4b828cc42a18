"""Vosk (Kaldi), the engine the product is designed around: streaming, partials, runtime grammars.

The constrained pass gives Vosk the grammar's words plus ``[unk]`` (its absorber for anything else);
the router then decides whether the words form a command. Only words the model knows are passed:
Vosk ignores the rest with a warning, and a grammar of unknown words would recognise nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from assistant.asr.engine import Capabilities, Hypothesis, Mode
from assistant.errors import AsrError

UNK = "[unk]"


def _vosk() -> Any:
    try:
        import vosk
    except ImportError as err:  # pragma: no cover - a dependency of the package
        raise AsrError("engine_missing", f"vosk is not installed ({err})") from None
    vosk.SetLogLevel(-1)
    return vosk


def check_model_dir(path: Path) -> None:
    """Fail early and clearly on what Vosk itself reports only as 'Failed to create a model'."""
    if not path.is_dir():
        raise AsrError("model_missing", f"{path}: no such model directory (see `cockpit models list`)")
    if not (path / "am" / "final.mdl").is_file() or not (path / "conf" / "model.conf").is_file():
        raise AsrError("model_corrupt", f"{path}: not a Vosk model (am/final.mdl or conf/model.conf is missing)")


class VoskEngine:
    name = "vosk"
    capabilities = Capabilities(streaming=True, partials=True, grammar=True, open_vocabulary=True)

    def __init__(self, model_dir: Path, grammar_words: Iterable[str] = ()) -> None:
        check_model_dir(model_dir)
        vosk = _vosk()
        self._vosk = vosk
        try:
            self._model = vosk.Model(str(model_dir))
        except Exception as err:  # vosk raises a bare Exception
            raise AsrError("model_corrupt", f"{model_dir}: Vosk cannot load it ({err})") from None
        self.use_grammar(grammar_words)

    def knows(self, word: str) -> bool:
        """The word is in the model's vocabulary."""
        return bool(self._model.vosk_model_find_word(word) >= 0)

    def use_grammar(self, grammar_words: Iterable[str]) -> None:
        """The words of the constrained pass; those the model does not know are listed in ``unknown``."""
        grammar_words = set(grammar_words)
        self.vocabulary = {w for w in grammar_words if self.knows(w)}
        self.unknown = sorted(grammar_words - self.vocabulary)
        grammar = bool(self.vocabulary)  # none: e.g. English intents on a Chinese model; transcribe only
        self.capabilities = Capabilities(streaming=True, partials=True, grammar=grammar, open_vocabulary=True)
        # ensure_ascii=False: Vosk's JSON reader does not decode \\u escapes, so Chinese words would be lost.
        absorber = [UNK] if self.knows(UNK) else []  # some models lack it
        self._grammar = json.dumps([*sorted(self.vocabulary), *absorber], ensure_ascii=False)

    def stream(self, mode: Mode) -> _VoskStream:
        if mode == "constrained" and not self.vocabulary:
            raise AsrError("decode", "no grammar word is in this model's vocabulary")
        grammar = self._grammar if mode == "constrained" else None
        args = (self._model, 16000.0, grammar) if grammar else (self._model, 16000.0)
        recognizer = self._vosk.KaldiRecognizer(*args)
        recognizer.SetWords(True)
        return _VoskStream(recognizer, mode)

    def close(self) -> None:
        self._model = None


class _VoskStream:
    def __init__(self, recognizer: Any, mode: Mode) -> None:
        self._recognizer = recognizer
        self._mode: Mode = mode
        self._done: list[dict[str, Any]] = []  # results of segments Vosk already closed by itself

    def feed(self, pcm: bytes) -> None:
        if pcm and self._recognizer.AcceptWaveform(pcm):
            self._done.append(json.loads(self._recognizer.Result()))

    def partial(self) -> Hypothesis | None:
        partial = json.loads(self._recognizer.PartialResult()).get("partial", "")
        text = " ".join([*(r.get("text", "") for r in self._done), partial]).split()
        return _hypothesis(text, [], final=False, mode=self._mode) if text else None

    def finish(self) -> Hypothesis:
        results = [*self._done, json.loads(self._recognizer.FinalResult())]
        words = [w for r in results for w in r.get("result", [])]
        text = " ".join(r.get("text", "") for r in results).split()
        return _hypothesis(text, [float(w.get("conf", 0.0)) for w in words], final=True, mode=self._mode)


def _hypothesis(words: list[str], confidences: list[float], final: bool, mode: Mode) -> Hypothesis:
    kept = [w for w in words if w != UNK]
    confidence = min(confidences) if confidences else (1.0 if final and kept else 0.0)
    return Hypothesis(" ".join(kept), confidence, final, mode, in_grammar=bool(kept) and len(kept) == len(words))
