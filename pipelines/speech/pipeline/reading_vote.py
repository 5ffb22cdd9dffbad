"""The vote among the recognisers' readings of one command (:func:`best`), split from
:mod:`.reading_chooser`, which runs Whisper beside PocketSphinx and calls it.

The issue's starting point was the parameter-free rule **take the reading the
intent model is more confident about**; it lost commands where one recogniser's confident
outlier beat two readings that agreed. So the readings **vote** (:func:`best`): each adds its
intent confidence to its intent, Whisper's weighted :data:`WHISPER_WEIGHT`, each further
reading of the same recogniser :data:`AGAIN_WEIGHT` times the one before; the intent with
the most wins, and among its readings the one understood best (near-ties, within
:data:`TIE_MARGIN`, to the reading its recogniser heard more surely; exact ties to
PocketSphinx, it carries word timings). Chosen on development voices only (120 utterances,
half in 10-20 dB noise): 101/120 right with the old rule, 107 with the vote (any reading
right: 112). A reading understood as nothing Homebody does (out of scope, an online service)
votes only when the intent model is sure of it (:data:`NO_ACTION_SURE`): garbled readings land
there, but so do commands like "my tooth hurts", which the old rule turned into a false action.
Free speech is no command: a long sentence Whisper is sure of overrules a vote none of its
readings agrees with (:func:`free_speech`), so someone reading aloud is not heard as "next track".
"""

from __future__ import annotations

from dataclasses import dataclass

from ...core.intent import NO_ACTION_INTENTS, Intent


@dataclass(frozen=True)
class Reading:
    source: str
    """"pocketsphinx", "pocketsphinx-nbest", or the Whisper engine's name."""
    text: str
    intent: Intent | None
    confidence: float
    """The recogniser's own confidence (mean word posterior / token probability)."""


def rank(reading: Reading) -> tuple[int, float]:
    """Sort key: understood as something Homebody does first, then intent confidence."""
    if reading.intent is None or not reading.text:
        return (-1, 0.0)
    acts = reading.intent.name not in NO_ACTION_INTENTS
    return (int(acts), reading.intent.confidence)


TIE_MARGIN = 0.02
"""Intent confidences this close are a tie, broken by the recognisers' own confidence."""


WHISPER_WEIGHT = 1.2
"""A Whisper reading's vote counts this much more than a PocketSphinx one: PocketSphinx's
command LM makes whatever it hears sound like a command, so the intent model is sure of its
garbled readings more often (development voices, docs/VOICE.md)."""
AGAIN_WEIGHT = 0.5
"""Each further reading of one recogniser votes at this fraction of the one before it."""
NO_ACTION_SURE = 0.9
"""A reading understood as nothing Homebody does (out of scope, an online service) votes only
when the intent model is at least this sure, and without :data:`WHISPER_WEIGHT` (that weight
offsets requests PocketSphinx's command LM makes up, not refusals). Development voices only
(336 utterances, two batches of commands, half in 10-20 dB noise; docs/VOICE.md): 295 -> 301
right, 6 commands no longer turned into a false action, none lost (before: no-action readings
never voted, so any request reading, however garbled, beat "my tooth hurts" heard twice)."""


FREE_WORDS = 6
"""Whisper's beam-best reading at least this many words long and heard at least
:data:`FREE_SURE` surely may be free speech, not a command (:func:`free_speech`)."""
FREE_SURE = 0.75
"""Whisper's mean token probability for :data:`FREE_WORDS`. Development voices (336
utterances) and the 12 real recordings, re-chosen offline (bench.voice_chooser_rules): any
5-8 words with 0.7-0.8 gives the same (dev 298/336 unchanged, not one utterance changed;
real WER 64.1% -> 8.7%); 6 and 0.75 are the middle of that plateau."""


def free_speech(readings: list[Reading]) -> Reading | None:
    """Whisper's beam-best reading (its most probable) when it is a long sentence heard surely
    (:data:`FREE_WORDS`, :data:`FREE_SURE`), else None. PocketSphinx's command LM turns free
    speech (someone reading aloud, talking in the room) into a garbled request of as many
    words, which the vote may prefer to Whisper's right reading: on the real recordings of
    ../shared/data/speech, LibriVox sentences became "next track" and "timer status" (WER
    64.1% against Whisper base's 4.9%). Long commands Whisper is sure of are common (129 of
    336 dev utterances), so :func:`best` overrules the vote only when no Whisper reading
    agrees with it (docs/VOICE.md, 2026-12-07 night)."""
    whisper = [r for r in readings if r.text and not r.source.startswith("pocketsphinx")]
    if not whisper:
        return None
    top = max(whisper, key=lambda r: r.confidence)  # the first on ties
    long_and_sure = len(top.text.split()) >= FREE_WORDS and top.confidence >= FREE_SURE
    return top if long_and_sure else None


SETTLED = 0.9
"""A choice understood at least this surely, with both recognisers reading its intent, is
settled: no further opinion is asked (:func:`settled`)."""


def settled(chosen: Reading, readings: list[Reading]) -> bool:
    """PocketSphinx and Whisper both read the chosen intent and the intent model is sure of it
    (:data:`SETTLED`): a second Whisper model's opinion is asked only when this is False
    (``reading_chooser``: a third of development utterances)."""
    if chosen.intent is None or chosen.intent.confidence < SETTLED:
        return False
    families = {
        "pocketsphinx" if r.source.startswith("pocketsphinx") else "whisper"
        for r in readings
        if r.intent is not None and r.text and r.intent.name == chosen.intent.name
    }
    return len(families) == 2


def best(readings: list[Reading]) -> Reading:
    """The reading the readings :func:`vote` for, unless Whisper read free speech
    (:func:`free_speech`) and none of its readings is understood as that reading's intent:
    then Whisper's reading, as heard."""
    chosen = vote(readings)
    free = free_speech(readings)
    if free is None or chosen.intent is None:
        return chosen
    whisper = [r for r in readings if not r.source.startswith("pocketsphinx")]
    agrees = any(r.intent is not None and r.intent.name == chosen.intent.name for r in whisper)
    return chosen if agrees else free


def vote(readings: list[Reading]) -> Reading:
    """The reading whose intent the readings vote for, each with its intent confidence
    (Whisper's x :data:`WHISPER_WEIGHT`, a recogniser's second reading x :data:`AGAIN_WEIGHT`,
    its third x that squared ...; in the order given, surest first): two recognisers, or two of
    Whisper's beam readings, that agree outweigh one confident outlier. Among the winning
    intent's readings, :func:`surest`. Out-of-scope readings vote only when understood surely
    (:data:`NO_ACTION_SURE`, without Whisper's weight); with no vote, the best-ranked wins."""
    votes: dict[str, float] = {}
    seen: dict[str, int] = {}
    for r in readings:
        if r.intent is None or not r.text:
            continue
        family = "pocketsphinx" if r.source.startswith("pocketsphinx") else "whisper"
        order = seen.get(family, 0)
        seen[family] = order + 1
        acts = rank(r)[0] == 1
        if not acts and r.intent.confidence < NO_ACTION_SURE:
            continue
        bonus = WHISPER_WEIGHT if family == "whisper" and acts else 1.0
        weight = bonus * AGAIN_WEIGHT**order
        votes[r.intent.name] = votes.get(r.intent.name, 0.0) + weight * r.intent.confidence
    if not votes:
        top = max(readings, key=rank)
        return top if rank(top)[0] == 1 else heard_best(readings)
    winner = max(votes, key=lambda name: votes[name])  # the first on a tie
    return surest([r for r in readings if r.intent is not None and r.intent.name == winner])


def surest(readings: list[Reading]) -> Reading:
    """The first reading with the highest :func:`rank` (``max`` keeps the first on ties); among
    requests understood within :data:`TIE_MARGIN` of it, the one heard most surely."""
    top = max(readings, key=rank)
    acts, sure = rank(top)
    if acts < 1:
        return heard_best(readings)
    tied = [r for r in readings if rank(r)[0] == 1 and sure - rank(r)[1] <= TIE_MARGIN]
    most = max(tied, key=lambda r: r.confidence)
    return next(r for r in tied if r.text == most.text)  # same words: the first (timings)


def heard_best(readings: list[Reading]) -> Reading:
    """Nothing to act on: the words as heard most surely, Whisper's first (PocketSphinx's
    command LM turns what is not a command into a garbled one). The intent model's confidence
    in a refusal says nothing about the words: "7f clubs" was a surer "needs the internet"
    than "seven of clubs", the reading Whisper itself was surer of (the real recordings of
    ../shared/data/speech, 2026-12-07)."""
    heard = [r for r in readings if r.text]
    whisper = [r for r in heard if not r.source.startswith("pocketsphinx")]
    pool = whisper or heard or readings
    return max(pool, key=lambda r: r.confidence)  # the first on ties
