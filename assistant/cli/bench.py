"""``cockpit bench``: latency of a whole ``cockpit ask`` process, and of matching alone.

Medians and percentiles over many runs, never single timings: machines are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from assistant.bench.stats import percentile
from assistant.config import Settings
from assistant.pipeline import Assistant

SOAK_RSS_BOUND_MB = 20.0
ASK_SENTENCES = ("set the temperature to 22 degrees", "open the passenger window halfway", "play some jazz")


def _summary(name: str, values_ms: list[float]) -> str:
    return (
        f"{name}: median {statistics.median(values_ms):.1f} ms, p90 {percentile(values_ms, 0.9):.1f} ms, "
        f"min {min(values_ms):.1f} ms over {len(values_ms)} runs"
    )


def bench_ask_process(runs: int, settings: Settings) -> list[float]:
    """Wall time of ``cockpit ask`` as a fresh process, interpreter start-up included."""
    script = Path(sys.executable).parent / "cockpit"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "assistant"]
    env = {**os.environ, "COCKPIT_CACHE_DIR": str(settings.cache_dir)}
    subprocess.run([*command, "ask", "warm up"], env=env, capture_output=True, check=True)
    times = []
    for i in range(runs):
        started = time.perf_counter()
        subprocess.run([*command, "ask", ASK_SENTENCES[i % len(ASK_SENTENCES)]], env=env, capture_output=True)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _endpoint_ttft(base_url: str, text: str) -> float:
    """Time to the first content chunk, asked of the endpoint directly over HTTP."""
    body = json.dumps({"model": "scripted", "stream": True, "messages": [{"role": "user", "content": text}]})
    request = urllib.request.Request(
        base_url + "/chat/completions", body.encode(), {"content-type": "application/json"}
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=10) as response:
        for line in response:
            if b'"content": "' in line and b'"content": ""' not in line:
                return (time.perf_counter() - started) * 1000
    raise RuntimeError("the endpoint sent no content")


def bench_llm_overhead(runs: int, settings: Settings) -> tuple[list[float], list[float]]:
    """Endpoint time to first token, and ours: text in -> first sentence out, through the whole turn."""
    from assistant.llm.scripted import Reply, ScriptedEndpoint

    text = "tell me something about the weather"
    reply = Reply(text="It is sunny today. More later.", first_token_delay_s=0.05, chunk_chars=64)
    with ScriptedEndpoint(script={text: [reply]}) as endpoint:
        llm = settings.llm.model_copy(update={"preset": "custom", "base_url": endpoint.base_url, "managed": False})
        assistant = Assistant(settings.model_copy(update={"llm": llm}))
        assistant.start()
        endpoint_ms, ours_ms = [], []
        heard: list[float] = []
        for _ in range(runs):
            endpoint_ms.append(_endpoint_ttft(endpoint.base_url, text))
            heard.clear()
            started = time.perf_counter()
            assistant.ask(text, on_sentence=lambda _s: heard.append(time.perf_counter()))
            ours_ms.append((heard[0] - started) * 1000)
            assistant.reset()
        assistant.stop()
    return endpoint_ms, ours_ms


def run(args: argparse.Namespace, settings: Settings) -> int:
    what = "router" if args.what == "match" else args.what
    if what in ("ask", "all"):
        print(_summary("cockpit ask (whole process)", bench_ask_process(5 if args.smoke else args.runs, settings)))
    if what in ("router", "all"):
        _print_router(args, settings)
    if what in ("llm", "all"):
        endpoint_ms, ours_ms = bench_llm_overhead(3 if args.smoke else args.runs, settings)
        print(_summary("LLM endpoint: time to first token", endpoint_ms))
        print(_summary("LLM route: text in -> first sentence out", ours_ms))
        overhead = statistics.median(ours_ms) - statistics.median(endpoint_ms)
        print(f"LLM route overhead over the endpoint: {overhead:.1f} ms (median difference)")
    if what in ("asr", "all"):
        from assistant.cli.bench_asr import bench_asr, table

        rows = bench_asr(settings, args.audio, args.smoke)
        print(json.dumps(rows, indent=2) if args.json else "\n".join(table(rows)))
    if what in ("e2e", "all"):
        from assistant.bench import e2e

        e2e_rows = e2e.run_e2e(settings, smoke=args.smoke)
        print(json.dumps([r.as_dict() for r in e2e_rows], indent=2) if args.json else "\n".join(e2e.table(e2e_rows)))
    if what in ("accuracy", "all"):
        from assistant.cli.bench_accuracy import run_accuracy_command

        run_accuracy_command(args, settings)
    if what in ("soak", "all"):
        return _soak(args, settings)
    return 0


def _print_router(args: argparse.Namespace, settings: Settings) -> None:
    from assistant.bench.router import run_router

    result = run_router(settings, rounds=1 if args.smoke else 5)
    if args.json:
        print(json.dumps(result.__dict__, default=str, indent=2))
        return
    print(f"router over {result.intents} intents in {result.templates_dir}")
    print(f"  compile every template: {result.compile_s:.2f} s; load the compiled cache: {result.load_ms:.0f} ms")
    print(
        f"  {result.sentences} matches: {result.per_second:.0f} utterances/s, "
        f"p50 {result.p50_ms:.2f} ms, p99 {result.p99_ms:.2f} ms per match"
    )


def _soak(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.bench.soak import run_soak

    turns = 200 if args.smoke and args.turns is None else args.turns or 10000
    samples = run_soak(settings, turns)
    first, last = samples[0], samples[-1]
    growth = last.rss_mb - first.rss_mb
    if args.json:
        print(json.dumps({"samples": [s.__dict__ for s in samples], "rss_growth_mb": round(growth, 1)}, indent=2))
    else:
        print(f"{'turns':>7}{'RSS':>10}{'threads':>9}{'open files':>12}")
        for s in samples:
            print(f"{s.turns:>7}{s.rss_mb:>7.1f} MB{s.threads:>9}{s.open_files:>12}")
        print(
            f"RSS grew {growth:+.1f} MB over {last.turns - first.turns} turns after warm-up; "
            f"threads {first.threads} -> {last.threads}, open files {first.open_files} -> {last.open_files}"
        )
    leaked = growth >= SOAK_RSS_BOUND_MB or last.threads > first.threads or last.open_files > first.open_files
    return 1 if leaked and not args.smoke else 0
