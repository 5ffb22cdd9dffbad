"""Lists by voice: add several items at once, remove, read, clear (after a "yes")."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from ..core.intent import Intent
from .base import Response, Skill, SkillContext
from .list_store import DEFAULT_LISTS, ListStore, normalise_item, normalise_list_name
from .speech import join

_ALL_LISTS = re.compile(
    r"\b(?:what|which|how many) lists\b|\b(?:all|show|read|list) (?:of )?(?:my|our|the) lists\b|"
    r"\bmy lists\b|\bany lists\b"
)
"""An overview of every list ("what lists do I have", "read me all my lists")."""
_DELETE_LIST = re.compile(
    r"\b(?:delete|remove|get rid of|throw away|bin|scrap|drop|lose)(?: the| my| our| that| this)?"
    r"(?: whole| entire)? (?!everything|all\b|items|the items|every)(?:[a-z-]+ ){0,3}list\b"
)
"""Deleting a list itself ("delete the packing list"), not emptying it ("clear my list",
"remove everything from the list")."""


def _items(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value if str(v).strip()]
    return [str(value)] if str(value).strip() else []


class ListSkill(Skill):
    name = "lists"
    intents: ClassVar[frozenset[str]] = frozenset(
        {"list_add", "list_remove", "list_query", "list_clear"}
    )

    def setup(self, ctx: SkillContext) -> None:
        self.store = ListStore(ctx.app.db, ctx.clock, ledger=ctx.app.ledger)

    def _list_name(self, intent: Intent, ctx: SkillContext) -> str:
        given = intent.slot("list")
        if given:
            return normalise_list_name(str(given))
        return str(ctx.conversation.get("last_list") or "shopping")

    def handle(self, intent: Intent, ctx: SkillContext) -> Response:
        if intent.name == "list_query" and _ALL_LISTS.search(intent.text.lower()):
            return self._overview(intent, ctx)
        asked = _items(intent.slot("item"))
        name = self._list_name(intent, ctx)
        if intent.name == "list_query" and asked and not intent.slot("list"):
            name = self._list_holding(asked) or "shopping"  # "do I need milk": any list has it
        ctx.conversation["last_list"] = name
        label = ctx.phrase("lists.name", name=name)
        if intent.name == "list_add":
            return self._add(intent, ctx, name, label)
        if intent.name == "list_remove":
            return self._remove(intent, ctx, name, label)
        if not self.store.exists(name):
            return Response(ctx.say("lists.no_such", list=label), intent=intent.name, success=False)
        items = self.store.items(name)
        if intent.name == "list_query" and asked:  # "is milk on my shopping list?"
            wanted = [normalise_item(i) for i in asked]
            present = [i for i in wanted if i in items]
            missing = [i for i in wanted if i not in items]
            parts = []
            if present:
                parts.append(ctx.say("lists.is_on", items=join(ctx.replies, present), list=label))
            if missing:
                parts.append(
                    ctx.say("lists.is_not_on", items=join(ctx.replies, missing), list=label)
                )
            return Response(" ".join(parts), intent=intent.name, action="list_checked")
        if intent.name == "list_query":
            key = "lists.contents" if items else "lists.empty"
            return Response(
                ctx.say(key, list=label, items=join(ctx.replies, items), count=len(items)),
                intent=intent.name, action="list_read",
                card={"type": "list", "list": name, "items": items},
            )  # fmt: skip
        if _DELETE_LIST.search(intent.text.lower()) and name not in DEFAULT_LISTS:
            return self._delete(intent, ctx, name, label, items)
        if not items:
            return ctx.reply(intent, "lists.already_empty", list=label)
        if not ctx.confirmed:
            return ctx.ask_confirmation(intent, "lists.confirm_clear", list=label, count=len(items))
        count = self.store.clear(name)
        return ctx.reply(intent, "lists.cleared", action="list_cleared", list=label, count=count)

    def _list_holding(self, asked: list[str]) -> str | None:
        """The list that has the items asked about ("do I need milk" with no list said): the
        shopping list first, then the others."""
        wanted = {normalise_item(i) for i in asked}
        for name in self.store.names():
            if wanted & set(self.store.items(name)):
                return name
        return None

    def _delete(
        self, intent: Intent, ctx: SkillContext, name: str, label: str, items: list[str]
    ) -> Response:
        """ "Delete the packing list": a list the user made goes, items and all."""
        if not self.store.exists(name):
            return ctx.reply(intent, "lists.no_such", list=label)
        if items and not ctx.confirmed:
            return ctx.ask_confirmation(
                intent, "lists.confirm_delete", list=label, count=len(items)
            )
        self.store.delete(name)
        if ctx.conversation.get("last_list") == name:  # "add eggs" next: not to a list now gone
            ctx.conversation.pop("last_list", None)
        return ctx.reply(intent, "lists.deleted", action="list_deleted", list=label)

    def _overview(self, intent: Intent, ctx: SkillContext) -> Response:
        """ "You have 3 lists: shopping (2 items), to-do (empty) and packing (1 item)." """
        counts = {name: len(self.store.items(name)) for name in self.store.names()}
        said = [
            ctx.phrase("lists.overview_one", name=name, count=count)
            if count
            else ctx.phrase("lists.overview_empty", name=name)
            for name, count in counts.items()
        ]
        return Response(
            ctx.say("lists.overview", count=len(counts), lists=join(ctx.replies, said)),
            intent=intent.name, action="list_read",
            card={"type": "lists", "lists": counts},
        )  # fmt: skip

    def _add(self, intent: Intent, ctx: SkillContext, name: str, label: str) -> Response:
        items = _items(intent.slot("item"))
        if not items:
            return ctx.ask_for_slot(intent, "item", "lists.ask_items", list=label)
        change = self.store.add(name, items)
        parts = []
        if change.changed:
            parts.append(
                ctx.say("lists.added", items=join(ctx.replies, change.changed), list=label)
            )
        if change.unchanged:
            key = "lists.already_one" if len(change.unchanged) == 1 else "lists.already_many"
            parts.append(ctx.say(key, items=join(ctx.replies, change.unchanged), list=label))
        return Response(
            " ".join(parts), intent=intent.name,
            action="list_added" if change.changed else "none",
            card={"type": "list", "list": name, "items": self.store.items(name)},
        )  # fmt: skip

    def _remove(self, intent: Intent, ctx: SkillContext, name: str, label: str) -> Response:
        items = _items(intent.slot("item"))
        if not items:
            return ctx.ask_for_slot(intent, "item", "lists.ask_remove", list=label)
        change = self.store.remove(name, items)
        parts = []
        if change.changed:
            parts.append(
                ctx.say("lists.removed", items=join(ctx.replies, change.changed), list=label)
            )
        if change.unchanged:
            parts.append(
                ctx.say("lists.not_on_list", items=join(ctx.replies, change.unchanged), list=label)
            )
        return Response(
            " ".join(parts), intent=intent.name, success=bool(change.changed),
            action="list_removed" if change.changed else "none",
            card={"type": "list", "list": name, "items": self.store.items(name)},
        )  # fmt: skip


SKILLS = (ListSkill,)
