"""Links to the bot's own article pages, optionally signed so a private corpus stays private."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True, slots=True)
class Links:
    """Builds ``<public_url>/articles/<id>?s=<n>#s<n>`` links; empty when no public URL is set."""

    public_url: str = ""
    secret: str = ""

    def article_page(self, article: str, sentence: int = -1) -> str:
        if not self.public_url:
            return ""
        path = f"/articles/{quote(article, safe='')}"
        query = [f"s={sentence}"] if sentence >= 0 else []
        if self.secret:
            query.append(f"sig={self.signature(article)}")
        anchor = f"#s{sentence}" if sentence >= 0 else ""
        return f"{self.public_url.rstrip('/')}{path}{'?' + '&'.join(query) if query else ''}{anchor}"

    def signature(self, article: str) -> str:
        """HMAC of the article id: a link opens that article only."""
        return hmac.new(self.secret.encode(), article.encode(), hashlib.sha256).hexdigest()[:32]

    def verify(self, article: str, signature: str) -> bool:
        return not self.secret or hmac.compare_digest(self.signature(article), signature or "")
