"""/who: who a person or organisation is, what they said, and who mentions them."""

from __future__ import annotations

from typing import Annotated

from knowledge.search import fold

from .commands import Arg, command
from .context import Context
from .evidence import Citations, clip, source_name
from .reply import Reply, not_found

MAX_ROLES = 4
MAX_STATEMENTS = 3
MIN_STATEMENT_WORDS = 4  # "reported by: “The shelling”" says nothing about the person
LABELS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "NORP": "group"}


@command(examples=("/who Blinken", "/who Maria Zakharova", "/who defence ministry"))
async def who(ctx: Context,
              name: Annotated[str, Arg("A person or organisation, e.g. Blinken", autocomplete="entity")]
              ) -> Reply:
    """Who someone is: roles with affiliations, what they said, and which sources mention them.

    Typos and partial names are fine: `/who blinkin` finds Antony Blinken.
    """
    index = ctx.store.index
    matches = index.find_entities(name)
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
        if key in seen_roles or len(seen_roles) >= MAX_ROLES:
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

    by_article: dict[str, int] = {}
    for mention in entity["mentions"]:
        by_article.setdefault(mention["article"], mention["sent"])
    sources = [f"{source_name(ctx, a)} {cites.mark(a, s)}" for a, s in list(by_article.items())[:5]]
    total = len(ctx.store.articles)
    lines.append(f"Mentioned in {len(by_article)} of {total} sources: " + ", ".join(sources)
                 + (" …" if len(by_article) > 5 else ""))
    others = [f"/who {m.entity['name']}" for m in matches[1:4] if m.score >= matches[0].score - 10]
    return Reply(text="\n".join(lines), citations=tuple(cites.items), command="who", args=name,
                 suggestions=tuple(others) + (f"/sources {entity['name']}",),
                 more=f"/sources {entity['name']}")

