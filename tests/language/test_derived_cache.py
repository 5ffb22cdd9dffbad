"""Derived files in the cache folder (pipelines/core/derived_cache.py): the intent model's
tokenizer kept as a word list, rebuilt when stale or damaged, never changing an encoding."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipelines.core.derived_cache import cached_json, source_key
from pipelines.language.loader import intent_model_dir
from pipelines.language.onnx_model import IntentModel
from pipelines.language.wordpiece import WordPieceTokenizer

TOKENIZER = intent_model_dir() / "tokenizer.json"
needs_tokenizer = pytest.mark.skipif(
    not TOKENIZER.is_file(), reason="models/intent/ has no tokenizer.json"
)
SENTENCES = (
    "set a timer for 5 minutes",
    "What's the time in São Paulo?",
    "add crème fraîche, eggs & milk to my shopping-list",
    "turn the kitchen lights to 50%",
    "supercalifragilisticexpialidocious 東京 \t tabs\u200b",
    "",
)


def _encodings(tokenizer: WordPieceTokenizer) -> list[tuple[list[int], list[tuple[int, int]]]]:
    return [(e.ids, e.offsets) for e in map(tokenizer.encode, SENTENCES)]


@needs_tokenizer
def test_the_word_list_is_the_same_tokenizer() -> None:
    plain = WordPieceTokenizer.from_file(TOKENIZER)
    again = WordPieceTokenizer.from_data(json.loads(json.dumps(plain.to_data())))
    assert again.vocab == plain.vocab and again.options == plain.options
    assert _encodings(again) == _encodings(plain)
    sparse = plain.to_data()
    sparse["ids"] = [i * 2 for i in range(len(sparse["words"]))]
    assert WordPieceTokenizer.from_data(sparse).vocab["[CLS]"] == 2 * plain.vocab["[CLS]"]


@needs_tokenizer
def test_the_model_keeps_its_tokenizer_in_the_cache_and_drops_stale_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale = tmp_path / "tokenizer-0123456789abcdef0123.json"
    stale.write_text('{"options": {}, "words": [], "ids": null}', encoding="utf-8")
    first = IntentModel(intent_model_dir(), cache_dir=tmp_path)._tokenizer()
    kept = list(tmp_path.glob("tokenizer-*.json"))
    assert len(kept) == 1 and kept[0] != stale and not stale.exists()
    assert oct(kept[0].stat().st_mode & 0o777) == "0o600"

    def no_json_parse(self: WordPieceTokenizer, config: object) -> None:
        raise AssertionError("tokenizer.json was read although the cache holds it")

    with monkeypatch.context() as patch:
        patch.setattr(WordPieceTokenizer, "__init__", no_json_parse)
        second = IntentModel(intent_model_dir(), cache_dir=tmp_path)._tokenizer()
    assert _encodings(second) == _encodings(first)
    assert _encodings(first) == _encodings(WordPieceTokenizer.from_file(TOKENIZER))


@needs_tokenizer
@pytest.mark.parametrize(
    "damage",
    [
        b"\x00\xff not json",
        b'{"options": {}, "words": ["[CLS]"], "ids": null}',
        b'{"options": {}, "words": ["[CLS]", 7], "ids": null}',
        b'{"options": {}, "words": ["[CLS]"], "ids": [0, 1]}',
        b"[1, 2]",
        b"",
    ],
)
def test_a_damaged_cached_tokenizer_is_rebuilt(tmp_path: Path, damage: bytes) -> None:
    IntentModel(intent_model_dir(), cache_dir=tmp_path)._tokenizer()
    (cached,) = tmp_path.glob("tokenizer-*.json")
    good = cached.read_bytes()
    cached.write_bytes(damage)
    rebuilt = IntentModel(intent_model_dir(), cache_dir=tmp_path)._tokenizer()
    assert cached.read_bytes() == good
    assert _encodings(rebuilt) == _encodings(WordPieceTokenizer.from_file(TOKENIZER))


def test_the_key_follows_the_sources_and_the_format(tmp_path: Path) -> None:
    source = tmp_path / "replies.toml"
    source.write_text("a = 1\n", encoding="utf-8")
    key = source_key([source], 1)
    assert key == source_key([source], 1) != source_key([source], 2)
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 1))
    assert source_key([source], 1) != key
    source.write_text("a = 12\n", encoding="utf-8")
    assert source_key([source], 1) != key


def test_a_changed_source_is_derived_again_and_the_old_file_goes(tmp_path: Path) -> None:
    source, cache = tmp_path / "words.txt", tmp_path / "cache"
    source.write_text("one two", encoding="utf-8")
    built: list[str] = []

    def build() -> tuple[list[str], list[str]]:
        built.append(source.read_text(encoding="utf-8"))
        words = source.read_text(encoding="utf-8").split()
        return words, words

    def read(data: object) -> list[str]:
        if not isinstance(data, list):
            raise TypeError("not a word list")
        return [str(w) for w in data]

    assert cached_json(cache, "words", [source], 1, build, read) == ["one", "two"]
    assert cached_json(cache, "words", [source], 1, build, read) == ["one", "two"]
    assert len(built) == 1
    (old,) = cache.glob("words-*.json")
    source.write_text("three", encoding="utf-8")
    assert cached_json(cache, "words", [source], 1, build, read) == ["three"]
    assert len(built) == 2 and not old.exists() and len(list(cache.glob("words-*.json"))) == 1
    assert cached_json(None, "words", [source], 1, build, read) == ["three"]
    assert len(built) == 3  # no cache folder: derived each time


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    source, cache = tmp_path / "words.txt", tmp_path / "cache"
    source.write_text("one", encoding="utf-8")
    cache.write_text("a file where the folder should be", encoding="utf-8")
    assert cached_json(cache, "words", [source], 1, lambda: (["one"], ["one"]), list) == ["one"]
    assert cache.read_text(encoding="utf-8") == "a file where the folder should be"
