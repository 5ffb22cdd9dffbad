"""What the Wyoming ASR handler streams audio into: the local recogniser or a remote engine.

Kept apart from :mod:`pipelines.wyoming.engines` (which builds the local one and, when
configured, a :class:`~pipelines.wyoming.remote_asr.RemoteAsr`) so the remote engine does not
import the module that builds it."""

from __future__ import annotations

from typing import Protocol

from ..speech.asr.base import Transcript


class AsrStream(Protocol):
    """One utterance being recognised (local decoder or a remote engine)."""

    async def accept(self, pcm: bytes) -> None: ...

    async def finish(self) -> Transcript: ...

    async def abort(self) -> None: ...


class AsrEngine(Protocol):
    name: str

    async def open_stream(self) -> AsrStream: ...
