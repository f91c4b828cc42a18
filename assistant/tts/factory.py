"""The synthesiser the settings ask for: one voice per language, chosen per sentence."""

from __future__ import annotations

from collections.abc import Callable

from assistant.audio.wav import AudioClip
from assistant.config import Settings, TtsSettings
from assistant.nlu.text import detect_language
from assistant.tts.engine import Synthesizer


def make_synthesizer(settings: Settings, language: str | None = None) -> Synthesizer:
    """With ``language``, that language's voice; else each sentence in the voice of its language
    (a Chinese reply in the Mandarin voice, an English one in the English voice)."""
    if language is not None:
        return _engine(settings.tts, language)
    return Polyglot(settings.turn_languages, settings.language, lambda lang: _engine(_tts_for(settings, lang), lang))


def _tts_for(settings: Settings, language: str) -> TtsSettings:
    # A voice named in the settings belongs to the default language; the others get their own.
    return settings.tts if language == settings.language else settings.tts.model_copy(update={"voice": ""})


def _engine(tts: TtsSettings, language: str) -> Synthesizer:
    if tts.engine == "espeak-ng":
        from assistant.tts.espeak import EspeakSynthesizer

        return EspeakSynthesizer(tts, language)
    from assistant.tts.pyttsx import Pyttsx3Synthesizer

    return Pyttsx3Synthesizer(tts, language)


class Polyglot:
    """Speaks each text in the voice of its language; a language's voice is made on first use."""

    def __init__(self, languages: tuple[str, ...], default: str, make: Callable[[str], Synthesizer]) -> None:
        self._languages = languages
        self._default = default
        self._make = make
        self._voices: dict[str, Synthesizer] = {default: make(default)}  # a bad voice fails at start
        self.name = self._voices[default].name

    def synthesize(self, text: str) -> AudioClip:
        language = detect_language(text, self._languages, self._default)
        if language not in self._voices:
            self._voices[language] = self._make(language)
        return self._voices[language].synthesize(text)

    def close(self) -> None:
        for voice in self._voices.values():
            voice.close()
