"""Test speech made here, never committed: espeak-ng voices, then sox/numpy for rate, noise and stereo.

A fixture file is named by its expected transcript (``open_the_window__en-us_150__snr12.wav``)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np

from assistant.audio.convert import for_asr
from assistant.audio.noise import cabin_noise, mix_at_snr
from assistant.audio.wav import read_wav, write_wav

RATE = 16000


def fixture_name(text: str, voice: str, speed: int, snr: int | None = None) -> str:
    words = "_".join(text.lower().replace("'", "").split())
    return f"{words}__{voice}_{speed}" + (f"__snr{snr}" if snr is not None else "") + ".wav"


def transcript_of(path: Path) -> str:
    return path.name.split("__")[0].replace("_", " ")


def speak(text: str, directory: Path, voice: str = "en-us", speed: int = 150, snr: int | None = None) -> Path:
    """espeak-ng at 22 kHz -> 16 kHz mono with a quarter second of lead-in and tail, noise optional."""
    path = directory / fixture_name(text, voice, speed, snr)
    if path.exists():
        return path
    raw = directory / f".raw-{path.name}"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(raw), text], check=True)
    speech = for_asr(read_wav(raw))
    raw.unlink()
    pad = np.zeros(RATE // 4, np.float32)
    speech = np.concatenate([pad, speech, pad])
    if snr is not None:
        speech = mix_at_snr(speech, cabin_noise(20, RATE, seed=7), snr, seed=len(text))
    write_wav(path, speech, RATE)
    return path


def pan(mono: Path, target: Path, toward: str, delay_ms: float = 0.4, level_db: float = 4.0) -> Path:
    """A stereo copy as if spoken nearer the left (driver) or right (passenger) microphone."""
    samples = read_wav(mono).samples[:, 0]
    delay = int(RATE * delay_ms / 1000)
    near = samples
    far = np.concatenate([np.zeros(delay, np.float32), samples[: samples.size - delay]]) * 10 ** (-level_db / 20)
    left, right = (near, far) if toward == "left" else (far, near)
    write_wav(target, np.stack([left, right], axis=1), RATE)
    return target
