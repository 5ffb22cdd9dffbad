"""Serve "talk" requests from ``homebody talk`` (push-to-talk from anywhere) to the window."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from app.talk_address import TALK, remove_stale, talk_address

log = logging.getLogger(__name__)


class TalkServer(QObject):
    """Calls ``on_talk()`` for each request; answers with the string it returns."""

    def __init__(self, paths: object, on_talk: Callable[[], str], parent: QObject | None = None):
        super().__init__(parent)
        self.on_talk = on_talk
        self.server = QLocalServer(self)
        address = talk_address(paths)
        if not address.startswith("homebody-talk"):
            Path(address).parent.mkdir(parents=True, exist_ok=True)
        remove_stale(paths)
        self.listening = self.server.listen(address)
        if not self.listening:  # another Homebody window has it: that one answers
            log.info("push-to-talk requests go to another window: %s", self.server.errorString())
        self.server.newConnection.connect(self._connected)

    def _connected(self) -> None:
        while self.server.hasPendingConnections():
            client = self.server.nextPendingConnection()
            client.readyRead.connect(lambda c=client: self._read(c))

    def _read(self, client: QLocalSocket) -> None:
        if not client.canReadLine():
            return
        line = bytes(client.readLine().data())
        answer = self.on_talk() if line == TALK else "unknown request"
        client.write(answer.encode() + b"\n")
        client.flush()
        client.disconnectFromServer()

    def close(self) -> None:
        self.server.close()
