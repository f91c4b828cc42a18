"""The benchmarks run (smoke mode: tiny inputs, never timed) and score by the published protocol."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.bench.accuracy import Label, load_labels, parse_snrs, score, team_cases, team_set_id
from assistant.config import Settings
from assistant.errors import InputError
from assistant.events import Command, RouteDecision
from tests.conftest import NO_LLM, PROJECT

COFFEE_INTENTS = """\
language: en
intents:
  OrderBeverage:
    description: Order a drink from the coffee maker.
    data:
      - sentences:
          - "[i would like] [a] {size} {beverage} [please]"
          - "make me [a] {beverage}"
lists:
  size:
    values: [small, medium, large]
  beverage:
    values: [latte, cappuccino, espresso, tea]
responses:
  OrderBeverage:
    default: "One {size} {beverage} coming up."
"""


def _bench(settings: Settings, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COCKPIT_")}
    env.update(COCKPIT_CACHE_DIR=str(settings.cache_dir), XDG_CACHE_HOME=str(tmp_path), **NO_LLM)
    return subprocess.run(
        [sys.executable, "-m", "assistant", "bench", *args],
        capture_output=True, text=True, env=env, timeout=600, cwd=tmp_path,
    )  # fmt: skip


def test_snr_lists() -> None:
    assert parse_snrs("6:24:3") == [6, 9, 12, 15, 18, 21, 24]
    assert parse_snrs("clean,12") == [None, 12]
    for bad in ("loud", "24:6:3", "6:24:0", ""):
        with pytest.raises(InputError):
            parse_snrs(bad)


def test_scoring_needs_the_intent_and_every_labelled_slot() -> None:
    label = Label("WindowsSetPosition", {"zone": "driver", "position": "100"})

    def decision(intent: str, **slots: object) -> RouteDecision:
        return RouteDecision(route="local", reason="test", commands=(Command(intent=intent, slots=slots),))

    assert score(label, decision("WindowsSetPosition", zone="driver", position=100.0, plural=False)) is None
    assert "slot position" in str(score(label, decision("WindowsSetPosition", zone="driver", position=50)))
    assert "slot zone" in str(score(label, decision("WindowsSetPosition", position=100)))
    assert "intent" in str(score(label, decision("MediaPlay")))
    assert "no intent" in str(score(label, RouteDecision(route="llm", reason="no local intent matched")))


def test_labels_errors_name_the_problem(tmp_path: Path) -> None:
    path = tmp_path / "labels.json"
    path.write_text('{"a.wav": {"slots": {}}}')
    with pytest.raises(InputError, match=r"'a\.wav' needs an 'intent'"):
        load_labels(path)
    path.write_text("[1, 2]")
    with pytest.raises(InputError, match="labels are an object"):
        load_labels(path)
    with pytest.raises(InputError, match="does not exist"):
        load_labels(tmp_path / "none.json")


def test_accuracy_works_with_any_intents_directory(settings: Settings, tmp_path: Path) -> None:
    """A coffee maker, not a car: the grammar and the router are built from its templates."""
    intents = tmp_path / "coffee"
    intents.mkdir()
    (intents / "coffee_OrderBeverage.yaml").write_text(COFFEE_INTENTS)
    audio = tmp_path / "audio"
    audio.mkdir()
    labels = {}
    for name, text, slots in [
        ("large_latte.wav", "i would like a large latte please", {"size": "large", "beverage": "latte"}),
        ("small_tea.wav", "a small tea", {"size": "small", "beverage": "tea"}),
        ("what_time_is_it.wav", "what time is it", {"size": "large", "beverage": "latte"}),  # no order
    ]:
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(audio / name), text], check=True)
        labels[name] = {"intent": "OrderBeverage", "slots": slots}
    (audio / "labels.json").write_text(json.dumps(labels))
    out = _bench(
        settings, tmp_path, "accuracy", "--intents", str(intents), "--audio", str(audio),
        "--labels", str(audio / "labels.json"), "--snr", "clean,18", "--json",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert [r["snr_db"] for r in report["results"]] == [None, 18]
    clean = report["results"][0]
    assert clean["files"] == 3
    assert clean["accuracy"] == round(2 / 3, 4)  # two clean, in-grammar orders
    assert [e["file"] for e in clean["errors"]] == ["what_time_is_it.wav"]  # each miss by name
    assert report["mean_noisy"] is not None


@pytest.mark.parametrize("what", ["router", "e2e", "accuracy", "soak"])
def test_each_benchmark_prints_its_table(settings: Settings, tmp_path: Path, what: str) -> None:
    out = _bench(settings, tmp_path, what, "--smoke")
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    expected = {
        "router": "utterances/s",
        "e2e": "→ audio p50",
        "accuracy": "accuracy",
        "soak": "open files",
    }[what]
    assert expected in out.stdout
    assert "Audio saved" not in out.stdout  # pyttsx3's own chatter stays out of our output


def test_the_team_set_can_be_spoken_by_human_recorded_voices(settings: Settings, tmp_path: Path) -> None:
    out = _bench(settings, tmp_path, "accuracy", "--voices", "festival", "--smoke", "--json")
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    (spoken,) = settings.cache_dir.glob("accuracy-set-en-festival-*")
    assert len(list(spoken.glob("*.wav"))) == 5  # four sentences and the cabin noise
    assert [r["files"] for r in json.loads(out.stdout)["results"]] == [4, 4]


def test_a_test_added_later_changes_the_team_set_by_one_sentence_at_most(tmp_path: Path) -> None:
    tests = PROJECT / "tests" / "intents" / "en"
    before = team_cases(tests, 40)
    for path in tests.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    added = "- sentences:\n  - please make it twenty degrees in here\n  intent: ClimateSetTemperature\n"
    with (tmp_path / "climate_ClimateSetTemperature.yaml").open("a", encoding="utf-8") as file:
        file.write(added)
    after = team_cases(tmp_path, 40)
    assert len(after) == 40 and len({c[0] for c in before} - {c[0] for c in after}) <= 1
    assert team_cases(tests, 40) == before  # the same tests, the same set
    assert (team_set_id(after) == team_set_id(before)) == (after == before)  # a new set gets a new folder


def test_accuracy_input_errors(settings: Settings, tmp_path: Path) -> None:
    out = _bench(settings, tmp_path, "accuracy", "--audio", str(tmp_path))
    assert out.returncode == 2 and "--audio needs --labels" in out.stderr
    out = _bench(settings, tmp_path, "accuracy", "--snr", "loud", "--smoke")
    assert out.returncode == 2 and "'loud' is not a number" in out.stderr
