"""The committed int8 intent model, end to end through the real recogniser."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pipelines.core.intent import INTENTS, NO_ACTION_INTENTS
from pipelines.language.loader import intent_model_dir, load_recognizer
from pipelines.language.onnx_model import MODEL_FILE, IntentModel
from pipelines.language.recognizer import OnnxIntentRecognizer

pytestmark = pytest.mark.skipif(
    not IntentModel.available(intent_model_dir()),
    reason="models/intent/ has no bundled model (rebuild: python -m training.build)",
)


@pytest.fixture(scope="module")
def recognizer() -> OnnxIntentRecognizer:
    rec = OnnxIntentRecognizer(intent_model_dir(), threads=1)
    rec.prepare()
    return rec


GOLDEN: list[tuple[str, str, dict[str, Any]]] = [
    ("set a timer for five minutes", "timer_start", {"duration": 300}),
    ("start a pasta timer for an hour and a half", "timer_start", {"duration": 5400}),
    ("how much time is left on the timer", "timer_status", {}),
    ("cancel the timer", "timer_cancel", {}),
    ("wake me up at half past seven", "alarm_set", {"time": "07:30"}),
    ("set an alarm for 7 pm tomorrow", "alarm_set", {"time": "19:00", "date": "tomorrow"}),
    ("add eggs, milk and butter to my shopping list", "list_add",
     {"item": ["eggs", "milk", "butter"], "list": "shopping"}),
    ("what's on my shopping list", "list_query", {"list": "shopping"}),
    ("what time is it", "time_query", {}),
    ("what's the date today", "date_query", {}),
    ("turn on the kitchen lights", "light_on", {"room": "kitchen"}),
    ("switch off the lights in the bedroom", "light_off", {"room": "bedroom"}),
    ("set the living room lamp to fifty percent", "light_set", {"room": "living room"}),
    ("turn the volume up", "volume_up", {}),
    ("next song", "media_next", {}),
    ("find me a recipe for banana bread", "recipe_find", {"recipe": "banana bread"}),
    ("what's the next step", "recipe_step_next", {}),
    ("go to step three", "recipe_step_goto", {"step": 3}),
    ("double the recipe", "recipe_scale", {}),
    ("where are my keys", "object_locate", {"object": "keys"}),
    ("hello there", "greeting", {}),
    ("what can you do", "help", {}),
    ("what's the weather like tomorrow", "unsupported_online", {}),
    ("read me the latest news headlines", "unsupported_online", {}),
    ("tell me a joke", "smalltalk", {}),
    # Content the speaker does not have needs the internet; controlling what plays is media
    # (the podcast/audiobook/radio product decision, issue 20).
    ("find a podcast about gardening", "unsupported_online", {}),
    ("play the latest episode of the motoring hour", "unsupported_online", {}),
    ("put on an audiobook for the kids", "unsupported_online", {}),
    ("play the news on the kitchen speaker", "unsupported_online", {}),
    ("resume the podcast", "media_play", {}),
    ("pause the audiobook", "media_pause", {}),
    ("turn the radio up", "volume_up", {}),
    ("play", "media_play", {}),
    ("skip to the next episode", "media_next", {}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "intent", "slots"), GOLDEN)
def test_golden_utterances(
    recognizer: OnnxIntentRecognizer, text: str, intent: str, slots: dict[str, Any]
) -> None:
    result = recognizer.recognize(text)
    assert result.name == intent, result.to_dict()
    for slot, value in slots.items():
        assert result.slots.get(slot) == value, result.to_dict()
    assert 0.0 <= result.confidence <= 1.0
    assert result.text == text


def test_raw_slots_keep_the_spoken_words(recognizer: OnnxIntentRecognizer) -> None:
    result = recognizer.recognize("set a timer for an hour and a half")
    assert result.slots["duration"] == 5400
    assert result.raw_slots["duration"] == "an hour and a half"


def test_below_the_threshold_the_top_two_are_offered() -> None:
    unsure = OnnxIntentRecognizer(intent_model_dir(), threads=1, threshold=1.01)
    unsure.prepare()
    result = unsure.recognize("lights")
    assert len(result.alternatives) == 2
    assert all(name in INTENTS for name, _ in result.alternatives)
    assert result.alternatives[0][1] >= result.alternatives[1][1]
    sure = OnnxIntentRecognizer(intent_model_dir(), threads=1, threshold=0.0)
    sure.prepare()
    assert sure.recognize("lights").alternatives == ()


def test_empty_or_symbol_only_text_is_out_of_scope(recognizer: OnnxIntentRecognizer) -> None:
    assert recognizer.recognize("").name == "out_of_scope"
    assert recognizer.recognize("?!").name in NO_ACTION_INTENTS


def test_taught_phrasing_is_used_at_once(app: Any) -> None:
    from pipelines.language.taught import TaughtExamples

    rec = load_recognizer(app)
    rec.prepare()
    phrase = "abracadabra lumos maxima"
    assert rec.recognize(phrase).name != "light_on"
    TaughtExamples(app).add("light_on", phrase)
    rec = load_recognizer(app)
    rec.prepare()
    assert rec.recognize(phrase).name == "light_on"
    assert rec.recognize("Abracadabra, lumos maxima!").name == "light_on"
    rows = app.db.query("SELECT intent, text FROM nlu_examples")
    assert [(r[0], r[1]) for r in rows] == [("light_on", phrase)]


def test_runtime_needs_neither_torch_nor_transformers() -> None:
    code = (
        "import sys\n"
        "from pipelines.language.recognizer import OnnxIntentRecognizer\n"
        "from pipelines.language.loader import intent_model_dir\n"
        "r = OnnxIntentRecognizer(intent_model_dir()); r.prepare()\n"
        "print(r.recognize('turn off the lights').name)\n"
        "assert 'torch' not in sys.modules and 'transformers' not in sys.modules\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    assert out.stdout.strip() == "light_off"


def test_model_files_are_small_enough() -> None:
    assert (intent_model_dir() / "intent.int8.onnx").stat().st_size <= 25_000_000


def test_an_old_versions_optimised_copy_unused_for_a_week_is_deleted(tmp_path: Path) -> None:
    """A model update (another file: size/date in the copy's name) leaves no 23 MB copy
    behind for good; one another install used recently stays, other models' copies stay."""
    import os
    import time

    from pipelines.language.onnx_model import STALE_DAYS

    week_ago = time.time() - (STALE_DAYS + 1) * 86400
    stale = tmp_path / "intent.int8-23052796-1796680813-ort1.32.0-unfused-sln.ort"
    recent = tmp_path / "intent.int8-23052796-1796689999-ort1.31.0-unfused-sln.ort"
    other = tmp_path / "other-model-1-2-ort1.32.0.ort"
    for path in (stale, recent, other):
        path.write_bytes(b"an optimised copy")
    os.utime(stale, (week_ago, week_ago))
    os.utime(other, (week_ago, week_ago))
    model = IntentModel(intent_model_dir(), cache_dir=tmp_path)
    model.load()
    cached = model.cached_model()
    assert cached is not None and cached.is_file()
    assert not stale.exists()
    assert recent.exists() and other.exists()
    # loading from the copy marks it used, so another install's cleanup keeps it
    os.utime(cached, (week_ago, week_ago))
    IntentModel(intent_model_dir(), cache_dir=tmp_path).load()
    assert cached.stat().st_mtime > week_ago + 86400
    # and a start that only reads its copy also clears what went stale since (the usual case:
    # the old version's copy was used the day of the update, a week before)
    os.utime(recent, (week_ago, week_ago))
    IntentModel(intent_model_dir(), cache_dir=tmp_path).load()
    assert not recent.exists() and cached.exists()


def test_optimised_copy_is_cached_and_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    first = IntentModel(intent_model_dir(), cache_dir=tmp_path)
    first.load()
    cached = first.cached_model()
    assert cached is not None and cached.is_file() and cached.suffix == ".ort"
    second = IntentModel(intent_model_dir(), cache_dir=tmp_path)
    second.load()
    same = second.run(["turn off the lights"]).probs
    assert abs(float(same.max()) - float(first.run(["turn off the lights"]).probs.max())) < 1e-5
    cached.write_bytes(b"not a model")
    third = IntentModel(intent_model_dir(), cache_dir=tmp_path)
    third.load()
    assert third.run(["turn off the lights"]).probs.shape == same.shape
    assert cached.stat().st_size > 1000


def test_the_session_leaves_the_slow_fusions_out(tmp_path: Path) -> None:
    """SkipLayerNormalization is slower than the Add + LayerNormalization it fuses at command
    size (SLOW_FUSIONS): the optimised copy must not contain it, yet give the same answers as
    a session with every fusion."""
    import numpy as np
    import onnxruntime as ort

    from pipelines.language.onnx_model import SLOW_FUSIONS

    model = IntentModel(intent_model_dir(), cache_dir=tmp_path / "ours")
    model.load()
    cached = model.cached_model()
    assert cached is not None and cached.is_file()
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    options.optimized_model_filepath = str(tmp_path / "all-fusions.ort")
    options.add_session_config_entry("session.save_model_format", "ORT")
    fused = ort.InferenceSession(model.model_path, options, providers=["CPUExecutionProvider"])
    ops = [b"SkipLayerNormalization"]
    assert len(SLOW_FUSIONS) == len(ops)
    everything = (tmp_path / "all-fusions.ort").read_bytes()
    assert all(op in everything for op in ops)  # the check can see a fused op
    assert not any(op in cached.read_bytes() for op in ops)
    ids = model.tokenizer.encode("set a timer for ten minutes").ids
    feed = {"input_ids": np.array([ids]), "attention_mask": np.ones((1, len(ids)), np.int64)}
    ours, theirs = model.session.run(None, feed)[0], fused.run(None, feed)[0]
    assert float(np.abs(ours - theirs).max()) < 1e-4


def test_a_one_shot_recognizer_loads_the_model_only_when_the_grammars_do_not_read_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`homebody ask "what time is it in Tokyo"` never starts onnxruntime; a request the
    grammars leave to the model loads it then, and the answer is the same as when loaded
    up front."""
    monkeypatch.setenv("HOMEBODY_HOME", str(tmp_path / "home"))
    lazy = OnnxIntentRecognizer(intent_model_dir(), threads=1, on_demand=True)
    lazy.prepare()
    assert lazy.model.session is None
    assert lazy.recognize("what time is it in Tokyo").name == "time_query"
    assert lazy.recognize("convert 5 miles to km").name == "unit_convert"
    assert lazy.model.session is None
    eager = OnnxIntentRecognizer(intent_model_dir(), threads=1)
    eager.prepare()
    assert eager.model.session is not None
    text = "set a timer for five minutes"
    assert lazy.recognize(text).name == eager.recognize(text).name == "timer_start"
    assert lazy.model.session is not None


def test_the_tokenizer_is_plain_python_for_bert_and_the_library_for_other_kinds(
    tmp_path: Path,
) -> None:
    """The bundled BERT tokenizer.json loads as the plain-Python WordPiece (no `tokenizers`
    import, no thread pool); any other kind goes to `tokenizers`; a damaged file is a
    ModelError that says what to do."""
    from pipelines.core.errors import ModelError
    from pipelines.language.wordpiece import WordPieceTokenizer

    bundled = IntentModel(intent_model_dir())
    assert isinstance(bundled._tokenizer(), WordPieceTokenizer)
    tokenizers = pytest.importorskip("tokenizers")
    other = tokenizers.Tokenizer(tokenizers.models.BPE(unk_token="[UNK]"))
    for name in ("labels.json", MODEL_FILE):
        (tmp_path / name).write_bytes((intent_model_dir() / name).read_bytes())
    other.save(str(tmp_path / "tokenizer.json"))
    assert isinstance(IntentModel(tmp_path)._tokenizer(), tokenizers.Tokenizer)
    (tmp_path / "tokenizer.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="damaged"):
        IntentModel(tmp_path).load()


def test_a_damaged_model_file_is_a_model_error(tmp_path: Path) -> None:
    """A damaged intent.int8.onnx fails the request with a ModelError that says what to do
    (onnxruntime's own InvalidProtobuf used to escape as a traceback)."""
    from pipelines.core.errors import ModelError

    for name in ("labels.json", "tokenizer.json"):
        (tmp_path / name).write_bytes((intent_model_dir() / name).read_bytes())
    (tmp_path / MODEL_FILE).write_bytes(b"not a model")
    broken = OnnxIntentRecognizer(tmp_path, on_demand=True)
    with pytest.raises(ModelError, match="could not load the intent model"):
        broken.recognize("add milk to my shopping list")
