"""Detector class names <-> the words people use for things.

Model label files differ (some COCO exports use VOC names such as ``tvmonitor``); every label
is normalised to one canonical name. Everyday words and plurals map to canonical names through
:data:`SYNONYMS`, so "where's my phone" finds ``cell phone`` and "the telly" finds ``tv``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ..core.errors import InputError

LABEL_ALIASES: dict[str, str] = {
    "tvmonitor": "tv",
    "sofa": "couch",
    "diningtable": "dining table",
    "pottedplant": "potted plant",
    "motorbike": "motorcycle",
    "aeroplane": "airplane",
    "mobile phone": "cell phone",
    "television": "tv",
}
"""Names some label files use -> the canonical (COCO / Open Images style) name."""

SYNONYMS: dict[str, str] = {
    "phone": "cell phone",
    "mobile": "cell phone",
    "mobile phone": "cell phone",
    "smartphone": "cell phone",
    "cellphone": "cell phone",
    "iphone": "cell phone",
    "telly": "tv",
    "television": "tv",
    "tv set": "tv",
    "specs": "glasses",
    "spectacles": "glasses",
    "eyeglasses": "glasses",
    "reading glasses": "glasses",
    "sunglasses": "glasses",
    "mug": "cup",
    "coffee cup": "cup",
    "coffee mug": "cup",
    "tea cup": "cup",
    "teacup": "cup",
    "notebook": "laptop",
    "computer": "laptop",
    "sofa": "couch",
    "settee": "couch",
    "remote control": "remote",
    "tv remote": "remote",
    "clicker": "remote",
    "brolly": "umbrella",
    "bag": "handbag",
    "purse": "handbag",
    "rucksack": "backpack",
    "kitty": "cat",
    "puppy": "dog",
    "teddy": "teddy bear",
    "plant": "potted plant",
    "houseplant": "potted plant",
    "bike": "bicycle",
    "doughnut": "donut",
    "handy": "cell phone",
}
"""Everyday words -> canonical label names."""

_ARTICLES = re.compile(r"^(?:my|the|a|an|our|your|his|her|their)\s+")


def canonical_label(raw: str) -> str:
    """A model's class name in canonical form (``tvmonitor`` -> ``tv``)."""
    name = " ".join(raw.strip().lower().replace("_", " ").split())
    return LABEL_ALIASES.get(name, LABEL_ALIASES.get(name.replace(" ", ""), name))


_INVARIANT = {"glasses", "scissors", "sunglasses", "trousers", "jeans", "headphones", "bus"}


_IRREGULAR = {
    "knives": "knife",
    "wine glasses": "wine glass",
    "mice": "mouse",
    "people": "person",
    "children": "person",
    "loaves": "loaf",
}


def _singular(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    last = word.rsplit(" ", 1)[-1]
    if last in _INVARIANT:
        return word
    if word.endswith("ies") and len(last) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "uses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def normalise_object(text: str, known: Iterable[str] = ()) -> str:
    """What the user said ("my specs", "the phones") -> the label to look up ("glasses")."""
    name = " ".join(text.strip().lower().replace("'", "").split())
    while True:
        stripped = _ARTICLES.sub("", name)
        if stripped == name:
            break
        name = stripped
    known_set = set(known)
    candidates = [name, _singular(name)]
    for candidate in candidates:
        if candidate in known_set:
            return candidate
        if candidate in SYNONYMS:
            return SYNONYMS[candidate]
    for candidate in candidates:
        canonical = canonical_label(candidate)
        if canonical in known_set:
            return canonical
    return canonical_label(_singular(name))


def read_labels(path: Path) -> list[str]:
    """Read a labels file: one class per line (blank lines and ``#`` comments skipped)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(
            f"The labels file {path} cannot be read ({exc.strerror}). A detector needs a "
            "text file with one class name per line."
        ) from exc
    labels = [canonical_label(line) for line in lines if line.strip() and not line.startswith("#")]
    if not labels:
        raise InputError(f"The labels file {path} lists no classes (one name per line).")
    return labels
