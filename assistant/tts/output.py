"""Where a one-shot reply goes: a WAV file, or the speakers (blocking until it has been played)."""

from __future__ import annotations

from pathlib import Path

from assistant.audio.speaker import output_audio
from assistant.audio.wav import AudioClip, write_wav
from assistant.errors import AudioError, InputError


def to_file(clip: AudioClip, path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_wav(path, clip.samples, clip.rate)
    except OSError as err:
        raise InputError(f"{path}: cannot write the reply: {err.strerror}") from None


def to_speakers(clip: AudioClip, device: str | int | None = None) -> None:
    sd = output_audio("; use --out FILE.wav")
    try:
        sd.play(clip.samples, clip.rate, device=device, blocking=True)
    except (sd.PortAudioError, ValueError) as err:
        raise AudioError(f"cannot play the reply: {err}") from None
