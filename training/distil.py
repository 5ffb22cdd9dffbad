"""Distil the fine-tuned teacher into a grouped SqueezeBERT student (groups=4 in q/k/v,
intermediate and output, as in the SqueezeBERT paper) and compare accuracy x latency.

    python -m training.build --skip-train --student [--student-epochs 1.0]

The student is exported next to the teacher in the work folder; it replaces the shipped
model only if it is at least as accurate (held-out) and faster.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from typing import Any


def int8_latency_ms(folder: Path, model_file: str, runs: int = 200) -> float:
    from pipelines.language.onnx_model import IntentModel

    model = IntentModel(folder, threads=1, model_file=model_file)
    model.load()
    text = "could you please set a timer for the pasta for twelve minutes thanks"
    for _ in range(20):
        model.run([text])
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        model.run([text])
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def distil(
    teacher: Any,
    train_rows: list[dict[str, Any]],
    val_rows: list[dict[str, Any]],
    test_rows: list[dict[str, Any]],
    data: Any,
    args: Any,
    report: dict[str, Any],
) -> dict[str, Any]:
    import torch

    from .export import export_model
    from .minilm import minilm_dir
    from .model import grouped_student, truncated_student
    from .train import TrainConfig, evaluate, fit_temperature, predict, train

    layers = getattr(args, "student_layers", 0)
    result: dict[str, Any]
    if layers:  # the teacher's bottom layers, same width: fewer layers is what int8 latency needs
        student = truncated_student(teacher, layers)
        if getattr(args, "student_init", None):  # or an earlier N-layer model, trained further
            student.load_state_dict(torch.load(args.student_init))
        config = TrainConfig(epochs=args.student_epochs, lr=8e-5, log_every=25, seed=args.seed)
        result = {"layers": layers}
    else:
        student = grouped_student(teacher, groups=4)
        config = TrainConfig(epochs=args.student_epochs, lr=2e-4, log_every=25)
        result = {"groups": 4}
    student.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    result["train"] = train(
        student, train_rows, config, teacher=teacher, log=lambda m: print(m, flush=True)
    )
    torch.save(student.state_dict(), args.work / "student.pt")  # to start a longer run from
    logits, _ = predict(student, val_rows)
    # A --final build trained on the validation rows: keep the temperature it was given.
    temperature = getattr(args, "temperature", 0.0) or fit_temperature(
        logits, torch.tensor([r["intent"] for r in val_rows])
    )
    result["temperature"] = temperature
    result["test"] = evaluate(student, test_rows, data.test, temperature)
    folder = args.work / "student"  # fp32 goes to work/student.fp32.onnx
    result["export"] = export_model(
        student, folder, temperature, minilm_dir() / "tokenizer.json", args.max_len,
        args.work, name="student",
    )  # fmt: skip
    model_file = "student.int8.onnx"
    if layers:  # a complete model folder, like models/intent/ (bench.nlu_compare --new it)
        model_file = "intent.int8.onnx"
        (folder / "student.int8.onnx").replace(folder / model_file)
        result["export"]["int8_path"] = str(folder / model_file)
    result["int8_p50_ms"] = int8_latency_ms(folder, model_file)
    result["teacher_int8_p50_ms"] = int8_latency_ms(args.out, "intent.int8.onnx")
    report["student"] = result
    (args.work / "student.json").write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))
    return result
