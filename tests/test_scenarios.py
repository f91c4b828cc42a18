"""The demo drives pass, and together they exercise every intent."""

from __future__ import annotations

from pathlib import Path

from assistant.cli.scenario import run_files
from assistant.config import Settings
from assistant.pipeline import Assistant
from tests.conftest import PROJECT


def test_demo_scenarios_pass_and_cover_every_intent(settings: Settings, started: Assistant) -> None:
    outcomes = run_files([PROJECT / "demo" / "scenarios"], settings)
    assert len(outcomes) >= 10
    failures = [f"{o.path}:{t.line} {t.say!r}: {t.failures}" for o in outcomes for t in o.failed_turns]
    assert not failures, failures
    used = {c.intent for o in outcomes for t in o.turns for c in t.result.commands}
    used |= {"DialogueUndo", "DialogueRepeatOnZone", "DialogueAdjustLast"} & {
        c.intent for o in outcomes for t in o.turns for c in started.route(t.say).commands
    }
    assert set(started.catalog.intent_names) <= used, set(started.catalog.intent_names) - used


def _scenario(path: Path, name: str, *turns: str, start: str = "") -> None:
    """A scenario file: each turn a ``say`` and its ``expect`` mapping, in flow style."""
    lines = [f"name: {name}", *([f"start: {start}"] if start else []), "turns:"]
    lines += [f"  - {{{turn}}}" for turn in turns]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_reply_is_checked_as_it_is_heard(settings: Settings, tmp_path: Path) -> None:
    """二十二度 and 22度 sound the same: a scenario may write a number either way."""
    _scenario(
        tmp_path / "zh.yaml",
        "数字",
        'say: "温度调到二十二度", expect: {reply_contains: ["二十二度", "22 度"]}',
        'say: "温度调到二十三度", expect: {reply_contains: "二十二度"}',
    )
    [outcome] = run_files([tmp_path], settings)
    assert not outcome.turns[0].failures, outcome.turns[0].failures
    assert outcome.turns[1].failures  # 23 is not 22


def test_a_mandarin_drive_starts_in_shanghai(settings: Settings, tmp_path: Path) -> None:
    """A file that does not place the car starts it in the home city of its first turn's language."""
    _scenario(
        tmp_path / "zh.yaml",
        "回家",
        'say: "我们现在在哪", expect: {reply_contains: "上海"}',
        'say: "回家", expect: {state: {navigation.active: true}}',
    )
    munich = "{vehicle.location.lat: 48.1771, vehicle.location.lon: 11.5562}"
    _scenario(tmp_path / "set.yaml", "慕尼黑", 'say: "我们现在在哪", expect: {reply_contains: "慕尼黑"}', start=munich)
    _scenario(tmp_path / "en.yaml", "home", 'say: "where are we", expect: {reply_contains: "Munich"}')
    outcomes = {o.path.stem: o for o in run_files([tmp_path], settings)}
    failures = [t.failures for o in outcomes.values() for t in o.turns if t.failures]
    assert not failures, failures
    assert (outcomes["zh"].turns[1].result.state["navigation"]["distance_km"] or 1e9) < 50  # home is in Shanghai
