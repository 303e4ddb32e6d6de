"""Screenshots of the main views on the demo mission, for docs/screenshots/.

Run under Xvfb so fonts and styles are those of a real X server:

    xvfb-run -a python scripts/screenshots.py [--out docs/screenshots]

It builds the demo mission in a temporary data dir (your own files are not touched), opens the
main window at 1400×900 and grabs each page and the main dialogs.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


SAMPLE_CSV = (
    "Order #,Order Date,First Name,Last Name,Email,Quantity,Ticket Type,Attendee #,Attendee Status,"
    "Job Title,Company\r\n"
    "1001,2026-09-01,Kenji,Sato,kenji.sato@minato-bio.example,1,Delegate,5001,Attending,CSO,Minato Biologics\r\n"
    "1002,2026-09-02,Ji-woo,Park,jiwoo.park@seoul-cell.example,1,Delegate,5002,Attending,CEO,Seoul Cell Works\r\n"
    "1003,2026-09-02,Taro,Yamada,TARO.YAMADA@sakura-pharma.example,1,Delegate,5003,Attending,部長,Sakura Pharma K.K.\r\n"
    "1004,2026-09-03,Broken,Row,not-an-email,1,Delegate,5004,Attending,,Nowhere Ltd\r\n"
    "1005,2026-09-03,Anna,Refund,anna@example.org,1,Delegate,5005,Not Attending,,Gone Ltd\r\n"
    "1006,2026-09-04,Yuto,Abe,yuto.abe@gmail.example,1,Delegate,5006,Attending,Director,Setouchi Vaccines\r\n"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="mission-desk-shots-")
    os.environ["PLANNER_DATA_DIR"] = tmp

    from PySide6.QtCore import QPoint  # noqa: TID251
    from PySide6.QtGui import QPainter, QPalette, QPixmap  # noqa: TID251
    from PySide6.QtTest import QTest  # noqa: TID251
    from PySide6.QtWidgets import QApplication  # noqa: TID251

    from planner.demo import build_demo
    from planner.storage.database import Database
    from ui.main_window import MainWindow  # noqa: TID251
    from ui.settings import AppSettings  # noqa: TID251
    from ui.workspace import Workspace  # noqa: TID251

    app = QApplication([sys.argv[0]])
    app.setApplicationName("Mission Desk")
    from ui.app import install_bundled_fonts  # noqa: TID251

    install_bundled_fonts()  # as the app does at start-up: CJK names show without system fonts
    path = Path(tmp) / "demo.db"
    db = Database.open(path)
    with db.transaction() as session:
        build_demo(session)
    settings = AppSettings.at(str(Path(tmp) / "settings.ini"))
    workspace = Workspace(db)
    window = MainWindow(workspace, settings)
    window.resize(1400, 900)
    window.show()

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def shoot(name: str, widget: object) -> None:
        settle()
        target = args.out / f"{name}.png"
        widget.grab().save(str(target))  # type: ignore[attr-defined]
        print(target)

    def shoot_with_popup(name: str, widget: Any, popup: Any) -> None:
        """``widget`` with an open popup (a completer's list, its own window) drawn where it shows."""
        settle()
        base = widget.grab()
        image = base
        if popup.isVisible():
            offset = popup.mapToGlobal(QPoint(0, 0)) - widget.mapToGlobal(QPoint(0, 0))
            image = QPixmap(max(base.width(), offset.x() + popup.width()),
                            max(base.height(), offset.y() + popup.height()))
            image.fill(widget.palette().color(QPalette.ColorRole.Window))
            painter = QPainter(image)
            painter.drawPixmap(0, 0, base)
            painter.drawPixmap(offset, popup.grab())
            painter.end()
        target = args.out / f"{name}.png"
        image.save(str(target))
        print(target)

    for key in ("dashboard", "events", "delegation", "organisations", "people", "schedule", "meetings",
                "follow_ups", "exports"):
        page_widget: Any = window.show_page(key)
        if key == "dashboard":  # the conflict count arrives from a worker: wait for it (≤ 60 s)
            for _ in range(600):
                dash = getattr(page_widget, "dashboard", None)
                if dash is not None and dash.conflicts_counted:
                    break
                QTest.qWait(100)
        shoot(f"page_{key}", window)
    window.show_page("meetings")
    page = window.pages["meetings"]
    page.table.select_row(3)  # type: ignore[attr-defined]
    page.edit_current()  # type: ignore[attr-defined]
    shoot("meeting_dialog", page.dialog)  # type: ignore[attr-defined]
    page.dialog.reject()  # type: ignore[attr-defined]
    window.show_page("venues")
    venues = window.pages["venues"]
    venues.table.select_where(lambda r: r.name == "Pacifico Yokohama")  # type: ignore[attr-defined]
    shoot("venues", window)
    window.show_page("meetings")
    page.table.select_row(3)  # type: ignore[attr-defined]
    page.edit_current()  # type: ignore[attr-defined]
    editor = page.dialog  # type: ignore[attr-defined]
    settle()
    editor.activateWindow()
    room_edit = editor.room.combo.lineEdit()
    room_edit.setFocus()
    room_edit.selectAll()
    QTest.keyClicks(room_edit, "Table 4")
    if not editor.room.completer.popup().isVisible():
        editor.room.completer.complete()
    shoot_with_popup("room_picker", editor, editor.room.completer.popup())
    editor.reject()
    window.show_page("people")
    people = window.pages["people"]
    people.table.filter_edit.setText("山")  # type: ignore[attr-defined]
    people.model.set_filter("山")  # type: ignore[attr-defined]
    shoot("people_filtered", window)
    exports = window.exports_page
    window.show_page("exports")
    dialog = exports.open_export("briefing")
    if dialog is not None:
        shoot("export_briefing_dialog", dialog)
        dialog.reject()
    sample = Path(tmp) / "Eventbrite attendees.csv"
    sample.write_text(SAMPLE_CSV, encoding="utf-8-sig")
    importer = exports.open_import()
    if importer is not None:
        importer.set_file(str(sample))
        while importer.handle is not None and not importer.handle.done:
            app.processEvents()
        settle()
        for row in range(importer.preview_model.rowCount()):
            if importer.preview_model.row_at(row).candidates:  # show the proposed duplicate
                importer.preview.setCurrentIndex(importer.preview_model.index(row, 0))
                break
        shoot("import_dialog", importer)
        importer.reject()
    window.open_search()
    window.search_dialog.edit.setText("yamada")
    window.search_dialog.search_now()
    shoot("global_search", window.search_dialog)
    window.search_dialog.reject()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
