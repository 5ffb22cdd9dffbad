"""Export saved checkpoints again, without training: one checkpoint, or the average of several
fine-tuned from the same start (a "model soup", Wortsman et al. 2022), with a chosen
calibration temperature.

    python -m training.reexport --layers 3 --temperature 2.0 --out /tmp/soup \\
        --checkpoint /tmp/nlu5/work2/student.pt --checkpoint /tmp/nlu5/work3/student.pt

The folder it writes is a complete model folder like ``models/intent/`` (``bench.nlu_compare
--new`` it); the fp32 export goes to ``--work``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def average(states: list[dict[str, Any]]) -> dict[str, Any]:
    """The element-wise mean of state dicts with the same keys and shapes."""
    keys = set(states[0])
    if any(set(state) != keys for state in states):
        raise ValueError("the checkpoints do not hold the same parameters")
    out = {}
    for key in states[0]:
        tensors = [state[key] for state in states]
        if any(t.shape != tensors[0].shape for t in tensors):
            raise ValueError(f"{key}: the checkpoints' shapes differ")
        out[key] = sum(t.double() for t in tensors[1:]) + tensors[0].double()
        out[key] = (out[key] / len(tensors)).to(tensors[0].dtype)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--checkpoint", type=Path, action="append", required=True)
    parser.add_argument("--layers", type=int, required=True, help="encoder layers they have")
    parser.add_argument("--temperature", type=float, required=True)
    parser.add_argument("--max-len", type=int, default=32)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--work", type=Path, help="fp32 export folder (default: --out/..)")
    args = parser.parse_args(argv)
    import torch
    from transformers import SqueezeBertModel

    from .export import export_model
    from .minilm import minilm_dir, squeezebert_config
    from .model import JointModel

    torch.set_num_threads(1)
    model = JointModel(SqueezeBertModel(squeezebert_config(groups=1, layers=args.layers)))
    states = [torch.load(path, map_location="cpu") for path in args.checkpoint]
    model.load_state_dict(average(states) if len(states) > 1 else states[0])
    model.eval()
    sources = {"checkpoints": [str(p) for p in args.checkpoint], "averaged": len(states) > 1}
    result = export_model(
        model, args.out, args.temperature, minilm_dir() / "tokenizer.json", args.max_len,
        args.work or args.out.parent, name="intent", extra={"reexport": sources},
    )  # fmt: skip
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
