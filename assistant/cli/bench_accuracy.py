"""``cockpit bench accuracy``: speech-to-intent accuracy per SNR, Picovoice's protocol, any intents directory.

Without ``--audio`` it builds the cockpit's own set (espeak-ng voices and speeds over the intent test
sentences, with a cabin noise file) in the cache and measures that.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant import PROJECT_ROOT
from assistant.audio.convert import for_asr
from assistant.audio.wav import read_wav
from assistant.bench.accuracy import (
    SnrResult,
    load_labels,
    make_team_set,
    parse_snrs,
    run_accuracy,
    team_cases,
    team_set_id,
)
from assistant.config import Settings, with_engine
from assistant.errors import InputError

TEAM_SET_SIZE = 120


def run_accuracy_command(args: argparse.Namespace, settings: Settings) -> list[SnrResult]:
    settings = with_engine(settings, args.engine)
    intents_dir: Path = args.intents or settings.intents_path
    if args.audio is None:
        size = 4 if args.smoke else TEAM_SET_SIZE
        voices = getattr(args, "voices", "espeak")
        if voices == "festival" and settings.language != "en":
            raise InputError("--voices festival: festival's voices speak English only")
        named = "" if voices == "espeak" else f"{voices}-"  # the espeak set keeps the name it always had
        cases = team_cases(PROJECT_ROOT / "tests" / "intents" / settings.language, size)
        audio_dir = settings.cache_dir / f"accuracy-set-{settings.language}-{named}{size}-{team_set_id(cases)}"
        labels_path = audio_dir / "labels.json"
        if not labels_path.exists():
            # stderr: with --json, stdout holds the report alone
            print(f"speaking the cockpit accuracy set ({size} clips, {voices}) into {audio_dir} ...", file=sys.stderr)
            make_team_set(audio_dir, cases, voices=voices)
        noise_path: Path | None = args.noise or audio_dir / "noise.wav"
        default_snrs = "clean,24" if args.smoke else "clean,6:24:6"
    else:
        if args.labels is None:
            raise InputError("--audio needs --labels labels.json")
        audio_dir, labels_path, noise_path = args.audio, args.labels, args.noise
        default_snrs = "6:24:3" if noise_path else "clean"
    snrs = parse_snrs(args.snr or default_snrs)
    noise = for_asr(read_wav(noise_path)) if noise_path is not None else None
    results = run_accuracy(settings, intents_dir, audio_dir, load_labels(labels_path), noise, snrs)
    _report(args, results)
    return results


def _report(args: argparse.Namespace, results: list[SnrResult]) -> None:
    noisy = [r for r in results if r.snr is not None]
    mean = sum(r.accuracy for r in noisy) / len(noisy) if noisy else None
    if args.json:
        # Each miss by file, so two runs can be compared clip by clip (a mean moved by a few clips
        # says nothing of which, and a run is too long to bisect by guessing).
        rows = [
            {
                "snr_db": r.snr,
                "files": r.total,
                "accuracy": round(r.accuracy, 4),
                "errors": [{"file": name, "heard": heard, "why": why} for name, heard, why in r.errors],
            }
            for r in results
        ]
        print(json.dumps({"results": rows, "mean_noisy": mean}, indent=2))
        return
    print(f"{'SNR':>7}{'files':>7}{'accuracy':>10}")
    for r in results:
        label = "clean" if r.snr is None else f"{r.snr:g} dB"
        print(f"{label:>7}{r.total:>7}{100 * r.accuracy:>9.1f}%")
    if mean is not None:
        print(f"{'mean':>7}{'':>7}{100 * mean:>9.1f}%  (over the noisy conditions)")
    worst = max(results, key=lambda r: len(r.errors))
    for name, heard, why in worst.errors[: 3 if args.smoke else 8]:
        label = "clean" if worst.snr is None else f"{worst.snr:g} dB"
        print(f'  {label} {name}: heard "{heard}": {why}')
