"""Wires the stages: [speech ->] router -> session (handlers, safety) | LLM route -> reply.

``Assistant.start()`` compiles the intents and loads the world once; ``ask()`` runs one text turn,
``hear()`` one spoken turn (the speech engine starts on first use); ``stop()`` releases what they
took. Every turn records how long each stage took.

Each turn is in one language, read from its text (``nlu.text.detect_language``); a language's
intents are compiled on its first turn. Whatever the language, there is one car and one session.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from assistant.cockpit.followup import ADJUST_LAST
from assistant.cockpit.handlers import all_handlers
from assistant.cockpit.replies import Replies
from assistant.cockpit.session import SYSTEM, DialogueContext, Session
from assistant.cockpit.state import CockpitState, Zone
from assistant.cockpit.world import World
from assistant.config import LlmSettings, Settings
from assistant.events import Heard, RouteDecision, TurnRequest, TurnResult
from assistant.llm.route import ChatRoute, LlmRoute, NotConfigured, SentenceSink, Server
from assistant.nlu.catalog import IntentCatalog, load_catalog
from assistant.nlu.router import Router
from assistant.nlu.text import detect_language

if TYPE_CHECKING:  # the speech path is imported on first use: text turns never pay for it
    from assistant.asr.engine import Engine
    from assistant.asr.listen import Utterance
    from assistant.audio.denoise import Denoiser
    from assistant.audio.wav import AudioClip


@dataclass(frozen=True)
class Language:
    """One language's compiled intents, router and replies."""

    catalog: IntentCatalog
    router: Router
    replies: Replies


@dataclass
class _Parts:
    world: World
    languages: dict[str, Language]  # the default language, and others once a turn used them
    default: str
    session: Session
    llm: LlmRoute
    speech: Engine | None = None
    denoiser: Denoiser | None = None
    denoiser_made: bool = False

    @property
    def catalog(self) -> IntentCatalog:
        return self.languages[self.default].catalog


def _embedded_server(settings: LlmSettings) -> Server:
    from assistant.llm.server import EmbeddedServer

    return EmbeddedServer(settings)


class Assistant:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._parts: _Parts | None = None

    def start(self, state: CockpitState | None = None, context: DialogueContext | None = None) -> None:
        world = World()
        default = self.settings.language
        language = self._load_language(world, default)
        session = Session(world, language.replies, state, context)
        self._parts = _Parts(world, {default: language}, default, session, self._llm_route(language.catalog))

    def _load_language(self, world: World, code: str) -> Language:
        settings = self.settings
        catalog = load_catalog(settings.intents_path_for(code), world.slot_lists(code), settings.cache_dir)
        replies = Replies(
            catalog.responses,
            catalog.terms,
            catalog.joiner,
            partial(world.local_name, language=code),
            code,
            catalog.language_name,
            dict(catalog.singulars),
            catalog.claims,
        )
        handlers = all_handlers()
        answers = frozenset(name for name, spec in handlers.items() if not spec.changes_state)
        seated = frozenset(name for name, spec in handlers.items() if "zone" in spec.slots.model_fields)
        router = Router(catalog, settings.router, world.written_name, answers, seated | {ADJUST_LAST})
        return Language(catalog, router, replies)

    def language(self, code: str) -> Language:
        """A language's parts, compiled (or read from the cache) on first use."""
        parts = self.parts
        if code not in parts.languages:
            parts.languages[code] = self._load_language(parts.world, code)
        return parts.languages[code]

    def language_of(self, text: str) -> str:
        """The text's language; text that shows none ("22", "。。。") keeps the conversation's."""
        return detect_language(text, self.settings.turn_languages, self.parts.session.replies.language)

    def _llm_route(self, catalog: IntentCatalog) -> LlmRoute:
        settings = self.settings.llm
        if not settings.base_url:
            return NotConfigured()
        server = partial(_embedded_server, settings) if settings.managed else None
        return ChatRoute(settings, catalog.descriptions, catalog.list_descriptions, server_factory=server)

    def stop(self) -> None:
        if self._parts is not None:
            self._parts.llm.close()
            if self._parts.speech is not None:
                self._parts.speech.close()
            if self._parts.denoiser is not None:
                self._parts.denoiser.close()
        self._parts = None

    def reset(self, state: CockpitState | None = None) -> None:
        """A new car and a new conversation (both routes)."""
        self.parts.session.reset(state)
        self.parts.llm.reset()

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
        return self.language(self.language_of(text)).router.route(text)

    @property
    def speech(self) -> Engine:
        parts = self.parts
        if parts.speech is None:
            from assistant.asr.factory import make_engine

            parts.speech = make_engine(self.settings, parts.catalog)
        return parts.speech

    @property
    def denoiser(self) -> Denoiser | None:
        """The noise suppressor in front of the grammar (one stream's state), or None when it is off."""
        parts = self.parts
        if not parts.denoiser_made:
            from assistant.audio.denoise import make_denoiser

            parts.denoiser = make_denoiser(self.settings.asr.denoise)
            parts.denoiser_made = True
        return parts.denoiser

    def warm_speech(self) -> None:
        """Load every pass's model now (the command model, Whisper), not in the first turn that needs it."""
        for mode in ("constrained", "open"):
            self.speech.stream(mode).finish()

    def accepts(self, text: str) -> bool:
        """The speech path's test: a complete local command, with no free-text slot to mishear."""
        decision = self.route(text)
        return decision.route == "local" and all(not c.wildcards for c in decision.commands)

    def listen(self, clip: AudioClip) -> list[Utterance]:
        from assistant.asr.listen import listen_to
        from assistant.audio.convert import for_asr

        return listen_to(self.speech, for_asr(clip), self.accepts, self.settings.asr, self.denoiser)

    def hear(self, clip: AudioClip, seat: Zone | None = None, on_sentence: SentenceSink | None = None) -> TurnResult:
        """One spoken turn. Without ``seat``, a stereo recording says which front seat spoke."""
        from assistant.audio.seat import estimate_seat

        started = time.perf_counter()
        utterances = self.listen(clip)
        heard_at = time.perf_counter()
        estimate = estimate_seat(clip)
        text = " ".join(u.transcript.text for u in utterances if u.transcript.text)
        result = self.ask(text, seat or estimate.seat, on_sentence)
        last = utterances[-1].transcript if utterances else None
        heard = Heard(
            engine=self.speech.name,
            mode=last.mode if last else None,
            confidence=last.confidence if last else 0.0,
            constrained=" ".join(u.transcript.constrained for u in utterances),
            audio_s=round(clip.duration_s, 3),
            seat_from_audio=estimate.seat,
        )
        timings = {"asr": round((heard_at - started) * 1000, 3), **result.timings_ms}
        return result.model_copy(update={"heard": heard, "timings_ms": timings})

    def ask(self, text: str, seat: Zone | None = None, on_sentence: SentenceSink | None = None) -> TurnResult:
        """One turn. ``on_sentence`` receives reply sentences as soon as they exist (for speech)."""
        request = TurnRequest(text=text, seat=seat or self.settings.default_seat)
        parts = self.parts
        started = time.perf_counter()
        language = self.language(self.language_of(request.text))
        decision = language.router.route(request.text)
        routed = time.perf_counter()
        session = parts.session
        session.begin_turn(language.replies)
        results = [session.execute(command, request.seat) for command in decision.commands]
        reason = decision.reason
        if decision.route == "llm":
            spoken: list[str] = []

            def sentence(text: str) -> None:
                spoken.append(text)
                if on_sentence is not None:
                    on_sentence(text)

            answer = parts.llm.answer(request.text, request.seat, session, sentence)
            results, reply = list(answer.commands), answer.reply
            if answer.error is not None:
                reason = f"{reason}; LLM: {answer.error}"
            if not spoken and on_sentence is not None and reply:
                on_sentence(reply)  # a fallback or "not configured" reply is said too
        else:
            if decision.route == "none":
                reply = session.replies.render(SYSTEM, _reply_without_command(decision), _equipment(decision))
            else:
                cannot = [session.replies.render(SYSTEM, "not_ours", _equipment(decision))] if decision.not_ours else []
                reply = " ".join([*(r.reply for r in results if r.reply), *cannot])
                changes = [f"{c.path}: {c.old} -> {c.new}" for r in results for c in r.actions]
                parts.llm.note_local_turn(request.text, reply, changes)
            if on_sentence is not None:
                on_sentence(reply)
        session.end_turn()
        finished = time.perf_counter()
        first = results[0] if results else None
        return TurnResult(
            transcript=request.text,
            language=language.replies.language,
            seat=request.seat,
            route=decision.route,
            reason=reason,
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


def _equipment(decision: RouteDecision) -> dict[str, str]:
    return {"equipment": " / ".join(decision.not_ours)}


def _reply_without_command(decision: RouteDecision) -> str:
    """The system reply to a turn that asks for nothing: declined, for equipment not ours, a courtesy, or
    nothing heard."""
    if decision.declined:
        return "declined"
    if decision.not_ours:
        return "not_ours"
    return f"courtesy_{decision.courtesy}" if decision.courtesy else "nothing_heard"
