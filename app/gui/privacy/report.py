"""The dashboard's exportable privacy report: one JSON file and a readable HTML page.

It extends :func:`pipelines.privacy.report.build_report` (ledger with its chain check, data
inventory, network counters) with what the dashboard also shows: the model inventory and a
fresh sample of the process's own connections. Qt-free so it can be tested without a window.
"""

from __future__ import annotations

import datetime as _dt
import html
import json
from pathlib import Path
from typing import Any

from pipelines import __version__

from ..fmt import keep_text
from .models import model_rows
from .network import sample


def build_report(app: Any, recent: int = 50) -> dict[str, Any]:
    # lazy: start-up speed (pipelines.privacy.hosts etc. load only when build_report() runs)
    from pipelines.privacy.hosts import configured_hosts
    from pipelines.privacy.report import build_report as base_report

    report = base_report(app, recent)
    net = sample(app.guard, configured_hosts(app.settings))
    report["network"]["now"] = net.to_dict()
    report["network"]["guard_counters"] = dict(net.guard)
    report["models"] = model_rows(app)
    report.setdefault("generated", _dt.datetime.now().astimezone().isoformat(timespec="seconds"))
    report.setdefault("homebody", __version__)
    return report


def _cell(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def render_html(report: dict[str, Any]) -> str:
    ledger = report["ledger"]
    net = report["network"]
    chain = (
        f"<span class=ok>verified — {ledger['rows']} rows intact</span>"
        if ledger["ok"]
        else f"<span class=bad>BROKEN — {_cell(ledger['problem'])}</span>"
    )
    now = net.get("now", {})
    data_rows = "".join(
        f"<tr><td>{_cell(d['label'])}</td><td class=n>{d['items']}</td>"
        f"<td class=n>{d['bytes'] / 1024:.1f} KiB</td>"
        f"<td>{_cell(keep_text(str(d.get('category', '')), d['retention_days']))}</td></tr>"
        for d in report["data"]
    )
    model_rows_html = "".join(
        f"<tr><td>{_cell(m['title'] or m['name'])}<br><small>{_cell(m['name'])}</small></td>"
        f"<td>{_cell(m['kind'])}</td><td>{_cell(m['licence'])}</td>"
        f"<td class=n>{_cell(m['size_text'])}</td>"
        f"<td><code>{_cell(', '.join(m['sha256']))}</code></td><td>{_cell(m['status'])}</td></tr>"
        for m in report["models"]
    )
    counts = "".join(
        f"<tr><td>{_cell(k.replace('_', ' '))}</td><td class=n>{v}</td></tr>"
        for k, v in sorted(ledger["counts"].items())
    )
    recent = "".join(
        f"<tr><td>{_cell(_dt.datetime.fromtimestamp(e['ts']).strftime('%Y-%m-%d %H:%M:%S'))}</td>"
        f"<td>{_cell(e['kind'])}</td><td>{_cell(e['category'])}</td>"
        f"<td><code>{_cell(json.dumps(e['detail'], sort_keys=True))}</code></td></tr>"
        for e in ledger["recent"]
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Homebody privacy report</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 960px; margin: 2em auto; color: #1f2a27;
       line-height: 1.45; padding: 0 1em; }}
h1 {{ color: #2f6f5e; }} h2 {{ border-bottom: 1px solid #d5dad6; padding-bottom: .2em; }}
table {{ border-collapse: collapse; width: 100%; margin: .5em 0 1.5em; }}
td, th {{ border-bottom: 1px solid #e3e7e4; padding: .35em .6em; text-align: left;
          vertical-align: top; }}
th {{ color: #5f6b67; }} td.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
code {{ font-size: .8em; word-break: break-all; }} .ok {{ color: #2e7d4f; font-weight: 600; }}
.bad {{ color: #b83232; font-weight: 600; }} small {{ color: #5f6b67; }}
</style></head><body>
<h1>Homebody privacy report</h1>
<p>Generated {_cell(report["generated"])} by Homebody {_cell(report["homebody"])}.
Everything below was measured on this computer.</p>
<h2>Network</h2>
<p>Connections leaving this computer right now: <b>{now.get("remote", 0)}</b>.
Local connections: {now.get("local", 0)}; to devices on your network: {now.get("lan", 0)}.</p>
<p>Blocked attempts to reach the internet: <b>{net["refused"]}</b>.
Allowed non-local connections (devices you configured, downloads you started):
{net["allowed_non_local"]}. Egress guard installed: {"yes" if net["guard_installed"] else "no"}.</p>
<h2>Privacy ledger</h2>
<p>Hash chain: {chain}</p>
<table><tr><th>What happened</th><th>Times</th></tr>{counts}</table>
<table><tr><th>When</th><th>What</th><th>Category</th><th>Detail</th></tr>{recent}</table>
<h2>Data stored on this computer</h2>
<table><tr><th>Category</th><th>Items</th><th>Size</th><th>Kept</th></tr>{data_rows}</table>
<h2>Models</h2>
<table><tr><th>Model</th><th>Kind</th><th>Licence</th><th>Size</th><th>sha256</th>
<th>Runs on this computer</th></tr>{model_rows_html}</table>
</body></html>
"""


def write_report(app: Any, json_path: Path) -> tuple[Path, Path]:
    """Write the report as ``json_path`` and a readable HTML twin next to it."""
    report = build_report(app)
    json_path = Path(json_path)
    html_path = json_path.with_suffix(".html")
    json_path.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    html_path.write_text(render_html(report), encoding="utf-8")
    return json_path, html_path
