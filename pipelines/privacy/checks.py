"""``homebody doctor``'s privacy lines: who can read the files, where the passwords are."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.checks import Check
from ..core.private_fs import POSIX
from ..core.redact import MASK, redact_url
from ..core.secrets import SecretStore
from .protection import all_loose, stores

if TYPE_CHECKING:
    from ..app_context import AppContext


def check_privacy(app: AppContext) -> list[Check]:
    loose = all_loose(app.paths)
    if not POSIX:
        files = Check("privacy", "file access", True, "your account's AppData: only you")
    elif loose:
        which = [s.label[:1].lower() + s.label[1:] for s in stores(app.paths) if not s.private]
        files = Check(
            "privacy",
            "file access",
            False,
            f"other accounts on this computer can read {len(loose)} files or folders"
            + (f" ({', '.join(which)})" if which else ""),
            "homebody privacy protect (or Privacy > Stored data > Make private)",
        )
    else:
        files = Check("privacy", "file access", True, "everything Homebody keeps: only you")
    store = SecretStore(app.paths.config_dir)
    secrets = Check(
        "privacy",
        "passwords",
        True,
        f"kept {store.describe()}",
    )
    checks = [files, secrets]
    missing = [redact_url(c.source) for c in app.settings.vision.cameras if f":{MASK}@" in c.source]
    if app.settings.mqtt.password == MASK:
        missing.insert(0, "the MQTT password")
    if missing:
        checks.append(
            Check(
                "privacy",
                "missing passwords",
                False,
                f"settings.toml expects a stored password for {', '.join(missing)}, "
                f"but none is kept {store.describe()}",
                "enter the password again in Settings",
            )
        )
    return checks
