"""Formatting helpers shared by pages and the (Qt-free) report exporter."""

from __future__ import annotations


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


def human_duration(seconds: float) -> str:
    """122 -> "2:02", 3725 -> "1:02:05"."""
    total = max(0, int(seconds + 0.999))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def error_text(exc: BaseException) -> str:
    """What to show for a failure: our errors' own message, else the exception's text."""
    from pipelines.core.errors import HomebodyError

    if isinstance(exc, HomebodyError):
        return exc.message
    return str(exc) or type(exc).__name__
