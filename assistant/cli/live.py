"""``cockpit listen``: the microphone -> speech -> the car, until Ctrl-C."""

from __future__ import annotations

import sys
from collections import deque

import numpy as np

from assistant.asr.listen import SpeechListener, Utterance
from assistant.asr.wake import WakeGate, WakeSettings
from assistant.audio.mic import Microphone
from assistant.audio.seat import estimate_seat
from assistant.audio.wav import AudioClip, Samples
from assistant.cli import render, steady_state
from assistant.cockpit.state import Zone
from assistant.config import Settings
from assistant.pipeline import Assistant

HISTORY_S = 15.0  # stereo audio kept to place the speaker of the last utterance


class StereoHistory:
    """The last seconds of input with its audio time, to estimate which seat an utterance came from."""

    def __init__(self, rate: int) -> None:
        self._rate = rate
        self._chunks: deque[Samples] = deque()
        self._end = 0  # frames seen so far

    def add(self, chunk: Samples) -> None:
        self._chunks.append(chunk)
        self._end += chunk.shape[0]
        while sum(c.shape[0] for c in self._chunks) > HISTORY_S * self._rate:
            self._chunks.popleft()

    def seat(self, start_s: float, end_s: float) -> Zone | None:
        if not self._chunks or self._chunks[0].shape[1] != 2:
            return None
        audio = np.concatenate(list(self._chunks))
        first = self._end - audio.shape[0]
        lo, hi = (max(0, int(t * self._rate) - first) for t in (start_s, end_s))
        return estimate_seat(AudioClip(audio[lo:hi], self._rate)).seat if hi > lo else None


def live_loop(settings: Settings, seat: Zone | None, wake: bool, device: str | None) -> int:
    assistant = Assistant(settings)
    assistant.start()
    try:
        listener = SpeechListener(assistant.speech, assistant.accepts, settings.asr)
        gate = WakeGate(WakeSettings(settings.asr.wake_word)) if wake else None
        with Microphone(device, channels=2) as mic:
            history = StereoHistory(mic.rate)
            steady_state()
            hint = f'say "{settings.asr.wake_word}" first; ' if gate else ""
            print(f"listening on {assistant.speech.name} ({hint}Ctrl-C to stop)", flush=True)
            for chunk in mic.chunks():
                history.add(chunk)
                for utterance in listener.feed(mic.to_mono_16k(chunk)):
                    _respond(assistant, utterance, gate, seat or history.seat(utterance.start_s, utterance.committed_s))
    except KeyboardInterrupt:
        print(file=sys.stderr)
    finally:
        assistant.stop()
    return 0


def _respond(assistant: Assistant, utterance: Utterance, gate: WakeGate | None, seat: Zone | None) -> None:
    text: str | None = utterance.transcript.text
    if gate is not None and text:
        text = gate.hear(text, utterance.committed_s)
        if text is None:
            if gate.armed:
                print("(listening)", flush=True)
            return
    if not text:
        return
    print(f'heard "{text}" [{utterance.transcript.mode}, {utterance.end_to_final_ms:.0f} ms]', flush=True)
    result = assistant.ask(text, seat)
    print("\n".join(render.turn(result)), flush=True)
