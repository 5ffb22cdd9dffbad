"""The app's wiring: paths, settings, database, ledger, egress guard, inventory, event bus.

The CLI, the GUI and tests build one :class:`AppContext` and hand it to the pipelines. It is
GUI-free; heavy pieces (models, cameras) are created lazily by the capabilities that need them.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from typing import Any

from .core.events import EventBus, EventType, PipelineEvent
from .core.paths import AppPaths
from .core.settings import load_on_start
from .core.settings_schema import Settings
from .core.storage import Database
from .privacy.egress import EgressAttempt, EgressGuard, install_guard
from .privacy.hosts import configured_hosts
from .privacy.inventory import DataInventory
from .privacy.ledger import Ledger
from .privacy.protection import record_protection, tighten_install


@dataclass
class AppContext:
    paths: AppPaths
    settings: Settings
    db: Database
    ledger: Ledger
    inventory: DataInventory
    bus: EventBus
    guard: EgressGuard | None
    services: dict[str, Any] = field(default_factory=dict)
    """Long-lived shared objects created on demand (MQTT client, recognisers...)."""

    @classmethod
    def create(
        cls,
        *,
        paths: AppPaths | None = None,
        settings: Settings | None = None,
        guard: bool = True,
    ) -> AppContext:
        paths = paths or AppPaths.from_environment()
        tightened = tighten_install(paths)  # an old install or a restored backup: owner-only
        paths.ensure()
        moved: list[str] = []
        if settings is None:
            settings, moved = load_on_start(paths.config_file)
        egress = install_guard(configured_hosts(settings)) if guard else None
        db = Database(paths.database)
        ledger = Ledger(db, paths.ledger_head)
        inventory = DataInventory(
            db, paths.data_dir, ledger, retention_days=settings.privacy.retention_days
        )
        record_protection(ledger, tightened, moved)
        inventory.sweep()  # retention: drop what is older than the user's settings allow
        bus = EventBus()
        ctx = cls(paths, settings, db, ledger, inventory, bus, egress)
        if egress is not None:
            egress.subscribe(ctx._on_egress)
        return ctx

    def _on_egress(self, attempt: EgressAttempt) -> None:
        kind = "network_allowed" if attempt.allowed else "network_refused"
        self.ledger.record(
            kind,
            "network",
            host=attempt.host,
            port=attempt.port,
            operation=attempt.operation,
            reason=attempt.reason,
        )
        self.bus.emit(
            PipelineEvent(
                EventType.NOTICE,
                "egress",
                time.time(),
                data={"host": attempt.host, "allowed": attempt.allowed, "reason": attempt.reason},
            )
        )

    def close(self) -> None:
        for service in list(self.services.values()):
            closer = getattr(service, "close", None)
            if callable(closer):
                with contextlib.suppress(Exception):
                    closer()
        self.services.clear()
        self.db.close()
