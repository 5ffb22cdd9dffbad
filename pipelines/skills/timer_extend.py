"""More time on a timer that is running: "add 5 minutes to the pasta timer", "put another two
minutes on it", "5 more minutes on the timer".

The model reads these as starting a timer (``timer_start`` with the added length and the
name), which would leave the old timer running beside a new one. Read here instead: the
timer meant is the named one, else the one just set or talked about, else the only one.
"""

from __future__ import annotations

from ..core.intent import Intent
from ..language.rules import tidy
from ..language.timer_rules import ADD_TIME
from .timer_store import Timer, TimerStore, normalise_name


def timer_to_extend(intent: Intent, store: TimerStore, last_id: object) -> tuple[Timer, int] | None:
    """The running or paused timer to add time to and how many seconds, or None when the
    sentence does not ask for more time on a timer that exists."""
    found = ADD_TIME.match(tidy(intent.text))
    seconds = intent.slot("duration")
    if found is None or not isinstance(seconds, int) or isinstance(seconds, bool) or seconds <= 0:
        return None
    store.expire_due()  # a timer that has just run out is not given more time: it rings
    active = store.active()
    if intent.slot("shorten") == "yes":
        seconds = -seconds  # "take 5 minutes off": less time left
    said = (
        found.group("name") or found.group("name2") or found.group("name3") or intent.slot("name")
    )
    if said:
        wanted = normalise_name(str(said))
        named = [t for t in active if t.name and normalise_name(t.name) == wanted]
        return (named[0], seconds) if len(named) == 1 else None
    last = next((t for t in active if t.id == last_id), None)
    if last is not None:
        return last, seconds
    return (active[0], seconds) if len(active) == 1 else None
