"""Regenerate the README's screenshots: ``make screenshots``.

Builds the demo organisation in a temporary database, opens the main window at
1280×800 and saves what it paints (offscreen, so it runs without a display).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402

from app.db.database import Database  # noqa: E402
from app.demo.generator import fill_demo  # noqa: E402
from app.services.setup import initialise  # noqa: E402
from views.application import create_application  # noqa: E402
from views.main_window import MainWindow  # noqa: E402


def main(out: Path) -> int:
    application = create_application()
    with tempfile.TemporaryDirectory() as folder:
        database = Database(Path(folder) / "demo.db")
        initialise(database)
        fill_demo(database)
        window = MainWindow(database, settings=QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
        window.resize(1280, 800)
        window.show()
        application.processEvents()
        window.grab().save(str(out / "main-window.png"))
        print(f"wrote {out / 'main-window.png'}")
        window.close()
        database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")))
