"""Entry point of the frozen build: the same ``homebody`` command as the pip-installed one.

On Linux the bundle leaves the desktop's own libraries (X11, GLib, fontconfig, ALSA...) to the
system (``homebody_packaging/system_libraries.py``): a missing one is named, with the package
to install, instead of a traceback or Qt aborting in its platform plugin. The Vosk engine is a
download there (``homebody models install vosk-engine``, unpacked into the models folder): its
folder goes on ``sys.path``, installed or not yet, so an install made while the app runs is
found too.
"""

import multiprocessing
import os
import sys

from homebody_packaging import system_libraries
from homebody_packaging.constants import DOWNLOADED_ENGINES

from app.cli.main import main


def add_downloaded_engines() -> None:
    from pipelines.core.paths import AppPaths

    models = AppPaths.from_environment().models_dir
    for name in DOWNLOADED_ENGINES.values():
        sys.path.append(str(models / name))


def run() -> int:
    from pipelines.core.private_fs import private_process

    private_process()  # owner-only umask before anything is written
    if sys.platform.startswith("linux") and sys.argv[1:] not in (["--version"], ["-V"]):
        add_downloaded_engines()
    if sys.platform.startswith("linux") and not sys.argv[1:]:  # the desktop window opens
        absent = system_libraries.missing(system_libraries.window_libraries(os.environ))
        if absent:
            print(system_libraries.explain(absent), file=sys.stderr)
            return 1
    try:
        return main()
    except (ImportError, OSError) as exc:
        message = system_libraries.explain_load_error(exc) if sys.platform == "linux" else None
        if message is None:
            raise
        print(message, file=sys.stderr)
        return 1


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(run())
