"""Romanisation keys: compare a native-script name with romanised names, and spellings with each other.

Every key is a *compact folded form*: :func:`fold_latin` of the family name and of the given name,
concatenated (``"kim" + "minjun"``). The caller folds its romanised names the same way
(:func:`latin_forms`, :func:`ordered_latin_form`), so the keys of one person meet:

- 张伟 → ``zhangwei``/``weizhang`` (pinyin without tones, pypinyin);
- 김민준 → ``kimminjun``, ``gimminjun``, ``minjunkim``, … (Revised Romanization written here, plus
  the usual passport spellings of common surnames and a conventional given-name spelling);
- 山田太郎 → ``yamadataro``/``taroyamada`` (Hepburn; the reading comes from Janome's IPADIC
  dictionary, which also splits family from given name); ヤマダ タロウ needs no dictionary;
- a name in Han characters only (no kana, no Hangul) gets both its Chinese and Japanese readings.

Folding drops case, diacritics, spaces, hyphens and apostrophes, and folds long vowels
(ō/ô/ou/oo/"oh" before a consonant → o, ū/uu → u) and the traditional-Hepburn m before b/m/p
(Homma = Honma), so "Tarō", "Tarou", "Taroh" and "Taro" meet. Keys only *propose* a match: folding
joins some distinct spellings (Yoon/Yon) and a dictionary reading can be wrong (a given name has
many readings); the caller decides with the other evidence.

Readings are capped at :data:`MAX_READINGS` per name and results are cached. pypinyin and Janome
are imported on the first native-script name, never at import time (command-line start-up); if
one is missing, that script's readings are skipped and a warning is logged once.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from functools import lru_cache
from itertools import product
from typing import Any

from planner.identity import _romanise_tables as tables

log = logging.getLogger(__name__)

MAX_READINGS = 16
"""At most this many (family, given) readings per native name; :func:`native_forms` gives each in
both orders, so at most twice as many keys."""

Reading = tuple[str, str]  # (family, given) romanised, raw; given "" when the name could not be split

_SPECIAL = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "ł": "l",
                          "ı": "i", "þ": "th", "ŀ": "l", "ħ": "h"})
_LONG_O = re.compile(r"o(?:[ou]|h(?![aeiou]))+")
_LONG_U = re.compile(r"uu+")
_HEPBURN_M = re.compile(r"m(?=[bmp])")
_SEPARATORS = re.compile(r"[\s・=＝·‧]+")


def _check(text: object, what: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"{what} must be text (str), not {type(text).__name__}")
    return text


@lru_cache(maxsize=8192)
def fold_latin(text: str) -> str:
    """Lowercase ASCII letters only: diacritics, spaces, hyphens, apostrophes, digits and any
    non-Latin letter dropped; long vowels folded (ō/ou/oo/oh → o, ū/uu → u; "oh" only before a
    consonant or at the end); m before b/m/p → n. ``fold_latin("Tarō") == fold_latin("Taroh")``."""
    s = unicodedata.normalize("NFKD", _check(text, "name").casefold()).translate(_SPECIAL)
    s = "".join(ch for ch in s if "a" <= ch <= "z")
    s = _LONG_U.sub("u", _LONG_O.sub("o", s))
    return _HEPBURN_M.sub("n", s)


def ordered_latin_form(given: str, family: str) -> str:
    """The compact form family-then-given: compare with :func:`ordered_native_forms`."""
    return fold_latin(family) + fold_latin(given)


@lru_cache(maxsize=8192)
def latin_forms(given: str, family: str) -> frozenset[str]:
    """Compact folded forms in both orders: ``latin_forms("Min-jun", "KIM") ==
    {"kimminjun", "minjunkim"}`` (``minjunkim`` as folded). Empty when neither has a Latin letter."""
    g, f = fold_latin(_check(given, "given name")), fold_latin(_check(family, "family name"))
    return frozenset(form for form in (f + g, g + f) if form)


@lru_cache(maxsize=4096)
def native_forms(native: str) -> frozenset[str]:
    """Compact folded romanisations of a native-script name, in both orders, for every plausible
    reading (Chinese pinyin, Japanese Hepburn, Korean RR and conventional spellings). Empty for
    Latin text."""
    out: set[str] = set()
    for family, given in native_readings(native):
        f, g = fold_latin(family), fold_latin(given)
        out.update(form for form in (f + g, g + f) if form)
    return frozenset(out)


@lru_cache(maxsize=4096)
def ordered_native_forms(native: str) -> frozenset[str]:
    """Like :func:`native_forms` but family-then-given as written only (a name that cannot be
    split gives its reading as written); compare with :func:`ordered_latin_form`."""
    forms = (fold_latin(family) + fold_latin(given) for family, given in native_readings(native))
    return frozenset(form for form in forms if form)


def has_native_script(text: str) -> bool:
    """True when the text has a Han, kana or Hangul character (the scripts read here)."""
    return any(_script(ch) for ch in unicodedata.normalize("NFKC", _check(text, "name")))


@lru_cache(maxsize=4096)
def native_readings(native: str) -> tuple[Reading, ...]:
    """The raw (family, given) romanisations of a native name, most likely first, at most
    :data:`MAX_READINGS`. Words separated by a space (or ・, =) are taken as family then given;
    otherwise the family name is found from a surname table (zh, ko) or the dictionary (ja)."""
    text = unicodedata.normalize("NFKC", _check(native, "native name")).strip()
    scripts = {_script(ch) for ch in text} - {""}
    parts = [p for p in _SEPARATORS.split(text) if p]
    if not scripts or not parts:
        return ()
    family, given = parts[0], "".join(parts[1:])
    if "ko" in scripts:
        readings = _korean(family, given)
    elif "kana" in scripts:
        readings = _japanese(family, given)
    else:  # Han only: Chinese or Japanese
        readings = _chinese(family, given) + _japanese(family, given)
    unique = list(dict.fromkeys(r for r in readings if fold_latin(r[0] + r[1])))
    return tuple(unique[:MAX_READINGS])


def _script(ch: str) -> str:
    cp = ord(ch)
    if 0xAC00 <= cp <= 0xD7A3:
        return "ko"
    if (0x3041 <= cp <= 0x30FF and cp != 0x30FB) or 0x31F0 <= cp <= 0x31FF:  # with ー ゝ ヽ
        return "kana"
    if (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF
            or 0x20000 <= cp <= 0x3134F or ch in "々〆"):
        return "han"
    return ""


# --- Korean: Revised Romanization by syllable (names do not take sound changes) -----------------

def _hangul(ch: str) -> tuple[str, str, str] | None:
    code = ord(ch) - 0xAC00
    if not 0 <= code < 11172:
        return None
    ini, vow, fin = (tables.KO_INITIAL[code // 588], tables.KO_VOWEL[code % 588 // 28],
                     tables.KO_FINAL[code % 28])
    return ini.strip("-"), vow, fin.strip("-")


def _ko_syllable(ch: str) -> list[str]:
    """RR of one syllable, then its conventional spelling (Joon, Sung, Hyun, Young, Hee, Ki)."""
    parts = _hangul(ch)
    if parts is None:
        return [ch]
    ini, vow, fin = parts
    rr = ini + vow + fin
    c_ini = "k" if ini == "g" else "sh" if ini == "s" and vow == "i" else ini
    if vow == "yeo":
        c_vow = "you" if not ini and fin == "ng" else "yu"
    else:
        c_vow = {"eo": "u", "u": "woo" if not ini else "oo",
                 "ui": "ee" if ini else "ui"}.get(vow, vow)
    return list(dict.fromkeys([rr, c_ini + c_vow + fin]))


def _ko_word(word: str, limit: int) -> list[str]:
    """Spellings of a Hangul word: all-RR, all-conventional, then mixed; at most ``limit``."""
    options = [_ko_syllable(ch) for ch in word]
    whole = ["".join(o[0] for o in options), "".join(o[-1] for o in options)]
    mixed = ("".join(combo) for combo in product(*options))
    return list(dict.fromkeys([*whole, *mixed]))[:limit]


def _ko_surname(word: str) -> list[str]:
    rr = "".join(_ko_syllable(ch)[0] for ch in word)
    return list(dict.fromkeys([*tables.KO_SURNAMES.get(word, ()), rr]))[:4]


def _korean(family: str, given: str) -> list[Reading]:
    if not given and len(family) > 1:  # 김민준: the surname is the first syllable (or two)
        cut = 2 if len(family) > 2 and family[:2] in tables.KO_SURNAMES else 1
        family, given = family[:cut], family[cut:]
    surnames = _ko_surname(family)
    givens = _ko_word(given, 4) if given else [""]
    ranked = sorted(product(range(len(surnames)), range(len(givens))), key=sum)
    return [(surnames[s], givens[g]) for s, g in ranked]


# --- Chinese: pypinyin, tones dropped; polyphonic surnames take their surname reading -----------

def _chinese(family: str, given: str) -> list[Reading]:
    lazy_pinyin = _load("pypinyin", "lazy_pinyin")
    if lazy_pinyin is None:
        return []
    if not given and len(family) > 1:
        cut = 2 if len(family) > 2 and family[:2] in tables.ZH_COMPOUND_SURNAMES else 1
        family, given = family[:cut], family[cut:]

    def read(word: str, surname: bool) -> str:
        if surname and word in tables.ZH_SURNAME_READINGS:
            return tables.ZH_SURNAME_READINGS[word]
        return "".join(lazy_pinyin(word, v_to_u=True))

    reading = (read(family, True), read(given, False))
    if "ü" in reading[0] + reading[1]:  # Lü is written LYU in passports, Lu elsewhere
        return [reading, (reading[0].replace("ü", "yu"), reading[1].replace("ü", "yu"))]
    return [reading]


# --- Japanese: Janome (IPADIC) gives kanji readings in katakana; kana → Hepburn here -------------

_tokenizer_lock = threading.Lock()


def _japanese(family: str, given: str) -> list[Reading]:
    if not given:
        words = _ja_words(family)
        if words is None:
            return []
        surname = [w for w in words if w[1]]
        cut = len(surname) if 0 < len(surname) < len(words) else (1 if len(words) > 1 else 0)
        family = "".join(w[0] for w in words[:cut]) if cut else "".join(w[0] for w in words)
        return [(family, "".join(w[0] for w in words[cut:]) if cut else "")]
    f_words, g_words = _ja_words(family), _ja_words(given)
    if f_words is None or g_words is None:
        return []
    return [("".join(w[0] for w in f_words), "".join(w[0] for w in g_words))]


def _ja_words(text: str) -> list[tuple[str, bool]] | None:
    """(Hepburn reading, is a surname) of each word, or None when some kanji has no reading."""
    if all(_script(ch) == "kana" for ch in text):
        return [(kana_to_hepburn(text), False)]
    tokenizer = _load("janome.tokenizer", "Tokenizer")
    if tokenizer is None:
        return None
    with _tokenizer_lock:
        tokens = list(tokenizer.tokenize(text))
    words = []
    for token in tokens:
        pos = token.part_of_speech.split(",")
        reading = token.reading if token.reading != "*" else token.surface
        if pos[0] not in ("名詞", "接頭詞") or not all(_script(ch) == "kana" for ch in reading):
            return None  # unknown word, or a Chinese character read as a verb or adjective
        words.append((kana_to_hepburn(reading), pos[2:4] == ["人名", "姓"]))
    return words


def japanese_surname_length(name: str) -> int | None:
    """How many characters of a Japanese name written without a space are its family name, as
    Janome's dictionary of names reads it: a surname, then only given names (田中健: 田中 + 健;
    野々村真: 野々村 + 真; 一ノ瀬太郎: 一ノ瀬 + 太郎). None when the dictionary does not read the
    name so (陳大文 is 陳, then a prefix and a noun), or Janome is not installed."""
    tokenizer = _load("janome.tokenizer", "Tokenizer")
    if tokenizer is None:
        return None
    with _tokenizer_lock:
        kinds = [(t.surface, t.part_of_speech.split(",")[2:4]) for t in tokenizer.tokenize(name)]
    if len(kinds) < 2 or kinds[0][1] != ["人名", "姓"] or any(k != ["人名", "名"] for _s, k in kinds[1:]):
        return None
    return len(kinds[0][0])


def kana_to_hepburn(kana: str) -> str:
    """Hepburn romaji of hiragana/katakana, long vowels spelt out (タロウ → tarou, ー dropped);
    :func:`fold_latin` then folds them. Other characters are kept as they are."""
    out: list[str] = []
    geminate = False
    for ch in kana:
        cp = ord(ch)
        hira = chr(cp - 0x60) if 0x30A1 <= cp <= 0x30F6 else ch
        if hira in "っッ":
            geminate = True
            continue
        if hira in "ゃゅょぁぃぅぇぉゎ" and out:
            out[-1] = _kana_combine(out[-1], hira)
            continue
        roman = tables.KANA.get(hira, "" if hira == "ー" else hira)
        if geminate and roman[:1].isalpha() and roman[0] not in "aeiou":
            roman = ("t" if roman.startswith("ch") else roman[0]) + roman
        geminate = False
        out.append(roman)
    return "".join(out)


def _kana_combine(prev: str, small: str) -> str:
    """A kana followed by a small kana: きゃ kya, しゃ sha, ティ ti, ファ fa, シェ she, ウィ wi."""
    vowel = tables.KANA[small]
    if small in "ゃゅょ":
        return prev[:-1] + vowel[1:] if prev.endswith(("shi", "chi", "ji")) else prev[:-1] + vowel
    if prev.endswith(("shi", "chi", "ji")):
        return prev[:-1] + vowel
    if prev == "u":
        return "w" + vowel
    if prev.endswith(("u", "e", "o")) and len(prev) > 1:  # fu+a → fa, te+i → ti, vu+a → va
        return prev[:-1] + vowel
    return prev + vowel


# --- lazy imports --------------------------------------------------------------------------------

_loaded: dict[str, Any] = {}
_load_lock = threading.Lock()


def _load(module: str, name: str) -> Any:
    """``module.name`` imported on first use (a Tokenizer is built once); None if not installed."""
    key = f"{module}.{name}"
    with _load_lock:
        if key not in _loaded:
            try:
                obj = getattr(__import__(module, fromlist=[name]), name)
                _loaded[key] = obj() if name == "Tokenizer" else obj
            except ImportError:
                log.warning("%s is not installed: names in that script are not romanised", module)
                _loaded[key] = None
        return _loaded[key]
