"""dlib's HOG face detector compiled alone (packaging/face_detector.py, facehog/facehog.cpp),
which replaces the dlib wheel in the Linux build: it must find exactly the wheel's boxes, and
the app must use it when ``import dlib`` fails. Compiled here from the dlib sdist the build
keeps in build/dlib-src (skipped before the first Linux build: no network in tests)."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pkgload import load

face_detector = load("face_detector")

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")


@pytest.fixture(scope="module")
def library() -> Iterator[Path]:
    if not sys.platform.startswith("linux") or shutil.which("c++") is None:
        pytest.skip("needs Linux and a C++ compiler")
    dlib = pytest.importorskip("dlib")
    version = ".".join(dlib.__version__.split(".")[:3])
    if not (face_detector.SDIST_DIR / f"dlib-{version}.tar.gz").is_file():
        pytest.skip(f"no dlib {version} sdist in build/dlib-src (a Linux build downloads it)")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        tree = face_detector.dlib_source(sys.executable, version, work)
        out = work / "libfacehog.so"
        face_detector.compile_library(tree, out)
        yield out


def _photos_with_faces(shared: Path) -> list[Path]:
    folder = shared / "data" / "photos"
    return [p for p in sorted(folder.rglob("*")) if p.suffix.lower() in (".jpg", ".png")]


@pytest.mark.slow
def test_the_compiled_detector_finds_the_wheels_boxes(library: Path, shared: Path) -> None:
    result = face_detector.compare(sys.executable, library, _photos_with_faces(shared))
    assert result["identical"] is True, result
    assert int(result["faces"]) >= 3 and int(result["images"]) >= 30  # type: ignore[call-overload]


@pytest.mark.slow
def test_face_finder_uses_it_without_dlib(
    library: Path, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cv2

    from pipelines.vision.privacy_crop import FaceFinder

    frames = [cv2.imread(str(p)) for p in _photos_with_faces(shared)]
    with_wheel = FaceFinder()
    expected = [with_wheel.find(f) for f in frames if f is not None]
    assert with_wheel.backend == "dlib-hog" and any(expected)
    monkeypatch.setitem(sys.modules, "dlib", None)  # as in the installer
    monkeypatch.setenv("HOMEBODY_FACEHOG", str(library))
    compiled = FaceFinder()
    assert [compiled.find(f) for f in frames if f is not None] == expected
    assert compiled.backend == "dlib-hog"


def test_without_the_library_the_finder_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipelines.vision import facehog

    monkeypatch.delenv("HOMEBODY_FACEHOG", raising=False)
    assert facehog.library_path() is None  # not frozen, no override
    assert facehog.compiled_detector() is None
    assert facehog.LIBRARY == face_detector.LIBRARY


@linux_only
def test_the_step_skips_a_bundle_without_dlib(tmp_path: Path) -> None:
    (tmp_path / "_internal").mkdir()
    with pytest.raises(face_detector.Skipped, match="_dlib_pybind11"):
        face_detector.replace_dlib(tmp_path, sys.executable)
