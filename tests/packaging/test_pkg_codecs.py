"""OpenCV's AV1/VP8/VP9 libraries replaced by stand-ins (packaging/opencv_codecs.py): a real
run on a copy of the installed wheel, and the step's refusals on fakes."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from pkgload import load

opencv_codecs = load("opencv_codecs")
bundle_data = load("bundle_data")

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF, Linux only")


def _fake_bundle(tmp_path: Path) -> Path:
    """A bundle whose _internal holds a real copy of the installed cv2 and its libraries."""
    cv2 = pytest.importorskip("cv2")
    if shutil.which("cc") is None or shutil.which("nm") is None:
        pytest.skip("needs cc and nm")
    package = Path(cv2.__file__).parent
    libs = package.parent / opencv_codecs.OPENCV_LIBS
    if not libs.is_dir():
        pytest.skip(f"no {opencv_codecs.OPENCV_LIBS} next to cv2")
    inner = tmp_path / "bundle" / "_internal"
    shutil.copytree(package, inner / "cv2", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    shutil.copytree(libs, inner / opencv_codecs.OPENCV_LIBS)
    return inner.parent


@linux_only
@pytest.mark.slow
def test_stand_ins_replace_aom_and_vpx_and_opencv_still_reads_and_writes(tmp_path: Path) -> None:
    bundle = _fake_bundle(tmp_path)
    inner = bundle / "_internal"
    found = opencv_codecs.targets(inner)
    assert sorted(found.values()) == ["STUB_AOM", "STUB_VPX"]
    wanted = {lib.name: opencv_codecs.imported_from(inner, lib) for lib in found}
    assert all(len(symbols) >= 15 for symbols in wanted.values()), wanted
    before = {lib.name: lib.stat().st_size for lib in found}
    kept = {
        p.name: p.stat().st_size
        for p in (inner / opencv_codecs.OPENCV_LIBS).iterdir()
        if p.name not in before
    }
    saved = opencv_codecs.replace_codecs(bundle, sys.executable)  # runs the probe itself
    assert saved > 10_000_000
    for lib in found:
        assert lib.stat().st_size < 100_000 < before[lib.name]
        stand_in = opencv_codecs._dynamic_symbols(lib, defined=True)
        assert wanted[lib.name] <= stand_in
    # FFmpeg, dav1d and libavif are untouched.
    for p in (inner / opencv_codecs.OPENCV_LIBS).iterdir():
        if p.name in kept:
            assert p.stat().st_size == kept[p.name], p.name


def test_failed_checks_ignore_only_the_informational_part() -> None:
    results = {
        "still .jpg": True,
        "video mjpeg write+read": False,
        "info": {"avif read": False},
    }
    assert opencv_codecs.failed_checks(results) == ["video mjpeg write+read"]
    assert opencv_codecs.failed_checks({"still .png": "yes"}) == ["still .png"]
    assert opencv_codecs.failed_checks({"info": {}, "still .png": True}) == []


def _fake_libs(tmp_path: Path) -> tuple[Path, Path]:
    libs = tmp_path / "bundle" / "_internal" / opencv_codecs.OPENCV_LIBS
    libs.mkdir(parents=True)
    for name in ("libaom-1.so.3", "libvpx-2.so.11", "libavcodec-3.so.63"):
        (libs / name).write_bytes(b"original " + name.encode())
    site = tmp_path / "site"
    (site / "cv2").mkdir(parents=True)
    shutil.copytree(libs, site / opencv_codecs.OPENCV_LIBS)
    return tmp_path / "bundle", site / "cv2"


@pytest.mark.parametrize("failure", ["missing symbol", "broken video"])
def test_the_bundle_is_unchanged_when_the_stand_ins_fall_short(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("Linux only")
    bundle, cv2_package = _fake_libs(tmp_path)
    libs = bundle / "_internal" / opencv_codecs.OPENCV_LIBS
    originals = {p.name: p.read_bytes() for p in libs.iterdir()}
    monkeypatch.setattr(opencv_codecs, "installed_cv2", lambda python: cv2_package)
    monkeypatch.setattr(
        opencv_codecs, "compile_stand_in", lambda out, soname, define: out.write_bytes(b"stub")
    )
    monkeypatch.setattr(opencv_codecs, "imported_from", lambda inner, lib: {"aom_codec_new"})
    exported = {"aom_codec_new"} if failure == "broken video" else {"aom_codec_old"}
    monkeypatch.setattr(opencv_codecs, "_dynamic_symbols", lambda path, defined: exported)

    def fake_probe(python: str, site: Path, action: str, samples: Path) -> dict[str, object]:
        if action == "make":
            return {"vp9 sample": True, "avif sample": True}
        return {"still .jpg": True, "video mjpeg write+read": False, "info": {}}

    monkeypatch.setattr(opencv_codecs, "probe", fake_probe)
    expected = opencv_codecs.Skipped if failure == "missing symbol" else RuntimeError
    with pytest.raises(expected):
        opencv_codecs.replace_codecs(bundle, sys.executable)
    assert {p.name: p.read_bytes() for p in libs.iterdir()} == originals


def test_a_bundle_without_opencv_is_skipped(tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("Linux only")
    (tmp_path / "_internal").mkdir()
    with pytest.raises(opencv_codecs.Skipped):
        opencv_codecs.replace_codecs(tmp_path, sys.executable)
