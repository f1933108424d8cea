"""Text normalization with a per-character map back to the raw text.

The rules are the ones in CONTRIBUTING.md ("Text conventions"). Normalization is
done character by character (never NFKC over the whole text: that would also
rewrite “” and 。 and lose the one-to-one offset map).
"""

from __future__ import annotations

import re
import unicodedata

from gdr_nlp.document import HAN

# Word text exports leave bookmark markers such as "[bookmark: _GoBack]" in the text.
_ARTIFACT = re.compile(r"\[bookmark: [^\]\n]{0,80}\]")

_REMOVE = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad")
_SPACES = frozenset("\u00a0\u3000\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f")
# Full-width punctuation that is native Chinese punctuation stays as it is (the
# official labels use it); ，and ： only become half-width between digits (1，234 / 10：30).
_KEEP_FULLWIDTH = frozenset("（）；！？")
_DIGIT_CONTEXT = frozenset("，：")
_DIGITS = frozenset("0123456789０１２３４５６７８９")


# Glyph substitutes PDF text layers produce that NFKC leaves alone or maps to a form simplified
# text does not use (#9): a font's ToUnicode map often points the glyph of 门, 民, 长 … at the
# CJK Radicals Supplement code point drawn the same way (U+2E80–U+2EFF, which has no
# decompositions except ⺟ and ⻳). Each entry is the unified ideograph the radical is a form of
# (Unicode's EquivalentUnifiedIdeograph data; C-simplified forms → the simplified character).
# Two Kangxi radicals are listed too: NFKC gives the traditional 戶/靑, while a GB font draws
# ⼾/⾭ as 户/青, the characters simplified reports use. Left out: ⺀⺍⺑⺪⺴⺵⺷⺸, component shapes
# with no single unified equivalent (they never stand for a whole character of a report).
GLYPH_SUBSTITUTES: dict[str, str] = {
    "⺁": "厂", "⺂": "乛", "⺃": "乚", "⺄": "乙", "⺅": "亻", "⺆": "冂", "⺇": "𠘨", "⺈": "𠂊", "⺉": "刂", "⺊": "卜",
    "⺋": "㔾", "⺌": "小", "⺎": "兀", "⺏": "尣", "⺐": "尢", "⺒": "巳", "⺓": "幺",
    "⺔": "彐", "⺕": "彑", "⺖": "忄", "⺗": "㣺", "⺘": "扌", "⺙": "攵", "⺛": "旡", "⺜": "日", "⺝": "月",
    "⺞": "歺", "⺟": "母", "⺠": "民", "⺡": "氵", "⺢": "氺", "⺣": "灬", "⺤": "爫", "⺥": "爫", "⺦": "丬",
    "⺧": "牜", "⺨": "犭", "⺩": "王", "⺫": "罒", "⺬": "示", "⺭": "礻", "⺮": "竹", "⺯": "糹",
    "⺰": "纟", "⺱": "罓", "⺲": "罒", "⺳": "㓁", "⺶": "𦍌",
    "⺹": "耂", "⺺": "肀", "⺻": "聿", "⺼": "月", "⺽": "臼", "⺾": "艹", "⺿": "艹", "⻀": "艹", "⻁": "虎",
    "⻂": "衤", "⻃": "覀", "⻄": "西", "⻅": "见", "⻆": "角", "⻇": "𧢲", "⻈": "讠", "⻉": "贝", "⻊": "𧾷",
    "⻋": "车", "⻌": "辶", "⻍": "辶", "⻎": "辶", "⻏": "阝", "⻐": "钅", "⻑": "長", "⻒": "镸", "⻓": "长",
    "⻔": "门", "⻕": "𨸏", "⻖": "阝", "⻗": "雨", "⻘": "青", "⻙": "韦", "⻚": "页", "⻛": "风", "⻜": "飞",
    "⻝": "食", "⻞": "飠", "⻟": "食", "⻠": "饣", "⻡": "首", "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼",
    "⻦": "鸟", "⻧": "卤", "⻨": "麦", "⻩": "黄", "⻪": "黾", "⻫": "斉", "⻬": "齐", "⻭": "歯", "⻮": "齿",
    "⻯": "竜", "⻰": "龙", "⻱": "龜", "⻲": "亀", "⻳": "龟",
    "⼾": "户", "⾭": "青",
}


def _map_char(ch: str) -> str:
    """Normalized form of a single character (may be the character itself)."""
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E and ch not in _KEEP_FULLWIDTH:
        return chr(code - 0xFEE0)
    if ch == "(":
        return "（"
    if ch == ")":
        return "）"
    if ch in _SPACES:
        return " "
    if ch in GLYPH_SUBSTITUTES:
        return GLYPH_SUBSTITUTES[ch]
    # Kangxi radicals, CJK compatibility ideographs (and their supplement), vertical forms
    # (︵ → ( → （): NFKC where it gives one character; the radicals supplement NFKC leaves
    # alone is GLYPH_SUBSTITUTES' job (#9)
    if _compat_block(code):
        mapped = unicodedata.normalize("NFKC", ch)
        return _map_char(mapped) if len(mapped) == 1 and mapped != ch else ch
    return ch


def _compat_block(code: int) -> bool:
    return (0x2F00 <= code <= 0x2FDF or 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F
            or 0xFE10 <= code <= 0xFE19 or 0xFE30 <= code <= 0xFE4F)


# a line whose every character stands twice in a row (一一、、总总体体情情况况): a PDF's fake bold, a font with
# no bold face printed twice a hair apart (wkhtmltopdf, Word with 宋体), which pdfplumber and pdfminer read
# character by character; at least three pairs and a CJK character, so that no line of real text qualifies
_DOUBLED_MIN = 6


def _doubled(line: str) -> bool:
    return (len(line) >= _DOUBLED_MIN and len(line) % 2 == 0 and bool(HAN.search(line))
            and all(line[k] == line[k + 1] for k in range(0, len(line), 2)))


def _removed_ranges(raw: str) -> list[tuple[int, int]]:
    """Raw ranges left out of the text, in order: Word's bookmark markers, and the second of each pair of a
    fake-bold line (``_doubled``), which the first character of its pair absorbs in the offset map."""
    ranges = [(m.start(), m.end()) for m in _ARTIFACT.finditer(raw)]
    for m in re.finditer(r"[^\r\n]+", raw):
        body = m.group().strip(" \t")
        if _doubled(body):
            first = m.start() + m.group().index(body)
            ranges += [(first + k + 1, first + k + 2) for k in range(0, len(body), 2)]
    return sorted(ranges)


def normalize(raw: str) -> tuple[str, list[int]]:
    """Normalize ``raw`` and map every output character back to its raw position.

    Args:
        raw: text as extracted from the source.

    Returns:
        ``(text, raw_offsets)`` where ``raw_offsets[i]`` is the index in ``raw`` of
        the character that produced ``text[i]`` and ``raw_offsets[len(text)] ==
        len(raw)``; so ``raw[raw_offsets[a]:raw_offsets[b]]`` is the source of
        ``text[a:b]`` (removed characters are absorbed by the character before
        them, or by the first character when they lead the text).

    Example:
        >>> normalize("２０２０年(一)\\r\\n")
        ('2020年（一）\\n', [0, 1, 2, 3, 4, 5, 6, 7, 8, 10])
    """
    out: list[str] = []
    offsets: list[int] = []
    skips = _removed_ranges(raw)
    skip_i = 0
    n = len(raw)
    i = 0
    while i < n:
        if skip_i < len(skips) and i == skips[skip_i][0]:
            i = skips[skip_i][1]
            skip_i += 1
            continue
        ch = raw[i]
        if ch in _REMOVE:
            i += 1
            continue
        if ch == "\r":
            out.append("\n")
            offsets.append(i)
            i += 2 if i + 1 < n and raw[i + 1] == "\n" else 1
            continue
        if ch in _DIGIT_CONTEXT:
            between_digits = 0 < i < n - 1 and raw[i - 1] in _DIGITS and raw[i + 1] in _DIGITS
            out.append(chr(ord(ch) - 0xFEE0) if between_digits else ch)
        else:
            out.append(_map_char(ch) if ord(ch) > 0x7F or ch in "()" else ch)
        offsets.append(i)
        i += 1
    offsets.append(n)
    if out:
        offsets[0] = 0  # leading removed characters (a BOM) belong to the first character
    return "".join(out), offsets
