"""The wake word as a pure gate over transcripts: "hey cockpit, open the window", or the two apart."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORDS = re.compile(r"[\w']+")


@dataclass(frozen=True)
class WakeSettings:
    phrase: str = "hey cockpit"
    armed_s: float = 8.0  # after the wake word alone, the next turn within this long is heard


class WakeGate:
    """``hear(text, now_s)`` returns the request to act on, or None when the car should stay quiet."""

    def __init__(self, settings: WakeSettings) -> None:
        self._phrase = _WORDS.findall(settings.phrase.lower())
        if not self._phrase:
            raise ValueError("the wake word needs at least one word")
        self._armed_s = settings.armed_s
        self._armed_until: float | None = None

    @property
    def armed(self) -> bool:
        return self._armed_until is not None

    def hear(self, text: str, now_s: float) -> str | None:
        words = _WORDS.findall(text.lower())
        rest = self._after_phrase(words)
        if rest is not None:
            if rest:
                self._armed_until = None
                return " ".join(rest)
            self._armed_until = now_s + self._armed_s  # the wake word alone: listen for the request
            return None
        if self._armed_until is not None and now_s <= self._armed_until and words:
            self._armed_until = None
            return " ".join(words)
        if self._armed_until is not None and now_s > self._armed_until:
            self._armed_until = None
        return None

    def _after_phrase(self, words: list[str]) -> list[str] | None:
        """The words after the wake phrase, if it starts the utterance (one stray word before it is allowed)."""
        n = len(self._phrase)
        for start in (0, 1):
            if words[start : start + n] == self._phrase:
                return words[start + n :]
        for start in (0, 1):  # "cockpit" alone, without the greeting, still wakes the car
            if n > 1 and words[start : start + 1] == self._phrase[-1:]:
                return words[start + 1 :]
        return None
