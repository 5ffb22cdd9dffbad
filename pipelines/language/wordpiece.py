"""BERT WordPiece tokenization in plain Python, for when the ``tokenizers`` library is absent.

The Linux installers leave ``tokenizers`` (8 MB of Rust) out; the intent model's
``tokenizer.json`` describes a plain BERT pipeline that this module applies with the same
results -- ids *and* character offsets into the original text (the slot tagger needs them):
BertNormalizer (clean text, pad CJK ideographs, strip accents, lowercase), BertPreTokenizer
(split on whitespace and punctuation), WordPiece (greedy longest match, ``##`` continuations),
``[CLS] ... [SEP]``, right truncation. tests/packaging/test_pkg_wordpiece.py compares it with
``tokenizers`` on every sentence the project has. Anything else in a tokenizer.json is refused.
"""

from __future__ import annotations

import json
import re
import string
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_CJK = (
    (0x4E00, 0x9FFF),
    (0x3400, 0x4DBF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B73F),
    (0x2B740, 0x2B81F),
    (0x2B820, 0x2CEAF),
    (0xF900, 0xFAFF),
    (0x2F800, 0x2FA1F),
)
_ASCII_PUNCT = frozenset(string.punctuation)
_PUNCT_CLASS = "".join("\\" + ch for ch in string.punctuation)
_ASCII_WORDS = re.compile(f"[{_PUNCT_CLASS}]|[^\\s{_PUNCT_CLASS}]+")
"""Printable ASCII text: each punctuation mark, and each run of other non-space characters."""
_CACHE_WORDS = 4096
_OPTIONS = frozenset(
    ("clean_text", "chinese", "lowercase", "strip_accents", "unk", "prefix", "max_word",
     "max_length")
)  # fmt: skip
"""The settings :meth:`WordPieceTokenizer.to_data` keeps beside the vocabulary."""


def _is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _CJK)


def _is_punct(ch: str) -> bool:
    return ch in _ASCII_PUNCT or unicodedata.category(ch).startswith("P")


def _is_dropped(ch: str) -> bool:
    """NUL, U+FFFD and control/format characters other than tab, newline, return."""
    if ch in "\t\n\r":
        return False
    return ch in ("\0", "\ufffd") or unicodedata.category(ch).startswith("C")


@dataclass(frozen=True)
class Encoding:
    ids: list[int]
    offsets: list[tuple[int, int]]
    tokens: list[str]


class WordPieceTokenizer:
    """The subset of ``tokenizers.Tokenizer`` the intent model uses."""

    def __init__(self, config: dict[str, Any]) -> None:
        normalizer, model = config.get("normalizer") or {}, config.get("model") or {}
        pre, post = config.get("pre_tokenizer") or {}, config.get("post_processor") or {}
        wanted = (
            normalizer.get("type") == "BertNormalizer"
            and pre.get("type") == "BertPreTokenizer"
            and model.get("type") == "WordPiece"
            and post.get("type") in ("TemplateProcessing", "BertProcessing")
        )
        if not wanted:
            raise ValueError("not a BERT WordPiece tokenizer.json; install `tokenizers`")
        lowercase = bool(normalizer.get("lowercase", True))
        strip = normalizer.get("strip_accents")
        truncation = config.get("truncation") or {}
        options = {
            "clean_text": bool(normalizer.get("clean_text", True)),
            "chinese": bool(normalizer.get("handle_chinese_chars", True)),
            "lowercase": lowercase,
            "strip_accents": lowercase if strip is None else bool(strip),
            "unk": str(model.get("unk_token", "[UNK]")),
            "prefix": str(model.get("continuing_subword_prefix", "##")),
            "max_word": int(model.get("max_input_chars_per_word", 100)),
            "max_length": truncation.get("max_length"),
        }
        self._setup(options, dict(model["vocab"]))

    def _setup(self, options: dict[str, Any], vocab: dict[str, int]) -> None:
        self.options = options
        """The settings read from tokenizer.json (kept with the vocabulary by to_data())."""
        self.clean_text = bool(options["clean_text"])
        self.chinese = bool(options["chinese"])
        self.lowercase = bool(options["lowercase"])
        self.strip_accents = bool(options["strip_accents"])
        self.vocab: dict[str, int] = vocab
        self.unk = str(options["unk"])
        self.prefix = str(options["prefix"])
        self.max_word = int(options["max_word"])
        self.cls, self.sep = "[CLS]", "[SEP]"
        for token in (self.unk, self.cls, self.sep):
            if token not in self.vocab:
                raise ValueError(f"tokenizer.json has no {token} token")
        self.max_length: int | None = options["max_length"]
        self._pieces: dict[str, list[tuple[str, int, int]]] = {}

    def to_data(self) -> dict[str, Any]:
        """What this tokenizer read, as JSON data (the words in id order): :meth:`from_data`
        builds the same tokenizer from it in a third of the time tokenizer.json takes."""
        words = sorted(self.vocab, key=self.vocab.__getitem__)
        ids = [self.vocab[w] for w in words]
        dense = ids == list(range(len(ids)))
        return {"options": self.options, "words": words, "ids": None if dense else ids}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> WordPieceTokenizer:
        """The tokenizer :meth:`to_data` described; ValueError/KeyError/TypeError for data
        that is not such a description."""
        words, ids = data["words"], data["ids"]
        if not isinstance(words, list):
            raise ValueError("the vocabulary is not a list of words")
        "".join(words)  # TypeError for anything but text, at C speed (30,000 words)
        numbers = range(len(words)) if ids is None else ids
        if ids is not None and (len(ids) != len(words) or not all(type(i) is int for i in ids)):
            raise ValueError("the vocabulary's ids do not match its words")
        options = data["options"]
        if not isinstance(options, dict) or set(options) != _OPTIONS:
            raise ValueError("the tokenizer's options are not the expected ones")
        tokenizer = cls.__new__(cls)
        tokenizer._setup(options, dict(zip(words, numbers, strict=True)))
        return tokenizer

    @classmethod
    def from_file(cls, path: str | Path) -> WordPieceTokenizer:
        return cls(json.loads(Path(path).read_text(encoding="utf-8")))

    def no_padding(self) -> None:
        """Padding is never applied (the caller pads the batch)."""

    def enable_truncation(self, max_length: int) -> None:
        self.max_length = max_length

    # -- the pipeline ---------------------------------------------------------------------------
    def _normalize(self, text: str) -> tuple[str, list[int] | range]:
        """The normalized text and, for each of its characters, the original index."""
        if text.isascii() and text.isprintable():  # nothing to drop, pad, strip or widen
            return (text.lower() if self.lowercase else text), range(len(text))
        chars: list[str] = []
        origin: list[int] = []
        for index, ch in enumerate(text):
            if self.clean_text:
                if _is_dropped(ch):
                    continue
                if ch.isspace():
                    ch = " "
            pieces = [" ", ch, " "] if self.chinese and _is_cjk(ch) else [ch]
            for piece in pieces:
                if self.strip_accents:
                    piece = "".join(
                        c
                        for c in unicodedata.normalize("NFD", piece)
                        if unicodedata.category(c) != "Mn"
                    )
                if self.lowercase:
                    piece = piece.lower()
                chars.extend(piece)
                origin.extend([index] * len(piece))
        return "".join(chars), origin

    @staticmethod
    def _words(text: str) -> list[tuple[int, int]]:
        """Spans of the words: whitespace separates, each punctuation mark is its own word."""
        if text.isascii():
            return [match.span() for match in _ASCII_WORDS.finditer(text)]
        spans: list[tuple[int, int]] = []
        start = -1
        for i, ch in enumerate(text):
            if ch.isspace() or _is_punct(ch):
                if start >= 0:
                    spans.append((start, i))
                    start = -1
                if not ch.isspace():
                    spans.append((i, i + 1))
            elif start < 0:
                start = i
        if start >= 0:
            spans.append((start, len(text)))
        return spans

    def _wordpiece(self, word: str) -> list[tuple[str, int, int]]:
        """The word's pieces (remembered: commands repeat the same few hundred words)."""
        pieces = self._pieces.get(word)
        if pieces is None:
            if len(self._pieces) >= _CACHE_WORDS:
                self._pieces.clear()
            pieces = self._pieces[word] = self._split_word(word)
        return pieces

    def _split_word(self, word: str) -> list[tuple[str, int, int]]:
        if len(word) > self.max_word:
            return [(self.unk, 0, len(word))]
        pieces: list[tuple[str, int, int]] = []
        start = 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else self.prefix + word[start:end]
                if piece in self.vocab:
                    pieces.append((piece, start, end))
                    break
                end -= 1
            if end == start:
                return [(self.unk, 0, len(word))]
            start = end
        return pieces

    def encode(self, text: str) -> Encoding:
        normalized, origin = self._normalize(text)
        tokens: list[tuple[str, int, int]] = []
        for w_start, w_end in self._words(normalized):
            for piece, a, b in self._wordpiece(normalized[w_start:w_end]):
                first, last = origin[w_start + a], origin[w_start + b - 1]
                tokens.append((piece, first, last + 1))
        if self.max_length is not None:
            tokens = tokens[: max(self.max_length - 2, 0)]
        tokens = [(self.cls, 0, 0), *tokens, (self.sep, 0, 0)]
        return Encoding(
            ids=[self.vocab[t] for t, _, _ in tokens],
            offsets=[(a, b) for _, a, b in tokens],
            tokens=[t for t, _, _ in tokens],
        )

    def encode_batch(self, texts: list[str]) -> list[Encoding]:
        return [self.encode(t) for t in texts]
