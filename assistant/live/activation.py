"""Who may talk to the car now: always, after the wake word, or after push-to-talk, plus the
follow-up window that opens after each reply. Pure: time is passed in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from assistant.asr.wake import WakeGate, WakeSettings

Mode = Literal["always", "wake", "ptt"]


@dataclass(frozen=True)
class Admission:
    text: str | None  # the request to act on, or None
    why: str  # always | wake word | push-to-talk | follow-up | not addressed | armed


class Activation:
    def __init__(self, mode: Mode, wake_word: str, follow_up_s: float) -> None:
        self.mode = mode
        self._gate = WakeGate(WakeSettings(wake_word)) if mode == "wake" else None
        self._follow_up_s = follow_up_s
        self._pressed_at: float | None = None
        self._open_until: float | None = None

    def press(self, now_s: float) -> None:
        """Push-to-talk: the next utterance is a request."""
        self._pressed_at = now_s

    def reply_finished(self, now_s: float) -> None:
        if self._follow_up_s > 0:
            self._open_until = now_s + self._follow_up_s

    def follow_up_open(self, now_s: float) -> bool:
        return self._open_until is not None and now_s <= self._open_until

    def admit(self, text: str, start_s: float) -> Admission:
        """``start_s``: when the utterance began (a follow-up must begin inside the window)."""
        if not text:
            return Admission(None, "nothing heard")
        if self.mode == "always":
            return Admission(text, "always")
        if self.follow_up_open(start_s):
            self._open_until = None
            if self._gate is not None:  # "hey cockpit, ..." in the window: drop the wake word all the same
                woken = self._gate.hear(text, start_s)
                return Admission(woken or text, "follow-up")
            return Admission(text, "follow-up")
        self._open_until = None
        if self.mode == "ptt":
            if self._pressed_at is not None and self._pressed_at <= start_s + 0.5:
                self._pressed_at = None
                return Admission(text, "push-to-talk")
            return Admission(None, "not addressed")
        assert self._gate is not None
        request = self._gate.hear(text, start_s)
        if request is not None:
            return Admission(request, "wake word")
        return Admission(None, "armed" if self._gate.armed else "not addressed")
