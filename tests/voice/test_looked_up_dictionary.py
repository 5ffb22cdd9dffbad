"""The pronouncing dictionary read on demand (``LookedUpDictionary``) answers exactly as the
dictionary read whole, for the real CMU dictionary and for small or unsorted files."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pipelines.speech.lm.phonemes import LookedUpDictionary, read_dictionaries


def _cmudict() -> Path:
    from pipelines.speech.asr.pocketsphinx_engine import model_dir

    path = model_dir() / "cmudict-en-us.dict"
    if not path.is_file():
        pytest.skip("PocketSphinx's dictionary is not installed")
    return path


def test_the_real_dictionary_looked_up_equals_it_read_whole() -> None:
    path = _cmudict()
    whole = read_dictionaries([path])
    looked = LookedUpDictionary([path])
    words = sorted(whole)
    sample = random.Random(7).sample(words, 3000) + words[:5] + words[-5:]
    assert all(looked.get(w) == whole[w] for w in sample)
    for unknown in ("zzzzq", "aaaaab", "", "homebodyish"):
        assert looked.get(unknown) is None


def test_files_are_searched_in_order_and_an_unsorted_one_is_read_whole(tmp_path: Path) -> None:
    extra = tmp_path / "extra.dict"
    extra.write_text("homebody HH OW M B AA D IY\ntimer T AA M ER\n", encoding="utf-8")
    big = tmp_path / "big.dict"  # over the mapping size, with one word out of order
    lines = [f"w{i:07d} T AH" for i in range(60_000)] + ["a AH", "timer T AY M ER"]
    big.write_text("\n".join(lines) + "\n", encoding="utf-8")
    looked = LookedUpDictionary([extra, big])
    whole = read_dictionaries([extra, big])
    assert looked.get("timer") == whole["timer"]  # the first file's pronunciation
    for word in ("homebody", "a", "w0000042", "w0059999"):
        assert looked.get(word) == whole[word]
    assert looked.get("nope") is None
