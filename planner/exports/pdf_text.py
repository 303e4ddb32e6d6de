"""The one place where user text becomes reportlab paragraph markup.

Fonts: a bundled TrueType set (``resources/fonts``, see its README) is registered once; every
font is embedded and subset, never a base-14 or CID font. Text: cleaned (NFC, no control
characters), XML-escaped (so ``AT&T <Japan>`` prints as typed and ``<img src=…>`` opens
nothing), then cut into runs by glyph coverage, each run in ``<font name="…">``. For East Asian
wide characters the font order follows the person's language (Han unification: the same code
point is drawn differently in Japanese and Chinese fonts); other characters use the Latin font
first so Latin text looks the same in every record. Characters no font has are reported, never
silently dropped. Nothing here is random, so PDFs can be built in reportlab's invariant mode.

Speed (issue 20): a pack repeats the same strings thousands of times (labels, names, venues), so
the runs of each distinct text are worked out once per :class:`FontSet` and remembered
(:func:`font_runs`), and text that is plain ASCII in the Latin face skips the per-character split
(see also :mod:`planner.exports.briefing.briefing_paragraphs`).
"""

from __future__ import annotations

import hashlib
import struct
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.fonts import addMapping
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import Paragraph, TableStyle

from planner.errors import PlannerError


class FontSetupError(PlannerError):
    """A bundled font is missing or unusable (e.g. CFF outlines): PDFs cannot be made."""


@dataclass(frozen=True)
class FontSpec:
    """One bundled font file and the roles it fills (see ``resources/fonts/README.md``)."""

    name: str
    file: str
    licence: str
    roles: tuple[str, ...]


ROLES = ("latin", "latin_bold", "ja", "ko", "zh_hans", "zh_hant")
BUNDLED_FONTS: tuple[FontSpec, ...] = (
    FontSpec("DejaVuSans", "DejaVuSans.ttf", "LICENSE-DejaVu.txt", ("latin",)),
    FontSpec("DejaVuSans-Bold", "DejaVuSans-Bold.ttf", "LICENSE-DejaVu.txt", ("latin_bold",)),
    FontSpec("IPAexGothic", "ipaexg.ttf", "LICENSE-IPAex.txt", ("ja",)),
    FontSpec("NanumGothic", "NanumGothic.ttf", "LICENSE-Nanum.txt", ("ko",)),
    # One Chinese face serves both scripts (it covers GB and Big5 characters, mainland glyph
    # forms); give "zh_hant" its own entry to bundle a Taiwan/Hong Kong-style face.
    FontSpec("DroidSansFallback", "DroidSansFallbackFull.ttf", "LICENSE-DroidSansFallback.txt",
             ("zh_hans", "zh_hant")),
)


@dataclass(frozen=True)
class FontSet:
    """Registered reportlab font names by role, with each font's character coverage."""

    latin: str
    latin_bold: str
    ja: str
    ko: str
    zh_hans: str
    zh_hant: str
    font_dir: Path
    cmaps: Mapping[str, Mapping[int, int]] = field(repr=False, compare=False)
    # (text, lang, bold) -> its runs, worked out once (see font_runs); bounded by _MEMO_LIMIT
    _memo: dict[tuple[str, str | None, bool], _Runs] = field(
        default_factory=dict, init=False, repr=False, compare=False)
    # font name -> the printable ASCII characters it draws (the plain-text fast path)
    _ascii: dict[str, frozenset[str]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def covers(self, font_name: str, ch: str) -> bool:
        return ord(ch) in self.cmaps[font_name]

    def ascii_covered(self, font_name: str) -> frozenset[str]:
        """The printable ASCII characters ``font_name`` has glyphs for."""
        found = self._ascii.get(font_name)
        if found is None:
            cmap = self.cmaps[font_name]
            found = self._ascii[font_name] = frozenset(chr(c) for c in range(0x20, 0x7F) if c in cmap)
        return found

    def wide_order(self, lang: str | None) -> tuple[str, ...]:
        """Fonts to try, best first, for a wide (CJK) character in text of language ``lang``."""
        return tuple(dict.fromkeys(getattr(self, role) for role in _WIDE_ORDER[_lang_key(lang)]))


_WIDE_ORDER: dict[str | None, tuple[str, ...]] = {
    "ja": ("ja", "zh_hant", "zh_hans", "ko", "latin"),
    "ko": ("ko", "zh_hant", "ja", "zh_hans", "latin"),  # hanja are closest to traditional forms
    "zh_hans": ("zh_hans", "zh_hant", "ja", "ko", "latin"),
    "zh_hant": ("zh_hant", "zh_hans", "ja", "ko", "latin"),
    None: ("latin", "ja", "ko", "zh_hans", "zh_hant"),
}


def default_font_dir() -> Path:
    """``resources/fonts`` of the source tree the app runs from."""
    return Path(__file__).resolve().parents[2] / "resources" / "fonts"


_LOCK = threading.Lock()
_REGISTERED: dict[Path, FontSet] = {}


def register_fonts(font_dir: Path | None = None) -> FontSet:
    """Register the bundled fonts with reportlab once per folder and return their names.

    Thread-safe and idempotent. Raises ``FontSetupError`` naming the file when a font is
    missing, has PostScript (CFF) outlines or cannot be read.
    """
    folder = (font_dir or default_font_dir()).resolve()
    with _LOCK:
        found = _REGISTERED.get(folder)
        if found is None:
            found = _REGISTERED[folder] = _register(folder)
        return found


def _register(folder: Path) -> FontSet:
    prefix = "MD-"
    if folder != default_font_dir().resolve():  # keep names of another folder apart
        prefix = f"MD{hashlib.sha256(str(folder).encode()).hexdigest()[:8]}-"
    for spec in BUNDLED_FONTS:
        check_truetype(folder / spec.file)
    names: dict[str, str] = {}
    cmaps: dict[str, Mapping[int, int]] = {}
    for spec in BUNDLED_FONTS:
        name = prefix + spec.name
        try:
            font = TTFont(name, str(folder / spec.file))
        except (TTFError, OSError) as exc:
            raise FontSetupError(f"Cannot use the font {spec.file}: {exc}") from exc
        pdfmetrics.registerFont(font)
        cmaps[name] = MappingProxyType(font.face.charToGlyph)
        names.update(dict.fromkeys(spec.roles, name))
    # <b>/<i> inside markup must map to embedded faces, never to Helvetica.
    for name in dict.fromkeys(names.values()):
        bold = names["latin_bold"] if name == names["latin"] else name
        for is_bold, is_italic, face in ((0, 0, name), (1, 0, bold), (0, 1, name), (1, 1, bold)):
            addMapping(name, is_bold, is_italic, face)
    return FontSet(
        latin=names["latin"], latin_bold=names["latin_bold"], ja=names["ja"], ko=names["ko"],
        zh_hans=names["zh_hans"], zh_hant=names["zh_hant"], font_dir=folder,
        cmaps=MappingProxyType(cmaps),
    )


def check_truetype(path: Path) -> None:
    """Raise ``FontSetupError`` unless ``path`` is a TrueType font with glyf outlines."""
    try:
        with path.open("rb") as fh:
            head = fh.read(12)
            if head[:4] == b"ttcf":  # a collection: look at its first font
                fh.seek(struct.unpack(">I", fh.read(4))[0])
                head = fh.read(12)
            count = struct.unpack(">H", head[4:6])[0] if len(head) == 12 else 0
            tags = {fh.read(16)[:4] for _ in range(count)}
    except FileNotFoundError:
        raise FontSetupError(
            f"The font file {path.name} is missing from {path.parent.name}/ "
            "(see resources/fonts/README.md)"
        ) from None
    except (OSError, struct.error) as exc:
        raise FontSetupError(f"Cannot read the font file {path.name}: {exc}") from exc
    if head[:4] == b"OTTO" or b"CFF " in tags or b"CFF2" in tags:
        raise FontSetupError(
            f"The font {path.name} has PostScript (CFF) outlines; reportlab embeds only "
            "TrueType fonts with glyf outlines"
        )
    if b"glyf" not in tags:
        raise FontSetupError(f"{path.name} is not a TrueType font with glyf outlines")


def lang_for_country(cc: str | None) -> str | None:
    """Language hint for font order from an ISO 3166 country code (``JP`` → ``ja``)."""
    return _COUNTRY_LANG.get((cc or "").strip().upper())


_COUNTRY_LANG = {"JP": "ja", "KR": "ko", "KP": "ko", "CN": "zh-Hans", "SG": "zh-Hans",
                 "TW": "zh-Hant", "HK": "zh-Hant", "MO": "zh-Hant"}


def _lang_key(lang: str | None) -> str | None:
    parts = (lang or "").replace("_", "-").lower().split("-")
    if parts[0] in ("ja", "ko"):
        return parts[0]
    if parts[0] == "yue" or (parts[0] == "zh" and {"hant", "tw", "hk", "mo"} & set(parts[1:])):
        return "zh_hant"
    return "zh_hans" if parts[0] == "zh" else None


def _is_dropped(ch: str) -> bool:
    cat = unicodedata.category(ch)
    if cat == "Cc":
        return ch not in "\n\t"
    code = ord(ch)
    return cat in ("Cf", "Cs") or 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def clean_text(s: str) -> str:
    """NFC; newlines unified to ``\\n``; tabs to spaces; other control/format chars removed."""
    s = s.replace("\r\n", "\n").translate(_NEWLINES)
    s = "".join(ch for ch in s if not _is_dropped(ch)).replace("\t", " ")
    return unicodedata.normalize("NFC", s)


_NEWLINES = str.maketrans({"\r": "\n", "\v": "\n", "\f": "\n", "\x85": "\n",
                           "\u2028": "\n", "\u2029": "\n"})
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})


def escape_text(s: str) -> str:
    """Markup that prints ``s`` literally: cleaned, ``& < > " '`` escaped, ``\\n`` → ``<br/>``."""
    return _escape(clean_text(s))


def _escape(cleaned: str) -> str:
    return cleaned.translate(_ESCAPES).replace("\n", "<br/>")


def _is_variation_selector(ch: str) -> bool:
    code = ord(ch)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or 0x180B <= code <= 0x180D


@dataclass(frozen=True)
class _Runs:
    """One text's runs, the characters no font draws, and its markup."""

    runs: tuple[tuple[str, str], ...]
    missing: frozenset[str]
    markup: str


_MEMO_LIMIT = 50_000  # distinct texts remembered per FontSet (a pack has a few thousand)


def font_runs(text: str, fonts: FontSet, *, lang: str | None = None, bold: bool = False,
              uncovered: set[str] | None = None) -> list[tuple[str, str]]:
    """Split cleaned ``text`` into ``(font name, text)`` runs by glyph coverage.

    Uncovered characters (and variation selectors, which reportlab cannot apply) go into
    ``uncovered``; an uncovered character stays in the text, drawn as the font's notdef.
    Worked out once per distinct ``(text, lang, bold)`` and font set.
    """
    return list(_runs(text, fonts, lang, bold, uncovered).runs)


def markup(text: str, fonts: FontSet, *, lang: str | None = None, bold: bool = False,
           uncovered: set[str] | None = None) -> str:
    """Safe paragraph markup for user ``text``: escaped runs, each in ``<font name="…">``."""
    return _runs(text, fonts, lang, bold, uncovered).markup


def _runs(text: str, fonts: FontSet, lang: str | None, bold: bool, uncovered: set[str] | None) -> _Runs:
    key = (text, lang, bold)
    found = fonts._memo.get(key)
    if found is None:
        runs, missing = _split(text, fonts, lang, bold)
        found = _Runs(tuple(runs), frozenset(missing),
                      "".join(f'<font name="{name}">{_escape(run)}</font>' for name, run in runs))
        if len(fonts._memo) >= _MEMO_LIMIT:
            fonts._memo.clear()
        fonts._memo[key] = found
    if uncovered is not None and found.missing:
        uncovered |= found.missing
    return found


def _split(text: str, fonts: FontSet, lang: str | None, bold: bool) -> tuple[list[tuple[str, str]], set[str]]:
    """The runs of ``text`` and the characters no font draws."""
    latin = fonts.latin_bold if bold else fonts.latin
    cleaned = clean_text(text)
    if cleaned.isascii() and not cleaned.startswith("\n") and fonts.ascii_covered(latin).issuperset(
            cleaned.replace("\n", "")):
        # what _split_by_character gives such text: every character in the Latin face, one run
        return ([(latin, cleaned)] if cleaned else []), set()
    return _split_by_character(cleaned, fonts, lang, latin)


def _split_by_character(cleaned: str, fonts: FontSet, lang: str | None,
                        latin: str) -> tuple[list[tuple[str, str]], set[str]]:
    """The rule itself, character by character (see the module's doc)."""
    wide = fonts.wide_order(lang)
    narrow = tuple(dict.fromkeys((latin, fonts.latin, *wide)))
    runs: list[tuple[str, str]] = []
    missing: set[str] = set()
    current: str | None = None
    for ch in cleaned:
        if _is_variation_selector(ch):
            missing.add(ch)
            continue
        sticky = ch == "\n" or ch.isspace() or unicodedata.category(ch).startswith("M")
        if sticky and current is not None and (ch == "\n" or fonts.covers(current, ch)):
            font = current
        else:
            is_wide = unicodedata.east_asian_width(ch) in ("W", "F", "H")
            order = wide if is_wide else narrow
            found = next((name for name in order if fonts.covers(name, ch)), None)
            if found is None and ch != "\n":
                missing.add(ch)
            font = found or current or latin
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
        current = font
    return runs, missing


def describe_uncovered(chars: Iterable[str]) -> list[str]:
    """``['U+1F469 WOMAN', …]`` sorted by code point, for an export warning."""
    return [f"U+{ord(ch):04X} {unicodedata.name(ch, '(unnamed)')}" for ch in sorted(set(chars))]


def make_styles(fonts: FontSet) -> dict[str, ParagraphStyle]:
    """Paragraph styles on the embedded Latin faces, black on white (prints in greyscale).

    Keys: body, small, title, heading1, heading2, heading3, table_cell, table_header. Styles
    whose ``fontName`` is the bold face want ``markup(..., bold=True)``; ``paragraph()`` does it.
    Leading is generous (≥ 1.3 × size) because kana, hangul and kanji sit taller than Latin.
    """
    body = ParagraphStyle(
        "body", fontName=fonts.latin, fontSize=10, leading=13.5, textColor=colors.black,
        alignment=TA_LEFT, spaceAfter=4,
    )

    def derive(name: str, size: float, *, bold: bool = False, **kw: Any) -> ParagraphStyle:
        font = fonts.latin_bold if bold else fonts.latin
        return ParagraphStyle(name, parent=body, fontName=font, fontSize=size,
                              leading=round(size * 1.35, 1), **kw)

    return {
        "body": body,
        "small": derive("small", 8, spaceAfter=2),
        "title": derive("title", 20, bold=True, spaceAfter=10),
        "heading1": derive("heading1", 15, bold=True, spaceBefore=10, spaceAfter=6),
        "heading2": derive("heading2", 12.5, bold=True, spaceBefore=8, spaceAfter=4),
        "heading3": derive("heading3", 10.5, bold=True, spaceBefore=6, spaceAfter=3),
        "table_cell": derive("table_cell", 9, spaceAfter=0),
        "table_header": derive("table_header", 9, bold=True, spaceAfter=0),
    }


def paragraph(text: str, style: ParagraphStyle, fonts: FontSet, *, lang: str | None = None,
              uncovered: set[str] | None = None) -> Paragraph:
    """A ``Paragraph`` of user ``text``, bold when ``style`` uses the bold Latin face."""
    return Paragraph(style_markup(text, style, fonts, lang=lang, uncovered=uncovered), style)


def style_markup(text: str, style: ParagraphStyle, fonts: FontSet, *, lang: str | None = None,
                 uncovered: set[str] | None = None) -> str:
    """:func:`markup` for a paragraph in ``style``: bold when it uses the bold Latin face."""
    return markup(text, fonts, lang=lang, bold=style.fontName == fonts.latin_bold, uncovered=uncovered)


def make_table_style(fonts: FontSet, *, header_rows: int = 1) -> TableStyle:
    """Thin black grid, top-aligned cells, bold header rows. ``FONT`` is set for every cell
    because reportlab's table default is non-embedded Helvetica, even around Paragraphs."""
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts.latin, 9),
        ("TEXTCOLOR", (0, 0), (-1, -1), colors.black),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if header_rows > 0:
        last = header_rows - 1
        commands += [("FONT", (0, 0), (-1, last), fonts.latin_bold, 9),
                     ("LINEBELOW", (0, last), (-1, last), 1.2, colors.black)]
    return TableStyle(commands)


def doc_options(fonts: FontSet) -> dict[str, Any]:
    """Keyword arguments for ``SimpleDocTemplate``: byte-reproducible output, and the canvas's
    initial font set to the embedded Latin face (reportlab's default is non-embedded Helvetica).
    """
    return {"invariant": True, "initialFontName": fonts.latin}
