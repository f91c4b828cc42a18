"""``cockpit models list|download|install|verify``: Vosk models, fetched only when asked."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.asr import models
from assistant.asr.factory import models_dir, vosk_model_path
from assistant.config import Settings


def run_list(args: argparse.Namespace, settings: Settings) -> int:
    where = models_dir(settings)
    present = {p.name: p for p in models.installed(where)}
    print(f"models directory: {where}")
    for key, info in models.KNOWN.items():
        state = f"installed at {present[info.name]}" if info.name in present else "not installed"
        print(f"  {key:<12} {info.name:<30} {info.language}  ~{info.size_bytes // 2**20} MB  {state}")
    for name, path in present.items():
        if all(info.name != name for info in models.KNOWN.values()):
            print(f"  {'(other)':<12} {name:<30}       {path}")
    chosen = vosk_model_path(settings)
    print(f"in use for '{settings.language}': {chosen or 'none (the embedded PocketSphinx engine)'}")
    return 0


class _Bar:
    """A progress bar on stderr, redrawn at most once per percent."""

    def __init__(self, label: str) -> None:
        self._label = label
        self._shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = min(100, done * 100 // max(total, 1))
        if percent != self._shown:
            self._shown = percent
            filled = percent * 30 // 100
            sys.stderr.write(
                f"\r{self._label} [{'#' * filled}{'.' * (30 - filled)}] {percent:3d}% {done / 2**20:6.1f} MB"
            )
            if percent == 100:
                sys.stderr.write("\n")
            sys.stderr.flush()


def run_download(args: argparse.Namespace, settings: Settings) -> int:
    info = models.lookup(args.name)
    base = args.mirror or models.OFFICIAL_BASE
    target = models.download(info, models_dir(settings), base, progress=_Bar(info.name))
    print(f"installed {info.name} at {target} (SHA-256 checked)")
    return 0


def run_install(args: argparse.Namespace, settings: Settings) -> int:
    target = models.install(args.source, models_dir(settings))
    print(f"installed {target.name} at {target}")
    return 0


def _verify_embedded(settings: Settings) -> int:
    """No Vosk model in use: check the embedded engine, building (and caching) its command model."""
    from assistant.pipeline import Assistant

    assistant = Assistant(settings)
    assistant.start()
    try:
        engine = assistant.speech
        engine.stream("constrained").finish()
        engine.stream("open").finish()
        print(f"ok: {engine.name} loads its model and the command model compiled from the intents")
    finally:
        assistant.stop()
    return 0


def run_verify(args: argparse.Namespace, settings: Settings) -> int:
    path: Path | None
    if args.name is None:
        path = vosk_model_path(settings)
        if path is None:
            return _verify_embedded(settings)
    elif Path(args.name).is_dir():
        path = Path(args.name)
    else:
        path = models_dir(settings) / models.lookup(args.name).name
    for line in models.verify(path):
        print(f"ok: {line}")
    print(f"{path}: usable")
    return 0
