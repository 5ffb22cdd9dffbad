"""Spoken commands through the whole voice loop: WER, intent from audio, latency.

``bench_commands`` speaks every command in every voice through one loop (out of the box);
``bench_enrolled`` runs each voice alone, then learns it from the 40 enrolment prompts
(assets/speech/enrolment-prompts.txt, none of them a test sentence) exactly as
``homebody voice enrol`` does, and runs the same commands in that voice with its profile.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from bench.voice_audio import Voice, command_set, in_noise, label, speak
from bench.voice_score import live_latency, quantile, wer_counts


@dataclass
class CommandTally:
    """Everything the report needs, added up over utterances (and voices)."""

    errors: int = 0
    words: int = 0
    raw_errors: int = 0
    intent_ok: int = 0
    total: int = 0
    fallbacks: int = 0
    second_kept: int = 0
    audio_s: float = 0.0
    decode_s: float = 0.0
    per_voice: dict[str, list[int]] = field(default_factory=dict)
    processing: list[float] = field(default_factory=list)
    end_to_response: list[float] = field(default_factory=list)
    asr_final: list[float] = field(default_factory=list)
    live_e2r: list[float] = field(default_factory=list)
    examples: list[list[str]] = field(default_factory=list)

    def add(self, voice: Voice, text: str, intent: str, turns: list[Any], has_nlu: bool) -> None:
        hyp = " ".join(t.transcript.text for t in turns)
        e, w = wer_counts(text, hyp)
        self.errors, self.words = self.errors + e, self.words + w
        self.raw_errors += wer_counts(text, hyp, normalised=False)[0]
        counts = self.per_voice.setdefault(label(voice), [0, 0])
        counts[0], counts[1] = counts[0] + e, counts[1] + w
        self.total += 1
        if turns:
            turn = turns[0]
            self.processing.append(turn.latencies_ms["processing"])
            self.end_to_response.append(turn.latencies_ms["end_of_speech_to_response"])
            self.asr_final.append(turn.latencies_ms["asr_final"])
            self.fallbacks += turn.transcript.mode == "free"
            self.second_kept += "whisper" in turn.transcript.engine
            self.live_e2r.append(live_latency(turn.latencies_ms))
            if has_nlu and turn.turn is not None and turn.turn.intent.name == intent:
                self.intent_ok += 1
        if len(self.examples) < 12 and e:
            self.examples.append([label(voice), text, hyp])

    def summary(self, has_nlu: bool, second_pass: bool) -> dict[str, Any]:
        total = max(self.total, 1)
        return {
            "n_utterances": self.total,
            "wer": self.errors / max(self.words, 1),
            "raw_wer": self.raw_errors / max(self.words, 1),
            "per_voice": {k: e / max(w, 1) for k, (e, w) in self.per_voice.items()},
            "intent_acc": self.intent_ok / total if has_nlu else None,
            "processing_p50": quantile(self.processing, 0.5),
            "processing_p95": quantile(self.processing, 0.95),
            "e2r_p50": quantile(self.end_to_response, 0.5),
            "e2r_p95": quantile(self.end_to_response, 0.95),
            "asr_final_p50": quantile(self.asr_final, 0.5),
            "fallback_rate": self.fallbacks / total,
            "second_pass": second_pass,
            "second_kept": self.second_kept / total,
            "live_e2r_p50": quantile(self.live_e2r, 0.5),
            "live_e2r_p95": quantile(self.live_e2r, 0.95),
            "loop_cpu_rtf": self.decode_s / max(self.audio_s, 1e-9),
            "examples": self.examples,
        }


def _run(
    app: Any,
    assistant: Any,
    commands: list[tuple[str, str]],
    voices: list[Voice],
    tally: CommandTally,
    voice_index: int = 0,
) -> bool:
    """Speak ``commands`` in ``voices`` through a fresh loop; True if it had a second pass.

    The noise seed depends on the voice's index in the benchmark's voice list, so a voice
    hears the same audio whether it runs alone (enrolled) or with the others.
    """
    from pipelines.audio.source import AudioSource, ChunkStreamBackend
    from pipelines.speech.asr.engines import create_recognizer
    from pipelines.speech.pipeline.session import create_voice_pipeline

    has_nlu = assistant.recognizer.name != "none"
    loop = create_voice_pipeline(
        app, recognizer=create_recognizer(app), use_wake_word=False, answerer=assistant
    )
    with loop:  # closing it stops the Whisper worker thread
        for i, (text, intent) in enumerate(commands):
            for v, voice in enumerate(voices, start=voice_index):
                pcm = in_noise(speak(voice, text), 0.4, 1.0, i * 7 + v)
                t0 = time.process_time()
                turns = loop.run(AudioSource(ChunkStreamBackend([pcm])).chunks())
                tally.decode_s += time.process_time() - t0
                tally.audio_s += len(pcm) / 32000
                tally.add(voice, text, intent, turns, has_nlu)
        return loop.second_pass is not None


def _assistant(app: Any) -> Any:
    from pipelines.assistant import Assistant

    assistant = Assistant(app)
    assistant.prepare()
    return assistant


def _settings(app: Any) -> dict[str, Any]:
    audio = app.settings.audio
    return {"trailing_silence_ms": audio.trailing_silence_ms,
            "quick_end_silence_ms": audio.quick_end_silence_ms}  # fmt: skip


def bench_commands(app: Any, n: int, voices: list[Voice]) -> dict[str, Any]:
    """Out of the box: no voice profile."""
    assistant = _assistant(app)
    has_nlu = assistant.recognizer.name != "none"
    commands = command_set(n)
    tally = CommandTally()
    second = _run(app, assistant, commands, voices, tally)
    text_ok = sum(assistant.understand(t).name == i for t, i in commands) if has_nlu else 0
    return {
        **tally.summary(has_nlu, second),
        **_settings(app),
        "n_commands": len(commands),
        "text_intent_acc": text_ok / len(commands) if has_nlu else None,
    }


def enrol_synthetic(app: Any, voice: Voice, method: str) -> float:
    """Learn ``voice`` from the enrolment prompts spoken in it (same room noise as the test);
    returns the seconds the adaptation took (synthesis not counted)."""
    from pipelines.speech.adaptation.voice_adaptation import EnrolmentUtterance
    from pipelines.speech.adaptation.voice_profile import enrol_voice, enrolment_prompts

    prompts = enrolment_prompts()
    read = [EnrolmentUtterance(t, in_noise(speak(voice, t), 0.4, 0.6, 50_000 + i))
            for i, t in enumerate(prompts)]  # fmt: skip
    t0 = time.perf_counter()
    enrol_voice(app.paths.data_dir, read, method=method)
    return time.perf_counter() - t0


def bench_enrolled(app: Any, n: int, voices: list[Voice], method: str) -> dict[str, Any]:
    """Each voice alone through a fresh loop, first without a profile, then enrolled.

    Running a voice alone matters on its own: live CMN carries over from one utterance to the
    next, so a loop that hears one voice does better than one that alternates voices. The
    "alone" run isolates what the profile adds.
    """
    from pipelines.speech.adaptation.voice_profile import forget_profile

    assistant = _assistant(app)
    has_nlu = assistant.recognizer.name != "none"
    commands = command_set(n)
    alone, enrolled = CommandTally(), CommandTally()
    second = False
    enrol_s: list[float] = []
    try:
        for v, voice in enumerate(voices):
            forget_profile(app.paths.data_dir)
            _run(app, assistant, commands, [voice], alone, voice_index=v)
            enrol_s.append(enrol_synthetic(app, voice, method))
            second = _run(app, assistant, commands, [voice], enrolled, voice_index=v) or second
    finally:
        forget_profile(app.paths.data_dir)
    return {
        **enrolled.summary(has_nlu, second),
        **_settings(app),
        "alone": alone.summary(has_nlu, second),
        "n_commands": len(commands),
        "method": method,
        "enrol_s_p50": quantile(enrol_s, 0.5),
    }
