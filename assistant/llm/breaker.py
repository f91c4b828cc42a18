"""A circuit breaker: after repeated failures, stop calling a dead endpoint for a while."""

from __future__ import annotations

import time
from collections.abc import Callable


class CircuitBreaker:
    def __init__(self, failures: int, reset_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._limit = failures
        self._reset_s = reset_s
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None

    @property
    def is_open(self) -> bool:
        """Open: fail fast. After ``reset_s`` one trial call is let through (half-open)."""
        if self._opened_at is None:
            return False
        if self._clock() - self._opened_at >= self._reset_s:
            self._opened_at = None
            self._failures = self._limit - 1  # one more failure opens it again at once
            return False
        return True

    def record_success(self) -> None:
        self._failures = 0
        self._opened_at = None

    def record_failure(self) -> None:
        self._failures += 1
        if self._failures >= self._limit:
            self._opened_at = self._clock()
