# ruff: noqa: E501  (one grammar line per phrasing family reads better than wrapped regexes)
"""Capability grammars in front of the intent model: a request they read completely is
answered by them, everything else goes to the model.

Each grammar reads one capability in the many ways people phrase it and *checks its slots
against real data* before it claims a request: a world-clock question must name a place the
offline gazetteer knows, a date question a day :func:`~.dates.resolve_day` can place, a
conversion two units pint knows. So "what time is it in the oven" or "how many kilometers is
a marathon" still go to the model. Like hassil in Home Assistant Assist, the grammar is exact
where it matches; the model covers the long tail.

Grammars: recipe ideas (:mod:`.recipe_suggest_rules`), world clock (:mod:`.world_clock_rules`), date arithmetic (:mod:`.date_rules`), unit conversion (:mod:`.unit_rules`), sums
(:mod:`.arithmetic`), reminders, snooze, small talk,
what Homebody cannot do in crisp clusters (games, a calendar, rating songs, a dictionary,
shops nearby: :mod:`.scope_rules`),
"play <a named song/artist/station>" (needs streaming: :mod:`.media_rules`), "cook X" recipes, "bedroom 50%" lights and volume levels. After the model, :mod:`.repair`
fixes slot spans the model cut short (list items, signs of numbers).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Callable

from ..core.intent import Intent, SlotValue
from .base import GRAMMAR_CONFIDENCE, grammar_intent
from .date_rules import date_question
from .normalize import parse_duration, parse_level, parse_time
from .reminder_rules import reminder
from .small_talk import small_talk_kind
from .unit_rules import unit_request
from .world_clock_rules import world_clock

CONFIDENCE = GRAMMAR_CONFIDENCE
_LEAD = re.compile(
    r"^(?:(?:hey |ok |okay )?homebody |(?:hey |ok )?(?:olly|alexa|siri|google|computer) |"
    r"hey |ok |okay |um |uh |so |well |alright |please |"
    r"(?:can|could|would|will) you (?:please )?(?:tell me )?|tell me |do you know |"
    r"i (?:want|need|would like|'d like) (?:you )?to (?:know )?)+"
)
_TAIL = re.compile(r"(?: please| thanks| thank you| for me| right now| now| at the moment)+$")


def tidy(text: str) -> str:
    """Lower case, curly quotes straightened, sentence punctuation and politeness dropped."""
    plain = text.lower().replace("’", "'").replace("‘", "'")
    plain = re.sub(r"[?!,;\"]|\.(?!\d)", " ", plain)
    plain = " ".join(plain.split())
    return _TAIL.sub("", _LEAD.sub("", plain)).strip()


_intent = grammar_intent

_SCALE_GATE = r"^(?:what(?:'s| is) |whats |how much is |work out |calculate |tell me )?(?:halve|double|twice|triple|treble|quadruple|half|a half|one half|a third|one third|a quarter|one quarter|two thirds|three quarters|an eighth|\S+ times)\b"


def _scaled_amount(text: str, clean: str) -> Intent | None:
    # lazy: start-up speed (.amount_scaling loads only when _scaled_amount() runs)
    from .amount_scaling import read_scaled_amount

    found = read_scaled_amount(clean)
    if found is None:
        return None
    slots: dict[str, SlotValue] = {
        "quantity": found.quantity, "unit": [found.unit], "factor": found.factor,
    }  # fmt: skip
    return _intent("unit_convert", text, slots, {})


# -- snooze, recipes, lights and volume ---------------------------------------------------------
_SNOOZE = (
    r"^(?:snooze|snooze it|snooze the alarm|snooze my alarm|snooze alarm|snooze that)"
    r"(?: for (?P<dur>.+))?$|^(?:(?:okay|ok|alright|oh|ugh|fine|no|not yet|come on|please) )*"
    r"(?:give me|just|i need|let me sleep|let me have|only)(?: for)? (?:another )?"
    r"(?:(?P<dur2>(?:\d+|[a-z]+) (?:more|extra) (?:minutes?|mins?))|"
    r"(?P<dur3>(?:\d+|[a-z]+) (?:minutes?|mins?)) (?:more|longer))(?: please)?$"
    r"|^(?:add |give it |give me |okay |ok )?(?:another )?(?P<dur4>(?:\d+|[a-z]+) (?:more|extra) "
    r"(?:minutes?|mins?))(?: please)?$"
)
"""Snooze: "snooze for 10 minutes", "just five more minutes", "okay just four minutes more".
A bare duration ("ten minutes") is a timer's; only "more/longer" after it makes it a snooze."""
_COOK = (
    r"^(?:(?:let's|lets|let us|time to) (?:make|cook|bake)|(?:i want to|i'd like to|i wanna|"
    r"we're going to|we are going to|help me|i'm going to|i am going to|i feel like) "
    r"(?:cook|bake|cooking|baking)) (?:some |a |an |the )?(?P<recipe>[a-z0-9' &()/+-]+)$"
)
_NOT_RECIPES = (
    r"\b(?:timer|alarm|list|reminder|call|decision|noise|plan|time|bed|it|this|that|sure|light|"
    r"lights|volume|music|room|louder|quieter|brighter|darker)\b"
)
_VOLUME = (
    r"^(?:turn |set |put |change |bring |make |move |adjust )?(?:up |down )?(?:the )?"
    r"(?:volume|sound|music|speaker|speakers)(?: volume)?(?: up| down)? (?:up |down )?(?:to|at) "
    r"(?P<level>(?:minus |negative |-)?[\w ]+?)(?: percent|%)?$"
)


@functools.lru_cache(maxsize=1)
def _rooms() -> frozenset[str]:
    """Room names of the templates (read once: loading the templates takes about a second)."""
    # lazy: start-up speed (.templates loads only when _rooms() runs)
    from .templates import slot_values

    return frozenset(slot_values("room"))


@functools.lru_cache(maxsize=1)
def _places_to_play() -> frozenset[str]:
    # lazy: start-up speed (.templates loads only when _places_to_play() runs)
    from .templates import slot_values

    return _rooms() | frozenset(slot_values("speaker"))


VOLUME_ASKED = re.compile(
    r"^(?:what(?:'s| is) (?:the |your |my )?(?:current )?volume"
    r"(?: (?:set to|at|level|now|right now|on))?|what volume (?:are you|is it|is the volume)"
    r"(?: (?:on|at|set to))?|how loud (?:are you|is it|is the volume)(?: (?:now|set|at))?|"
    r"(?:tell me|check|show me|say) (?:the |your )?(?:current )?volume(?: level)?|"
    r"what level is (?:the |your )?volume(?: at| on)?|is (?:the |your )?volume (?:up|high|low|"
    r"down|loud)|how high is (?:the |your )?volume|(?:the|your) (?:current )?volume(?: level)?)$"
)
"""Asking the volume ("what's the volume", "how loud are you"): ``volume_set`` with no level,
which the volume skill answers with the level it is at (it never changes it)."""
UNMUTE = re.compile(
    r"^(?:you can )?(?:un-?mute(?: yourself| the sound| the volume| the tv| now| please)*|"
    r"sound (?:back )?on|turn (?:the )?sound back on|stop being quiet|"
    r"turn (?:off|of) (?:the )?mute|turn (?:the )?mute off|mute off|switch (?:the )?mute off|"
    r"switch off (?:the )?mute|cancel (?:the )?mute)(?: now| please)?$"
)
""""Unmute": the model reads it as mute; the volume skill undoes a mute instead."""


def _level_rules(text: str, clean: str) -> Intent | None:
    if VOLUME_ASKED.match(clean):
        return _intent("volume_set", text, {}, {})
    if UNMUTE.match(clean):
        return _intent("volume_mute", text, {}, {})
    found = re.match(_VOLUME, clean)
    if found:
        raw = found.group("level")
        negative = raw.startswith(("minus ", "negative ", "-"))
        level = parse_level(re.sub(r"^(?:minus |negative |-)", "", raw))
        if level is not None:
            value = -level if negative else level
            return _intent("volume_set", text, {"level": value}, {"level": raw})
    found = re.match(
        r"^(?:the )?(?P<room>[a-z ]+?)(?: lights?| lamps?)? (?:to |at )?(?P<level>[\w ]+?)(?: percent|%)$",
        clean,
    )
    if found and found.group("room") in _rooms():
        level = parse_level(found.group("level"))
        if level is not None:
            room = found.group("room")
            slots: dict[str, SlotValue] = {"room": room, "level": level}
            return _intent("light_set", text, slots, {"room": room, "level": found.group("level")})
    return None


def _named_media(text: str, clean: str) -> Intent | None:
    # lazy: start-up speed (.media_rules loads only when _named_media() runs)
    from .media_rules import content_request, named_content

    if named_content(clean, _places_to_play()) is None and not content_request(clean):
        return None
    return _intent("unsupported_online", text, {}, {})


def _lists(text: str, clean: str) -> Intent | None:
    # lazy: start-up speed (.list_rules loads only when _lists() runs)
    from .list_rules import list_request, needs_item

    return list_request(text, clean) or needs_item(text, clean)


# -- sums ----------------------------------------------------------------------------------------
_SUM_GATE = r"\b(?:plus|minus|times|divided|multiplied|multiply|percent|cent|squared|cubed|root|power|add|sum|subtract|take|product|divide|over|half|third|quarter|double|twice|triple)\b|\d\s*[-+*/x×÷%^]\s*\d|\d\s*%"


def _gas_mark(text: str, clean: str) -> Intent | None:
    # lazy: start-up speed (.gas_mark loads only when _gas_mark() runs)
    from .gas_mark import read_gas_mark

    return None if read_gas_mark(clean) is None else _intent("unit_convert", text, {}, {})


def _calculation(text: str, clean: str) -> Intent | None:
    # lazy: start-up speed (.arithmetic loads only when _calculation() runs)
    from .arithmetic import read_sum

    if read_sum(clean) is None:
        return None
    return _intent("calculate", text, {"expression": clean}, {"expression": clean})


_SUGGEST_GATE = r"\b(?:cook|make|bake|prepare|eat|recipes?|hungry|starving|peckish|ideas?|suggest\w*|recommend|inspiration|breakfast|brunch|lunch|dinner|supper|tea|dessert|pudding|snack|leftovers?|left over|use up|extra|spare)\b"


def _several_timers(text: str, clean: str) -> Intent | None:
    # lazy: start-up speed (.timer_rules loads only when _several_timers() runs)
    from .timer_rules import more_time, several_timers

    return several_timers(text, clean) or more_time(text, clean)


def _recipe_idea(text: str, clean: str) -> Intent | None:
    # lazy: start-up speed (.recipe_suggest_rules loads only when _recipe_idea() runs)
    from .recipe_suggest_rules import suggestion

    return suggestion(text, clean)


def _cannot_do(text: str, clean: str) -> Intent | None:
    # lazy: start-up speed (.scope_rules loads only when _cannot_do() runs)
    from .scope_rules import cannot_do

    name = cannot_do(clean, _places_to_play)
    return None if name is None else _intent(name, text, {}, {})


def _other(text: str, clean: str) -> Intent | None:
    found = re.match(_SNOOZE, clean)
    if found:
        said = (
            found.group("dur") or found.group("dur2") or found.group("dur3") or found.group("dur4")
        )
        slots: dict[str, SlotValue] = {}
        if said:
            seconds = parse_duration(re.sub(r" (?:more|extra)\b", "", said))
            if seconds is None:
                return None
            slots["duration"] = seconds
        return _intent("alarm_snooze", text, slots, {"duration": said} if said else {})
    found = re.match(_COOK, clean)
    if found and not re.search(_NOT_RECIPES, found.group("recipe")):
        recipe = found.group("recipe").strip()
        return _intent("recipe_find", text, {"recipe": recipe}, {"recipe": recipe})
    kind = small_talk_kind(clean)
    if kind is not None:
        return _intent("smalltalk", text, {}, {})
    return _level_rules(text, clean)


_SCOPE_GATE = r"\b(?:play|have|start|begin|bored|calendar|diary|agenda|events?|meetings?|appointments?|engagements|scheduled|booked|planned|invite|invitation|songs?|tracks?|tunes?|album|artist|define|definition|meaning|mean|synonyms?|antonyms?|opposite|etymology|origin|spell|spelled|spelt|sentence|rhymes?|buy|get|order|purchase|pick|sells?|shops?|stores?|supermarket|nearest|closest|near|area|town|open|after|next|then|afterwards|queue|frequency|station|channel|book|call|send|weather|forecast|rain|raining|rainy|snow|snowing|snowy|sunny|sunshine|umbrella|humidity|humid|thunder|thunderstorms?|storms?|stormy|windy|foggy|frosty|heatwave|hail|drizzle|pollen|uv|hot|cold|warm|chilly|temperature|degrees|need|sings|sang|singing|performs|performed|wrote|playing|plays|name|describe|explain|about|information|info|facts|details)\b|^what(?:'s| is| do| have| am| are)\b.*\b(?:on|for)\b"
"""Words of :mod:`.scope_rules`' clusters (games, calendar, songs, dictionary, shops, queue)."""


CLOSE_RECIPE = re.compile(
    r"^(?:please )?(?:close|exit|leave|quit|end|stop|finish|shut|cancel)(?: the| this| my)? "
    r"(?:recipe|cooking(?: mode)?|cooking session)(?: please)?$|^(?:i'm|i am|we're|we are) "
    r"(?:done|finished) (?:cooking|with (?:the|this) recipe)$|^(?:stop|quit|exit) cooking$"
)
"""Ending cooking mode ("close the recipe", "stop cooking"): read before the model, which
hears "stop" in it; the recipe skill closes the open recipe (the library keeps it)."""

_ABOUT_ME_GATE = r"\b(?:listening|listen|hear|recording|record|recorded|data|information|spying|microphone|mic|cloud|upload|send|share|leave)\b"
"""Questions about Homebody's listening and data: small talk read before the media and scope
grammars claim "hear", "listen" or "send" ("can you hear me", "are you always listening")."""


def _about_me(text: str, clean: str) -> Intent | None:
    kind = small_talk_kind(clean)
    if kind in ("privacy_listening", "privacy_data", "listening"):
        return _intent("smalltalk", text, {}, {})
    return None


def match(text: str, today: _dt.date | None = None) -> Intent | None:
    """The intent a capability grammar reads in ``text``, or None (ask the model)."""
    clean = tidy(text)
    if not clean:
        return None
    lengths = re.search(r"\b(?:minutes?|mins?|hours?|hrs?|seconds?|secs?)\b", clean)
    if parse_time(clean) is not None and len(clean.split()) <= 3 and not lengths:
        return None  # a bare clock time answers a question; leave it to the model/dispatcher
    today = today or _dt.date.today()
    readers: tuple[tuple[str, Callable[[], Intent | None]], ...] = (
        (
            r"\b(?:recipe|cooking)\b",
            lambda: (
                _intent("recipe_step_goto", text, {"close": "yes"}, {})
                if CLOSE_RECIPE.match(clean)
                else None
            ),
        ),
        (_ABOUT_ME_GATE, lambda: _about_me(text, clean)),
        (r"remind|forget", lambda: reminder(text, clean, today)),
        (_SUGGEST_GATE, lambda: _recipe_idea(text, clean)),
        (
            r"\btimers?\b.*\band\b|\b(?:\d+|two|three|four|five|six) timers\b|^(?:(?:can you|could you|please) )?(?:add|put|stick|give)\b.*\b(?:timer|it)$|\b(?:more|extra)\b.* (?:on|for) (?:the|my|that)\b.*timer$|^(?:(?:can you|could you|please) )?(?:take|knock|shave|cut)\b.* off\b.*\b(?:timer|it)$",
            lambda: _several_timers(text, clean),
        ),
        (r"\b(?:time|in|ahead|behind|hours|and|about)\b", lambda: world_clock(text, clean)),
        (
            r"\b(?:day|days|date|until|till|til|when|long|sleeps|weeks|leap)\b|^how many (?:seconds|minutes|hours|months|years|decades|fortnights)\b|\btime (?:will|would) it be\b|^what(?:'s| is) the time (?:in|after) \d",
            lambda: date_question(text, clean, today),
        ),
        (_SCALE_GATE, lambda: _scaled_amount(text, clean)),
        (r"\b(?:in|to|into|as|is|are|make|makes|equals?|per)\b", lambda: unit_request(text, clean)),
        (r"\bgas\b", lambda: _gas_mark(text, clean)),
        (_SUM_GATE, lambda: _calculation(text, clean)),
        (
            r"\b(?:create|make|set up|build)\b.*\blist\b|^(?:do|did|should) (?:i|we) (?:still |really )?need\b",
            lambda: _lists(text, clean),
        ),
        (_SCOPE_GATE, lambda: _cannot_do(text, clean)),
        (
            r"\b(?:play|stream|shuffle|queue|listen|hear|tune|podcasts?|audio ?books?|episodes?|"
            r"stations?|news)\b",
            lambda: _named_media(text, clean),
        ),
        (r".", lambda: _other(text, clean)),
    )
    for gate, read in readers:  # a cheap gate first: patterns compile only when needed
        if re.search(gate, clean):
            found = read()
            if found is not None:
                return found
    return None
