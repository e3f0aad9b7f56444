"""Failed sign-ins slow down whoever fails, not everyone who shares their address (issue 15).

:class:`LoginRateLimiter` is the store: failures per key, and the browsers that signed in. After
``max_failures`` failures a key is locked for ``base_delay`` seconds, doubling with each further
failure up to ``max_delay``. Counts are kept since the key's last success and forgotten after
``forget_after`` idle seconds, or -- with a ``window`` -- only the failures of the last ``window``
seconds count, so a busy office's scattered typos never add up.

:class:`SignInPolicy` is what the sign-in form asks of it, four rules on that store:

- **address + user name**: 5 failures, then 30 s doubling to 15 min. Someone guessing from one place
  slows their own guesses at that name; nobody else is touched.
- **user name**, from every address: 10 failures, then the same backoff -- guessing one account from
  many addresses stays slow. It does not apply to a browser that has signed in as that user before.
- **address**, every user name: 50 failures within 15 minutes -- loose enough for an office behind one
  address, tight enough to stop one place trying name after name. Not applied to a known browser either.
- **browser + user name**, for a known browser instead of the three rules above: 5 failures, then backoff.

A *known browser* carries the ``posyandu_browser`` cookie (set by :mod:`dashboard.auth.guard`) with
which it signed in as that user in this process (remembered 30 days; a restart forgets): a stranger who
fails on purpose as ``camat.serang``, even from the same office, never locks the real camat's browser
out. Without the guard (plain ``streamlit run streamlit_app.py``) no browser has the cookie, so only the
first three rules apply. The store is module-level with a lock: every Streamlit session runs in one
process.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class _Entry:
    failures: int = 0
    locked_until: float = 0.0
    last_seen: float = 0.0
    times: deque[float] = field(default_factory=deque)


class LoginRateLimiter:
    def __init__(
        self,
        *,
        max_failures: int = 5,
        base_delay: float = 30.0,
        max_delay: float = 900.0,
        forget_after: float = 3600.0,
        window: float | None = None,
        remember_for: float = 30 * 24 * 3600.0,
        max_remembered: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.forget_after = forget_after
        self.window = window
        self.remember_for = remember_for
        self.max_remembered = max_remembered
        self._clock = clock
        self._entries: dict[str, _Entry] = {}
        self._remembered: dict[str, float] = {}
        self._lock = threading.Lock()

    def locked_for(self, keys: list[str]) -> float:
        """Seconds until every key may try again (0 when none is locked)."""
        now = self._clock()
        with self._lock:
            waits = [entry.locked_until - now for key in keys if (entry := self._entries.get(key))]
        return max([0.0, *waits])

    def record_failure(self, keys: list[str], *, max_failures: int | None = None, window: float | None = None) -> int:
        """Count a failure on each key; lock those past the threshold (this call's, else the limiter's).
        With a window (this call's, else the limiter's) only that many last seconds count. Returns the
        highest count."""
        now = self._clock()
        threshold = max_failures or self.max_failures
        span = window if window is not None else self.window
        highest = 0
        with self._lock:
            self._forget_idle(now)
            for key in keys:
                entry = self._entries.setdefault(key, _Entry())
                entry.last_seen = now
                if span is None:
                    entry.failures += 1
                else:
                    entry.times.append(now)
                    while entry.times and now - entry.times[0] >= span:
                        entry.times.popleft()
                    while len(entry.times) > threshold + 16:  # enough to have reached max_delay
                        entry.times.popleft()
                    entry.failures = len(entry.times)
                if entry.failures >= threshold:
                    delay = self.base_delay * 2 ** min(entry.failures - threshold, 16)
                    entry.locked_until = now + min(delay, self.max_delay)
                highest = max(highest, entry.failures)
        return highest

    def record_success(self, keys: list[str]) -> None:
        with self._lock:
            for key in keys:
                self._entries.pop(key, None)

    def remember(self, key: str) -> None:
        """Note ``key`` (a browser and a user name) as having signed in; the oldest is dropped when full."""
        now = self._clock()
        with self._lock:
            self._remembered.pop(key, None)
            while len(self._remembered) >= self.max_remembered:
                del self._remembered[next(iter(self._remembered))]  # insertion order: the oldest first
            self._remembered[key] = now

    def remembered(self, key: str) -> bool:
        """Whether ``key`` signed in within ``remember_for`` seconds."""
        with self._lock:
            since = self._remembered.get(key)
        return since is not None and self._clock() - since < self.remember_for

    def _forget_idle(self, now: float) -> None:
        idle = [
            key
            for key, entry in self._entries.items()
            if now - entry.last_seen > self.forget_after and now >= entry.locked_until
        ]
        for key in idle:
            del self._entries[key]


@dataclass(frozen=True)
class Attempt:
    """One sign-in attempt: the user name typed, the client address (:mod:`dashboard.auth.client`), and
    the browser's ``posyandu_browser`` cookie if it sent one."""

    username: str
    address: str
    browser: str | None = None


@dataclass(frozen=True)
class Refusal:
    """Why an attempt is refused before its password is checked: the rule, and the seconds to wait."""

    rule: str
    seconds: float


@dataclass(frozen=True)
class SignInPolicy:
    """The four rules of the module docstring, applied to a :class:`LoginRateLimiter`. Every failure is
    counted on every rule (a known browser's typos still count towards its user name and its address);
    only the rules that apply to an attempt can refuse it."""

    address_user_failures: int = 5
    user_failures: int = 10
    address_failures: int = 50
    address_window: float = 900.0
    browser_user_failures: int = 5

    @staticmethod
    def _keys(attempt: Attempt) -> dict[str, str]:
        keys = {
            "address+user": f"address+user:{attempt.address}|{attempt.username}",
            "user": f"user:{attempt.username}",
            "address": f"address:{attempt.address}",
        }
        if attempt.browser:
            keys["browser+user"] = f"browser+user:{attempt.browser}|{attempt.username}"
        return keys

    def _thresholds(self) -> dict[str, tuple[int, float | None]]:
        return {
            "address+user": (self.address_user_failures, None),
            "user": (self.user_failures, None),
            "address": (self.address_failures, self.address_window),
            "browser+user": (self.browser_user_failures, None),
        }

    @staticmethod
    def known_browser(limiter: LoginRateLimiter, attempt: Attempt) -> bool:
        """Whether this browser has signed in as this user before (see the module docstring)."""
        return bool(attempt.browser) and limiter.remembered(f"known:{attempt.browser}|{attempt.username}")

    def refusal(self, limiter: LoginRateLimiter, attempt: Attempt) -> Refusal | None:
        """The rule that refuses this attempt now and for how long, or None when it may be checked."""
        keys = self._keys(attempt)
        rules = ["browser+user"] if self.known_browser(limiter, attempt) else ["address+user", "user", "address"]
        seconds, rule = max((limiter.locked_for([keys[rule]]), rule) for rule in rules)
        return Refusal(rule, seconds) if seconds > 0 else None

    def record_failure(self, limiter: LoginRateLimiter, attempt: Attempt) -> dict[str, int]:
        """Count one failure on every rule; returns the count per rule (for the log)."""
        thresholds = self._thresholds()
        return {
            rule: limiter.record_failure([key], max_failures=thresholds[rule][0], window=thresholds[rule][1])
            for rule, key in self._keys(attempt).items()
        }

    def record_success(self, limiter: LoginRateLimiter, attempt: Attempt) -> None:
        """Clear this place's and this browser's counts for the user, and remember the browser. The user
        name's and the address's counts are left to expire: a success elsewhere must not hand a guesser
        fresh attempts."""
        keys = self._keys(attempt)
        limiter.record_success([key for rule, key in keys.items() if rule in ("address+user", "browser+user")])
        if attempt.browser:
            limiter.remember(f"known:{attempt.browser}|{attempt.username}")


POLICY = SignInPolicy()
"""The rules the sign-in form applies."""
LIMITER = LoginRateLimiter()
"""The process-wide store every session's sign-in form uses."""
