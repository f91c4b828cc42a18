"""Human-readable views of turns and changes, shared by ask, repl and demo."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from assistant.cockpit.replies import format_value
from assistant.events import Change, TurnResult


def show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, list):
        return f"[{len(value)} items]" if value else "[]"
    return format_value(value)


def changes(items: Iterable[Change], indent: str = "  ") -> list[str]:
    return [f"{indent}{c.path}: {show(c.old)} → {show(c.new)}" for c in items]


def turn(result: TurnResult, verbose: bool = False) -> list[str]:
    lines = []
    if result.heard is not None:
        seat = f", {result.heard.seat_from_audio} by its voice" if result.heard.seat_from_audio else ""
        lines.append(f'heard "{result.transcript}" ({result.heard.engine}, {result.heard.mode or "nothing"}{seat})')
    lines.append(result.reply)
    lines += changes(result.actions)
    if verbose:
        intents = ", ".join(c.intent for c in result.commands) or "-"
        lines.append(f"  [{result.route}: {intents}; {result.reason}; {result.timings_ms['total']:.1f} ms]")
    return lines
