"""``cockpit ask "TEXT"``: one turn, optionally against a saved state."""

from __future__ import annotations

import argparse
import json

from assistant.cli import render
from assistant.cockpit.statefile import load_state, save_state
from assistant.config import Settings
from assistant.pipeline import Assistant


def run(args: argparse.Namespace, settings: Settings) -> int:
    state, context = load_state(args.state) if args.state else (None, None)
    assistant = Assistant(settings)
    assistant.start(state, context)
    try:
        result = assistant.ask(args.text, args.seat)
        if args.state:
            save_state(args.state, assistant.session.state, assistant.session.context)
    finally:
        assistant.stop()
    if args.json:
        print(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False))
    else:
        print("\n".join(render.turn(result)))
    return 0
