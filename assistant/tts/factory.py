"""The synthesiser the settings ask for."""

from __future__ import annotations

from assistant.config import Settings
from assistant.tts.engine import Synthesizer


def make_synthesizer(settings: Settings, language: str | None = None) -> Synthesizer:
    language = language or settings.language
    if settings.tts.engine == "espeak-ng":
        from assistant.tts.espeak import EspeakSynthesizer

        return EspeakSynthesizer(settings.tts, language)
    from assistant.tts.pyttsx import Pyttsx3Synthesizer

    return Pyttsx3Synthesizer(settings.tts, language)
