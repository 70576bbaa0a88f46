"""The records the fact store holds: plain JSON-able dicts, typed.

Every fact points back at its evidence: the article id, the sentence index
and the character span of the supporting text inside the article's body.
Spans are ``[start, end)`` offsets into ``ArticleRecord["text"]``.
"""

from __future__ import annotations

from typing import Literal, TypedDict

SCHEMA_VERSION = 1

EntityLabel = Literal["PERSON", "ORG", "GPE", "LOC", "NORP"]
DatePrecision = Literal["day", "week", "weekend", "month", "quarter", "half", "season", "year", "decade"]


class ArticleRecord(TypedDict):
    """One article: metadata, its body text and its sentence spans."""

    id: str
    path: str
    title: str
    outlet: str
    published: str  # ISO date from metadata, or ""
    published_inferred: str  # ISO date inferred from the text (flagged), or ""
    url: str
    text: str
    content_hash: str
    sentences: list[list[int]]  # [start, end] per sentence


class Mention(TypedDict):
    """A name as written in one sentence, before merging across articles."""

    text: str  # the surface form
    name: str  # the fullest form of this name in the article ("Ilham Aliyev" for "Aliyev")
    label: EntityLabel
    title_of: str  # "Azerbaijan|president" for a title used as a name ("Azerbaijan's president"), else ""
    sent: int
    start: int
    end: int


class Role(TypedDict):
    """A title a person holds: "US Secretary of State" of "Antony Blinken"."""

    name: str  # full name of the holder as in the article
    role: str  # "Secretary of State"
    affiliation: str  # "US", or ""
    country: str  # the country the affiliation names ("United States" for "US"), or ""
    former: bool  # "former head of ...", "ex-president"
    entity: str  # id of the holder's merged Entity (set by merge_entities), or ""
    sent: int
    start: int
    end: int


class Statement(TypedDict):
    """Direct or reported speech attributed to a speaker."""

    speaker: str  # resolved name ("Ilham Aliyev") or noun phrase ("Azerbaijan's presidency")
    content: str  # the quoted words, or the reported clause
    kind: Literal["direct", "reported"]
    cue: str  # the verb or phrase that marks it: "said", "according to", ...
    denial: bool  # the speaker denies something ("denied", "there is no ...")
    speaker_text: str  # the speaker as written ("he", "the ministry"), before resolution
    speaker_entity: str  # id of the speaker's merged Entity (set by merge_entities), or ""
    sent: int
    start: int
    end: int


class DatedEvent(TypedDict):
    """A date expression, normalised when possible, tied to the clause it dates."""

    text: str  # as written: "On Tuesday"
    date: str  # ISO "2023-09-19" / "2023-09" / "2023" / "1990s" (a week: its Monday; a weekend: its Saturday), or ""
    precision: DatePrecision | Literal[""]
    relative: bool  # resolved against the article date
    partial: str  # year-less day as ISO "--09-19" when the year is unknown, else ""
    time: str  # "13:00" when a clock time goes with the date, else ""
    ref: Literal["PRESENT_REF", "PAST_REF", "FUTURE_REF", ""]  # "now", "recently", "soon": no date, a reference
    event: str  # the clause it dates
    modifier: bool  # the date names a thing ("the 2012 order", "Tuesday's vote"), it does not time the clause
    sent: int
    start: int
    end: int


class NumericClaim(TypedDict):
    """An amount the text states, with what it counts or measures and who claims it."""

    text: str  # verbatim slice of the article: "at least six people", "$43,350", "134-63", "more than a week"
    value: int | float  # 6, 43350, 5587.75; a tally's first count (134); a vague amount's nominal value
    qualifier: Literal["exact", "at least", "at most", "about", "more than", "less than", "up to", "nearly"]
    measure: str  # normalised: "killed", "injured", "arrested", "homes destroyed", "income", "votes", "tonnes"
    kind: Literal["count", "money", "percent", "quantity", "tally", "duration"]
    unit: str  # "USD", "percent", "tonnes", "days", "times", or ""
    vague: bool  # "a dozen", "scores of", "hundreds of thousands", "twice", "more than a week"
    verb: str  # lemma of the governing verb: "arrest", "pay", "earn", "vote", or ""
    claimant: str  # "Armenian separatists", or ""
    claimant_entity: str  # id of the claimant's merged Entity (set by merge_entities), or ""
    subject: str  # what is counted or measured as written: "people", "Rolex watch", "grain", or ""
    sent: int
    start: int
    end: int


class AliasPair(TypedDict):
    """Two names the text itself equates ("referred to as A by X and B by Y")."""

    names: list[str]
    users: list[str]  # who uses each name, aligned with ``names`` ("" when unknown)
    sent: int
    start: int
    end: int


class Framing(TypedDict):
    """A short quoted label for something, with who uses it ("anti-terrorist measures")."""

    phrase: str
    speaker: str
    sent: int
    start: int
    end: int


class ArticleFacts(TypedDict):
    """Everything extracted from one article."""

    article: ArticleRecord
    mentions: list[Mention]
    roles: list[Role]
    statements: list[Statement]
    dates: list[DatedEvent]
    numbers: list[NumericClaim]
    aliases: list[AliasPair]
    framings: list[Framing]


class EntityMention(TypedDict):
    article: str
    sent: int
    start: int
    end: int
    text: str


class Entity(TypedDict):
    """One person, organisation, place or group, merged across articles."""

    id: str
    name: str
    label: EntityLabel
    aliases: list[str]
    mentions: list[EntityMention]


class Story(TypedDict):
    """Articles about one event or thread, grouped at build time (knowledge/stories.py)."""

    id: str  # assigned once, kept across refreshes
    label: str  # what a person recognises: short title and key names
    title: str  # the short title of its central article, or ""
    articles: list[str]  # article ids, oldest first
    outlets: list[str]
    first: str  # ISO date of its first dated article, or ""
    last: str  # ISO date of its last dated article, or ""
    names: list[str]  # key names, most weighty first
    central: str  # id of the article closest to the story's centre
