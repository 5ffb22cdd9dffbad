"""The privacy report: what is stored, what happened, and whether the ledger is intact.

One builder feeds ``homebody privacy report [--json|--html FILE]`` and the dashboard's export.
"""

from __future__ import annotations

import datetime as _dt
import html
import ipaddress
import platform
from typing import TYPE_CHECKING, Any

from .. import __version__

if TYPE_CHECKING:
    from ..app_context import AppContext


def _allowed_beyond_this_computer(app: AppContext) -> int:
    """Allowed connections to another machine (a configured device, a download the user
    started); a Wyoming client on this computer (127.0.0.1) is ledgered too but is not one."""

    def local(host: object) -> bool:
        try:
            return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
        except ValueError:
            return str(host) == "localhost"

    rows = app.ledger.entries(kind="network_allowed", limit=1_000_000)
    return sum(1 for e in rows if not local(e.detail.get("host", "")))


def build_report(app: AppContext, entries: int = 10) -> dict[str, Any]:
    # lazy: start-up speed (..core.secrets, .protection load only when build_report() runs)
    from ..core.secrets import SecretStore
    from .protection import category_protection, stores

    check = app.ledger.verify()
    counts = app.ledger.counts()
    guard = app.guard
    by_category = category_protection(app.paths)
    root = app.paths.home
    store_modes = [s.to_dict(root) for s in stores(app.paths)]
    return {
        "generated": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "homebody": __version__,
        "computer": platform.node(),
        "ledger": {
            "ok": check.ok,
            "rows": check.rows,
            "problem": check.problem,
            "counts": counts,
            "recent": [e.to_dict() for e in app.ledger.entries(limit=entries)],
        },
        "network": {
            "guard_installed": bool(guard and guard.installed),
            "refused": counts.get("network_refused", 0),
            "allowed_non_local": _allowed_beyond_this_computer(app),
            "this_run": dict(guard.counters) if guard else {},
        },
        "data": [
            {
                "category": u.category.name,
                "label": u.category.label,
                "description": u.category.description,
                "items": u.items,
                "bytes": u.bytes,
                "retention_days": u.retention_days,
                "readable_only_by_you": by_category[u.category.name].private,
            }
            for u in app.inventory.report()
        ],
        "protection": {
            "readable_only_by_you": all(s["readable_only_by_you"] for s in store_modes),
            "stores": store_modes,
            "passwords": SecretStore(app.paths.config_dir).describe(),
        },
        "database": str(app.paths.database),
    }


def render_html(report: dict[str, Any]) -> str:
    """A readable, self-contained HTML page (no scripts, no external resources)."""
    e = html.escape
    ledger = report["ledger"]
    status = (
        f"<p class=ok>The privacy ledger's hash chain is intact ({ledger['rows']} entries).</p>"
        if ledger["ok"]
        else f"<p class=bad>The privacy ledger was altered: {e(ledger['problem'])}</p>"
    )
    data_rows = "".join(
        f"<tr><td>{e(d['label'])}</td><td>{e(d['description'])}</td><td>{d['items']}</td>"
        f"<td>{d['bytes'] / 1024:.1f} KiB</td><td>"
        f"{e(str(d['retention_days']) + ' days') if d['retention_days'] else 'until you delete it'}"
        "</td></tr>"
        for d in report["data"]
    )
    events = "".join(
        f"<tr><td>{_dt.datetime.fromtimestamp(r['ts']).strftime('%Y-%m-%d %H:%M:%S')}</td>"
        f"<td>{e(r['kind'])}</td><td>{e(r['category'])}</td>"
        f"<td><code>{e(str(r['detail']))}</code></td></tr>"
        for r in ledger["recent"]
    )
    net = report["network"]
    protection = report.get("protection", {})
    loose = [e(s["label"]) for s in protection.get("stores", []) if not s["readable_only_by_you"]]
    access = (
        "<p class=ok>Everything stored is readable only by you.</p>"
        if not loose
        else f"<p class=bad>Readable by other accounts on this computer: {', '.join(loose)}. "
        "<code>homebody privacy protect</code> fixes it.</p>"
    )
    access += f"<p>Passwords are kept {e(protection.get('passwords', ''))}.</p>"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Homebody privacy report</title>
<style>
body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}}
table{{border-collapse:collapse;width:100%}}
td,th{{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}}
.ok{{color:#1b6e3a;font-weight:600}}.bad{{color:#a4161a;font-weight:600}}code{{font-size:.85em}}
</style></head><body>
<h1>Homebody privacy report</h1>
<p>Generated {e(report["generated"])} by Homebody {e(report["homebody"])}
on {e(report["computer"])}.</p>
{status}
<h2>Network</h2>
<p>Blocked attempts to leave this computer: <b>{net["refused"]}</b>.
Allowed non-local connections (devices you configured, model downloads you started):
<b>{net["allowed_non_local"]}</b>.</p>
<h2>Stored data</h2>
{access}
<table><tr><th>Category</th><th>What</th><th>Items</th><th>Size</th><th>Kept</th></tr>{data_rows}</table>
<h2>Recent ledger entries</h2>
<table><tr><th>When</th><th>What</th><th>Category</th><th>Detail</th></tr>{events}</table>
</body></html>
"""
