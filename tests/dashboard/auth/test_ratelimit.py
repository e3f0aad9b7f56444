"""Failed sign-ins: five per key are free, then a lock that doubles with each further failure; and the
sign-in policy on top, under which a stranger slows their own attempts and nobody else's."""

from __future__ import annotations

import threading

from dashboard.auth.ratelimit import Attempt, LoginRateLimiter, Refusal, SignInPolicy


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


# --- The sign-in policy (issue 15): a stranger slows their own attempts, nobody else's -------------------

OFFICE = "203.0.113.7"  # one address for a whole office (or every user, behind an untrusted proxy)


def _policy_and_store() -> tuple[SignInPolicy, LoginRateLimiter, Clock]:
    clock = Clock()
    return SignInPolicy(), LoginRateLimiter(clock=clock), clock


def _fail(policy: SignInPolicy, store: LoginRateLimiter, attempt: Attempt, times: int) -> None:
    for _ in range(times):
        policy.record_failure(store, attempt)


def test_made_up_names_do_not_lock_a_real_user_at_the_same_address() -> None:
    policy, store, _ = _policy_and_store()
    for number in range(30):  # thirty made-up user names, one failure each, from the office
        _fail(policy, store, Attempt(f"nama-karangan-{number}", OFFICE), 1)
    assert policy.refusal(store, Attempt("camat", OFFICE)) is None
    _fail(policy, store, Attempt("nama-karangan-0", OFFICE), 5)  # one made-up name, failed on and on
    assert policy.refusal(store, Attempt("nama-karangan-0", OFFICE)) is not None  # the guesser waits
    assert policy.refusal(store, Attempt("camat", OFFICE)) is None  # the real user does not


def test_guessing_one_name_slows_that_name_from_that_place_only() -> None:
    policy, store, clock = _policy_and_store()
    _fail(policy, store, Attempt("camat", OFFICE), 5)
    refusal = policy.refusal(store, Attempt("camat", OFFICE))
    assert refusal == Refusal("address+user", 30)
    assert policy.refusal(store, Attempt("camat", "198.51.100.9")) is None  # the camat at home
    assert policy.refusal(store, Attempt("lurah", OFFICE)) is None  # a colleague in the office
    clock.now += 30
    assert policy.refusal(store, Attempt("camat", OFFICE)) is None
    _fail(policy, store, Attempt("camat", OFFICE), 1)
    assert policy.refusal(store, Attempt("camat", OFFICE)) == Refusal("address+user", 60)  # doubling


def test_a_known_browser_is_not_locked_out_by_a_stranger_failing_as_its_user() -> None:
    policy, store, _ = _policy_and_store()
    real = Attempt("camat", OFFICE, browser="a" * 32)
    policy.record_success(store, real)  # the camat signed in from this browser before
    _fail(policy, store, Attempt("camat", OFFICE, browser="b" * 32), 12)  # a stranger, same office
    assert policy.refusal(store, Attempt("camat", OFFICE, browser="b" * 32)) is not None
    assert policy.refusal(store, Attempt("camat", OFFICE)) is not None  # no cookie: not known
    assert policy.refusal(store, real) is None
    _fail(policy, store, real, 5)  # a known browser still cannot guess freely
    assert policy.refusal(store, real) == Refusal("browser+user", 30)


def test_many_addresses_guessing_one_name_are_stopped_by_the_user_rule() -> None:
    policy, store, _ = _policy_and_store()
    for number in range(10):
        _fail(policy, store, Attempt("camat", f"198.51.100.{number}"), 1)
    refusal = policy.refusal(store, Attempt("camat", "198.51.100.200"))
    assert refusal is not None and refusal.rule == "user"


def test_the_address_rule_counts_a_window_only() -> None:
    """Fifty failures from one address within 15 minutes lock that address for unknown browsers; the
    same failures spread over a working day never do."""
    policy, store, clock = _policy_and_store()
    for number in range(120):
        _fail(policy, store, Attempt(f"staf-{number}", OFFICE), 1)
        clock.now += 60  # a typo a minute for two hours: 120 failures, never 50 in 15 minutes
    assert policy.refusal(store, Attempt("staf-baru", OFFICE)) is None
    for number in range(50):
        _fail(policy, store, Attempt(f"semprot-{number}", OFFICE), 1)  # one place trying name after name
    refusal = policy.refusal(store, Attempt("staf-baru", OFFICE))
    assert refusal is not None and refusal.rule == "address"
    known = Attempt("lurah", OFFICE, browser="c" * 32)
    policy.record_success(store, known)
    assert policy.refusal(store, known) is None  # a colleague whose browser is known carries on


def test_success_clears_the_place_and_browser_but_not_the_name() -> None:
    policy, store, _ = _policy_and_store()
    _fail(policy, store, Attempt("camat", "198.51.100.1"), 9)
    policy.record_success(store, Attempt("camat", OFFICE))
    _fail(policy, store, Attempt("camat", "198.51.100.2"), 1)  # the tenth failure of the name
    refusal = policy.refusal(store, Attempt("camat", "198.51.100.3"))
    assert refusal is not None and refusal.rule == "user"


def test_known_browsers_are_forgotten_after_their_span_and_when_full() -> None:
    clock = Clock()
    store = LoginRateLimiter(clock=clock, remember_for=100, max_remembered=2)
    store.remember("a")
    store.remember("b")
    store.remember("c")  # drops "a", the oldest
    assert not store.remembered("a") and store.remembered("b") and store.remembered("c")
    clock.now += 100
    assert not store.remembered("c")
