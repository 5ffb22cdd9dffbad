"""The reply templates kept as JSON in the cache folder: the same replies as the TOML, an
edited file read again (the stale copy removed), a damaged copy rebuilt, bad TOML still an
InputError."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipelines.core.errors import InputError
from pipelines.core.paths import assets_dir
from pipelines.skills.replies import Replies


def _copy_of_the_templates(tmp_path: Path) -> Path:
    folder = tmp_path / "replies"
    shutil.copytree(assets_dir() / "replies", folder)
    return folder


def test_cached_templates_are_the_toml_ones(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    plain = Replies()
    first = Replies(cache_dir=cache)
    (kept,) = cache.glob("replies-*.json")
    second = Replies(cache_dir=cache)
    assert plain.templates == first.templates == second.templates
    assert list(plain.templates) == list(second.templates)  # same order, same rotation
    assert second.render("timer.started", name="pasta", duration="5 minutes") == plain.render(
        "timer.started", name="pasta", duration="5 minutes"
    )
    assert oct(kept.stat().st_mode & 0o777) == "0o600"


def test_an_edited_template_file_is_read_again_and_the_stale_copy_goes(tmp_path: Path) -> None:
    folder, cache = _copy_of_the_templates(tmp_path), tmp_path / "cache"
    Replies(folder, cache_dir=cache)
    (old,) = cache.glob("replies-*.json")
    timers = folder / "timers.toml"
    timers.write_text(
        timers.read_text(encoding="utf-8") + '\n[extra]\nsaid = "A new reply."\n',
        encoding="utf-8",
    )
    edited = Replies(folder, cache_dir=cache)
    assert edited.render("extra.said") == "A new reply."
    (new,) = cache.glob("replies-*.json")
    assert new != old and not old.exists()


@pytest.mark.parametrize("damage", [b"{broken", b'{"timer.started": "not a list"}', b"[]"])
def test_a_damaged_cached_copy_is_rebuilt(tmp_path: Path, damage: bytes) -> None:
    cache = tmp_path / "cache"
    Replies(cache_dir=cache)
    (kept,) = cache.glob("replies-*.json")
    good = kept.read_bytes()
    kept.write_bytes(damage)
    assert Replies(cache_dir=cache).templates == Replies().templates
    assert kept.read_bytes() == good


def test_bad_toml_is_still_an_input_error_with_a_cache(tmp_path: Path) -> None:
    folder = _copy_of_the_templates(tmp_path)
    (folder / "timers.toml").write_text("[timer\nstarted = ", encoding="utf-8")
    with pytest.raises(InputError, match=r"timers\.toml are not valid TOML"):
        Replies(folder, cache_dir=tmp_path / "cache")
    assert not list((tmp_path / "cache").glob("replies-*.json"))
