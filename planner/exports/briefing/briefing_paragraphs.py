"""Paragraphs of a briefing pack, made fast without changing a byte (issue 20).

A pack has some 16,000 paragraphs, most of them repeats (labels, names, times) or plain words in
one font per line. :class:`ParagraphCache` gives each document its paragraphs: each distinct
markup is parsed by reportlab once, and markup that is only runs of plain words is not parsed
at all. :class:`CachedWrapParagraph` breaks a paragraph's lines once per width (a table wraps a
cell's paragraph two or three times). The PDF is the same, byte for byte
(``tests/planner/speed/test_pdf_text_once.py`` builds a pack both ways).
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

# A font run of plain words, maybe in <b>: no entity, no whitespace but single spaces between words.
_PLAIN_RUN = re.compile(r'(<b>)?<font name="([^"<>&]+)">([^\s<>&]+(?: [^\s<>&]+)*)</font>(?(1)</b>)')


class CachedWrapParagraph(Paragraph):
    """A Paragraph that breaks its lines once per width.

    A table cell's paragraph is wrapped to the same width two or three times (to size its row,
    then again to split and to draw it); reportlab breaks the lines anew each time, and the
    result depends only on the width, the fragments and the style. A split starts afresh."""

    _wrapped_width: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if availWidth == self._wrapped_width:
            return self.width, self.height
        width, height = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth if hasattr(self, "blPara") and self.width == availWidth else None
        return width, height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        self._wrapped_width = None  # reportlab may change the fragments while splitting
        return list(super().split(availWidth, availHeight))


class ParagraphCache:
    """Paragraphs of markup for one document, each distinct ``(markup, style)`` parsed once.

    reportlab parses a Paragraph's markup with an HTML parser every time; a pack repeats the same
    labels, names and times thousands of times. The first paragraph of a markup is parsed as
    usual and its fragments kept; later ones get copies of them (reportlab may change a
    fragment while it splits a paragraph, so no two paragraphs share one). Markup that is only
    runs of plain words (most of a pack) is not parsed at all: its fragments are copies of the
    parser's fragment for a run in that font and style, with the run's words
    (:meth:`_plain_frags`). The result is the same Paragraph, so the PDF's bytes do not change. Paragraphs are
    :class:`CachedWrapParagraph` unless another class is asked for. One cache per document: it
    holds the styles it was given."""

    def __init__(self) -> None:
        self._parsed: dict[tuple[str, ParagraphStyle, type[Paragraph]], tuple[str, ParagraphStyle, list[Any]]] = {}
        self.parsed = 0  # markups parsed (distinct (markup, style, class)), for tests
        self.made = 0  # paragraphs made

    def __call__(self, text: str, style: ParagraphStyle,
                 cls: type[Paragraph] = CachedWrapParagraph) -> Paragraph:
        self.made += 1
        key = (text, style, cls)
        found = self._parsed.get(key)
        if found is None:
            frags = self._plain_frags(text, style)
            if frags is not None:  # no parsing: the fragments the parser would make
                self._parsed[key] = (text, style, [f.clone() for f in frags])
                return cls(text, style, frags=frags)
            para = cls(text, style)
            self.parsed += 1
            if para.bulletText == getattr(style, "bulletText", None):  # no <bullet> to carry over
                self._parsed[key] = (para.text, para.style, [f.clone() for f in para.frags])
            return para
        cleaned, parsed_style, frags = found
        return cls(cleaned, parsed_style, frags=[f.clone() for f in frags])

    def _plain_frags(self, text: str, style: ParagraphStyle) -> list[Any] | None:
        """The fragments reportlab's parser makes of ``text`` when it is only font runs of plain
        words (no entity; no whitespace but single spaces between words, which reportlab's
        cleaner keeps as they are), each maybe in ``<b>``, lines joined by ``<br/>``: a run's
        fragment is the parser's fragment for any run in that font and weight in ``style``,
        with the run's words; a break is the parser's break. None for other markup."""
        if style.textTransform or getattr(style, "bulletText", None):
            return None
        frags: list[Any] = []
        for i, line in enumerate(text.split("<br/>")):
            if i:
                frags.append(self._templates(frags[0].fontName, False, style)[1].clone())
            end = 0
            for run in _PLAIN_RUN.finditer(line):
                if run.start() != end:
                    return None
                end = run.end()
                frags.append(self._templates(run.group(2), bool(run.group(1)), style)[0].clone(text=run.group(3)))
            if end == 0 or end != len(line):
                return None
        return frags

    def _templates(self, font: str, bold: bool, style: ParagraphStyle) -> tuple[Any, Any]:
        """The parser's fragments for a run in ``font`` (in ``<b>`` when ``bold``) and for a
        ``<br/>``, in ``style`` (parsed once)."""
        run = f'<font name="{font}">x</font>'
        if bold:
            run = f"<b>{run}</b>"
        key = (f"{run}<br/>{run}", style, Paragraph)
        found = self._parsed.get(key)
        if found is None:
            para = Paragraph(key[0], style)
            self.parsed += 1
            found = self._parsed[key] = (para.text, para.style, [f.clone() for f in para.frags])
        return found[2][0], found[2][1]
