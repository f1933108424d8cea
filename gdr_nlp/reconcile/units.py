"""Table cell values: numbers, signs, placeholders, money units.

``parse_cell`` reads one cell's source text and says what it is; it never
guesses a value the text does not state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Placeholders meaning "not applicable / nothing" (CONTRACT.md kind "na").
NA_TOKENS = frozenset({"/", "／", "-", "—", "——", "–", "--", "无", "不涉及", "暂无", "\\", "×", "—/—"})

# OCR confusions inside an otherwise numeric token: O/o → 0, l/I → 1.
_OCR = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})
_NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")
_MONEY_UNITS = {"万元": 1.0, "元": 1e-4, "亿元": 1e4}
_COUNT_UNITS = ("件", "个", "项", "条", "次", "人次", "宗")


@dataclass(frozen=True)
class ParsedCell:
    kind: str  # number | empty | na | text
    value: float | int | None = None
    unit: str | None = None  # unit written in the cell itself, if any
    ocr_fixed: bool = False


def _number(text: str) -> float | int | None:
    m = _NUMBER.match(text)
    if not m:
        return None
    sign, digits, frac = m.groups()
    digits = digits.replace(",", "")
    if frac:
        value: float | int = float(digits + frac)
    else:
        value = int(digits)
    return -value if sign == "-" else value


def parse_cell(raw: str, *, money: bool = False) -> ParsedCell:
    """Kind and value of one table cell's text.

    Args:
        raw: the cell text (normalized: half-width digits).
        money: the column holds an amount in 万元; 元/亿元 are converted to 万元.
    """
    text = raw.strip()
    if not text:
        return ParsedCell("empty")
    if text in NA_TOKENS:
        return ParsedCell("na")
    compact = re.sub(r"\s+", "", text)  # a stray space or line break inside a number: "1 2" → 12
    unit = None
    for suffix in sorted([*_MONEY_UNITS, *_COUNT_UNITS], key=len, reverse=True):
        if compact.endswith(suffix) and len(compact) > len(suffix):
            unit, compact = suffix, compact[: -len(suffix)]
            break
    value = _number(compact)
    ocr = False
    if value is None and re.search(r"\d", compact):
        fixed = compact.translate(_OCR)
        value = _number(fixed)
        ocr = value is not None
    if value is None:
        return ParsedCell("text")
    if money and unit in _MONEY_UNITS:
        value = round(value * _MONEY_UNITS[unit], 6)
        unit = "万元"
    return ParsedCell("number", value, unit, ocr)


def looks_numeric(raw: str) -> bool:
    """Whether a token reads as a cell value (number, placeholder or blank) rather than label text."""
    return parse_cell(raw, money=True).kind != "text"
