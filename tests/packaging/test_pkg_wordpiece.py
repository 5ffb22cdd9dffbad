"""The intent model's tokenizer without the ``tokenizers`` library: pipelines/language/
wordpiece.py must give the same ids and character offsets as ``tokenizers`` for every sentence
the project has, plus awkward Unicode. The installers carry the library again (Whisper's
tokenizer needs it, issue 25); the fallback still serves installs where it fails to load."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from pipelines.core.paths import bundled_models_dir
from pipelines.language.wordpiece import WordPieceTokenizer

tokenizers = pytest.importorskip("tokenizers")

TOKENIZER = bundled_models_dir() / "intent" / "tokenizer.json"
ODD = (
    "aéÉİßﬁ ½²\t\n\x0b\x0c\x85\u2028\u00a0\u200b\u0301中文日本語한국어😀$+<=>^`|~!?.,-—'\"()[]{}"
    "@#%&*_/\\:;ÀÖøÅ\u0000\ufffd\u00ad0123456789ǅΣσς"
)


def _pair(max_length: int = 32) -> tuple[object, WordPieceTokenizer]:
    if not TOKENIZER.is_file():
        pytest.skip("the intent model is not built")
    ref = tokenizers.Tokenizer.from_file(str(TOKENIZER))
    mine = WordPieceTokenizer.from_file(TOKENIZER)
    for tok in (ref, mine):
        tok.no_padding()
        tok.enable_truncation(max_length=max_length)
    return ref, mine


def _assert_same(texts: list[str], max_length: int = 32) -> None:
    ref, mine = _pair(max_length)
    for text, want, got in zip(
        texts, ref.encode_batch(texts), mine.encode_batch(texts), strict=True
    ):
        assert got.ids == want.ids, (text, want.tokens, got.tokens)
        assert got.offsets == [tuple(o) for o in want.offsets], (text, want.offsets)


def test_same_ids_and_offsets_on_the_templates_and_awkward_unicode() -> None:
    from pipelines.language.templates import sample_sentences

    rng = random.Random(7)
    texts = list(sample_sentences(3000, seed=1))
    texts += ["".join(rng.choice(ODD) for _ in range(rng.randint(0, 40))) for _ in range(2000)]
    texts += ["", "   ", "x" * 150 + " word", "supercalifragilisticexpialidocious " * 12]
    texts += ["Set a timer for 10 minutes, please!", "What's the weather in Zürich?"]
    _assert_same(texts)
    _assert_same(texts[:200], max_length=8)  # truncation keeps [CLS] ... [SEP]


def test_same_ids_and_offsets_on_plain_ascii_and_repeated_words() -> None:
    """ASCII text takes a shorter path (no per-character Unicode lookups) and words' pieces
    are remembered: both must still match ``tokenizers``, control characters included."""
    import string

    rng = random.Random(11)
    alphabet = (
        string.ascii_letters + string.digits + string.punctuation + "    \t\n\r\x0b\x1f\x7f\0"
    )
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(3000)]
    words = ["timer", "Timer", "TIMERS", "unaffable", "don't", "x" * 120, "q-tip", "5:30pm"]
    texts += [" ".join(rng.choice(words) for _ in range(rng.randint(1, 9))) for _ in range(500)]
    _assert_same(texts)
    _assert_same(texts, max_length=8)


def test_same_ids_and_offsets_on_the_shared_intent_corpora(shared: Path) -> None:
    folder = shared / "data" / "intents"
    texts = [
        json.loads(line)["sentence"]
        for line in (folder / "slurp" / "devel.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    texts += (folder / "slurp" / "lm.txt").read_text(encoding="utf-8").splitlines()
    for path in sorted((folder / "home-assistant").rglob("*.yaml")):
        texts += path.read_text(encoding="utf-8").splitlines()
    assert len(texts) > 10_000
    _assert_same(texts)


def test_other_tokenizers_are_refused(tmp_path: Path) -> None:
    config = {"model": {"type": "BPE", "vocab": {}}, "normalizer": None}
    with pytest.raises(ValueError, match="install `tokenizers`"):
        WordPieceTokenizer(config)


def test_the_intent_model_loads_and_agrees_without_the_library(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As in the installers: ``import tokenizers`` fails, the model still answers the same."""
    from pipelines.language.onnx_model import IntentModel

    if not TOKENIZER.is_file():
        pytest.skip("the intent model is not built")
    with_library = IntentModel(TOKENIZER.parent)
    with_library.load()  # the plain-Python WordPiece by choice (it loads faster): swap it
    with_library.tokenizer, _ = _pair(int(with_library.labels.get("max_len", 32)))
    assert isinstance(with_library.tokenizer, tokenizers.Tokenizer)
    monkeypatch.setitem(sys.modules, "tokenizers", None)
    without = IntentModel(TOKENIZER.parent)
    without.load()
    assert isinstance(without.tokenizer, WordPieceTokenizer)
    texts = ["set a timer for five minutes", "turn on the kitchen light", "what time is it"]
    a, b = with_library.run(texts), without.run(texts)
    assert a.tags == b.tags and a.offsets == b.offsets
    assert (a.probs.argmax(axis=1) == b.probs.argmax(axis=1)).all()


def test_the_installers_carry_the_library_whisper_needs() -> None:
    from homebody_packaging import bundle_data

    assert "tokenizers" not in bundle_data.EXCLUDED_MODULES
