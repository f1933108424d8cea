"""Cell text → kind, value, unit (CONTRACT.md "Cells")."""

from __future__ import annotations

import pytest

from gdr_nlp.reconcile.units import parse_cell, to_wan_yuan


@pytest.mark.parametrize(
    ("raw", "kind", "value"),
    [
        ("0", "number", 0),
        (" 8 ", "number", 8),
        ("95", "number", 95),
        ("1,305", "number", 1305),
        ("1，305", "number", 1305),  # full-width comma left by a source that was not normalized
        ("１２", "number", 12),  # full-width digits
        ("+1", "number", 1),
        ("-2", "number", -2),
        ("－2", "number", -2),
        ("−3", "number", -3),
        ("1 2", "number", 12),  # a stray space inside one cell's number
        ("1\n2", "number", 12),
        ("3.5", "number", 3.5),
        ("12件", "number", 12),
        ("", "empty", None),
        ("   ", "empty", None),
        ("\t", "empty", None),
        ("/", "na", None),
        ("／", "na", None),
        ("-", "na", None),
        ("—", "na", None),
        ("——", "na", None),
        ("无", "na", None),
        ("不涉及", "na", None),
        ("见附件", "text", None),
        ("1.2万", "text", None),  # a rounded figure is not a count cell
        ("1,30", "text", None),
    ],
)
def test_kinds_and_values(raw: str, kind: str, value: float | None) -> None:
    parsed = parse_cell(raw)
    assert (parsed.kind, parsed.value) == (kind, value)


@pytest.mark.parametrize(
    ("raw", "value"),
    [("91.82万元", 91.82), ("918200元", 91.82), ("0.5亿元", 5000.0), ("91.82万", 91.82), ("９１．８２万元", 91.82)],
)
def test_money_in_wan_yuan(raw: str, value: float) -> None:
    parsed = parse_cell(raw, money=True)
    assert (parsed.kind, parsed.unit) == ("number", "万元")
    assert parsed.value == pytest.approx(value)


def test_money_without_unit_keeps_the_number() -> None:
    parsed = parse_cell("91.82", money=True)
    assert (parsed.value, parsed.unit) == (91.82, None)


def test_ocr_confusions_are_flagged() -> None:
    parsed = parse_cell("1O")
    assert (parsed.kind, parsed.value, parsed.ocr_fixed) == ("number", 10, True)


def test_header_unit_conversion() -> None:
    assert to_wan_yuan(918200, "元") == pytest.approx(91.82)
    assert to_wan_yuan(2, "亿元") == 20000
    assert to_wan_yuan(7545, "万元") == 7545


@pytest.mark.issue(9)
@pytest.mark.parametrize(("raw", "kind", "value"), [
    ("1 2", "number", 12),  # digits a typesetter spaced apart: one number
    ("1 0 5", "number", 105),
    ("12\n3", "number", 123),  # a number wrapped at a cell's line end
    ("13 13", "text", None),  # a merged cell's text repeated: never 1313
    ("11398889 11398889", "text", None),
    ("95 0", "text", None),  # two cells in one (markitdown): never 950
    ("22（其中修订16件）", "number", 22),  # a remark in parentheses: the number, remark kept in raw
    ("22\n（其中修订16件）", "number", 22),
    ("12（万元）", "number", 12),
])
def test_one_cell_is_one_number_never_two_glued(raw: str, kind: str, value: int | None) -> None:
    parsed = parse_cell(raw)
    assert (parsed.kind, parsed.value) == (kind, value)
