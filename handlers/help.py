"""/help: generated from the command specs."""

from __future__ import annotations

from typing import Annotated

from .commands import COMMANDS, Arg, command
from .context import Context
from .reply import Reply, notice


@command(examples=("/help", "/help compare"))
async def help(ctx: Context,  # noqa: A001 - the command is called help
               topic: Annotated[str, Arg("A command to explain, e.g. compare")] = "") -> Reply:
    """What each command does, with examples; `/help <command>` for one in detail."""
    name = topic.strip().lstrip("/").lower()
    if name:
        spec = COMMANDS.get(name)
        if spec is None:
            return notice(f"There is no /{name} command.", command="help", args=topic, ok=False,
                          suggestions=[f"/help {n}" for n in COMMANDS])
        lines = [f"*{spec.usage}* — {spec.summary}"]
        if spec.details:
            lines.append(spec.details)
        if spec.argument:
            lines.append(f"`{spec.argument.name}`: {spec.argument.description}")
        if spec.admin_only:
            lines.append("_Admins only._")
        if spec.examples:
            lines.append("Examples: " + ", ".join(f"`{e}`" for e in spec.examples))
        return notice("\n".join(lines), command="help", args=topic)
    lines = ["*factbot* answers from the articles it was given, and cites every point."]
    for spec in COMMANDS.values():
        if spec.admin_only and not ctx.user.is_admin:
            continue
        example = f" (e.g. `{spec.examples[0]}`)" if spec.examples else ""
        lines.append(f"• *{spec.usage}* — {spec.summary}{example}")
    lines.append("`/help <command>` explains one command.")
    return notice("\n".join(lines), command="help", args=topic)
