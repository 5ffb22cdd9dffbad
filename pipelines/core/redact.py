"""Secrets never shown: camera URLs as ``rtsp://user:•••@host/…``, known passwords as ``•••``.

Call :func:`redact_url` wherever a camera address is stored for display, printed, logged or
put in a table (settings file, ledger, doctor, privacy report, GUI). :func:`scrub` also hides
every secret value Homebody has loaded (:func:`register_secret`), and
:func:`install_log_scrubber` runs it over every log line, whoever wrote it.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

MASK = "•••"

# scheme://user:password@host — the password may hold "@" or "/" when the user did not
# percent-encode it: it runs up to the last "@" of the address (masking too much is safe).
_CREDENTIALS = re.compile(
    r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s/?#@:]*):(?P<password>[^\s]*?)@"
    r"(?=[^\s@\"'<>]*(?:[\s\"'<>]|$))"
)
_QUERY_SECRET = re.compile(
    r"(?P<head>[?&](?:password|passwd|pwd|pass|token|key|secret|auth)=)(?P<value>[^&#\s]+)",
    re.IGNORECASE,
)

_secrets: set[str] = set()
_lock = threading.Lock()
MIN_SECRET_LENGTH = 4
"""Shorter values are not scrubbed from free text (they would hide ordinary words)."""


def url_password(url: str) -> str:
    """The password part of the first URL with ``user:password@`` in ``url``; "" if none."""
    match = _CREDENTIALS.search(url)
    if not match or match.group("password") == MASK:
        return ""
    return match.group("password")


def mask_password(url: str) -> str:
    """``url`` with only its ``user:password@`` password masked (what settings.toml keeps)."""
    return _CREDENTIALS.sub(lambda m: f"{m.group('head')}:{MASK}@", url) if "://" in url else url


def redact_url(text: str) -> str:
    """``text`` with every URL's password (and ``?password=``/``?token=`` values) masked."""
    if "://" not in text and "=" not in text:
        return text
    return _QUERY_SECRET.sub(lambda m: f"{m.group('head')}{MASK}", mask_password(text))


def with_password(url: str, password: str) -> str:
    """Put ``password`` back where :func:`redact_url` left the mask."""
    return url.replace(f":{MASK}@", f":{password}@", 1) if password else url


def register_secret(value: str) -> None:
    """Remember a secret Homebody loaded so that :func:`scrub` hides it in any text."""
    if len(value) >= MIN_SECRET_LENGTH and value != MASK:
        with _lock:
            _secrets.add(value)


def scrub(text: str) -> str:
    """``text`` with URL credentials and every registered secret masked."""
    text = redact_url(text)
    with _lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


def scrub_value(value: Any) -> Any:
    """:func:`scrub` applied to the strings inside a JSON-like value (dicts, lists)."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {k: scrub_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub_value(v) for v in value]
    return value


_installed = False


def install_log_scrubber() -> None:
    """Scrub every log record's message (any logger, any handler) before it is formatted."""
    global _installed
    with _lock:
        if _installed:
            return
        _installed = True
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call: leave it to logging's own error report
            return record
        clean = scrub(message)
        if clean != message:
            record.msg, record.args = clean, None
        return record

    logging.setLogRecordFactory(factory)
