"""A briefing pack's text is worked out once per distinct string (issue 20).

A delegation pack repeats the same labels, names and venues thousands of times. What its speed
rests on, and what must not change for a reader:

- font runs are split once per distinct text (and font set), yet every call still reports the
  characters no bundled font draws;
- plain ASCII text skips the per-character split and gets exactly the runs that split gives;
- a ``ParagraphCache`` parses each distinct markup once, and plain runs of words not at all; its
  paragraphs are the paragraphs reportlab would have made (the same fragments, the same PDF
  bytes), and none shares a fragment with another;
- a ``CachedWrapParagraph`` breaks its lines once per width;
- the whole delegation pack, built with these caches, is byte for byte the pack built without.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Paragraph, SimpleDocTemplate
from reportlab.platypus.paraparser import ParaParser

from planner.demo import build_demo
from planner.exports import pdf_text
from planner.exports.briefing.briefing_data import Briefing
from planner.exports.briefing.briefing_paragraphs import CachedWrapParagraph, ParagraphCache
from planner.exports.briefing.briefing_pdf import write_briefing_pdf
from planner.exports.pdf_text import (
    FontSet,
    doc_options,
    font_runs,
    make_styles,
    markup,
    register_fonts,
)
from planner.services.events.events import get_event
from planner.services.outputs.briefing import build_briefing
from planner.storage.database import Database


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return register_fonts()


def _count_calls(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[int]:
    calls = [0]
    original = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def test_font_runs_are_split_once_per_text_and_still_report_missing_glyphs(
        fonts: FontSet, monkeypatch: pytest.MonkeyPatch) -> None:
    splits = _count_calls(monkeypatch, pdf_text, "_split")
    text = "Meeting with 東京大学 👩‍🔬 (memo test)"  # an emoji no bundled font draws
    first: set[str] = set()
    runs = font_runs(text, fonts, lang="ja", uncovered=first)
    assert len(runs) > 1 and "\U0001f469" in first
    for _ in range(50):
        again: set[str] = set()
        assert font_runs(text, fonts, lang="ja", uncovered=again) == runs
        assert again == first  # reported on every call, not only the first
        markup(text, fonts, lang="ja")
    assert splits[0] == 1
    font_runs(text, fonts, lang="zh-Hans")  # another language hint: its own runs
    font_runs(text, fonts, lang="ja", bold=True)
    assert splits[0] == 3


def test_the_runs_returned_are_the_callers_own(fonts: FontSet) -> None:
    runs = font_runs("Pacifico Yokohama (own list)", fonts)
    runs.append(("x", "y"))
    assert font_runs("Pacifico Yokohama (own list)", fonts) == [(fonts.latin, "Pacifico Yokohama (own list)")]


@pytest.mark.parametrize("text", [
    "Pacifico Yokohama", "AT&T <Japan> 'quoted' \"double\"", "  leading and trailing  ", "tab\there",
    "line one\nline two\n", "\nstarts with a newline", "\r\nwindows\r\nlines", "bell\x07 and nul\x00 dropped",
    "", " ", "\n", "~`!@#$%^&*()_+-={}[]|\\:;?/.,", "a" * 500,
])
@pytest.mark.parametrize("bold", [False, True])
def test_plain_ascii_gets_the_runs_of_the_character_by_character_split(fonts: FontSet, text: str,
                                                                       bold: bool) -> None:
    latin = fonts.latin_bold if bold else fonts.latin
    cleaned = pdf_text.clean_text(text)
    assert pdf_text._split(text, fonts, None, bold) == pdf_text._split_by_character(cleaned, fonts, None, latin)


def test_a_paragraph_cache_parses_each_markup_once(fonts: FontSet, monkeypatch: pytest.MonkeyPatch) -> None:
    parses = _count_calls(monkeypatch, ParaParser, "parse")
    styles = make_styles(fonts)
    cache = ParagraphCache()
    text = markup("Where\nPacifico Yokohama · 1-1-1 Minatomirai", fonts)
    paras = [cache(text, styles["table_cell"]) for _ in range(20)]
    assert parses[0] == 1 and cache.parsed == 1 and cache.made == 20
    cache(text, styles["body"])  # another style: parsed again
    assert parses[0] == 2
    plain = Paragraph(text, styles["table_cell"])
    first_frags = {id(f) for f in paras[0].frags}
    for para in paras[1:]:
        assert [(f.text, f.fontName, f.fontSize) for f in para.frags] == \
               [(f.text, f.fontName, f.fontSize) for f in plain.frags]
        assert not first_frags & {id(f) for f in para.frags}  # no fragment shared (splits change them)


def _markups(fonts: FontSet) -> list[str]:
    bold_first = "<b>" + markup("Sakura Pharma K.K.", fonts, bold=True) + "</b>"
    return [
        markup("Pacifico Yokohama", fonts),
        markup("東京大学", fonts, lang="ja"),
        bold_first + "<br/>" + markup("Yokohama, Japan", fonts) + "<br/>" + markup("Sectors: CRO", fonts),
        markup("10:00 JST · 02:00 BST", fonts) + "<br/>" + markup("to 10:30 JST", fonts),
        markup("佐藤 健一 (SATO Kenichi)", fonts, lang="ja"),  # runs that end in a space: parsed
        markup("AT&T <Japan>", fonts),  # entities: parsed
        markup("two  spaces", fonts), markup(" leading", fonts), markup("", fonts),
    ]


def test_plain_markup_gets_the_fragments_the_parser_makes(fonts: FontSet, monkeypatch: pytest.MonkeyPatch) -> None:
    styles = make_styles(fonts)
    parses = _count_calls(monkeypatch, ParaParser, "parse")
    cache = ParagraphCache()
    for style in (styles["table_cell"], styles["body"], styles["heading2"]):
        for text in _markups(fonts):
            made = cache(text, style)
            parsed = Paragraph(text, style)
            assert [vars(f) for f in made.frags] == [vars(f) for f in parsed.frags], text
            assert made.text == parsed.text and made.style is parsed.style
    before = parses[0]  # plain runs in fonts and styles seen before: never parsed
    for style in (styles["table_cell"], styles["body"], styles["heading2"]):
        for words in ("Minato Medical Devices", "Table 83 · Pacifico Yokohama", "Meeting with Toto University"):
            cache(markup(words, fonts) + "<br/>" + markup(words + " 2", fonts), style)
            cache(markup("横浜", fonts, lang="ja"), style)
    assert parses[0] == before


def _pdf(story: list[Any], fonts: FontSet) -> bytes:
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, **doc_options(fonts)).build(story)
    return out.getvalue()


def test_cached_paragraphs_draw_the_same_pdf(fonts: FontSet) -> None:
    styles = make_styles(fonts)
    texts = [markup(t, fonts, lang="ja") for t in ("佐藤 健一 (SATO Kenichi)", "Kansai Bio & Co <KK>",
                                                    "A long line that has to wrap " * 12)]
    cache = ParagraphCache()
    cached = [cache(t, styles["body"], Paragraph) for t in texts * 30]
    plain = [Paragraph(t, styles["body"]) for t in texts * 30]
    assert cache.parsed == len(texts)
    assert _pdf(cached, fonts) == _pdf(plain, fonts)


def test_a_paragraph_breaks_its_lines_once_per_width(fonts: FontSet, monkeypatch: pytest.MonkeyPatch) -> None:
    breaks = _count_calls(monkeypatch, Paragraph, "breakLines")
    para = CachedWrapParagraph(markup("A table cell that a table wraps again and again " * 3, fonts),
                               make_styles(fonts)["table_cell"])
    size = para.wrap(120, 500)
    assert para.wrap(120, 300) == size and para.wrap(120, 10_000) == size
    assert breaks[0] == 1
    narrower = para.wrap(80, 500)
    assert narrower[1] > size[1] and breaks[0] == 2
    parts = para.split(80, narrower[1] / 2)
    assert len(parts) == 2
    assert para.wrap(80, 500) == narrower and breaks[0] == 3  # after a split the lines are broken anew


@pytest.fixture(scope="module")
def briefing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Briefing]:
    db = Database.open(tmp_path_factory.mktemp("pack") / "demo.db")
    with db.transaction() as s:
        build_demo(s, scale=1)
    with db.session() as s:
        yield build_briefing(s, get_event(s, "biojapan-2026"))
    db.close()


def test_the_delegation_pack_is_the_same_pack_without_the_caches(
        briefing: Briefing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = write_briefing_pdf(briefing, tmp_path / "fast.pdf")
    with monkeypatch.context() as m:  # every text split afresh, every markup parsed, every wrap redone
        m.setattr(pdf_text, "_MEMO_LIMIT", 0)
        m.setattr(ParagraphCache, "__call__",
                  lambda self, text, style, cls=Paragraph: Paragraph(text, style))
        m.setattr(CachedWrapParagraph, "wrap", Paragraph.wrap)
        slow = write_briefing_pdf(briefing, tmp_path / "slow.pdf")
    assert fast.pages == slow.pages > 10
    assert fast.uncovered == slow.uncovered
    assert (tmp_path / "fast.pdf").read_bytes() == (tmp_path / "slow.pdf").read_bytes()
