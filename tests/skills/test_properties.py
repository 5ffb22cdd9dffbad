"""Property tests: lists keep exactly what was added; durations read back; names normalise."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.core.storage import Database
from pipelines.skills.list_store import ListStore, normalise_item
from pipelines.skills.replies import Replies
from pipelines.skills.speech import duration

REPLIES = Replies()
items = st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(items, items)
def test_add_then_remove_leaves_exactly_the_rest(first: list[str], second: list[str]) -> None:
    store = ListStore(Database(":memory:"))
    wanted = [i for i in dict.fromkeys(normalise_item(x) for x in first + second) if i]
    if not wanted:
        return
    store.add("camping", first + second)
    assert store.items("camping") == wanted
    removed = store.remove("camping", first)
    gone = {normalise_item(x) for x in first}
    assert store.items("camping") == [i for i in wanted if i not in gone]
    assert set(removed.changed) == gone & set(wanted)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=7 * 86400))
def test_spoken_durations_add_up(seconds: int) -> None:
    text = duration(REPLIES, seconds)
    units = {"hour": 3600, "minute": 60, "second": 1}
    total = sum(int(n) * units[u] for n, u in re.findall(r"(\d+) (hour|minute|second)s?", text))
    expected = seconds if seconds < 7200 else seconds - seconds % 60  # long: no seconds
    assert total == expected


def test_time_left_is_said_like_people_do() -> None:
    from pipelines.skills.speech import time_left

    assert time_left(REPLIES, 598) == "10 minutes"
    assert time_left(REPLIES, 75) == "1 minute and 15 seconds"
    assert time_left(REPLIES, 5450) == "1 hour and 31 minutes"
