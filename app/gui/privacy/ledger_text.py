"""A privacy-ledger row as a sentence a household reads ("Homebody saved 1 timer.").

The raw detail (JSON) stays one click away in the ledger's "Details" toggle; this module is
Qt-free so the report exporter can use the same words.
"""

from __future__ import annotations

from typing import Any

NOUNS = {
    "timers": ("timer", "timers"),
    "alarms": ("alarm", "alarms"),
    "lists": ("list item", "list items"),
    "conversation": ("follow-up note", "follow-up notes"),
    "history": ("conversation turn", "conversation turns"),
    "sightings": ("object sighting", "object sightings"),
    "thumbnails": ("blurred thumbnail", "blurred thumbnails"),
    "taught_objects": ("taught object photo", "taught object photos"),
    "recipes": ("recipe", "recipes"),
    "voice_profile": ("voice profile", "voice profiles"),
    "nlu_examples": ("taught phrasing", "taught phrasings"),
}
REASONS = {"user": "because you asked", "retention": "because its keep-time ran out"}


def _count(category: str, detail: dict[str, Any]) -> str:
    n = detail.get("items", detail.get("count"))
    one, many = NOUNS.get(category, ("item", "items"))
    if isinstance(n, int):
        return f"{n} {one if n == 1 else many}"
    return f"{one}s" if category not in NOUNS else many


def _switch(detail: dict[str, Any]) -> str:
    state = "on" if detail.get("on") else "off"
    return f"You switched the {detail.get('switch', 'device')} {state}."


def describe_entry(kind: str, category: str, detail: dict[str, Any]) -> str:
    """One plain sentence for a ledger row; nothing hidden that the details toggle shows."""
    d = detail
    if kind == "data_written":
        return f"Homebody saved {_count(category, d)} on this computer."
    if kind == "data_deleted":
        reason = REASONS.get(str(d.get("reason", "")), "")
        return f"Homebody deleted {_count(category, d)}{' ' + reason if reason else ''}."
    if kind == "model_loaded":
        return f"Loaded the model {d.get('model', '?')} from this computer (hash checked)."
    if kind == "model_installed":
        return f"Installed the model {d.get('model', d.get('name', '?'))} (sha256 verified)."
    if kind == "microphone_opened":
        return f"The microphone {d.get('device', '')} was opened.".replace("  ", " ")
    if kind == "microphone_closed":
        secs = d.get("seconds")
        took = f" after {float(secs):.0f}\u00a0s" if isinstance(secs, int | float) else ""
        return f"The microphone was closed{took}."
    if kind == "camera_started":
        return f"Camera {d.get('camera', d.get('name', ''))} started watching.".replace("  ", " ")
    if kind == "camera_stopped":
        return f"Camera {d.get('camera', d.get('name', ''))} stopped.".replace("  ", " ")
    if kind == "network_allowed":
        return f"A connection to {d.get('host', 'a device')} on your network was allowed."
    if kind == "network_refused":
        if d.get("action") == "camera decoder stopped":
            return (
                f"A camera stream tried to reach {d.get('host', '?')}, which is not a device you "
                "configured: Homebody stopped that camera at once."
            )
        return f"A connection to {d.get('host', '?')} was blocked: nothing left this computer."
    if kind == "settings_changed":
        if "switch" in d:
            return _switch(d)
        what = d.get("sections") or d.get("keys") or []
        shown = ", ".join(str(w) for w in what) if isinstance(what, list) else str(what)
        return f"Settings changed{': ' + shown if shown else ''}."
    if kind == "app_started":
        return f"Homebody started ({d.get('interface', 'app')})."
    return f"{kind.replace('_', ' ').capitalize()} ({category})."
