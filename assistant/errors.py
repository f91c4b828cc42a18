"""One exception hierarchy, grouped by what the caller can do about it.

- ``InputError``: the user gave us something unusable; say exactly what and where.
- ``ConfigError``: settings or data files are wrong; the process cannot start.
- ``RouteUnavailable``: a route (LLM, ASR engine) cannot serve now; fall back.
"""

from __future__ import annotations

from pathlib import Path


class CockpitError(Exception):
    """Base of every error this package raises on purpose."""


class InputError(CockpitError):
    """Bad input from the user: text, a state file, a scenario."""


class SourceError(CockpitError):
    """A problem at a known place in a file: names the file, the line and the reason."""

    def __init__(self, path: Path | str, line: int | None, reason: str) -> None:
        self.path = Path(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line is not None else str(self.path)
        super().__init__(f"{where}: {reason}")


class ScenarioError(SourceError, InputError):
    """A malformed scenario file."""


class StateFileError(SourceError, InputError):
    """A state file that cannot be read or does not fit the state contract."""


class IntentFileError(SourceError):
    """A malformed intent template or intent test file."""


class ConfigError(CockpitError):
    """Invalid settings; the message names the key."""


class RouteUnavailable(CockpitError):
    """A route cannot serve this turn; the pipeline falls back and says so."""


class LlmError(RouteUnavailable):
    """The LLM endpoint failed this turn. ``kind`` says how, so the reply and the breaker can act on it."""

    def __init__(self, kind: str, detail: str) -> None:
        self.kind = kind  # unreachable | timeout | http | cut | malformed | circuit_open | not_installed
        self.detail = detail
        super().__init__(f"LLM {kind}: {detail}")


class AudioError(InputError):
    """Audio that cannot be used: not audio, empty, truncated, or a format we cannot read."""


class AsrError(RouteUnavailable):
    """A speech engine cannot serve: ``kind`` is engine_missing | model_missing | model_corrupt | decode."""

    def __init__(self, kind: str, detail: str) -> None:
        self.kind = kind
        self.detail = detail
        super().__init__(f"speech {kind.replace('_', ' ')}: {detail}")


class TtsError(RouteUnavailable):
    """The synthesiser cannot speak: ``kind`` is engine_missing | voice | synth. The reply still shows as text."""

    def __init__(self, kind: str, detail: str) -> None:
        self.kind = kind
        self.detail = detail
        super().__init__(f"speech out {kind.replace('_', ' ')}: {detail}")


class ModelError(CockpitError):
    """A model could not be fetched or installed: ``kind`` is offline | disk_full | bad_archive | checksum |
    unknown | not_installed. Nothing half-installed is ever left behind."""

    def __init__(self, kind: str, detail: str) -> None:
        self.kind = kind
        self.detail = detail
        super().__init__(f"model {kind.replace('_', ' ')}: {detail}")
