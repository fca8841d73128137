"""Before Qt opens a window on Linux: are the X11 libraries its xcb plugin needs there?

Without them Qt aborts with "could not load the Qt platform plugin xcb", which
names no package. This module asks ``ldd`` which shared libraries the installed
plugin cannot find (plus ``libxcb-cursor``, which Qt 6.5+ needs but loads by
itself) and says which packages to install, per distribution. It imports no Qt,
so ``make run`` can run it first: ``python -m views.qt_platform``.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

# shared library -> (Debian/Ubuntu, Fedora, Arch) package
PACKAGES: dict[str, tuple[str, str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util", "xcb-util"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb", "libx11"),
    "libX11.so.6": ("libx11-6", "libX11", "libx11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11", "libxkbcommon-x11"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype", "freetype2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs", "dbus"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl", "libglvnd"),
    "libGL.so.1": ("libgl1", "libglvnd-glx", "libglvnd"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl", "libglvnd"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2", "glib2"),
    "libSM.so.6": ("libsm6", "libSM", "libsm"),
    "libICE.so.6": ("libice6", "libICE", "libice"),
}
DISTRIBUTIONS = ("Debian/Ubuntu: sudo apt-get install", "Fedora: sudo dnf install", "Arch: sudo pacman -S")


def _qt_folder() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "Qt"


def missing_libraries() -> list[str]:
    """Shared libraries Qt's xcb platform plugin needs and this system lacks."""
    import ctypes.util
    import shutil
    import subprocess

    qt = _qt_folder()
    if qt is None or shutil.which("ldd") is None:
        return []
    candidates = [qt / "plugins" / "platforms" / "libqxcb.so", *sorted((qt / "lib").glob("libQt6XcbQpa.so*"))[:1]]
    missing: list[str] = []
    for library in candidates:
        if not library.exists():
            continue
        result = subprocess.run(["ldd", str(library)], capture_output=True, text=True, check=False)
        for line in result.stdout.splitlines():
            if "not found" in line:
                name = line.split("=>", 1)[0].strip()
                if name not in missing:
                    missing.append(name)
    # Qt 6.5+ loads xcb-cursor itself at start, so ldd cannot see that it is needed.
    if ctypes.util.find_library("xcb-cursor") is None and "libxcb-cursor.so.0" not in missing:
        missing.append("libxcb-cursor.so.0")
    return missing


def uses_xcb() -> bool:
    """True when Qt would open its windows through X11 here."""
    if not sys.platform.startswith("linux"):
        return False
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":", 1)[0] == "xcb"
    return not os.environ.get("WAYLAND_DISPLAY")


def problem() -> str | None:
    """What stops Qt from opening a window here, in words a user can act on; None if nothing."""
    if not uses_xcb():
        return None
    if not os.environ.get("DISPLAY") and not os.environ.get("QT_QPA_PLATFORM"):
        return (
            "There is no display to open Steward's window on (DISPLAY is not set). Run it in a desktop "
            "session, or set QT_QPA_PLATFORM=offscreen to check it headless."
        )
    missing = missing_libraries()
    if not missing:
        return None
    lines = [
        f"Qt cannot open a window: these system libraries are missing: {', '.join(missing)}.",
        "Install them with:",
    ]
    for column, command in enumerate(DISTRIBUTIONS):
        packages = sorted({PACKAGES[name][column] for name in missing if name in PACKAGES})
        if packages:
            lines.append(f"  {command} {' '.join(packages)}")
    unknown = [name for name in missing if name not in PACKAGES]
    if unknown:
        lines.append(f"  (and whatever package provides {', '.join(unknown)})")
    return "\n".join(lines)


def main() -> int:
    message = problem()
    if message:
        print(message, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
