"""Hypothesis strategies for people's names in every script Mission Desk meets.

Shared by the name-parsing properties (``mutation_kills/normalise/test_name_parsing_kills.py``) and
the erasure properties (``safety/test_erasure_properties.py``). Each strategy draws one name part
(a given or a family name) as people write it in that script; none of them draws white space,
hyphens, apostrophes or digits inside a part.
"""

from __future__ import annotations

from hypothesis import strategies as st

# ------------------------------------------------------------------------------- Latin
# words that are also titles, suffixes or particles ("Iv" is the suffix IV) are other rules' cases
RESERVED = {"mr", "mrs", "ms", "miss", "dr", "prof", "herr", "frau", "mx", "jr", "sr", "ii", "iii", "iv",
            "phd", "md", "van", "von", "der", "den", "de", "del", "della", "delle", "dei", "di", "da",
            "das", "dos", "do", "du", "la", "le", "lo", "ter", "ten", "te", "zu", "zum", "zur", "bin",
            "binti", "bint", "al", "el", "ibn", "ben"}
LATIN = (st.text(alphabet="abcdefghijklmnopqrstuvwxyzéøłü", min_size=2, max_size=8)
         .filter(lambda w: w not in RESERVED).map(str.capitalize))
# Latin with the accents and letters of European names (ß, æ, œ, ł …). Not the Turkish dotless ı or
# dotted İ: Unicode case-folding (not a locale's) does not pair them with I and i.
ACCENTED_LATIN = (st.text(alphabet="abcdefghijklmnopqrstuvwxyzáàâäåãæçéèêëíìîïñóòôöõøœßśšłżźüúùûýÿčřžğő",
                          min_size=2, max_size=10)
                  .filter(lambda w: w not in RESERVED).map(str.capitalize))

# ------------------------------------------------------------------------------- Chinese
HAN_GIVEN = st.text(alphabet="伟大文娜明华丽芳", min_size=1, max_size=2)
ZH_SURNAME = st.sampled_from(sorted("王李张刘陈杨黄赵吴周"))
ZH_COMPOUND_SURNAME = st.sampled_from(["欧阳", "司马", "诸葛", "上官"])
PINYIN_FAMILY = st.sampled_from(["Wang", "Li", "Zhang", "Liu", "Chen", "Ouyang", "Zhuge"])
PINYIN_GIVEN = st.sampled_from(["Wei", "Fang", "Na", "Ming", "Xiaoming", "Lihua", "Jing"])

# ------------------------------------------------------------------------------- Korean
KO_SURNAME = st.sampled_from(["김", "이", "박", "최", "정"])
KO_GIVEN = st.text(alphabet="민준서연지우현", min_size=2, max_size=2)
KO_ROMAN_FAMILY = st.sampled_from(["Kim", "Lee", "Park", "Choi", "Jung"])
KO_ROMAN_GIVEN = st.sampled_from(["Minjun", "Seoyeon", "Jiwoo", "Hyun", "Jihoon"])

# ------------------------------------------------------------------------------- Japanese
# Two-kanji family names, none starting with a character that is also a one-character family name
# (林, 森 …) or a common Chinese surname: the split of a three-character name is a guess, these
# are the names the "two and two" rule is about.
JA_FAMILY_2 = st.sampled_from(["山田", "佐藤", "鈴木", "渡辺", "伊藤", "山本", "中村", "小林", "加藤",
                               "吉田", "松本", "井上", "木村", "斎藤", "清水", "山崎", "橋本", "中島",
                               "綾瀬", "黒柳"])
JA_GIVEN_2 = st.sampled_from(["太郎", "花子", "健一", "美咲", "翔太", "陽菜", "大輔", "直美", "裕子",
                              "誠司", "和也", "真理", "一生", "倫也", "環奈", "徹子"])
# Family names of one to three kanji, as written before a given name in kana (佐々木 with its
# iteration mark, which the parser knows by name).
JA_FAMILY_BEFORE_KANA = st.sampled_from(["林", "森", "原", "山田", "佐藤", "中島", "綾瀬", "長谷川", "五十嵐",
                                         "佐々木", "東海林"])
HIRAGANA = ("あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわん"
            "がぎぐげござじずぜぞだでどばびぶべぼぱぴぷぺぽゃゅょっ")
KATAKANA = "".join(chr(ord(ch) + 0x60) for ch in HIRAGANA) + "ー"
HIRAGANA_WORD = st.text(alphabet=HIRAGANA, min_size=2, max_size=4)
KATAKANA_WORD = st.text(alphabet=KATAKANA, min_size=2, max_size=4).filter(lambda w: w[0] != "ー")
KANA_WORD = st.one_of(HIRAGANA_WORD, KATAKANA_WORD)
ROMAJI_FAMILY = st.sampled_from(["Yamada", "Sato", "Suzuki", "Watanabe", "Nakamura", "Hasegawa"])
ROMAJI_GIVEN = st.sampled_from(["Taro", "Hanako", "Kenichi", "Misaki", "Shota", "Yuko"])

# ------------------------------------------------------------------------------- other alphabets
CYRILLIC = st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюя", min_size=2, max_size=10).map(str.capitalize)
_ARABIC_WORD = st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهويأإآةى", min_size=2, max_size=7)
ARABIC_GIVEN = _ARABIC_WORD
ARABIC_FAMILY = st.one_of(_ARABIC_WORD, _ARABIC_WORD.map(lambda w: "ال" + w))
# A Thai syllable: an optional leading vowel, a consonant, an optional following vowel (above,
# below or after it, ำ included: NFKC takes it apart) and an optional tone mark.
_THAI_SYLLABLE = st.builds(
    lambda lead, consonant, vowel, tone: lead + consonant + vowel + tone,
    st.sampled_from(["", "", "เ", "แ", "โ", "ใ", "ไ"]),
    st.sampled_from(list("กขคฆงจฉชซญดตถทธนบปผพฟภมยรลวศษสหอฮ")),
    st.sampled_from(["", "", "า", "ำ", "ิ", "ี", "ึ", "ื", "ุ", "ู"]),
    st.sampled_from(["", "", "่", "้", "๊", "๋"]),
)
THAI = st.lists(_THAI_SYLLABLE, min_size=2, max_size=4).map("".join)
VI_FAMILY = st.sampled_from(["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
                             "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"])
VI_GIVEN = st.lists(st.sampled_from(["An", "Anh", "Bảo", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hương",
                                     "Khôi", "Linh", "Minh", "Ngọc", "Phúc", "Quân", "Thảo", "Thủy",
                                     "Trung", "Tuấn", "Văn", "Thị", "Đức", "Xuân", "Yến"]),
                    min_size=1, max_size=3).map(" ".join)
