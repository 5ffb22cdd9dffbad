"""``homebody models list | install NAME [--from DIR] | verify [NAME]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .common import EXIT_ERROR, human_size, open_app, print_json


def register(sub: Any) -> None:
    models = sub.add_parser("models", help="list, install and verify models")
    msub = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    lst = msub.add_parser("list", help="every model and dataset, with licence and state")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=run_list)
    inst = msub.add_parser("install", help="install a model from a mirror folder or its URL")
    inst.add_argument("name")
    inst.add_argument("--from", dest="from_dir", type=Path, help="a local mirror folder")
    inst.add_argument("--json", action="store_true")
    inst.set_defaults(func=run_install)
    ver = msub.add_parser("verify", help="check every installed model file's sha256")
    ver.add_argument("name", nargs="?")
    ver.add_argument("--json", action="store_true")
    ver.set_defaults(func=run_verify)


def _manager() -> Any:
    # lazy: start-up speed (pipelines.models.manager loads only when _manager() runs)
    from pipelines.models.manager import ModelManager

    app = open_app()
    return app, ModelManager.from_app(app)


def run_list(args: argparse.Namespace) -> int:
    # lazy: start-up speed (pipelines.vision.first_run loads only when run_list() runs)
    from pipelines.vision.first_run import ready_copy

    app, manager = _manager()
    rows = []
    for entry in manager.entries.values():
        rows.append(
            {
                "name": entry.name,
                "kind": entry.kind,
                "title": entry.title,
                "licence": entry.licence,
                "runtime": entry.runtime,
                "size": entry.size,
                "installed": manager.is_installed(entry.name),
                "provided_by": entry.package if manager.provided_by_package(entry.name) else "",
                "ready_in": str(ready_copy(manager, entry.name) or ""),
                "sha256": [f.sha256 for f in entry.files],
                "source": entry.source,
            }
        )
    app.close()
    if args.json:
        print_json(rows)
        return 0
    print_table(rows)
    return 0


def _state(r: dict[str, Any]) -> str:
    if r["installed"]:
        return "installed"
    if r["provided_by"]:
        return f"in {r['provided_by']}"
    return "ready (first use)" if r.get("ready_in") else "not installed"


def print_table(rows: list[dict[str, Any]]) -> None:
    """Models first, then the datasets (test/training data that is never run), each under a
    header row; columns as wide as their longest value, so nothing is cut."""
    models = sorted((r for r in rows if r["runtime"] != "dataset"), key=lambda r: r["name"])
    datasets = sorted((r for r in rows if r["runtime"] == "dataset"), key=lambda r: r["name"])
    sections = (
        ("Models", ("NAME", "STATE", "SIZE", "LICENCE", "TITLE"), models, True),
        ("Datasets (test and training data, never run)", ("NAME", "SIZE", "LICENCE", "TITLE"),
         datasets, False),
    )  # fmt: skip
    for number, (title, header, items, with_state) in enumerate(sections):
        if not items:
            continue
        table = [
            ([r["name"]] + ([_state(r)] if with_state else []))
            + [human_size(r["size"]) if r["size"] else "-", r["licence"], r["title"]]
            for r in items
        ]
        widths = [max(len(c) for c in column) for column in zip(header, *table, strict=True)]
        print(("\n" if number else "") + f"{title}:")
        for line in (header, *table):
            cells = [
                c.ljust(w) if i < len(line) - 1 else c
                for i, (c, w) in enumerate(zip(line, widths, strict=True))
            ]
            print("  " + "  ".join(cells).rstrip())


def run_install(args: argparse.Namespace) -> int:
    app, manager = _manager()
    last = [-1]

    def progress(name: str, done: int, total: int) -> None:
        if args.json or not total:
            return
        pct = int(done * 100 / total)
        if pct != last[0]:
            last[0] = pct
            bar = "#" * (pct // 4)
            sys.stderr.write(f"\r{name:<24} [{bar:<25}] {pct:3d}%")
            if done >= total:
                sys.stderr.write("\n")

    try:
        folder = manager.install(args.name, from_dir=args.from_dir, progress=progress)
    finally:
        app.close()
    if args.json:
        print_json({"installed": args.name, "path": str(folder)})
    else:
        print(f"Installed {args.name} (verified) in {folder}")
    return 0


def run_verify(args: argparse.Namespace) -> int:
    app, manager = _manager()
    try:
        results = manager.verify(args.name)
    finally:
        app.close()
    if args.json:
        print_json([{"model": r.model, "ok": r.ok, "message": r.message} for r in results])
    else:
        if not results:
            print("No installed models to verify.")
        for r in results:
            print(f"{'ok  ' if r.ok else 'FAIL'} {r.model}: {r.message}")
    return 0 if all(r.ok for r in results) else EXIT_ERROR
