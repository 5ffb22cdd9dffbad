"""A small async pool of stateful engines (one speech decoder per client streaming at once).

Engines are made on demand in a worker thread (loading a model takes a second or more) up to
``max_size``; a client beyond that waits for one to come back. An engine whose session broke
off is reset before it is lent again.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Pool(Generic[T]):
    def __init__(self, factory: Callable[[], T], max_size: int) -> None:
        self.factory = factory
        self.max_size = max(1, max_size)
        self._idle: list[T] = []
        self._made = 0
        self._lock = threading.Lock()
        self._returned: asyncio.Condition | None = None

    @property
    def size(self) -> int:
        return self._made

    @property
    def busy(self) -> int:
        return self._made - len(self._idle)

    def warm(self) -> T:
        """Make one engine now (synchronously, at start-up) so the first client does not wait."""
        item = self.factory()
        with self._lock:
            self._made += 1
            self._idle.append(item)
        return item

    async def acquire(self) -> T:
        if self._returned is None:
            self._returned = asyncio.Condition()
        async with self._returned:
            while True:
                with self._lock:
                    if self._idle:
                        return self._idle.pop()
                    if self._made < self.max_size:
                        self._made += 1
                        break
                await self._returned.wait()
        try:
            return await asyncio.to_thread(self.factory)
        except BaseException:
            with self._lock:
                self._made -= 1
            raise

    async def release(self, item: T) -> None:
        with self._lock:
            self._idle.append(item)
        if self._returned is not None:
            async with self._returned:
                self._returned.notify()
