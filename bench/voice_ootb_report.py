"""Scoring and the markdown table of ``python -m bench.voice_ootb``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bench.voice_score import live_latency, pct, quantile, wer_counts

MODES = ("pocketsphinx", "tiny.en", "whisper-base", "whisper-beam", "surest", "combination")
TITLES = {
    "pocketsphinx": "PocketSphinx alone (command LM)",
    "tiny.en": "Whisper tiny.en alone",
    "whisper-base": "Whisper base alone",
    "whisper-beam": "Whisper base alone, the intent model choosing among its beam's 3 readings",
    "surest": "PocketSphinx + base, the most confident reading wins (the issue's rule)",
    "combination": (
        "**Homebody: PocketSphinx + base vote for an intent, tiny.en's opinion on an unsettled "
        "vote, an unsure choice repaired by sound**"
    ),
}
FAMILIES = ("espeak-ng", "flite", "piper")


@dataclass
class Tally:
    ok: dict[tuple[str, str], int] = field(default_factory=dict)
    """(mode, family) -> commands whose intent was right."""
    n: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    words: int = 0
    splits: int = 0
    missed: int = 0
    noisy: list[int] = field(default_factory=lambda: [0, 0])
    quiet: list[int] = field(default_factory=lambda: [0, 0])
    chosen: dict[str, int] = field(default_factory=dict)
    e2r: list[float] = field(default_factory=list)
    live: list[float] = field(default_factory=list)
    processing: list[float] = field(default_factory=list)
    endpoint_wait: list[float] = field(default_factory=list)
    """Silence after the last speech frame until the turn ended (audio time: load-free)."""
    true_wait: list[float] = field(default_factory=list)
    """From where the synthesised speech really ended until the turn ended (audio time)."""
    true_live: list[float] = field(default_factory=list)
    """Live reply time counted from the real end of speech instead of the VAD's."""
    true_noisy: list[float] = field(default_factory=list)
    """``true_wait`` minus ``endpoint_wait`` for the noisy utterances: the VAD's lateness."""
    rss_mb: float = 0.0
    loop_rss_mb: float = 0.0
    outcomes: list[tuple[Any, ...]] = field(default_factory=list)
    """Per utterance (turn texts, end reasons, intent): what must not change under load."""
    examples: list[list[str]] = field(default_factory=list)

    def add(
        self,
        family: str,
        voice: str,
        text: str,
        intent: str,
        snr: float | None,
        result: dict[str, Any],
        assistant: Any,
    ) -> None:
        turns = result["turns"]
        self.n[family] = self.n.get(family, 0) + 1
        self.splits += len(turns) > 1
        self.missed += not turns
        heard = " ".join(t.transcript.text for t in turns)
        first = turns[0].turn if turns else None
        got = first.intent.name if first is not None else ""
        readings = dict(result["readings"])
        if turns and "pocketsphinx" not in readings:  # general-LM reading: no choice made
            readings["pocketsphinx"] = turns[0].transcript.text
        readings["combination"] = heard
        for mode in MODES:
            reading = readings.get(mode, "")
            if mode == "combination":
                right = len(turns) == 1 and got == intent
            else:
                right = len(turns) == 1 and assistant.understand(reading).name == intent
            key = (mode, family)
            self.ok[key] = self.ok.get(key, 0) + right
            self.errors[mode] = self.errors.get(mode, 0) + wer_counts(text, reading)[0]
        self.words += wer_counts(text, text)[1]
        bucket = self.noisy if snr is not None else self.quiet
        bucket[0] += len(turns) == 1 and got == intent
        bucket[1] += 1
        if turns:
            engine = turns[0].transcript.engine
            source = engine.split("+")[-1] if "+" in engine else "pocketsphinx"
            self.chosen[source] = self.chosen.get(source, 0) + 1
            lat = turns[0].latencies_ms
            self.e2r.append(lat["end_of_speech_to_response"])
            self.live.append(live_latency(lat))
            self.processing.append(lat["processing"])
            self.endpoint_wait.append(lat.get("endpoint_wait", 0.0))
            if "true_end_s" in result:
                true = (turns[0].ended_at_s - result["true_end_s"]) * 1000
                self.true_wait.append(true)
                self.true_live.append(live_latency(lat) - lat.get("endpoint_wait", 0.0) + true)
                if snr is not None:
                    self.true_noisy.append(true - lat.get("endpoint_wait", 0.0))
        self.outcomes.append(
            (tuple(t.transcript.text for t in turns), tuple(t.reason for t in turns), got)
        )
        if got != intent and len(self.examples) < 14:
            self.examples.append([voice, text, heard or "(nothing)", got or "-", intent])

    def accuracy(self, mode: str, family: str | None = None) -> float:
        fams = [family] if family else list(self.n)
        ok = sum(self.ok.get((mode, f), 0) for f in fams)
        return ok / max(1, sum(self.n.get(f, 0) for f in fams))

    @property
    def total(self) -> int:
        return sum(self.n.values())


def _mode_table(t: Tally) -> list[str]:
    fams = [f for f in FAMILIES if t.n.get(f)]
    head = " | ".join(f"Intent, {f} ({t.n[f]})" for f in fams)
    rows = [f"| Recogniser(s) | {head} | Intent, all ({t.total}) | Command WER |",
            "|---|" + "---|" * (len(fams) + 2)]  # fmt: skip
    for mode in MODES:
        cells = " | ".join(pct(t.accuracy(mode, f)) for f in fams)
        wer = pct(t.errors.get(mode, 0) / max(1, t.words))
        rows.append(f"| {TITLES[mode]} | {cells} | {pct(t.accuracy(mode))} | {wer} |")
    return rows


def _latency_rows(t: Tally) -> list[str]:
    chosen = ", ".join(f"{k} {v}" for k, v in sorted(t.chosen.items()))
    noisy = f"{pct(t.noisy[0] / max(1, t.noisy[1]))} ({t.noisy[1]} in 10-20 dB SNR noise)"
    quiet = f"{pct(t.quiet[0] / max(1, t.quiet[1]))} ({t.quiet[1]} quiet)"
    return [
        "| Measure (combination) | Value | Target |",
        "|---|---|---|",
        f"| Split commands (one command heard as two or more turns) | {t.splits} "
        f"(and {t.missed} not heard) | 0 |",
        f"| End of speech -> reply p50 / p95 (measured) | {quantile(t.e2r, 0.5):.0f} / "
        f"{quantile(t.e2r, 0.95):.0f} ms | <= 300 / 600 ms |",
        f"| End of speech -> reply p50 / p95 (live: Whisper's head start in the pause) | "
        f"{quantile(t.live, 0.5):.0f} / {quantile(t.live, 0.95):.0f} ms | |",
        f"| Processing after the endpoint p50 / p95 | {quantile(t.processing, 0.5):.0f} / "
        f"{quantile(t.processing, 0.95):.0f} ms | |",
        f"| Endpoint wait: silence after the last speech frame p50 / p95 (audio time, does not "
        f"depend on load) | {quantile(t.endpoint_wait, 0.5):.0f} / "
        f"{quantile(t.endpoint_wait, 0.95):.0f} ms | |",
        f"| Real end of speech -> reply p50 / p95 (live, counted from where the synthesised "
        f"speech ends, not from the VAD's last speech frame) | {quantile(t.true_live, 0.5):.0f}"
        f" / {quantile(t.true_live, 0.95):.0f} ms | <= 300 / 600 ms |",
        f"| Endpoint wait from the real end of speech p50 / p95 (audio time); the VAD's end "
        f"after the real one in noise p50 / p95 | {quantile(t.true_wait, 0.5):.0f} / "
        f"{quantile(t.true_wait, 0.95):.0f} ms; {quantile(t.true_noisy, 0.5):.0f} / "
        f"{quantile(t.true_noisy, 0.95):.0f} ms | |",
        f"| Intent, noisy / quiet utterances | {noisy}; {quiet} | |",
        f"| Reading chosen | {chosen} | |",
        f"| Peak RSS of the voice loop (`homebody listen --wav`, 8 commands, own process) | "
        f"{t.loop_rss_mb:.0f} MB | <= 700 MB |",
        f"| Peak RSS of this benchmark (loop + tiny.en + Piper for the comparison) | "
        f"{t.rss_mb:.0f} MB | |",
    ]


def render(
    tallies: dict[str, Tally],
    text_ok: float,
    n_test: int,
    n_dev: int,
    seconds: float,
    load: float,
    test_voices: list[tuple[str, str, float]],
) -> str:
    test, dev, hog = tallies["test"], tallies["dev"], tallies["dev_hog"]
    changed = sum(a != b for a, b in zip(dev.outcomes, hog.outcomes, strict=False))
    voices = ", ".join(f"{f} {v} x{s:g}" for f, v, s in test_voices)
    out = [
        f"**Test split** ({test.total} utterances: {n_test} template commands x "
        f"{len(test_voices)} voices no parameter was chosen on: {voices}; every second "
        "utterance in white noise at 10-20 dB SNR, the others in quiet room noise; fed as one "
        f"stream per utterance through `VoicePipeline`: {_vad_name()}, segmenter, endpointer, "
        "PocketSphinx + Whisper base, `Assistant.ask`). Every recogniser reads the *same* "
        "segmented audio; each reading is understood by the same intent model. NLU from the "
        f"reference text: {pct(text_ok)}.",
        "",
        *_mode_table(test),
        "",
        *_latency_rows(test),
        "",
        f"**Dev split** ({dev.total} utterances: {n_dev} development commands x 4 development "
        "voices, the ones parameters were chosen on; docs/VOICE.md):",
        "",
        *_mode_table(dev),
        "",
        f"Dev split again with a CPU hog on one core: {changed} of {dev.total} utterances "
        f"changed turns, end reasons or intent (intent {pct(hog.accuracy('combination'))} vs "
        f"{pct(dev.accuracy('combination'))}; splits {hog.splits} vs {dev.splits}; "
        f"p50 / p95 {quantile(hog.e2r, 0.5):.0f} / {quantile(hog.e2r, 0.95):.0f} ms vs "
        f"{quantile(dev.e2r, 0.5):.0f} / {quantile(dev.e2r, 0.95):.0f} ms).",
        "",
        f"The machine was shared with parallel engineers' jobs (1-min load average {load:.1f} "
        "on 2 cores at the end): latencies are upper bounds; accuracy and splits do not depend "
        f"on load (above). Benchmark took {seconds / 60:.1f} min.",
        "",
        "Wrong intents on the test split (combination):",
        "",
        "| Voice | Said | Heard | Intent | Expected |",
        "|---|---|---|---|---|",
        *[f"| {' | '.join(e)} |" for e in test.examples],
    ]
    return "\n".join(out)


def _vad_name() -> str:
    """The default detector, as the settings name it (the loop's own, out of the box)."""
    from pipelines.core.registry import VAD_KINDS
    from pipelines.core.settings_schema import AudioSettings

    kind = AudioSettings().vad
    label = next((o.label for o in VAD_KINDS if o.value == kind), kind)
    return label.split(" (")[0] + " behind the noise gate"
