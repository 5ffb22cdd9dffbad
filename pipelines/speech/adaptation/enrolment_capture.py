"""Cut read enrolment sentences out of an audio stream: one utterance per prompt.

The microphone and a recording of the prompts read one after another take the same path
(VAD -> utterance segmenter), the one the voice loop uses; a pause of about a second
separates two sentences, so a breath inside a sentence does not split it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ...audio.pcm import duration_s
from ...audio.segmenter import SegmenterConfig, SegmentState, SpeechEnded, UtteranceSegmenter
from ...audio.vad import FrameSplitter, VoiceActivityDetector

ENROLMENT_SEGMENTER = SegmenterConfig(trailing_silence_ms=900, max_length_s=15.0)
"""Read sentences are long and paused; nothing ends them early."""
MIN_SENTENCE_S = 0.6
"""Shorter sounds (a cough, a click) are not taken for a read sentence (speech only: the
pre-roll and trailing silence do not count)."""


def read_sentences(
    chunks: Iterable[bytes],
    vad: VoiceActivityDetector,
    count: int,
    *,
    config: SegmenterConfig = ENROLMENT_SEGMENTER,
    on_sentence: Callable[[int, bytes], None] | None = None,
) -> Iterator[bytes]:
    """Yield up to ``count`` utterances (16 kHz s16le) from ``chunks``, in order.

    ``on_sentence(index, pcm)`` is called as each one ends (the CLI shows the next prompt).
    Stops reading the stream as soon as ``count`` utterances were heard.
    """
    frames = FrameSplitter(vad.frame_samples)
    segmenter = UtteranceSegmenter(config.validate())
    found = 0
    for chunk in chunks:
        for frame in frames.push(chunk):
            is_speech = vad.speech_probability(frame) >= 0.5
            for event in segmenter.push(frame, is_speech):
                if not isinstance(event, SpeechEnded):
                    continue
                segmenter.reset()  # listen for the next sentence
                trailing = event.at_s - event.speech_end_s
                if _speech_s(event.audio, config) - trailing < MIN_SENTENCE_S:
                    continue
                if on_sentence is not None:
                    on_sentence(found, event.audio)
                found += 1
                yield event.audio
                if found == count:
                    return
    tail = segmenter.audio_so_far if segmenter.state is SegmentState.SPEAKING else b""
    if _speech_s(tail, config) >= MIN_SENTENCE_S:  # a recording that ends mid-sentence
        if on_sentence is not None:
            on_sentence(found, tail)
        yield tail


def _speech_s(pcm: bytes, config: SegmenterConfig) -> float:
    """Seconds of an utterance's audio after its pre-roll (speech + trailing silence)."""
    return duration_s(pcm) - config.pre_roll_ms / 1000
