"""``homebody privacy report [--json]`` and ``homebody privacy forget --all | --category NAME``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.gui.fmt import keep_text

from .common import EXIT_ERROR, human_size, open_app, print_json


def register(sub: Any) -> None:
    privacy = sub.add_parser("privacy", help="what Homebody stores and did; delete your data")
    psub = privacy.add_subparsers(dest="privacy_command", metavar="ACTION", required=True)
    report = psub.add_parser("report", help="summarise stored data and verify the ledger chain")
    report.add_argument("--json", action="store_true")
    report.add_argument("--entries", type=int, default=10, help="how many recent ledger rows")
    report.add_argument(
        "--html", type=Path, metavar="FILE", help="also write a readable HTML report"
    )
    report.set_defaults(func=run_report)
    forget = psub.add_parser("forget", help="delete stored data and prove it is gone")
    group = forget.add_mutually_exclusive_group(required=True)
    group.add_argument("--all", action="store_true", help="every category")
    group.add_argument("--category", help="one category (see `privacy report`)")
    forget.add_argument("--json", action="store_true")
    forget.set_defaults(func=run_forget)
    protect = psub.add_parser(
        "protect", help="make every file Homebody keeps readable only by you (ledgered)"
    )
    protect.add_argument("--json", action="store_true")
    protect.set_defaults(func=run_protect)


def run_report(args: argparse.Namespace) -> int:
    # lazy: start-up speed (pipelines.privacy.report loads only when run_report() runs)
    from pipelines.privacy.report import build_report, render_html

    app = open_app()
    try:
        report = build_report(app, args.entries)
    finally:
        app.close()
    if args.html:
        args.html.write_text(render_html(report), encoding="utf-8")
    ok = report["ledger"]["ok"]
    if args.json:
        print_json(report)
    else:
        ledger = report["ledger"]
        state = "verified" if ok else f"BROKEN: {ledger['problem']}"
        print(f"Privacy ledger: {ledger['rows']} rows, hash chain {state}")
        net = report["network"]
        print(
            f"Network: {net['refused']} blocked attempts, "
            f"{net['allowed_non_local']} allowed non-local connections (devices you configured, "
            "downloads you started)"
        )
        print("Stored data:")
        for d in report["data"]:
            keep = "kept " + keep_text(str(d["category"]), d["retention_days"])
            size = human_size(int(d["bytes"]))  # KiB/MiB, as on the dashboard
            print(f"  {d['label']:<24} {d['items']:>6} items {size:>11}  {keep}")
        protection = report["protection"]
        loose = [s["label"] for s in protection["stores"] if not s["readable_only_by_you"]]
        print(
            "Files: readable only by you"
            if not loose
            else f"Files: readable by other accounts: {', '.join(loose)} "
            "(fix: homebody privacy protect)"
        )
        print(f"Passwords: kept {protection['passwords']}")
    return 0 if ok else EXIT_ERROR


def _items(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


def run_forget(args: argparse.Namespace) -> int:
    app = open_app()
    try:
        if args.all:
            deleted = app.inventory.forget_all()
        else:
            deleted = {args.category: app.inventory.forget(args.category)}
        remaining = {
            u.category.name: u.items for u in app.inventory.report() if u.category.name in deleted
        }
    finally:
        app.close()
    if args.json:
        print_json({"deleted": deleted, "remaining": remaining})
    else:
        # lazy: start-up speed (pipelines.privacy.inventory loads only when run_forget() runs)
        from pipelines.privacy.inventory import category

        for name, count in deleted.items():
            print(f"{category(name).label}: deleted {_items(count)}; {remaining[name]} left")
    return 0 if not any(remaining.values()) else EXIT_ERROR


def run_protect(args: argparse.Namespace) -> int:
    # lazy: start-up speed (pipelines.privacy.protection loads only when run_protect() runs)
    from pipelines.privacy.protection import all_loose, fix

    app = open_app()  # opening already tightens what it finds on start
    try:
        result = fix(app.paths, app.ledger)
        left = all_loose(app.paths)
    finally:
        app.close()
    if args.json:
        print_json({"folders": result.folders, "files": result.files, "still_readable": len(left)})
    elif left:
        print(f"{len(left)} files or folders could not be made private, e.g. {left[0]}")
    else:
        print("Everything Homebody keeps is readable only by you.")
    return EXIT_ERROR if left else 0
