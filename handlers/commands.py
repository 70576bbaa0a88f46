"""Command specs, declared once and registered by every front end.

A command is a decorated ``async def (ctx, <argument>) -> Reply``. Its docstring
is its help (first line: summary; the rest: details), the ``Annotated`` metadata
of its argument is the option description, and the decorator says whether it is
admin-only and gives examples::

    @command(examples=("/who Blinken",))
    async def who(ctx: Context, name: Annotated[str, Arg("A person or organisation")]) -> Reply:
        \"\"\"Who someone is: roles, statements, and which sources mention them.\"\"\"
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from .errors import UsageError

if TYPE_CHECKING:
    from .reply import Reply

MAX_ARGUMENT_CHARS = 200

Callback = Callable[..., Awaitable["Reply"]]


@dataclass(frozen=True, slots=True)
class Arg:
    """Metadata for a command's free-text argument."""

    description: str
    autocomplete: str = ""  # "entity", "topic" or "" (none)


@dataclass(frozen=True, slots=True)
class Argument:
    name: str
    description: str
    required: bool
    autocomplete: str = ""


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """What a front end needs to register, document and call one command."""

    name: str
    summary: str
    details: str
    argument: Argument | None
    examples: tuple[str, ...]
    admin_only: bool
    callback: Callback

    @property
    def usage(self) -> str:
        if self.argument is None:
            return f"/{self.name}"
        arg = f"<{self.argument.name}>" if self.argument.required else f"[{self.argument.name}]"
        return f"/{self.name} {arg}"

    def parse(self, text: str) -> str:
        """Validate the argument text; raise :class:`UsageError` with the usage line."""
        text = " ".join(text.split())
        if self.argument is None:
            return text
        if self.argument.required and not text:
            raise UsageError(f"/{self.name} needs a {self.argument.name}.", spec=self)
        if len(text) > MAX_ARGUMENT_CHARS:
            raise UsageError(
                f"That {self.argument.name} is too long ({len(text)} characters; "
                f"at most {MAX_ARGUMENT_CHARS}).",
                spec=self,
            )
        return text


COMMANDS: dict[str, CommandSpec] = {}


def command(*, examples: tuple[str, ...] = (), admin_only: bool = False,
            name: str = "") -> Callable[[Callback], Callback]:
    """Declare a command: the function's signature and docstring become its spec."""

    def register(func: Callback) -> Callback:
        spec_name = name or func.__name__.strip("_")
        doc = inspect.cleandoc(func.__doc__ or "")
        summary, _, details = doc.partition("\n")
        COMMANDS[spec_name] = CommandSpec(
            name=spec_name,
            summary=summary.strip(),
            details=details.strip(),
            argument=_argument_of(func),
            examples=examples,
            admin_only=admin_only,
            callback=func,
        )
        return func

    return register


def _argument_of(func: Callback) -> Argument | None:
    hints = typing.get_type_hints(func, include_extras=True)
    params = list(inspect.signature(func).parameters.values())[1:]  # skip ctx
    if not params:
        return None
    param = params[0]
    meta = next((m for m in getattr(hints.get(param.name), "__metadata__", ()) if isinstance(m, Arg)),
                Arg(description=param.name))
    return Argument(
        name=param.name,
        description=meta.description,
        required=param.default is inspect.Parameter.empty,
        autocomplete=meta.autocomplete,
    )


def specs() -> list[CommandSpec]:
    """Every registered command, in declaration order."""
    return list(COMMANDS.values())


__all__ = ["Arg", "Annotated", "Argument", "CommandSpec", "COMMANDS", "command", "specs"]
