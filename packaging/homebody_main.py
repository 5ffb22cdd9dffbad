"""Entry point of the frozen build: the same ``homebody`` command as the pip-installed one."""

import multiprocessing
import sys

from app.cli.main import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
