"""The ``cockpit`` command: one module per command group, errors reported in one place."""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from assistant import __version__

EXIT_USAGE = 2
#: Seats, spelled out here so that building the parser imports nothing heavy.
ZONES = ("driver", "passenger", "rear_left", "rear_right")
ENGINES = ("auto", "pocketsphinx", "vosk")
VOICE_SETS = ("espeak", "festival")  # who speaks the cockpit accuracy set: bench.accuracy.VOICES


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cockpit", description="An offline voice assistant for a car cockpit.")
    parser.add_argument("--version", action="version", version=f"cockpit {__version__}")
    parser.add_argument("--config", type=Path, metavar="FILE", help="settings file (TOML) over the defaults")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser("ask", help="run one turn")
    p.add_argument("text", nargs="?", help="what the occupant says")
    p.add_argument("--wav", type=Path, metavar="FILE", help="say it with a recording instead of text")
    p.add_argument("--engine", choices=ENGINES, help="speech engine for --wav (default from settings: auto)")
    p.add_argument("--seat", choices=ZONES, help="who speaks (default from settings: driver)")
    p.add_argument("--state", type=Path, metavar="FILE", help="load the car's state from FILE and save it back")
    p.add_argument("--json", action="store_true", help="print the whole turn as JSON")
    p.add_argument("--speak", action="store_true", help="say the reply through the speakers")
    p.add_argument("--out", type=Path, metavar="FILE.wav", help="write the spoken reply to a WAV file")
    p.set_defaults(run="ask:run")

    p = commands.add_parser("transcribe", help="speech to text: a WAV file, or raw 16-bit PCM on stdin ('-')")
    p.add_argument("file", type=Path, metavar="FILE.wav|-")
    p.add_argument("--engine", choices=ENGINES, help="speech engine (default from settings: auto)")
    p.add_argument("--mode", choices=("hybrid", "constrained", "open"), help="decoding (default: hybrid)")
    p.add_argument("--rate", type=int, default=16000, help="sample rate of raw PCM on stdin (default 16000)")
    p.add_argument("--channels", type=int, default=1, help="channels of raw PCM on stdin (default 1)")
    p.add_argument("--json", action="store_true", help="print utterances as JSON")
    p.set_defaults(run="speech:run_transcribe")

    p = commands.add_parser("listen", help="talk to the car through the microphone")
    p.add_argument("--engine", choices=ENGINES, help="speech engine (default from settings: auto)")
    p.add_argument("--seat", choices=ZONES, help="who speaks (default: from stereo input, else settings)")
    talk = p.add_mutually_exclusive_group()
    talk.add_argument("--wake", action="store_true", help="only act on turns that start with the wake word")
    talk.add_argument("--ptt", action="store_true", help="push-to-talk: press Enter, then speak")
    p.add_argument("--device", help="input device name or number (see `python -m sounddevice`)")
    p.set_defaults(run="speech:run_listen")

    p = commands.add_parser("models", help="Vosk speech models: list, download, install, verify")
    sub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    s = sub.add_parser("list", help="known and installed models")
    s.set_defaults(run="models:run_list")
    s = sub.add_parser("download", help="fetch, check and install a known model")
    s.add_argument("name", help="small-en-us or small-cn (or the full model name)")
    s.add_argument("--mirror", metavar="URL", help="fetch from this base URL instead of alphacephei.com")
    s.set_defaults(run="models:run_download")
    s = sub.add_parser("install", help="install a model from a .zip or a directory you already have")
    s.add_argument("source", type=Path, metavar="PATH_OR_ZIP")
    s.set_defaults(run="models:run_install")
    s = sub.add_parser("verify", help="load a model with Vosk to check it")
    s.add_argument("name", nargs="?", help="a model name or directory (default: the configured one)")
    s.set_defaults(run="models:run_verify")

    p = commands.add_parser("repl", help="talk to the car in a text loop")
    p.add_argument("--seat", choices=ZONES, help="who speaks first")
    p.set_defaults(run="repl:run")

    p = commands.add_parser("scenario", help="scripted drives")
    sub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    s = sub.add_parser("run", help="run scenario files and check their expectations")
    s.add_argument("files", nargs="+", type=Path, metavar="FILE")
    s.add_argument("--json", action="store_true", help="print results as JSON")
    s.add_argument("--verbose", "-v", action="store_true", help="show every turn, not only failures")
    s.set_defaults(run="scenario:run")

    p = commands.add_parser("intents", help="inspect and validate the intent templates")
    sub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    s = sub.add_parser("list", help="intents with their descriptions")
    s.set_defaults(run="intents:run_list")
    s = sub.add_parser("check", help="validate every intent file")
    s.add_argument("--dir", type=Path, help="an intents directory (default: the configured one)")
    s.set_defaults(run="intents:run_check")
    s = sub.add_parser("sample", help="example sentences generated from the templates")
    s.add_argument("intent", nargs="?", help="only this intent")
    s.add_argument("-n", type=int, default=5, help="sentences per intent (default 5)")
    s.add_argument("--seed", type=int, default=0)
    s.set_defaults(run="intents:run_sample")

    p = commands.add_parser("llm", help="the LLM endpoint")
    sub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    s = sub.add_parser("serve", help="run the embedded llama.cpp server in the foreground")
    s.set_defaults(run="llm:run_serve")
    s = sub.add_parser("status", help="where the LLM route points")
    s.set_defaults(run="llm:run_status")

    p = commands.add_parser("bench", help="benchmarks: latency, throughput, RTF, accuracy, soak")
    p.add_argument(
        "what", nargs="?", default="all",
        choices=["router", "asr", "e2e", "accuracy", "soak", "ask", "llm", "match", "all"],
    )  # fmt: skip
    p.add_argument("--runs", type=int, default=30, help="processes to start for 'ask' (default 30)")
    p.add_argument("--audio", type=Path, metavar="DIR", help="WAV files for 'asr' and 'accuracy'")
    p.add_argument("--labels", type=Path, metavar="FILE", help="'accuracy': labels.json for --audio")
    p.add_argument("--intents", type=Path, metavar="DIR", help="'accuracy': intents directory (default: ours)")
    p.add_argument("--noise", type=Path, metavar="FILE.wav", help="'accuracy': noise to mix in")
    p.add_argument("--snr", metavar="LIST", help="'accuracy': e.g. 6:24:3 or clean,12 (dB)")
    p.add_argument(
        "--voices", choices=VOICE_SETS, default="espeak",
        help="'accuracy' without --audio: who speaks the cockpit set (festival: recorded human diphones and HTS)",
    )  # fmt: skip
    p.add_argument("--engine", choices=ENGINES, help="speech engine (default from settings: auto)")
    p.add_argument("--turns", type=int, help="'soak': turns to run (default 10000)")
    p.add_argument("--smoke", action="store_true", help="tiny inputs, to check each benchmark runs")
    p.add_argument("--json", action="store_true", help="print results as JSON")
    p.set_defaults(run="bench:run")

    p = commands.add_parser("demo", help="a spoken drive through the whole loop, in a simulated cabin")
    p.add_argument("--drive", type=Path, metavar="FILE", help="the drive (default: demo/drive.yaml)")
    p.add_argument("--out-dir", type=Path, metavar="DIR", help="where reply and cabin WAVs go")
    p.add_argument("--text", action="store_true", help="run the text scenarios instead (see --dir)")
    p.add_argument("--dir", type=Path, help="scenario directory for --text (default: demo/scenarios)")
    p.set_defaults(run="demo:run")
    return parser


def entry() -> NoReturn:
    """The console script. Start-up builds many long-lived objects (models, compiled templates);
    letting the collector scan them again and again costs ~100 ms of the 400 ms budget of a
    one-shot ``cockpit ask``, so collection stays off until a long-running command is ready."""
    gc.disable()
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # Piped into `head`: the reader left. Stop quietly, as other command-line tools do. (SIGPIPE
        # stays ignored: restoring its default would also kill us on a socket the LLM server closed.)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    # Tearing down the interpreter frees every object one by one (~60 ms here); the OS does it at once.
    sys.stderr.flush()
    os._exit(code)


def steady_state() -> None:
    """Long-running commands call this once started: collect again, but never the start-up objects."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from assistant.config import load_settings
    from assistant.errors import CockpitError, ConfigError, InputError

    module_name, _, function = args.run.partition(":")
    command = getattr(importlib.import_module(f"assistant.cli.{module_name}"), function)
    try:
        settings = load_settings(args.config)
        code: int = command(args, settings)
    except ConfigError as err:
        print(f"cockpit: configuration error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except InputError as err:
        print(f"cockpit: {err}", file=sys.stderr)
        return EXIT_USAGE
    except CockpitError as err:
        print(f"cockpit: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return code
