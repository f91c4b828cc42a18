"""The ``cockpit`` command as a user runs it: real processes, real files, exit codes and messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.config import Settings
from tests.conftest import NO_LLM, PROJECT

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def cockpit(settings: Settings, tmp_path: Path) -> Run:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COCKPIT_")}
    env.update(COCKPIT_CACHE_DIR=str(settings.cache_dir), XDG_CACHE_HOME=str(tmp_path), **NO_LLM)

    def run(*args: str, stdin: str | None = None, **extra_env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "assistant", *args],
            capture_output=True, text=True, env={**env, **extra_env}, input=stdin, timeout=300, cwd=tmp_path,
        )  # fmt: skip

    return run


def test_ask_json_has_the_documented_fields(cockpit: Run) -> None:
    out = cockpit("ask", "turn on the AC and set the passenger temperature to 23", "--json")
    assert out.returncode == 0, out.stderr
    turn = json.loads(out.stdout)
    for key in ("transcript", "seat", "route", "intent", "slots", "commands", "actions", "reply", "state"):
        assert key in turn
    assert turn["route"] == "local" and turn["seat"] == "driver"
    assert [c["intent"] for c in turn["commands"]] == ["ClimateSetFeature", "ClimateSetTemperature"]
    assert turn["state"]["climate"]["zones"]["passenger"]["target_c"] == 23
    assert {"route", "handle", "total"} <= set(turn["timings_ms"])
    assert turn["actions"] == [{"path": "climate.zones.passenger.target_c", "old": 21.0, "new": 23.0}]


def test_ask_llm_route_is_honest_until_configured(cockpit: Run) -> None:
    turn = json.loads(cockpit("ask", "tell me a joke", "--json").stdout)
    assert turn["route"] == "llm"
    assert "no assistant model is configured" in turn["reply"]


def test_state_file_round_trip_with_follow_ups(cockpit: Run, tmp_path: Path) -> None:
    state = tmp_path / "car.json"
    assert cockpit("ask", "I'm cold", "--seat", "rear_left", "--state", str(state)).returncode == 0
    assert cockpit("ask", "and the passenger side too", "--state", str(state)).returncode == 0
    saved = json.loads(state.read_text())
    assert saved["climate"]["zones"]["rear_left"]["target_c"] == 22
    assert saved["climate"]["zones"]["passenger"]["target_c"] == 22
    assert cockpit("ask", "undo that", "--state", str(state)).returncode == 0
    assert json.loads(state.read_text())["climate"]["zones"]["passenger"]["target_c"] == 21
    assert not list(tmp_path.glob(".car.json.*"))  # no temporary files left behind


def test_bad_state_file_is_named_and_left_alone(cockpit: Run, tmp_path: Path) -> None:
    state = tmp_path / "car.json"
    state.write_text('{"climate": {"fan_speed": 3,\n "ac": maybe}}')
    out = cockpit("ask", "fan up", "--state", str(state))
    assert out.returncode == 2
    assert f"{state}:2: not valid JSON" in out.stderr
    state.write_text(json.dumps({"climate": {"fan_speed": 12}}))
    out = cockpit("ask", "fan up", "--state", str(state))
    assert out.returncode == 2 and "climate.fan_speed" in out.stderr
    assert json.loads(state.read_text()) == {"climate": {"fan_speed": 12}}


def test_scenario_run_passes_the_demo_drives(cockpit: Run) -> None:
    out = cockpit("scenario", "run", str(PROJECT / "demo" / "scenarios"))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "total" in out.stdout


def test_scenario_failure_exits_non_zero_and_says_why(cockpit: Run, tmp_path: Path) -> None:
    path = tmp_path / "wrong.yaml"
    path.write_text(
        "name: Wrong\nturns:\n  - say: set the temperature to 22\n"
        "    expect: {state: {climate.zones.driver.target_c: 23}, route: local}\n"
    )
    out = cockpit("scenario", "run", str(path), "--json")
    assert out.returncode == 1
    result = json.loads(out.stdout)[0]
    assert result["passed"] is False
    assert result["turns"][0]["failures"] == ["state climate.zones.driver.target_c: expected 23, got 22.0"]


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        ("name: X\nturns:\n  - say: hi\n    expect: {route: maybe}\n", 4, "turns.0.expect.route"),
        ("name: X\nturns:\n  - say: hi\n    sya: typo\n", 4, "turns.0.sya: Extra inputs"),
        ("name: X\nturns: [\n", 3, "invalid YAML"),
        ("name: X\nstart: {climate.fan_speed: 9}\nturns:\n  - say: hi\n", 2, "climate.fan_speed"),
        ("name: X\nturns:\n  - say: hi\n    expect:\n      state: {climate.nope: 1}\n", 5, "climate.nope"),
    ],
)
def test_malformed_scenarios_name_file_and_line(
    cockpit: Run, tmp_path: Path, content: str, line: int, reason: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content)
    out = cockpit("scenario", "run", str(path))
    assert out.returncode == 2
    assert f"{path}:{line}:" in out.stderr and reason in out.stderr, out.stderr


def test_intents_check_names_file_and_line(cockpit: Run, tmp_path: Path) -> None:
    bad = tmp_path / "intents"
    bad.mkdir()
    for src in (PROJECT / "intents" / "en").glob("*.yaml"):
        (bad / src.name).write_text(src.read_text())
    text = (bad / "media_MediaPause.yaml").read_text()
    (bad / "media_MediaPause.yaml").write_text(text.replace('"(pause|', '"((pause|', 1))
    out = cockpit("intents", "check", "--dir", str(bad))
    assert out.returncode == 1
    assert f"{bad / 'media_MediaPause.yaml'}:7: bad template" in out.stderr, out.stderr
    good = cockpit("intents", "check")
    assert good.returncode == 0 and "29 intents" in good.stdout


def test_intents_list_and_sample(cockpit: Run) -> None:
    listed = cockpit("intents", "list").stdout
    assert "ClimateSetTemperature" in listed and "Set the target temperature" in listed
    sample = cockpit("intents", "sample", "MediaPlay", "-n", "3").stdout.splitlines()
    assert len(sample) == 3 and all(line.startswith("MediaPlay\t") for line in sample)
    assert cockpit("intents", "sample", "Nope").returncode == 2


def test_config_errors_name_the_key(cockpit: Run, tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[router]\nmax_commands = 0\n")
    out = cockpit("--config", str(config), "ask", "hi")
    assert out.returncode == 2 and "router.max_commands" in out.stderr


def test_repl_session(cockpit: Run) -> None:
    script = "set the temperature to 24\n:seat passenger\nsame for me\n:state climate.zones.passenger\n:quit\n"
    out = cockpit("repl", stdin=script)
    assert out.returncode == 0, out.stderr
    assert "climate.zones.driver.target_c: 21 → 24" in out.stdout
    assert "Now speaking from the passenger seat." in out.stdout
    assert "climate.zones.passenger.target_c: 24" in out.stdout


def test_demo_text_runs_the_scenarios_and_summarises(cockpit: Run) -> None:
    out = cockpit("demo", "--text")
    assert out.returncode == 0, out.stdout[-2000:]
    assert "routes:" in out.stdout and "median turn time" in out.stdout


def test_embedded_llm_answers_a_general_question(cockpit: Run) -> None:
    """The offline endpoint for real: llama.cpp's server with SmolLM2-135M, started and stopped by cockpit."""
    out = cockpit("ask", "tell me a joke", "--json", COCKPIT_LLM__PRESET="embedded", COCKPIT_LLM__PORT="8791")
    assert out.returncode == 0, out.stderr
    turn = json.loads(out.stdout)
    assert turn["route"] == "llm", turn["reason"]
    assert "LLM:" not in turn["reason"], turn["reason"]  # no fault, no fallback
    assert turn["reply"].strip()
    assert turn["state"]["vehicle"]["trunk_open"] is False
