"""The demo drives pass, and together they exercise every intent."""

from __future__ import annotations

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
