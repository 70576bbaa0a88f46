"""/compare: how the sources differ on a topic — numbers, names, framing, denials, silence."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any

from rapidfuzz import fuzz

from knowledge.search import fold, terms

from .commands import Arg, command
from .context import Context
from .evidence import Citations, clip, source_name
from .reply import Reply, not_found

# Topic words that ask about counts, and the measures they cover.
_MEASURE_TOPICS = {
    "casualties victims toll": {"killed", "injured"},
    "deaths dead killed died fatalities": {"killed"},
    "injured injuries wounded hurt": {"injured"},
}
MEASURE_WORDS: dict[str, set[str]] = {
    term: measures for words, measures in _MEASURE_TOPICS.items() for term in terms(words)
}
MAX_PER_SECTION = 6


@command(examples=("/compare casualties", "/compare Stepanakert", "/compare operation"))
async def compare(ctx: Context,
                  topic: Annotated[str, Arg("What to compare across sources, e.g. casualties",
                                            autocomplete="topic")]) -> Reply:
    """How the sources differ on a topic: numbers, names, framing, claims and denials.

    Also lists the sources that say nothing about it.
    """
    store, index = ctx.store, ctx.store.index
    topic_terms = terms(topic)
    hits = index.search_sentences(topic, limit=400)
    hit_sentences = {(h.article, h.sent) for h in hits}
    _, named = index.expand(topic)
    cites = Citations(ctx)
    sections: list[str] = []
    covering: set[str] = {h.article for h in hits}

    numbers = _numbers(ctx, topic_terms, hit_sentences, cites, covering)
    if numbers:
        sections.append("*Numbers*\n" + numbers)
    names = _names(ctx, named, cites, covering)
    if names:
        sections.append("*Names*\n" + names)
    framing = _framings(ctx, topic_terms, hit_sentences, cites)
    if framing:
        sections.append("*Framing*\n" + framing)
    claims = _claims(ctx, topic_terms, hit_sentences, cites)
    if claims:
        sections.append("*Claims and denials*\n" + claims)
    if not sections and hits:
        lines = [f"• {source_name(ctx, h.article)}: {cites.mark(h.article, h.sent)}"
                 for h in _one_per_article(hits)[:MAX_PER_SECTION]]
        sections.append("*What each source says*\n" + "\n".join(lines))
    if not sections:
        return not_found(f"No source says anything about “{topic}” that I could compare.",
                         suggestions=[f"/sources {topic}", "/who <name>", "/when <event>"],
                         command="compare", args=topic)
    silent = [source_name(ctx, a) for a in store.articles if a not in covering]
    if silent:
        sections.append("*Say nothing about it:* " + ", ".join(silent))
    text = f"*Compare: {topic}*\n" + "\n".join(sections)
    return Reply(text=text, citations=tuple(cites.items), command="compare", args=topic,
                 suggestions=(f"/sources {topic}",), more=f"/sources {topic}")


def _one_per_article(hits: list) -> list:
    seen: set[str] = set()
    return [h for h in hits if not (h.article in seen or seen.add(h.article))]


def _numbers(ctx: Context, topic_terms: list[str], hit_sentences: set[tuple[str, int]],
             cites: Citations, covering: set[str]) -> str:
    measures = set().union(*(MEASURE_WORDS.get(t, set()) for t in topic_terms)) if topic_terms else set()
    measures |= {m for m in _known_measures(ctx) if set(terms(m)) & set(topic_terms)}
    by_measure: dict[str, list[str]] = defaultdict(list)
    for article, row in ctx.store.rows("numbers"):
        if row["measure"] in measures or (not measures and (article, row["sent"]) in hit_sentences):
            amount = row["qualifier"] + " " if row["qualifier"] not in ("", "exact") else ""
            claimant = row["claimant"] or "unattributed"
            by_measure[row["measure"]].append(
                f"{amount}{row['value']} — {claimant} ({source_name(ctx, article)}) "
                f"{cites.mark(article, row['sent'])}")
            covering.add(article)
    return "\n".join(f"• {measure}: " + "; ".join(items[:MAX_PER_SECTION])
                     for measure, items in by_measure.items())


def _known_measures(ctx: Context) -> set[str]:
    return {row["measure"] for _, row in ctx.store.rows("numbers")}


def _names(ctx: Context, named: list, cites: Citations, covering: set[str]) -> str:
    """Which source uses which name for the same thing, and spelling variants."""
    lines: list[str] = []
    store = ctx.store
    for entity in named:
        names = sorted({entity["name"], *entity["aliases"]}, key=fold)
        if len(names) < 2:
            continue
        usage: dict[str, list[str]] = defaultdict(list)
        for mention in entity["mentions"]:
            used = next((n for n in sorted(names, key=len, reverse=True)
                         if fold(n) in fold(mention["text"])), mention["text"])
            label = source_name(ctx, mention["article"])
            marker = cites.mark(mention["article"], mention["sent"])
            entry = f"{label} {marker}"
            if not any(e.startswith(label + " ") for e in usage[used]):
                usage[used].append(entry)
            covering.add(mention["article"])
        if len(usage) > 1:
            lines.append("• " + "; ".join(f"“{n}”: " + ", ".join(u[:4]) for n, u in usage.items()))
        variants = [(a, b) for i, a in enumerate(names) for b in names[i + 1:]
                    if fuzz.ratio(fold(a), fold(b)) >= 85]
        if variants:
            lines.append("• Spelling variants: " + ", ".join(f"{a} / {b}" for a, b in variants))
    for article, row in store.rows("aliases"):
        folded = {fold(n) for n in row["names"]}
        if any(fold(e["name"]) in folded or folded & {fold(a) for a in e["aliases"]} for e in named):
            users = [f"“{n}”" + (f" by {u}" if u else "") for n, u in zip(row["names"], row["users"])]
            lines.append(f"• {source_name(ctx, article)} gives both: " + ", ".join(users)
                         + f" {cites.mark(article, row['sent'])}")
    return "\n".join(dict.fromkeys(lines))


def _relevant(row: dict[str, Any], article: str, topic_terms: list[str],
              hit_sentences: set[tuple[str, int]], field: str) -> bool:
    return (article, row["sent"]) in hit_sentences or bool(set(terms(row[field])) & set(topic_terms))


def _framings(ctx: Context, topic_terms: list[str], hit_sentences: set[tuple[str, int]],
              cites: Citations) -> str:
    """Labels sources use for the topic; once one matches, the other labels in those sources too."""
    covering = {article for article, _ in hit_sentences}
    relevant, related = [], []
    for article, row in ctx.store.rows("framings"):
        if _relevant(row, article, topic_terms, hit_sentences, "phrase"):
            relevant.append((article, row))
        elif article in covering and len(row["phrase"].split()) <= 6:
            related.append((article, row))
    seen: set[str] = set()
    items: list[str] = []
    for article, row in relevant + related if relevant else []:
        key = fold(row["phrase"]) + "|" + fold(row["speaker"])
        if key in seen:
            continue
        seen.add(key)
        speaker = row["speaker"] or "unattributed"
        items.append(f"• “{row['phrase']}” — {speaker} ({source_name(ctx, article)}) "
                     f"{cites.mark(article, row['sent'])}")
    return "\n".join(items[: MAX_PER_SECTION + 2])


def _claims(ctx: Context, topic_terms: list[str], hit_sentences: set[tuple[str, int]],
            cites: Citations) -> str:
    denials, claims = [], []
    for article, row in ctx.store.rows("statements"):
        if not _relevant(row, article, topic_terms, hit_sentences, "content"):
            continue
        line = (f"• {row['speaker'] or 'unattributed'} {'denies' if row['denial'] else row['cue'] or 'says'}: "
                f"“{clip(row['content'], 160)}” ({source_name(ctx, article)}) {cites.mark(article, row['sent'])}")
        (denials if row["denial"] else claims).append(line)
    return "\n".join(denials[:MAX_PER_SECTION] + claims[: max(0, MAX_PER_SECTION - len(denials))])
