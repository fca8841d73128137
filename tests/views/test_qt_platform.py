"""The pre-flight check names the packages to install instead of letting Qt abort."""

from __future__ import annotations

import pytest

from views import qt_platform


def test_missing_x11_libraries_become_install_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(qt_platform, "missing_libraries", lambda: ["libxcb-icccm.so.4", "libxcb-cursor.so.0"])
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(qt_platform.sys, "platform", "linux")
    message = qt_platform.problem()
    assert message is not None
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4" in message
    assert "sudo dnf install xcb-util-cursor xcb-util-wm" in message


def test_no_display_is_said_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(qt_platform.sys, "platform", "linux")
    assert "no display" in (qt_platform.problem() or "")


def test_offscreen_needs_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert qt_platform.problem() is None


def test_the_real_plugin_is_inspected() -> None:
    """On this machine the answer is a list of library names (possibly empty), never an error."""
    missing = qt_platform.missing_libraries()
    assert all(name.startswith("lib") and ".so" in name for name in missing)
