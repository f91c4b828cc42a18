"""Split streamed text into sentences as it arrives, so the first can be spoken before the reply ends."""

from __future__ import annotations

import re

# A sentence ends at . ! ? (or their CJK forms) followed by space, unless the dot ends a number ("3.5").
_END = re.compile(r"(?<!\d\.\d)(?<=[.!?。！？])[\"')\]]*\s+|(?<=[。！？])")


class SentenceSplitter:
    def __init__(self) -> None:
        self._buffer = ""

    def feed(self, text: str) -> list[str]:
        """Complete sentences now available; the unfinished tail stays buffered."""
        self._buffer += text
        sentences = []
        while True:
            match = _END.search(self._buffer)
            if match is None or match.end() == 0:
                break
            sentence = self._buffer[: match.end()].strip()
            self._buffer = self._buffer[match.end() :]
            if sentence:
                sentences.append(sentence)
        return sentences

    def flush(self) -> list[str]:
        rest, self._buffer = self._buffer.strip(), ""
        return [rest] if rest else []
