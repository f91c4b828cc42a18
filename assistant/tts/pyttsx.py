"""pyttsx3 as the synthesiser (its espeak driver on Linux), writing to a temporary WAV we read back.

pyttsx3 plays through its own player when asked to ``say``; we only ever ``save_to_file``, so that
playback stays ours to stop (barge-in) or to send to a file. One engine, one lock: pyttsx3 engines
are not thread-safe, and synthesis runs on a worker thread.
"""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import numpy as np

from assistant.audio.wav import AudioClip, read_wav
from assistant.config import TtsSettings
from assistant.errors import AudioError, TtsError
from assistant.tts.engine import voice_for
from assistant.tts.espeak import EspeakSynthesizer


def _silent(*_args: object, **_kwargs: object) -> None:
    pass


_ENGINE_LOCK = threading.Lock()  # pyttsx3 shares one engine per driver, and it is not thread-safe
SILENT = AudioClip(np.zeros((0, 1), dtype=np.float32), 22050)
#: The espeak driver now and then ends an utterance before any audio reached it, and writes an empty WAV
#: (once in four full test runs on a loaded machine); the same text is tried again. When that fails too,
#: espeak-ng's command line says it: a fresh-clone CI run with other work beside it lost one demo reply
#: (the demo did not yet print why; it does now).
ATTEMPTS = 2


class Pyttsx3Synthesizer:
    name = "pyttsx3"

    def __init__(self, settings: TtsSettings, language: str) -> None:
        try:
            import pyttsx3
        except ImportError as err:
            raise TtsError("engine_missing", f"pyttsx3 is not installed ({err})") from None
        try:
            self._engine: Any = pyttsx3.init()
        except Exception as err:  # pyttsx3 raises bare errors when espeak-ng's library is missing
            raise TtsError("engine_missing", f"pyttsx3 could not start espeak-ng: {err}") from None
        voice = voice_for(settings.voice, language)
        ids: dict[str, str] = {}  # a voice by its id, name or language, as espeak-ng accepts them
        for v in self._engine.getProperty("voices"):
            ids.update({key.lower(): v.id for key in (v.id, v.name, *v.languages)})
        if voice.lower() not in ids:
            raise TtsError("voice", f"no voice {voice!r} among the {len(set(ids.values()))} installed")
        self.voice = ids[voice.lower()]
        self._properties = {"voice": self.voice, "rate": settings.rate_wpm, "volume": settings.volume}
        # The espeak driver prints "Audio saved to ..." after every file. Silence that module's print
        # alone: redirecting sys.stdout would also swallow what other threads print meanwhile.
        driver = sys.modules.get("pyttsx3.drivers.espeak")
        if driver is not None:
            driver.print = _silent  # type: ignore[attr-defined]
        self._dir = tempfile.TemporaryDirectory(prefix="cockpit-tts-")
        self._settings, self._language = settings, language
        self._fallback: EspeakSynthesizer | None = None

    def synthesize(self, text: str) -> AudioClip:
        if not text.strip():
            return SILENT
        target = Path(self._dir.name) / "reply.wav"
        with _ENGINE_LOCK:
            for attempt in range(1, ATTEMPTS + 1):
                target.unlink(missing_ok=True)
                try:
                    # pyttsx3 hands every caller the same engine per driver: set our voice each time.
                    for name, value in self._properties.items():
                        self._engine.setProperty(name, value)
                    self._engine.save_to_file(text, str(target))
                    self._engine.runAndWait()
                    return read_wav(target)
                except AudioError as err:
                    if attempt == ATTEMPTS:
                        return self._said_by_command_line(text, err)
                except RuntimeError as err:
                    raise TtsError("synth", f"pyttsx3 failed: {err}") from None
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _said_by_command_line(self, text: str, err: AudioError) -> AudioClip:
        """The same voice through espeak-ng's command line; its failure is reported with the driver's."""
        try:
            if self._fallback is None:
                self._fallback = EspeakSynthesizer(self._settings, self._language)
            return self._fallback.synthesize(text)
        except TtsError as also:
            raise TtsError("synth", f"pyttsx3 wrote no usable audio for {text[:40]!r}: {err}; {also}") from None

    def close(self) -> None:
        self._dir.cleanup()
        if self._fallback is not None:
            self._fallback.close()
