"""Privacy dashboard: live network chart, kill switches, ledger, data deletion, models, export."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from .conftest import wait_idle


def _privacy(window: Any, qtbot: Any) -> Any:
    page = window.show_page("privacy")
    wait_idle(qtbot, window.session)
    return page


def test_network_chart_samples_this_process_and_the_remote_line_stays_at_zero(
    window: Any, qtbot: Any
) -> None:
    import socket

    page = _privacy(window, qtbot)
    chart = page.network.chart
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    client = socket.create_connection(server.getsockname())  # a real loopback connection
    try:
        before = len(chart.samples)
        page.network.poll()
        qtbot.waitUntil(lambda: len(chart.samples) > before, timeout=10000)
        latest = chart.samples[-1]
        assert latest.local >= 2  # the listener and the client end of the loopback connection
        assert latest.remote == 0
        assert set(chart.series("remote")) == {0}
        assert page.network.remote.text() == "0"
    finally:
        client.close()
        server.close()


def test_network_sample_classifies_addresses() -> None:
    from app.gui.privacy.network import classify

    assert classify("127.0.0.1") == "local"
    assert classify("::1") == "local"
    assert classify("192.168.1.20") == "lan"
    assert classify("10.0.0.5") == "lan"
    assert classify("203.0.113.9", ["203.0.113.9"]) == "lan"  # a configured device
    assert classify("8.8.8.8") == "remote"


def test_kill_switches_are_recorded_and_disable_push_to_talk(
    window: Any, qtbot: Any, monkeypatch: Any
) -> None:
    page = _privacy(window, qtbot)
    voice = window.page("assistant").voice
    monkeypatch.setattr(voice, "start_voice", lambda service=None: None)  # no real mic here
    voice._found(["USB microphone"])
    page.devices.mic_switch.setChecked(False)
    assert window.session.mic_allowed is False
    assert "Off" in page.devices.mic_state.text()
    assert not voice.talk.isEnabled()
    page.devices.cam_switch.setChecked(False)
    assert window.session.camera_allowed is False
    where = window.page("where")
    assert "switched off" in where.camera_state.text()
    wait_idle(qtbot, window.session)  # ledger rows are written on a worker
    entries = window.session.app.ledger.entries(kind="settings_changed")
    switches = {(e.detail["switch"], e.detail["on"]) for e in entries}
    assert {("microphone", False), ("camera", False)} <= switches
    page.devices.mic_switch.setChecked(True)
    assert window.session.mic_allowed is True


def test_ledger_search_live_updates_and_chain_verification(window: Any, qtbot: Any) -> None:
    page = _privacy(window, qtbot)
    ledger = window.session.app.ledger
    ledger.record("model_loaded", "models", model="yolox-nano", sha256="ab" * 32)
    ledger.record("data_written", "timers", items=1)
    view = page.ledger
    qtbot.waitUntil(lambda: any(e.kind == "model_loaded" for e in view.model.rows), timeout=10000)
    view.search.setText("yolox")
    qtbot.waitUntil(lambda: [e.kind for e in view.model.rows] == ["model_loaded"], timeout=10000)
    view.search.clear()
    view.kind.setCurrentIndex(view.kind.findData("data_written"))
    qtbot.waitUntil(
        lambda: view.model.rows and all(e.kind == "data_written" for e in view.model.rows),
        timeout=10000,
    )
    view.verify()
    qtbot.waitUntil(lambda: "verified" in view.chain.text(), timeout=10000)
    # tamper with a row behind the app's back: verification must catch it
    window.session.app.db.execute("UPDATE ledger SET detail = '{\"items\":99}' WHERE id = 1")
    view.verify()
    qtbot.waitUntil(lambda: "tampered" in view.chain.text(), timeout=10000)
    assert "row 1" in view.chain.text()


def test_delete_one_category_then_everything_verified_by_recount(window: Any, qtbot: Any) -> None:
    from app.gui.pages.timers_panel import open_timer_store
    from pipelines.skills.list_store import ListStore

    app = window.session.app
    open_timer_store(app).start(600, "soup")
    ListStore(app.db, ledger=app.ledger).add("shopping", ["eggs", "milk"])
    page = _privacy(window, qtbot)
    data = page.data
    data.refresh()
    qtbot.waitUntil(lambda: data.items("timers") == 1 and data.items("lists") >= 2, timeout=10000)
    asked: list[str] = []
    data.confirm = lambda text: asked.append(text) or False  # the user says No
    data.forget("timers")
    wait_idle(qtbot, window.session)
    assert data.items("timers") == 1
    data.confirm = lambda text: True
    data.forget("timers")
    qtbot.waitUntil(lambda: "nothing is left" in data.result.text(), timeout=10000)
    qtbot.waitUntil(lambda: data.items("timers") == 0, timeout=10000)
    assert data.items("lists") >= 2
    data.forget_all()
    qtbot.waitUntil(
        lambda: "Deleted" in data.result.text() and data.delete_all.isEnabled(), timeout=20000
    )
    qtbot.waitUntil(lambda: all(u.items == 0 for u in data.usage), timeout=10000)
    assert all(u.items == 0 for u in app.inventory.report())
    assert app.ledger.verify().ok


def test_model_inventory_lists_the_manifest_with_hashes_and_state(window: Any, qtbot: Any) -> None:
    from pipelines.models.manifest import load_manifest

    page = _privacy(window, qtbot)
    view = page.models
    qtbot.waitUntil(lambda: bool(view.rows), timeout=10000)
    manifest = load_manifest()
    assert {r["name"] for r in view.rows} == set(manifest)
    yolox = next(r for r in view.rows if r["name"] == "yolox-nano")
    assert yolox["installed"] is False  # a fresh home has nothing downloaded
    assert yolox["status"] == "Not installed"
    assert "695e750a5d5754bb5a8d5325643b59282191a7e7a564e435a415fd3c578eab14" in yolox["sha256"]
    assert yolox["licence"] == "Apache-2.0"
    assert view.table.rowCount() == len(manifest)


def test_model_inventory_shows_an_installed_model_as_running_here(app: Any, shared: Path) -> None:
    from app.gui.privacy.models import STATUS_INSTALLED, model_rows
    from pipelines.models.manager import ModelManager

    ModelManager.from_app(app).install("fastestdet", from_dir=shared / "models")
    row = next(r for r in model_rows(app) if r["name"] == "fastestdet")
    assert row["installed"] and row["status"] == STATUS_INSTALLED


def test_export_writes_json_and_readable_html(window: Any, qtbot: Any, tmp_path: Path) -> None:
    page = _privacy(window, qtbot)
    window.session.app.ledger.record("data_written", "timers", items=1)
    target = tmp_path / "report.json"
    page.export(target)
    qtbot.waitUntil(lambda: "Saved" in page.export_state.text(), timeout=20000)
    report = json.loads(target.read_text(encoding="utf-8"))
    assert report["ledger"]["ok"] is True
    assert report["network"]["now"]["remote"] == 0
    assert {d["category"] for d in report["data"]} >= {"timers", "history", "lists"}
    assert any(m["name"] == "yolox-nano" for m in report["models"])
    html = target.with_suffix(".html").read_text(encoding="utf-8")
    assert "<h1>Homebody privacy report</h1>" in html
    assert "verified" in html and "yolox" in html.lower()
    assert "<script" not in html.lower()
    assert time.time() > 0


def test_deleting_history_clears_the_conversation_on_screen(window: Any, qtbot: Any) -> None:
    assistant = window.page("assistant")
    qtbot.keyClicks(assistant.entry, "hello there")
    assistant.submit()
    qtbot.waitUntil(
        lambda: len(assistant.conversation.bubbles) == 2 and not assistant.conversation.waiting,
        timeout=20000,
    )
    page = _privacy(window, qtbot)
    page.data.refresh()
    qtbot.waitUntil(lambda: page.data.items("history") == 1, timeout=10000)
    page.data.confirm = lambda text: True
    page.data.forget("history")
    qtbot.waitUntil(lambda: assistant.conversation.bubbles == [], timeout=10000)


def test_report_html_escapes_what_it_shows() -> None:
    from app.gui.privacy.report import render_html

    report = {
        "generated": "now",
        "homebody": "0",
        "ledger": {
            "ok": False,
            "rows": 1,
            "problem": "<script>alert(1)</script>",
            "counts": {"data_written": 1},
            "recent": [
                {"ts": 0, "kind": "data_written", "category": "<b>", "detail": {"x": "<img src=x>"}}
            ],
        },
        "network": {
            "refused": 0,
            "allowed_non_local": 0,
            "guard_installed": True,
            "now": {"local": 1, "lan": 0, "remote": 0},
        },
        "data": [{"label": "<i>", "items": 0, "bytes": 0, "retention_days": None}],
        "models": [
            {
                "title": "<m>",
                "name": "m",
                "kind": "k",
                "licence": "l",
                "size_text": "1 B",
                "sha256": ["ab"],
                "status": "s",
            }
        ],
    }
    html = render_html(report)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "<b>" not in html.replace("<b>0</b>", "")
    assert "BROKEN" in html


def test_install_a_model_from_the_models_tab(
    window: Any, qtbot: Any, shared: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("HOMEBODY_MODEL_MIRROR", str(shared / "models"))
    view = _privacy(window, qtbot).models
    qtbot.waitUntil(lambda: bool(view.rows), timeout=10000)
    row = next(i for i, r in enumerate(view.rows) if r["name"] == "fastestdet")
    view.table.selectRow(row)
    assert view.install_button.isEnabled()
    view.install_selected()
    qtbot.waitUntil(lambda: "Installing" not in view.status.text(), timeout=30000)
    assert "Installed fastestdet" in view.status.text(), view.status.text()
    qtbot.waitUntil(
        lambda: any(r["name"] == "fastestdet" and r["installed"] for r in view.rows),
        timeout=10000,
    )
    assert window.session.app.ledger.entries(kind="model_installed")


def test_ledger_sentences_for_blocked_connections() -> None:
    """A camera decoder stopped for reaching an unconfigured host is not 'nothing left': the
    sentence says the camera was stopped; other refusals say nothing left the computer."""
    from app.gui.privacy.ledger_text import describe_entry

    stopped = describe_entry(
        "network_refused",
        "network",
        {"host": "192.0.2.2", "action": "camera decoder stopped", "camera": "kitchen"},
    )
    assert "192.0.2.2" in stopped and "stopped" in stopped and "nothing left" not in stopped
    blocked = describe_entry("network_refused", "network", {"host": "203.0.113.9"})
    assert "nothing left this computer" in blocked


def test_the_network_card_shows_the_latest_wyoming_peer_in_words(window: Any, qtbot: Any) -> None:
    """Issue 19: every peer connection is a line on the dashboard's live monitor."""
    from pipelines.core.events import EventType, PipelineEvent

    page = _privacy(window, qtbot)
    assert not page.devices.peers.isVisible()
    message = "audio exchanged with kitchen-pi 192.168.1.20, never beyond your network"
    window.session.app.bus.emit(
        PipelineEvent(
            EventType.NOTICE,
            "wyoming",
            time.time(),
            data={"host": "192.168.1.20", "allowed": True, "message": message},
        )
    )
    qtbot.waitUntil(lambda: message in page.devices.peers.text(), timeout=5000)
    assert page.devices.peers.isVisible()
