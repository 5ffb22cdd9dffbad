"""Download one recipe page the user asked for: the only network use of the recipe pipeline.

Like a model install, it is a user-started download: the egress guard allows the page's host
for that one request (:meth:`EgressGuard.download_window`) and the privacy ledger records
the host, the bytes and the time it took (never the page or its address). Redirects are
followed by hand: one to another host needs the user's consent for that host too. The
page is parsed locally afterwards; its links and images are never fetched.
"""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from ..core.errors import EgressBlockedError, InputError
from ..privacy.egress import EgressGuard, current_guard

if TYPE_CHECKING:
    from ..privacy.ledger import Ledger

MAX_PAGE_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUT_S = 20.0
CHUNK = 1 << 16
USER_AGENT = "Homebody recipe import (one page, asked for by its user)"
Consent = Callable[[str], bool]
"""Asked with a new host name when a page redirects there; True allows it."""


class RedirectNotAllowed(InputError):
    """The page moved to another host the user has not allowed (``host``)."""

    code = "redirect_not_allowed"

    def __init__(self, host: str) -> None:
        super().__init__(
            f"The page moved to another site, {host}, which you did not allow. "
            f"Nothing was downloaded from {host} and nothing was imported."
        )
        self.host = host


@dataclass(frozen=True)
class FetchedPage:
    url: str
    """Where the page finally came from (after redirects)."""
    data: bytes
    content_type: str
    seconds: float


def is_url(text: str) -> bool:
    return str(text).lower().startswith(("http://", "https://"))


def fetch_page(
    url: str,
    *,
    consent: Consent | None = None,
    ledger: Ledger | None = None,
    guard: EgressGuard | None = None,
    timeout: float = TIMEOUT_S,
) -> FetchedPage:
    """The page at ``url``; InputError with a clear message for anything that goes wrong."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"{url} is not a web address (http:// or https://). Nothing was imported.")
    allowed = {parts.hostname.lower()}
    guard = guard if guard is not None else current_guard()
    started = time.monotonic()
    for _ in range(MAX_REDIRECTS + 1):
        host = (urlsplit(url).hostname or "").lower()
        if host not in allowed:
            if consent is None or not consent(host):
                raise RedirectNotAllowed(host)
            allowed.add(host)
        window: AbstractContextManager[Any] = (
            guard.download_window(host) if guard is not None else nullcontext()
        )
        with window:
            status, location, data, content_type = _request(url, host, timeout)
        if ledger is not None:
            ledger.record(
                "network_allowed",
                "recipes",
                host=host,
                bytes=len(data),
                seconds=round(time.monotonic() - started, 3),
                operation="recipe download",
                reason="user",
            )
        if location is None:
            if status >= 400:
                raise InputError(
                    f"{host} answered {status} for that page. Check the address. "
                    "Nothing was imported."
                )
            return FetchedPage(url, data, content_type, time.monotonic() - started)
        url = urljoin(url, location)
        if not is_url(url):
            raise InputError(f"{host} redirected to {location!r}, which is not a web page.")
    raise InputError(f"{url} redirects more than {MAX_REDIRECTS} times. Nothing was imported.")


def _request(url: str, host: str, timeout: float) -> tuple[int, str | None, bytes, str]:
    """(status, redirect target or None, body, content type) of one request, no redirects."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None  # followed by fetch_page, host by host

    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with opener.open(request, timeout=timeout) as response:
            return 200, None, _read(response, host), response.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        location = exc.headers.get("Location") if exc.code in (301, 302, 303, 307, 308) else None
        return exc.code, location, b"", ""
    except EgressBlockedError as exc:
        raise InputError(f"Downloading from {host} was blocked: {exc.message}") from exc
    except TimeoutError as exc:
        raise InputError(
            f"{host} did not answer within {timeout:g} seconds. Nothing was imported."
        ) from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            raise InputError(
                f"{host} did not answer within {timeout:g} seconds. Nothing was imported."
            ) from exc
        if isinstance(reason, EgressBlockedError):
            raise InputError(f"Downloading from {host} was blocked: {reason.message}") from exc
        raise InputError(
            f"Could not download the page from {host}: {reason}. Nothing was imported."
        ) from exc
    except OSError as exc:
        raise InputError(
            f"Could not download the page from {host}: {exc}. Nothing was imported."
        ) from exc


def _read(response: Any, host: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(CHUNK):
        size += len(chunk)
        if size > MAX_PAGE_BYTES:
            raise InputError(
                f"The page from {host} is larger than {MAX_PAGE_BYTES // (1024 * 1024)} MB, "
                "too large for a recipe. Nothing was imported."
            )
        chunks.append(chunk)
    return b"".join(chunks)
