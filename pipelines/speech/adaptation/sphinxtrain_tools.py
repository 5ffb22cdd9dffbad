"""The SphinxTrain and SphinxBase programs that adapt PocketSphinx's model to one voice.

They are system packages, not Python ones (Debian/Ubuntu: ``sphinxtrain``, ``sphinxbase-utils``
and ``pocketsphinx``; CI installs them through scripts/install-system-deps). Every run's output
goes to a log file in the work folder; a failure raises :class:`ModelError` with its last lines.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ...core.errors import ModelError, ModelNotInstalledError

INSTALL_HINT = "sudo apt install sphinxtrain sphinxbase-utils pocketsphinx"
SEARCH_DIRS = ("/usr/lib/sphinxtrain", "/usr/local/lib/sphinxtrain", "/usr/libexec/sphinxtrain")
"""SphinxTrain keeps its programs out of PATH; HOMEBODY_SPHINXTRAIN names another folder."""
PROGRAMS = {
    "sphinx_fe": "sphinxbase-utils",
    "pocketsphinx_mdef_convert": "pocketsphinx",
    "bw": "sphinxtrain",
    "mllr_solve": "sphinxtrain",
    "mllr_transform": "sphinxtrain",
    "map_adapt": "sphinxtrain",
    "mk_s2sendump": "sphinxtrain",
}


@dataclass(frozen=True)
class SphinxTrainTools:
    """Absolute paths of the programs in :data:`PROGRAMS`."""

    paths: dict[str, Path]

    @classmethod
    def find(cls) -> SphinxTrainTools:
        folders = [os.environ.get("HOMEBODY_SPHINXTRAIN", ""), *SEARCH_DIRS]
        found: dict[str, Path] = {}
        for name in PROGRAMS:
            hit = shutil.which(name)
            for folder in folders:
                if hit is None and folder and (Path(folder) / name).is_file():
                    hit = str(Path(folder) / name)
            if hit is not None:
                found[name] = Path(hit)
        missing = sorted({PROGRAMS[name] for name in PROGRAMS if name not in found})
        if missing:
            raise ModelNotInstalledError(
                "Learning your voice needs the CMU Sphinx training tools, which are not "
                f"installed (missing packages: {', '.join(missing)}). On Debian or Ubuntu: "
                f"`{INSTALL_HINT}`."
            )
        return cls(found)

    @classmethod
    def available(cls) -> bool:
        try:
            cls.find()
        except ModelNotInstalledError:
            return False
        return True

    def run(self, program: str, args: list[str], log: Path, cwd: Path) -> None:
        """Run one program; its output goes to ``log``; a non-zero exit raises ModelError."""
        with log.open("ab") as out:
            try:
                done = subprocess.run(
                    [str(self.paths[program]), *args],
                    cwd=cwd,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    timeout=900,
                    check=False,
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise ModelError(f"Voice adaptation: {program} could not run: {exc}") from exc
        if done.returncode != 0:
            tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-6:]
            raise ModelError(
                f"Voice adaptation: {program} failed (exit {done.returncode}): " + " | ".join(tail)
            )
