"""/add (admins): fetch a web article into the articles folder, refresh, and say what it brought."""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated

from knowledge.fetch import FetchError
from knowledge.refresh import RefreshBusy, RefreshFailed
from knowledge.webpage import AlreadyThere, NotAnArticle, WebArticle, add_url

from .commands import Arg, command
from .context import Context
from .errors import Busy
from .reply import Reply, notice

log = logging.getLogger("factbot.commands")


@command(admin_only=True, examples=("/add https://example.com/news/article.html",))
async def add(ctx: Context, url: Annotated[str, Arg("The web address of a news article")]) -> Reply:
    """Add a news article from the web: fetch it, extract the article, and refresh the store.

    The same article (same address, or the same text under another) is never added twice.
    """
    return await add_urls(ctx, [url])


async def add_urls(ctx: Context, urls: list[str]) -> Reply:
    """Fetch and save each URL, then run one refresh for those saved; one line per URL."""
    args = " ".join(urls)
    if ctx.refresher is None:
        return notice("Adding articles is not available here.", command="add", args=args, ok=False)
    saved: list[tuple[str, WebArticle]] = []
    refused: list[str] = []
    for url in urls:
        await ctx.progress(f"Fetching {url}…")
        try:
            saved.append(await asyncio.to_thread(add_url, url, ctx.refresher.articles_dir))
        except (FetchError, NotAnArticle) as exc:
            refused.append(f"Not added {url}: {exc}. Nothing was written.")
        except AlreadyThere as exc:
            refused.append(f"Not added {url}: {exc}.")
        except OSError as exc:  # a full disk, a read-only articles folder
            log.error("could not save %s into %s: %s", url, ctx.refresher.articles_dir, exc)
            refused.append(f"Not added {url}: the articles folder cannot be written "
                           f"({exc.strerror or exc}). Nothing was written.")
    if not saved:
        return notice("\n".join(refused), command="add", args=args, ok=False)
    reply = await refresh_and_report(ctx, saved, args)
    return notice("\n".join([reply.text, *refused]), command="add", args=args, ok=reply.ok and not refused)


async def refresh_and_report(ctx: Context, added: list[tuple[str, WebArticle]], args: str) -> Reply:
    """Run one refresh for the articles just written and describe each of them."""
    assert ctx.refresher is not None

    async def report_progress(done: int, total: int) -> None:
        await ctx.progress(f"Refreshing: {done}/{total} articles processed…")

    await ctx.progress(f"Saved {len(added)} article(s); refreshing the store…")
    try:
        report = await ctx.refresher.refresh(report_progress)
    except RefreshBusy as exc:
        raise Busy(f"The article is saved; {exc} It will be read by the next refresh.") from exc
    except RefreshFailed as exc:
        return notice(f"Saved, but the refresh failed: {exc}", command="add", args=args, ok=False)
    facts = report.facts_added if len(added) == 1 else None
    lines = [added_line(ctx, article_id, article, facts) for article_id, article in added]
    return notice("\n".join(lines), command="add", args=args)


def added_line(ctx: Context, article_id: str, article: WebArticle, facts: int | None) -> str:
    """“Added ‘Title’ (Outlet, date): N sentences, M facts; joins the story ‘…’” (or starts one)."""
    store = ctx.refresher.handle.current if ctx.refresher else ctx.store
    where = ", ".join(p for p in (article.outlet, article.published) if p)
    head = f"‘{article.title or article_id}’" + (f" ({where})" if where else "")
    try:
        sentences = len(store.articles[article_id]["sentences"])
    except KeyError:
        return f"Saved {head}, but the refresh did not read it (see the skipped files in `/refresh`)."
    counts = f"{sentences} sentences" + (f", {facts} facts" if facts is not None else "")
    story = store.story_by_id.get(store.story_of.get(article_id, ""))
    if not story:
        return f"Added {head}: {counts}."
    others = len(story["articles"]) - 1
    tail = f"joins the story ‘{story['label']}’" if others else f"starts a new story ‘{story['label']}’"
    return f"Added {head}: {counts}; {tail}."
