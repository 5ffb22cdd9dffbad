# ruff: noqa: E501  (one grammar line per phrasing family reads better than wrapped regexes)
"""Requests Homebody cannot act on, in the capability clusters where the wording is crisp.

The intent model keeps ``out_of_scope`` (nothing Homebody could do, online or not) and
``unsupported_online`` (a service on the internet would do it) apart only loosely, and it
sometimes *acts* on them: "play chess with me" started music, "save this song to my
favourites" played one, "after this song play thriller" skipped a track, "where can I get
organic wheat" searched recipes. Found by clustering the false actions on SLURP devel's dev
part (the 70% that is not the reporting bucket; devel is never training data). Each cluster
here is a capability, read in the ways people phrase it:

- ``out_of_scope``: games ("let's play chess"), a calendar or diary with events, meetings and
  appointments (Homebody keeps reminders, not a calendar: anything saying "remind" is left
  to :mod:`.reminder_rules` and the model), saving or rating the song that plays ("add this
  song to my favourites": the media skill controls a speaker, it has no library; "I don't
  like this song" stays a skip), what is planned for
  a day ("what's on friday afternoon", "what have I got planned for the twelfth": a calendar;
  "what do I have to do on Monday" stays the to-do list, as the list templates read it).
- ``unsupported_online``: general knowledge ("tell me about morel mushrooms", "describe a
  potato", "what do you know about Saturn": an encyclopedia; never about Homebody, a recipe,
  a list, music or a meeting), the weather ("do I need an umbrella tomorrow"), naming the song that
  plays ("who sings this"), a dictionary ("define petrichor", "what does ubiquitous mean"), shops and places nearby ("where can I buy organic flour",
  "the nearest pharmacy"), and queueing a named song after this one ("after this song play
  thriller": like "play thriller", it needs streaming, :mod:`.media_rules`), tuning a radio
  station ("tune it to frequency 97.3": "turn on the radio" stays a device, a radio on a
  smart plug).

Everything else goes to the model. A pattern claims a request only when it reads the whole
cluster phrase, so "play the game of thrones theme" (named content), "where can I find my
keys" (``object_locate``), "what's on my shopping list" and "set a timer for the meeting"
are never claimed here (``tests/language/test_scope_rules.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

_GAME = (
    r"(?:chess|checkers|draughts|poker|solitaire|snake|sudoku|scrabble|monopoly|trivia|bingo|"
    r"blackjack|hangman|a crossword|crosswords?|cards|a card game|a game|games|a quiz|quiz|"
    r"a word game|word games|i spy|twenty questions|hide and seek|tic tac toe|"
    r"noughts and crosses|rock paper scissors|who wants to be a millionaire|millionaires?|"
    r"(?:a )?(?:board|video|computer|guessing|memory|number|riddle) games?|riddles|"
    r"a game of \w+(?: \w+)?|a round of \w+(?: \w+)?)"
)
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
)
_NTH = (
    r"(?:\d{1,2}(?:st|nd|rd|th)?|(?:twenty |thirty )?(?:first|second|third|fourth|fifth|sixth|"
    r"seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|"
    r"seventeenth|eighteenth|nineteenth|twentieth|thirtieth)|twenty(?: [a-z]+)?|thirty(?: one)?|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen)"
)
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_DAY = (
    rf"(?:today|tonight|tomorrow|(?:this|next) (?:week|weekend|{_WEEKDAY})|(?:the )?weekend|"
    rf"(?:today|tomorrow|{_WEEKDAY}) (?:morning|afternoon|evening|night)|{_WEEKDAY}|"
    rf"{_MONTH} (?:the )?{_NTH}|(?:the )?{_NTH}(?: of {_MONTH})?)"
)
_WITH = r"(?: with (?:me|us|my (?:son|daughter|kids|children|family|friends?)|the kids)| against (?:me|us|you)| together| now| today| tonight| for a (?:while|bit))*"
_OUT_OF_SCOPE = [
    # games
    rf"^(?:(?:let's|lets|let us|can we|could we|shall we|should we|do you want to|would you like to|like to|wanna|want to|i want to|i'd like to|we want to|we'd like to|can you|could you|will you|you) )?(?:play|have|start|start playing|begin) {_GAME}{_WITH}$",
    rf"^(?:i'm|i am|we're|we are) bored (?:let's |lets |can we |shall we )?play {_GAME}{_WITH}$",
    # a calendar: events, meetings, appointments
    r"^(?!.*\b(?:what|which) (?:day|date)\b).*\b(?:my|our|your|the family|family|work|shared|google|outlook) (?:calendar|diary|agenda)\b",
    r"^(?:show|list|read|tell|give) (?:me )?(?:my |all |all my |the |any )?(?:upcoming |next |future |today's |tomorrow's |this week's |)(?:events|meetings|appointments|engagements)\b",
    r"^(?:(?:what are|what're|are there|do i have|have i got|i have|any) )?(?:my |any |the )?(?:upcoming|future|scheduled|planned) (?:events|meetings|appointments|engagements)\b",
    r"^(?:do|did) (?:i|we) have (?:any |anything |something )?(?:meetings?|appointments?|events?|engagements?|plans|(?:booked|scheduled|planned|going on|on (?:today|tomorrow|tonight|this (?:week|weekend|morning|afternoon|evening)|next week|(?:mon|tues|wednes|thurs|fri|satur|sun)day))\b)",
    r"^(?:have i got|have we got|is there|are there) (?:any |anything |something )?(?:meetings?|appointments?|events?|booked|scheduled|planned)\b",
    r"^what (?:meetings|appointments|events|engagements) (?:do|did|have|will) (?:i|we)\b",
    r"^what (?:do|have) (?:i|we) (?:got )?(?:scheduled|booked|planned|on the agenda)\b",
    r"^(?:add|create|make|schedule|book|set up|set|put in|arrange|plan|organise|organize|cancel|delete|remove|move|reschedule) (?:a |an |the |my |new |a new |this |that )?(?:event|meeting|appointment|calendar entry|calendar event)\b",
    r"^(?:when|where|what time) (?:is|was|are) (?:my|the|our) (?:next )?(?:meeting|appointment|event)\b",
    r"^(?:when|where) is my (?:next )?\w+ (?:meeting|appointment)\b",
    r"^(?:accept|decline|reply to) (?:the |that |this |an? )?(?:meeting|calendar|event)? ?(?:invite|invitation|request)\b",
    # what is planned for a day ("what is on monday": a calendar, not the date; "what do I
    # have to do on monday" is the to-do list, as the list templates say)
    rf"^what(?:'s| do (?:i|we) have| have (?:i|we) got| is| am i doing| are we doing| have (?:i|we) planned) (?:(?:going on |happening |planned |scheduled |booked )(?:on |for )?|on for |on |for ){_DAY}$",
    # saving or rating the song that plays ("I don't like this song" is a skip: media_next)
    r"^(?:save|add|put|keep|store|mark|remember) (?:this|that|the current|the|this current|the playing) (?:songs?|tracks?|tunes?|albums?|artists?)(?:'s? (?:genre|artist|album))? (?:to|in|on|as|for) (?:my |the )?(?:favou?rites?|liked|likes|loved|library|collection|playlist|playlist favou?rites|favou?rite (?:songs|playlist|list))\b",
    r"^(?:save|remember|store) (?:this|that|the current) (?:songs?|tracks?)(?:'s? (?:genre|artist|album))?(?: for me| for later)?$",
    r"^(?:rate|thumbs (?:up|down)|give a thumbs (?:up|down) to|give) (?:this|that|the current) (?:song|track|tune|album)\b",
    r"^(?:add|put) (?:this|that|the current) (?:song|track|tune) (?:to|on|in) (?:my |a |the )?playlist\b",
]  # fmt: skip
_ONLINE = [
    # a dictionary
    r"^(?:please )?(?!define (?:yourself|you|me|us)\b)(?:define|give me a definition of|give me the definition of|look up the (?:word|definition of|meaning of)|dictionary definition of) \S",
    r"^(?:what(?:'s| is) )?(?:the )?(?:definition|dictionary definition|meaning|synonyms?|antonyms?|opposite|etymology|origin) (?:of|for) (?:the word )?(?!life\b|christmas\b)\S",
    r"^what does (?:the word |the term |the phrase )?(?!(?:that|this|it|he|she|they|you|the timer|the alarm)\b)[a-z][a-z' -]* mean$",
    r"^what is the meaning of (?:the word |the term )?(?!life\b|christmas\b)\S+$",
    r"^use (?:the word )?[a-z][a-z'-]* in a sentence$",
    r"^(?:give me |what(?:'s| is| are) )?(?:a |another )?(?:synonym|word|antonym|rhyme)s? (?:for|of|that rhymes with) \S",
    # general knowledge: "tell me about morel mushrooms", "describe a potato" (an encyclopedia)
    r"^(?:about|describe|explain|something about|a bit about|more about|what do you know about|i want to know about|(?:give me )?(?:some )?(?:information|info|facts|details) (?:about|on)) (?!(?:you|yourself|homebody|me|us|it|its|this|that|these|those|the same|my|our|your|what|how|why|when|where|which|who)\b)(?!.*\b(?:recipes?|steps?|ingredients?|lists?|lights?|cooking|cook|bake|privacy|data|cameras?|skills?|commands?|features?|settings?|music|songs?|volume|meetings?|appointments?|events?|calendar|diary|schedule|plans)\b)[a-z]",
    # the weather (the forecast is a service; an oven's heat is a recipe question)
    r"^(?!.*\b(?:oven|timer|alarm|list|recipe|light|lights|lamp|play|playing|sound|sounds|noise|song|music|turn|switch|set|thermostat|heating|inside|in here|indoors|louder|quieter|volume|hear|umbrella|where|do you)\b).*\b(?:weather|forecast|rain|raining|rainy|snow|snowing|snowy|sunny|thunder|thunderstorms?|storms?|stormy|windy|foggy|frosty|heatwave|hail|drizzle|pollen count|uv index)\b",
    r"^(?:how (?:hot|cold|warm|chilly) is it|what(?:'s| is) the temperature|how many degrees is it) (?:outside|out there|outdoors|today|tonight|tomorrow|this (?:morning|afternoon|evening|weekend)|in (?!(?:the|my|our|here|this)\b)[a-z ]+)$",
    r"^(?:do|will|should) (?:i|we) need (?:a|an|my|our) (?:coat|jacket|umbrella|brolly|raincoat|sunscreen|sun cream|scarf|gloves)\b",
    # what is playing (recognising a song needs a service)
    r"^(?:what|which) (?:song|track|tune|music|album|band|artist) is (?:this|that|playing|on|it)\b",
    r"^who (?:sings|sang|is singing|performs|performed|wrote|is playing|plays) (?:this|that|the current)(?: song| track| tune|$)",
    r"^(?:what(?:'s| is) )?the (?:name of (?:this|that|the current) (?:song|track|tune|artist|band|album)|(?:artist|singer|band)(?:'s)? name)$",
    # tuning a radio station by frequency or name (a station is streamed: .media_rules)
    r"^(?:turn|tune|switch|change|set|put|move) (?:it |the radio |the tuner )?(?:over )?(?:to|on|onto|into) (?:the )?(?:frequency|station|channel|radio station|radio channel|fm|am|long wave|medium wave) \S",
    r"^(?:go|switch|change) to (?:my |the |a )?(?:favou?rite |other |another |next )?(?:radio )?(?:station|radio channel)\b",
    # ordering food or a ride (a service; "add pizza to the shopping list" is a list)
    r"^(?!.*\b(?:list|lists|recipe|recipes|timer|remind)\b)(?:order|book|call|get|send)(?: me| us)? (?:a |an |some |two |three |another )?(?:large |small |medium |)(?:pizzas?|pizza pie|takeaway|take away|takeout|take out|curry|burgers?|sushi|chinese|indian|thai|kebabs?|noodles|fish and chips|food delivery|taxi|cab|uber|lyft|ride)\b",
    # shops and places near here
    r"^(?:where can (?:i|we) (?:buy|get|order|purchase|pick up)|where do they sell|who sells|(?:which|what) (?:shop|shops|store|stores|supermarket) (?:sells?|has|have|stocks?)) (?!(?:my|our|the|your) )(?!.*\b(?:recipes?|timers?|alarms?|lists?|reminders?)\b)\S",
    r"^(?:where(?:'s| is| are)|find|show me|what(?:'s| is)|locate|take me to|navigate to|directions to|how (?:far|do i get to)(?: is| away is)?) (?:the )?(?:nearest|closest|next nearest) \S",
    r"^(?:is there|are there|find|find me|show me|look for|search for) (?:an? |any |some )?(?:good |open |cheap |decent )?[a-z][a-z' ]*? (?:near me|near here|in (?:my|the) area|in town|open now|open late)$",
]  # fmt: skip
_QUEUE = re.compile(
    r"^(?:after (?:this|that|the current)(?: song| track| one| tune)?|when this (?:song |track )?(?:ends|finishes|is over)|next|then|afterwards) (?:play|put on|queue(?: up)?) (?P<what>.+)$"
    r"|^(?:play|queue(?: up)?|put on) (?P<what2>.+?) (?:next|after this(?: song| track| one)?|when this (?:song |track )?(?:ends|finishes))$"
)  # fmt: skip


_OURS = re.compile(r"\b(?:remind\w*|timers?|alarms?)\b")
"""Words of Homebody's own skills: a request saying them is never claimed here."""


class _Compiled:
    """The patterns, compiled on first use (``homebody ask`` for a timer never needs them)."""

    out_of_scope: list[re.Pattern[str]] | None = None
    online: list[re.Pattern[str]] | None = None


def cannot_do(
    clean: str, rooms: frozenset[str] | Callable[[], frozenset[str]] = frozenset()
) -> str | None:
    """``"out_of_scope"`` or ``"unsupported_online"`` when a tidied request is one of the
    clusters above, else None. ``rooms``: room and speaker names (for the queued-song form),
    or a function that reads them (called only for a queued song: reading the value lists
    is work most requests need not do)."""
    if _OURS.search(clean):  # "cancel the meeting alarm", "remind me of my meeting": ours
        return None
    if _Compiled.out_of_scope is None or _Compiled.online is None:
        _Compiled.out_of_scope = [re.compile(p) for p in _OUT_OF_SCOPE]
        _Compiled.online = [re.compile(p) for p in _ONLINE]
    if any(p.search(clean) for p in _Compiled.out_of_scope):
        return "out_of_scope"
    if any(p.search(clean) for p in _Compiled.online):
        return "unsupported_online"
    queued = _QUEUE.match(clean)
    if queued is not None:
        # lazy: start-up speed (.media_rules loads only for a queued song)
        from .media_rules import named_content

        what = queued.group("what") or queued.group("what2")
        if named_content(f"play {what}", rooms() if callable(rooms) else rooms) is not None:
            return "unsupported_online"
    return None
