"""The home-network hosts the user configured, which the egress guard allows: the MQTT broker,
network cameras, Wyoming satellites and remote speech engines, and extra allowed hosts."""

from __future__ import annotations

from urllib.parse import urlsplit

from ..core.settings_schema import Settings


def configured_peer_hosts(settings: Settings) -> list[str]:
    """The home-network machines the user configured for Wyoming: satellites and the remote
    speech engines (they are configured devices for the egress guard, like cameras)."""
    w = settings.wyoming
    hosts = [s.host for s in w.satellites if s.enabled]
    for uri in (w.remote_asr, w.remote_tts):
        host = urlsplit(uri).hostname if uri else None
        if host:
            hosts.append(host)
    return hosts


def configured_hosts(settings: Settings) -> list[str]:
    """LAN hosts the user configured: the MQTT broker, network cameras, Wyoming satellites and
    remote speech engines, extra allowed hosts."""
    hosts = [settings.mqtt.host] if settings.mqtt.enabled else []
    for camera in settings.vision.cameras:
        if "://" in camera.source:
            host = urlsplit(camera.source).hostname
            if host:
                hosts.append(host)
    hosts.extend(settings.privacy.allowed_hosts)
    hosts.extend(configured_peer_hosts(settings))
    return hosts
