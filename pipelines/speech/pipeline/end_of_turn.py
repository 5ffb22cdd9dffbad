"""When two recognisers together say a command has ended (issue 23: end-of-turn from cues).

At ``EARLY_AGREEMENT_MS`` of silence (utterance_recognition.py) Whisper's speculative reading
of the pause is judged; when it is a *complete* command, PocketSphinx's partial of the same
pause decides whether that is enough to end the command at once:

- PocketSphinx's partial is understood as the **same intent** ("what month is the" /
  "what month is this"). Its last word may be one no command ends on: PocketSphinx's partial
  turns an unstressed last syllable into a function word ("... alarm due" -> "... alarm to",
  "this" -> "the", "yes go for it" -> "yes go for"), while Whisper, which must call the words
  a complete command, does not end a phrase the speaker left open ("set a timer for" is not
  complete). On development audio (docs/VOICE.md) 7 of 60 commands waited 420-540 ms for that
  reason alone, and no mid-command pause of the pause check had the two agree.
- Or PocketSphinx's partial is itself understood as a request (``likely``: the middle
  silence would end it at 400 ms) while Whisper's reading is complete, whatever intent each
  names: two independent "this is a whole request" judgements. In the pause check's 108
  paused commands no first half had both; at the end of a command, 5 of 60 did.

Whisper's complete reading *alone* is not enough this early: a first half that is itself a
command ("don't wake me | up on the twenty first", "hey what time | is my alarm due") is read
as complete by Whisper while PocketSphinx garbles it, and ending there split 4 more of 108
paused commands (docs/VOICE.md).
"""

from __future__ import annotations

from collections.abc import Callable

from ...core.intent import Intent
from .endpointing import mid_phrase

AGREE_ON_LIKELY = True
"""PocketSphinx's partial understood as a request backs Whisper's complete reading whatever
intent it names (False: the same intent only, as before)."""
AGREE_MID_PHRASE = True
"""PocketSphinx's partial may stop on a word no command ends on when it names the same intent
as Whisper's complete reading (False: it may not, as before)."""


def recognisers_agree(
    partial: str,
    whisper_complete: str,
    understand: Callable[[str], Intent],
    partial_likely: bool,
) -> bool:
    """Whether PocketSphinx's ``partial`` backs Whisper's complete reading of the same pause
    (``partial_likely``: the endpointer's verdict on the partial, complete or likely)."""
    if not partial.strip():
        return False
    if AGREE_ON_LIKELY and partial_likely:
        return True
    if not AGREE_MID_PHRASE and mid_phrase(partial):
        return False
    return understand(partial).name == understand(whisper_complete).name
