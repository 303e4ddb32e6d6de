"""Data for :mod:`planner.identity.romanise`: surname spellings and the kana syllabary.

Korean: the Hangul syllable's initial, vowel and final in Revised Romanization (Unicode order).
Korean surname spellings are the common passport spellings besides Revised Romanization (which the
code adds itself), most frequent first; sources: the National Institute of Korean Language's RR
rules (names are romanised by syllable, without sound changes) and the spellings in everyday use
(Kim, Lee, Park, Choi …). Chinese: compound surnames, and the surname reading of characters that
pypinyin would read otherwise (单 Shan, not Dan). Kana: modified Hepburn.
"""

from __future__ import annotations


def _words(text: str) -> list[str]:
    return text.split()


KO_INITIAL = _words("g kk n d tt r m b pp s ss - j jj ch k t p h")
KO_VOWEL = _words("a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i")
KO_FINAL = _words("- k k k n n n t l k m l l l p l m p p t t ng t t k t p t")

KO_SURNAMES: dict[str, tuple[str, ...]] = {
    "김": ("kim",), "이": ("lee", "yi", "rhee"), "박": ("park", "pak"), "최": ("choi",),
    "정": ("jung", "chung"), "강": ("kang",), "조": ("cho",), "윤": ("yoon",),
    "장": ("jang", "chang"), "임": ("lim",), "한": ("han",), "오": ("oh",), "서": ("seo", "suh"),
    "신": ("shin",), "권": ("kwon",), "황": ("hwang",), "안": ("ahn",), "송": ("song",),
    "류": ("ryu", "yoo", "yu"), "유": ("yoo", "yu", "ryu"), "홍": ("hong",), "전": ("jeon", "jun", "chun"),
    "고": ("ko",), "문": ("moon",), "양": ("yang",), "손": ("son", "sohn"), "배": ("bae",),
    "백": ("baek", "paik", "baik"), "허": ("heo", "huh", "hur"), "남": ("nam",), "심": ("shim",),
    "노": ("noh", "roh"), "하": ("ha",), "곽": ("kwak",), "성": ("sung",), "차": ("cha",),
    "주": ("joo", "chu"), "우": ("woo",), "구": ("koo", "ku"), "민": ("min",), "진": ("jin", "chin"),
    "나": ("na", "ra"), "엄": ("um", "eom"), "원": ("won",), "천": ("chun", "cheon"),
    "방": ("bang",), "공": ("kong",), "현": ("hyun",), "변": ("byun",), "염": ("yum", "yeom"),
    "여": ("yeo", "yoh"), "추": ("choo", "chu"), "도": ("do", "doh"), "석": ("seok", "suk"),
    "선": ("sun",), "설": ("seol", "sul"), "길": ("kil", "gil"), "연": ("yeon", "yun"),
    "위": ("wi", "wee"), "표": ("pyo",), "명": ("myung",), "기": ("ki",), "반": ("ban",),
    "왕": ("wang",), "금": ("keum", "kum"), "옥": ("ok",), "육": ("yook", "yuk"), "인": ("in",),
    "제": ("je", "jae"), "모": ("mo",), "탁": ("tak",), "국": ("kook", "kuk"), "지": ("ji",),
    "남궁": ("namgoong", "namkung"), "제갈": ("jegal",), "선우": ("sunwoo",),
    "황보": ("hwangbo",), "독고": ("dokgo",), "사공": ("sagong",), "서문": ("seomun",),
}

ZH_COMPOUND_SURNAMES = frozenset(_words(
    "欧阳 歐陽 司马 司馬 上官 诸葛 諸葛 东方 東方 皇甫 尉迟 尉遲 公孙 公孫 慕容 长孙 長孫 宇文 司徒 "
    "夏侯 轩辕 軒轅 令狐 端木 西门 西門 南宫 南宮 独孤 獨孤 万俟 萬俟 澹台 澹臺 申屠 太史 闻人 聞人 "
    "呼延 百里 东郭 東郭 钟离 鍾離 宗政 濮阳 濮陽 公冶 赫连 赫連 拓跋 第五"))

ZH_SURNAME_READINGS: dict[str, str] = {
    "单": "shan", "單": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "區": "ou",
    "查": "zha", "朴": "piao", "盖": "ge", "蓋": "ge", "乐": "yue", "樂": "yue", "覃": "qin",
    "缪": "miao", "繆": "miao", "翟": "zhai", "燕": "yan", "种": "chong", "種": "chong",
    "秘": "bi", "折": "she", "华": "hua", "華": "hua", "任": "ren", "沈": "shen", "柏": "bai",
    "员": "yun", "員": "yun", "宓": "fu", "阚": "kan", "闞": "kan", "繁": "po", "尉迟": "yuchi",
    "尉遲": "yuchi", "万俟": "moqi", "萬俟": "moqi", "澹台": "tantai", "澹臺": "tantai",
    "长孙": "zhangsun", "長孫": "zhangsun", "令狐": "linghu", "都": "du", "重": "chong",
    "葛": "ge", "过": "guo", "過": "guo", "隗": "wei", "眭": "sui", "召": "shao", "句": "gou",
}

KANA: dict[str, str] = dict(zip(
    "あいうえおかきくけこがぎぐげごさしすせそざじずぜぞたちつてとだぢづでどなにぬねの"
    "はひふへほばびぶべぼぱぴぷぺぽまみむめもやゆよらりるれろわゐゑをんゔ"
    "ぁぃぅぇぉゃゅょゎ",
    _words("a i u e o ka ki ku ke ko ga gi gu ge go sa shi su se so za ji zu ze zo "
     "ta chi tsu te to da ji zu de do na ni nu ne no "
     "ha hi fu he ho ba bi bu be bo pa pi pu pe po ma mi mu me mo ya yu yo "
     "ra ri ru re ro wa i e o n vu a i u e o ya yu yo wa"), strict=True))
