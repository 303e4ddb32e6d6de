"""The GUI half of ``mission-desk --self-test``: the real start-up path on the self-test's file.

A :class:`~ui.app.DeskApp` (settings in the self-test's folder) opens the file the planner
self-test built, in a main window, and waits until the first page shows its data; optionally the
window is saved as a PNG; then everything closes. Without a display (no ``DISPLAY`` or
``WAYLAND_DISPLAY``) Qt's offscreen platform is used; under Xvfb the bundle's xcb plugin is used,
which is what a staff laptop runs. A message box (the file did not open) or no window within the
time limit is a failure with its reason.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

START_TIMEOUT_S = 120


def choose_platform() -> str:
    """``offscreen`` when there is no display and the caller has not chosen a platform."""
    if not os.environ.get("QT_QPA_PLATFORM") and sys.platform.startswith("linux") \
            and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return os.environ.get("QT_QPA_PLATFORM", "native")


def run_gui_self_test(db_path: Path, folder: Path, out: Callable[[str], None] = print, *,
                      screenshot: Path | None = None, timeout_s: int = START_TIMEOUT_S) -> str | None:
    """Open ``db_path`` in a main window; None when its first page showed, else why not."""
    choose_platform()
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QTimer, qVersion
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui.app import DeskApp
    from ui.settings import AppSettings

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "mission-desk"])
    assert isinstance(app, QApplication)
    out(f"    Qt {qVersion()} · PySide6 {pyside_version} · platform {app.platformName()}")
    settings = AppSettings.at(str(folder / "settings.ini"))
    desk = DeskApp(settings, demo_path=folder / "demo.db")
    outcome: dict[str, str] = {}

    def finish(error: str = "") -> None:
        if "done" in outcome:
            return
        outcome["done"] = "1"
        if error:
            outcome["error"] = error
        app.exit(0)  # leaves nested loops (a message box) too

    def ready(window: object) -> None:
        app.processEvents()  # let the page paint
        if screenshot is not None and not window.grab().save(str(screenshot)):  # type: ignore[attr-defined]
            finish(f"cannot save the screenshot {screenshot}")
            return
        outcome["title"] = window.windowTitle()  # type: ignore[attr-defined]
        finish()

    def watch_for_message_box() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QMessageBox):
            text = modal.text()
            modal.done(0)
            finish(f"the app showed a message: {text}")

    desk.ready.connect(ready)
    desk.start_failed.connect(lambda: finish("the file did not open"))
    watcher = QTimer()
    watcher.setInterval(200)
    watcher.timeout.connect(watch_for_message_box)
    watcher.start()
    QTimer.singleShot(timeout_s * 1000, lambda: finish(f"no window with data within {timeout_s} s"))
    desk.open(db_path)
    app.exec()
    watcher.stop()
    desk.shutdown()
    settings.sync()
    if "error" in outcome:
        return outcome["error"]
    out(f"ok  window: {outcome.get('title', '?')}" + (f", saved as {screenshot}" if screenshot else ""))
    return None
