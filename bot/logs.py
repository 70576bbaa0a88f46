"""Logging: one structured line per event, level from FACTBOT_LOG_LEVEL, secrets masked."""

from __future__ import annotations

import logging
import sys

from .config import Settings


class RedactSecrets(logging.Filter):
    """Replace any configured secret that reaches a log record with ``[redacted]``."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if len(s) >= 6]

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            try:
                message = record.getMessage()
            except Exception:  # a malformed call: logging reports it when the handler formats it
                return True
            record.msg, record.args = self.redact(message), None
            if record.exc_info and not record.exc_text:  # tracebacks quote exception messages
                record.exc_text = logging.Formatter().formatException(record.exc_info)
            if record.exc_text:
                record.exc_text = self.redact(record.exc_text)
            if record.stack_info:
                record.stack_info = self.redact(record.stack_info)
        return True

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "[redacted]")
        return text


# Libraries whose DEBUG lines carry whole requests (message bodies with article text, headers).
WIRE_LOGGERS = ("discord", "slack_bolt", "slack_sdk", "aiohttp", "websockets")


def configure_logging(settings: Settings) -> None:
    """Root handler on stderr with secrets masked; FACTBOT_LOG_LEVEL for factbot, at least INFO for wire logs."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(RedactSecrets(settings.secrets()))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    level = logging.getLevelNamesMapping().get(settings.log_level.strip().upper())
    root.setLevel(level if level is not None else logging.INFO)
    for name in WIRE_LOGGERS:
        logging.getLogger(name).setLevel(max(root.level, logging.INFO))
    if level is None:
        logging.getLogger(__name__).warning("FACTBOT_LOG_LEVEL=%r is not a level (DEBUG, INFO, WARNING, ERROR); "
                                            "using INFO", settings.log_level)
