"""The Wyoming server: listen (tcp:// or unix://), vet each peer, serve sessions, announce.

Built on the ``wyoming`` package's :class:`AsyncServer` (``from_uri``). Every connection is a
privacy-ledger row (``network_allowed`` / ``network_refused`` with the peer's address, never
any audio or words) and a NOTICE on the event bus for the privacy dashboard's live monitor.
Peers outside the policy (:mod:`.peers`) are closed before a single event is read. The
server's state (address, connected peers) is kept in a small JSON file for the Settings page.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from wyoming.server import AsyncEventHandler, AsyncServer

from .announce import ZeroconfAnnouncer, lan_address
from .engines import LocalEngines
from .peers import PeerDecision, PeerPolicy, check_bind
from .record import PeerConnection, record_connection
from .session import SessionLimits, WyomingSession, describe_peer

if TYPE_CHECKING:
    from ..app_context import AppContext

log = logging.getLogger(__name__)

STATE_FILE = "wyoming-server.json"


@dataclass(frozen=True)
class ServerOptions:
    uri: str = "tcp://127.0.0.1:10700"
    lan: bool = False
    allowed_peers: tuple[str, ...] = ()
    announce: bool = True
    name: str = "homebody"
    limits: SessionLimits = field(default_factory=SessionLimits)

    @classmethod
    def from_settings(cls, app: AppContext, **overrides: Any) -> ServerOptions:
        w = app.settings.wyoming
        values: dict[str, Any] = {
            "uri": w.uri,
            "lan": w.lan,
            "allowed_peers": tuple(w.allowed_peers),
            "announce": w.announce,
            "name": w.name,
            "limits": SessionLimits(w.audio_timeout_s, w.idle_timeout_s, w.max_audio_s),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


class _Refused(AsyncEventHandler):
    """A peer that may not connect: closed at once, nothing read, nothing said."""

    async def handle_event(self, event: Any) -> bool:
        return False

    async def run(self) -> None:
        self.writer.close()


class WyomingServer:
    def __init__(self, app: AppContext, engines: LocalEngines, options: ServerOptions) -> None:
        check_bind(options.uri, options.lan)
        self.app = app
        self.engines = engines
        self.options = options
        self.policy = PeerPolicy(options.lan, options.allowed_peers)
        self.sessions: set[WyomingSession] = set()
        self.ended: list[WyomingSession] = []
        """Sessions that have ended, newest last (capped): how each one ended."""
        self.refused: list[PeerDecision] = []
        self._server: AsyncServer | None = None
        self._announcer: ZeroconfAnnouncer | None = None
        self.announce_error = ""
        """Why the zeroconf announcement failed (serving goes on without it)."""
        self.started_at = 0.0

    @property
    def state_path(self) -> Path:
        return Path(self.app.paths.data_dir) / STATE_FILE

    # -- lifecycle ----------------------------------------------------------------------------
    async def start(self) -> None:
        self._server = AsyncServer.from_uri(self.options.uri)
        await self._server.start(self._handler)
        self.started_at = time.time()
        parts = urlsplit(self.options.uri)
        if self.options.lan and self.options.announce and parts.scheme == "tcp":
            address = lan_address(parts.hostname or "")
            if address is None:
                self.announce_error = "no home-network address to announce"
                log.warning("zeroconf: %s", self.announce_error)
            else:
                self._announcer = ZeroconfAnnouncer(self.options.name, parts.port or 0, address)
                try:
                    await self._announcer.start()
                except Exception as exc:  # e.g. no multicast route: serving still works
                    self.announce_error = f"{exc.__class__.__name__}: {exc}"
                    log.warning("zeroconf: announcement failed (%s)", self.announce_error)
                    self._announcer = None
        self._write_state()
        log.info("wyoming: serving on %s", self.options.uri)

    async def stop(self) -> None:
        if self._announcer is not None:
            with contextlib.suppress(Exception):
                await self._announcer.stop()
            self._announcer = None
        if self._server is not None:
            await self._server.stop()
            self._server = None
        with contextlib.suppress(OSError):
            self.state_path.unlink()

    async def serve(self, stop: asyncio.Event) -> None:
        await self.start()
        try:
            await stop.wait()
        finally:
            await self.stop()

    @property
    def announced(self) -> bool:
        return self._announcer is not None and self._announcer.running

    # -- connections --------------------------------------------------------------------------
    def _handler(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> AsyncEventHandler:
        decision = self.policy.decide(writer.get_extra_info("peername"))
        self._record(decision)
        if not decision.allowed:
            self.refused.append(decision)
            del self.refused[:-100]
            log.warning("wyoming: refused %s (%s)", decision.host, decision.reason)
            return _Refused(reader, writer)
        session = WyomingSession(
            reader,
            writer,
            engines=self.engines,
            peer=decision,
            limits=self.options.limits,
            name=self.options.name,
            on_end=self._ended,
            on_change=lambda _session: self._write_state(),
        )
        self.sessions.add(session)
        self._write_state()
        return session

    def _ended(self, session: WyomingSession) -> None:
        self.sessions.discard(session)
        self.ended.append(session)
        del self.ended[:-100]
        self._write_state()

    def _record(self, decision: PeerDecision) -> None:
        connection = PeerConnection(
            decision.host,
            decision.port,
            "wyoming connection",
            "inbound",
            decision.reason,
            allowed=decision.allowed,
        )
        record_connection(self.app, connection)

    # -- state for the Settings page ----------------------------------------------------------
    def state(self) -> dict[str, Any]:
        return {
            "pid": os.getpid(),
            "uri": self.options.uri,
            "lan": self.options.lan,
            "announced": self.announced,
            "started": self.started_at,
            "peers": [describe_peer(s) for s in self.sessions],
            "refused": len(self.refused),
        }

    def _write_state(self) -> None:
        if not self.started_at:
            return
        path = self.state_path
        tmp = path.with_suffix(".tmp")
        try:
            tmp.write_text(json.dumps(self.state()), encoding="utf-8")
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("wyoming: cannot write %s (%s)", path, exc)


def read_state(app: AppContext) -> dict[str, Any] | None:
    """The running server's state (another process), or None when none is running."""
    path = Path(app.paths.data_dir) / STATE_FILE
    try:
        state: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    # lazy: start-up speed (psutil loads only when read_state() runs)
    import psutil

    try:
        alive = psutil.pid_exists(int(state.get("pid", 0)))
    except (TypeError, ValueError):
        alive = False
    return state if alive else None  # else: left behind by a server that was killed
