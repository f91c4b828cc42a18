"""``cockpit listen``: microphone and speakers -> the live loop -> the car, with the cockpit panel,
until Ctrl-C. Push-to-talk is the Enter key."""

from __future__ import annotations

import sys
import threading
from collections import deque
from collections.abc import Iterable
from contextlib import ExitStack

from rich.console import Console, RenderableType
from rich.live import Live

from assistant.asr.engine import SAMPLE_RATE
from assistant.audio.mic import Microphone
from assistant.audio.speaker import Speaker
from assistant.cli import steady_state
from assistant.cockpit.state import Zone
from assistant.config import Settings
from assistant.errors import AudioError
from assistant.events import Dismissed, LoopError, LoopEvent, PartialTranscript, TurnRouted
from assistant.live.activation import Activation, Mode
from assistant.live.loop import LiveLoop
from assistant.live.timeline import turn_timings
from assistant.pipeline import Assistant
from assistant.tts.factory import make_synthesizer
from assistant.ui.panel import cockpit_panel

BLOCK_MS = 20  # short blocks: barge-in takes effect at the next one
EVENTS_KEPT = 500  # enough for the last turns' panel and timings; a session may run for hours


def live_loop(settings: Settings, seat: Zone | None, mode: Mode, device: str | None) -> int:
    console = Console()
    assistant = Assistant(settings)
    assistant.start()
    assistant.warm_speech()
    synth = make_synthesizer(settings)
    try:
        activation = Activation(mode, settings.asr.wake_word, settings.live.follow_up_s)
        loop = LiveLoop(assistant, synth, settings, activation, seat=seat, background=True)
        with ExitStack() as stack:
            mic = stack.enter_context(Microphone(device, channels=2, block_ms=BLOCK_MS))
            speaker = _speakers(stack, console)
            hint = {"wake": f'say "{settings.asr.wake_word}" first', "ptt": "press Enter, then speak"}.get(
                mode, "speak"
            )
            status = f"listening on {assistant.speech.name}: {hint}; Ctrl-C to stop"
            if mode == "ptt":
                threading.Thread(target=_enter_presses, args=(loop,), daemon=True).start()
            steady_state()
            events: deque[LoopEvent] = deque(maxlen=EVENTS_KEPT)
            with Live(cockpit_panel(loop.state, status=status), console=console, auto_refresh=False) as live:
                for chunk in mic.chunks():
                    block = mic.to_16k(chunk)
                    played = loop.play(block.shape[0])
                    if speaker is not None:
                        speaker.write(played)
                    new = loop.step(block)
                    if new:
                        events.extend(new)
                        live.update(_panel(loop, events, new, status), refresh=True)
    except KeyboardInterrupt:
        console.print()
    finally:
        synth.close()
        assistant.stop()
    return 0


def _speakers(stack: ExitStack, console: Console) -> Speaker | None:
    try:
        return stack.enter_context(Speaker(rate=SAMPLE_RATE))
    except AudioError as err:
        console.print(f"[yellow]{err}: replies are shown, not spoken[/yellow]")
        return None


def _enter_presses(loop: LiveLoop) -> None:
    for _line in sys.stdin:
        loop.press()


def _panel(loop: LiveLoop, events: Iterable[LoopEvent], new: list[LoopEvent], status: str) -> RenderableType:
    routed = [e.result for e in events if isinstance(e, TurnRouted)]
    timings = turn_timings(events)
    line = status
    for event in new:
        if isinstance(event, PartialTranscript):
            line = f"… {event.text}"
        elif isinstance(event, Dismissed):
            line = f'ignored "{event.text}" ({event.why})'
        elif isinstance(event, LoopError):
            line = f"error: {event.message}"
    return cockpit_panel(loop.state, routed[-1] if routed else None, timings[-1] if timings else None, line)
