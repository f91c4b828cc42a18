"""Shared fixtures: settings isolated from the user's environment, and one compiled catalog per run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.config import Settings, load_settings
from assistant.llm.scripted import ScriptedEndpoint
from assistant.pipeline import Assistant

PROJECT = Path(__file__).resolve().parent.parent


#: Most tests need no model: the LLM route then says plainly that none is configured.
NO_LLM = {"COCKPIT_LLM__PRESET": "custom"}


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    cache = tmp_path_factory.mktemp("cache")
    return load_settings(environ={"COCKPIT_CACHE_DIR": str(cache), **NO_LLM})


@pytest.fixture(scope="session")
def started(settings: Settings) -> Iterator[Assistant]:
    assistant = Assistant(settings)
    assistant.start()
    yield assistant
    assistant.stop()


@pytest.fixture
def assistant(started: Assistant) -> Assistant:
    """The session's assistant with a new car and a new conversation."""
    started.session.reset()
    return started


@pytest.fixture
def settings_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """For in-process ``cockpit`` commands: the session's cache (compiled models) and no LLM."""
    for name in [n for n in os.environ if n.startswith("COCKPIT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("COCKPIT_CACHE_DIR", str(settings.cache_dir))
    for name, value in NO_LLM.items():
        monkeypatch.setenv(name, value)


def llm_settings(settings: Settings, endpoint: ScriptedEndpoint, **llm: Any) -> Settings:
    """``settings`` with the LLM route pointed at a scripted endpoint, with short timeouts."""
    values = {
        "preset": "custom",
        "base_url": endpoint.base_url,
        "model": "scripted",
        "first_token_timeout_s": 1.0,
        "total_timeout_s": 5.0,
        **llm,
    }
    return settings.model_copy(update={"llm": settings.llm.model_copy(update=values)})


@pytest.fixture
def endpoint() -> Iterator[ScriptedEndpoint]:
    """A scripted OpenAI-compatible endpoint on loopback (real HTTP, real SSE)."""
    with ScriptedEndpoint(script={}) as server:
        yield server


@pytest.fixture
def car(settings: Settings, endpoint: ScriptedEndpoint) -> Iterator[Assistant]:
    """An assistant whose LLM route is the scripted endpoint."""
    with Assistant(llm_settings(settings, endpoint)) as assistant:
        yield assistant
