"""The LLM route: stream a reply, let the model act through the cockpit's own handlers, and fail soft.

Every tool call is validated by the handler's slot model and checked by the safety policy, because it
runs through ``Session.execute`` exactly like a local command. Whatever goes wrong, the occupant hears a
short, clear sentence and the car's state is left as the tools (if any) validly set it.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from assistant.cockpit.handlers import handler_for
from assistant.cockpit.replies import capitalised
from assistant.cockpit.session import SYSTEM, Session
from assistant.cockpit.state import Zone
from assistant.cockpit.world import simplify
from assistant.config import LlmSettings
from assistant.errors import LlmError
from assistant.events import Command, CommandResult, TextDelta, ToolCall
from assistant.llm.breaker import CircuitBreaker
from assistant.llm.history import Conversation, Message, recites_prompt, system_message
from assistant.llm.sentences import SentenceSplitter
from assistant.llm.tools import parse_arguments, tool_names, tool_schemas
from assistant.nlu.text import has_ideographs

_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
#: The history's "[changed: ...]" notes, and the like a small model makes of them ("[updated: ...]").
_HISTORY_NOTE = re.compile(r"\[\s*[A-Za-z_ ]{2,20}:[^\]]*\]?")

if TYPE_CHECKING:
    from assistant.llm.client import ChatClient

SentenceSink = Callable[[str], None]


@dataclass(frozen=True)
class LlmAnswer:
    reply: str
    commands: tuple[CommandResult, ...] = ()
    error: str | None = None  # the LlmError kind, when the endpoint failed
    sentences: tuple[str, ...] = field(default=())


class LlmRoute(Protocol):
    def answer(self, text: str, seat: Zone, session: Session, on_sentence: SentenceSink | None = None) -> LlmAnswer: ...

    def note_local_turn(self, text: str, reply: str, changes: list[str]) -> None: ...

    def reset(self) -> None: ...

    def warm_up(self) -> None:
        """Start what the first answer would otherwise wait for (the embedded server). Never raises."""
        ...

    def close(self) -> None: ...


class NotConfigured:
    """Says plainly that no model is set up, and that car controls still work."""

    def answer(self, text: str, seat: Zone, session: Session, on_sentence: SentenceSink | None = None) -> LlmAnswer:
        reply = session.replies.render(SYSTEM, "llm_not_configured", {})
        return LlmAnswer(reply, error="not_configured", sentences=(reply,))

    def note_local_turn(self, text: str, reply: str, changes: list[str]) -> None:
        pass

    def reset(self) -> None:
        pass

    def warm_up(self) -> None:
        pass

    def close(self) -> None:
        pass


class Server(Protocol):
    def ensure_running(self) -> None: ...

    def stop(self) -> None: ...


class ChatRoute:
    def __init__(
        self,
        settings: LlmSettings,
        descriptions: Mapping[str, str],
        slot_descriptions: Mapping[str, str],
        client_factory: Callable[[], ChatClient] | None = None,
        server_factory: Callable[[], Server] | None = None,
        breaker: CircuitBreaker | None = None,
    ) -> None:
        self._settings = settings
        self._descriptions = descriptions
        self._slot_descriptions = slot_descriptions
        self._tools: list[dict[str, Any]] | None = None  # built on first use: it imports every handler
        self._allowed: set[str] = set()
        self._claims: dict[str, tuple[str, ...]] = {}  # language -> how the car's own replies begin
        self._client_factory = client_factory or (lambda: _default_client(settings))
        self._client: ChatClient | None = None
        self._server_factory = server_factory  # the server is made on first use, not at start-up
        self._server: Server | None = None
        self._server_lock = threading.Lock()  # warm_up() may run on another thread
        self._closed = False
        self._breaker = breaker or CircuitBreaker(settings.breaker_failures, settings.breaker_reset_s)
        self.conversation = Conversation(settings.history_turns, settings.history_tokens)

    def note_local_turn(self, text: str, reply: str, changes: list[str]) -> None:
        self.conversation.add_local_turn(text, reply, changes)

    def reset(self) -> None:
        self.conversation.clear()

    def warm_up(self) -> None:
        with contextlib.suppress(LlmError):  # the turn that needs the server reports it
            self._ensure_server()

    def _ensure_server(self) -> None:
        with self._server_lock:
            if self._closed:
                raise LlmError("unreachable", "the assistant is shutting down")
            if self._server is None and self._server_factory is not None:
                self._server = self._server_factory()
            if self._server is not None:
                self._server.ensure_running()
                if self._closed:  # close() ran while the server was starting: it must not outlive us
                    self._server.stop()

    def close(self) -> None:
        self._closed = True
        if self._server is not None:
            self._server.stop()

    def answer(self, text: str, seat: Zone, session: Session, on_sentence: SentenceSink | None = None) -> LlmAnswer:
        if self._settings.languages and session.replies.language not in self._settings.languages:
            reply = session.replies.render(SYSTEM, "llm_language", {})
            if on_sentence is not None:
                on_sentence(reply)
            return LlmAnswer(reply, error="language", sentences=(reply,))
        said: list[str] = []
        commands: list[CommandResult] = []
        claims = self._claims_in(session)
        pretended = False
        asked_in_ideographs = has_ideographs(text)

        def speak(sentence: str) -> None:
            said.append(sentence)
            if on_sentence is not None:
                on_sentence(sentence)

        def say(sentence: str) -> None:
            """A sentence of the model's, spoken unless it is no answer."""
            nonlocal pretended
            sentence = html.unescape(html.unescape(sentence))  # some templates escape quotes, some twice
            # Small models copy the history's "[changed: ...]" notes into their answer: never say them.
            sentence = _HISTORY_NOTE.sub("", sentence).strip()
            if not sentence or pretended or _in_other_script(sentence, asked_in_ideographs):
                return
            if recites_prompt(sentence):
                # SmolLM answered "it's bloody freezing in here" with its own system prompt and the car's
                # state: neither it nor what follows is an answer
                pretended = True
                return
            if not commands and capitalised(sentence).startswith(claims):
                # 已将主驾温度调低，现在是57.2°C with no tool called: a small model imitating the car's
                # replies claims what nothing did. Neither it nor what follows is said.
                pretended = True
                return
            speak(sentence)

        def enough() -> bool:
            return pretended or len(said) >= self._settings.max_sentences

        turn: list[Message] = [{"role": "user", "content": text}]
        try:
            if self._breaker.is_open:
                raise LlmError("circuit_open", "the endpoint failed repeatedly; waiting before trying again")
            self._ensure_server()
            if self._client is None:
                self._client = self._client_factory()
            final = self._converse(self._client, turn, seat, session, say, commands, enough)
        except LlmError as err:
            if err.kind != "circuit_open":
                self._breaker.record_failure()
            key = "llm_cut" if said else "llm_unavailable"
            speak(session.replies.render(SYSTEM, key, {}))
            return LlmAnswer(" ".join(said), tuple(commands), err.kind, tuple(said))
        self._breaker.record_success()
        if not said:
            fallback = "llm_pretended" if pretended else "llm_empty"
            speak(" ".join(c.reply for c in commands) or session.replies.render(SYSTEM, fallback, {}))
        self.conversation.add_turn([*turn, {"role": "assistant", "content": " ".join(said) or final}])
        return LlmAnswer(" ".join(said), tuple(commands), None, tuple(said))

    def _claims_in(self, session: Session) -> tuple[str, ...]:
        """How the car's replies to changes begin in the session's language ("Turning on the", 已将)."""
        language = session.replies.language
        if language not in self._claims:
            changing = [
                n for n in tool_names(self.tools) if (spec := handler_for(n)) is not None and spec.changes_state
            ]
            self._claims[language] = session.replies.openings(changing, unlike=SYSTEM)
        return self._claims[language]

    @property
    def tools(self) -> list[dict[str, Any]]:
        if self._tools is None:
            self._tools = tool_schemas(self._descriptions, self._slot_descriptions)
            self._allowed = tool_names(self._tools)
        return self._tools

    def _converse(
        self,
        client: ChatClient,
        turn: list[Message],
        seat: Zone,
        session: Session,
        say: SentenceSink,
        commands: list[CommandResult],
        enough: Callable[[], bool],
    ) -> str:
        """Model -> tools -> model rounds; the last round offers no tools, so it must answer. An answer
        that has said ``enough`` is cut there: the rest would only be spoken, and at length."""
        for round_ in range(self._settings.max_tool_rounds + 1):
            tools = self.tools if round_ < self._settings.max_tool_rounds else []
            language = session.replies.language_name
            messages = [system_message(session.state, seat, language), *self.conversation.messages(), *turn]
            splitter = SentenceSplitter()
            text = ""
            calls: list[ToolCall] = []
            with contextlib.closing(client.stream(messages, tools)) as stream:
                for item in stream:
                    if isinstance(item, TextDelta):
                        text += item.text
                        for sentence in splitter.feed(item.text):
                            say(sentence)
                        if enough() and not calls:
                            return text
                    elif isinstance(item, ToolCall):
                        calls.append(item)
            for sentence in splitter.flush():
                say(sentence)
            if not calls:
                return text
            turn.append(
                {
                    "role": "assistant",
                    "content": text or None,
                    "tool_calls": [
                        {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}
                        for c in calls
                    ],
                }
            )
            for call in calls:
                result = self._run_tool(call, session, seat, said_now=str(turn[0]["content"]))
                if isinstance(result, CommandResult):
                    commands.append(result)
                    content = _tool_result(result)
                else:
                    content = {"ok": False, "error": result}
                turn.append({"role": "tool", "tool_call_id": call.id, "content": json.dumps(content)})
        return ""

    def _run_tool(self, call: ToolCall, session: Session, seat: Zone, said_now: str) -> CommandResult | str:
        if call.name not in self._allowed:
            return f"unknown tool {call.name!r}; only the listed tools exist"
        try:
            arguments = parse_arguments(call.arguments)
        except ValueError as err:
            return str(err)
        earlier = " ".join(str(m.get("content") or "") for m in self.conversation.messages())
        repeated = _name_from_earlier(arguments, said_now, earlier)
        if repeated is not None:
            return f"{repeated} was asked for earlier, not now; do it only if the occupant asks again"
        result = session.execute(Command(intent=call.name, slots=arguments), seat, strict=True)
        if result.error is not None:
            return f"invalid arguments: {result.error}"
        return result


#: Slots a model fills with a name. A small one copies names from the history into a new call
#: ("set the window for 30%" navigated to the place of the turn before), so such a name must be heard now.
_NAMES = ("destination", "query", "title", "artist", "station")


def _name_from_earlier(arguments: Mapping[str, Any], said_now: str, earlier: str) -> str | None:
    """The first name argument that is in the history but not in what the occupant says now, as
    ``slot 'value'``. A name never mentioned before may be the model's own knowledge and is kept."""
    now, before = simplify(said_now), simplify(earlier)
    for slot in _NAMES:
        value = arguments.get(slot)
        name = simplify(value) if isinstance(value, str) else ""
        if name and name in before and not _heard(name, now):
            return f"{slot} {value!r}"
    return None


def _heard(name: str, said: str) -> bool:
    """The name in what was said: whole, a word of it of four letters or more, or two of its Chinese
    characters (外滩 for 上海外滩)."""
    words = said.split()
    return (
        name in said
        or any(len(word) >= 4 and word in words for word in name.split())
        or any(has_ideographs(name[i : i + 2]) and name[i : i + 2] in said for i in range(len(name) - 1))
    )


def _in_other_script(sentence: str, asked_in_ideographs: bool) -> bool:
    """A sentence the occupant could not read: Latin words alone answering Chinese (SmolLM answered
    谢谢你 with "Ciao! Sending a message in Spanish."), or Chinese alone answering English."""
    latin, ideographs = _LATIN_WORD.search(sentence) is not None, has_ideographs(sentence)
    return (latin and not ideographs) if asked_in_ideographs else (ideographs and not latin)


def _default_client(settings: LlmSettings) -> ChatClient:
    from assistant.llm.client import ChatClient  # imports openai: only when the LLM route is used

    return ChatClient(settings)


def _tool_result(result: CommandResult) -> dict[str, Any]:
    if result.refused:
        return {"ok": False, "refused": result.reply}
    return {"ok": True, "reply": result.reply, "changes": [f"{c.path}={c.new}" for c in result.actions]}
