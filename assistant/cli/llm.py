"""``cockpit llm serve|status``: the embedded endpoint by hand, and where the LLM route points."""

from __future__ import annotations

import argparse

from assistant.config import Settings
from assistant.errors import ConfigError


def run_serve(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.llm.server import EmbeddedServer

    if not settings.llm.managed:
        raise ConfigError(f"llm.preset {settings.llm.preset!r} is not the embedded server; nothing to serve")
    return EmbeddedServer(settings.llm).serve_forever()


def run_status(args: argparse.Namespace, settings: Settings) -> int:
    llm = settings.llm
    print(f"preset:   {llm.preset}")
    print(f"endpoint: {llm.base_url or '(none: the LLM route is not configured)'}")
    print(f"model:    {llm.model or '-'}")
    print(f"key from: {('$' + llm.api_key_env) if llm.api_key_env else '(no key needed)'}")
    if llm.managed:
        from assistant.llm.server import EmbeddedServer, model_path

        server = EmbeddedServer(llm)
        print(f"embedded: {'running' if server.is_healthy() else 'started on demand'}, model {model_path()}")
    return 0
