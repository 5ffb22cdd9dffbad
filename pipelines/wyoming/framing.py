"""Reading Wyoming events with limits, so one client cannot exhaust the server.

The ``wyoming`` package's own reader trusts the peer: it reads whatever ``data_length`` and
``payload_length`` announce (a 50 MB announcement is buffered in full) and returns ``None``
for garbage, which looks like a clean disconnect. :func:`read_event` reads the same framing
(a JSON header line, optional extra data, optional payload) but refuses oversized or
malformed frames with a :class:`ProtocolFault` naming the problem, before reading them.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass

from wyoming.event import Event

from ..core.errors import HomebodyError


class ProtocolFault(HomebodyError):
    """A peer broke the Wyoming framing; the connection is closed after it is reported."""

    code = "wyoming_protocol"


@dataclass(frozen=True)
class FrameLimits:
    max_data_bytes: int = 1 << 20
    """Extra JSON data after the header line."""
    max_payload_bytes: int = 4 << 20
    """One event's binary payload (4 MiB: two seconds of 48 kHz 8-channel 32-bit audio)."""


async def read_event(reader: asyncio.StreamReader, limits: FrameLimits) -> Event | None:
    """The next event, or None at a clean end of stream (the peer closed between events).

    Raises :class:`ProtocolFault` for a malformed or oversized frame and
    ``asyncio.IncompleteReadError`` when the peer disappears in the middle of one.
    """
    try:
        line = await reader.readline()
    except ValueError as exc:  # the header line is longer than the stream's limit
        raise ProtocolFault("The event header line is too long.", code="header_too_long") from exc
    if not line:
        return None
    if not line.endswith(b"\n"):
        raise asyncio.IncompleteReadError(line, None)
    try:
        header = json.loads(line)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ProtocolFault("The event header is not JSON.", code="bad_json") from exc
    if not isinstance(header, dict) or not isinstance(header.get("type"), str):
        raise ProtocolFault("The event header has no type.", code="bad_header")
    data = header.get("data") or {}
    if not isinstance(data, dict):
        raise ProtocolFault("The event's data is not an object.", code="bad_header")
    data_length = _length(header, "data_length", limits.max_data_bytes)
    payload_length = _length(header, "payload_length", limits.max_payload_bytes)
    if data_length:
        try:
            extra = json.loads(await reader.readexactly(data_length))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ProtocolFault("The event's extra data is not JSON.", code="bad_json") from exc
        if not isinstance(extra, dict):
            raise ProtocolFault("The event's extra data is not an object.", code="bad_header")
        data.update(extra)
    payload = await reader.readexactly(payload_length) if payload_length else None
    return Event(type=header["type"], data=data, payload=payload)


def _length(header: dict[str, object], key: str, limit: int) -> int:
    value = header.get(key)
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ProtocolFault(f"{key} must be a whole number of bytes.", code="bad_header")
    if value > limit:
        raise ProtocolFault(
            f"{key} of {value} bytes is over the limit of {limit} bytes.", code="too_large"
        )
    return value
