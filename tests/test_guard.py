"""Rate limits and repeat suppression, through the command layer."""

from __future__ import annotations

import asyncio

import pytest

from handlers import Context, User, run_line
from handlers.guard import Guard, SlowDown
from knowledge.store import FactStore, StoreHandle
from tests.test_store import facts_for


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_repeat_within_window_is_suppressed_then_allowed() -> None:
    clock = FakeClock()
    guard = Guard(per_minute=100, repeat_seconds=4, clock=clock)
    guard.check("u1", "who", "Blinken")
    with pytest.raises(SlowDown, match="just asked"):
        guard.check("u1", "who", "  blinken ")
    guard.check("u2", "who", "Blinken")  # another user is not affected
    clock.now += 5
    guard.check("u1", "who", "Blinken")


def test_rate_limit_per_user_per_minute() -> None:
    clock = FakeClock()
    guard = Guard(per_minute=3, repeat_seconds=0, clock=clock)
    for i in range(3):
        guard.check("u1", "who", f"name {i}")
    with pytest.raises(SlowDown, match="slow down"):
        guard.check("u1", "who", "another")
    clock.now += 61
    guard.check("u1", "who", "another")


def test_guard_answers_politely_through_dispatch() -> None:
    store = FactStore(meta={}, facts=[facts_for("a", "Alpha said hello.")], entities=[])
    ctx = Context(handle=StoreHandle(store), user=User("u1"), guard=Guard(per_minute=1))
    first = asyncio.run(run_line(ctx, "/help"))
    second = asyncio.run(run_line(ctx, "/help who"))
    assert first.ok and not second.ok
    assert "slow down" in second.text.lower()
