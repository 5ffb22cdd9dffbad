"""The one place Homebody talks to the internet: a model download the user started.

It opens the egress guard's download window for exactly the model's host, streams the file
with a progress callback, and stops at the expected size. The caller verifies the sha256.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from urllib.parse import urlsplit

from ..core.errors import ModelError
from ..privacy.egress import current_guard

CHUNK = 1 << 16


def download_file(
    url: str,
    dest: Path,
    expected_size: int,
    progress: Callable[[str, int, int], None] | None = None,
    timeout: float = 30.0,
) -> None:
    host = urlsplit(url).hostname or ""
    if urlsplit(url).scheme not in ("https", "http"):
        raise ModelError(f"Refusing to download from {url}: only http(s) URLs are supported")
    guard = current_guard()
    window = guard.download_window(host) if guard is not None else nullcontext()
    done = 0
    try:
        with (
            window,
            urllib.request.urlopen(url, timeout=timeout) as response,
            dest.open("wb") as fh,
        ):
            while chunk := response.read(CHUNK):
                done += len(chunk)
                if expected_size and done > expected_size:
                    raise ModelError(f"{url} is larger than the expected {expected_size:,} bytes")
                fh.write(chunk)
                if progress is not None:
                    progress(dest.name, done, expected_size)
    except (urllib.error.URLError, OSError) as exc:
        raise ModelError(
            f"Downloading {dest.name} from {host} failed: {getattr(exc, 'reason', exc)}. "
            "You can also install from a folder with `homebody models install NAME --from DIR`."
        ) from exc
