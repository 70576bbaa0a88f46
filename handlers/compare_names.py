"""/compare's names and titles: what each source calls the topic's referent, and the roles it gives."""

from __future__ import annotations

import re
from collections import defaultdict

from knowledge.search import fold, terms

from .compare_numbers import Lines
from .compare_referent import referent_names
from .compare_relation import related_people, relation_of
from .compare_scope import Story
from .compare_topic import Topic, sentence_words
from .context import Context
from .evidence import Citations, source_name

MAX_NAME_LINES = 6
MAX_ROLES_PER_SOURCE = 2
REFERENT_WORDS = 3  # a name this many words from a topic word names the topic's referent ("wife, Sandi")
_NAME_RUN = re.compile(r"[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'.-]*|de|al|van|von|bin))*")
_WORD = re.compile(r"\S+")


def names(ctx: Context, topic: Topic, story: Story, cites: Citations) -> Lines:
    """Per referent, which source uses which name; and pairs of names the text itself equates."""
    articles = set(story.articles)
    lines: list[str] = []
    aligned: set[str] = set()
    naming: set[str] = set()  # articles that name the topic's referent, by any name
    related = _related(ctx, topic, story)  # sources may name one person as two ("Katherine", "Kit")
    if related:
        usage = _usage(related, articles)
        users = {a for uses in usage.values() for a in uses}
        naming |= users
        aligned |= users if len(users) > 1 else set()
        lines.append(f"• {topic.text.strip()}: " + _used_by(ctx, usage, cites))
    for group in _referents(ctx, topic, story):
        usage = _usage(group, articles)
        users = {a for uses in usage.values() for a in uses}
        naming |= users
        if len(usage) < 2:
            continue
        if len(users) > 1:
            aligned |= users
        lines.append("• " + _used_by(ctx, usage, cites))
    called, callers = referent_names(ctx, topic, story, cites)
    lines += called
    naming |= callers
    aligned |= callers if len(callers) > 1 else set()
    wanted = {fold(n) for e in topic.entities for n in (e["name"], *e["aliases"])}
    for article, row in ctx.store.index.aliases_in(articles):
        if wanted & {fold(n) for n in row["names"]}:
            users = [f"“{n}”" + (f" by {u}" if u else "") for n, u in zip(row["names"], row["users"])]
            lines.append(f"• {source_name(ctx, article)} gives both: " + ", ".join(users)
                         + f" {cites.mark(article, row['sent'])}")
    return Lines(list(dict.fromkeys(lines))[:MAX_NAME_LINES], aligned, naming)


def _used_by(ctx: Context, usage: dict[str, dict[str, int]], cites: Citations) -> str:
    """“Name”: the sources that use it, each cited at a sentence using it; one part per name."""
    return "; ".join(
        f"“{name}”: " + ", ".join(f"{source_name(ctx, a)} {cites.mark(a, s)}" for a, s in uses.items())
        for name, uses in usage.items())


def _related(ctx: Context, topic: Topic, story: Story) -> list[dict]:
    """For a topic "<person>'s <relation>": the people the story's roles so relate to the person."""
    relation = relation_of(topic)
    return related_people(ctx, relation, story) if relation else []


def _referents(ctx: Context, topic: Topic, story: Story) -> list[list[dict]]:
    """The topic's entities (those sharing a surname taken together), then entities the matching
    sentences name right beside a topic word."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for entity in topic.entities:
        groups[fold(entity["name"].split()[-1])].append(entity)
    topic_words = topic.words()
    content = topic.content if not topic.is_about_names else ()
    best = {m.article: m for m in reversed(story.matches)}  # each article's best sentence
    for match in best.values() if content else ():
        sentence = ctx.store.sentence(match.article, match.sent)
        for entity, start in _named_in(ctx, match.article, sentence):
            if set(terms(entity["name"])) & topic_words:
                continue
            if _beside(sentence, start, content):
                groups.setdefault(entity["id"], [entity])
    return list(groups.values())


def _named_in(ctx: Context, article: str, sentence: str) -> list[tuple[dict, int]]:
    """Entities a sentence names (runs of capitalised words looked up in the article's names)."""
    index = ctx.store.index
    found: list[tuple[dict, int]] = []
    for run in _NAME_RUN.finditer(sentence):
        words = run.group().split()
        for size in range(len(words), 0, -1):
            entity = next((e for i in range(len(words) - size + 1)
                           if (e := index.entity_in(article, " ".join(words[i:i + size])))), None)
            if entity:
                found.append((entity, run.start()))
                break
    return found


def _beside(sentence: str, start: int, content: tuple) -> bool:
    """Whether a topic word stands within a few words of position ``start``."""
    before = _WORD.findall(sentence[:start])[-REFERENT_WORDS:]
    after = _WORD.findall(sentence[start:])[: REFERENT_WORDS + 1]
    words = sentence_words(" ".join(before + after))
    return any(g.found_in(words) for g in content)


def _usage(entities: list[dict], articles: set[str]) -> dict[str, dict[str, int]]:
    """name -> {article: sentence} for the fullest names the story's articles use for a referent."""
    # longest first; ties by text, so that the same store gives the same reply in every process
    names = sorted({n for e in entities for n in (e["name"], *e["aliases"])}, key=lambda n: (-len(n), n))
    folded = [(n, fold(n)) for n in names]
    usage: dict[str, dict[str, int]] = defaultdict(dict)
    for entity in entities:
        for mention in entity["mentions"]:
            if mention["article"] not in articles:
                continue
            text = fold(mention["text"])
            used = next((n for n, f in folded if f in text), mention["text"])
            usage[used].setdefault(mention["article"], mention["sent"])
    longer = [fold(n) for n in usage]
    return {n: uses for n, uses in usage.items()
            if not any(fold(n) != other and set(fold(n).split()) < set(other.split()) for other in longer)}


def roles(ctx: Context, topic: Topic, story: Story, cites: Citations) -> Lines:
    """For a person the topic names: the titles each source gives them."""
    articles = set(story.articles)
    lines: list[str] = []
    aligned: set[str] = set()
    for entity in topic.entities:
        if entity["label"] != "PERSON":
            continue
        per_source: dict[str, list[str]] = defaultdict(list)
        for article, row in ctx.store.index.roles_of.get(entity["id"], []):
            role = " ".join(row["role"].split())
            shown = [fold(r) for r in per_source.get(article, ())]
            if article in articles and len(shown) < MAX_ROLES_PER_SOURCE and not any(fold(role) in r for r in shown):
                per_source[article].append(f"“{role}” ({source_name(ctx, article)}) {cites.mark(article, row['sent'])}")
        if per_source:
            lines.append(f"• {entity['name']}: " + " · ".join(i for items in per_source.values() for i in items))
        if len(per_source) > 1:
            aligned |= set(per_source)
    return Lines(lines, aligned, set())
