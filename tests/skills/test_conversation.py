"""Conversation: help from the registry, honest refusals, "did you mean", stop, memory."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar

import pytest

from pipelines.core.intent import INTENTS, Intent
from pipelines.language.measures import SPOKEN_UNITS
from pipelines.skills.base import Response, Skill, SkillContext
from pipelines.skills.conversation import CAPABILITY_ORDER, ONLINE_TOPICS, online_topic
from pipelines.skills.registry import SKILL_MODULES, SkillRegistry, discover
from pipelines.skills.replies import Replies

from .conftest import FakeClock, Talk, make_talk

SKILLS_DIR = Path(__file__).resolve().parents[2] / "pipelines" / "skills"
MINE = {"unsupported_online", "out_of_scope"} | {
    i for i in INTENTS if not i.startswith(("recipe_", "object_"))
}


def test_every_intent_of_this_issue_has_a_skill() -> None:
    handled = SkillRegistry(cls() for cls in discover(SKILL_MODULES)).handled_intents
    assert handled >= MINE


class FakeRecipes(Skill):
    name = "recipes-under-test"
    intents: ClassVar[frozenset[str]] = frozenset({"recipe_find", "recipe_step_next"})

    def handle(self, intent: Intent, ctx: SkillContext) -> Response:
        return Response("recipe", intent=intent.name)


def test_help_lists_what_the_registry_handles(app: Any, clock: FakeClock) -> None:
    def others(skill: Skill) -> bool:
        return any(i.startswith(("recipe_", "object_")) for i in skill.intents)

    mine = [s for s in (cls() for cls in discover(SKILL_MODULES)) if not others(s)]
    text = make_talk(app, clock, SkillRegistry(mine))("help", "what can you do").text
    assert "timers" in text and "lists" in text and "convert" in text
    assert "recipe" not in text.lower() and "cameras" not in text
    with_recipes = make_talk(app, clock, SkillRegistry([*mine, FakeRecipes()]))
    r = with_recipes("help")
    assert "recipes" in r.text and "cameras" not in r.text
    assert any("recipes" in c for c in r.card["capabilities"])


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("what's the weather like tomorrow", "can't check the weather"),
        ("read me the latest news", "news"),
        ("do I have new emails", "email"),
        ("order me a pizza from dominos", "order"),
        ("who won the football match", "scores"),
        ("tell me something", "need the internet"),
        ("define petrichor", "no dictionary"),
        ("where can I buy buckwheat flour", "shops or places nearby"),
        ("where's the nearest pharmacy", "shops or places nearby"),
        ("who sings this song", "recognise songs"),
        ("I want to hear some jazz", "stream songs"),
    ],
)
def test_online_requests_are_refused_honestly(talk: Talk, text: str, words: str) -> None:
    r = talk("unsupported_online", text)
    assert r.text.startswith("I work offline") and words in r.text and r.success is False


def test_did_you_mean_then_yes_runs_the_first_candidate(talk: Talk) -> None:
    r = talk("timer_start", "set something for ten", confidence=0.3,
             alternatives=(("alarm_set", 0.25), ("out_of_scope", 0.1)), duration=600)  # fmt: skip
    assert r.expects_reply and r.text == "Did you mean: start a timer, or set an alarm?"
    r = talk("affirm", "yes")
    assert r.action == "timer_started"


def test_did_you_mean_then_no_asks_to_rephrase(talk: Talk) -> None:
    talk("list_clear", "clear", confidence=0.2, alternatives=(("timer_cancel", 0.2),))
    r = talk("deny", "no")
    assert "another way" in r.text


def test_confident_intents_are_not_questioned(talk: Talk) -> None:
    r = talk("time_query", "what time is it", confidence=0.99, alternatives=(("date_query", 0.01),))
    assert r.action == "time_told"


@pytest.mark.parametrize("word", ["stop", "deny"])
def test_stop_and_never_mind_cancel_a_question(talk: Talk, word: str) -> None:
    talk("list_add", item=["eggs"])
    assert talk("list_clear").expects_reply
    r = talk(word, "never mind")
    assert r.action in ("stopped", "cancelled")
    assert talk("affirm", "yes").action == "none"


def test_stop_silences_ringing_timers_and_tells_the_gui(talk: Talk, clock: FakeClock) -> None:
    talk("timer_start", duration=60, name="eggs")
    clock.advance(61)
    talk("timer_status")  # marks it ringing
    r = talk("stop", "stop")
    assert r.action == "ringing_stopped"
    stopped = [e.data for e in talk.events if e.data.get("kind") == "reminder_stopped"]
    assert stopped and stopped[0]["timers"]


def test_memory_survives_a_new_dispatcher_but_expires(app: Any, clock: FakeClock) -> None:
    make_talk(app, clock)("timer_start", duration=600, name="pasta")
    make_talk(app, clock)("timer_start", duration=300, name="rice")
    clock.advance(30)
    assert "rice" in make_talk(app, clock)("timer_cancel", "cancel it").text
    make_talk(app, clock)("list_add", item=["eggs"])
    make_talk(app, clock)("list_clear")
    clock.advance(600)  # the question is long forgotten
    assert make_talk(app, clock)("affirm", "yes").action == "none"


def test_greeting_affirm_deny_out_of_scope(talk: Talk) -> None:
    assert talk("greeting", "hello").action == "greeted"
    assert "nothing to confirm" in talk("affirm", "yes").text
    assert talk("deny", "no").text in ("Okay.", "Alright.")
    r = talk("out_of_scope", "sing me the song of the whales")
    assert r.success is False and "can't do that" in r.text and "set a timer" in r.text


def test_unhandled_intents_get_a_template_answer(app: Any, clock: FakeClock) -> None:
    t = make_talk(app, clock, SkillRegistry([]))
    r = t("recipe_find", "find me a lasagne recipe")
    assert r.success is False and "find a recipe" in r.text


# -- the wording lives in assets/replies ------------------------------------------------------
_KEY = re.compile(r'"([a-z_]+\.[a-z_0-9]+)"')


def test_every_template_key_used_in_code_exists() -> None:
    replies = Replies()
    used = set()
    for path in SKILLS_DIR.glob("*.py"):
        used |= {k for k in _KEY.findall(path.read_text()) if not k.startswith("pipelines")}
    used -= {"audio.volume", "timer_chime.wav"}  # a settings key and a file name
    missing = sorted(k for k in used if not replies.has(k))
    assert not missing, missing
    assert len(used) > 60


def test_computed_template_keys_exist() -> None:
    replies = Replies()
    for topic, _ in ONLINE_TOPICS:
        assert replies.has(f"online.{topic}")
    assert replies.has("online.generic") and online_topic("blah") == "generic"
    for unit in set(SPOKEN_UNITS.values()):
        assert replies.has(f"unit_name.{unit}_one") and replies.has(f"unit_name.{unit}_other")
    for i in INTENTS:
        if i not in ("affirm", "deny", "unsupported_online", "out_of_scope"):
            assert replies.has(f"intent_description.{i}"), i
    for n in range(7):
        assert replies.has(f"date.weekday_{n}")
    for group in CAPABILITY_ORDER:
        assert replies.has(f"capability.{group}") and replies.has(f"capability_short.{group}")


def test_no_reply_wording_in_dispatch() -> None:
    source = (SKILLS_DIR / "dispatch.py").read_text()
    assert "Sorry" not in source and "can't do that" not in source


def test_slot_only_follow_ups_continue_the_last_intent(talk: Talk, clock: FakeClock) -> None:
    talk("timer_start", duration=600, name="pasta")
    talk("timer_start", duration=900, name="rice")
    talk("timer_status", "how long on the pasta", name="pasta")
    r = talk("out_of_scope", "what about the rice", confidence=0.3, name="rice")
    assert r.action == "timer_status" and "rice" in r.text and "15 minutes" in r.text
    r = talk("out_of_scope", "and one for 2 minutes", confidence=0.3, duration=120)
    assert r.action == "none"  # the last intent was a status question, not a start
    talk("timer_start", duration=60)
    r = talk("out_of_scope", "and another one for 2 minutes", confidence=0.3, duration=120)
    assert r.action == "timer_started" and "2 minutes" in r.text
    assert talk("out_of_scope", "blah blah").action == "none"  # no slots: not a follow-up


def test_never_mind_works_even_when_the_model_misses_it(talk: Talk) -> None:
    talk("list_add", item=["eggs"])
    assert talk("list_clear").expects_reply
    r = talk("out_of_scope", "Never mind.", confidence=0.1)
    assert r.action == "cancelled"
    assert talk("affirm", "yes").action == "none"
    assert talk("out_of_scope", "forget it").text in ("Okay.", "Alright.")


def test_no_template_key_is_defined_twice() -> None:
    import tomllib

    seen: dict[str, str] = {}
    for path in sorted((SKILLS_DIR.parents[1] / "assets" / "replies").glob("*.toml")):
        data = tomllib.loads(path.read_text())
        stack = [("", data)]
        while stack:
            prefix, table = stack.pop()
            for key, value in table.items():
                full = f"{prefix}{key}"
                if isinstance(value, dict):
                    stack.append((full + ".", value))
                else:
                    assert full not in seen, f"{full} in both {seen.get(full)} and {path.name}"
                    seen[full] = path.name


def test_conversation_context_is_ledgered_once_not_per_turn(talk: Talk) -> None:
    for _ in range(5):
        talk("time_query", "what time is it")
    rows = [e for e in talk.app.ledger.entries(limit=100) if e.category == "conversation"]
    assert [r.kind for r in rows] == ["data_written"]
    talk.dispatcher.memory.forget()  # type: ignore[union-attr]
    rows = [e for e in talk.app.ledger.entries(limit=100) if e.category == "conversation"]
    assert [r.kind for r in rows] == ["data_deleted", "data_written"]


def test_help_is_shorter_when_spoken(talk: Talk) -> None:
    r = talk("help", "what can you do")
    assert r.speech is not None and len(r.speech) < len(r.text)
    assert "timers" in r.speech and "lists" in r.speech


def test_cancel_it_heard_as_stop_cancels_the_timer_just_discussed(talk: Talk) -> None:
    talk("timer_start", duration=600, name="pasta")
    talk("timer_start", duration=300, name="rice")
    r = talk("stop", "cancel it")
    assert r.action == "timer_cancelled" and "rice" in r.text
    assert talk("stop", "cancel it").action == "stopped"  # nothing discussed any more
    talk("alarm_set", time="07:00", date="tomorrow")
    assert talk("stop", "delete that").action == "alarm_cancelled"
    assert talk("stop", "stop").action == "stopped"
