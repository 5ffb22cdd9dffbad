"""One line of ``homebody doctor``: what was checked, whether it is fine, and how to fix it.

Shared by :mod:`pipelines.doctor` and the capability packages that contribute their own lines
(:mod:`pipelines.privacy.checks`), so those never import the doctor that imports them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Check:
    area: str
    name: str
    ok: bool
    detail: str
    fix: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "area": self.area,
            "name": self.name,
            "ok": self.ok,
            "detail": self.detail,
            "fix": self.fix,
        }
