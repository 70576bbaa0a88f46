"""Links to the bot's own article pages, optionally signed so a private corpus stays private."""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass, field
from urllib.parse import quote

from .schema import is_safe_segment

SIGNATURE_HEX_CHARS = 32  # a link's ``sig``: the first 128 bits of the HMAC, in lowercase hex
_SIGNATURE_SHAPE = re.compile(f"[0-9a-f]{{{SIGNATURE_HEX_CHARS}}}")


@dataclass(frozen=True, slots=True)
class Links:
    """Builds ``<public_url>/articles/<id>?s=<n>#s<n>`` links; empty when no public URL is set.

    With a ``secret`` every link carries ``sig``, an HMAC of the article id: the page server
    opens an article only for a link the bot made (the sentence number is not signed).
    """

    public_url: str = ""
    secret: str = field(default="", repr=False)

    def article_page(self, article: str, sentence: int = -1) -> str:
        """The absolute link to an article's page, or "" when pages are not published (or the id is no
        safe path segment: ``..`` would resolve to another page)."""
        if not self.public_url or not is_safe_segment(article):
            return ""
        return self.public_url.rstrip("/") + self.path(article, sentence)

    def path(self, article: str, sentence: int = -1) -> str:
        """The server-relative part of :meth:`article_page`: path, query and anchor."""
        query = [f"s={sentence}"] if sentence >= 0 else []
        if self.secret:
            query.append(f"sig={self.signature(article)}")
        anchor = f"#s{sentence}" if sentence >= 0 else ""
        return f"/articles/{quote(article, safe='')}{'?' + '&'.join(query) if query else ''}{anchor}"

    def signature(self, article: str) -> str:
        """HMAC of the article id: a link opens that article only."""
        return hmac.new(self.secret.encode(), article.encode(), hashlib.sha256).hexdigest()[:SIGNATURE_HEX_CHARS]

    def verify(self, article: str, signature: str) -> bool:
        """True when links are unsigned, or ``signature`` is this article's: its shape is checked first,
        then the bytes are compared in constant time (any text may arrive in a query string)."""
        if not self.secret:
            return True
        if not _SIGNATURE_SHAPE.fullmatch(signature or ""):
            return False
        return hmac.compare_digest(self.signature(article).encode("ascii"), signature.encode("ascii"))
