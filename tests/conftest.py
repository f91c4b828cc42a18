"""Shared fixtures: settings isolated from the user's environment, and one compiled catalog per run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import Settings, load_settings
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
