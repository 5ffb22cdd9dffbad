"""One utterance through the recogniser: the "asr" stage of the voice pipeline (voice.py).

From the segmenter's "speech started" to its "speech ended": the recogniser's stream is
caught up on the pre-roll, then fed frame by frame with long silences held back; partial
transcripts go to the adaptive endpointing judges (endpointing.py) and, when the speaker
pauses, Whisper (reading_chooser.py) starts on the words so far; when the utterance ends it
reads on while PocketSphinx finishes, and the chooser takes the better-understood reading.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ...audio.pcm import SAMPLE_RATE, SAMPLE_WIDTH
from ...audio.segmenter import SpeechEnded, UtteranceSegmenter
from ..asr.base import RecognitionStream, SpeechRecognizer, Transcript
from .end_of_turn import recognisers_agree
from .quick_end import sure_words
from .voice_turns import Clock, second_opinion
from .voice_types import SecondPass

ASR_SILENCE_MS = 200
"""Silence after speech passed on to the recogniser; more is held back until speech resumes."""
FINAL_PARTIAL_MS = 90
"""Silence after which the recogniser is asked for a partial transcript of everything said
(it otherwise makes one only every 300 ms of audio, so the last word could be missing from
the transcript that decides how long to wait)."""
SPECULATE_MS = FINAL_PARTIAL_MS
"""Silence after which Whisper starts speculatively on the words so far."""
WHISPER_VERDICT_MS = 500
"""Silence after which the speculative Whisper reading (started at ``FINAL_PARTIAL_MS``) is
waited for and judged like a partial: a command PocketSphinx garbled but Whisper heard as a
request ends here instead of after the full trailing silence (700 ms). Decided in audio time:
the loop waits for that reading, whatever the machine's load, so the same audio always gives
the same turns. 500 ms, not less: in a pause check on development commands (a pause inside
the command, bench.voice_pause_check) 300 / 400 ms split 17 / 10 more of 144 commands than no
verdict, 500 ms 2 more."""
EARLY_AGREEMENT_MS = 250
"""Silence after which the speculative Whisper reading (started at ``FINAL_PARTIAL_MS``) is
waited for once more, and ends the command at once when Whisper heard a *complete* command and
PocketSphinx's partial of the same pause backs it: understood as the *same* intent, or itself
understood as a request (end_of_turn.recognisers_agree). Two recognisers that fail on different
utterances agreeing is stronger evidence than either alone, so it does not need the 400-700 ms
a single reading waits. Audio time, like the other verdicts (the loop waits for the reading);
0 turns it off."""
WHISPER_COMPLETE_MS = 0
"""Silence after which Whisper's speculative reading alone ends the command when it is a
*complete* one (not merely likely: that waits for ``WHISPER_VERDICT_MS``); 0 turns it off.
Off: at 350 ms it saved ~150 ms on a third of the development commands, but a real 0.5 s pause
after a first half that is already a command split 4 more of 108 development commands
(bench.voice_pause_check: 39 -> 43), and a split costs the user more than 150 ms."""


class UtteranceRecognition:
    def __init__(
        self,
        recognizer: SpeechRecognizer,
        progress: Callable[..., None],
        started: Callable[[], None],
        *,
        completeness: Callable[[str], bool] | None = None,
        likely: Callable[[str], bool] | None = None,
        second_pass: SecondPass | None = None,
    ) -> None:
        self.recognizer = recognizer
        self.progress = progress
        """``progress("asr", partial=text)``: a PROGRESS event of the turn's run."""
        self.started = started
        """The stage starts (its START event; the run begins here without a wake word)."""
        self.completeness = completeness
        self.likely = likely
        self.second_pass = second_pass
        self.stream: RecognitionStream | None = None
        """Open from "speech started" until the utterance is finished or dropped."""
        self._segmenter: UtteranceSegmenter | None = None
        self._held: list[bytes] = []
        self._silence_run = 0
        self._complete = False
        self._speculated_at: float | None = None
        self._likely = False
        self._verdict: tuple[bool, bool] | None = None
        """PocketSphinx's (complete, likely) while Whisper's verdict overrides it."""
        self._partial = ""
        """PocketSphinx's latest partial transcript (for the early agreement)."""
        self._waited_s = 0.0
        """Wall time the loop waited for the speculative reading before the end (latency)."""

    def reset(self) -> None:
        """Listening starts again: no stream, nothing held back."""
        self.stream = None
        self._held = []
        self._silence_run = 0
        self._speculated_at = None  # a turn that failed mid-way left no head start behind
        self._waited_s = 0.0

    def start(self, segmenter: UtteranceSegmenter) -> None:
        """Speech started: open a stream and catch it up on the pre-roll and speech so far."""
        self._segmenter = segmenter
        self.stream = self.recognizer.stream("command")
        self._complete = self._likely = False
        self._verdict = None
        self._partial = ""
        self.started()
        audio = segmenter.audio_so_far
        for i in range(0, len(audio), 3200):
            partial = self.stream.accept(audio[i : i + 3200])
            if partial:
                self._on_partial(partial)

    def push(self, frame: bytes, is_speech: bool, quiet_behind: int = 0) -> None:
        """Feed the recogniser, holding back silence beyond ASR_SILENCE_MS: the trailing
        silence that ends an utterance never reaches it (long silences cost accuracy).
        ``quiet_behind``: samples up to this frame's end that a noise gate has just found to
        be noise (they reached the recogniser as speech): the pause counts from there."""
        assert self.stream is not None and self._segmenter is not None
        before = self._silence_run
        if is_speech:
            frames, self._held = [*self._held, frame], []
            self._silence_run = 0
            if before and self._speculated_at is not None and self.second_pass is not None:
                self.second_pass.cancel()  # the words go on
                self._speculated_at = None
            if before and self._verdict is not None:  # Whisper's verdict was on fewer words
                self._complete = self._verdict[0]
                self._segmenter.set_complete(*self._verdict)
        else:
            self._silence_run = max(self._silence_run + len(frame) // SAMPLE_WIDTH, quiet_behind)
            self._held.append(frame)
            verdict = WHISPER_VERDICT_MS * SAMPLE_RATE // 1000
            early = EARLY_AGREEMENT_MS * SAMPLE_RATE // 1000
            if early and before < early <= self._silence_run and not self._complete:
                self._early_agreement()
            alone = WHISPER_COMPLETE_MS * SAMPLE_RATE // 1000
            if alone and before < alone <= self._silence_run and not self._complete:
                self._whisper_verdict(complete_only=True)
            if before < verdict <= self._silence_run:
                self._whisper_verdict()
            if self._silence_run <= ASR_SILENCE_MS * SAMPLE_RATE // 1000:
                frames, self._held = self._held, []
            else:
                frames = []  # held back; a late-learnt noise may still cross FINAL_PARTIAL_MS
        for f in frames:
            partial = self.stream.accept(f)
            if partial:
                self._on_partial(partial)
        final = FINAL_PARTIAL_MS * SAMPLE_RATE // 1000
        if not is_speech and before < final <= self._silence_run:
            partial_now = getattr(self.stream, "partial", None)
            text = partial_now() if callable(partial_now) else None
            if text:
                self._on_partial(text)
        speculate = SPECULATE_MS * SAMPLE_RATE // 1000
        second = self.second_pass
        if not is_speech and before < speculate <= self._silence_run and second is not None:
            second.speculate(self._segmenter.audio_so_far)
            self._speculated_at = self._segmenter.position_s

    def _reading_so_far(self) -> str | None:
        """Whisper's speculative reading of the words so far, waited for (the wait counts in
        the reply time); None when there is none or nothing could judge it."""
        so_far = getattr(self.second_pass, "reading_so_far", None)
        if self._speculated_at is None or self.completeness is None or not callable(so_far):
            return None
        t0 = time.perf_counter()
        text = so_far()
        self._waited_s += time.perf_counter() - t0
        return str(text) if text else None

    def _end_on_verdict(self, complete: bool) -> None:
        """A speculative reading ends the wait (undone by ``_verdict`` if speech resumes)."""
        assert self._segmenter is not None
        self._verdict = (self._complete, self._likely)
        self._complete = self._complete or complete
        self._segmenter.set_complete(self._complete, likely=True)

    def _early_agreement(self) -> None:
        """Whisper's speculative reading is complete and PocketSphinx's partial of the same
        pause backs it (:func:`.end_of_turn.recognisers_agree`): the command ends now
        (dropped when speech resumes)."""
        understand = getattr(self.completeness, "understand", None)
        if not callable(understand) or not self._partial:
            return
        text = self._reading_so_far()
        if not text or self.completeness is None or not self.completeness(text):
            return
        if recognisers_agree(self._partial, text, understand, self._likely):
            self._end_on_verdict(True)

    def _whisper_verdict(self, complete_only: bool = False) -> None:
        """The speculative reading of the words so far, judged like a partial: it can only
        shorten the wait (PocketSphinx's verdict stands when Whisper's is weaker);
        ``complete_only``: nothing unless the reading is a complete command."""
        text = self._reading_so_far()
        if not text or self.completeness is None:
            return
        complete = self.completeness(text)
        if complete_only and not complete:
            return
        likely = complete or (self.likely is not None and self.likely(text))
        if (complete and not self._complete) or likely:
            self._end_on_verdict(complete)

    def finish(self, event: SpeechEnded, clock: Clock) -> tuple[Transcript, dict[str, float]]:
        """Speech ended: the final transcript (the second pass has its say) and the
        second pass's latencies."""
        assert self.stream is not None
        start = getattr(self.second_pass, "start", None)
        if callable(start) and event.audio:
            start(event.audio)  # Whisper reads while PocketSphinx finishes
        transcript = self.stream.finish()
        self.stream = None
        transcript, latencies = second_opinion(
            self.second_pass, transcript, event, self._speculated_at, clock
        )
        if self._waited_s and latencies:  # waited for before the end: part of the reply time
            latencies["second_pass"] += self._waited_s * 1000
            latencies["second_pass_before_end"] = self._waited_s * 1000
        self._speculated_at = None
        self._waited_s = 0.0
        self._complete = False
        return transcript, latencies

    def _on_partial(self, partial: str) -> None:
        assert self._segmenter is not None
        self.progress("asr", partial=partial)
        self._partial = partial
        if self.completeness is not None:
            complete = self._complete = self.completeness(partial)
            likely = self._likely = complete or (self.likely is not None and self.likely(partial))
            self._verdict = None
            sure = complete and sure_words(self.completeness, partial)
            self._segmenter.set_complete(complete, likely=likely, sure=sure)
