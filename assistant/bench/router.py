"""The router alone: template compile time, and matching time over every intent test sentence."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from assistant import PROJECT_ROOT
from assistant.bench.stats import median, percentile
from assistant.cockpit.world import World
from assistant.config import Settings
from assistant.nlu.catalog import load_catalog
from assistant.nlu.router import Router
from assistant.yamlsrc import load_yaml


@dataclass(frozen=True)
class RouterBench:
    intents: int
    templates_dir: Path
    compile_s: float  # compiling every template (no cache)
    load_ms: float  # loading the compiled catalog from the cache
    sentences: int
    per_second: float
    p50_ms: float
    p99_ms: float


def intent_test_sentences(settings: Settings) -> list[str]:
    """Every sentence of the intent test files of the configured language."""
    sentences = []
    for path in sorted((PROJECT_ROOT / "tests" / "intents" / settings.language).glob("*.yaml")):
        for test in load_yaml(path).data["tests"]:
            sentences += test["sentences"]
    return sentences


def run_router(settings: Settings, rounds: int = 5, scratch: Path | None = None) -> RouterBench:
    import tempfile

    lists = World().slot_lists(settings.language)
    with tempfile.TemporaryDirectory(prefix="cockpit-bench-") as tmp:
        cache = scratch or Path(tmp)
        started = time.perf_counter()
        catalog = load_catalog(settings.intents_path, lists, cache)
        compile_s = time.perf_counter() - started
        started = time.perf_counter()
        catalog = load_catalog(settings.intents_path, lists, cache)
        load_ms = (time.perf_counter() - started) * 1000
    sentences = intent_test_sentences(settings)
    times = []
    for _ in range(rounds):
        router = Router(catalog, settings.router)  # a new router each round: its match cache starts empty
        for sentence in sentences:
            begin = time.perf_counter()
            router.route(sentence)
            times.append((time.perf_counter() - begin) * 1000)
    return RouterBench(
        intents=len(catalog.intent_names),
        templates_dir=settings.intents_path,
        compile_s=round(compile_s, 2),
        load_ms=round(load_ms, 1),
        sentences=len(times),
        per_second=round(1000 * len(times) / sum(times), 1),
        p50_ms=round(median(times), 2),
        p99_ms=round(percentile(times, 0.99), 2),
    )
