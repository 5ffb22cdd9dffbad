"""More time on a timer that is running: "add 5 minutes to the pasta timer", "put another two
minutes on it", "5 more minutes on the timer".

The model reads these as starting a timer (``timer_start`` with the added length and the
name), which would leave the old timer running beside a new one. Read here instead: the
timer meant is the named one, else the one just set or talked about, else the only one.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..core.errors import InputError
from ..core.intent import Intent
from ..language.rules import tidy
from ..language.timer_rules import ADD_TIME
from .base import Response, SkillContext
from .speech import duration, time_left
from .timer_store import Timer, TimerStore, normalise_name

_MORE = re.compile(r"\b(?:more|extra|another|longer)\b")
_NEW = re.compile(r"\b(?:timers?|set|start|new|make)\b|\banother one\b|\bone for\b")
"""A length said as more time ("5 more minutes", "just five more minutes") extends the timer
that runs; one that asks for a timer ("set another timer for 5 minutes") is a new one."""


def timer_to_extend(intent: Intent, store: TimerStore, last_id: object) -> tuple[Timer, int] | None:
    """The running or paused timer to add time to and how many seconds, or None when the
    sentence does not ask for more time on a timer that exists."""
    said = tidy(intent.text)
    found = ADD_TIME.match(said)
    seconds = intent.slot("duration")
    if not isinstance(seconds, int) or isinstance(seconds, bool) or seconds <= 0:
        return None
    if found is None and not (_MORE.search(said) and not _NEW.search(said)):
        return None  # "5 more minutes" / "just five more minutes" (no alarm rings): extend
    store.expire_due()  # a timer that has just run out is not given more time: it rings
    active = store.active()
    if intent.slot("shorten") == "yes":
        seconds = -seconds  # "take 5 minutes off": less time left
    named = (found.group("name") or found.group("name2") or found.group("name3")) if found else None
    name = named or intent.slot("name")
    if name:
        wanted = normalise_name(str(name))
        named = [t for t in active if t.name and normalise_name(t.name) == wanted]
        return (named[0], seconds) if len(named) == 1 else None
    last = next((t for t in active if t.id == last_id), None)
    if last is not None:
        return last, seconds
    return (active[0], seconds) if len(active) == 1 else None


def extend_timer(
    intent: Intent,
    ctx: SkillContext,
    store: TimerStore,
    label: Callable[[SkillContext, Timer], str],
) -> Response | None:
    """The reply to "add 5 minutes to the pasta timer" (the time added or taken off, or why
    not), or None when the request is not about more time on a timer that exists."""
    extend = timer_to_extend(intent, store, ctx.conversation.get("last_timer_id"))
    if extend is None:
        return None
    try:
        timer = store.add_time(extend[0].id, extend[1])
    except InputError as exc:
        return Response(str(exc), intent=intent.name, success=False, action="none")
    ctx.conversation["last_timer_id"] = timer.id
    left = time_left(ctx.replies, timer.remaining(ctx.clock()))
    return Response(
        ctx.say("timer.extended" if extend[1] > 0 else "timer.shortened",
                label=label(ctx, timer), left=left,
                added=duration(ctx.replies, float(abs(extend[1])))),
        intent=intent.name, action="timer_changed",
        card={"type": "timer", "timer": timer.to_dict(ctx.clock())},
    )  # fmt: skip
