"""A tamper-evident privacy ledger: hash-chained rows in the app's database.

Each row's hash covers its own fields and the previous row's hash, so editing, inserting or
deleting a row anywhere breaks the chain. The newest hash is also written to a small "head"
file beside the database, so cutting rows off the end is detected too.

Rows never hold personal content (no transcripts, no list items, no images): only what kind
of thing happened, to which data category, and counts, model names, hashes or addresses.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.private_fs import write_private
from ..core.redact import scrub_value
from ..core.storage import Database

GENESIS = "0" * 64
_MIGRATIONS = [
    """
    CREATE TABLE ledger (
        id INTEGER PRIMARY KEY,
        ts REAL NOT NULL,
        kind TEXT NOT NULL,
        category TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT '{}',
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE INDEX ledger_kind ON ledger(kind);
    """
]

KINDS = (
    "app_started",
    "microphone_opened",
    "microphone_closed",
    "camera_started",
    "camera_stopped",
    "model_loaded",
    "model_installed",
    "data_written",
    "data_deleted",
    "network_allowed",
    "network_refused",
    "settings_changed",
    "files_protected",
)


@dataclass(frozen=True)
class LedgerEntry:
    id: int
    ts: float
    kind: str
    category: str
    detail: dict[str, Any]
    prev_hash: str
    hash: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "ts": self.ts,
            "kind": self.kind,
            "category": self.category,
            "detail": self.detail,
            "hash": self.hash,
        }


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    rows: int
    problem: str = ""
    first_bad_id: int | None = None


def _digest(prev: str, row_id: int, ts: float, kind: str, category: str, detail: str) -> str:
    payload = f"{prev}|{row_id}|{ts!r}|{kind}|{category}|{detail}".encode()
    return hashlib.sha256(payload).hexdigest()


class Ledger:
    def __init__(self, db: Database, head_path: Path | None = None) -> None:
        self.db = db
        self.head_path = head_path
        self._lock = threading.Lock()
        self._listeners: list[Callable[[LedgerEntry], None]] = []
        db.migrate("ledger", _MIGRATIONS)

    def subscribe(self, listener: Callable[[LedgerEntry], None]) -> None:
        self._listeners.append(listener)

    def record(self, kind: str, category: str = "", **detail: Any) -> LedgerEntry:
        if kind not in KINDS:
            raise ValueError(f"unknown ledger kind {kind!r}")
        detail = scrub_value(detail)  # never a camera password or a known secret
        detail_json = json.dumps(detail, sort_keys=True, separators=(",", ":"), default=str)
        with self._lock:
            with self.db.transaction() as conn:
                last = conn.execute(
                    "SELECT id, hash FROM ledger ORDER BY id DESC LIMIT 1"
                ).fetchone()
                prev = last["hash"] if last else GENESIS
                row_id = (last["id"] + 1) if last else 1
                ts = time.time()
                digest = _digest(prev, row_id, ts, kind, category, detail_json)
                conn.execute(
                    "INSERT INTO ledger(id, ts, kind, category, detail, prev_hash, hash) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (row_id, ts, kind, category, detail_json, prev, digest),
                )
            # after the commit: a crash in between leaves the head one row behind, which
            # verify() accepts; the head never points at a row that was not committed
            self._write_head(row_id, digest)
        entry = LedgerEntry(row_id, ts, kind, category, detail, prev, digest)
        for listener in list(self._listeners):
            listener(entry)
        return entry

    def _write_head(self, row_id: int, digest: str) -> None:
        if self.head_path is None:
            return
        current = self._read_head()
        if current is not None and current[0] >= row_id:
            return  # another process already recorded a newer row
        write_private(self.head_path, f"{row_id} {digest}\n".encode("ascii"), sync=False)

    def entries(
        self,
        *,
        limit: int = 200,
        kind: str | None = None,
        search: str | None = None,
        newest_first: bool = True,
    ) -> list[LedgerEntry]:
        sql = "SELECT * FROM ledger"
        where: list[str] = []
        params: list[Any] = []
        if kind:
            where.append("kind = ?")
            params.append(kind)
        if search:
            where.append("(kind LIKE ? OR category LIKE ? OR detail LIKE ?)")
            params.extend([f"%{search}%"] * 3)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id " + ("DESC" if newest_first else "ASC") + " LIMIT ?"
        params.append(limit)
        return [self._row(r) for r in self.db.query(sql, params)]

    @staticmethod
    def _row(r: Any) -> LedgerEntry:
        return LedgerEntry(
            r["id"],
            r["ts"],
            r["kind"],
            r["category"],
            json.loads(r["detail"]),
            r["prev_hash"],
            r["hash"],
        )

    def counts(self) -> dict[str, int]:
        rows = self.db.query("SELECT kind, COUNT(*) FROM ledger GROUP BY kind")
        return {r[0]: int(r[1]) for r in rows}

    def verify(self) -> ChainCheck:
        prev = GENESIS
        expected_id = None
        rows = self.db.query("SELECT * FROM ledger ORDER BY id")
        for r in rows:
            if expected_id is not None and r["id"] != expected_id:
                return ChainCheck(False, len(rows), f"row {expected_id} is missing", expected_id)
            if r["prev_hash"] != prev:
                return ChainCheck(
                    False, len(rows), f"row {r['id']} does not follow its predecessor", r["id"]
                )
            digest = _digest(prev, r["id"], r["ts"], r["kind"], r["category"], r["detail"])
            if digest != r["hash"]:
                return ChainCheck(
                    False, len(rows), f"row {r['id']} was changed after it was written", r["id"]
                )
            prev = r["hash"]
            expected_id = r["id"] + 1
        head = self._read_head()
        if head is not None:
            head_id, head_hash = head
            last_id = rows[-1]["id"] if rows else 0
            if head_id > last_id:
                return ChainCheck(
                    False,
                    len(rows),
                    f"the ledger ends at row {last_id} but row {head_id} was written last",
                    last_id + 1,
                )
            # the head may lag by one row (a crash between commit and head update)
            if head_id < last_id - 1 or (
                head_id >= 1 and rows[head_id - rows[0]["id"]]["hash"] != head_hash
            ):
                return ChainCheck(
                    False, len(rows), f"row {head_id} does not match the recorded head", head_id
                )
        return ChainCheck(True, len(rows))

    def _read_head(self) -> tuple[int, str] | None:
        if self.head_path is None or not self.head_path.exists():
            return None
        head_id, _, head_hash = self.head_path.read_text(encoding="ascii").strip().partition(" ")
        try:
            return int(head_id), head_hash
        except ValueError:
            return None
