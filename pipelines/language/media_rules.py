"""Requests to play *named* content: a song, an artist, a genre, a station, a podcast.

Homebody controls playback (play, pause, next, previous) but has no music catalogue and no
streaming: "play some jazz", "put on my workout playlist", "play the latest episode of
the daily" need a service on the internet. The intent model, trained on "play the music",
reads them as ``media_play`` and the user gets a playback answer that ignores what was asked
(SLURP's play_music/play_radio/podcast requests were the largest false-action class on the
devel mapping). This grammar reads "play <what>" and, when ``<what>`` names something
beyond the transport words ("music", "the radio", "it", "again", a room), answers
``unsupported_online``; everything else is left to the model.

Podcasts, episodes, stations, audiobooks and the news (a product decision, issue 20): the
media skill sends transport and volume commands to a speaker and cannot fetch content, so
asking for *new* content ("find a podcast about space", "play the next episode of the
daily", "tune in to jazz fm", "play the news", "put on an audiobook") needs the internet,
while controlling what already plays ("resume the podcast", "pause the audiobook", "turn the
radio up", "next episode") stays with the model and the media skill.
"""

from __future__ import annotations

import re

_PLAY = re.compile(
    r"^(?:play|start playing|stream|queue up|queue|shuffle|"
    r"(?:i want to|i'd like to|i would like to|i'd love to|i like to|i love to|we want to|let me|"
    r"can i|can we|let's|lets) listen to|listen to|"
    r"(?:i'd love to|i like to|i love to|we want to|can i|can we|) ?hear|"
    r"tune in to|tune into|tune to) "
    r"(?P<what>.+)$"
)
_TRANSPORT_WORDS = (
    "the some my a an any that this it its again now back on please music song songs tune "
    "tunes track tracks something anything playback sound audio stuff bit little more "
    "radio podcast podcasts audiobook album playlist video from where i left off we stopped "
    "in at and to for with of me us few while i we was were what listening playing "
    "background relaxing quiet great good nice lovely happy sad soft gentle dinner chill party "
    "calm cheerful upbeat dance favourites "
    "favorites usual morning liked library jukebox kids cook work if you can when one uh um "
    "er put play time once our listen favorite favourite file files recent recently current "
    "top beginning start random phone computer collection saved downloaded local mine whole entire"
)
_TRANSPORT = frozenset(_TRANSPORT_WORDS.split())
"""Words that say *that* something plays (the moods of the ``media_play`` templates, and the
user's own files: "my favourite playlist", "my music file"), not *which* song, artist, genre
or show."""
_LEAVE = re.compile(
    r"\b(?:next|previous|prior|earlier|last|before|after|skip|else|instead|another|different|"
    r"other|back|"
    r"resume|continue|pause|stop|louder|quieter|softer|volume|"
    r"timer|alarm|recipe|step|game|games|list|reminder|light|lights|sound of|noise|noises)\b"
)
"""Transport, volume, other skills, or a sound Homebody could make: the model decides.
("I want to hear some jazz" and "I like to listen to reggae" are named content; "I want to hear
a joke / the time / my to-do list" are not: ``_NOT_HEARD``. "put on" and "let's hear" are left
to the model too: "put on the lamp", "let's hear my
shopping list".)"""


_NOT_HEARD = re.compile(
    r"\b(?:you|yourself|joke|jokes|story|stories|riddle|riddles|time|date|day|sing|singing|"
    r"talk|talking|voice|what|how|about|from you|todo|to-do|to do|instructions?|ingredients?|"
    r"method|steps?|shopping|reminders?|timers?)\b"
)
"""What "I want to hear ..." asks of Homebody itself (a joke, the time, you sing): not content."""


def named_content(clean: str, rooms: frozenset[str]) -> str | None:
    """The named thing a tidied "play <what>" request asks for, or None; ``rooms``: room and
    speaker names ("play music in the kitchen" names no content)."""
    found = _PLAY.match(clean)
    if found is None or _LEAVE.search(clean):
        return None
    if re.search(r"\bhear\b", clean) and _NOT_HEARD.search(clean):
        return None
    what = found.group("what")
    for place in sorted(rooms, key=len, reverse=True):
        what = re.sub(rf"\b(?:in|on|through) (?:the )?{re.escape(place)}\b", " ", what)
    named = [w for w in what.split() if w not in _TRANSPORT]
    return " ".join(named) or None


_ASK_FOR = re.compile(
    r"^(?:play|put on|stick on|stream|start|start playing|queue(?: up)?|listen to|hear|"
    r"find(?: me)?|search for|look for|look up|recommend|suggest|download|get(?: me)?|fetch|"
    r"subscribe to|follow|tune in to|tune into|tune to|switch over to|switch to|read me|"
    r"give me|(?:i want to|i'd like to|let me|can i|can we|let's|lets) (?:listen to|hear)|"
    r"(?:are there|is there|have they put out) (?:any |a )?new)\b"
)
_SHOW = (
    r"(?:podcasts?|audio ?books?|episodes?|stations?|"
    r"radio (?:stations?|shows?|programmes?|programs?))"
)
_CONTENT = re.compile(
    rf"\b(?:a|an|some|any|new|another|a new|a good|good) {_SHOW}\b"
    rf"|\b{_SHOW} (?:about|by|called|named|for (?:kids|children|the car|my run))\b"
    r"|\bepisodes? (?:of|from) (?!(?:the|this|that|my) (?:podcast|audiobook|show|series|book)\b)"
    r"|\baudio ?books? of\b|\bradio stations?\b|\bthe (?:latest |hourly |radio )?news\b"
    r"|\bnews (?:bulletin|headlines)\b"
)
"""A podcast, episode, station or audiobook that is new to the speaker (not "the podcast"
already playing), or the news."""
_CONTROL = re.compile(
    r"\b(?:pause|stop|resume|continue|louder|quieter|volume|mute|unmute|skip|rewind|"
    r"timer|alarm|recipe|list|reminder)\b"
)


def content_request(clean: str) -> bool:
    """True when a tidied request asks for podcast, episode, station, audiobook or news
    content (which needs the internet) rather than controlling what already plays."""
    return bool(_ASK_FOR.match(clean) and _CONTENT.search(clean) and not _CONTROL.search(clean))
