"""``cockpit demo``: a scripted drive through the demo scenarios, turn by turn, with a summary."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from statistics import median

from assistant import PROJECT_ROOT
from assistant.cli import render
from assistant.cli.scenario import run_files, table
from assistant.config import Settings


def run(args: argparse.Namespace, settings: Settings) -> int:
    directory: Path = args.dir or PROJECT_ROOT / "demo" / "scenarios"
    outcomes = run_files([directory], settings)
    for outcome in outcomes:
        print(f"\n== {outcome.name} ==")
        for t in outcome.turns:
            print(f"[{t.seat}] {t.say}")
            for line in render.turn(t.result):
                print(f"    {line}")
            for failure in t.failures:
                print(f"    !! {failure}")
    turns = [t for o in outcomes for t in o.turns]
    routes = Counter(t.result.route for t in turns)
    changes = sum(len(t.result.actions) for t in turns)
    latency = median(t.result.timings_ms["total"] for t in turns)
    print()
    print("\n".join(table(outcomes)))
    print(
        f"\nroutes: {dict(routes)}; state changes: {changes}; median turn time: {latency:.1f} ms (text in, reply out)"
    )
    return 0 if all(o.passed for o in outcomes) else 1
