"""Recipes: import local recipe files, a searchable library, and cooking-mode answers.

- :mod:`.importers` — saved web pages (schema.org JSON-LD/microdata), JSON-LD, text/Markdown;
- :mod:`.ingredients` — ingredient lines -> quantity, unit, name, preparation;
- :mod:`.library` — SQLite library with FTS5 search and duplicate detection;
- :mod:`.answers` — answers over (intent name, slots) for the active recipe;
- :mod:`.skill` — the ``recipe_*`` intents; :mod:`.step_timer` — "set a timer for this step".
"""
