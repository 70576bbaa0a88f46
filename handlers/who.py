"""/who: who a person or organisation is, what they said, and who mentions them."""

from __future__ import annotations

from typing import Annotated

from knowledge.search import EntityMatch, fold

from .commands import Arg, command
from .context import Context
from .evidence import Citations, clip, source_names, story_size
from .reply import Reply, not_found

MAX_ROLES = 4
MAX_STATEMENTS = 3
MAX_SOURCES = 6
MIN_STATEMENT_WORDS = 4  # "reported by: “The shelling”" says nothing about the person
MAX_TITLE_HOLDERS = 4  # "/who the minister": the people given that title, the most often given first
TITLE_MATCH_SCORE = 90.0  # a title's holders rank as a close name match (the others are offered too)
LABELS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "NORP": "group"}


@command(examples=("/who Blinken", "/who Maria Zakharova", "/who defence ministry"))
async def who(ctx: Context,
              name: Annotated[str, Arg("A person or organisation, e.g. Blinken", autocomplete="entity")]
              ) -> Reply:
    """Who someone is: roles with affiliations, what they said, and which sources mention them.

    Typos and partial names are fine: `/who blinkin` finds Antony Blinken.
    """
    index = ctx.store.index
    matches = index.find_entities(name) or [EntityMatch(e, TITLE_MATCH_SCORE, name)
                                            for e in index.holders_of_title(name)[:MAX_TITLE_HOLDERS]]
    if not matches:
        return not_found(f"I found nobody called “{name}” in the articles.",
                         suggestions=[f"/who {n}" for n in index.suggestions(name, label="PERSON")] + [f"/sources {name}"],
                         command="who", args=name)
    entity = matches[0].entity
    cites = Citations(ctx)
    aliases = [a for a in entity["aliases"] if fold(a) != fold(entity["name"])][:4]
    header = f"*{entity['name']}* ({LABELS.get(entity['label'], 'name')})"
    if aliases:
        header += " — also written " + ", ".join(f"“{a}”" for a in aliases)
    lines = [header]

    seen_roles: set[str] = set()
    for article, row in index.roles_of.get(entity["id"], []):
        affiliation = row.get("affiliation", "")
        role = row["role"] if fold(affiliation) in fold(row["role"]) else f"{affiliation} {row['role']}"
        key = fold(role)
        if _said_already(key, seen_roles) or len(seen_roles) >= MAX_ROLES:
            continue
        seen_roles.add(key)
        lines.append(f"• {role} {cites.mark(article, row['sent'])}")

    statements = sorted((s for s in index.statements_of.get(entity["id"], [])
                         if len(s[1]["content"].split()) >= MIN_STATEMENT_WORDS),
                        key=lambda ar: (ar[1]["kind"] != "direct", ar[0], ar[1]["sent"]))
    shown = 0
    for article, row in statements:
        if shown >= MAX_STATEMENTS:
            break
        lines.append(f"• {row['cue'] or 'said'}: “{clip(row['content'])}” {cites.mark(article, row['sent'])}")
        shown += 1

    lines.append(_mentioned_in(ctx, entity, cites))
    others = [f"/who {m.entity['name']}" for m in matches[1:4] if m.score >= matches[0].score - 10]
    return Reply(text="\n".join(lines), citations=tuple(cites.items), command="who", args=name,
                 suggestions=tuple(others) + (f"/sources {entity['name']}",),
                 more=f"/sources {entity['name']}")



def _said_already(role: str, shown: set[str]) -> bool:
    """The same role, or one a shown role ends with ("chief medical officer" after "district's chief
    medical officer"); a fuller one after a shorter one is still news ("foreign minister")."""
    return any(role == seen or seen.endswith(" " + role) for seen in shown)


def _mentioned_in(ctx: Context, entity: dict, cites: Citations) -> str:
    """“Mentioned in 2 of 3 sources: …”, counted inside the stories the person is in, each article once."""
    first: dict[str, int] = {}
    for mention in sorted(entity["mentions"], key=lambda m: (m["article"], m["sent"])):
        first.setdefault(mention["article"], mention["sent"])
    by_story: dict[str, list[str]] = {}
    for article in first:  # one pass: a person in hundreds of articles and stories stays cheap
        by_story.setdefault(ctx.store.index.story_of(article), []).append(article)
    total = sum(story_size(ctx, s) for s in by_story)
    listed = list(first.items())[:MAX_SOURCES]
    names = source_names(ctx, [a for a, _ in listed])  # only those listed: a name may be in thousands
    shown = [f"{names[a]} {cites.mark(a, s)}" for a, s in listed]
    where = (f" (story ‘{ctx.store.index.story_label(next(iter(by_story)))}’)" if len(by_story) == 1
             else f" across {len(by_story)} stories")
    return (f"Mentioned in {len(first)} of {total} sources{where}: " + ", ".join(shown)
            + (" …" if len(first) > MAX_SOURCES else ""))
