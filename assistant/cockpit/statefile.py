"""``--state FILE``: the car's state as JSON, read with clear errors and written atomically.

The file holds the state contract at the top level, plus ``_dialogue`` so that follow-ups
("and the passenger side too", "undo that") work across separate ``cockpit ask`` runs.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant.cockpit.paths import describe_validation_error
from assistant.cockpit.session import DialogueContext
from assistant.cockpit.state import CockpitState
from assistant.errors import StateFileError

DIALOGUE_KEY = "_dialogue"


def load_state(path: Path) -> tuple[CockpitState | None, DialogueContext]:
    """The saved state, or None (a new car, placed by its first turn) when the file does not exist yet."""
    if not path.exists():
        return None, DialogueContext()
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise StateFileError(path, err.lineno, f"not valid JSON: {err.msg}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise StateFileError(path, None, f"cannot read: {err}") from None
    if not isinstance(data, dict):
        raise StateFileError(path, 1, "expected a JSON object with the vehicle state")
    dialogue = data.pop(DIALOGUE_KEY, None) or {}
    try:
        state = CockpitState.model_validate(data)
    except ValidationError as err:
        raise StateFileError(path, None, describe_validation_error(err)) from None
    try:
        context = DialogueContext.load(dialogue)
    except (ValidationError, KeyError, TypeError):
        context = DialogueContext()  # stale follow-up context is not worth failing a turn for
    return state, context


def save_state(path: Path, state: CockpitState, context: DialogueContext | None = None) -> None:
    """Write to a temporary file beside ``path``, then rename: a crash leaves the old file whole."""
    data = state.model_dump()
    if context is not None:
        data[DIALOGUE_KEY] = context.dump()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
