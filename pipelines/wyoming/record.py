"""Every Wyoming peer connection, in or out: a privacy-ledger row (addresses only, never audio
or words) and a NOTICE on the event bus for the privacy dashboard's live monitor."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.events import EventType, PipelineEvent

if TYPE_CHECKING:
    from ..app_context import AppContext

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeerConnection:
    host: str
    port: int | None
    operation: str
    """"wyoming connection" (a client of the server), "wyoming satellite", "wyoming remote
    speech engine"."""
    direction: str
    """"inbound" or "outbound"."""
    reason: str
    allowed: bool = True
    device: str = ""
    """The configured name ("kitchen-pi"), for satellites."""

    @property
    def message(self) -> str:
        who = f"{self.device} {self.host}" if self.device else self.host
        if not self.allowed:
            return f"refused a Wyoming connection from {who} ({self.reason})"
        if self.direction == "outbound":
            return f"audio exchanged with {who}, never beyond your network"
        return f"{who} connected to Homebody's Wyoming server"


def record_connection(app: AppContext, peer: PeerConnection) -> None:
    detail: dict[str, object] = {
        "host": peer.host,
        "port": peer.port,
        "operation": peer.operation,
        "direction": peer.direction,
        "reason": peer.reason,
    }
    if peer.device:
        detail["device"] = peer.device
    kind = "network_allowed" if peer.allowed else "network_refused"
    try:
        app.ledger.record(kind, "network", **detail)
    except Exception:  # the ledger must not take serving down
        log.exception("wyoming: could not record the connection in the ledger")
    data = {**detail, "allowed": peer.allowed, "message": peer.message}
    app.bus.emit(PipelineEvent(EventType.NOTICE, "wyoming", time.time(), data=data))
