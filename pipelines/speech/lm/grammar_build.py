"""Building the command grammar's word graph from the sentence templates (see
:mod:`.command_grammar`): templates -> a word automaton with null transitions -> joined words
("what('s| is)" -> "what's") -> deterministic -> minimal (the graph is acyclic, so one pass
from the last states back to the first merges every pair of equivalent states).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from ...core.errors import InputError
from ...language.spoken_form import spoken_form
from ...language.template_syntax import Alt, RuleRef, Seq, SlotRef, Text
from .word_graph import Arc, WordGraph

Node = Seq | Text | SlotRef | RuleRef | Alt
JOIN = "\x00"
"""Marks a word that continues the word before it ("time(r|)" -> "timer")."""


class _Nfa:
    def __init__(self) -> None:
        self.words: list[list[tuple[str, int]]] = []
        self.eps: list[list[int]] = []

    def state(self) -> int:
        self.words.append([])
        self.eps.append([])
        return len(self.words) - 1

    def chain(self, start: int, words: list[str]) -> int:
        state = start
        for word in words:
            nxt = self.state()
            self.words[state].append((word, nxt))
            state = nxt
        return state


def build_graph(
    templates: Iterable[Seq],
    rules: Mapping[str, Seq],
    values: Mapping[str, Iterable[str]],
    known: Callable[[str], bool],
) -> WordGraph:
    """The minimal deterministic graph of every sentence ``templates`` can produce."""
    nfa = _Nfa()
    start = nfa.state()
    final = nfa.state()
    spoken_values = {
        name: sorted({spoken_form(v) for v in vals} - {""}) for name, vals in values.items()
    }

    def compile_node(node: Node, state: int, depth: int, joined: bool) -> tuple[int, bool]:
        """The state after ``node``, and whether its text ends inside a word (``joined``:
        the text before it does, so text that starts without a space continues that word)."""
        if depth > 40:
            raise InputError("templates: rules nest too deeply (a rule refers to itself?)")
        if isinstance(node, Seq):
            for item in node.items:
                state, joined = compile_node(item, state, depth + 1, joined)
            return state, joined
        if isinstance(node, Text):
            words = spoken_form(node.text).split()
            if not words:
                return state, joined and not node.text
            if joined and not node.text[0].isspace():
                words[0] = JOIN + words[0]
            return nfa.chain(state, words), not node.text[-1].isspace()
        if isinstance(node, RuleRef):
            return compile_node(rules[node.name], state, depth + 1, joined)
        end = nfa.state()
        if isinstance(node, SlotRef):
            for value in spoken_values.get(node.values, ()):
                nfa.eps[nfa.chain(state, value.split())].append(end)
            return end, False
        ends_joined = [joined] if node.optional else []
        for option in node.options:
            option_end, option_joined = compile_node(option, state, depth + 1, joined)
            nfa.eps[option_end].append(end)
            ends_joined.append(option_joined)
        if node.optional:
            nfa.eps[state].append(end)
        return end, all(ends_joined)

    for tree in templates:
        nfa.eps[compile_node(tree, start, 0, False)[0]].append(final)
    _glue(nfa)
    return _minimise(*_determinise(nfa, start, final, known))


def _joins(word: str) -> bool:
    return word[0] in ("'", JOIN)


def _glue(nfa: _Nfa) -> None:
    """Words such as "'s" and "'re" join the word before them ("what('s| is)" -> "what's"),
    as the template sampler joins them: each word arc into a state that can reach a glued
    word through null transitions gets a joined twin."""
    glued = {s for s, arcs in enumerate(nfa.words) if any(_joins(w) for w, _ in arcs)}
    if not glued:
        return
    back: dict[int, list[int]] = {}
    for src, targets in enumerate(nfa.eps):
        for dst in targets:
            back.setdefault(dst, []).append(src)
    reach = set(glued)
    stack = list(glued)
    while stack:
        for src in back.get(stack.pop(), ()):
            if src not in reach:
                reach.add(src)
                stack.append(src)
    for src in range(len(nfa.words)):
        extra: list[tuple[str, int]] = []
        for word, dst in nfa.words[src]:
            if dst in reach and not _joins(word):
                for state in _closure(nfa, [dst]) & glued:
                    extra.extend(
                        (word + w.removeprefix(JOIN), d) for w, d in nfa.words[state] if _joins(w)
                    )
        nfa.words[src].extend(extra)


def _closure(nfa: _Nfa, states: Iterable[int]) -> frozenset[int]:
    seen = set(states)
    stack = list(seen)
    while stack:
        for nxt in nfa.eps[stack.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return frozenset(seen)


def _determinise(
    nfa: _Nfa, start: int, final: int, known: Callable[[str], bool]
) -> tuple[list[dict[str, int]], set[int]]:
    first = _closure(nfa, [start])
    ids = {first: 0}
    order = [first]
    moves: list[dict[str, int]] = []
    finals: set[int] = set()
    ok: dict[str, bool] = {}
    index = 0
    while index < len(order):
        current = order[index]
        if final in current:
            finals.add(index)
        targets: dict[str, set[int]] = {}
        for state in current:
            for word, nxt in nfa.words[state]:
                if word not in ok:
                    ok[word] = not _joins(word) and known(word)
                if ok[word]:
                    targets.setdefault(word, set()).add(nxt)
        row: dict[str, int] = {}
        for word, nxts in targets.items():
            subset = _closure(nfa, nxts)
            if subset not in ids:
                ids[subset] = len(order)
                order.append(subset)
            row[word] = ids[subset]
        moves.append(row)
        index += 1
    return moves, finals


def _minimise(moves: list[dict[str, int]], finals: set[int]) -> WordGraph:
    """Merge equivalent states of the acyclic DFA in one pass, children before parents
    (Revuz): two states are equivalent when both are final or not and their words lead to the
    same classes. States that cannot reach a final state are dropped."""
    block: dict[int, int] = {}
    signatures: dict[tuple[object, ...], int] = {}
    indegree = [0] * len(moves)
    for row in moves:
        for dst in row.values():
            indegree[dst] += 1
    order, ready = [], [0]  # topological order (Kahn), then children first
    while ready:
        state = ready.pop()
        order.append(state)
        for dst in moves[state].values():
            indegree[dst] -= 1
            if indegree[dst] == 0:
                ready.append(dst)
    order.reverse()
    for state in order:
        out = tuple(sorted((w, block[d]) for w, d in moves[state].items() if block[d] >= 0))
        if not out and state not in finals:
            block[state] = -1  # a dead end
            continue
        block[state] = signatures.setdefault((state in finals, out), len(signatures))
    if block[0] < 0:
        return WordGraph((), frozenset(), 1)
    number: dict[int, int] = {block[0]: 0}  # renumber so that the start state is 0
    arcs: set[Arc] = set()
    for state in reversed(order):  # parents first
        if block[state] < 0:
            continue
        src = number.setdefault(block[state], len(number))
        for w, d in moves[state].items():
            if block[d] >= 0:
                arcs.add((src, number.setdefault(block[d], len(number)), w))
    final_ids = {number[block[s]] for s in finals if s in block and block[s] >= 0}
    return WordGraph(tuple(sorted(arcs)), frozenset(final_ids), len(number))
