"""``python -m app.cli``: the headless commands without the desktop app's launcher."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
