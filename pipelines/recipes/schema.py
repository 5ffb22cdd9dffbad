"""The recipe tables (library, full-text index, cooking session): apart from the library so
the recipe skill can create them without importing the recipe parsers."""

from __future__ import annotations

MIGRATIONS = [
    """
    CREATE TABLE recipes (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        fingerprint TEXT NOT NULL UNIQUE,
        source_file TEXT NOT NULL DEFAULT '',
        source_url TEXT NOT NULL DEFAULT '',
        data TEXT NOT NULL,
        imported_at REAL NOT NULL
    );
    CREATE VIRTUAL TABLE recipes_fts USING fts5(
        title, ingredients, instructions, tokenize = 'porter unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER recipes_fts_delete AFTER DELETE ON recipes BEGIN
        DELETE FROM recipes_fts WHERE rowid = old.id;
    END;
    CREATE TABLE recipe_session (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        recipe_id INTEGER NOT NULL REFERENCES recipes(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        factor REAL NOT NULL,
        updated_at REAL NOT NULL
    );
    """
]
