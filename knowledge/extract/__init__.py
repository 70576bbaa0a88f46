"""Facts from parsed articles: mentions, roles, statements, dates, counts, aliases, framings.

spaCy proposes, rules repair. One ``nlp.pipe`` pass over the article bodies, then
:func:`extract_doc` reads each parsed doc once (every rule is a linear walk over tokens,
entities or quote marks, with short bounded look-arounds). One module per extractor, run in
order by :mod:`knowledge.extract.pipeline`; shared parse helpers live in :mod:`.parse`.

Public API::

    nlp = load_nlp()
    for facts in extract_articles(articles, n_process=1, batch_size=8, nlp=nlp): ...
    facts = extract_doc(article, doc)
"""

from .pipeline import MODEL, extract_articles, extract_doc, load_nlp

__all__ = ["MODEL", "extract_articles", "extract_doc", "load_nlp"]
