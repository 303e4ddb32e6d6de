"""One layout pass for a briefing pack: "Page n of N" and the contents' page numbers are written
when the document is saved, not found by laying the whole document out twice.

:class:`PackCanvas` is reportlab's "NumberedCanvas" recipe (keep every page's state at
``showPage``, emit the pages in ``save()`` once their count is known; see the ReportLab
snippet "Page x of y with a custom canvas"). Each page may carry *late* drawings, run in
``save()`` with the page count, and the bookmarks made on it, replayed then: reportlab ties a
bookmark to the page the PDF document is on, and with the pages held back that would be the
first page for all of them.

:class:`ContentsTable` is reportlab's ``TableOfContents`` given its entries before the layout
(the story's headings are known beforehand), so it takes its final size in the first and only
pass; the dots and page number after each entry are a late drawing, at the position the entry's
text ended, with the page its heading's bookmark landed on.
"""

from __future__ import annotations

from ast import literal_eval
from collections.abc import Callable, Iterable
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.tableofcontents import TableOfContents

LateDrawing = Callable[["PackCanvas", int], None]  # (canvas, page count)
DOT = " . "


class PackCanvas(Canvas):
    """A canvas that holds its pages until ``save()`` and then runs their late drawings."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict[str, Any]] = []
        self._late: list[LateDrawing] = []
        self._page_bookmarks: list[tuple[str, dict[str, Any]]] = []
        self.bookmark_pages: dict[str, int] = {}  # bookmark key -> page number
        self.page_total = 0

    def late(self, drawing: LateDrawing) -> None:
        """Draw on the current page when the document is saved (the page count is known then)."""
        self._late.append(drawing)

    def bookmarkPage(self, key: str, fit: str = "Fit", left: Any = None, top: Any = None,
                     bottom: Any = None, right: Any = None, zoom: Any = None) -> Any:
        self.bookmark_pages.setdefault(key, self.getPageNumber())
        self._page_bookmarks.append((key, {"fit": fit, "left": left, "top": top,
                                           "bottom": bottom, "right": right, "zoom": zoom}))
        return None

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._late = []
        self._page_bookmarks = []
        self._startPage()

    def save(self) -> None:
        held, total = self._held_pages, len(self._held_pages)
        for state in held:
            self.__dict__.update(state)  # the page as it was (its own page_total was 0)
            for key, options in self._page_bookmarks:
                Canvas.bookmarkPage(self, key, **options)
            for drawing in self._late:
                drawing(self, total)
            Canvas.showPage(self)
        self._held_pages = []
        self.page_total = total
        Canvas.save(self)


def contents_entries(story: Iterable[Any]) -> list[tuple[int, str, int, str]]:
    """``(level, markup, 0, key)`` for every heading of ``story`` that goes in the contents."""
    entries: list[tuple[int, str, int, str]] = []
    seen: set[str] = set()
    for flowable in story:
        outline = getattr(flowable, "outline", None)
        if outline is None:
            continue
        level, _title, key, toc, text = outline
        if toc and key not in seen:
            seen.add(key)
            entries.append((level, text, 0, key))
    return entries


class ContentsTable(TableOfContents):
    """The contents, laid out once from entries known in advance; page numbers drawn late."""

    def __init__(self, entries: list[tuple[int, str, int, str]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._lastEntries = list(entries)
        self._entries = list(entries)

    def isIndexing(self) -> int:  # nothing to learn from the layout
        return 0

    def isSatisfied(self) -> int:
        return 1

    def beforeBuild(self) -> None:  # keep the entries given
        pass

    def notify(self, kind: str, stuff: Any) -> None:
        pass

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        size = super().wrap(availWidth, availHeight)
        self.canv.setNamedCB("drawTOCEntryEnd", self._entry_end(availWidth))
        return size

    def _entry_end(self, avail_width: float) -> Callable[[Any, str, str], None]:
        def entry_end(canvas: Any, _kind: str, label: str) -> None:
            _page, level, key_repr = label.split(",", 2)
            key = str(literal_eval(key_repr))  # as TableOfContents writes it in the label
            x, y = canvas._curr_tx_info["cur_x"], canvas._curr_tx_info["cur_y"]
            matrix = canvas._currentMatrix
            style = self.getLevelStyle(int(level))

            def draw(late: PackCanvas, _total: int) -> None:
                page = late.bookmark_pages.get(key)
                if page is not None:
                    _draw_page_number(late, matrix, x, y, avail_width, str(page), style)
            if isinstance(canvas, PackCanvas):
                canvas.late(draw)
        return entry_end


def _draw_page_number(canvas: Canvas, matrix: tuple[float, ...], x: float, y: float,
                      avail_width: float, text: str, style: ParagraphStyle) -> None:
    """Dots from ``x`` to the right edge, then the page number (reportlab's drawPageNumbers)."""
    size = style.fontSize
    width = stringWidth(text, style.fontName, size)
    while width > avail_width - x and size >= 1.0:
        size *= 0.9
        width = stringWidth(text, style.fontName, size)
    dot_width = stringWidth(DOT, style.fontName, size)
    dots = max(0, int((avail_width - x - width) / dot_width))
    canvas.saveState()
    canvas.transform(*matrix)
    canvas.setFont(style.fontName, size)
    canvas.drawString(avail_width - dots * dot_width - width, y, DOT * dots + text)
    canvas.restoreState()
