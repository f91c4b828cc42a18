"""``cockpit ask "TEXT"``: one turn, optionally against a saved state."""

from __future__ import annotations

import argparse
import json

from assistant.cli import render
from assistant.cockpit.statefile import load_state, save_state
from assistant.config import Settings, with_engine
from assistant.errors import InputError
from assistant.pipeline import Assistant


def run(args: argparse.Namespace, settings: Settings) -> int:
    if (args.text is None) == (args.wav is None):
        raise InputError("ask takes either TEXT or --wav FILE")
    clip = None
    if args.wav is not None:  # imported here: text turns never load numpy
        from assistant.audio.wav import read_wav

        clip = read_wav(args.wav)  # bad audio fails before anything starts
    state, context = load_state(args.state) if args.state else (None, None)
    assistant = Assistant(with_engine(settings, args.engine))
    assistant.start(state, context)
    try:
        result = assistant.hear(clip, args.seat) if clip is not None else assistant.ask(args.text, args.seat)
        if args.state:
            save_state(args.state, assistant.session.state, assistant.session.context)
    finally:
        assistant.stop()
    if args.json:
        print(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False))
    else:
        print("\n".join(render.turn(result)), flush=True)
    if args.speak or args.out:
        _say(result.reply, args, settings)
    return 0


def _say(reply: str, args: argparse.Namespace, settings: Settings) -> None:
    """The reply aloud, after it was printed: a one-shot command gains nothing from streaming it."""
    from assistant.tts import output
    from assistant.tts.factory import make_synthesizer

    synth = make_synthesizer(settings)
    try:
        clip = synth.synthesize(reply)
    finally:
        synth.close()
    if args.out:
        output.to_file(clip, args.out)
    if args.speak:
        output.to_speakers(clip)
