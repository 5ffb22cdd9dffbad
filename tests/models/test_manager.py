from __future__ import annotations

import hashlib
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipelines.core.errors import ModelError, ModelNotInstalledError, ModelVerificationError
from pipelines.models.manager import ModelManager
from pipelines.models.manifest import load_manifest


def test_manifest_entries_are_complete() -> None:
    entries = load_manifest()
    assert {"yolox-nano", "fastestdet"} <= set(entries)
    root = Path(__file__).resolve().parents[2] / "models"
    for entry in entries.values():
        assert entry.licence and entry.source, entry.name
        assert entry.card and (root / entry.card).is_file(), f"{entry.name} has no model card"
        if entry.runtime == "download":
            assert all(f.url.startswith("https://") and len(f.sha256) == 64 for f in entry.files)


def test_path_of_missing_model_says_how_to_install(tmp_path: Path) -> None:
    manager = ModelManager(tmp_path)
    with pytest.raises(ModelNotInstalledError, match="homebody models install yolox-nano"):
        manager.path("yolox-nano", "yolox_nano.onnx")


def test_install_from_mirror_and_verify(tmp_path: Path, shared: Path) -> None:
    manager = ModelManager(tmp_path / "models")
    manager.install("yolox-nano", from_dir=shared / "models")
    onnx = manager.path("yolox-nano", "yolox_nano.onnx")
    assert onnx.stat().st_size == 3_660_092
    assert all(r.ok for r in manager.verify())
    data = bytearray(onnx.read_bytes())
    data[len(data) // 2] ^= 0x01
    onnx.write_bytes(bytes(data))
    [result] = manager.verify("yolox-nano")
    assert not result.ok and "corrupt" in result.message


@pytest.mark.parametrize("below", ["vision", "vision/yolox_nano"])
def test_a_mirror_subfolder_works_too(tmp_path: Path, shared: Path, below: str) -> None:
    """`--from ../shared/models/vision` (a folder inside the mirror) finds the same files."""
    manager = ModelManager(tmp_path / "models")
    manager.install("yolox-nano", from_dir=shared / "models" / below)
    assert all(r.ok for r in manager.verify("yolox-nano"))


def _bad_mirror(shared: Path, tmp_path: Path, mutate: str) -> Path:
    mirror = tmp_path / "mirror"
    shutil.copytree(shared / "models" / "vision", mirror / "vision")
    target = mirror / "vision" / "yolox_nano" / "yolox_nano.onnx"
    data = bytearray(target.read_bytes())
    if mutate == "flip":
        data[1234] ^= 0x80
    else:
        data = data[: len(data) - 100]
    target.write_bytes(bytes(data))
    return mirror


@pytest.mark.parametrize(("mutate", "message"), [("flip", "corrupt"), ("truncate", "truncated")])
def test_corrupt_mirror_file_is_refused(
    tmp_path: Path, shared: Path, mutate: str, message: str
) -> None:
    manager = ModelManager(tmp_path / "models")
    with pytest.raises(ModelVerificationError, match=message):
        manager.install("yolox-nano", from_dir=_bad_mirror(shared, tmp_path, mutate))
    assert not manager.is_installed("yolox-nano")
    assert not (tmp_path / "models" / "yolox-nano" / "yolox_nano.onnx").exists()


def test_corrupt_reinstall_keeps_the_good_copy(tmp_path: Path, shared: Path) -> None:
    manager = ModelManager(tmp_path / "models")
    manager.install("yolox-nano", from_dir=shared / "models")
    with pytest.raises(ModelVerificationError):
        manager.install("yolox-nano", from_dir=_bad_mirror(shared, tmp_path, "flip"))
    assert all(r.ok for r in manager.verify("yolox-nano"))


@pytest.fixture
def local_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "www"
    root.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(root), **kwargs)  # type: ignore[arg-type]

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()


def test_download_path_verifies_sha256(tmp_path: Path, local_server: tuple[str, Path]) -> None:
    """The explicit-download code path, exercised against a server on loopback."""
    base, root = local_server
    payload = b"not really a model" * 100
    (root / "m.bin").write_bytes(payload)
    digest = hashlib.sha256(payload).hexdigest()
    manifest = tmp_path / "manifest.toml"
    manifest.write_text(
        f"""
[[model]]
name = "tiny"
kind = "test"
title = "Tiny"
licence = "CC0"
source = "test"
runtime = "download"
[[model.files]]
name = "m.bin"
url = "{base}/m.bin"
size = {len(payload)}
sha256 = "{digest}"
[[model]]
name = "tampered"
kind = "test"
title = "Tampered"
licence = "CC0"
source = "test"
runtime = "download"
[[model.files]]
name = "m.bin"
url = "{base}/m.bin"
size = {len(payload)}
sha256 = "{"0" * 64}"
""",
        encoding="utf-8",
    )
    manager = ModelManager(tmp_path / "models", manifest_path=manifest)
    done: list[int] = []
    manager.install("tiny", progress=lambda name, n, total: done.append(n))
    assert manager.path("tiny", "m.bin").read_bytes() == payload and done[-1] == len(payload)
    with pytest.raises(ModelVerificationError):
        manager.install("tampered")
    with pytest.raises(ModelError, match="Unknown model"):
        manager.install("nope")
