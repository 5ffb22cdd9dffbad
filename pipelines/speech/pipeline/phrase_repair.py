"""Repair a misheard command to the nearest sentence Homebody expects, by sound.

On odd voices both recognisers often get most of a command's sounds right and its words
wrong: "can you list my arms", "max not right", "we skipped the rest on by mistake go back".
The intent model then reads the wrong words. :func:`repair` looks each reading up in the
:class:`~..lm.phrase_index.PhraseIndex` (the templates' command sentences as phoneme strings)
and, when the vote's choice is not sure, takes the command sentence nearest to any reading
("list my alarms", "that's not right") instead — as one more reading, understood by the
intent model like the others — with the reading's politeness and numbers kept as heard.

Gates, so that a repair never invents a command: the chosen reading is kept when the intent
model is sure of it (:data:`UNSURE`, requests and refusals alike), when Whisper heard a long
sentence surely (free speech, ``reading_chooser.free_speech``), when no reading is within
:data:`NEAR` of a command sentence, and when the nearest sentence's slot values (a list item,
a room, a name) are not in the reading it repairs (:data:`SLOT_HEARD`): "i don't want to read
on our groceries" is not "i don't want olive oil on my groceries"; and when the repair keeps
the reading's intent, when it drops one of the reading's slot values ("it's pitch black in
the porch put on the light" is not "it's pitch black in here put on the light"). Only the
nearest command sentence is tried: when it fails a gate, the next nearest is not a better
guess. Chosen on development voices only (docs/VOICE.md, "Repairing a misheard command by its
sounds").
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from ...core.errors import InputError
from ...core.intent import Intent
from ...language.spoken_form import spoken_form
from ..lm.phrase_index import PhraseIndex, Repair
from .reading_vote import Reading, free_speech

log = logging.getLogger(__name__)

SOURCE = "repair"
"""A repaired reading's source (``Reading.source``)."""
NEAR = 0.40
"""The largest phoneme edit distance (0..1, of the command part) a repair may have."""
UNSURE = 0.9
"""A chosen reading understood at least this surely is never repaired."""
SLOT_HEARD = 90
"""Each slot value of the repaired sentence must match a stretch of the repaired reading's
phonemes at least this well (rapidfuzz ``partial_ratio``, 0..100): "todo" for "to do" passes,
"living room" for "timing room" does not."""


@dataclass(frozen=True)
class Repaired:
    reading: Reading
    """The repaired sentence as a reading (source :data:`SOURCE`, confidence 1 - distance)."""
    of: Reading
    """The reading it repairs."""
    repair: Repair


def nearest(readings: list[Reading], index: PhraseIndex) -> tuple[Reading, Repair] | None:
    """The reading nearest to a command sentence, and that sentence (the first on ties)."""
    found: tuple[Reading, Repair] | None = None
    seen: set[str] = set()
    for reading in readings:
        if not reading.text or reading.text in seen or reading.source == SOURCE:
            continue
        seen.add(reading.text)
        near = index.nearest(reading.text)
        if near is not None and (found is None or near.distance < found[1].distance):
            found = (reading, near)
    return found


def slots_heard(intent: Intent, text: str, index: PhraseIndex) -> bool:
    """Every slot value of ``intent`` sounds like a stretch of ``text`` (:data:`SLOT_HEARD`)."""
    from rapidfuzz import fuzz  # lazy: start-up speed

    said = index.pronouncer.words(spoken_form(text).split())
    for value in intent.raw_slots.values():
        sound = index.pronouncer.words(spoken_form(str(value)).split())
        if sound and fuzz.partial_ratio(sound, said) < SLOT_HEARD:
            return False
    return True


def repair(
    readings: list[Reading],
    chosen: Reading,
    index: PhraseIndex,
    understand: Callable[[str], Intent],
) -> Repaired | None:
    """The nearest command sentence to the readings, as a reading to take instead of
    ``chosen`` (the vote's choice), or None when a gate keeps ``chosen`` (module doc)."""
    if chosen.intent is not None and chosen.intent.confidence >= UNSURE:
        return None
    if free_speech(readings) is not None:
        return None
    found = nearest(readings, index)
    if found is None or found[1].distance > NEAR:
        return None
    of, near = found
    if near.text == chosen.text:
        return None
    intent = understand(near.text)
    if not slots_heard(intent, of.text, index):
        return None  # a slot value nobody said
    same = of.intent is not None and of.intent.name == intent.name
    if same and of.intent is not None and not slots_heard(of.intent, near.text, index):
        return None  # the same request without a slot value that was heard ("in the porch")
    return Repaired(Reading(SOURCE, near.text, intent, 1.0 - near.distance), of, near)


class PhraseRepairer:
    """:func:`repair` with an index loaded on a background thread (sampling and indexing the
    templates takes seconds; until it is ready, readings are not repaired)."""

    def __init__(self, load: Callable[[], PhraseIndex]) -> None:
        self._load = load
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self.index: PhraseIndex | None = None
        self.failed = ""

    def start(self) -> None:
        """Load the index in the background (once)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="phrase-index", daemon=True)
            self._thread.start()

    def wait_ready(self) -> None:
        """Block until the index is loaded or failed (benchmarks)."""
        self.start()
        self._ready.wait()

    def _run(self) -> None:
        try:
            index = self._load()
            index.nearest("hello")  # the search's imports, here rather than in the first turn
            self.index = index
        except (OSError, InputError) as exc:
            self.failed = str(exc)
            log.warning(
                "speech: readings are not repaired (command sentences unavailable): %s", exc
            )
        finally:
            self._ready.set()

    def repair(
        self, readings: list[Reading], chosen: Reading, understand: Callable[[str], Intent]
    ) -> Reading | None:
        """The repaired reading to take instead of ``chosen`` (:func:`repair`) once the index
        is loaded, else None."""
        index = self.index
        fixed = None if index is None else repair(readings, chosen, index, understand)
        if fixed is None:
            return None
        log.info("speech: %r repaired to %r (distance %.2f)", fixed.of.text, fixed.reading.text,
                 fixed.repair.distance)  # fmt: skip
        return fixed.reading
