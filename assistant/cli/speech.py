"""``cockpit transcribe`` (a file or stdin) and ``cockpit listen`` (the microphone)."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from assistant.audio.wav import AudioClip, decode_pcm16, read_wav
from assistant.config import Settings, with_engine
from assistant.errors import AudioError
from assistant.pipeline import Assistant


def _stdin_clip(rate: int, channels: int) -> AudioClip:
    """Raw little-endian 16-bit PCM from standard input."""
    if not 8000 <= rate <= 192000 or not 1 <= channels <= 8:
        raise AudioError(f"raw PCM: unsupported --rate {rate} or --channels {channels}")
    return decode_pcm16(sys.stdin.buffer.read(), rate, channels)


def run_transcribe(args: argparse.Namespace, settings: Settings) -> int:
    clip = _stdin_clip(args.rate, args.channels) if str(args.file) == "-" else read_wav(args.file)
    assistant = Assistant(with_engine(settings, args.engine, args.mode))
    assistant.start()
    try:
        utterances = assistant.listen(clip)
    finally:
        assistant.stop()
    if args.json:
        rows = [
            {
                **asdict(u.transcript),
                "start_s": round(u.start_s, 3),
                "end_s": round(u.speech_end_s, 3),
                "early": u.early,
            }
            for u in utterances
        ]
        print(json.dumps({"audio_s": round(clip.duration_s, 3), "utterances": rows}, indent=2, ensure_ascii=False))
    elif not utterances:
        print("(no speech)")
    else:
        for u in utterances:
            print(u.transcript.text or "(not understood)")
    return 0


def run_listen(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.cli.live import live_loop
    from assistant.live.activation import Mode

    mode: Mode = "wake" if args.wake else "ptt" if args.ptt else "always"
    return live_loop(with_engine(settings, args.engine), args.seat, mode, args.device)
