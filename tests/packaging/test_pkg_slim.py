"""The Linux slimming steps: ELF dependencies, orphaned libraries, ICU trimming, OpenCV's BLAS
shim and safe stripping. Unit tests at the seams plus real runs on the installed wheels
(compiler, binutils and icupkg permitting)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pkgload import load

elf_deps = load("elf_deps")
icu_data = load("icu_data")
opencv_blas = load("opencv_blas")
strip_bundle = load("strip_bundle")

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF, Linux only")


def _compile(tmp_path: Path, name: str, source: str, *flags: str) -> Path:
    cc = shutil.which("cc")
    if cc is None:
        pytest.skip("no C compiler")
    src = tmp_path / f"{name}.c"
    src.write_text(source, encoding="utf-8")
    out = tmp_path / name
    subprocess.run([cc, "-shared", "-fPIC", "-o", str(out), str(src), *flags], check=True)
    return out


# ---- elf_deps -------------------------------------------------------------------------------


@linux_only
def test_needed_reads_the_real_link_time_dependencies() -> None:
    import numpy

    core = Path(numpy.__file__).parent / "_core"
    (umath,) = core.glob("_multiarray_umath*.so")
    names = elf_deps.needed(umath)
    assert "libc.so.6" in names
    assert any(n.startswith("libscipy_openblas") for n in names)


def test_needed_is_empty_for_what_is_not_elf64(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a library")
    assert elf_deps.needed(tmp_path / "notes.txt") == ()
    assert elf_deps.needed(tmp_path / "missing.so") == ()


@linux_only
def test_symbol_bytes_returns_an_exported_array(tmp_path: Path) -> None:
    lib = _compile(
        tmp_path, "libdata.so", 'const char icudt99_dat[16] = "HOMEBODY-ICU-DAT";\n', "-s"
    )
    assert elf_deps.symbol_bytes(lib, "icudt99_dat") == b"HOMEBODY-ICU-DAT"
    with pytest.raises(ValueError, match="exports no"):
        elf_deps.symbol_bytes(lib, "icudt98_dat")


def test_orphans_are_libraries_only_dropped_files_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    links = {
        "virtualkeyboard.so": ("libQt6Quick.so.6", "libQt6Gui.so.6"),
        "libQt6Quick.so.6": ("libQt6Qml.so.6", "libQt6Gui.so.6"),
        "libQt6Qml.so.6": ("libQt6Network.so.6",),
        "libQt6Network.so.6": (),
        "libQt6Gui.so.6": ("libQt6Core.so.6",),
        "libQt6Core.so.6": (),
        "QtGui.abi3.so": ("libQt6Gui.so.6",),
        "libvosk.so": (),  # loaded with dlopen: nobody links to it
        "libxcb.so.1": (),
        "xcb.so": ("libxcb.so.1",),
    }
    monkeypatch.setattr(elf_deps, "needed", lambda src: links[Path(src).name])
    kept = [
        (f"PySide6/Qt/lib/{n}" if n.startswith("libQt6") else n, n)
        for n in links
        if n not in ("virtualkeyboard.so", "xcb.so")
    ]
    dropped = [("plugins/virtualkeyboard.so", "virtualkeyboard.so")]
    orphans = elf_deps.orphaned(kept, dropped)
    assert orphans == {
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt/lib/libQt6Qml.so.6",
        "PySide6/Qt/lib/libQt6Network.so.6",
    }
    # A library still linked by a kept file stays, even when a dropped file linked it too.
    kept.append(("plugins/xcb.so", "xcb.so"))
    dropped.append(("plugins/other.so", "libxcb.so.1"))
    assert "libxcb.so.1" not in elf_deps.orphaned(kept, dropped)


# ---- ICU data -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "dropped"),
    [
        ("de.res", True),
        ("coll/sv.res", True),
        ("zone/sr_Latn_BA.res", True),
        ("curr/es_419.res", True),
        ("coll/de_.res", True),
        ("translit/Any_Accents.res", True),
        ("ibm-1047_P100-1995.cnv", True),
        ("en.res", False),
        ("zone/en_GB.res", False),
        ("coll/root.res", False),
        ("coll/ucadata.icu", False),
        ("supplementalData.res", False),
        ("zoneinfo64.res", False),
        ("pool.res", False),
        ("unit/pool.res", False),
        ("brkitr/cjdict.dict", True),
        ("brkitr/thaidict.dict", True),
        ("translit/root.res", True),
        ("unames.icu", True),
        ("brkitr/root.res", True),
        ("zone/root.res", False),
        ("brkitr/word.brk", True),
        ("cnvalias.icu", False),
        ("uprops.icu", False),
    ],
)
def test_icu_items_kept_for_an_english_interface(item: str, dropped: bool) -> None:
    assert icu_data.dropped_item(item) is dropped


def _installed_icudata() -> Path:
    pyside = pytest.importorskip("PySide6")
    found = sorted((Path(pyside.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not found:
        pytest.skip("this PySide6 has no bundled ICU")
    return found[0]


@linux_only
@pytest.mark.slow
def test_trimmed_icu_is_much_smaller_and_qt_computes_the_same(tmp_path: Path) -> None:
    original = _installed_icudata()
    try:
        library = icu_data.trimmed_library(original, tmp_path)
    except icu_data.Skipped as exc:
        pytest.skip(str(exc))
    assert library.stat().st_size < original.stat().st_size / 2
    assert "icudt" in " ".join(
        subprocess.run(
            ["nm", "-D", str(library)], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    full = icu_data.probe(sys.executable, None)
    assert icu_data.probe(sys.executable, library.parent) == full
    assert '"sort en_US": ["9 eggs", "10 eggs"' in full  # the probe really exercises collation


def test_trim_icu_skips_a_bundle_without_qt(tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the step is Linux only")
    with pytest.raises(icu_data.Skipped, match="libicudata"):
        icu_data.trim_icu(tmp_path)


# ---- OpenCV onto NumPy's OpenBLAS -----------------------------------------------------------


def _site_packages_lib(package_dir: str, pattern: str) -> Path:
    import numpy

    found = sorted((Path(numpy.__file__).parents[1] / package_dir).glob(pattern))
    if len(found) != 1:
        pytest.skip(f"no {package_dir}/{pattern} in this environment")
    return found[0]


@linux_only
@pytest.mark.slow
def test_shim_gives_opencv_the_same_answers_as_numpy(tmp_path: Path) -> None:
    cv2 = pytest.importorskip("cv2")
    openblas = _site_packages_lib(opencv_blas.OPENCV_LIBS, "libopenblas*.so*")
    numpy_blas = _site_packages_lib("numpy.libs", "libscipy_openblas64_*.so*")
    if shutil.which("cc") is None or shutil.which("nm") is None:
        pytest.skip("needs cc and nm")
    shim = tmp_path / openblas.name
    opencv_blas.compile_shim(shim, openblas.name, numpy_blas)
    (cv2_lib,) = Path(cv2.__file__).parent.glob("cv2*.so")
    wanted = opencv_blas._dynamic_symbols(cv2_lib, defined=False) & opencv_blas._dynamic_symbols(
        openblas, defined=True
    )
    assert wanted, "cv2 imports nothing from its OpenBLAS?"
    assert wanted <= opencv_blas._dynamic_symbols(shim, defined=True)
    assert shim.stat().st_size < openblas.stat().st_size / 100
    staged = tmp_path / "libs"
    shutil.copytree(openblas.parent, staged)
    shutil.copy2(shim, staged / openblas.name)
    results = opencv_blas.probe(sys.executable, Path(cv2.__file__).parent, staged)
    assert len(results) >= 20 and all(results.values()), results


def test_fortran_runtime_goes_only_when_nothing_links_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    libs = tmp_path / "_internal" / opencv_blas.OPENCV_LIBS
    libs.mkdir(parents=True)
    for name in ("libopenblasp-r0.so", "libgfortran-1.so.5", "libquadmath-2.so.0", "libpng.so"):
        (libs / name).write_bytes(b"x")
    links = {"libgfortran-1.so.5": ("libquadmath-2.so.0",)}
    monkeypatch.setattr(opencv_blas.elf_deps, "needed", lambda p: links.get(Path(p).name, ()))
    removed = opencv_blas.remove_orphans(tmp_path / "_internal", libs)
    assert sorted(p.name for p in removed) == ["libgfortran-1.so.5", "libquadmath-2.so.0"]
    assert sorted(p.name for p in libs.iterdir()) == ["libopenblasp-r0.so", "libpng.so"]


# ---- stripping ------------------------------------------------------------------------------


@linux_only
def test_strip_saves_bytes_and_keeps_libraries_loadable(tmp_path: Path) -> None:
    if shutil.which("strip") is None:
        pytest.skip("no strip")
    bundle = tmp_path / "homebody"
    (bundle / "_internal").mkdir(parents=True)
    lib = _compile(
        bundle / "_internal", "libanswer.so", "int answer(void) { return 42; }\n", "-g", "-O0"
    )
    before = lib.stat().st_size
    saved, restored = strip_bundle.strip_bundle(bundle, sys.executable)
    assert saved > 0 and restored == []
    assert lib.stat().st_size == before - saved
    import ctypes

    assert ctypes.CDLL(str(lib)).answer() == 42


@linux_only
def test_a_library_broken_by_strip_gets_its_original_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("strip") is None:
        pytest.skip("no strip")
    bundle = tmp_path / "homebody"
    (bundle / "_internal").mkdir(parents=True)
    lib = _compile(bundle / "_internal", "libfragile.so", "int f(void) { return 1; }\n", "-g")
    original = lib.read_bytes()
    calls: list[int] = []

    def loads_only_before(python: str, libraries: list[Path], root: Path) -> set[Path]:
        calls.append(1)
        return set(libraries) if len(calls) == 1 else set()

    monkeypatch.setattr(strip_bundle, "loadable", loads_only_before)
    saved, restored = strip_bundle.strip_bundle(bundle, sys.executable)
    assert restored == [lib] and saved == 0
    assert lib.read_bytes() == original


@linux_only
def test_loadable_survives_a_library_that_cannot_load(tmp_path: Path) -> None:
    good = _compile(tmp_path, "libgood.so", "int g(void) { return 1; }\n")
    bad = tmp_path / "libbad.so"
    bad.write_bytes(b"\x7fELF" + b"\0" * 60)
    assert strip_bundle.loadable(sys.executable, [bad, good], tmp_path) == {good}
