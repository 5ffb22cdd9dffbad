"""Choose among the recognisers' readings of one command: the one the intent model is surest of.

PocketSphinx (command LM) and Whisper fail on different utterances: PocketSphinx is better on
clean voices it knows, Whisper on odd ones. Every command is read by both — Whisper on its own
worker thread, started speculatively when the speaker pauses (:meth:`ReadingChooser.speculate`)
so it mostly runs during the trailing silence, and in parallel with PocketSphinx's final pass —
and each reading is understood once (the assistant's :class:`~pipelines.core.intent_cache.
IntentCache`). The readings **vote** for an intent (:mod:`.reading_vote`: :func:`best`,
chosen on development voices only). When the vote is not settled (the two recognisers do not
both read the chosen intent, or the intent model is unsure of it: :func:`settled`), a second
Whisper model (tiny.en) reads the utterance too and its readings join the vote (a third of
development utterances; 290 -> 303 of 336 right). A choice the intent model is not sure of
may then be repaired to the nearest command sentence by sound (``phrase_repair.py``: "can you
list my arms" -> "can you list my alarms").
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from typing import Protocol

from ...core.errors import ModelError, StageProcessError
from ...core.intent import NO_ACTION_INTENTS, Intent
from ..asr.base import Transcript
from ..asr.whisper_engine import WhisperRecognizer
from .fast_path import answers_alone
from .reading_vote import (
    AGAIN_WEIGHT,
    FREE_SURE,
    FREE_WORDS,
    NO_ACTION_SURE,
    SETTLED,
    TIE_MARGIN,
    WHISPER_WEIGHT,
    Reading,
    best,
    free_speech,
    rank,
    settled,
    surest,
    vote,
)

__all__ = [
    "AGAIN_WEIGHT", "FREE_SURE", "FREE_WORDS", "NO_ACTION_INTENTS", "NO_ACTION_SURE",
    "SETTLED", "TIE_MARGIN", "WHISPER_WEIGHT", "Reading", "ReadingChooser", "Repairs", "best",
    "free_speech", "rank", "settled", "surest", "vote",
]  # fmt: skip

log = logging.getLogger(__name__)


class Repairs(Protocol):
    """Repairs an unsure choice to a command sentence (phrase_repair.PhraseRepairer)."""

    def start(self) -> None: ...

    def wait_ready(self) -> None: ...

    def repair(
        self, readings: list[Reading], chosen: Reading, understand: Callable[[str], Intent]
    ) -> Reading | None: ...


class ReadingChooser:
    """The voice loop's second pass (voice_types.SecondPass): Whisper beside PocketSphinx."""

    def __init__(
        self,
        engine: WhisperRecognizer,
        understand: Callable[[str], Intent],
        repairer: Repairs | None = None,
        second: WhisperRecognizer | None = None,
    ) -> None:
        self.engine = engine
        self.understand = understand
        self.repairer = repairer
        self.second = second
        """A second Whisper model (tiny.en beside base), asked only when the vote is not
        :func:`settled`; its readings join the vote (:meth:`_second_opinion`)."""
        self.second_asked = 0
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="whisper")
        self._lock = threading.Lock()
        self._future: Future[list[tuple[str, float]]] | None = None
        self._future_len = 0
        self.asked = 0
        self.failed = ""
        """Why Whisper could not run (then PocketSphinx's reading is used alone)."""
        self.last_whisper: list[tuple[str, float]] = []
        """Whisper's readings of the latest utterance, its best first (benchmarks)."""
        self.last: list[Reading] = []
        """The readings of the latest utterance, chosen first (for benchmarks and the log)."""
        self.unread: Future[list[tuple[str, float]]] | None = None
        """Whisper's pass of the latest command answered on the fast path (answer_alone)."""

    def warm_up(self) -> None:
        """Find and load the model on the worker thread, so listening starts without waiting
        for it (the first command waits if it comes sooner; the result is the same)."""
        with self._lock:
            self._pool.submit(self._prepare)
        if self.repairer is not None:
            self.repairer.start()

    def wait_ready(self) -> None:
        """Block until the warm-up (and anything queued before) has run (benchmarks)."""
        with self._lock:
            marker = self._pool.submit(lambda: None)
        marker.result()
        if self.repairer is not None:
            self.repairer.wait_ready()

    def speculate(self, pcm: bytes) -> None:
        """The speaker paused: start Whisper on the audio so far (a later call replaces it)."""
        if self.failed:
            return
        with self._lock:
            if self._future is not None:
                self._future.cancel()  # still queued: never run it (a running one finishes)
            self._future = self._submit(pcm)
            self._future_len = len(pcm)

    def start(self, pcm: bytes) -> None:
        """The utterance ended: make sure Whisper is reading it while PocketSphinx finishes
        (keeps a speculative pass already running on the same words)."""
        if self.failed:
            return
        with self._lock:
            if self._future is None:
                self._future = self._submit(pcm)
                self._future_len = len(pcm)

    def cancel(self) -> None:
        """Speech resumed: the running pass is about words that are not finished (one still
        queued is dropped, so the reading of the whole utterance does not wait behind it)."""
        with self._lock:
            if self._future is not None:
                self._future.cancel()
            self._future = None

    def reading_so_far(self) -> str | None:
        """The best reading of the speculative pass (waits for it to finish); None when
        there is none or Whisper cannot run (:meth:`choose` reports why)."""
        with self._lock:
            future = self._future
        if future is None or self.failed:
            return None
        try:
            found = future.result()
        except Exception:  # choose() meets it again, where a failing turn is handled
            return None
        return found[0][0] if found else None

    @property
    def reads_free_text(self) -> bool:
        """Whisper is usable: PocketSphinx need not try its general LM on weak readings."""
        return not self.failed

    def choose(self, transcript: Transcript, pcm: bytes) -> Transcript:
        """The best-understood reading of ``pcm`` among PocketSphinx's and Whisper's."""
        with self._lock:
            future, self._future = self._future, None
        self.last = []
        if self.failed:  # every utterance, whatever PocketSphinx's mode (issue 23)
            return transcript
        self.asked += 1
        try:
            whisper = (future or self._submit(pcm)).result()
        except ModelError as exc:
            self.failed = exc.message
            log.warning("Whisper is not usable, listening with PocketSphinx alone: %s", exc.message)
            return transcript
        first = self._reading(self._source(transcript), transcript.text, transcript.confidence)
        nbest = [self._reading("pocketsphinx-nbest", a, 0.0) for a in transcript.alternatives]
        readings = [first, *nbest]
        self.last_whisper = whisper
        readings += [self._reading(self.engine.name, t, p) for t, p in whisper]
        readings.sort(key=rank, reverse=True)  # stable: earlier readings win ties
        chosen = best(readings)
        if self.second is not None and not settled(chosen, readings):
            readings += self._second_opinion(pcm)
            readings.sort(key=rank, reverse=True)
            chosen = best(readings)
        fixed = self.repairer.repair(readings, chosen, self.understand) if self.repairer else None
        readings.remove(chosen)
        readings.insert(0, chosen)
        if fixed is not None:  # the repair first: the reading chosen (bench: source "repair")
            chosen = fixed
            readings.insert(0, chosen)
        self.last = readings
        if chosen.text == transcript.text:
            return transcript
        others = tuple(dict.fromkeys(r.text for r in readings[1:] if r.text))
        return replace(
            transcript,
            text=chosen.text,
            words=(),
            confidence=chosen.confidence,
            engine=f"{transcript.engine}+{chosen.source}",
            alternatives=others,
        )

    def answer_alone(self, transcript: Transcript, pcm: bytes, reason: str) -> bool:
        """The fast path (fast_path.py): True when PocketSphinx's ``transcript`` of a command
        that ended for ``reason`` is answered without waiting for Whisper, whose pass is left
        to finish unread (``unread``: benchmarks read it afterwards). ``pcm``: the utterance."""
        if self.failed or not answers_alone(transcript, reason, self.understand):
            return False
        with self._lock:
            self.unread, self._future = self._future, None
        first = self._reading(self._source(transcript), transcript.text, transcript.confidence)
        self.last, self.last_whisper = [first], []
        return True

    def chosen_intent(self, text: str) -> Intent | None:
        """The intent of the reading :meth:`choose` took, when it is ``text`` (the voice
        pipeline passes it on to "act": understood once, never parsed again)."""
        chosen = self.last[0] if self.last else None
        return chosen.intent if chosen is not None and chosen.text == text else None

    def _prepare(self) -> None:
        """Load the models on the worker thread. When the first fails, :meth:`choose` meets
        the error again and reports it (one warning: PocketSphinx alone); the second model is
        then not tried. A missing or corrupt second model is left out with one warning."""
        self.engine.prepare()
        second = self.second
        if second is None:
            return
        try:
            second.prepare()
        except ModelError as exc:
            log.warning("%s is left out: %s", second.name, exc.message)
            self.second = None

    def _second_opinion(self, pcm: bytes) -> list[Reading]:
        """The second model's readings of ``pcm`` (its beam's best few), each understood once.

        On development voices (never the test voices) the vote with tiny.en's readings beside
        base's and PocketSphinx's, asked only for an unsettled choice, got 130 of 144
        utterances right against 124 without (docs/VOICE.md, "A second opinion")."""
        second = self.second
        if second is None:
            return []
        self.second_asked += 1
        try:
            found = second.readings(pcm)
        except ModelError as exc:
            log.warning("%s is left out: %s", second.name, exc.message)
            self.second = None
            return []
        return [self._reading(second.name, t, p) for t, p in found if t]

    def _source(self, transcript: Transcript) -> str:
        return transcript.engine or "pocketsphinx"

    def _reading(self, source: str, text: str, confidence: float) -> Reading:
        text = " ".join(text.split())
        return Reading(source, text, self.understand(text) if text else None, confidence)

    def _submit(self, pcm: bytes) -> Future[list[tuple[str, float]]]:
        """Whisper's readings (its beam's best few) on the worker thread."""
        read = getattr(self.engine, "readings", None)
        if not callable(read):  # an engine with one reading

            def read(pcm: bytes) -> list[tuple[str, float]]:
                return [self.engine.transcribe(pcm)]

        try:
            return self._pool.submit(read, pcm)
        except RuntimeError as exc:  # the pool was shut down
            raise StageProcessError("The Whisper reader was closed.") from exc

    def close(self) -> None:
        """Stop the worker thread: queued passes are cancelled, a running one (one utterance)
        is waited for, and no pass is taken afterwards. Idempotent."""
        with self._lock:
            self._future = None
        self._pool.shutdown(wait=True, cancel_futures=True)
