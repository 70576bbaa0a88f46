"""Running a command line: parse, check access, call, and never let an exception escape."""

from __future__ import annotations

import logging
import time

from .commands import COMMANDS
from .context import Context
from .errors import CommandError, NotAllowed, UnknownCommand, UsageError
from .reply import Reply, Visibility

log = logging.getLogger("factbot.commands")


def parse_line(line: str) -> tuple[str, str]:
    """``"/who  Blinken"`` -> ``("who", "Blinken")``; the leading slash is optional."""
    line = line.strip()
    if line.startswith("/"):
        line = line[1:]
    name, _, text = line.partition(" ")
    return name.strip().lower(), text.strip()


async def run_line(ctx: Context, line: str) -> Reply:
    name, text = parse_line(line)
    return await run_command(ctx, name, text)


async def run_command(ctx: Context, name: str, text: str) -> Reply:
    """Answer one command. Every failure becomes a reply and a log line, never an exception."""
    started = time.perf_counter()
    reply: Reply
    try:
        spec = COMMANDS.get(name)
        if spec is None:
            raise UnknownCommand(name)
        if spec.admin_only and not ctx.user.is_admin:
            log.warning("refused admin command: user=%s platform=%s command=%s",
                        field(ctx.user.id), ctx.platform, field(name))
            raise NotAllowed(f"/{name} is for admins only.")
        if ctx.guard is not None:
            ctx.guard.check(ctx.user.id, name, text)
        reply = await spec.callback(ctx, spec.parse(text)) if spec.argument else await spec.callback(ctx)
    except CommandError as exc:
        reply = _error_reply(exc, name, text)
    except Exception:
        log.exception("command failed: user=%s platform=%s command=%s", field(ctx.user.id), ctx.platform,
                      field(name))
        reply = Reply(text="Sorry, something went wrong while answering. The error has been logged; "
                           "please try again or ask differently.", ok=False, command=name, args=text[:200],
                      suggestions=("/help",))
    log.info("command user=%s platform=%s command=%s latency_ms=%.1f ok=%s", field(ctx.user.id),
             ctx.platform, field(name), (time.perf_counter() - started) * 1000, reply.ok)
    return reply


def field(value: str, limit: int = 32) -> str:
    """A user-supplied value as one log token: no spaces or control characters, at most ``limit`` long."""
    cleaned = "".join(c if c.isprintable() and not c.isspace() else "?" for c in value[:limit])
    return (cleaned or "-") + ("…" if len(value) > limit else "")


def _error_reply(exc: CommandError, name: str, text: str) -> Reply:
    suggestions: tuple[str, ...] = ("/help",)
    message = str(exc)
    if isinstance(exc, UsageError):
        message = f"{message}\nUsage: `{exc.spec.usage}`"
        suggestions = exc.spec.examples or suggestions
    elif isinstance(exc, UnknownCommand):
        known = ", ".join(f"/{n}" for n in COMMANDS)
        message = f"{message} Try one of: {known}."
    return Reply(text=message, ok=False, command=name[:32], args=text[:200], suggestions=suggestions,
                 visibility=Visibility.PRIVATE)

