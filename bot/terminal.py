"""The terminal front end: `factbot chat` (interactive) and `factbot ask` (one-shot, scriptable)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from handlers import Context, User, run_line

from .render_terminal import json_line, render_text, safe

LOCAL_USER = User(id="local", name="terminal", is_admin=True)
HISTORY_FILE = Path.home() / ".factbot_history"


async def ask(ctx: Context, lines: Iterable[str], *, as_json: bool, out: TextIO = sys.stdout) -> bool:
    """Answer each command line; returns whether every answer found something."""
    all_ok = True
    for line in lines:
        reply = await run_line(ctx, line)
        all_ok &= reply.ok
        if as_json:
            out.write(json_line(reply.to_json()) + "\n")
        else:
            out.write(render_text(reply) + "\n\n")
        out.flush()
    return all_ok


def _enable_history() -> None:
    try:
        import readline
    except ImportError:  # not on every platform
        return
    try:
        readline.read_history_file(HISTORY_FILE)
    except OSError:
        pass
    import atexit

    atexit.register(lambda: _save_history(readline))


def _save_history(readline: object) -> None:
    try:
        readline.write_history_file(HISTORY_FILE)  # type: ignore[attr-defined]
    except OSError:
        pass


async def chat(ctx: Context, *, inp: TextIO = sys.stdin, out: TextIO = sys.stdout) -> None:
    """Interactive prompt: type commands as in Slack or Discord; Ctrl-D or /quit leaves."""
    interactive = inp.isatty() and out.isatty()
    if interactive:
        _enable_history()

    async def show_progress(message: str) -> None:
        out.write(f"… {safe(message)}\n")
        out.flush()

    ctx.progress = show_progress
    meta = ctx.store.meta
    out.write(f"factbot — {meta.get('articles', 0)} articles, {meta.get('facts', 0)} facts. "
              "Type /help, or /quit to leave.\n\n")
    out.write(render_text(await run_line(ctx, "/help"), ansi=interactive) + "\n\n")
    while True:
        try:
            line = input("factbot> ") if interactive else inp.readline()
        except (EOFError, KeyboardInterrupt):
            out.write("\n")
            return
        if not interactive and line == "":
            return
        line = line.strip()
        if not line:
            continue
        if line.lstrip("/") in ("quit", "exit"):
            return
        ctx.store = ctx.handle.current  # a refresh may have swapped the store
        out.write(render_text(await run_line(ctx, line), ansi=interactive) + "\n\n")
        out.flush()
