"""The few ways a command can fail before it answers; each becomes a plain reply."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .commands import CommandSpec


class CommandError(Exception):
    """Base class: the message is safe to show to the user."""


class UnknownCommand(CommandError):
    def __init__(self, name: str) -> None:
        super().__init__(f"There is no /{name} command.")
        self.name = name


class UsageError(CommandError):
    """The argument is missing, empty or too long."""

    def __init__(self, message: str, *, spec: CommandSpec) -> None:
        super().__init__(message)
        self.spec = spec


class NotAllowed(CommandError):
    """An admin-only command asked for by someone who is not an admin."""


class Busy(CommandError):
    """Something that runs one at a time (a refresh) is already running."""
