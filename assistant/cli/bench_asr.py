"""``cockpit bench asr``: real-time factor, end of speech -> final transcript, and peak memory per mode.

Audio is fed in chunks as a live stream would be; the RTF is compute time over audio time. Without
``--audio DIR`` a small set of commands is spoken by espeak-ng into a temporary directory.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from assistant.audio.wav import read_wav
from assistant.config import Settings, with_engine
from assistant.errors import InputError
from assistant.pipeline import Assistant

SPOKEN = (
    "open the passenger window halfway",
    "set the temperature to twenty two degrees",
    "turn on the seat heating",
    "next song",
    "mute the radio",
    "volume down",
    "what is the range",
    "tell me a joke",
)
VOICES = (("en-us", 150), ("en-gb+f3", 170))


def speak_set(directory: Path, smoke: bool = False) -> list[Path]:
    paths = []
    for text in SPOKEN[:2] if smoke else SPOKEN:
        for voice, speed in VOICES[:1] if smoke else VOICES:
            path = directory / f"{text.replace(' ', '_')}__{voice}.wav"
            subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(path), text], check=True)
            paths.append(path)
    return paths


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def bench_asr(settings: Settings, audio_dir: Path | None, smoke: bool = False) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="cockpit-bench-") as scratch:
        if audio_dir is None:
            files = speak_set(Path(scratch), smoke)
        else:
            files = sorted(audio_dir.glob("*.wav"))
            if not files:
                raise InputError(f"{audio_dir}: no .wav files to benchmark")
        clips = [read_wav(path) for path in files]
        rows = []
        # The engine's own passes first, then the hybrid with noise suppression in front of it (its
        # RTF is the suppressor's cost on top; on these quiet clips the grammar still hears the original).
        passes = [(mode, "off") for mode in ("constrained", "open", "hybrid")]
        if settings.asr.denoise != "off":
            passes.append(("hybrid", settings.asr.denoise))
        for mode, denoise in passes:
            chosen = with_engine(settings, None, mode)
            assistant = Assistant(chosen.model_copy(update={"asr": chosen.asr.model_copy(update={"denoise": denoise})}))
            assistant.start()
            try:
                started = time.perf_counter()
                engine = assistant.speech
                engine.stream("constrained" if mode != "open" else "open").finish()  # load outside the timing
                denoiser = assistant.denoiser
                load_s = time.perf_counter() - started
                rtf, latency, early_latency = [], [], []
                for clip in clips:
                    begin = time.perf_counter()
                    utterances = assistant.listen(clip)
                    rtf.append((time.perf_counter() - begin) / clip.duration_s)
                    latency += [u.end_to_final_ms for u in utterances]
                    early_latency += [u.end_to_final_ms for u in utterances if u.early]
            finally:
                assistant.stop()
            rows.append(
                {
                    "engine": engine.name,
                    "mode": mode if denoiser is None else f"{mode}+{denoiser.name}",
                    "files": len(clips),
                    "rtf_median": round(_median(rtf), 3),
                    "rtf_max": round(max(rtf), 3),
                    "end_to_final_ms_median": round(_median(latency), 1),
                    "early_commits": len(early_latency),
                    "end_to_final_ms_early_median": round(_median(early_latency), 1),
                    "load_s": round(load_s, 2),
                    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                }
            )
    return rows


def table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        f"{'engine':<22}{'mode':<25}{'files':>6}{'RTF p50':>9}{'RTF max':>9}{'end->final p50':>16}"
        f"{'early':>7}{'(their p50)':>13}{'peak RSS':>10}"
    ]
    for r in rows:
        lines.append(
            f"{r['engine']:<22}{r['mode']:<25}{r['files']:>6}{r['rtf_median']:>9.3f}{r['rtf_max']:>9.3f}"
            f"{r['end_to_final_ms_median']:>13.0f} ms{r['early_commits']:>7}"
            f"{r['end_to_final_ms_early_median']:>10.0f} ms{r['peak_rss_mb']:>7.0f} MB"
        )
    return lines
