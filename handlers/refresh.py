"""/refresh (admins): rebuild the store from the articles folder and say what changed."""

from __future__ import annotations

from typing import Annotated

from knowledge.refresh import RefreshBusy, RefreshFailed

from .commands import Arg, command
from .context import Context
from .errors import Busy
from .reply import Reply, notice


@command(admin_only=True, examples=("/refresh", "/refresh rollback"))
async def refresh(ctx: Context,
                  action: Annotated[str, Arg("Leave empty to rebuild; `rollback` restores the previous store")] = ""
                  ) -> Reply:
    """Rebuild the fact store from the articles folder (only what changed) and report the changes.

    Answers keep coming from the current store until the new one is ready.
    """
    if ctx.refresher is None:
        return notice("Refreshing is not available here.", command="refresh", ok=False)
    action = action.strip().lower()
    if action not in ("", "rollback"):
        return notice(f"Unknown refresh action “{action}”. Use `/refresh` or `/refresh rollback`.",
                      command="refresh", args=action, ok=False)

    async def report_progress(done: int, total: int) -> None:
        await ctx.progress(f"Refreshing: {done}/{total} articles processed…")

    try:
        if action == "rollback":
            await ctx.refresher.rollback()
            meta = ctx.refresher.handle.current.meta
            return notice(f"Rolled back to the previous store ({meta.get('articles', 0)} articles, "
                          f"built {meta.get('built_at', '?')}).", command="refresh", args=action)
        report = await ctx.refresher.refresh(
            report_progress, started=lambda: ctx.progress("Refresh started: reading the articles folder…"))
    except RefreshBusy as exc:
        raise Busy(f"{exc} Please wait for it to finish.") from exc
    except RefreshFailed as exc:
        return notice(f"Refresh failed: {exc}", command="refresh", args=action, ok=False)
    headline = "Store refreshed." if report.changed_anything else "Nothing changed."
    return notice(f"*{headline}*\n{report.summary()}", command="refresh", args=action)
