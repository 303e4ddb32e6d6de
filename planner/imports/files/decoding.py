"""Turning the bytes of a CSV file into text: BOM, strict UTF-8, then a legacy code page.

Never falls back silently to latin-1: when the bytes are not UTF-8 and the caller named no
encoding, :class:`FileRejected` says which legacy code pages are plausible.
"""

from __future__ import annotations

import codecs
import unicodedata

from planner.imports.errors import FileRejected

LEGACY_ENCODINGS: tuple[str, ...] = ("cp1252", "cp932", "cp949", "gb18030")

ENCODING_LABELS: dict[str, str] = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16-le": "UTF-16 (Unicode Text)",
    "utf-16-be": "UTF-16 big-endian",
    "cp1252": "Windows-1252 (Western European)",
    "cp932": "Shift-JIS / Windows-31J (Japanese)",
    "cp949": "EUC-KR / Windows-949 (Korean)",
    "gb18030": "GB18030 / GBK (Simplified Chinese)",
}

# Names users (or locale settings) give, mapped to the codec we really use. Python's
# ``shift_jis`` fails on characters such as 髙 and 﨑 that Windows writes, so it becomes cp932.
_ALIASES: dict[str, str] = {
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "s_jis": "cp932",
    "shiftjis": "cp932", "ms932": "cp932", "windows-31j": "cp932", "mskanji": "cp932",
    "euc-kr": "cp949", "euc_kr": "cp949", "ks_c_5601-1987": "cp949", "uhc": "cp949",
    "gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030",
    "windows-1252": "cp1252", "ansi": "cp1252",
    "utf8": "utf-8", "utf-8-bom": "utf-8-sig", "utf16": "utf-16",
}

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def canonical_encoding(name: str) -> str:
    """The codec actually used for a user-supplied encoding name (raises on unknown names)."""
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    try:
        info = codecs.lookup(key)
    except LookupError:
        raise FileRejected(
            f"Unknown encoding “{name}”. Use one of: UTF-8, "
            + ", ".join(LEGACY_ENCODINGS) + "."
        ) from None
    if info.name in ("shift_jis", "shift-jis"):
        return "cp932"
    return key


def detect_bom(data: bytes) -> tuple[str, int] | None:
    """``(codec, bom length)`` when ``data`` starts with a UTF-8 or UTF-16 byte-order mark."""
    if data.startswith(codecs.BOM_UTF32_LE):
        return None  # UTF-32 is not supported; treated as binary by the caller
    for bom, codec in BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    return None


def _strict_decode(data: bytes, encoding: str) -> str:
    return data.decode(encoding, errors="strict")


def _decode_prefix(data: bytes, encoding: str) -> str | None:
    """Decode a sample that may end in the middle of a multi-byte character."""
    for cut in range(0, 4):
        chunk = data[: len(data) - cut] if cut else data
        try:
            return chunk.decode(encoding, errors="strict")
        except UnicodeDecodeError as exc:
            if exc.start < len(chunk) - 4:
                return None
    return None


def _is_kana(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff"


def _is_halfwidth_kana(ch: str) -> bool:
    return "\uff61" <= ch <= "\uff9f"


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def _encodable(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


_CJK_PUNCT = set("、。・「」『』（）【】〜ー〒，：；！？　")
_WESTERN_PUNCT = set("’‘“”–—…€•«»°·£§©®™¿¡\u00a0´¨")


def _score(text: str, encoding: str) -> float:
    """How plausible ``text`` is as the decoding of real-world data in ``encoding`` (0..1)."""
    non_ascii = [(i, ch) for i, ch in enumerate(text) if ord(ch) > 0x7F]
    if not non_ascii:
        return 0.5  # pure ASCII: every code page is as good as the other
    total = 0.0
    for i, ch in non_ascii:
        if encoding == "cp1252":
            if ch in _WESTERN_PUNCT:
                total += 0.5
            elif unicodedata.category(ch).startswith("L") and ord(ch) < 0x250:
                # accented letters sit inside Latin words; long runs of them mean mojibake
                run = 0
                j = i
                while j < len(text) and ord(text[j]) > 0x7F and not text[j].isspace():
                    run += 1
                    j += 1
                k = i - 1
                while k >= 0 and ord(text[k]) > 0x7F and not text[k].isspace():
                    run += 1
                    k -= 1
                total += 1.0 if run <= 2 else 0.1
        elif encoding == "cp932":
            if _is_kana(ch) or ch in _CJK_PUNCT:
                total += 1.0
            elif _is_han(ch):
                total += 0.9 if _encodable(ch, "euc_jp") else 0.6
            elif _is_halfwidth_kana(ch):
                total += 0.15
            elif "\uff01" <= ch <= "\uff5e" or "\u2460" <= ch <= "\u2473":
                total += 0.7
        elif encoding == "cp949":
            if _is_hangul(ch):
                total += 1.0 if _encodable(ch, "euc_kr") else 0.1
            elif _is_han(ch):
                total += 0.3
            elif ch in _CJK_PUNCT:
                total += 0.5
        elif encoding == "gb18030":
            if _is_han(ch):
                total += 0.95 if _encodable(ch, "gb2312") else 0.1
            elif ch in _CJK_PUNCT:
                total += 0.8
    return total / len(non_ascii)


def suggest_encoding(sample: bytes) -> list[str]:
    """Legacy code pages that decode ``sample`` cleanly, the most plausible first.

    Only a suggestion for the preview (detectors guess wrong): cp932 ranks first when the bytes
    decode to mostly kana/kanji, cp949 for common hangul, gb18030 for common hanzi, cp1252 for
    accented letters inside Latin words. Code pages that cannot decode the bytes are left out.
    """
    sample = sample[:65536]
    scored: list[tuple[float, int, str]] = []
    for order, encoding in enumerate(LEGACY_ENCODINGS):
        text = _decode_prefix(sample, encoding)
        if text is None:
            continue
        scored.append((_score(text, encoding), -order, encoding))
    scored.sort(reverse=True)
    return [encoding for _, _, encoding in scored]


def _describe_position(data: bytes, pos: int) -> str:
    line = data.count(b"\n", 0, pos) + 1
    return f"byte 0x{data[pos]:02X} on line {line}" if pos < len(data) else f"line {line}"


def decode_bytes(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode ``data``; returns ``(text, codec used)``. Raises :class:`FileRejected`.

    Order: byte-order mark (UTF-8, UTF-16 LE/BE) → strict UTF-8 → ``encoding`` if given.
    """
    bom = detect_bom(data)
    if bom is not None:
        codec, size = bom
        try:
            return _strict_decode(data[size:], codec.replace("-sig", "")), codec
        except UnicodeDecodeError as exc:
            raise FileRejected(
                f"The file starts with a {ENCODING_LABELS[codec]} byte-order mark but is not "
                f"valid {ENCODING_LABELS[codec]} ({_describe_position(data, exc.start + size)}). "
                "Open it in your spreadsheet and save it again as “CSV UTF-8”."
            ) from None
    try:
        return _strict_decode(data, "utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    suggestions = suggest_encoding(data)
    if encoding is None or canonical_encoding(encoding) in ("utf-8", "utf-8-sig"):
        names = ", ".join(f"{s} ({ENCODING_LABELS.get(s, s)})" for s in suggestions[:3])
        hint = f" It looks like {names}: choose that encoding" if names else " Choose its encoding"
        raise FileRejected(
            "The file is not UTF-8 ("
            + _describe_position(data, utf8_error.start)
            + ")."
            + hint
            + " (e.g. --encoding "
            + (suggestions[0] if suggestions else "cp1252")
            + "), or save it from your spreadsheet as “CSV UTF-8”.",
            suggestions=suggestions,
        )
    codec = canonical_encoding(encoding)
    try:
        return _strict_decode(data, codec), codec
    except UnicodeDecodeError as exc:
        others = [s for s in suggestions if s != codec]
        tail = f" Try {', '.join(others[:3])}" if others else ""
        raise FileRejected(
            f"The file cannot be read as {ENCODING_LABELS.get(codec, codec)} "
            f"({_describe_position(data, exc.start)}).{tail} or save it as “CSV UTF-8”.",
            suggestions=others,
        ) from None
