"""``cockpit repl``: talk to the car line by line and see what each turn changed."""

from __future__ import annotations

import argparse
import contextlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from assistant.cli import render, steady_state
from assistant.cockpit.paths import flatten
from assistant.cockpit.state import ZONES, Zone
from assistant.config import Settings
from assistant.pipeline import Assistant

HELP = """Type what an occupant would say. Commands:
  :seat NAME     speak from another seat (driver, passenger, rear_left, rear_right)
  :state [PATH]  show the car's state, or the part under PATH (e.g. :state climate)
  :reset         a new car and a new conversation
  :json          toggle the full JSON of each turn
  :help          this text
  :quit          leave (Ctrl-D works too)"""


def _setup_history(path: Path) -> Callable[[], None]:
    """Line editing and a persistent history when readline exists; saving never breaks the REPL."""
    try:
        import readline
    except ImportError:
        return lambda: None
    path = path.expanduser()
    with contextlib.suppress(OSError):
        readline.read_history_file(path)
    readline.set_history_length(1000)

    def save() -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(path)
        except OSError:
            pass

    return save


class Repl:
    """The loop without the terminal, so tests can drive it with any streams."""

    def __init__(self, assistant: Assistant, seat: Zone, out: TextIO) -> None:
        self.assistant = assistant
        self.seat: Zone = seat
        self.out = out
        self.show_json = False

    def prompt(self) -> str:
        return f"{self.seat}> "

    def handle(self, line: str) -> bool:
        """Process one line; False means the user asked to leave."""
        line = line.strip()
        if not line:
            return True
        if line.startswith(":"):
            return self._command(line[1:].split())
        # Sentences appear as soon as they exist: an LLM reply streams in, sentence by sentence.
        result = self.assistant.ask(line, self.seat, on_sentence=None if self.show_json else self._print)
        if self.show_json:
            self._print(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False))
        else:
            self._print("\n".join(render.turn(result, verbose=True)[1:]))
        return True

    def _command(self, words: list[str]) -> bool:
        name, rest = (words[0].lower(), words[1:]) if words else ("help", [])
        if name in ("quit", "exit", "q"):
            return False
        if name == "seat":
            if len(rest) != 1 or rest[0] not in ZONES:
                self._print(f"usage: :seat {'|'.join(ZONES)}")
            else:
                self.seat = rest[0]
                self._print(f"Now speaking from the {self.seat} seat.")
        elif name == "state":
            flat = flatten(self.assistant.session.state.model_dump())
            prefix = rest[0] if rest else ""
            shown = [f"  {k}: {render.show(v)}" for k, v in flat.items() if k.startswith(prefix)]
            self._print("\n".join(shown) or f"no state under {prefix!r}")
        elif name == "reset":
            self.assistant.reset()
            self._print("A new car and a new conversation.")
        elif name == "json":
            self.show_json = not self.show_json
            self._print(f"JSON output {'on' if self.show_json else 'off'}.")
        else:
            self._print(HELP)
        return True

    def _print(self, text: str) -> None:
        print(text, file=self.out, flush=True)


def run(args: argparse.Namespace, settings: Settings) -> int:
    import sys

    assistant = Assistant(settings)
    assistant.start()
    steady_state()
    save_history = _setup_history(settings.repl.history_file)
    repl = Repl(assistant, args.seat or settings.default_seat, sys.stdout)
    print(f"cockpit: {len(assistant.catalog.intent_names)} intents loaded. :help for commands.")
    try:
        while True:
            try:
                line = input(repl.prompt())
            except EOFError:
                print()
                break
            except KeyboardInterrupt:
                print("^C")
                continue
            if not repl.handle(line):
                break
    finally:
        save_history()
        assistant.stop()
    return 0
