"""What a command gets besides its argument: the store, the user, and how to report progress."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from knowledge.links import Links

if TYPE_CHECKING:
    from knowledge.store import FactStore, StoreHandle

    from .guard import Guard

    from .refresh import Refresher

Progress = Callable[[str], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class User:
    id: str
    name: str = ""
    is_admin: bool = False


async def _no_progress(_: str) -> None:
    return None


@dataclass(slots=True)
class Context:
    """Per-request state: which store answers, who asks, from where."""

    handle: StoreHandle
    user: User
    platform: str = "terminal"
    links: Links = field(default_factory=Links)
    refresher: Refresher | None = None
    progress: Progress = _no_progress
    guard: Guard | None = None
    store: FactStore = field(init=False)

    def __post_init__(self) -> None:
        # One snapshot per request: a refresh that swaps the store mid-request is not seen.
        self.store = self.handle.current
