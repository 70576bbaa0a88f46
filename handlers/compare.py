"""/compare: how the sources differ on a topic — numbers, names, framing, denials, silence."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any

from rapidfuzz import fuzz

from knowledge.search import SentenceHit, fold, terms

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
MAX_SILENT_NAMED = 10
MAX_HITS = 400

Row = tuple[str, dict[str, Any]]


@command(examples=("/compare casualties", "/compare Stepanakert", "/compare operation"))
async def compare(ctx: Context,
                  topic: Annotated[str, Arg("What to compare across sources, e.g. casualties",
                                            autocomplete="topic")]) -> Reply:
    """How the sources differ on a topic: numbers, names, framing, claims and denials.

    Also lists the sources that say nothing about it.
    """
    index = ctx.store.index
    topic_terms = set(terms(topic))
    measures = _measures(ctx, topic_terms)
    # "casualties" is also covered by sentences that say "killed" without a number
    hits = index.search_sentences(" ".join([topic, *sorted(measures)]), limit=MAX_HITS)
    docs = {h.doc for h in hits}
    _, named = index.expand(topic)
    cites = Citations(ctx)
    covering: set[str] = {h.article for h in hits}
    sections: list[str] = []
    for title, lines in (
        ("Numbers", _numbers(ctx, measures, hits, cites, covering)),
        ("Names", _names(ctx, named, cites, covering)),
        ("Framing", _framings(ctx, topic_terms, docs, covering, cites)),
        ("Claims and denials", _claims(ctx, topic_terms, docs, cites)),
    ):
        if lines:
            sections.append(f"*{title}*\n" + "\n".join(lines))
    if not sections and hits:
        lines = [f"• {source_name(ctx, h.article)}: {cites.mark(h.article, h.sent)}"
                 for h in _one_per_article(hits)[:MAX_PER_SECTION]]
        sections.append("*What each source says*\n" + "\n".join(lines))
    if not sections:
        return not_found(f"No source says anything about “{topic}” that I could compare.",
                         suggestions=[f"/sources {topic}", "/who <name>", "/when <event>"],
                         command="compare", args=topic)
    silent = [a for a in ctx.store.articles if a not in covering]
    if silent:
        named_silent = ", ".join(source_name(ctx, a) for a in silent[:MAX_SILENT_NAMED])
        more = f" and {len(silent) - MAX_SILENT_NAMED} more" if len(silent) > MAX_SILENT_NAMED else ""
        sections.append(f"*Say nothing about it:* {named_silent}{more}")
    text = f"*Compare: {topic}*\n" + "\n".join(sections)
    return Reply(text=text, citations=tuple(cites.items), command="compare", args=topic,
                 suggestions=(f"/sources {topic}",), more=f"/sources {topic}")


def _one_per_article(hits: list[SentenceHit]) -> list[SentenceHit]:
    seen: set[str] = set()
    return [h for h in hits if not (h.article in seen or seen.add(h.article))]


def _measures(ctx: Context, topic_terms: set[str]) -> set[str]:
    """The counted things a topic asks about: "casualties" -> killed, injured."""
    measures = set().union(*(MEASURE_WORDS.get(t, set()) for t in topic_terms))
    return measures | {m for m in ctx.store.index.numbers_by_measure if set(terms(m)) & topic_terms}


def _numbers(ctx: Context, measures: set[str], hits: list[SentenceHit], cites: Citations,
             covering: set[str]) -> list[str]:
    """Counts side by side, by what is counted, each with who claims it; then sources with no count."""
    index = ctx.store.index
    if measures:
        rows = [r for m in sorted(measures, key=lambda m: (m != "killed", m))  # deaths first
                for r in index.numbers_by_measure.get(m, ())]
    else:  # counts in the sentences that match the topic best
        best = hits[0].score if hits else 0.0
        rows = [r for h in hits if h.score >= best / 2 for r in index.numbers_by_doc.get(h.doc, ())]
    by_measure: dict[str, list[Row]] = defaultdict(list)
    for article, row in rows:
        by_measure[row["measure"]].append((article, row))
    lines = []
    for measure, claims in by_measure.items():
        items = []
        for article, row in claims[:MAX_PER_SECTION]:
            amount = row["qualifier"] + " " if row["qualifier"] not in ("", "exact") else ""
            items.append(f"{amount}{row['value']} — {row['claimant'] or 'unattributed'} "
                         f"({source_name(ctx, article)}) {cites.mark(article, row['sent'])}")
        extra = f" (+{len(claims) - MAX_PER_SECTION} more)" if len(claims) > MAX_PER_SECTION else ""
        lines.append(f"• {measure}: " + "; ".join(items) + extra)
    counted = {article for article, _ in rows}
    covering.update(counted)
    if lines and measures:
        uncounted = [h for h in _one_per_article(hits) if h.article not in counted][:MAX_PER_SECTION]
        if uncounted:
            lines.append("• No count given: " + ", ".join(
                f"{source_name(ctx, h.article)} {cites.mark(h.article, h.sent)}" for h in uncounted))
    return lines


def _names(ctx: Context, named: list, cites: Citations, covering: set[str]) -> list[str]:
    """Which source uses which name for the same thing, and spelling variants."""
    lines: list[str] = []
    for entity in named:
        names = sorted({entity["name"], *entity["aliases"]}, key=fold)
        covering.update(m["article"] for m in entity["mentions"])
        if len(names) < 2:
            continue
        longest_first = [(n, fold(n)) for n in sorted(names, key=len, reverse=True)]
        usage: dict[str, dict[str, int]] = defaultdict(dict)  # name -> article -> sentence
        for mention in entity["mentions"]:
            text = fold(mention["text"])
            used = next((n for n, folded in longest_first if folded in text), mention["text"])
            usage[used].setdefault(mention["article"], mention["sent"])
        if len(usage) > 1:
            lines.append("• " + "; ".join(
                f"“{name}”: " + ", ".join(f"{source_name(ctx, a)} {cites.mark(a, s)}"
                                          for a, s in list(articles.items())[:4])
                + (f" and {len(articles) - 4} more" if len(articles) > 4 else "")
                for name, articles in usage.items()))
        variants = [(a, b) for i, a in enumerate(names) for b in names[i + 1:]
                    if fuzz.ratio(fold(a), fold(b)) >= 85]
        if variants:
            lines.append("• Spelling variants: " + ", ".join(f"{a} / {b}" for a, b in variants[:MAX_PER_SECTION]))
    wanted = {fold(n) for e in named for n in (e["name"], *e["aliases"])}
    for article, row in ctx.store.index.alias_pairs:
        if wanted & {fold(n) for n in row["names"]}:
            users = [f"“{n}”" + (f" by {u}" if u else "") for n, u in zip(row["names"], row["users"])]
            lines.append(f"• {source_name(ctx, article)} gives both: " + ", ".join(users)
                         + f" {cites.mark(article, row['sent'])}")
    return list(dict.fromkeys(lines))[: MAX_PER_SECTION * 2]


def _framings(ctx: Context, topic_terms: set[str], docs: set[int], covering: set[str],
              cites: Citations) -> list[str]:
    """Labels sources use for the topic; once one matches, the other short labels in those sources too."""
    framings = ctx.store.index.framings
    relevant = framings.matching(docs, topic_terms)
    if not relevant:
        return []
    taken = {id(row) for _, row in relevant}
    related = [(a, r) for a, r in framings.rows
               if a in covering and id(r) not in taken and len(r["phrase"].split()) <= 6]
    seen: set[str] = set()
    lines: list[str] = []
    for article, row in relevant + related:
        key = fold(row["phrase"]) + "|" + fold(row["speaker"])
        if key in seen:
            continue
        seen.add(key)
        lines.append(f"• “{row['phrase']}” — {row['speaker'] or 'unattributed'} ({source_name(ctx, article)}) "
                     f"{cites.mark(article, row['sent'])}")
        if len(lines) >= MAX_PER_SECTION + 2:
            break
    return lines


def _claims(ctx: Context, topic_terms: set[str], docs: set[int], cites: Citations) -> list[str]:
    """Statements on the topic, denials first."""
    rows = ctx.store.index.statements.matching(docs, topic_terms)
    denials = [r for r in rows if r[1]["denial"]][:MAX_PER_SECTION]
    claims = [r for r in rows if not r[1]["denial"]][: max(0, MAX_PER_SECTION - len(denials))]
    return [f"• {_attribution(row)}: “{clip(row['content'], 160)}” ({source_name(ctx, article)}) "
            f"{cites.mark(article, row['sent'])}" for article, row in denials + claims]


def _attribution(row: dict[str, Any]) -> str:
    """"Yerevan denies", "Baku announced", "according to an AFP reporter"."""
    speaker = row["speaker"] or "unattributed"
    if row["denial"]:
        return f"{speaker} denies"
    cue = row["cue"] or "says"
    return f"{cue} {speaker}" if cue.lower().startswith("according") else f"{speaker} {cue}"
