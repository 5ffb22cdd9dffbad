"""Intents added in round 2 (issue 20; "calculate", sums, in round 3) and where the older labels
put those requests: shared by the NLU benchmarks (bench.nlu, bench.nlu_requests,
bench.nlu_compare)."""

from __future__ import annotations

ROUND2_INTENTS = frozenset(
    {"reminder_set", "reminder_query", "reminder_cancel", "smalltalk", "alarm_snooze", "calculate"}
)
ROUND1_HOMES = frozenset({"out_of_scope", "greeting", "timer_start", "alarm_set", "list_add"})
"""Where today's labels put requests that have their own intent since round 2: SLURP's
reminders and jokes were out_of_scope, "how are you" a greeting, "remind me when the rice is
ready in one hour" a timer. Counted as right when the new intent is predicted, and listed."""
