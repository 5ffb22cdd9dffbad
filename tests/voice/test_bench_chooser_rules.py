"""bench.voice_chooser_rules: dev right / false actions and the real recordings' WER and false
actions, scored for any rule on the same readings."""

from __future__ import annotations

from bench.voice_chooser_rules import score
from pipelines.core.intent import Intent
from pipelines.speech.pipeline.reading_chooser import Reading, best, vote

SAID = "he might even have been made amiable himself"


def reading(source: str, text: str, intent: str, sure: float, heard: float) -> Reading:
    return Reading(source, text, Intent(intent, {}, sure, text=text), heard)


def test_free_speech_scores_its_wer_and_false_actions_against_the_vote_alone() -> None:
    """librivox_sns01_0930 as the loop read it: the vote took media_play."""
    turn = [
        reading("whisper-base", "he might even have been made immiable himself",
                "unsupported_online", 0.633, 0.70),
        reading("whisper-base", SAID, "out_of_scope", 0.523, 0.93),
        reading("pocketsphinx", "hey by even up in made enable once off", "media_play",
                0.463, 0.18),
    ]  # fmt: skip
    real = [{"ref": SAID, "turns": [turn]}]
    command = [reading("pocketsphinx", "what time is it", "time_query", 0.99, 0.9)]
    dev = [{"intent": "time_query", "one": True, "readings": command, "said": "what time is it"},
           {"intent": "timer_set", "one": True, "readings": command, "said": "set a timer"},
           {"intent": "time_query", "one": False, "readings": command,
            "said": "what time is it"}]  # fmt: skip
    before, now = score(vote, dev, real), score(best, dev, real)
    assert (before["right"], before["false_dev"], before["n"]) == (1, 1, 3)
    assert (before["false_real"], before["acted"]) == (1, 0)
    assert before["wer"] > 0.5
    assert before["dev_wer"] == 8 / 11  # 0 + 4 (another command) + 4 (split: nothing heard)
    assert (now["wer"], now["false_real"], now["right"]) == (0.0, 0, 1)
