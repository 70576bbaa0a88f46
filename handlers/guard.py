"""Abuse protection: a per-user rate limit and suppression of rapid repeats."""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import CommandError


class SlowDown(CommandError):
    """Too many commands, or the same one again at once."""


@dataclass
class Guard:
    """At most ``per_minute`` commands per user; the same command within ``repeat_seconds`` is dropped."""

    per_minute: int = 20
    repeat_seconds: float = 4.0
    clock: Callable[[], float] = time.monotonic
    _recent: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    _last: dict[str, tuple[str, float]] = field(default_factory=dict)

    def check(self, user: str, command: str, args: str) -> None:
        """Raise :class:`SlowDown` with a polite message when the user should wait."""
        now = self.clock()
        key = f"{command} {' '.join(args.lower().split())}"
        last = self._last.get(user)
        if last and last[0] == key and now - last[1] < self.repeat_seconds:
            raise SlowDown("You just asked that; the answer is on its way (or above).")
        window = self._recent[user]
        while window and now - window[0] >= 60:
            window.popleft()
        if self.per_minute and len(window) >= self.per_minute:
            wait = int(60 - (now - window[0])) + 1
            raise SlowDown(f"Please slow down: at most {self.per_minute} commands a minute. "
                           f"Try again in {wait} s.")
        window.append(now)
        self._last[user] = (key, now)
        if len(self._last) > 10_000:  # forget idle users so memory stays bounded
            cutoff = now - 60
            for stale in [u for u, (_, t) in self._last.items() if t < cutoff]:
                self._last.pop(stale, None)
                self._recent.pop(stale, None)
