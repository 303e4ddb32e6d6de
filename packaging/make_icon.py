"""Render packaging/mission-desk.svg to the PNG sizes a desktop and the app window use.

    .venv/bin/python packaging/make_icon.py      (writes packaging/icons/mission-desk-<N>.png)

The PNGs are checked in, so a build needs no SVG renderer; run this after editing the SVG.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: TID251 (a Qt tool, not planner code)
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: TID251
from PySide6.QtSvg import QSvgRenderer  # noqa: TID251

HERE = Path(__file__).resolve().parent
SIZES = (16, 32, 48, 64, 128, 256)


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(HERE / "mission-desk.svg"))
    if not renderer.isValid():
        print("error: mission-desk.svg does not parse", file=sys.stderr)
        return 1
    out = HERE / "icons"
    out.mkdir(exist_ok=True)
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = out / f"mission-desk-{size}.png"
        if not image.save(str(target)):
            print(f"error: cannot write {target}", file=sys.stderr)
            return 1
        print(target.relative_to(HERE.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
