"""The printed frame of a briefing pack: pages, running header, page numbers, contents, outline.

``PackContext`` is what every section builder gets: fonts, styles, the frame width and one
``p()`` that turns user text into a safe Paragraph (through ``pdf_text``) while collecting the
characters no bundled font can draw. ``heading()`` makes a heading that becomes a PDF bookmark
and, when asked, a table-of-contents entry. ``PackDocTemplate`` draws the header and
"Page n of N" on every page after the cover and raises ``Cancelled`` between flowables; built with
a :class:`~planner.exports.briefing.briefing_pages.PackCanvas` (the briefing pack) it needs one layout
pass, the count and the contents' page numbers being written when the file is saved; with
``multiBuild`` (the day sheet) a ``PageCount`` learns the count in a first pass.
A table given ``continued=`` text repeats its header row *and* that heading ("Wednesday 14 October
2026 (continued)") on every page it runs onto. The PDF's creation date is the briefing's
``prepared_at`` (reportlab's invariant mode would stamp 1 January 2000), so the same briefing
still gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from io import BufferedIOBase
from typing import Any, cast

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
)
from reportlab.platypus.tableofcontents import TableOfContents

from planner.domain.timezones import format_dual
from planner.errors import Cancelled
from planner.exports.briefing.briefing_pages import ContentsTable, PackCanvas
from planner.exports.briefing.briefing_paragraphs import CachedWrapParagraph, ParagraphCache
from planner.exports.pdf_text import (
    FontSet,
    clean_text,
    doc_options,
    make_table_style,
    markup,
    style_markup,
)

PAPER_SIZES = {"a4": A4, "letter": LETTER}
MARGIN = 16 * mm
HEADER = 10 * mm
CELL_PADDING = 6  # reportlab's default left and right padding of a table cell
# Where an e-mail address may wrap (Chicago Manual of Style 6.17): after "@", before "." or "-".
_EMAIL_BREAKS = re.compile(r"(?<=@)|(?=[.\-])")


class ContinuedTable(Table):
    """A table that, on every page after its first, prints ``continued`` above its repeated
    header rows. reportlab builds the parts of a split table with ``self.__class__``; the
    heading is given to every part but the first."""

    continued: Paragraph | None = None  # the heading for later parts
    show_heading = False  # this part is a continuation

    def _heading_height(self, avail_width: float) -> float:
        if not self.show_heading or self.continued is None:
            return 0.0
        _w, h = self.continued.wrap(avail_width, 10_000)
        return float(h) + 4

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        extra = self._heading_height(availWidth)
        w, h = super().wrap(availWidth, availHeight - extra)
        return w, h + extra

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        extra = self._heading_height(availWidth)
        parts = super().split(availWidth, availHeight - extra)
        for i, part in enumerate(parts):
            if isinstance(part, ContinuedTable):
                part.continued = self.continued
                part.show_heading = self.show_heading if i == 0 else True
        return parts

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        if self.show_heading and self.continued is not None:
            self.continued.wrap(self._width, 10_000)
            self.continued.drawOn(canvas, x, y + self._height + 4)
        super().drawOn(canvas, x, y, _sW)


@dataclass
class PackContext:
    fonts: FontSet
    styles: dict[str, ParagraphStyle]
    width: float  # usable frame width in points
    height: float  # usable frame height in points
    home_tz: str
    uncovered: set[str] = field(default_factory=set)
    paras: ParagraphCache = field(default_factory=ParagraphCache)  # each distinct markup parsed once
    _derived: dict[tuple[str, str], ParagraphStyle] = field(default_factory=dict)

    def p(self, text: str, style: str = "body", lang: str | None = None) -> Paragraph:
        """A Paragraph printing ``text`` literally (all text, labels included, goes this way)."""
        st = self.styles[style]
        return self.paras(style_markup(text, st, self.fonts, lang=lang, uncovered=self.uncovered), st)

    def para(self, text_markup: str, style: str | ParagraphStyle = "table_cell",
             cls: type[Paragraph] = CachedWrapParagraph) -> Paragraph:
        """A Paragraph of markup already made safe (by ``pdf_text.markup``)."""
        return self.paras(text_markup, self.styles[style] if isinstance(style, str) else style, cls)

    def derived(self, name: str, parent: str, **changes: Any) -> ParagraphStyle:
        """``styles[parent]`` with ``changes``, made once per pack (a style per heading would
        defeat the paragraph cache, which knows styles by identity)."""
        key = (name, parent)
        st = self._derived.get(key)
        if st is None:
            st = self._derived[key] = ParagraphStyle(name, parent=self.styles[parent], **changes)
        return st

    def lines(self, parts: list[tuple[str, str | None]], style: str = "table_cell",
              bold_first: bool = False) -> Paragraph:
        """One Paragraph of several user texts, one per line, each with its own language hint.
        Empty parts are skipped."""
        out = []
        for i, (text, lang) in enumerate(t for t in parts if t[0]):
            m = markup(text, self.fonts, lang=lang, bold=bold_first and i == 0, uncovered=self.uncovered)
            out.append(f"<b>{m}</b>" if bold_first and i == 0 else m)
        return self.para("<br/>".join(out), style)

    def dual(self, utc: datetime, tz: str, *, with_date: bool = False) -> str:
        return str(format_dual(utc, tz, self.home_tz, with_date=with_date))

    def when(self, start: datetime, end: datetime, tz: str) -> Paragraph:
        """``10:00 JST · 02:00 BST`` and ``to 10:30 JST`` on the next line."""
        end_text = format_dual(end, tz, self.home_tz).event_text
        return self.lines([(self.dual(start, tz), None), (f"to {end_text}", None)])

    def table(self, rows: list[list[Any]], widths: list[float], *, header_rows: int = 1,
              extra: list[tuple[Any, ...]] | None = None, continued: str = "") -> Table:
        """A grid that wraps every cell and may split between rows and inside a tall row.
        With ``continued``, every page it runs onto starts with that text as a heading."""
        total = sum(widths)
        col_widths = [self.width * w / total for w in widths]
        style = make_table_style(self.fonts, header_rows=header_rows)
        for command in extra or []:
            style.add(*command)
        table = ContinuedTable(rows, colWidths=col_widths, style=style, repeatRows=header_rows,
                               splitByRow=1, splitInRow=1, hAlign="LEFT")
        if continued:
            table.continued = self.para(markup(continued, self.fonts, bold=True, uncovered=self.uncovered),
                                        self.derived("continued", "heading3", spaceBefore=0))
        return table

    def column_width(self, widths: list[float], index: int) -> float:
        """The text width inside column ``index`` of a ``table(…, widths)``."""
        return self.width * widths[index] / sum(widths) - 2 * CELL_PADDING

    def email(self, address: str, width: float, style: str = "table_cell") -> str:
        """Markup for an e-mail address that wraps only where an address may, to fit ``width``
        points: first after the "@", then before a "." or "-"; never inside a word."""
        st = self.styles[style]

        def fits(text: str) -> bool:
            return bool(stringWidth(text, st.fontName, st.fontSize) <= width)

        local, at, domain = address.rpartition("@")
        halves = [address] if fits(address) or not at else [local + at, domain]
        lines: list[str] = []
        for half in halves:
            start = len(lines)
            for part in _EMAIL_BREAKS.split(half):
                if len(lines) > start and fits(lines[-1] + part):
                    lines[-1] += part
                elif part:
                    lines.append(part)
        return "<br/>".join(markup(line, self.fonts, uncovered=self.uncovered) for line in lines)

    def key_values(self, rows: list[tuple[str, Any]]) -> Table:
        """Two columns: a bold label and its value (text or a flowable); empty values skipped."""
        data = [[self.p(k, "table_header"), self.p(v, "table_cell") if isinstance(v, str) else v]
                for k, v in rows if v]
        if not data:
            data = [[self.p("—", "table_cell"), self.p("", "table_cell")]]
        return self.table(data, [28, 72], header_rows=0,
                          extra=[("BACKGROUND", (0, 0), (0, -1), colors.Color(0.93, 0.93, 0.93))])


class Heading(CachedWrapParagraph):
    """A heading that adds a PDF bookmark (outline entry) and optionally a TOC entry.

    ``outline`` is ``(level, plain title, key, in TOC, markup)``; when a (very long) heading
    splits over two pages only its first part carries it."""

    outline: tuple[int, str, str, bool, str] | None = None

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts = super().split(availWidth, availHeight)
        for i, part in enumerate(parts):
            if isinstance(part, Heading):
                part.outline = self.outline if i == 0 else None
        return parts


def heading(ctx: PackContext, text: str, *, level: int, key: str, lang: str | None = None,
            toc: bool = True, style: str | None = None) -> Heading:
    parent = style or ("heading1" if level == 0 else "heading2")
    st = ctx.derived(f"{ctx.styles[parent].name}-keep", parent, keepWithNext=1)
    text_markup = markup(text, ctx.fonts, lang=lang, bold=True, uncovered=ctx.uncovered)
    flowable = cast(Heading, ctx.para(text_markup, st, Heading))
    flowable.outline = (level, clean_text(text).replace("\n", " ")[:200], key, toc, text_markup)
    return flowable


class PageCount(Flowable):
    """Zero-size flowable at the end of the story: learns the page count for "Page n of N"
    (an indexing flowable, so ``multiBuild`` repeats until the count is stable)."""

    def __init__(self) -> None:
        super().__init__()
        self.total = 0
        self._previous = -1

    def isIndexing(self) -> int:
        return 1

    def isSatisfied(self) -> bool:
        return self.total == self._previous

    def beforeBuild(self) -> None:
        self._previous = self.total

    def afterBuild(self) -> None:
        pass

    def notify(self, kind: str, stuff: Any) -> None:  # indexing flowables hear every event
        pass

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.total = self.canv.getPageNumber()


def make_toc(ctx: PackContext, entries: list[tuple[int, str, int, str]] | None = None
             ) -> TableOfContents:
    """The contents' table; with ``entries`` (see :func:`briefing_pages.contents_entries`) one
    laid out once, its page numbers drawn by a :class:`~briefing_pages.PackCanvas` on saving."""
    toc = TableOfContents(dotsMinLevel=0) if entries is None else ContentsTable(entries, dotsMinLevel=0)
    base = ctx.styles["body"]
    toc.levelStyles = [
        ParagraphStyle("toc0", parent=base, fontName=ctx.fonts.latin_bold, fontSize=10.5, leading=15,
                       leftIndent=0, firstLineIndent=0, spaceBefore=4, rightIndent=28),
        ParagraphStyle("toc1", parent=base, fontName=ctx.fonts.latin, fontSize=9.5, leading=13,
                       leftIndent=14, firstLineIndent=0, spaceBefore=0, rightIndent=28),
    ]
    toc.tableStyle = make_table_style(ctx.fonts, header_rows=0)
    toc.tableStyle.add("GRID", (0, 0), (-1, -1), 0, colors.white)
    toc.tableStyle.add("LINEBELOW", (0, 0), (-1, -1), 0, colors.white)
    return toc


class PackDocTemplate(BaseDocTemplate):
    def __init__(self, filename: str | BufferedIOBase, ctx: PackContext, *, paper: str, header_left: str,
                 header_right: str, header_lang: str | None, footer: str,
                 cancel: Callable[[], bool] | None, on_flowable: Callable[[], None] | None,
                 title: str, subject: str, created: datetime | None = None) -> None:
        size = PAPER_SIZES[paper]
        super().__init__(filename, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=MARGIN + HEADER, bottomMargin=MARGIN + HEADER / 2,
                         title=clean_text(title), subject=clean_text(subject), author="Mission Desk",
                         creator="Mission Desk", **doc_options(ctx.fonts))
        self.ctx = ctx
        self._created = created  # naive UTC
        self.page_count = PageCount()
        self._cancel = cancel
        self._on_flowable = on_flowable
        self._bookmarked: set[str] = set()
        small = ctx.styles["small"]
        # drawn on every page at one width: laid out once (CachedWrapParagraph)
        self._header_left = ctx.para(markup(header_left, ctx.fonts, lang=header_lang,
                                            uncovered=ctx.uncovered), small)
        self._header_right = ctx.para(markup(header_right, ctx.fonts, lang=header_lang,
                                             uncovered=ctx.uncovered), ctx.derived("hdr-right", "small", alignment=2))
        self._footer = footer
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("cover", [frame]),
                               PageTemplate("body", [frame], onPage=self._decorate)])

    def beforeDocument(self) -> None:
        self._bookmarked.clear()
        self.canv.showOutline()
        if self._created is not None:  # the Info dictionary's CreationDate and ModDate
            stamp = f"D:{self._created:%Y%m%d%H%M%S}+00'00'"
            self.canv.setDateFormatter(lambda *_parts: stamp)

    def _decorate(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        width, height = self.pagesize
        half = (width - 2 * MARGIN) / 2
        canv.saveState()
        top = height - MARGIN
        for para, x in ((self._header_left, MARGIN), (self._header_right, MARGIN + half)):
            _w, h = para.wrap(half - 4, HEADER)
            para.drawOn(canv, x, top - min(h, HEADER))
        canv.setStrokeColor(colors.black)
        canv.setLineWidth(0.5)
        canv.line(MARGIN, top - HEADER + 2, width - MARGIN, top - HEADER + 2)
        canv.setFont(self.ctx.fonts.latin, 8)
        canv.drawString(MARGIN, MARGIN - 2, self._footer)
        canv.restoreState()
        page = canv.getPageNumber()
        if isinstance(canv, PackCanvas):  # one pass: the count is written when the file is saved
            canv.late(lambda late, total: self._page_number(late, page, total))
        else:  # multiBuild: the count is the previous pass's (PageCount)
            self._page_number(canv, page, self.page_count.total)

    def _page_number(self, canv: Canvas, page: int, total: int) -> None:
        canv.saveState()
        canv.setFont(self.ctx.fonts.latin, 8)
        canv.drawRightString(self.pagesize[0] - MARGIN, MARGIN - 2,
                             f"Page {page} of {total}" if total >= page else f"Page {page}")
        canv.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        if self._cancel is not None and self._cancel():
            raise Cancelled("The briefing pack was cancelled; no file was written")
        if self._on_flowable is not None:
            self._on_flowable()
        outline = getattr(flowable, "outline", None)
        if outline is None:
            return
        level, title, key, toc, text = outline
        if key in self._bookmarked:  # a heading split over two pages
            return
        self._bookmarked.add(key)
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(title, key, level=level, closed=level >= 1)
        if toc:
            self.notify("TOCEntry", (level, text, self.page, key))
