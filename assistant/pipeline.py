"""Wires the stages for text turns: router -> session (handlers, safety) | LLM route -> reply.

``Assistant.start()`` compiles the intents and loads the world once; ``ask()`` runs one turn;
``stop()`` releases what ``start()`` took. Every turn records how long each stage took.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from assistant.cockpit.replies import Replies
from assistant.cockpit.session import SYSTEM, DialogueContext, Session
from assistant.cockpit.state import CockpitState, Zone
from assistant.cockpit.world import World
from assistant.config import Settings
from assistant.events import RouteDecision, TurnRequest, TurnResult
from assistant.llm.route import LlmRoute, NotConfigured
from assistant.nlu.catalog import IntentCatalog, load_catalog
from assistant.nlu.router import Router


@dataclass
class _Parts:
    catalog: IntentCatalog
    router: Router
    session: Session
    llm: LlmRoute


class Assistant:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._parts: _Parts | None = None

    def start(self, state: CockpitState | None = None, context: DialogueContext | None = None) -> None:
        world = World()
        catalog = load_catalog(self.settings.intents_path, world.slot_lists(), self.settings.cache_dir)
        replies = Replies(catalog.responses)
        session = Session(world, replies, state, context)
        llm = NotConfigured(replies.render(SYSTEM, "llm_not_configured", {}))
        self._parts = _Parts(catalog, Router(catalog, self.settings.router), session, llm)

    def stop(self) -> None:
        self._parts = None

    def __enter__(self) -> Assistant:
        if self._parts is None:
            self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def parts(self) -> _Parts:
        if self._parts is None:
            raise RuntimeError("Assistant.start() has not been called")
        return self._parts

    @property
    def session(self) -> Session:
        return self.parts.session

    @property
    def catalog(self) -> IntentCatalog:
        return self.parts.catalog

    def route(self, text: str) -> RouteDecision:
        return self.parts.router.route(text)

    def ask(self, text: str, seat: Zone | None = None) -> TurnResult:
        request = TurnRequest(text=text, seat=seat or self.settings.default_seat)
        parts = self.parts
        started = time.perf_counter()
        decision = parts.router.route(request.text)
        routed = time.perf_counter()
        session = parts.session
        session.begin_turn()
        results = [session.execute(command, request.seat) for command in decision.commands]
        session.end_turn()
        if decision.route == "llm":
            reply = parts.llm.answer(request.text, request.seat, session.state)
        elif decision.route == "none":
            reply = session.replies.render(SYSTEM, "nothing_heard", {})
        else:
            reply = " ".join(r.reply for r in results)
        finished = time.perf_counter()
        first = results[0] if results else None
        return TurnResult(
            transcript=request.text,
            seat=request.seat,
            route=decision.route,
            reason=decision.reason,
            intent=first.intent if first else None,
            slots=first.slots if first else {},
            commands=tuple(results),
            actions=tuple(change for r in results for change in r.actions),
            reply=reply,
            state=session.state.model_dump(),
            timings_ms={
                "route": round((routed - started) * 1000, 3),
                "handle": round((finished - routed) * 1000, 3),
                "total": round((finished - started) * 1000, 3),
            },
        )
