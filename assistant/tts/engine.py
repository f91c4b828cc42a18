"""The synthesiser protocol: text in, one clip of speech out. Engines declare their name and rate."""

from __future__ import annotations

from typing import Protocol

from assistant.audio.wav import AudioClip

#: The espeak-ng voice each language gets when the settings name none.
DEFAULT_VOICES = {"en": "gmw/en-us", "zh": "sit/cmn"}


class Synthesizer(Protocol):
    name: str

    def synthesize(self, text: str) -> AudioClip:
        """Speech for ``text`` (mono). Raises ``TtsError``; an empty text gives an empty clip."""
        ...

    def close(self) -> None: ...


def voice_for(voice: str, language: str) -> str:
    return voice or DEFAULT_VOICES.get(language, DEFAULT_VOICES["en"])
