"""The "Network" card: the live connections chart and the egress guard's counters."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from pipelines.privacy.hosts import configured_hosts

from ..session import GuiSession
from ..widgets import Card, set_tone, status_label
from .chart import ConnectionsChart
from .network import NetworkSample, sample


class NetworkCard(Card):
    def __init__(
        self, session: GuiSession, interval_ms: int = 1000, parent: QWidget | None = None
    ) -> None:
        super().__init__("Network — Homebody's own connections", parent)
        self.session = session
        self.chart = ConnectionsChart()
        self.body.addWidget(self.chart, 1)
        grid = QGridLayout()
        self.remote = QLabel("0")
        self.blocked = QLabel("0")
        self.allowed = QLabel("0")
        for col, (label, value) in enumerate(
            (
                ("To the internet now", self.remote),
                ("Blocked attempts", self.blocked),
                ("To your devices (allowed)", self.allowed),
            )
        ):
            value.setObjectName("BigNumber")
            value.setAccessibleName(label)
            grid.addWidget(value, 0, col)
            grid.addWidget(status_label(label), 1, col)
        self.body.addLayout(grid)
        self.verdict = status_label("Measuring…")
        self.body.addWidget(self.verdict)
        self.last: NetworkSample | None = None
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        self._timer.start()
        self.poll()

    def poll(self) -> None:
        if self._busy:
            return
        self._busy = True
        app = self.session.app
        hosts = configured_hosts(app.settings)
        self.session.run(lambda: sample(app.guard, hosts), self.show_sample, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.verdict.setText(f"Could not read connections: {exc}")
        set_tone(self.verdict, "Warn")

    def show_sample(self, s: NetworkSample) -> None:
        self._busy = False
        self.last = s
        self.chart.add(s)
        self.remote.setText(str(s.remote))
        self.blocked.setText(str(s.guard.get("refused", 0)))
        self.allowed.setText(str(s.guard.get("lan-configured", 0) + s.guard.get("download", 0)))
        guard = self.session.app.guard
        if s.error:
            self.verdict.setText(f"Connections could not be listed: {s.error}")
            set_tone(self.verdict, "Warn")
        elif s.remote:
            self.verdict.setText(
                "Homebody has a connection to the internet: " + ", ".join(s.remote_hosts)
            )
            set_tone(self.verdict, "Bad")
        elif guard is None or not guard.installed:
            self.verdict.setText("Nothing leaves this computer (egress guard not installed).")
            set_tone(self.verdict, "Warn")
        else:
            self.verdict.setText("Nothing leaves this computer. The egress guard is on.")
            set_tone(self.verdict, "Good")
