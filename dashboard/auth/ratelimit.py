"""Failed sign-ins are rate-limited per user name, per browser session and per client address.

After ``max_failures`` failures on a key, that key is locked for ``base_delay`` seconds, doubling with
each further failure up to ``max_delay``: guessing stays slow without locking a real user out for
long. The store is module-level with a lock because every Streamlit session runs in one process;
it forgets keys idle for an hour so it cannot grow without bound.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Entry:
    failures: int = 0
    locked_until: float = 0.0
    last_seen: float = 0.0


class LoginRateLimiter:
    def __init__(
        self,
        *,
        max_failures: int = 5,
        base_delay: float = 30.0,
        max_delay: float = 900.0,
        forget_after: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.forget_after = forget_after
        self._clock = clock
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def locked_for(self, keys: list[str]) -> float:
        """Seconds until every key may try again (0 when none is locked)."""
        now = self._clock()
        with self._lock:
            waits = [entry.locked_until - now for key in keys if (entry := self._entries.get(key))]
        return max([0.0, *waits])

    def record_failure(self, keys: list[str]) -> int:
        """Count a failure on each key; lock those past the threshold. Returns the highest count."""
        now = self._clock()
        highest = 0
        with self._lock:
            self._forget_idle(now)
            for key in keys:
                entry = self._entries.setdefault(key, _Entry())
                entry.failures += 1
                entry.last_seen = now
                if entry.failures >= self.max_failures:
                    delay = self.base_delay * 2 ** (entry.failures - self.max_failures)
                    entry.locked_until = now + min(delay, self.max_delay)
                highest = max(highest, entry.failures)
        return highest

    def record_success(self, keys: list[str]) -> None:
        with self._lock:
            for key in keys:
                self._entries.pop(key, None)

    def _forget_idle(self, now: float) -> None:
        idle = [key for key, entry in self._entries.items() if now - entry.last_seen > self.forget_after]
        for key in idle:
            del self._entries[key]


LIMITER = LoginRateLimiter()
"""The process-wide limiter every session's sign-in form uses."""
