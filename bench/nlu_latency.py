"""Intent-model latency only, any number of model folders side by side in one run:

    python -m bench.nlu_latency models/intent /tmp/old /tmp/student [--runs 2000]

The same loop as ``bench.nlu_compare`` (``IntentModel.run`` on the 12-word utterance, one
thread, the models interleaved so machine load hits all alike; wall and calling-thread CPU
time), without the accuracy runs; prints one line per folder and the ratio to the first.
Writes nothing: the dated side-by-side table with accuracy is ``bench.nlu_compare``'s.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.nlu_compare import latencies
from pipelines.language.onnx_model import IntentModel


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", type=Path, nargs="+", help="model folders (intent.int8.onnx…)")
    parser.add_argument("--runs", type=int, default=2000)
    args = parser.parse_args(argv)
    models: dict[str, IntentModel] = {}
    for index, folder in enumerate(args.folders):
        name = str(folder) if str(folder) not in models else f"{folder} (#{index + 1})"
        models[name] = IntentModel(folder, threads=1)  # a folder twice: a noise check
        models[name].load()
    result = latencies(models, args.runs)
    base = next(iter(result.values()))["cpu_p50_ms"]
    for name, row in result.items():
        print(
            f"{name}: thread CPU p50 {row['cpu_p50_ms']:.2f} ms (x{row['cpu_p50_ms'] / base:.2f}),"
            f" wall p50 {row['wall_p50_ms']:.2f} ms, fastest {row['wall_min_ms']:.2f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
