"""``cockpit demo``: the spoken drive of demo/drive.yaml through the whole live loop, in a simulated
cabin, with the cockpit panel after each turn and a summary; ``--text`` runs the text scenarios instead."""

from __future__ import annotations

import argparse
import threading
from collections import Counter
from pathlib import Path
from statistics import median

import numpy as np
from rich.console import Console

from assistant import PROJECT_ROOT
from assistant.asr.engine import SAMPLE_RATE
from assistant.audio.wav import write_wav
from assistant.cli import render
from assistant.cli.scenario import run_files, table
from assistant.cockpit.state import CockpitState
from assistant.config import Settings
from assistant.events import LoopError, TurnResult
from assistant.live.activation import Activation
from assistant.live.cabin import Cabin
from assistant.live.drive import DriveReport, TurnReport, Voices, load_drive, run_drive
from assistant.live.loop import LiveLoop
from assistant.live.timeline import turn_timings
from assistant.pipeline import Assistant
from assistant.tts.factory import make_synthesizer
from assistant.ui.panel import cockpit_panel


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.text:
        return run_text(args, settings)
    drive_file: Path = args.drive or PROJECT_ROOT / "demo" / "drive.yaml"
    drive, start = load_drive(drive_file)
    out_dir: Path = args.out_dir or settings.cache_dir / "demo-out"
    out_dir.mkdir(parents=True, exist_ok=True)
    console = Console(highlight=False)
    assistant = Assistant(settings)
    assistant.start(start)
    assistant.warm_speech()
    synth = make_synthesizer(settings)
    # The embedded LLM server starts while the first, local turns run, as it would in a car.
    threading.Thread(target=assistant.parts.llm.warm_up, daemon=True).start()
    try:
        loop = LiveLoop(
            assistant, synth, settings, Activation("ptt", settings.asr.wake_word, settings.live.follow_up_s)
        )
        cabin = Cabin(loop, record=True)
        console.print(f"[bold]{drive.name}[/bold]: {drive.description}")
        console.print(f"speech in: {assistant.speech.name}; speech out: {synth.name}; replies go to {out_dir}\n")
        voices = Voices(settings, settings.cache_dir / "demo-voices")
        shown: list[TurnReport] = []

        def show(report: TurnReport) -> None:
            previous = next((r.result for r in reversed(shown) if r.result is not None), None)
            shown.append(report)
            _show_turn(console, len(shown), report, loop, out_dir, cabin, previous)

        report = run_drive(drive, cabin, voices, show)
        write_wav(out_dir / "cabin-microphones.wav", np.concatenate(cabin.recorded_mic), SAMPLE_RATE)
        write_wav(out_dir / "cabin-speakers.wav", np.concatenate(cabin.recorded_speakers), SAMPLE_RATE)
        _summary(console, report)
    finally:
        synth.close()
        assistant.stop()
    errors = [e for e in report.events if isinstance(e, LoopError)]
    return 1 if errors else 0


def _show_turn(
    console: Console,
    number: int,
    report: TurnReport,
    loop: LiveLoop,
    out_dir: Path,
    cabin: Cabin,
    previous: TurnResult | None,
) -> None:
    turn = report.turn
    how = "over the reply" if turn.over_reply_after_s is not None else ("push-to-talk" if turn.press else "follow-up")
    console.rule(f"turn {number}: the {turn.seat.replace('_', ' ')} says “{turn.say}” ({how})")
    if report.barge_in_ms is not None:
        console.print(f"barge-in: the reply stopped {report.barge_in_ms:.0f} ms after the speech began")
    result = report.result
    if result is not None and loop.reply_audio:
        write_wav(out_dir / f"turn-{number:02d}-reply.wav", np.concatenate(loop.reply_audio), SAMPLE_RATE)
    if result is None:
        console.print("no request: the car only stopped talking, and the panel still shows the last turn")
    timings = [t for t in turn_timings(cabin.events) if t.result is (result or previous)]
    state = CockpitState.model_validate(result.state) if result else loop.state
    console.print(cockpit_panel(state, result or previous, timings[-1] if timings else None))
    for failure in report.failures:
        console.print(f"[yellow]!! {failure}[/yellow]")


def _summary(console: Console, report: DriveReport) -> None:
    results: list[TurnResult] = [t.result for t in report.turns if t.result is not None]
    timings = turn_timings(report.events)
    routes = Counter(r.route for r in results)
    changes = sum(len(r.actions) for r in results)
    console.rule("summary")
    heard_right = sum(1 for t in report.turns if not t.failures)
    console.print(
        f"turns: {len(report.turns)} ({heard_right} as expected); routes: {dict(routes)}; state changes: {changes}"
    )
    for route in ("local", "llm"):
        audio = [t.to_audio_ms for t in timings if t.result.route == route and t.to_audio_ms is not None]
        action = [t.to_action_ms for t in timings if t.result.route == route]
        if audio:
            console.print(
                f"{route}: end of speech → state changed {median(action):.0f} ms, → first reply audio "
                f"{median(audio):.0f} ms (medians of {len(audio)})"
            )
    barge = [t.barge_in_ms for t in report.turns if t.barge_in_ms is not None]
    if barge:
        console.print(f"barge-in: speech over the reply stopped it within {max(barge):.0f} ms")
    for t in report.turns:
        if t.failures:
            console.print(f"[yellow]“{t.turn.say}”: {'; '.join(t.failures)}[/yellow]")
    for error in (e for e in report.events if isinstance(e, LoopError)):  # what makes the exit status 1
        console.print(f"[red]error ({error.kind}) at {error.t:.2f} s: {error.message}[/red]")


def run_text(args: argparse.Namespace, settings: Settings) -> int:
    """The text scenarios, turn by turn, with a summary."""
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
