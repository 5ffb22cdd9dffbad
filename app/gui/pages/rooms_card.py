"""Settings → Rooms: the Wyoming server (Home Assistant), satellites in other rooms and a
speech engine on another home machine. See docs/wyoming.md."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from pipelines.core.settings_schema import Settings

from ..session import GuiSession
from ..widgets import Card, status_label

COLUMNS = ("Name", "Address (host:port)", "Room", "On")


def satellite_rows_to_settings(rows: list[tuple[str, str, str, bool]]) -> list[dict[str, Any]]:
    """Table rows -> ``wyoming.satellites`` tables; "host" alone means port 10700."""
    out: list[dict[str, Any]] = []
    for name, address, room, enabled in rows:
        name, address = name.strip(), address.strip()
        if not name and not address:
            continue
        host, _, port = address.rpartition(":") if ":" in address else (address, "", "10700")
        entry: dict[str, Any] = {"name": name or host, "host": host, "room": room.strip()}
        entry["port"] = int(port) if port.isdigit() else port  # a bad port: settings say so
        entry["enabled"] = enabled
        out.append(entry)
    return out


def server_status(state: dict[str, Any] | None) -> str:
    if state is None:
        return (
            "The Wyoming server is not running: Start now, or run `homebody serve wyoming` "
            "in a terminal."
        )
    peers = state.get("peers") or []
    who = ", ".join(
        f"{p['host']} ({', '.join(sorted(p.get('requests') or {})) or 'connected'})" for p in peers
    )
    where = "home network" if state.get("lan") else "this computer only"
    text = f"Serving on {state['uri']} ({where})"
    if state.get("announced"):
        text += ", announced to Home Assistant"
    text += f". Connected: {who}." if peers else ". No one connected."
    if state.get("refused"):
        text += f" Refused {state['refused']} unknown peer(s)."
    return text


class RoomsCard(Card):
    def __init__(self, session: GuiSession, parent: QWidget | None = None) -> None:
        super().__init__("Rooms (Wyoming: Home Assistant and satellites)", parent)
        self.session = session
        self.status = status_label("")
        self.status.setAccessibleName("Wyoming server state")
        self.status.setWordWrap(True)
        self.body.addWidget(self.status)
        form = QFormLayout()
        self.serve = QCheckBox("Serve Home Assistant and other Wyoming clients at start-up")
        self.uri = QLineEdit()
        self.uri.setAccessibleName("Wyoming server address")
        self.lan = QCheckBox("Allow machines on the home network (only those listed below)")
        self.allowed = QLineEdit()
        self.allowed.setPlaceholderText("192.168.1.10, 192.168.1.0/24")
        self.allowed.setAccessibleName("Allowed peers")
        server_row = QHBoxLayout()
        server_row.addWidget(self.serve, 1)
        self.toggle = QPushButton("Start now")
        self.toggle.setAccessibleName("Start or stop the Wyoming server")
        self.toggle.clicked.connect(self.toggle_server)
        server_row.addWidget(self.toggle)
        form.addRow(server_row)
        form.addRow("Listen on", self.uri)
        form.addRow(self.lan)
        form.addRow("Allowed peers", self.allowed)
        self.body.addLayout(form)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Satellites")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(110)
        self.body.addWidget(QLabel("Satellites (wyoming-satellite in other rooms)"))
        self.body.addWidget(self.table)
        buttons = QHBoxLayout()
        add = QPushButton("Add satellite")
        add.setAccessibleName("Add a satellite")
        add.clicked.connect(lambda: self.add_row("", "", "", True))
        remove = QPushButton("Remove")
        remove.setAccessibleName("Remove the selected satellite")
        remove.clicked.connect(self.remove_selected)
        self.remove_button = remove
        self.table.itemSelectionChanged.connect(self._selection)
        self._selection()
        self.find = QPushButton("Find on network")
        self.find.setAccessibleName("Find satellites on the home network")
        self.find.clicked.connect(self.find_satellites)
        for button in (add, remove, self.find):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.body.addLayout(buttons)

        engine = QFormLayout()
        self.remote = QLineEdit()
        self.remote.setPlaceholderText("tcp://192.168.1.30:10300 (empty: this computer)")
        self.remote.setAccessibleName("Remote speech-to-text engine")
        self.remote_voice = QLineEdit()
        self.remote_voice.setPlaceholderText("tcp://192.168.1.30:10200 (empty: this computer)")
        self.remote_voice.setAccessibleName("Remote text-to-speech voice")
        self.remote_timeout = QDoubleSpinBox()
        self.remote_timeout.setRange(0.5, 60.0)
        self.remote_timeout.setSuffix("\u00a0s")
        self.remote_timeout.setAccessibleName("Seconds to wait for the remote speech engine")
        engine.addRow("Speech engine on another machine", self.remote)
        engine.addRow("Voice on another machine", self.remote_voice)
        engine.addRow("No answer? Use this computer after", self.remote_timeout)
        self.body.addLayout(engine)
        self.body.addWidget(
            status_label(
                "Audio goes only to the machines listed here, never beyond your network, and "
                "is never stored. Each connection is in the privacy ledger."
            )
        )
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(5000)
        self.refresh()
        if session.app.settings.wyoming.serve and self._state() is None:
            self.toggle_server()  # "at start-up": the window opens with the app

    # -- the server in this app ---------------------------------------------------------------
    def _background(self) -> Any:
        from pipelines.wyoming.background import BackgroundWyoming

        services = self.session.app.services
        if "wyoming" not in services:
            services["wyoming"] = BackgroundWyoming(self.session.app)
        return services["wyoming"]

    def _state(self) -> dict[str, Any] | None:
        # lazy: start-up speed (pipelines.wyoming.server loads only when _state() runs)
        from pipelines.wyoming.server import read_state

        return read_state(self.session.app)

    def toggle_server(self) -> None:
        background = self._background()
        self.toggle.setEnabled(False)
        if background.running:
            self.session.run(background.stop, lambda _r: self._toggled(), self._failed)
        else:
            self.status.setText("Starting the Wyoming server (loading the speech models)…")
            self.session.run(background.start, lambda _r: self._toggled(), self._failed)

    def _toggled(self) -> None:
        self.toggle.setEnabled(True)
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.toggle.setEnabled(True)
        self.status.setText(f"The Wyoming server did not start: {exc}")

    # -- server state -------------------------------------------------------------------------
    def refresh(self) -> None:
        if not self.toggle.isEnabled():
            return  # starting or stopping: the message says so
        background = self.session.app.services.get("wyoming")
        mine = background is not None and background.running
        self.toggle.setText("Stop" if mine else "Start now")
        state = self._state()
        self.toggle.setVisible(mine or state is None)  # another process serves: its own
        self.status.setText(server_status(state))

    # -- satellites ---------------------------------------------------------------------------
    def add_row(self, name: str, address: str, room: str, enabled: bool) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        for c, text in enumerate((name, address, room)):
            self.table.setItem(r, c, QTableWidgetItem(text))
        check = QTableWidgetItem()
        check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        check.setCheckState(Qt.CheckState.Checked if enabled else Qt.CheckState.Unchecked)
        self.table.setItem(r, 3, check)

    def _selection(self) -> None:
        """Remove acts on the selected satellite: disabled, saying why, without one."""
        chosen = bool(self.table.selectedItems())
        self.remove_button.setEnabled(chosen)
        self.remove_button.setToolTip("" if chosen else "Select a satellite to remove.")

    def remove_selected(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.removeRow(self.table.currentRow())

    def rows(self) -> list[tuple[str, str, str, bool]]:
        out = []
        for r in range(self.table.rowCount()):
            cells = [self.table.item(r, c) for c in range(4)]
            texts = [cell.text() if cell else "" for cell in cells[:3]]
            on = cells[3] is not None and cells[3].checkState() == Qt.CheckState.Checked
            out.append((texts[0], texts[1], texts[2], on))
        return out

    def find_satellites(self) -> None:
        # lazy: start-up speed (pipelines.wyoming.discover loads only when find_satellites() runs)
        from pipelines.wyoming.discover import browse

        self.find.setEnabled(False)
        self.find.setText("Searching…")
        self.session.run(browse, self._found, self._not_found)

    def _found(self, found: list[Any]) -> None:
        self.find.setEnabled(True)
        self.find.setText("Find on network")
        known = {row[1] for row in self.rows()}
        added = 0
        for item in found:
            address = f"{item.host}:{item.port}"
            if address not in known:
                self.add_row(item.name, address, "", False)  # off until the user turns it on
                added += 1
        self.status.setText(
            f"Found {len(found)} Wyoming service(s), {added} new: set a room, tick On, Save."
            if found
            else "No Wyoming services answered on the home network."
        )

    def _not_found(self, exc: BaseException) -> None:
        self.find.setEnabled(True)
        self.find.setText("Find on network")
        self.status.setText(f"Could not search the home network: {exc}")

    # -- settings -----------------------------------------------------------------------------
    def load(self, settings: Settings) -> None:
        w = settings.wyoming
        self.serve.setChecked(w.serve)
        self.uri.setText(w.uri)
        self.lan.setChecked(w.lan)
        self.allowed.setText(", ".join(w.allowed_peers))
        self.table.setRowCount(0)
        for s in w.satellites:
            self.add_row(s.name, f"{s.host}:{s.port}", s.room, s.enabled)
        self.remote.setText(w.remote_asr)
        self.remote_voice.setText(w.remote_tts)
        self.remote_timeout.setValue(w.remote_timeout_s)

    def values(self) -> dict[str, Any]:
        """The card's settings; raises SettingsError (shown by the page) for a bad address."""
        # lazy: start-up speed (pipelines.wyoming.peers etc. load only when values() runs)
        from pipelines.wyoming.peers import check_bind, parse_allow_list
        from pipelines.wyoming.remote_asr import parse_remote

        allowed = [a.strip() for a in self.allowed.text().replace(";", ",").split(",")]
        allowed = [a for a in allowed if a]
        parse_allow_list(allowed)
        check_bind(self.uri.text().strip(), self.lan.isChecked())
        for remote in (self.remote.text().strip(), self.remote_voice.text().strip()):
            if remote:
                parse_remote(remote)
        return {
            "wyoming.serve": self.serve.isChecked(),
            "wyoming.uri": self.uri.text().strip(),
            "wyoming.lan": self.lan.isChecked(),
            "wyoming.allowed_peers": allowed,
            "wyoming.satellites": satellite_rows_to_settings(self.rows()),
            "wyoming.remote_asr": self.remote.text().strip(),
            "wyoming.remote_tts": self.remote_voice.text().strip(),
            "wyoming.remote_timeout_s": self.remote_timeout.value(),
        }
