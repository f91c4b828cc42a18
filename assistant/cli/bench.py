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

from assistant import PROJECT_ROOT
from assistant.config import Settings
from assistant.pipeline import Assistant
from assistant.yamlsrc import load_yaml

ASK_SENTENCES = ("set the temperature to 22 degrees", "open the passenger window halfway", "play some jazz")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _summary(name: str, values_ms: list[float]) -> str:
    return (
        f"{name}: median {statistics.median(values_ms):.1f} ms, p90 {_percentile(values_ms, 0.9):.1f} ms, "
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


def bench_matching(settings: Settings) -> list[float]:
    """Routing time per sentence over every sentence in the intent test files."""
    sentences = []
    for path in sorted((PROJECT_ROOT / "tests" / "intents" / settings.language).glob("*.yaml")):
        for test in load_yaml(path).data["tests"]:
            sentences += test["sentences"]
    assistant = Assistant(settings)
    assistant.start()
    router = assistant.parts.router
    times = []
    for sentence in sentences:
        started = time.perf_counter()
        router.route(sentence + " ")  # a new string each time: no help from the router's own cache
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
    if args.what in ("ask", "all"):
        print(_summary("cockpit ask (whole process)", bench_ask_process(args.runs, settings)))
    if args.what in ("match", "all"):
        print(_summary("routing one sentence", bench_matching(settings)))
    if args.what in ("llm", "all"):
        endpoint_ms, ours_ms = bench_llm_overhead(args.runs, settings)
        print(_summary("LLM endpoint: time to first token", endpoint_ms))
        print(_summary("LLM route: text in -> first sentence out", ours_ms))
        overhead = statistics.median(ours_ms) - statistics.median(endpoint_ms)
        print(f"LLM route overhead over the endpoint: {overhead:.1f} ms (median difference)")
    if args.what in ("asr", "all"):
        from assistant.cli.bench_asr import bench_asr, table

        rows = bench_asr(settings, args.audio, args.smoke)
        print(json.dumps(rows, indent=2) if args.json else "\n".join(table(rows)))
    return 0
