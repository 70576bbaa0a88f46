"""Answering off the event loop, so a platform's ack, defer and heartbeats go out however long a search takes."""

from __future__ import annotations

import asyncio

from handlers import Context, Reply, run_command

#: commands that wait on the event loop itself (a build child, downloads, progress edits): they stay on it
LOOP_COMMANDS = frozenset({"refresh", "rollback", "add", "feeds"})


async def answer(ctx: Context, name: str, text: str) -> Reply:
    """Run one command; answering commands (searches of the store) run in a worker thread."""
    if name in LOOP_COMMANDS:
        return await run_command(ctx, name, text)
    return await asyncio.to_thread(_answer_in_thread, ctx, name, text)


def _answer_in_thread(ctx: Context, name: str, text: str) -> Reply:
    """The command's coroutine on a loop of the worker thread's own (it awaits nothing of the main loop)."""
    return asyncio.run(run_command(ctx, name, text))
