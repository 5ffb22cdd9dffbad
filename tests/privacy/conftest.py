"""Fixtures for the at-rest privacy tests: the real ``homebody`` command in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
Runner = Callable[..., str]


def homebody_env(home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, HOMEBODY_HOME=str(home), PYTHONPATH=str(ROOT))
    env.pop("HOMEBODY_KEYRING", None)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)  # a keyring only where a test starts one
    return {**env, **extra}


def make_runner(home: Path, log: list[str], **extra: str) -> Runner:
    """``run("ask", "what time is it")``: the installed command's entry point, as a user
    starts it (its own process: the umask, the log scrubber and the start-up checks run)."""

    def run(*argv: str, ok: bool = True, timeout: float = 600) -> str:
        proc = subprocess.run(
            [sys.executable, "-m", "app.cli.main", *argv],
            env=homebody_env(home, **extra),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        # the command line is what the user typed, not what Homebody wrote: keep it out
        log.append(f"{proc.stdout}\n{proc.stderr}")
        if ok:
            assert proc.returncode == 0, f"homebody {argv[0]}: {log[-1]}"
        return proc.stdout

    return run


@pytest.fixture
def photos_folder(shared: Path, tmp_path: Path) -> Path:
    """An image-folder camera: real photos with a cup and a person in them."""
    import shutil

    folder = tmp_path / "camera-frames"
    folder.mkdir()
    permissive = shared / "data/photos/permissive"
    for name in ("skimage_coffee.png", "skimage_astronaut.png"):
        shutil.copy(permissive / name, folder / name)
    return folder


@pytest.fixture
def recipe_page(shared: Path) -> Path:
    page = shared / "data/recipes/html/budgetbytes.com/budgetbytes.testhtml"
    if not page.exists():
        pytest.skip(f"{page} is not in ../shared")
    return page


@pytest.fixture
def secret_service(tmp_path: Path) -> Iterator[str]:
    """A real Secret Service: a private D-Bus session bus with an unlocked GNOME Keyring whose
    files live in this test's own folder. Yields the bus address."""
    import shutil
    import time

    dbus, gnome = shutil.which("dbus-daemon"), shutil.which("gnome-keyring-daemon")
    if not dbus or not gnome:
        pytest.skip("no Secret Service here (apt install dbus-daemon gnome-keyring)")
    user = tmp_path / "keyring-user"
    (user / "run").mkdir(parents=True, mode=0o700)
    env = dict(
        os.environ,
        HOME=str(user),
        XDG_DATA_HOME=str(user / "data"),
        XDG_RUNTIME_DIR=str(user / "run"),
    )
    bus = subprocess.Popen(
        [dbus, "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True,
    )  # fmt: skip
    assert bus.stdout is not None
    address = bus.stdout.readline().strip()
    env["DBUS_SESSION_BUS_ADDRESS"] = address
    daemon = subprocess.Popen(
        [gnome, "--foreground", "--unlock", "--components=secrets"],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    assert daemon.stdin is not None
    daemon.stdin.write(b"login-password-of-the-test-user")
    daemon.stdin.close()
    probe = "import keyring; keyring.set_password('probe', 'p', 'x')"
    try:
        for _ in range(100):
            done = subprocess.run(
                [sys.executable, "-c", probe],
                env=dict(os.environ, DBUS_SESSION_BUS_ADDRESS=address),
                capture_output=True, text=True,
            )  # fmt: skip
            if done.returncode == 0:
                break
            time.sleep(0.1)
        else:
            pytest.fail(f"GNOME Keyring did not start: {done.stderr[-400:]}")
        yield address
    finally:
        for proc in (daemon, bus):
            proc.terminate()
            proc.wait(timeout=10)
