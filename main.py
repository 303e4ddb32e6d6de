"""Mission Desk: the composition root. Parse arguments, resolve the data dir, open the store,
start the UI. ``main()`` is also the ``mission-desk`` GUI script.

    python main.py                 the default file (welcome page on first start)
    python main.py --db FILE       another file
    python main.py --demo          the demo mission (in demo.db in the data dir unless --db)
    python main.py --self-test     check this installation (a bundle too) and exit 0, or 1 with why
    python main.py --version       the version and build
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

START = time.perf_counter()


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="mission-desk", description="Mission Desk desktop app",
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # --version on one line
    parser.add_argument("--db", metavar="PATH", help="database file or team server URL (default: $PLANNER_DB or the user data dir)")
    parser.add_argument("--demo", action="store_true", help="open the demo mission (BioJapan 2026)")
    parser.add_argument("--exit-when-shown", action="store_true", help=argparse.SUPPRESS)  # bench/gui.py
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation in a temporary folder: the demo, a check, a pack, "
                             "a lead sheet, a calendar and the window; exit 0 when all work")
    parser.add_argument("--screenshot", metavar="PNG", help="with --self-test: save the window as a PNG")
    parser.add_argument("--version", action="version", version=version_text())
    return parser.parse_args(argv)


def version_text() -> str:
    from planner import APP_NAME
    from planner._build import build_info

    info = build_info()
    return f"{APP_NAME} {info.label}" + (f", built {info.date}" if info.date else "")


def self_test(screenshot: str | None = None) -> int:
    """``--self-test``: the planner steps (:mod:`planner.selftest`), then the window
    (:mod:`ui.self_test`) on the file they built; nothing outside a temporary folder is touched."""
    import tempfile

    from planner.selftest import run_self_test

    started = time.perf_counter()
    out = _flushing_print
    with tempfile.TemporaryDirectory(prefix="mission-desk-self-test-") as tmp:
        folder = Path(tmp)
        os.environ["PLANNER_DATA_DIR"] = str(folder / "data")  # settings, backups, recent files
        (folder / "data").mkdir()
        report = run_self_test(out, folder=folder)
        if not report.ok:
            return 1
        try:
            from ui.self_test import run_gui_self_test

            error = run_gui_self_test(folder / "self-test.db", folder, out,
                                      screenshot=Path(screenshot).resolve() if screenshot else None)
        except Exception as exc:  # one clear line, exit 1: IT reads this, not a traceback
            error = f"{type(exc).__name__}: {exc}"
        if error is not None:
            out(f"self-test FAILED at window: {error}")
            return 1
    out(f"self-test passed: {len(report.passed) + 1} steps in {time.perf_counter() - started:.1f} s")
    return 0


def _flushing_print(line: str) -> None:
    print(line, flush=True)


def set_window_icon(app: Any) -> None:
    """The app's icon on every window: in the bundle under resources/icons, in a checkout in
    packaging/icons (drawn by packaging/make_icon.py)."""
    from PySide6.QtGui import QIcon

    root = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent))
    for icon in (root / "resources" / "icons" / "mission-desk-256.png",
                 root / "packaging" / "icons" / "mission-desk-256.png"):
        if icon.is_file():
            app.setWindowIcon(QIcon(str(icon)))
            return


def choose_db_path(args: argparse.Namespace) -> Path | str:
    """The plan to open: ``--db``, else (``--demo``) ``demo.db`` in the data dir, else
    ``$PLANNER_DB``, else the default file. A team server's URL (``postgresql+psycopg://…``) is
    kept as it is. Raises ``MissingFolderError`` when ``--db`` or ``$PLANNER_DB`` names a folder
    that does not exist (nothing is created: File ▸ New makes files)."""
    from planner.paths import demo_db_path, resolve_db_path, server_url

    value = args.db or ("" if args.demo else os.environ.get("PLANNER_DB", ""))
    if "://" in value and server_url(value):  # (a file loads no SQLAlchemy before the window)
        return str(value)
    if args.demo and not args.db:
        return demo_db_path()
    return resolve_db_path(args.db)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.self_test:
        return self_test(args.screenshot)
    from planner.errors import PlannerError

    try:
        path = choose_db_path(args)
    except PlannerError as exc:
        return refuse(str(exc))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from planner import APP_NAME, __version__
    from planner.paths import data_dir, demo_db_path, make_private_dir
    from ui.app import DeskApp
    from ui.settings import AppSettings

    # High-DPI rounding: Qt 6's default (PassThrough) is what we want; no Qt namespace needed here.
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "mission-desk"])
    from ui.board.none_guard import keep_none_alive

    keep_none_alive()  # PySide6 6.12 on Python 3.11 leaks a reference to None per void call
    app.setOrganizationName("MissionDesk")
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName(APP_NAME)
    set_window_icon(app)
    folder = make_private_dir(data_dir())
    settings = AppSettings.at(str(folder / "settings.ini"))
    desk = DeskApp(settings, demo_path=demo_db_path())
    desk.start_failed.connect(lambda: app.exit(2))
    app.aboutToQuit.connect(desk.shutdown)
    desk.open(path, then=desk.show_demo_here if args.demo else None)  # the window shows now, the file opens behind it
    if args.exit_when_shown:  # bench/gui.py: the frame on screen, then the first page with its data
        def shown() -> None:
            print(f"shown {time.perf_counter() - START:.4f}", flush=True)
            print(f"cpu-at-shown {time.process_time():.4f}", file=sys.stderr, flush=True)  # bench/gui.py

        def populated(_window: object) -> None:
            app.processEvents()  # let the page paint
            try:
                print(f"populated {time.perf_counter() - START:.4f}", flush=True)
            finally:
                app.quit()

        QTimer.singleShot(0, shown)
        desk.opened.connect(lambda _w: print(f"opened {time.perf_counter() - START:.4f}", flush=True))
        desk.ready.connect(populated)
    code = app.exec()
    settings.sync()
    return int(code)


def refuse(message: str) -> int:
    """A file that cannot be used before anything starts: say so on stderr and in a message box
    (the app may have been started from a shortcut, with no terminal); exit status 2."""
    print(f"error: {message}", file=sys.stderr)
    from PySide6.QtWidgets import QApplication, QMessageBox

    _app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "mission-desk"])
    QMessageBox.critical(None, "Cannot open the file", message)
    return 2


if __name__ == "__main__":
    sys.exit(main())
