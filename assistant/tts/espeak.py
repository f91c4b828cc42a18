"""The espeak-ng command line as a synthesiser: no Python binding needed, and it speaks to stdout."""

from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
from pathlib import Path

from assistant.audio.wav import AudioClip, read_wav
from assistant.config import TtsSettings
from assistant.errors import AudioError, TtsError
from assistant.tts.engine import voice_for

TIMEOUT_S = 30.0


class EspeakSynthesizer:
    name = "espeak-ng"

    def __init__(self, settings: TtsSettings, language: str) -> None:
        binary = shutil.which("espeak-ng")
        if binary is None:
            raise TtsError("engine_missing", "espeak-ng is not installed (apt-get install espeak-ng)")
        voice = voice_for(settings.voice, language)
        if not _known_voice(binary, voice):
            raise TtsError("voice", f"espeak-ng has no voice {voice!r} (`espeak-ng --voices` lists them)")
        self._command = [binary, "-v", voice, "-s", str(settings.rate_wpm)]
        self._command += ["-a", str(round(settings.volume * 200))]
        self.voice = voice_for(settings.voice, language)
        # A file, not --stdout: streamed output declares a 2 GB data chunk it never delivers.
        self._dir = tempfile.TemporaryDirectory(prefix="cockpit-espeak-")

    def synthesize(self, text: str) -> AudioClip:
        target = Path(self._dir.name) / "reply.wav"
        command = [*self._command, "-w", str(target), "--", text]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise TtsError("synth", f"espeak-ng took longer than {TIMEOUT_S:.0f} s") from None
        except OSError as err:  # removed or broken since it was found
            raise TtsError("engine_missing", f"espeak-ng could not run: {err}") from None
        if done.returncode != 0:
            raise TtsError(
                "voice" if b"voice" in done.stderr else "synth", done.stderr.decode(errors="replace").strip()
            )
        try:
            return read_wav(target)
        except AudioError as err:
            raise TtsError("synth", f"espeak-ng wrote no usable audio: {err}") from None

    def close(self) -> None:
        self._dir.cleanup()


@functools.lru_cache(maxsize=64)
def _known_voice(binary: str, voice: str) -> bool:
    """espeak-ng falls back to its default voice without a word: check the name first. A variant
    (``en-us+m3``) is checked by its base voice. Asked once per voice: the demo makes a synthesiser per
    occupant's clip."""
    listing = subprocess.run([binary, "--voices"], capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    base = voice.split("+")[0].lower()
    for line in listing.stdout.splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 5 and base in (fields[1].lower(), fields[3].lower(), fields[4].lower()):
            return True
    return False
