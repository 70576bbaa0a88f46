"""The platform-neutral command layer: every front end calls :func:`run_command`."""

from __future__ import annotations

from . import who, when, sources, compare, stories, help, refresh, add, feeds  # noqa: F401,I001  (registers, in this order)
from .commands import COMMANDS, CommandSpec, specs
from .context import Context, User
from .dispatch import parse_line, run_command, run_line
from .reply import Citation, Reply, Visibility

__all__ = ["COMMANDS", "Citation", "CommandSpec", "Context", "Reply", "User", "Visibility",
           "parse_line", "run_command", "run_line", "specs"]
