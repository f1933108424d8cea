"""Table cell values: numbers, signs, placeholders, money units.

``parse_cell`` reads one cell's source text and says what it is; it never
guesses a value the text does not state. It accepts text that normalization
has not touched (full-width digits and signs, 1，305), since span layers may
come from elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Placeholders meaning "not applicable / nothing" (CONTRACT.md kind "na"), compared without spaces.
NA_TOKENS = frozenset({"/", "-", "—", "——", "–", "--", "---", "―", "无", "不涉及", "暂无", "\\", "×", "—/—", "N/A", "n/a",
                       "NA", "空"})

# Full-width and look-alike characters a number may still carry: digits, signs, separators.
_WIDE = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "．": ".", "，": ",", "＋": "+", "－": "-",
                       "−": "-", "﹣": "-", "／": "/", "＼": "\\", "％": "%", "﹒": "."})
# OCR confusions inside an otherwise numeric token: O/o → 0, l/I → 1.
_OCR = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})
# a number, then a remark in parentheses holding words (其中…, 含…), possibly across a line break
_REMARK = re.compile(r"(.+?)\s*[（(]([^（）()]*[\u4e00-\u9fff][^（）()]*)[）)]", re.DOTALL)
# a whitespace-separated group holding two digits or more (used to refuse gluing two numbers)
_TWO_DIGITS = re.compile(r"(?:^|(?<=\s))\S*\d\S*\d\S*(?=\s|$)")
_SPACED_DIGITS = re.compile(r"\d[ \t\u3000]+\d")
_NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")
# Money in 万元: the factor from each written unit.
MONEY_UNITS = {"万元": 1.0, "元": 1e-4, "亿元": 1e4, "万": 1.0}
_COUNT_UNITS = ("人次", "件", "个", "项", "条", "次", "宗", "份")
_UNITS = sorted([*MONEY_UNITS, *_COUNT_UNITS], key=len, reverse=True)


@dataclass(frozen=True)
class ParsedCell:
    """What one cell's text says: its kind, value and the unit written in it."""

    kind: str  # number | empty | na | text
    value: float | int | None = None
    unit: str | None = None  # the unit written in the cell itself (money converted to 万元)
    ocr_fixed: bool = False
    remark: bool = False  # a remark in parentheses followed the number ("22（其中修订16件）")


def _number(text: str) -> float | int | None:
    m = _NUMBER.match(text)
    if not m:
        return None
    sign, digits, frac = m.groups()
    digits = digits.replace(",", "")
    value: float | int = float(digits + frac) if frac else int(digits)
    return -value if sign == "-" else value


@lru_cache(maxsize=8192)  # pure, and called for every token of every layout reading
def parse_cell(raw: str, *, money: bool = False) -> ParsedCell:
    """Kind and value of one table cell's text.

    Args:
        raw: the cell text as found (normalized or not).
        money: the column holds an amount in 万元; a cell written in 元/亿元 is converted to 万元.

    Returns:
        The parse; ``value`` is None unless ``kind`` is ``number``.

    Example:
        >>> parse_cell("918200元", money=True)
        ParsedCell(kind='number', value=91.82, unit='万元', ocr_fixed=False)
    """
    text = raw.strip()
    if not text:
        return ParsedCell("empty")
    remark = _REMARK.fullmatch(text)
    if remark and not _REMARK.fullmatch(remark.group(1)):
        # "22（其中修订16件）": the cell's number and a remark in parentheses (issue 9 (d)); the
        # value is the number, the remark stays in the cell's raw text
        if compact_unit := "".join(remark.group(2).split()):
            if compact_unit in _UNITS:  # "12（万元）": the unit, not a remark
                return parse_cell(remark.group(1) + compact_unit, money=money)
        head = parse_cell(remark.group(1), money=money)
        if head.kind == "number":
            return ParsedCell("number", head.value, head.unit, head.ocr_fixed, remark=True)
    wide = text.translate(_WIDE)
    groups = _TWO_DIGITS.findall(wide)
    if len(groups) >= 2 or (groups and _SPACED_DIGITS.search(wide)):
        # two numbers are never one (issue 9): two groups of several digits ("13 13", "11398889
        # 11398889": a merged cell repeated) or digits run together with a space beside a longer
        # group ("95 0": two cells in one, as markitdown writes them). Read as one number: digits
        # a typesetter spaced apart ("1 2", "1 0 5") and a number wrapped at a line end ("12\n3")
        return ParsedCell("text")
    squeezed = re.sub(r"\s+", "", text.translate(_WIDE))  # a stray space or line break inside a number: "1 2" → 12
    if squeezed in NA_TOKENS or re.fullmatch(r"[-—–―/]+", squeezed):
        return ParsedCell("na")
    unit = None
    for suffix in _UNITS:
        if squeezed.endswith(suffix) and len(squeezed) > len(suffix):
            unit, squeezed = suffix, squeezed[: -len(suffix)]
            break
    value = _number(squeezed)
    ocr = False
    if value is None and re.search(r"\d", squeezed):
        value = _number(squeezed.translate(_OCR))
        ocr = value is not None
    if value is None:
        return ParsedCell("text")
    if unit == "万" and not money:
        return ParsedCell("text")  # "1.2万" in a count column is a rounded figure, not a cell value
    if money and unit in MONEY_UNITS:
        value = round(value * MONEY_UNITS[unit], 6)
        unit = "万元"
    return ParsedCell("number", value, unit, ocr)


def to_wan_yuan(value: float, unit: str) -> float | int:
    """An amount written in ``unit`` (万元/元/亿元/万), in 万元."""
    converted = round(value * MONEY_UNITS[unit], 6)
    return int(converted) if float(converted).is_integer() and isinstance(value, int) else converted


def looks_numeric(raw: str) -> bool:
    """Whether a token reads as a cell value (number, placeholder or blank) rather than label text."""
    return parse_cell(raw, money=True).kind != "text"
