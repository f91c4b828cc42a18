"""A scripted OpenAI-compatible endpoint on loopback: real HTTP and server-sent events, replies keyed
by the user's words, and faults on request. For tests, benchmarks and UX trials without a model.

A script maps the last user message to a list of rounds; the round is chosen by how many tool rounds
the request already carries. A round is a ``Reply``: text, tool calls, or a fault.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

Fault = Literal["http500", "http429", "http500_once", "http429_once", "slow_first_token", "cut", "malformed"]


@dataclass(frozen=True)
class Reply:
    text: str = ""
    tool_calls: tuple[tuple[str, str], ...] = ()  # (name, raw JSON arguments)
    fault: Fault | None = None
    first_token_delay_s: float = 0.0
    chunk_chars: int = 6


@dataclass
class ScriptedEndpoint:
    """Serves ``script``; records every request it gets. Use as a context manager."""

    script: dict[str, list[Reply]]
    default: Reply = field(default_factory=lambda: Reply(text="I am a scripted assistant."))
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    _attempts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def __post_init__(self) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def __enter__(self) -> ScriptedEndpoint:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reply_for(self, body: dict[str, Any]) -> Reply:
        messages = body.get("messages", [])
        last_user = max((i for i, m in enumerate(messages) if m.get("role") == "user"), default=-1)
        key = str(messages[last_user].get("content", "")) if last_user >= 0 else ""
        round_ = sum(1 for m in messages[last_user + 1 :] if m.get("role") == "assistant")
        rounds = self.script.get(key, [self.default])
        return rounds[min(round_, len(rounds) - 1)]

    def attempt(self, reply: Reply) -> int:
        self._attempts[repr(reply)] += 1
        return self._attempts[repr(reply)]


def _chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
    payload = {
        "id": "chatcmpl-scripted",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "scripted",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(payload)}\n\n".encode()


def _handler_for(endpoint: ScriptedEndpoint) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"  # the body ends when the connection closes: a cut is just a close

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            body = json.dumps({"object": "list", "data": [{"id": "scripted", "object": "model"}]}).encode()
            self._send(200, body, "application/json")

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            endpoint.requests.append(body)
            endpoint.headers.append({k.lower(): v for k, v in self.headers.items()})
            reply = endpoint.reply_for(body)
            fault = reply.fault
            if fault in ("http500", "http429") or (
                fault in ("http500_once", "http429_once") and endpoint.attempt(reply) == 1
            ):
                status = 429 if "429" in (fault or "") else 500
                error = json.dumps({"error": {"message": "scripted fault", "type": "server_error"}}).encode()
                self._send(status, error, "application/json", {"retry-after": "0"})
                return
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.end_headers()
            if fault == "slow_first_token" or reply.first_token_delay_s:
                time.sleep(reply.first_token_delay_s or 5.0)
            # The client may have given up first, as it should after a timeout.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._stream(reply)

        def _stream(self, reply: Reply) -> None:
            if reply.fault == "malformed":
                self.wfile.write(b'data: {"choices": [{"delta": {"content": "Hel\n\n')
                return
            text = reply.text
            pieces = [text[i : i + reply.chunk_chars] for i in range(0, len(text), reply.chunk_chars)]
            self.wfile.write(_chunk({"role": "assistant", "content": ""}))
            for n, piece in enumerate(pieces):
                self.wfile.write(_chunk({"content": piece}))
                self.wfile.flush()
                if reply.fault == "cut" and n >= len(pieces) // 2:
                    return  # connection closes mid-reply, without a finish reason
            for index, (name, arguments) in enumerate(reply.tool_calls):
                call = {"index": index, "id": f"call_{index}", "type": "function"}
                self.wfile.write(_chunk({"tool_calls": [{**call, "function": {"name": name, "arguments": ""}}]}))
                for i in range(0, len(arguments), 8):
                    part = {"index": index, "function": {"arguments": arguments[i : i + 8]}}
                    self.wfile.write(_chunk({"tool_calls": [part]}))
            self.wfile.write(_chunk({}, "tool_calls" if reply.tool_calls else "stop"))
            self.wfile.write(b"data: [DONE]\n\n")

        def _send(self, status: int, body: bytes, kind: str, extra: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("content-type", kind)
            self.send_header("content-length", str(len(body)))
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler
