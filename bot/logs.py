"""Logging: one structured line per event, level from FACTBOT_LOG_LEVEL, secrets masked.

Log lines are built from untrusted input (request lines, Slack bodies, user names), so every record is
made safe before it is written: control characters in the message are escaped (a newline cannot forge
a second line), continuation lines of a traceback are indented, link signatures (``sig=``) are redacted,
a client's malformed HTTP request is one line without aiohttp's traceback, and slack-bolt's INFO line
quoting each rejected request body is dropped.
"""

from __future__ import annotations

import logging
import re
import sys

from .config import Settings

#: C0 and C1 controls, DEL, Unicode line and paragraph separators, bidirectional overrides and isolates
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_BUT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: a link signature in a query string, a request line or the repr of one
_LINK_SIGNATURE = re.compile(r"(\bsig=)[^&\s#'\"\\]+", re.IGNORECASE)
#: loggers whose records below WARNING quote whole request bodies (slack-bolt's rejected-signature line)
BODY_LOGGERS = ("slack_bolt.RequestVerification",)
TRACEBACK_INDENT = "    "


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


def _escape(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def one_line(text: str) -> str:
    """``text`` with every control character escaped (``\\n``, ``\\x1b``) and link signatures redacted."""
    return _CONTROL.sub(_escape, _LINK_SIGNATURE.sub(r"\1[redacted]", text))


def continuation(text: str) -> str:
    """A traceback made safe: control characters but newlines escaped, every line after the first
    indented, so no line of it can pass for a log line of its own."""
    text = _CONTROL_BUT_NEWLINE.sub(_escape, _LINK_SIGNATURE.sub(r"\1[redacted]", text))
    return text.replace("\n", "\n" + TRACEBACK_INDENT)


def _is_bad_request(error: BaseException | None) -> bool:
    """Whether an error is aiohttp's for a malformed request. Looked up in ``sys.modules``: when aiohttp
    was never imported no error can be one, and the terminal front end does not pay for importing it."""
    module = sys.modules.get("aiohttp.http_exceptions")
    return module is not None and isinstance(error, module.HttpProcessingError)


class SafeLines(logging.Filter):
    """Every record one line that input cannot forge; see the module docstring."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name in BODY_LOGGERS and record.levelno < logging.WARNING:
            return False
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: logging reports it when the handler formats it
            return True
        error = record.exc_info[1] if record.exc_info else None
        if _is_bad_request(error):  # a client's malformed request, not our failure
            message = f"{message}: bad HTTP request ({type(error).__name__}, answered {error.code})"
            record.exc_info, record.exc_text, record.levelno, record.levelname = None, None, logging.WARNING, "WARNING"
        record.msg, record.args = one_line(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = continuation(record.exc_text)
        if record.stack_info:
            record.stack_info = continuation(record.stack_info)
        return True


# Libraries whose DEBUG lines carry whole requests (message bodies with article text, headers).
WIRE_LOGGERS = ("discord", "slack_bolt", "slack_sdk", "aiohttp", "websockets")


def configure_logging(settings: Settings) -> None:
    """Root handler on stderr with secrets masked; FACTBOT_LOG_LEVEL for factbot, at least INFO for wire logs."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(SafeLines())
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
