"""Formatting helpers shared by pages and the (Qt-free) report exporter."""

from __future__ import annotations

import re
from typing import Any

NBSP = "\u00a0"
_UNIT_AFTER_NUMBER = re.compile(
    r"(\d)[ \t]+(?=(?:%|°\s?[CF]\b|degrees\b|[kKMG]i?B\b|min\b|minutes?\b|seconds?\b|"
    r"hours?\b|s\b|h\b|g\b|kg\b|ml\b|l\b|cm\b|mm\b|inch(?:es)?\b|F\b|C\b))"
)


def keep_units(text: str) -> str:
    """Join each number to its unit with a no-break space: "425 °F" never splits over lines."""
    return _UNIT_AFTER_NUMBER.sub(lambda m: m.group(1) + NBSP, text)


def human_size(n: int) -> str:
    """Sizes in binary units, the one unit the GUI and the CLI both use: "1.5 MiB"."""
    size = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            text = f"{size:.0f}" if unit == "B" else f"{size:.1f}"
            return f"{text}{NBSP}{unit}"
        size /= 1024
    return f"{size:.1f}{NBSP}GiB"


def human_duration(seconds: float) -> str:
    """122 -> "2:02", 3725 -> "1:02:05"."""
    total = max(0, int(seconds + 0.999))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def error_text(exc: BaseException) -> str:
    """What to show for a failure: our errors' own message, else the exception's text."""
    # lazy: start-up speed (pipelines.core.errors loads only when error_text() runs)
    from pipelines.core.errors import HomebodyError

    if isinstance(exc, HomebodyError):
        return exc.message
    return str(exc) or type(exc).__name__


SHORT_LIVED = {"conversation": "3 minutes, then forgotten"}
"""Categories that expire on their own, not by a retention sweep (the conversation context)."""


def keep_text(category: str, retention_days: int | None) -> str:
    """How long a data category is kept, in the words the dashboard and the report use."""
    if category in SHORT_LIVED:
        return SHORT_LIVED[category]
    return f"{retention_days}{NBSP}days" if retention_days else "until you delete it"


def describe_understanding(intent: str, slots: dict[str, Any], confidence: float) -> str:
    """ "Understood: timer start · duration 2 min · 93 %"."""
    if intent in ("out_of_scope", ""):
        return "Not understood"
    parts = [intent.replace("_", " ")]
    for key, value in slots.items():
        if key == "duration" and isinstance(value, int | float):
            minutes, seconds = divmod(int(value), 60)
            shown = (
                f"{minutes}{NBSP}min {seconds}{NBSP}s"
                if minutes and seconds
                else (f"{minutes}{NBSP}min" if minutes else f"{seconds}{NBSP}s")
            )
        elif isinstance(value, list):
            shown = ", ".join(str(v) for v in value)
        else:
            shown = str(value)
        parts.append(f"{key} {shown}")
    parts.append(f"{confidence * 100:.0f}{NBSP}%")
    return "Understood: " + " · ".join(parts)
