"""The one place for matching keys and name parsing used to find duplicates on import.

Keys are for comparison only, never for display: NFKC (full-width → ASCII, U+3000 → space),
case folding and removal of zero-width characters, so that ``ＡＢＣ商事株式会社`` and
``ABC商事`` or ``Acme Ltd`` and ``ACME Limited`` compare equal.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import takewhile
from typing import Literal

ZERO_WIDTH = "\u200b\u200c\u200d\ufeff\u2060"
_ZW_TABLE = {ord(ch): None for ch in ZERO_WIDTH + "\u00ad"}
_DROP_PUNCT = set(".'’‘`´")  # removed without leaving a space: "K.K." → kk, "O'Brien" → obrien

Script = Literal["latin", "ja", "ko", "zh", "mixed", "other"]
NameOrder = Literal["given_first", "family_first"]


def _fold(s: str) -> str:
    """NFKC + casefold + zero-width removal, repeated until stable (so keys are idempotent)."""
    for _ in range(4):
        new = unicodedata.normalize("NFKC", s.translate(_ZW_TABLE)).casefold()
        new = unicodedata.normalize("NFKC", new).translate(_ZW_TABLE)
        if new == s:
            break
        s = new
    return s


def email_key(s: str | None) -> str:
    """Matching key of an e-mail address: NFKC, zero-width removed, stripped, casefolded."""
    if s and s.isascii():
        return s.strip().lower()  # the same result, without the Unicode machinery
    return _fold(s or "").strip()


def _key_char(ch: str) -> str:
    """What one character of folded text becomes in a matching key: itself, a word break
    (punctuation, spaces, tabs and line breaks) or nothing (apostrophes and dots inside words,
    control characters)."""
    if ch in _DROP_PUNCT:
        return ""
    cat = unicodedata.category(ch)
    if cat[0] in "PZ" or ch in "\t\n\r\x0b\x0c":
        return " "
    return "" if cat[0] == "C" else ch


# The same rule as a str.translate table for ASCII text (text_key's fast path).
_ASCII_TABLE = {code: _key_char(chr(code)) for code in range(128) if _key_char(chr(code)) != chr(code)}


def _text_key(s: str | None) -> str:
    """Matching key of free text: folded, punctuation that does not matter removed, spaces
    collapsed. Letters, digits and symbols such as ``+`` or ``@`` are kept."""
    if s is None:
        return ""
    if s.isascii():
        return " ".join(s.lower().translate(_ASCII_TABLE).split())
    return " ".join("".join(_key_char(ch) for ch in _fold(s)).split())


# Cached at module level, not with a decorator, so that mutation testing (mutmut 3 skips
# decorated functions) reaches the body.
text_key = lru_cache(maxsize=65536)(_text_key)


# Legal forms, compared after text_key (so "Co., Ltd." is "co ltd" and "K.K." is "kk").
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_LATIN_LEGAL = _words("""
ltd limited inc incorporated corp corporation co company gmbh mbh ag kg kgaa ohg ug ev
plc llc llp lp kk gk sa sas sarl srl spa bv nv pte pty oy oyj ab asa as aps kft sro sp zoo
se nl bhd sdn tbk jsc pjsc ooo
""")
_CJK_LEGAL = (
    "株式会社", "株式會社", "有限会社", "合同会社", "合資会社", "合名会社", "一般社団法人",
    "公益社団法人", "一般財団法人", "公益財団法人", "独立行政法人", "国立研究開発法人",
    "주식회사", "유한회사", "유한책임회사", "股份有限公司", "有限责任公司", "有限責任公司",
    "有限公司", "集团有限公司",
)
_CJK_LEGAL_SORTED = sorted(_CJK_LEGAL, key=len, reverse=True)
_BRACKET_TOKENS = frozenset({"株", "有", "주", "유", "社", "財"})  # from (株) ㈱ (주) ㈜ …


def _organisation_key(name: str | None) -> str:
    """Matching key of an organisation: :func:`text_key` without legal-form affixes."""
    key = text_key(name)
    if not key:
        return key
    changed = True
    while changed:
        changed = False
        for form in _CJK_LEGAL_SORTED:
            if key.startswith(form) and len(key) > len(form):
                key, changed = key[len(form):].strip(), True
            elif key.endswith(form) and len(key) > len(form):
                key, changed = key[: -len(form)].strip(), True
        tokens = key.split(" ")
        if len(tokens) > 1 and tokens[0] in _BRACKET_TOKENS:
            tokens, changed = tokens[1:], True
        while len(tokens) > 1 and (tokens[-1] in _LATIN_LEGAL or tokens[-1] in _BRACKET_TOKENS):
            tokens, changed = tokens[:-1], True
        key = " ".join(tokens)
    return key


organisation_key = lru_cache(maxsize=65536)(_organisation_key)


def person_key(given: str | None, family: str | None, organisation: str | None) -> str:
    """Matching key of a person by name and organisation (used when there is no e-mail).

    Name tokens are sorted so that "Kim Minjun" and "Minjun Kim" (order mix-ups are common
    with East Asian names) compare equal.
    """
    tokens = sorted((text_key(given) + " " + text_key(family)).split())
    return " ".join(tokens) + "|" + organisation_key(organisation)


_EMAIL_RE = re.compile(
    r"^(?P<local>[^\s@\"(),:;<>\[\]\\]{1,64})@(?P<domain>[^\s@\"(),:;<>\[\]\\_!#$%&'*+/=?^`{|}~]{1,253})$"
)
_LABEL_RE = re.compile(r"^(?!-)[\w-]{1,63}(?<!-)$")


def looks_like_email(s: str | None) -> bool:
    """A sane syntax check of an e-mail address (no network): one ``@``, a dotted domain with
    a top-level part of at least two letters, no spaces or consecutive dots."""
    if not s:
        return False
    value = unicodedata.normalize("NFKC", s).strip().translate(_ZW_TABLE)
    if len(value) > 254:
        return False
    m = _EMAIL_RE.match(value)
    if m is None:
        return False
    local, domain = m.group("local"), m.group("domain").rstrip(".")
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return False
    labels = domain.split(".")
    if len(labels) < 2 or not all(_LABEL_RE.match(label) for label in labels):
        return False
    tld = labels[-1]
    return (len(tld) >= 2 and not tld.isdigit()
            and (tld.isalpha() or tld.lower().startswith("xn--")))


# ---------------------------------------------------------------------------------- names


def _is_kana(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff" or "\uff66" <= ch <= "\uff9f" or ch in "々〆ヶ"


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f"


def _is_han(ch: str) -> bool:
    return ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"
            or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0003134f")


def _is_cjk(ch: str) -> bool:
    return _is_kana(ch) or _is_hangul(ch) or _is_han(ch)


# Common single-character Chinese surnames (simplified and traditional) and compound ones.
_ZH_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤張劉陳楊黃趙吳孫馬鄭羅謝許韓馮鄧蕭葉蘇呂盧鍾譚陸賈鄒龔錢嚴湯"
)
_ZH_COMPOUND = {"欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "东方", "東方", "皇甫",
                "令狐", "慕容", "司徒", "夏侯", "尉迟", "尉遲", "公孙", "公孫", "轩辕", "軒轅"}
_KO_COMPOUND = {"남궁", "황보", "제갈", "선우", "독고", "사공", "서문", "동방"}
_JA_ONE_CHAR = set("林森原東堀泉関辻西南北岡谷畑星滝桜楠柳廣広萩菅")
_JA_THREE_CHAR = {"佐々木", "長谷川", "五十嵐", "久保田", "小野寺", "宇佐美", "大久保", "小笠原",
                  "佐久間", "長谷部", "勅使河原", "東海林", "小山内", "武者小路"}


def script_of(s: str | None) -> Script:
    """The writing system of a name: 'latin', 'ja', 'ko', 'zh', 'mixed' (Latin and CJK, or
    Japanese and Korean) or 'other' (no letters, or another alphabet such as Cyrillic)."""
    text = s or ""
    latin = other = kana = hangul = han = False
    for ch in text:
        if _is_kana(ch):
            kana = True
        elif _is_hangul(ch):
            hangul = True
        elif _is_han(ch):
            han = True
        elif ch.isalpha():
            if "LATIN" in unicodedata.name(ch, ""):
                latin = True
            else:
                other = True
    if (kana or hangul or han) and (latin or other):
        return "mixed"
    if kana and hangul:
        return "mixed"
    if kana:
        return "ja"
    if hangul:
        return "ko"
    if han:
        return "zh" if _looks_chinese(text) else "ja"
    if latin and not other:
        return "latin"
    return "mixed" if latin and other else "other"


def _looks_chinese(name: str) -> bool:
    """Han characters only (script_of has already ruled out kana): Chinese when a character is
    one Japanese does not use, or when a name of at most three characters starts with a common
    Chinese surname."""
    chars = "".join(ch for ch in name if _is_han(ch))
    try:
        chars.encode("cp932")
    except UnicodeEncodeError:
        return True  # simplified characters that Japanese does not use
    return len(chars) <= 3 and (chars[:1] in _ZH_SURNAMES or chars[:2] in _ZH_COMPOUND)


@dataclass(frozen=True)
class ParsedName:
    """A name split into parts. ``native`` holds the CJK form when there is one."""

    given: str
    family: str
    native: str | None = None
    name_order: NameOrder = "given_first"


_PARTICLES = _words(
    "van von der den de del della delle dei di da das dos do du la le lo ter ten te zu zum zur "
    "bin binti bint al el ibn ben"
)
_SUFFIXES = _words("jr jr. sr sr. ii iii iv phd ph.d. md m.d.")
_TITLES = _words("mr mr. mrs mrs. ms ms. miss dr dr. prof prof. herr frau mx mx.")


def _split_cjk(native: str, script: Script) -> ParsedName:
    parts = native.split()
    if len(parts) >= 2:
        return ParsedName(" ".join(parts[1:]), parts[0], native, "family_first")
    name = native  # one character: all family name (every branch below cuts after it)
    read = _dictionary_cut(name, script)
    if read is not None:
        cut = read
    elif script == "ko":
        cut = 2 if len(name) >= 4 and name[:2] in _KO_COMPOUND else 1
    elif script == "zh":
        cut = 2 if len(name) >= 3 and name[:2] in _ZH_COMPOUND else 1
    else:  # Japanese written without a space
        han_run = sum(1 for _ in takewhile(_is_han, name))
        listed = next((t for t in _JA_THREE_CHAR if name.startswith(t)), None)
        if listed:
            cut = len(listed)  # 佐々木希; 佐々木 alone is a family name
        elif 1 <= han_run <= 3 and han_run < len(name):
            cut = han_run  # 山田たろう: the kanji before the kana
        elif name[0] in _JA_ONE_CHAR and len(name) <= 3:
            cut = 1
        else:
            cut = 2 if len(name) >= 3 else 1
    return ParsedName(name[cut:], name[:cut], native, "family_first")


@lru_cache(maxsize=4096)
def _dictionary_cut(name: str, script: Script) -> int | None:
    """Where a dictionary of Japanese names puts the family name's end, for a name of three to six
    characters written without a space in kanji (with 々 or ノ): 田中健, 森田健, 野々村真 and
    一ノ瀬太郎 are Japanese, though 田 and 森 start Chinese and one-character names too. A name
    read as Chinese keeps Chinese rules unless the dictionary finds a surname of two or more
    characters (林美 stays 林 / 美 either way; 陳大文 is not read as a Japanese name at all)."""
    if script not in ("ja", "zh") or not 3 <= len(name) <= 6 or not all(_is_han(ch) or ch in "々ノ" for ch in name):
        return None
    from planner.identity.romanise import japanese_surname_length

    cut = japanese_surname_length(name)
    if cut is None or cut >= len(name) or (script == "zh" and cut < 2):
        return None
    return cut


def _split_latin(name: str) -> ParsedName:
    if "," in name:
        family, _, given = (p.strip() for p in name.partition(","))
        if given and given.casefold() not in _SUFFIXES:
            return ParsedName(given, family)
        name = f"{family} {given}".strip()
    tokens = name.split()
    if len(tokens) >= 2 and tokens[0].casefold() in _TITLES:
        tokens = tokens[1:]  # "Dr Ann Lee"; "Dr Lee" is a family name alone
    suffix: list[str] = []
    while len(tokens) > 2 and tokens[-1].casefold() in _SUFFIXES:  # (no word has a comma left here)
        suffix.insert(0, tokens.pop())
    if not tokens:
        return ParsedName("", "")
    if len(tokens) == 1:  # no suffix was taken: that needs three words
        return ParsedName("", tokens[0])
    # "YAMADA Taro": a family name in capitals written first (an initial such as "J." is not one)
    if (len(tokens) == 2 and tokens[0].isupper() and len(tokens[0]) > 1 and "." not in tokens[0]
            and not tokens[1].isupper()):
        return ParsedName(tokens[1], tokens[0], None, "family_first")
    start = len(tokens) - 1
    for i in range(1, len(tokens) - 1):
        if tokens[i].casefold() in _PARTICLES:
            start = i
            break
    given = " ".join(tokens[:start])
    family = " ".join(tokens[start:] + suffix)
    return ParsedName(given, family)


def split_full_name(name: str | None) -> ParsedName:
    """Split a single "Name" cell into given and family names.

    Latin names: "Given Family" (particles such as "van der" stay with the family name),
    "Family, Given", "FAMILY Given". CJK names stay in their script, family name first:
    ``山田 太郎`` → family 山田, given 太郎; without a space the family name is guessed
    (``山田太郎`` → 山田, ``김민준`` → 김, ``王伟`` → 王). A cell mixing both
    ("Taro Yamada 山田太郎") keeps the CJK part as ``native``.
    """
    text = " ".join((name or "").split())  # str.split() also breaks at the ideographic space
    if not text:
        return ParsedName("", "")
    script = script_of(text)
    if script in ("ja", "ko", "zh"):
        return _split_cjk(text, script)
    if script == "mixed" and any(_is_cjk(ch) for ch in text):
        cjk = re.findall(r"[^\sA-Za-z\u00c0-\u024f,.'()\[\]-][^A-Za-z\u00c0-\u024f()\[\]]*", text)
        native = " ".join(" ".join(c.split()) for c in cjk).strip(" ,、")  # "王伟, Wang Wei": no comma
        latin = re.sub(r"[()\[\]]", " ", text)
        for part in cjk:
            latin = latin.replace(part.strip(), " ")
        latin = " ".join(latin.split()).strip(" ,")
        if not latin:
            return _split_cjk(native, script_of(native))
        parsed = _split_latin(latin)
        return ParsedName(parsed.given, parsed.family, native or None, parsed.name_order)
    return _split_latin(text)
