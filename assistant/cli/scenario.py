"""``cockpit scenario run FILES...``: a summary table; exit 1 when any expectation fails."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.cells import cell_len

from assistant.cli import steady_state
from assistant.config import Settings
from assistant.pipeline import Assistant
from assistant.scenario.model import load_scenario
from assistant.scenario.runner import ScenarioOutcome, run_scenario


def scenario_files(paths: list[Path]) -> list[Path]:
    """Files as given; a directory stands for the YAML files in it."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
        else:
            files.append(path)
    return files


def run_files(paths: list[Path], settings: Settings) -> list[ScenarioOutcome]:
    loaded = [load_scenario(p) for p in scenario_files(paths)]  # all files parse before any runs
    assistant = Assistant(settings)
    assistant.start()
    steady_state()
    try:
        return [run_scenario(assistant, scenario) for scenario in loaded]
    finally:
        assistant.stop()


def _pad(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` terminal columns, where a Chinese character takes two
    (``f"{text:<{width}}"`` counts characters)."""
    return text + " " * max(0, width - cell_len(text))


def table(outcomes: list[ScenarioOutcome]) -> list[str]:
    width = max([cell_len(o.name) for o in outcomes] + [8])
    lines = [f"{'scenario':<{width}}  turns  passed  failed", "-" * (width + 24)]
    for o in outcomes:
        failed = len(o.failed_turns)
        lines.append(f"{_pad(o.name, width)}  {len(o.turns):>5}  {len(o.turns) - failed:>6}  {failed:>6}")
    total = sum(len(o.turns) for o in outcomes)
    failed = sum(len(o.failed_turns) for o in outcomes)
    lines.append("-" * (width + 24))
    lines.append(f"{'total':<{width}}  {total:>5}  {total - failed:>6}  {failed:>6}")
    return lines


def failures(outcomes: list[ScenarioOutcome], verbose: bool) -> list[str]:
    lines = []
    for o in outcomes:
        for t in o.turns:
            if t.passed and not verbose:
                continue
            mark = "ok  " if t.passed else "FAIL"
            lines.append(f"{mark} {o.path}:{t.line} [{t.seat}] {t.say!r} -> {t.result.reply!r}")
            lines += [f"       {f}" for f in t.failures]
    return lines


def as_json(outcomes: list[ScenarioOutcome]) -> list[dict[str, object]]:
    return [
        {
            "file": str(o.path),
            "name": o.name,
            "passed": o.passed,
            "turns": [
                {
                    "line": t.line,
                    "say": t.say,
                    "seat": t.seat,
                    "passed": t.passed,
                    "failures": list(t.failures),
                    "route": t.result.route,
                    "intents": [c.intent for c in t.result.commands],
                    "reply": t.result.reply,
                }
                for t in o.turns
            ],
        }
        for o in outcomes
    ]


def run(args: argparse.Namespace, settings: Settings) -> int:
    outcomes = run_files(args.files, settings)
    if args.json:
        print(json.dumps(as_json(outcomes), indent=2, ensure_ascii=False))
    else:
        print("\n".join([*failures(outcomes, args.verbose), "", *table(outcomes)]))
    return 0 if all(o.passed for o in outcomes) else 1
