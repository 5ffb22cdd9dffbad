"""``homebody models list``: a header row, nothing cut, datasets apart from the models."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_models_list_has_headers_whole_values_and_datasets_apart(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse

    from app.cli.models_cmd import run_list
    from pipelines.app_context import AppContext
    from pipelines.models.manager import ModelManager

    assert run_list(argparse.Namespace(json=False)) == 0
    out = capsys.readouterr().out
    app = AppContext.create(guard=False)
    try:
        entries = list(ModelManager.from_app(app).entries.values())
    finally:
        app.close()
    models_part, _, datasets_part = out.partition("Datasets")
    assert models_part.startswith("Models:\n")
    assert models_part.splitlines()[1].split() == ["NAME", "STATE", "SIZE", "LICENCE", "TITLE"]
    assert "…" not in out
    for entry in entries:
        part = datasets_part if entry.runtime == "dataset" else models_part
        line = next(x for x in part.splitlines() if x.split()[:1] == [entry.name])
        assert entry.licence in line and line.rstrip().endswith(entry.title)
    if any(e.runtime == "dataset" for e in entries):
        assert datasets_part.splitlines()[1].split() == ["NAME", "SIZE", "LICENCE", "TITLE"]
    assert " MB" not in out and " KB" not in out  # the GUI's unit: KiB / MiB
