"""A streaming chat client for any OpenAI-compatible endpoint, with our timeouts and one retry.

Failures come out as ``LlmError`` with a ``kind``; text comes out as it arrives and tool calls once
complete. The API key is read from the environment variable the settings name, and never stored
anywhere else or put into a message.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any

import openai

from assistant.config import LlmSettings
from assistant.errors import LlmError
from assistant.events import TextDelta, ToolCall

RETRY_BACKOFF_S = 0.5
MAX_RETRY_AFTER_S = 2.0


@dataclass
class _PartialCall:
    id: str = ""
    name: str = ""
    arguments: str = ""


class ChatClient:
    def __init__(
        self,
        settings: LlmSettings,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._settings = settings
        self._sleep = sleep
        self._clock = clock
        key = os.environ.get(settings.api_key_env, "") if settings.api_key_env else ""
        if settings.api_key_env and not key:
            raise LlmError("unreachable", f"the environment variable {settings.api_key_env} is not set")
        self._client = openai.OpenAI(
            api_key=key or "not-needed",
            base_url=settings.base_url,
            max_retries=0,  # we retry once ourselves, only where it helps
            timeout=openai.Timeout(
                settings.total_timeout_s,
                connect=settings.connect_timeout_s,
                read=settings.first_token_timeout_s,
            ),
        )

    def stream(
        self, messages: list[dict[str, Any]], tools: list[dict[str, Any]]
    ) -> Generator[TextDelta | ToolCall, None, None]:
        """Text as it arrives, then the complete tool calls. Raises ``LlmError``."""
        started = self._clock()
        response = self._open(messages, tools)
        calls: dict[int, _PartialCall] = {}
        finished = False
        try:
            for chunk in response:
                if self._clock() - started > self._settings.total_timeout_s:
                    raise LlmError("timeout", f"no complete reply within {self._settings.total_timeout_s:g} s")
                for choice in chunk.choices or ():
                    delta = choice.delta
                    if delta is not None and delta.content:
                        yield TextDelta(text=delta.content)
                    for call in (delta.tool_calls if delta is not None else None) or ():
                        partial = calls.setdefault(call.index, _PartialCall())
                        partial.id = call.id or partial.id
                        if call.function is not None:
                            partial.name += call.function.name or ""
                            partial.arguments += call.function.arguments or ""
                    if choice.finish_reason is not None:
                        finished = True
        except LlmError:
            raise
        except openai.APITimeoutError:
            raise LlmError("timeout", "the stream stalled") from None
        except (openai.APIError, OSError) as err:
            raise LlmError("cut", f"the stream broke off: {type(err).__name__}") from None
        except ValueError as err:  # undecodable server-sent event
            raise LlmError("malformed", f"the endpoint sent something that is not JSON: {err}") from None
        except Exception as err:  # the transport's own exceptions (protocol errors) vary by version
            raise LlmError("cut", f"the stream broke off: {type(err).__name__}") from None
        finally:
            close = getattr(response, "close", None)
            if close is not None:
                close()
        if not finished:
            raise LlmError("cut", "the stream ended before the reply was complete")
        for index in sorted(calls):
            call = calls[index]
            yield ToolCall(id=call.id or f"call_{index}", name=call.name, arguments=call.arguments)

    def _open(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]]) -> Any:
        for attempt in (1, 2):
            try:
                return self._client.chat.completions.create(
                    model=self._settings.model,
                    messages=messages,  # type: ignore[arg-type]
                    tools=tools or openai.NOT_GIVEN,  # type: ignore[arg-type]
                    max_tokens=self._settings.max_tokens,
                    stream=True,
                )
            except openai.APITimeoutError:
                raise LlmError("timeout", "no first token in time") from None
            except openai.APIConnectionError as err:
                raise LlmError("unreachable", f"cannot connect to {self._settings.base_url}: {err}") from None
            except openai.APIStatusError as err:
                retryable = err.status_code == 429 or err.status_code >= 500
                if not retryable or attempt == 2:
                    raise LlmError("http", f"the endpoint answered HTTP {err.status_code}") from None
                self._sleep(_backoff(err))
        raise AssertionError("unreachable")


def _backoff(err: openai.APIStatusError) -> float:
    retry_after = err.response.headers.get("retry-after") if err.response is not None else None
    try:
        return min(MAX_RETRY_AFTER_S, max(RETRY_BACKOFF_S, float(retry_after or 0)))
    except ValueError:
        return RETRY_BACKOFF_S
