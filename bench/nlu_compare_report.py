"""Markdown for ``bench.nlu_compare`` (kept apart so the runner stays short)."""

from __future__ import annotations

from typing import Any

GROUPS = (
    ("all", "Held-out, all (bare model)"),
    ("templates", "  own held-out templates"),
    ("slurp-supported", "  SLURP devel test bucket, supported"),
    ("slurp-no-action", "  SLURP devel test bucket, online/out-of-scope"),
    ("slurp-lm-online", "  SLURP lm.txt online sentences"),
    ("home-assistant", "  Home Assistant held-out templates"),
)


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def _app_rows(side: dict[str, Any]) -> list[str]:
    app = side["app"]
    req, slurp, hass = app["requests"], app["slurp"] or {}, app["hass"] or {}
    test, whole, dev = slurp.get("test", {}), slurp.get("all", {}), slurp.get("dev", {})
    return [
        pct(req["intent"].get("all")),
        pct(req["slots"].get("all")),
        pct(whole.get("handled_accuracy")),
        pct(whole.get("false_action_rate")),
        pct(test.get("handled_accuracy")),
        pct(test.get("handled_confident")),
        pct(test.get("false_action_rate")),
        pct(dev.get("handled_accuracy")),
        pct(dev.get("false_action_rate")),
        pct(hass.get("accuracy")),
        pct(app["todays_heldout"]["accuracy"].get("all")),
    ]


def render(result: dict[str, Any]) -> str:
    old, new = result["today"], result["new"]
    lat = result["latency"]
    rows = [[label, pct(old["bare"].get(k)), pct(new["bare"].get(k))] for k, label in GROUPS]
    app_labels = (
        "Round-2 requests, intents (app)",
        "Round-2 requests, intents + slots (app)",
        "SLURP devel, all of it, handled (app)",
        "SLURP devel, all of it, false actions (app)",
        "SLURP devel test bucket, handled (app)",
        "  of them sure enough to act (confidence >= threshold; else a question)",
        "SLURP devel test bucket, false actions (app)",
        "SLURP devel dev part (choices made on it), handled (app)",
        "SLURP devel dev part, false actions (app)",
        "Home Assistant held-out (app)",
        "Today's held-out split (app)",
    )
    rows += [
        [label, a, b]
        for label, a, b in zip(app_labels, _app_rows(old), _app_rows(new), strict=True)
    ]
    rows += [
        ["int8 p50, 12 words, 1 thread (wall)", f"{lat['today']['wall_p50_ms']:.2f} ms",
         f"{lat['new']['wall_p50_ms']:.2f} ms"],
        ["int8 p50 (thread CPU time)", f"{lat['today']['cpu_p50_ms']:.2f} ms",
         f"{lat['new']['cpu_p50_ms']:.2f} ms"],
        ["int8 fastest run (wall)", f"{lat['today']['wall_min_ms']:.2f} ms",
         f"{lat['new']['wall_min_ms']:.2f} ms"],
        ["size", f"{old['size_mb']:.1f} MB", f"{new['size_mb']:.1f} MB"],
        ["encoder layers", str(old["layers"]), str(new["layers"])],
        ["calibration temperature", str(old.get("temperature", "n/a")),
         str(new.get("temperature", "n/a"))],
    ]  # fmt: skip
    from bench.report import table

    ratio = lat["new"]["cpu_p50_ms"] / max(1e-9, lat["today"]["cpu_p50_ms"])
    return (
        table(["measure", "today's model", "new model"], rows)
        + "\n\nSLURP devel.jsonl is evaluation only (issue 20): its test bucket is held out, "
        "its dev part is where choices such as the calibration temperature may be made. "
        "(The model shipped before 2026-12-07 trained on 60% of devel; a model card says when "
        "one did.) The SLURP lm.txt sentences (a different file: unlabelled text) stay in "
        "training as keyword-labelled online requests."
        + f"\n\nNew/today latency ratio (thread CPU time, same run): {ratio:.2f}. The two "
        "models ran interleaved in one process; the machine was shared with parallel work, "
        "so absolute times are inflated, the ratio is the comparison.\n"
    )
