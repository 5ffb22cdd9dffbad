"""The model inventory rows: every model Homebody knows, its licence, hash, size and state."""

from __future__ import annotations

from typing import Any

from ..fmt import human_size

STATUS_INSTALLED = "Yes — installed, runs on this computer"
STATUS_MISSING = "Not installed"
STATUS_DATASET = "Training/test data (not run)"


def model_rows(app: Any) -> list[dict[str, Any]]:
    """One dict per manifest entry; raises ModelError when the manifest can't be read."""
    # lazy: start-up speed (pipelines.models.manager loads only when model_rows() runs)
    from pipelines.models.manager import ModelManager

    manager = ModelManager.from_app(app)
    rows: list[dict[str, Any]] = []
    for name in sorted(manager.entries):
        entry = manager.entry(name)
        if entry.runtime == "dataset":
            installed, status = False, STATUS_DATASET
        else:
            installed = manager.is_installed(name)
            status = STATUS_INSTALLED if installed else STATUS_MISSING
            if not installed and manager.provided_by_package(name):
                installed, status = True, f"{STATUS_INSTALLED} (from the {entry.package} package)"
        if entry.runtime == "pypi" and installed:
            status = f"{STATUS_INSTALLED} (from the {entry.package} package)"
        rows.append(
            {
                "name": name,
                "title": entry.title,
                "kind": entry.kind,
                "licence": entry.licence,
                "runtime": entry.runtime,
                "size": entry.size,
                "size_text": human_size(entry.size) if entry.size else "—",
                "sha256": [f.sha256 for f in entry.files if f.sha256],
                "installed": installed,
                "runs_locally": installed,
                "status": status,
                "source": entry.source,
            }
        )
    return rows
