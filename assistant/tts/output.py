"""Where a one-shot reply goes: a WAV file, or the speakers (blocking until it has been played)."""

from __future__ import annotations

from pathlib import Path

from assistant.audio.wav import AudioClip, write_wav
from assistant.errors import AudioError, InputError


def to_file(clip: AudioClip, path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_wav(path, clip.samples, clip.rate)
    except OSError as err:
        raise InputError(f"{path}: cannot write the reply: {err.strerror}") from None


def to_speakers(clip: AudioClip, device: str | int | None = None) -> None:
    try:
        import sounddevice as sd
    except OSError as err:
        raise AudioError(f"no audio output: {err}") from None
    if not [d for d in sd.query_devices() if int(d["max_output_channels"]) > 0]:
        raise AudioError("no speakers found (the audio system lists no output device); use --out FILE.wav")
    try:
        sd.play(clip.samples, clip.rate, device=device, blocking=True)
    except (sd.PortAudioError, ValueError) as err:
        raise AudioError(f"cannot play the reply: {err}") from None
