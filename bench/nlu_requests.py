"""What people actually ask, through the app's recogniser (rules + intent model + slot
normalisation): the round-2 held-out request set per capability, SLURP devel mapped onto
Homebody's intents, and the Home Assistant held-out templates. Writes the ``nlu-requests``
section of docs/BENCHMARKS.md.

    python -m bench.nlu_requests [--no-write] [--show-misses]

- ``bench/data/requests_round2.jsonl``: 155 requests written from the issue-20 failures before
  any tuning; never trained on. Intent accuracy and slot accuracy (an expected slot matches
  when the normalised value or the words as said equal it; every expected slot must match and
  no other slot may appear... except those the set leaves open: ``list`` on list requests).
- SLURP devel (``../shared/data/intents/slurp/devel.jsonl``), mapped with the round-2 map
  (reminders, jokes and world-clock questions now have a skill): accuracy on the intents
  Homebody handles and *false actions* on the rest (an action intent at or above the
  confidence threshold for a request Homebody cannot do). Reported on the 30% test bucket
  that training never saw and, for reference, on all of devel.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from bench.round2_labels import ROUND1_HOMES, ROUND2_INTENTS
from pipelines.core.intent import Intent
from pipelines.language.loader import intent_model_dir
from pipelines.language.recognizer import OnnxIntentRecognizer
from training.data import SPLIT_FROZEN

REQUESTS = Path(__file__).parent / "data" / "requests_round2.jsonl"
NO_ACT = frozenset({"unsupported_online", "out_of_scope", "smalltalk", "help", "greeting"})


def _same(expected: Any, got: Any) -> bool:
    if isinstance(expected, list) and isinstance(got, list):
        return [str(e).lower() for e in expected] == [str(g).lower() for g in got]
    if isinstance(expected, int | float) and isinstance(got, int | float):
        return abs(float(expected) - float(got)) < 1e-6
    return str(expected).strip().lower() == str(got).strip().lower()


def slots_match(expected: dict[str, Any], intent: Intent) -> bool:
    for name, value in expected.items():
        if not (
            _same(value, intent.slots.get(name)) or _same(value, intent.raw_slots.get(name, ""))
        ):
            return False
    return True


def requests(recognizer: Any, path: Path = REQUESTS) -> dict[str, Any]:
    hits: Counter[str] = Counter()
    slot_hits: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        got = recognizer.recognize(row["text"])
        ok = got.name == row["intent"]
        slot_ok = ok and slots_match(row["slots"], got)
        for key in (row["capability"], "all"):
            total[key] += 1
            hits[key] += ok
            slot_hits[key] += slot_ok
        if not slot_ok:
            misses.append(
                f"{row['text']!r}: want {row['intent']} {row['slots']}, "
                f"got {got.name} {dict(got.slots)} ({got.confidence:.2f})"
            )
    return {
        "intent": {k: hits[k] / total[k] for k in total},
        "slots": {k: slot_hits[k] / total[k] for k in total},
        "count": dict(total),
        "misses": misses,
    }


def slurp(recognizer: Any, threshold: float) -> dict[str, Any] | None:
    from pipelines.core.paths import shared_dir
    from training.slurp import load_slurp

    shared = shared_dir()
    path = shared / "data" / "intents" / "slurp" / "devel.jsonl" if shared else None
    if path is None or not path.is_file():
        return None
    out: dict[str, Any] = {}
    confusions: Counter[tuple[str, str]] = Counter()
    counts: dict[str, Counter[str]] = {"test": Counter(), "dev": Counter(), "all": Counter()}
    for split, example in load_slurp(path, mapping="round2"):
        got = recognizer.recognize(example.text)
        for part in ("test" if split == "test" else "dev", "all"):
            c = counts[part]
            if example.intent in NO_ACT:
                c["negatives"] += 1
                acted = got.name not in NO_ACT and got.confidence >= threshold
                c["false_actions"] += acted
                c["transport"] += (
                    acted and got.name in TRANSPORT and bool(_CONTROL.search(example.text))
                )
                if example.intent in APART:
                    c["apart_n"] += 1
                    c["apart"] += got.name == example.intent
            else:
                c["handled"] += 1
                c["handled_hits"] += got.name == example.intent
                c["confident_hits"] += got.name == example.intent and got.confidence >= threshold
        if split == "test" and got.name != example.intent:
            confusions[(example.intent, got.name)] += 1
    for part, c in counts.items():
        out[part] = {
            "handled_accuracy": c["handled_hits"] / max(1, c["handled"]),
            "handled_confident": c["confident_hits"] / max(1, c["handled"]),
            "false_action_rate": c["false_actions"] / max(1, c["negatives"]),
            "handled": c["handled"],
            "negatives": c["negatives"],
            "false_actions": c["false_actions"],
            "transport": c["transport"],
            "kept_apart": c["apart"] / max(1, c["apart_n"]),
        }
    out["top_confusions"] = [f"{g} -> {p}: {n}" for (g, p), n in confusions.most_common(10)]
    return out


APART = frozenset({"unsupported_online", "out_of_scope"})
TRANSPORT = frozenset({"media_play", "media_pause", "media_next", "media_previous"})
_CONTROL = re.compile(
    r"\b(?:pause|resume|continue|next|previous|back|skip|replay|restart|beginning|forward)\b"
)
"""Transport words: "pause the audiobook", "next episode" control what the speaker already
plays, which the media skill does by design (:mod:`pipelines.language.media_rules`); SLURP
labels them by content type (play_audiobook, play_podcasts). Counted apart, still false
actions in the headline figure."""


def hass(recognizer: Any) -> dict[str, Any] | None:
    """Home Assistant held-out templates (the 30% training never saw), one sample each."""
    from training.data import build_dataset

    data = build_dataset(per_template=1, use_hass=True)
    tests = [e for e in data.test if e.source.startswith("ha:")]
    if not tests:
        return None
    hits = sum(recognizer.recognize(e.text).name == e.intent for e in tests)
    return {"accuracy": hits / len(tests), "count": len(tests)}


def todays_heldout(recognizer: Any) -> dict[str, Any]:
    """Today's held-out split (bench.nlu's), through the app's recogniser instead of the bare
    model: the rules in front of the model must not cost accuracy there."""
    from bench.nlu import _group
    from training.data import build_dataset

    hits: Counter[str] = Counter()
    total: Counter[str] = Counter()
    relabelled: list[str] = []
    for example in build_dataset(per_template=1, use_hass=True).test:
        if _round2_template(example.source):
            continue  # not part of today's split: written in round 2
        got = recognizer.recognize(example.text).name
        ok = got == example.intent
        if not ok and got in ROUND2_INTENTS and example.intent in ROUND1_HOMES:
            ok = True  # a reminder/joke labelled before those skills existed
            relabelled.append(f"{example.text!r}: {example.intent} -> {got}")
        for key in (_group(example), "all"):
            total[key] += 1
            hits[key] += ok
    return {"accuracy": {k: hits[k] / total[k] for k in total}, "relabelled": relabelled}


ROUND1_TEMPLATES = SPLIT_FROZEN
"""Templates per intent in today's split (``training.data.SPLIT_FROZEN``): round 2 appended
place and holiday templates, the no-devel retrain (2026-12-07) alarm, list, mute, playback and
out-of-scope ones; later templates are not part of today's split."""


def _round2_template(source: str) -> bool:
    intent, _, index = source.partition("/")
    if intent in ROUND2_INTENTS:
        return True
    return intent in ROUND1_TEMPLATES and index.isdigit() and int(index) >= ROUND1_TEMPLATES[intent]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threshold", type=float, default=0.55)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--label", default="current", help="column label in the table")
    args = parser.parse_args(argv)
    recognizer = OnnxIntentRecognizer(intent_model_dir(), threads=1, threshold=args.threshold)
    recognizer.prepare()
    result = {
        "requests": requests(recognizer),
        "slurp": slurp(recognizer, args.threshold),
        "hass": hass(recognizer),
        "todays_heldout": todays_heldout(recognizer),
    }
    misses = result["requests"].pop("misses")
    print(json.dumps(result, indent=1))
    if args.show_misses:
        print("\n".join(misses))
    if not args.no_write:
        write(result, args)
    return 0


def write(result: dict[str, Any], args: argparse.Namespace) -> None:
    from bench.report import table, write_section

    req = result["requests"]

    def pct(v: float) -> str:
        return f"{100 * v:.1f}%"

    rows = [
        [f"{cap} ({req['count'][cap]})", pct(req["intent"][cap]), pct(req["slots"][cap])]
        for cap in sorted(req["count"], key=lambda c: (c == "all", c))
    ]
    body = "Round-2 held-out requests (`bench/data/requests_round2.jsonl`), target >= 95% intents, "
    body += ">= 90% slots:\n\n" + table(["capability (n)", "intent", "intent + slots"], rows)
    s = result.get("slurp")
    if s:
        srows = [
            [
                label,
                f"{pct(s[p]['handled_accuracy'])} of {s[p]['handled']}",
                f"{pct(s[p]['false_action_rate'])} of {s[p]['negatives']}",
                f"{s[p]['transport']} of {s[p]['false_actions']}",
                pct(s[p]["kept_apart"]),
            ]
            for p, label in (
                ("test", "test bucket (never trained on, never tuned on)"),
                ("dev", "dev part (the scope rules' clusters were found here)"),
                ("all", "all of devel"),
            )
        ]
        body += "\n\nSLURP devel mapped onto Homebody's intents (target >= 90% handled, false "
        body += "actions <= 2%). *Transport*: false actions that pause/resume/skip what already "
        body += "plays (the media skill does that by design; SLURP labels them by content type). "
        body += "*Kept apart*: online and out-of-scope requests answered as the right one of the "
        body += "two.\n\n"
        body += table(
            ["part", "handled intents", "false actions", "of them transport", "kept apart"], srows
        )
        body += f"\n\nMost frequent confusions (test bucket): {'; '.join(s['top_confusions'])}."
    h = result.get("hass")
    if h:
        body += f"\n\nHome Assistant held-out templates: {pct(h['accuracy'])} of {h['count']} "
        body += "(target >= 97%).\n"
    t = result["todays_heldout"]
    body += "\nToday's held-out split (as `bench.nlu` builds it) through the app's recogniser: "
    body += ", ".join(f"{k} {pct(v)}" for k, v in sorted(t["accuracy"].items()))
    body += f"; {len(t['relabelled'])} requests moved to a round-2 intent (reminders, small "
    body += "talk) count as right, e.g. " + "; ".join(t["relabelled"][:4]) + ".\n"
    body += (
        "\nThe intent model measured here never saw SLURP devel (shipped 2026-12-07; the one "
        "before trained on 60% of devel, so its devel figures were partly training data: test "
        "bucket 85.5% / 3.3%, all of devel 90.7% / 2.0%). Before round 2 (commit d6219bc, same "
        "set, that earlier model, no grammars): requests 66.5% intents / 54.2% intents + "
        "slots; SLURP test bucket 67.9% handled, 4.1% false actions (all of devel 78.1% / "
        "2.2%); HA 98.3%; the round-2 gains came from the capability grammars and slot repair "
        "in front of and after the model. "
        "The request set and the grammars were written by the same engineer (the set first, "
        "committed before any tuning), so the set's figure is optimistic; SLURP's test bucket "
        "is the independent check. The scope rules (`pipelines/language/scope_rules.py`: "
        "games, a calendar, the playing song's library, spelling -> out of scope; the weather, "
        "naming a song, a dictionary, shops nearby, queueing a named song, tuning a station -> "
        "needs the internet; also ordering food or a ride, and 'I want to hear <a genre>' in "
        "the media grammar) were written from clusters in the dev part only; the test bucket "
        "was only measured (no rule was changed after it). With the same model, before them "
        "(0b8a7ff) and after: test bucket false actions 26 -> 25 of 482, out_of_scope -> "
        "online 35 -> 28, online -> out_of_scope 22 -> 19, handled 82.4% both; dev part false "
        "actions 62 -> 54 of 1,002. Round 3, also from dev-part clusters only (the test bucket "
        "only measured, as totals; none of its requests looked at): making a list ('create a "
        "new list for school supplies' was read as clearing one), general knowledge ('tell me "
        "about X', 'describe X': needs the internet), 'what's on friday' (a calendar), 'the "
        "date and time' (both said). Same model, before (df579f2, same run's code): dev part "
        "80.2% handled, 55 false actions; test bucket 82.4%, 25 of 482. Sums (a new "
        "capability, the 'calculate' grammar): SLURP's qa_maths requests with an operator word "
        "('what is six minus four') are mapped to it instead of out of scope, 7 requests (3 in "
        "the test bucket, all answered), which moves the handled and negative counts (test "
        "bucket 159 -> 162 handled, 482 -> 479 negatives); the round-2 request 'what is the "
        "square root of 144' is relabelled from out of scope to calculate. "
        "Round 4 (session 14; new user tryouts, not SLURP): recipe ideas from the user's own "
        "library ('what should I cook for dinner', 'a quick vegetarian lunch': a grammar into "
        "recipe_find), time until a clock time, leap years, days between two days, amounts "
        "times a factor ('half of 3/4 cup'), several timers in one request; same model (its "
        "graph fused, outputs bit-identical). Before (0affce7) and after: dev part handled "
        "83.1% -> 83.7%, false actions 52 -> 52; test bucket handled 84.0% both, false "
        "actions 25 -> 26 (one more test-bucket request now reads as asking for recipe ideas; "
        "not looked at, to keep the bucket held out). After: the table above."
        " Most false actions left are SLURP labels Homebody reads differently on purpose "
        "(transport for what plays, 'switch on the radio' as a device, 'set a timer for "
        "cookies', 'how many inches in a foot', 'what do I have to do on monday' as the to-do "
        "list) or single requests.\n"
    )
    write_section(
        "nlu-requests",
        "Language understanding: what people ask",
        "python -m bench.nlu_requests",
        body,
    )


if __name__ == "__main__":
    raise SystemExit(main())
