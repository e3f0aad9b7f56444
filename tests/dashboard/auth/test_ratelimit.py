"""Failed sign-ins: five per key are free, then a lock that doubles with each further failure."""

from __future__ import annotations

import threading

from dashboard.auth.ratelimit import LoginRateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_locks_after_five_failures_and_doubles() -> None:
    clock = Clock()
    limiter = LoginRateLimiter(max_failures=5, base_delay=30, max_delay=120, clock=clock)
    keys = ["user:camat", "session:a"]
    for _ in range(4):
        limiter.record_failure(keys)
        assert limiter.locked_for(keys) == 0
    limiter.record_failure(keys)
    assert limiter.locked_for(keys) == 30
    assert limiter.locked_for(["user:camat"]) == 30
    assert limiter.locked_for(["user:other", "session:b"]) == 0  # other users and sessions unaffected
    clock.now += 30
    assert limiter.locked_for(keys) == 0
    limiter.record_failure(keys)
    assert limiter.locked_for(keys) == 60
    clock.now += 60
    limiter.record_failure(keys)
    assert limiter.locked_for(keys) == 120
    clock.now += 120
    limiter.record_failure(keys)
    assert limiter.locked_for(keys) == 120  # capped


def test_success_resets_and_idle_keys_are_forgotten() -> None:
    clock = Clock()
    limiter = LoginRateLimiter(max_failures=2, base_delay=10, forget_after=3600, clock=clock)
    limiter.record_failure(["user:a"])
    limiter.record_success(["user:a"])
    limiter.record_failure(["user:a"])
    assert limiter.locked_for(["user:a"]) == 0  # one failure since the success
    clock.now += 4000
    limiter.record_failure(["user:b"])  # prunes user:a
    limiter.record_failure(["user:a"])
    assert limiter.locked_for(["user:a"]) == 0


def test_counts_are_exact_across_threads() -> None:
    limiter = LoginRateLimiter(max_failures=10_000)

    def fail_500_times() -> None:
        for _ in range(500):
            limiter.record_failure(["user:x"])

    threads = [threading.Thread(target=fail_500_times) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert limiter.record_failure(["user:x"]) == 8 * 500 + 1
