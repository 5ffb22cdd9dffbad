"""What kind of camera source a settings string names, and how to describe it in the ledger.

Shared by the frame sources (:mod:`pipelines.vision.sources`) and the stream reader
(:mod:`pipelines.vision.stream`), which sources builds, so neither imports the other."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"})
STREAM_SCHEMES = frozenset({"rtsp", "rtsps", "http", "https", "rtmp"})


def source_kind(source: str) -> str:
    """ "webcam", "stream", "folder", "image" or "video"."""
    text = source.strip()
    if text.isdigit():
        return "webcam"
    scheme = urlsplit(text).scheme.lower()
    if scheme in STREAM_SCHEMES:
        return "stream"
    path = Path(text).expanduser()
    if path.is_dir():
        return "folder"
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return "image"
    return "video"


def describe_source(source: str) -> str:
    """A ledger-safe description: never a URL's credentials, path or query."""
    kind = source_kind(source)
    if kind == "stream":
        parts = urlsplit(source)
        return f"{parts.scheme}://{parts.hostname or '?'}"
    if kind == "webcam":
        return f"webcam {source.strip()}"
    return kind
